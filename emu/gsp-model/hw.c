/* SPDX-License-Identifier: MIT */
/*
 * gsp-model hw half: chip identity, the pre-boot registers (GFW boot,
 * FB size, VGA workspace, WPR2, scratch, fuses), the PROM window, and the
 * GSP/SEC2 falcons (falcon.c) with what runs on them (fwsec.c, booter.c),
 * and on GH100 the FSP and GSP-FMC (fsp.c).
 * docs/hw-contract.md is the contract this file implements.
 *
 * GSP mailbox accessors for the rm half (gspm_hw_gsp_mailbox):
 *   index 0, 1  = GSP FALCON_MAILBOX0/1 (0x110040/0x110044): LibOS args
 *                 address before boot, 0x80000000 once RM suspended;
 *   index 2..5  = NV_PGSP_MAILBOX(0..3) (0x110804 + 4 * (index - 2)).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hw_priv.h"

#define GiB	(1ull << 30)
#define MiB	(1ull << 20)

/*
 * BOOT_0: arch 28:24, impl 23:20, major rev 7:4, minor 3:0.  BOOT_42:
 * chip id 28:20, major 19:16, minor 15:12 (spec §3.1).  All revision A1.
 * PCI ids and BAR1 sizes: spec §6 (A10 lspci; others from the same table).
 */
static const struct hw_chip chips[] = {
	{ GSPM_CHIP_GA102, "ga102", "ga10x", 0x172000a1, 0x172a1000, 0x2236, 0x1482,
	  24 * GiB, 32 * GiB, true, false },
	{ GSPM_CHIP_AD102, "ad102", "ad10x", 0x192000a1, 0x192a1000, 0x26b9, 0x1851,
	  48 * GiB, 64 * GiB, true, false },
	{ GSPM_CHIP_GH100, "gh100", "gh100", 0x180000a1, 0x180a1000, 0x2331, 0x1626,
	  80 * GiB, 128 * GiB, false, true },
	{ GSPM_CHIP_GA100, "ga100", "ga100", 0x170000a1, 0x170a1000, 0x20f1, 0x145f,
	  40 * GiB, 64 * GiB, false, false },
};

void hw_violate(struct gspm_hw *hw, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(hw->last_violation, sizeof(hw->last_violation), fmt, ap);
	va_end(ap);
	gspm_violate(hw->m, "%s", hw->last_violation);
}

struct gspm_hw *gspm_hw_create(struct gspm *m, char *err, size_t errlen)
{
	const struct gspm_config *cfg = gspm_cfg(m);
	const struct hw_chip *chip = NULL;
	struct gspm_hw *hw;

	for (size_t i = 0; i < sizeof(chips) / sizeof(chips[0]); i++)
		if (chips[i].chip == cfg->chip)
			chip = &chips[i];
	if (!chip) {
		snprintf(err, errlen, "gsp-model: unknown chip %d", (int)cfg->chip);
		return NULL;
	}
	if (cfg->fb_size && (cfg->fb_size % MiB || cfg->fb_size < 512 * MiB ||
			     cfg->fb_size > (1ull << 40))) {
		snprintf(err, errlen, "gsp-model: fb_size 0x%llx must be a multiple of 1 MiB "
			 "between 512 MiB and 1 TiB", (unsigned long long)cfg->fb_size);
		return NULL;
	}
	hw = calloc(1, sizeof(*hw));
	if (!hw) {
		snprintf(err, errlen, "gsp-model: out of memory");
		return NULL;
	}
	hw->m = m;
	hw->chip = chip;
	hw->fb_size = cfg->fb_size ? cfg->fb_size : chip->fb_default;
	hw->last_image = "none";
	hw->last_result = "-";
	hw_falcon_init(hw, &hw->gsp, HW_GSP);
	hw_falcon_init(hw, &hw->sec2, HW_SEC2);
	hw_fsp_init(hw);
	hw_intr_init(hw);
	if (cfg->wpr2_up_at_power_on) {
		/* A previous load's WPR2 at the top of FB, as FWSEC-FRTS/booter leave it. */
		hw->wpr2_lo = hw_wpr2_enc(hw->fb_size - 256 * MiB);
		hw->wpr2_hi = hw_wpr2_enc(hw->fb_size - 2 * MiB - 0x1000);
	}

