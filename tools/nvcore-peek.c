// SPDX-License-Identifier: MIT
/*
 * nvcore-peek: a read-only look at a real GPU before nvcore is loaded.
 *
 * Maps BAR0 through sysfs (/sys/bus/pci/devices/<BDF>/resource0, or any file
 * given with --resource) with open(O_RDONLY) and mmap(PROT_READ, MAP_SHARED),
 * and performs 32-bit volatile loads of a handful of identity and boot-state
 * registers only.  It never writes a register (the mapping has no write
 * permission: a store would fault), never resets, never unbinds.
 *
 * Every address and field below is from NVIDIA's published reference headers
 * as transcribed in emu/gsp-model/hwref/<chip>.tsv (open-gpu-kernel-modules
 * src/common/inc/swref/published/...); the rules for interpreting them are
 * the public drivers' (nouveau, nova-core, OGKM), cited where used.
 *
 * Beside each register it prints what the GSP model (emu/gsp-model) returns
 * for the same chip with no driver attached, and flags differences: that is
 * the evidence docs/hw-fidelity.md "Real hardware evidence" collects.
 * Built without the model (plain cc, ci/peek-device), the column is absent.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <endian.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#ifdef NVCORE_PEEK_MODEL
#include "gspm.h"
#endif

#ifndef NVCORE_VERSION
#define NVCORE_VERSION "unknown"
#endif
#ifndef NVCORE_PEEK_FW_DIR
#define NVCORE_PEEK_FW_DIR "/lib/firmware"
#endif

/* BAR0 of TU10x..GH100 is 16 MiB; every register read here lies below it. */
#define BAR0_SIZE		0x1000000u
#define SYSFS_PCI		"/sys/bus/pci/devices"
#define PCI_VENDOR_NVIDIA	0x10de
#define MODEL_RELEASE_DEFAULT	"570.144"	/* modelled for every chip (README) */
#define MODEL_SETTLE_NS		1000000000ull	/* model read 1 s after power-on */

/*
 * Register addresses and fields (hwref TSV file: header).
 * common.tsv nv_ref.h: NV_PMC_BOOT_0 0x00000000, NV_PMC_BOOT_42 0x00000A00,
 *   NV_PMC_BOOT_42_CHIP_ID 29:20, _ARCHITECTURE 29:24, _IMPLEMENTATION 23:20,
 *   _MAJOR_REVISION 19:16, _MINOR_REVISION 15:12.
 */
#define NV_PMC_BOOT_0				0x00000000u
#define NV_PMC_BOOT_42				0x00000a00u
#define BOOT_42_CHIP_ID(v)			(((v) >> 20) & 0x3ffu)
#define BOOT_42_ARCH(v)				(((v) >> 24) & 0x3fu)
#define BOOT_42_IMPL(v)				(((v) >> 20) & 0xfu)
#define BOOT_42_MAJOR(v)			(((v) >> 16) & 0xfu)
#define BOOT_42_MINOR(v)			(((v) >> 12) & 0xfu)
/*
 * ga102.tsv dev_gc6_island.h: NV_PGC6_AON_SECURE_SCRATCH_GROUP_05_PRIV_LEVEL_MASK
 *   0x00118128, _READ_PROTECTION_LEVEL0 0:0, _LEVEL0_ENABLE 0x1 (level 0 =
 *   the CPU may read); NV_PGC6_AON_SECURE_SCRATCH_GROUP_05(i) (0x00118234+(i)*4).
 * ga102.tsv dev_gc6_island_addendum.h: NV_PGC6_AON_SECURE_SCRATCH_GROUP_05_0_GFW_BOOT
 *   = GROUP_05(0), _PROGRESS 7:0, _PROGRESS_COMPLETED 0xFF.
 */
#define NV_PGC6_AON_SECURE_SCRATCH_GROUP_05_PRIV_LEVEL_MASK	0x00118128u
#define PLM_READ_PROTECTION_LEVEL0_ENABLE(v)	((v) & 0x1u)
#define NV_PGC6_AON_SECURE_SCRATCH_GROUP_05_0_GFW_BOOT		0x00118234u
#define GFW_BOOT_PROGRESS(v)			((v) & 0xffu)
#define GFW_BOOT_PROGRESS_COMPLETED		0xffu
/*
 * tu102.tsv and gh100.tsv dev_fb.h: NV_PFB_PRI_MMU_WPR2_ADDR_LO 0x001FA824,
 *   _HI 0x001FA828, _VAL 31:4, _ALIGNMENT 0x0000000c (VAL is in 4 KiB units).
 */
#define NV_PFB_PRI_MMU_WPR2_ADDR_LO		0x001fa824u
#define NV_PFB_PRI_MMU_WPR2_ADDR_HI		0x001fa828u
#define WPR2_VAL(v)				((v) >> 4)
#define WPR2_ALIGNMENT				12
/*
 * gh100.tsv dev_therm.h: NV_THERM_I2CS_SCRATCH 0x000200bc; dev_therm_addendum.h:
 *   _FSP_BOOT_COMPLETE_STATUS 31:0, _SUCCESS 0x000000FF.
 * gh100.tsv dev_fsp_addendum.h: NV_GFW_FSP_UCODE_VERSION =
 *   NV_PFSP_FALCON_COMMON_SCRATCH_GROUP_3(1); dev_fsp_pri.h: GROUP_3(i) =
 *   (0x008f0330+(i)*4), so 0x008f0334; _FULL 11:0, _MAJOR 11:8, _MINOR 7:0.
 */
