// SPDX-License-Identifier: MIT
/*
 * The GSP message queues, host side (docs/protocol.md §1).
 *
 * One coherent region holds [PTE array][command queue][status queue].  Both
 * queue headers carry MSGQ_FLAGS_SWAP_RX, so each side keeps its *read*
 * pointer in the rx header of its *own* queue: our read pointer of the
 * status queue lives in the command queue's page and GSP's read pointer of
 * the command queue lives in the status queue's page (§1.2).
 *
 * Everything read back from the shared region (pointers, element headers,
 * lengths, sequence numbers, checksums) is untrusted and checked.
 */
#include <linux/delay.h>
#include <linux/dma-mapping.h>
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "core.h"
#include "regs.h"

#define QUEUE_HDR_SIZE		NVCORE_QUEUE_PAGE	/* header page; entries follow */
#define RX_HDR_OFF		0x20u			/* align_up(sizeof(tx hdr), 16) */
#define ELEM_MAX_PAGES		(GSP_MSG_QUEUE_ELEMENT_SIZE_MAX / NVCORE_QUEUE_PAGE)
/* The element header and the RPC header: read before the rest (§1.3, §2.1). */
#define ELEM_HDRS		(GSP_MSG_QUEUE_ELEMENT_HDR_SIZE + sizeof(struct rpc_message_header_v))

/*
 * Zeroed: dma_alloc_coherent returns zeroed memory on every kernel nvcore
 * builds for (Linux 5.0, "dma-mapping: zero memory returned from
 * dma_alloc_*", which also retired dma_zalloc_coherent), so no memset here
 * (36 MiB of GSP image chunks per boot on 535.x).
 */
int nvcore_dmabuf_alloc(struct nvcore_dev *nd, struct nvcore_dmabuf *b, size_t size)
{
	b->size = ALIGN(size, PAGE_SIZE);
	b->cpu = dma_alloc_coherent(nd->dev, b->size, &b->dma, GFP_KERNEL);
	if (!b->cpu) {
		b->size = 0;
		return -ENOMEM;
	}
	return 0;
}

void nvcore_dmabuf_free(struct nvcore_dev *nd, struct nvcore_dmabuf *b)
{
	if (b->cpu)
		dma_free_coherent(nd->dev, b->size, b->cpu, b->dma);
	b->cpu = NULL;
	b->size = 0;
}

/*
 * The checksum loop in blocks of 64 bytes, XORed into running lanes so that
 * no load waits on the one before.  In userspace the lanes are two vectors
 * of four u64, as wide as the CPU's copy (glibc's memcpy uses AVX2 or
 * wider): gcc and clang build the function twice, AVX2 and the baseline ISA
 * (SSE2), and the loader picks one (target_clones, an ifunc).  The kernel
 * must not touch SIMD registers outside kernel_fpu_begin() (kbuild compiles
 * with -mno-sse -mno-avx, -mgeneral-regs-only on arm64): there the lanes
 * are eight u64 in general registers.
 */
#ifdef __KERNEL__
typedef u64 xor_lane;
#define XOR_LANES	8
#define XOR_CLONES
#else
typedef u64 xor_lane __attribute__((vector_size(32)));
#define XOR_LANES	2
#ifndef __has_feature
#define __has_feature(x) 0	/* gcc before 14 */
#endif
/* Not under TSan: the clones' resolver runs, instrumented, before TSan's runtime is up. */
#if defined(__SANITIZE_THREAD__) || __has_feature(thread_sanitizer)
#define XOR_CLONES
#else
#define XOR_CLONES	__attribute__((target_clones("avx2", "default")))
#endif
#endif

/*
 * Copy n bytes and return the XOR of their u64 words (_checkSum32 before
 * its fold to 32 bits, §1.3), a last partial word padded with zeros: the
 * checksum of what was copied, in the same pass.
 */
