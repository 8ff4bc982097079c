/* SPDX-License-Identifier: MIT */
/*
 * The GSP and SEC2 falcons: register file, engine reset and memory scrub,
 * core select, the DMA engine, boot ROM parameters, start and halt
 * (docs/hw-fidelity.md "Falcon operations"; protocol.md §3.2; nova-core falcon.rs
 * and falcon/hal/ga102.rs; nouveau nvkm/falcon).  The registers are a table
 * (falcon_regs, at the end) with hooks where an access has side effects.
 *
 * What runs is decided when the virtual execution time is over
 * (hw_falcon_advance): the model compares IMEM/DMEM with the images it knows
 * (FWSEC from its VBIOS on the GSP falcon, booter_load/unload from the
 * firmware files on SEC2).  A DMA completes inside the MMIO write that
 * starts it, so DMATRFCMD reads IDLE at once; that keeps the register
 * sequence deterministic without an extra event.
 *
 * Reset keeps IRQMASK/IRQDEST (the interrupt routing the host set up) and
 * clears everything the running code owned: IRQSTAT, mailboxes, CPUCTL,
 * IMEM/DMEM (scrubbed), DMA and BROM registers.  BCR_CTRL comes out of
 * reset with the RISC-V core selected (an assumption, docs/hw-fidelity.md),
 * so a driver that forgets to select the falcon core for an HS ucode is
 * caught.
 *
 * Every ucode the host starts on these falcons is heavy-secure (FWSEC, the
 * booters): its code must come in with DMATRFCMD SEC set, as nouveau
 * ga102_flcn_fw_load, nova-core dma_load and OGKM kgspExecuteHsFalcon_GA102
 * load it; the model's BROM refuses code that did not.
 */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hw_priv.h"

#define FALCON_BCR_RESET	(HW_BCR_CORE_SELECT_RISCV | HW_BCR_VALID)

static void falcon_reset_state(struct hw_falcon *f);

long hw_memdiff(const uint8_t *got, const uint8_t *want, size_t len, size_t *end)
{
	size_t i, j;

	/* The common case, equal, at memcmp's speed: a 535.x GSP image is 36 MiB. */
	if (!memcmp(got, want, len))
		return -1;
	for (i = 0; i < len && got[i] == want[i]; i++)
		;
	for (j = i; j < len && got[j] != want[j]; j++)
		;
	*end = j;
	return (long)i;
}

void hw_falcon_halt(struct gspm_hw *hw, struct hw_falcon *f, uint32_t mailbox0)
{
	f->run = HW_RUN_HALTED;
	f->cpuctl |= HW_CPUCTL_HALTED;
	f->mailbox0 = mailbox0;
	f->irqstat |= HW_IRQ_HALT;
	if (f->id == HW_GSP)
		gspm_update_irq(hw->m);
}

/*
 * Both falcons of every modelled chip are RISC-V capable (nouveau
 * ga102_gsp_flcn / ga102_sec2_flcn use ga102_flcn_select).  RESET_READY reads
 * set unless the configuration says it never sets (kflcnPreResetWait_GA102).
 */
static uint32_t hwcfg2(const struct gspm_hw *hw, const struct hw_falcon *f)
{
	uint32_t v = HWF_MASK(NV_PFALCON_FALCON_HWCFG2_RISCV);

	if (!gspm_cfg(hw->m)->falcon_reset_ready_stuck)
		v |= HWF_MASK(NV_PFALCON_FALCON_HWCFG2_RESET_READY);

	if (f->scrubbing || (f->engine & HW_FALCON_ENGINE_RESET))
		v |= HWF_MASK(NV_PFALCON_FALCON_HWCFG2_MEM_SCRUBBING);
	if (f->br_lockdown)
		v |= HWF_MASK(NV_PFALCON_FALCON_HWCFG2_RISCV_BR_PRIV_LOCKDOWN);
	return v;
}

/* Bytes into IMEM or DMEM at off (checked against its size), the dirty extent kept. */
static void falcon_mem_write(struct hw_falcon *f, bool imem, uint32_t off, const void *src,
			     uint32_t len)
{
	uint32_t *dirty = imem ? &f->imem_dirty : &f->dmem_dirty;

	memcpy((imem ? f->imem : f->dmem) + off, src, len);
	if (off + len > *dirty)
		*dirty = off + len;
}

