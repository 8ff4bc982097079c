// SPDX-License-Identifier: MIT
/*
 * Driver checks proven to fire (DESIGN.md principle 8): each test feeds one
 * bad input straight to the code that must refuse it, on a bare device
 * (fuzz/fzdev.c: no model; the test plays GSP or the VBIOS), and expects
 * the named error.  Expected numbers are worked out from docs/protocol.md
 * by hand in the comments, never read back from the driver.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <kshim/kshim.h>

#include "fzdev.h"
#include "gspm.h"
#include "suites.h"
#include "falcon.h"
#include "vbios.h"

static struct fzdev d;

static void setup(void)
{
	memset(&d, 0, sizeof(d));
	fzdev_init(&d, "ga102", false, nvcore_fw_release_find("570.144"));
}

static void teardown(void)
{
	free((void *)d.rom);
	ck_assert_uint_eq(fzdev_fini(&d), 0);
}

/* A row's outcome: @ret must be @err and, when @want is set, the log must say it. */
static void expect(const char *name, int ret, int err, const char *want)
{
	ck_assert_msg(ret == err, "%s: returned %d, expected %d", name, ret, err);
	ck_assert_msg(!want || kshim_log_contains(want), "%s: log lacks \"%s\"", name, want);
}

/* ---- status queue (protocol.md §1.2, §1.3) --------------------------------------- */

/* §1.3: XOR of the little-endian u64 words, high half XOR low half. */
static uint32_t csum(const uint8_t *p, size_t len)
{
	uint64_t x = 0, w;

	for (size_t i = 0; i + 8 <= len; i += 8) {
		memcpy(&w, p + i, 8);
		x ^= w;
	}
	return (uint32_t)x ^ (uint32_t)(x >> 32);
}

/*
 * One element of @pages pages: element header (checksum 0x20, seq 0x24,
 * count 0x28), the RPC header at 0x30 (version 0x03000000, "VRPC",
 * length, function, rpc_result); the checksum covers 0x30 + the RPC (570.144).
 */
static void post_result(uint32_t seq, uint32_t pages, uint32_t length, uint32_t function,
			uint32_t result)
{
	uint8_t *m = calloc(pages, 0x1000);
	uint32_t v[5] = { 0x03000000, 0x43505256, length, function, result };
	size_t covered = length + 0x30 < pages * 0x1000u ? length + 0x30 : pages * 0x1000u;
	uint32_t sum;

	memcpy(m + 0x24, &seq, 4);
	memcpy(m + 0x28, &pages, 4);
	memcpy(m + 0x30, v, sizeof(v));
	sum = csum(m, (covered + 7) & ~7ul);
	memcpy(m + 0x20, &sum, 4);
	fzdev_post(&d, m, pages * 0x1000);
	free(m);
}

/* ... with rpc_result (0x40) NV_OK. */
static void post(uint32_t seq, uint32_t pages, uint32_t length, uint32_t function)
{
	post_result(seq, pages, length, function, 0);
}

START_TEST(msgq_good_element)
{
	const struct rpc_message_header_v *rpc;
	u32 len;

	/* The control: the element the next tests break is accepted as it is. */
	ck_assert_int_eq(fzdev_queues(&d), 0);
	post(0, 1, 0x40, 0x1001);
	ck_assert_int_eq(nvcore_msgq_recv(&d.nd, &rpc, &len), 1);
	ck_assert_uint_eq(len, 0x40);
	ck_assert_uint_eq(rpc->function, 0x1001);
	ck_assert_int_eq(nvcore_msgq_recv(&d.nd, &rpc, &len), 0);
}
END_TEST

START_TEST(msgq_read_pointer_out_of_range)
{
	const struct rpc_message_header_v *rpc;
	u32 len;

	/* Our read pointer lives in shared memory (§1.2, SWAP_RX): a stray write there. */
	ck_assert_int_eq(fzdev_queues(&d), 0);
	post(0, 1, 0x40, 0x1001);
	d.nd.core->rpc.q.cmd_rx->readPtr = 0x10000;
	ck_assert_int_eq(nvcore_msgq_recv(&d.nd, &rpc, &len), -EIO);
	ck_assert(kshim_log_contains("GSP status queue read pointer 65536 is out of range (63 slots)"));
}
END_TEST

START_TEST(msgq_read_pointer_at_count)
{
	const struct rpc_message_header_v *rpc;
	u32 len;

	/* 63 slots are 0..62: 63 is the first pointer out of range. */
	ck_assert_int_eq(fzdev_queues(&d), 0);
	post(0, 1, 0x40, 0x1001);
	d.nd.core->rpc.q.cmd_rx->readPtr = 63;
	ck_assert_int_eq(nvcore_msgq_recv(&d.nd, &rpc, &len), -EIO);
	ck_assert(kshim_log_contains("GSP status queue read pointer 63 is out of range (63 slots)"));
}
END_TEST

START_TEST(msgq_rpc_length_beyond_element)
{
	const struct rpc_message_header_v *rpc;
	u32 len;

	/* One page carries 0x1000 - 0x30 = 4048 RPC bytes; 0x2000 claims more (§1.5). */
	ck_assert_int_eq(fzdev_queues(&d), 0);
	post(0, 1, 0x2000, 0x1001);
	ck_assert_int_eq(nvcore_msgq_recv(&d.nd, &rpc, &len), -EPROTO);
	ck_assert(kshim_log_contains("RPC length 8192 is larger than its 1-page element (4048 bytes)"));
}
END_TEST

START_TEST(msgq_checksum_mismatch)
{
	const struct rpc_message_header_v *rpc;
	u32 len;

	/* Flipping the low byte at 0x50 (covered: 0x30 + length 0x40) leaves residue 0xff. */
	ck_assert_int_eq(fzdev_queues(&d), 0);
	post(0, 1, 0x40, 0x1001);
	d.nd.core->rpc.q.stat_entries[0x50] ^= 0xff;
	ck_assert_int_eq(nvcore_msgq_recv(&d.nd, &rpc, &len), -EBADMSG);
	ck_assert(kshim_log_contains("checksum mismatch (residue 0x000000ff)"));
}
END_TEST

START_TEST(msgq_sequence_gap)
{
	const struct rpc_message_header_v *rpc;
	u32 len;

	/* The first message must be sequence 0 (§1.3); 5 means five were lost. */
	ck_assert_int_eq(fzdev_queues(&d), 0);
	post(5, 1, 0x40, 0x1001);
	ck_assert_int_eq(nvcore_msgq_recv(&d.nd, &rpc, &len), 1);
	ck_assert(kshim_log_contains("GSP message sequence 5, expected 0: messages were lost"));
}
END_TEST

START_TEST(msgq_link_bad_count)
{
	/* §1.2: (0x40000 - 0x1000) / 0x1000 = 63 elements; 62 is inconsistent. */
	ck_assert_int_eq(fzdev_queues(&d), 0);
	d.nd.core->rpc.q.stat_tx->msgCount = 62;
	ck_assert_int_eq(nvcore_msgq_link(&d.nd), -EPROTO);
	ck_assert(kshim_log_contains("GSP status queue header is inconsistent"));
	ck_assert(kshim_log_contains("msgCount 62"));
}
END_TEST

/*
 * nvcore_msgq_send's element: header, then a FREE RPC (function 10,
 * protocol.md §2.2; header version and signature "VRPC", §2.1), zeros to
 * the end of the largest element.  *len: the RPC's length.
 */
static u8 *free_elem(u32 *len)
{
	const struct rpc_message_header_v rpc = { .header_version = 0x03000000,
						  .signature = 0x43505256,
						  .length = sizeof(rpc), .function = 10 };
	u8 *elem = calloc(1, GSP_MSG_QUEUE_ELEMENT_SIZE_MAX);

	ck_assert_ptr_nonnull(elem);
	memcpy(elem + GSP_MSG_QUEUE_ELEMENT_HDR_SIZE, &rpc, sizeof(rpc));
	*len = sizeof(rpc);
	return elem;
}

START_TEST(msgq_send_full_queue)
{
	u32 len;
	u8 *elem = free_elem(&len);
	struct nvcore_msgq *q;

	/* §1.2: free = read + 63 - write - 1 (mod 63): read 0, write 61 leaves one slot. */
	ck_assert_int_eq(fzdev_queues(&d), 0);
	q = &d.nd.core->rpc.q;
	q->stat_rx->readPtr = 0;
	q->cmd_tx->writePtr = 61;
	ck_assert_int_eq(nvcore_msgq_send(&d.nd, elem, len, ktime_add_ms(ktime_get(), 10)), 0);
	ck_assert_uint_eq(q->cmd_tx->writePtr, 62);
	/* Write 62: none free; the sender waits and never overwrites. */
	ck_assert_int_eq(nvcore_msgq_send(&d.nd, elem, len, ktime_add_ms(ktime_get(), 10)),
			 -ETIMEDOUT);
	ck_assert_uint_eq(q->cmd_tx->writePtr, 62);
	free(elem);
}
END_TEST

START_TEST(msgq_write_pointer_out_of_range)
{
	const struct rpc_message_header_v *rpc;
	u32 len;

	/* GSP's write pointer (§1.2, msgqTxHeader.writePtr): 63 slots are 0..62. */
	ck_assert_int_eq(fzdev_queues(&d), 0);
	post(0, 1, 0x40, 0x1001);
	d.nd.core->rpc.q.stat_tx->writePtr = 63;
	ck_assert_int_eq(nvcore_msgq_recv(&d.nd, &rpc, &len), -EIO);
	ck_assert(kshim_log_contains("GSP status queue write pointer 63 is out of range (63 slots)"));
}
END_TEST

/* elemCount (element header +0x28, §1.3): 1..16 pages, and no more than GSP published. */
static const struct {
	uint32_t count;
	const char *want;
} bad_counts[] = {
	{ 0, "GSP message at slot 0: bad elemCount 0 (1 available)" },
	{ 2, "GSP message at slot 0: bad elemCount 2 (1 available)" },
	/* 0x10000-byte elements at most (GSP_MSG_QUEUE_ELEMENT_SIZE_MAX): 16 pages. */
	{ 17, "GSP message at slot 0: bad elemCount 17 (20 available)" },
};

