// SPDX-License-Identifier: MIT
/*
 * GH100 boots through the FSP chain of trust (protocol.md §3.6, docs/hw-fidelity.md
 * "GH100"): the happy path with no protocol violation, then each way the FSP
 * or GSP-FMC can refuse, which must fail the probe with a message naming the
 * boot state and the value seen, and leave nothing allocated.
 */
#include <stdio.h>

#include "common.h"

START_TEST(gh100_boots_and_unloads)
{
	struct nvh h;
	struct nvcore_dev *nd = boot_ok(&h);
	const struct nvcore_boot_family *fam = nvcore_boot_family_of(nd);
	static const enum nvcore_boot_state want[] = {
		NVCORE_BOOT_FSP_SECURE_BOOT, NVCORE_BOOT_PREPARE, NVCORE_BOOT_FSP_COT,
		NVCORE_BOOT_GSP_LOCKDOWN, NVCORE_BOOT_RISCV_START, NVCORE_BOOT_QUEUE_LINK,
		NVCORE_BOOT_INIT_DONE, NVCORE_BOOT_STATIC_INFO,
	};
	unsigned int i;

	ck_assert_str_eq(nd->chip.name, "gh100");
	ck_assert(nd->chip.fsp_boot);
	ck_assert_str_eq(nd->release->version, nvh_target.release);
	/* The FSP states, in order, and no GA10x state entered. */
	ck_assert_uint_eq(fam->num_steps, sizeof(want) / sizeof(want[0]));
	for (i = 0; i < fam->num_steps; i++)
		ck_assert_int_eq(fam->steps[i].state, want[i]);
	for (i = 0; i + 1 < fam->num_steps; i++)
		ck_assert(nd->core->boot.state_start[want[i]] <= nd->core->boot.state_start[want[i + 1]]);
	ck_assert_int_eq(nd->core->boot.state_start[NVCORE_BOOT_FRTS], 0);
	ck_assert_int_eq(nd->core->boot.state_start[NVCORE_BOOT_BOOTER_LOAD], 0);
	ck_assert(kshim_log_contains("H100"));
	ck_assert_uint_eq(gspm_violation_count(h.m), 0);
	ck_assert_int_eq(gspm_fw_state(h.m), GSPM_FW_RUNNING);
	/* GSP-FMC laid WPR2 out and wrote it back into the WPR meta. */
	ck_assert_uint_ne(gspm_mmio_read32(h.m, NV_PFB_PRI_MMU_WPR2_ADDR_HI), 0);
	ck_assert_uint_eq(((const u64 *)nd->core->boot.wpr_meta.cpu)[0xf8 / 8],
			  0xa0a0a0a0a0a0a0a0ull);
	ck_assert_int_eq(nvh_echo(nd, 100000, 3), 0);

	remove_unloads(&h);
	ck_assert(!kshim_log_contains("did not complete"));
	stop_clean(&h);
}
END_TEST

static void fsp_error(struct nvh *h)
{
	gspm_inject(h->m, GSPM_FAULT_FSP_ERROR, 0, 0x1234, 1);
}

static void fmc_error(struct nvh *h)
{
	gspm_inject(h->m, GSPM_FAULT_FMC_ERROR, 0, 0xdead0042, 1);
}

static void lockdown_stuck(struct nvh *h)
{
	gspm_inject(h->m, GSPM_FAULT_LOCKDOWN_STUCK, 0, 0, 1);
}

static void probe_fails(void (*inject)(struct nvh *h), int want_ret, const char *state_msg,
			const char *value_msg)
{
	struct nvh h;

	start_failing(&h, inject, want_ret, state_msg);
	ck_assert_msg(kshim_log_contains(value_msg), "log lacks \"%s\"", value_msg);
	ck_assert_int_ne(gspm_fw_state(h.m), GSPM_FW_RUNNING);
	ck_assert_uint_eq(kshim_bytes_allocated(), 0);
	/* Injected firmware faults are not driver protocol violations. */
	stop_clean(&h);
}

START_TEST(fsp_rejects_cot)
{
	probe_fails(fsp_error, -EIO, "GSP boot failed in state fsp-cot",
		    "FSP rejected the GSP-FMC chain of trust: errorCode 0x1234");
}
END_TEST

START_TEST(gsp_fmc_error)
{
	probe_fails(fmc_error, -EIO, "GSP boot failed in state gsp-lockdown",
		    "GSP-FMC reported an error: MAILBOX0 0xdead0042");
}
END_TEST

START_TEST(lockdown_never_released)
{
	probe_fails(lockdown_stuck, -ETIMEDOUT, "GSP boot failed in state gsp-lockdown",
		    "GSP lockdown was not released in 4000 ms (MAILBOX0 0x");
}
END_TEST

Suite *gh100_suite(void)
{
	return suite_of("gh100", "fsp", 120, (const TTest *[]){
		gh100_boots_and_unloads, fsp_rejects_cot, gsp_fmc_error, lockdown_never_released, NULL });
}