/* One DMATRFCMD: copy a block of host memory into IMEM or DMEM. */
static void falcon_dma(struct gspm_hw *hw, struct hw_falcon *f, uint32_t cmd)
{
	bool imem = cmd & HWF_MASK(NV_PFALCON_FALCON_DMATRFCMD_IMEM);
	uint32_t size = 4u << ((cmd >> HW_FALCON_DMATRFCMD_SIZE_SHIFT) & HW_FALCON_DMATRFCMD_SIZE_MASK);
	uint32_t limit = imem ? HW_FALCON_IMEM_SIZE : HW_FALCON_DMEM_SIZE;
	uint64_t src = ((uint64_t)f->dmatrfbase << 8) + ((uint64_t)f->dmatrfbase1 << 40) +
		       f->dmatrffboffs;
	uint8_t buf[256];
	char what[64];

	if (f->engine & HW_FALCON_ENGINE_RESET) {
		hw_violate(hw, "%s falcon: DMATRFCMD written while ENGINE reset is asserted",
			   f->name);
		return;
	}
	if (f->scrubbing) {
		hw_violate(hw, "%s falcon: DMATRFCMD written while HWCFG2.MEM_SCRUBBING is "
			   "still set (wait for the scrub after reset)", f->name);
		return;
	}
	if (f->run == HW_RUN_RUNNING) {
		hw_violate(hw, "%s falcon: DMA load while the falcon CPU is running", f->name);
		return;
	}
	/* hw-fidelity "DMA load": coherent sysmem, physical, no context. */
	if ((f->transcfg[0] & 3u) != HWF_DEF(NV_PFALCON_FBIF_TRANSCFG_TARGET, NV_PFALCON_FBIF_TRANSCFG_TARGET_COHERENT_SYSMEM) ||
	    !(f->transcfg[0] & HWF_DEF(NV_PFALCON_FBIF_TRANSCFG_MEM_TYPE, NV_PFALCON_FBIF_TRANSCFG_MEM_TYPE_PHYSICAL)) ||
	    !(f->fbif_ctl & HWF_MASK(NV_PFALCON_FBIF_CTL_ALLOW_PHYS_NO_CTX)) || (f->dmactl & 1u)) {
		hw_violate(hw, "%s falcon: DMA with FBIF_TRANSCFG0=0x%x FBIF_CTL=0x%x DMACTL=0x%x; "
			   "the load path needs coherent sysmem | physical, ALLOW_PHYS_NO_CTX "
			   "and DMACTL=0", f->name, f->transcfg[0], f->fbif_ctl, f->dmactl);
		return;
	}
	if (size > sizeof(buf) || (uint64_t)f->dmatrfmoffs + size > limit) {
		hw_violate(hw, "%s falcon: DMA of %u bytes to %s offset 0x%x is outside the "
			   "%u-byte memory", f->name, size, imem ? "IMEM" : "DMEM",
			   f->dmatrfmoffs, limit);
		return;
	}
	snprintf(what, sizeof(what), "%s falcon DMA to %s 0x%x", f->name,
		 imem ? "IMEM" : "DMEM", f->dmatrfmoffs);
	if (gspm_dma_read(hw->m, src, buf, size, what))
		return;
	falcon_mem_write(f, imem, f->dmatrfmoffs, buf, size);
	f->dma_blocks++;
	if (imem) {
		uint8_t kind = HWF_GET(NV_PFALCON_FALCON_DMATRFCMD_SEC, cmd) ? HW_IMEM_SECURE :
									       HW_IMEM_PLAIN;

		for (uint32_t b = f->dmatrfmoffs / HW_FALCON_BLOCK;
		     b <= (f->dmatrfmoffs + size - 1) / HW_FALCON_BLOCK; b++)
			f->imem_block[b] = kind;
	}
}