START_TEST(msgq_bad_elem_count)
{
	const struct rpc_message_header_v *rpc;
	uint32_t count = bad_counts[_i].count;
	u32 len;

	ck_assert_int_eq(fzdev_queues(&d), 0);
	post(0, 1, 0x40, 0x1001);
	if (count == 17)
		d.nd.core->rpc.q.stat_tx->writePtr = 20;
	memcpy(d.nd.core->rpc.q.stat_entries + 0x28, &count, 4);
	ck_assert_int_eq(nvcore_msgq_recv(&d.nd, &rpc, &len), -EIO);
	ck_assert_msg(kshim_log_contains(bad_counts[_i].want), "log lacks \"%s\"", bad_counts[_i].want);
}
END_TEST

/* The RPC header (§1.4): version 0x03000000, signature "VRPC", length >= its 0x20 bytes. */
static const struct {
	uint32_t off, val;
	const char *want;
} bad_headers[] = {
	{ 0x30, 0x02000000, "GSP message seq 0: bad RPC header (version 0x02000000 signature 0x43505256 length 64)" },
	{ 0x34, 0x43505258, "GSP message seq 0: bad RPC header (version 0x03000000 signature 0x43505258 length 64)" },
	{ 0x38, 0x1f, "GSP message seq 0: bad RPC header (version 0x03000000 signature 0x43505256 length 31)" },
};

START_TEST(msgq_bad_rpc_header)
{
	const struct rpc_message_header_v *rpc;
	u32 len;

	ck_assert_int_eq(fzdev_queues(&d), 0);
	post(0, 1, 0x40, 0x1001);
	memcpy(d.nd.core->rpc.q.stat_entries + bad_headers[_i].off, &bad_headers[_i].val, 4);
	ck_assert_int_eq(nvcore_msgq_recv(&d.nd, &rpc, &len), -EPROTO);
	ck_assert_msg(kshim_log_contains(bad_headers[_i].want), "log lacks \"%s\"", bad_headers[_i].want);
	/* The next message is expected with the following sequence number: no "lost" warning. */
	post(1, 1, 0x40, 0x1001);
	ck_assert_int_eq(nvcore_msgq_recv(&d.nd, &rpc, &len), 1);
	ck_assert(!kshim_log_contains("messages were lost"));
}
END_TEST

/* Command-queue pointers in shared memory that a send must refuse (63 slots, 0..62). */
static const struct {
	u32 rptr, wptr;
	int err;
	const char *msg;
} bad_send_ptrs[] = {
	/*
	 * GSP's read pointer at 125: with write 61 the free count
	 * (125 + 63 - 61 - 1) % 63 = 0 says full, and the sender must not wait
	 * on a pointer that can never be in range.
	 */
	{ 125, 61, -EPROTO, "GSP command queue read pointer 125 is out of range (63 slots)" },
	/*
	 * Our write pointer lives in shared memory too (§1.2): a stray write
	 * leaves it at 63, the first past the slots.  The free count
	 * (0 + 63 - 63 - 1) % 63 = 62 lets the send go on; it must refuse
	 * rather than write past the ring.
	 */
	{ 0, 63, -EIO, "GSP command queue write pointer 63 is out of range (63 slots)" },
};

START_TEST(msgq_send_pointer_out_of_range)
{
	u32 len;
	u8 *elem = free_elem(&len);
	struct nvcore_msgq *q;

	ck_assert_int_eq(fzdev_queues(&d), 0);
	q = &d.nd.core->rpc.q;
	q->stat_rx->readPtr = bad_send_ptrs[_i].rptr;
	q->cmd_tx->writePtr = bad_send_ptrs[_i].wptr;
	ck_assert_int_eq(nvcore_msgq_send(&d.nd, elem, len, ktime_add_ms(ktime_get(), 10)),
			 bad_send_ptrs[_i].err);
	ck_assert(kshim_log_contains(bad_send_ptrs[_i].msg));
	free(elem);
}
END_TEST

/* ---- replies matched to callers (protocol.md §2.1, §1.5) ----------------------------- */

/* Function numbers of every release (protocol.md §2.2): FREE 10, GSP_RM_CONTROL 76. */
#define FN_FREE		10
#define FN_RM_CONTROL	76
#define FN_CONTINUATION	71

struct caller {
	struct nvcore_rpc_req req;
	uint8_t in[0x20], out[0x10000];
	struct kshim_task *task;
};

static int caller_fn(void *arg)
{
	struct caller *c = arg;

	return nvcore_rpc(&d.nd, &c->req);
}

/* A command of @function waiting for a reply of at most @out_max bytes. */
static struct caller *call(uint32_t function, size_t out_max)
{
	struct caller *c = calloc(1, sizeof(*c));

	c->req.function = function;
	c->req.in = c->in;
	c->req.in_len = sizeof(c->in);
	c->req.out = c->out;
	c->req.out_max = out_max;
	c->task = kshim_task_start("caller", caller_fn, c);
	kshim_run_for(1000000);		/* sent, now waiting */
	return c;
}

static int join(struct caller *c)
{
	int ret = kshim_task_join(c->task);

	free(c);
	return ret;
}

START_TEST(reply_function_mismatch)
{
	struct caller *c;

	/* Replies come in command order (§2.1): an answer to another function is a protocol error. */
	ck_assert_int_eq(fzdev_queues(&d), 0);
	c = call(FN_FREE, 0x20);
	post(0, 1, 0x40, FN_RM_CONTROL);
	nvcore_rpc_dispatch(&d.nd);
	ck_assert_int_eq(join(c), -EPROTO);
	ck_assert(kshim_log_contains("GSP reply GSP_RM_CONTROL does not match the oldest command FREE"));
}
END_TEST

START_TEST(reply_function_match)
{
	struct caller *c;

	/* The control: the same reply with the caller's function is delivered, 0x40 - 0x20 bytes. */
	ck_assert_int_eq(fzdev_queues(&d), 0);
	c = call(FN_FREE, 0x20);
	post(0, 1, 0x40, FN_FREE);
	nvcore_rpc_dispatch(&d.nd);
	ck_assert_int_eq(kshim_task_join(c->task), 0);
	ck_assert_uint_eq(c->req.out_len, 0x20);
	free(c);
}
END_TEST

START_TEST(reply_without_command)
{
	ck_assert_int_eq(fzdev_queues(&d), 0);
	post(0, 1, 0x40, FN_FREE);
	nvcore_rpc_dispatch(&d.nd);
	ck_assert(kshim_log_contains("GSP sent a reply to FREE that no command is waiting for"));
}
END_TEST

START_TEST(reply_larger_than_caller)
{
	struct caller *c;

	/* rpc.length 0x40 is the 0x20-byte header and 32 payload bytes; the caller takes 16. */
	ck_assert_int_eq(fzdev_queues(&d), 0);
	c = call(FN_FREE, 16);
	post(0, 1, 0x40, FN_FREE);
	nvcore_rpc_dispatch(&d.nd);
	ck_assert_int_eq(join(c), -EMSGSIZE);
	ck_assert(kshim_log_contains("GSP reply to FREE is 32 bytes, caller expects at most 16"));
}
END_TEST

START_TEST(continuation_outside_reply)
{
	ck_assert_int_eq(fzdev_queues(&d), 0);
	post(0, 1, 0x40, FN_CONTINUATION);
	nvcore_rpc_dispatch(&d.nd);
	ck_assert(kshim_log_contains("GSP sent a continuation record outside a large reply"));
}
END_TEST

/*
 * §1.5: a reply larger than one element comes as a full first record (16
 * pages, rpc.length 0x10000 - 0x30 = 0xffd0) and continuation records up to
 * the size the caller expects: out_max 0x10000 + the 0x20-byte header =
 * 0x10020 bytes, so 0x10020 - 0xffd0 = 0x50 payload bytes follow.
 */
static struct caller *large_reply_started(void)
{
	struct caller *c;

	ck_assert_int_eq(fzdev_queues(&d), 0);
	c = call(FN_FREE, 0x10000);
	post(0, 16, 0xffd0, FN_FREE);
	nvcore_rpc_dispatch(&d.nd);
	return c;
}

START_TEST(continuation_overruns_reply)
{
	struct caller *c = large_reply_started();

	/* 0x20 + 0x60: 0x60 payload bytes where 0x50 are left. */
	post(1, 1, 0x80, FN_CONTINUATION);
	nvcore_rpc_dispatch(&d.nd);
	ck_assert(kshim_log_contains("GSP continuation record overruns the 65568-byte FREE reply"));
	ck_assert_int_eq(join(c), 0);
}
END_TEST

START_TEST(reply_inside_large_reply)
{
	struct caller *c = large_reply_started();

	/* Another reply where a continuation record belongs: the caller hears a failure. */
	post(1, 1, 0x40, FN_FREE);
	nvcore_rpc_dispatch(&d.nd);
	ck_assert(kshim_log_contains("GSP sent FREE inside a 65568-byte FREE reply (65488 bytes received)"));
	ck_assert_int_eq(join(c), -EREMOTEIO);
}
END_TEST

/* ---- events (protocol.md §2.3) ------------------------------------------------------- */

START_TEST(event_unknown)
{
	/* Event numbers start at 0x1000; 570.144 has none near 0x10ff. */
	ck_assert_int_eq(fzdev_queues(&d), 0);
	post(0, 1, 0x40, 0x10ff);
	nvcore_rpc_dispatch(&d.nd);
	ck_assert(kshim_log_contains("GSP sent unknown event 0x10ff (32 bytes); ignored"));
}
END_TEST

