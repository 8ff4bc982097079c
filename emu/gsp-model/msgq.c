/* SPDX-License-Identifier: MIT */
/*
 * The GSP message queues, firmware side (protocol.md §1).
 *
 * The shared region is [PTE pages][command queue][status queue]; every
 * access goes through the PTE array the host put in page 0, so the host's
 * pages need not be contiguous in bus space.  With MSGQ_FLAGS_SWAP_RX on
 * both sides the GSP's read pointer of the command queue lives in the
 * STATUS queue's rx header and the host's read pointer of the status queue
 * in the COMMAND queue's rx header (protocol.md §1.2).
 */
#include <inttypes.h>
#include <malloc.h>
#include <stdlib.h>
#include <string.h>

#include "rm_priv.h"

#define HDR_WRITEPTR	0x10u	/* offsetof(struct msgqTxHeader, writePtr) */
#define HDR_RXHDR	0x20u	/* rxHdrOff: the rx header's readPtr */
#define ELEM_CSUM	0x20u	/* offsetof(GSP_MSG_QUEUE_ELEMENT, checkSum) */

_Static_assert(sizeof(struct msgqTxHeader) == 0x20, "msgqTxHeader");
_Static_assert(sizeof(struct GSP_MSG_QUEUE_ELEMENT) == 0x50, "GSP_MSG_QUEUE_ELEMENT");
_Static_assert(offsetof(struct GSP_MSG_QUEUE_ELEMENT, rpc) == GSP_MSG_QUEUE_ELEMENT_HDR_SIZE,
	       "element header size");

static uint32_t rd32(const uint8_t *p)
{
	uint32_t v;

	memcpy(&v, p, 4);
	return v;
}

static void wr32(uint8_t *p, uint32_t v)
{
	memcpy(p, &v, 4);
}

/*
 * rm_copy_xor (rm_priv.h): the checksum computed from the bytes written, in
 * the same pass, and the test echo's XOR with them.  Blocks of 64 bytes,
 * two vectors of four u64 lanes, as wide as the CPU's copy: gcc and clang
 * build it for AVX2 and for the baseline ISA (SSE2) and the loader picks
 * one (target_clones).  Named apart from the driver's copy_xor: clang
 * makes a cloned function's resolver a global symbol, static or not.
 */
typedef uint64_t xor_lane __attribute__((vector_size(32)));
#define XOR_LANES	2

RM_CLONES
static uint64_t rm_copy_xor_clone(uint8_t *dst, const uint8_t *src, size_t n, uint8_t flip)
{
	const uint64_t f = 0x0101010101010101ull * flip;
	const xor_lane fv = { f, f, f, f };
	xor_lane x[XOR_LANES] = { 0 }, b;
	uint64_t r = 0, w[sizeof(b) / 8];
	size_t i = 0, rest = n % 8;

	for (; n - i >= sizeof(x); i += sizeof(x))
		for (int k = 0; k < XOR_LANES; k++) {
			memcpy(&b, src + i + k * sizeof(b), sizeof(b));
			b ^= fv;
			if (dst)
				memcpy(dst + i + k * sizeof(b), &b, sizeof(b));
			x[k] ^= b;
		}
	for (int k = 1; k < XOR_LANES; k++)
		x[0] ^= x[k];
	memcpy(w, &x[0], sizeof(w));
	for (size_t k = 0; k < sizeof(w) / 8; k++)
		r ^= w[k];
	for (; i < n - rest; i += 8) {
		memcpy(w, src + i, 8);
		w[0] ^= f;
		if (dst)
			memcpy(dst + i, w, 8);
		r ^= w[0];
	}
	if (rest) {
		w[0] = 0;
		memcpy(w, src + i, rest);
		w[0] ^= f & (~0ull >> (64 - 8 * rest));
		if (dst)
			memcpy(dst + i, w, rest);
		r ^= w[0];
	}
	return r;
}

/* Called from rm.c and rpc.c too: clang 14 names a cloned function's entry apart, so not the clones' own name. */
uint64_t rm_copy_xor(uint8_t *dst, const uint8_t *src, size_t n, uint8_t flip)
{
	return rm_copy_xor_clone(dst, src, n, flip);
}

/* _checkSum32: XOR of little-endian u64 words, folded hi ^ lo (protocol.md §1.3). */
uint32_t rm_csum(const void *buf, size_t len)
{
	uint64_t x = rm_copy_xor(NULL, buf, len, 0);

	return (uint32_t)(x >> 32) ^ (uint32_t)x;
}

/*
 * rm_shm_ptr (rm_priv.h) past its inline test: where [off, off + len) of
 * the shared region is in host memory, when the region is one run of it and
 * still mapped; NULL: go through the PTEs.  A
 * mapping gone since the address was taken (the epoch moved) is looked up
 * again, so an unmapped region falls back to the DMA calls and their
 * violations.
 */
uint8_t *rm_shm_ptr_slow(struct gspm_rm *rm, uint64_t off, size_t len)
{
	uint64_t region = (uint64_t)rm->pte_count * RM_PAGE;

	if (!rm->shm_cpu || off > region || len > region - off)
		return NULL;
	if (*rm->shm_epoch != rm->shm_epoch_seen) {
		rm->shm_cpu = gspm_dma_ptr(rm->m, rm->pte[0], region, &rm->shm_epoch);
		if (!rm->shm_cpu)
			return NULL;
		rm->shm_epoch_seen = *rm->shm_epoch;
	}
	return rm->shm_cpu + off;
}

