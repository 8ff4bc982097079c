// SPDX-License-Identifier: MIT
/*
 * Boot of nvh_target (chip × release) reaches ready, in order; release
 * selection (nvcore.fw_release, or the newest installed release for the
 * chip) and the chips and releases nvcore refuses by design.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common.h"

START_TEST(target_boots)
{
	struct nvh h;
	struct nvcore_dev *nd = boot_ok(&h);
	const struct nvcore_boot_family *fam = nvcore_boot_family_of(nd);
	unsigned int i;

	ck_assert_str_eq(nd->chip.name, nvh_chip_name(nvh_target.chip));
	ck_assert_str_eq(nd->release->version, nvh_target.release);
	/* Every state of the chip's boot family was entered, in order. */
	for (i = 0; i + 1 < fam->num_steps; i++)
		ck_assert_msg(nd->core->boot.state_start[fam->steps[i].state] <=
			      nd->core->boot.state_start[fam->steps[i + 1].state],
			      "state %s after %s", nvcore_boot_state_name(fam->steps[i + 1].state),
			      nvcore_boot_state_name(fam->steps[i].state));
	ck_assert_msg(nd->core->boot.state_start[fam->steps[i].state] <=
		      nd->core->boot.state_start[NVCORE_BOOT_READY], "ready before the last state");
	/* The CPU sequencer (with CORE_RESUME) is part of the SEC2-booter boot only (nova gsp/hal). */
	if (fam == &nvcore_boot_ga102)
		ck_assert_int_gt(nd->core->boot.seq_runs, 0);
	else
		ck_assert_int_eq(nd->core->boot.seq_runs, 0);
	ck_assert_int_eq(gspm_fw_state(h.m), GSPM_FW_RUNNING);
	ck_assert_msg(nd->core->boot.sinfo.gpu_name[0], "static info has no GPU name");
	ck_assert_uint_gt(nd->core->boot.sinfo.fb_length, 1ull << 30);
	stop_clean(&h);
}
END_TEST

/*
 * The value of @name in NVIDIA's nv_arch.h, as transcribed in the model's
 * hwref/common.tsv (an independent source: neither driver nor model code).
 * For GPU_ARCHITECTURE_<X> = GPU_ARCHITECTURE(_CLASSIC, 0x0170) the arch
 * number (0x0170); for GPU_IMPLEMENTATION_<X> the number.
 */
static u32 nv_arch_value(const char *name)
{
	char line[512], want[96];
	FILE *f = fopen(NVCORE_SOURCE_DIR "/emu/gsp-model/hwref/common.tsv", "r");
	u32 val = ~0u;

	ck_assert_msg(f, "cannot open hwref/common.tsv");
	snprintf(want, sizeof(want), "%s\t", name);
	while (fgets(line, sizeof(line), f)) {
		const char *v = line + strlen(want);

		if (strncmp(line, want, strlen(want)))
			continue;
		if (!strncmp(v, "GPU_ARCHITECTURE(_CLASSIC,", 26))
			v += 26;
		val = (u32)strtoul(v, NULL, 0);
		break;
	}
	fclose(f);
	ck_assert_msg(val != ~0u, "%s not in hwref/common.tsv", name);
	return val;
}

/* BOOT_42 CHIP_ID of a die: nv_arch.h architecture << 4 | implementation. */
static u32 expected_chip_id(const char *die)
{
	static const struct { const char *prefix, *arch; } archs[] = {
		{ "ga", "AMPERE" }, { "ad", "ADA" }, { "gh", "HOPPER" },
	};
	char name[64], up[16];
	unsigned int i;
	u32 arch = ~0u;

	for (i = 0; die[i] && i + 1 < sizeof(up); i++)
		up[i] = (char)toupper((unsigned char)die[i]);
	up[i] = 0;
	for (i = 0; i < ARRAY_SIZE(archs); i++)
		if (!strncmp(die, archs[i].prefix, 2)) {
			snprintf(name, sizeof(name), "GPU_ARCHITECTURE_%s", archs[i].arch);
			arch = nv_arch_value(name);
		}
	ck_assert_msg(arch != ~0u, "no architecture for %s", die);
	snprintf(name, sizeof(name), "GPU_IMPLEMENTATION_%s", up);
	return arch | nv_arch_value(name);
}

/*
 * The driver identified the die by BOOT_42 as NVIDIA's headers number it
 * (target_boots checks it then loaded the die's nvidia/<die>/gsp/ files).
 */
START_TEST(target_identified)
{
	struct nvh h;
	struct nvcore_dev *nd = boot_ok(&h);

	ck_assert_uint_eq(nd->chip.id, expected_chip_id(nvh_chip_name(nvh_target.chip)));
	stop_clean(&h);
}
END_TEST

/* The newest release that lists the target chip. */
static const char *newest_for_chip(void)
{
	unsigned int i;

	for (i = 0; i < nvcore_fw_num_releases; i++)
		if (nvcore_fw_release_supports(nvcore_fw_releases[i], nvh_chip_name(nvh_target.chip)))
			return nvcore_fw_releases[i]->version;
	ck_abort_msg("no release supports %s", nvh_chip_name(nvh_target.chip));
	return NULL;
}

static void param_unset(struct nvh *h)
{
	ck_assert_int_eq(kshim_set_param("nvcore", "fw_release", ""), 0);
}