/*
 * PIO through port 0 (dev_falcon_v4.h IMEMC/IMEMD/IMEMT, DMEMC/DMEMD;
 * nouveau falcon/gm200.c gm200_flcn_pio_imem_wr_init/_wr and
 * gm200_flcn_pio_dmem_wr_init/_wr): the control register holds the byte
 * address (BLK 23:8, OFFS 7:2), a data write stores one word there and,
 * with AINCW, advances it by 4.  IMEMC.SECURE marks the IMEM written as
 * secure code, as DMATRFCMD SEC does for a DMA.
 */
#define PIO_ADDR_MASK	(HWF_MASK(NV_PFALCON_FALCON_IMEMC_BLK) | HWF_MASK(NV_PFALCON_FALCON_IMEMC_OFFS))

static bool falcon_pio_ok(struct gspm_hw *hw, struct hw_falcon *f, const char *reg)
{
	if (f->engine & HW_FALCON_ENGINE_RESET) {
		hw_violate(hw, "%s falcon: %s written while ENGINE reset is asserted", f->name, reg);
		return false;
	}
	if (f->scrubbing) {
		hw_violate(hw, "%s falcon: %s written while HWCFG2.MEM_SCRUBBING is still set "
			   "(wait for the scrub after reset)", f->name, reg);
		return false;
	}
	if (f->run == HW_RUN_RUNNING) {
		hw_violate(hw, "%s falcon: %s written while the falcon CPU is running", f->name, reg);
		return false;
	}
	return true;
}

static void falcon_pio_imemd(struct gspm_hw *hw, struct hw_falcon *f, const char *reg,
			     uint32_t val)
{
	uint32_t addr = f->imemc & PIO_ADDR_MASK;

	if (!falcon_pio_ok(hw, f, reg))
		return;
	if (addr + 4 > HW_FALCON_IMEM_SIZE) {
		hw_violate(hw, "%s falcon: %s write at IMEM 0x%x is outside the %u-byte IMEM",
			   f->name, reg, addr, HW_FALCON_IMEM_SIZE);
		return;
	}
	falcon_mem_write(f, true, addr, &val, 4);
	f->imem_block[addr / HW_FALCON_BLOCK] =
		HWF_GET(NV_PFALCON_FALCON_IMEMC_SECURE, f->imemc) ? HW_IMEM_SECURE : HW_IMEM_PLAIN;
	f->pio_words++;
	if (HWF_GET(NV_PFALCON_FALCON_IMEMC_AINCW, f->imemc) == NV_PFALCON_FALCON_IMEMC_AINCW_TRUE)
		f->imemc = (f->imemc & ~PIO_ADDR_MASK) | ((addr + 4) & PIO_ADDR_MASK);
}

static void falcon_pio_dmemd(struct gspm_hw *hw, struct hw_falcon *f, const char *reg,
			     uint32_t val)
{
	uint32_t addr = f->dmemc & PIO_ADDR_MASK;

	if (!falcon_pio_ok(hw, f, reg))
		return;
	if (addr + 4 > HW_FALCON_DMEM_SIZE) {
		hw_violate(hw, "%s falcon: %s write at DMEM 0x%x is outside the %u-byte DMEM",
			   f->name, reg, addr, HW_FALCON_DMEM_SIZE);
		return;
	}
	falcon_mem_write(f, false, addr, &val, 4);
	f->pio_words++;
	if (HWF_GET(NV_PFALCON_FALCON_DMEMC_AINCW, f->dmemc) == NV_PFALCON_FALCON_DMEMC_AINCW_TRUE)
		f->dmemc = (f->dmemc & ~PIO_ADDR_MASK) | ((addr + 4) & PIO_ADDR_MASK);
}

static uint64_t jitter(struct gspm_hw *hw, uint64_t base)
{
	return base + gspm_rand(hw->m) % (base / 4 + 1);
}