/* Take the region's host address if its pages are one run of one mapping (rm_msgq_setup). */
static void shm_map(struct gspm_rm *rm)
{
	uint32_t i;

	rm->shm_cpu = NULL;
	for (i = 1; i < rm->pte_count; i++)
		if (rm->pte[i] != rm->pte[0] + (uint64_t)i * RM_PAGE)
			return;
	rm->shm_cpu = gspm_dma_ptr(rm->m, rm->pte[0], (size_t)rm->pte_count * RM_PAGE, &rm->shm_epoch);
	if (rm->shm_cpu)
		rm->shm_epoch_seen = *rm->shm_epoch;
}

int rm_shm_io(struct gspm_rm *rm, uint64_t off, void *buf, size_t len, const char *what,
	      bool write)
{
	uint8_t *p = buf, *direct = rm_shm_ptr(rm, off, len);

	if (direct) {
		if (write)
			memcpy(direct, buf, len);
		else
			memcpy(buf, direct, len);
		return 0;
	}
	while (len) {
		uint64_t page = off / RM_PAGE;
		size_t in = off % RM_PAGE;
		size_t chunk = RM_PAGE - in < len ? RM_PAGE - in : len;
		int r;

		if (!rm->pte || page >= rm->pte_count) {
			gspm_violate(rm->m, "%s: offset 0x%" PRIx64 " is beyond the shared region (%u pages)",
				     what, off, rm->pte_count);
			return -1;
		}
		if (write)
			r = gspm_dma_write(rm->m, rm->pte[page] + in, p, chunk, what);
		else
			r = gspm_dma_read(rm->m, rm->pte[page] + in, p, chunk, what);
		if (r)
			return -1;
		p += chunk;
		off += chunk;
		len -= chunk;
	}
	return 0;
}


static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

int rm_msgq_setup(struct gspm_rm *rm)
{
	const struct gspm_rmargs *a = &rm->args;
	struct gspm *m = rm->m;
	uint32_t pte_pages, i;
	uint64_t region;
	uint64_t *sorted;
	int bad = 0;

	if (!a->shm_pa) {
		gspm_violate(m, "RMARGS: messageQueueInitArguments.sharedMemPhysAddr is 0");
		return -1;
	}
	if (a->shm_pa & (RM_PAGE - 1)) {
		gspm_violate(m, "RMARGS: sharedMemPhysAddr 0x%" PRIx64 " is not page aligned", a->shm_pa);
		return -1;
	}
	if (a->pte_count < 3 || a->pte_count > 65536) {
		gspm_violate(m, "RMARGS: pageTableEntryCount %u is not a plausible region size (129 for 256+256 KiB queues)",
			     a->pte_count);
		return -1;
	}
	pte_pages = (a->pte_count * 8 + RM_PAGE - 1) / RM_PAGE;
	region = (uint64_t)a->pte_count * RM_PAGE;
	/*
	 * nouveau r535_gsp_shared_init and OGKM GspMsgQueuesInit put the
	 * command queue right after the PTE pages, but GSP-RM takes the offset
	 * from RMARGS: only an offset inside the PTE pages or off a page is
	 * refused (docs/hw-fidelity.md "LibOS arguments and RMARGS").
	 */
	if ((a->cmdq_off & (RM_PAGE - 1)) || a->cmdq_off < (uint64_t)pte_pages * RM_PAGE) {
		gspm_violate(m, "RMARGS: cmdQueueOffset 0x%" PRIx64 " is not a page offset past the PTE area (%u entries, 0x%x bytes rounded to a page)",
			     a->cmdq_off, a->pte_count, pte_pages * RM_PAGE);
		return -1;
	}
	if (a->cmdq_off != (uint64_t)pte_pages * RM_PAGE)
		gspm_log(m, GSPM_LOG_INFO, "RMARGS: cmdQueueOffset 0x%" PRIx64 " leaves a gap after the PTE area (0x%x)",
			 a->cmdq_off, pte_pages * RM_PAGE);
	if ((a->statq_off & (RM_PAGE - 1)) || a->statq_off <= a->cmdq_off + RM_PAGE * (RM_MAX_ELEMS + 1) ||
	    a->statq_off + RM_PAGE * (RM_MAX_ELEMS + 2) > region) {
		gspm_violate(m, "RMARGS: statQueueOffset 0x%" PRIx64 " does not leave room for both queues in %u pages (cmdQueueOffset 0x%" PRIx64 ")",
			     a->statq_off, a->pte_count, a->cmdq_off);
		return -1;
	}
	if (a->lockless_cmdq_off || a->lockless_statq_off)
		gspm_log(m, GSPM_LOG_INFO, "RMARGS: lockless queue offsets 0x%" PRIx64 "/0x%" PRIx64 " ignored (TASKISR queues are compiled out, protocol.md §1.1)",
			 a->lockless_cmdq_off, a->lockless_statq_off);

	free(rm->pte);
	rm->shm_cpu = NULL;
	rm->pte = calloc((size_t)pte_pages * RM_PAGE / 8, 8);
	if (!rm->pte) {
		gspm_log(m, GSPM_LOG_ERROR, "out of memory for %u PTEs", a->pte_count);
		return -1;
	}
	/* Page 0 is at sharedMemPhysAddr; later PTE pages are found through page 0. */
	for (i = 0; i < pte_pages; i++) {
		uint64_t pa = i ? rm->pte[i] : a->shm_pa;

		if (i && (!pa || (pa & (RM_PAGE - 1)))) {
			gspm_violate(m, "PTE %u (page %u of the PTE array) is 0x%" PRIx64 ", not a page address", i, i, pa);
			return -1;
		}
		if (gspm_dma_read(m, pa, (uint8_t *)rm->pte + (size_t)i * RM_PAGE, RM_PAGE, "shared-region PTE array"))
			return -1;
	}
	if (rm->pte[0] != a->shm_pa) {
		gspm_violate(m, "PTE 0 expected 0x%" PRIx64 " (sharedMemPhysAddr, the PTE array's own page), found 0x%" PRIx64,
			     a->shm_pa, rm->pte[0]);
		bad = 1;
	}
	for (i = 0; i < a->pte_count; i++) {
		if (!rm->pte[i] || (rm->pte[i] & (RM_PAGE - 1))) {
			gspm_violate(m, "PTE %u of %u is 0x%" PRIx64 ", not a page address", i, a->pte_count, rm->pte[i]);
			bad = 1;
		}
	}
	sorted = malloc((size_t)a->pte_count * 8);
	if (sorted) {
		memcpy(sorted, rm->pte, (size_t)a->pte_count * 8);
		qsort(sorted, a->pte_count, 8, cmp_u64);
		for (i = 1; i < a->pte_count; i++)
			if (sorted[i] == sorted[i - 1] && sorted[i]) {
				gspm_violate(m, "shared region maps bus page 0x%" PRIx64 " twice", sorted[i]);
				bad = 1;
				break;
			}
		free(sorted);
	}
	if (bad) {
		free(rm->pte);
		rm->pte = NULL;
		return -1;
	}
	rm->pte_count = a->pte_count;
	shm_map(rm);
	rm->cmdq.off = a->cmdq_off;
	rm->cmdq.size = (uint32_t)(a->statq_off - a->cmdq_off);
	rm->cmdq.msg_count = (rm->cmdq.size - RM_PAGE) / RM_PAGE;
	rm->statq.off = a->statq_off;
	rm->statq.size = (uint32_t)(region - a->statq_off);
	rm->statq.msg_count = (rm->statq.size - RM_PAGE) / RM_PAGE;
	return 0;
}