#define NV_THERM_I2CS_SCRATCH			0x000200bcu
#define I2CS_FSP_BOOT_COMPLETE_SUCCESS		0xffu
#define NV_GFW_FSP_UCODE_VERSION		0x008f0334u
#define FSP_UCODE_VERSION_MAJOR(v)		(((v) >> 8) & 0xfu)
#define FSP_UCODE_VERSION_MINOR(v)		((v) & 0xffu)

/* NV_PMC_BOOT_42_ARCHITECTURE_* (common.tsv nv_ref.h). */
#define ARCH_TU100	0x16u
#define ARCH_GA100	0x17u
#define ARCH_GH100	0x18u
#define ARCH_AD100	0x19u
#define ARCH_GB100	0x1au
#define ARCH_GB200	0x1bu

/*
 * Chip ids: BOOT_42 CHIP_ID = ARCHITECTURE << 4 | IMPLEMENTATION, with the
 * architectures of nv_ref.h and the GPU_IMPLEMENTATION_* of nv_arch.h (both
 * common.tsv).  nvcore's own identify() (driver/core/main.c) is static to the
 * kernel module, so the support column restates its chips[] table: GA102..
 * GA107, AD102..AD107, GH100 and GA100 (535.113.01 only) are driven.
 */
enum support { SUP_NO, SUP_YES, SUP_REFUSED };
static const struct chip {
	uint32_t id;
	const char *name;
	enum support nvcore;
	int model;	/* enum gspm_chip, or -1: not modelled */
} chips[] = {
	{ 0x162, "tu102", SUP_NO, -1 }, { 0x164, "tu104", SUP_NO, -1 },
	{ 0x166, "tu106", SUP_NO, -1 }, { 0x168, "tu116", SUP_NO, -1 },
	{ 0x167, "tu117", SUP_NO, -1 },
	{ 0x170, "ga100", SUP_YES, 3 /* GSPM_CHIP_GA100 */ },
	{ 0x172, "ga102", SUP_YES, 0 /* GSPM_CHIP_GA102 */ },
	{ 0x173, "ga103", SUP_YES, 4 /* GSPM_CHIP_GA103 */ },
	{ 0x174, "ga104", SUP_YES, 5 /* GSPM_CHIP_GA104 */ },
	{ 0x176, "ga106", SUP_YES, 6 /* GSPM_CHIP_GA106 */ },
	{ 0x177, "ga107", SUP_YES, 7 /* GSPM_CHIP_GA107 */ },
	{ 0x17f, "ga102f", SUP_NO, -1 },
	{ 0x180, "gh100", SUP_YES, 2 /* GSPM_CHIP_GH100 */ },
	{ 0x192, "ad102", SUP_YES, 1 /* GSPM_CHIP_AD102 */ },
	{ 0x193, "ad103", SUP_YES, 8 /* GSPM_CHIP_AD103 */ },
	{ 0x194, "ad104", SUP_YES, 9 /* GSPM_CHIP_AD104 */ },
	{ 0x196, "ad106", SUP_YES, 10 /* GSPM_CHIP_AD106 */ },
	{ 0x197, "ad107", SUP_YES, 11 /* GSPM_CHIP_AD107 */ },
	{ 0x1a0, "gb100", SUP_NO, -1 }, { 0x1a2, "gb102", SUP_NO, -1 },
	{ 0x1b2, "gb202", SUP_NO, -1 }, { 0x1b3, "gb203", SUP_NO, -1 },
	{ 0x1b5, "gb205", SUP_NO, -1 }, { 0x1b6, "gb206", SUP_NO, -1 },
	{ 0x1b7, "gb207", SUP_NO, -1 },
};

#ifdef NVCORE_PEEK_MODEL
/* The enum values above must match gspm.h. */
_Static_assert(GSPM_CHIP_GA102 == 0 && GSPM_CHIP_AD102 == 1 && GSPM_CHIP_GH100 == 2 &&
	       GSPM_CHIP_GA100 == 3 && GSPM_CHIP_GA103 == 4 && GSPM_CHIP_GA104 == 5 &&
	       GSPM_CHIP_GA106 == 6 && GSPM_CHIP_GA107 == 7 && GSPM_CHIP_AD103 == 8 &&
	       GSPM_CHIP_AD104 == 9 && GSPM_CHIP_AD106 == 10 && GSPM_CHIP_AD107 == 11,
	       "gspm_chip values changed");
#endif