static XOR_CLONES u64 copy_xor(u8 *dst, const u8 *src, size_t n)
{
	xor_lane x[XOR_LANES] = { 0 }, b;
	u64 r = 0, w[sizeof(b) / sizeof(u64)];
	size_t i = 0, k, tail = n % sizeof(u64);

	for (; i + sizeof(x) <= n; i += sizeof(x))
		for (k = 0; k < XOR_LANES; k++) {
			memcpy(&b, src + i + k * sizeof(b), sizeof(b));
			memcpy(dst + i + k * sizeof(b), &b, sizeof(b));
			x[k] ^= b;
		}
	for (k = 1; k < XOR_LANES; k++)
		x[0] ^= x[k];
	memcpy(w, &x[0], sizeof(w));
	for (k = 0; k < ARRAY_SIZE(w); k++)
		r ^= w[k];
	for (; i < n - tail; i += sizeof(u64)) {
		memcpy(w, src + i, sizeof(u64));
		memcpy(dst + i, w, sizeof(u64));
		r ^= w[0];
	}
	if (tail) {
		w[0] = 0;
		memcpy(w, src + i, tail);
		memcpy(dst + i, w, tail);
		r ^= w[0];
	}
	return r;
}

static size_t csum_len(struct nvcore_dev *nd, const struct GSP_MSG_QUEUE_ELEMENT *e,
		       u32 rpc_len)
{
	if (nd->release->csum_whole_elements)
		return (size_t)e->elemCount * NVCORE_QUEUE_PAGE;
	return ALIGN(GSP_MSG_QUEUE_ELEMENT_HDR_SIZE + rpc_len, sizeof(u64));
}

int nvcore_msgq_init(struct nvcore_dev *nd)
{
	struct nvcore_msgq *q = &nd->core->rpc.q;
	u32 npages, pte_pages, i;
	u64 *pte;
	u8 *base;
	int ret;

	/* PTE count covers the whole region including the PTE pages (§1.1). */
	npages = 2 * NVCORE_QUEUE_SIZE / NVCORE_QUEUE_PAGE;
	pte_pages = DIV_ROUND_UP(npages * sizeof(u64), NVCORE_QUEUE_PAGE);
	npages += DIV_ROUND_UP((npages + pte_pages) * sizeof(u64), NVCORE_QUEUE_PAGE);
	q->pte_count = npages;

	ret = nvcore_dmabuf_alloc(nd, &q->shm, (size_t)npages * NVCORE_QUEUE_PAGE);
	if (ret)
		return ret;
	q->rx_buf = kvzalloc(GSP_MSG_QUEUE_ELEMENT_SIZE_MAX, GFP_KERNEL);
	if (!q->rx_buf) {
		nvcore_dmabuf_free(nd, &q->shm);
		return -ENOMEM;
	}

	base = q->shm.cpu;
	pte = q->shm.cpu;
	for (i = 0; i < npages; i++)
		pte[i] = q->shm.dma + (u64)i * NVCORE_QUEUE_PAGE;

	base += (size_t)pte_pages * NVCORE_QUEUE_PAGE;
	q->cmd_tx = (struct msgqTxHeader *)base;
	q->cmd_rx = (struct msgqRxHeader *)(base + RX_HDR_OFF);
	q->cmd_entries = base + QUEUE_HDR_SIZE;
	base += NVCORE_QUEUE_SIZE;
	q->stat_tx = (struct msgqTxHeader *)base;
	q->stat_rx = (struct msgqRxHeader *)(base + RX_HDR_OFF);
	q->stat_entries = base + QUEUE_HDR_SIZE;

	q->cmd_count = (NVCORE_QUEUE_SIZE - QUEUE_HDR_SIZE) / NVCORE_QUEUE_PAGE;
	/* msgqTxCreate: we own only the command queue's tx header (§1.2). */
	q->cmd_tx->version = MSGQ_VERSION;
	q->cmd_tx->size = NVCORE_QUEUE_SIZE;
	q->cmd_tx->msgSize = NVCORE_QUEUE_PAGE;
	q->cmd_tx->msgCount = q->cmd_count;
	q->cmd_tx->writePtr = 0;
	q->cmd_tx->flags = MSGQ_FLAGS_SWAP_RX;
	q->cmd_tx->rxHdrOff = RX_HDR_OFF;
	q->cmd_tx->entryOff = QUEUE_HDR_SIZE;
	memset(q->cmd_dirty, 0, sizeof(q->cmd_dirty));	/* coherent memory comes zeroed */
	q->tx_seq = 0;
	q->rx_seq = 0;
	q->linked = false;
	return 0;
}