static void falcon_start(struct gspm_hw *hw, struct hw_falcon *f, const char *how)
{
	uint64_t t;

	if (f->engine & HW_FALCON_ENGINE_RESET) {
		hw_violate(hw, "%s falcon: %s.STARTCPU while ENGINE reset is asserted", f->name, how);
		return;
	}
	if (f->scrubbing) {
		hw_violate(hw, "%s falcon: %s.STARTCPU while memory is still being scrubbed",
			   f->name, how);
		return;
	}
	if (f->run == HW_RUN_RUNNING) {
		hw_violate(hw, "%s falcon: %s.STARTCPU while the CPU is already running", f->name, how);
		return;
	}
	f->run = HW_RUN_RUNNING;
	f->bad_core = false;
	f->bad_sec = false;
	f->cpuctl &= ~HW_CPUCTL_HALTED;
	f->irqstat &= ~HW_IRQ_HALT;

	/*
	 * The HS ucodes the host starts run on the falcon core; the GSP's RISC-V
	 * core is started by booter_load, never by the host (hw-fidelity step 2).
	 */
	if (f->bcr_ctrl & HW_BCR_CORE_SELECT_RISCV) {
		hw_violate(hw, "%s falcon: %s.STARTCPU with RISCV BCR_CTRL=0x%x selecting the "
			   "RISC-V core; HS ucode needs CORE_SELECT = falcon (bit 4 clear)",
			   f->name, how, f->bcr_ctrl);
		f->run_end = gspm_now(hw->m) + jitter(hw, HW_GENERIC_RUN_NS);
		f->bad_core = true;
		return;
	}
	/*
	 * The BROM authenticates and runs only secure code: an IMEM block the
	 * host DMA'd without DMATRFCMD.SEC means the HS ucode is refused.
	 */
	for (uint32_t b = 0; !(f->legacy && f->id == HW_SEC2) && b < HW_FALCON_IMEM_BLOCKS; b++) {
		if (f->imem_block[b] != HW_IMEM_PLAIN)
			continue;
		hw_violate(hw, "%s falcon: %s.STARTCPU of an HS ucode whose IMEM block 0x%x was "
			   "DMA-loaded without DMATRFCMD.SEC (bits 3:2 = 0); HS code must be "
			   "loaded secure (SEC = 1)", f->name, how, b * HW_FALCON_BLOCK);
		f->run_end = gspm_now(hw->m) + jitter(hw, HW_GENERIC_RUN_NS);
		f->bad_sec = true;
		return;
	}
	if (f->id == HW_GSP) {
		t = HW_FWSEC_RUN_NS;
	} else {
		switch (hw_booter_identify(hw, f)) {
		case HW_BOOTER_LOAD:
			t = HW_BOOTER_LOAD_RUN_NS;
			break;
		case HW_BOOTER_UNLOAD:
			t = HW_BOOTER_UNLOAD_RUN_NS;
			break;
		default:
			t = HW_GENERIC_RUN_NS;
			break;
		}
	}
	f->run_end = gspm_now(hw->m) + jitter(hw, t);
	/* Fault (GSPM_FAULT_FALCON_HANG): this run never halts. */
	if (hw->fault_hang[f->id]) {
		hw->fault_hang[f->id] = false;
		f->run_end = UINT64_MAX;
		gspm_log(hw->m, GSPM_LOG_INFO, "fault: the %s falcon's run never halts", f->name);
	}
}

void hw_falcon_advance(struct gspm_hw *hw, struct hw_falcon *f, uint64_t now)
{
	if (f->scrubbing && now >= f->scrub_end)
		f->scrubbing = false;
	if (f->run != HW_RUN_RUNNING || now < f->run_end)
		return;
	if (f->bad_core) {
		hw->last_image = f->id == HW_GSP ? "GSP falcon code" : "SEC2 falcon code";
		hw->last_result = "wrong core selected";
		hw_falcon_halt(hw, f, HW_ERR_CORE_SELECT);
		return;
	}
	if (f->bad_sec) {
		hw->last_image = f->id == HW_GSP ? "GSP falcon code" : "SEC2 falcon code";
		hw->last_result = "HS code not loaded secure";
		hw_falcon_halt(hw, f, HW_ERR_HS_NOT_SECURE);
		return;
	}
	if (f->id == HW_GSP)
		hw_fwsec_run(hw, f);
	else
		hw_booter_run(hw, f);
}

uint64_t hw_falcon_deadline(const struct hw_falcon *f)
{
	uint64_t d = UINT64_MAX;

	if (f->scrubbing)
		d = f->scrub_end;
	if (f->run == HW_RUN_RUNNING && f->run_end < d)
		d = f->run_end;
	return d;
}

