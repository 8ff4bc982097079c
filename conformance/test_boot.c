// SPDX-License-Identifier: MIT
/* Boot reaches ready with the real linux-firmware files, in order. */
#include <stdio.h>
#include <stdlib.h>

#include "common.h"

static void boot_chip(enum gspm_chip chip, const char *name)
{
	struct nvh h;
	struct nvcore_dev *nd = boot_ok(&h, chip);
	const struct nvcore_boot_family *fam = nvcore_boot_family_of(nd);
	unsigned int i;

	ck_assert_str_eq(nd->chip.name, name);
	/* Every state of the chip's family was entered, in order. */
	for (i = 0; i + 1 < fam->num_steps; i++)
		ck_assert_msg(nd->core->state_start[fam->steps[i].state] <=
			      nd->core->state_start[fam->steps[i + 1].state],
			      "state %s after %s", nvcore_boot_state_name(fam->steps[i + 1].state),
			      nvcore_boot_state_name(fam->steps[i].state));
	ck_assert_msg(nd->core->state_start[fam->steps[i].state] <=
		      nd->core->state_start[NVCORE_BOOT_READY], "ready before the last state");
	ck_assert_int_gt(nd->core->seq_runs, 0);
	ck_assert_int_eq(gspm_fw_state(h.m), GSPM_FW_RUNNING);
	ck_assert_msg(nd->core->sinfo.gpu_name[0], "static info has no GPU name");
	ck_assert_uint_gt(nd->core->sinfo.fb_length, 1ull << 30);
	stop_clean(&h);
}

START_TEST(ga102_boots)
{
	boot_chip(GSPM_CHIP_GA102, "ga102");
}
END_TEST

START_TEST(ad102_boots)
{
	boot_chip(GSPM_CHIP_AD102, "ad102");
}
END_TEST

START_TEST(ga100_refused)
{
	struct nvh h;
	struct nvh_opts o = nvh_defaults(GSPM_CHIP_GA100);

	nvh_start(&h, &o);
	ck_assert_int_eq(h.probe_ret, -ENODEV);
	ck_assert(kshim_log_contains("TU10x"));
	stop_clean(&h);
}
END_TEST

/* Same seed, same run: the RPC history and log are identical byte for byte. */
static size_t run_log(char *buf, size_t len)
{
	struct nvh h;
	struct nvcore_dev *nd = boot_ok(&h, GSPM_CHIP_GA102);
	size_t n;

	ck_assert_int_eq(nvh_echo(nd, 100000, 3), 0);
	nvcore_rpc_dump_history(nd, "determinism check");
	n = kshim_log_copy(buf, len);
	stop_clean(&h);
	return n;
}

START_TEST(same_seed_same_history)
{
	static char a[1 << 20], b[1 << 20];
	size_t na = run_log(a, sizeof(a)), nb = run_log(b, sizeof(b));

	ck_assert_uint_eq(na, nb);
	ck_assert_msg(!memcmp(a, b, na), "two runs with one seed differ");
	ck_assert(strstr(a, "GSP RPC history"));
}
END_TEST

Suite *boot_suite(void)
{
	Suite *s = suite_create("boot");
	TCase *tc = tcase_create("boot");

	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, ga102_boots);
	tcase_add_test(tc, ad102_boots);
	tcase_add_test(tc, ga100_refused);
	tcase_add_test(tc, same_seed_same_history);
	suite_add_tcase(s, tc);
	return s;
}
