/* SPDX-License-Identifier: MIT */
/*
 * gsp-model hw half: private state shared by hw.c, falcon.c, vbios.c,
 * fwsec.c, booter.c and fwfiles.c.  Nothing outside the hw half includes
 * this header; the rm half talks to us through model.h only.
 */
#ifndef GSPM_HW_PRIV_H
#define GSPM_HW_PRIV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "model.h"
#include "hw_regs.h"

/* ---- falcon register offsets the model dispatches on ------------------ */

/* PFALCON2 boot ROM registers, as offsets from a falcon's base. */
#define HW_FALCON2_MOD_SEL		(HW_RISCV_OFFSET + NV_PFALCON2_FALCON_MOD_SEL)
#define HW_FALCON2_BROM_CURR_UCODE_ID	(HW_RISCV_OFFSET + NV_PFALCON2_FALCON_BROM_CURR_UCODE_ID)
#define HW_FALCON2_BROM_ENGIDMASK	(HW_RISCV_OFFSET + NV_PFALCON2_FALCON_BROM_ENGIDMASK)
#define HW_FALCON2_BROM_PARAADDR0	(HW_RISCV_OFFSET + NV_PFALCON2_FALCON_BROM_PARAADDR(0))
#define   HW_MOD_SEL_ALGO_RSA3K		NV_PFALCON2_FALCON_MOD_SEL_ALGO_RSA3K

/*
 * NV_PFALCON_FALCON_RM: nova-core falcon.rs reset and OGKM kflcnReset_TU102
 * write NV_PMC_BOOT_0 here after a reset into the falcon core.  No public
 * source says what reads it, so the model only keeps the value.
 */
#define HW_FALCON_RM			NV_PFALCON_FALCON_RM
#define HW_FALCON_DMATRFCMD_SEC		HWF_MASK(NV_PFALCON_FALCON_DMATRFCMD_SEC)
#define HW_FALCON_DMATRFCMD_SIZE_SHIFT	HWF_LO(NV_PFALCON_FALCON_DMATRFCMD_SIZE)
#define HW_FALCON_DMATRFCMD_SIZE_MASK	HWF_WIDTH_MASK(NV_PFALCON_FALCON_DMATRFCMD_SIZE)

/*
 * The fuse ucode version registers (NV_FUSE_OPT_FPF_*_UCODE*_VERSION): the model has
 * no fuses burnt, so the whole block, 0x824100..0x8241ff, reads 0.
 */
#define HW_FUSE_OPT_FPF_FIRST		HW_FUSE_NVDEC_UCODE_VERSION(0)
#define HW_FUSE_OPT_FPF_LAST		HW_FUSE_GSP_UCODE_VERSION(HW_FUSE_UCODE_VERSION_COUNT - 1)

/* Falcon memories.  64 KiB each is enough for FWSEC and both booters. */
#define HW_FALCON_IMEM_SIZE		0x10000u
#define HW_FALCON_DMEM_SIZE		0x10000u
/* IMEM is tracked in DMA blocks of 256 bytes (DMATRFCMD SIZE_256B). */
#define HW_FALCON_BLOCK			256u
#define HW_FALCON_IMEM_BLOCKS		(HW_FALCON_IMEM_SIZE / HW_FALCON_BLOCK)

/*
 * MAILBOX0 values the modelled HS ucodes halt with when they refuse to run
 * (real ucodes use their own codes; the driver only checks for != 0).
 */
#define HW_ERR_UNKNOWN_IMAGE		0xbad00001u
#define HW_ERR_SIGNATURE		0xbad00002u
#define HW_ERR_BROM			0xbad00003u
#define HW_ERR_FWSEC_CMD		0xbad00004u
#define HW_ERR_FRTS_REGION		0xbad00005u
#define HW_ERR_WPR_META			0xbad00006u
#define HW_ERR_RADIX3			0xbad00007u
#define HW_ERR_BOOTLOADER		0xbad00008u
#define HW_ERR_GSP_SIGNATURE		0xbad00009u
#define HW_ERR_FB_LAYOUT		0xbad0000au
#define HW_ERR_WPR2			0xbad0000bu
#define HW_ERR_NOT_SUSPENDED		0xbad0000cu
#define HW_ERR_CORE_SELECT		0xbad0000du
#define HW_ERR_MAILBOX			0xbad0000eu
#define HW_ERR_HS_NOT_SECURE		0xbad00010u	/* HS code DMA'd without SEC */