	if (hw_vbios_parse(&hw->fwsec, err, errlen) ||
	    ((chip->ga10x_boot || chip->fsp_boot) && hw_fwfiles_load(&hw->fw, cfg, err, errlen))) {
		free(hw);
		return NULL;
	}
	return hw;
}

void gspm_hw_destroy(struct gspm_hw *hw)
{
	if (!hw)
		return;
	hw_fwfiles_free(&hw->fw);
	free(hw);
}

static bool in_falcon(uint32_t off, uint32_t base)
{
	return off >= base && off < base + 0x4000;
}

bool gspm_hw_read(struct gspm_hw *hw, uint32_t off, uint32_t *val)
{
	if (hw_fsp_read(hw, off, val) || hw_intr_read(hw, off, val))
		return true;
	switch (off) {
	case NV_PMC_BOOT_0:
		*val = hw->chip->boot0;
		return true;
	case NV_PMC_BOOT_42:
		*val = hw->chip->boot42;
		return true;
	case NV_PBUS_SW_SCRATCH(0xe):
		*val = hw->scratch_0e;
		return true;
	case NV_PGC6_AON_SECURE_SCRATCH_GROUP_05_PRIV_LEVEL_MASK:
		*val = 0;	/* bit 0 clear: readable, GFW is done */
		return true;
	case NV_PGC6_AON_SECURE_SCRATCH_GROUP_05_0_GFW_BOOT:
		*val = NV_PGC6_AON_SECURE_SCRATCH_GROUP_05_0_GFW_BOOT_PROGRESS_COMPLETED;
		return true;
	case HW_PGC6_BSI_SECURE_SCRATCH_14:
		*val = hw->bsi_scratch_14;
		return true;
	case NV_USABLE_FB_SIZE_IN_MB:
		*val = (uint32_t)(hw->fb_size / MiB);
		return true;
	case HW_PDISP_VGA_WORKSPACE_BASE:
		*val = 0;	/* not valid: workspace is the 128 KiB below FB end */
		return true;
	case NV_PFB_PRI_MMU_WPR2_ADDR_LO:
		*val = hw->wpr2_lo;
		return true;
	case NV_PFB_PRI_MMU_WPR2_ADDR_HI:
		*val = hw->wpr2_hi;
		return true;
	default:
		break;
	}
	if (off >= HW_PROM_BASE && off < HW_PROM_BASE + HW_PROM_SIZE) {
		*val = hw_prom_read32(off - HW_PROM_BASE);
		return true;
	}
	if (off >= HW_FUSE_OPT_FPF_FIRST && off <= HW_FUSE_OPT_FPF_LAST) {
		*val = 0;	/* no ucode version fuses burnt */
		return true;
	}
	if (in_falcon(off, HW_GSP_BASE)) {
		if (off >= NV_PGSP_MAILBOX(0) && off <= NV_PGSP_MAILBOX(3) && !(off & 3)) {
			*val = hw->pgsp_mailbox[(off - NV_PGSP_MAILBOX(0)) / 4];
			return true;
		}
		if (off >= NV_PGSP_QUEUE_HEAD(0) && off < NV_PGSP_QUEUE_HEAD(8) && !(off & 3)) {
			uint32_t i = (off - NV_PGSP_QUEUE_HEAD(0)) / 8;

			*val = (off & 4) ? hw->queue_tail[i] : hw->queue_head[i];
			return true;
		}
		return hw_falcon_read(hw, &hw->gsp, off - HW_GSP_BASE, val);
	}
	if (in_falcon(off, HW_SEC2_BASE))
		return hw_falcon_read(hw, &hw->sec2, off - HW_SEC2_BASE, val);
	return false;
}