#define CHECK_HDR(field, want)							\
	do {									\
		if (h.field != (uint32_t)(want)) {				\
			gspm_violate(m, "command queue header: " #field " expected 0x%x, found 0x%x", \
				     (uint32_t)(want), h.field);			\
			bad = 1;						\
		}								\
	} while (0)

int rm_msgq_link(struct gspm_rm *rm)
{
	struct gspm *m = rm->m;
	struct msgqTxHeader h;
	uint8_t rx[4] = { 0 };
	int bad = 0;

	/* GSPM_FAULT_STATQ_NOINIT: GSP-RM never gets as far as the status queue. */
	if (rm_take_fault(rm, GSPM_FAULT_STATQ_NOINIT, 0, NULL)) {
		gspm_log(m, GSPM_LOG_INFO, "fault: the status queue header is not initialised");
		return -1;
	}
	if (rm_shm_read(rm, rm->cmdq.off, &h, sizeof(h), "command queue tx header"))
		return -1;
	/* The host created this header with msgqTxCreate (protocol.md §1.2). */
	CHECK_HDR(version, MSGQ_VERSION);
	CHECK_HDR(size, rm->cmdq.size);
	CHECK_HDR(msgSize, RM_PAGE);
	CHECK_HDR(entryOff, RM_PAGE);
	CHECK_HDR(msgCount, rm->cmdq.msg_count);
	CHECK_HDR(flags, MSGQ_FLAGS_SWAP_RX);
	CHECK_HDR(rxHdrOff, HDR_RXHDR);
	if (h.writePtr >= rm->cmdq.msg_count) {
		gspm_violate(m, "command queue header: writePtr %u >= msgCount %u", h.writePtr, rm->cmdq.msg_count);
		bad = 1;
	}
	if (bad)
		return -1;
	rm->cmdq_hdr = h;
	rm->host_wp = h.writePtr;

	/* Status queue: rx header first, then the tx header the host polls. */
	memset(&rm->statq_hdr, 0, sizeof(rm->statq_hdr));
	rm->statq_hdr.version = MSGQ_VERSION;
	rm->statq_hdr.size = rm->statq.size;
	rm->statq_hdr.msgSize = RM_PAGE;
	rm->statq_hdr.msgCount = rm->statq.msg_count;
	rm->statq_hdr.writePtr = 0;
	rm->statq_hdr.flags = MSGQ_FLAGS_SWAP_RX;
	rm->statq_hdr.rxHdrOff = HDR_RXHDR;
	rm->statq_hdr.entryOff = RM_PAGE;
	rm->cmd_rp = 0;
	rm->stat_wp = 0;
	rm->host_rp = 0;
	/* What the host left in the slots is not known: the first record in each zeroes its tail. */
	free(rm->stat_dirty);
	rm->stat_dirty = malloc(rm->statq.msg_count * sizeof(*rm->stat_dirty));
	if (!rm->stat_dirty) {
		gspm_log(m, GSPM_LOG_ERROR, "out of memory setting up the status queue");
		return -1;
	}
	for (uint32_t i = 0; i < rm->statq.msg_count; i++)
		rm->stat_dirty[i] = RM_PAGE;
	if (rm_shm_write(rm, rm->statq.off + HDR_RXHDR, rx, sizeof(rx), "status queue rx header") ||
	    rm_shm_write(rm, rm->statq.off, &rm->statq_hdr, sizeof(rm->statq_hdr), "status queue tx header"))
		return -1;
	return 0;
}

