/* SPDX-License-Identifier: MIT */
/*
 * gsp-model hw half, driven through the public gspm API only.
 *
 * A tiny in-test host provides "host memory" (a malloc'd region with bus
 * addresses above 2 TiB, so DMATRFBASE1 matters), DMA callbacks and an IRQ
 * flag.  The driver-side steps (VBIOS walk, FWSEC patching, falcon reset /
 * DMA load / BROM / start, FB layout, radix3, GspFwWprMeta) are written here
 * by hand, independently of both the driver and the model, from
 * docs/hw-fidelity.md and docs/protocol.md.
 *
 * The positive paths use the real linux-firmware files
 * (/lib/firmware/nvidia/ga102/gsp/<name>-535.113.01.bin); the tests that need
 * them are skipped with a message when they are not installed.
 */
#include <check.h>
#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fwfile.h"
#include "gspm.h"
#include "hw_regs.h"
#include "testutil.h"
/* White-box: the firmware file parsing of the hw half (fwfiles.c). */
#include "../hw_priv.h"

#ifndef GSPM_TEST_FW_DIR
#error "GSPM_TEST_FW_DIR: the test firmware tree (emu/fwgen, meson test_fw_dir)"
#endif

#define FW_DIR		"/lib/firmware"
#define FW_REL		"535.113.01"
#define HOST_BASE	0x21000000000ull	/* > 2 TiB: DMATRFBASE1 = 2 */
#define HOST_SIZE	(48u << 20)
#define PAGE		4096u

#define FALCON2_MOD_SEL		(HW_RISCV_OFFSET + NV_PFALCON2_FALCON_MOD_SEL)
#define FALCON2_UCODE_ID	(HW_RISCV_OFFSET + NV_PFALCON2_FALCON_BROM_CURR_UCODE_ID)
#define FALCON2_ENGIDMASK	(HW_RISCV_OFFSET + NV_PFALCON2_FALCON_BROM_ENGIDMASK)
#define FALCON2_PARAADDR	(HW_RISCV_OFFSET + NV_PFALCON2_FALCON_BROM_PARAADDR(0))

/* ------------------------------------------------------------------ host */

struct host {
	uint8_t *mem;
	uint64_t brk;		/* next free offset */
	int irq;
	int irq_changes;
	uint64_t now;
	bool lend;	/* dma_ptr hands the model this memory, as the harness does */
};

static int h_dma_read(void *ctx, uint64_t addr, void *buf, size_t len)
{
	struct host *h = ctx;

	if (addr < HOST_BASE || addr - HOST_BASE > HOST_SIZE || len > HOST_SIZE - (addr - HOST_BASE))
		return -1;
	memcpy(buf, h->mem + (addr - HOST_BASE), len);
	return 0;
}

static int h_dma_write(void *ctx, uint64_t addr, const void *buf, size_t len)
{
	struct host *h = ctx;

	if (addr < HOST_BASE || addr - HOST_BASE > HOST_SIZE || len > HOST_SIZE - (addr - HOST_BASE))
		return -1;
	memcpy(h->mem + (addr - HOST_BASE), buf, len);
	return 0;
}

static void *h_dma_ptr(void *ctx, uint64_t addr, size_t len, const uint64_t **epoch)
{
	static const uint64_t never_moves;
	struct host *h = ctx;

	*epoch = &never_moves;
	if (!h->lend || addr < HOST_BASE || addr - HOST_BASE > HOST_SIZE ||
	    len > HOST_SIZE - (addr - HOST_BASE))
		return NULL;
	return h->mem + (addr - HOST_BASE);
}

static void h_set_irq(void *ctx, int level)
{
	struct host *h = ctx;

	if (level != h->irq)
		h->irq_changes++;
	h->irq = level;
}

static uint64_t h_alloc(struct host *h, uint64_t size)
{
	uint64_t off = h->brk;

	h->brk = (h->brk + size + PAGE - 1) & ~(uint64_t)(PAGE - 1);
	ck_assert_msg(h->brk <= HOST_SIZE, "test host memory exhausted");
	return HOST_BASE + off;
}

static uint8_t *h_ptr(struct host *h, uint64_t bus)
{
	return h->mem + (bus - HOST_BASE);
}

static struct host H;
static struct gspm *M;

/* A model of @cfg bound to the host H; NULL (and @err) when it cannot be made. */
static struct gspm *model_of(const struct gspm_config *cfg, char *err, size_t n)
{
	struct gspm_host_ops ops = {
		.ctx = &H, .dma_read = h_dma_read, .dma_write = h_dma_write, .set_irq = h_set_irq,
		.dma_ptr = h_dma_ptr,
	};

	return gspm_create(cfg, &ops, err, n);
}

/* Replace M by a model of @cfg; the test fails when it cannot be made. */
static void remake(const struct gspm_config *cfg)
{
	char err[512] = "";

	gspm_destroy(M);
	M = model_of(cfg, err, sizeof(err));
	ck_assert_msg(M != NULL, "%s", err);
}

static struct gspm *make_model(enum gspm_chip chip, const char *fw_dir, char *err, size_t n)
{
	struct gspm_config cfg = {
		.chip = chip, .fw_release = FW_REL, .fw_dir = fw_dir, .seed = 7, .strict = false,
	};

	return model_of(&cfg, err, n);
}

/*
 * The host's memory: fresh pages, zero as the kernel maps them in, only those
 * a test touches, in transparent huge pages.  (calloc'd, 48 MiB per test were filled twice under meson's
 * MALLOC_PERTURB_ and again on free: docs/testing.md, "Speed".)
 */