bool gspm_hw_write(struct gspm_hw *hw, uint32_t off, uint32_t val)
{
	if (hw_fsp_write(hw, off, val) || hw_intr_write(hw, off, val))
		return true;
	switch (off) {
	case NV_PBUS_SW_SCRATCH(0xe):
		hw->scratch_0e = val;
		return true;
	case NV_PMC_BOOT_0:
	case NV_PMC_BOOT_42:
	case NV_PGC6_AON_SECURE_SCRATCH_GROUP_05_PRIV_LEVEL_MASK:
	case NV_PGC6_AON_SECURE_SCRATCH_GROUP_05_0_GFW_BOOT:
	case HW_PGC6_BSI_SECURE_SCRATCH_14:
	case NV_USABLE_FB_SIZE_IN_MB:
	case HW_PDISP_VGA_WORKSPACE_BASE:
	case NV_PFB_PRI_MMU_WPR2_ADDR_LO:
	case NV_PFB_PRI_MMU_WPR2_ADDR_HI:
		/* Read-only or privilege-protected for the CPU: the write is dropped. */
		return true;
	default:
		break;
	}
	if (off >= HW_PROM_BASE && off < HW_PROM_BASE + HW_PROM_SIZE)
		return true;
	if (off >= HW_FUSE_OPT_FPF_FIRST && off <= HW_FUSE_OPT_FPF_LAST)
		return true;
	if (in_falcon(off, HW_GSP_BASE)) {
		if (off >= NV_PGSP_MAILBOX(0) && off <= NV_PGSP_MAILBOX(3) && !(off & 3)) {
			hw->pgsp_mailbox[(off - NV_PGSP_MAILBOX(0)) / 4] = val;
			return true;
		}
		if (off >= NV_PGSP_QUEUE_HEAD(0) && off < NV_PGSP_QUEUE_HEAD(8) && !(off & 3)) {
			uint32_t i = (off - NV_PGSP_QUEUE_HEAD(0)) / 8;

			if (off & 4) {
				hw->queue_tail[i] = val;
			} else {
				/* spec §1.4: the host's doorbell after a command-queue write. */
				hw->queue_head[i] = val;
				gspm_rm_doorbell(gspm_rm_of(hw->m), (int)i);
			}
			return true;
		}
		return hw_falcon_write(hw, &hw->gsp, off - HW_GSP_BASE, val);
	}
	if (in_falcon(off, HW_SEC2_BASE))
		return hw_falcon_write(hw, &hw->sec2, off - HW_SEC2_BASE, val);
	return false;
}

void gspm_hw_advance(struct gspm_hw *hw, uint64_t now)
{
	hw_falcon_advance(hw, &hw->gsp, now);
	hw_falcon_advance(hw, &hw->sec2, now);
	hw_fsp_advance(hw, now);
}

uint64_t gspm_hw_next_deadline(const struct gspm_hw *hw)
{
	uint64_t a = hw_falcon_deadline(&hw->gsp), b = hw_falcon_deadline(&hw->sec2);
	uint64_t c = hw_fsp_deadline(hw);

	if (b < a)
		a = b;
	return c < a ? c : a;
}

void gspm_hw_pci_identity(const struct gspm_hw *hw, struct gspm_pci_id *id)
{
	memset(id, 0, sizeof(*id));
	id->vendor = 0x10de;
	id->device = hw->chip->device;
	id->subsystem_vendor = 0x10de;
	id->subsystem_device = hw->chip->subsys_device;
	id->revision = 0xa1;
	id->class_code = 0x030200;
	id->bar0_size = 16 * MiB;
	id->bar1_size = hw->chip->bar1_size;
	id->bar3_size = 32 * MiB;
}

static const char *run_name(const struct hw_falcon *f)
{
	if (f->engine & HW_FALCON_ENGINE_RESET)
		return "in reset";
	if (f->scrubbing)
		return "scrubbing";
	switch (f->run) {
	case HW_RUN_IDLE:
		return "idle";
	case HW_RUN_RUNNING:
		return "running";
	default:
		return "halted";
	}
}