/* NV_PBUS_SW_SCRATCH(0xe) bits 31:16 after a failed FWSEC-FRTS (any != 0). */
#define HW_FRTS_ERR_SCRATCH		(0x0001u << 16)

/*
 * FSP_RESPONSE errorCode values the modelled FSP answers a rejected COT
 * with (the real FSP's codes are not public; the driver only checks != 0).
 */
#define HW_FSP_ERR_HEADER		0x0fa00001u	/* MCTP/NVDM header or size */
#define HW_FSP_ERR_PAYLOAD		0x0fa00002u	/* COT version/size/FRTS fields */
#define HW_FSP_ERR_FMC_IMAGE		0x0fa00003u	/* FMC image in sysmem differs */
#define HW_FSP_ERR_FMC_AUTH		0x0fa00004u	/* hash/public key/signature differ */
#define HW_FSP_ERR_BOOT_PARAMS		0x0fa00005u	/* GSP_FMC_BOOT_PARAMS */
#define HW_FSP_ERR_WPR_META		0x0fa00006u	/* GspFwWprMeta or the GSP images */
#define HW_FSP_ERR_NO_FMC		0x0fa00007u	/* no GSP-FMC for this release */

/* Virtual execution times (ns) before jitter; see falcon.c. */
#define HW_SCRUB_NS			5000u
#define HW_FWSEC_RUN_NS			1500000u
#define HW_BOOTER_LOAD_RUN_NS		8000000u
#define HW_BOOTER_UNLOAD_RUN_NS		2000000u
#define HW_GENERIC_RUN_NS		100000u
#define HW_FSP_SECURE_BOOT_NS		20000000u	/* power-on to I2CS scratch 0xff */
#define HW_FSP_COT_NS			3000000u	/* COT received to FSP_RESPONSE */
#define HW_FMC_PRI_LOCKED_NS		1000000u	/* MAILBOX0 reads 0xbadf41xx */
#define HW_FMC_BOOT_NS			4000000u	/* then lockdown until GSP-RM runs */
#define HW_GFW_BOOT_NS			2000000u	/* power-on to GFW's PLM lowered (assumption) */

/* ---- the VBIOS (vbios.c) ------------------------------------------------ */

/* Defined by the build-time generated vbios_image.c (vbios/mkvbios.c). */
extern const unsigned char gspm_vbios_image[];
extern const size_t gspm_vbios_image_size;

/* What vbios.c found walking its own image the way nova-core/nouveau do. */
struct hw_fwsec {
	const uint8_t *ucode;		/* IMEM image then DMEM image */
	uint32_t imem_phys_base, imem_load_size, imem_virt_base;
	uint32_t dmem_phys_base, dmem_load_size;
	uint32_t pkc_data_offset;	/* DMEM offset of the patched signature */
	uint32_t interface_offset;	/* DMEM offset of the appif table */
	uint16_t engine_id_mask;
	uint8_t ucode_id;
	uint8_t sig_count;
	uint16_t sig_versions;
	const uint8_t *sigs;		/* sig_count x 384 bytes */
	uint32_t dmemmapper_offset;	/* DMEM offset of FalconAppifDmemmapperV3 */
	uint32_t cmd_in_offset;		/* DMEM offset of the command buffer */
	uint32_t cmd_in_size;
	uint32_t rom_desc_offset;	/* ROM offset of the descriptor (for messages) */
};
#define HW_FWSEC_SIG_SIZE		384u
#define HW_DMEMMAPPER_INIT_CMD_OFF	0x2cu	/* in FalconAppifDmemmapperV3 */
#define HW_DMEMMAPPER_CMD_FRTS		0x15u
#define HW_DMEMMAPPER_CMD_SB		0x19u
#define HW_FRTS_CMD_SIZE		44u	/* ReadVbios (24) + FrtsRegion (20) */

int hw_vbios_parse(struct hw_fwsec *fw, char *err, size_t errlen);
uint32_t hw_prom_read32(uint32_t off);

/* ---- firmware files (fwfiles.c) ----------------------------------------- */