/* ---- the register file ---------------------------------------------------- */

/*
 * Each falcon register as a row (QEMU's registerfields/RegisterAccessInfo
 * in plain C): where its value lives in struct hw_falcon, what an ENGINE
 * reset puts there, the bits a write leaves alone, and hooks only where an
 * access does more than load or store.  A write stores the writable bits
 * (or sets or clears bits, for the SET/CLR pairs) first, then calls the
 * hook; a read returns the stored value, through the hook where the hardware
 * computes it.
 */
struct falcon_reg {
	uint32_t off;			/* from the falcon's base */
	const char *name;
	size_t field;			/* offsetof in struct hw_falcon; NONE: reads 0 */
	uint32_t reset;
	uint32_t ro;			/* bits a write keeps; ~0u: read-only */
	unsigned int flags;
	void (*write)(struct gspm_hw *hw, struct hw_falcon *f, const struct falcon_reg *r,
		      uint32_t val);
	uint32_t (*read)(const struct gspm_hw *hw, const struct hw_falcon *f, uint32_t v);
};

#define NONE		0		/* offset 0 is hw_falcon.id, never a register */
#define KEEP		1u		/* the host's routing: survives ENGINE reset */
#define WO		2u		/* a data port: reads are not decoded */
#define SET		4u		/* a write sets its 1 bits in the field */
#define CLR		8u		/* a write clears its 1 bits in the field; reads 0 */
#define RO		(~0u)

#define FIELD(m)	offsetof(struct hw_falcon, m)

/* The GSP falcon's interrupt drives the PF line; SEC2's is not routed. */
static void falcon_irq_changed(struct gspm_hw *hw, const struct hw_falcon *f)
{
	if (f->id == HW_GSP)
		gspm_update_irq(hw->m);
}

static void irq_write(struct gspm_hw *hw, struct hw_falcon *f, const struct falcon_reg *r,
		      uint32_t val)
{
	falcon_irq_changed(hw, f);
}

static uint32_t mailbox0_read(const struct gspm_hw *hw, const struct hw_falcon *f, uint32_t v)
{
	/* GH100: GSP-FMC holds the PRI lockdown (protocol.md §3.6 step 6). */
	return f->pri_locked ? HW_GSP_MAILBOX0_PRI_LOCKED : v;
}

static void os_write(struct gspm_hw *hw, struct hw_falcon *f, const struct falcon_reg *r,
		     uint32_t val)
{
	if (f->id != HW_GSP || !(hw->fw.loaded || hw->fw.fmc_loaded))
		return;
	/* protocol.md §3.4 step 12: FALCON_OS = the bootloader's appVersion. */
	hw->os_written = true;
	if (val != hw->fw.bl_app_version)
		hw_violate(hw, "GSP FALCON_OS written 0x%x, but the bootloader's appVersion (%s) "
			   "is 0x%x", val, hw->fw.bl_path, hw->fw.bl_app_version);
}

static uint32_t hwcfg2_read(const struct gspm_hw *hw, const struct hw_falcon *f, uint32_t v)
{
	return hwcfg2(hw, f);
}

/*
 * CPUCTL or CPUCTL_ALIAS: STARTCPU starts the falcon.  CPUCTL.ALIAS_EN,
 * which makes the host start through the alias (nouveau
 * nvkm_falcon_v1_start), is never set here: CPUCTL is read-only to the
 * host and no modelled ucode sets it, so either register starts it.
 */
static void cpuctl_write(struct gspm_hw *hw, struct hw_falcon *f, const struct falcon_reg *r,
			 uint32_t val)
{
	if (val & HW_CPUCTL_STARTCPU)
		falcon_start(hw, f, r->name);
}

/* A DMA completes inside the write that starts it (see the top). */
static void dmatrfcmd_write(struct gspm_hw *hw, struct hw_falcon *f, const struct falcon_reg *r,
			    uint32_t val)
{
	falcon_dma(hw, f, val);
}

static uint32_t dmatrfcmd_read(const struct gspm_hw *hw, const struct hw_falcon *f, uint32_t v)
{
	return v | HWF_MASK(NV_PFALCON_FALCON_DMATRFCMD_IDLE);
}