uint32_t rm_msgq_avail(const struct gspm_rm *rm)
{
	uint32_t n = rm->cmdq.msg_count;

	if (!n || rm->host_wp >= n || rm->cmd_rp >= n)
		return 0;
	return (rm->host_wp + n - rm->cmd_rp) % n;
}

static uint64_t slot_off(const struct rm_queue *q, uint32_t slot)
{
	return q->off + RM_PAGE + (uint64_t)(slot % q->msg_count) * RM_PAGE;
}

/*
 * Bytes [off, off + len) of the message whose first element is at `slot`:
 * each of its pages is a slot of its own, and the ring may wrap between them.
 */
static int elem_io(struct gspm_rm *rm, const struct rm_queue *q, uint32_t slot, uint32_t off,
		   void *buf, uint32_t len, const char *what, bool write)
{
	uint8_t *p = buf;

	while (len) {
		uint32_t in = off % RM_PAGE, chunk = RM_PAGE - in < len ? RM_PAGE - in : len;

		if (rm_shm_io(rm, slot_off(q, slot + off / RM_PAGE) + in, p, chunk, what, write))
			return -1;
		p += chunk;
		off += chunk;
		len -= chunk;
	}
	return 0;
}

/*
 * Bytes [off, off + len) of the command message at `slot` into dst, their
 * u64 words XORed into *x as the checksum counts them (a run starting off a
 * word boundary rotated into place: XOR is bytewise).  Straight from the
 * ring when the region has one host address, else through the DMA calls and
 * a pass over the copy.  !keep: bytes the checksum covers that nobody reads,
 * XORed where they lie when the region is mapped (dst only the DMA calls'
 * bounce buffer then).
 */
static int elem_read_xor(struct gspm_rm *rm, uint32_t slot, uint32_t off, uint8_t *dst,
			 uint32_t len, uint64_t *x, bool keep)
{
	while (len) {
		uint32_t in = off % RM_PAGE, chunk = RM_PAGE - in < len ? RM_PAGE - in : len;
		uint64_t at = slot_off(&rm->cmdq, slot + off / RM_PAGE) + in, w;
		const uint8_t *src = rm_shm_ptr(rm, at, chunk);
		unsigned int rot = 8 * (off % 8);

		if (src) {
			w = rm_copy_xor(keep ? dst : NULL, src, chunk, 0);
		} else {
			if (rm_shm_io(rm, at, dst, chunk, "command queue element", false))
				return -1;
			w = rm_copy_xor(NULL, dst, chunk, 0);
		}
		*x ^= rot ? (w << rot) | (w >> (64 - rot)) : w;
		dst += chunk;
		off += chunk;
		len -= chunk;
	}
	return 0;
}

/*
 * The head of a command element, read in one DMA: the headers and, for a
 * small RPC, all of it (a page holds more, so reading it never leaves the
 * element's first slot).
 */
#define ELEM_HEAD	256u
/* The element header and the RPC header: where a record's payload starts. */
#define ELEM_HDRS	(GSP_MSG_QUEUE_ELEMENT_HDR_SIZE + RM_RPC_HDR)

/* The bytes the release's checksum covers (protocol.md §1.3); the rest of the pages are not read. */
static uint32_t csum_cover(const struct gspm_rm *rm, uint32_t elems, uint32_t rpc_len)
{
	if (rm->rel->csum == GSPM_CSUM_WHOLE_ELEMENTS)
		return elems * RM_PAGE;
	return (GSP_MSG_QUEUE_ELEMENT_HDR_SIZE + rpc_len + 7) & ~7u;
}

/*
 * Drop a bad message.  The expected sequence number still advances by one
 * per message, so a host that stamped one wrong number is back in step on
 * its next message.
 */
static void skip(struct gspm_rm *rm, uint32_t n)
{
	rm_msgq_consume(rm, n);
}