enum {
	R_BOOT_0, R_BOOT_42, R_GFW_PLM, R_GFW_PROGRESS, R_WPR2_LO, R_WPR2_HI,
	R_I2CS, R_FSP_VERSION, R_COUNT
};
static const struct reg {
	const char *name;
	uint32_t off;
	const char *ref;	/* hwref file: header */
} regs[R_COUNT] = {
	[R_BOOT_0] = { "NV_PMC_BOOT_0", NV_PMC_BOOT_0, "common.tsv: nv_ref.h" },
	[R_BOOT_42] = { "NV_PMC_BOOT_42", NV_PMC_BOOT_42, "common.tsv: nv_ref.h" },
	[R_GFW_PLM] = { "NV_PGC6_AON_SECURE_SCRATCH_GROUP_05_PRIV_LEVEL_MASK",
			NV_PGC6_AON_SECURE_SCRATCH_GROUP_05_PRIV_LEVEL_MASK,
			"ga102.tsv: ampere/ga102/dev_gc6_island.h" },
	[R_GFW_PROGRESS] = { "NV_PGC6_AON_SECURE_SCRATCH_GROUP_05_0_GFW_BOOT",
			     NV_PGC6_AON_SECURE_SCRATCH_GROUP_05_0_GFW_BOOT,
			     "ga102.tsv: ampere/ga102/dev_gc6_island_addendum.h" },
	[R_WPR2_LO] = { "NV_PFB_PRI_MMU_WPR2_ADDR_LO", NV_PFB_PRI_MMU_WPR2_ADDR_LO,
			"tu102.tsv, gh100.tsv: dev_fb.h" },
	[R_WPR2_HI] = { "NV_PFB_PRI_MMU_WPR2_ADDR_HI", NV_PFB_PRI_MMU_WPR2_ADDR_HI,
			"tu102.tsv, gh100.tsv: dev_fb.h" },
	[R_I2CS] = { "NV_THERM_I2CS_SCRATCH", NV_THERM_I2CS_SCRATCH,
		     "gh100.tsv: hopper/gh100/dev_therm.h" },
	[R_FSP_VERSION] = { "NV_GFW_FSP_UCODE_VERSION", NV_GFW_FSP_UCODE_VERSION,
			    "gh100.tsv: hopper/gh100/dev_fsp_addendum.h" },
};

/* One register's reading: on the device, and from the model. */
struct reading {
	bool read;		/* false: deliberately not read (why says why) */
	uint32_t val;
	const char *why;
	bool model_read;
	uint32_t model_val;
};

struct peek {
	const char *label;	/* BDF or the --resource path */
	char path[4096];
	const char *error;	/* device not usable: why (errno text included) */
	char errbuf[4400];
	struct reading r[R_COUNT];
	const struct chip *chip;
	uint32_t chip_id;
	const char *gfw, *wpr2, *fsp;	/* conclusions */
	bool reset_needed, boot_ready;
	char model_note[600];	/* "no model values: " and gspm_create's 512-byte error */
	char driver[512];	/* bound driver, sysfs devices only */
	bool have_model;
	unsigned int differences;
};

static bool is_pri_error(uint32_t v)
{
	/* 0xbadfxxxx: the PRI bus answered with an error (OGKM GPU_REG_RD32 checks). */
	return (v >> 16) == 0xbadf;
}

static bool is_all_ones(uint32_t v)
{
	/* The read did not reach the GPU (link down, D3cold, removed). */
	return v == 0xffffffffu;
}

static const struct chip *chip_find(uint32_t id)
{
	for (size_t i = 0; i < sizeof(chips) / sizeof(chips[0]); i++)
		if (chips[i].id == id)
			return &chips[i];
	return NULL;
}

static uint32_t rd32(const volatile uint32_t *bar, uint32_t off)
{
	return le32toh(bar[off / 4]);
}

/* ------------------------------------------------------------------ model */

#ifdef NVCORE_PEEK_MODEL
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

static struct gspm *model_open(const struct chip *c, const char *release, const char *fw_dir,
			       char *note, size_t len)
{
	struct gspm_host_ops ops = { .dma_read = no_dma_read, .dma_write = no_dma_write,
				     .set_irq = no_irq };
	struct gspm_config cfg = { .chip = (enum gspm_chip)c->model, .fw_release = release,
				   .fw_dir = fw_dir, .seed = 1 };
	char err[512];
	struct gspm *m = gspm_create(&cfg, &ops, err, sizeof(err));

	if (!m) {
		snprintf(note, len, "no model values: %s", err);
		return NULL;
	}
	/* No driver touches the GPU before it is peeked at: let the model settle. */
	gspm_advance(m, MODEL_SETTLE_NS);
	snprintf(note, len, "gsp-model %s, firmware %s, 1 s after power-on, no driver access",
		 c->name, release);
	return m;
}
#endif

/* ---------------------------------------------------------------- reading */

/*
 * Which registers to read, and the same rules for the device and the model
 * (reader is rd32 on the mapping or a model read).
 */
typedef uint32_t (*reader_fn)(void *ctx, uint32_t off);

static uint32_t bar_reader(void *ctx, uint32_t off)
{
	return rd32(ctx, off);
}

#ifdef NVCORE_PEEK_MODEL
static uint32_t model_reader(void *ctx, uint32_t off)
{
	return gspm_mmio_read32(ctx, off);
}
#endif

/*
 * Fill val[] and done[] for one side.  Returns 0, or -1 when BOOT_0 says the
 * device is not answering (nothing else read).
 */
