// SPDX-License-Identifier: MIT
/*
 * Field bugs (traces/field/, shared/field/): what users' GPUs did when
 * they failed, reproduced against the model with its fault hooks, and what
 * the driver must do then.  Each test names its trace; chip and release are
 * the trace's (the mapping is in traces/README.md), not the matrix's.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"

static struct nvcore_dev *boot_as(struct nvh *h, enum gspm_chip chip, const char *rel,
				  void (*before)(struct nvh *))
{
	struct nvh_opts o = nvh_defaults();

	o.chip = chip;
	o.fw_release = rel;
	o.before_probe = before;
	nvh_start(h, &o);
	return h->probe_ret ? NULL : nvh_dev(h);
}

static int rm_alloc(struct nvcore_dev *nd, u32 parent, u32 obj, u32 cls, u32 params_size)
{
	void *p = calloc(1, params_size ? params_size : 1);
	int ret = nvcore_rm_alloc_raw(nd, nd->core->boot.sinfo.h_internal_client, parent, obj, cls, p,
				      params_size, NULL);

	free(p);
	return ret;
}

static int rm_control(struct nvcore_dev *nd, u32 cmd, u32 params_size, u32 *status)
{
	void *p = calloc(1, params_size ? params_size : 1);
	int ret = nvcore_rm_control_raw(nd, nd->core->boot.sinfo.h_internal_client,
					nd->core->boot.sinfo.h_internal_subdevice, cmd, p, params_size,
					status);

	free(p);
	return ret;
}

/*
 * dcgm144-a40-profiler: a profiler object (class 0x90cc) is allocated, its
 * first control (0x90cc0301, 12 bytes) is never answered; the GPU stays
 * wedged, so the next calls (control 0x2080a097, FREE 0xc0000005) time out too.
 */
START_TEST(dcgm144_control_never_answered)
{
	struct nvh h;
	struct nvcore_dev *nd = boot_as(&h, GSPM_CHIP_GA102, "535.113.01", NULL);
	u64 t0;

	ck_assert_ptr_nonnull(nd);
	/* Entries -7..-1 were answered; the model's answer (object status) does not matter. */
	rm_alloc(nd, nd->core->boot.sinfo.h_internal_client, 0xc0000001, 0x0080, 0x38);
	rm_alloc(nd, 0xc0000001, 0xc0000002, 0x2080, 0x4);
	rm_control(nd, 0x20800a4c, 4, NULL);
	rm_alloc(nd, 0xc0000002, 0xc0000003, 0x90cc, 0);
	kshim_log_clear();

	gspm_inject(h.m, GSPM_FAULT_DROP_REPLY, UINT32_MAX, 0, 1000);
	t0 = kshim_now_ns();
	ck_assert_int_eq(rm_control(nd, 0x90cc0301, 0xc, NULL), -ETIMEDOUT);
	ck_assert_uint_ge(kshim_now_ns() - t0,
			  (nvcore_timeout_ms(nd, NVCORE_TIMEOUT_RPC) - 4) * 1000000ull);
	ck_assert(kshim_log_contains("GSP RPC GSP_RM_CONTROL (data0 0x90cc0301) timed out after 6000 ms"));
	ck_assert(kshim_log_contains("GSP RPC history (RPC timeout)"));
	ck_assert(kshim_log_contains("GSP_RM_ALLOC"));
	ck_assert(kshim_log_contains("0x000090cc"));
	ck_assert(kshim_log_contains("pending"));

	/*
	 * The report's follow-ups (control 0x2080a097, FREE 0xc0000005) each
	 * waited another full timeout on the real driver, which then kept
	 * going for as long as clients called.  Here the next control fences
	 * first; the fence is not answered either, so the firmware is declared
	 * lost: every later call fails at once, but a FREE succeeds.
	 */
	t0 = kshim_now_ns();
	ck_assert_int_eq(rm_control(nd, 0x2080a097, 0x490, NULL), -ENODEV);
	ck_assert(kshim_log_contains("fencing with GET_GSP_STATIC_INFO first"));
	ck_assert(kshim_log_contains("GSP answered neither GSP_RM_CONTROL nor the GET_GSP_STATIC_INFO fence: firmware lost"));
	ck_assert_uint_le(kshim_now_ns() - t0,
			  (nvcore_timeout_ms(nd, NVCORE_TIMEOUT_RPC) + 4) * 1000000ull);
	t0 = kshim_now_ns();
	ck_assert_int_eq(nvcore_rm_free_raw(nd, nd->core->boot.sinfo.h_internal_client, 0, 0xc0000005,
					    NULL), 0);
	ck_assert_uint_eq(kshim_now_ns() - t0, 0);
	ck_assert_uint_eq(nd->core->rpc.stats[NV_VGPU_MSG_FUNCTION_GSP_RM_CONTROL].timeouts, 1);
	ck_assert_uint_eq(nd->core->rpc.stats[NV_VGPU_MSG_FUNCTION_GET_GSP_STATIC_INFO].timeouts, 1);
	nvh_remove(&h);
	stop_clean(&h);
}
END_TEST

