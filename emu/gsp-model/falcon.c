/* SPDX-License-Identifier: MIT */
/*
 * The GSP and SEC2 falcons: register file, engine reset and memory scrub,
 * core select, the DMA engine, boot ROM parameters, start and halt
 * (docs/hw-fidelity.md "Falcon operations"; protocol.md §3.2; nova-core falcon.rs
 * and falcon/hal/ga102.rs; nouveau nvkm/falcon).
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
#include <stdio.h>
#include <string.h>

#include "hw_priv.h"

#define FALCON_BCR_RESET	(HW_BCR_CORE_SELECT_RISCV | HW_BCR_VALID)

long hw_memdiff(const uint8_t *got, const uint8_t *want, size_t len, size_t *end)
{
	size_t i, j;

	for (i = 0; i < len && got[i] == want[i]; i++)
		;
	if (i == len)
		return -1;
	for (j = i; j < len && got[j] != want[j]; j++)
		;
	*end = j;
	return (long)i;
}

static void falcon_reset_state(struct hw_falcon *f)
{
	f->irqstat = 0;
	f->mailbox0 = f->mailbox1 = 0;
	f->os = f->rm = 0;
	f->cpuctl = HW_CPUCTL_HALTED;
	f->bootvec = f->dmactl = 0;
	f->dmatrfbase = f->dmatrfbase1 = f->dmatrfmoffs = f->dmatrffboffs = 0;
	f->dmatrfcmd = 0;
	memset(f->transcfg, 0, sizeof(f->transcfg));
	f->fbif_ctl = 0;
	f->mod_sel = f->brom_ucode_id = f->brom_engidmask = f->brom_paraaddr = 0;
	f->imemc = f->imemt = f->dmemc = 0;
	f->pio_words = 0;
	f->bcr_ctrl = f->legacy ? 0 : FALCON_BCR_RESET;
	f->riscv_cpuctl = 0;
	f->run = HW_RUN_IDLE;
	f->dma_blocks = 0;
	memset(f->imem_block, HW_IMEM_EMPTY, sizeof(f->imem_block));
	memset(f->imem, 0, sizeof(f->imem));
	memset(f->dmem, 0, sizeof(f->dmem));
}

void hw_falcon_init(struct gspm_hw *hw, struct hw_falcon *f, enum hw_falcon_id id)
{
	memset(f, 0, sizeof(*f));
	f->id = id;
	/* GA100 (tu102_gsp_flcn): no core select, the falcon core runs HS code. */
	f->legacy = hw->chip && hw->chip->legacy_hs;
	f->name = id == HW_GSP ? "GSP" : "SEC2";
	f->base = id == HW_GSP ? HW_GSP_BASE : HW_SEC2_BASE;
	falcon_reset_state(f);
	/* Power-on: GFW has run FWSEC-less; both falcons sit halted, scrubbed. */
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
	memcpy((imem ? f->imem : f->dmem) + f->dmatrfmoffs, buf, size);
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

static void falcon_pio_imemd(struct gspm_hw *hw, struct hw_falcon *f, uint32_t val)
{
	uint32_t addr = f->imemc & PIO_ADDR_MASK;

	if (!falcon_pio_ok(hw, f, "IMEMD(0)"))
		return;
	if (addr + 4 > HW_FALCON_IMEM_SIZE) {
		hw_violate(hw, "%s falcon: IMEMD(0) write at IMEM 0x%x is outside the %u-byte IMEM",
			   f->name, addr, HW_FALCON_IMEM_SIZE);
		return;
	}
	memcpy(f->imem + addr, &val, 4);
	f->imem_block[addr / HW_FALCON_BLOCK] =
		HWF_GET(NV_PFALCON_FALCON_IMEMC_SECURE, f->imemc) ? HW_IMEM_SECURE : HW_IMEM_PLAIN;
	f->pio_words++;
	if (HWF_GET(NV_PFALCON_FALCON_IMEMC_AINCW, f->imemc) == NV_PFALCON_FALCON_IMEMC_AINCW_TRUE)
		f->imemc = (f->imemc & ~PIO_ADDR_MASK) | ((addr + 4) & PIO_ADDR_MASK);
}