int rm_msgq_peek(struct gspm_rm *rm, uint8_t **out, uint32_t *elems)
{
	struct gspm *m = rm->m;
	uint32_t avail = rm_msgq_avail(rm);
	uint32_t slot = rm->cmd_rp;
	uint32_t elem_count, seq, length, want, cover, csum, expect;
	const struct rpc_message_header_v *rpc;
	uint8_t first[ELEM_HEAD];
	uint8_t *buf, *sink;
	uint32_t room = 0, from;
	uint32_t head, used;
	uint64_t x;
	int bad = 0;

	*out = NULL;
	*elems = 0;
	rm->cmd_sunk = 0;
	if (!avail)
		return 0;
	/* The head first: its headers say how much more of the element there is to read. */
	if (rm_shm_read(rm, slot_off(&rm->cmdq, slot), first, sizeof(first), "command queue element"))
		return -1;
	elem_count = rd32(first + offsetof(struct GSP_MSG_QUEUE_ELEMENT, elemCount));
	seq = rd32(first + offsetof(struct GSP_MSG_QUEUE_ELEMENT, seqNum));
	length = rd32(first + GSP_MSG_QUEUE_ELEMENT_HDR_SIZE + offsetof(struct rpc_message_header_v, length));

	if (length < RM_RPC_HDR || length > RM_MAX_RECORD) {
		gspm_violate(m, "command queue element at slot %u: rpc.length expected 0x%x..0x%x, found 0x%x",
			     slot, RM_RPC_HDR, RM_MAX_RECORD, length);
		/* Trust elemCount to skip if it is usable, else drop what is there. */
		skip(rm, elem_count >= 1 && elem_count <= RM_MAX_ELEMS && elem_count <= avail ? elem_count : avail);
		return -1;
	}
	want = (GSP_MSG_QUEUE_ELEMENT_HDR_SIZE + length + RM_PAGE - 1) / RM_PAGE;
	if (elem_count != want) {
		gspm_violate(m, "command queue element at slot %u: elemCount expected %u for rpc.length 0x%x, found %u",
			     slot, want, length, elem_count);
		bad = 1;
	}
	if (want > avail) {
		gspm_violate(m, "command queue element at slot %u: message of %u elements but only %u published by writePtr %u",
			     slot, want, avail, rm->host_wp);
		skip(rm, avail);
		return -1;
	}
	cover = csum_cover(rm, want, length);
	/*
	 * One buffer for every command, nothing allocated per message: the
	 * largest message's pages so far, a power of two of them.  Not
	 * RM_MAX_ELEMS pages from the start: most commands take one or two,
	 * and every byte of a fresh block is filled under meson's
	 * MALLOC_PERTURB_, its pages faulted in (docs/testing.md, "Speed").
	 */
	if (!rm->cmd_buf || malloc_usable_size(rm->cmd_buf) < (size_t)want * RM_PAGE) {
		uint32_t pages = 1;

		while (pages < want)
			pages *= 2;
		free(rm->cmd_buf);
		rm->cmd_buf = malloc((size_t)pages * RM_PAGE);
	}
	buf = rm->cmd_buf;
	if (!buf) {
		gspm_log(m, GSPM_LOG_ERROR, "out of memory reading a %u-element message", want);
		return 0;
	}
	head = cover < sizeof(first) ? cover : (uint32_t)sizeof(first);
	x = rm_copy_xor(buf, first, head, 0);
	/*
	 * A continuation record's payload straight into the reassembly, or a
	 * large command's first record (from its RPC header), whole words of
	 * it (the checksum's, so every run XORs in place), when it runs past
	 * the head; what follows it in cmd_buf.  Judged below like any other:
	 * a bad record leaves the bytes there uncounted.
	 */
	if (rd32(first + GSP_MSG_QUEUE_ELEMENT_HDR_SIZE + offsetof(struct rpc_message_header_v, function)) ==
	    NV_VGPU_MSG_FUNCTION_CONTINUATION_RECORD) {
		sink = rm->cmd_sink;
		room = rm->cmd_sink_room;
		from = ELEM_HDRS;
	} else {
		sink = rm_first_sink(rm, first + GSP_MSG_QUEUE_ELEMENT_HDR_SIZE,
				     head - GSP_MSG_QUEUE_ELEMENT_HDR_SIZE, length, &room);
		from = GSP_MSG_QUEUE_ELEMENT_HDR_SIZE;
	}
	if (sink) {
		uint32_t sunk = (GSP_MSG_QUEUE_ELEMENT_HDR_SIZE + length - from) & ~7u;

		if (sunk <= room && from + sunk > head && from + sunk <= cover) {
			memcpy(sink, first + from, head - from);
			if (elem_read_xor(rm, slot, head, sink + (head - from), from + sunk - head, &x, true))
				return -1;
			head = from + sunk;
			rm->cmd_sunk = sunk;
		}
	}
	/*
	 * The record into cmd_buf, then the rest of what the checksum covers
	 * (535.113.01: the rest of the last page, protocol.md §1.3), checked
	 * like the record but not copied: nothing reads past rpc.length.
	 */
	used = GSP_MSG_QUEUE_ELEMENT_HDR_SIZE + length;
	if (used > head) {
		if (elem_read_xor(rm, slot, head, buf + head, used - head, &x, true))
			return -1;
		head = used;
	}
	if (cover > head && elem_read_xor(rm, slot, head, buf + head, cover - head, &x, false))
		return -1;

	csum = (uint32_t)(x >> 32) ^ (uint32_t)x;
	if (csum) {
		uint32_t found = rd32(buf + ELEM_CSUM);

		expect = csum ^ found;	/* the value that would fold to 0 */
		gspm_violate(m, "command queue element at slot %u: checkSum expected 0x%08x, found 0x%08x (over 0x%x bytes)",
			     slot, expect, found, cover);
		bad = 1;
	}
	rpc = (const void *)(buf + GSP_MSG_QUEUE_ELEMENT_HDR_SIZE);
	if (rpc->header_version != NV_VGPU_MSG_HEADER_VERSION) {
		gspm_violate(m, "command queue element at slot %u: rpc.header_version expected 0x%08x, found 0x%08x",
			     slot, NV_VGPU_MSG_HEADER_VERSION, rpc->header_version);
		bad = 1;
	}
	if (rpc->signature != NV_VGPU_MSG_SIGNATURE_VALID) {
		gspm_violate(m, "command queue element at slot %u: rpc.signature expected 0x%08x (\"VRPC\"), found 0x%08x",
			     slot, NV_VGPU_MSG_SIGNATURE_VALID, rpc->signature);
		bad = 1;
	}
	if (rpc->rpc_result != NV_VGPU_MSG_RESULT_RPC_PENDING) {
		gspm_violate(m, "command queue element at slot %u (%s): rpc.rpc_result expected 0x%08x (pending), found 0x%08x",
			     slot, rm_function_name(rm, rpc->function), NV_VGPU_MSG_RESULT_RPC_PENDING, rpc->rpc_result);
		bad = 1;
	}
	if (seq != rm->rx_seq) {
		gspm_violate(m, "command queue element at slot %u (%s): seqNum expected %u, found %u",
			     slot, rm_function_name(rm, rpc->function), rm->rx_seq, seq);
		bad = 1;
	}
	if (bad) {
		skip(rm, elem_count >= 1 && elem_count <= avail && elem_count <= RM_MAX_ELEMS ? elem_count : want);
		return -1;
	}
	*out = buf;
	*elems = want;
	return (int)want;
}