static void imemd_write(struct gspm_hw *hw, struct hw_falcon *f, const struct falcon_reg *r,
			uint32_t val)
{
	falcon_pio_imemd(hw, f, r->name, val);
}

static void dmemd_write(struct gspm_hw *hw, struct hw_falcon *f, const struct falcon_reg *r,
			uint32_t val)
{
	falcon_pio_dmemd(hw, f, r->name, val);
}

static void engine_write(struct gspm_hw *hw, struct hw_falcon *f, const struct falcon_reg *r,
			 uint32_t val)
{
	bool was = f->engine & HW_FALCON_ENGINE_RESET;
	bool now = val & HW_FALCON_ENGINE_RESET;

	f->engine = val & HW_FALCON_ENGINE_RESET;
	if (now && !was) {
		bool irq = f->irqstat != 0;

		falcon_reset_state(f);
		f->scrubbing = false;
		/* The RISC-V core stops with the engine; RM is told by its own
		 * protocol (unload), not by us. */
		if (irq)
			falcon_irq_changed(hw, f);
	} else if (!now && was) {
		/* Coming out of reset the falcon scrubs IMEM/DMEM for a few µs. */
		f->scrubbing = true;
		f->scrub_end = gspm_now(hw->m) + jitter(hw, HW_SCRUB_NS);
	}
}

static uint32_t bcr_ctrl_read(const struct gspm_hw *hw, const struct hw_falcon *f, uint32_t v)
{
	/* The core switch completes at once: VALID reads set (nova-core
	 * select_core_ga102 and OGKM kflcnSwitchToFalcon_GA102 poll it). */
	return v | HW_BCR_VALID;
}

#define TRANSCFG(i)	{ HW_FBIF_OFFSET + NV_PFALCON_FBIF_TRANSCFG(i), "FBIF_TRANSCFG(" #i ")", \
			  FIELD(transcfg[i]) }