struct hw_booter {
	char path[512];
	const uint8_t *file;		/* whole file, mapped read-only */
	size_t file_size;
	const uint8_t *payload;		/* file + data_offset */
	uint32_t payload_size;
	uint32_t patch_loc;		/* payload offset of the signature */
	uint32_t sig_size, num_sig;
	const uint8_t *sigs;		/* num_sig x sig_size */
	uint32_t fuse_ver, engine_id_mask, ucode_id;
	uint32_t os_code_offset, os_code_size;
	uint32_t os_data_offset, os_data_size;
	uint32_t app0_offset, app0_size;
};

/* GSP-FMC fixed section sizes (protocol.md §3.6, NVDM_PAYLOAD_COT fields). */
#define HW_FMC_HASH_SIZE		48u	/* SHA-384 */
#define HW_FMC_RSA_SIZE			384u	/* RSA-3K public key / signature */

struct hw_fwfiles {
	/*
	 * GA10x/AD10x: gsp, bootloader, booter_load, booter_unload loaded (the
	 * SEC2 booter path; booter.c identifies booters only when set).
	 */
	bool loaded;
	/* gsp-<rel>.bin, mapped read-only (fwfiles.c); the pointers below point into it. */
	char gsp_path[512];
	const uint8_t *gsp_file;
	size_t gsp_file_size;
	const uint8_t *fwimage;		/* .fwimage: what the booter compares the radix3 image with */
	uint64_t fwimage_offset, fwimage_size;
	const uint8_t *signature;	/* .fwsignature_<family> */
	uint32_t signature_size;
	char sig_section[40];
	/* bootloader-<rel>.bin */
	char bl_path[512];
	const uint8_t *bl_file;		/* mapped read-only */
	size_t bl_file_size;
	const uint8_t *bl_payload;
	uint32_t bl_payload_size;
	uint32_t bl_app_version;
	uint32_t bl_monitor_code_offset, bl_monitor_data_offset, bl_manifest_offset;
	struct hw_booter load, unload;
	/*
	 * GH100 (protocol.md §3.6): gsp, bootloader and fmc-<rel>.bin loaded; `loaded`
	 * stays false (no booters).  The four GSP-FMC ELF32 sections point into
	 * fmc_file, sizes checked (hash 48, publickey/signature 384, image > 0)
	 * and CRC32-checked where sh_info is non-zero: what the FSP model
	 * compares the COT message and the FMC image in host memory with.
	 */
	bool fmc_loaded;
	char fmc_path[512];
	const uint8_t *fmc_file;	/* mapped read-only */
	size_t fmc_file_size;
	const uint8_t *fmc_image;	/* section "image": what the FSP loads */
	uint32_t fmc_image_size;
	const uint8_t *fmc_hash;	/* section "hash" -> COT hash384 */
	uint32_t fmc_hash_size;
	const uint8_t *fmc_publickey;	/* section "publickey" -> COT publicKey */
	uint32_t fmc_publickey_size;
	const uint8_t *fmc_signature;	/* section "signature" -> COT signature */
	uint32_t fmc_signature_size;
};

/*
 * Load the chip's file set for cfg->fw_release from cfg->fw_dir: GA102/AD102
 * as above; GH100 gsp + bootloader + fmc; nothing for a chip the release
 * does not boot (GA100; GH100 with a release without FSP boot).  0, or -1 with a message naming the
 * file in @err.
 */
int hw_fwfiles_load(struct hw_fwfiles *f, const struct gspm_config *cfg,
		    char *err, size_t errlen);
void hw_fwfiles_free(struct hw_fwfiles *f);

/* ---- falcons (falcon.c) ------------------------------------------------- */

enum hw_falcon_id { HW_GSP, HW_SEC2 };

enum hw_imem_block {
	HW_IMEM_EMPTY,		/* no DMA since reset (scrubbed) */
	HW_IMEM_PLAIN,		/* DMATRFCMD SEC = 0, or PIO without IMEMC.SECURE */
	HW_IMEM_SECURE,		/* DMATRFCMD SEC != 0, or PIO with IMEMC.SECURE */
};

enum hw_falcon_run {
	HW_RUN_IDLE,		/* not started since reset */
	HW_RUN_RUNNING,		/* STARTCPU seen, completes at run_end */
	HW_RUN_HALTED,
};

