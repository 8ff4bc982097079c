/* SPDX-License-Identifier: MIT */
/*
 * Unit tests of the gsp-model rm half and shared core.
 *
 * The test links gspm.c + the rm sources with a tiny fake hw half defined
 * here (GSP mailboxes, IRQSTAT/IRQMASK/IRQSCLR, QUEUE_HEAD doorbell), and
 * plays a minimal host written from docs/protocol.md facts alone (raw
 * offsets, not the driver's code): host memory with scattered bus pages,
 * the shared region with its PTE array, LibOS args, RMARGS, the command
 * queue header and the two pre-boot RPCs.  It then starts GSP-RM the way
 * the booter does (gspm_rm_start) and drives everything through the public
 * MMIO/DMA/clock interface.
 */
#include <check.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "model.h"
#include "hw_regs.h"
#include "gspm_abi_535_113_01.h"
#include "fw/gspm_abi_model.h"
#include "fw/gspm_release.h"
#include "testutil.h"

#define REL		"535.113.01"
#define PAGE		0x1000u
#define BUS_BASE	0x200000000ull
#define BUS_PAGES	2048u
#define NPTE		129u
#define CMDQ_OFF	0x1000u
#define STATQ_OFF	0x41000u
#define QCOUNT		63u
#define US		1000ull
#define MS		1000000ull

/* Element header and RPC header offsets (protocol.md §1.3, §2.1). */
#define E_CSUM		0x20
#define E_SEQ		0x24
#define E_COUNT		0x28
#define R_BASE		0x30
#define R_VERSION	(R_BASE + 0x00)
#define R_SIG		(R_BASE + 0x04)
#define R_LEN		(R_BASE + 0x08)
#define R_FN		(R_BASE + 0x0c)
#define R_RESULT	(R_BASE + 0x10)

#define EV_INIT_DONE	0x1001u
#define EV_SEQUENCER	0x1002u
#define EV_LIBOS_PRINT	0x100cu
#define EV_BRIDGELESS	0x100fu
#define EV_USER_SHARED	0x101bu		/* r535 only */
#define EV_570_NOCAT	0x1020u		/* GSP_POST_NOCAT_RECORD, r570 only */

/*
 * The release the next host boots, and whether it lays out RMARGS and
 * GspSystemInfo the r570 way (raw offsets from protocol.md §3.3 / abi/570.144).
 * Each test starts from the defaults (host_defaults, every tcase's checked
 * set-up: the cases share a process, testutil.h).
 */
static const char *host_rel = REL;
static bool host_570_layout;
/* The next host_new_cfg: pages in bus order and a dma_ptr op (the model's direct queue access). */
static bool host_direct;
static enum gspm_chip host_chip = GSPM_CHIP_GA102;

static void host_defaults(void)
{
	host_rel = REL;
	host_570_layout = false;
	host_direct = false;
	host_chip = GSPM_CHIP_GA102;
}

/* ---- fake hw half ------------------------------------------------------- */

struct gspm_hw {
	struct gspm *m;
	uint32_t mbox[6];	/* FALCON_MAILBOX0/1, then NV_PGSP_MAILBOX(0..3) */
	uint32_t irqstat, irqmask;
	bool halted;
};

struct gspm_hw *gspm_hw_create(struct gspm *m, char *err, size_t errlen)
{
	struct gspm_hw *hw = calloc(1, sizeof(*hw));

	(void)err;
	(void)errlen;
	hw->m = m;
	return hw;
}

void gspm_hw_destroy(struct gspm_hw *hw)
{
	free(hw);
}

bool gspm_hw_read(struct gspm_hw *hw, uint32_t off, uint32_t *val)
{
	switch (off) {
	case NV_PGSP_FALCON_MAILBOX0: *val = hw->mbox[0]; return true;
	case NV_PGSP_FALCON_MAILBOX1: *val = hw->mbox[1]; return true;
	case (HW_GSP_BASE + NV_PFALCON_FALCON_IRQSTAT): *val = hw->irqstat; return true;
	case HW_GSP_BASE + NV_PFALCON_FALCON_IRQMASK: *val = hw->irqmask; return true;
	case NV_USABLE_FB_SIZE_IN_MB: *val = 24576; return true;
	case (NV_FALCON2_GSP_BASE + NV_PRISCV_RISCV_CPUCTL): *val = hw->halted ? HW_RISCV_CPUCTL_HALTED : HW_RISCV_CPUCTL_ACTIVE; return true;
	}
	/* A catch-all for the GSP falcon page, as a real hw half may have. */
	if (off >= HW_GSP_BASE && off < HW_GSP_BASE + 0x1000) {
		*val = 0;
		return true;
	}
	return false;
}

bool gspm_hw_write(struct gspm_hw *hw, uint32_t off, uint32_t val)
{
	switch (off) {
	case NV_PGSP_FALCON_MAILBOX0: hw->mbox[0] = val; return true;
	case NV_PGSP_FALCON_MAILBOX1: hw->mbox[1] = val; return true;
	case (HW_GSP_BASE + NV_PFALCON_FALCON_IRQSCLR): hw->irqstat &= ~val; return true;
	case HW_GSP_BASE + NV_PFALCON_FALCON_IRQMSET: hw->irqmask |= val; return true;
	case HW_GSP_BASE + NV_PFALCON_FALCON_IRQMCLR: hw->irqmask &= ~val; return true;
	}
	if (off >= NV_PGSP_QUEUE_HEAD(0) && off < NV_PGSP_QUEUE_HEAD(8) && !(off & 7)) {
		gspm_rm_doorbell(gspm_rm_of(hw->m), (int)((off - NV_PGSP_QUEUE_HEAD(0)) / 8));
		return true;
	}
	if (off >= HW_GSP_BASE && off < HW_GSP_BASE + 0x1000)
		return true;
	return false;
}

void gspm_hw_advance(struct gspm_hw *hw, uint64_t now) { (void)hw; (void)now; }
uint64_t gspm_hw_next_deadline(const struct gspm_hw *hw) { (void)hw; return UINT64_MAX; }

void gspm_hw_pci_identity(const struct gspm_hw *hw, struct gspm_pci_id *id)
{
	(void)hw;
	memset(id, 0, sizeof(*id));
	id->vendor = 0x10de;
	id->device = 0x2236;
	id->subsystem_vendor = 0x10de;
	id->subsystem_device = 0x1482;
	id->class_code = 0x030200;
	id->bar0_size = 16u << 20;
}

size_t gspm_hw_describe(const struct gspm_hw *hw, char *buf, size_t len)
{
	int r = snprintf(buf, len, "fakehw: mbox0 0x%08x irqstat 0x%x%s\n", hw->mbox[0], hw->irqstat,
			 hw->halted ? " halted" : "");
	return r < 0 ? 0 : (size_t)r < len ? (size_t)r : len - 1;
}

uint32_t gspm_hw_gsp_mailbox(const struct gspm_hw *hw, int i)
{
	return i >= 0 && i < 6 ? hw->mbox[i] : 0;
}

void gspm_hw_gsp_set_mailbox(struct gspm_hw *hw, int i, uint32_t val)
{
	ck_assert_int_ge(i, 0);
	ck_assert_int_lt(i, 6);
	hw->mbox[i] = val;
}
void gspm_hw_gsp_raise_swgen0(struct gspm_hw *hw) { hw->irqstat |= HW_IRQ_SWGEN0; }
bool gspm_hw_irq_pending(const struct gspm_hw *hw)
{
	return hw->irqstat & hw->irqmask & HW_IRQ_SWGEN0;
}
void gspm_hw_gsp_halt(struct gspm_hw *hw) { hw->halted = true; }
/* The fake has no interrupt tree: the line is IRQSTAT & IRQMASK. */
void hw_intr_sample(struct gspm_hw *hw) { (void)hw; }
#define FAKE_GSP_VECTOR	0x1234u
uint32_t gspm_hw_gsp_intr_vector(const struct gspm_hw *hw) { (void)hw; return FAKE_GSP_VECTOR; }
void gspm_hw_inject(struct gspm_hw *hw, enum gspm_fault fault, uint64_t arg)
{
	(void)hw; (void)fault; (void)arg;
}

void gspm_hw_get_stats(const struct gspm_hw *hw, struct gspm_stats *st)
{
	(void)hw; (void)st;
}
/* The fake never falls off the bus and always starts its RISC-V core. */
void gspm_hw_fall_off_bus(struct gspm_hw *hw) { (void)hw; }
const bool *gspm_hw_off_bus_flag(const struct gspm_hw *hw)
{
	static const bool never;

	(void)hw;
	return &never;
}
bool gspm_hw_take_riscv_hang(struct gspm_hw *hw) { (void)hw; return false; }

/* ---- the host ------------------------------------------------------------ */

enum tamper {
	T_NONE, T_CSUM, T_SEQ, T_VERSION, T_SIG, T_RESULT, T_ELEMCOUNT, T_LENGTH,
	/* Bytes past the record (in 535.113.01's checksum): nonzero and counted, or one flipped after. */
	T_TAIL, T_TAIL_FLIP,
};

struct host {
	bool preboot;		/* queuing the pre-boot RPCs: no doorbell (protocol.md §3.4 step 8) */
	uint8_t *mem;
	uint32_t perm[BUS_PAGES];
	uint32_t next_page;
	struct gspm *m;
	uint64_t now;
	int irq, irq_edges;
	uint64_t shm[NPTE];		/* bus address of each shared page */
	uint64_t libos_pa, rmargs_pa;
	uint32_t tx_seq, rx_seq, cmd_wp, stat_rp;
	enum tamper tamper;
	uint32_t bad_csum_seen;
	unsigned int logs_violation;
	bool quiet;
	/* Pre-boot RPC knobs. */
	uint32_t mirror_base;
	bool skip_registry;
	bool skip_rmargs;
	int seq_mode;		/* how the host performs CORE_RESUME (SEQ_HOST_*) */
	bool skip_delay;	/* the sequencer's DELAY_US is not waited */
	uint32_t delay_us;	/* the DELAY_US the sequencer asked for */
	bool skip_pci_id;	/* r570 layout without the PCI identity */
	/* Checksum only 0x30 + rpc.length and put garbage after it (protocol.md §1.3). */
	bool csum_hdr_rpc;
	/* dma_ptr (host_direct): the epoch it hands out, calls, and the memory taken away. */
	uint64_t epoch;
	unsigned int ptr_calls;
	bool unmapped;
	/* Everything the model logged, for tests that look for a message. */
	char log[32768];
	size_t log_len;
};

static int h_dma_read(void *ctx, uint64_t a, void *buf, size_t len)
{
	struct host *h = ctx;

	if (h->unmapped || a < BUS_BASE || a + len > BUS_BASE + (uint64_t)BUS_PAGES * PAGE || a + len < a)
		return -1;
	memcpy(buf, h->mem + (a - BUS_BASE), len);
	return 0;
}

static int h_dma_write(void *ctx, uint64_t a, const void *buf, size_t len)
{
	struct host *h = ctx;

	if (h->unmapped || a < BUS_BASE || a + len > BUS_BASE + (uint64_t)BUS_PAGES * PAGE || a + len < a)
		return -1;
	memcpy(h->mem + (a - BUS_BASE), buf, len);
	return 0;
}

static void *h_dma_ptr(void *ctx, uint64_t a, size_t len, const uint64_t **epoch)
{
	struct host *h = ctx;

	*epoch = &h->epoch;
	h->ptr_calls++;
	if (h->unmapped || a < BUS_BASE || a + len > BUS_BASE + (uint64_t)BUS_PAGES * PAGE || a + len < a)
		return NULL;
	return h->mem + (a - BUS_BASE);
}

static void h_set_irq(void *ctx, int level)
{
	struct host *h = ctx;

	h->irq = level;
	h->irq_edges++;
}

static void h_log(void *ctx, enum gspm_log_level lvl, const char *msg)
{
	struct host *h = ctx;

	if (lvl == GSPM_LOG_VIOLATION)
		h->logs_violation++;
	if (h->log_len + strlen(msg) + 2 < sizeof(h->log))
		h->log_len += (size_t)sprintf(h->log + h->log_len, "%s\n", msg);
	if (getenv("GSPM_TEST_LOG") || (lvl >= GSPM_LOG_VIOLATION && !h->quiet))
		fprintf(stderr, "%s\n", msg);
}

static uint64_t alloc_page(struct host *h)
{
	ck_assert_uint_lt(h->next_page, BUS_PAGES);
	return BUS_BASE + (uint64_t)h->perm[h->next_page++] * PAGE;
}

static void *bus(struct host *h, uint64_t a)
{
	return h->mem + (a - BUS_BASE);
}

static void w32(struct host *h, uint64_t a, uint32_t v) { memcpy(bus(h, a), &v, 4); }
static uint32_t r32(struct host *h, uint64_t a) { uint32_t v; memcpy(&v, bus(h, a), 4); return v; }
static void w64(struct host *h, uint64_t a, uint64_t v) { memcpy(bus(h, a), &v, 8); }

/* Shared region access through the PTEs, like the firmware does. */
static uint64_t sa(struct host *h, uint32_t off)
{
	return h->shm[off / PAGE] + off % PAGE;
}

static void shm_write(struct host *h, uint32_t off, const void *p, size_t len)
{
	const uint8_t *s = p;

	while (len) {
		size_t c = PAGE - off % PAGE < len ? PAGE - off % PAGE : len;

		memcpy(bus(h, sa(h, off)), s, c);
		s += c;
		off += c;
		len -= c;
	}
}

static void shm_read(struct host *h, uint32_t off, void *p, size_t len)
{
	uint8_t *d = p;

	while (len) {
		size_t c = PAGE - off % PAGE < len ? PAGE - off % PAGE : len;

		memcpy(d, bus(h, sa(h, off)), c);
		d += c;
		off += c;
		len -= c;
	}
}

static uint32_t shm32(struct host *h, uint32_t off) { return r32(h, sa(h, off)); }
static void shm_w32(struct host *h, uint32_t off, uint32_t v) { w32(h, sa(h, off), v); }

static uint32_t csum(const uint8_t *p, size_t len)
{
	uint64_t x = 0, w;

	for (size_t i = 0; i < len; i += 8) {
		memcpy(&w, p + i, 8);
		x ^= w;
	}
	return (uint32_t)(x >> 32) ^ (uint32_t)x;
}

/* ---- clock ---------------------------------------------------------------- */

static void advance_to(struct host *h, uint64_t t)
{
	if (t < h->now)
		t = h->now;
	h->now = t;
	gspm_advance(h->m, t);
}

/* One step towards the model's next deadline, at most 100 us. */
static void step(struct host *h)
{
	uint64_t t = gspm_next_deadline(h->m);

	if (t > h->now + 100 * US)
		t = h->now + 100 * US;
	if (t <= h->now)
		t = h->now + 1;
	advance_to(h, t);
}

static void run_for(struct host *h, uint64_t ns)
{
	uint64_t end = h->now + ns;

	while (h->now < end) {
		uint64_t t = gspm_next_deadline(h->m);

		advance_to(h, t < end ? (t > h->now ? t : h->now + 1) : end);
	}
}

/* ---- command queue (host side, protocol.md §1.2-1.5) --------------------------------- */

static uint32_t cmdq_free(struct host *h)
{
	uint32_t rp = shm32(h, STATQ_OFF + 0x20);	/* GSP read ptr lives in statq rx */
	uint32_t f = rp + QCOUNT - h->cmd_wp - 1;

	return f >= QCOUNT ? f - QCOUNT : f;
}

static void doorbell(struct host *h)
{
	gspm_mmio_write32(h->m, NV_PGSP_QUEUE_HEAD(0), 0);
}

