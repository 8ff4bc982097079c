// SPDX-License-Identifier: MIT
/* RPC submission: sizes, wrap-around, full queue, firmware failures, timeouts. */
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>

#include "common.h"
#include "tclient.h"

START_TEST(nop_zero_bytes)
{
	struct nvh h;
	struct nvcore_dev *nd = boot_ok(&h);
	struct nvcore_rpc_req req = { .function = NV_VGPU_MSG_FUNCTION_NOP, .out_len = 123 };

	ck_assert_int_eq(nvcore_rpc(nd, &req), 0);
	ck_assert_uint_eq(req.out_len, 0);
	ck_assert_uint_eq(nd->core->rpc.stats[NV_VGPU_MSG_FUNCTION_NOP].count, 1);
	stop_clean(&h);
}
END_TEST

static const size_t sizes[] = {
	0, 1, 8, 4000, 4072, 4073, 0xffd0 - 0x20 - 24, 0xffd0 - 0x20 - 23, 65536,
	100 * 1024, 300 * 1024, 700 * 1024,
};

START_TEST(echo_sizes_round_trip)
{
	struct nvh h;
	struct nvcore_dev *nd = boot_ok(&h);
	struct gspm_stats st;
	unsigned int i;

	for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++)
		ck_assert_msg(nvh_echo(nd, sizes[i], i) == 0, "echo of %zu bytes failed", sizes[i]);
	gspm_get_stats(h.m, &st);
	ck_assert_uint_gt(st.continuation_records, 0);
	stop_clean(&h);
}
END_TEST

/*
 * A call allocates nothing, whatever its size (the RPC path once kvzalloc'd
 * 64 KiB a call, issue 14): the push buffer, the receive buffer and the
 * pending entries are the device's from probe, and a large reply goes into
 * the caller's buffers as it arrives.  kshim counts every kernel allocation
 * (kmalloc, kvmalloc, vmalloc, DMA); the harness's own buffers are malloc's.
 * Echoes of one page, of several, of a whole element and of continuation
 * records both ways, and NOPs.
 */
START_TEST(calls_allocate_nothing)
{
	static const size_t len[] = { 0, 4073, 65536, 300 * 1024 };
	struct nvh h;
	struct nvcore_dev *nd = boot_ok(&h);
	unsigned long before = kshim_alloc_count(KSHIM_ALLOC_ANY);
	unsigned int i;

	for (i = 0; i < sizeof(len) / sizeof(len[0]); i++) {
		ck_assert_msg(nvh_echo(nd, len[i], i) == 0, "echo of %zu bytes failed", len[i]);
		ck_assert_int_eq(rpc_nop(nd), 0);
		ck_assert_msg(kshim_alloc_count(KSHIM_ALLOC_ANY) == before,
			      "an echo of %zu bytes and a NOP allocated %lu times", len[i],
			      kshim_alloc_count(KSHIM_ALLOC_ANY) - before);
	}
	stop_clean(&h);
}
END_TEST

/*
 * A slot is reused: a short record after a long one leaves zeros from its
 * end through what the release's checksum covers (the rest of the page
 * where 535.113.01 checksums whole elements, protocol.md §1.3), as an
 * element nouveau's r535_gsp_cmdq_get zeroes reads, though the driver
 * writes zeros only where an earlier record left other bytes.
 */
START_TEST(reused_slot_reads_zero_past_its_record)
{
	struct nvh h;
	struct nvcore_dev *nd = boot_ok(&h);
	struct nvcore_msgq *q = &nd->core->rpc.q;
	unsigned int i, s;

	/*
	 * Every slot nearly filled by an echo (one page each), then each taken
	 * by an echo of 3 bytes: a record whose length is no multiple of 8, so
	 * where the release checksums the bytes in use there are zeros to pad.
	 */
	for (i = 0; i < q->cmd_count; i++)
		ck_assert_int_eq(nvh_echo(nd, 3900, i), 0);
	for (i = 0; i < q->cmd_count; i++)
		ck_assert_int_eq(nvh_echo(nd, 3, i), 0);
	for (s = 0; s < q->cmd_count; s++) {
		const u8 *e = q->cmd_entries + (size_t)s * NVCORE_QUEUE_PAGE;
		const struct GSP_MSG_QUEUE_ELEMENT *el = (const void *)e;
		size_t end = GSP_MSG_QUEUE_ELEMENT_HDR_SIZE + el->rpc.length, b;
		size_t cover = nd->release->csum_whole_elements ? NVCORE_QUEUE_PAGE :
			       (end + 7) & ~(size_t)7;

		ck_assert_uint_eq(el->elemCount, 1);
		ck_assert_uint_lt(end, 200);
		for (b = end; b < cover; b++)
			ck_assert_msg(!e[b], "slot %u: byte 0x%zx past a short record is 0x%02x", s,
				      b, e[b]);
	}
	stop_clean(&h);
}
END_TEST