void rm_msgq_consume(struct gspm_rm *rm, uint32_t elems)
{
	uint32_t n = rm->cmdq.msg_count;
	uint32_t old = rm->cmd_rp;
	uint8_t v[4];

	if (!n)
		return;
	rm->cmd_rp = (rm->cmd_rp + elems) % n;
	if (rm->cmd_rp < old || (elems && rm->cmd_rp == old))
		rm->st.cmdq_wraps++;
	rm->rx_seq++;
	wr32(v, rm->cmd_rp);
	rm_shm_write(rm, rm->statq.off + HDR_RXHDR, v, sizeof(v),
		     "status queue rx header (GSP read pointer)");
}

int rm_msgq_read_host_wp(struct gspm_rm *rm, uint32_t *wp)
{
	uint8_t v[4];

	if (rm_shm_read(rm, rm->cmdq.off + HDR_WRITEPTR, v, sizeof(v), "command queue writePtr"))
		return -1;
	*wp = rd32(v);
	if (*wp >= rm->cmdq.msg_count) {
		gspm_violate(rm->m, "command queue: writePtr %u >= msgCount %u", *wp, rm->cmdq.msg_count);
		return -1;
	}
	return 0;
}

void rm_msgq_check_owned(struct gspm_rm *rm, const char *when)
{
	static const char *const names[8] = {
		"version", "size", "msgSize", "msgCount", "writePtr", "flags", "rxHdrOff", "entryOff",
	};
	struct msgqTxHeader h;
	uint32_t want[9], got[9];
	uint8_t rx[4];
	bool changed = false;
	const uint8_t *st = rm_shm_ptr(rm, rm->statq.off, HDR_RXHDR + sizeof(rx));
	const uint8_t *cq = rm_shm_ptr(rm, rm->cmdq.off, sizeof(h));

	/*
	 * Mostly nothing moved: the status queue's headers (tx, then the rx
	 * header's readPtr right after it) and the command queue's tx header
	 * but its writePtr compared in place, the reads and the word-by-word
	 * look below only when something differs (bench/RESULTS.md, rpcsmall4).
	 */
	_Static_assert(sizeof(h) == HDR_RXHDR && HDR_WRITEPTR + 4 <= sizeof(h),
		       "msgqTxHeader: 32 bytes, writePtr inside, the rx header right after");
	if (st && cq && !memcmp(st, &rm->statq_hdr, sizeof(h)) && rd32(st + HDR_RXHDR) == rm->cmd_rp &&
	    !memcmp(cq, &rm->cmdq_hdr, HDR_WRITEPTR) &&
	    !memcmp(cq + HDR_WRITEPTR + 4, (const uint8_t *)&rm->cmdq_hdr + HDR_WRITEPTR + 4,
		    sizeof(h) - HDR_WRITEPTR - 4))
		return;
	if (rm_shm_read(rm, rm->statq.off, &h, sizeof(h), "status queue tx header") ||
	    rm_shm_read(rm, rm->statq.off + HDR_RXHDR, rx, sizeof(rx), "status queue rx header"))
		return;
	memcpy(want, &rm->statq_hdr, 32);
	memcpy(got, &h, 32);
	want[8] = rm->cmd_rp;
	got[8] = rd32(rx);
	for (int i = 0; i < 9; i++) {
		if (want[i] == got[i])
			continue;
		changed = true;
		gspm_violate(rm->m, "host wrote GSP-owned %s (%s): expected %u, found %u",
			     i < 8 ? names[i] : "statq.rx.readPtr (GSP read pointer of the command queue)",
			     when, want[i], got[i]);
	}
	if (changed) {
		/* Put the firmware's values back so the rings stay consistent. */
		rm_shm_write(rm, rm->statq.off + HDR_RXHDR, &want[8], 4, "status queue rx header");
		rm_shm_write(rm, rm->statq.off, &rm->statq_hdr, sizeof(rm->statq_hdr), "status queue tx header");
	}

	/* The host owns the command queue header, but only writePtr may move. */
	if (rm_shm_read(rm, rm->cmdq.off, &h, sizeof(h), "command queue tx header"))
		return;
	memcpy(want, &rm->cmdq_hdr, 32);
	memcpy(got, &h, 32);
	for (int i = 0; i < 8; i++)
		if (i != 4 && want[i] != got[i]) {
			gspm_violate(rm->m, "host changed command queue header %s after boot (%s): was 0x%x, now 0x%x",
				     names[i], when, want[i], got[i]);
			memcpy((uint8_t *)&rm->cmdq_hdr + 4 * i, &got[i], 4);
		}
}