struct hw_falcon {
	enum hw_falcon_id id;
	const char *name;
	uint32_t base;
	bool legacy;			/* GA100: hw_chip.legacy_hs */

	uint32_t irqstat, irqmask, irqdest;
	uint32_t mailbox0, mailbox1;
	uint32_t os, rm;
	uint32_t cpuctl, bootvec, dmactl;
	uint32_t dmatrfbase, dmatrfbase1, dmatrfmoffs, dmatrffboffs, dmatrfcmd;
	uint32_t transcfg[8], fbif_ctl;
	uint32_t engine;
	uint32_t mod_sel, brom_ucode_id, brom_engidmask, brom_paraaddr;
	/* PIO port 0: IMEMC/IMEMT/DMEMC as written, the address advancing with AINCW. */
	uint32_t imemc, imemt, dmemc;
	unsigned int pio_words;		/* since the last reset, for describe */
	/* RISCV_BCR_CTRL as the host last wrote it (reads add VALID). */
	uint32_t bcr_ctrl, riscv_cpuctl;
	/* GH100: GSP-FMC holds the RISC-V PRI lockdown (HWCFG2 bit 13) ... */
	bool br_lockdown;
	/* ... and, early on, PRI reads of MAILBOX0 return 0xbadf41xx. */
	bool pri_locked;

	bool scrubbing;
	uint64_t scrub_end;
	enum hw_falcon_run run;
	uint64_t run_end;
	bool bad_core;			/* started with the RISC-V core selected */
	bool bad_sec;			/* started with HS code loaded without SEC */
	/* Per IMEM block since reset: how its last DMA came in. */
	uint8_t imem_block[HW_FALCON_IMEM_BLOCKS];
	unsigned int dma_blocks;	/* since the last reset, for describe */
	/*
	 * Where IMEM and DMEM were written since the last scrub ends: a scrub
	 * zeroes that much, so the rest of the two 64 KiB memories stays
	 * untouched (pages a forked test case never faults in).
	 */
	uint32_t imem_dirty, dmem_dirty;

	uint8_t imem[HW_FALCON_IMEM_SIZE];
	uint8_t dmem[HW_FALCON_DMEM_SIZE];
};

/* The PF interrupt tree and the GSP's route into it (intr.c). */
struct hw_intr {
	uint32_t vector;		/* the GSP's stall vector GSP-RM reports */
	uint32_t riscv_irqmask, riscv_irqdest;	/* programmed by GSP-RM */
	bool fw_routed;
	bool out;			/* falcon host-routed output, last sampled */
	uint32_t leaf[16], leaf_en[16], top_en;
	uint32_t top;			/* TOP: bit i / 2 while leaf[i] & leaf_en[i], kept */
	uint64_t drop_edges;		/* fault: edges still to drop */
	uint64_t storm_left;		/* fault: causeless messages still to send */
	uint64_t messages, retriggers, dropped;
};

/* ---- the whole hw half --------------------------------------------------- */

struct hw_chip {
	enum gspm_chip chip;
	const char *name;		/* firmware directory name */
	const char *sig_family;		/* .fwsignature_<family> */
	uint32_t boot0, boot42;
	uint16_t device, subsys_device;
	uint64_t fb_default;
	uint64_t bar1_size;
	bool ga10x_boot;		/* FWSEC + SEC2 booter path modelled */
	bool fsp_boot;			/* GH100: FSP chain of trust (fsp.c) */
	/*
	 * GA100: Turing-style legacy HS ucode (nouveau gsp/ga100.c): PIO-loaded,
	 * no BROM parameters, signature 0, no RISC-V BCR; LIBOS2 WPR heap.
	 */
	bool legacy_hs;
};

/* The modelled chip of that enum value (hw.c chips table), NULL if none. */
const struct hw_chip *hw_chip_of(enum gspm_chip c);


/* ---- the GH100 FSP (fsp.c) ------------------------------------------------ */

enum hw_fsp_phase {
	HW_FSP_IDLE,		/* no COT yet, or the last one was rejected */
	HW_FSP_COT,		/* COT received, answered at cot_at */
	HW_FSP_FMC_PRI,		/* GSP-FMC runs, GSP PRI locked until pri_at */
	HW_FSP_FMC_BOOT,	/* GSP-FMC boots GSP-RM, lockdown until release_at */
	HW_FSP_GSP_RM,		/* lockdown released, GSP-RM started */
};

