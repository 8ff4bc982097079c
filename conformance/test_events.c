// SPDX-License-Identifier: MIT
/*
 * Events: dispatched to the attached client that owns them, logged when
 * only informational, and never confused with replies, also with several
 * concurrent submitters.
 */
#include "common.h"

START_TEST(every_event_dispatched_or_logged)
{
	struct nvh h;
	struct nvcore_dev *nd = boot_with_client(&h, NULL);
	const struct nvcore_fw_release *r = nd->release;
	u8 payload[512] = { 0 };
	unsigned int i, expect[NVCORE_EVENT_COUNT] = { 0 };

	ck_assert_int_eq(nvh_tc.attach_ret, 0);
	for (i = 0; i < r->num_events; i++) {
		int kind = r->events[i].kind;

		/* INIT_DONE and the sequencer belong to boot; the rest can come any time. */
		if (kind == NVCORE_CORE_EVENT_INIT_DONE || kind == NVCORE_CORE_EVENT_RUN_CPU_SEQUENCER)
			continue;
		if (kind < NVCORE_EVENT_COUNT)
			expect[kind]++;
		ck_assert_int_eq(gspm_queue_event(h.m, kshim_now_ns() + 1000 * i, r->events[i].raw,
						  payload, sizeof(payload)), 0);
	}
	/* An event number no release defines is logged as unknown. */
	ck_assert_int_eq(gspm_queue_event(h.m, kshim_now_ns() + 100000, 0x1fff, payload, 16), 0);
	kshim_run_for(10000000);
	for (i = 0; i < NVCORE_EVENT_COUNT; i++)
		ck_assert_msg(nvh_tc.count[i] == expect[i], "event type %u: %u delivered, %u expected",
			      i, nvh_tc.count[i], expect[i]);
	ck_assert(kshim_log_contains("unknown event 0x1fff"));
	stop_with_client(&h);
}
END_TEST

START_TEST(post_event_goes_to_its_owner_only)
{
	struct nvh h;
	struct nvcore_dev *nd = boot_with_client(&h, NULL);
	struct rpc_post_event_v17_00 pe = { .hClient = 0xc1d0ffff };
	u32 raw = nvh_event_raw(nd->release, NVCORE_EVENT_POST_EVENT);

	ck_assert_uint_ne(raw, 0);
	ck_assert_int_eq(gspm_queue_event(h.m, kshim_now_ns() + 1000, raw, &pe, sizeof(pe)), 0);
	pe.hClient = nvcore_client_handle(nvh_tc.client);
	ck_assert_int_eq(gspm_queue_event(h.m, kshim_now_ns() + 2000, raw, &pe, sizeof(pe)), 0);
	kshim_run_for(1000000);
	ck_assert_uint_eq(nvh_tc.count[NVCORE_EVENT_POST_EVENT], 1);
	ck_assert_uint_eq(nvh_tc.last_h_client[NVCORE_EVENT_POST_EVENT], pe.hClient);
	ck_assert(kshim_log_contains("has no attached owner"));
	stop_with_client(&h);
}
END_TEST

struct sub {
	struct nvcore_dev *nd;
	unsigned int salt;
};

static int echo_task(void *arg)
{
	struct sub *s = arg;
	unsigned int i;

	for (i = 0; i < 25; i++)
		if (nvh_echo(s->nd, 200 + 997 * ((s->salt + i) % 40), s->salt * 31 + i))
			return -1;
	return 0;
}

START_TEST(concurrent_submitters_get_their_own_replies)
{
	struct nvh h;
	struct nvcore_dev *nd = boot_with_client(&h, NULL);
	struct kshim_task *t[5];
	struct sub s[5];
	u8 payload[64] = { 0 };	/* an rpc_rc_triggered_v17_02 of any release fits */
	u32 raw = nvh_event_raw(nd->release, NVCORE_EVENT_RC_TRIGGERED);
	unsigned int i;

	/* Events keep arriving while five tasks talk to GSP at once. */
	ck_assert_uint_ne(raw, 0);
	for (i = 0; i < 200; i++)
		gspm_queue_event(h.m, kshim_now_ns() + 20000 * i, raw, payload, sizeof(payload));
	for (i = 0; i < 5; i++) {
		s[i] = (struct sub){ nd, i + 1 };
		t[i] = kshim_task_start("echo", echo_task, &s[i]);
	}
	for (i = 0; i < 5; i++)
		ck_assert_int_eq(kshim_task_join(t[i]), 0);
	kshim_run_for(10000000);
	ck_assert_uint_eq(nvh_tc.count[NVCORE_EVENT_RC_TRIGGERED], 200);
	stop_with_client(&h);
}
END_TEST

START_TEST(client_with_newer_api_is_refused)
{
	struct nvh h;

	boot_ok(&h);
	nvh_tclient_start((NVCORE_API_MAJOR + 1) << 16);
	ck_assert_int_eq(nvh_tc.attach_ret, -EPROTONOSUPPORT);
	ck_assert(kshim_log_contains("client asks for nvcore API 2.0"));
	nvh_tclient_stop();
	stop_clean(&h);
}
END_TEST

/* ---- CPU sequencer core operations (protocol.md §3.5) ------------------------------ */

/*
 * Register addresses and bits below are nouveau's r535_gsp_msg_run_cpu_sequencer
 * and ga102_flcn_select literals (GSP falcon at 0x110000), not regs.h.
 */