/*
 * len bytes of o's payload from q into d, those in its flip range XORed
 * with RM_ECHO_FLIP; returns their checksum XOR with d's first byte in the
 * words' first lane.  A run that starts off a word boundary is rotated
 * into place (XOR is lane by lane).
 */
static uint64_t payload_copy(uint8_t *d, const struct rm_out *o, uint32_t q, uint32_t len)
{
	const uint32_t end = q + len, cut[3] = { o->flip_from, o->flip_to, end };
	uint64_t x = 0, w;
	uint32_t at = 0;

	if (o->flip_to <= q || o->flip_from >= end)
		return rm_copy_xor(d, o->payload + q, len, 0);
	for (int k = 0; k < 3; k++) {
		uint32_t to = cut[k] < q ? q : cut[k] > end ? end : cut[k];
		unsigned int rot = 8 * (at % 8);

		if (to <= q)
			continue;
		w = rm_copy_xor(d + at, o->payload + q, to - q, k == 1 ? RM_ECHO_FLIP : 0);
		x ^= rot ? (w << rot) | (w >> (64 - rot)) : w;
		at += to - q;
		q = to;
	}
	return x;
}

/*
 * Bytes [lo, hi) of status-queue slot `slot` (its own offsets) are to read
 * as zeros: the end up to which zeros must be written (those past the
 * slot's mark are zeros already: only the model writes the status queue's
 * slots, protocol.md §1.2), the mark moved.  535.113.01's checksum covers
 * the rest of the last page (§1.3): it stays zero, as before, without a
 * page's memset per record.
 */
static uint32_t stat_zero_end(struct gspm_rm *rm, uint32_t slot, uint32_t lo, uint32_t hi)
{
	uint32_t *mark = &rm->stat_dirty[slot % rm->statq.msg_count];
	uint32_t end = *mark < hi ? (*mark > lo ? *mark : lo) : hi;

	if (hi >= *mark)
		*mark = lo;
	return end;
}

/*
 * Post o straight into the status queue's slots (the region mapped as one
 * run, rm_shm_ptr): the record copied in and its checksum computed in the
 * same pass, zeros to the end of what the checksum covers, the element
 * header last.  False: the slots are not directly reachable; post staged.
 */
static bool post_direct(struct gspm_rm *rm, const struct rm_out *o, uint32_t seq,
			uint32_t elems, uint32_t cover)
{
	uint8_t head[GSP_MSG_QUEUE_ELEMENT_HDR_SIZE] = { 0 };
	uint8_t *page[RM_MAX_ELEMS];
	uint32_t off, i;
	uint64_t x;

	for (i = 0; i < elems; i++) {
		page[i] = rm_shm_ptr(rm, slot_off(&rm->statq, rm->stat_wp + i), RM_PAGE);
		if (!page[i])
			return false;
	}
	wr32(head + offsetof(struct GSP_MSG_QUEUE_ELEMENT, seqNum), seq);
	wr32(head + offsetof(struct GSP_MSG_QUEUE_ELEMENT, elemCount), elems);
	x = rm_copy_xor(NULL, head, sizeof(head), 0);
	/* Page by page: the element's pages are slots of their own and may wrap. */
	for (off = sizeof(head); off < cover;) {
		uint32_t in = off % RM_PAGE, n = RM_PAGE - in < cover - off ? RM_PAGE - in : cover - off;
		uint32_t rec = off - (uint32_t)sizeof(head), from = 0;
		uint8_t *d = page[off / RM_PAGE] + in;

		if (rec < o->len)
			from = o->len - rec < n ? o->len - rec : n;
		if (from && rec < RM_RPC_HDR) {
			/* The header and the payload are two runs; the header is whole words. */
			uint32_t h = RM_RPC_HDR - rec < from ? RM_RPC_HDR - rec : from;

			x ^= rm_copy_xor(d, o->rpc + rec, h, 0);
			x ^= payload_copy(d + h, o, 0, from - h);
		} else if (from) {
			x ^= payload_copy(d, o, rec - RM_RPC_HDR, from);
		}
		memset(d + from, 0, stat_zero_end(rm, rm->stat_wp + off / RM_PAGE, in + from, in + n) - in - from);
		off += n;
	}
	wr32(head + ELEM_CSUM, (uint32_t)(x >> 32) ^ (uint32_t)x);
	memcpy(page[0], head, sizeof(head));
	return true;
}