struct hw_fsp {
	uint8_t emem[HW_FSP_EMEM_CHANNEL_SIZE];	/* channel 0 (RM) */
	uint32_t ememc;				/* offset | AINCW | AINCR */
	uint32_t queue_head, queue_tail;	/* host -> FSP */
	uint32_t msgq_head, msgq_tail;		/* FSP -> host */
	uint64_t boot_done_at;			/* I2CS scratch reads 0xff from here */
	enum hw_fsp_phase phase;
	uint64_t cot_at, pri_at, release_at, halt_at;
	uint64_t fmc_params_pa, libos_pa, meta_pa;
	unsigned int cots;			/* COT messages received */
	uint32_t last_error;			/* errorCode of the last response */
	/* Fault injection (gspm_inject GSPM_FAULT_FSP_*). */
	uint32_t inject_error;			/* answer the next COT with this code */
	uint32_t inject_fmc_error;		/* GSP-FMC halts with this in MAILBOX0 */
	bool inject_lockdown_stuck;		/* GSP-FMC never releases the lockdown */
	uint64_t busy_until;			/* GSPM_FAULT_FSP_QUEUE_BUSY: queue drains then */
};

struct gspm_hw {
	struct gspm *m;
	const struct hw_chip *chip;
	uint64_t fb_size;

	uint32_t wpr2_lo, wpr2_hi;
	uint32_t scratch_0e;
	uint32_t bsi_scratch_14;
	uint32_t pgsp_mailbox[4];
	uint32_t queue_head[8], queue_tail[8];

	struct hw_falcon gsp, sec2;
	struct hw_fsp fsp;
	const char *checker;		/* who checks the GSP images: "booter_load", "GSP-FMC" */
	struct hw_fwsec fwsec;
	struct hw_fwfiles fw;
	struct hw_intr intr;

	/* Boot progress, for the booter's checks and describe(). */
	bool frts_done;
	uint64_t frts_addr, frts_size;
	bool riscv_started;
	bool os_written;
	const char *last_image;		/* "FWSEC-FRTS", "booter_load", ... */
	const char *last_result;	/* "ok" or a short reason */
	char last_violation[256];

	/* GFW boot (hw.c): GFW keeps secure scratch group 05 from the CPU until then. */
	uint64_t gfw_done_at;
	uint32_t scratch_15;		/* NV_PBUS_SW_SCRATCH(0x15): FWSEC-SB error in 15:0 */
	/* GA10x unload record (fwsec.c, booter.c; gspm_stats). */
	bool sb_since_suspend;		/* FWSEC-SB ran since GSP-RM suspended */
	uint32_t fwsec_sb_runs, booter_unloads, booter_unloads_after_sb;

	/* Injected faults (gspm_hw_inject). */
	bool fault_hang[2];		/* the next run of falcon HW_GSP / HW_SEC2 never halts */
	bool fault_riscv_hang;		/* the GSP's RISC-V core never becomes active */
	bool off_bus;			/* BAR0 reads all-ones, writes are lost */
};

/* intr.c */
void hw_intr_init(struct gspm_hw *hw);
/* The GSP page's routing registers (RISC-V IRQMASK, or IRQDEST when dest) and INTR_RETRIGGER(0). */
uint32_t hw_intr_riscv_route(struct gspm_hw *hw, bool dest);
void hw_intr_retrigger(struct gspm_hw *hw, uint32_t val);
/* The tree's block (HW_INTR_BASE, HW_INTR_SIZE bytes): off is the BAR0 offset. */
uint32_t hw_intr_tree_read(const struct gspm_hw *hw, uint32_t off);
void hw_intr_tree_write(struct gspm_hw *hw, uint32_t off, uint32_t val);
void hw_intr_drop_edges(struct gspm_hw *hw, uint64_t count);
void hw_intr_storm(struct gspm_hw *hw, uint64_t count);
size_t hw_intr_describe(const struct gspm_hw *hw, char *buf, size_t len);