void nvcore_msgq_fini(struct nvcore_dev *nd)
{
	struct nvcore_msgq *q = &nd->core->rpc.q;

	kvfree(q->rx_buf);
	q->rx_buf = NULL;
	nvcore_dmabuf_free(nd, &q->shm);
}

/* What RMARGS tells GSP about the queues (§3.3). */
void nvcore_msgq_args(struct nvcore_dev *nd, struct nvcore_queue_args *a)
{
	struct nvcore_msgq *q = &nd->core->rpc.q;

	a->shared_mem_addr = q->shm.dma;
	a->pte_count = q->pte_count;
	a->cmdq_offset = (u8 *)q->cmd_tx - (u8 *)q->shm.cpu;
	a->statq_offset = (u8 *)q->stat_tx - (u8 *)q->shm.cpu;
}

/*
 * msgqRxLink: GSP initialises the status queue's tx header once it runs.
 * Returns -EAGAIN while it has not, -EPROTO if what it wrote is inconsistent.
 */
int nvcore_msgq_link(struct nvcore_dev *nd)
{
	struct nvcore_msgq *q = &nd->core->rpc.q;
	struct msgqTxHeader h;

	memcpy(&h, q->stat_tx, sizeof(h));
	if (!h.size)
		return -EAGAIN;
	if (h.version != MSGQ_VERSION || h.size != NVCORE_QUEUE_SIZE ||
	    h.msgSize != NVCORE_QUEUE_PAGE || h.entryOff != QUEUE_HDR_SIZE ||
	    h.rxHdrOff != RX_HDR_OFF || !(h.flags & MSGQ_FLAGS_SWAP_RX) ||
	    h.msgCount != (h.size - h.entryOff) / h.msgSize) {
		dev_err(nd->dev,
			"GSP status queue header is inconsistent: version %u size 0x%x msgSize 0x%x msgCount %u entryOff 0x%x rxHdrOff 0x%x flags 0x%x\n",
			h.version, h.size, h.msgSize, h.msgCount, h.entryOff, h.rxHdrOff, h.flags);
		return -EPROTO;
	}
	q->stat_count = h.msgCount;
	q->linked = true;
	return 0;
}

/* Slots free in the command queue; one slot always stays empty (§1.2). */
u32 nvcore_msgq_cmd_free(struct nvcore_dev *nd)
{
	struct nvcore_msgq *q = &nd->core->rpc.q;
	u32 rptr = READ_ONCE(q->stat_rx->readPtr);
	u32 wptr = q->cmd_tx->writePtr;

	if (rptr >= q->cmd_count)
		return 0;
	return (rptr + q->cmd_count - wptr - 1) % q->cmd_count;
}

/*
 * An element's bytes in order, in its slots of one queue (page by page: the
 * ring may wrap between them, §1.2), with the XOR of the element's u64
 * words (§1.3) kept as they pass: a run starting off a word boundary is
 * XORed as if aligned and rotated into place (XOR is bytewise, so a run's
 * share moves with its offset modulo 8).
 */
struct ring_cursor {
	u8 *entries;
	u32 count;
	u16 *dirty;		/* writing: the queue's cmd_dirty */
	u32 slot;		/* the element's first slot */
	size_t off;		/* bytes of the element passed */
	u64 x;
};

/*
 * Zeros over [in, end) of a slot whose bytes from *dirty on are zero
 * already: only those below it are written, and the mark comes down to in
 * when the run reaches it.
 */