static const struct falcon_reg falcon_regs[] = {
	{ HW_FALCON_IRQSSET, "IRQSSET", FIELD(irqstat), 0, 0, SET, irq_write },
	{ NV_PFALCON_FALCON_IRQSCLR, "IRQSCLR", FIELD(irqstat), 0, 0, CLR, irq_write },
	{ NV_PFALCON_FALCON_IRQSTAT, "IRQSTAT", FIELD(irqstat), 0, RO },
	{ NV_PFALCON_FALCON_IRQMSET, "IRQMSET", FIELD(irqmask), 0, 0, KEEP | SET, irq_write },
	{ NV_PFALCON_FALCON_IRQMCLR, "IRQMCLR", FIELD(irqmask), 0, 0, KEEP | CLR, irq_write },
	{ NV_PFALCON_FALCON_IRQMASK, "IRQMASK", FIELD(irqmask), 0, RO, KEEP },
	{ NV_PFALCON_FALCON_IRQDEST, "IRQDEST", FIELD(irqdest), 0, 0, KEEP },
	{ NV_PFALCON_FALCON_MAILBOX0, "MAILBOX0", FIELD(mailbox0), 0, 0, 0, NULL, mailbox0_read },
	{ NV_PFALCON_FALCON_MAILBOX1, "MAILBOX1", FIELD(mailbox1) },
	{ NV_PFALCON_FALCON_OS, "FALCON_OS", FIELD(os), 0, 0, 0, os_write },
	{ HW_FALCON_RM, "RM", FIELD(rm) },
	{ NV_PFALCON_FALCON_HWCFG2, "HWCFG2", NONE, 0, RO, 0, NULL, hwcfg2_read },
	{ NV_PFALCON_FALCON_CPUCTL, "CPUCTL", FIELD(cpuctl), HW_CPUCTL_HALTED, RO, 0,
	  cpuctl_write },
	{ NV_PFALCON_FALCON_CPUCTL_ALIAS, "CPUCTL_ALIAS", FIELD(cpuctl), HW_CPUCTL_HALTED, RO, 0,
	  cpuctl_write },
	{ NV_PFALCON_FALCON_BOOTVEC, "BOOTVEC", FIELD(bootvec) },
	{ NV_PFALCON_FALCON_DMACTL, "DMACTL", FIELD(dmactl) },
	{ NV_PFALCON_FALCON_DMATRFBASE, "DMATRFBASE", FIELD(dmatrfbase) },
	/* 49-bit DMA addresses */
	{ NV_PFALCON_FALCON_DMATRFBASE1, "DMATRFBASE1", FIELD(dmatrfbase1), 0, ~0x1ffu },
	{ NV_PFALCON_FALCON_DMATRFMOFFS, "DMATRFMOFFS", FIELD(dmatrfmoffs) },
	{ NV_PFALCON_FALCON_DMATRFFBOFFS, "DMATRFFBOFFS", FIELD(dmatrffboffs) },
	{ NV_PFALCON_FALCON_DMATRFCMD, "DMATRFCMD", FIELD(dmatrfcmd), 0,
	  HWF_MASK(NV_PFALCON_FALCON_DMATRFCMD_IDLE), 0, dmatrfcmd_write, dmatrfcmd_read },
	{ NV_PFALCON_FALCON_IMEMC(0), "IMEMC(0)", FIELD(imemc) },
	{ NV_PFALCON_FALCON_IMEMD(0), "IMEMD(0)", NONE, 0, RO, WO, imemd_write },
	{ NV_PFALCON_FALCON_IMEMT(0), "IMEMT(0)", FIELD(imemt), 0,
	  ~HWF_MASK(NV_PFALCON_FALCON_IMEMT_TAG) },
	{ NV_PFALCON_FALCON_DMEMC(0), "DMEMC(0)", FIELD(dmemc) },
	{ NV_PFALCON_FALCON_DMEMD(0), "DMEMD(0)", NONE, 0, RO, WO, dmemd_write },
	{ HW_FALCON_ENGINE, "ENGINE", FIELD(engine), 0, RO, KEEP, engine_write },
	{ HW_FBIF_OFFSET + NV_PFALCON_FBIF_CTL, "FBIF_CTL", FIELD(fbif_ctl) },
	TRANSCFG(0), TRANSCFG(1), TRANSCFG(2), TRANSCFG(3),
	TRANSCFG(4), TRANSCFG(5), TRANSCFG(6), TRANSCFG(7),
	{ HW_FALCON2_MOD_SEL, "MOD_SEL", FIELD(mod_sel) },
	{ HW_FALCON2_BROM_CURR_UCODE_ID, "BROM_CURR_UCODE_ID", FIELD(brom_ucode_id) },
	{ HW_FALCON2_BROM_ENGIDMASK, "BROM_ENGIDMASK", FIELD(brom_engidmask) },
	{ HW_FALCON2_BROM_PARAADDR0, "BROM_PARAADDR(0)", FIELD(brom_paraaddr) },
	/* Mirrors the falcon mask. */
	{ HW_RISCV_OFFSET + HW_RISCV_IRQMASK, "RISCV_IRQMASK", FIELD(irqmask), 0, RO, KEEP },
	/* The model's RISC-V is started by booter_load, not by this register. */
	{ HW_RISCV_OFFSET + NV_PRISCV_RISCV_CPUCTL, "RISCV_CPUCTL", FIELD(riscv_cpuctl), 0, RO },
	/* Kept as written: booter_load checks what the host programmed. */
	{ HW_RISCV_OFFSET + NV_PRISCV_RISCV_BCR_CTRL, "RISCV_BCR_CTRL", FIELD(bcr_ctrl),
	  FALCON_BCR_RESET, ~(HW_BCR_CORE_SELECT_RISCV | HW_BCR_VALID | HW_BCR_BRFETCH), 0, NULL,
	  bcr_ctrl_read },
};

static uint32_t *falcon_field(struct hw_falcon *f, const struct falcon_reg *r)
{
	return (uint32_t *)((char *)f + r->field);
}

#define FALCON_NREGS	(sizeof(falcon_regs) / sizeof(falcon_regs[0]))
/* The falcon's page and its RISC-V and FBIF blocks: every listed register is below. */
#define FALCON_SPAN	0x2000u