/* Write one record (rpc header + payload) into the command queue. */
static void put_record(struct host *h, uint32_t fn, const void *payload, uint32_t plen, bool ring)
{
	uint32_t len = 0x20 + plen;
	uint32_t n = (0x30 + len + PAGE - 1) / PAGE;
	uint8_t *buf = calloc(n, PAGE);
	uint64_t deadline = h->now + 5000 * MS;

	ck_assert_uint_le(len, 0xffd0);
	while (cmdq_free(h) < n) {
		ck_assert_msg(h->now < deadline, "command queue stayed full");
		step(h);
	}
	memcpy(buf + E_SEQ, &h->tx_seq, 4);
	memcpy(buf + E_COUNT, &n, 4);
	*(uint32_t *)(buf + R_VERSION) = 0x03000000;
	*(uint32_t *)(buf + R_SIG) = 0x43505256;
	*(uint32_t *)(buf + R_LEN) = len;
	*(uint32_t *)(buf + R_FN) = fn;
	*(uint32_t *)(buf + R_RESULT) = 0xffffffff;
	if (plen)
		memcpy(buf + R_BASE + 0x20, payload, plen);
	switch (h->tamper) {
	case T_SEQ: *(uint32_t *)(buf + E_SEQ) += 5; break;
	case T_VERSION: *(uint32_t *)(buf + R_VERSION) = 0x02000000; break;
	case T_SIG: *(uint32_t *)(buf + R_SIG) = 0x12345678; break;
	case T_RESULT: *(uint32_t *)(buf + R_RESULT) = 0; break;
	case T_ELEMCOUNT: *(uint32_t *)(buf + E_COUNT) = n + 1; break;
	/* 0x30 + 0x1000 bytes need two 4 KiB elements; one is published. */
	case T_LENGTH: *(uint32_t *)(buf + R_LEN) = 0x1000; break;
	default: break;
	}
	if (h->csum_hdr_rpc) {
		/* Bytes past the message: outside the r535.261/r570 checksum. */
		uint32_t end = (0x30 + len + 7) & ~7u;

		for (size_t i = end; i < (size_t)n * PAGE; i++)
			buf[i] = (uint8_t)(i * 7 + 3);
		{
			uint32_t c = csum(buf, end);

			memcpy(buf + E_CSUM, &c, 4);
		}
	} else {
		uint32_t c;

		for (size_t i = 0x30 + len; (h->tamper == T_TAIL || h->tamper == T_TAIL_FLIP) &&
		     i < (size_t)n * PAGE; i++)
			buf[i] = (uint8_t)(i * 13 + 1);
		c = csum(buf, (size_t)n * PAGE);
		if (h->tamper == T_CSUM)
			c ^= 0x100;
		memcpy(buf + E_CSUM, &c, 4);
		if (h->tamper == T_TAIL_FLIP)
			buf[(size_t)n * PAGE - 1] ^= 0x10;
	}
	for (uint32_t i = 0; i < n; i++)
		shm_write(h, CMDQ_OFF + PAGE + ((h->cmd_wp + i) % QCOUNT) * PAGE, buf + i * PAGE, PAGE);
	free(buf);
	h->cmd_wp = (h->cmd_wp + n) % QCOUNT;
	shm_w32(h, CMDQ_OFF + 0x10, h->cmd_wp);
	h->tx_seq++;
	h->tamper = T_NONE;
	if (ring)
		doorbell(h);
}

/* Send an RPC, split into CONTINUATION_RECORDs past 0xFFB0 payload bytes. */
static void send_rpc(struct host *h, uint32_t fn, const void *payload, size_t plen)
{
	const uint8_t *p = payload;
	size_t off = 0;

	do {
		uint32_t c = plen - off > 0xffb0 ? 0xffb0 : (uint32_t)(plen - off);

		put_record(h, off ? 71 : fn, p ? p + off : NULL, c, !h->preboot);
		off += c;
	} while (off < plen);
}

/* ---- status queue (host side) ------------------------------------------------- */

struct msg {
	uint32_t fn, result, len;	/* len = payload bytes */
	uint32_t seq, elems;
	uint8_t *payload;
};

static bool try_recv(struct host *h, struct msg *out)
{
	uint32_t wp = shm32(h, STATQ_OFF + 0x10);
	uint32_t n, len;
	uint8_t first[PAGE], *buf;

	if (wp == h->stat_rp)
		return false;
	shm_read(h, STATQ_OFF + PAGE + h->stat_rp * PAGE, first, PAGE);
	memcpy(&n, first + E_COUNT, 4);
	ck_assert_uint_ge(n, 1);
	ck_assert_uint_le(n, 16);
	buf = malloc((size_t)n * PAGE);
	for (uint32_t i = 0; i < n; i++)
		shm_read(h, STATQ_OFF + PAGE + ((h->stat_rp + i) % QCOUNT) * PAGE, buf + i * PAGE, PAGE);
	if (csum(buf, (size_t)n * PAGE))
		h->bad_csum_seen++;
	memcpy(&out->seq, buf + E_SEQ, 4);
	/* 535.113.01 checksums whole elements: the rest of the last page is zeros (protocol.md §1.3). */
	if (!strcmp(host_rel, "535.113.01"))
		for (size_t i = 0x30 + *(uint32_t *)(buf + R_LEN); i < (size_t)n * PAGE; i++)
			if (buf[i])
				ck_abort_msg("status queue element %u: byte 0x%zx past the record is 0x%02x",
					     h->stat_rp, i, buf[i]);
	ck_assert_uint_eq(out->seq, h->rx_seq);
	ck_assert_uint_eq(*(uint32_t *)(buf + R_VERSION), 0x03000000);
	ck_assert_uint_eq(*(uint32_t *)(buf + R_SIG), 0x43505256);
	len = *(uint32_t *)(buf + R_LEN);
	ck_assert_uint_ge(len, 0x20);
	ck_assert_uint_eq(n, (0x30 + len + PAGE - 1) / PAGE);
	out->fn = *(uint32_t *)(buf + R_FN);
	out->result = *(uint32_t *)(buf + R_RESULT);
	out->len = len - 0x20;
	out->elems = n;
	out->payload = malloc(out->len + 1);
	memcpy(out->payload, buf + R_BASE + 0x20, out->len);
	free(buf);
	h->stat_rp = (h->stat_rp + n) % QCOUNT;
	shm_w32(h, CMDQ_OFF + 0x20, h->stat_rp);	/* host read ptr lives in cmdq rx */
	h->rx_seq++;
	return true;
}

static bool wait_msg(struct host *h, struct msg *out, uint64_t timeout)
{
	uint64_t end = h->now + timeout;

	for (;;) {
		if (try_recv(h, out))
			return true;
		if (h->now >= end)
			return false;
		step(h);
	}
}

/* Receive a whole reply, gluing CONTINUATION_RECORDs up to `total` bytes. */
static struct msg recv_reply(struct host *h, uint32_t fn, size_t total)
{
	struct msg m;

	ck_assert_msg(wait_msg(h, &m, 100 * MS), "no reply to function %u", fn);
	ck_assert_uint_eq(m.fn, fn);
	while (m.len < total) {
		struct msg c;

		ck_assert_msg(wait_msg(h, &c, 100 * MS), "missing continuation (%u of %zu)", m.len, total);
		ck_assert_uint_eq(c.fn, 71);
		m.payload = realloc(m.payload, m.len + c.len + 1);
		memcpy(m.payload + m.len, c.payload, c.len);
		m.len += c.len;
		free(c.payload);
	}
	return m;
}

static void msg_free(struct msg *m)
{
	free(m->payload);
	m->payload = NULL;
}

static bool no_msg_for(struct host *h, uint64_t ns)
{
	struct msg m;

	if (wait_msg(h, &m, ns)) {
		msg_free(&m);
		return false;
	}
	return true;
}

/* ---- setup ------------------------------------------------------------------- */

static uint64_t id8(const char *s)
{
	uint64_t v = 0;

	while (*s)
		v = (v << 8) | (uint8_t)*s++;
	return v;
}

static uint64_t log_buffer(struct host *h, unsigned int pages)
{
	uint64_t first = alloc_page(h);

	w64(h, first, 0);
	w64(h, first + 8, first);
	for (unsigned int i = 1; i < pages; i++)
		w64(h, first + 8 + 8 * i, alloc_page(h));
	return first;
}

static void queue_preboot_rpcs(struct host *h)
{
	if (host_570_layout) {
		/* GspSystemInfo of 570.144: 928 bytes, mirror at 80/84. */
		uint8_t si[928];
		uint64_t bar[3] = { 0xfb000000, 0x38000000000ull, 0x3a000000000ull };
		uint32_t mirror[2] = { h->mirror_base, 0x1000 };

		/* PCIDeviceID, PCISubDeviceID, PCIRevisionID at 88/92/96. */
		uint32_t pci[3] = { 0x223610de, 0x148210de, 0 };

		memset(si, 0, sizeof(si));
		memcpy(si, bar, sizeof(bar));
		memcpy(si + 80, mirror, sizeof(mirror));
		if (!h->skip_pci_id)
			memcpy(si + 88, pci, sizeof(pci));
		send_rpc(h, 72, si, sizeof(si));
	} else {
		struct GspSystemInfo si;
		uint8_t buf[672];

		memset(&si, 0, sizeof(si));
		si.gpuPhysAddr = 0xfb000000;
		si.gpuPhysFbAddr = 0x38000000000ull;
		si.gpuPhysInstAddr = 0x3a000000000ull;
		si.pciConfigMirrorBase = h->mirror_base;
		si.pciConfigMirrorSize = 0x1000;
		/*
		 * 535.261.03's GspSystemInfo is 672 bytes: the same up to 608,
		 * which is all the host fills; zero after.
		 */
		memset(buf, 0, sizeof(buf));
		memcpy(buf, &si, sizeof(si));
		send_rpc(h, 72, buf, strcmp(host_rel, "535.261.03") ? sizeof(si) : sizeof(buf));
	}
	if (!h->skip_registry) {
		/* Two DWORD keys, NVIDIA convention (size includes the header). */
		uint8_t t[8 + 2 * 16 + 64];
		const char *k1 = "RMSecBusResetEnable", *k2 = "RMForcePcieConfigSave";
		uint32_t o1 = 8 + 32, o2 = o1 + (uint32_t)strlen(k1) + 1;
		uint32_t size = o2 + (uint32_t)strlen(k2) + 1;
		uint32_t two = 2, one = 1, four = 4;

		memset(t, 0, sizeof(t));
		memcpy(t, &size, 4);
		memcpy(t + 4, &two, 4);
		memcpy(t + 8, &o1, 4);
		t[12] = 1;
		memcpy(t + 16, &one, 4);
		memcpy(t + 20, &four, 4);
		memcpy(t + 24, &o2, 4);
		t[28] = 1;
		memcpy(t + 32, &one, 4);
		memcpy(t + 36, &four, 4);
		strcpy((char *)t + o1, k1);
		strcpy((char *)t + o2, k2);
		send_rpc(h, 73, t, size);
	}
}

static void queue_preboot(struct host *h)
{
	h->preboot = true;
	queue_preboot_rpcs(h);
	h->preboot = false;
}

static struct host *host_new_cfg(uint64_t seed, bool strict)
{
	struct host *h = calloc(1, sizeof(*h));
	struct gspm_config cfg = { .chip = host_chip, .fw_release = host_rel, .seed = seed, .strict = strict };
	struct gspm_host_ops ops = { .dma_read = h_dma_read, .dma_write = h_dma_write,
				     .set_irq = h_set_irq, .log = h_log };
	uint64_t x = 0x12345;
	char err[256];

	/*
	 * Mapped, not calloc'd: meson's MALLOC_PERTURB_ made calloc fill the
	 * 8 MiB twice (perturbation, then zero) and fault in every page, for
	 * the few pages a case touches (bench/RESULTS.md, `meson test` round 5).
	 */
	h->mem = mmap(NULL, (size_t)BUS_PAGES * PAGE, PROT_READ | PROT_WRITE,
		      MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ck_assert_ptr_ne(h->mem, MAP_FAILED);
	/* Scatter pages over bus space so nothing is accidentally contiguous. */
	for (uint32_t i = 0; i < BUS_PAGES; i++)
		h->perm[i] = i;
	for (uint32_t i = BUS_PAGES - 1; i > 0 && !host_direct; i--) {
		uint32_t j, t;

		x = x * 6364136223846793005ull + 1442695040888963407ull;
		j = (uint32_t)(x >> 33) % (i + 1);
		t = h->perm[i];
		h->perm[i] = h->perm[j];
		h->perm[j] = t;
	}
	ops.ctx = h;
	if (host_direct)
		ops.dma_ptr = h_dma_ptr;
	h->mirror_base = 0x88000;
	h->m = gspm_create(&cfg, &ops, err, sizeof(err));
	ck_assert_msg(h->m != NULL, "gspm_create: %s", err);
	return h;
}

/* Everything the host prepares before booter-load (protocol.md §3.3, §3.4). */
static void host_prepare(struct host *h)
{
	struct LibosMemoryRegionInitArgument *a;
	struct GSP_ARGUMENTS_CACHED *ra;
	uint64_t args_page;

	for (uint32_t i = 0; i < NPTE; i++)
		h->shm[i] = alloc_page(h);
	shm_write(h, 0, h->shm, sizeof(h->shm));
	/* Command queue tx header, as msgqTxCreate writes it. */
	shm_w32(h, CMDQ_OFF + 0x00, 0);
	shm_w32(h, CMDQ_OFF + 0x04, 0x40000);
	shm_w32(h, CMDQ_OFF + 0x08, 0x1000);
	shm_w32(h, CMDQ_OFF + 0x0c, QCOUNT);
	shm_w32(h, CMDQ_OFF + 0x10, 0);
	shm_w32(h, CMDQ_OFF + 0x14, 1);
	shm_w32(h, CMDQ_OFF + 0x18, 0x20);
	shm_w32(h, CMDQ_OFF + 0x1c, 0x1000);

	h->rmargs_pa = alloc_page(h);
	ra = bus(h, h->rmargs_pa);
	ra->messageQueueInitArguments.sharedMemPhysAddr = h->shm[0];
	ra->messageQueueInitArguments.pageTableEntryCount = NPTE;
	ra->messageQueueInitArguments.cmdQueueOffset = CMDQ_OFF;
	ra->messageQueueInitArguments.statQueueOffset = STATQ_OFF;
	/*
	 * r570: the queue arguments (same first 32 bytes) lose the lockless
	 * offsets, so srInitArguments moves to 0x20 and bDmemStack (set to 1,
	 * as nouveau r570 and nova do) sits at 0x30, where r535 has
	 * srInitArguments.oldLevel (protocol.md §3.3).
	 */
	if (host_570_layout)
		*((uint8_t *)ra + 0x30) = 1;

	args_page = alloc_page(h);
	h->libos_pa = args_page;
	a = bus(h, args_page);
	a[0] = (struct LibosMemoryRegionInitArgument){ id8("LOGINIT"), log_buffer(h, 16), 0x10000, 1, 1, { 0 } };
	a[1] = (struct LibosMemoryRegionInitArgument){ id8("LOGINTR"), log_buffer(h, 16), 0x10000, 1, 1, { 0 } };
	a[2] = (struct LibosMemoryRegionInitArgument){ id8("LOGRM"), log_buffer(h, 16), 0x10000, 1, 1, { 0 } };
	if (!h->skip_rmargs)
		a[3] = (struct LibosMemoryRegionInitArgument){ id8("RMARGS"), h->rmargs_pa, 0x1000, 1, 1, { 0 } };

	queue_preboot(h);
	gspm_mmio_write32(h->m, NV_PGSP_FALCON_MAILBOX0, (uint32_t)h->libos_pa);
	gspm_mmio_write32(h->m, NV_PGSP_FALCON_MAILBOX1, (uint32_t)(h->libos_pa >> 32));
	gspm_mmio_write32(h->m, HW_GSP_BASE + NV_PFALCON_FALCON_IRQMSET, HW_IRQ_SWGEN0);
}

/* What the booter does once WPR2 is up: start the RISC-V core. */
static void start_rm(struct host *h)
{
	gspm_rm_start(gspm_rm_of(h->m));
}

/*
 * CORE_RESUME as the host performs it (OGKM kgspExecuteSequencerCommand_GA102,
 * nouveau r535_gsp_msg_run_cpu_sequencer, nova sequencer.rs), or one of the
 * wrong ways the tests below need.  The fake hw has no SEC2: gspm_rm_resumed
 * is what hw's booter calls once the started SEC2 resumed GSP-RM.
 */
enum {
	SEQ_HOST_OK,
	SEQ_HOST_NO_RESUME,		/* the old driver: -EOPNOTSUPP, nothing done */
	SEQ_HOST_NO_GSP_RESET,		/* SEC2 started without resetting the GSP */
	SEQ_HOST_NO_MAILBOXES,		/* the reset cleared MAILBOX0/1, not rewritten */
	SEQ_HOST_OS_EARLY,		/* FALCON_OS before the handoff */
	SEQ_HOST_RESET_TWICE,		/* the GSP reset asserted and released twice */
	SEQ_HOST_STRAY_WRITE,		/* the first REG_WRITE preceded by one of another value */
	SEQ_HOST_CORE_RESET_SKIPPED,	/* CORE_RESET (opcode 5) not performed */
	SEQ_HOST_CORE_RESET_HELD,	/* CORE_RESET asserted the ENGINE reset, never released it */
};

static void host_core_resume(struct host *h)
{
	struct gspm_rm *rm = gspm_rm_of(h->m);

	if (h->seq_mode == SEQ_HOST_NO_RESUME)
		return;
	for (int i = 0; h->seq_mode != SEQ_HOST_NO_GSP_RESET && i < (h->seq_mode == SEQ_HOST_RESET_TWICE ? 2 : 1); i++) {
		gspm_mmio_write32(h->m, HW_GSP_BASE + HW_FALCON_ENGINE, HW_FALCON_ENGINE_RESET);
		gspm_mmio_write32(h->m, HW_GSP_BASE + HW_FALCON_ENGINE, 0);
	}
	if (h->seq_mode == SEQ_HOST_NO_MAILBOXES) {
		/* What the reset leaves there (falcon.c clears the mailboxes). */
		gspm_mmio_write32(h->m, NV_PGSP_FALCON_MAILBOX0, 0);
		gspm_mmio_write32(h->m, NV_PGSP_FALCON_MAILBOX1, 0);
	} else {
		gspm_mmio_write32(h->m, NV_PGSP_FALCON_MAILBOX0, (uint32_t)h->libos_pa);
		gspm_mmio_write32(h->m, NV_PGSP_FALCON_MAILBOX1, (uint32_t)(h->libos_pa >> 32));
	}
	if (h->seq_mode == SEQ_HOST_OS_EARLY)
		gspm_mmio_write32(h->m, HW_GSP_BASE + NV_PFALCON_FALCON_OS, 0x1234);
	advance_to(h, h->now + 100 * US);
	gspm_rm_resumed(rm);
	gspm_mmio_write32(h->m, HW_GSP_BASE + NV_PFALCON_FALCON_OS, 0x1234);
}

/* Run a GSP_RUN_CPU_SEQUENCER buffer (protocol.md §3.5). */
static void run_sequencer(struct host *h, const struct msg *seq)
{
	const uint32_t *w = (const uint32_t *)seq->payload;
	uint32_t idx = w[1], save[8];
	const uint32_t *c = w + 10;
	uint32_t p = 0;

	ck_assert_uint_ge(seq->len, 40 + 4 * idx);
	memcpy(save, w + 2, sizeof(save));
	while (p < idx) {
		uint32_t op = c[p];

		switch (op) {
		case 0:
			if (h->seq_mode == SEQ_HOST_STRAY_WRITE && p == 0)
				gspm_mmio_write32(h->m, c[p + 1], c[p + 2] ^ 1);
			gspm_mmio_write32(h->m, c[p + 1], c[p + 2]);
			p += 3;
			break;
		case 1: {
			uint32_t v = gspm_mmio_read32(h->m, c[p + 1]);

			gspm_mmio_write32(h->m, c[p + 1], (v & ~c[p + 2]) | c[p + 3]);
			p += 4;
			break;
		}
		case 2: {
			uint64_t end = h->now + (uint64_t)c[p + 4] * US;

			while ((gspm_mmio_read32(h->m, c[p + 1]) & c[p + 2]) != c[p + 3]) {
				ck_assert_msg(h->now < end, "sequencer REG_POLL timed out");
				advance_to(h, h->now + US);
			}
			p += 6;
			break;
		}
		case 3:
			h->delay_us = c[p + 1];
			if (!h->skip_delay)
				advance_to(h, h->now + (uint64_t)c[p + 1] * US);
			p += 2;
			break;
		case 4:
			ck_assert_uint_lt(c[p + 2], 8);
			save[c[p + 2]] = gspm_mmio_read32(h->m, c[p + 1]);
			p += 3;
			break;
		case 5:
			/*
			 * CORE_RESET (OGKM rmgspseq.h opcode 5, no payload): the
			 * falcon's ENGINE reset asserted, then released (nouveau
			 * r535 CORE_RESET, nova sequencer.rs), unless the mode
			 * breaks it.
			 */
			if (h->seq_mode != SEQ_HOST_CORE_RESET_SKIPPED)
				gspm_mmio_write32(h->m, HW_GSP_BASE + HW_FALCON_ENGINE, HW_FALCON_ENGINE_RESET);
			if (h->seq_mode != SEQ_HOST_CORE_RESET_SKIPPED && h->seq_mode != SEQ_HOST_CORE_RESET_HELD)
				gspm_mmio_write32(h->m, HW_GSP_BASE + HW_FALCON_ENGINE, 0);
			p += 1;
			break;
		case 8:
			ck_assert_uint_eq(p + 1, idx);	/* CORE_RESUME is the last command */
			host_core_resume(h);
			p += 1;
			break;
		default:
			ck_abort_msg("unexpected sequencer opcode %u", op);
		}
	}
	ck_assert_uint_eq(save[2], 0x5e904201);
	/* rm mirrors the sequencer registers into hw's NV_PGSP_MAILBOX(2/3). */
	ck_assert_uint_eq(gspm_hw_gsp_mailbox(gspm_hw_of(h->m), 4), 0x5e904201);
	ck_assert_uint_eq(gspm_hw_gsp_mailbox(gspm_hw_of(h->m), 5), 0x5e90d0d0);
}

/* The next message is event @fn; returns its result. */
static uint32_t expect_event(struct host *h, uint32_t fn)
{
	struct msg m;
	uint32_t result;

	ck_assert_msg(wait_msg(h, &m, 10 * MS), "no event within 10 ms (waiting for 0x%x)", fn);
	ck_assert_uint_eq(m.fn, fn);
	result = m.result;
	msg_free(&m);
	return result;
}

/* Boot up to the sequencer event; returns it (the caller frees it). */
static struct msg seq_boot_to_sequencer(struct host *h)
{
	struct msg m;