static int read_side(reader_fn rd, void *ctx, uint32_t *val, bool *done, const char **why)
{
	uint32_t arch, id;

	for (int i = 0; i < R_COUNT; i++) {
		done[i] = false;
		why[i] = NULL;
	}
	val[R_BOOT_0] = rd(ctx, NV_PMC_BOOT_0);
	done[R_BOOT_0] = true;
	if (is_all_ones(val[R_BOOT_0]) || is_pri_error(val[R_BOOT_0])) {
		for (int i = R_BOOT_42; i < R_COUNT; i++)
			why[i] = "not read: BOOT_0 shows the device is not answering";
		return -1;
	}
	val[R_BOOT_42] = rd(ctx, NV_PMC_BOOT_42);
	done[R_BOOT_42] = true;
	arch = BOOT_42_ARCH(val[R_BOOT_42]);
	id = BOOT_42_CHIP_ID(val[R_BOOT_42]);
	if (is_pri_error(val[R_BOOT_42]) || is_all_ones(val[R_BOOT_42]) ||
	    arch < ARCH_TU100 || arch > ARCH_AD100) {
		for (int i = R_GFW_PLM; i < R_COUNT; i++)
			why[i] = "not read: no published reference for this architecture in hwref";
		return 0;
	}
	if (id == 0x180) {
		/*
		 * GH100: the boot ROM chain is judged by FSP's I2CS scratch
		 * (nova-core fsp.rs wait_secure_boot, fsp/hal/gh100.rs;
		 * OGKM kern_fsp_gh100.c).  nova-core gpu/hal/gh100.rs does not
		 * wait for GFW, and gh100.tsv has no GROUP_05 registers.
		 */
		why[R_GFW_PLM] = why[R_GFW_PROGRESS] =
			"not read on GH100: not in gh100.tsv; FSP's I2CS scratch says when boot is done";
		val[R_I2CS] = rd(ctx, NV_THERM_I2CS_SCRATCH);
		done[R_I2CS] = true;
		val[R_FSP_VERSION] = rd(ctx, NV_GFW_FSP_UCODE_VERSION);
		done[R_FSP_VERSION] = true;
	} else {
		why[R_I2CS] = why[R_FSP_VERSION] = "not read: GH100 (FSP) only";
		/*
		 * GFW: the progress byte may be read only once FWSEC lowered the
		 * PLM, i.e. READ_PROTECTION_LEVEL0 == ENABLE (nouveau
		 * nvkm/subdev/devinit/tu102.c tu102_devinit_wait; nova-core
		 * gfw.rs wait_gfw_boot_completion; OGKM
		 * gpu/arch/turing/kern_gpu_tu102.c _gpuIsGfwBootCompleted_TU102).
		 */
		val[R_GFW_PLM] = rd(ctx, NV_PGC6_AON_SECURE_SCRATCH_GROUP_05_PRIV_LEVEL_MASK);
		done[R_GFW_PLM] = true;
		if (is_pri_error(val[R_GFW_PLM]) || is_all_ones(val[R_GFW_PLM]))
			why[R_GFW_PROGRESS] = "not read: the PLM read failed";
		else if (!PLM_READ_PROTECTION_LEVEL0_ENABLE(val[R_GFW_PLM]))
			why[R_GFW_PROGRESS] =
				"not read: PLM READ_PROTECTION_LEVEL0 = DISABLE (CPU may not read it yet)";
		else {
			val[R_GFW_PROGRESS] = rd(ctx, NV_PGC6_AON_SECURE_SCRATCH_GROUP_05_0_GFW_BOOT);
			done[R_GFW_PROGRESS] = true;
		}
	}
	val[R_WPR2_LO] = rd(ctx, NV_PFB_PRI_MMU_WPR2_ADDR_LO);
	done[R_WPR2_LO] = true;
	val[R_WPR2_HI] = rd(ctx, NV_PFB_PRI_MMU_WPR2_ADDR_HI);
	done[R_WPR2_HI] = true;
	return 0;
}

static bool bad(const struct reading *r)
{
	return r->read && (is_pri_error(r->val) || is_all_ones(r->val));
}

static void conclude(struct peek *p)
{
	const struct reading *r = p->r;

	p->chip_id = BOOT_42_CHIP_ID(r[R_BOOT_42].val);
	p->chip = r[R_BOOT_42].read && !bad(&r[R_BOOT_42]) ? chip_find(p->chip_id) : NULL;

	if (!r[R_GFW_PLM].read && !r[R_GFW_PROGRESS].read)
		p->gfw = p->chip_id == 0x180 && r[R_BOOT_42].read ? "not-applicable" : "unknown";
	else if (bad(&r[R_GFW_PLM]))
		p->gfw = "unknown";
	else if (!PLM_READ_PROTECTION_LEVEL0_ENABLE(r[R_GFW_PLM].val))
		p->gfw = "not-done";
	else if (bad(&r[R_GFW_PROGRESS]))
		p->gfw = "unknown";
	else if (GFW_BOOT_PROGRESS(r[R_GFW_PROGRESS].val) == GFW_BOOT_PROGRESS_COMPLETED)
		p->gfw = "done";
	else
		p->gfw = "not-done";

	/*
	 * WPR2 up = ADDR_HI's VAL field non-zero: a previous driver left GSP
	 * running and only a reset takes WPR2 down (nova-core gsp/boot.rs
	 * run_fwsec_frts "WPR2 region already exists - GPU needs to be reset").
	 */
	if (!r[R_WPR2_HI].read || bad(&r[R_WPR2_HI]))
		p->wpr2 = "unknown";
	else if (WPR2_VAL(r[R_WPR2_HI].val))
		p->wpr2 = "up";
	else
		p->wpr2 = "down";
	p->reset_needed = !strcmp(p->wpr2, "up");

	if (!r[R_I2CS].read)
		p->fsp = "not-applicable";
	else if (bad(&r[R_I2CS]))
		p->fsp = "unknown";
	else if (r[R_I2CS].val == I2CS_FSP_BOOT_COMPLETE_SUCCESS)
		p->fsp = "complete";
	else
		p->fsp = "not-complete";

	p->boot_ready = p->chip && p->chip->nvcore == SUP_YES && !strcmp(p->wpr2, "down") &&
			(p->chip_id == 0x180 ? !strcmp(p->fsp, "complete") : !strcmp(p->gfw, "done"));
}