/* GSP_INIT_DONE is event 0x1001 in every release; its rpc_result is the boot's outcome. */
START_TEST(event_init_done)
{
	ck_assert_int_eq(fzdev_queues(&d), 0);
	post(0, 1, 0x20, 0x1001);
	nvcore_rpc_dispatch(&d.nd);
	ck_assert(try_wait_for_completion(&d.nd.core->boot.init_done));
	ck_assert_int_eq(d.nd.core->boot.init_done_status, 0);
	ck_assert(!kshim_log_contains("GSP_INIT_DONE reports failure"));
}
END_TEST

START_TEST(event_init_done_failure)
{
	ck_assert_int_eq(fzdev_queues(&d), 0);
	post_result(0, 1, 0x20, 0x1001, 0x1f);
	nvcore_rpc_dispatch(&d.nd);
	ck_assert(try_wait_for_completion(&d.nd.core->boot.init_done));
	ck_assert_int_eq(d.nd.core->boot.init_done_status, -EREMOTEIO);
	ck_assert(kshim_log_contains("GSP_INIT_DONE reports failure 0x1f"));
}
END_TEST

static int static_info_fn(void *arg)
{
	return nvcore_boot_static_info(&d.nd, 100);
}

/*
 * GET_GSP_STATIC_INFO (65, protocol.md §2.2) answered with 8 bytes: the
 * reply must be the whole GspStaticConfigInfo of the release, so the boot
 * step refuses it (rpc.length 0x28: the 0x20-byte header and the 8 bytes).
 */
START_TEST(static_info_short)
{
	struct kshim_task *t;

	ck_assert_int_eq(fzdev_queues(&d), 0);
	t = kshim_task_start("static info", static_info_fn, NULL);
	kshim_run_for(1000000);
	post(0, 1, 0x28, 65);
	nvcore_rpc_dispatch(&d.nd);
	ck_assert_int_eq(kshim_task_join(t), -EPROTO);
	ck_assert(kshim_log_contains("GET_GSP_STATIC_INFO returned 8 bytes, expected "));
}
END_TEST

/* ---- CPU sequencer (protocol.md §3.5) ------------------------------------------------ */

/*
 * A sequencer payload of @n command dwords: bufferSizeDWord @size,
 * cmdIndex @used, regSaveArea[8], the commands.
 */
static int seq_sized(const uint32_t *cmds, uint32_t n, uint32_t used, uint32_t size)
{
	uint32_t buf[10 + 16] = { size, used };

	memcpy(buf + 10, cmds, n * 4);
	return nvcore_seq_run(&d.nd, buf, (10 + n) * 4);
}

static int seq(const uint32_t *cmds, uint32_t n, uint32_t used)
{
	return seq_sized(cmds, n, used, n);
}

START_TEST(seq_reg_store_index)
{
	/* REG_STORE (4) addr slot: slots 0..7 (GSP_SEQ_BUF_REG_SAVE_SIZE). */
	const uint32_t ok[] = { 4, 0x110040, 7 }, bad[] = { 4, 0x110040, 8 };

	ck_assert_int_eq(fzdev_queues(&d), 0);
	ck_assert_int_eq(seq(ok, 3, 3), 0);
	ck_assert_int_eq(seq(bad, 3, 3), -EINVAL);
	ck_assert(kshim_log_contains("GSP sequencer REG_STORE index 8 out of range"));
}
END_TEST

START_TEST(seq_op_past_cmd_index)
{
	/* REG_WRITE (0) needs 2 arguments: 3 dwords, cmdIndex says 2. */
	const uint32_t cmds[] = { 0, 0x110040, 1 };

	ck_assert_int_eq(fzdev_queues(&d), 0);
	ck_assert_int_eq(seq(cmds, 3, 2), -EBADMSG);
	ck_assert(kshim_log_contains("GSP sequencer REG_WRITE at dword 0 runs past the buffer end (2)"));
}
END_TEST

START_TEST(seq_shorter_than_header)
{
	/* rpc_run_cpu_sequencer_v17_00: bufferSizeDWord, cmdIndex, regSaveArea[8] = 40 bytes. */
	const uint32_t buf[9] = { 0 };

	ck_assert_int_eq(fzdev_queues(&d), 0);
	ck_assert_int_eq(nvcore_seq_run(&d.nd, buf, sizeof(buf)), -EBADMSG);
	ck_assert(kshim_log_contains("GSP sequencer event is 36 bytes, shorter than its header"));
}
END_TEST

/*
 * No step may wait longer than the whole GSP_INIT_DONE wait it is part of
 * (docs/hw-fidelity.md): with fzdev_short_timeouts' 5 ms, DELAY_US (3) and
 * REG_POLL's timeout (2: addr, mask, val, timeout_us, error) may ask for
 * 5000 us, not 5001.  Mask 0 == value 0: the poll succeeds at once.
 */
START_TEST(seq_wait_past_init_done)
{
	const uint32_t ok[] = { 3, 5000, 2, 0x110040, 0, 0, 5000, 0 };
	const uint32_t delay[] = { 3, 5001 }, poll[] = { 3, 1, 2, 0x110040, 0, 0, 5001, 0 };

	fzdev_short_timeouts(&d);
	ck_assert_int_eq(fzdev_queues(&d), 0);
	ck_assert_int_eq(seq(ok, 8, 8), 0);
	ck_assert_int_eq(seq(delay, 2, 2), -EINVAL);
	ck_assert(kshim_log_contains(
		"GSP sequencer DELAY_US at dword 0 asks for 5001 us, more than the 5 ms GSP_INIT_DONE wait"));
	ck_assert_int_eq(seq(poll, 8, 8), -EINVAL);
	ck_assert(kshim_log_contains(
		"GSP sequencer REG_POLL at dword 2 asks for 5001 us, more than the 5 ms GSP_INIT_DONE wait"));
}
END_TEST

/*
 * One bad sequencer buffer each (§3.5 opcodes: REG_WRITE 0 (addr, val),
 * REG_POLL 2 (addr, mask, val, timeout, error), CORE_WAIT_FOR_HALT 7, 8 the
 * last, CORE_RESUME).  BAR0 is 16 MiB here; no register reads back anything
 * but 0.
 */
static const struct {
	const char *name;
	uint32_t cmds[8];
	uint32_t n, used, size;	/* command dwords sent, cmdIndex, bufferSizeDWord */
	int err;
	const char *want;
} bad_seqs[] = {
	{ "claims_more_than_payload", { 0, 0x110040, 1 }, 3, 4, 8, -EBADMSG,
	  "GSP sequencer claims 4 dwords; buffer 8, payload holds 3" },
	{ "claims_more_than_buffer", { 0, 0x110040, 1, 0 }, 4, 4, 3, -EBADMSG,
	  "GSP sequencer claims 4 dwords; buffer 3, payload holds 4" },
	{ "unknown_opcode", { 9 }, 1, 1, 1, -EBADMSG, "GSP sequencer: unknown opcode 9 at dword 0" },
	{ "register_past_bar0", { 0, 0x1000000, 1 }, 3, 3, 3, -EINVAL,
	  "GSP sequencer REG_WRITE at dword 0: register 0x1000000 is outside BAR0" },
	{ "register_unaligned", { 1, 0x110042, 1, 1 }, 4, 4, 4, -EINVAL,
	  "GSP sequencer REG_MODIFY at dword 0: register 0x110042 is outside BAR0" },
	{ "reg_poll_times_out", { 2, 0x110040, 1, 1, 100, 5 }, 6, 6, 6, -ETIMEDOUT,
	  "GSP sequencer REG_POLL 0x110040 & 0x1 == 0x1 timed out (last 0x0, error 0x5)" },
	{ "core_never_halts", { 7 }, 1, 1, 1, -ETIMEDOUT,
	  "GSP sequencer CORE_WAIT_FOR_HALT timed out (CPUCTL 0x0)" },
};

START_TEST(seq_refused)
{
	ck_assert_int_eq(fzdev_queues(&d), 0);
	expect(bad_seqs[_i].name, seq_sized(bad_seqs[_i].cmds, bad_seqs[_i].n, bad_seqs[_i].used,
					    bad_seqs[_i].size), bad_seqs[_i].err, bad_seqs[_i].want);
}
END_TEST

/*
 * CORE_RESUME (opcode 8, §3.5) on GA10x: reset the GSP into RISC-V, start
 * SEC2, wait for BSI_SECURE_SCRATCH_14's boot stage 3 handoff (bit 26), then
 * SEC2 MAILBOX0 must be 0 and the RISC-V core active (CPUCTL bit 7).  The
 * registers (dev_falcon_v4.h, dev_riscv_pri.h, dev_gc6_island.h): GSP
 * HWCFG2 0x1100f4 (bit 10: has a RISC-V core), BSI_SECURE_SCRATCH_14
 * 0x1180f8, SEC2 MAILBOX0 0x840040, GSP RISC-V CPUCTL 0x111388.  Others read 0.
 */
static const struct {
	const char *name;
	uint32_t hwcfg2, bsi, sec2_mbox0, cpuctl;
	int err;
	const char *want;
} resumes[] = {
	{ "resumed", 0x400, 1u << 26, 0, 0x80, 0, NULL },
	{ "gsp_reset_fails", 0, 0, 0, 0, -ENODEV, "GSP sequencer CORE_RESUME: GSP reset failed" },
	/* fzdev_short_timeouts: sequencer core operations wait 1 ms. */
	{ "no_handoff", 0x400, 0, 0, 0, -ETIMEDOUT,
	  "GSP sequencer CORE_RESUME: no boot stage 3 handoff in 1 ms (BSI_SECURE_SCRATCH_14 0x00000000, SEC2 MAILBOX0 0x00000000)" },
	{ "sec2_error", 0x400, 1u << 26, 0xbad, 0, -EIO, "GSP sequencer CORE_RESUME: SEC2 MAILBOX0 0x00000bad" },
	{ "riscv_not_active", 0x400, 1u << 26, 0, 0, -EIO,
	  "GSP sequencer CORE_RESUME: RISC-V core not active (CPUCTL 0x00000000)" },
};