	host_prepare(h);
	start_rm(h);
	expect_event(h, EV_LIBOS_PRINT);
	ck_assert(wait_msg(h, &m, 10 * MS));
	ck_assert_uint_eq(m.fn, EV_SEQUENCER);
	return m;
}

static struct host *boot_host(uint64_t seed, bool strict)
{
	struct host *h = host_new_cfg(seed, strict);
	struct msg m = seq_boot_to_sequencer(h);

	run_sequencer(h, &m);
	msg_free(&m);
	expect_event(h, EV_BRIDGELESS);
	ck_assert_uint_eq(expect_event(h, EV_INIT_DONE), 0);
	/* The release's own informational event after INIT_DONE. */
	expect_event(h, strcmp(host_rel, "570.144") ? EV_USER_SHARED : EV_570_NOCAT);
	ck_assert_int_eq(gspm_fw_state(h->m), GSPM_FW_RUNNING);
	return h;
}

static void host_free(struct host *h)
{
	gspm_destroy(h->m);
	munmap(h->mem, (size_t)BUS_PAGES * PAGE);
	free(h);
}

static bool has_violation(struct host *h, const char *needle)
{
	for (unsigned int i = 0; i < gspm_violation_count(h->m); i++)
		if (strstr(gspm_violation(h->m, i), needle))
			return true;
	return false;
}

static bool logged(struct host *h, const char *needle)
{
	return strstr(h->log, needle) != NULL;
}

static struct msg rpc(struct host *h, uint32_t fn, const void *p, size_t len)
{
	send_rpc(h, fn, p, len);
	return recv_reply(h, fn, len);
}

/* ---- RM API helpers ----------------------------------------------------------- */

static uint32_t rm_alloc(struct host *h, uint32_t client, uint32_t parent, uint32_t obj, uint32_t cls)
{
	struct rpc_gsp_rm_alloc_v03_00 a = { .hClient = client, .hParent = parent, .hObject = obj, .hClass = cls };
	struct msg r = rpc(h, 103, &a, sizeof(a));
	uint32_t st;

	ck_assert_uint_eq(r.result, 0);
	ck_assert_uint_eq(r.len, sizeof(a));
	st = ((struct rpc_gsp_rm_alloc_v03_00 *)r.payload)->status;
	msg_free(&r);
	return st;
}

static uint32_t rm_free(struct host *h, uint32_t client, uint32_t obj)
{
	struct rpc_free_v03_00 f = { { client, 0, obj, 0 } };
	struct msg r = rpc(h, 10, &f, sizeof(f));
	uint32_t st;

	ck_assert_uint_eq(r.result, 0);
	st = ((struct rpc_free_v03_00 *)r.payload)->params.status;
	msg_free(&r);
	return st;
}

/* ---- tests -------------------------------------------------------------------- */

START_TEST(test_create_validation)
{
	struct gspm_host_ops ops = { .dma_read = h_dma_read, .dma_write = h_dma_write, .set_irq = h_set_irq };
	struct gspm_config cfg = { .chip = GSPM_CHIP_GA102, .fw_release = "999.1" };
	char err[256];

	ck_assert_ptr_null(gspm_create(&cfg, &ops, err, sizeof(err)));
	ck_assert_msg(strstr(err, "999.1") && strstr(err, REL), "%s", err);
	cfg.fw_release = REL;
	cfg.fb_size = 12345;
	ck_assert_ptr_null(gspm_create(&cfg, &ops, err, sizeof(err)));
	ck_assert_msg(strstr(err, "fb_size"), "%s", err);
	cfg.fb_size = 0;
	cfg.chip = (enum gspm_chip)42;
	ck_assert_ptr_null(gspm_create(&cfg, &ops, err, sizeof(err)));
	ck_assert_msg(strstr(err, "chip"), "%s", err);
	cfg.chip = GSPM_CHIP_GA102;
	ops.set_irq = NULL;
	ck_assert_ptr_null(gspm_create(&cfg, &ops, err, sizeof(err)));
	ck_assert_msg(strstr(err, "set_irq"), "%s", err);
}
END_TEST

START_TEST(test_unowned_register)
{
	struct host *h = host_new_cfg(1, false);

	ck_assert_uint_eq(gspm_mmio_read32(h->m, 0x00abc000), 0xbadf5040);
	gspm_mmio_write32(h->m, 0x00abc000, 1);
	ck_assert_uint_eq(gspm_violation_count(h->m), 0);
	ck_assert_int_eq(gspm_fw_state(h->m), GSPM_FW_OFF);
	host_free(h);
}
END_TEST

START_TEST(test_boot_status_queue_header)
{
	struct host *h = host_new_cfg(7, false);
	uint32_t hdr[9];

	host_prepare(h);
	/* Doorbells before GSP runs are ignored, not violations. */
	ck_assert_uint_eq(gspm_violation_count(h->m), 0);
	start_rm(h);
	ck_assert_int_eq(gspm_fw_state(h->m), GSPM_FW_BOOTING);
	ck_assert_uint_eq(shm32(h, STATQ_OFF + 0x04), 0);	/* not yet */
	expect_event(h, EV_LIBOS_PRINT);
	expect_event(h, EV_SEQUENCER);
	shm_read(h, STATQ_OFF, hdr, sizeof(hdr));
	ck_assert_uint_eq(hdr[0], 0);		/* version */
	ck_assert_uint_eq(hdr[1], 0x40000);	/* size */
	ck_assert_uint_eq(hdr[2], 0x1000);	/* msgSize */
	ck_assert_uint_eq(hdr[3], 63);		/* msgCount */
	ck_assert_uint_eq(hdr[5], 1);		/* flags SWAP_RX */
	ck_assert_uint_eq(hdr[6], 0x20);	/* rxHdrOff */
	ck_assert_uint_eq(hdr[7], 0x1000);	/* entryOff */
	/* The GSP consumed both pre-boot RPCs: its read ptr = our write ptr. */
	ck_assert_uint_eq(hdr[8], h->cmd_wp);
	ck_assert_uint_eq(gspm_violation_count(h->m), 0);
	host_free(h);
}
END_TEST

START_TEST(test_boot_sequencer_then_init_done)
{
	struct host *h = host_new_cfg(3, false);
	struct msg seq = seq_boot_to_sequencer(h);
	struct gspm_stats st;
	char desc[4096];

	ck_assert(h->irq);	/* SWGEN0 unmasked: the line is up */
	gspm_mmio_write32(h->m, (HW_GSP_BASE + NV_PFALCON_FALCON_IRQSCLR), HW_IRQ_SWGEN0);
	advance_to(h, h->now);
	ck_assert(!h->irq);
	/* No INIT_DONE until the host performs the sequencer. */
	ck_assert(no_msg_for(h, 50 * MS));
	ck_assert_int_eq(gspm_fw_state(h->m), GSPM_FW_BOOTING);
	run_sequencer(h, &seq);
	msg_free(&seq);
	expect_event(h, EV_BRIDGELESS);
	ck_assert_uint_eq(expect_event(h, EV_INIT_DONE), 0);
	ck_assert_int_eq(gspm_fw_state(h->m), GSPM_FW_RUNNING);
	ck_assert_uint_eq(gspm_violation_count(h->m), 0);
	gspm_get_stats(h->m, &st);
	ck_assert_uint_eq(st.per_function[72], 1);
	ck_assert_uint_eq(st.per_function[73], 1);
	gspm_describe(h->m, desc, sizeof(desc));
	ck_assert_msg(strstr(desc, "RMSecBusResetEnable") && strstr(desc, "RMForcePcieConfigSave"), "%s", desc);
	host_free(h);
}
END_TEST

START_TEST(test_sequencer_not_run_stays_booting)
{
	struct host *h = host_new_cfg(3, false);

	h->quiet = true;
	host_prepare(h);
	start_rm(h);
	run_for(h, 5000 * MS);
	ck_assert_int_eq(gspm_fw_state(h->m), GSPM_FW_BOOTING);
	ck_assert_uint_eq(gspm_next_deadline(h->m), UINT64_MAX);
	host_free(h);
}
END_TEST

START_TEST(test_sequencer_skipped_step)
{
	struct host *h = host_new_cfg(3, false);
	struct msg m;

	h->quiet = true;
	m = seq_boot_to_sequencer(h);
	msg_free(&m);
	/* Jump straight to the final write. */
	gspm_mmio_write32(h->m, NV_PGSP_MAILBOX(3), 0x5e90d0d0);
	ck_assert(has_violation(h, "REG_WRITE"));
	host_free(h);
}
END_TEST

/* ---- boot input broken one way (protocol.md §3.3, §3.4) ------------------------- */

static void mirror_wrong_no_registry(struct host *h)
{
	h->mirror_base = 0x1234;
	h->skip_registry = true;
	host_prepare(h);
}

static void no_rmargs(struct host *h)
{
	h->skip_rmargs = true;
	host_prepare(h);
}

static void cmdq_msgcount_64(struct host *h)
{
	host_prepare(h);
	shm_w32(h, CMDQ_OFF + 0x0c, 64);	/* msgCount */
}

/*
 * cmdQueueOffset inside the PTE area (page 0 holds the PTE array, nouveau
 * r535_gsp_shared_init) is refused; the model no longer demands the exact
 * offset the public drivers use (docs/hw-fidelity.md "LibOS arguments and
 * RMARGS").
 */
static void cmdq_offset_in_ptes(struct host *h)
{
	struct GSP_ARGUMENTS_CACHED *ra;

	host_prepare(h);
	ra = bus(h, h->rmargs_pa);
	ra->messageQueueInitArguments.cmdQueueOffset = 0;
}

/*
 * The shared region's PTE array (protocol.md §3.3: page 0 of the region holds
 * one u64 bus address per page, the first its own) written wrong after the
 * host prepared it.
 */
static void shm_pte(struct host *h, uint32_t i, uint64_t v)
{
	w64(h, h->shm[0] + 8ull * i, v);
}

static void pte0_not_own_page(struct host *h)
{
	host_prepare(h);
	shm_pte(h, 0, h->shm[1]);
}

static void pte_zero(struct host *h)
{
	host_prepare(h);
	shm_pte(h, 7, 0);
}

static void pte_unaligned(struct host *h)
{
	host_prepare(h);
	shm_pte(h, 5, h->shm[5] | 0x10);
}

static void pte_page_twice(struct host *h)
{
	host_prepare(h);
	shm_pte(h, 9, h->shm[8]);
}

/*
 * The LibOS log buffers (protocol.md §3.3: u64[0] the put pointer, u64[1 + i]
 * the bus address of page i, u64[1] the buffer's own first page) and their
 * LibosMemoryRegionInitArgument entries (LOGINIT 0, LOGINTR 1, LOGRM 2).
 */
static struct LibosMemoryRegionInitArgument *libos_arg(struct host *h, unsigned int i)
{
	return (struct LibosMemoryRegionInitArgument *)bus(h, h->libos_pa) + i;
}

static void log_pte0_not_own_page(struct host *h)
{
	host_prepare(h);
	w64(h, libos_arg(h, 0)->pa + 8, libos_arg(h, 1)->pa);
}

static void log_pte_zero(struct host *h)
{
	host_prepare(h);
	w64(h, libos_arg(h, 1)->pa + 8 * 4, 0);
}

static void log_size_partial_page(struct host *h)
{
	host_prepare(h);
	libos_arg(h, 2)->size = 0x10800;
}

/* 512 pages need 513 u64s: more than the first page holds. */
static void log_size_too_large(struct host *h)
{
	host_prepare(h);
	libos_arg(h, 2)->size = 0x200000;
}

static void log_kind_wrong(struct host *h)
{
	host_prepare(h);
	libos_arg(h, 0)->kind = 0;
}

static void log_loc_wrong(struct host *h)
{
	host_prepare(h);
	libos_arg(h, 0)->loc = 2;
}

static void log_pa_zero(struct host *h)
{
	host_prepare(h);
	libos_arg(h, 0)->pa = 0;
}

/* MAILBOX0/1 cleared after the host wrote the LibOS arguments' address there. */
static void libos_mailbox_zero(struct host *h)
{
	host_prepare(h);
	gspm_mmio_write32(h->m, NV_PGSP_FALCON_MAILBOX0, 0);
	gspm_mmio_write32(h->m, NV_PGSP_FALCON_MAILBOX1, 0);
}

/* LOGINIT listed again as entry 4. */
static void libos_region_twice(struct host *h)
{
	host_prepare(h);
	*libos_arg(h, 4) = *libos_arg(h, 0);
}

/* An RMARGS region of 8 bytes, shorter than GSP_ARGUMENTS_CACHED. */
static void rmargs_region_short(struct host *h)
{
	host_prepare(h);
	libos_arg(h, 3)->size = 8;
}

/* RMARGS' messageQueueInitArguments (protocol.md §3.3) written wrong after host_prepare. */
static struct GSP_ARGUMENTS_CACHED *rmargs(struct host *h)
{
	return bus(h, h->rmargs_pa);
}

static void rmargs_shm_zero(struct host *h)
{
	host_prepare(h);
	rmargs(h)->messageQueueInitArguments.sharedMemPhysAddr = 0;
}

static void rmargs_shm_unaligned(struct host *h)
{
	host_prepare(h);
	rmargs(h)->messageQueueInitArguments.sharedMemPhysAddr = h->shm[0] + 0x800;
}

/*
 * A region of 600 pages: its PTE array is 600 * 8 = 4800 bytes, two pages,
 * and the second page is found through PTE 1 (the region maps its own PTE
 * array first: nouveau r535_gsp_shared_init, OGKM GspMsgQueuesInit).  The
 * queues move past the two PTE pages (cmdQueueOffset 0x2000, the status
 * queue 0x40000 later as before, 600 pages holding both); PTE 1 is not a
 * page address.
 */
static void pte_array_page_unaligned(struct host *h)
{
	host_prepare(h);
	rmargs(h)->messageQueueInitArguments.pageTableEntryCount = 600;
	rmargs(h)->messageQueueInitArguments.cmdQueueOffset = 0x2000;
	rmargs(h)->messageQueueInitArguments.statQueueOffset = 0x42000;
	shm_pte(h, 1, h->shm[1] | 0x10);
}

/* Two pages cannot hold the PTE page and two queues. */
static void rmargs_pte_count_2(struct host *h)
{
	host_prepare(h);
	rmargs(h)->messageQueueInitArguments.pageTableEntryCount = 2;
}

/*
 * The status queue at the command queue's offset: both queues need a header
 * page and 16 element pages at least (GSP_MSG_QUEUE_ELEMENT_SIZE_MAX 64 KiB).
 */
static void rmargs_statq_overlaps_cmdq(struct host *h)
{
	host_prepare(h);
	rmargs(h)->messageQueueInitArguments.statQueueOffset = CMDQ_OFF;
}

static void no_pci_identity(struct host *h)
{
	h->skip_pci_id = true;
	host_prepare(h);
}

/*
 * The host prepares the boot (@prepare, for firmware @rel with the r570
 * layouts or not) with one thing wrong; GSP-RM names each violation, logs
 * @logged where set, and the boot goes no further.
 */
static const struct {
	const char *name;
	const char *rel;
	bool layout_570;
	void (*prepare)(struct host *h);
	const char *violations[2];
	const char *logged;
	bool no_status_queue;	/* GSP-RM never set its status queue up */
} broken_boots[] = {
	{ "preboot_violations", REL, false, mirror_wrong_no_registry,
	  { "pciConfigMirrorBase expected 0x88000, found 0x1234", "SET_REGISTRY missing" } },
	{ "bad_libos_args", REL, false, no_rmargs, { "RMARGS missing" }, NULL, true },
	{ "bad_cmdq_header", REL, false, cmdq_msgcount_64, { "msgCount expected 0x3f, found 0x40" } },
	{ "cmdq_offset_inside_pte_area", REL, false, cmdq_offset_in_ptes,
	  { "cmdQueueOffset 0x0 is not a page offset past the PTE area" } },
	{ "pte0_not_own_page", REL, false, pte0_not_own_page,
	  { "PTE 0 expected 0x", "(sharedMemPhysAddr, the PTE array's own page), found 0x" } },
	{ "pte_zero", REL, false, pte_zero, { "PTE 7 of 129 is 0x0, not a page address" } },
	{ "pte_unaligned", REL, false, pte_unaligned, { "PTE 5 of 129 is 0x", "010, not a page address" } },
	{ "pte_page_twice", REL, false, pte_page_twice, { "shared region maps bus page 0x", " twice" } },
	{ "log_pte0_not_own_page", REL, false, log_pte0_not_own_page,
	  { "LibOS args LOGINIT: PTE 0 (u64[1]) is 0x", ", expected the buffer's own first page" }, NULL, true },
	{ "log_pte_zero", REL, false, log_pte_zero,
	  { "LibOS args LOGINTR: PTE 3 (u64[4]) is 0x0, expected a page address" }, NULL, true },
	{ "log_size_partial_page", REL, false, log_size_partial_page,
	  { "LibOS args LOGRM: size 0x10800 is not a non-zero number of pages" }, NULL, true },
	{ "log_size_too_large", REL, false, log_size_too_large,
	  { "LibOS args LOGRM: size 0x200000 needs a PTE list longer than the first page" }, NULL, true },
	{ "log_kind_wrong", REL, false, log_kind_wrong,
	  { "LibOS args LOGINIT: kind expected 1 (CONTIGUOUS), found 0" }, NULL, true },
	{ "log_loc_wrong", REL, false, log_loc_wrong,
	  { "LibOS args LOGINIT: loc expected 1 (SYSMEM), found 2" }, NULL, true },
	{ "log_pa_zero", REL, false, log_pa_zero, { "LibOS args LOGINIT: pa 0x0 is not a page address" }, NULL, true },
	{ "libos_mailbox_zero", REL, false, libos_mailbox_zero,
	  { "GSP MAILBOX0/1 (LibOS arguments bus address) is 0 at RISC-V start" }, NULL, true },
	{ "libos_region_twice", REL, false, libos_region_twice,
	  { "LibOS args: region LOGINIT appears twice (entry 4)" }, NULL, true },
	{ "rmargs_region_short", REL, false, rmargs_region_short,
	  { "LibOS args RMARGS: size 0x8 smaller than GSP_ARGUMENTS_CACHED (0x" }, NULL, true },
	{ "rmargs_shm_zero", REL, false, rmargs_shm_zero,
	  { "RMARGS: messageQueueInitArguments.sharedMemPhysAddr is 0" }, NULL, true },
	{ "rmargs_shm_unaligned", REL, false, rmargs_shm_unaligned,
	  { "RMARGS: sharedMemPhysAddr 0x", "800 is not page aligned" }, NULL, true },
	{ "rmargs_pte_count_2", REL, false, rmargs_pte_count_2,
	  { "RMARGS: pageTableEntryCount 2 is not a plausible region size" }, NULL, true },
	{ "pte_array_page_unaligned", REL, false, pte_array_page_unaligned,
	  { "PTE 1 (page 1 of the PTE array) is 0x", "010, not a page address" }, NULL, true },
	{ "rmargs_statq_overlaps_cmdq", REL, false, rmargs_statq_overlaps_cmdq,
	  { "RMARGS: statQueueOffset 0x1000 does not leave room for both queues in 129 pages (cmdQueueOffset 0x1000)" },
	  NULL, true },
	/* A host built for 535.113.01 booting 570.144. */
	{ "r570_rejects_r535_system_info", "570.144", false, host_prepare,
	  { "GSP_SET_SYSTEM_INFO: payload expected 928 bytes (sizeof(GspSystemInfo)), found 664" } },
	{ "r570_needs_pci_identity", "570.144", true, no_pci_identity,
	  { "PCIDeviceID/PCISubDeviceID/PCIRevisionID expected 0x223610de/0x148210de/0x0, found 0x00000000/0x00000000/0x0" } },
	/* r570's bDmemStack = 1 lands on r535's srInitArguments.oldLevel. */
	{ "r535_reads_r570_rmargs_wrongly", REL, true, host_prepare,
	  { "GSP_SET_SYSTEM_INFO: payload expected 664 bytes (sizeof(GspSystemInfo)), found 928" },
	  "RMARGS asks for a resume (oldLevel 1" },
};

START_TEST(test_broken_boot_input)
{
	struct host *h;

	host_rel = broken_boots[_i].rel;
	host_570_layout = broken_boots[_i].layout_570;
	h = host_new_cfg(3, false);
	h->quiet = true;
	broken_boots[_i].prepare(h);
	start_rm(h);
	run_for(h, 50 * MS);
	for (int v = 0; v < 2 && broken_boots[_i].violations[v]; v++)
		ck_assert_msg(has_violation(h, broken_boots[_i].violations[v]),
			      "%s: no violation containing \"%s\"; log:\n%s", broken_boots[_i].name,
			      broken_boots[_i].violations[v], h->log);
	ck_assert_msg(!broken_boots[_i].logged || logged(h, broken_boots[_i].logged),
		      "%s: log lacks \"%s\":\n%s", broken_boots[_i].name, broken_boots[_i].logged, h->log);
	ck_assert_int_eq(gspm_fw_state(h->m), GSPM_FW_BOOTING);
	if (broken_boots[_i].no_status_queue)
		ck_assert_uint_eq(shm32(h, STATQ_OFF + 0x04), 0);
	host_free(h);
}
END_TEST

START_TEST(test_nop_round_trip)
{
	struct host *h = boot_host(11, false);
	struct gspm_stats st0, st;
	struct msg r;

	gspm_get_stats(h->m, &st0);
	r = rpc(h, 0, NULL, 0);
	ck_assert_uint_eq(r.result, 0);
	ck_assert_uint_eq(r.len, 0);
	ck_assert_uint_eq(r.elems, 1);
	msg_free(&r);
	gspm_get_stats(h->m, &st);
	ck_assert_uint_eq(st.cmds_received, st0.cmds_received + 1);
	ck_assert_uint_eq(st.msgs_sent, st0.msgs_sent + 1);
	ck_assert_uint_eq(st.per_function[0], 1);
	ck_assert_uint_eq(st.doorbells, st0.doorbells + 1);
	ck_assert_uint_eq(h->bad_csum_seen, 0);
	ck_assert_uint_eq(gspm_violation_count(h->m), 0);
	host_free(h);
}
END_TEST

/*
 * A host that lends the model its memory (dma_ptr, as the harness does):
 * the queues go through it, a large echo included, and the checks stay.
 * Once the memory is taken away (the epoch moves, DMA refused) the next
 * doorbell's reads fall back to DMA and are violations, as before.
 */
START_TEST(test_direct_queue_access)
{
	struct host *h;
	size_t psz = 100 * 1024, total = sizeof(struct rpc_gsp_rm_control_v03_00) + psz;
	uint8_t *req = calloc(1, total);
	struct rpc_gsp_rm_control_v03_00 *c = (void *)req;
	unsigned int calls;
	struct msg r;

	host_direct = true;
	h = boot_host(17, false);
	host_direct = false;
	/* Once at setup: every access since went through the address it gave. */
	ck_assert_uint_eq(h->ptr_calls, 1);
	c->hClient = 0xc1e00004;
	c->hObject = 0x5d1d0000;
	c->cmd = GSPM_CTRL_CMD_TEST_ECHO;
	c->paramsSize = (uint32_t)psz;
	for (size_t i = 0; i < psz; i++)
		c->params[i] = (uint8_t)(i * 13 + 1);
	for (int k = 0; k < 3; k++) {	/* 3 x 2 records of 16 pages: both rings wrap */
		r = rpc(h, 76, req, total);
		ck_assert_uint_eq(r.result, 0);
		ck_assert_uint_eq(r.len, total);
		for (size_t i = 0; i < psz; i++)
			if (r.payload[sizeof(*c) + i] != (uint8_t)((i * 13 + 1) ^ 0x5a))
				ck_abort_msg("round %d: echo byte %zu wrong", k, i);
		msg_free(&r);
	}
	ck_assert_uint_eq(h->ptr_calls, 1);
	ck_assert_uint_eq(h->bad_csum_seen, 0);
	ck_assert_uint_eq(gspm_violation_count(h->m), 0);

	h->unmapped = true;
	h->epoch++;
	calls = h->ptr_calls;
	send_rpc(h, 0, NULL, 0);
	run_for(h, 1000000);
	ck_assert_uint_eq(h->ptr_calls, calls + 1);	/* asked again, refused */
	ck_assert(has_violation(h, "refused by the host"));
	free(req);
	host_free(h);
}
END_TEST

/* One field of a command broken: the rule the model names for it. */
static const struct {
	const char *name;
	enum tamper tamper;
	const char *needle;
} tampers[] = {
	{ "bad_checksum", T_CSUM, "checkSum expected" },
	{ "bad_seqnum", T_SEQ, "seqNum expected 2, found 7" },
	{ "bad_header_version", T_VERSION, "rpc.header_version expected 0x03000000" },
	{ "bad_signature", T_SIG, "rpc.signature expected" },
	{ "bad_rpc_result", T_RESULT, "rpc.rpc_result expected 0xffffffff" },
	/* A NOP: 0x30 + rpc.length 0x20 fits one 4 KiB element. */
	{ "bad_elem_count", T_ELEMCOUNT, "elemCount expected 1 for rpc.length 0x20, found 2" },
	{ "length_past_published", T_LENGTH, "message of 2 elements but only 1 published by writePtr" },
};

START_TEST(test_tampered_command)
{
	struct host *h = boot_host(12, false);
	struct msg r;

	h->quiet = true;
	h->tamper = tampers[_i].tamper;
	send_rpc(h, 0, NULL, 0);
	ck_assert_msg(no_msg_for(h, 5 * MS), "%s: no reply expected", tampers[_i].name);
	ck_assert_msg(has_violation(h, tampers[_i].needle), "%s: no violation containing \"%s\"",
		      tampers[_i].name, tampers[_i].needle);
	ck_assert(has_violation(h, "slot"));
	/* The model resynchronises: the next good command works. */
	r = rpc(h, 0, NULL, 0);
	ck_assert_uint_eq(r.result, 0);
	msg_free(&r);
	host_free(h);
}
END_TEST

/* A test echo control of psz parameter bytes (i * mul + (i >> shift)) to the internal subdevice. */
static uint8_t *echo_request(size_t psz, unsigned int mul, unsigned int shift)
{
	uint8_t *req = calloc(1, sizeof(struct rpc_gsp_rm_control_v03_00) + psz);
	struct rpc_gsp_rm_control_v03_00 *c = (void *)req;

	ck_assert_ptr_nonnull(req);
	c->hClient = 0xc1e00004;	/* the internal client/subdevice */
	c->hObject = 0x5d1d0000;
	c->cmd = GSPM_CTRL_CMD_TEST_ECHO;
	c->paramsSize = (uint32_t)psz;
	for (size_t i = 0; i < psz; i++)
		c->params[i] = (uint8_t)(i * mul + (i >> shift));
	return req;
}

/* The echo's reply to req: whole, both statuses NV_OK, every parameter byte XORed with 0x5a. */
static void check_echo(struct msg *r, const uint8_t *req)
{
	const struct rpc_gsp_rm_control_v03_00 *c = (const void *)req;

	ck_assert_uint_eq(r->result, 0);
	ck_assert_uint_eq(r->len, sizeof(*c) + c->paramsSize);
	ck_assert_uint_eq(((struct rpc_gsp_rm_control_v03_00 *)r->payload)->status, 0);
	for (size_t i = 0; i < c->paramsSize; i++)
		if (r->payload[sizeof(*c) + i] != (uint8_t)(c->params[i] ^ 0x5a))
			ck_abort_msg("echo byte %zu wrong: 0x%02x", i, r->payload[sizeof(*c) + i]);
	msg_free(r);
}

/* A record with a bad checksum: dropped, the one violation. */
static void put_bad_record(struct host *h, uint32_t fn, const uint8_t *p, uint32_t len)
{
	h->quiet = true;
	h->tamper = T_CSUM;
	put_record(h, fn, p, len, true);
	run_for(h, 2 * MS);
	ck_assert_msg(has_violation(h, "checkSum expected"), "log:\n%s", h->log);
	ck_assert_uint_eq(gspm_violation_count(h->m), 1);
}

/* The echo r of req right after a dropped record, nothing else wrong: all freed. */
static void end_echo_after_bad(struct host *h, struct msg *r, uint8_t *req, uint8_t *junk)
{
	check_echo(r, req);
	ck_assert_uint_eq(gspm_violation_count(h->m), 1);
	free(junk);
	free(req);
	host_free(h);
}

/*
 * A continuation record's payload goes straight into the reassembly
 * (rm_msgq_peek): one with a bad checksum must still be dropped, its bytes
 * not counted; the size is odd so that the last record's payload ends off
 * a word boundary (its tail read into the command buffer, not the sink).
 */
START_TEST(test_echo_bad_continuation_dropped)
{
	struct host *h = boot_host(13, false);
	size_t total = sizeof(struct rpc_gsp_rm_control_v03_00) + 2 * 0xffb0 + 1001;
	uint8_t *req = echo_request(total - sizeof(struct rpc_gsp_rm_control_v03_00), 13, 10);
	uint8_t *junk = malloc(0xffb0);
	struct msg r;

	memset(junk, 0xee, 0xffb0);
	put_record(h, 76, req, 0xffb0, true);
	put_bad_record(h, 71, junk, 0xffb0);
	put_record(h, 71, req + 0xffb0, 0xffb0, true);
	put_record(h, 71, req + 2 * 0xffb0, (uint32_t)(total - 2 * 0xffb0), true);
	r = recv_reply(h, 76, total);
	end_echo_after_bad(h, &r, req, junk);
}
END_TEST

/* A host that lends the model its memory (direct: dma_ptr) or not, booted. */
static struct host *boot_host_lending(uint64_t seed, bool direct)
{
	struct host *h;