/* dcgm144-profiler-status: the same call answered with a failure instead. */
START_TEST(dcgm144_control_fails_in_firmware)
{
	struct nvh h;
	struct nvcore_dev *nd = boot_as(&h, GSPM_CHIP_GA102, "535.113.01", NULL);
	u32 status = 0;

	ck_assert_ptr_nonnull(nd);
	kshim_log_clear();
	gspm_inject(h.m, GSPM_FAULT_RPC_STATUS, NV_VGPU_MSG_FUNCTION_GSP_RM_CONTROL,
		    NV_ERR_NOT_SUPPORTED, 1);
	ck_assert_int_eq(rm_control(nd, 0x90cc0301, 0xc, &status), -EREMOTEIO);
	ck_assert_uint_eq(status, NV_ERR_NOT_SUPPORTED);
	/* A failure is an answer: no timeout, no history dump, the next call works. */
	ck_assert(!kshim_log_contains("timed out"));
	ck_assert(!kshim_log_contains("GSP RPC history"));
	ck_assert_int_eq(nvh_echo(nd, 64, 1), 0);
	ck_assert_uint_eq(nd->core->rpc.stats[NV_VGPU_MSG_FUNCTION_GSP_RM_CONTROL].timeouts, 0);
	stop_clean(&h);
}
END_TEST

/*
 * ogkm1230-heartbeat-lost: GSP-RM stops during its own initialisation,
 * after the two pre-boot RPCs.  570.144 gives the host no heartbeat to watch
 * (traces/README.md), so what the driver sees is silence: INIT_DONE never
 * comes, and the probe fails with the history of what was sent.
 */
static void die_before_init_done(struct nvh *h)
{
	/* GSP_INIT_DONE is 0x1001 in every release (protocol.md §2.3). */
	gspm_inject(h->m, GSPM_FAULT_DIE, 0x1001, 0, 1);
}

START_TEST(ogkm1230_firmware_silent_during_init)
{
	struct nvh h;

	ck_assert_ptr_null(boot_as(&h, GSPM_CHIP_GH100, "570.144", die_before_init_done));
	ck_assert_int_eq(h.probe_ret, -ETIMEDOUT);
	ck_assert(kshim_log_contains("GSP_INIT_DONE did not arrive in 10000 ms"));
	ck_assert(kshim_log_contains("GSP RPC history (waiting for GSP_INIT_DONE)"));
	ck_assert(kshim_log_contains("GSP_SET_SYSTEM_INFO"));
	ck_assert(kshim_log_contains("SET_REGISTRY"));
	ck_assert(kshim_log_contains("GSP boot failed in state init-done"));
	ck_assert_uint_eq(kshim_bytes_allocated(), 0);
	stop_clean(&h);
}
END_TEST

/*
 * ogkm1230-wpr2-up: after the failed load the GPU was not reset; every
 * reload finds WPR2 still up and must refuse at once, asking for a reset,
 * without touching the falcons.
 */
START_TEST(ogkm1230_reload_finds_wpr2_up)
{
	struct nvh h;
	struct nvcore_dev *nd = boot_as(&h, GSPM_CHIP_GH100, "570.144", NULL);
	unsigned int i;

	ck_assert_ptr_nonnull(nd);
	/* The firmware dies; unload cannot lower WPR2. */
	gspm_inject(h.m, GSPM_FAULT_DIE, NV_VGPU_MSG_FUNCTION_NOP, 0, 1);
	ck_assert_int_eq(rpc_nop(nd), -ETIMEDOUT);
	nvh_remove(&h);
	ck_assert_uint_ne(gspm_mmio_read32(h.m, NV_PFB_PRI_MMU_WPR2_ADDR_HI), 0);

	/* The report shows a dozen reloads, each refused the same way. */
	for (i = 0; i < 3; i++) {
		kshim_log_clear();
		ck_assert_int_eq(nvh_replug(&h), -EBUSY);
		ck_assert(kshim_log_contains("WPR2 is already up"));
		ck_assert(kshim_log_contains("the GPU needs a reset"));
		ck_assert(!kshim_log_contains("boot: fsp-cot"));
		nvh_remove(&h);
	}
	ck_assert_uint_eq(kshim_bytes_allocated(), 0);
	stop_clean(&h);
}
END_TEST

/*
 * ogkm446-a30-gsp-dead: GSP stops answering; nvidia-smi's start-up issues
 * call after call and each waits out the timeout.  The driver must fail
 * every one in bounded time, in order, with the history each time.
 */