static uint32_t resume_reg(void *ctx, uint32_t off)
{
	unsigned int i = *(unsigned int *)ctx;

	switch (off) {
	case 0x1100f4:
		return resumes[i].hwcfg2;
	case 0x1180f8:
		return resumes[i].bsi;
	case 0x840040:
		return resumes[i].sec2_mbox0;
	case 0x111388:
		return resumes[i].cpuctl;
	}
	return 0;
}

START_TEST(seq_core_resume)
{
	static unsigned int row;
	const uint32_t cmd[] = { 8 };

	row = _i;
	d.reg = resume_reg;
	d.reg_ctx = &row;
	fzdev_short_timeouts(&d);
	ck_assert_int_eq(fzdev_queues(&d), 0);
	expect(resumes[_i].name, seq(cmd, 1, 1), resumes[_i].err, resumes[_i].want);
}
END_TEST

/* ---- the FSP's answer to the COT message (protocol.md §3.6 step 5) ------------------------ */

/*
 * EMEM channel 0 as the FSP leaves its reply (dev_fsp_pri.h:
 * NV_PFSP_EMEMD(0) 0x8f2ac4, QUEUE_HEAD/TAIL(0) 0x8f2c00/04, MSGQ_HEAD/TAIL(0)
 * 0x8f2c80/84): the command queue reads drained (HEAD == TAIL == 0), the
 * reply queue [head, tail], each EMEMD read the next reply word.
 */
static struct {
	uint32_t head, tail;
	uint32_t words[8];
	unsigned int next;
	uint32_t qhead;		/* QUEUE_HEAD(0); QUEUE_TAIL(0) reads 0 */
	uint32_t scratch;	/* NV_THERM_I2CS_SCRATCH (0x200bc): 0xff once FSP booted */
	uint32_t fb_mib;	/* NV_USABLE_FB_SIZE_IN_MB (0x1183a4, dev_gc6_island.h) */
} fsp;

static uint32_t fsp_reg(void *ctx, uint32_t off)
{
	switch (off) {
	case 0x200bc:
		return fsp.scratch;
	case 0x1183a4:
		return fsp.fb_mib;
	case 0x8f2c00:
		return fsp.qhead;
	case 0x8f2c80:
		return fsp.head;
	case 0x8f2c84:
		fsp.next = 0;
		return fsp.tail;
	case 0x8f2ac4:
		return fsp.next < ARRAY_SIZE(fsp.words) ? fsp.words[fsp.next++] : 0;
	}
	return 0;
}

/*
 * The answer nouveau fsp/gh100.c and OGKM kfspProcessNvdmMessage accept: MCTP
 * SOM|EOM (bits 31, 30), NVDM vendor-PCI 0x7e, 0x10de, type 0x15
 * FSP_RESPONSE, then taskId, the answered type 0x14 (COT) and errorCode 0:
 * 5 dwords, tail 0x10.
 */
static void fsp_good_reply(void)
{
	const uint32_t ok[5] = { 0xc0000000, 0x1510de7e, 0, 0x14, 0 };

	memset(&fsp, 0, sizeof(fsp));
	memcpy(fsp.words, ok, sizeof(ok));
	fsp.tail = 0x10;
	fsp.scratch = 0xff;
}

/* GH100's boot step @state on the bare device, with 100 ms waits. */
static int fsp_step(enum nvcore_boot_state state)
{
	const struct nvcore_boot_family *f = &nvcore_boot_gh100;

	for (unsigned int i = 0; i < f->num_steps; i++)
		if (f->steps[i].state == state)
			return f->steps[i].fn(&d.nd, 100);
	ck_abort_msg("GH100 has no boot step %d", state);
	return 0;
}

static int fsp_cot(void)
{
	return fsp_step(NVCORE_BOOT_FSP_COT);
}

/* A GH100 bare device whose FSP answers from `fsp`, the good reply to start with. */
static void fsp_setup(void)
{
	static const uint8_t zeros[384];

	fsp_good_reply();
	memset(&d, 0, sizeof(d));
	fzdev_init(&d, "gh100", true, nvcore_fw_release_find("570.144"));
	d.reg = fsp_reg;
	ck_assert_int_eq(fzdev_queues(&d), 0);
	/* The COT message copies the GSP-FMC's hash, key and signature (contents do not matter here). */
	d.nd.fw.fmc_hash.data = zeros;
	d.nd.fw.fmc_pubkey.data = zeros;
	d.nd.fw.fmc_sig.data = zeros;
}

START_TEST(seq_core_resume_without_sec2)
{
	const uint32_t cmd[] = { 8 };

	/* GH100 boots through the FSP: no SEC2-RTOS to resume GSP-RM with. */
	ck_assert_int_eq(seq(cmd, 1, 1), -EOPNOTSUPP);
	ck_assert(kshim_log_contains("GSP sequencer CORE_RESUME on a GH100 FSP boot, which has no SEC2 booter"));
}
END_TEST

/* GH100 unload: no booter; the RISC-V core must halt (GSP RISCV_CPUCTL 0x111388 bit 4, dev_riscv_pri.h). */
START_TEST(gh100_unload_never_halts)
{
	expect("gh100_unload", nvcore_boot_gh100.unload(&d.nd, 1), -ETIMEDOUT,
	       "GSP RISC-V core did not halt after UNLOADING_GUEST_DRIVER (CPUCTL 0x00000000)");
}
END_TEST

START_TEST(fsp_reply_ok)
{
	/* The control: the reply the tests below break is accepted, and FSP is booted. */
	ck_assert_int_eq(fsp_cot(), 0);
	ck_assert_int_eq(fsp_step(NVCORE_BOOT_FSP_SECURE_BOOT), 0);
}
END_TEST

/* The FSP never gets where the driver waits for it: each wait ends, named, after 100 ms. */
START_TEST(fsp_secure_boot_never_completes)
{
	fsp.scratch = 0;
	ck_assert_int_eq(fsp_step(NVCORE_BOOT_FSP_SECURE_BOOT), -ETIMEDOUT);
	ck_assert(kshim_log_contains(
		"FSP secure boot did not complete in 100 ms (NV_THERM_I2CS_SCRATCH 0x00000000, expected 0xff)"));
}
END_TEST

START_TEST(fsp_command_queue_never_drains)
{
	fsp.qhead = 4;		/* an earlier message still unread */
	ck_assert_int_eq(fsp_cot(), -ETIMEDOUT);
	ck_assert(kshim_log_contains(
		"FSP command queue did not drain in 100 ms (QUEUE_HEAD 0x4, QUEUE_TAIL 0x0)"));
}
END_TEST

START_TEST(fsp_never_answers)
{
	fsp.head = fsp.tail;	/* the reply queue stays empty */
	ck_assert_int_eq(fsp_cot(), -ETIMEDOUT);
	ck_assert(kshim_log_contains("FSP did not answer the COT message in 100 ms"));
}
END_TEST

static const struct {
	const char *name;
	uint32_t head, tail;	/* the reply queue; 0/0: the good one's */
	int word;		/* reply dword replaced, -1: none */
	uint32_t val;
	const char *want;
} bad_fsp[] = {
	/* RESP_MSG: 8 header bytes + taskId, commandNvdmType, errorCode = 20 bytes. */
	{ "reply_too_short", 0, 4, -1, 0, "FSP response is 8 bytes, expected at least 20" },
	/* Tail one word behind head: a naive tail - head + 4 reads 0 bytes. */
	{ "queue_backwards", 0x10, 0xc, -1, 0, "FSP reply queue is corrupt (MSGQ_HEAD 0x10, MSGQ_TAIL 0xc)" },
	{ "head_unaligned", 0x2, 0x10, -1, 0, "FSP reply queue is corrupt (MSGQ_HEAD 0x2, MSGQ_TAIL 0x10)" },
	{ "tail_unaligned", 0, 0x12, -1, 0, "FSP reply queue is corrupt (MSGQ_HEAD 0x0, MSGQ_TAIL 0x12)" },
	/* The channel is 1 KiB (NV_FSP_EMEM_CHANNEL_SIZE): a last word at 0x400 is past it. */
	{ "queue_past_channel", 0, 0x400, -1, 0, "FSP reply queue is corrupt (MSGQ_HEAD 0x0, MSGQ_TAIL 0x400)" },
	{ "not_single_packet", 0, 0, 0, 0x80000000,
	  "FSP response MCTP header 0x80000000 is not a single packet (SOM|EOM)" },
	{ "not_a_response", 0, 0, 1, 0x1410de7e,
	  "FSP response NVDM header 0x1410de7e, expected 0x1510de7e (FSP_RESPONSE)" },
	{ "answers_other_type", 0, 0, 3, 0x13, "FSP response answers NVDM type 0x13, expected COT (0x14)" },
};

START_TEST(fsp_reply_refused)
{
	if (bad_fsp[_i].tail) {
		fsp.head = bad_fsp[_i].head;
		fsp.tail = bad_fsp[_i].tail;
	}
	if (bad_fsp[_i].word >= 0)
		fsp.words[bad_fsp[_i].word] = bad_fsp[_i].val;
	expect(bad_fsp[_i].name, fsp_cot(), -EPROTO, bad_fsp[_i].want);
}
END_TEST

/*
 * PREPARE's checks of what the COT message will carry (protocol.md §3.6
 * step 2; nouveau fsp/gh100.c gh100_fsp_cot: a SHA-384 hash of 48 bytes,
 * RSA-3K public key and signature of 384 bytes) and of the FB GSP-RM needs
 * (at least 1 GiB): each blob one byte off, the FB 1 MiB short.  The rows
 * after the first run with exactly 1 GiB, which passes.
 */
static const struct {
	const char *name;
	uint32_t fb_mib;
	size_t image, hash, key, sig;
	int err;
	const char *want;
} bad_prepares[] = {
	{ "fb_too_small", 1023, 384, 48, 384, 384, -ENODEV,
	  "usable FB size 1023 MiB is too small for GSP-RM" },
	{ "image_empty", 1024, 0, 48, 384, 384, -EINVAL, "GSP-FMC image is empty" },
	{ "hash_short", 1024, 384, 47, 384, 384, -EINVAL,
	  "GSP-FMC hash is 47 bytes, the FSP COT message needs 48" },
	{ "key_short", 1024, 384, 48, 383, 384, -EINVAL,
	  "GSP-FMC public key is 383 bytes, the FSP COT message needs 384" },
	{ "signature_long", 1024, 384, 48, 384, 385, -EINVAL,
	  "GSP-FMC signature is 385 bytes, the FSP COT message needs 384" },
};