static void zero_to(u8 *page, size_t in, size_t end, u16 *dirty)
{
	if (in < *dirty)
		memset(page + in, 0, min_t(size_t, end, *dirty) - in);
	if (end >= *dirty)
		*dirty = min_t(size_t, in, *dirty);
}

/* n bytes between buf and the ring: into the ring when write (buf NULL: zeros), else out of it. */
static void ring_io(struct ring_cursor *c, u8 *buf, size_t n, bool write)
{
	while (n) {
		size_t in = c->off % NVCORE_QUEUE_PAGE;
		size_t chunk = min_t(size_t, n, NVCORE_QUEUE_PAGE - in);
		unsigned int rot = 8 * (c->off % sizeof(u64));
		u32 slot = (c->slot + c->off / NVCORE_QUEUE_PAGE) % c->count;
		u8 *page = c->entries + (size_t)slot * NVCORE_QUEUE_PAGE;
		u64 x = 0;

		if (!write) {
			x = copy_xor(buf, page + in, chunk);
		} else if (buf) {
			x = copy_xor(page + in, buf, chunk);
			c->dirty[slot] = max_t(size_t, c->dirty[slot], in + chunk);
		} else {
			zero_to(page, in, in + chunk, &c->dirty[slot]);
		}
		if (buf)
			buf += chunk;
		c->x ^= rot ? (x << rot) | (x >> (64 - rot)) : x;
		c->off += chunk;
		n -= chunk;
	}
}

int nvcore_msgq_send_parts(struct nvcore_dev *nd, const struct nvcore_msg_parts *m,
			   ktime_t deadline)
{
	struct nvcore_msgq *q = &nd->core->rpc.q;
	struct GSP_MSG_QUEUE_ELEMENT e;
	struct ring_cursor w = { .entries = q->cmd_entries, .count = q->cmd_count,
				 .dirty = q->cmd_dirty };
	size_t len = sizeof(struct rpc_message_header_v) + m->len[0] + m->len[1], cover;
	u32 npages, rptr;

	if (len > GSP_MSG_QUEUE_RPC_SIZE_MAX)
		return -EMSGSIZE;
	npages = DIV_ROUND_UP(GSP_MSG_QUEUE_ELEMENT_HDR_SIZE + len, NVCORE_QUEUE_PAGE);

	/* A full queue makes the sender wait for GSP to consume, never overwrite. */
	while (nvcore_msgq_cmd_free(nd) < npages) {
		rptr = READ_ONCE(q->stat_rx->readPtr);
		if (rptr >= q->cmd_count) {
			dev_err(nd->dev, "GSP command queue read pointer %u is out of range (%u slots)\n",
				rptr, q->cmd_count);
			return -EPROTO;
		}
		if (ktime_after(ktime_get(), deadline))
			return -ETIMEDOUT;
		usleep_range(20, 50);
	}

	w.slot = q->cmd_tx->writePtr;
	/* Ours, but in shared memory: a stray write there must not send us past the ring. */
	if (w.slot >= q->cmd_count) {
		dev_err(nd->dev, "GSP command queue write pointer %u is out of range (%u slots)\n",
			w.slot, q->cmd_count);
		return -EIO;
	}

	/*
	 * Written straight into the ring, the checksum computed while copying:
	 * the element header (zeros but seqNum and elemCount, the checksum 0
	 * for now), the record, zeros to the end of what the checksum covers
	 * (the rest of the last page where the release covers whole elements,
	 * §1.3; written only below the slot's cmd_dirty mark, so a small
	 * record costs no page of zeros); then the checksum into the header.
	 * Only the covered bytes are written: the receiver reads no further.
	 * The element reads as nouveau's r535 sends one (r535_gsp_cmdq_get's
	 * zeroed buffer, checksummed and copied whole pages by
	 * r535_gsp_cmdq_push), the checksum OGKM's _checkSum32 over those
	 * bytes (message_queue_cpu.c).
	 */
	memset(&e, 0, sizeof(e));
	e.seqNum = q->tx_seq;
	e.elemCount = npages;
	e.rpc = *m->rpc;
	cover = csum_len(nd, &e, len);
	ring_io(&w, (u8 *)&e, sizeof(e), true);
	ring_io(&w, (u8 *)m->data[0], m->len[0], true);
	ring_io(&w, (u8 *)m->data[1], m->len[1], true);
	ring_io(&w, NULL, cover - w.off, true);
	e.checkSum = lower_32_bits(w.x) ^ upper_32_bits(w.x);
	memcpy(q->cmd_entries + (size_t)w.slot * NVCORE_QUEUE_PAGE +
	       offsetof(struct GSP_MSG_QUEUE_ELEMENT, checkSum), &e.checkSum, sizeof(e.checkSum));

	/*
	 * Record before publishing: formatting a large record takes long enough
	 * (milliseconds for 64 KiB in a slow guest) that GSP would see the new
	 * writePtr well before the doorbell that follows it.
	 */
	if (m->trace)
		nvcore_trace_cmd(nd, q->tx_seq, npages, m->trace, len);
	/* The element must be visible before the pointer that publishes it. */
	dma_wmb();
	WRITE_ONCE(q->cmd_tx->writePtr, (w.slot + npages) % q->cmd_count);
	q->tx_seq++;
	return 0;
}