static void host_alloc(void)
{
	H.mem = mmap(NULL, HOST_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ck_assert_ptr_ne(H.mem, MAP_FAILED);
	madvise(H.mem, HOST_SIZE, MADV_HUGEPAGE);	/* a fault per 2 MiB, not per page */
}

/* A fresh host and a model of @chip with the real files (M stays NULL without them). */
static void setup_chip(enum gspm_chip chip, const char *name)
{
	char err[512] = "";

	memset(&H, 0, sizeof(H));
	host_alloc();
	M = make_model(chip, FW_DIR, err, sizeof(err));
	if (!M)
		fprintf(stderr, "test_hw: %s model not created (%s)\n", name, err);
}

static void setup(void)
{
	setup_chip(GSPM_CHIP_GA102, "GA102");
}

static void teardown(void)
{
	gspm_destroy(M);
	M = NULL;
	munmap(H.mem, HOST_SIZE);
}

static int have_firmware(void)
{
	if (M)
		return 1;
	fprintf(stderr, "test_hw: firmware files missing, test skipped\n");
	return 0;
}

static uint32_t rd(uint32_t off)
{
	return gspm_mmio_read32(M, off);
}

static void wr(uint32_t off, uint32_t v)
{
	gspm_mmio_write32(M, off, v);
}

/* Run the virtual clock to the model's next event (or by `ns`). */
static void step(uint64_t ns)
{
	uint64_t d = gspm_next_deadline(M);

	H.now = d != UINT64_MAX && d > H.now && d - H.now < ns ? d : H.now + ns;
	gspm_advance(M, H.now);
}

/* Violations whose text the hw half (or DMA it started) produced. */
static int is_hw_violation(const char *v)
{
	static const char *const marks[] = {
		"GSP falcon", "SEC2 falcon", "booter_load", "booter_unload", "FALCON_OS",
		"radix3", "GspFwWprMeta", "GSP image page", "FWSEC", "FSP", "GSP-FMC",
		"GSP_FMC_BOOT_PARAMS",
	};

	for (size_t i = 0; i < sizeof(marks) / sizeof(marks[0]); i++)
		if (strstr(v, marks[i]))
			return 1;
	return 0;
}

static unsigned int hw_violations(void)
{
	unsigned int n = 0;

	for (unsigned int i = 0; i < gspm_violation_count(M); i++)
		n += is_hw_violation(gspm_violation(M, i));
	return n;
}

/* A violation containing `needle`, or fail (naming @what) listing them all. */
static void expect_violation_in(const char *what, const char *needle)
{
	char all[4096] = "";

	for (unsigned int i = 0; i < gspm_violation_count(M); i++) {
		const char *v = gspm_violation(M, i);

		if (strstr(v, needle))
			return;
		strncat(all, v, sizeof(all) - strlen(all) - 2);
		strcat(all, "\n");
	}
	ck_abort_msg("%s: no violation containing \"%s\"; got:\n%s", what, needle, all);
}

static void expect_violation(const char *needle)
{
	expect_violation_in("test", needle);
}

static void no_hw_violations(void)
{
	for (unsigned int i = 0; i < gspm_violation_count(M); i++)
		ck_assert_msg(!is_hw_violation(gspm_violation(M, i)), "unexpected violation: %s",
			      gspm_violation(M, i));
}

static uint32_t le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint16_t le16(const uint8_t *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

static void put32(uint8_t *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

static void put64(uint8_t *p, uint64_t v)
{
	put32(p, (uint32_t)v);
	put32(p + 4, (uint32_t)(v >> 32));
}

/* ------------------------------------------------------- falcon (driver) */

/*
 * hw-fidelity "Falcon operations" 1: give RESET_READY (HWCFG2 bit 31) up to
 * 150 µs, reset whether or not it came, then wait for the scrub (bit 12).
 */
static void falcon_reset(uint32_t base)
{
	int n = 0;

	for (int t = 0; t < 15 && !(rd(base + NV_PFALCON_FALCON_HWCFG2) & 0x80000000u); t++)
		step(10000);
	wr(base + HW_FALCON_ENGINE, HW_FALCON_ENGINE_RESET);
	wr(base + HW_FALCON_ENGINE, 0);
	while (rd(base + NV_PFALCON_FALCON_HWCFG2) & HWF_MASK(NV_PFALCON_FALCON_HWCFG2_MEM_SCRUBBING)) {
		step(1000);
		ck_assert_int_lt(++n, 1000);
	}
}

static void falcon_select(uint32_t base, int riscv)
{
	uint32_t bcr = HW_RISCV_OFFSET + NV_PRISCV_RISCV_BCR_CTRL;

	ck_assert(rd(base + NV_PFALCON_FALCON_HWCFG2) & HWF_MASK(NV_PFALCON_FALCON_HWCFG2_RISCV));
	/* RISC-V for booter-load: 0x111 = CORE_SELECT | VALID | BRFETCH (nouveau
	 * ga102_gsp_reset, OGKM kflcnRiscvProgramBcr_GA102). */
	wr(base + bcr, riscv ? 0x111u : 0);
	ck_assert(rd(base + bcr) & HW_BCR_VALID);
}

/* DMATRFCMD for a block: SIZE_256B (6 << 8), IMEM (bit 4), SEC (3:2) = sec. */
static uint32_t dma_cmd(int imem, uint32_t sec)
{
	return (6u << 8) | (imem ? 1u << 4 : 0) | (sec << 2);
}

/* hw-fidelity "DMA load": 256-byte blocks from bus + src to mem offset dst. */
static void falcon_dma_cmd(uint32_t base, uint64_t bus, uint32_t src, uint32_t dst, uint32_t len,
			   uint32_t cmd)
{
	wr(base + (HW_FBIF_OFFSET + NV_PFALCON_FBIF_TRANSCFG(0)), HWF_DEF(NV_PFALCON_FBIF_TRANSCFG_TARGET, NV_PFALCON_FBIF_TRANSCFG_TARGET_COHERENT_SYSMEM) |
	   HWF_DEF(NV_PFALCON_FBIF_TRANSCFG_MEM_TYPE, NV_PFALCON_FBIF_TRANSCFG_MEM_TYPE_PHYSICAL));
	wr(base + (HW_FBIF_OFFSET + NV_PFALCON_FBIF_CTL), rd(base + (HW_FBIF_OFFSET + NV_PFALCON_FBIF_CTL)) |
	   HWF_MASK(NV_PFALCON_FBIF_CTL_ALLOW_PHYS_NO_CTX));
	wr(base + NV_PFALCON_FALCON_DMACTL, 0);
	wr(base + NV_PFALCON_FALCON_DMATRFBASE, (uint32_t)(bus >> 8));
	wr(base + NV_PFALCON_FALCON_DMATRFBASE1, (uint32_t)(bus >> 40));
	for (uint32_t pos = 0; pos < len; pos += 256) {
		wr(base + NV_PFALCON_FALCON_DMATRFMOFFS, dst + pos);
		wr(base + NV_PFALCON_FALCON_DMATRFFBOFFS, src + pos);
		wr(base + NV_PFALCON_FALCON_DMATRFCMD, cmd);
		ck_assert(rd(base + NV_PFALCON_FALCON_DMATRFCMD) & HWF_MASK(NV_PFALCON_FALCON_DMATRFCMD_IDLE));
	}
}

/* HS code goes in secure (SEC = 1), data without SEC (hw-fidelity step 3). */
static void falcon_dma(uint32_t base, uint64_t bus, uint32_t src, uint32_t dst, uint32_t len,
		       int imem)
{
	falcon_dma_cmd(base, bus, src, dst, len, dma_cmd(imem, imem ? 1 : 0));
}

static void falcon_brom(uint32_t base, uint32_t paraaddr, uint32_t engmask, uint32_t ucode_id)
{
	wr(base + FALCON2_PARAADDR, paraaddr);
	wr(base + FALCON2_ENGIDMASK, engmask);
	wr(base + FALCON2_UCODE_ID, ucode_id);
	wr(base + FALCON2_MOD_SEL, NV_PFALCON2_FALCON_MOD_SEL_ALGO_RSA3K);
}

static uint32_t falcon_run(uint32_t base, uint32_t bootvec, uint32_t mb0, uint32_t mb1)
{
	int n = 0;

	wr(base + NV_PFALCON_FALCON_BOOTVEC, bootvec);
	wr(base + NV_PFALCON_FALCON_MAILBOX0, mb0);
	wr(base + NV_PFALCON_FALCON_MAILBOX1, mb1);
	wr(base + NV_PFALCON_FALCON_CPUCTL, HW_CPUCTL_STARTCPU);
	ck_assert(!(rd(base + NV_PFALCON_FALCON_CPUCTL) & HW_CPUCTL_HALTED));
	while (!(rd(base + NV_PFALCON_FALCON_CPUCTL) & HW_CPUCTL_HALTED)) {
		step(100000);
		ck_assert_msg(++n < 100000, "falcon at 0x%x never halted", base);
	}
	return rd(base + NV_PFALCON_FALCON_MAILBOX0);
}

/* ------------------------------------------------------------ the VBIOS */

struct fwsec {
	uint8_t rom[HW_PROM_SIZE];
	uint32_t rom_size;
	uint32_t desc;		/* ROM offset */
	uint32_t imem_base, imem_size, dmem_base, dmem_size, pkc, ifoff;
	uint32_t engmask, ucode_id, sig_count;
	uint32_t ucode;		/* ROM offset of IMEM then DMEM */
};

static struct fwsec FW;

/* Read the PROM window and find FWSEC nouveau-style (image0/imaged mapping). */
static void vbios_read(struct fwsec *f)
{
	uint32_t base = 0, image0 = 0, imaged = 0, bit = 0, ptr = 0, tab, d = 0;
	int idx = 0;

	memset(f, 0, sizeof(*f));
	for (uint32_t i = 0; i < HW_PROM_SIZE; i += 4)
		put32(f->rom + i, rd(HW_PROM_BASE + i));
	for (;;) {
		uint32_t pcir, size, npde;
		uint8_t type, last;

		ck_assert_int_eq(le16(f->rom + base), 0xaa55);
		pcir = base + le16(f->rom + base + 0x18);
		ck_assert(!memcmp(f->rom + pcir, "PCIR", 4));
		size = le16(f->rom + pcir + 0x10) * 512u;
		type = f->rom[pcir + 0x14];
		last = f->rom[pcir + 0x15] & 0x80;
		npde = (pcir + le16(f->rom + pcir + 0x0a) + 15) & ~15u;
		if (!memcmp(f->rom + npde, "NPDE", 4)) {
			size = le16(f->rom + npde + 8) * 512u;
			last = f->rom[npde + 10] & 0x80;
		}
		if (idx == 0)
			image0 = size;
		if (type == 0xe0 && !imaged)
			imaged = base;
		base += size;
		idx++;
		if (last)
			break;
	}
	f->rom_size = base;
	for (uint32_t i = 0; i < image0; i++)
		if (!memcmp(f->rom + i, "\xff\xb8" "BIT", 5)) {
			bit = i;
			break;
		}
	ck_assert_uint_ne(bit, 0);
	for (uint32_t i = 0; i < f->rom[bit + 10]; i++) {
		uint32_t t = bit + 12 + i * f->rom[bit + 9];

		if (f->rom[t] == 'p')
			ptr = le32(f->rom + le16(f->rom + t + 4));
	}
	ck_assert_uint_gt(ptr, image0);
#define MAP(a) ((a) > image0 ? (a) - image0 + imaged : (a))
	tab = MAP(ptr);
	for (uint32_t i = 0; i < f->rom[tab + 3]; i++) {
		uint32_t e = tab + f->rom[tab + 1] + i * f->rom[tab + 2];

		if (f->rom[e] == 0x85)
			d = MAP(le32(f->rom + e + 2));
	}
#undef MAP
	ck_assert_uint_ne(d, 0);
	ck_assert_uint_eq((le32(f->rom + d) >> 8) & 0xff, 3);
	f->desc = d;
	f->pkc = le32(f->rom + d + 8);
	f->ifoff = le32(f->rom + d + 12);
	f->imem_base = le32(f->rom + d + 16);
	f->imem_size = le32(f->rom + d + 20);
	f->dmem_base = le32(f->rom + d + 28);
	f->dmem_size = le32(f->rom + d + 32);
	f->engmask = le16(f->rom + d + 36);
	f->ucode_id = f->rom[d + 38];
	f->sig_count = f->rom[d + 39];
	f->ucode = d + (le32(f->rom + d) >> 16);
}

/* FB layout as the driver lays it out (protocol.md §3.3, nouveau tu102_gsp_oneinit). */
struct layout {
	uint64_t fb, vga, frts, boot, elf, heap, heap_size, wpr, nonwpr;
};

static void layout(struct layout *l, uint64_t fb, uint64_t elf_size, uint64_t boot_size)
{
	l->fb = fb;
	l->vga = fb - 0x20000;
	l->frts = (l->vga & ~0x1ffffull) - HW_FRTS_SIZE;
	l->boot = l->frts - ((boot_size + 0xfff) & ~0xfffull);
	l->elf = (l->boot - elf_size) & ~0xffffull;
	l->heap_size = 96ull << 20;
	l->heap = (l->elf - l->heap_size) & ~0xfffffull;
	l->heap_size = (l->elf - l->heap) & ~0xfffffull;	/* re-derived, as nouveau */
	l->wpr = (l->heap - 256) & ~0xfffffull;
	l->nonwpr = l->wpr - (1u << 20);
}

/* Copy FWSEC into host memory, patched as the driver patches it. */
/* DMEM offset of the DMEMMAPPER interface (id 4) in FWSEC's app interface table. */
static uint32_t fwsec_dmemmapper(const uint8_t *dmem)
{
	const uint8_t *a = dmem + FW.ifoff;
	uint32_t dmap = 0;

	ck_assert_int_eq(a[0], 1);
	for (uint32_t i = 0; i < a[3]; i++)
		if (le32(a + a[1] + i * a[2]) == 4)
			dmap = le32(a + a[1] + i * a[2] + 4);
	ck_assert_uint_ne(dmap, 0);
	return dmap;
}

static uint64_t fwsec_prepare(int init_cmd, int sig_idx, uint64_t frts)
{
	uint32_t total = FW.imem_size + FW.dmem_size;
	uint64_t bus = h_alloc(&H, total);
	uint8_t *u = h_ptr(&H, bus), *dmem = u + FW.imem_size, *cmd;
	uint32_t dmap;

	memcpy(u, FW.rom + FW.ucode, total);
	dmap = fwsec_dmemmapper(dmem);
	if (init_cmd >= 0)
		put32(dmem + dmap + 0x2c, (uint32_t)init_cmd);
	cmd = dmem + le32(dmem + dmap + 8);
	put32(cmd + 0, 1);
	put32(cmd + 4, 24);
	put64(cmd + 8, 0);
	put32(cmd + 16, 0);
	put32(cmd + 20, 2);
	put32(cmd + 24, 1);
	put32(cmd + 28, 20);
	put32(cmd + 32, (uint32_t)(frts >> 12));
	put32(cmd + 36, HW_FRTS_SIZE >> 12);
	put32(cmd + 40, 2);
	if (sig_idx >= 0)
		memcpy(dmem + FW.pkc, FW.rom + FW.desc + 0x2c + (uint32_t)sig_idx * 384u, 384);
	return bus;
}

/* Load FWSEC from @bus and start it with boot ROM UCODE_ID @ucode_id. */
static uint32_t fwsec_load_run_as(uint64_t bus, uint32_t ucode_id)
{
	falcon_reset(HW_GSP_BASE);
	falcon_select(HW_GSP_BASE, 0);
	falcon_dma(HW_GSP_BASE, bus, 0, FW.imem_base, FW.imem_size, 1);
	falcon_dma(HW_GSP_BASE, bus + FW.imem_size, 0, FW.dmem_base, FW.dmem_size, 0);
	falcon_brom(HW_GSP_BASE, FW.pkc, FW.engmask, ucode_id);
	return falcon_run(HW_GSP_BASE, 0, 0, 0);
}

static uint32_t fwsec_load_run(uint64_t bus)
{
	return fwsec_load_run_as(bus, FW.ucode_id);
}

/* The FRTS offset for the model's FB size: 1 MiB below the VGA workspace (FB end - 128 KiB), aligned to 128 KiB. */
static uint64_t model_frts(void)
{
	uint64_t fb = (uint64_t)rd(NV_USABLE_FB_SIZE_IN_MB) << 20;

	return ((fb - 0x20000) & ~0x1ffffull) - HW_FRTS_SIZE;
}

/* FWSEC with @init_cmd and the unfused board's signature, for the model's FRTS offset. */
static uint64_t fwsec_prepared(int init_cmd)
{
	vbios_read(&FW);
	return fwsec_prepare(init_cmd, (int)FW.sig_count - 1, model_frts());
}

/* The full, correct FWSEC-FRTS; returns the FRTS offset. */
static uint64_t run_frts_ok(void)
{
	uint64_t frts = model_frts();
	uint32_t mb0 = fwsec_load_run(fwsec_prepared(0x15));

	ck_assert_uint_eq(mb0, 0);
	ck_assert_uint_eq(rd(NV_PBUS_SW_SCRATCH(0xe)) >> 16, 0);
	ck_assert_uint_eq((uint64_t)(rd(NV_PFB_PRI_MMU_WPR2_ADDR_LO) >> 4) << 12, frts);
	ck_assert_uint_ne(rd(NV_PFB_PRI_MMU_WPR2_ADDR_HI), 0);
	no_hw_violations();
	return frts;
}

/* ------------------------------------------------------ firmware files */

static uint8_t *slurp(const char *path, size_t *n)
{
	FILE *f = fopen(path, "rb");
	uint8_t *d;
	long len;

	ck_assert_msg(f != NULL, "%s", path);
	fseek(f, 0, SEEK_END);
	len = ftell(f);
	fseek(f, 0, SEEK_SET);
	d = malloc((size_t)len);
	ck_assert(fread(d, 1, (size_t)len, f) == (size_t)len);
	fclose(f);
	*n = (size_t)len;
	return d;
}

/*
 * A firmware file read-only: from the cache main() preloads before Check
 * forks the cases (fwfile.h), so that a case neither reads nor copies the
 * 36 MiB GSP image again.  Give it back with fwfile_unmap.
 */
static const uint8_t *fw_view(const char *path, size_t *n)
{
	const void *d;
	int err = fwfile_map(path, &d, n);

	ck_assert_msg(!err, "%s: %s", path, strerror(-err));
	return d;
}

struct booter {
	uint8_t *file;
	size_t size;
	uint32_t data_off, data_size, patch_loc, sig_size, num_sig, sigs;
	uint32_t engmask, ucode_id, os_data_off, os_data_size, app0_off, app0_size;
};

static void booter_parse(struct booter *b, const char *name)
{
	char path[256];
	uint32_t h, lh;

	snprintf(path, sizeof(path), FW_DIR "/nvidia/ga102/gsp/%s-" FW_REL ".bin", name);
	b->file = slurp(path, &b->size);
	ck_assert_uint_eq(le32(b->file), 0x10de);
	h = le32(b->file + 12);
	b->data_off = le32(b->file + 16);
	b->data_size = le32(b->file + 20);
	b->patch_loc = le32(b->file + le32(b->file + h + 8));
	b->num_sig = le32(b->file + le32(b->file + h + 24));
	b->sig_size = le32(b->file + h + 4) / b->num_sig;
	b->sigs = le32(b->file + h) + le32(b->file + le32(b->file + h + 12));
	b->engmask = le32(b->file + le32(b->file + h + 16) + 4);
	b->ucode_id = le32(b->file + le32(b->file + h + 16) + 8);
	lh = le32(b->file + h + 28);
	b->os_data_off = le32(b->file + lh + 8);
	b->os_data_size = le32(b->file + lh + 12);
	b->app0_off = le32(b->file + lh + 20);
	b->app0_size = le32(b->file + lh + 24);
}

/* Load a booter on SEC2 with signature `sig` patched in, start it with mb0/1. */
static uint32_t booter_run(struct booter *b, int sig, uint32_t mb0, uint32_t mb1)
{
	uint64_t bus = h_alloc(&H, b->data_size);
	uint8_t *p = h_ptr(&H, bus);

	memcpy(p, b->file + b->data_off, b->data_size);
	memcpy(p + b->patch_loc, b->file + b->sigs + (uint32_t)sig * b->sig_size, b->sig_size);
	falcon_reset(HW_SEC2_BASE);
	falcon_select(HW_SEC2_BASE, 0);
	falcon_dma(HW_SEC2_BASE, bus, b->app0_off, 0, b->app0_size, 1);
	falcon_dma(HW_SEC2_BASE, bus + b->os_data_off, 0, 0, b->os_data_size, 0);
	falcon_brom(HW_SEC2_BASE, b->patch_loc - b->os_data_off, b->engmask, b->ucode_id);
	return falcon_run(HW_SEC2_BASE, b->app0_off, mb0, mb1);
}

/*
 * GspFwWprMeta as every chip's host starts it: magic, revision 1, the radix3
 * image at @lvl0, the bootloader file @bl's payload and the signature @sig
 * (both copied to host memory first).  Returns the meta's bus address; the
 * fields from 0x58 on are the chip's.
 */
static uint64_t wpr_meta_start(uint64_t lvl0, uint64_t img_size, const uint8_t *bl,
			       const uint8_t *sig, uint64_t sig_size)
{
	uint32_t desc = le32(bl + 12), bl_data = le32(bl + 16), bl_size = le32(bl + 20);
	uint64_t bl_bus = h_alloc(&H, bl_size), sig_bus, meta;
	uint8_t *m;

	memcpy(h_ptr(&H, bl_bus), bl + bl_data, bl_size);
	sig_bus = h_alloc(&H, sig_size);
	memcpy(h_ptr(&H, sig_bus), sig, sig_size);
	meta = h_alloc(&H, 256);
	m = h_ptr(&H, meta);
	put64(m + 0x00, 0xdc3aae21371a60b3ull);
	put64(m + 0x08, 1);
	put64(m + 0x10, lvl0);
	put64(m + 0x18, img_size);
	put64(m + 0x20, bl_bus);
	put64(m + 0x28, bl_size);
	put64(m + 0x30, le32(bl + desc + 12 * 4));	/* monitorCodeOffset */
	put64(m + 0x38, le32(bl + desc + 10 * 4));	/* monitorDataOffset */
	put64(m + 0x40, le32(bl + desc + 8 * 4));	/* manifestOffset */
	put64(m + 0x48, sig_bus);
	put64(m + 0x50, sig_size);
	return meta;
}

/* GSP image + radix3 + bootloader + signature + GspFwWprMeta in host memory. */
struct boot {
	uint64_t meta, lvl0, lvl1, lvl2_first, img;
	uint64_t npages;
	struct layout l;
	struct booter load;
	uint32_t bl_app_version;
};

static void boot_prepare(struct boot *bt, uint64_t frts)
{
	const uint8_t *gsp, *bl, *sh;
	uint8_t *m;
	size_t gsp_n, bl_n;
	uint64_t img_off = 0, img_size = 0, sig_off = 0, sig_size = 0, shoff;
	uint32_t shstr, bl_size, desc, nlvl2;

	memset(bt, 0, sizeof(*bt));
	H.lend = false;
	booter_parse(&bt->load, "booter_load");
	gsp = fw_view(FW_DIR "/nvidia/ga102/gsp/gsp-" FW_REL ".bin", &gsp_n);
	shoff = le32(gsp + 0x28);
	shstr = le16(gsp + 0x3e);
	{
		const uint8_t *names = gsp + le32(gsp + shoff + shstr * 64 + 0x18);

		for (unsigned i = 0; i < le16(gsp + 0x3c); i++) {
			sh = gsp + shoff + i * 64;
			if (!strcmp((const char *)names + le32(sh), ".fwimage")) {
				img_off = le32(sh + 0x18);
				img_size = le32(sh + 0x20);
			} else if (!strcmp((const char *)names + le32(sh), ".fwsignature_ga10x")) {
				sig_off = le32(sh + 0x18);
				sig_size = le32(sh + 0x20);
			}
		}
	}
	ck_assert(img_size && sig_size);
	bl = fw_view(FW_DIR "/nvidia/ga102/gsp/bootloader-" FW_REL ".bin", &bl_n);
	desc = le32(bl + 12);
	bl_size = le32(bl + 20);
	bt->bl_app_version = le32(bl + desc + 7 * 4);

	/* Radix3: level 0 -> level 1 -> level 2 pages -> image pages (protocol.md §3.3). */
	bt->npages = (img_size + PAGE - 1) / PAGE;
	nlvl2 = (uint32_t)((bt->npages + 511) / 512);
	bt->img = h_alloc(&H, img_size);
	memcpy(h_ptr(&H, bt->img), gsp + img_off, img_size);
	bt->lvl0 = h_alloc(&H, PAGE);
	bt->lvl1 = h_alloc(&H, PAGE);
	bt->lvl2_first = h_alloc(&H, (uint64_t)nlvl2 * PAGE);
	put64(h_ptr(&H, bt->lvl0), bt->lvl1);
	for (uint32_t i = 0; i < nlvl2; i++)
		put64(h_ptr(&H, bt->lvl1) + 8 * i, bt->lvl2_first + (uint64_t)i * PAGE);
	for (uint64_t p = 0; p < bt->npages; p++)
		put64(h_ptr(&H, bt->lvl2_first) + 8 * p, bt->img + p * PAGE);

	layout(&bt->l, (uint64_t)rd(NV_USABLE_FB_SIZE_IN_MB) << 20, img_size, bl_size);
	ck_assert_uint_eq(bt->l.frts, frts);
	bt->meta = wpr_meta_start(bt->lvl0, img_size, bl, gsp + sig_off, sig_size);
	m = h_ptr(&H, bt->meta);
	put64(m + 0x58, bt->l.nonwpr);
	put64(m + 0x60, bt->l.nonwpr);
	put64(m + 0x68, 1u << 20);
	put64(m + 0x70, bt->l.wpr);
	put64(m + 0x78, bt->l.heap);
	put64(m + 0x80, bt->l.heap_size);
	put64(m + 0x88, bt->l.elf);
	put64(m + 0x90, bt->l.boot);
	put64(m + 0x98, bt->l.frts);
	put64(m + 0xa0, HW_FRTS_SIZE);
	put64(m + 0xa8, bt->l.frts + HW_FRTS_SIZE);
	put64(m + 0xb0, bt->l.fb);
	put64(m + 0xb8, bt->l.vga);
	put64(m + 0xc0, 0x20000);
	fwfile_unmap(gsp, gsp_n);
	fwfile_unmap(bl, bl_n);
}

/* GSP into RISC-V mode with a (zeroed) LibOS args page, then booter_load. */
static uint32_t boot_run(struct boot *bt, int sig)
{
	uint64_t libos = h_alloc(&H, PAGE);

	falcon_reset(HW_GSP_BASE);
	falcon_select(HW_GSP_BASE, 1);
	wr(NV_PGSP_FALCON_MAILBOX0, (uint32_t)libos);
	wr(NV_PGSP_FALCON_MAILBOX1, (uint32_t)(libos >> 32));
	return booter_run(&bt->load, sig, (uint32_t)bt->meta, (uint32_t)(bt->meta >> 32));
}


/* ===================================== GH100: FSP chain of trust (protocol.md §3.6) */

/*
 * The host side of the FSP boot written from protocol.md §3.6 and hw-fidelity.md
 * "GH100", register by register, with the generated 570.144 GH100 files of
 * the test tree (emu/fwgen): the GSP image mapped by radix3, the bootloader,
 * .fwsignature_gh100, the FMC image in sysmem, GSP_FMC_BOOT_PARAMS and a
 * sizes-only GspFwWprMeta; the COT message goes through EMEM channel 0.
 */
#define GH_DIR		GSPM_TEST_FW_DIR "/nvidia/gh100/gsp/"
#define GH_REL		"570.144"
#define COT_LEN		868u

struct gh {
	uint64_t meta, libos, params, fmc;
	size_t fmc_size;
	uint8_t hash[48], key[384], sig[384];
	uint8_t msg[COT_LEN];
	uint32_t tail;		/* QUEUE_TAIL written: COT_LEN - 4 unless a test damages it */
};
static struct gh G;

static void gh_setup(void)
{
	struct gspm_config cfg = {
		.chip = GSPM_CHIP_GH100, .fw_release = GH_REL, .fw_dir = GSPM_TEST_FW_DIR,
		.seed = 11, .strict = false,
	};
	char err[512] = "";

	memset(&H, 0, sizeof(H));
	memset(&G, 0, sizeof(G));
	host_alloc();
	M = model_of(&cfg, err, sizeof(err));
	ck_assert_msg(M != NULL, "GH100 model: %s (build target test-fw-tree)", err);
}

/* ELF section by name: 64-bit (class 2) or 32-bit (class 1) headers. */
static const uint8_t *elf_section(const uint8_t *f, const char *name, uint64_t *size)
{
	int is64 = f[4] == 2;
	uint64_t shoff = is64 ? le32(f + 0x28) : le32(f + 0x20);
	unsigned shent = is64 ? 64 : 40, shnum = le16(f + (is64 ? 0x3c : 0x30));
	unsigned shstr = le16(f + (is64 ? 0x3e : 0x32));
	const uint8_t *strsh = f + shoff + shstr * shent;
	const char *names = (const char *)f + le32(strsh + (is64 ? 0x18 : 0x10));

	for (unsigned i = 0; i < shnum; i++) {
		const uint8_t *sh = f + shoff + i * shent;

		if (!strcmp(names + le32(sh), name)) {
			*size = is64 ? le32(sh + 0x20) : le32(sh + 0x14);
			return f + (is64 ? le32(sh + 0x18) : le32(sh + 0x10));
		}
	}
	ck_abort_msg("no section %s", name);
	return NULL;
}

static void gh_prepare(void)
{
	size_t gsp_n, bl_n, fmc_n;
	const uint8_t *gsp = fw_view(GH_DIR "gsp-" GH_REL ".bin", &gsp_n);
	const uint8_t *bl = fw_view(GH_DIR "bootloader-" GH_REL ".bin", &bl_n);
	const uint8_t *fmcf = fw_view(GH_DIR "fmc-" GH_REL ".bin", &fmc_n);
	uint64_t img_size, sig_size, n, lvl0, lvl1, lvl2, img;
	const uint8_t *img_p = elf_section(gsp, ".fwimage", &img_size);
	const uint8_t *sig_p = elf_section(gsp, ".fwsignature_gh100", &sig_size);
	const uint8_t *p;
	uint64_t npages = (img_size + PAGE - 1) / PAGE;
	uint8_t *m, *bp, *c = G.msg + 8;

	/* Radix3 over the image (one level-2 page is enough for the generated one). */
	ck_assert_uint_le(npages, 512);
	img = h_alloc(&H, img_size);
	memcpy(h_ptr(&H, img), img_p, img_size);
	lvl0 = h_alloc(&H, PAGE);
	lvl1 = h_alloc(&H, PAGE);
	lvl2 = h_alloc(&H, PAGE);
	put64(h_ptr(&H, lvl0), lvl1);
	put64(h_ptr(&H, lvl1), lvl2);
	for (uint64_t i = 0; i < npages; i++)
		put64(h_ptr(&H, lvl2) + 8 * i, img + i * PAGE);
	/* GspFwWprMeta: sizes only, offsets are GSP-FMC's (protocol.md §3.6 step 2). */
	G.meta = wpr_meta_start(lvl0, img_size, bl, sig_p, sig_size);
	m = h_ptr(&H, G.meta);
	put64(m + 0x68, 2u << 20);			/* nonWprHeapSize */
	put64(m + 0x80, 128u << 20);			/* gspFwHeapSize */
	put64(m + 0xa0, 1u << 20);			/* frtsSize */
	put64(m + 0xc0, 128u << 10);			/* vgaWorkspaceSize */

	/* GSP_FMC_BOOT_PARAMS (56 B) and a LibOS args page. */
	G.libos = h_alloc(&H, PAGE);
	G.params = h_alloc(&H, PAGE);
	bp = h_ptr(&H, G.params);
	put32(bp + 0x08, 1);				/* coherent sysmem */
	put32(bp + 0x0c, 256);
	put64(bp + 0x10, G.meta);
	bp[0x24] = 1;					/* bIsGspRmBoot */
	put32(bp + 0x28, 2);				/* noncoherent (nouveau gh100_gsp_init) */
	put64(bp + 0x30, G.libos);

	/* The FMC image in sysmem; hash/key/signature from the file. */
	p = elf_section(fmcf, "image", &n);
	G.fmc_size = n;
	G.fmc = h_alloc(&H, n);
	memcpy(h_ptr(&H, G.fmc), p, n);
	memcpy(G.hash, elf_section(fmcf, "hash", &n), 48);
	ck_assert_uint_eq(n, 48);
	memcpy(G.key, elf_section(fmcf, "publickey", &n), 384);
	ck_assert_uint_eq(n, 384);
	memcpy(G.sig, elf_section(fmcf, "signature", &n), 384);
	ck_assert_uint_eq(n, 384);

	/* COT: MCTP 0xc0000000, NVDM 0x1410de7e, NVDM_PAYLOAD_COT (860 B packed). */
	memset(G.msg, 0, sizeof(G.msg));
	G.tail = COT_LEN - 4;
	put32(G.msg, 0xc0000000u);
	put32(G.msg + 4, 0x1410de7eu);
	c[0] = 1;					/* version */
	c[2] = 860 & 0xff;				/* size */
	c[3] = 860 >> 8;
	put64(c + 0x04, G.fmc);
	put64(c + 0x18, 2u << 20);			/* frtsVidmemOffset */
	put32(c + 0x20, 1u << 20);			/* frtsVidmemSize */
	memcpy(c + 0x24, G.hash, 48);
	memcpy(c + 0x54, G.key, 384);
	memcpy(c + 0x1d4, G.sig, 384);
	put64(c + 0x354, G.params);
	fwfile_unmap(gsp, gsp_n);
	fwfile_unmap(bl, bl_n);
	fwfile_unmap(fmcf, fmc_n);
}

/* Wait for FSP secure boot, mailboxes = params PA, send the COT, return errorCode. */
static uint32_t gh_cot(void)
{
	uint32_t head, tail, w[8];
	unsigned int i;

	for (i = 0; i < 100 && rd(NV_THERM_I2CS_SCRATCH) != 0xff; i++)
		step(1000000);
	ck_assert_uint_eq(rd(NV_THERM_I2CS_SCRATCH), 0xff);
	wr(NV_PGSP_FALCON_MAILBOX0, (uint32_t)G.params);
	wr(NV_PGSP_FALCON_MAILBOX1, (uint32_t)(G.params >> 32));
	ck_assert_uint_eq(rd(NV_PFSP_QUEUE_HEAD(0)), rd(NV_PFSP_QUEUE_TAIL(0)));
	wr(NV_PFSP_EMEMC(0), HWF_MASK(NV_PFSP_EMEMC_AINCW));
	for (i = 0; i < COT_LEN; i += 4)
		wr(NV_PFSP_EMEMD(0), le32(G.msg + i));
	wr(NV_PFSP_QUEUE_TAIL(0), G.tail);
	wr(NV_PFSP_QUEUE_HEAD(0), 0);
	for (i = 0; i < 100 && rd(NV_PFSP_MSGQ_HEAD(0)) == rd(NV_PFSP_MSGQ_TAIL(0)); i++)
		step(500000);
	head = rd(NV_PFSP_MSGQ_HEAD(0));
	tail = rd(NV_PFSP_MSGQ_TAIL(0));
	ck_assert_uint_eq(head, 0);
	ck_assert_uint_eq(tail - head + 4, 20);
	/* Consumed: the command queue is empty again. */
	ck_assert_uint_eq(rd(NV_PFSP_QUEUE_HEAD(0)), rd(NV_PFSP_QUEUE_TAIL(0)));
	wr(NV_PFSP_EMEMC(0), head | HWF_MASK(NV_PFSP_EMEMC_AINCR));
	for (i = 0; i < 5; i++)
		w[i] = rd(NV_PFSP_EMEMD(0));
	wr(NV_PFSP_MSGQ_TAIL(0), 0);
	wr(NV_PFSP_MSGQ_HEAD(0), 0);
	ck_assert_uint_eq(w[0] & 0xc0000000u, 0xc0000000u);
	ck_assert_uint_eq(w[1], 0x1510de7eu);		/* FSP_RESPONSE */
	ck_assert_uint_eq(w[3], 0x14);			/* answers COT */
	return w[4];
}

START_TEST(fsp_secure_boot_and_identity)
{
	struct gspm_pci_id id;

	gspm_pci_identity(M, &id);
	ck_assert_uint_eq(id.device, 0x2331);
	ck_assert_uint_eq((rd(NV_PMC_BOOT_42) >> 20) & 0x1ff, 0x180);
	ck_assert_uint_eq(id.bar1_size, 128ull << 30);
	ck_assert_uint_ne(rd(NV_THERM_I2CS_SCRATCH), 0xff);	/* FSP still booting */
	step(50000000);
	ck_assert_uint_eq(rd(NV_THERM_I2CS_SCRATCH), 0xff);
	ck_assert_uint_eq(rd(NV_PFB_PRI_MMU_WPR2_ADDR_HI), 0);
	no_hw_violations();
}
END_TEST

START_TEST(fsp_emem_auto_increment)
{
	wr(NV_PFSP_EMEMC(0), 0x10 | HWF_MASK(NV_PFSP_EMEMC_AINCW));
	wr(NV_PFSP_EMEMD(0), 0x11111111);
	wr(NV_PFSP_EMEMD(0), 0x22222222);
	ck_assert_uint_eq(rd(NV_PFSP_EMEMC(0)) & (HWF_MASK(NV_PFSP_EMEMC_OFFS) | HWF_MASK(NV_PFSP_EMEMC_BLK)), 0x18);
	/* Without AINCR a read does not move the offset. */
	wr(NV_PFSP_EMEMC(0), 0x14);
	ck_assert_uint_eq(rd(NV_PFSP_EMEMD(0)), 0x22222222);
	ck_assert_uint_eq(rd(NV_PFSP_EMEMD(0)), 0x22222222);
	wr(NV_PFSP_EMEMC(0), 0x10 | HWF_MASK(NV_PFSP_EMEMC_AINCR));
	ck_assert_uint_eq(rd(NV_PFSP_EMEMD(0)), 0x11111111);
	ck_assert_uint_eq(rd(NV_PFSP_EMEMD(0)), 0x22222222);
	ck_assert_uint_eq(rd(NV_PFSP_EMEMC(0)) & (HWF_MASK(NV_PFSP_EMEMC_OFFS) | HWF_MASK(NV_PFSP_EMEMC_BLK)), 0x18);
	/* Past the 1 KiB channel: a violation, not a wild write. */
	wr(NV_PFSP_EMEMC(0), 0x400 | HWF_MASK(NV_PFSP_EMEMC_AINCW));
	wr(NV_PFSP_EMEMD(0), 1);
	expect_violation("past the 1024-byte EMEM channel 0");
}
END_TEST

/*
 * FLR of a VF the SR-IOV capability does not offer: TotalVFs is 32
 * (NVA081_MAX_VGPU_PER_PGPU, OGKM ctrla081.h), so VFs are 0..31; 32 and a
 * negative index are no VF.  VF 31, the last, is no violation.
 */
START_TEST(flr_of_missing_vf)
{
	gspm_vf_flr(M, 31);
	ck_assert_uint_eq(gspm_violation_count(M), 0);
	gspm_vf_flr(M, 32);
	expect_violation("FLR of VF 32, which does not exist");
	gspm_vf_flr(M, -1);
	expect_violation("FLR of VF -1, which does not exist");
	ck_assert_uint_eq(gspm_violation_count(M), 2);
}
END_TEST

/*
 * A second COT while GSP-RM runs: the host sends the same chain of trust
 * again, with a fresh GspFwWprMeta (sizes only, as before the first one),
 * while WPR2 is up.  FSP must refuse it (WPR2 is locked until a GPU reset:
 * protocol.md §3.6).  The fresh meta matters: the first COT's GSP-FMC wrote
 * its FB layout into the host's meta, and resending that buffer is refused
 * earlier, as a host that filled in offsets.  256 bytes: what
 * wpr_meta_start allocates for the meta.
 */
START_TEST(fsp_second_cot_while_running)
{
	uint8_t fresh[256];
	uint32_t err;

	gh_prepare();
	memcpy(fresh, h_ptr(&H, G.meta), sizeof(fresh));
	ck_assert_uint_eq(gh_cot(), 0);
	no_hw_violations();
	memcpy(h_ptr(&H, G.meta), fresh, sizeof(fresh));
	err = gh_cot();
	ck_assert_uint_ne(err, 0);
	expect_violation("FSP COT: GSP-RM is already running");
}
END_TEST

/*
 * SEC2 started on GH100: there the FSP boots GSP-FMC (the COT) and no
 * booter runs on SEC2 (nouveau gh100_gsp_oneinit, OGKM kgspBootstrap_GH100
 * have no booter_load), so the model has no SEC2 ucode to recognise.
 */
START_TEST(gh_sec2_without_ucode)
{
	falcon_reset(HW_SEC2_BASE);
	falcon_select(HW_SEC2_BASE, 0);
	falcon_run(HW_SEC2_BASE, 0, 0, 0);
	expect_violation("SEC2 falcon: started, but the model has no SEC2 ucode for gh100");
}
END_TEST

START_TEST(fsp_cot_ok)
{
	const uint8_t *m;
	unsigned int i;

	gh_prepare();
	ck_assert_uint_eq(gh_cot(), 0);
	no_hw_violations();
	/* GSP-FMC holds the lockdown: PRI locked first, then MAILBOX0 = params PA. */
	ck_assert_uint_eq(rd(NV_PGSP_FALCON_MAILBOX0) & 0xffffff00u, 0xbadf4100u);
	ck_assert(rd(HW_GSP_BASE + NV_PFALCON_FALCON_HWCFG2) & HWF_MASK(NV_PFALCON_FALCON_HWCFG2_RISCV_BR_PRIV_LOCKDOWN));
	for (i = 0; i < 100 && (rd(NV_PGSP_FALCON_MAILBOX0) & 0xffffff00u) == 0xbadf4100u; i++)
		step(200000);
	ck_assert_uint_eq(rd(NV_PGSP_FALCON_MAILBOX0), (uint32_t)G.params);
	ck_assert_uint_eq(rd(NV_PGSP_FALCON_MAILBOX1), (uint32_t)(G.params >> 32));
	for (i = 0; i < 100 && (rd(HW_GSP_BASE + NV_PFALCON_FALCON_HWCFG2) &
				HWF_MASK(NV_PFALCON_FALCON_HWCFG2_RISCV_BR_PRIV_LOCKDOWN)); i++)
		step(500000);
	ck_assert(!(rd(HW_GSP_BASE + NV_PFALCON_FALCON_HWCFG2) & HWF_MASK(NV_PFALCON_FALCON_HWCFG2_RISCV_BR_PRIV_LOCKDOWN)));
	ck_assert(rd((NV_FALCON2_GSP_BASE + NV_PRISCV_RISCV_CPUCTL)) & HW_RISCV_CPUCTL_ACTIVE);
	/* GSP-FMC laid out the FB and raised WPR2 over it. */
	m = h_ptr(&H, G.meta);
	ck_assert_uint_eq(le32(m + 0xf8), 0xa0a0a0a0u);
	ck_assert_uint_eq(le32(m + 0xb0) | (uint64_t)le32(m + 0xb4) << 32, 80ull << 30);
	ck_assert_uint_ne(rd(NV_PFB_PRI_MMU_WPR2_ADDR_HI), 0);
	ck_assert_uint_eq((uint64_t)(rd(NV_PFB_PRI_MMU_WPR2_ADDR_LO) >> 4) << 12,
			  le32(m + 0x70) | (uint64_t)le32(m + 0x74) << 32);
	ck_assert_uint_gt(le32(m + 0x98) | (uint64_t)le32(m + 0x9c) << 32, 0);	/* frtsOffset */
	/* FALCON_OS = the bootloader's appVersion is accepted. */
	no_hw_violations();
}
END_TEST

START_TEST(fsp_cot_bad_mctp_and_size)
{
	gh_prepare();
	put32(G.msg, 0x80000000u);			/* SOM only: not a single packet */
	ck_assert_uint_ne(gh_cot(), 0);
	expect_violation("MCTP header 0x80000000");
	step(10000000);
	put32(G.msg, 0xc0000000u);
	G.msg[8 + 2] = 0;				/* payload size 768 */
	ck_assert_uint_ne(gh_cot(), 0);
	expect_violation("version 1 size 768");
}
END_TEST

static void cot_bad_header(void)
{
	put32(G.msg + 4, 0x1310de7eu);
}

static void cot_wrong_fmc_bytes(void)
{
	h_ptr(&H, G.fmc)[G.fmc_size / 2] ^= 0x40;
}

static void cot_wrong_hash(void)
{
	G.msg[8 + 0x24 + 47] ^= 1;
}

static void cot_wrong_signature(void)
{
	G.msg[8 + 0x1d4] ^= 1;
}

static void cot_bad_boot_params(void)
{
	h_ptr(&H, G.params)[0x24] = 0;			/* bIsGspRmBoot */
}

/* gh_cot writes G.params to the mailboxes; the COT names a copy elsewhere. */
static void cot_boot_params_not_in_mailbox(void)
{
	uint64_t other = h_alloc(&H, PAGE);

	memcpy(h_ptr(&H, other), h_ptr(&H, G.params), 56);
	put64(G.msg + 8 + 0x354, other);
}

static void cot_meta_offsets_from_host(void)
{
	put64(h_ptr(&H, G.meta) + 0x70, 0x100000000ull);	/* gspFwWprStart */
}

/*
 * The same, by field (offsets: nouveau/nova-core NVDM_PAYLOAD_COT and
 * GSP_FMC_BOOT_PARAMS as gh_prepare writes them, r570 GspFwWprMeta).
 */

/* QUEUE_TAIL 0x7fc: an 0x800-byte message, more than the 1 KiB EMEM channel. */
static void cot_tail_past_channel(void)
{
	G.tail = 0x7fc;
}

/* QUEUE_TAIL 0x100: a 260-byte message, where MCTP + NVDM + the 860-byte COT is 868. */
static void cot_short_message(void)
{
	G.tail = 0x100;
}

/* frtsSysmemSize (u32 at COT +0x14) set: FRTS goes to vidmem on GH100 (nouveau gh100_fsp_boot_gsp_fmc). */
static void cot_frts_in_sysmem(void)
{
	put32(G.msg + 8 + 0x14, 1u << 20);
}

/* frtsVidmemOffset 1 MiB, where nonWprHeapSize 2 MiB rounded up to 2 MiB is 0x200000. */
static void cot_frts_vidmem_offset(void)
{
	put64(G.msg + 8 + 0x18, 1u << 20);
}

/* bootGspRmParams.target (+0x08) 0, GSP_DMA_TARGET_LOCAL_FB. */
static void cot_meta_target_fb(void)
{
	put32(h_ptr(&H, G.params) + 0x08, 0);
}

/* gspRmDescSize (+0x0c) 255, sizeof(GspFwWprMeta) being 256. */
static void cot_meta_desc_size(void)
{
	put32(h_ptr(&H, G.params) + 0x0c, 255);
}

/* gspRmDescOffset (+0x10) 16 bytes into the meta: not 256-byte aligned. */
static void cot_meta_unaligned(void)
{
	put64(h_ptr(&H, G.params) + 0x10, G.meta + 0x10);
}

/* bootArgsOffset (+0x30) 0. */
static void cot_libos_args_zero(void)
{
	put64(h_ptr(&H, G.params) + 0x30, 0);
}

/* wprCarveoutSize (+0x20) set by the host. */
static void cot_wpr_carveout(void)
{
	put32(h_ptr(&H, G.params) + 0x20, 0x1000);
}

/* GspFwWprMeta.magic (+0) 0: GSP_FW_WPR_META_MAGIC is 0xdc3aae21371a60b3, revision 1. */
static void cot_meta_magic(void)
{
	put64(h_ptr(&H, G.meta), 0);
}

/* nonWprHeapSize (+0x68) 1 MiB: GH100's is 2 MiB (OGKM kgspGetNonWprHeapSize_GH100). */
static void cot_meta_non_wpr_heap(void)
{
	put64(h_ptr(&H, G.meta) + 0x68, 1u << 20);
}

/* gspFwHeapSize (+0x80) 128 MiB + 4 KiB: not a whole number of MiB. */
static void cot_meta_heap_unaligned(void)
{
	put64(h_ptr(&H, G.meta) + 0x80, (128u << 20) + 0x1000);
}

/* One thing wrong in the COT request or what it points at: refused, named, nothing booted. */
static const struct {
	const char *name;
	void (*damage)(void);
	const char *want;
} bad_cots[] = {
	{ "bad_header", cot_bad_header, "NVDM header 0x1310de7e" },
	{ "wrong_fmc_bytes", cot_wrong_fmc_bytes, "gspFmcSysmemOffset (GSP-FMC image)" },
	{ "wrong_hash", cot_wrong_hash, "hash384 bytes [0x2f," },
	{ "wrong_signature", cot_wrong_signature, "FSP COT: signature bytes [0x0," },
	{ "bad_boot_params", cot_bad_boot_params, "bIsGspRmBoot 0, expected 1" },
	{ "boot_params_not_in_mailbox", cot_boot_params_not_in_mailbox, "GSP MAILBOX0/1 hold" },
	{ "meta_offsets_from_host", cot_meta_offsets_from_host, "gives sizes only" },
	{ "tail_past_channel", cot_tail_past_channel,
	  "FSP: QUEUE_HEAD/TAIL 0x0/0x7fc do not describe one message at EMEM offset 0" },
	{ "short_message", cot_short_message, "FSP: COT message of 260 bytes (QUEUE_TAIL 0x100), expected 868" },
	{ "frts_in_sysmem", cot_frts_in_sysmem,
	  "FSP COT: FRTS sysmem 0x0/0x100000 vidmem size 0x100000, expected no sysmem FRTS and 0x100000 bytes in vidmem" },
	{ "frts_vidmem_offset", cot_frts_vidmem_offset,
	  "COT frtsVidmemOffset 0x100000 is not nonWprHeapSize 0x200000 aligned up to 2 MiB" },
	{ "meta_target_fb", cot_meta_target_fb, "bootGspRmParams.target 0, expected 1 (coherent sysmem)" },
	{ "meta_desc_size", cot_meta_desc_size, "gspRmDescSize 255, expected 256 (GspFwWprMeta)" },
	{ "meta_unaligned", cot_meta_unaligned, "(GspFwWprMeta) must be a non-zero, 256-byte aligned bus address" },
	{ "libos_args_zero", cot_libos_args_zero,
	  "bootArgsOffset 0x0 (LibOS args) must be a non-zero, page aligned bus address" },
	{ "wpr_carveout", cot_wpr_carveout,
	  "wprCarveoutOffset/Size 0x0/0x1000: GSP-FMC chooses WPR2 itself, expected 0" },
	{ "meta_magic", cot_meta_magic,
	  "magic 0x0000000000000000 revision 1, expected 0xdc3aae21371a60b3 revision 1" },
	{ "meta_non_wpr_heap", cot_meta_non_wpr_heap,
	  "nonWprHeapSize/frtsSize/vgaWorkspaceSize 0x100000/0x100000/0x20000, expected 0x200000/0x100000/0x20000" },
	{ "meta_heap_unaligned", cot_meta_heap_unaligned,
	  "gspFwHeapSize 0x8001000 must be non-zero, 1 MiB aligned and fit the FB" },
};

START_TEST(fsp_cot_refused)
{
	gh_prepare();
	bad_cots[_i].damage();
	ck_assert_msg(gh_cot() != 0, "%s: COT accepted", bad_cots[_i].name);
	expect_violation_in(bad_cots[_i].name, bad_cots[_i].want);
	ck_assert_uint_eq(rd(NV_PFB_PRI_MMU_WPR2_ADDR_HI), 0);
	ck_assert(!(rd(HW_GSP_BASE + NV_PFALCON_FALCON_HWCFG2) & HWF_MASK(NV_PFALCON_FALCON_HWCFG2_RISCV_BR_PRIV_LOCKDOWN)));
}
END_TEST

START_TEST(fsp_radix3_wrong_page)
{
	gh_prepare();
	/* Corrupt the GSP image's first page in host memory. */
	{
		const uint8_t *m = h_ptr(&H, G.meta);
		uint64_t l0 = le32(m + 0x10) | (uint64_t)le32(m + 0x14) << 32;
		uint64_t l1 = le32(h_ptr(&H, l0)) | (uint64_t)le32(h_ptr(&H, l0) + 4) << 32;
		uint64_t l2 = le32(h_ptr(&H, l1)) | (uint64_t)le32(h_ptr(&H, l1) + 4) << 32;
		uint64_t pg = le32(h_ptr(&H, l2)) | (uint64_t)le32(h_ptr(&H, l2) + 4) << 32;

		h_ptr(&H, pg)[100] ^= 0xff;
	}
	ck_assert_uint_ne(gh_cot(), 0);
	expect_violation("GSP-FMC: radix3 maps .fwimage page 0");
}
END_TEST

/* ================================================================ tests */

START_TEST(identity)
{
	static const struct { enum gspm_chip chip; uint32_t id; uint16_t dev, sub; uint64_t fb; } c[] = {
		{ GSPM_CHIP_GA102, 0x172, 0x2236, 0x1482, 24ull << 30 },
		{ GSPM_CHIP_AD102, 0x192, 0x26b9, 0x1851, 48ull << 30 },
		{ GSPM_CHIP_GH100, 0x180, 0x2331, 0x1626, 80ull << 30 },
		{ GSPM_CHIP_GA100, 0x170, 0x20f1, 0x145f, 40ull << 30 },
	};
	char err[512];

	for (size_t i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		struct gspm *m = make_model(c[i].chip, FW_DIR, err, sizeof(err));
		struct gspm_pci_id id;
		uint32_t b42;

		if (!m && (c[i].chip == GSPM_CHIP_GA102 || c[i].chip == GSPM_CHIP_AD102)) {
			fprintf(stderr, "test_hw: skipping chip %zu: %s\n", i, err);
			continue;
		}
		ck_assert_msg(m != NULL, "%s", err);
		b42 = gspm_mmio_read32(m, NV_PMC_BOOT_42);
		ck_assert_uint_eq((b42 >> HWF_LO(NV_PMC_BOOT_42_CHIP_ID)) & HWF_WIDTH_MASK(NV_PMC_BOOT_42_CHIP_ID),
				  c[i].id);
		ck_assert_uint_eq(gspm_mmio_read32(m, NV_PMC_BOOT_0) >> 20, c[i].id);
		gspm_pci_identity(m, &id);
		ck_assert_uint_eq(id.vendor, 0x10de);
		ck_assert_uint_eq(id.device, c[i].dev);
		ck_assert_uint_eq(id.subsystem_vendor, 0x10de);
		ck_assert_uint_eq(id.subsystem_device, c[i].sub);
		ck_assert_uint_eq(id.class_code, 0x030200);
		ck_assert_uint_eq(id.bar0_size, 16u << 20);
		ck_assert_uint_eq(id.bar3_size, 32u << 20);
		ck_assert_uint_ge(id.bar1_size, 32ull << 30);
		ck_assert_uint_eq((uint64_t)gspm_mmio_read32(m, NV_USABLE_FB_SIZE_IN_MB) << 20, c[i].fb);
		gspm_destroy(m);
	}
}
END_TEST

START_TEST(preboot_registers)
{
	if (!have_firmware())
		return;
	step(5000000);	/* past GFW (gfw_plm_then_progress) */
	ck_assert_uint_eq(rd(NV_PGC6_AON_SECURE_SCRATCH_GROUP_05_PRIV_LEVEL_MASK) &
			  HWF_MASK(NV_PGC6_AON_SECURE_SCRATCH_GROUP_05_PRIV_LEVEL_MASK_READ_PROTECTION_LEVEL0), 1);
	ck_assert_uint_eq(rd(NV_PGC6_AON_SECURE_SCRATCH_GROUP_05_0_GFW_BOOT) & 0xff,
			  NV_PGC6_AON_SECURE_SCRATCH_GROUP_05_0_GFW_BOOT_PROGRESS_COMPLETED);
	ck_assert_uint_eq(rd(HW_PDISP_VGA_WORKSPACE_BASE) & HW_VGA_WORKSPACE_VALID, 0);
	/* dev_fb.h: LO _VAL_INIT 0x0fffffff in 31:4, HI _VAL_INIT 0. */
	ck_assert_uint_eq(rd(NV_PFB_PRI_MMU_WPR2_ADDR_LO), 0xfffffff0u);
	ck_assert_uint_eq(rd(NV_PFB_PRI_MMU_WPR2_ADDR_HI), 0);
	ck_assert_uint_eq(rd(NV_PBUS_SW_SCRATCH(0xe)), 0);
	for (uint32_t r = 0x824100; r < 0x824200; r += 4)
		ck_assert_uint_eq(rd(r), 0);
	/* The CPU cannot write WPR2. */
	wr(NV_PFB_PRI_MMU_WPR2_ADDR_HI, 0x1230);
	ck_assert_uint_eq(rd(NV_PFB_PRI_MMU_WPR2_ADDR_HI), 0);
	/* Falcons report a RISC-V core and come up halted. */
	ck_assert(rd(HW_GSP_BASE + NV_PFALCON_FALCON_HWCFG2) & HWF_MASK(NV_PFALCON_FALCON_HWCFG2_RISCV));
	ck_assert(rd(HW_SEC2_BASE + NV_PFALCON_FALCON_HWCFG2) & HWF_MASK(NV_PFALCON_FALCON_HWCFG2_RISCV));
	ck_assert_uint_eq(rd((NV_FALCON2_GSP_BASE + NV_PRISCV_RISCV_CPUCTL)) & HW_RISCV_CPUCTL_ACTIVE, 0);
}
END_TEST

/*
 * The edges of the units BAR0 is decoded by (hw.c, 8 KiB units): the words
 * just past a modelled block answer as unmodelled registers do (a PRI error,
 * 0xbadf5040, docs/hw-fidelity.md), the unmodelled rest of the interrupt
 * block reads 0, and an offset past the 16 MiB BAR decodes to nothing.
 */
START_TEST(bar0_unit_edges)
{
	const uint32_t pri_error = 0xbadf5040u;

	if (!have_firmware())
		return;
	ck_assert_uint_eq(rd(HW_FUSE_OPT_FPF_LAST), 0);
	ck_assert_uint_eq(rd(HW_FUSE_OPT_FPF_LAST + 4), pri_error);
	ck_assert_uint_eq(rd(HW_INTR_BASE + HW_INTR_SIZE - 4), 0);
	ck_assert_uint_eq(rd(HW_INTR_BASE + HW_INTR_SIZE), pri_error);
	ck_assert_uint_eq(rd(HW_INTR_BASE - 4), pri_error);
	ck_assert_uint_eq(rd(16u << 20), pri_error);
	ck_assert_uint_eq(rd(NV_PMC_BOOT_0 + 4), pri_error);
	/* A GSP mailbox is a word: its second byte is no register. */
	wr(NV_PGSP_MAILBOX(1), 0x12345678u);
	ck_assert_uint_eq(rd(NV_PGSP_MAILBOX(1)), 0x12345678u);
	ck_assert_uint_eq(rd(NV_PGSP_MAILBOX(1) + 2), pri_error);
}
END_TEST

START_TEST(custom_fb_size)
{
	struct gspm_config cfg = { .chip = GSPM_CHIP_GH100, .fw_release = FW_REL,
				    .fb_size = 3ull << 30 };
	char err[256] = "";
	struct gspm *m = model_of(&cfg, err, sizeof(err));

	ck_assert_msg(m != NULL, "%s", err);
	ck_assert_uint_eq(gspm_mmio_read32(m, NV_USABLE_FB_SIZE_IN_MB), 3072);
	gspm_destroy(m);
	cfg.fb_size = 12345;
	ck_assert_ptr_null(model_of(&cfg, err, sizeof(err)));
	ck_assert_ptr_nonnull(strstr(err, "fb_size"));
}
END_TEST

/* gspm_config.wpr2_up_at_power_on: a previous load's WPR2 is still there. */
START_TEST(wpr2_up_at_power_on)
{
	struct gspm_config cfg = { .chip = GSPM_CHIP_GH100, .fw_release = FW_REL,
				    .wpr2_up_at_power_on = true };
	char err[256] = "";
	struct gspm *m = model_of(&cfg, err, sizeof(err));
	uint32_t lo, hi;

	ck_assert_msg(m != NULL, "%s", err);
	lo = gspm_mmio_read32(m, NV_PFB_PRI_MMU_WPR2_ADDR_LO);
	hi = gspm_mmio_read32(m, NV_PFB_PRI_MMU_WPR2_ADDR_HI);
	ck_assert_uint_ne(hi, 0);
	ck_assert_uint_ne(lo, 0);
	ck_assert_uint_lt(lo, hi);
	gspm_destroy(m);
	cfg.wpr2_up_at_power_on = false;
	m = model_of(&cfg, err, sizeof(err));
	ck_assert_uint_eq(gspm_mmio_read32(m, NV_PFB_PRI_MMU_WPR2_ADDR_HI), 0);
	gspm_destroy(m);
}
END_TEST

START_TEST(vbios_served_in_real_format)
{
	if (!have_firmware())
		return;
	vbios_read(&FW);
	ck_assert_uint_eq(rd(HW_PROM_BASE) & 0xffff, 0xaa55);
	ck_assert_uint_gt(FW.rom_size, 0x4000);
	/* Erased flash past the image. */
	ck_assert_uint_eq(rd(HW_PROM_BASE + FW.rom_size), 0xffffffff);
	ck_assert_uint_eq(rd(HW_PROM_BASE + HW_PROM_SIZE - 4), 0xffffffff);
	/* Descriptor sanity: v3, signatures, non-trivial code. */
	ck_assert_uint_ge(FW.sig_count, 2);
	ck_assert_uint_eq(FW.imem_size % 256, 0);
	ck_assert_uint_eq(FW.dmem_size % 256, 0);
	{
		unsigned int zeros = 0;

		for (uint32_t i = 0; i < FW.imem_size; i++)
			zeros += !FW.rom[FW.ucode + i];
		ck_assert_uint_lt(zeros, FW.imem_size / 64);
	}
}
END_TEST

START_TEST(fwsec_frts_ok)
{
	char buf[2048];

	if (!have_firmware())
		return;
	run_frts_ok();
	ck_assert_uint_gt(gspm_describe(M, buf, sizeof(buf)), 0);
	ck_assert_ptr_nonnull(strstr(buf, "WPR2 ["));
	ck_assert_ptr_nonnull(strstr(buf, "FWSEC-FRTS (ok)"));
}
END_TEST

/* FWSEC-FRTS given one thing wrong by the host: refused, named, no WPR2. */
static const struct {
	const char *name;
	int init_cmd;		/* DMEMMAPPER init_cmd patched in; -1: left as in the VBIOS */
	bool first_signature;	/* signature #0, not the last (the one for an unfused board) */
	uint64_t frts_below;	/* the FrtsRegion this far below where it belongs */
	uint32_t flip;		/* IMEM byte flipped in host memory; 0: none */
	const char *want;
} bad_fwsecs[] = {
	{ "flipped_imem_byte", 0x15, false, 0, 0x1234, "IMEM [0x1234,0x1235) differs from FWSEC code" },
	{ "wrong_signature", 0x15, true, 0, 0, "holds signature #0" },
	{ "missing_frts_patch", -1, false, 0, 0, "FRTS patch (0x15) is missing" },
	{ "wrong_frts_region", 0x15, false, 0x100000, 0, "FrtsRegion" },
};

START_TEST(fwsec_refused)
{
	uint64_t frts, bus;

	if (!have_firmware())
		return;
	vbios_read(&FW);
	frts = model_frts() - bad_fwsecs[_i].frts_below;
	bus = fwsec_prepare(bad_fwsecs[_i].init_cmd,
			    bad_fwsecs[_i].first_signature ? 0 : (int)FW.sig_count - 1, frts);
	if (bad_fwsecs[_i].flip)
		h_ptr(&H, bus)[bad_fwsecs[_i].flip] ^= 0x40;
	ck_assert_msg(fwsec_load_run(bus) != 0, "%s: FWSEC-FRTS succeeded", bad_fwsecs[_i].name);
	expect_violation_in(bad_fwsecs[_i].name, bad_fwsecs[_i].want);
	ck_assert_msg(rd(NV_PFB_PRI_MMU_WPR2_ADDR_HI) == 0, "%s: WPR2 is up", bad_fwsecs[_i].name);
	ck_assert_msg(rd(NV_PBUS_SW_SCRATCH(0xe)) >> 16 != 0, "%s: no FWSEC error code", bad_fwsecs[_i].name);
}
END_TEST

/*
 * FWSEC's data is checked byte for byte outside the driver's three patch
 * areas (DMEMMAPPER init_cmd, the command buffer, the signature slot): a
 * flipped byte of the interface table header (descriptor InterfaceOffset)
 * is named with its DMEM address and both values.
 */
START_TEST(fwsec_dmem_differs)
{
	char want[256];
	uint8_t *dmem, was;
	uint64_t bus;

	if (!have_firmware())
		return;
	vbios_read(&FW);
	bus = fwsec_prepare(0x15, (int)FW.sig_count - 1, model_frts());
	dmem = h_ptr(&H, bus) + FW.imem_size;
	was = dmem[FW.ifoff];
	dmem[FW.ifoff] ^= 0x40;
	ck_assert_uint_ne(fwsec_load_run(bus), 0);
	snprintf(want, sizeof(want),
		 "GSP falcon: DMEM [0x%x,0x%x) differs from FWSEC data (VBIOS descriptor at ROM 0x%x): "
		 "read 0x%02x, expected 0x%02x; unknown image", FW.dmem_base + FW.ifoff,
		 FW.dmem_base + FW.ifoff + 1, FW.desc, was ^ 0x40, was);
	expect_violation(want);
	ck_assert_uint_eq(rd(NV_PFB_PRI_MMU_WPR2_ADDR_HI), 0);
}
END_TEST

/* No signature patched in: the slot holds the VBIOS image's own bytes, none of the signatures. */
START_TEST(fwsec_without_signature)
{
	if (!have_firmware())
		return;
	vbios_read(&FW);
	ck_assert_uint_ne(fwsec_load_run(fwsec_prepare(0x15, -1, model_frts())), 0);
	expect_violation("GSP falcon: FWSEC signature slot DMEM [0x");
	expect_violation("holds none of the");
	ck_assert_uint_eq(rd(NV_PFB_PRI_MMU_WPR2_ADDR_HI), 0);
}
END_TEST

/* The ReadVbios command (nova-core fwsec.rs: version 1, header 24, addr 0, size 0, flags 2) with version 2. */
START_TEST(fwsec_bad_read_vbios_command)
{
	uint64_t bus;
	uint8_t *dmem;

	if (!have_firmware())
		return;
	vbios_read(&FW);
	bus = fwsec_prepare(0x15, (int)FW.sig_count - 1, model_frts());
	dmem = h_ptr(&H, bus) + FW.imem_size;
	put32(dmem + le32(dmem + fwsec_dmemmapper(dmem) + 8), 2);
	ck_assert_uint_ne(fwsec_load_run(bus), 0);
	expect_violation("is not {ver 1, hdr 24, addr 0, size 0, flags 2}");
	ck_assert_uint_eq(rd(NV_PFB_PRI_MMU_WPR2_ADDR_HI), 0);
}
END_TEST

/*
 * Boot ROM parameters (nova-core program_brom_ga102: MOD_SEL RSA3K = 1,
 * UCODE_ID and ENGIDMASK from the descriptor, PARAADDR0 the signature slot)
 * with UCODE_ID one off.
 */
START_TEST(fwsec_bad_brom_params)
{
	char want[256];
	uint64_t bus;

	if (!have_firmware())
		return;
	bus = fwsec_prepared(0x15);	/* reads FW from the VBIOS */
	ck_assert_uint_ne(fwsec_load_run_as(bus, FW.ucode_id + 1), 0);
	snprintf(want, sizeof(want),
		 "GSP falcon: FWSEC boot ROM parameters MOD_SEL=0x1 UCODE_ID=0x%x ENGIDMASK=0x%x "
		 "PARAADDR0=0x%x BOOTVEC=0x0, expected 0x1 0x%x 0x%x 0x%x 0x0", FW.ucode_id + 1,
		 FW.engmask, FW.pkc, FW.ucode_id, FW.engmask, FW.pkc);
	expect_violation(want);
	ck_assert_uint_eq(rd(NV_PFB_PRI_MMU_WPR2_ADDR_HI), 0);
}
END_TEST

/* FWSEC-FRTS again once WPR2 is up: refused until the GPU is reset. */
START_TEST(fwsec_frts_twice)
{
	if (!have_firmware())
		return;
	run_frts_ok();
	ck_assert_uint_ne(fwsec_load_run(fwsec_prepared(0x15)), 0);
	expect_violation("GSP falcon: FWSEC-FRTS run with WPR2 already up (LO=0x");
}
END_TEST

START_TEST(fwsec_needs_falcon_core)
{
	uint64_t bus;

	if (!have_firmware())
		return;
	bus = fwsec_prepared(0x15);
	falcon_reset(HW_GSP_BASE);
	/* no core select: BCR_CTRL still selects RISC-V after reset */
	falcon_dma(HW_GSP_BASE, bus, 0, FW.imem_base, FW.imem_size, 1);
	falcon_dma(HW_GSP_BASE, bus + FW.imem_size, 0, FW.dmem_base, FW.dmem_size, 0);
	falcon_brom(HW_GSP_BASE, FW.pkc, FW.engmask, FW.ucode_id);
	ck_assert_uint_ne(falcon_run(HW_GSP_BASE, 0, 0, 0), 0);
	expect_violation("CORE_SELECT");
}
END_TEST

/*
 * The falcon's sequencing rules (hw-fidelity "Falcon operations"; nouveau
 * gm200_flcn_reset_eng, _pio_*, nvkm_falcon_v1_start): no DMA, PIO or
 * STARTCPU while the engine reset is asserted or the scrub runs, none while
 * the CPU runs, and PIO only inside the 64 KiB IMEM / DMEM.  Each row does
 * one thing wrong on a falcon set up as the row says.
 */
static void in_reset(uint32_t base)
{
	wr(base + HW_FALCON_ENGINE, HW_FALCON_ENGINE_RESET);
}

static void scrubbing(uint32_t base)
{
	in_reset(base);
	wr(base + HW_FALCON_ENGINE, 0);
}

/* The GSP falcon started on its RISC-V core selection (a violation of its
 * own): it runs for a while, and this row's write comes before it halts. */
static void running(uint32_t base)
{
	falcon_reset(base);
	wr(base + NV_PFALCON_FALCON_CPUCTL, HW_CPUCTL_STARTCPU);
}

static void dma_256(uint32_t base)
{
	wr(base + NV_PFALCON_FALCON_DMATRFCMD, dma_cmd(0, 0));
}

static void start_cpu(uint32_t base)
{
	wr(base + NV_PFALCON_FALCON_CPUCTL, HW_CPUCTL_STARTCPU);
}

static void imem_word(uint32_t base)
{
	wr(base + NV_PFALCON_FALCON_IMEMD(0), 0);
}

static void dmem_word(uint32_t base)
{
	wr(base + NV_PFALCON_FALCON_DMEMD(0), 0);
}

/* BLK 23:8 and OFFS 7:2 address byte 0x10000, one past the 64 KiB. */
static void imem_past_end(uint32_t base)
{
	wr(base + NV_PFALCON_FALCON_IMEMC(0), 0x10000);
	imem_word(base);
}

static void dmem_past_end(uint32_t base)
{
	wr(base + NV_PFALCON_FALCON_DMEMC(0), 0x10000);
	dmem_word(base);
}

static const struct {
	const char *name;
	uint32_t base;
	void (*state)(uint32_t base);
	void (*act)(uint32_t base);
	const char *want;
} falcon_misuses[] = {
	{ "dma_in_reset", HW_SEC2_BASE, in_reset, dma_256,
	  "SEC2 falcon: DMATRFCMD written while ENGINE reset is asserted" },
	{ "start_in_reset", HW_SEC2_BASE, in_reset, start_cpu,
	  "SEC2 falcon: CPUCTL.STARTCPU while ENGINE reset is asserted" },
	{ "start_scrubbing", HW_SEC2_BASE, scrubbing, start_cpu,
	  "SEC2 falcon: CPUCTL.STARTCPU while memory is still being scrubbed" },
	{ "pio_in_reset", HW_SEC2_BASE, in_reset, imem_word,
	  "SEC2 falcon: IMEMD(0) written while ENGINE reset is asserted" },
	{ "pio_scrubbing", HW_SEC2_BASE, scrubbing, dmem_word,
	  "SEC2 falcon: DMEMD(0) written while HWCFG2.MEM_SCRUBBING is still set" },
	{ "imem_pio_past_end", HW_SEC2_BASE, falcon_reset, imem_past_end,
	  "SEC2 falcon: IMEMD(0) write at IMEM 0x10000 is outside the 65536-byte IMEM" },
	{ "dmem_pio_past_end", HW_SEC2_BASE, falcon_reset, dmem_past_end,
	  "SEC2 falcon: DMEMD(0) write at DMEM 0x10000 is outside the 65536-byte DMEM" },
	{ "start_running", HW_GSP_BASE, running, start_cpu,
	  "GSP falcon: CPUCTL.STARTCPU while the CPU is already running" },
	{ "dma_running", HW_GSP_BASE, running, dma_256,
	  "GSP falcon: DMA load while the falcon CPU is running" },
	{ "pio_running", HW_GSP_BASE, running, imem_word,
	  "GSP falcon: IMEMD(0) written while the falcon CPU is running" },
};

START_TEST(falcon_misused)
{
	if (!have_firmware())
		return;
	falcon_misuses[_i].state(falcon_misuses[_i].base);
	falcon_misuses[_i].act(falcon_misuses[_i].base);
	expect_violation_in(falcon_misuses[_i].name, falcon_misuses[_i].want);
}
END_TEST

START_TEST(falcon_scrub_and_dma_rules)
{
	if (!have_firmware())
		return;
	wr(HW_SEC2_BASE + HW_FALCON_ENGINE, HW_FALCON_ENGINE_RESET);
	wr(HW_SEC2_BASE + HW_FALCON_ENGINE, 0);
	ck_assert(rd(HW_SEC2_BASE + NV_PFALCON_FALCON_HWCFG2) & HWF_MASK(NV_PFALCON_FALCON_HWCFG2_MEM_SCRUBBING));
	ck_assert_uint_ne(gspm_next_deadline(M), UINT64_MAX);
	/* DMA before the scrub is over is a violation. */
	falcon_dma(HW_SEC2_BASE, HOST_BASE, 0, 0, 256, 0);
	expect_violation("MEM_SCRUBBING");
	step(1000000);
	ck_assert(!(rd(HW_SEC2_BASE + NV_PFALCON_FALCON_HWCFG2) & HWF_MASK(NV_PFALCON_FALCON_HWCFG2_MEM_SCRUBBING)));
	/* DMA from an address the host never mapped. */
	wr(HW_SEC2_BASE + NV_PFALCON_FALCON_DMATRFBASE, 0x10);
	wr(HW_SEC2_BASE + NV_PFALCON_FALCON_DMATRFBASE1, 0);
	wr(HW_SEC2_BASE + NV_PFALCON_FALCON_DMATRFCMD, HWF_DEF(NV_PFALCON_FALCON_DMATRFCMD_SIZE, NV_PFALCON_FALCON_DMATRFCMD_SIZE_256B));
	ck_assert_uint_ge(gspm_violation_count(M), 2);
	/* Without FBIF setup the DMA is refused. */
	wr(HW_SEC2_BASE + (HW_FBIF_OFFSET + NV_PFALCON_FBIF_TRANSCFG(0)), 0);
	wr(HW_SEC2_BASE + NV_PFALCON_FALCON_DMATRFCMD, HWF_DEF(NV_PFALCON_FALCON_DMATRFCMD_SIZE, NV_PFALCON_FALCON_DMATRFCMD_SIZE_256B));
	expect_violation("FBIF_TRANSCFG0=0x0");
}
END_TEST

START_TEST(gsp_irq_swgen0)
{
	if (!have_firmware())
		return;
	wr(HW_GSP_BASE + HW_FALCON_IRQSSET, HW_IRQ_SWGEN0);
	step(1000);
	ck_assert_int_eq(H.irq, 0);			/* masked */
	/*
	 * The old driver's whole interrupt setup: falcon IRQMSET SWGEN0 and
	 * nothing in the PF interrupt tree.  The line never rises: the cause
	 * is not routed to the host (IRQDEST) and no leaf is enabled.
	 */
	wr(HW_GSP_BASE + NV_PFALCON_FALCON_IRQMSET, HW_IRQ_SWGEN0);
	step(1000);
	ck_assert_int_eq(H.irq, 0);
	ck_assert(rd((HW_GSP_BASE + NV_PFALCON_FALCON_IRQSTAT)) & HW_IRQ_SWGEN0);
	wr((HW_GSP_BASE + NV_PFALCON_FALCON_IRQSCLR), HW_IRQ_SWGEN0);
	step(1000);
	ck_assert_int_eq(H.irq, 0);
	ck_assert_uint_eq(rd((HW_GSP_BASE + NV_PFALCON_FALCON_IRQSTAT)) & HW_IRQ_SWGEN0, 0);
}
END_TEST

START_TEST(booter_load_ok)
{
	struct boot bt;
	uint64_t frts;
	char buf[2048];

	if (!have_firmware())
		return;
	frts = run_frts_ok();
	boot_prepare(&bt, frts);
	ck_assert_uint_eq(boot_run(&bt, (int)bt.load.num_sig - 1), 0);
	no_hw_violations();
	ck_assert_uint_eq(hw_violations(), 0);
	ck_assert_uint_eq(le32(h_ptr(&H, bt.meta) + 0xf8), 0xa0a0a0a0u);
	ck_assert_uint_eq(le32(h_ptr(&H, bt.meta) + 0xfc), 0xa0a0a0a0u);
	ck_assert_uint_eq((uint64_t)(rd(NV_PFB_PRI_MMU_WPR2_ADDR_LO) >> 4) << 12, bt.l.wpr);
	ck_assert_uint_eq(((uint64_t)(rd(NV_PFB_PRI_MMU_WPR2_ADDR_HI) >> 4) << 12) + 0x1000,
			  bt.l.frts + HW_FRTS_SIZE);
	ck_assert(rd((NV_FALCON2_GSP_BASE + NV_PRISCV_RISCV_CPUCTL)) & HW_RISCV_CPUCTL_ACTIVE);
	/* Stage 3 handoff is CORE_RESUME's, not the first boot's (booter.c). */
	ck_assert(!(rd(HW_PGC6_BSI_SECURE_SCRATCH_14) & HWF_MASK(NV_PGC6_BSI_SECURE_SCRATCH_14_BOOT_STAGE_3_HANDOFF)));
	ck_assert_int_ne(gspm_fw_state(M), GSPM_FW_OFF);
	/* FALCON_OS: the bootloader's appVersion is accepted, anything else not. */
	wr((HW_GSP_BASE + NV_PFALCON_FALCON_OS), bt.bl_app_version);
	no_hw_violations();
	wr((HW_GSP_BASE + NV_PFALCON_FALCON_OS), bt.bl_app_version + 1);
	expect_violation("FALCON_OS");
	gspm_describe(M, buf, sizeof(buf));
	ck_assert_ptr_nonnull(strstr(buf, "booter_load (ok)"));
	free(bt.load.file);
}
END_TEST

static void meta_bad_magic(struct boot *bt)
{
	h_ptr(&H, bt->meta)[0] ^= 1;
}

/* Level-2 entry for page 1000 points at page 1001. */
static void radix3_wrong_page(struct boot *bt)
{
	put64(h_ptr(&H, bt->lvl2_first) + 8 * 1000, bt->img + 1001ull * PAGE);
}

/*
 * The last byte of image page 700 and the first of page 701 flipped, in
 * host memory: the model compares pages that lie one after another in one
 * piece, and must still name the first page that differs and the bytes of
 * that page alone.
 */
static void radix3_bytes_flipped(struct boot *bt)
{
	H.lend = true;
	h_ptr(&H, bt->img)[701ull * PAGE - 1] ^= 0xff;
	h_ptr(&H, bt->img)[701ull * PAGE] ^= 0xff;
}

/* Level-2 entry for page 7 eight bytes into its page. */
static void radix3_entry_unaligned(struct boot *bt)
{
	put64(h_ptr(&H, bt->lvl2_first) + 8 * 7, bt->img + 7ull * PAGE + 8);
}

/*
 * GspFwWprMeta fields (r535 gsp_fw_wpr_meta.h: sizeOfRadix3Elf +0x18,
 * bootloaderCodeOffset +0x30, sizeOfSignature +0x50) one off from the files.
 */
static void meta_elf_size_wrong(struct boot *bt)
{
	uint8_t *m = h_ptr(&H, bt->meta);

	put64(m + 0x18, le32(m + 0x18) - 1ull);
}

static void meta_bl_code_offset_wrong(struct boot *bt)
{
	uint8_t *m = h_ptr(&H, bt->meta);

	put64(m + 0x30, le32(m + 0x30) + 0x100ull);
}

/* sizeOfBootloader (+0x28) one byte short of the bootloader's payload. */
static void meta_bl_size_wrong(struct boot *bt)
{
	uint8_t *m = h_ptr(&H, bt->meta);

	put64(m + 0x28, le32(m + 0x28) - 1ull);
}

static void meta_sig_size_wrong(struct boot *bt)
{
	uint8_t *m = h_ptr(&H, bt->meta);

	put64(m + 0x50, le32(m + 0x50) - 1ull);
}

/* gspFwOffset not 64K aligned. */
static void gsp_image_misaligned(struct boot *bt)
{
	put64(h_ptr(&H, bt->meta) + 0x88, bt->l.elf + 0x1000);
}

/*
 * booter_load's os data with byte 8 flipped (the signature slot is at 0x10,
 * patch_loc - os_data_offset): what DMEM holds is no longer the file's.
 */
static void booter_dmem_flip(struct boot *bt)
{
	bt->load.file[bt->load.data_off + bt->load.os_data_off + 8] ^= 0x40;
}

/*
 * booter_load given one thing wrong (@damage to what the host prepared, no
 * FWSEC-FRTS first, or the wrong signature): refused with each violation
 * named; GSP-RM not started, GspFwWprMeta not written, WPR2 as FRTS left it.
 */
static const struct {
	const char *name;
	bool no_frts;
	bool first_signature;	/* signature #0, not the last (unfused) */
	void (*damage)(struct boot *bt);
	const char *want[2];
} bad_booters[] = {
	{ "wrong_signature", false, true, NULL, { "booter_load signature slot", "holds signature #0" } },
	{ "bad_meta_magic", false, false, meta_bad_magic, { "GspFwWprMeta at 0x", "magic 0xdc3aae21371a60b2" } },
	{ "radix3_wrong_page", false, false, radix3_wrong_page, { "radix3 maps .fwimage page 1000" } },
	{ "radix3_bytes_flipped", false, false, radix3_bytes_flipped,
	  { "radix3 maps .fwimage page 700 to bus address 0x", "bytes [0xfff,0x1000) differ from " } },
	{ "needs_frts_first", true, false, NULL, { "run FWSEC-FRTS before booter_load" } },
	{ "bad_layout", false, false, gsp_image_misaligned, { "GSP image [" } },
	{ "radix3_entry_unaligned", false, false, radix3_entry_unaligned,
	  { "booter_load: radix3 entry for .fwimage page 7 is 0x", "008, not page aligned" } },
	{ "meta_elf_size_wrong", false, false, meta_elf_size_wrong,
	  { "booter_load: GspFwWprMeta.sizeOfRadix3Elf is 0x", ", but .fwimage of " } },
	{ "meta_bl_code_offset_wrong", false, false, meta_bl_code_offset_wrong,
	  { "booter_load: GspFwWprMeta bootloader Code/Data/ManifestOffset 0x", "has monitorCode/monitorData/manifest" } },
	{ "meta_bl_size_wrong", false, false, meta_bl_size_wrong,
	  { "booter_load: GspFwWprMeta.sizeOfBootloader 0x", "is not the bootloader payload size 0x" } },
	{ "meta_sig_size_wrong", false, false, meta_sig_size_wrong,
	  { "booter_load: GspFwWprMeta.sizeOfSignature 0x", "is not the size 0x" } },
	/* GA102 booter_load: os_data_offset 0x8400 (nvfw_hs_load_header_v2). */
	{ "dmem_differs", false, false, booter_dmem_flip,
	  { "SEC2 falcon: DMEM [0x8,0x9) differs from booter_load os data (", "payload offset 0x8408)" } },
};

START_TEST(booter_refused)
{
	const char *name = bad_booters[_i].name;
	uint64_t frts;
	struct boot bt;

	if (!have_firmware())
		return;
	frts = bad_booters[_i].no_frts ? model_frts() : run_frts_ok();
	boot_prepare(&bt, frts);
	if (bad_booters[_i].damage)
		bad_booters[_i].damage(&bt);
	ck_assert_msg(boot_run(&bt, bad_booters[_i].first_signature ? 0 : (int)bt.load.num_sig - 1) != 0,
		      "%s: booter_load succeeded", name);
	for (int i = 0; i < 2 && bad_booters[_i].want[i]; i++)
		expect_violation_in(name, bad_booters[_i].want[i]);
	ck_assert_msg(!(rd(NV_FALCON2_GSP_BASE + NV_PRISCV_RISCV_CPUCTL) & HW_RISCV_CPUCTL_ACTIVE),
		      "%s: GSP-RM started", name);
	ck_assert_msg(le32(h_ptr(&H, bt.meta) + 0xf8) == 0, "%s: GspFwWprMeta written", name);
	if (!bad_booters[_i].no_frts)
		ck_assert_msg((uint64_t)(rd(NV_PFB_PRI_MMU_WPR2_ADDR_LO) >> 4) << 12 == bt.l.frts,
			      "%s: WPR2 moved", name);
	free(bt.load.file);
}
END_TEST

/*
 * booter_unload on a running GSP-RM, with the plain-unload mailboxes
 * 0xff/0xff (nouveau tu102_gsp_fini, OGKM kgspExecuteBooterUnloadIfNeeded)
 * or with 0/0: refused, named, WPR2 left up.
 */
static const struct {
	uint32_t mb0, mb1;
	const char *want;
} bad_unloads[] = {
	{ 0xff, 0xff, "GSP-RM is not suspended" },
	{ 0, 0, "booter_unload: SEC2 MAILBOX0/1 = 0x0/0x0, expected 0xff/0xff" },
};

START_TEST(booter_unload_refused)
{
	struct boot bt;
	struct booter ul;

	if (!have_firmware())
		return;
	boot_prepare(&bt, run_frts_ok());
	ck_assert_uint_eq(boot_run(&bt, (int)bt.load.num_sig - 1), 0);
	booter_parse(&ul, "booter_unload");
	ck_assert_uint_ne(booter_run(&ul, (int)ul.num_sig - 1, bad_unloads[_i].mb0, bad_unloads[_i].mb1), 0);
	expect_violation(bad_unloads[_i].want);
	ck_assert_uint_ne(rd(NV_PFB_PRI_MMU_WPR2_ADDR_HI), 0);
	free(ul.file);
	free(bt.load.file);
}
END_TEST

START_TEST(sec2_unknown_image)
{
	struct booter b;

	if (!have_firmware())
		return;
	booter_parse(&b, "booter_load");
	b.file[b.data_off + b.app0_off + 0x40] ^= 0xff;
	ck_assert_uint_ne(booter_run(&b, (int)b.num_sig - 1, 0, 0), 0);
	expect_violation("SEC2 falcon: unknown image: IMEM [0x40,0x41) differs from booter_load");
	free(b.file);
}
END_TEST

START_TEST(fwsec_sb)
{
	if (!have_firmware())
		return;
	/* SB leaves the FRTS region alone; the FrtsRegion bytes are not checked. */
	ck_assert_uint_eq(fwsec_load_run(fwsec_prepared(0x19)), 0);
	no_hw_violations();
	ck_assert_uint_eq(rd(NV_PFB_PRI_MMU_WPR2_ADDR_HI), 0);
}
END_TEST

/* The same seed gives the same virtual timings; another seed other ones. */
static uint64_t fwsec_halt_time(uint64_t seed)
{
	struct gspm_config cfg = {
		.chip = GSPM_CHIP_GA102, .fw_release = FW_REL, .fw_dir = FW_DIR, .seed = seed,
	};
	uint64_t t;

	remake(&cfg);
	H.now = 0;
	H.brk = 0;
	run_frts_ok();
	t = H.now;
	return t;
}

START_TEST(deterministic_timing)
{
	uint64_t a, b, c;

	if (!have_firmware())
		return;
	a = fwsec_halt_time(11);
	b = fwsec_halt_time(11);
	c = fwsec_halt_time(12);
	ck_assert_uint_eq(a, b);
	ck_assert_uint_ne(a, c);
}
END_TEST

/* mkvbios --rom (for the QEMU device) writes exactly the image the model serves. */
START_TEST(rom_file_matches_prom)
{
	const char *path = getenv("GSPM_VBIOS_ROM");
	uint8_t *rom;
	size_t n;

	if (!have_firmware())
		return;
	if (!path) {
		fprintf(stderr, "test_hw: GSPM_VBIOS_ROM not set, test skipped\n");
		return;
	}
	rom = slurp(path, &n);
	vbios_read(&FW);
	ck_assert_uint_eq(n, FW.rom_size);
	ck_assert(!memcmp(rom, FW.rom, n));
	free(rom);
}
END_TEST

/* ------------------------------------------------- firmware file errors */

static char tmpdir[256];

/*
 * A GSP-RM ELF64 (EM_RISCV 243) whose .fwimage claims 1 GiB + 1 byte: one
 * byte over what a radix3 tree maps (512 * 512 pages of 4 KiB).  Section
 * headers at 0x40 (null, .fwimage at 0x1000, .shstrtab at 0x100); the file
 * is sparse, so nothing of the gigabyte is written.
 */
static void huge_gsp(const char *path)
{
	static const char names[] = "\0.fwimage\0.shstrtab";	/* 1, 10; 20 bytes */
	uint8_t h[0x200] = { 0x7f, 'E', 'L', 'F', 2, 1, 1 };
	FILE *f = fopen(path, "wb");

	ck_assert_ptr_nonnull(f);
	h[0x12] = 243;
	put64(h + 0x28, 0x40);					/* e_shoff */
	h[0x3a] = 64;						/* e_shentsize */
	h[0x3c] = 3;						/* e_shnum */
	h[0x3e] = 2;						/* e_shstrndx */
	put32(h + 0x80, 1);					/* .fwimage */
	put64(h + 0x80 + 0x18, 0x1000);
	put64(h + 0x80 + 0x20, (1ull << 30) + 1);
	put32(h + 0xc0, 10);					/* .shstrtab */
	put64(h + 0xc0 + 0x18, 0x100);
	put64(h + 0xc0 + 0x20, sizeof(names));
	memcpy(h + 0x100, names, sizeof(names));
	ck_assert_uint_eq(fwrite(h, 1, sizeof(h), f), sizeof(h));
	ck_assert_int_eq(ftruncate(fileno(f), 0x1000 + (1l << 30) + 1), 0);
	fclose(f);
}

static void make_fw_tree(const char *broken)
{
	static const char *const names[] = { "gsp", "bootloader", "booter_load", "booter_unload" };
	char path[300], cmd[320];

	snprintf(tmpdir, sizeof(tmpdir), "/tmp/gspm-test-hw-%d", (int)getpid());
	snprintf(path, sizeof(path), "%.200s/nvidia/ga102/gsp", tmpdir);
	snprintf(cmd, sizeof(cmd), "mkdir -p %s", path);
	ck_assert_int_eq(system(cmd), 0);
	for (size_t i = 0; i < 4; i++) {
		char src[256], dst[400];

		snprintf(src, sizeof(src), FW_DIR "/nvidia/ga102/gsp/%s-" FW_REL ".bin", names[i]);
		snprintf(dst, sizeof(dst), "%s/%s-" FW_REL ".bin", path, names[i]);
		if (broken && !strcmp(broken, names[i])) {
			if (strcmp(broken, "gsp") == 0)
				huge_gsp(dst);
			if (strcmp(broken, "booter_load") == 0) {
				static const char junk[] = "\x11\x22\x33\x44 not a booter";
				FILE *f = fopen(dst, "wb");

				fwrite(junk, 1, sizeof(junk) - 1, f);
				fclose(f);
			}
			continue;	/* other broken names: file missing */
		}
		ck_assert_int_eq(symlink(src, dst), 0);
	}
}

static void remove_fw_tree(void)
{
	char cmd[300];

	snprintf(cmd, sizeof(cmd), "rm -rf %s", tmpdir);
	ck_assert_int_eq(system(cmd), 0);
}

/* gspm_create refused: the error names the file and what is wrong, or the release. */
static const struct {
	const char *name;
	const char *broken;	/* in a copy of the tree: missing (booter_load: junk); NULL: the real tree */
	const char *rel;
	const char *want[2];
} bad_creates[] = {
	{ "missing_file", "bootloader", FW_REL, { "bootloader-535.113.01.bin", "cannot open" } },
	{ "malformed_file", "booter_load", FW_REL, { "booter_load-535.113.01.bin", "0x10de" } },
	{ "wrong_release", NULL, "570.144", { "570.144" } },
	{ "fwimage_over_1g", "gsp", FW_REL,
	  { "gsp-535.113.01.bin", ".fwimage of 1073741825 bytes does not fit a radix3 tree" } },
};

START_TEST(create_fails)
{
	struct gspm_config cfg = {
		.chip = GSPM_CHIP_GA102, .fw_release = bad_creates[_i].rel, .fw_dir = FW_DIR, .seed = 7,
	};
	char err[512] = "";

	if (bad_creates[_i].broken) {
		if (!have_firmware())
			return;
		make_fw_tree(bad_creates[_i].broken);
		cfg.fw_dir = tmpdir;
	}
	ck_assert_ptr_null(model_of(&cfg, err, sizeof(err)));
	for (int i = 0; i < 2 && bad_creates[_i].want[i]; i++)
		ck_assert_msg(strstr(err, bad_creates[_i].want[i]), "%s: error \"%s\" lacks \"%s\"",
			      bad_creates[_i].name, err, bad_creates[_i].want[i]);
	if (bad_creates[_i].broken)
		remove_fw_tree();
}
END_TEST

/* ============================================ firmware files (fwfiles.c) */

/*
 * The model's own reading of the per-chip file sets in the test tree
 * (emu/fwgen/mkfw.c): GH100's GSP-FMC sections the FSP model compares the
 * COT message with, and GA102's generated 570.144 booters.  Missing files
 * fail with their names: nothing is skipped.
 */
static struct hw_fwfiles FF;
static char FF_tmp[64];

static void ff_setup(void)
{
	memset(&FF, 0, sizeof(FF));
	FF_tmp[0] = '\0';
}

static void ff_rm(const char *name)
{
	char p[256];

	snprintf(p, sizeof(p), "%s/nvidia/gh100/gsp/%s-570.144.bin", FF_tmp, name);
	unlink(p);
}

static void ff_teardown(void)
{
	char p[256];

	hw_fwfiles_free(&FF);
	if (!FF_tmp[0])
		return;
	ff_rm("gsp");
	ff_rm("bootloader");
	ff_rm("fmc");
	snprintf(p, sizeof(p), "%s/nvidia/gh100/gsp", FF_tmp);
	rmdir(p);
	snprintf(p, sizeof(p), "%s/nvidia/gh100", FF_tmp);
	rmdir(p);
	snprintf(p, sizeof(p), "%s/nvidia", FF_tmp);
	rmdir(p);
	rmdir(FF_tmp);
}

static uint8_t *ff_read(const char *path, size_t *n)
{
	FILE *f = fopen(path, "rb");
	uint8_t *b;
	long sz;

	ck_assert_msg(f != NULL, "%s: cannot open (build target test-fw-tree)", path);
	ck_assert_int_eq(fseek(f, 0, SEEK_END), 0);
	sz = ftell(f);
	ck_assert_int_ge(sz, 0);
	rewind(f);
	b = malloc(sz ? (size_t)sz : 1);
	ck_assert_ptr_nonnull(b);
	ck_assert_uint_eq(fread(b, 1, (size_t)sz, f), (size_t)sz);
	fclose(f);
	*n = (size_t)sz;
	return b;
}

static int ff_load(enum gspm_chip chip, const char *rel, const char *dir, char *err, size_t n)
{
	struct gspm_config cfg = { .chip = chip, .fw_release = rel, .fw_dir = dir };

	err[0] = '\0';
	return hw_fwfiles_load(&FF, &cfg, err, n);
}

#define GH_FMC	GSPM_TEST_FW_DIR "/nvidia/gh100/gsp/fmc-570.144.bin"

START_TEST(fw_gh100_fmc_sections)
{
	char err[512];
	size_t n;
	uint8_t *file = ff_read(GH_FMC, &n);

	ck_assert_msg(ff_load(GSPM_CHIP_GH100, "570.144", GSPM_TEST_FW_DIR, err, sizeof(err)) == 0,
		      "%s", err);
	ck_assert(FF.fmc_loaded);
	ck_assert(!FF.loaded);			/* no SEC2 booters on GH100 */
	ck_assert_str_eq(FF.sig_section, ".fwsignature_gh100");
	ck_assert_uint_eq(FF.signature_size, 0x1000);
	ck_assert_uint_eq(FF.fwimage_offset, 0x40);
	ck_assert_uint_eq(FF.fwimage_size, 0x60000);
	ck_assert_uint_ne(FF.bl_app_version, 0);
	ck_assert_uint_eq(FF.bl_monitor_code_offset, 0x1000);
	ck_assert_uint_eq(FF.bl_monitor_data_offset, 0x3000);
	ck_assert_uint_eq(FF.bl_manifest_offset, 0x3800);
	/* mkfw's layout: hash 0x34, signature 0x64, publickey 0x1e4, image 0x364. */
	ck_assert_uint_eq(FF.fmc_file_size, n);
	ck_assert_uint_eq(FF.fmc_hash_size, HW_FMC_HASH_SIZE);
	ck_assert_uint_eq(FF.fmc_signature_size, HW_FMC_RSA_SIZE);
	ck_assert_uint_eq(FF.fmc_publickey_size, HW_FMC_RSA_SIZE);
	ck_assert_uint_eq(FF.fmc_image_size, 0x10000);
	ck_assert_int_eq(memcmp(FF.fmc_hash, file + 0x34, 48), 0);
	ck_assert_int_eq(memcmp(FF.fmc_signature, file + 0x64, 384), 0);
	ck_assert_int_eq(memcmp(FF.fmc_publickey, file + 0x1e4, 384), 0);
	ck_assert_int_eq(memcmp(FF.fmc_image, file + 0x364, 0x10000), 0);
	free(file);
}
END_TEST

START_TEST(fw_gh100_535_113_01_has_no_files)
{
	char err[512];

	/* 535.113.01 has no FSP boot: identity only, as before. */
	ck_assert_int_eq(ff_load(GSPM_CHIP_GH100, "535.113.01", "/nonexistent", err, sizeof(err)), 0);
	ck_assert(!FF.fmc_loaded);
	ck_assert(!FF.loaded);
}
END_TEST

START_TEST(fw_gh100_real_535_261_03_image)
{
	char err[512];
	struct stat st;

	ck_assert_msg(stat(GSPM_FIRMWARE_DIR "/nvidia/535.261.03/gsp_ga10x.bin", &st) == 0,
		      GSPM_FIRMWARE_DIR "/nvidia/535.261.03/gsp_ga10x.bin is not installed: install "
		      "the Debian package firmware-nvidia-gsp (non-free-firmware)");
	ck_assert_msg(ff_load(GSPM_CHIP_GH100, "535.261.03", GSPM_TEST_FW_DIR, err, sizeof(err)) == 0,
		      "%s", err);
	ck_assert(FF.fmc_loaded);
	ck_assert_uint_eq(FF.fwimage_size, 0x2477000);
	ck_assert_uint_eq(FF.signature_size, 0x1000);
}
END_TEST

START_TEST(fw_ga102_generated_booters)
{
	char err[512];

	ck_assert_msg(ff_load(GSPM_CHIP_GA102, "570.144", GSPM_TEST_FW_DIR, err, sizeof(err)) == 0,
		      "%s", err);
	ck_assert(FF.loaded);
	ck_assert(!FF.fmc_loaded);
	ck_assert_ptr_null(FF.fmc_file);
	ck_assert_uint_eq(FF.load.app0_offset, 0x100);
	ck_assert_uint_eq(FF.load.app0_size, 0x2000);
	ck_assert_uint_eq(FF.load.os_data_offset, 0x2100);
	ck_assert_uint_eq(FF.load.os_data_size, 0x1000);
	ck_assert_uint_eq(FF.load.patch_loc, 0x2110);
	ck_assert_uint_eq(FF.load.num_sig, 2);
	ck_assert_uint_eq(FF.load.sig_size, 0x180);
	ck_assert_uint_eq(FF.load.ucode_id, 3);
	ck_assert_uint_eq(FF.load.engine_id_mask, 1);
	ck_assert_uint_eq(FF.unload.app0_size, 0x1800);
	ck_assert_uint_eq(FF.unload.os_data_size, 0xc00);
	/* The two booters are told apart by their IMEM: they must differ. */
	ck_assert_int_ne(memcmp(FF.load.payload + 0x100, FF.unload.payload + 0x100, 0x100), 0);
}
END_TEST

/* A temp dir with the tree's gh100 gsp and bootloader and @b as the FMC. */
static void ff_damaged(const uint8_t *b, size_t n)
{
	char p[256];
	FILE *f;

	strcpy(FF_tmp, "/tmp/gspm-fw-XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(FF_tmp));
	snprintf(p, sizeof(p), "%s/nvidia", FF_tmp);
	ck_assert_int_eq(mkdir(p, 0700), 0);
	snprintf(p, sizeof(p), "%s/nvidia/gh100", FF_tmp);
	ck_assert_int_eq(mkdir(p, 0700), 0);
	snprintf(p, sizeof(p), "%s/nvidia/gh100/gsp", FF_tmp);
	ck_assert_int_eq(mkdir(p, 0700), 0);
	snprintf(p, sizeof(p), "%s/nvidia/gh100/gsp/gsp-570.144.bin", FF_tmp);
	ck_assert_int_eq(symlink(GSPM_TEST_FW_DIR "/nvidia/gh100/gsp/gsp-570.144.bin", p), 0);
	snprintf(p, sizeof(p), "%s/nvidia/gh100/gsp/bootloader-570.144.bin", FF_tmp);
	ck_assert_int_eq(symlink(GSPM_TEST_FW_DIR "/nvidia/gh100/gsp/bootloader-570.144.bin", p), 0);
	snprintf(p, sizeof(p), "%s/nvidia/gh100/gsp/fmc-570.144.bin", FF_tmp);
	f = fopen(p, "wb");
	ck_assert_ptr_nonnull(f);
	ck_assert_uint_eq(fwrite(b, 1, n, f), n);
	fclose(f);
}

/* ELF32 section header @i's fields (libc-free, little-endian). */
#define SH32(b, i)	((b) + hw_rd32le((b) + 0x20) + (i) * 40u)
static void put32le(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
	p[2] = (uint8_t)(v >> 16);
	p[3] = (uint8_t)(v >> 24);
}

enum { FMC_HASH = 1, FMC_SIG, FMC_KEY, FMC_IMAGE };	/* mkfw's section order */

static size_t fmc_bad_crc(uint8_t *b, size_t n)
{
	b[hw_rd32le(SH32(b, FMC_IMAGE) + 0x10) + 7] ^= 1;
	return n;
}

static size_t fmc_hash_wrong_size(uint8_t *b, size_t n)
{
	put32le(SH32(b, FMC_HASH) + 0x14, 64);
	return n;
}

/* Rename "signature" (its sh_name points into .shstrtab). */
static size_t fmc_missing_section(uint8_t *b, size_t n)
{
	b[hw_rd32le(SH32(b, 5) + 0x10) + hw_rd32le(SH32(b, FMC_SIG))] = 'S';
	return n;
}

static size_t fmc_truncated(uint8_t *b, size_t n)
{
	return n / 2;
}

static size_t fmc_section_outside_file(uint8_t *b, size_t n)
{
	put32le(SH32(b, FMC_KEY) + 0x10, (uint32_t)n - 16);
	return n;
}

/* GH100's fmc damaged one way (@damage returns the length kept): the error names it. */
static const struct {
	const char *name;
	size_t (*damage)(uint8_t *b, size_t n);
	const char *want;
} bad_fmcs[] = {
	{ "bad_crc", fmc_bad_crc, "section image CRC32 is 0x" },
	{ "hash_wrong_size", fmc_hash_wrong_size, "section hash is 64 bytes, expected 48" },
	{ "missing_section", fmc_missing_section, "no signature section" },
	{ "truncated", fmc_truncated, "bad section header table" },
	{ "section_outside_file", fmc_section_outside_file, "section publickey [0x" },
};

START_TEST(fw_fmc_damaged)
{
	char err[512];
	size_t n;
	uint8_t *b = ff_read(GH_FMC, &n);

	ff_damaged(b, bad_fmcs[_i].damage(b, n));
	free(b);
	ck_assert_int_eq(ff_load(GSPM_CHIP_GH100, "570.144", FF_tmp, err, sizeof(err)), -1);
	ck_assert_msg(strstr(err, "fmc-570.144.bin") && strstr(err, bad_fmcs[_i].want),
		      "%s: error \"%s\" lacks \"%s\"", bad_fmcs[_i].name, err, bad_fmcs[_i].want);
	ck_assert(!FF.fmc_loaded);
	ck_assert_ptr_null(FF.fmc_file);
}
END_TEST

/* ============== falcon reset, core select, DMA SEC (docs/hw-fidelity.md) */

#define BCR_CTRL	(HW_RISCV_OFFSET + NV_PRISCV_RISCV_BCR_CTRL)
#define HWCFG2_RISCV		(1u << 10)	/* dev_falcon_v4.h RISCV 10:10 */
#define HWCFG2_MEM_SCRUBBING	(1u << 12)	/* MEM_SCRUBBING 12:12 */
#define HWCFG2_RESET_READY	(1u << 31)	/* addendum RESET_READY 31:31 */

/* Replace M by a GA102 model whose falcons never set HWCFG2.RESET_READY. */
static void remake_reset_ready_stuck(void)
{
	struct gspm_config cfg = {
		.chip = GSPM_CHIP_GA102, .fw_release = FW_REL, .fw_dir = FW_DIR, .seed = 7,
		.strict = false, .falcon_reset_ready_stuck = true,
	};

	remake(&cfg);
}

/* The old driver: reset, then one fatal wait for scrub done AND RESET_READY. */
START_TEST(falcon_reset_ready_stuck_old_wait_times_out)
{
	uint32_t v = 0;
	int ok = 0;

	if (!have_firmware())
		return;
	remake_reset_ready_stuck();
	wr(HW_GSP_BASE + HW_FALCON_ENGINE, 1);
	wr(HW_GSP_BASE + HW_FALCON_ENGINE, 0);
	/* 20 ms of virtual time, polled every 10 µs as the driver did. */
	for (int i = 0; i < 2000 && !ok; i++) {
		v = rd(HW_GSP_BASE + NV_PFALCON_FALCON_HWCFG2);
		ok = (v & (HWCFG2_MEM_SCRUBBING | HWCFG2_RESET_READY)) == HWCFG2_RESET_READY;
		step(10000);
	}
	ck_assert_msg(!ok, "RESET_READY set although the model was told it never does");
	/* The scrub itself did finish: only RESET_READY is missing. */
	ck_assert_uint_eq(v & HWCFG2_MEM_SCRUBBING, 0);
	ck_assert_uint_eq(v & HWCFG2_RESET_READY, 0);
}
END_TEST

/* The fixed sequence (poll, go on, reset, scrub) runs FWSEC-FRTS cleanly. */
START_TEST(falcon_reset_ready_stuck_new_sequence)
{
	if (!have_firmware())
		return;
	remake_reset_ready_stuck();
	ck_assert_uint_eq(rd(HW_SEC2_BASE + NV_PFALCON_FALCON_HWCFG2) & HWCFG2_RESET_READY, 0);
	run_frts_ok();
}
END_TEST

/* Without the knob RESET_READY reads set on both falcons. */
START_TEST(falcon_hwcfg2_riscv_on_both_falcons)
{
	if (!have_firmware())
		return;
	ck_assert_uint_ne(rd(HW_GSP_BASE + NV_PFALCON_FALCON_HWCFG2) & HWCFG2_RISCV, 0);
	ck_assert_uint_ne(rd(HW_SEC2_BASE + NV_PFALCON_FALCON_HWCFG2) & HWCFG2_RISCV, 0);
	ck_assert_uint_ne(rd(HW_GSP_BASE + NV_PFALCON_FALCON_HWCFG2) & HWCFG2_RESET_READY, 0);
	ck_assert_uint_ne(rd(HW_SEC2_BASE + NV_PFALCON_FALCON_HWCFG2) & HWCFG2_RESET_READY, 0);
}
END_TEST

/* BCR_CTRL keeps VALID 0:0, CORE_SELECT 4:4, BRFETCH 8:8 as written; reads add VALID. */
START_TEST(falcon_bcr_keeps_written_bits)
{
	if (!have_firmware())
		return;
	falcon_reset(HW_GSP_BASE);
	ck_assert_uint_eq(rd(HW_GSP_BASE + BCR_CTRL), 0x11u);	/* out of reset: RISC-V */
	wr(HW_GSP_BASE + BCR_CTRL, 0x111u);
	ck_assert_uint_eq(rd(HW_GSP_BASE + BCR_CTRL), 0x111u);
	wr(HW_GSP_BASE + BCR_CTRL, 0x10u);
	ck_assert_uint_eq(rd(HW_GSP_BASE + BCR_CTRL), 0x11u);
	wr(HW_GSP_BASE + BCR_CTRL, 0x100u);
	ck_assert_uint_eq(rd(HW_GSP_BASE + BCR_CTRL), 0x101u);
	wr(HW_GSP_BASE + BCR_CTRL, 0xfffffeeeu);	/* no other field exists */
	ck_assert_uint_eq(rd(HW_GSP_BASE + BCR_CTRL), 0x1u);
	falcon_reset(HW_GSP_BASE);
	ck_assert_uint_eq(rd(HW_GSP_BASE + BCR_CTRL), 0x11u);
	no_hw_violations();
}
END_TEST

/* The old driver: FWSEC's code DMA'd without DMATRFCMD.SEC. */
START_TEST(fwsec_imem_without_sec)
{
	uint64_t bus;

	if (!have_firmware())
		return;
	bus = fwsec_prepared(0x15);
	falcon_reset(HW_GSP_BASE);
	falcon_select(HW_GSP_BASE, 0);
	falcon_dma_cmd(HW_GSP_BASE, bus, 0, FW.imem_base, FW.imem_size, dma_cmd(1, 0));
	falcon_dma(HW_GSP_BASE, bus + FW.imem_size, 0, FW.dmem_base, FW.dmem_size, 0);
	falcon_brom(HW_GSP_BASE, FW.pkc, FW.engmask, FW.ucode_id);
	ck_assert_uint_ne(falcon_run(HW_GSP_BASE, 0, 0, 0), 0);
	expect_violation("GSP falcon: CPUCTL.STARTCPU of an HS ucode whose IMEM block");
	expect_violation("DMATRFCMD.SEC");
	/* FWSEC did not run: no WPR2. */
	ck_assert_uint_eq(rd(NV_PFB_PRI_MMU_WPR2_ADDR_HI), 0);
}
END_TEST

/* The old driver: booter_load's code DMA'd without SEC on SEC2. */
START_TEST(booter_imem_without_sec)
{
	struct booter b;
	uint64_t bus;

	if (!have_firmware())
		return;
	booter_parse(&b, "booter_load");
	bus = h_alloc(&H, b.data_size);
	memcpy(h_ptr(&H, bus), b.file + b.data_off, b.data_size);
	memcpy(h_ptr(&H, bus) + b.patch_loc, b.file + b.sigs + (b.num_sig - 1) * b.sig_size,
	       b.sig_size);
	falcon_reset(HW_SEC2_BASE);
	falcon_select(HW_SEC2_BASE, 0);
	falcon_dma_cmd(HW_SEC2_BASE, bus, b.app0_off, 0, b.app0_size, dma_cmd(1, 0));
	falcon_dma(HW_SEC2_BASE, bus + b.os_data_off, 0, 0, b.os_data_size, 0);
	falcon_brom(HW_SEC2_BASE, b.patch_loc - b.os_data_off, b.engmask, b.ucode_id);
	ck_assert_uint_ne(falcon_run(HW_SEC2_BASE, b.app0_off, 0, 0), 0);
	expect_violation("SEC2 falcon: CPUCTL.STARTCPU of an HS ucode whose IMEM block 0x0");
	free(b.file);
}
END_TEST

/* SEC is remembered per 256-byte IMEM block, and a reset forgets it. */
START_TEST(falcon_dma_sec_recorded_per_block)
{
	uint64_t bus;

	if (!have_firmware())
		return;
	bus = h_alloc(&H, 1024);
	falcon_reset(HW_SEC2_BASE);
	falcon_select(HW_SEC2_BASE, 0);
	falcon_dma_cmd(HW_SEC2_BASE, bus, 0, 0, 256, dma_cmd(1, 1));
	falcon_dma_cmd(HW_SEC2_BASE, bus, 256, 0x300, 256, dma_cmd(1, 0));
	falcon_dma_cmd(HW_SEC2_BASE, bus, 512, 0, 256, dma_cmd(0, 0));	/* DMEM: no SEC needed */
	ck_assert_uint_ne(falcon_run(HW_SEC2_BASE, 0, 0, 0), 0);
	expect_violation("IMEM block 0x300 was DMA-loaded without DMATRFCMD.SEC");

	/* After a reset, all-secure code is not refused for SEC (it is unknown). */
	falcon_reset(HW_SEC2_BASE);
	falcon_select(HW_SEC2_BASE, 0);
	falcon_dma_cmd(HW_SEC2_BASE, bus, 0, 0, 512, dma_cmd(1, 1));
	{
		unsigned int before = gspm_violation_count(M);

		ck_assert_uint_ne(falcon_run(HW_SEC2_BASE, 0, 0, 0), 0);
		for (unsigned int i = before; i < gspm_violation_count(M); i++)
			ck_assert_msg(!strstr(gspm_violation(M, i), "DMATRFCMD.SEC"), "%s",
				      gspm_violation(M, i));
	}
}
END_TEST

/* GSP reset, BCR_CTRL written `bcr` (or not at all if < 0), then booter_load. */
static uint32_t boot_run_bcr(struct boot *bt, int64_t bcr)
{
	uint64_t libos = h_alloc(&H, PAGE);

	falcon_reset(HW_GSP_BASE);
	if (bcr >= 0)
		wr(HW_GSP_BASE + BCR_CTRL, (uint32_t)bcr);
	wr(NV_PGSP_FALCON_MAILBOX0, (uint32_t)libos);
	wr(NV_PGSP_FALCON_MAILBOX1, (uint32_t)(libos >> 32));
	return booter_run(&bt->load, (int)bt->load.num_sig - 1, (uint32_t)bt->meta,
			  (uint32_t)(bt->meta >> 32));
}

/* The old driver: BCR_CTRL = 0x10 (CORE_SELECT only) before booter_load. */
START_TEST(booter_load_needs_bcr_0x111)
{
	struct boot bt;

	if (!have_firmware())
		return;
	boot_prepare(&bt, run_frts_ok());
	ck_assert_uint_eq(boot_run_bcr(&bt, 0x10), HW_ERR_CORE_SELECT);
	expect_violation("booter_load: GSP RISCV BCR_CTRL written 0x10");
	ck_assert_uint_eq(rd(NV_FALCON2_GSP_BASE + NV_PRISCV_RISCV_CPUCTL) & HW_RISCV_CPUCTL_ACTIVE, 0);
	ck_assert_int_eq(gspm_fw_state(M), GSPM_FW_OFF);
	free(bt.load.file);
}
END_TEST

/* No BCR write after the reset: the reset value lacks BRFETCH. */
START_TEST(booter_load_needs_bcr_after_reset)
{
	struct boot bt;

	if (!have_firmware())
		return;
	boot_prepare(&bt, run_frts_ok());
	ck_assert_uint_ne(boot_run_bcr(&bt, -1), 0);
	expect_violation("booter_load: GSP RISCV BCR_CTRL written 0x11 ");
	ck_assert_int_eq(gspm_fw_state(M), GSPM_FW_OFF);
	free(bt.load.file);
}
END_TEST

/* FALCON_RM (+0x84) keeps what the host wrote; a reset clears it. */
START_TEST(falcon_rm_recorded)
{
	if (!have_firmware())
		return;
	falcon_reset(HW_SEC2_BASE);
	wr(HW_SEC2_BASE + 0x84, rd(0x0));
	ck_assert_uint_eq(rd(HW_SEC2_BASE + 0x84), rd(0x0));
	ck_assert_uint_ne(rd(HW_SEC2_BASE + 0x84), 0);
	falcon_reset(HW_SEC2_BASE);
	ck_assert_uint_eq(rd(HW_SEC2_BASE + 0x84), 0);
}
END_TEST


/* ================================ issue 9: boot and unload hardware truth */

#define PLM		NV_PGC6_AON_SECURE_SCRATCH_GROUP_05_PRIV_LEVEL_MASK
#define PLM_LEVEL0	HWF_MASK(NV_PGC6_AON_SECURE_SCRATCH_GROUP_05_PRIV_LEVEL_MASK_READ_PROTECTION_LEVEL0)
#define GFW_PROGRESS	NV_PGC6_AON_SECURE_SCRATCH_GROUP_05_0_GFW_BOOT

/*
 * GFW runs 2-4 ms after power-on: the PLM's READ_PROTECTION_LEVEL0 reads 0
 * (DISABLE) until then, 1 (ENABLE) after, and the progress reads 0xff
 * (ga102 dev_gc6_island*.h; nouveau tu102_devinit_wait waits for bit 0 set,
 * then 0x118234 7:0 == 0xff).
 */
START_TEST(gfw_plm_then_progress)
{
	if (!have_firmware())
		return;
	ck_assert_uint_eq(rd(PLM) & PLM_LEVEL0, 0);
	H.now = 1900000;
	gspm_advance(M, H.now);
	ck_assert_uint_eq(rd(PLM) & PLM_LEVEL0, 0);
	H.now = 4000001;
	gspm_advance(M, H.now);
	ck_assert_uint_eq(rd(PLM) & PLM_LEVEL0, 1);
	ck_assert_uint_eq(rd(GFW_PROGRESS) & 0xff, 0xff);
	no_hw_violations();
}
END_TEST

/*
 * The old driver: poll PLM bit 0 == 0, then the progress.  At power-on bit 0
 * is 0 at once (GFW still running), so it reads the progress while the PLM
 * forbids it: a violation, and the read returns the PRI error 0xbadf51xx
 * (nvgpu ga10b: "priv level violation"), not data.
 */
START_TEST(gfw_old_wait_reads_protected_progress)
{
	uint32_t v;

	if (!have_firmware())
		return;
	ck_assert_uint_eq(rd(PLM) & 1, 0);		/* the old loop's exit condition */
	v = rd(GFW_PROGRESS);
	expect_violation("while its PLM forbids level 0 reads");
	ck_assert_uint_eq(v & 0xffffff00u, 0xbadf5100u);
	ck_assert_uint_ne(v & 0xff, 0xff);
}
END_TEST

/* After GFW, the old loop (bit 0 == 0) never ends: the PLM stays lowered. */
START_TEST(gfw_old_wait_never_ends_after_gfw)
{
	unsigned int i;

	if (!have_firmware())
		return;
	for (i = 0; i < 100; i++) {
		step(1000000);
		if (!(rd(PLM) & 1) && H.now > 4000000)
			break;
	}
	ck_assert_uint_eq(i, 100);
	no_hw_violations();
}
END_TEST

/*
 * gspFwHeapSize must be re-derived after the heap offset is aligned down
 * (nouveau tu102_gsp_oneinit, nova-core FbLayout::new): a size passed
 * through as asked for, here 96 MiB + 192 KiB, is not
 * ALIGN_DOWN(gspFwOffset - gspFwHeapOffset, 1 MiB).
 */
START_TEST(booter_heap_size_not_rederived)
{
	struct boot bt;
	uint64_t asked = (96ull << 20) + 0x30000;

	if (!have_firmware())
		return;
	boot_prepare(&bt, run_frts_ok());
	put64(h_ptr(&H, bt.meta) + 0x78, (bt.l.elf - asked) & ~0xfffffull);
	put64(h_ptr(&H, bt.meta) + 0x80, asked);
	ck_assert_uint_ne(boot_run(&bt, (int)bt.load.num_sig - 1), 0);
	expect_violation("aligned down to 1 MiB");
	ck_assert_uint_eq(rd(NV_PFB_PRI_MMU_WPR2_ADDR_HI) != 0, 1);	/* FRTS's WPR2 only */
	free(bt.load.file);
}
END_TEST

/* FWSEC-SB clears its error code and is counted; not "after suspend" without RM. */
START_TEST(fwsec_sb_recorded)
{
	struct gspm_stats st;

	if (!have_firmware())
		return;
	wr(NV_PBUS_SW_SCRATCH(0x15), 0x1234);
	ck_assert_uint_eq(fwsec_load_run(fwsec_prepared(0x19)), 0);
	ck_assert_uint_eq(rd(NV_PBUS_SW_SCRATCH(0x15)) & 0xffff, 0);
	gspm_get_stats(M, &st);
	ck_assert_uint_eq(st.fwsec_sb_runs, 1);
	ck_assert_uint_eq(st.booter_unloads, 0);
	no_hw_violations();
}
END_TEST

/*
 * GH100: gspRmParams.target COHERENT_SYSTEM (1), the old driver's value, is
 * rejected: nouveau gh100_gsp_init / nova-core set NONCOHERENT_SYSTEM (2).
 */
START_TEST(fsp_cot_rm_target_coherent_rejected)
{
	gh_prepare();
	put32(h_ptr(&H, G.params) + 0x28, 1);
	ck_assert_uint_ne(gh_cot(), 0);
	expect_violation("gspRmParams.target 1, expected 2");
	ck_assert_uint_eq(rd(NV_PFB_PRI_MMU_WPR2_ADDR_HI), 0);
}
END_TEST

/* A busy command queue (GSPM_FAULT_FSP_QUEUE_BUSY) drains when the FSP consumes it. */
START_TEST(fsp_queue_busy_then_drains)
{
	unsigned int i;

	gh_prepare();
	gspm_inject(M, GSPM_FAULT_FSP_QUEUE_BUSY, 0, 30000000, 1);
	/* The old driver's check: HEAD != TAIL -> -EBUSY, no wait. */
	ck_assert_uint_ne(rd(NV_PFSP_QUEUE_HEAD(0)), rd(NV_PFSP_QUEUE_TAIL(0)));
	/* nouveau gh100_fsp_send: wait for HEAD == TAIL, then send. */
	for (i = 0; i < 100 && rd(NV_PFSP_QUEUE_HEAD(0)) != rd(NV_PFSP_QUEUE_TAIL(0)); i++)
		step(1000000);
	ck_assert_uint_lt(i, 100);
	ck_assert_uint_ge(H.now, 30000000);
	ck_assert_uint_eq(gh_cot(), 0);
	no_hw_violations();
}
END_TEST

/* Writing the queue while the FSP has not consumed the earlier message: violation. */
START_TEST(fsp_send_while_busy)
{
	gh_prepare();
	gspm_inject(M, GSPM_FAULT_FSP_QUEUE_BUSY, 0, 30000000, 1);
	wr(NV_PFSP_EMEMC(0), HWF_MASK(NV_PFSP_EMEMC_AINCW));
	wr(NV_PFSP_EMEMD(0), 0x12345678);
	expect_violation("EMEMD write while the FSP has not consumed the previous message");
	wr(NV_PFSP_QUEUE_TAIL(0), 0x10);
	expect_violation("QUEUE_TAIL write while the FSP has not consumed");
}
END_TEST

/* ---- interrupt tree (intr.c) ------------------------------------------- */

/*
 * Expected values from the sources, not from intr.c: the PF's copy of the
 * VF block is at 0xb80000 (nouveau vfn/ga100.c ga100_vfn_new); a vector v
 * is bit v % 32 of LEAF(v / 32) and top bit v / 64 (nouveau core/intr.c
 * nvkm_intr_xlat, vfn/tu102.c tu102_vfn_intr_pending); the GSP's vector is
 * the model's documented assumption (docs/hw-fidelity.md): 133 on GA10x,
 * so leaf 4 bit 5, top bit 2.
 */
#define T_VF		0x00b80000u
#define T_LEAF(i)	(T_VF + 0x1000u + 4u * (i))
#define T_LEAF_EN_SET(i)	(T_VF + 0x1200u + 4u * (i))
#define T_LEAF_EN_CLR(i)	(T_VF + 0x1400u + 4u * (i))
#define T_TOP		(T_VF + 0x1600u)
#define T_TOP_EN_SET	(T_VF + 0x1608u)
#define T_TOP_EN_CLR	(T_VF + 0x1610u)
#define T_RETRIGGER	(HW_GSP_BASE + 0x3e8u)	/* dev_falcon_v4.h INTR_RETRIGGER(0) */
#define T_LEAF_IDX	4u
#define T_BIT		(1u << 5)
#define T_TOPBIT	(1u << 2)

/* Route SWGEN0 to the host the legacy way (IRQMASK & IRQDEST, kflcnReadIntrStatus_GA102). */
static void t_route_swgen0(void)
{
	wr(HW_GSP_BASE + NV_PFALCON_FALCON_IRQMSET, HW_IRQ_SWGEN0);
	wr(HW_GSP_BASE + NV_PFALCON_FALCON_IRQDEST, HW_IRQ_SWGEN0);
}

START_TEST(irq_tree_addresses)
{
	if (!have_firmware())
		return;
	ck_assert_uint_eq(HW_UNIT_BASE(NV_VIRTUAL_FUNCTION_FULL_PHYS_OFFSET), T_VF);
	ck_assert_uint_eq(NV_VIRTUAL_FUNCTION_PRIV_CPU_INTR_TOP_EN_SET(0), 0x1608u);
	ck_assert_uint_eq(NV_PFALCON_FALCON_INTR_RETRIGGER(0), 0x3e8u);
}
END_TEST

START_TEST(irq_needs_leaf_and_top_enable)
{
	if (!have_firmware())
		return;
	t_route_swgen0();
	wr(HW_GSP_BASE + HW_FALCON_IRQSSET, HW_IRQ_SWGEN0);
	step(1000);
	/* The edge is latched in the leaf, but nothing is enabled. */
	ck_assert_uint_eq(rd(T_LEAF(T_LEAF_IDX)), T_BIT);
	ck_assert_int_eq(H.irq, 0);
	/* Top enabled, leaf not: still nothing, and TOP shows nothing pending. */
	wr(T_TOP_EN_SET, T_TOPBIT);
	step(1000);
	ck_assert_int_eq(H.irq, 0);
	ck_assert_uint_eq(rd(T_TOP), 0);
	/* A neighbouring leaf enabled: nothing either. */
	wr(T_LEAF_EN_SET(T_LEAF_IDX + 1), T_BIT);
	wr(T_LEAF_EN_SET(T_LEAF_IDX), T_BIT << 1);
	step(1000);
	ck_assert_int_eq(H.irq, 0);
	/* The right leaf bit: TOP bit 2 and the line. */
	wr(T_LEAF_EN_SET(T_LEAF_IDX), T_BIT);
	step(1000);
	ck_assert_uint_eq(rd(T_TOP), T_TOPBIT);
	ck_assert_int_eq(H.irq, 1);
	/* Top disabled: the line drops at once (no advance needed to lower). */
	wr(T_TOP_EN_CLR, T_TOPBIT);
	ck_assert_int_eq(H.irq, 0);
	wr(T_TOP_EN_SET, T_TOPBIT);
	step(1000);
	ck_assert_int_eq(H.irq, 1);
	/* LEAF is write-1-to-clear. */
	wr(T_LEAF(T_LEAF_IDX), T_BIT);
	ck_assert_uint_eq(rd(T_LEAF(T_LEAF_IDX)), 0);
	ck_assert_int_eq(H.irq, 0);
}
END_TEST

START_TEST(irq_pending_cause_needs_retrigger)
{
	if (!have_firmware())
		return;
	t_route_swgen0();
	wr(T_LEAF_EN_SET(T_LEAF_IDX), T_BIT);
	wr(T_TOP_EN_SET, T_TOPBIT);
	wr(HW_GSP_BASE + HW_FALCON_IRQSSET, HW_IRQ_SWGEN0);
	step(1000);
	ck_assert_int_eq(H.irq, 1);
	/* The handler clears the leaf; SWGEN0 is still pending in the falcon. */
	wr(T_LEAF(T_LEAF_IDX), T_BIT);
	step(1000);
	ck_assert_int_eq(H.irq, 0);
	/* The GSP raises SWGEN0 again: no edge, so no new message: lost. */
	wr(HW_GSP_BASE + HW_FALCON_IRQSSET, HW_IRQ_SWGEN0);
	step(1000);
	ck_assert_int_eq(H.irq, 0);
	/* INTR_RETRIGGER re-sends it because the cause is still there. */
	wr(T_RETRIGGER, 1);
	step(1000);
	ck_assert_int_eq(H.irq, 1);
	/* The full handler: leaf, IRQSCLR, retrigger: nothing left, no new message. */
	wr(T_LEAF(T_LEAF_IDX), T_BIT);
	wr(HW_GSP_BASE + NV_PFALCON_FALCON_IRQSCLR, HW_IRQ_SWGEN0);
	wr(T_RETRIGGER, 1);
	step(1000);
	ck_assert_int_eq(H.irq, 0);
	/* And a new cause after that is a new edge. */
	wr(HW_GSP_BASE + HW_FALCON_IRQSSET, HW_IRQ_SWGEN0);
	step(1000);
	ck_assert_int_eq(H.irq, 1);
}
END_TEST

START_TEST(irq_dropped_edge_fault)
{
	char buf[4096];

	if (!have_firmware())
		return;
	t_route_swgen0();
	wr(T_LEAF_EN_SET(T_LEAF_IDX), T_BIT);
	wr(T_TOP_EN_SET, T_TOPBIT);
	gspm_inject(M, GSPM_FAULT_IRQ_DROP_EDGE, UINT32_MAX, 0, 1);
	wr(HW_GSP_BASE + HW_FALCON_IRQSSET, HW_IRQ_SWGEN0);
	step(1000);
	ck_assert_int_eq(H.irq, 0);
	ck_assert_uint_eq(rd(T_LEAF(T_LEAF_IDX)), 0);
	gspm_describe(M, buf, sizeof(buf));
	ck_assert_ptr_nonnull(strstr(buf, "1 edges dropped"));
	/* Only a retrigger (or a poll of IRQSTAT) finds it. */
	wr(T_RETRIGGER, 1);
	step(1000);
	ck_assert_int_eq(H.irq, 1);
	/* One edge only: the next one arrives. */
	wr(T_LEAF(T_LEAF_IDX), T_BIT);
	wr(HW_GSP_BASE + NV_PFALCON_FALCON_IRQSCLR, HW_IRQ_SWGEN0);
	wr(HW_GSP_BASE + HW_FALCON_IRQSSET, HW_IRQ_SWGEN0);
	step(1000);
	ck_assert_int_eq(H.irq, 1);
}
END_TEST

START_TEST(irq_riscv_routing_is_the_firmwares)
{
	struct boot bt;

	if (!have_firmware())
		return;
	/* Before GSP-RM runs nothing is routed, and the host cannot route it. */
	ck_assert_uint_eq(rd(HW_GSP_BASE + HW_RISCV_OFFSET + HW_RISCV_IRQMASK), 0);
	wr(HW_GSP_BASE + HW_RISCV_OFFSET + HW_RISCV_IRQMASK, HW_IRQ_SWGEN0);
	ck_assert_uint_eq(rd(HW_GSP_BASE + HW_RISCV_OFFSET + HW_RISCV_IRQMASK), 0);
	boot_prepare(&bt, run_frts_ok());
	ck_assert_uint_eq(boot_run(&bt, (int)bt.load.num_sig - 1), 0);
	/* GSP-RM routes SWGEN0 and HALT (bits 6 and 4, dev_falcon_v4.h) to the host. */
	ck_assert_uint_eq(rd(HW_GSP_BASE + HW_RISCV_OFFSET + HW_RISCV_IRQMASK), 0x50u);
	ck_assert_uint_eq(rd(HW_GSP_BASE + HW_RISCV_OFFSET + NV_PRISCV_RISCV_IRQDEST__GA102), 0x50u);
	free(bt.load.file);
}
END_TEST

/* ------------------------------------------------------- GA100 (legacy HS, PIO) */

static void ga_setup(void)
{
	setup_chip(GSPM_CHIP_GA100, "GA100");
}

/* PIO port 0 (dev_falcon_v4.h): IMEMC = address | AINCW (24) | SECURE (28). */
static void pio_imem(uint32_t base, const uint8_t *src, uint32_t len, uint32_t dst, int secure)
{
	wr(base + NV_PFALCON_FALCON_IMEMC(0), dst | 1u << 24 | (secure ? 1u << 28 : 0));
	for (uint32_t pos = 0; pos < len; pos += 4) {
		if (!(pos % 256))
			wr(base + NV_PFALCON_FALCON_IMEMT(0), (dst + pos) >> 8);
		wr(base + NV_PFALCON_FALCON_IMEMD(0), le32(src + pos));
	}
}

static void pio_dmem(uint32_t base, const uint8_t *src, uint32_t len, uint32_t dst)
{
	wr(base + NV_PFALCON_FALCON_DMEMC(0), dst | 1u << 24);
	for (uint32_t pos = 0; pos < len; pos += 4)
		wr(base + NV_PFALCON_FALCON_DMEMD(0), le32(src + pos));
}

/*
 * GA100's booter_unload by PIO as nouveau loads it (gsp/tu102.c
 * tu102_gsp_booter_ctor, falcon/gm200.c gm200_flcn_fw_load/_boot): payload
 * [0, os_code_size) to IMEM os_code_offset non-secure, payload from
 * os_code_size to IMEM app[0].offset secure, the os data with signature 0
 * to DMEM 0; offsets read from the file's headers (nvfw_hs_header_v2,
 * nvfw_hs_load_header_v2).  Started at `bootvec` with 0xff/0xff.
 */
static uint32_t ga100_unload_pio(int app0_secure, int use_bootvec, uint32_t bootvec)
{
	char path[256];
	size_t n;
	uint8_t *f, *data;
	uint32_t h, lh, data_off, patch_loc, sig_size, sigs, os_code_off, os_code_size;
	uint32_t os_data_off, os_data_size, app0_off, app0_size, mb;

	snprintf(path, sizeof(path), FW_DIR "/nvidia/ga100/gsp/booter_unload-" FW_REL ".bin");
	f = slurp(path, &n);
	ck_assert_uint_eq(le32(f), 0x10de);
	h = le32(f + 12);
	data_off = le32(f + 16);
	patch_loc = le32(f + le32(f + h + 8));
	sig_size = le32(f + h + 4) / le32(f + le32(f + h + 24));
	sigs = le32(f + h) + le32(f + le32(f + h + 12));
	lh = le32(f + h + 28);
	os_code_off = le32(f + lh);
	os_code_size = le32(f + lh + 4);
	os_data_off = le32(f + lh + 8);
	os_data_size = le32(f + lh + 12);
	app0_off = le32(f + lh + 20);
	app0_size = le32(f + lh + 24);
	data = malloc(os_data_size);
	ck_assert_ptr_nonnull(data);
	memcpy(data, f + data_off + os_data_off, os_data_size);
	memcpy(data + patch_loc - os_data_off, f + sigs, sig_size);

	falcon_reset(HW_SEC2_BASE);
	/* No core select on GA100: the falcon core comes out of reset selected. */
	wr(HW_SEC2_BASE + (HW_FBIF_OFFSET + NV_PFALCON_FBIF_CTL), HWF_MASK(NV_PFALCON_FBIF_CTL_ALLOW_PHYS_NO_CTX));
	wr(HW_SEC2_BASE + NV_PFALCON_FALCON_DMACTL, 0);
	pio_imem(HW_SEC2_BASE, f + data_off, os_code_size, os_code_off, 0);
	pio_imem(HW_SEC2_BASE, f + data_off + os_code_size, app0_size, app0_off, app0_secure);
	pio_dmem(HW_SEC2_BASE, data, os_data_size, 0);
	mb = falcon_run(HW_SEC2_BASE, use_bootvec ? bootvec : os_code_off, 0xff, 0xff);
	free(data);
	free(f);
	return mb;
}

/*
 * The correct PIO load gets through identification, the OS code, the secure
 * tag and BOOTVEC checks to booter_unload itself, which refuses only because
 * GSP-RM never ran.
 */
START_TEST(ga100_booter_pio_identified)
{
	if (!have_firmware())
		return;
	ck_assert_uint_ne(ga100_unload_pio(1, 0, 0), 0);
	expect_violation("booter_unload: GSP-RM is not suspended");
	for (unsigned int i = 0; i < gspm_violation_count(M); i++)
		ck_assert_ptr_null(strstr(gspm_violation(M, i), "SEC2 falcon:"));
}
END_TEST

/* A wrong PIO load of GA100's booter_unload: refused, the step named. */
static const struct {
	const char *name;
	int app0_secure, use_bootvec;
	uint32_t bootvec;
	uint32_t err;		/* what falcon_run returns */
	const char *want;
} bad_ga100_loads[] = {
	/* App 0 written without IMEMC.SECURE (nouveau: sec = true). */
	{ "app0_without_secure", 0, 0, 0, HW_ERR_HS_NOT_SECURE,
	  "app 0 IMEM block 0x100 was loaded without IMEMC.SECURE" },
	/* The GA10x boot vector (app[0].offset) on GA100: it starts at the OS code. */
	{ "bootvec_at_app0", 1, 1, 0x100, HW_ERR_BROM, "BOOTVEC=0x100, expected the OS code at 0x0" },
};

START_TEST(ga100_booter_bad_load)
{
	if (!have_firmware())
		return;
	ck_assert_msg(ga100_unload_pio(bad_ga100_loads[_i].app0_secure, bad_ga100_loads[_i].use_bootvec,
				       bad_ga100_loads[_i].bootvec) == bad_ga100_loads[_i].err,
		      "%s: not refused with 0x%x", bad_ga100_loads[_i].name, bad_ga100_loads[_i].err);
	expect_violation_in(bad_ga100_loads[_i].name, bad_ga100_loads[_i].want);
}
END_TEST

/* IMEMC/DMEMC advance by 4 per data write with AINCW, not without. */
START_TEST(falcon_pio_auto_increment)
{
	falcon_reset(HW_SEC2_BASE);
	wr(HW_SEC2_BASE + NV_PFALCON_FALCON_IMEMC(0), 0x200u | 1u << 24);
	wr(HW_SEC2_BASE + NV_PFALCON_FALCON_IMEMD(0), 0x11223344u);
	wr(HW_SEC2_BASE + NV_PFALCON_FALCON_IMEMD(0), 0x55667788u);
	ck_assert_uint_eq(rd(HW_SEC2_BASE + NV_PFALCON_FALCON_IMEMC(0)), 0x208u | 1u << 24);
	wr(HW_SEC2_BASE + NV_PFALCON_FALCON_DMEMC(0), 0x40u);
	wr(HW_SEC2_BASE + NV_PFALCON_FALCON_DMEMD(0), 1);
	ck_assert_uint_eq(rd(HW_SEC2_BASE + NV_PFALCON_FALCON_DMEMC(0)), 0x40u);
	wr(HW_SEC2_BASE + NV_PFALCON_FALCON_DMEMC(0), 0x40u | 1u << 24);
	wr(HW_SEC2_BASE + NV_PFALCON_FALCON_DMEMD(0), 1);
	ck_assert_uint_eq(rd(HW_SEC2_BASE + NV_PFALCON_FALCON_DMEMC(0)), 0x44u | 1u << 24);
	/* A data write during the reset is refused. */
	wr(HW_SEC2_BASE + HW_FALCON_ENGINE, HW_FALCON_ENGINE_RESET);
	wr(HW_SEC2_BASE + NV_PFALCON_FALCON_DMEMD(0), 1);
	expect_violation("DMEMD(0) written while ENGINE reset is asserted");
}
END_TEST

/* The one suite (check_run_suites: its cases in one process). */
static Suite *hw_suite(int i)
{
	(void)i;
	Suite *s = suite_create("gsp-model-hw");
	TCase *t = tcase_create("hw");
	TCase *ff = tcase_create("fwfiles");
	TCase *gh = tcase_create("gh100-fsp");
	TCase *fl = tcase_create("falcon");

	tcase_add_checked_fixture(t, setup, teardown);
	tcase_set_timeout(t, 120);
	tcase_add_test(t, identity);
	tcase_add_test(t, flr_of_missing_vf);
	tcase_add_test(t, preboot_registers);
	tcase_add_test(t, bar0_unit_edges);
	tcase_add_test(t, custom_fb_size);
	tcase_add_test(t, wpr2_up_at_power_on);
	tcase_add_test(t, vbios_served_in_real_format);
	tcase_add_test(t, fwsec_frts_ok);
	tcase_add_loop_test(t, fwsec_refused, 0, sizeof(bad_fwsecs) / sizeof(bad_fwsecs[0]));
	tcase_add_test(t, fwsec_dmem_differs);
	tcase_add_test(t, fwsec_without_signature);
	tcase_add_test(t, fwsec_bad_read_vbios_command);
	tcase_add_test(t, fwsec_bad_brom_params);
	tcase_add_test(t, fwsec_frts_twice);
	tcase_add_test(t, fwsec_needs_falcon_core);
	tcase_add_test(t, fwsec_sb);
	tcase_add_test(t, deterministic_timing);
	tcase_add_test(t, rom_file_matches_prom);
	tcase_add_test(t, falcon_scrub_and_dma_rules);
	tcase_add_loop_test(t, falcon_misused, 0, sizeof(falcon_misuses) / sizeof(falcon_misuses[0]));
	tcase_add_test(t, gsp_irq_swgen0);
	tcase_add_test(t, booter_load_ok);
	tcase_add_loop_test(t, booter_refused, 0, sizeof(bad_booters) / sizeof(bad_booters[0]));
	tcase_add_loop_test(t, booter_unload_refused, 0, sizeof(bad_unloads) / sizeof(bad_unloads[0]));
	tcase_add_test(t, sec2_unknown_image);
	tcase_add_loop_test(t, create_fails, 0, sizeof(bad_creates) / sizeof(bad_creates[0]));
	tcase_add_test(t, irq_tree_addresses);
	tcase_add_test(t, irq_needs_leaf_and_top_enable);
	tcase_add_test(t, irq_pending_cause_needs_retrigger);
	tcase_add_test(t, irq_dropped_edge_fault);
	tcase_add_test(t, irq_riscv_routing_is_the_firmwares);
	tcase_add_test(t, gfw_plm_then_progress);
	tcase_add_test(t, gfw_old_wait_reads_protected_progress);
	tcase_add_test(t, gfw_old_wait_never_ends_after_gfw);
	tcase_add_test(t, booter_heap_size_not_rederived);
	tcase_add_test(t, fwsec_sb_recorded);
	suite_add_tcase(s, t);

	tcase_add_checked_fixture(gh, gh_setup, teardown);
	tcase_set_timeout(gh, 120);
	tcase_add_test(gh, fsp_secure_boot_and_identity);
	tcase_add_test(gh, fsp_emem_auto_increment);
	tcase_add_test(gh, fsp_cot_ok);
	tcase_add_test(gh, fsp_second_cot_while_running);
	tcase_add_test(gh, gh_sec2_without_ucode);
	tcase_add_loop_test(gh, fsp_cot_refused, 0, sizeof(bad_cots) / sizeof(bad_cots[0]));
	tcase_add_test(gh, fsp_cot_bad_mctp_and_size);
	tcase_add_test(gh, fsp_radix3_wrong_page);
	tcase_add_test(gh, fsp_cot_rm_target_coherent_rejected);
	tcase_add_test(gh, fsp_queue_busy_then_drains);
	tcase_add_test(gh, fsp_send_while_busy);
	suite_add_tcase(s, gh);

	tcase_add_checked_fixture(ff, ff_setup, ff_teardown);
	tcase_add_test(ff, fw_gh100_fmc_sections);
	tcase_add_test(ff, fw_gh100_535_113_01_has_no_files);
	tcase_add_test(ff, fw_gh100_real_535_261_03_image);
	tcase_add_test(ff, fw_ga102_generated_booters);
	tcase_add_loop_test(ff, fw_fmc_damaged, 0, sizeof(bad_fmcs) / sizeof(bad_fmcs[0]));
	suite_add_tcase(s, ff);

	tcase_add_checked_fixture(fl, setup, teardown);
	tcase_set_timeout(fl, 120);
	tcase_add_test(fl, falcon_reset_ready_stuck_old_wait_times_out);
	tcase_add_test(fl, falcon_reset_ready_stuck_new_sequence);
	tcase_add_test(fl, falcon_hwcfg2_riscv_on_both_falcons);
	tcase_add_test(fl, falcon_bcr_keeps_written_bits);
	tcase_add_test(fl, fwsec_imem_without_sec);
	tcase_add_test(fl, booter_imem_without_sec);
	tcase_add_test(fl, falcon_dma_sec_recorded_per_block);
	tcase_add_test(fl, booter_load_needs_bcr_0x111);
	tcase_add_test(fl, booter_load_needs_bcr_after_reset);
	tcase_add_test(fl, falcon_rm_recorded);
	tcase_add_test(fl, falcon_pio_auto_increment);
	suite_add_tcase(s, fl);
	{
		TCase *ga = tcase_create("ga100");

		tcase_add_checked_fixture(ga, ga_setup, teardown);
		tcase_set_timeout(ga, 120);
		tcase_add_test(ga, ga100_booter_pio_identified);
		tcase_add_loop_test(ga, ga100_booter_bad_load, 0, sizeof(bad_ga100_loads) / sizeof(bad_ga100_loads[0]));
		suite_add_tcase(s, ga);
	}
	return s;
}

/* Every file of @dir into the fwfile cache, for the forked cases to share. */
static void preload_dir(const char *dir)
{
	char path[4096];
	struct dirent *e;
	DIR *d = opendir(dir);

	if (!d)
		return;		/* missing: the cases that need it say so */
	while ((e = readdir(d))) {
		int err;

		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		err = fwfile_preload(path);
		if (err)
			fprintf(stderr, "test_hw: preload %s: %s\n", path, strerror(-err));
	}
	closedir(d);
}

int main(void)
{
	preload_dir(FW_DIR "/nvidia/ga102/gsp");
	preload_dir(GH_DIR);
	return check_run_suites(1, hw_suite, NULL);
}
