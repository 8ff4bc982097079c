/* SPDX-License-Identifier: MIT */
/*
 * The model's register map: NVIDIA's published definitions (gspm_hwref.h,
 * generated from hwref/<chip>.tsv) plus the few facts the published headers do
 * not carry, each with the public source it comes from.  Nothing here comes
 * from the driver: the driver and the model meet only at the bus
 * (docs/hw-fidelity.md).
 */
#ifndef GSPM_HW_REGS_H
#define GSPM_HW_REGS_H

#include "gspm_hwref.h"

/* Unit windows are written hi:lo in the headers (NV_PGSP = 0x113fff:0x110000). */
#define HW_UNIT_BASE(u)			(0 ? u)
#define HW_GSP_BASE			HW_UNIT_BASE(NV_PGSP)
#define HW_SEC2_BASE			HW_UNIT_BASE(NV_PSEC)
#define HW_FALCON_SIZE			0x4000u

/*
 * The interrupt tree: the PF's virtual-function block (intr.c), of which the
 * model decodes the first 8 KiB (the leaves, their enables, TOP and its enables).
 */
#define HW_INTR_BASE			HW_UNIT_BASE(NV_VIRTUAL_FUNCTION_FULL_PHYS_OFFSET)
#define HW_INTR_SIZE			0x2000u

/*
 * A falcon's register blocks relative to its base: the falcon registers
 * (NV_PFALCON_FALCON_*) at +0, the FBIF block (NV_PFALCON_FBIF_*) at
 * NV_P<unit>_FBIF_BASE, the RISC-V and falcon2 registers (NV_PRISCV_*,
 * NV_PFALCON2_*) at NV_FALCON2_<unit>_BASE, and the engine reset register
 * NV_P<unit>_FALCON_ENGINE.  GSP and SEC2 use the same offsets (checked in
 * hw.c).
 */
#define HW_FBIF_OFFSET			(NV_PGSP_FBIF_BASE - HW_GSP_BASE)
#define HW_RISCV_OFFSET			(NV_FALCON2_GSP_BASE - HW_GSP_BASE)
#define HW_FALCON_ENGINE		(NV_PGSP_FALCON_ENGINE - HW_GSP_BASE)
#define HW_FALCON_ENGINE_RESET		HWF_MASK(NV_PGSP_FALCON_ENGINE_RESET)
/* GA10x/AD10x/GH100 RISC-V layout (GA100's IRQMASK sits elsewhere). */
#define HW_RISCV_IRQMASK		NV_PRISCV_RISCV_IRQMASK__GA102

/* Falcon bits the model uses everywhere. */
#define HW_IRQ_HALT			HWF_MASK(NV_PFALCON_FALCON_IRQSTAT_HALT)
#define HW_IRQ_SWGEN0			HWF_MASK(NV_PFALCON_FALCON_IRQSTAT_SWGEN0)
#define HW_CPUCTL_STARTCPU		HWF_MASK(NV_PFALCON_FALCON_CPUCTL_STARTCPU)
#define HW_CPUCTL_HALTED		HWF_MASK(NV_PFALCON_FALCON_CPUCTL_HALTED)
#define HW_RISCV_CPUCTL_HALTED		HWF_MASK(NV_PRISCV_RISCV_CPUCTL_HALTED)
#define HW_RISCV_CPUCTL_ACTIVE		HWF_MASK(NV_PRISCV_RISCV_CPUCTL_ACTIVE_STAT)
#define HW_BCR_CORE_SELECT_RISCV	HWF_DEF(NV_PRISCV_RISCV_BCR_CTRL_CORE_SELECT, \
						NV_PRISCV_RISCV_BCR_CTRL_CORE_SELECT_RISCV)
#define HW_BCR_VALID			HWF_MASK(NV_PRISCV_RISCV_BCR_CTRL_VALID)
#define HW_BCR_BRFETCH			HWF_MASK(NV_PRISCV_RISCV_BCR_CTRL_BRFETCH)