static int peek_file(struct peek *p, const char *model_release, const char *fw_dir)
{
	uint32_t val[R_COUNT], mval[R_COUNT];
	bool done[R_COUNT], mdone[R_COUNT];
	const char *why[R_COUNT], *mwhy[R_COUNT];
	const volatile uint32_t *bar;
	struct stat st;
	void *map;
	int fd;

	p->gfw = p->wpr2 = p->fsp = "unknown";
	snprintf(p->model_note, sizeof(p->model_note), "no model values: nothing was read");
	for (int i = 0; i < R_COUNT; i++)
		p->r[i].why = "not read: the device could not be mapped";
	fd = open(p->path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		snprintf(p->errbuf, sizeof(p->errbuf), "%s: open read-only: %s (errno %d)",
			 p->path, strerror(errno), errno);
		p->error = p->errbuf;
		return -1;
	}
	if (fstat(fd, &st)) {
		snprintf(p->errbuf, sizeof(p->errbuf), "%s: fstat: %s (errno %d)", p->path,
			 strerror(errno), errno);
		p->error = p->errbuf;
		close(fd);
		return -1;
	}
	if ((uint64_t)st.st_size < BAR0_SIZE) {
		snprintf(p->errbuf, sizeof(p->errbuf),
			 "%s: %lld bytes, too small for BAR0 (needs 0x%x = 16 MiB)", p->path,
			 (long long)st.st_size, BAR0_SIZE);
		p->error = p->errbuf;
		close(fd);
		return -1;
	}
	/* Read-only mapping: a store through it faults instead of reaching the GPU. */
	map = mmap(NULL, BAR0_SIZE, PROT_READ, MAP_SHARED, fd, 0);
	if (map == MAP_FAILED) {
		snprintf(p->errbuf, sizeof(p->errbuf), "%s: mmap PROT_READ: %s (errno %d)", p->path,
			 strerror(errno), errno);
		p->error = p->errbuf;
		close(fd);
		return -1;
	}
	close(fd);
	bar = map;

	if (read_side(bar_reader, (void *)bar, val, done, why))
		p->error = "BOOT_0 reads all ones or a PRI error: the device is not answering";
	munmap(map, BAR0_SIZE);
	for (int i = 0; i < R_COUNT; i++) {
		p->r[i].read = done[i];
		p->r[i].val = done[i] ? val[i] : 0;
		p->r[i].why = why[i];
	}
	conclude(p);

	snprintf(p->model_note, sizeof(p->model_note), "no model for this chip");
#ifdef NVCORE_PEEK_MODEL
	if (p->chip && p->chip->model >= 0) {
		struct gspm *m = model_open(p->chip, model_release, fw_dir, p->model_note,
					    sizeof(p->model_note));

		if (m) {
			p->have_model = true;
			read_side(model_reader, m, mval, mdone, mwhy);
			gspm_destroy(m);
			for (int i = 0; i < R_COUNT; i++) {
				p->r[i].model_read = mdone[i];
				p->r[i].model_val = mdone[i] ? mval[i] : 0;
				if (p->r[i].read != mdone[i] ||
				    (mdone[i] && p->r[i].val != mval[i]))
					p->differences++;
			}
		}
	}
#else
	(void)mval; (void)mdone; (void)mwhy; (void)model_release; (void)fw_dir;
	snprintf(p->model_note, sizeof(p->model_note), "built without the GSP model");
#endif
	return p->error ? -1 : 0;
}

/* ----------------------------------------------------------------- output */

static const char *support_text(const struct peek *p)
{
	if (!p->chip)
		return "unknown";
	switch (p->chip->nvcore) {
	case SUP_YES:
		return "supported";
	case SUP_REFUSED:
		return "refused";
	default:
		return "unsupported";
	}
}

static void value_text(char *buf, size_t len, bool read, uint32_t v)
{
	if (!read)
		snprintf(buf, len, "-");
	else if (is_pri_error(v))
		snprintf(buf, len, "0x%08x PRI-ERR", v);
	else if (is_all_ones(v))
		snprintf(buf, len, "0x%08x NO-ANSWER", v);
	else
		snprintf(buf, len, "0x%08x", v);
}