int nvcore_msgq_send(struct nvcore_dev *nd, void *elem, u32 len, ktime_t deadline)
{
	struct GSP_MSG_QUEUE_ELEMENT *e = elem;
	struct nvcore_msg_parts m = {
		.rpc = &e->rpc,
		.data = { e->rpc.rpc_message_data },
		.len = { len - sizeof(e->rpc) },
		.trace = &e->rpc,
	};

	if (len < sizeof(e->rpc))
		return -EMSGSIZE;
	return nvcore_msgq_send_parts(nd, &m, deadline);
}

void nvcore_msgq_doorbell(struct nvcore_dev *nd)
{
	/* Any value; CPU-RM writes 0 (§1.4). */
	wmb();
	nvcore_wr32(nd, NV_PGSP_QUEUE_HEAD(0), 0);
}

int nvcore_msgq_recv(struct nvcore_dev *nd, const struct rpc_message_header_v **out, u32 *out_len)
{
	struct nvcore_msgq *q = &nd->core->rpc.q;
	struct GSP_MSG_QUEUE_ELEMENT *e = (struct GSP_MSG_QUEUE_ELEMENT *)q->rx_buf;
	struct ring_cursor c = { .entries = q->stat_entries, .count = q->stat_count };
	u32 wptr, rptr, avail, n, rpc_len, cap, sum;
	size_t cover, body;

	q->sunk = false;
	if (!q->linked)
		return 0;
	wptr = READ_ONCE(q->stat_tx->writePtr);
	rptr = q->cmd_rx->readPtr;
	if (wptr >= q->stat_count) {
		dev_err(nd->dev, "GSP status queue write pointer %u is out of range (%u slots)\n",
			wptr, q->stat_count);
		return -EIO;
	}
	/* Ours, but in shared memory: a stray write there must not send us past the ring. */
	if (rptr >= q->stat_count) {
		dev_err(nd->dev, "GSP status queue read pointer %u is out of range (%u slots)\n",
			rptr, q->stat_count);
		return -EIO;
	}
	avail = (wptr + q->stat_count - rptr) % q->stat_count;
	if (!avail)
		return 0;
	dma_rmb();

	/*
	 * The headers first, then the rest of what the checksum covers (all of
	 * the element's pages, or the record, by release: §1.3), the checksum
	 * computed over the copy as it is made; nothing past it is looked at.
	 * Lengths come from our copy, never from the ring again.
	 */
	c.slot = rptr;
	ring_io(&c, q->rx_buf, ELEM_HDRS, false);
	n = READ_ONCE(e->elemCount);
	if (!n || n > ELEM_MAX_PAGES || n > avail) {
		dev_err(nd->dev, "GSP message at slot %u: bad elemCount %u (%u available)\n",
			rptr, n, avail);
		return -EIO;
	}
	cap = n * NVCORE_QUEUE_PAGE - GSP_MSG_QUEUE_ELEMENT_HDR_SIZE;
	rpc_len = e->rpc.length;
	cover = csum_len(nd, e, min(rpc_len, cap));
	/*
	 * A continuation record's payload goes straight to the reassembly
	 * (q->sink), when it fits there and no trace wants the record in one
	 * piece; the bytes after it that the checksum covers still to rx_buf.
	 */
	body = min(rpc_len, cap) > sizeof(e->rpc) ? min(rpc_len, cap) - sizeof(e->rpc) : 0;
	if (q->sink && e->rpc.function == NV_VGPU_MSG_FUNCTION_CONTINUATION_RECORD &&
	    body <= q->sink_room && ELEM_HDRS + body <= cover && !READ_ONCE(nd->trace_on)) {
		ring_io(&c, q->sink, body, false);
		q->sunk = true;
	}
	if (cover > c.off)
		ring_io(&c, q->rx_buf + c.off, cover - c.off, false);

	/* Consume it now: the copy is ours, GSP may reuse the slots. */
	WRITE_ONCE(q->cmd_rx->readPtr, (rptr + n) % q->stat_count);

	/* Recorded as consumed, before it is judged: a bad one is what a trace is for. */
	nvcore_trace_msg(nd, e->seqNum, n, &e->rpc, min(rpc_len, cap));
	if (e->rpc.header_version != NV_VGPU_MSG_HEADER_VERSION ||
	    e->rpc.signature != NV_VGPU_MSG_SIGNATURE_VALID ||
	    rpc_len < sizeof(struct rpc_message_header_v)) {
		dev_err(nd->dev,
			"GSP message seq %u: bad RPC header (version 0x%08x signature 0x%08x length %u)\n",
			e->seqNum, e->rpc.header_version, e->rpc.signature, rpc_len);
		q->rx_seq = e->seqNum + 1;
		return -EPROTO;
	}
	/*
	 * Only a first record that fills a whole message may announce more than
	 * it carries: the total of a larger reply (§1.5).
	 */
	if (rpc_len > cap && n < ELEM_MAX_PAGES) {
		dev_err(nd->dev,
			"GSP message seq %u (%s): RPC length %u is larger than its %u-page element (%u bytes)\n",
			e->seqNum, nvcore_fw_release_function_name(nd->release, e->rpc.function),
			rpc_len, n, cap);
		q->rx_seq = e->seqNum + 1;
		return -EPROTO;
	}
	sum = lower_32_bits(c.x) ^ upper_32_bits(c.x);
	if (sum) {
		dev_err(nd->dev, "GSP message seq %u (%s): checksum mismatch (residue 0x%08x)\n",
			e->seqNum, nvcore_fw_release_function_name(nd->release, e->rpc.function), sum);
		q->rx_seq = e->seqNum + 1;
		return -EBADMSG;
	}
	/*
	 * The sequence number of the message just taken, again: the same
	 * message a second time, not a new one.  Handing it on would give its
	 * reply to the next command of that function (replies carry no
	 * sequence of their own, protocol.md §2.1).
	 */
	if (q->rx_seq && e->seqNum == q->rx_seq - 1) {
		dev_warn(nd->dev, "GSP message seq %u (%s) repeated: dropping the duplicate\n",
			 e->seqNum, nvcore_fw_release_function_name(nd->release, e->rpc.function));
		return -EPROTO;
	}
	if (e->seqNum != q->rx_seq) {
		dev_warn(nd->dev, "GSP message sequence %u, expected %u: messages were lost\n",
			 e->seqNum, q->rx_seq);
		q->rx_seq = e->seqNum;
	}
	q->rx_seq++;

	*out = &e->rpc;
	*out_len = min(rpc_len, cap);
	return 1;
}