START_TEST(ring_wraps_many_times)
{
	struct nvh h;
	struct nvcore_dev *nd = boot_ok(&h);
	struct gspm_stats st;
	unsigned int i;

	/* 63-slot rings, 3-page messages: 400 round trips wrap each ring ~19 times. */
	for (i = 0; i < 400; i++)
		ck_assert_int_eq(nvh_echo(nd, 9000, i), 0);
	gspm_get_stats(h.m, &st);
	ck_assert_uint_ge(st.cmdq_wraps, 10);
	ck_assert_uint_ge(st.statq_wraps, 10);
	stop_clean(&h);
}
END_TEST

struct submitter {
	struct nvcore_dev *nd;
	unsigned int n, salt;
	size_t len;
};

static int submit_task(void *arg)
{
	struct submitter *s = arg;
	unsigned int i;
	int ret;

	for (i = 0; i < s->n; i++) {
		ret = nvh_echo(s->nd, s->len, s->salt + i);
		if (ret)
			return ret;
	}
	return 0;
}

START_TEST(full_queue_makes_submitters_wait)
{
	struct nvh h;
	struct nvcore_dev *nd = boot_ok(&h);
	struct submitter s[6];
	struct kshim_task *t[6];
	unsigned int i;

	/* GSP stops consuming for 50 ms: six submitters of 16-page commands fill the ring. */
	gspm_inject(h.m, GSPM_FAULT_STALL_QUEUE, UINT32_MAX, 50000000, 1);
	for (i = 0; i < 6; i++) {
		s[i] = (struct submitter){ nd, 4, 100 * i, 60000 };
		t[i] = kshim_task_start("submitter", submit_task, &s[i]);
	}
	for (i = 0; i < 6; i++)
		ck_assert_int_eq(kshim_task_join(t[i]), 0);
	ck_assert_uint_eq(nd->core->rpc.stats[NV_VGPU_MSG_FUNCTION_GSP_RM_CONTROL].failed, 0);
	stop_clean(&h);
}
END_TEST

/* A call that counts how often its task was woken (kshim_wakes). */
struct counted_call {
	struct nvcore_dev *nd;
	bool nop;		/* a NOP, else a 64-byte echo */
	int ret;
	unsigned long wakes;
};

static int counted_call_task(void *arg)
{
	struct counted_call *c = arg;

	c->ret = c->nop ? rpc_nop(c->nd) : nvh_echo(c->nd, 64, 7);
	c->wakes = kshim_wakes();
	return 0;
}

/*
 * A reply wakes its own caller, not every caller waiting (a host with many
 * vGPUs has many): GSP stalls while a NOP and an echo queue up, then answers
 * them in order, the echo 20 ms late, so the caller whose reply comes second
 * sleeps through the first reply.  Each caller is woken once, by its own
 * reply (one wait queue for all: the second is woken twice).  Counted on
 * fibers only: on threads a lock held on another CPU (the command queue's
 * mutex, pending_lock) puts a caller to sleep too, as often as the OS
 * interleaves them; there the calls must still complete.
 */
START_TEST(reply_wakes_only_its_caller)
{
	struct nvh h;
	struct nvcore_dev *nd = boot_ok(&h);
	struct counted_call nop = { .nd = nd, .nop = true }, echo = { .nd = nd };
	struct kshim_task *t[2];

	gspm_inject(h.m, GSPM_FAULT_STALL_QUEUE, UINT32_MAX, 5000000, 1);
	gspm_inject(h.m, GSPM_FAULT_DELAY_REPLY, NV_VGPU_MSG_FUNCTION_GSP_RM_CONTROL, 20000000, 1);
	t[0] = kshim_task_start("nop", counted_call_task, &nop);
	t[1] = kshim_task_start("echo", counted_call_task, &echo);
	kshim_task_join(t[0]);
	kshim_task_join(t[1]);
	ck_assert_int_eq(nop.ret, 0);
	ck_assert_int_eq(echo.ret, 0);
	if (!kshim_threaded()) {
		ck_assert_uint_eq(nop.wakes, 1);
		ck_assert_uint_eq(echo.wakes, 1);
	}
	stop_clean(&h);
}
END_TEST