/* falcon.c */
void hw_falcon_init(struct gspm_hw *hw, struct hw_falcon *f, enum hw_falcon_id id);
bool hw_falcon_read(struct gspm_hw *hw, struct hw_falcon *f, uint32_t off, uint32_t *val);
bool hw_falcon_write(struct gspm_hw *hw, struct hw_falcon *f, uint32_t off, uint32_t val);
void hw_falcon_advance(struct gspm_hw *hw, struct hw_falcon *f, uint64_t now);
uint64_t hw_falcon_deadline(const struct hw_falcon *f);
void hw_falcon_halt(struct gspm_hw *hw, struct hw_falcon *f, uint32_t mailbox0);

/*
 * Compare `len` bytes of falcon memory with what the image should hold.
 * Returns -1 when equal, else the offset (relative to `got`) of the first
 * differing byte, and *end the end of the differing run (capped).
 */
long hw_memdiff(const uint8_t *got, const uint8_t *want, size_t len, size_t *end);

/* fwsec.c: the GSP falcon's run is over: check it holds FWSEC, run it, halt. */
void hw_fwsec_run(struct gspm_hw *hw, struct hw_falcon *f);
/* The fuse version register for an engine mask / ucode id (0 if none). */
uint32_t hw_fuse_reg(uint32_t engine_id_mask, uint32_t ucode_id);
/* Where FWSEC-FRTS must carve the FRTS region for this FB size. */
uint64_t hw_frts_expected(const struct gspm_hw *hw);
/* Describe which of `count` signatures `got` holds: index, or -1. */
int hw_sig_match(const uint8_t *got, const uint8_t *sigs, uint32_t sig_size, uint32_t count);

/* booter.c: booter_load/unload on SEC2. */
enum hw_booter_kind { HW_BOOTER_NONE, HW_BOOTER_LOAD, HW_BOOTER_UNLOAD };
enum hw_booter_kind hw_booter_identify(const struct gspm_hw *hw, const struct hw_falcon *f);
void hw_booter_run(struct gspm_hw *hw, struct hw_falcon *f);

struct gspm_wpr_meta;
/* The GSP-RM image, bootloader and signature GspFwWprMeta points at: 0 or HW_ERR_*. */
/*
 * Compare host memory at [addr, +len) with `want`; on a mismatch a violation
 * "<who>: <field> at bus address ...: bytes [a,b) differ from <src>".
 */
bool hw_check_dma(struct gspm_hw *hw, const char *who, const char *field, uint64_t addr,
		  const uint8_t *want, size_t len, const char *src);
uint32_t hw_check_gsp_images(struct gspm_hw *hw, const struct gspm_wpr_meta *meta,
			     const char **why);

/* fsp.c: GH100 FSP registers (EMEM, queues, I2CS scratch), COT, GSP-FMC. */
void hw_fsp_init(struct gspm_hw *hw);
bool hw_fsp_read(struct gspm_hw *hw, uint32_t off, uint32_t *val);
bool hw_fsp_write(struct gspm_hw *hw, uint32_t off, uint32_t val);
void hw_fsp_advance(struct gspm_hw *hw, uint64_t now);
uint64_t hw_fsp_deadline(const struct gspm_hw *hw);
void hw_fsp_gsp_halted(struct gspm_hw *hw);
/* The command queue holds an earlier message the FSP consumes @ns from now. */
void hw_fsp_queue_busy(struct gspm_hw *hw, uint64_t ns);
size_t hw_fsp_describe(const struct gspm_hw *hw, char *buf, size_t len);

/* WPR2 register encoding: bits 31:4 = address >> 12. */
static inline uint32_t hw_wpr2_enc(uint64_t addr)
{
	return (uint32_t)(addr >> 12) << HW_WPR2_ADDR_SHIFT;
}
static inline uint64_t hw_wpr2_dec(uint32_t reg)
{
	return (uint64_t)(reg >> HW_WPR2_ADDR_SHIFT) << 12;
}

static inline uint32_t hw_rd32le(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}
static inline uint16_t hw_rd16le(const uint8_t *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}
static inline uint64_t hw_rd64le(const uint8_t *p)
{
	return (uint64_t)hw_rd32le(p) | (uint64_t)hw_rd32le(p + 4) << 32;
}

/* hw.c: record a violation and remember it for describe(). */
void hw_violate(struct gspm_hw *hw, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#endif