static void print_text(const struct peek *p)
{
	const struct reading *r = p->r;
	char v[40], mv[40];

	printf("== %s (%s)\n", p->label, p->path);
	if (p->driver[0])
		printf("driver:   %s%s\n", p->driver, strcmp(p->driver, "none") ?
		       " is bound: the values show the state it left (nvcore-peek still only reads)" : "");
	if (p->error && !r[R_BOOT_0].read) {
		printf("error: %s\n\n", p->error);
		return;
	}
	printf("%-52s %-8s  %-20s %-20s %s\n", "register", "offset", "value",
	       p->have_model ? "model" : "", "");
	for (int i = 0; i < R_COUNT; i++) {
		bool differs = p->have_model && (r[i].read != r[i].model_read ||
						(r[i].read && r[i].val != r[i].model_val));

		value_text(v, sizeof(v), r[i].read, r[i].val);
		value_text(mv, sizeof(mv), r[i].model_read, r[i].model_val);
		printf("%-52s 0x%06x  %-20s %-20s %s%s\n", regs[i].name, regs[i].off, v,
		       p->have_model ? mv : "", differs ? "DIFFERS " : "",
		       r[i].read ? "" : r[i].why);
	}
	if (p->error)
		printf("error: %s\n", p->error);
	printf("chip:     ");
	if (!r[R_BOOT_42].read || bad(&r[R_BOOT_42]))
		printf("unknown (BOOT_42 not readable)\n");
	else if (p->chip)
		printf("%s (BOOT_42 CHIP_ID 0x%03x = ARCHITECTURE 0x%02x, IMPLEMENTATION 0x%x), rev %x.%x\n",
		       p->chip->name, p->chip_id, BOOT_42_ARCH(r[R_BOOT_42].val),
		       BOOT_42_IMPL(r[R_BOOT_42].val), BOOT_42_MAJOR(r[R_BOOT_42].val),
		       BOOT_42_MINOR(r[R_BOOT_42].val));
	else
		printf("unknown chip id 0x%03x (ARCHITECTURE 0x%02x, IMPLEMENTATION 0x%x: not in nv_ref.h/nv_arch.h)\n",
		       p->chip_id, BOOT_42_ARCH(r[R_BOOT_42].val), BOOT_42_IMPL(r[R_BOOT_42].val));
	printf("nvcore:   %s", support_text(p));
	if (!p->chip || p->chip->nvcore == SUP_NO)
		printf(" (nvcore drives GA102, AD102 and GH100)");
	printf("\n");
	printf("gfw boot: %s", p->gfw);
	if (!strcmp(p->gfw, "done"))
		printf(" (PLM READ_PROTECTION_LEVEL0 = ENABLE, PROGRESS = 0xff COMPLETED)");
	else if (!strcmp(p->gfw, "not-done") && r[R_GFW_PROGRESS].read)
		printf(" (PROGRESS = 0x%02x, COMPLETED is 0xff)", GFW_BOOT_PROGRESS(r[R_GFW_PROGRESS].val));
	else if (!strcmp(p->gfw, "not-done"))
		printf(" (PLM READ_PROTECTION_LEVEL0 = DISABLE: FWSEC has not lowered it; progress not trusted)");
	else if (!strcmp(p->gfw, "unknown") && (bad(&r[R_GFW_PLM]) || bad(&r[R_GFW_PROGRESS])))
		printf(" (a read returned a PRI error or all ones)");
	printf("\n");
	if (r[R_I2CS].read) {
		printf("fsp boot: %s (I2CS_SCRATCH 0x%08x, SUCCESS is 0xff)", p->fsp, r[R_I2CS].val);
		if (r[R_FSP_VERSION].read && !bad(&r[R_FSP_VERSION]))
			printf("; FSP ucode version %x.%02x",
			       FSP_UCODE_VERSION_MAJOR(r[R_FSP_VERSION].val),
			       FSP_UCODE_VERSION_MINOR(r[R_FSP_VERSION].val));
		printf("\n");
	}
	printf("wpr2:     %s", p->wpr2);
	if (!strcmp(p->wpr2, "up"))
		printf(" (0x%010" PRIx64 "..0x%010" PRIx64 "): GSP was left running; the GPU needs a reset before nvcore can boot",
		       (uint64_t)WPR2_VAL(r[R_WPR2_LO].val) << WPR2_ALIGNMENT,
		       (uint64_t)WPR2_VAL(r[R_WPR2_HI].val) << WPR2_ALIGNMENT);
	else if (!strcmp(p->wpr2, "down"))
		printf(" (ADDR_HI VAL = 0)");
	printf("\n");
	printf("verdict:  %s\n", p->boot_ready ? "nvcore can boot this GPU now" :
	       p->reset_needed ? "reset the GPU before loading nvcore" :
	       "nvcore cannot boot this GPU now");
	printf("model:    %s", p->model_note);
	if (p->have_model)
		printf("; %u register%s differ%s", p->differences, p->differences == 1 ? "" : "s",
		       p->differences == 1 ? "s" : "");
	printf("\n\n");
}

static void json_str(const char *s)
{
	putchar('"');
	for (; s && *s; s++) {
		if (*s == '"' || *s == '\\')
			printf("\\%c", *s);
		else if ((unsigned char)*s < 0x20)
			printf("\\u%04x", *s);
		else
			putchar(*s);
	}
	putchar('"');
}