	host_direct = direct;
	h = boot_host(seed, false);
	host_direct = false;
	return h;
}

/* Every element the host read had the right checksum, no violation: freed. */
static void host_free_clean(struct host *h)
{
	ck_assert_uint_eq(h->bad_csum_seen, 0);
	ck_assert_uint_eq(gspm_violation_count(h->m), 0);
	host_free(h);
}

/*
 * The large echo answers in its request's reassembly buffer, the XOR done
 * as the reply is written into the status queue: with the parameters ending
 * off a word boundary and 5 bytes past paramsSize in the last record
 * (copied as they came, not XORed), so that a run of the reply starts off a
 * word boundary in the element; straight into the slots (a host that lends
 * its memory) and staged, twice each (the second reassembled into the
 * buffer the first reply gave back).  The host checks every element's
 * checksum.
 */
START_TEST(test_echo_fused_odd_tail)
{
	const size_t psz = 0xffb0 + 3001, extra = 5;
	const size_t total = sizeof(struct rpc_gsp_rm_control_v03_00) + psz;
	uint8_t *req = echo_request(psz + extra, 29, 7);
	struct host *h;
	struct msg r;

	((struct rpc_gsp_rm_control_v03_00 *)req)->paramsSize = (uint32_t)psz;
	h = boot_host_lending(14, _i);
	for (int k = 0; k < 2; k++) {
		put_record(h, 76, req, 0xffb0, true);
		put_record(h, 71, req + 0xffb0, (uint32_t)(total + extra - 0xffb0), true);
		r = recv_reply(h, 76, total + extra);
		ck_assert_uint_eq(r.result, 0);
		ck_assert_uint_eq(r.len, total + extra);
		ck_assert_uint_eq(((struct rpc_gsp_rm_control_v03_00 *)r.payload)->status, 0);
		for (size_t i = 0; i < psz + extra; i++) {
			uint8_t want = (uint8_t)(i * 29 + (i >> 7)) ^ (i < psz ? 0x5a : 0);

			if (r.payload[sizeof(struct rpc_gsp_rm_control_v03_00) + i] != want)
				ck_abort_msg("round %d: byte %zu of the parameters 0x%02x, expected 0x%02x", k, i,
					     r.payload[sizeof(struct rpc_gsp_rm_control_v03_00) + i], want);
		}
		msg_free(&r);
	}
	free(req);
	host_free_clean(h);
}
END_TEST

/*
 * 535.113.01's checksum covers the rest of a command element's last page
 * (protocol.md §1.3), which the model XORs where it lies instead of copying
 * it (msgq.c rm_msgq_peek): bytes there that the host counted are taken,
 * nothing assumes them zero, and one flipped after the checksum, in the
 * page's last byte, is refused; in place (a host that lends its memory)
 * and through the DMA calls.
 */
START_TEST(test_cmdq_tail_counted)
{
	struct host *h = boot_host_lending(16, _i);
	struct msg r;

	h->tamper = T_TAIL;
	r = rpc(h, 0, NULL, 0);
	ck_assert_uint_eq(r.result, 0);
	msg_free(&r);
	ck_assert_uint_eq(gspm_violation_count(h->m), 0);
	h->quiet = true;
	h->tamper = T_TAIL_FLIP;
	send_rpc(h, 0, NULL, 0);
	run_for(h, 10 * MS);
	ck_assert_msg(has_violation(h, "checkSum expected") && has_violation(h, "(over 0x1000 bytes)"),
		      "log:\n%s", h->log);
	ck_assert_uint_eq(gspm_violation_count(h->m), 1);
	host_free(h);
}
END_TEST

/*
 * 535.113.01's checksum covers the rest of an element's last page, which
 * the model keeps zero without a memset per record (msgq.c stat_zero_end):
 * a large echo fills slots with data, then NOPs reuse every slot with a
 * short record; try_recv checks the zeros and every checksum.
 */
START_TEST(test_statq_tail_zero)
{
	const size_t psz = 100 * 1024;
	uint8_t *req = echo_request(psz, 31, 5);
	struct host *h;
	struct msg r;

	h = boot_host_lending(15, true);
	r = rpc(h, 76, req, sizeof(struct rpc_gsp_rm_control_v03_00) + psz);
	check_echo(&r, req);
	for (unsigned int k = 0; k < 2 * QCOUNT; k++) {
		r = rpc(h, 0, NULL, 0);
		ck_assert_uint_eq(r.result, 0);
		msg_free(&r);
	}
	free(req);
	host_free_clean(h);
}
END_TEST

/*
 * A large command's first record goes straight into the reassembly too
 * (rm_first_sink): one with a bad checksum (junk parameters) is dropped and
 * starts nothing; the whole echo sent after it comes back right.
 */
START_TEST(test_echo_bad_first_record_dropped)
{
	struct host *h = boot_host(16, false);
	size_t psz = 2 * 0xffb0, total = sizeof(struct rpc_gsp_rm_control_v03_00) + psz;
	uint8_t *req = echo_request(psz, 11, 3);
	uint8_t *junk = malloc(0xffb0);
	struct msg r;

	memcpy(junk, req, sizeof(struct rpc_gsp_rm_control_v03_00));
	memset(junk + sizeof(struct rpc_gsp_rm_control_v03_00), 0xee, 0xffb0 - sizeof(struct rpc_gsp_rm_control_v03_00));
	put_bad_record(h, 76, junk, 0xffb0);
	r = rpc(h, 76, req, total);
	end_echo_after_bad(h, &r, req, junk);
}
END_TEST

START_TEST(test_echo_300k)
{
	struct host *h = boot_host(13, false);
	size_t total = sizeof(struct rpc_gsp_rm_control_v03_00) + 300 * 1024;
	uint8_t *req = echo_request(300 * 1024, 7, 9);
	struct gspm_stats st;
	struct msg r;

	r = rpc(h, 76, req, total);
	check_echo(&r, req);
	gspm_get_stats(h->m, &st);
	ck_assert_uint_eq(st.continuation_records, total / 0xffb0);
	ck_assert_uint_eq(gspm_violation_count(h->m), 0);
	free(req);
	host_free(h);
}
END_TEST

START_TEST(test_status_queue_full_waits)
{
	struct host *h = boot_host(15, false);
	struct gspm_stats st;
	struct msg r;
	uint32_t avail, last_seq;
	char desc[4096];

	/* 62 NOPs fill the ring; 10 more overflow the replies. */
	for (int i = 0; i < 62; i++)
		put_record(h, 0, NULL, 0, true);
	run_for(h, 5 * MS);
	for (int i = 0; i < 10; i++)
		put_record(h, 0, NULL, 0, true);
	run_for(h, 20 * MS);
	avail = (shm32(h, STATQ_OFF + 0x10) + QCOUNT - h->stat_rp) % QCOUNT;
	ck_assert_uint_eq(avail, 62);		/* full, one slot kept empty */
	gspm_describe(h->m, desc, sizeof(desc));
	ck_assert_msg(strstr(desc, "queue full"), "%s", desc);
	gspm_get_stats(h->m, &st);
	ck_assert_uint_lt(st.per_function[0], 72);	/* stopped consuming */
	last_seq = h->rx_seq - 1;
	for (int i = 0; i < 72; i++) {
		ck_assert_msg(wait_msg(h, &r, 10 * MS), "reply %d missing", i);
		ck_assert_uint_eq(r.fn, 0);
		ck_assert_uint_eq(r.seq, last_seq + 1 + i);
		msg_free(&r);
	}
	ck_assert(no_msg_for(h, 5 * MS));
	ck_assert_uint_eq(gspm_violation_count(h->m), 0);
	host_free(h);
}
END_TEST

START_TEST(test_ring_wraps)
{
	struct host *h = boot_host(16, false);
	struct gspm_stats st;
	uint8_t big[20000];

	for (size_t i = 0; i < sizeof(big); i++)
		big[i] = (uint8_t)i;
	for (int i = 0; i < 400; i++) {
		struct msg r;

		if (i % 5 == 0) {
			r = rpc(h, 30, big, sizeof(big));	/* multi-element, unmodelled */
			ck_assert_uint_eq(r.result, 0x56);
			ck_assert_uint_eq(r.elems, 5);
			ck_assert_int_eq(memcmp(r.payload, big, sizeof(big)), 0);
		} else {
			r = rpc(h, 0, NULL, 0);
			ck_assert_uint_eq(r.result, 0);
		}
		msg_free(&r);
	}
	gspm_get_stats(h->m, &st);
	ck_assert_uint_ge(st.cmdq_wraps, 10);
	ck_assert_uint_ge(st.statq_wraps, 10);
	ck_assert_uint_eq(h->bad_csum_seen, 0);
	ck_assert_uint_eq(gspm_violation_count(h->m), 0);
	host_free(h);
}
END_TEST

START_TEST(test_unknown_function)
{
	struct host *h = boot_host(17, false);
	uint32_t x = 0x1234;
	struct msg r = rpc(h, 51, &x, sizeof(x));

	ck_assert_uint_eq(r.result, 0x56);
	msg_free(&r);
	ck_assert_uint_eq(gspm_violation_count(h->m), 0);
	host_free(h);
}
END_TEST

START_TEST(test_static_info)
{
	struct host *h = boot_host(18, false);
	struct GspStaticConfigInfo si;
	struct msg r;

	memset(&si, 0, sizeof(si));
	r = rpc(h, 65, &si, sizeof(si));
	ck_assert_uint_eq(r.result, 0);
	ck_assert_uint_eq(r.len, sizeof(si));
	memcpy(&si, r.payload, sizeof(si));
	ck_assert_str_eq((char *)si.gpuNameString, "NVIDIA A10");
	ck_assert_str_eq((char *)si.gpuShortNameString, "GA102");
	ck_assert_uint_eq(si.fb_length, 24ull << 30);
	ck_assert_uint_ne(si.bar1PdeBase, 0);
	ck_assert_uint_ne(si.bar2PdeBase, 0);
	ck_assert_uint_eq(si.hInternalClient, 0xc1e00004);
	ck_assert_uint_ne(si.hInternalDevice, 0);
	ck_assert_uint_ne(si.hInternalSubdevice, 0);
	ck_assert_uint_eq(si.sriovMaxGfid, 32);
	ck_assert_uint_eq(si.bVbiosValid, 1);
	ck_assert_uint_eq(si.vbiosSubVendor, 0x10de);
	ck_assert_uint_eq(si.vbiosSubDevice, 0x1482);
	msg_free(&r);
	/* Wrong size: a violation and an error reply. */
	h->quiet = true;
	r = rpc(h, 65, &si, 100);
	ck_assert_uint_eq(r.result, 0x1f);
	ck_assert(has_violation(h, "GET_GSP_STATIC_INFO: payload expected 2168 bytes"));
	msg_free(&r);
	host_free(h);
}
END_TEST

START_TEST(test_objects)
{
	struct host *h = boot_host(19, false);
	struct NV2080_CTRL_GSP_GET_FEATURES_PARAMS *f;
	uint8_t cbuf[sizeof(struct rpc_gsp_rm_control_v03_00) + sizeof(*f)];
	struct rpc_gsp_rm_control_v03_00 *c = (void *)cbuf;
	struct gspm_stats st;
	struct msg r;

	ck_assert_uint_eq(rm_alloc(h, 0xc1d00001, 0, 0xc1d00001, NV01_ROOT), 0);
	ck_assert_uint_eq(rm_alloc(h, 0xc1d00001, 0xc1d00001, 0xde700001, NV01_DEVICE_0), 0);
	ck_assert_uint_eq(rm_alloc(h, 0xc1d00001, 0xde700001, 0x5d000001, NV20_SUBDEVICE_0), 0);
	gspm_get_stats(h->m, &st);
	ck_assert_uint_eq(st.live_objects, 3);
	/* Error statuses in the payload, rpc_result 0. */
	ck_assert_uint_eq(rm_alloc(h, 0xc1d00009, 0xc1d00009, 0xde700009, NV01_DEVICE_0), 0x33);
	ck_assert_uint_eq(rm_alloc(h, 0xc1d00001, 0xbeef, 0xde700002, NV01_DEVICE_0), 0x57);
	ck_assert_uint_eq(rm_alloc(h, 0xc1d00001, 0xc1d00001, 0xde700001, NV01_DEVICE_0), 0x1f);
	ck_assert_uint_eq(rm_alloc(h, 0xc1d00001, 0xc1d00001, 0x5d000002, NV20_SUBDEVICE_0), 0x1f);
	ck_assert_uint_eq(rm_alloc(h, 0xc1d00001, 0xc1d00001, 0x77, 0xc56f), 0x56);

	/* GET_FEATURES on the subdevice. */
	memset(cbuf, 0, sizeof(cbuf));
	c->hClient = 0xc1d00001;
	c->hObject = 0x5d000001;
	c->cmd = NV2080_CTRL_CMD_GSP_GET_FEATURES;
	c->paramsSize = sizeof(*f);
	r = rpc(h, 76, cbuf, sizeof(cbuf));
	ck_assert_uint_eq(r.result, 0);
	ck_assert_uint_eq(((struct rpc_gsp_rm_control_v03_00 *)r.payload)->status, 0);
	f = (void *)(r.payload + sizeof(*c));
	ck_assert_uint_eq(f->gspFeatures & 1, 1);
	ck_assert_uint_eq(f->bValid, 1);
	ck_assert_uint_eq(f->bDefaultGspRmGpu, 1);
	ck_assert_str_eq((char *)f->firmwareVersion, REL);
	msg_free(&r);
	/* On a device it is not supported; an unknown cmd neither. */
	c->hObject = 0xde700001;
	r = rpc(h, 76, cbuf, sizeof(cbuf));
	ck_assert_uint_eq(((struct rpc_gsp_rm_control_v03_00 *)r.payload)->status, 0x56);
	msg_free(&r);
	c->hObject = 0x5d000001;
	c->cmd = 0x20800a5d;	/* (0x20800a5c, INTR_GET_KERNEL_TABLE, is modelled) */
	r = rpc(h, 76, cbuf, sizeof(cbuf));
	ck_assert_uint_eq(r.result, 0);
	ck_assert_uint_eq(((struct rpc_gsp_rm_control_v03_00 *)r.payload)->status, 0x56);
	msg_free(&r);

	/* Free the device: its subdevice goes too. */
	ck_assert_uint_eq(rm_free(h, 0xc1d00001, 0xde700001), 0);
	gspm_get_stats(h->m, &st);
	ck_assert_uint_eq(st.live_objects, 1);
	ck_assert_uint_eq(rm_free(h, 0xc1d00001, 0x5d000001), 0x57);
	ck_assert_uint_eq(rm_alloc(h, 0xc1d00001, 0xc1d00001, 0xde700001, NV01_DEVICE_0), 0);
	ck_assert_uint_eq(rm_alloc(h, 0xc1d00001, 0xde700001, 0x5d000001, NV20_SUBDEVICE_0), 0);
	/* Free the client: everything under it goes. */
	ck_assert_uint_eq(rm_free(h, 0xc1d00001, 0xc1d00001), 0);
	gspm_get_stats(h->m, &st);
	ck_assert_uint_eq(st.live_objects, 0);
	ck_assert_uint_eq(rm_free(h, 0xc1d00001, 0xc1d00001), 0x33);
	/* The internal objects are not the host's to free. */
	ck_assert_uint_eq(rm_free(h, 0xc1e00004, 0x5d1d0000), 0x33);
	ck_assert_uint_eq(gspm_violation_count(h->m), 0);
	host_free(h);
}
END_TEST

START_TEST(test_unload)
{
	struct host *h = boot_host(20, false);
	struct rpc_unloading_guest_driver_v1F_07 u = { 0 };
	struct gspm_hw *hw = gspm_hw_of(h->m);
	struct msg r;

	r = rpc(h, 47, &u, sizeof(u));
	ck_assert_uint_eq(r.result, 0);
	msg_free(&r);
	ck_assert(!gspm_rm_suspended(gspm_rm_of(h->m)));
	run_for(h, 1 * MS);
	ck_assert_uint_eq(gspm_mmio_read32(h->m, NV_PGSP_FALCON_MAILBOX0), 0x80000000);
	ck_assert(hw->halted);
	ck_assert(gspm_rm_suspended(gspm_rm_of(h->m)));
	/* Anything further is a violation. */
	h->quiet = true;
	send_rpc(h, 0, NULL, 0);
	run_for(h, 1 * MS);
	ck_assert_msg(has_violation(h, "doorbell with new commands after UNLOADING_GUEST_DRIVER") &&
		      has_violation(h, "NOP sent after UNLOADING_GUEST_DRIVER"), "%s", h->log);
	gspm_rm_stop(gspm_rm_of(h->m));
	ck_assert_int_eq(gspm_fw_state(h->m), GSPM_FW_UNLOADED);
	host_free(h);
}
END_TEST

/* booter-unload (gspm_rm_stop) of a running GSP-RM: UNLOADING_GUEST_DRIVER was never sent. */
START_TEST(test_stop_while_running)
{
	struct host *h = boot_host(20, false);

	h->quiet = true;
	gspm_rm_stop(gspm_rm_of(h->m));
	ck_assert_msg(has_violation(h, "booter-unload while GSP-RM is running (UNLOADING_GUEST_DRIVER not completed)"),
		      "%s", h->log);
	host_free(h);
}
END_TEST

START_TEST(test_fault_drop_status_delay)
{
	struct host *h = boot_host(21, false);
	struct msg r;
	uint64_t t0;

	gspm_inject(h->m, GSPM_FAULT_DROP_REPLY, 0, 0, 1);
	send_rpc(h, 0, NULL, 0);
	ck_assert(no_msg_for(h, 10 * MS));
	gspm_inject(h->m, GSPM_FAULT_RPC_STATUS, 0, 0x65, 1);
	r = rpc(h, 0, NULL, 0);
	ck_assert_uint_eq(r.result, 0x65);
	msg_free(&r);
	gspm_inject(h->m, GSPM_FAULT_DELAY_REPLY, UINT32_MAX, 50 * MS, 1);
	t0 = h->now;
	send_rpc(h, 0, NULL, 0);
	ck_assert(wait_msg(h, &r, 200 * MS));
	ck_assert_uint_ge(h->now - t0, 50 * MS);
	msg_free(&r);
	gspm_inject(h->m, GSPM_FAULT_CORRUPT_CHECKSUM, 0, 0, 1);
	r = rpc(h, 0, NULL, 0);
	ck_assert_uint_eq(h->bad_csum_seen, 1);
	msg_free(&r);
	r = rpc(h, 0, NULL, 0);
	ck_assert_uint_eq(h->bad_csum_seen, 1);
	msg_free(&r);
	ck_assert_uint_eq(gspm_violation_count(h->m), 0);
	host_free(h);
}
END_TEST

/* gspm_set_script: every command seen once with the model's own answer. */
struct script_log {
	unsigned int calls;
	uint64_t last_index;
	uint32_t fns[8];
	bool normal_send[8];
	int mode;
};

static void script_cb(void *ctx, uint64_t index, uint32_t fn, const void *cmd,
			   size_t len, struct gspm_script_answer *a)
{
	static const uint8_t imposed[] = { 0xde, 0xad, 0xbe, 0xef };
	struct script_log *l = ctx;

	(void)cmd;
	(void)len;
	if (l->calls < 8) {
		l->fns[l->calls] = fn;
		l->normal_send[l->calls] = a->send;
	}
	l->calls++;
	l->last_index = index;
	switch (l->mode) {
	case 1:
		a->send = false;
		break;
	case 2:
		a->result = 0x1f;
		a->payload = imposed;
		a->len = sizeof(imposed);
		break;
	case 3:
		a->delay_ns = 70 * MS;
		break;
	}
}

START_TEST(test_script)
{
	struct host *h = boot_host(22, false);
	struct script_log l = { 0 };
	struct msg r;
	uint64_t t0, first;

	gspm_set_script(h->m, script_cb, &l);
	r = rpc(h, 0, NULL, 0);			/* normal */
	ck_assert_uint_eq(r.result, 0);
	ck_assert_uint_eq(r.len, 0);
	msg_free(&r);
	ck_assert_uint_eq(l.calls, 1);
	ck_assert_uint_eq(l.fns[0], 0);
	ck_assert(l.normal_send[0]);
	first = l.last_index;
	l.mode = 1;				/* never answer */
	send_rpc(h, 0, NULL, 0);
	ck_assert(no_msg_for(h, 50 * MS));
	ck_assert_uint_eq(l.last_index, first + 1);
	l.mode = 2;				/* impose result and payload */
	r = rpc(h, 0, NULL, 0);
	ck_assert_uint_eq(r.result, 0x1f);
	ck_assert_uint_eq(r.len, 4);
	ck_assert_uint_eq(r.payload[0], 0xde);
	ck_assert_uint_eq(r.payload[3], 0xef);
	msg_free(&r);
	l.mode = 3;				/* late */
	t0 = h->now;
	send_rpc(h, 0, NULL, 0);
	ck_assert(no_msg_for(h, 40 * MS));
	ck_assert(wait_msg(h, &r, 200 * MS));
	ck_assert_uint_ge(h->now - t0, 70 * MS);
	msg_free(&r);
	gspm_set_script(h->m, NULL, NULL);	/* removed: normal again */
	l.mode = 1;
	r = rpc(h, 0, NULL, 0);
	ck_assert_uint_eq(r.result, 0);
	msg_free(&r);
	ck_assert_uint_eq(l.calls, 4);
	ck_assert_uint_eq(gspm_violation_count(h->m), 0);
	host_free(h);
}
END_TEST

START_TEST(test_fault_die)
{
	struct host *h = boot_host(22, false);

	h->quiet = true;
	gspm_inject(h->m, GSPM_FAULT_DIE, 0, 0, 1);
	send_rpc(h, 0, NULL, 0);
	ck_assert(no_msg_for(h, 10 * MS));
	ck_assert_int_eq(gspm_fw_state(h->m), GSPM_FW_DEAD);
	ck_assert(gspm_hw_of(h->m)->halted);
	ck_assert_int_eq(gspm_queue_event(h->m, h->now, 0x1006, NULL, 0), -1);
	host_free(h);
}
END_TEST

START_TEST(test_fault_stall)
{
	struct host *h = boot_host(23, false);
	struct msg r;

	gspm_inject(h->m, GSPM_FAULT_STALL_QUEUE, UINT32_MAX, 100 * MS, 1);
	for (int i = 0; i < 62; i++)
		put_record(h, 0, NULL, 0, true);
	run_for(h, 50 * MS);
	ck_assert_uint_eq(cmdq_free(h), 0);	/* nothing consumed */
	ck_assert(!try_recv(h, &r));
	for (int i = 0; i < 62; i++) {
		ck_assert(wait_msg(h, &r, 200 * MS));
		msg_free(&r);
	}
	ck_assert_uint_eq(gspm_violation_count(h->m), 0);
	host_free(h);
}
END_TEST

START_TEST(test_queue_event)
{
	struct host *h = boot_host(24, false);
	struct rpc_os_error_log_v17_00 e = { .exceptType = 13 };
	struct gspm_stats st0, st;
	uint64_t at = h->now + 5 * MS;
	struct msg r;

	gspm_get_stats(h->m, &st0);
	strcpy(e.errString, "model test");
	ck_assert_int_eq(gspm_queue_event(h->m, at, 0x1006, &e, sizeof(e)), 0);
	ck_assert_int_eq(gspm_queue_event(h->m, at, 0x10, &e, sizeof(e)), -1);
	ck_assert_int_eq(gspm_queue_event(h->m, at, 0x1006, NULL, 0x10000), -1);
	ck_assert(no_msg_for(h, 4 * MS));
	ck_assert(wait_msg(h, &r, 10 * MS));
	ck_assert_uint_ge(h->now, at);
	ck_assert_uint_eq(r.fn, 0x1006);
	ck_assert_uint_eq(r.len, sizeof(e));
	ck_assert_int_eq(memcmp(r.payload, &e, sizeof(e)), 0);
	msg_free(&r);
	gspm_get_stats(h->m, &st);
	ck_assert_uint_eq(st.events_sent, st0.events_sent + 1);
	host_free(h);
}
END_TEST

START_TEST(test_missed_and_spurious_doorbell)
{
	struct host *h = boot_host(25, false);
	struct msg r;

	h->quiet = true;
	doorbell(h);	/* nothing new: spurious, only logged */
	run_for(h, 2 * MS);
	ck_assert_uint_eq(gspm_violation_count(h->m), 0);
	put_record(h, 0, NULL, 0, false);
	/* The model samples writePtr when time advances; 1 ms later it reports. */
	run_for(h, 100 * US);
	ck_assert(!has_violation(h, "missed doorbell"));
	run_for(h, 2 * MS);
	ck_assert(has_violation(h, "missed doorbell"));
	ck_assert(!try_recv(h, &r));
	doorbell(h);
	ck_assert(wait_msg(h, &r, 5 * MS));
	msg_free(&r);
	host_free(h);
}
END_TEST

/* A doorbell before the GSP runs (the pre-boot RPCs) is harmless: no violation. */
START_TEST(test_doorbell_before_gsp_runs)
{
	struct host *h = host_new_cfg(26, false);

	h->quiet = true;
	doorbell(h);
	/* nouveau r535_gsp_cmdq_push / nova-core notify_gsp ring it for the pre-boot RPCs. */
	ck_assert_uint_eq(gspm_violation_count(h->m), 0);
	host_free(h);
}
END_TEST

/* ---- the host misusing the queues once GSP-RM runs (protocol.md §1.2-1.5) ------ */

static void continuation_alone(struct host *h)
{
	uint8_t junk[16] = { 0 };

	send_rpc(h, 71, junk, sizeof(junk));
}

/* statq.tx.writePtr belongs to GSP; the next command is still answered. */
static void host_writes_gsp_write_ptr(struct host *h)
{
	struct msg r;

	shm_w32(h, STATQ_OFF + 0x10, 40);
	r = rpc(h, 0, NULL, 0);
	msg_free(&r);
}

/*
 * The GSP's read pointer of the command queue (statq.rx.readPtr, the word
 * after the status queue's tx header) moved by the host: GSP owns it.
 */
static void host_writes_gsp_read_ptr(struct host *h)
{
	struct msg r;
	uint32_t n = shm32(h, STATQ_OFF + 0xc);		/* msgCount */

	/* One slot back: the queue looks one element fuller, not full; the send goes out. */
	shm_w32(h, STATQ_OFF + 0x20, (shm32(h, STATQ_OFF + 0x20) + n - 1) % n);
	r = rpc(h, 0, NULL, 0);
	msg_free(&r);
}

static void bad_checksum(struct host *h)
{
	h->tamper = T_CSUM;
	send_rpc(h, 0, NULL, 0);
}

/* The host's read pointer of the status queue (cmdq.rx.readPtr) outside the ring. */
static void host_read_ptr_out_of_ring(struct host *h)
{
	shm_w32(h, CMDQ_OFF + 0x20, 99);
	send_rpc(h, 0, NULL, 0);
}

static void host_read_ptr_ahead(struct host *h)
{
	shm_w32(h, CMDQ_OFF + 0x20, (h->stat_rp + 10) % QCOUNT);
	send_rpc(h, 0, NULL, 0);
}

/* cmdq.tx.writePtr (msgqTxHeader +0x10) outside the 63-slot ring, then the doorbell. */
static void host_write_ptr_out_of_ring(struct host *h)
{
	shm_w32(h, CMDQ_OFF + 0x10, 99);
	doorbell(h);
}

/* The host owns the command queue header, but after boot only writePtr moves:
 * msgSize (+0x8) changed, then a command. */
static void host_changes_cmdq_msg_size(struct host *h)
{
	shm_w32(h, CMDQ_OFF + 0x8, 0x2000);
	send_rpc(h, 0, NULL, 0);
}

/* A function number past every release's enum (NUM_FUNCTIONS is below 300). */
static void unknown_function(struct host *h)
{
	send_rpc(h, 9999, NULL, 0);
}

/* FREE (10) with 4 bytes: rpc_free_v03_00 is NVOS00_PARAMETERS, 4 handles/status = 16 bytes. */
static void free_too_short(struct host *h)
{
	uint8_t junk[4] = { 0 };

	send_rpc(h, 10, junk, sizeof(junk));
}

/* SET_REGISTRY (73, protocol.md §2.2) is pre-boot only, and the boot sent one already. */
static void registry_after_boot(struct host *h)
{
	uint8_t table[8] = { 8 };	/* PACKED_REGISTRY_TABLE: size 8, 0 entries */

	send_rpc(h, 73, table, sizeof(table));
}

/*
 * SET_REGISTRY tables broken one way (PACKED_REGISTRY_TABLE: u32 size, u32
 * numEntries, then 16-byte PACKED_REGISTRY_ENTRY {u32 nameOffset, u8 type,
 * u32 data, u32 length}, OGKM src/nvidia/inc/kernel/gpu/gsp/gsp_static_config.h
 * / nouveau r535_gsp_rpc_set_registry).  Sent after boot, so the "after boot"
 * violation comes too; the row names the table's own.
 */
static void send_registry(struct host *h, uint32_t size, uint32_t entries, uint32_t name_off, uint8_t type,
			  uint32_t data, uint32_t length, const char *key, uint32_t plen)
{
	uint8_t t[64] = { 0 };

	memcpy(t, &size, 4);
	memcpy(t + 4, &entries, 4);
	memcpy(t + 8, &name_off, 4);
	t[12] = type;
	memcpy(t + 16, &data, 4);
	memcpy(t + 20, &length, 4);
	if (key)
		strcpy((char *)t + 24, key);
	send_rpc(h, 73, t, plen);
}

static void registry_too_short(struct host *h)
{
	send_registry(h, 4, 0, 0, 0, 0, 0, NULL, 4);
}

/* 8 bytes sent, size 20: neither the whole table (8) nor the table less its header (0). */
static void registry_size_wrong(struct host *h)
{
	send_registry(h, 20, 0, 0, 0, 0, 0, NULL, 8);
}

/* 24 bytes hold the header and one entry, not two. */
static void registry_entries_overflow(struct host *h)
{
	send_registry(h, 24, 2, 24, 1, 0, 4, NULL, 24);
}

/* One entry in 24 bytes: strings start at 24 = 0x18, its key at 0x40 is past the end. */
static void registry_name_outside(struct host *h)
{
	send_registry(h, 24, 1, 0x40, 1, 0, 4, NULL, 24);
}

static void registry_empty_key(struct host *h)
{
	send_registry(h, 25, 1, 24, 1, 0, 4, "", 25);
}

/* BINARY (type 2) "K" whose 8 data bytes at 0x1a run past the 0x1c-byte table. */
static void registry_data_outside(struct host *h)
{
	send_registry(h, 28, 1, 24, 2, 26, 8, "K", 28);
}

/* Types are DWORD 1, BINARY 2, STRING 3 (REGISTRY_TABLE_ENTRY_TYPE_*). */
static void registry_bad_type(struct host *h)
{
	send_registry(h, 26, 1, 24, 7, 0, 4, "K", 26);
}

/*
 * GSP_SET_SYSTEM_INFO (72) after boot, after SET_REGISTRY, with BAR0 at
 * 0xfb001000 (BAR0 is 16 MiB, so 16 MiB aligned) and a 0x2000-byte config
 * mirror (OGKM kgspInitRm: pciConfigMirrorSize 0x1000).
 */
static void sysinfo_after_boot(struct host *h)
{
	struct GspSystemInfo si = { 0 };

	si.gpuPhysAddr = 0xfb001000;
	si.pciConfigMirrorBase = 0x88000;
	si.pciConfigMirrorSize = 0x2000;
	send_rpc(h, 72, &si, sizeof(si));
}

/*
 * Payloads shorter than their fixed part (OGKM g_rpc-structures.h):
 * rpc_gsp_rm_alloc_v03_00 is 7 u32 + reserved[4] = 32 bytes,
 * rpc_gsp_rm_control_v03_00 6 u32 = 24, rpc_unloading_guest_driver_v1F_07
 * two NvBool and a u32 = 8.
 */
static void short_payloads(struct host *h)
{
	uint8_t junk[4] = { 0 };

	send_rpc(h, 103, junk, sizeof(junk));
	send_rpc(h, 76, junk, sizeof(junk));
	send_rpc(h, 47, junk, sizeof(junk));
}

/* GSP_RM_ALLOC whose paramsSize 0xffffffff announces 32 + 0xffffffff = 4294967327 payload bytes. */
static void alloc_params_huge(struct host *h)
{
	struct rpc_gsp_rm_alloc_v03_00 a = { .hClient = 0xc1d00001, .paramsSize = 0xffffffff };

	send_rpc(h, 103, &a, sizeof(a));
}

/*
 * A NOP of 4 MiB + 64 KiB: a large RPC whose total no header tells, so it
 * runs on while records are full, past the model's 4 MiB limit (RM_MAX_RPC,
 * a model limit; docs/hw-fidelity.md "Large RPCs").
 */
static void large_nop_over_limit(struct host *h)
{
	size_t n = (4u << 20) + 0x10000;
	uint8_t *p = calloc(1, n);

	send_rpc(h, 0, p, n);
	free(p);
}

/* GSP_RM_ALLOC announcing 32 + 0x10000 payload bytes in one 32-byte record, then a NOP. */
static void large_rpc_interrupted(struct host *h)
{
	struct rpc_gsp_rm_alloc_v03_00 a = { .hClient = 0xc1d00001, .paramsSize = 0x10000 };

	send_rpc(h, 103, &a, sizeof(a));
	send_rpc(h, 0, NULL, 0);
}

/*
 * A booted GSP-RM sees the host @misuse the queues: the violation names it;
 * in strict mode the first violation kills the firmware for good.
 */
static const struct {
	const char *name;
	bool strict;
	void (*misuse)(struct host *h);
	const char *violation;
} misuses[] = {
	{ "unexpected_continuation", false, continuation_alone, "no large RPC in progress" },
	{ "host_writes_gsp_pointer", false, host_writes_gsp_write_ptr, "GSP-owned writePtr" },
	{ "host_writes_gsp_read_pointer", false, host_writes_gsp_read_ptr,
	  "GSP-owned statq.rx.readPtr" },
	{ "host_read_pointer_past_write_pointer", false, host_read_ptr_ahead, "past the GSP write pointer" },
	{ "host_write_pointer_out_of_ring", false, host_write_ptr_out_of_ring,
	  "command queue: writePtr 99 >= msgCount 63" },
	{ "host_changes_cmdq_header", false, host_changes_cmdq_msg_size,
	  "host changed command queue header msgSize after boot" },
	{ "unknown_function", false, unknown_function, "function 9999 does not exist in GSP-RM " },
	{ "free_too_short", false, free_too_short,
	  "FREE: payload of 4 bytes is smaller than NVOS00_PARAMETERS (16)" },
	{ "registry_after_boot", false, registry_after_boot, "SET_REGISTRY sent after boot" },
	{ "registry_twice", false, registry_after_boot, "SET_REGISTRY sent twice" },
	{ "registry_too_short", false, registry_too_short,
	  "SET_REGISTRY: payload of 4 bytes is smaller than PACKED_REGISTRY_TABLE" },
	{ "registry_size_wrong", false, registry_size_wrong,
	  "SET_REGISTRY: size expected 8 (table bytes, header included), found 20" },
	{ "registry_entries_overflow", false, registry_entries_overflow,
	  "SET_REGISTRY: numEntries 2 does not fit in 24 bytes" },
	{ "registry_name_outside", false, registry_name_outside,
	  "SET_REGISTRY entry 0: nameOffset 0x40 is not a NUL-terminated key inside the table (strings start at 0x18, table is 0x18 bytes)" },
	{ "registry_empty_key", false, registry_empty_key, "SET_REGISTRY entry 0: empty key" },
	{ "registry_data_outside", false, registry_data_outside,
	  "SET_REGISTRY entry 0 (K): data 0x1a + length 0x8 outside the table (0x18..0x1c)" },
	{ "registry_bad_type", false, registry_bad_type,
	  "SET_REGISTRY entry 0 (K): type 7 is not DWORD/BINARY/STRING" },
	{ "sysinfo_after_boot", false, sysinfo_after_boot, "GSP_SET_SYSTEM_INFO sent after boot" },
	{ "sysinfo_twice", false, sysinfo_after_boot, "GSP_SET_SYSTEM_INFO sent twice" },
	{ "sysinfo_after_registry", false, sysinfo_after_boot, "GSP_SET_SYSTEM_INFO queued after SET_REGISTRY" },
	{ "sysinfo_bar0_unaligned", false, sysinfo_after_boot,
	  "GSP_SET_SYSTEM_INFO: gpuPhysAddr 0xfb001000 is not a 16 MiB aligned BAR0 address" },
	{ "sysinfo_mirror_size", false, sysinfo_after_boot,
	  "GSP_SET_SYSTEM_INFO: pciConfigMirrorSize expected 0x1000, found 0x2000" },
	{ "alloc_too_short", false, short_payloads,
	  "GSP_RM_ALLOC: payload of 4 bytes is smaller than rpc_gsp_rm_alloc_v03_00 (32)" },
	{ "control_too_short", false, short_payloads,
	  "GSP_RM_CONTROL: payload of 4 bytes is smaller than rpc_gsp_rm_control_v03_00 (24)" },
	{ "unloading_too_short", false, short_payloads,
	  "UNLOADING_GUEST_DRIVER: payload of 4 bytes is smaller than rpc_unloading_guest_driver_v1F_07 (8)" },
	{ "alloc_params_huge", false, alloc_params_huge,
	  "GSP_RM_ALLOC announces 4294967327 payload bytes, over the model's " },
	{ "large_nop_over_limit", false, large_nop_over_limit, "large NOP exceeds the model's 4194304-byte limit" },
	{ "large_rpc_interrupted", false, large_rpc_interrupted,
	  "expected CONTINUATION_RECORD (32 of 65568 payload bytes of GSP_RM_ALLOC received), found NOP" },
	{ "strict_first_violation_kills", true, bad_checksum, "checkSum expected" },
	{ "strict_bad_host_read_pointer", true, host_read_ptr_out_of_ring, "cmdq.rx.readPtr" },
};

static void queue_misuse(int i)
{
	struct host *h = boot_host(14, misuses[i].strict);

	h->quiet = true;
	misuses[i].misuse(h);
	run_for(h, 2 * MS);
	ck_assert_msg(has_violation(h, misuses[i].violation), "%s: no violation containing \"%s\"; log:\n%s",
		      misuses[i].name, misuses[i].violation, h->log);
	if (misuses[i].strict) {
		ck_assert_uint_eq(gspm_violation_count(h->m), 1);
		ck_assert_int_eq(gspm_fw_state(h->m), GSPM_FW_DEAD);
		ck_assert_uint_eq(gspm_next_deadline(h->m), UINT64_MAX);
	}
	host_free(h);
}

START_TEST(test_queue_misuse)
{
	queue_misuse(_i);
}
END_TEST

/* The same with the queues read in place (dma_ptr): the headers' check compares there first. */
START_TEST(test_queue_misuse_direct)
{
	host_direct = true;
	queue_misuse(_i);
}
END_TEST

START_TEST(test_describe)
{
	struct host *h = boot_host(30, false);
	char d[4096];
	size_t n;

	ck_assert_uint_eq(rm_alloc(h, 0xc1d00001, 0, 0xc1d00001, NV01_ROOT), 0);
	n = gspm_describe(h->m, d, sizeof(d));
	ck_assert_uint_eq(n, strlen(d));
	ck_assert_msg(strstr(d, "state running") && strstr(d, "rx-seq") && strstr(d, "object 0xc1d00001") &&
		      strstr(d, "fakehw") && strstr(d, REL), "%s", d);
	/* A tiny buffer is truncated, NUL-terminated. */
	n = gspm_describe(h->m, d, 16);
	ck_assert_uint_lt(n, 16);
	ck_assert_uint_eq(strlen(d), n);
	host_free(h);
}
END_TEST

/* Same seed: identical timeline; the clock is all that varies it. */
/* ---- release differences (protocol.md §1.3, §2.3, §3.3, §5; abi/README.md) -------- */

static uint32_t get32(const uint8_t *p, size_t off)
{
	uint32_t v;

	memcpy(&v, p + off, 4);
	return v;
}

/* GET_FEATURES on a fresh client's subdevice; returns the reply. */
static struct msg get_features(struct host *h)
{
	uint8_t cbuf[24 + 72];
	struct msg r;

