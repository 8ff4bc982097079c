/* SPDX-License-Identifier: MIT */
/*
 * gsp-model hw half: chip identity, the pre-boot registers (GFW boot,
 * FB size, VGA workspace, WPR2, scratch, fuses), the PROM window, and the
 * GSP/SEC2 falcons (falcon.c) with what runs on them (fwsec.c, booter.c),
 * and on GH100 the FSP and GSP-FMC (fsp.c).
 * docs/hw-fidelity.md is the contract this file implements.
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
#include <sys/mman.h>

#include "hw_priv.h"

#define GiB	(1ull << 30)
#define MiB	(1ull << 20)

/*
 * A CPU read the target's PLM forbids answers with a PRI error instead of
 * data.  nvgpu ga10b_priv_ring_decode_error_code (NVIDIA's Tegra driver)
 * decodes 0xbadf51xx as "priv level violation"; the low byte and that the
 * discrete GPUs answer the same are an assumption (docs/hw-fidelity.md).
 */
#define HW_PRI_ERR_PRIV_LEVEL_VIOLATION	0xbadf5100u

/*
 * BOOT_0 (nv_ref.h): architecture 28:24, implementation 23:20, major
 * revision 7:4, minor 3:0.  BOOT_42: architecture 28:24, implementation
 * 23:20 (together the chip id 29:20), major 19:16, minor 15:12.  The
 * architecture is nv_ref.h's NV_PMC_BOOT_0_ARCHITECTURE_<family>, the
 * implementation nv_arch.h's GPU_IMPLEMENTATION_<die> (gspm_hwref.h); every die
 * here is revision A1 (0xa1, the PCI revision lspci shows on these boards).
 *
 * One real board per die: PCI device and subsystem from OGKM README.md's
 * "Compatible GPUs" table (10de:<device> 10de:<subsystem>; "-" where the
 * table lists the device alone, then subsystem 0); the die a device id is
 * built on from the pci.ids names lspci prints ("GA104GL [RTX A4000]").
 * FB size: the board's memory.  BAR1: protocol.md §6 for A10 (32 GiB), A100
 * (64 GiB) and H100 (128 GiB); for the others **assumption**: the FB
 * size rounded up to a power of two (a resizable BAR at its largest).
 *
 *   ga102  A10                  2236 1482  24 GiB   (also A40 2235, RTX 3090 2204)
 *   ga103  RTX 3080 Ti Laptop   2420 -     16 GiB
 *   ga104  RTX A4000            24b0 14ad  16 GiB
 *   ga106  RTX A2000 12GB       2571 1611  12 GiB
 *   ga107  A2                   25b6 157e  16 GiB   (A16: 25b6 14a9)
 *   ad102  L40S                 26b9 1851  48 GiB   (L40 26b5, RTX 6000 Ada 26b1)
 *   ad103  RTX 4080             2704 -     16 GiB
 *   ad104  L4                   27b8 16ca  24 GiB
 *   ad106  RTX 4060 Ti          2803 -      8 GiB
 *   ad107  RTX 2000 Ada         28b0 1870  16 GiB
 *   gh100  H100 PCIe            2331 1626  80 GiB   (H100 SXM5 2330, H200 2335)
 *   ga100  A100-PCIE-40GB       20f1 145f  40 GiB   (A30 20b7 1532, A100 80GB 20b5)
 */