START_TEST(ogkm446_every_call_times_out)
{
	static const struct { u32 fn, d0, d1; } seq[] = {
		{ NV_VGPU_MSG_FUNCTION_FREE, 0xa55a00a0, 0 },
		{ NV_VGPU_MSG_FUNCTION_GSP_RM_CONTROL, 0x20801348, 0x410 },
		{ NV_VGPU_MSG_FUNCTION_GSP_RM_ALLOC, 0x0, 0x6c },
		{ NV_VGPU_MSG_FUNCTION_GSP_RM_ALLOC, 0x80, 0x38 },
		{ NV_VGPU_MSG_FUNCTION_GSP_RM_ALLOC, 0x2080, 0x4 },
		{ NV_VGPU_MSG_FUNCTION_GSP_RM_CONTROL, 0x20800110, 0x84 },
		{ NV_VGPU_MSG_FUNCTION_GSP_RM_CONTROL, 0x2080014b, 0x5 },
		{ NV_VGPU_MSG_FUNCTION_FREE, 0xa55a0020, 0 },
	};
	/* What each call costs: the first of each function waits out the
	 * timeout; the first repeat fences, the fence is not answered either,
	 * and from then on the firmware is lost: calls fail at once, FREE
	 * succeeds (nothing the firmware held is left). */
	static const int want_ret[] = { -ETIMEDOUT, -ETIMEDOUT, -ETIMEDOUT, -ENODEV,
					-ENODEV, -ENODEV, -ENODEV, 0 };
	struct nvh h;
	struct nvcore_dev *nd = boot_as(&h, GSPM_CHIP_GA100, "535.113.01", NULL);
	u64 t0, total = 0, limit;
	char want[96];
	unsigned int i;

	ck_assert_ptr_nonnull(nd);
	limit = (nvcore_timeout_ms(nd, NVCORE_TIMEOUT_RPC) + 4) * 1000000ull;
	gspm_inject(h.m, GSPM_FAULT_DROP_REPLY, UINT32_MAX, 0, 1000);
	for (i = 0; i < ARRAY_SIZE(seq); i++) {
		int ret;

		kshim_log_clear();
		t0 = kshim_now_ns();
		if (seq[i].fn == NV_VGPU_MSG_FUNCTION_FREE)
			ret = nvcore_rm_free_raw(nd, nd->core->boot.sinfo.h_internal_client, 0, seq[i].d0,
						 NULL);
		else if (seq[i].fn == NV_VGPU_MSG_FUNCTION_GSP_RM_ALLOC)
			ret = rm_alloc(nd, nd->core->boot.sinfo.h_internal_client, 0xa55a0020 + i,
				       seq[i].d0, seq[i].d1);
		else
			ret = rm_control(nd, seq[i].d0, seq[i].d1, NULL);
		ck_assert_msg(ret == want_ret[i], "call %u: %d, expected %d", i, ret, want_ret[i]);
		ck_assert_uint_le(kshim_now_ns() - t0, limit);
		total += kshim_now_ns() - t0;
		if (ret == -ETIMEDOUT) {
			snprintf(want, sizeof(want), "(data0 0x%x) timed out after 6000 ms", seq[i].d0);
			ck_assert_msg(kshim_log_contains(want), "no \"%s\"", want);
			ck_assert(kshim_log_contains("GSP RPC history (RPC timeout)"));
		}
		if (i == 3)
			ck_assert(kshim_log_contains("firmware lost, failing all calls"));
	}
	/* Four timeouts in all (three calls + one fence), not one per call. */
	ck_assert_uint_le(total, 4 * limit);
	ck_assert_uint_ge(total, 4 * (limit - 8000000ull));
	nvh_remove(&h);
	ck_assert(kshim_log_contains("the GPU needs a reset"));
	stop_clean(&h);
}
END_TEST

/* ogkm1230-version-mismatch: GET_FEATURES names another build. */
static void other_version(struct nvh *h)
{
	gspm_inject(h->m, GSPM_FAULT_FEATURES_VERSION, NV_VGPU_MSG_FUNCTION_GSP_RM_CONTROL, 0, 1);
}

START_TEST(version_mismatch_names_both)
{
	struct nvh h;

	ck_assert_ptr_null(boot_as(&h, GSPM_CHIP_GA102, "535.113.01", other_version));
	ck_assert_int_eq(h.probe_ret, -EPROTO);
	ck_assert(kshim_log_contains("firmware reports version \"9.9.9-gspm\", but the core booted it as release 535.113.01"));
	ck_assert_uint_eq(kshim_bytes_allocated(), 0);
	stop_clean(&h);
}
END_TEST

Suite *field_suite(void)
{
	return suite_of("field", "field", 0, (const TTest *[]){
		dcgm144_control_never_answered, dcgm144_control_fails_in_firmware,
		ogkm1230_firmware_silent_during_init, ogkm1230_reload_finds_wpr2_up,
		ogkm446_every_call_times_out, version_mismatch_names_both, NULL });
}