static size_t describe_falcon(const struct hw_falcon *f, char *buf, size_t len)
{
	int n = snprintf(buf, len, "%s falcon: %s, core %s, cpuctl 0x%x, mbox 0x%x/0x%x, "
			 "irqstat 0x%x mask 0x%x, %u DMA blocks, riscv cpuctl 0x%x\n",
			 f->name, run_name(f),
			 (f->bcr_ctrl & HW_BCR_CORE_SELECT_RISCV) ? "riscv" : "falcon",
			 f->cpuctl, f->mailbox0, f->mailbox1, f->irqstat, f->irqmask,
			 f->dma_blocks, f->riscv_cpuctl);

	return n < 0 ? 0 : (size_t)n;
}

size_t gspm_hw_describe(const struct gspm_hw *hw, char *buf, size_t len)
{
	size_t n = 0;
	int k;

#define ROOM	(n < len ? len - n : 0)
#define AT	(n < len ? buf + n : NULL)
	k = snprintf(AT, ROOM, "hw: %s, FB %llu MiB, WPR2 ", hw->chip->name,
		     (unsigned long long)(hw->fb_size / MiB));
	n += k > 0 ? (size_t)k : 0;
	if (hw->wpr2_hi)
		k = snprintf(AT, ROOM, "[0x%llx, 0x%llx)\n",
			     (unsigned long long)hw_wpr2_dec(hw->wpr2_lo),
			     (unsigned long long)hw_wpr2_dec(hw->wpr2_hi) + 0x1000);
	else
		k = snprintf(AT, ROOM, "down\n");
	n += k > 0 ? (size_t)k : 0;
	n += describe_falcon(&hw->gsp, AT, ROOM);
	n += describe_falcon(&hw->sec2, AT, ROOM);
	n += hw_fsp_describe(hw, AT, ROOM);
	n += hw_intr_describe(hw, AT, ROOM);
	k = snprintf(AT, ROOM, "last image: %s (%s); FRTS %s; FALCON_OS %s\n",
		     hw->last_image, hw->last_result, hw->frts_done ? "carved" : "not carved",
		     hw->os_written ? "written" : "not written");
	n += k > 0 ? (size_t)k : 0;
	if (hw->last_violation[0]) {
		k = snprintf(AT, ROOM, "last hw violation: %s\n", hw->last_violation);
		n += k > 0 ? (size_t)k : 0;
	}
#undef ROOM
#undef AT
	return n < len ? n : (len ? len - 1 : 0);
}

uint32_t gspm_hw_gsp_mailbox(const struct gspm_hw *hw, int i)
{
	if (i == 0)
		return hw->gsp.mailbox0;
	if (i == 1)
		return hw->gsp.mailbox1;
	if (i >= 2 && i < 6)
		return hw->pgsp_mailbox[i - 2];
	return 0;
}

void gspm_hw_gsp_set_mailbox(struct gspm_hw *hw, int i, uint32_t val)
{
	if (i == 0)
		hw->gsp.mailbox0 = val;
	else if (i == 1)
		hw->gsp.mailbox1 = val;
	else if (i >= 2 && i < 6)
		hw->pgsp_mailbox[i - 2] = val;
}

void gspm_hw_gsp_raise_swgen0(struct gspm_hw *hw)
{
	hw->gsp.irqstat |= HW_IRQ_SWGEN0;
	gspm_update_irq(hw->m);
}


void gspm_hw_gsp_halt(struct gspm_hw *hw)
{
	hw->gsp.riscv_cpuctl = HW_RISCV_CPUCTL_HALTED;
	hw_fsp_gsp_halted(hw);
}

void gspm_hw_inject(struct gspm_hw *hw, enum gspm_fault fault, uint64_t arg)
{
	switch (fault) {
	case GSPM_FAULT_FSP_ERROR:
		hw->fsp.inject_error = arg ? (uint32_t)arg : 1;
		break;
	case GSPM_FAULT_FMC_ERROR:
		hw->fsp.inject_fmc_error = arg ? (uint32_t)arg : 1;
		break;
	case GSPM_FAULT_LOCKDOWN_STUCK:
		hw->fsp.inject_lockdown_stuck = true;
		break;
	case GSPM_FAULT_IRQ_DROP_EDGE:
		hw_intr_drop_edges(hw, arg);
		break;
	default:
		break;
	}
}