int rm_msgq_post(struct gspm_rm *rm, const struct rm_out *o)
{
	struct gspm *m = rm->m;
	uint32_t n = rm->statq.msg_count;
	uint32_t rp, free_slots, elems, cover, csum, done, outstanding, seq;
	uint8_t v[4];
	uint8_t *buf;

	if (rm_shm_read(rm, rm->cmdq.off + HDR_RXHDR, v, sizeof(v), "command queue rx header (host read pointer)"))
		return -1;
	rp = rd32(v);
	if (rp >= n) {
		if (rp != rm->reported_bad_rp) {
			gspm_violate(m, "cmdq.rx.readPtr (host read pointer of the status queue) %u >= msgCount %u", rp, n);
			rm->reported_bad_rp = rp;
		}
		return 1;
	}
	done = (rp + n - rm->host_rp) % n;
	outstanding = (rm->stat_wp + n - rm->host_rp) % n;
	if (done > outstanding) {
		gspm_violate(m, "host read pointer of the status queue moved from %u to %u, past the GSP write pointer %u",
			     rm->host_rp, rp, rm->stat_wp);
	}
	rm->host_rp = rp;

	free_slots = rp + n - rm->stat_wp - 1;
	if (free_slots >= n)
		free_slots -= n;
	elems = (GSP_MSG_QUEUE_ELEMENT_HDR_SIZE + o->len + RM_PAGE - 1) / RM_PAGE;
	if (free_slots < elems)
		return 1;

	cover = csum_cover(rm, elems, o->len);
	/* Injected faults (rm_out.faults): a wrong seqNum, the last one repeated. */
	seq = rm->tx_seq;
	if (o->faults & RM_OUT_SEQ_WRONG)
		seq += 0x100;
	if (o->faults & RM_OUT_REPEAT)
		seq = rm->tx_seq - 1;
	if (!(o->faults & (RM_OUT_PAYLOAD | RM_OUT_CSUM)) && post_direct(rm, o, seq, elems, cover))
		goto publish;

	/*
	 * Staged, then written in one go: the header, the record and zeros to
	 * the end of what the release's checksum covers (protocol.md §1.3).
	 * Only those bytes are allocated and written, not whole pages.
	 */
	buf = malloc(cover);
	if (!buf) {
		gspm_log(m, GSPM_LOG_ERROR, "out of memory posting a %u-element message", elems);
		return -1;
	}
	memset(buf, 0, GSP_MSG_QUEUE_ELEMENT_HDR_SIZE);
	wr32(buf + offsetof(struct GSP_MSG_QUEUE_ELEMENT, seqNum), seq);
	wr32(buf + offsetof(struct GSP_MSG_QUEUE_ELEMENT, elemCount), elems);
	memcpy(buf + GSP_MSG_QUEUE_ELEMENT_HDR_SIZE, o->rpc, RM_RPC_HDR);
	payload_copy(buf + GSP_MSG_QUEUE_ELEMENT_HDR_SIZE + RM_RPC_HDR, o, 0, o->len - RM_RPC_HDR);
	memset(buf + GSP_MSG_QUEUE_ELEMENT_HDR_SIZE + o->len, 0, cover - GSP_MSG_QUEUE_ELEMENT_HDR_SIZE - o->len);
	/* A damaged payload byte the checksum covers: the transport cannot tell. */
	if ((o->faults & RM_OUT_PAYLOAD) && o->len > RM_RPC_HDR)
		buf[GSP_MSG_QUEUE_ELEMENT_HDR_SIZE + RM_RPC_HDR +
		    gspm_rand(m) % (o->len - RM_RPC_HDR)] ^= 0xff;
	csum = rm_csum(buf, cover);
	if (o->faults & RM_OUT_CSUM)
		csum ^= 1u << (gspm_rand(m) % 32);
	wr32(buf + ELEM_CSUM, csum);

	if (elem_io(rm, &rm->statq, rm->stat_wp, 0, buf, cover, "status queue element", true)) {
		free(buf);
		return -1;
	}
	/* Zeros written through cover: each slot's mark where its record ends. */
	for (uint32_t off = 0; off < cover; off += RM_PAGE) {
		uint32_t rec = GSP_MSG_QUEUE_ELEMENT_HDR_SIZE + o->len;
		uint32_t end = cover - off < RM_PAGE ? cover - off : RM_PAGE;

		stat_zero_end(rm, rm->stat_wp + off / RM_PAGE, rec > off + end ? end : rec - off, end);
	}
	free(buf);
publish:
	/* Elements are in place; now publish them. */
	if (rm->stat_wp + elems >= n)
		rm->st.statq_wraps++;
	rm->stat_wp = (rm->stat_wp + elems) % n;
	rm->statq_hdr.writePtr = rm->stat_wp;
	wr32(v, rm->stat_wp);
	if (rm_shm_write(rm, rm->statq.off + HDR_WRITEPTR, v, sizeof(v), "status queue writePtr"))
		return -1;
	if (!(o->faults & RM_OUT_REPEAT))
		rm->tx_seq++;
	rm->st.msgs_sent++;
	if (o->is_event)
		rm->st.events_sent++;
	return 0;
}