START_TEST(firmware_failure_is_eremoteio)
{
	struct nvh h;
	struct nvcore_dev *nd = boot_ok(&h);
	struct nvcore_rpc_req req = { .function = NV_VGPU_MSG_FUNCTION_NOP };
	u32 status = 0;

	gspm_inject(h.m, GSPM_FAULT_RPC_STATUS, NV_VGPU_MSG_FUNCTION_NOP, NV_ERR_INVALID_ARGUMENT, 1);
	ck_assert_int_eq(nvcore_rpc(nd, &req), -EREMOTEIO);
	ck_assert_uint_eq(req.fw_status, NV_ERR_INVALID_ARGUMENT);
	/* A control the firmware does not know: object-level status in the payload. */
	ck_assert_int_eq(nvcore_rm_control_raw(nd, nd->core->boot.sinfo.h_internal_client,
					       nd->core->boot.sinfo.h_internal_subdevice, 0x2080dead,
					       NULL, 0, &status), -EREMOTEIO);
	ck_assert_uint_eq(status, NV_ERR_NOT_SUPPORTED);
	stop_clean(&h);
}
END_TEST

START_TEST(timeout_dumps_history)
{
	struct nvh h;
	struct nvcore_dev *nd = boot_ok(&h);
	u64 t0 = kshim_now_ns();

	gspm_inject(h.m, GSPM_FAULT_DROP_REPLY, NV_VGPU_MSG_FUNCTION_NOP, 0, 1);
	ck_assert_int_eq(rpc_nop(nd), -ETIMEDOUT);
	/* The release's timeout in virtual time, to a jiffy (HZ 250: 4 ms). */
	ck_assert_uint_ge(kshim_now_ns() - t0,
			  (nvcore_timeout_ms(nd, NVCORE_TIMEOUT_RPC) - 4) * 1000000ull);
	ck_assert(kshim_log_contains("GSP RPC NOP (data0 0x0) timed out"));
	ck_assert(kshim_log_contains("GSP RPC history (RPC timeout)"));
	ck_assert(kshim_log_contains("pending"));
	ck_assert_uint_eq(nd->core->rpc.stats[NV_VGPU_MSG_FUNCTION_NOP].timeouts, 1);
	/* The next call still works: the late reply (never sent) does not confuse it. */
	ck_assert_int_eq(nvh_echo(nd, 64, 1), 0);
	stop_clean(&h);
}
END_TEST

/*
 * Replies have no sequence number: after an RPC of a function times out, the
 * next reply to that function must not be handed to the abandoned command,
 * whether the firmware dropped it or answers it late.
 */
static void timed_out_then_next(enum gspm_fault fault, uint64_t arg, const char *late)
{
	struct nvh h;
	struct nvcore_dev *nd = boot_ok(&h);
	unsigned int i;

	gspm_inject(h.m, fault, NV_VGPU_MSG_FUNCTION_GSP_RM_CONTROL, arg, 1);
	ck_assert_int_eq(nvh_echo(nd, 64, 1), -ETIMEDOUT);
	for (i = 0; i < 3; i++)
		ck_assert_int_eq(nvh_echo(nd, 100 + i * 70000, i), 0);
	ck_assert(kshim_log_contains("fencing with GET_GSP_STATIC_INFO first"));
	ck_assert(kshim_log_contains(late));
	ck_assert_uint_eq(nd->core->rpc.stats[NV_VGPU_MSG_FUNCTION_GSP_RM_CONTROL].timeouts, 1);
	stop_clean(&h);
}

START_TEST(dropped_reply_does_not_shift_later_replies)
{
	timed_out_then_next(GSPM_FAULT_DROP_REPLY, 0, "GSP never answered GSP_RM_CONTROL; dropping it");
}
END_TEST