/* No fw_release: the newest release whose files are installed is booted. */
START_TEST(selects_newest_installed)
{
	struct nvh h;
	struct nvh_opts o = nvh_defaults();
	struct nvcore_dev *nd;

	o.fw_release = newest_for_chip();
	o.before_probe = param_unset;
	nvh_start(&h, &o);
	ck_assert_int_eq(h.probe_ret, 0);
	nd = nvh_dev(&h);
	ck_assert_str_eq(nd->release->version, o.fw_release);
	ck_assert_int_eq(nd->core->boot.state, NVCORE_BOOT_READY);
	stop_clean(&h);
}
END_TEST

static char empty_dir[64];

static void no_files(struct nvh *h)
{
	param_unset(h);
	kshim_set_firmware_dir(empty_dir);
}

START_TEST(no_firmware_installed)
{
	struct nvh h;
	struct nvh_opts o = nvh_defaults();
	char want[128];

	strcpy(empty_dir, "/tmp/nvcore-nofw-XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(empty_dir));
	o.before_probe = no_files;
	nvh_start(&h, &o);
	rmdir(empty_dir);
	ck_assert_int_eq(h.probe_ret, -ENOENT);
	snprintf(want, sizeof(want), "no GSP-RM firmware for %s installed",
		 nvh_chip_name(nvh_target.chip));
	ck_assert_msg(kshim_log_contains(want), "log lacks \"%s\"", want);
	stop_clean(&h);
}
END_TEST

static void unknown_release(struct nvh *h)
{
	ck_assert_int_eq(kshim_set_param("nvcore", "fw_release", "999.1"), 0);
}

START_TEST(unknown_release_refused)
{
	struct nvh h;

	start_failing(&h, unknown_release, -EINVAL, "fw_release=999.1 is not a release nvcore supports");
	ck_assert(kshim_log_contains("535.113.01"));
	stop_clean(&h);
}
END_TEST

/* Same seed, same run: the RPC history and log are identical byte for byte. */
static size_t run_log(char *buf, size_t len)
{
	struct nvh h;
	struct nvcore_dev *nd = boot_ok(&h);
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
	size_t na, nb;

	if (kshim_threaded())
		return;		/* tasks on threads: the OS interleaves them, not the seed */
	na = run_log(a, sizeof(a));
	nb = run_log(b, sizeof(b));

	ck_assert_uint_eq(na, nb);
	ck_assert_msg(!memcmp(a, b, na), "two runs with one seed differ");
	ck_assert(strstr(a, "GSP RPC history"));
}
END_TEST

/*
 * HWCFG2.RESET_READY never sets, as the hardware sometimes does (OGKM
 * kflcnPreResetWait_GA102): the driver's wait for it before the reset times
 * out without failing and the boot goes on (docs/hw-fidelity.md).
 */
START_TEST(boots_with_reset_ready_stuck)
{
	struct nvh h;
	struct nvh_opts o = nvh_defaults();

	o.falcon_reset_ready_stuck = true;
	boot_ok_with(&h, &o);
	ck_assert_int_eq(gspm_fw_state(h.m), GSPM_FW_RUNNING);
	stop_clean(&h);
}
END_TEST

/*
 * After a reset into the falcon core the driver writes NV_PMC_BOOT_0 (BAR0 0)
 * into FALCON_RM, falcon +0x084 (nova-core falcon.rs reset, OGKM
 * kflcnReset_TU102).  SEC2 (window 0x840000) was last reset for booter-load;
 * GH100 boots through the FSP and never resets SEC2.
 */
START_TEST(sec2_falcon_rm_is_boot0)
{
	struct nvh h;

	boot_ok(&h);
	if (nvh_target.chip != GSPM_CHIP_GH100)
		ck_assert_uint_eq(gspm_mmio_read32(h.m, 0x840000 + 0x084),
				  gspm_mmio_read32(h.m, 0x0));
	stop_clean(&h);
}
END_TEST

Suite *boot_suite(void)
{
	return suite_of("boot", "boot", 120, (const TTest *[]){
		target_boots, target_identified, selects_newest_installed, no_firmware_installed,
		unknown_release_refused, same_seed_same_history, boots_with_reset_ready_stuck,
		sec2_falcon_rm_is_boot0, NULL });
}

/*
 * For a combination nvcore refuses by design (GH100 with 535.113.01, as
 * nouveau): the GPU is modelled with a release the chip does boot, the
 * driver is told to use nvh_target's release, and must refuse it.
 */
static void force_target_release(struct nvh *h)
{
	ck_assert_int_eq(kshim_set_param("nvcore", "fw_release", nvh_target.release), 0);
}

START_TEST(combination_refused)
{
	struct nvh h;
	struct nvh_opts o = nvh_defaults();
	char want[128];

	ck_assert_msg(nvcore_fw_release_find(nvh_target.release), "unknown release %s",
		      nvh_target.release);
	ck_assert_msg(!nvcore_fw_release_supports(nvcore_fw_release_find(nvh_target.release),
						  nvh_chip_name(nvh_target.chip)),
		      "%s × %s is supported; it is not a refused combination",
		      nvh_chip_name(nvh_target.chip), nvh_target.release);
	o.fw_release = newest_for_chip();
	o.before_probe = force_target_release;
	nvh_start(&h, &o);
	ck_assert_int_eq(h.probe_ret, -ENODEV);
	snprintf(want, sizeof(want), "%s cannot boot GSP-RM %s", nvh_chip_name(nvh_target.chip),
		 nvh_target.release);
	ck_assert_msg(kshim_log_contains(want), "log lacks \"%s\"", want);
	ck_assert_int_eq(gspm_fw_state(h.m), GSPM_FW_OFF);
	stop_clean(&h);
}
END_TEST

Suite *refused_suite(void)
{
	return suite_of("refused", "refused", 0, (const TTest *[]){ combination_refused, NULL });
}