static void falcon_pio_dmemd(struct gspm_hw *hw, struct hw_falcon *f, uint32_t val)
{
	uint32_t addr = f->dmemc & PIO_ADDR_MASK;

	if (!falcon_pio_ok(hw, f, "DMEMD(0)"))
		return;
	if (addr + 4 > HW_FALCON_DMEM_SIZE) {
		hw_violate(hw, "%s falcon: DMEMD(0) write at DMEM 0x%x is outside the %u-byte DMEM",
			   f->name, addr, HW_FALCON_DMEM_SIZE);
		return;
	}
	memcpy(f->dmem + addr, &val, 4);
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

bool hw_falcon_read(struct gspm_hw *hw, struct hw_falcon *f, uint32_t off, uint32_t *val)
{
	uint32_t v;

	switch (off) {
	case HW_FALCON_IRQSSET:
	case NV_PFALCON_FALCON_IRQSTAT:
		v = f->irqstat;
		break;
	case NV_PFALCON_FALCON_IRQSCLR:
	case NV_PFALCON_FALCON_IRQMCLR:
		v = 0;
		break;
	case NV_PFALCON_FALCON_IRQMSET:
	case NV_PFALCON_FALCON_IRQMASK:
	case HW_RISCV_OFFSET + HW_RISCV_IRQMASK:	/* mirrors the falcon mask */
		v = f->irqmask;
		break;
	case NV_PFALCON_FALCON_IRQDEST:
		v = f->irqdest;
		break;
	case NV_PFALCON_FALCON_MAILBOX0:
		/* GH100: GSP-FMC holds the PRI lockdown (protocol.md §3.6 step 6). */
		v = f->pri_locked ? HW_GSP_MAILBOX0_PRI_LOCKED : f->mailbox0;
		break;
	case NV_PFALCON_FALCON_MAILBOX1:
		v = f->mailbox1;
		break;
	case NV_PFALCON_FALCON_OS:
		v = f->os;
		break;
	case HW_FALCON_RM:
		v = f->rm;
		break;
	case NV_PFALCON_FALCON_HWCFG2:
		v = hwcfg2(hw, f);
		break;
	case NV_PFALCON_FALCON_CPUCTL:
	case NV_PFALCON_FALCON_CPUCTL_ALIAS:
		v = f->cpuctl;
		break;
	case NV_PFALCON_FALCON_BOOTVEC:
		v = f->bootvec;
		break;
	case NV_PFALCON_FALCON_DMACTL:
		v = f->dmactl;
		break;
	case NV_PFALCON_FALCON_DMATRFBASE:
		v = f->dmatrfbase;
		break;
	case NV_PFALCON_FALCON_DMATRFBASE1:
		v = f->dmatrfbase1;
		break;
	case NV_PFALCON_FALCON_DMATRFMOFFS:
		v = f->dmatrfmoffs;
		break;
	case NV_PFALCON_FALCON_DMATRFFBOFFS:
		v = f->dmatrffboffs;
		break;
	case NV_PFALCON_FALCON_DMATRFCMD:
		v = f->dmatrfcmd | HWF_MASK(NV_PFALCON_FALCON_DMATRFCMD_IDLE);
		break;
	case NV_PFALCON_FALCON_IMEMC(0):
		v = f->imemc;
		break;
	case NV_PFALCON_FALCON_IMEMT(0):
		v = f->imemt;
		break;
	case NV_PFALCON_FALCON_DMEMC(0):
		v = f->dmemc;
		break;
	case HW_FALCON_ENGINE:
		v = f->engine;
		break;
	case (HW_FBIF_OFFSET + NV_PFALCON_FBIF_CTL):
		v = f->fbif_ctl;
		break;
	case HW_FALCON2_MOD_SEL:
		v = f->mod_sel;
		break;
	case HW_FALCON2_BROM_CURR_UCODE_ID:
		v = f->brom_ucode_id;
		break;
	case HW_FALCON2_BROM_ENGIDMASK:
		v = f->brom_engidmask;
		break;
	case HW_FALCON2_BROM_PARAADDR0:
		v = f->brom_paraaddr;
		break;
	case HW_RISCV_OFFSET + NV_PRISCV_RISCV_CPUCTL:
		v = f->riscv_cpuctl;
		break;
	case HW_RISCV_OFFSET + NV_PRISCV_RISCV_BCR_CTRL:
		/* The core switch completes at once: VALID reads set (nova-core
		 * select_core_ga102 and OGKM kflcnSwitchToFalcon_GA102 poll it). */
		v = f->bcr_ctrl | HW_BCR_VALID;
		break;
	default:
		if (off >= (HW_FBIF_OFFSET + NV_PFALCON_FBIF_TRANSCFG(0)) && off < (HW_FBIF_OFFSET + NV_PFALCON_FBIF_TRANSCFG(0)) + 32 &&
		    !(off & 3)) {
			v = f->transcfg[(off - (HW_FBIF_OFFSET + NV_PFALCON_FBIF_TRANSCFG(0))) / 4];
			break;
		}
		return false;
	}
	(void)hw;
	*val = v;
	return true;
}

static void falcon_engine_write(struct gspm_hw *hw, struct hw_falcon *f, uint32_t val)
{
	bool was = f->engine & HW_FALCON_ENGINE_RESET;
	bool now = val & HW_FALCON_ENGINE_RESET;

	f->engine = val & HW_FALCON_ENGINE_RESET;
	if (now && !was) {
		bool irq = f->irqstat != 0;

		falcon_reset_state(f);
		f->scrubbing = false;
		if (f->id == HW_GSP) {
			/* The RISC-V core stops with the engine; RM is told by its own
			 * protocol (unload), not by us. */
			if (irq)
				gspm_update_irq(hw->m);
		}
	} else if (!now && was) {
		/* Coming out of reset the falcon scrubs IMEM/DMEM for a few µs. */
		f->scrubbing = true;
		f->scrub_end = gspm_now(hw->m) + jitter(hw, HW_SCRUB_NS);
	}
}

bool hw_falcon_write(struct gspm_hw *hw, struct hw_falcon *f, uint32_t off, uint32_t val)
{
	switch (off) {
	case HW_FALCON_IRQSSET:
		f->irqstat |= val;
		if (f->id == HW_GSP)
			gspm_update_irq(hw->m);
		break;
	case NV_PFALCON_FALCON_IRQSCLR:
		f->irqstat &= ~val;
		if (f->id == HW_GSP)
			gspm_update_irq(hw->m);
		break;
	case NV_PFALCON_FALCON_IRQMSET:
		f->irqmask |= val;
		if (f->id == HW_GSP)
			gspm_update_irq(hw->m);
		break;
	case NV_PFALCON_FALCON_IRQMCLR:
		f->irqmask &= ~val;
		if (f->id == HW_GSP)
			gspm_update_irq(hw->m);
		break;
	case NV_PFALCON_FALCON_IRQSTAT:
	case NV_PFALCON_FALCON_IRQMASK:
	case NV_PFALCON_FALCON_HWCFG2:
	case HW_RISCV_OFFSET + HW_RISCV_IRQMASK:
		break;				/* read-only */
	case NV_PFALCON_FALCON_IRQDEST:
		f->irqdest = val;
		break;
	case NV_PFALCON_FALCON_MAILBOX0:
		f->mailbox0 = val;
		break;
	case NV_PFALCON_FALCON_MAILBOX1:
		f->mailbox1 = val;
		break;
	case NV_PFALCON_FALCON_OS:
		f->os = val;
		if (f->id == HW_GSP && (hw->fw.loaded || hw->fw.fmc_loaded)) {
			/* protocol.md §3.4 step 12: FALCON_OS = the bootloader's appVersion. */
			hw->os_written = true;
			if (val != hw->fw.bl_app_version)
				hw_violate(hw, "GSP FALCON_OS written 0x%x, but the bootloader's "
					   "appVersion (%s) is 0x%x", val, hw->fw.bl_path,
					   hw->fw.bl_app_version);
		}
		break;
	case HW_FALCON_RM:
		f->rm = val;
		break;
	case NV_PFALCON_FALCON_CPUCTL:
		if (val & HW_CPUCTL_STARTCPU) {
			if (f->cpuctl & HW_CPUCTL_ALIAS_EN)
				hw_violate(hw, "%s falcon: CPUCTL.STARTCPU with ALIAS_EN set; start "
					   "through CPUCTL_ALIAS", f->name);
			else
				falcon_start(hw, f, "CPUCTL");
		}
		break;
	case NV_PFALCON_FALCON_CPUCTL_ALIAS:
		if (val & HW_CPUCTL_STARTCPU)
			falcon_start(hw, f, "CPUCTL_ALIAS");
		break;
	case NV_PFALCON_FALCON_BOOTVEC:
		f->bootvec = val;
		break;
	case NV_PFALCON_FALCON_DMACTL:
		f->dmactl = val;
		break;
	case NV_PFALCON_FALCON_DMATRFBASE:
		f->dmatrfbase = val;
		break;
	case NV_PFALCON_FALCON_DMATRFBASE1:
		f->dmatrfbase1 = val & 0x1ff;	/* 49-bit DMA addresses */
		break;
	case NV_PFALCON_FALCON_DMATRFMOFFS:
		f->dmatrfmoffs = val;
		break;
	case NV_PFALCON_FALCON_DMATRFFBOFFS:
		f->dmatrffboffs = val;
		break;
	case NV_PFALCON_FALCON_DMATRFCMD:
		f->dmatrfcmd = val & ~HWF_MASK(NV_PFALCON_FALCON_DMATRFCMD_IDLE);
		falcon_dma(hw, f, val);
		break;
	case NV_PFALCON_FALCON_IMEMC(0):
		f->imemc = val;
		break;
	case NV_PFALCON_FALCON_IMEMT(0):
		f->imemt = val & HWF_MASK(NV_PFALCON_FALCON_IMEMT_TAG);
		break;
	case NV_PFALCON_FALCON_IMEMD(0):
		falcon_pio_imemd(hw, f, val);
		break;
	case NV_PFALCON_FALCON_DMEMC(0):
		f->dmemc = val;
		break;
	case NV_PFALCON_FALCON_DMEMD(0):
		falcon_pio_dmemd(hw, f, val);
		break;
	case HW_FALCON_ENGINE:
		falcon_engine_write(hw, f, val);
		break;
	case (HW_FBIF_OFFSET + NV_PFALCON_FBIF_CTL):
		f->fbif_ctl = val;
		break;
	case HW_FALCON2_MOD_SEL:
		f->mod_sel = val;
		break;
	case HW_FALCON2_BROM_CURR_UCODE_ID:
		f->brom_ucode_id = val;
		break;
	case HW_FALCON2_BROM_ENGIDMASK:
		f->brom_engidmask = val;
		break;
	case HW_FALCON2_BROM_PARAADDR0:
		f->brom_paraaddr = val;
		break;
	case HW_RISCV_OFFSET + NV_PRISCV_RISCV_CPUCTL:
		break;				/* the model's RISC-V is started by booter_load */
	case HW_RISCV_OFFSET + NV_PRISCV_RISCV_BCR_CTRL:
		/* Kept as written: booter_load checks what the host programmed. */
		f->bcr_ctrl = val & (HW_BCR_CORE_SELECT_RISCV | HW_BCR_VALID | HW_BCR_BRFETCH);
		break;
	default:
		if (off >= (HW_FBIF_OFFSET + NV_PFALCON_FBIF_TRANSCFG(0)) && off < (HW_FBIF_OFFSET + NV_PFALCON_FBIF_TRANSCFG(0)) + 32 &&
		    !(off & 3)) {
			f->transcfg[(off - (HW_FBIF_OFFSET + NV_PFALCON_FBIF_TRANSCFG(0))) / 4] = val;
			break;
		}
		return false;
	}
	return true;
}