/*
 * falcon_regs' index + 1 by word of the page (0: not a register), filled at
 * the first hw_falcon_init: a look-up per IRQSTAT read or IRQSCLR write, not
 * a walk of the list (bench/RESULTS.md, rpcsmall4).
 */
static uint8_t falcon_reg_index[FALCON_SPAN / 4];
_Static_assert(FALCON_NREGS < UINT8_MAX, "falcon_reg_index holds index + 1 in a byte");

static void falcon_reg_index_fill(void)
{
	for (size_t i = 0; i < FALCON_NREGS; i++) {
		uint32_t off = falcon_regs[i].off;

		if (off >= FALCON_SPAN || off % 4 || falcon_reg_index[off / 4]) {
			fprintf(stderr, "gsp-model: falcon register %s at 0x%x: %s\n",
				falcon_regs[i].name, off,
				off >= FALCON_SPAN ? "beyond the falcon's span" :
				off % 4 ? "not word-aligned" : "listed twice");
			abort();
		}
		falcon_reg_index[off / 4] = (uint8_t)(i + 1);
	}
}

static const struct falcon_reg *falcon_reg_at(uint32_t off)
{
	unsigned int i;

	if (off >= FALCON_SPAN || off % 4)
		return NULL;
	i = falcon_reg_index[off / 4];
	return i ? &falcon_regs[i - 1] : NULL;
}

/*
 * ENGINE reset: every register the running code owned goes back to its
 * reset value (the host's interrupt routing stays, KEEP), and so does the
 * falcon's execution and memory state.
 */
static void falcon_reset_state(struct hw_falcon *f)
{
	for (size_t i = 0; i < FALCON_NREGS; i++) {
		const struct falcon_reg *r = &falcon_regs[i];

		if (r->field != NONE && !(r->flags & KEEP))
			*falcon_field(f, r) = r->reset;
	}
	if (f->legacy)
		f->bcr_ctrl = 0;	/* GA100 has no core select (hw_chip.legacy_hs) */
	f->pio_words = 0;
	f->run = HW_RUN_IDLE;
	f->dma_blocks = 0;
	memset(f->imem_block, HW_IMEM_EMPTY, sizeof(f->imem_block));
	memset(f->imem, 0, f->imem_dirty);
	memset(f->dmem, 0, f->dmem_dirty);
	f->imem_dirty = f->dmem_dirty = 0;
}

void hw_falcon_init(struct gspm_hw *hw, struct hw_falcon *f, enum hw_falcon_id id)
{
	if (!falcon_reg_index[HW_FALCON_IRQSSET / 4])	/* IRQSSET is listed */
		falcon_reg_index_fill();
	/* f is zero (gspm_hw_create's state): its memories are not touched here. */
	f->id = id;
	/* GA100 (tu102_gsp_flcn): no core select, the falcon core runs HS code. */
	f->legacy = hw->chip && hw->chip->legacy_hs;
	f->name = id == HW_GSP ? "GSP" : "SEC2";
	f->base = id == HW_GSP ? HW_GSP_BASE : HW_SEC2_BASE;
	falcon_reset_state(f);
	/* Power-on: GFW has run FWSEC-less; both falcons sit halted, scrubbed. */
}

bool hw_falcon_read(struct gspm_hw *hw, struct hw_falcon *f, uint32_t off, uint32_t *val)
{
	const struct falcon_reg *r = falcon_reg_at(off);
	uint32_t v;

	if (!r || (r->flags & WO))
		return false;
	v = r->field != NONE && !(r->flags & CLR) ? *falcon_field(f, r) : 0;
	*val = r->read ? r->read(hw, f, v) : v;
	return true;
}

bool hw_falcon_write(struct gspm_hw *hw, struct hw_falcon *f, uint32_t off, uint32_t val)
{
	const struct falcon_reg *r = falcon_reg_at(off);

	if (!r)
		return false;
	if (r->field != NONE) {
		uint32_t *p = falcon_field(f, r);

		if (r->flags & SET)
			*p |= val;
		else if (r->flags & CLR)
			*p &= ~val;
		else
			*p = (*p & r->ro) | (val & ~r->ro);
	}
	if (r->write)
		r->write(hw, f, r, val);
	return true;
}