START_TEST(gh100_prepare_refused)
{
	static const uint8_t bytes[385];

	fsp.fb_mib = bad_prepares[_i].fb_mib;
	d.nd.fw.fmc_image = (struct nvcore_fw_blob){ bytes, bad_prepares[_i].image };
	d.nd.fw.fmc_hash = (struct nvcore_fw_blob){ bytes, bad_prepares[_i].hash };
	d.nd.fw.fmc_pubkey = (struct nvcore_fw_blob){ bytes, bad_prepares[_i].key };
	d.nd.fw.fmc_sig = (struct nvcore_fw_blob){ bytes, bad_prepares[_i].sig };
	expect(bad_prepares[_i].name, fsp_step(NVCORE_BOOT_PREPARE), bad_prepares[_i].err,
	       bad_prepares[_i].want);
}
END_TEST

/* ---- FWSEC in the VBIOS (protocol.md §4.5) ---------------------------------------- */

static int no_dma_read(void *ctx, uint64_t addr, void *buf, size_t len)
{
	return -1;
}

static int no_dma_write(void *ctx, uint64_t addr, const void *buf, size_t len)
{
	return -1;
}

static void no_irq(void *ctx, int level)
{
}

/* The model's VBIOS, read through its PROM window (BAR0 0x300000, 1 MiB). */
static uint8_t *model_rom(size_t *len)
{
	struct gspm_host_ops ops = { .dma_read = no_dma_read, .dma_write = no_dma_write,
				     .set_irq = no_irq };
	struct gspm_config cfg = { .chip = GSPM_CHIP_GA102, .fw_release = "570.144",
				   .fw_dir = NVCORE_TEST_FW_DIR };
	char err[256];
	struct gspm *m = gspm_create(&cfg, &ops, err, sizeof(err));
	uint8_t *rom = malloc(0x100000);
	uint32_t v;

	ck_assert_msg(m, "gspm_create: %s", err);
	for (uint32_t off = 0; off < 0x100000; off += 4) {
		v = gspm_mmio_read32(m, 0x300000 + off);
		memcpy(rom + off, &v, 4);
	}
	gspm_destroy(m);
	*len = 0x100000;
	return rom;
}

START_TEST(fwsec_imem_beyond_falcon)
{
	struct nvcore_vbios_fwsec fw;
	uint8_t *rom = model_rom(&d.rom_len);
	size_t desc;
	uint32_t base;

	d.rom = rom;
	/* Unchanged, the model's FWSEC is found; its descriptor precedes the signatures. */
	ck_assert_int_eq(nvcore_vbios_fwsec_get(&d.nd, &fw), 0);
	desc = fw.sigs - (const u8 *)fw.rom - sizeof(struct nvcore_fwsec_desc_v3);
	nvcore_vbios_fwsec_put(&fw);

	/* FalconUCodeDescV3.IMEMPhysBase at +0x10: end one 256-byte block past 64 KiB. */
	base = 0x10000 - ((struct nvcore_fwsec_desc_v3 *)(rom + desc))->imem_load_size + 0x100;
	memcpy(rom + desc + 0x10, &base, 4);
	ck_assert_int_eq(nvcore_vbios_fwsec_get(&d.nd, &fw), -EINVAL);
	ck_assert(kshim_log_contains("VBIOS: FWSEC loads beyond the falcon's 0x10000-byte IMEM/DMEM"));
}
END_TEST

START_TEST(fwsec_dmem_beyond_falcon)
{
	struct nvcore_vbios_fwsec fw;
	uint8_t *rom = model_rom(&d.rom_len);
	size_t desc;
	uint32_t base = 0xffffff00;

	d.rom = rom;
	ck_assert_int_eq(nvcore_vbios_fwsec_get(&d.nd, &fw), 0);
	desc = fw.sigs - (const u8 *)fw.rom - sizeof(struct nvcore_fwsec_desc_v3);
	nvcore_vbios_fwsec_put(&fw);

	/* DMEMPhysBase at +0x1c: 0xffffff00 + the load size wraps past 32 bits. */
	memcpy(rom + desc + 0x1c, &base, 4);
	ck_assert_int_eq(nvcore_vbios_fwsec_get(&d.nd, &fw), -EINVAL);
	ck_assert(kshim_log_contains("DMEM 0xffffff00 +"));
}
END_TEST

/* ---- the VBIOS walk to FWSEC (protocol.md §4.5) ----------------------------------- */

/*
 * A VBIOS built by hand with the layouts nova-core's vbios.rs reads (the
 * offsets the driver must honour; every number below is worked out here):
 *  - three PCI expansion ROM images (PCI Firmware spec 3.0: 55 aa, the PCIR
 *    pointer at 0x18; PCIR: "PCIR", its length at 0x0a, the image length in
 *    512-byte blocks at 0x10, the code type at 0x14, bit 7 of 0x15 "last"):
 *    PC-AT (type 0x00) at 0x0, 0x400 bytes; FWSEC (0xe0) at 0x400, 0x200
 *    bytes; FWSEC, last, at 0x600, 0x1000 bytes; each PCIR at +0x20;
 *  - in the PC-AT image the BIT table at 0x100 (ff b8 "BIT\0", version,
 *    header size 12 at +8, token size 6 at +9, 2 tokens at +10): tokens at
 *    0x10c and 0x112 (id, version, data size u16, data offset u16); the
 *    second is the falcon data token 'p' (0x70), its data at 0x200: the
 *    falcon ucode table's pointer 0x700, counted from the start of the
 *    PC-AT image with the FWSEC images following it (ROM 0x700, 0x100 into
 *    the second FWSEC image);
 *  - the falcon ucode table at 0x700: version 1, header 4, entries of 6
 *    bytes, 1 entry: app id 0x85 (FWSEC_PROD), the descriptor pointer
 *    0x800 (ROM 0x800, 0x200 into the second FWSEC image);
 *  - FalconUCodeDescV3 at 0x800 (44 bytes; hdr: version 3 in 15:8, size
 *    0x1ac = 44 + one 384-byte signature in 31:16), its signature at 0x82c,
 *    the ucode at 0x800 + 0x1ac = 0x9ac: IMEM 0x100 bytes, then DMEM 0x400
 *    bytes at 0xaac;
 *  - in DMEM (nova-core fwsec.rs, nouveau nvkm_gsp_fwsec_patch): the app
 *    interface table at DMEM 0 (interface_offset 0: version 1, header 4,
 *    entries of 8 bytes, 1 entry: id 4 DMEMMAPPER at DMEM 0x20), the
 *    DMEMMAPPER's command buffer offset (+8) 0x80, the signature slot
 *    (pkc_data_offset) DMEM 0x100.
 */
#define ROM_LEN		0x1600
#define DESC		0x800
#define DMEM		0xaac

static void put16(uint8_t *p, uint16_t v)
{
	memcpy(p, &v, 2);
}

static void put32(uint8_t *p, uint32_t v)
{
	memcpy(p, &v, 4);
}

static void rom_image(uint8_t *r, uint32_t off, uint16_t blocks, uint8_t type, bool last)
{
	put16(r + off, 0xaa55);
	put16(r + off + 0x18, 0x20);
	memcpy(r + off + 0x20, "PCIR", 4);
	put16(r + off + 0x20 + 0x0a, 24);
	put16(r + off + 0x20 + 0x10, blocks);
	r[off + 0x20 + 0x14] = type;
	r[off + 0x20 + 0x15] = last ? 0x80 : 0;
}

static uint8_t *hand_rom(void)
{
	static const uint8_t bit[] = { 0xff, 0xb8, 'B', 'I', 'T', 0, 0, 1, 12, 6, 2, 0,
				       0x32, 1, 4, 0, 0, 0, 0x70, 1, 4, 0, 0x00, 0x02 };
	static const uint8_t table[] = { 1, 4, 6, 1, 0x85, 0, 0x00, 0x08, 0, 0 };
	static const uint32_t desc[] = { 0x1ac << 16 | 3 << 8 | 1, 0x500, 0x100, 0, 0, 0x100, 0, 0,
					 0x400, 1 << 24 | 1 << 16 | 0x400, 1 };
	uint8_t *r = calloc(1, ROM_LEN);

	rom_image(r, 0, 2, 0x00, false);
	rom_image(r, 0x400, 1, 0xe0, false);
	rom_image(r, 0x600, 8, 0xe0, true);
	memcpy(r + 0x100, bit, sizeof(bit));
	put32(r + 0x200, 0x700);
	memcpy(r + 0x700, table, sizeof(table));
	memcpy(r + DESC, desc, sizeof(desc));
	put32(r + DMEM, 0x01080401);	/* version 1, header 4, entry 8, 1 entry */
	put32(r + DMEM + 4, 4);
	put32(r + DMEM + 8, 0x20);
	put32(r + DMEM + 0x20 + 8, 0x80);
	d.rom = r;
	d.rom_len = ROM_LEN;
	return r;
}

/* Up to two edits of the hand-built ROM: @w bytes (1, 2, 4) of @val at @off. */
struct poke {
	uint32_t off;
	uint8_t w;
	uint32_t val;
};

static void apply(uint8_t *r, const struct poke *p, unsigned int n)
{
	for (unsigned int i = 0; i < n; i++)
		if (p[i].w)
			memcpy(r + p[i].off, &p[i].val, p[i].w);
}