START_TEST(late_reply_goes_to_the_abandoned_command)
{
	/* Answered 2 s after the caller gave up, before the next command's reply. */
	timed_out_then_next(GSPM_FAULT_DELAY_REPLY, 8000000000ull,
			    "GSP answered GSP_RM_CONTROL after its caller timed out");
}
END_TEST

/*
 * The firmware is lost (a command, then the fence, unanswered): a client
 * tears down as on a live GPU, its frees succeed at once (mlx5's
 * internal-error model), every other call fails at once.
 */
START_TEST(free_succeeds_once_firmware_is_lost)
{
	struct nvh h;
	struct nvcore_dev *nd = boot_ok(&h);
	u32 status = 0xdead;
	u64 t0;

	nvh_tclient_start(NVCORE_API_VERSION);
	ck_assert_int_eq(nvh_tc.attach_ret, 0);
	gspm_inject(h.m, GSPM_FAULT_DIE, NV_VGPU_MSG_FUNCTION_NOP, 0, 1);
	ck_assert_int_eq(rpc_nop(nd), -ETIMEDOUT);
	ck_assert_int_eq(rpc_nop(nd), -ENODEV);
	ck_assert(kshim_log_contains("firmware lost, failing all calls"));
	t0 = kshim_now_ns();
	ck_assert_int_eq(nvcore_rm_free(nvh_tc.client, nvcore_client_handle(nvh_tc.client),
					0xc1000001, &status), 0);
	ck_assert_uint_eq(status, NV_OK);
	ck_assert_int_eq(nvcore_rm_control(nvh_tc.client, 0xc1000001, 0x20800110, NULL, 0,
					   &status), -ENODEV);
	ck_assert_uint_eq(kshim_now_ns() - t0, 0);
	/* Detach frees the RM client: no special case for a dead GPU. */
	nvh_tclient_stop();
	stop_clean(&h);
}
END_TEST

/*
 * nvcore_rm_control answers into the caller's parameters in place, only on
 * success (no COPYOUT_ON_ERROR, protocol.md §2.4): the model's echo XORs
 * every byte with 0x5a, so a reply written despite a failed RPC shows.
 */
START_TEST(params_come_back_only_on_success)
{
	struct nvh h;
	u32 sizes[] = { 100, 200000 };	/* one record; continuation records both ways */

	boot_ok(&h);
	nvh_tclient_start(NVCORE_API_VERSION);
	ck_assert_int_eq(nvh_tc.attach_ret, 0);
	for (unsigned int k = 0; k < 2; k++) {
		u8 *p = malloc(sizes[k]);
		u32 status = 0xdead;

		ck_assert_ptr_nonnull(p);
		for (u32 i = 0; i < sizes[k]; i++)
			p[i] = (u8)(i * 3 + k);
		ck_assert_int_eq(nvcore_rm_control(nvh_tc.client, nvcore_client_handle(nvh_tc.client),
						   GSPM_CTRL_CMD_TEST_ECHO, p, sizes[k], &status), 0);
		ck_assert_uint_eq(status, NV_OK);
		for (u32 i = 0; i < sizes[k]; i++)
			if (p[i] != (u8)((i * 3 + k) ^ 0x5a))
				ck_abort_msg("%u-byte echo: byte %u not answered in place", sizes[k], i);
		/* The firmware fails the RPC (rpc_result 0x1f), its reply still the echo. */
		gspm_inject(h.m, GSPM_FAULT_RPC_STATUS, NV_VGPU_MSG_FUNCTION_GSP_RM_CONTROL, 0x1f, 1);
		ck_assert_int_eq(nvcore_rm_control(nvh_tc.client, nvcore_client_handle(nvh_tc.client),
						   GSPM_CTRL_CMD_TEST_ECHO, p, sizes[k], &status), -EREMOTEIO);
		ck_assert_uint_eq(status, 0x1f);
		for (u32 i = 0; i < sizes[k]; i++)
			if (p[i] != (u8)((i * 3 + k) ^ 0x5a))
				ck_abort_msg("%u-byte echo: byte %u written by a failed call", sizes[k], i);
		free(p);
	}
	nvh_tclient_stop();
	stop_clean(&h);
}
END_TEST