static void print_json(const struct peek *p, bool first)
{
	const struct reading *r = p->r;

	printf("%s\n    {\"device\": ", first ? "" : ",");
	json_str(p->label);
	printf(", \"path\": ");
	json_str(p->path);
	if (p->driver[0]) {
		printf(", \"driver\": ");
		json_str(p->driver);
	}
	printf(", \"ok\": %s, \"error\": ", p->error ? "false" : "true");
	if (p->error)
		json_str(p->error);
	else
		printf("null");
	printf(",\n     \"registers\": [");
	for (int i = 0; i < R_COUNT; i++) {
		printf("%s\n       {\"name\": \"%s\", \"offset\": \"0x%06x\", \"reference\": ",
		       i ? "," : "", regs[i].name, regs[i].off);
		json_str(regs[i].ref);
		if (r[i].read)
			printf(", \"value\": \"0x%08x\", \"pri_error\": %s, \"all_ones\": %s",
			       r[i].val, is_pri_error(r[i].val) ? "true" : "false",
			       is_all_ones(r[i].val) ? "true" : "false");
		else {
			printf(", \"value\": null, \"not_read\": ");
			json_str(r[i].why);
		}
		if (p->have_model) {
			if (r[i].model_read)
				printf(", \"model\": \"0x%08x\"", r[i].model_val);
			else
				printf(", \"model\": null");
			printf(", \"differs\": %s", (r[i].read != r[i].model_read ||
				(r[i].read && r[i].val != r[i].model_val)) ? "true" : "false");
		}
		printf("}");
	}
	printf("],\n     \"chip\": ");
	if (r[R_BOOT_42].read && !bad(&r[R_BOOT_42])) {
		printf("{\"id\": \"0x%03x\", \"name\": ", p->chip_id);
		if (p->chip)
			json_str(p->chip->name);
		else
			printf("null");
		printf(", \"revision\": \"%x.%x\"}", BOOT_42_MAJOR(r[R_BOOT_42].val),
		       BOOT_42_MINOR(r[R_BOOT_42].val));
	} else {
		printf("null");
	}
	printf(", \"nvcore\": \"%s\", \"gfw_boot\": \"%s\", \"fsp_boot\": \"%s\", \"wpr2\": \"%s\"",
	       support_text(p), p->gfw, p->fsp, p->wpr2);
	printf(", \"reset_needed\": %s, \"nvcore_can_boot\": %s,\n     \"model\": ",
	       p->reset_needed ? "true" : "false", p->boot_ready ? "true" : "false");
	json_str(p->model_note);
	if (p->have_model)
		printf(", \"model_differences\": %u", p->differences);
	printf("}");
}

/* ------------------------------------------------------------ enumeration */