#define T_GSP_DMACTL		0x11010cu
#define T_GSP_FBIF_CTL		0x110624u	/* bit 7: ALLOW_PHYS_NO_CTX */
#define T_GSP_BCR_CTRL		0x111668u	/* bit 4: core select RISC-V */
#define T_GSP_ENGINE		0x1103c0u

struct t_seq {
	u32 size, idx, save[8];
	u32 cmd[16];
};

/* Queue a sequencer event with @n command dwords now and let the driver run it. */
static void t_seq_run(struct nvh *h, struct nvcore_dev *nd, const u32 *cmd, u32 n)
{
	const struct nvcore_fw_event *ev = NULL;
	struct t_seq s = { .size = 16, .idx = n };
	unsigned int i;

	for (i = 0; i < nd->release->num_events; i++)
		if (nd->release->events[i].kind == NVCORE_CORE_EVENT_RUN_CPU_SEQUENCER)
			ev = &nd->release->events[i];
	ck_assert_ptr_nonnull(ev);
	ck_assert_uint_le(n, 16);
	memcpy(s.cmd, cmd, n * 4);
	ck_assert_int_eq(gspm_queue_event(h->m, kshim_now_ns() + 1000, ev->raw, &s,
					  offsetof(struct t_seq, cmd) + n * 4), 0);
	kshim_run_for(50000000);
}

/*
 * CORE_RESET is the falcon reset with the falcon core selected, then
 * FBIF_CTL.ALLOW_PHYS_NO_CTX and DMACTL = 0 (nouveau r535 CORE_RESET, nova
 * sequencer.rs CoreReset = Falcon::reset + dma_reset); an ENGINE toggle
 * alone (the old driver) leaves the RISC-V core selected and FBIF_CTL clear.
 */
START_TEST(seq_core_reset_selects_falcon_and_dma)
{
	static const u32 cmd[] = { 5 /* CORE_RESET */, 7 /* CORE_WAIT_FOR_HALT */ };
	struct nvh h;
	struct nvcore_dev *nd = boot_ok(&h);
	unsigned int runs = nd->core->boot.seq_runs;

	if (nvcore_boot_family_of(nd) != &nvcore_boot_ga102) {
		stop_clean(&h);
		return;		/* GH100 boots without a SEC2 booter or sequencer */
	}
	gspm_mmio_write32(h.m, T_GSP_DMACTL, 0x1);
	t_seq_run(&h, nd, cmd, ARRAY_SIZE(cmd));
	ck_assert_uint_eq(nd->core->boot.seq_runs, runs + 1);
	ck_assert_uint_eq(gspm_mmio_read32(h.m, T_GSP_ENGINE) & 1, 0);
	ck_assert_uint_eq(gspm_mmio_read32(h.m, T_GSP_BCR_CTRL) & 0x10, 0);
	ck_assert_uint_eq(gspm_mmio_read32(h.m, T_GSP_FBIF_CTL) & 0x80, 0x80);
	ck_assert_uint_eq(gspm_mmio_read32(h.m, T_GSP_DMACTL), 0);
	nvh_stop(&h);
}
END_TEST

/* Waits the buffer asks for are bounded by the GSP_INIT_DONE wait (DESIGN principle 2). */
START_TEST(seq_unbounded_waits_refused)
{
	static const u32 poll[] = { 2 /* REG_POLL */, 0x1180f8, 0, 1, 0xffffffffu, 0 };
	static const u32 delay[] = { 3 /* DELAY_US */, 0xfffffff0u };
	struct nvh h;
	struct nvcore_dev *nd = boot_ok(&h);
	unsigned int runs = nd->core->boot.seq_runs;
	u64 t0 = kshim_now_ns();

	t_seq_run(&h, nd, poll, ARRAY_SIZE(poll));
	ck_assert(kshim_log_contains("REG_POLL at dword 0 asks for 4294967295 us"));
	t_seq_run(&h, nd, delay, ARRAY_SIZE(delay));
	ck_assert(kshim_log_contains("DELAY_US at dword 0 asks for 4294967280 us"));
	ck_assert_uint_eq(nd->core->boot.seq_runs, runs);
	ck_assert_uint_lt(kshim_now_ns() - t0, 1000000000ull);
	stop_clean(&h);
}
END_TEST

/* CORE_RESUME restarts GSP-RM through SEC2-RTOS: GA10x/AD10x only (nova sequencer.rs). */
START_TEST(seq_core_resume_refused_without_booter)
{
	static const u32 cmd[] = { 8 /* CORE_RESUME */ };
	struct nvh h;
	struct nvcore_dev *nd = boot_ok(&h);

	if (nvcore_boot_family_of(nd) == &nvcore_boot_ga102) {
		stop_clean(&h);
		return;		/* covered by every GA10x/AD10x boot */
	}
	t_seq_run(&h, nd, cmd, ARRAY_SIZE(cmd));
	ck_assert(kshim_log_contains("CORE_RESUME on a"));
	stop_clean(&h);
}
END_TEST

Suite *events_suite(void)
{
	return suite_of("events", "events", 120, (const TTest *[]){
		every_event_dispatched_or_logged, post_event_goes_to_its_owner_only,
		concurrent_submitters_get_their_own_replies, client_with_newer_api_is_refused,
		seq_core_reset_selects_falcon_and_dma, seq_unbounded_waits_refused,
		seq_core_resume_refused_without_booter, NULL });
}