/*
 * nvcore_rm_control_send (API 1.4) sends parameters from read-only memory
 * and drops the reply's: the echo of pages mapped PROT_READ (a write there
 * kills the test), in one record and in continuation records both ways,
 * succeeds; the firmware's failure still fails it; the reply it dropped was
 * consumed whole: an echo after it is answered (every byte XORed with 0x5a,
 * gspm.h GSPM_CTRL_CMD_TEST_ECHO) in place.
 */
START_TEST(control_send_reads_params_only)
{
	u32 sizes[] = { 100, 200000 };	/* one record; continuation records both ways */
	struct nvh h;

	boot_ok(&h);
	nvh_tclient_start(NVCORE_API_VERSION);
	ck_assert_int_eq(nvh_tc.attach_ret, 0);
	for (unsigned int k = 0; k < 2; k++) {
		u32 h_client = nvcore_client_handle(nvh_tc.client), status = 0xdead;
		u8 *ro = mmap(NULL, sizes[k], PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		u8 *p = malloc(sizes[k]);

		ck_assert(ro != MAP_FAILED);
		ck_assert_ptr_nonnull(p);
		for (u32 i = 0; i < sizes[k]; i++)
			ro[i] = p[i] = (u8)(i * 5 + k);
		ck_assert_int_eq(mprotect(ro, sizes[k], PROT_READ), 0);
		ck_assert_int_eq(nvcore_rm_control_send(nvh_tc.client, h_client, GSPM_CTRL_CMD_TEST_ECHO,
							ro, sizes[k], &status), 0);
		ck_assert_uint_eq(status, NV_OK);
		gspm_inject(h.m, GSPM_FAULT_RPC_STATUS, NV_VGPU_MSG_FUNCTION_GSP_RM_CONTROL, 0x1f, 1);
		ck_assert_int_eq(nvcore_rm_control_send(nvh_tc.client, h_client, GSPM_CTRL_CMD_TEST_ECHO,
							ro, sizes[k], &status), -EREMOTEIO);
		ck_assert_uint_eq(status, 0x1f);
		ck_assert_int_eq(nvcore_rm_control(nvh_tc.client, h_client, GSPM_CTRL_CMD_TEST_ECHO, p,
						   sizes[k], &status), 0);
		for (u32 i = 0; i < sizes[k]; i++)
			if (ro[i] != (u8)(i * 5 + k) || p[i] != (u8)((i * 5 + k) ^ 0x5a))
				ck_abort_msg("%u-byte echo: byte %u is 0x%02x (sent) and 0x%02x (answered)",
					     sizes[k], i, ro[i], p[i]);
		munmap(ro, sizes[k]);
		free(p);
	}
	nvh_tclient_stop();
	stop_clean(&h);
}
END_TEST

/*
 * A large reply is written into the caller's buffer record by record: once
 * its first record is in, the caller must not give up at its timeout (it
 * would return with half the reply in its buffer, and the rest written
 * after it returned).  GSPM_FAULT_STALL_CONTINUATION holds the
 * continuation records back past the RPC timeout.
 */
#define STALLED_ECHO	200000u

/*
 * The echo as an RM control, its parameters answered into p with no status
 * gate (any write shows), its continuation records stall_ms late.
 */
static int stalled_echo(struct nvh *h, struct nvcore_dev *nd, unsigned int stall_ms, u8 *p)
{
	struct rpc_gsp_rm_control_v03_00 ctl = {
		.hClient = nd->core->boot.sinfo.h_internal_client,
		.hObject = nd->core->boot.sinfo.h_internal_subdevice,
		.cmd = GSPM_CTRL_CMD_TEST_ECHO,
		.paramsSize = STALLED_ECHO,
	};
	struct nvcore_rpc_req req = {
		.function = NV_VGPU_MSG_FUNCTION_GSP_RM_CONTROL,
		.in = &ctl, .in_len = sizeof(ctl), .in2 = p, .in2_len = STALLED_ECHO,
		.out = &ctl, .out_max = sizeof(ctl), .out2 = p, .out2_max = STALLED_ECHO,
	};
	char spec[64], err[128];
	int ret;

	for (u32 i = 0; i < STALLED_ECHO; i++)
		p[i] = (u8)(i * 5 + 1);
	snprintf(spec, sizeof(spec), "rpc:GSP_RM_CONTROL:stall-rest=%u", stall_ms);
	ck_assert_msg(!gspm_fault_arm(h->m, spec, NULL, NULL, err, sizeof(err)), "%s", err);
	ret = nvcore_rpc(nd, &req);
	if (!ret)
		ck_assert_uint_eq(ctl.status, NV_OK);
	return ret;
}

START_TEST(large_reply_outlasts_the_timeout)
{
	struct nvh h;
	struct nvcore_dev *nd = boot_ok(&h);
	unsigned int timeout_ms = nvcore_timeout_ms(nd, NVCORE_TIMEOUT_RPC);
	u64 timeout_ns = timeout_ms * 1000000ull, t0;
	u8 *p = malloc(STALLED_ECHO);

	ck_assert_ptr_nonnull(p);
	t0 = kshim_now_ns();
	ck_assert_int_eq(stalled_echo(&h, nd, timeout_ms * 3 / 2, p), 0);
	ck_assert_uint_ge(kshim_now_ns() - t0, timeout_ns);
	for (u32 i = 0; i < STALLED_ECHO; i++)
		if (p[i] != (u8)((i * 5 + 1) ^ 0x5a))
			ck_abort_msg("byte %u of the echo is 0x%02x", i, p[i]);
	ck_assert_uint_eq(nd->core->rpc.stats[NV_VGPU_MSG_FUNCTION_GSP_RM_CONTROL].timeouts, 0);
	ck_assert(!kshim_log_contains("timed out"));
	/* The next call is answered as usual. */
	ck_assert_int_eq(nvh_echo(nd, 300 * 1024, 3), 0);
	free(p);
	stop_clean(&h);
}
END_TEST

START_TEST(firmware_stopping_mid_reply_is_lost)
{
	struct nvh h;
	struct nvcore_dev *nd = boot_ok(&h);
	unsigned int timeout_ms = nvcore_timeout_ms(nd, NVCORE_TIMEOUT_RPC);
	u64 timeout_ns = timeout_ms * 1000000ull, t0;
	u8 *p = malloc(STALLED_ECHO), *seen = malloc(STALLED_ECHO);
	struct gspm_stats st;
	u64 sent;

	ck_assert_ptr_nonnull(p);
	ck_assert_ptr_nonnull(seen);
	t0 = kshim_now_ns();
	/* The rest would come long after the caller's wait, and a second one, ran out. */
	ck_assert_int_eq(stalled_echo(&h, nd, 10 * timeout_ms, p), -ENODEV);
	ck_assert_uint_ge(kshim_now_ns() - t0, 2 * timeout_ns - 4000000);
	ck_assert(kshim_log_contains("GSP stopped in the middle of the reply to GSP_RM_CONTROL"));
	/* The rest arrives and is consumed: nothing is written after the caller returned. */
	memcpy(seen, p, STALLED_ECHO);
	gspm_get_stats(h.m, &st);
	sent = st.msgs_sent;
	kshim_run_for(10 * timeout_ns);
	gspm_get_stats(h.m, &st);
	ck_assert_uint_eq(st.msgs_sent - sent, STALLED_ECHO / 0xffb0);	/* the continuation records */
	ck_assert_uint_eq(READ_ONCE(nd->core->rpc.q.cmd_rx->readPtr),
			  READ_ONCE(nd->core->rpc.q.stat_tx->writePtr));
	ck_assert_int_eq(memcmp(seen, p, STALLED_ECHO), 0);
	ck_assert_int_eq(rpc_nop(nd), -ENODEV);
	free(seen);
	free(p);
	stop_clean(&h);
}
END_TEST

Suite *rpc_suite(void)
{
	return suite_of("rpc", "rpc", 300, (const TTest *[]){
		nop_zero_bytes, echo_sizes_round_trip, calls_allocate_nothing,
		reused_slot_reads_zero_past_its_record, ring_wraps_many_times,
		full_queue_makes_submitters_wait, reply_wakes_only_its_caller,
		firmware_failure_is_eremoteio, timeout_dumps_history,
		dropped_reply_does_not_shift_later_replies, late_reply_goes_to_the_abandoned_command,
		free_succeeds_once_firmware_is_lost, params_come_back_only_on_success,
		control_send_reads_params_only, large_reply_outlasts_the_timeout, firmware_stopping_mid_reply_is_lost, NULL });
}