#define BOOT0(arch, impl)	((uint32_t)(arch) << 24 | (uint32_t)(impl) << 20 | 0xa1)
#define BOOT42(arch, impl)	((uint32_t)(arch) << 24 | (uint32_t)(impl) << 20 | 0xa1u << 12)
/* DIE(GA103, "ga103", family, NV_PMC_BOOT_0_ARCHITECTURE_<arch>, PCI ids, FB, BAR1, path) */
#define DIE(die, name, fam, arch, dev, ssid, fb, bar1, ga10x, fsp, legacy)			\
	{ GSPM_CHIP_##die, name, fam,								\
	  BOOT0(NV_PMC_BOOT_0_ARCHITECTURE_##arch, GPU_IMPLEMENTATION_##die),			\
	  BOOT42(NV_PMC_BOOT_0_ARCHITECTURE_##arch, GPU_IMPLEMENTATION_##die),			\
	  dev, ssid, fb, bar1, ga10x, fsp, legacy }

static const struct hw_chip chips[] = {
	DIE(GA102, "ga102", "ga10x", GA100, 0x2236, 0x1482, 24 * GiB, 32 * GiB, true, false, false),
	DIE(GA103, "ga103", "ga10x", GA100, 0x2420, 0x0000, 16 * GiB, 16 * GiB, true, false, false),
	DIE(GA104, "ga104", "ga10x", GA100, 0x24b0, 0x14ad, 16 * GiB, 16 * GiB, true, false, false),
	DIE(GA106, "ga106", "ga10x", GA100, 0x2571, 0x1611, 12 * GiB, 16 * GiB, true, false, false),
	DIE(GA107, "ga107", "ga10x", GA100, 0x25b6, 0x157e, 16 * GiB, 16 * GiB, true, false, false),
	DIE(AD102, "ad102", "ad10x", AD100, 0x26b9, 0x1851, 48 * GiB, 64 * GiB, true, false, false),
	DIE(AD103, "ad103", "ad10x", AD100, 0x2704, 0x0000, 16 * GiB, 16 * GiB, true, false, false),
	DIE(AD104, "ad104", "ad10x", AD100, 0x27b8, 0x16ca, 24 * GiB, 32 * GiB, true, false, false),
	DIE(AD106, "ad106", "ad10x", AD100, 0x2803, 0x0000, 8 * GiB, 8 * GiB, true, false, false),
	DIE(AD107, "ad107", "ad10x", AD100, 0x28b0, 0x1870, 16 * GiB, 16 * GiB, true, false, false),
	DIE(GH100, "gh100", "gh100", GH100, 0x2331, 0x1626, 80 * GiB, 128 * GiB, false, true, false),
	/* GA100: the SEC2 booter path with the legacy HS ucode (nouveau gsp/ga100.c). */
	DIE(GA100, "ga100", "ga100", GA100, 0x20f1, 0x145f, 40 * GiB, 64 * GiB, true, false, true),
};

const struct hw_chip *hw_chip_of(enum gspm_chip c)
{
	for (size_t i = 0; i < sizeof(chips) / sizeof(chips[0]); i++)
		if (chips[i].chip == c)
			return &chips[i];
	return NULL;
}

const char *gspm_chip_name(enum gspm_chip c)
{
	const struct hw_chip *chip = hw_chip_of(c);

	return chip ? chip->name : NULL;
}

int gspm_chip_by_name(const char *name, enum gspm_chip *c)
{
	for (size_t i = 0; name && i < sizeof(chips) / sizeof(chips[0]); i++)
		if (!strcmp(chips[i].name, name)) {
			*c = chips[i].chip;
			return 0;
		}
	return -1;
}

void hw_violate(struct gspm_hw *hw, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(hw->last_violation, sizeof(hw->last_violation), fmt, ap);
	va_end(ap);
	gspm_violate(hw->m, "%s", hw->last_violation);
}

/*
 * The state of the last model destroyed in this process, kept for the next
 * boot and zeroed there: 260 KiB, most of it the falcons' IMEM and DMEM.  A
 * calloc per boot was filled twice under meson's MALLOC_PERTURB_ (and once
 * more by free); a fresh mapping per boot faulted in each page the boot
 * touched and flushed the TLB at its unmap (bench/RESULTS.md round 6).  The
 * first state of a process is a fresh mapping, zero without being touched:
 * a forked test case faults in only the falcon memory its boot writes
 * (falcon.c keeps the written extent and scrubs that).
 */
static struct gspm_hw *hw_spare;

static struct gspm_hw *hw_state_alloc(void)
{
	struct gspm_hw *hw = __atomic_exchange_n(&hw_spare, NULL, __ATOMIC_ACQUIRE);
	void *p;

	if (hw) {
		memset(hw, 0, sizeof(*hw));
		return hw;
	}
	p = mmap(NULL, sizeof(*hw), PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	return p == MAP_FAILED ? NULL : p;
}

static void hw_state_free(struct gspm_hw *hw)
{
	struct gspm_hw *none = NULL;

	if (!GSPM_KEEP_STATE ||
	    !__atomic_compare_exchange_n(&hw_spare, &none, hw, false, __ATOMIC_RELEASE,
					 __ATOMIC_RELAXED))
		munmap(hw, sizeof(*hw));
}

struct gspm_hw *gspm_hw_create(struct gspm *m, char *err, size_t errlen)
{
	const struct gspm_config *cfg = gspm_cfg(m);
	const struct hw_chip *chip = hw_chip_of(cfg->chip);
	struct gspm_hw *hw;

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
	hw = hw_state_alloc();
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
	/*
	 * GFW (the VBIOS's boot code) still runs at power-on for 2-4 ms (seeded;
	 * the length is an assumption).  A GPU a previous driver left with WPR2
	 * up was not reset, so its GFW finished long ago.
	 */
	hw->gfw_done_at = cfg->wpr2_up_at_power_on ? 0 :
			  HW_GFW_BOOT_NS + gspm_rand(m) % (HW_GFW_BOOT_NS + 1);
	hw_intr_init(hw);
	if (cfg->wpr2_up_at_power_on) {
		/* A previous load's WPR2 at the top of FB, as FWSEC-FRTS/booter leave it. */
		hw->wpr2_lo = hw_wpr2_enc(hw->fb_size - 256 * MiB);
		hw->wpr2_hi = hw_wpr2_enc(hw->fb_size - 2 * MiB - 0x1000);
	} else {
		/*
		 * Out of reset LO's address field holds its _VAL_INIT, 0x0fffffff
		 * (tu102/gh100 dev_fb.h): LO above HI is "no region"; HI reads 0.
		 */
		hw->wpr2_lo = HWF_NUM(NV_PFB_PRI_MMU_WPR2_ADDR_LO_VAL, NV_PFB_PRI_MMU_WPR2_ADDR_LO_VAL_INIT);
	}

	if (hw_vbios_parse(&hw->fwsec, err, errlen) ||
	    ((chip->ga10x_boot || chip->fsp_boot) && hw_fwfiles_load(&hw->fw, cfg, err, errlen))) {
		hw_state_free(hw);
		return NULL;
	}
	return hw;
}

void gspm_hw_destroy(struct gspm_hw *hw)
{
	if (!hw)
		return;
	hw_fwfiles_free(&hw->fw);
	hw_state_free(hw);
}

/*
 * BAR0 decoded in one step: the 8 KiB unit an offset falls in (off >> 13)
 * names the handler, and the handler's switch the register.  Only the units
 * holding a modelled register are listed; the asserts below keep each
 * register the handlers name inside its listed unit (and -Woverride-init
 * refuses two listings of one unit).
 */
#define UNIT_SHIFT	13
#define UNIT(off)	((off) >> UNIT_SHIFT)
#define BAR0_SIZE	(16 * MiB)

enum hw_unit { U_NONE, U_MISC, U_GSP, U_SEC2, U_INTR, U_PROM, U_FUSE, U_FSP };

static const uint8_t bar0_units[UNIT(BAR0_SIZE)] = {
	/* PMC BOOT_0/BOOT_42, PBUS SW_SCRATCH */
	[UNIT(NV_PMC_BOOT_0)] = U_MISC,
	/* GH100's FSP: I2CS scratch (THERM), EMEM and queues (fsp.c) */
	[UNIT(NV_THERM_I2CS_SCRATCH)] = U_FSP,
	[UNIT(NV_PFSP_EMEMC(HW_FSP_RM_CHANNEL))] = U_FSP,
	[UNIT(HW_GSP_BASE) ... UNIT(HW_GSP_BASE + HW_FALCON_SIZE - 1)] = U_GSP,
	/* PGC6 AON secure scratch, BSI secure scratch 14, USABLE_FB_SIZE_IN_MB */
	[UNIT(HW_PGC6_BSI_SECURE_SCRATCH_14)] = U_MISC,
	[UNIT(NV_PFB_PRI_MMU_WPR2_ADDR_LO)] = U_MISC,
	[UNIT(HW_PROM_BASE) ... UNIT(HW_PROM_BASE + HW_PROM_SIZE - 1)] = U_PROM,
	[UNIT(HW_PDISP_VGA_WORKSPACE_BASE)] = U_MISC,
	[UNIT(HW_FUSE_OPT_FPF_FIRST)] = U_FUSE,
	[UNIT(HW_SEC2_BASE) ... UNIT(HW_SEC2_BASE + HW_FALCON_SIZE - 1)] = U_SEC2,
	[UNIT(HW_INTR_BASE)] = U_INTR,
};

#define SAME_UNIT(a, b)	_Static_assert(UNIT(a) == UNIT(b), #a " is not in " #b "'s unit")
SAME_UNIT(NV_PMC_BOOT_42, NV_PMC_BOOT_0);
SAME_UNIT(NV_PBUS_SW_SCRATCH(0xe), NV_PMC_BOOT_0);
SAME_UNIT(NV_PBUS_SW_SCRATCH(0x15), NV_PMC_BOOT_0);
SAME_UNIT(NV_PGC6_AON_SECURE_SCRATCH_GROUP_05_PRIV_LEVEL_MASK, HW_PGC6_BSI_SECURE_SCRATCH_14);
SAME_UNIT(NV_PGC6_AON_SECURE_SCRATCH_GROUP_05_0_GFW_BOOT, HW_PGC6_BSI_SECURE_SCRATCH_14);
SAME_UNIT(NV_USABLE_FB_SIZE_IN_MB, HW_PGC6_BSI_SECURE_SCRATCH_14);
SAME_UNIT(NV_PFB_PRI_MMU_WPR2_ADDR_HI, NV_PFB_PRI_MMU_WPR2_ADDR_LO);
SAME_UNIT(HW_FUSE_OPT_FPF_LAST, HW_FUSE_OPT_FPF_FIRST);
SAME_UNIT(NV_PFSP_EMEMD(HW_FSP_RM_CHANNEL), NV_PFSP_EMEMC(HW_FSP_RM_CHANNEL));
SAME_UNIT(NV_PFSP_QUEUE_HEAD(HW_FSP_RM_CHANNEL), NV_PFSP_EMEMC(HW_FSP_RM_CHANNEL));
SAME_UNIT(NV_PFSP_QUEUE_TAIL(HW_FSP_RM_CHANNEL), NV_PFSP_EMEMC(HW_FSP_RM_CHANNEL));
SAME_UNIT(NV_PFSP_MSGQ_HEAD(HW_FSP_RM_CHANNEL), NV_PFSP_EMEMC(HW_FSP_RM_CHANNEL));
SAME_UNIT(NV_PFSP_MSGQ_TAIL(HW_FSP_RM_CHANNEL), NV_PFSP_EMEMC(HW_FSP_RM_CHANNEL));
_Static_assert(HW_INTR_SIZE == 1u << UNIT_SHIFT && !(HW_INTR_BASE % HW_INTR_SIZE),
	       "the interrupt tree's block is one unit");
_Static_assert(!(HW_GSP_BASE % (1u << UNIT_SHIFT)) && !(HW_SEC2_BASE % (1u << UNIT_SHIFT)) &&
	       !(HW_PROM_BASE % (1u << UNIT_SHIFT)), "the falcons and the PROM start on a unit");

/* The GSP page's registers the interrupt tree keeps (intr.c). */
#define GSP_RISCV_IRQMASK	(HW_GSP_BASE + HW_RISCV_OFFSET + HW_RISCV_IRQMASK)
#define GSP_RISCV_IRQDEST	(HW_GSP_BASE + HW_RISCV_OFFSET + NV_PRISCV_RISCV_IRQDEST__GA102)
#define GSP_INTR_RETRIGGER(i)	(HW_GSP_BASE + NV_PFALCON_FALCON_INTR_RETRIGGER(i))

static enum hw_unit unit_of(uint32_t off)
{
	return off < BAR0_SIZE ? (enum hw_unit)bar0_units[UNIT(off)] : U_NONE;
}

static bool misc_read(struct gspm_hw *hw, uint32_t off, uint32_t *val)
{
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
		/*
		 * GFW lowers the PLM when it is done: READ_PROTECTION_LEVEL0 =
		 * ENABLE, the CPU may read group 05 (nouveau tu102_devinit_wait,
		 * nova-core gfw.rs).  The other bits read 0 (assumption).
		 */
		*val = gspm_now(hw->m) >= hw->gfw_done_at ?
		       HWF_DEF(NV_PGC6_AON_SECURE_SCRATCH_GROUP_05_PRIV_LEVEL_MASK_READ_PROTECTION_LEVEL0,
			       NV_PGC6_AON_SECURE_SCRATCH_GROUP_05_PRIV_LEVEL_MASK_READ_PROTECTION_LEVEL0_ENABLE) :
		       HWF_DEF(NV_PGC6_AON_SECURE_SCRATCH_GROUP_05_PRIV_LEVEL_MASK_READ_PROTECTION_LEVEL0,
			       NV_PGC6_AON_SECURE_SCRATCH_GROUP_05_PRIV_LEVEL_MASK_READ_PROTECTION_LEVEL0_DISABLE);
		return true;
	case NV_PGC6_AON_SECURE_SCRATCH_GROUP_05_0_GFW_BOOT:
		if (gspm_now(hw->m) < hw->gfw_done_at) {
			hw_violate(hw, "GFW: CPU read of NV_PGC6_AON_SECURE_SCRATCH_GROUP_05_0_GFW_BOOT "
				   "while its PLM forbids level 0 reads (PRIV_LEVEL_MASK "
				   "READ_PROTECTION_LEVEL0 = DISABLE, GFW still running); wait for "
				   "LEVEL0 = ENABLE first");
			*val = HW_PRI_ERR_PRIV_LEVEL_VIOLATION;
			return true;
		}
		*val = HWF_DEF(NV_PGC6_AON_SECURE_SCRATCH_GROUP_05_0_GFW_BOOT_PROGRESS,
			       NV_PGC6_AON_SECURE_SCRATCH_GROUP_05_0_GFW_BOOT_PROGRESS_COMPLETED);
		return true;
	case NV_PBUS_SW_SCRATCH(0x15):
		*val = hw->scratch_15;
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
		return false;
	}
}

static bool misc_write(struct gspm_hw *hw, uint32_t off, uint32_t val)
{
	switch (off) {
	case NV_PBUS_SW_SCRATCH(0xe):
		hw->scratch_0e = val;
		return true;
	case NV_PBUS_SW_SCRATCH(0x15):
		hw->scratch_15 = val;
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
		return false;
	}
}

static bool in_fuse(uint32_t off)
{
	return off >= HW_FUSE_OPT_FPF_FIRST && off <= HW_FUSE_OPT_FPF_LAST;
}

static bool gsp_read(struct gspm_hw *hw, uint32_t off, uint32_t *val)
{
	switch (off) {
	case GSP_RISCV_IRQMASK:
		*val = hw_intr_riscv_route(hw, false);
		return true;
	case GSP_RISCV_IRQDEST:
		*val = hw_intr_riscv_route(hw, true);
		return true;
	case GSP_INTR_RETRIGGER(0):
	case GSP_INTR_RETRIGGER(1):
		*val = 0;
		return true;
	case NV_PGSP_MAILBOX(0) ... NV_PGSP_MAILBOX(3):
		if (off & 3)
			break;
		*val = hw->pgsp_mailbox[(off - NV_PGSP_MAILBOX(0)) / 4];
		return true;
	case NV_PGSP_QUEUE_HEAD(0) ... NV_PGSP_QUEUE_HEAD(8) - 1:
		if (off & 3)
			break;
		*val = (off & 4) ? hw->queue_tail[(off - NV_PGSP_QUEUE_HEAD(0)) / 8] :
				   hw->queue_head[(off - NV_PGSP_QUEUE_HEAD(0)) / 8];
		return true;
	default:
		break;
	}
	return hw_falcon_read(hw, &hw->gsp, off - HW_GSP_BASE, val);
}

static bool gsp_write(struct gspm_hw *hw, uint32_t off, uint32_t val)
{
	uint32_t i;

	switch (off) {
	case GSP_RISCV_IRQMASK:
	case GSP_RISCV_IRQDEST:
		return true;	/* GSP-RM's own routing: the host does not set it (intr.c) */
	case GSP_INTR_RETRIGGER(0):
		hw_intr_retrigger(hw, val);
		return true;
	case GSP_INTR_RETRIGGER(1):
		return true;
	case NV_PGSP_MAILBOX(0) ... NV_PGSP_MAILBOX(3):
		if (off & 3)
			break;
		hw->pgsp_mailbox[(off - NV_PGSP_MAILBOX(0)) / 4] = val;
		return true;
	case NV_PGSP_QUEUE_HEAD(0) ... NV_PGSP_QUEUE_HEAD(8) - 1:
		if (off & 3)
			break;
		i = (off - NV_PGSP_QUEUE_HEAD(0)) / 8;
		if (off & 4) {
			hw->queue_tail[i] = val;
		} else {
			/* protocol.md §1.4: the host's doorbell after a command-queue write. */
			hw->queue_head[i] = val;
			gspm_rm_doorbell(gspm_rm_of(hw->m), (int)i);
		}
		return true;
	default:
		break;
	}
	return hw_falcon_write(hw, &hw->gsp, off - HW_GSP_BASE, val);
}

bool gspm_hw_read(struct gspm_hw *hw, uint32_t off, uint32_t *val)
{
	switch (unit_of(off)) {
	case U_GSP:
		return gsp_read(hw, off, val);
	case U_INTR:
		*val = hw_intr_tree_read(hw, off);
		return true;
	case U_MISC:
		return misc_read(hw, off, val);
	case U_PROM:
		*val = hw_prom_read32(off - HW_PROM_BASE);
		return true;
	case U_FUSE:
		if (!in_fuse(off))
			return false;
		*val = 0;	/* no ucode version fuses burnt */
		return true;
	case U_SEC2:
		return hw_falcon_read(hw, &hw->sec2, off - HW_SEC2_BASE, val);
	case U_FSP:
		return hw_fsp_read(hw, off, val);	/* GH100 only (fsp.c) */
	default:
		return false;
	}
}

bool gspm_hw_write(struct gspm_hw *hw, uint32_t off, uint32_t val)
{
	switch (unit_of(off)) {
	case U_GSP:
		return gsp_write(hw, off, val);
	case U_INTR:
		hw_intr_tree_write(hw, off, val);
		return true;
	case U_MISC:
		return misc_write(hw, off, val);
	case U_PROM:
		return true;
	case U_FUSE:
		return in_fuse(off);
	case U_SEC2:
		return hw_falcon_write(hw, &hw->sec2, off - HW_SEC2_BASE, val);
	case U_FSP:
		return hw_fsp_write(hw, off, val);
	default:
		return false;
	}
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
	case GSPM_FAULT_FSP_QUEUE_BUSY:
		hw_fsp_queue_busy(hw, arg);
		break;
	case GSPM_FAULT_IRQ_DROP_EDGE:
		hw_intr_drop_edges(hw, arg);
		break;
	case GSPM_FAULT_IRQ_STORM:
		hw_intr_storm(hw, arg);
		break;
	case GSPM_FAULT_GFW_STUCK:
		/* GFW never lowers its PLM; on GH100 the FSP never reports its boot done. */
		hw->gfw_done_at = UINT64_MAX;
		hw->fsp.boot_done_at = UINT64_MAX;
		break;
	case GSPM_FAULT_FALCON_HANG:
		hw->fault_hang[arg ? HW_SEC2 : HW_GSP] = true;
		break;
	case GSPM_FAULT_RISCV_HANG:
		hw->fault_riscv_hang = true;
		break;
	default:
		break;
	}
}

void gspm_hw_fall_off_bus(struct gspm_hw *hw)
{
	if (!hw->off_bus)
		gspm_log(hw->m, GSPM_LOG_INFO, "fault: the device fell off the bus (BAR0 reads all-ones)");
	hw->off_bus = true;
}

const bool *gspm_hw_off_bus_flag(const struct gspm_hw *hw)
{
	return &hw->off_bus;
}

bool gspm_hw_take_riscv_hang(struct gspm_hw *hw)
{
	if (!hw->fault_riscv_hang)
		return false;
	hw->fault_riscv_hang = false;
	hw->gsp.riscv_cpuctl = 0;	/* neither active nor halted: it never ran */
	gspm_log(hw->m, GSPM_LOG_INFO, "fault: the GSP RISC-V core does not start");
	return true;
}

void gspm_hw_get_stats(const struct gspm_hw *hw, struct gspm_stats *st)
{
	st->fwsec_sb_runs = hw->fwsec_sb_runs;
	st->booter_unloads = hw->booter_unloads;
	st->booter_unloads_after_sb = hw->booter_unloads_after_sb;
}