START_TEST(vbios_hand_built)
{
	struct nvcore_vbios_fwsec fw;
	uint8_t *r = hand_rom();

	/* The control: found where the layout above puts it. */
	ck_assert_int_eq(nvcore_vbios_fwsec_get(&d.nd, &fw), 0);
	ck_assert_int_eq(fw.sigs - (const uint8_t *)fw.rom, 0x82c);
	ck_assert_int_eq(fw.ucode - (const uint8_t *)fw.rom, 0x9ac);
	ck_assert_uint_eq(fw.ucode_size, 0x500);
	ck_assert_int_eq(memcmp(fw.ucode + 0x100, r + DMEM, 0x40), 0);
	nvcore_vbios_fwsec_put(&fw);
}
END_TEST

static const struct {
	const char *name;
	struct poke p[2];
	const char *want;
} bad_roms[] = {
	/* The last image's PCIR length 0xffff blocks: 0x1fffe00 bytes from 0x600, past 1 MiB. */
	{ "image_past_prom", { { 0x630, 2, 0xffff } },
	  "VBIOS: image at 0x600 (0x1fffe00 bytes) runs past the PROM window (0x100000 bytes)" },
	{ "bad_rom_signature", { { 0x400, 2, 0x1234 } },
	  "VBIOS: image at 0x400: bad ROM signature 0x1234" },
	/* The header read is 0x400 bytes: a 24-byte PCIR at 0x3f0 ends at 0x408. */
	{ "pcir_past_header", { { 0x18, 2, 0x3f0 } },
	  "VBIOS: image at 0x0: PCIR offset 0x3f0 beyond the header (0x400 bytes)" },
	/* ... at 0x3e8 it ends at 0x400, inside: read, and zeros are no "PCIR". */
	{ "pcir_at_header_end", { { 0x18, 2, 0x3e8 } },
	  "VBIOS: image at 0x0: bad PCIR signature 00 00 00 00" },
	{ "bad_pcir_signature", { { 0x423, 1, 'X' } },
	  "VBIOS: image at 0x400: bad PCIR signature 50 43 49 58" },
	{ "pcir_length_zero", { { 0x30, 2, 0 } }, "VBIOS: image at 0x0: PCIR image length 0" },
	/* The first image an EFI one (type 0x03). */
	{ "no_pc_at", { { 0x34, 1, 0x03 } },
	  "VBIOS: missing the PC-AT image (found PC-AT 0, FWSEC 2)" },
	/* The first FWSEC image marked last. */
	{ "one_fwsec", { { 0x435, 1, 0x80 } },
	  "VBIOS: missing the second FWSEC image (found PC-AT 1, FWSEC 1)" },
	{ "no_bit", { { 0x102, 1, 'b' } }, "VBIOS: no BIT table in the PC-AT image (0x400 bytes)" },
	{ "bit_token_size", { { 0x109, 1, 5 } }, "VBIOS: BIT token size 5 is too small" },
	/* 255 tokens of 6 bytes from 0x10c, none 'p': token 126 starts at 0x10c + 756 = 0x400. */
	{ "bit_tokens_past_image", { { 0x10a, 1, 0xff }, { 0x112, 1, 0x71 } },
	  "VBIOS: BIT token 126 at 0x400 beyond the PC-AT image (0x400 bytes)" },
	{ "no_falcon_data_token", { { 0x112, 1, 0x71 } },
	  "VBIOS: BIT table has no falcon data token" },
	/* The u32 it points at would end at 0x401. */
	{ "falcon_data_past_image", { { 0x116, 2, 0x3fd } },
	  "VBIOS: falcon data token offset 0x3fd beyond the PC-AT image (0x400 bytes)" },
	{ "falcon_data_inside_pc_at", { { 0x200, 4, 0x3ff } },
	  "VBIOS: falcon data pointer 0x3ff inside the PC-AT image" },
	/* 0x15fd - 0x400 - 0x200 = 0xffd: 3 bytes left of the second FWSEC image, the header is 4. */
	{ "ucode_table_past_images", { { 0x200, 4, 0x15fd } },
	  "VBIOS: falcon ucode table pointer 0x15fd beyond the FWSEC images" },
	/* 4 + 255 * 255 bytes from 0x100: more than the 0xf00 left. */
	{ "ucode_table_past_image", { { 0x702, 1, 0xff }, { 0x703, 1, 0xff } },
	  "VBIOS: falcon ucode table (header 4, 255 entries of 255 bytes) does not fit its image" },
	{ "ucode_table_entry_short", { { 0x702, 1, 5 } },
	  "VBIOS: falcon ucode table (header 4, 1 entries of 5 bytes) does not fit its image" },
	{ "no_fwsec_entry", { { 0x704, 1, 0x86 } },
	  "VBIOS: falcon ucode table has no FWSEC entry (app id 0x85)" },
	{ "desc_in_pc_at", { { 0x706, 4, 0x3ff } },
	  "VBIOS: FWSEC descriptor pointer 0x3ff is not in the second FWSEC image" },
	{ "desc_in_first_fwsec", { { 0x706, 4, 0x5ff } },
	  "VBIOS: FWSEC descriptor pointer 0x5ff is not in the second FWSEC image" },
	{ "desc_past_images", { { 0x706, 4, 0x1600 } },
	  "VBIOS: FWSEC descriptor pointer 0x1600 is not in the second FWSEC image" },
	/* 0x15d5 is 0xfd5 into the 0x1000-byte image: 43 bytes left for 44. */
	{ "desc_past_image", { { 0x706, 4, 0x15d5 } },
	  "VBIOS: FWSEC descriptor at 0xfd5 runs past its image (0x1000 bytes)" },
	{ "desc_v2", { { DESC + 1, 1, 2 } },
	  "VBIOS: FWSEC has a v2 descriptor, which needs the falcon bootloader nvidia/ga102/acr/bl.bin; nvcore runs v3 FWSEC only" },
	{ "desc_v4", { { DESC + 1, 1, 4 } }, "VBIOS: FWSEC descriptor version 4, expected 3" },
	{ "desc_size_short", { { DESC + 2, 2, 43 } }, "VBIOS: FWSEC descriptor size 43 is smaller than 44" },
	/* The ucode at 0x3ac of the image: 0xc54 bytes left, 0x855 + 0x400 is one more. */
	{ "ucode_past_image", { { DESC + 0x14, 4, 0x855 } },
	  "VBIOS: FWSEC ucode (IMEM 0x855 + DMEM 0x400 bytes at 0x3ac) does not fit its image (0x1000 bytes)" },
	{ "imem_empty", { { DESC + 0x14, 4, 0 } },
	  "VBIOS: FWSEC ucode (IMEM 0x0 + DMEM 0x400 bytes at 0x3ac)" },
	{ "dmem_empty", { { DESC + 0x20, 4, 0 } },
	  "VBIOS: FWSEC ucode (IMEM 0x100 + DMEM 0x0 bytes at 0x3ac)" },
	/* 0xfffffd00 + 0x400 wraps to 0x100, which would fit. */
	{ "ucode_size_wraps", { { DESC + 0x14, 4, 0xfffffd00 } },
	  "VBIOS: FWSEC ucode (IMEM 0xfffffd00 + DMEM 0x400 bytes at 0x3ac)" },
	/* Descriptor size 0xffff: the ucode would start at 0x200 + 0xffff = 0x101ff. */
	{ "ucode_start_past_image", { { DESC + 2, 2, 0xffff } },
	  "VBIOS: FWSEC ucode (IMEM 0x100 + DMEM 0x400 bytes at 0x101ff)" },
	/* 0x200 + 44 + 10 * 384 = 0x112c; 9 would end at 0xfac, inside. */
	{ "signatures_past_image", { { DESC + 0x27, 1, 10 } },
	  "VBIOS: 10 FWSEC signatures run past the image (0x112c > 0x1000)" },
};

START_TEST(vbios_refused)
{
	struct nvcore_vbios_fwsec fw;

	apply(hand_rom(), bad_roms[_i].p, ARRAY_SIZE(bad_roms[_i].p));
	expect(bad_roms[_i].name, nvcore_vbios_fwsec_get(&d.nd, &fw), -EINVAL, bad_roms[_i].want);
}
END_TEST

/*
 * FWSEC's interfaces, patched before it runs (fwsec.c; the layout in
 * hand_rom's comment): DMEM is 0x400 bytes.  Each refusal comes before the
 * falcon is touched.
 */
#define FRTS_OFF	0x1000
#define FRTS_SIZE	0x100000