	ck_assert_uint_eq(rm_alloc(h, 0xc1d00001, 0, 0xc1d00001, NV01_ROOT), 0);
	ck_assert_uint_eq(rm_alloc(h, 0xc1d00001, 0xc1d00001, 0xde700001, NV01_DEVICE_0), 0);
	ck_assert_uint_eq(rm_alloc(h, 0xc1d00001, 0xde700001, 0x5d000001, NV20_SUBDEVICE_0), 0);
	memset(cbuf, 0, sizeof(cbuf));
	memcpy(cbuf + 0, &(uint32_t){ 0xc1d00001 }, 4);
	memcpy(cbuf + 4, &(uint32_t){ 0x5d000001 }, 4);
	memcpy(cbuf + 8, &(uint32_t){ 0x20803601 }, 4);
	memcpy(cbuf + 16, &(uint32_t){ 72 }, 4);
	r = rpc(h, 76, cbuf, sizeof(cbuf));
	ck_assert_uint_eq(r.result, 0);
	ck_assert_uint_eq(get32(r.payload, 12), 0);
	return r;
}

START_TEST(test_release_tables)
{
	const struct gspm_release *a = gspm_release_find("535.113.01");
	const struct gspm_release *b = gspm_release_find("535.261.03");
	const struct gspm_release *c = gspm_release_find("570.144");

	ck_assert(a && b && c);
	ck_assert_ptr_null(gspm_release_find("535.113.02"));
	/* Checksum coverage (protocol.md §1.3). */
	ck_assert_int_eq(a->csum, GSPM_CSUM_WHOLE_ELEMENTS);
	ck_assert_int_eq(b->csum, GSPM_CSUM_HDR_AND_RPC);
	ck_assert_int_eq(c->csum, GSPM_CSUM_HDR_AND_RPC);
	/* Layout sizes (abi/README.md). */
	ck_assert_uint_eq(a->rmargs_size, 80);
	ck_assert_uint_eq(b->rmargs_size, 80);
	ck_assert_uint_eq(c->rmargs_size, 72);
	ck_assert_uint_eq(a->sysinfo_size, 664);
	ck_assert_uint_eq(b->sysinfo_size, 672);
	ck_assert_uint_eq(c->sysinfo_size, 928);
	ck_assert_uint_eq(a->static_info_size, 2168);
	ck_assert_uint_eq(b->static_info_size, 2168);
	ck_assert_uint_eq(c->static_info_size, 1656);
	/* Event numbering diverges after 0x101a (protocol.md §2.3). */
	ck_assert_str_eq(a->event_name(0x101a), "PFM_REQ_HNDLR_STATE_SYNC_CALLBACK");
	ck_assert_str_eq(c->event_name(0x101a), "PFM_REQ_HNDLR_STATE_SYNC_CALLBACK");
	ck_assert_str_eq(a->event_name(0x101b), "GSP_SEND_USER_SHARED_DATA");
	ck_assert_str_eq(c->event_name(0x101b), "NVLINK_FAULT_UP");
	ck_assert_str_eq(a->event_name(0x101d), "GSP_LOCKDOWN_NOTICE");
	ck_assert_str_eq(b->event_name(0x101d), "GSP_LOCKDOWN_NOTICE");
	ck_assert_str_eq(c->event_name(0x101d), "MIG_CI_CONFIG_UPDATE");
	ck_assert_str_eq(c->event_name(0x1020), "GSP_POST_NOCAT_RECORD");
	ck_assert_ptr_null(a->event_name(0x1020));
	ck_assert_ptr_null(a->event_name(0x101f));
	ck_assert_ptr_null(c->event_name(0x1023));
	ck_assert_uint_eq(a->ev_end, 0x101f);
	ck_assert_uint_eq(c->ev_end, 0x1023);
	ck_assert_uint_eq(c->ev_init_done, 0x1001);
	ck_assert_uint_eq(a->num_functions, 0xcb);
	ck_assert_uint_eq(c->num_functions, 0xe3);
	/* GET_FEATURES bits (protocol.md §5). */
	ck_assert_uint_eq(a->gsp_features, 1);
	ck_assert_uint_eq(c->gsp_features, 3);
}
END_TEST

START_TEST(test_function_range_per_release)
{
	struct host *h;
	struct msg r;

	/* 0xd0 (RESERVED_208) exists in r570: unmodelled, but no violation. */
	host_rel = "570.144";
	host_570_layout = true;
	h = boot_host(47, true);
	r = rpc(h, 0xd0, NULL, 0);
	ck_assert_uint_eq(r.result, 0x56);
	msg_free(&r);
	ck_assert_uint_eq(gspm_violation_count(h->m), 0);
	host_free(h);
	/* In r535 it is past NUM_FUNCTIONS: a host built for another ABI. */
	host_rel = REL;
	host_570_layout = false;
	h = boot_host(48, false);
	h->quiet = true;
	r = rpc(h, 0xd0, NULL, 0);
	ck_assert_uint_eq(r.result, 0x56);
	msg_free(&r);
	ck_assert(has_violation(h, "function 208 does not exist in GSP-RM 535.113.01 (NUM_FUNCTIONS 203)"));
	host_free(h);
}
END_TEST

START_TEST(test_r570_boot_events_static_info)
{
	struct host *h;
	uint8_t si[1656], ev[4] = { 1, 2, 3, 4 };
	struct msg r;

	host_rel = "570.144";
	host_570_layout = true;
	/* Strict: the r570 RMARGS and GspSystemInfo layouts are accepted. */
	h = boot_host(40, true);
	ck_assert_uint_eq(gspm_violation_count(h->m), 0);
	ck_assert_uint_eq(h->bad_csum_seen, 0);

	/* Events past 0x101a are r570's numbers: 0x1022 is RECOVERY_ACTION. */
	ck_assert_int_eq(gspm_queue_event(h->m, h->now + US, 0x1022, ev, sizeof(ev)), 0);
	ck_assert(wait_msg(h, &r, 10 * MS));
	ck_assert_uint_eq(r.fn, 0x1022);
	ck_assert_uint_eq(r.len, sizeof(ev));
	msg_free(&r);

	/* GspStaticConfigInfo of 570.144: 1656 bytes, fields at r570 offsets. */
	memset(si, 0, sizeof(si));
	r = rpc(h, 65, si, sizeof(si));
	ck_assert_uint_eq(r.result, 0);
	ck_assert_uint_eq(r.len, sizeof(si));
	ck_assert_str_eq((char *)r.payload + 0x4ec, "NVIDIA A10");		/* gpuNameString */
	ck_assert_uint_eq(get32(r.payload, 1224) | (uint64_t)get32(r.payload, 1228) << 32,
			  24ull << 30);						/* fb_length */
	ck_assert_uint_eq(get32(r.payload, 1200), 32);				/* sriovMaxGfid */
	ck_assert_uint_eq(get32(r.payload, 0x640), 0xc1e00004);		/* hInternalClient */
	ck_assert_uint_ne(get32(r.payload, 0x648), 0);				/* hInternalSubdevice */
	ck_assert_uint_eq(get32(r.payload, 1556), 0x10de);			/* vbiosSubVendor */
	msg_free(&r);

	/* GET_FEATURES: r570's version and both of its feature bits. */
	r = get_features(h);
	ck_assert_uint_eq(get32(r.payload, 24), 0x3);
	ck_assert_uint_eq(r.payload[24 + 4], 1);
	ck_assert_str_eq((char *)r.payload + 24 + 6, "570.144");
	msg_free(&r);
	ck_assert_uint_eq(gspm_violation_count(h->m), 0);
	host_free(h);

	/* The r535 static-info size is refused by r570 (not strict: it goes on). */
	h = boot_host(46, false);
	h->quiet = true;
	{
		uint8_t big[2168];

		memset(big, 0, sizeof(big));
		r = rpc(h, 65, big, sizeof(big));
		ck_assert_uint_eq(r.result, 0x1f);
		msg_free(&r);
	}
	ck_assert(has_violation(h, "GET_GSP_STATIC_INFO: payload expected 1656 bytes"));
	host_free(h);
}
END_TEST

START_TEST(test_r535_event_numbers)
{
	struct host *h = boot_host(41, true);
	struct msg r;

	/* In r535, 0x101d is GSP_LOCKDOWN_NOTICE; in r570 it is MIG_CI_CONFIG_UPDATE. */
	ck_assert_int_eq(gspm_queue_event(h->m, h->now + US, 0x101d, "\0\0\0\0", 4), 0);
	ck_assert(wait_msg(h, &r, 10 * MS));
	ck_assert_uint_eq(r.fn, 0x101d);
	msg_free(&r);
	/* r535's GET_FEATURES: its version, UVM only. */
	r = get_features(h);
	ck_assert_uint_eq(get32(r.payload, 24), 0x1);
	ck_assert_str_eq((char *)r.payload + 24 + 6, REL);
	msg_free(&r);
	host_free(h);
}
END_TEST

START_TEST(test_r535_261_system_info_and_checksum)
{
	struct host *h;
	struct msg r;

	/* 535.261.03: GspSystemInfo is 672 bytes; 664 is refused. */
	host_rel = "535.261.03";
	h = boot_host(44, true);
	ck_assert_uint_eq(gspm_violation_count(h->m), 0);
	/* Only header + RPC are checksummed: garbage after them is fine. */
	h->csum_hdr_rpc = true;
	r = rpc(h, 0, NULL, 0);
	ck_assert_uint_eq(r.result, 0);
	msg_free(&r);
	h->csum_hdr_rpc = true;
	r = rpc(h, 0, NULL, 0);
	msg_free(&r);
	ck_assert_uint_eq(gspm_violation_count(h->m), 0);
	host_free(h);

	/* 535.113.01 checksums whole elements: the same message is refused. */
	host_rel = REL;
	h = boot_host(45, false);
	h->quiet = true;
	h->csum_hdr_rpc = true;
	send_rpc(h, 0, NULL, 0);
	run_for(h, 10 * MS);
	ck_assert(has_violation(h, "checkSum expected"));
	host_free(h);
}
END_TEST

static uint64_t init_done_time(uint64_t seed)
{
	struct host *h = boot_host(seed, false);
	uint64_t t = h->now;
	struct msg r;

	for (int i = 0; i < 20; i++) {
		r = rpc(h, 0, NULL, 0);
		msg_free(&r);
	}
	t = t * 1000003 + h->now;
	host_free(h);
	return t;
}

START_TEST(test_deterministic)
{
	ck_assert_uint_eq(init_done_time(99), init_done_time(99));
	ck_assert_uint_ne(init_done_time(99), init_done_time(100));
}
END_TEST

/* ---- CPU sequencer: the boot script and CORE_RESUME (seq.c) -------------------- */

/*
 * The boot script: register commands, then CORE_RESUME last (nova
 * sequencer.rs), and none of CORE_RESET/CORE_START/CORE_WAIT_FOR_HALT, which
 * OGKM's GA102 handler refuses.  Opcode numbers from OGKM rmgspseq.h
 * (REG_WRITE 0 ... CORE_RESUME 8), payload sizes 2/3/5/1/2/0.
 */
START_TEST(test_seq_script_ends_with_core_resume)
{
	static const uint32_t ndw[9] = { 2, 3, 5, 1, 2, 0, 0, 0, 0 };
	struct host *h = host_new_cfg(3, false);
	struct msg m = seq_boot_to_sequencer(h);
	const uint32_t *w = (const uint32_t *)m.payload;
	uint32_t idx = w[1], p = 0, last = 99;

	ck_assert_uint_ge(w[0], idx);
	while (p < idx) {
		ck_assert_uint_lt(w[10 + p], 9);
		ck_assert_msg(w[10 + p] < 5 || w[10 + p] == 8, "opcode %u in the boot script", w[10 + p]);
		last = w[10 + p];
		p += 1 + ndw[last];
	}
	ck_assert_uint_eq(p, idx);
	ck_assert_uint_eq(last, 8);
	msg_free(&m);
	host_free(h);
}
END_TEST

/* The old driver: CORE_RESUME -> -EOPNOTSUPP, nothing done; no INIT_DONE, a named violation. */
START_TEST(test_seq_old_driver_skips_core_resume)
{
	struct host *h = host_new_cfg(3, false);
	struct msg m = seq_boot_to_sequencer(h);

	h->quiet = true;
	h->seq_mode = SEQ_HOST_NO_RESUME;
	run_sequencer(h, &m);
	msg_free(&m);
	ck_assert(no_msg_for(h, 100 * MS));
	ck_assert_uint_eq(gspm_violation_count(h->m), 0);
	run_for(h, 4000 * MS);
	ck_assert(has_violation(h, "stopped before CORE_RESUME's GSP falcon reset"));
	ck_assert_int_eq(gspm_fw_state(h->m), GSPM_FW_BOOTING);
	host_free(h);
}
END_TEST

/* CORE_RESUME done wrong one way: the one violation that names the step. */
static const struct {
	const char *name;
	int seq_mode;
	const char *needle;
} broken_resumes[] = {
	{ "resume_without_gsp_reset", SEQ_HOST_NO_GSP_RESET,
	  "SEC2 was started (CORE_RESUME) while CORE_RESUME's GSP falcon reset was still pending" },
	{ "resume_without_mailboxes", SEQ_HOST_NO_MAILBOXES,
	  "GSP MAILBOX0/1 = 0x0, not the LibOS arguments" },
	{ "falcon_os_before_handoff", SEQ_HOST_OS_EARLY,
	  "wrote FALCON_OS 0x00001234 while CORE_RESUME's SEC2 start" },
	{ "gsp_reset_twice", SEQ_HOST_RESET_TWICE,
	  "CORE_RESUME reset the GSP falcon again while CORE_RESUME's SEC2 start" },
	{ "stray_first_write", SEQ_HOST_STRAY_WRITE, "CPU sequencer: expected REG_WRITE, found write 0x" },
};

/*
 * CORE_RESET (only in the buffer under the seq:core-reset fault,
 * docs/testing.md) done wrong: the ENGINE reset never asserted, or asserted
 * and never released.  Done right it is no violation (test_faults.c's
 * sequencer/reset row).
 */
static const struct {
	const char *name;
	int seq_mode;
	const char *needle;
} broken_core_resets[] = {
	{ "core_reset_skipped", SEQ_HOST_CORE_RESET_SKIPPED,
	  "CPU sequencer: CORE_RESET never asserted the GSP falcon's ENGINE reset" },
	{ "core_reset_held", SEQ_HOST_CORE_RESET_HELD,
	  "CPU sequencer: CORE_RESET never released the GSP falcon's ENGINE reset" },
};

START_TEST(test_seq_broken_core_reset)
{
	struct host *h = host_new_cfg(3, false);
	char err[128];
	struct msg m;

	ck_assert_msg(!gspm_fault_arm(h->m, "seq:core-reset", NULL, NULL, err, sizeof(err)), "%s", err);
	m = seq_boot_to_sequencer(h);
	h->quiet = true;
	h->seq_mode = broken_core_resets[_i].seq_mode;
	run_sequencer(h, &m);
	msg_free(&m);
	ck_assert_msg(has_violation(h, broken_core_resets[_i].needle), "%s: no violation containing \"%s\"",
		      broken_core_resets[_i].name, broken_core_resets[_i].needle);
	host_free(h);
}
END_TEST

START_TEST(test_seq_broken_resume)
{
	struct host *h = host_new_cfg(3, false);
	struct msg m = seq_boot_to_sequencer(h);

	h->quiet = true;
	h->seq_mode = broken_resumes[_i].seq_mode;
	run_sequencer(h, &m);
	msg_free(&m);
	ck_assert_msg(has_violation(h, broken_resumes[_i].needle), "%s: no violation containing \"%s\"",
		      broken_resumes[_i].name, broken_resumes[_i].needle);
	ck_assert_uint_eq(gspm_violation_count(h->m), 1);
	host_free(h);
}
END_TEST

/*
 * Done right: INIT_DONE follows the FALCON_OS write, with no violation
 * (strict).  The host's own FALCON_OS write after booter-load (protocol.md
 * §3.4 step 12) may reach the bus after GSP-RM posted the sequencer (a slow
 * guest): it is not part of CORE_RESUME and breaks nothing (found by the VM
 * test).
 */
static const struct {
	const char *name;
	bool late_falcon_os;	/* the host's FALCON_OS write comes after the sequencer event */
} good_resumes[] = {
	{ "core_resume_ok_strict", false },
	{ "late_riscv_start_write", true },
};

START_TEST(test_seq_core_resume_ok_strict)
{
	struct host *h = host_new_cfg(3, true);
	struct msg m = seq_boot_to_sequencer(h);

	if (good_resumes[_i].late_falcon_os)
		gspm_mmio_write32(h->m, HW_GSP_BASE + NV_PFALCON_FALCON_OS, 0x1234);
	run_sequencer(h, &m);
	msg_free(&m);
	expect_event(h, EV_BRIDGELESS);
	expect_event(h, EV_INIT_DONE);
	ck_assert_msg(gspm_violation_count(h->m) == 0, "%s: %u violations", good_resumes[_i].name,
		      gspm_violation_count(h->m));
	host_free(h);
}
END_TEST

/* GH100 boots through the FSP: no sequencer (nova gsp/hal/gh100.rs has no post_boot). */
/*
 * A host that runs REG_STORE right after REG_POLL, skipping the DELAY_US
 * between them (protocol.md §3.5): the model names the delay and the 0 ns
 * the host waited.
 */
START_TEST(test_seq_delay_not_honoured)
{
	struct host *h = host_new_cfg(3, false);
	struct msg m = seq_boot_to_sequencer(h);
	char want[160];

	h->quiet = true;
	h->skip_delay = true;
	run_sequencer(h, &m);
	msg_free(&m);
	ck_assert_uint_gt(h->delay_us, 0);
	snprintf(want, sizeof(want),
		 "CPU sequencer: DELAY_US %u not honoured: REG_STORE read 0 ns after REG_POLL completed",
		 h->delay_us);
	ck_assert_msg(has_violation(h, want), "no violation \"%s\"; log:\n%s", want, h->log);
	host_free(h);
}
END_TEST

START_TEST(test_seq_none_on_gh100)
{
	struct host *h;
	struct msg m;

	host_chip = GSPM_CHIP_GH100;
	h = host_new_cfg(3, true);
	host_prepare(h);
	start_rm(h);
	for (;;) {
		ck_assert(wait_msg(h, &m, 50 * MS));
		ck_assert_uint_ne(m.fn, EV_SEQUENCER);
		if (m.fn == EV_INIT_DONE)
			break;
		msg_free(&m);
	}
	msg_free(&m);
	ck_assert_uint_eq(gspm_violation_count(h->m), 0);
	host_free(h);
}
END_TEST


/*
 * NV2080_CTRL_CMD_INTERNAL_INTR_GET_KERNEL_TABLE (0x20800a5c): expected
 * layout from nouveau's 535.113.01 ctrl2080internal.h excerpt (tableLen;
 * 128 entries of NvU16 engineIdx, NvU32 pmcIntrMask, vectorStall,
 * vectorNonStall = 16 bytes; 7 NvU8 pairs): 4 + 2048 + 14 -> 2068 bytes.
 * MC_ENGINE_IDX_GSP is 49 in 535.113.01 (nouveau engine_idx.h excerpt).
 */
START_TEST(test_intr_kernel_table)
{
	struct host *h = boot_host(23, false);
	uint8_t cbuf[sizeof(struct rpc_gsp_rm_control_v03_00) + 2068];
	struct rpc_gsp_rm_control_v03_00 *c = (void *)cbuf;
	const uint8_t *p;
	uint32_t u32v;
	uint16_t u16v;
	struct msg r;

	ck_assert_uint_eq(rm_alloc(h, 0xc1d00001, 0, 0xc1d00001, NV01_ROOT), 0);
	ck_assert_uint_eq(rm_alloc(h, 0xc1d00001, 0xc1d00001, 0xde700001, NV01_DEVICE_0), 0);
	ck_assert_uint_eq(rm_alloc(h, 0xc1d00001, 0xde700001, 0x5d000001, NV20_SUBDEVICE_0), 0);
	memset(cbuf, 0, sizeof(cbuf));
	c->hClient = 0xc1d00001;
	c->hObject = 0x5d000001;
	c->cmd = 0x20800a5c;
	c->paramsSize = 2068;
	r = rpc(h, 76, cbuf, sizeof(cbuf));
	ck_assert_uint_eq(r.result, 0);
	ck_assert_uint_eq(((struct rpc_gsp_rm_control_v03_00 *)r.payload)->status, 0);
	p = r.payload + sizeof(*c);
	memcpy(&u32v, p, 4);
	ck_assert_uint_eq(u32v, 1);			/* tableLen: the GSP's row */
	memcpy(&u16v, p + 4, 2);
	ck_assert_uint_eq(u16v, 49);			/* MC_ENGINE_IDX_GSP */
	memcpy(&u32v, p + 4 + 8, 4);
	ck_assert_uint_eq(u32v, FAKE_GSP_VECTOR);	/* vectorStall: the hw half's */
	msg_free(&r);
	/* A parameter block of another size is refused. */
	c->paramsSize = 2052;
	r = rpc(h, 76, cbuf, sizeof(cbuf));
	ck_assert_uint_eq(((struct rpc_gsp_rm_control_v03_00 *)r.payload)->status, 0x1f);
	msg_free(&r);
	/* Only a subdevice answers it. */
	c->paramsSize = 2068;
	c->hObject = 0xde700001;
	r = rpc(h, 76, cbuf, sizeof(cbuf));
	ck_assert_uint_eq(((struct rpc_gsp_rm_control_v03_00 *)r.payload)->status, 0x56);
	msg_free(&r);
	host_free(h);
}
END_TEST

/* The one suite (check_run_suites: its cases in one process). */
static Suite *rm_suite(int i)
{
	Suite *s = suite_create("gsp-model-rm");
	TCase *t;

	(void)i;

	t = tcase_create("core");
	tcase_add_checked_fixture(t, host_defaults, NULL);
	tcase_add_test(t, test_create_validation);
	tcase_add_test(t, test_unowned_register);
	tcase_add_test(t, test_deterministic);
	suite_add_tcase(s, t);

	t = tcase_create("boot");
	tcase_add_checked_fixture(t, host_defaults, NULL);
	tcase_set_timeout(t, 60);
	tcase_add_test(t, test_boot_status_queue_header);
	tcase_add_test(t, test_boot_sequencer_then_init_done);
	tcase_add_test(t, test_sequencer_not_run_stays_booting);
	tcase_add_test(t, test_sequencer_skipped_step);
	tcase_add_loop_test(t, test_broken_boot_input, 0, sizeof(broken_boots) / sizeof(broken_boots[0]));
	suite_add_tcase(s, t);

	t = tcase_create("queues");
	tcase_add_checked_fixture(t, host_defaults, NULL);
	tcase_set_timeout(t, 60);
	tcase_add_test(t, test_nop_round_trip);
	tcase_add_loop_test(t, test_tampered_command, 0, sizeof(tampers) / sizeof(tampers[0]));
	tcase_add_test(t, test_echo_300k);
	tcase_add_test(t, test_echo_bad_first_record_dropped);
	tcase_add_test(t, test_statq_tail_zero);
	tcase_add_loop_test(t, test_cmdq_tail_counted, 0, 2);
	tcase_add_loop_test(t, test_echo_fused_odd_tail, 0, 2);
	tcase_add_test(t, test_echo_bad_continuation_dropped);
	tcase_add_test(t, test_direct_queue_access);
	tcase_add_test(t, test_status_queue_full_waits);
	tcase_add_test(t, test_ring_wraps);
	tcase_add_test(t, test_missed_and_spurious_doorbell);
	tcase_add_test(t, test_doorbell_before_gsp_runs);
	tcase_add_loop_test(t, test_queue_misuse, 0, sizeof(misuses) / sizeof(misuses[0]));
	tcase_add_loop_test(t, test_queue_misuse_direct, 0, sizeof(misuses) / sizeof(misuses[0]));
	suite_add_tcase(s, t);

	t = tcase_create("rpc");
	tcase_add_checked_fixture(t, host_defaults, NULL);
	tcase_set_timeout(t, 60);
	tcase_add_test(t, test_unknown_function);
	tcase_add_test(t, test_static_info);
	tcase_add_test(t, test_objects);
	tcase_add_test(t, test_unload);
	tcase_add_test(t, test_stop_while_running);
	tcase_add_test(t, test_queue_event);
	tcase_add_test(t, test_describe);
	suite_add_tcase(s, t);

	t = tcase_create("releases");
	tcase_add_checked_fixture(t, host_defaults, NULL);
	tcase_set_timeout(t, 60);
	tcase_add_test(t, test_release_tables);
	tcase_add_test(t, test_function_range_per_release);
	tcase_add_test(t, test_r570_boot_events_static_info);
	tcase_add_test(t, test_r535_event_numbers);
	tcase_add_test(t, test_r535_261_system_info_and_checksum);
	suite_add_tcase(s, t);

	t = tcase_create("sequencer");
	tcase_add_checked_fixture(t, host_defaults, NULL);
	tcase_set_timeout(t, 60);
	tcase_add_test(t, test_seq_script_ends_with_core_resume);
	tcase_add_test(t, test_seq_old_driver_skips_core_resume);
	tcase_add_loop_test(t, test_seq_broken_resume, 0, sizeof(broken_resumes) / sizeof(broken_resumes[0]));
	tcase_add_loop_test(t, test_seq_broken_core_reset, 0, sizeof(broken_core_resets) / sizeof(broken_core_resets[0]));
	tcase_add_loop_test(t, test_seq_core_resume_ok_strict, 0, sizeof(good_resumes) / sizeof(good_resumes[0]));
	tcase_add_test(t, test_seq_delay_not_honoured);
	tcase_add_test(t, test_seq_none_on_gh100);
	suite_add_tcase(s, t);

	t = tcase_create("faults");
	tcase_add_checked_fixture(t, host_defaults, NULL);
	tcase_set_timeout(t, 60);
	tcase_add_test(t, test_fault_drop_status_delay);
	tcase_add_test(t, test_fault_die);
	tcase_add_test(t, test_script);
	tcase_add_test(t, test_fault_stall);
	tcase_add_test(t, test_intr_kernel_table);
	suite_add_tcase(s, t);
	return s;
}

int main(void)
{
	return check_run_suites(1, rm_suite, NULL);
}