/* Fuse ucode version registers: 16 per engine (UCODE1..UCODE16), 4 bytes apart. */
#define HW_FUSE_UCODE_VERSION_COUNT	16
#define HW_FUSE_SEC2_UCODE_VERSION(i)	(NV_FUSE_OPT_FPF_SEC2_UCODE1_VERSION + 4 * (i))
#define HW_FUSE_NVDEC_UCODE_VERSION(i)	(NV_FUSE_OPT_FPF_NVDEC_UCODE1_VERSION + 4 * (i))
#define HW_FUSE_GSP_UCODE_VERSION(i)	(NV_FUSE_OPT_FPF_GSP_UCODE1_VERSION + 4 * (i))

/* WPR2 address registers: bits 31:4 hold the address >> 12 (_ALIGNMENT). */
#define HW_WPR2_ADDR_SHIFT		HWF_LO(NV_PFB_PRI_MMU_WPR2_ADDR_LO_VAL)
#define HW_WPR2_ADDR_ALIGN_SHIFT	NV_PFB_PRI_MMU_WPR2_ADDR_LO_ALIGNMENT

/* ---- facts not in the published register headers ---------------------- */

/*
 * IRQSSET (falcon +0x000, write 1 to set IRQSTAT bits): defined in NVIDIA's
 * dev_falcon_v4.h of other chips and used by OGKM's falcon interrupt code
 * (flcnRegWrite_HAL(..., NV_PFALCON_FALCON_IRQSSET, ..._SWGEN0_SET)), but not
 * in the GA10x/GH100 headers transcribed here.
 */
#define HW_FALCON_IRQSSET		0x000u

/*
 * The VBIOS image through the PROM window, read 32 bits at a time: nouveau
 * nvkm/subdev/bios/shadowprom.c (prom_read: 0x300000 + offset), nova-core
 * vbios.rs (ROM_OFFSET 0x300000, 1 MiB window).
 */
#define HW_PROM_BASE			0x00300000u
#define HW_PROM_SIZE			0x00100000u

/*
 * VGA workspace base: bit 3 valid, bits 31:8 the base >> 16.  nouveau
 * nvkm/subdev/gsp/r535.c r535_gsp_oneinit (rd32 0x625f04), nova-core fb.rs
 * (NV_PDISP_VGA_WORKSPACE_BASE).  Not in the published dev_*.h files.
 */
#define HW_PDISP_VGA_WORKSPACE_BASE	0x00625f04u
#define HW_VGA_WORKSPACE_VALID		(1u << 3)

/*
 * NV_PGC6_BSI_SECURE_SCRATCH_14: the published ga102 dev_gc6_island_addendum.h
 * gives its BOOT_STAGE_3_HANDOFF field, the address comes from nouveau
 * nvkm/subdev/gsp/r535.c (CORE_RESUME: poll 0x1180f8) and OGKM
 * dev_gc6_island.h of later chips.
 */
#define HW_PGC6_BSI_SECURE_SCRATCH_14	0x001180f8u

/* FWSEC-FRTS carves 1 MiB (nouveau r535_gsp_oneinit frts size, nova-core fb.rs). */
#define HW_FRTS_SIZE			0x00100000u

/* GSP MAILBOX0 once LibOS suspended for unload (nouveau r535_gsp_fini, OGKM kgspUnload). */
#define HW_GSP_MAILBOX0_SUSPENDED	0x80000000u

/*
 * GH100: while GSP-FMC holds the PRI lockdown, PRI reads of GSP registers
 * return 0xbadf41xx (nouveau nvkm/subdev/gsp/gh100.c lockdown wait, nova-core
 * falcon.rs PRIV_LOCKDOWN).
 */
#define HW_GSP_MAILBOX0_PRI_LOCKED	0xbadf4100u

/* FSP EMEM channel 0 carries the RM's messages, 1 KiB (OGKM kern_fsp_gh100.c). */
#define HW_FSP_RM_CHANNEL		0
#define HW_FSP_EMEM_CHANNEL_SIZE	1024u

#endif