static const struct {
	const char *name;
	struct poke p[2];
	uint64_t frts_off;	/* 0: FRTS_OFF */
	const char *want;
} bad_fwsecs[] = {
	/* interface_offset 0x3fd: 3 bytes of DMEM left for the 4-byte header. */
	{ "appif_past_ucode", { { DESC + 0xc, 4, 0x3fd } }, 0,
	  "FWSEC: interface table offset 0x3fd outside the ucode (0x500 bytes)" },
	/* 0x100 + 0xffffffff wraps to 0xff, inside IMEM. */
	{ "appif_offset_wraps", { { DESC + 0xc, 4, 0xffffffff } }, 0,
	  "FWSEC: interface table offset 0xffffffff outside the ucode (0x500 bytes)" },
	{ "appif_version", { { DMEM, 1, 2 } }, 0, "FWSEC: interface table version 2, expected 1" },
	/* 4 + 128 * 8 = 0x404 bytes in 0x400; 127 entries would fit. */
	{ "appif_past_dmem", { { DMEM + 3, 1, 128 } }, 0,
	  "FWSEC: interface table (header 4, 128 entries of 8 bytes) runs past the ucode" },
	{ "appif_entry_short", { { DMEM + 2, 1, 7 } }, 0,
	  "FWSEC: interface table (header 4, 1 entries of 7 bytes) runs past the ucode" },
	{ "no_dmemmapper", { { DMEM + 4, 4, 5 } }, 0, "FWSEC: no DMEMMAPPER interface" },
	/* The 0x40-byte DMEMMAPPER at 0x3c1 ends at 0x401. */
	{ "dmemmapper_past_dmem", { { DMEM + 8, 4, 0x3c1 } }, 0,
	  "FWSEC: DMEMMAPPER at DMEM 0x3c1 outside the data (0x400 bytes)" },
	/* FRTS's command (ReadVbios 24 + FrtsRegion 20 bytes) at 0x3e0 ends at 0x40c. */
	{ "frts_command_past_dmem", { { DMEM + 0x28, 4, 0x3e0 } }, 0,
	  "FWSEC: command buffer at DMEM 0x3e0 outside the data (0x400 bytes)" },
	/* The RSA-3K signature (384 bytes) at 0x281 ends at 0x401. */
	{ "signature_past_dmem", { { DESC + 8, 4, 0x281 } }, 0,
	  "FWSEC: signature location DMEM 0x281 outside the data (0x400 bytes)" },
	/* The signature pick (hw-fidelity.md "Falcon operations" 4): fuse registers
	 * exist for ucode ids 1..16 (dev_fuse.h NV_FUSE_OPT_FPF_*_UCODE1..16_VERSION)
	 * of SEC2 (mask bit 0), NVDEC (2) and GSP (10). */
	{ "ucode_id_0", { { DESC + 0x26, 1, 0 } }, 0, "FWSEC: ucode id 0 outside 1..16" },
	{ "ucode_id_17", { { DESC + 0x26, 1, 17 } }, 0, "FWSEC: ucode id 17 outside 1..16" },
	{ "engine_unknown", { { DESC + 0x24, 2, 0x2 } }, 0,
	  "FWSEC: engine id mask 0x2 names no known falcon" },
	{ "no_signatures", { { DESC + 0x27, 1, 0 } }, 0, "FWSEC: no signatures" },
	/* FrtsRegion counts 4 KiB pages in u32s. */
	{ "frts_unaligned", { { 0 } }, 0x800,
	  "FWSEC: FRTS region 0x800+0x100000 cannot be expressed in 4 KiB units" },
	{ "frts_past_u32_pages", { { 0 } }, 1ull << 44,
	  "FWSEC: FRTS region 0x100000000000+0x100000 cannot be expressed in 4 KiB units" },
};

START_TEST(fwsec_refused)
{
	uint64_t off = bad_fwsecs[_i].frts_off ? bad_fwsecs[_i].frts_off : FRTS_OFF;

	apply(hand_rom(), bad_fwsecs[_i].p, ARRAY_SIZE(bad_fwsecs[_i].p));
	expect(bad_fwsecs[_i].name, nvcore_fwsec_frts(&d.nd, off, FRTS_SIZE, 1), -EINVAL,
	       bad_fwsecs[_i].want);
}
END_TEST

/* SB's command is ReadVbios alone (24 bytes): at 0x3e0 it ends at 0x3f8, inside. */
START_TEST(fwsec_sb_command_is_shorter)
{
	uint8_t *r = hand_rom();

	put32(r + DMEM + 0x28, 0x3e0);
	put32(r + DESC + 8, 0x281);	/* so that SB stops at the next check */
	ck_assert_int_eq(nvcore_fwsec_sb(&d.nd, 1), -EINVAL);
	ck_assert(!kshim_log_contains("command buffer"));
	ck_assert(kshim_log_contains("FWSEC: signature location DMEM 0x281 outside the data (0x400 bytes)"));
}
END_TEST

/* GA100 (nouveau tu102_gsp_fwsec, no signature hook) takes signature 0: none is an error. */
START_TEST(fwsec_ga100_without_signatures)
{
	put32(hand_rom() + DESC + 0x24, 1 << 16 | 0x400);	/* signature_count 0 */
	d.nd.chip.legacy_hs = true;
	ck_assert_int_eq(nvcore_fwsec_frts(&d.nd, FRTS_OFF, FRTS_SIZE, 1), -EINVAL);
	ck_assert(kshim_log_contains("FWSEC: no signatures"));
}
END_TEST

/*
 * FWSEC's result, read after it halts (fwsec.c; nouveau nvkm_gsp_fwsec_frts /
 * _sb, OGKM s_executeFwsec_TU102).  The run is GA100's (PIO load, no
 * polls but CPUCTL.HALTED), the registers answer from `res`
 * (dev_falcon_v4.h: GSP MAILBOX0 0x110040, CPUCTL 0x110100 HALTED bit 4;
 * dev_bus.h NV_PBUS_SW_SCRATCH(i) 0x1400 + 4i: FRTS's error in 0x0e 31:16,
 * SB's in 0x15 15:0; dev_fb.h WPR2_ADDR_LO 0x1fa824 (the address >> 12 in
 * 31:4), _HI 0x1fa828; dev_gc6_island.h GROUP_05_PRIV_LEVEL_MASK 0x118128
 * (bit 0: level 0 may read), GROUP_05_0 0x118234 (GFW boot progress 7:0,
 * 0xff completed)).  FRTS at 0x1000 is WPR2_ADDR_LO 0x10.
 */
static struct {
	uint32_t mbox0, scratch_0e, wpr2_lo, wpr2_hi, scratch_15, plm, gfw, sec2_mbox0;
} res;

static uint32_t res_reg(void *ctx, uint32_t off)
{
	switch (off) {
	case 0x110040:
		return res.mbox0;
	case 0x840040:		/* SEC2's MAILBOX0 (dev_sec_pri.h: SEC2 at 0x840000) */
		return res.sec2_mbox0;
	case 0x110100:
	case 0x840100:
		return 1u << 4;
	case 0x1438:
		return res.scratch_0e;
	case 0x1454:
		return res.scratch_15;
	case 0x1fa824:
		return res.wpr2_lo;
	case 0x1fa828:
		return res.wpr2_hi;
	case 0x118128:
		return res.plm;
	case 0x118234:
		return res.gfw;
	}
	return 0;
}

static const struct {
	const char *name;
	bool sb;
	uint32_t *reg, val;	/* the register changed from the good result; NULL: none */
	const char *want;	/* NULL: accepted */
} fwsec_results[] = {
	{ "frts_ok", false, NULL, 0, NULL },
	{ "frts_mailbox", false, &res.mbox0, 0xbad, "FWSEC-FRTS failed: GSP MAILBOX0 = 0x00000bad" },
	{ "frts_error", false, &res.scratch_0e, 0x50000,
	  "FWSEC-FRTS failed: NV_PBUS_SW_SCRATCH_0E = 0x00050000 (error 0x0005)" },
	{ "frts_scratch_low_half", false, &res.scratch_0e, 0xffff, NULL },
	{ "frts_no_wpr2", false, &res.wpr2_hi, 0,
	  "FWSEC-FRTS did not raise WPR2: WPR2_ADDR_HI = 0 (LO = 0x00000010)" },
	{ "frts_wpr2_elsewhere", false, &res.wpr2_lo, 0x20,
	  "FWSEC-FRTS put WPR2 at 0x2000 (WPR2_ADDR_LO = 0x00000020), expected the FRTS offset 0x1000" },
	{ "sb_ok", true, NULL, 0, NULL },
	{ "sb_mailbox", true, &res.mbox0, 0xbad, "FWSEC-SB failed: GSP MAILBOX0 = 0x00000bad" },
	{ "sb_error", true, &res.scratch_15, 7,
	  "FWSEC-SB failed: NV_PBUS_SW_SCRATCH_15 = 0x00000007 (error 0x0007)" },
	{ "sb_scratch_high_half", true, &res.scratch_15, 0xffff0000, NULL },
	{ "sb_plm_raised", true, &res.plm, 0, "FWSEC-SB left the GFW PLM raised (0x00000000)" },
	{ "sb_gfw_not_done", true, &res.gfw, 0xfe, "FWSEC-SB left GFW boot progress at 0xfe" },
	{ "sb_gfw_done_high_bits", true, &res.gfw, 0x1ff, NULL },
};

START_TEST(fwsec_result)
{
	int ret;

	hand_rom();
	d.nd.chip.legacy_hs = true;
	d.reg = res_reg;
	res = (typeof(res)){ .wpr2_lo = 0x10, .wpr2_hi = 0x20, .plm = 1, .gfw = 0xff };
	if (fwsec_results[_i].reg)
		*fwsec_results[_i].reg = fwsec_results[_i].val;
	ret = fwsec_results[_i].sb ? nvcore_fwsec_sb(&d.nd, 1) :
				     nvcore_fwsec_frts(&d.nd, FRTS_OFF, FRTS_SIZE, 1);
	expect(fwsec_results[_i].name, ret, fwsec_results[_i].want ? -EIO : 0, fwsec_results[_i].want);
}
END_TEST

/* A booter that halts on SEC2 with MAILBOX0 non-zero failed (nouveau nvkm_falcon_fw_boot). */
START_TEST(booter_failed)
{
	static const uint8_t code[0x100];
	const struct nvcore_falcon_ucode uc = { .pio = true, .imem = code, .imem_size = 0x100,
						.dmem = code, .dmem_size = 0x100 };

	d.nd.chip.legacy_hs = true;
	d.reg = res_reg;
	res = (typeof(res)){ .sec2_mbox0 = 0 };
	ck_assert_int_eq(nvcore_booter_run(&d.nd, &uc, 0, 1), 0);
	res.sec2_mbox0 = 0xbad;
	expect("booter", nvcore_booter_run(&d.nd, &uc, 0, 1), -EIO,
	       "booter failed on SEC2: MAILBOX0 = 0x00000bad, MAILBOX1 = 0x00000000");
}
END_TEST

/*
 * GA10x unload (protocol.md §3.7; nouveau r535_gsp_fini, OGKM
 * kgspUnloadRm_IMPL): GSP must report suspended (MAILBOX0 0x80000000) after
 * UNLOADING_GUEST_DRIVER, and booter-unload must take WPR2 down.
 */
START_TEST(ga102_unload_never_suspends)
{
	expect("ga102_unload", nvcore_boot_ga102.unload(&d.nd, 1), -ETIMEDOUT,
	       "GSP did not suspend after UNLOADING_GUEST_DRIVER (MAILBOX0 0x00000000)");
}
END_TEST