static int read_hex_attr(const char *bdf, const char *attr, unsigned long *out)
{
	char path[512], buf[64];
	FILE *f;

	snprintf(path, sizeof(path), SYSFS_PCI "/%s/%s", bdf, attr);
	f = fopen(path, "re");
	if (!f)
		return -1;
	if (!fgets(buf, sizeof(buf), f)) {
		fclose(f);
		return -1;
	}
	fclose(f);
	*out = strtoul(buf, NULL, 16);
	return 0;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Every NVIDIA (0x10de) display-class (0x03xxxx) device, sorted by BDF. */
static int find_devices(char ***out, size_t *n)
{
	DIR *d = opendir(SYSFS_PCI);
	struct dirent *e;
	char **list = NULL;
	size_t cnt = 0;

	if (!d) {
		fprintf(stderr, "nvcore-peek: %s: %s (errno %d)\n", SYSFS_PCI, strerror(errno), errno);
		return -1;
	}
	while ((e = readdir(d))) {
		unsigned long vendor, cls;

		if (e->d_name[0] == '.')
			continue;
		if (read_hex_attr(e->d_name, "vendor", &vendor) || vendor != PCI_VENDOR_NVIDIA ||
		    read_hex_attr(e->d_name, "class", &cls) || (cls >> 16) != 0x03)
			continue;
		list = realloc(list, (cnt + 1) * sizeof(*list));
		if (!list || !(list[cnt] = strdup(e->d_name))) {
			closedir(d);
			fprintf(stderr, "nvcore-peek: out of memory\n");
			return -1;
		}
		cnt++;
	}
	closedir(d);
	if (cnt)
		qsort(list, cnt, sizeof(*list), cmp_str);
	*out = list;
	*n = cnt;
	return 0;
}

static void driver_of(const char *bdf, char *buf, size_t len)
{
	char path[512], target[512];
	ssize_t k;
	const char *slash;

	snprintf(path, sizeof(path), SYSFS_PCI "/%s/driver", bdf);
	k = readlink(path, target, sizeof(target) - 1);
	if (k < 0) {
		snprintf(buf, len, "none");
		return;
	}
	target[k] = 0;
	slash = strrchr(target, '/');
	snprintf(buf, len, "%s", slash ? slash + 1 : target);
}

/* ------------------------------------------------------------------- main */

static void usage(FILE *f)
{
	fprintf(f,
		"usage: nvcore-peek [--device BDF | --resource PATH] [--json] [--release R] [--fw-dir DIR]\n"
		"       nvcore-peek --list | --help | --version\n"
		"Reads, and never writes, a real GPU's identity and boot-state registers through\n"
		"BAR0 (sysfs resource0 mapped read-only) and prints what nvcore would conclude:\n"
		"the chip (NV_PMC_BOOT_42), whether nvcore supports it, whether the GPU firmware\n"
		"(GFW) boot is done (GROUP_05 PLM and progress; on GH100 FSP's I2CS scratch),\n"
		"and whether WPR2 is still up (GSP left running: reset the GPU first).  Beside\n"
		"each register: the GSP model's value for the same chip, differences flagged.\n"
		"Run it as root before loading nvcore; it does not reset, unbind or write.\n"
		"\n"
		"  --device BDF     one device, e.g. 0000:01:00.0 (default: every NVIDIA\n"
		"                   display-class device under " SYSFS_PCI ")\n"
		"  --resource PATH  map PATH instead of a device's resource0 (at least 16 MiB)\n"
		"  --list           list the NVIDIA devices and their bound driver; map nothing\n"
		"  --json           machine-readable output\n"
		"  --release R      the model's firmware release (default " MODEL_RELEASE_DEFAULT ")\n"
		"  --fw-dir DIR     the model's firmware tree (default " NVCORE_PEEK_FW_DIR ")\n"
		"Exit status: 0 every device read; 1 a device could not be opened or mapped,\n"
		"is too small, or does not answer (BOOT_0 all ones / PRI error), or none was\n"
		"found; 2 bad arguments.  0xbadfxxxx values are PRI errors and are marked.\n");
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "device", required_argument, NULL, 'd' },
		{ "resource", required_argument, NULL, 'r' },
		{ "list", no_argument, NULL, 'l' },
		{ "json", no_argument, NULL, 'j' },
		{ "release", required_argument, NULL, 'R' },
		{ "fw-dir", required_argument, NULL, 'F' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ }
	};
	const char *device = NULL, *resource = NULL;
	const char *release = MODEL_RELEASE_DEFAULT, *fw_dir = NVCORE_PEEK_FW_DIR;
	bool list = false, json = false;
	char **devs = NULL;
	bool owned = false;	/* devs[] strdup'ed by find_devices() */
	size_t ndev = 0;
	int c, rc = 0;

	opterr = 0;
	while ((c = getopt_long(argc, argv, ":", opts, NULL)) != -1) {
		switch (c) {
		case 'd':
			device = optarg;
			break;
		case 'r':
			resource = optarg;
			break;
		case 'l':
			list = true;
			break;
		case 'j':
			json = true;
			break;
		case 'R':
			release = optarg;
			break;
		case 'F':
			fw_dir = optarg;
			break;
		case 'h':
			usage(stdout);
			return 0;
		case 'V':
			printf("nvcore %s%s\n", NVCORE_VERSION,
#ifdef NVCORE_PEEK_MODEL
			       ""
#else
			       " (without the GSP model)"
#endif
			       );
			return 0;
		case ':':
			fprintf(stderr, "nvcore-peek: option %s needs a value (try --help)\n",
				argv[optind - 1]);
			return 2;
		default:
			fprintf(stderr, "nvcore-peek: unknown option %s (try --help)\n", argv[optind - 1]);
			return 2;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "nvcore-peek: unexpected argument '%s' (try --help)\n", argv[optind]);
		return 2;
	}
	if (device && resource) {
		fprintf(stderr, "nvcore-peek: --device and --resource exclude each other\n");
		return 2;
	}
	if (device && (strchr(device, '/') || !strcmp(device, "..") || !strcmp(device, "."))) {
		fprintf(stderr, "nvcore-peek: --device '%s' is not a PCI address like 0000:01:00.0\n",
			device);
		return 2;
	}

	if (resource) {
		devs = calloc(1, sizeof(*devs));
		if (!devs)
			return 1;
		devs[0] = (char *)resource;
		ndev = 1;
	} else if (device) {
		devs = calloc(1, sizeof(*devs));
		if (!devs)
			return 1;
		devs[0] = (char *)device;
		ndev = 1;
	} else {
		if (find_devices(&devs, &ndev))
			return 1;
		owned = true;
		if (!ndev) {
			fprintf(stderr, "nvcore-peek: no NVIDIA (10de) display-class device under %s\n",
				SYSFS_PCI);
			rc = 1;
			goto out;
		}
	}

	if (list) {
		for (size_t i = 0; i < ndev; i++) {
			unsigned long dev_id = 0, cls = 0;
			char drv[512];

			if (resource) {
				printf("%s (file)\n", resource);
				continue;
			}
			read_hex_attr(devs[i], "device", &dev_id);
			read_hex_attr(devs[i], "class", &cls);
			driver_of(devs[i], drv, sizeof(drv));
			printf("%s  10de:%04lx  class %06lx  driver %s\n", devs[i], dev_id, cls, drv);
		}
		goto out;
	}

	if (json) {
		printf("{\"tool\": \"nvcore-peek\", \"version\": \"%s\", \"model_release\": ",
		       NVCORE_VERSION);
		json_str(release);
		printf(",\n  \"devices\": [");
	}
	for (size_t i = 0; i < ndev; i++) {
		struct peek *p = calloc(1, sizeof(*p));

		if (!p) {
			rc = 1;
			break;
		}
		p->label = devs[i];
		if (resource)
			snprintf(p->path, sizeof(p->path), "%s", resource);
		else {
			snprintf(p->path, sizeof(p->path), SYSFS_PCI "/%s/resource0", devs[i]);
			driver_of(devs[i], p->driver, sizeof(p->driver));
		}
		if (peek_file(p, release, fw_dir)) {
			rc = 1;
			fprintf(stderr, "nvcore-peek: %s\n", p->error);
		}
		if (json)
			print_json(p, i == 0);
		else
			print_text(p);
		free(p);
	}
	if (json)
		printf("\n  ]}\n");
out:
	for (size_t i = 0; owned && i < ndev; i++)
		free(devs[i]);
	free(devs);
	return rc;
}
