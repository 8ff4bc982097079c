// SPDX-License-Identifier: MIT
/*
 * (a) The status-queue receive path: nvcore_msgq_recv, the RPC dispatch
 * (replies, continuation records, events and their payloads, the CPU
 * sequencer) with up to four commands waiting for replies.  The input plays
 * GSP on a bare device (fzdev.c), one operation after another:
 *
 *   byte 0: the release (index into nvcore_fw_releases)
 *   then ops, each a byte (value % OP_NUM) and its arguments:
 *   POST     flags:u8 fn:u16 payload_len:u16 [result:u32] [length:u32] [seq:u32]
 *            [csum_xor:u32] payload: one message of 1 + (flags & 15) pages,
 *            a valid RPC header, the driver's next sequence number and a
 *            correct checksum unless flags 0x10 (result), 0x20 (length),
 *            0x40 (seq), 0x80 (checksum) take them from the input
 *   RAW      len:u16 bytes: posted as they are (every header field fuzzed)
 *   WPTR     u32: GSP's write pointer; RPTR u32: our read pointer (shared memory)
 *   DISPATCH drain the queue (the interrupt's work)
 *   CALL     which:u8 out_max:u16: a command (FREE, RM_CONTROL, RM_ALLOC,
 *            GET_GSP_STATIC_INFO, UNLOADING_GUEST_DRIVER) waits for its reply
 *   RUN      ms:u8: let virtual time pass (waiters poll, time out)
 *
 * Everything (kshim, the device, the queues) is created and destroyed per
 * input; a leak or kernel-API misuse kshim reports aborts the run.
 */
#include "common.h"

enum { OP_POST, OP_RAW, OP_WPTR, OP_RPTR, OP_DISPATCH, OP_CALL, OP_RUN, OP_NUM };

#define MAX_CALLS	4

struct call {
	struct fzdev *d;
	struct nvcore_rpc_req req;
	u8 in[64];
	u8 out[0x20000];
};

static struct call calls[MAX_CALLS];

static const u32 call_fns[] = {
	NV_VGPU_MSG_FUNCTION_FREE, NV_VGPU_MSG_FUNCTION_GSP_RM_CONTROL,
	NV_VGPU_MSG_FUNCTION_GSP_RM_ALLOC, NV_VGPU_MSG_FUNCTION_GET_GSP_STATIC_INFO,
	NV_VGPU_MSG_FUNCTION_UNLOADING_GUEST_DRIVER,
};

static int call_fn(void *arg)
{
	struct call *c = arg;

	return nvcore_rpc(&c->d->nd, &c->req);
}

/* §1.3's checksum over @len bytes (a multiple of 8). */
static u32 csum(const u8 *p, size_t len)
{
	u64 x = 0, w;

	for (size_t i = 0; i < len; i += 8) {
		memcpy(&w, p + i, 8);
		x ^= w;
	}
	return (u32)x ^ (u32)(x >> 32);
}

static void op_post(struct fzdev *d, struct fzin *in)
{
	static u8 m[16 * 0x1000];
	u8 flags = fz_u8(in);
	u32 pages = 1 + (flags & 15), cap = pages * 0x1000 - 0x30;
	u32 fn = fz_u16(in), plen = fz_u16(in), result = 0, seq = d->nd.core->rpc.q.rx_seq, len, sum;
	struct GSP_MSG_QUEUE_ELEMENT *e = (void *)m;
	size_t covered;

	if (flags & 0x10)
		result = fz_u32(in);
	if (plen > cap - 0x20)
		plen = cap - 0x20;
	len = 0x20 + plen;
	if (flags & 0x20)
		len = fz_u32(in);
	if (flags & 0x40)
		seq = fz_u32(in);
	sum = flags & 0x80 ? fz_u32(in) : 0;

	memset(m, 0, pages * 0x1000);
	fz_take(in, m + 0x50, plen);
	e->seqNum = seq;
	e->elemCount = pages;
	e->rpc.header_version = NV_VGPU_MSG_HEADER_VERSION;
	e->rpc.signature = NV_VGPU_MSG_SIGNATURE_VALID;
	e->rpc.length = len;
	e->rpc.function = fn;
	e->rpc.rpc_result = result;
	covered = d->nd.release->csum_whole_elements ? pages * 0x1000 :
		  ALIGN(0x30 + (len < cap ? len : cap), 8);
	e->checkSum = csum(m, covered) ^ sum;
	fzdev_post(d, m, pages * 0x1000);
}

static void op_raw(struct fzdev *d, struct fzin *in)
{
	static u8 m[16 * 0x1000];
	u32 len = fz_u16(in) % sizeof(m);

	if (!len)
		return;
	fz_take(in, m, len);
	fzdev_post(d, m, len);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fzin in = { data, size };
	struct kshim_task *task[MAX_CALLS];
	unsigned int ncalls = 0, i;
	struct fzdev d = { 0 };
	u8 op;

	fzdev_init(&d, "ga102", false,
		   nvcore_fw_releases[fz_u8(&in) % nvcore_fw_num_releases]);
	fzdev_short_timeouts(&d);
	if (fzdev_queues(&d))
		abort();
	while (in.n) {
		op = fz_u8(&in) % OP_NUM;
		switch (op) {
		case OP_POST:
			op_post(&d, &in);
			break;
		case OP_RAW:
			op_raw(&d, &in);
			break;
		case OP_WPTR:
			d.nd.core->rpc.q.stat_tx->writePtr = fz_u32(&in);
			break;
		case OP_RPTR:
			d.nd.core->rpc.q.cmd_rx->readPtr = fz_u32(&in);
			break;
		case OP_DISPATCH:
			nvcore_rpc_dispatch(&d.nd);
			break;
		case OP_CALL: {
			struct call *c = &calls[ncalls];
			u8 which = fz_u8(&in);
			u16 out_max = fz_u16(&in);

			if (ncalls == MAX_CALLS)
				break;
			memset(c, 0, sizeof(*c));
			c->d = &d;
			c->req.function = call_fns[which % ARRAY_SIZE(call_fns)];
			c->req.in = c->in;
			c->req.in_len = sizeof(c->in);
			c->req.out = c->out;
			c->req.out_max = out_max;
			task[ncalls++] = kshim_task_start("fuzz-call", call_fn, c);
			break;
		}
		case OP_RUN:
			kshim_run_for((u64)fz_u8(&in) * 1000000);
			break;
		}
	}
	nvcore_rpc_dispatch(&d.nd);
	for (i = 0; i < ncalls; i++)
		kshim_task_join(task[i]);
	kshim_settle();
	fz_finish(&d);
	return 0;
}