START_TEST(ga102_unload_leaves_wpr2_up)
{
	static const uint8_t code[0x100];

	hand_rom();
	d.nd.chip.legacy_hs = true;
	d.reg = res_reg;
	/* Suspended; the booter halts with MAILBOX0 0, WPR2_ADDR_HI still set. */
	res = (typeof(res)){ .mbox0 = 0x80000000, .wpr2_hi = 0x20, .plm = 1, .gfw = 0xff };
	d.nd.fw.unload = (struct nvcore_falcon_ucode){ .pio = true, .imem = code, .imem_size = 0x100,
						      .dmem = code, .dmem_size = 0x100 };
	expect("ga102_unload", nvcore_boot_ga102.unload(&d.nd, 1), -EIO,
	       "WPR2 is still up after booter-unload");
}
END_TEST

/*
 * Whether a ucode can be loaded at all (falcon.c; hw-fidelity.md "Falcon
 * operations"): inside the 64 KiB IMEM and DMEM; by PIO (GA100) code and
 * OS code on 256-byte IMEM blocks, data on a DMEM word, neither empty; by
 * DMA the IMEM tag on a 256-byte block.
 */
static const struct {
	const char *name;
	struct nvcore_falcon_ucode uc;
	const char *want;	/* NULL: loadable */
} ucodes[] = {
	{ "dma_ok", { .imem_size = 0x100, .dmem_size = 0x100, .imem_virt = 0x100 }, NULL },
	{ "pio_ok", { .pio = true, .imem_size = 0x100, .imem_dst = 0x100, .os_code_size = 0x100,
		      .dmem_size = 0x100, .dmem_dst = 4 }, NULL },
	/* 0xff00 + 0x200 ends at 0x10100. */
	{ "code_past_imem", { .imem_size = 0x200, .imem_dst = 0xff00, .dmem_size = 0x100 },
	  "test: ucode beyond the falcon's 0x10000-byte IMEM/DMEM (code 0x200 bytes at IMEM 0xff00, OS code 0x0 at 0x0, data 0x100 bytes at DMEM 0x0)" },
	{ "os_code_past_imem", { .pio = true, .imem_size = 0x100, .os_code_size = 1,
				 .os_code_dst = 0x10000, .dmem_size = 0x100 },
	  "test: ucode beyond the falcon's 0x10000-byte IMEM/DMEM (code 0x100 bytes at IMEM 0x0, OS code 0x1 at 0x10000" },
	/* 0xffffff00 + 0x100 wraps to 0. */
	{ "data_wraps", { .imem_size = 0x100, .dmem_size = 0x100, .dmem_dst = 0xffffff00 },
	  "data 0x100 bytes at DMEM 0xffffff00)" },
	{ "pio_code_unaligned", { .pio = true, .imem_size = 0x100, .imem_dst = 0x80, .dmem_size = 0x100 },
	  "test: bad PIO ucode layout (OS code 0x0 at 0x0, code 0x100 at 0x80, data 0x100 at 0x0)" },
	{ "pio_os_code_unaligned", { .pio = true, .imem_size = 0x100, .imem_dst = 0x100,
				     .os_code_size = 0x10, .os_code_dst = 0x10, .dmem_size = 0x100 },
	  "test: bad PIO ucode layout (OS code 0x10 at 0x10, code 0x100 at 0x100" },
	{ "pio_data_unaligned", { .pio = true, .imem_size = 0x100, .dmem_size = 0x100, .dmem_dst = 2 },
	  "test: bad PIO ucode layout (OS code 0x0 at 0x0, code 0x100 at 0x0, data 0x100 at 0x2)" },
	{ "pio_no_code", { .pio = true, .dmem_size = 0x100 },
	  "test: bad PIO ucode layout (OS code 0x0 at 0x0, code 0x0 at 0x0, data 0x100 at 0x0)" },
	{ "pio_no_data", { .pio = true, .imem_size = 0x100 },
	  "test: bad PIO ucode layout (OS code 0x0 at 0x0, code 0x100 at 0x0, data 0x0 at 0x0)" },
	{ "dma_tag_unaligned", { .imem_size = 0x100, .dmem_size = 0x100, .imem_virt = 0x80 },
	  "test: bad ucode layout (IMEM tag 0x80, code 0x100 bytes, data 0x100 bytes)" },
};

START_TEST(falcon_ucode_layout)
{
	expect(ucodes[_i].name, nvcore_falcon_ucode_check(&d.nd, "test", &ucodes[_i].uc),
	       ucodes[_i].want ? -EINVAL : 0, ucodes[_i].want);
}
END_TEST

/* ---- boot and falcon resets (protocol.md §3.3, §3.4) ------------------------------- */

/*
 * The radix3 map (protocol.md §3.3): one level-1 page of 512 addresses of
 * level-2 pages, each of 512 page addresses, so 512 * 512 * 4 KiB = 1 GiB
 * at most.  A firmware file claiming 1 GiB + 1 byte is refused on the size
 * alone: the one-byte image is never read.
 */
START_TEST(boot_image_too_large_for_radix3)
{
	static const u8 byte;
	struct nvcore_wpr_layout l;

	d.nd.fw.image = &byte;
	d.nd.fw.image_size = (1ul << 30) + 1;
	expect("image_1g_plus_1", nvcore_boot_alloc_common(&d.nd, &l), -E2BIG,
	       "GSP image of 1073741825 bytes is too large for a radix3 map (1 GiB at most)");
}
END_TEST

/*
 * Resetting the GSP into RISC-V mode on a falcon whose HWCFG2 (0x1100f4)
 * reads 0: RESET_READY never comes (waited 150 us, never fatal), the scrub
 * is done, but RISCV (bit 10) is clear.
 */
START_TEST(falcon_reset_without_riscv_core)
{
	expect("hwcfg2_0", nvcore_falcon_reset(&d.nd, 0x110000, true, 1), -ENODEV,
	       "GSP falcon: HWCFG2 reports no RISC-V core");
}
END_TEST

Suite *checks_suite(void)
{
	Suite *s = suite_create("checks");
	TCase *q = tcase_create("msgq");
	TCase *v = tcase_create("fwsec");
	TCase *f = tcase_create("fsp");

	tcase_add_checked_fixture(q, setup, teardown);
	tcase_add_test(q, msgq_good_element);
	tcase_add_test(q, boot_image_too_large_for_radix3);
	tcase_add_test(q, falcon_reset_without_riscv_core);
	tcase_add_test(q, msgq_read_pointer_out_of_range);
	tcase_add_test(q, msgq_read_pointer_at_count);
	tcase_add_test(q, msgq_write_pointer_out_of_range);
	tcase_add_loop_test(q, msgq_bad_elem_count, 0, ARRAY_SIZE(bad_counts));
	tcase_add_loop_test(q, msgq_bad_rpc_header, 0, ARRAY_SIZE(bad_headers));
	tcase_add_test(q, msgq_rpc_length_beyond_element);
	tcase_add_test(q, msgq_checksum_mismatch);
	tcase_add_test(q, msgq_sequence_gap);
	tcase_add_test(q, msgq_link_bad_count);
	tcase_add_test(q, msgq_send_full_queue);
	tcase_add_loop_test(q, msgq_send_pointer_out_of_range, 0, ARRAY_SIZE(bad_send_ptrs));
	tcase_add_test(q, reply_function_match);
	tcase_add_test(q, reply_function_mismatch);
	tcase_add_test(q, reply_without_command);
	tcase_add_test(q, reply_larger_than_caller);
	tcase_add_test(q, continuation_outside_reply);
	tcase_add_test(q, continuation_overruns_reply);
	tcase_add_test(q, reply_inside_large_reply);
	tcase_add_test(q, static_info_short);
	tcase_add_test(q, event_unknown);
	tcase_add_test(q, event_init_done);
	tcase_add_test(q, event_init_done_failure);
	tcase_add_test(q, seq_reg_store_index);
	tcase_add_test(q, seq_op_past_cmd_index);
	tcase_add_test(q, seq_shorter_than_header);
	tcase_add_test(q, seq_wait_past_init_done);
	tcase_add_loop_test(q, seq_refused, 0, ARRAY_SIZE(bad_seqs));

	tcase_add_loop_test(q, seq_core_resume, 0, ARRAY_SIZE(resumes));
	suite_add_tcase(s, q);

	tcase_add_checked_fixture(f, fsp_setup, teardown);
	tcase_add_test(f, fsp_reply_ok);
	tcase_add_test(f, fsp_secure_boot_never_completes);
	tcase_add_test(f, fsp_command_queue_never_drains);
	tcase_add_test(f, fsp_never_answers);
	tcase_add_test(f, seq_core_resume_without_sec2);
	tcase_add_loop_test(f, fsp_reply_refused, 0, ARRAY_SIZE(bad_fsp));
	tcase_add_loop_test(f, gh100_prepare_refused, 0, ARRAY_SIZE(bad_prepares));
	tcase_add_test(f, gh100_unload_never_halts);
	suite_add_tcase(s, f);

	tcase_add_checked_fixture(v, setup, teardown);
	tcase_set_timeout(v, 60);
	tcase_add_test(v, fwsec_imem_beyond_falcon);
	tcase_add_test(v, fwsec_dmem_beyond_falcon);
	tcase_add_test(v, vbios_hand_built);
	tcase_add_loop_test(v, vbios_refused, 0, ARRAY_SIZE(bad_roms));
	tcase_add_loop_test(v, fwsec_refused, 0, ARRAY_SIZE(bad_fwsecs));
	tcase_add_test(v, fwsec_sb_command_is_shorter);
	tcase_add_test(v, fwsec_ga100_without_signatures);
	tcase_add_loop_test(v, falcon_ucode_layout, 0, ARRAY_SIZE(ucodes));
	tcase_add_loop_test(v, fwsec_result, 0, ARRAY_SIZE(fwsec_results));
	tcase_add_test(v, booter_failed);
	tcase_add_test(v, ga102_unload_never_suspends);
	tcase_add_test(v, ga102_unload_leaves_wpr2_up);
	suite_add_tcase(s, v);
	return s;
}
