/* SPDX-License-Identifier: MIT */
/*
 * BAR0 register map used by nvcore (GA10x/AD10x/GH100).
 *
 * Plain constants only, no types: this header is the one contract between
 * the driver and the GSP model (emu/gsp-model includes it as the hardware
 * side), so a register address exists in exactly one place.  Addresses and
 * field positions are from docs/protocol.md §3.2 unless noted.
 */
#ifndef NVCORE_REGS_H
#define NVCORE_REGS_H

/* Chip identification (protocol.md §3.1). */
#define NV_PMC_BOOT_0				0x00000000
#define NV_PMC_BOOT_42				0x00000a00
#define   NV_PMC_BOOT_42_CHIP_ID_SHIFT		20	/* 29:20 = arch<<4 | impl (nv_ref.h) */
#define   NV_PMC_BOOT_42_CHIP_ID_MASK		0x3ff
#define   NV_PMC_BOOT_42_MAJOR_SHIFT		16
#define   NV_PMC_BOOT_42_MINOR_SHIFT		12
/* BOOT_42 CHIP_ID = NV_PMC_BOOT_42_ARCHITECTURE << 4 | _IMPLEMENTATION (nv_arch.h). */
#define NV_CHIP_GA100				0x170
#define NV_CHIP_GA102				0x172
#define NV_CHIP_GA103				0x173
#define NV_CHIP_GA104				0x174
#define NV_CHIP_GA106				0x176
#define NV_CHIP_GA107				0x177
#define NV_CHIP_GH100				0x180
#define NV_CHIP_AD102				0x192
#define NV_CHIP_AD103				0x193
#define NV_CHIP_AD104				0x194
#define NV_CHIP_AD106				0x196
#define NV_CHIP_AD107				0x197

/* VBIOS image as the GPU exposes it (PROM window, read 32 bits at a time). */
#define NV_PROM_DATA				0x00300000
#define NV_PROM_SIZE				0x00100000

#define NV_PBUS_SW_SCRATCH_0E			0x00001438	/* FRTS error in 31:16 */
#define NV_PBUS_SW_SCRATCH_15			0x00001454	/* FWSEC-SB error in 15:0 */

/* Falcon register block, offsets from a falcon's base (dev_falcon_v4.h). */
#define NV_FALCON_IRQSSET			0x000
#define NV_FALCON_IRQSCLR			0x004
#define NV_FALCON_IRQSTAT			0x008
#define   NV_FALCON_IRQ_HALT			(1u << 4)
#define   NV_FALCON_IRQ_SWGEN0			(1u << 6)
#define NV_FALCON_IRQMSET			0x010
#define NV_FALCON_IRQMCLR			0x014
#define NV_FALCON_IRQMASK			0x018
#define NV_FALCON_IRQDEST			0x01c
#define NV_FALCON_MAILBOX0			0x040
#define NV_FALCON_MAILBOX1			0x044
#define NV_FALCON_OS				0x080
/*
 * NV_PFALCON_FALCON_RM: the host writes NV_PMC_BOOT_0 here after a reset into
 * the falcon core (OGKM kflcnReset_TU102, nova-core falcon.rs reset).
 */
#define NV_FALCON_RM				0x084
#define NV_FALCON_HWCFG2			0x0f4
#define   NV_FALCON_HWCFG2_RISCV		(1u << 10)
#define   NV_FALCON_HWCFG2_MEM_SCRUBBING	(1u << 12)	/* 1 = still scrubbing */
#define   NV_FALCON_HWCFG2_RISCV_BR_PRIV_LOCKDOWN (1u << 13)
#define   NV_FALCON_HWCFG2_RESET_READY		(1u << 31)
#define NV_FALCON_CPUCTL			0x100
#define   NV_FALCON_CPUCTL_STARTCPU		(1u << 1)
#define   NV_FALCON_CPUCTL_HALTED		(1u << 4)
#define   NV_FALCON_CPUCTL_ALIAS_EN		(1u << 6)
#define NV_FALCON_BOOTVEC			0x104
#define NV_FALCON_DMACTL			0x10c
#define NV_FALCON_DMATRFBASE			0x110	/* source bus address >> 8 */
#define NV_FALCON_DMATRFMOFFS			0x114	/* offset in IMEM/DMEM */
#define NV_FALCON_DMATRFCMD			0x118
#define   NV_FALCON_DMATRFCMD_IDLE		(1u << 1)
/* SEC (3:2) = 1: a block of secure (HS) code (nouveau ga102_flcn_dma_init). */
#define   NV_FALCON_DMATRFCMD_SEC_1		(1u << 2)
#define   NV_FALCON_DMATRFCMD_IMEM		(1u << 4)
#define   NV_FALCON_DMATRFCMD_SIZE_256B		(6u << 8)
#define NV_FALCON_DMATRFFBOFFS			0x11c	/* offset from DMATRFBASE */
#define NV_FALCON_DMATRFBASE1			0x128	/* source bus address >> 40 */
#define NV_FALCON_CPUCTL_ALIAS			0x130
/*
 * PIO access to IMEM/DMEM through port 0, as GA100's legacy HS ucode is
 * loaded (nouveau falcon/gm200.c gm200_flcn_pio_imem_wr_init/_wr,
 * gm200_flcn_pio_dmem_wr_init/_wr; dev_falcon_v4.h): the control register
 * takes the byte address (BLK 23:8, OFFS 7:2) with AINCW so that each data
 * write advances it; IMEMC.SECURE tags the IMEM written as secure code;
 * IMEMT sets the tag of the next 256-byte block.
 */
#define NV_FALCON_IMEMC0			0x180
#define   NV_FALCON_IMEMC_AINCW			(1u << 24)
#define   NV_FALCON_IMEMC_SECURE		(1u << 28)
#define NV_FALCON_IMEMD0			0x184
#define NV_FALCON_IMEMT0			0x188
#define NV_FALCON_DMEMC0			0x1c0
#define   NV_FALCON_DMEMC_AINCW			(1u << 24)
#define NV_FALCON_DMEMD0			0x1c4
#define NV_FALCON_ENGINE			0x3c0	/* bit0: reset asserted */
/*
 * Re-send the falcon's interrupt to the interrupt tree if a host-routed
 * cause is still pending (dev_falcon_v4.h; OGKM kernel_falcon_ga100.c
 * kflcnIntrRetrigger_GA100, nouveau falcon/ga100.c ga100_flcn_intr_retrigger).
 */
#define NV_FALCON_INTR_RETRIGGER(i)		(0x3e8 + 4 * (i))
#define   NV_FALCON_INTR_RETRIGGER_TRIGGER	(1u << 0)
#define   NV_FALCON_ENGINE_RESET		(1u << 0)
/* Falcon interface to the memory fabric, offsets from a falcon's base. */
#define NV_FALCON_FBIF_TRANSCFG0		0x600
#define   NV_FALCON_FBIF_TRANSCFG_TARGET_COHERENT_SYSMEM 1u
#define   NV_FALCON_FBIF_TRANSCFG_PHYSICAL	(1u << 2)
#define NV_FALCON_FBIF_CTL			0x624
#define   NV_FALCON_FBIF_CTL_ALLOW_PHYS_NO_CTX	(1u << 7)

/* RISC-V core block, offsets from a falcon's RISC-V base (falcon base + 0x1000). */
#define NV_RISCV_OFFSET				0x1000
#define NV_RISCV_CPUCTL				0x388
#define   NV_RISCV_CPUCTL_HALTED		(1u << 4)
#define   NV_RISCV_CPUCTL_ACTIVE_STAT		(1u << 7)
#define NV_RISCV_IRQMASK			0x528
#define NV_RISCV_BCR_CTRL			0x668
#define   NV_RISCV_BCR_CTRL_VALID		(1u << 0)
#define   NV_RISCV_BCR_CTRL_CORE_SELECT_RISCV	(1u << 4)
#define   NV_RISCV_BCR_CTRL_BRFETCH		(1u << 8)

/*
 * PFALCON2 block (falcon base + 0x1000, the same page as the RISC-V block):
 * the boot ROM parameters for HS ucode on GA102+ (nova-core regs.rs
 * NV_PFALCON2_FALCON_*, falcon/hal/ga102.rs program_brom_ga102).
 */
#define NV_FALCON2_OFFSET			0x1000
#define NV_FALCON2_MOD_SEL			0x180
#define   NV_FALCON2_MOD_SEL_ALGO_RSA3K		1u
#define NV_FALCON2_BROM_CURR_UCODE_ID		0x198	/* 7:0 ucode id */
#define NV_FALCON2_BROM_ENGIDMASK		0x19c
#define NV_FALCON2_BROM_PARAADDR(i)		(0x210 + 4 * (i))	/* signature offset in DMEM */

/*
 * Fuse ucode version registers, 16 per engine, indexed by ucode_id - 1
 * (nouveau nvkm/falcon/ga100.c ga100_flcn_fw_signature; nova-core regs.rs
 * NV_FUSE_OPT_FPF_*_UCODE1_VERSION).  Which one applies depends on the
 * ucode's engine id mask: bit 0 (SEC2), bit 2 (0x824100, the NVDEC bank:
 * NVIDIA's ga100/dev_fuse.h NV_FUSE_OPT_FPF_NVDEC_UCODE1_VERSION, nova-core
 * agrees) and bit 10 (0x8241c0, NV_FUSE_OPT_FPF_GSP_UCODE1_VERSION).  Only
 * ga100/dev_fuse.h publishes these banks; GA10x/AD10x use the same addresses
 * (nouveau uses ga100_flcn_fw_signature for them).
 */
#define NV_FUSE_OPT_FPF_UCODE_VERSION_COUNT	16
#define NV_FUSE_OPT_FPF_SEC2_UCODE_VERSION(i)	(0x00824140 + 4 * (i))
#define NV_FUSE_OPT_FPF_ENG2_UCODE_VERSION(i)	(0x00824100 + 4 * (i))
#define NV_FUSE_OPT_FPF_GSP_UCODE_VERSION(i)	(0x008241c0 + 4 * (i))

/* The two falcons the GA10x/AD10x boot drives. */
#define NV_PGSP_BASE				0x00110000
#define NV_PSEC_BASE				0x00840000
#define NV_PGSP_FALCON_ENGINE			(NV_PGSP_BASE + NV_FALCON_ENGINE)
#define NV_PGSP_MAILBOX(i)			(0x00110804 + 4 * (i))
#define NV_PGSP_QUEUE_HEAD(i)			(0x00110c00 + 8 * (i))

/* GSP -> host: the GSP falcon's IRQSTAT SWGEN0 (protocol.md §1.4). */
#define NV_PGSP_FALCON_IRQSTAT			(NV_PGSP_BASE + NV_FALCON_IRQSTAT)
#define NV_PGSP_FALCON_IRQSCLR			(NV_PGSP_BASE + NV_FALCON_IRQSCLR)
#define NV_PGSP_FALCON_INTR_RETRIGGER0		(NV_PGSP_BASE + NV_FALCON_INTR_RETRIGGER(0))
/* Which falcon causes GSP-RM routes to the host (nouveau r535_gsp_intr "inte"). */
#define NV_PGSP_RISCV_IRQMASK			(NV_PGSP_BASE + NV_RISCV_OFFSET + NV_RISCV_IRQMASK)
#define NV_PGSP_FALCON_MAILBOX0			(NV_PGSP_BASE + NV_FALCON_MAILBOX0)
#define NV_PGSP_FALCON_MAILBOX1			(NV_PGSP_BASE + NV_FALCON_MAILBOX1)
#define NV_PGSP_FALCON_OS			(NV_PGSP_BASE + NV_FALCON_OS)
#define NV_PGSP_RISCV_CPUCTL			(NV_PGSP_BASE + NV_RISCV_OFFSET + NV_RISCV_CPUCTL)

/*
 * The PF's CPU interrupt tree: the virtual-function register block at its
 * full physical offset (tu102 dev_vm.h NV_VIRTUAL_FUNCTION_FULL_PHYS_OFFSET;
 * nouveau vfn/ga100.c ga100_vfn_new, 0xb80000).  A vector v is bit v % 32
 * of leaf v / 32; top bit t covers leaves 2t and 2t + 1 (nouveau
 * core/intr.c nvkm_intr_xlat, vfn/tu102.c tu102_vfn_intr_pending).  Offsets
 * in the block as ga102/gh100 dev_vm.h give them (GH100 has 16 leaves).
 * LEAF is write-1-to-clear (nouveau tu102_vfn_intr_reset).
 */
#define NV_VIRTUAL_FUNCTION_FULL_PHYS_OFFSET	0x00b80000
#define NV_VIRTUAL_FUNCTION_PRIV_CPU_INTR_LEAF(i)		(0x1000 + 4 * (i))
#define NV_VIRTUAL_FUNCTION_PRIV_CPU_INTR_LEAF_EN_SET(i)	(0x1200 + 4 * (i))
#define NV_VIRTUAL_FUNCTION_PRIV_CPU_INTR_LEAF_EN_CLEAR(i)	(0x1400 + 4 * (i))
#define NV_VIRTUAL_FUNCTION_PRIV_CPU_INTR_TOP(i)		(0x1600 + 4 * (i))
#define NV_VIRTUAL_FUNCTION_PRIV_CPU_INTR_TOP_EN_SET(i)		(0x1608 + 4 * (i))
#define NV_VIRTUAL_FUNCTION_PRIV_CPU_INTR_TOP_EN_CLEAR(i)	(0x1610 + 4 * (i))
#define NV_PF_INTR(reg)				(NV_VIRTUAL_FUNCTION_FULL_PHYS_OFFSET + (reg))

/* GSP MAILBOX0 after UNLOADING_GUEST_DRIVER: LIBOS processor suspended. */
#define NV_GSP_MAILBOX0_SUSPENDED		0x80000000u

/* Write-protected region 2, set by FWSEC-FRTS and the booter (protocol.md §3.2). */
#define NV_PFB_PRI_MMU_WPR2_ADDR_LO		0x001fa824
#define NV_PFB_PRI_MMU_WPR2_ADDR_HI		0x001fa828
#define   NV_PFB_PRI_MMU_WPR2_ADDR_SHIFT	4	/* bits 31:4 hold addr >> 12 */

/*
 * GC6 always-on island (protocol.md §3.2; ga102 dev_gc6_island.h and _addendum.h).
 * GFW (the VBIOS's boot firmware) keeps secure scratch group 05 unreadable
 * by the CPU until it is done: READ_PROTECTION_LEVEL0 = _ENABLE (1) means
 * level 0, the CPU, may read it.  Then GFW_BOOT_PROGRESS reads _COMPLETED.
 */
#define NV_PGC6_AON_SECURE_SCRATCH_GROUP_05_PRIV_LEVEL_MASK 0x00118128
#define   NV_PGC6_AON_SECURE_SCRATCH_GROUP_05_PRIV_LEVEL_MASK_READ_PROTECTION_LEVEL0 (1u << 0)
#define NV_PGC6_AON_SECURE_SCRATCH_GROUP_05_0	0x00118234	/* _GFW_BOOT */
#define   NV_PGC6_AON_SECURE_SCRATCH_GROUP_05_0_GFW_BOOT_PROGRESS 0x000000ffu	/* 7:0 */
#define   NV_PGC6_AON_SECURE_SCRATCH_GROUP_05_0_GFW_BOOT_PROGRESS_COMPLETED 0xffu
#define NV_PGC6_BSI_SECURE_SCRATCH_14		0x001180f8
#define   NV_BSI_BOOT_STAGE_3_HANDOFF		(1u << 26)
#define NV_USABLE_FB_SIZE_IN_MB			0x001183a4

#define NV_PDISP_VGA_WORKSPACE_BASE		0x00625f04
#define   NV_PDISP_VGA_WORKSPACE_BASE_VALID	(1u << 3)

/* FRTS region: 1 MiB below the VGA workspace (protocol.md §3.3). */
#define NV_FRTS_SIZE				0x00100000

/*
 * GH100 FSP (protocol.md §3.2, §3.6).  The FSP boots the GPU and verifies GSP-FMC
 * (the chain of trust); the host talks to it through EMEM channel 0 (the RM
 * channel, 1 KiB) and a queue pair per direction.
 */
#define NV_THERM_I2CS_SCRATCH			0x000200bc
#define   NV_THERM_I2CS_SCRATCH_FSP_BOOT_COMPLETE 0xff
#define NV_PFSP_EMEMC(i)			(0x008f2ac0 + 8 * (i))
#define   NV_PFSP_EMEMC_OFFS_BLK_MASK		0x0000fffcu	/* byte offset: offs 7:2, blk 15:8 */
#define   NV_PFSP_EMEMC_AINCW			(1u << 24)	/* EMEMD writes advance the offset */
#define   NV_PFSP_EMEMC_AINCR			(1u << 25)	/* EMEMD reads advance the offset */
#define NV_PFSP_EMEMD(i)			(0x008f2ac4 + 8 * (i))
#define NV_PFSP_QUEUE_HEAD(i)			(0x008f2c00 + 8 * (i))	/* host -> FSP */
#define NV_PFSP_QUEUE_TAIL(i)			(0x008f2c04 + 8 * (i))
#define NV_PFSP_MSGQ_HEAD(i)			(0x008f2c80 + 8 * (i))	/* FSP -> host */
#define NV_PFSP_MSGQ_TAIL(i)			(0x008f2c84 + 8 * (i))
#define NV_FSP_RM_CHANNEL			0
#define NV_FSP_EMEM_CHANNEL_SIZE		1024u

/* Message framing: one MCTP packet carrying one NVDM message (protocol.md §3.6 step 5). */
#define NV_MCTP_HDR_SOM				(1u << 31)
#define NV_MCTP_HDR_EOM				(1u << 30)
#define NV_MCTP_HDR_SEQ_MASK			(3u << 28)
#define NV_MCTP_HDR_SEID_MASK			(0xffu << 16)
#define NV_NVDM_HDR_MSG_TYPE_MASK		0x7fu		/* 6:0 = 0x7e vendor-defined PCI */
#define   NV_NVDM_HDR_MSG_TYPE_VENDOR_PCI	0x7eu
#define NV_NVDM_HDR_VENDOR_SHIFT		8		/* 23:8 = 0x10de */
#define   NV_NVDM_HDR_VENDOR_NVIDIA		0x10deu
#define NV_NVDM_HDR_TYPE_SHIFT			24		/* 31:24 = NVDM type */
#define NV_NVDM_TYPE_COT			0x14u
#define NV_NVDM_TYPE_FSP_RESPONSE		0x15u
#define NV_NVDM_HDR(type)			((((type) & 0xffu) << NV_NVDM_HDR_TYPE_SHIFT) | \
						 (NV_NVDM_HDR_VENDOR_NVIDIA << NV_NVDM_HDR_VENDOR_SHIFT) | \
						 NV_NVDM_HDR_MSG_TYPE_VENDOR_PCI)

/* NVDM_PAYLOAD_COT, packed, 860 bytes (byte offsets). */
#define NV_FSP_COT_VERSION			0x000	/* u16, 1 on GH100 */
#define NV_FSP_COT_SIZE				0x002	/* u16, 860 */
#define NV_FSP_COT_GSP_FMC_SYSMEM_OFFSET	0x004	/* u64: bus address of the FMC image */
#define NV_FSP_COT_FRTS_SYSMEM_OFFSET		0x00c	/* u64 */
#define NV_FSP_COT_FRTS_SYSMEM_SIZE		0x014	/* u32 */
#define NV_FSP_COT_FRTS_VIDMEM_OFFSET		0x018	/* u64: from the FB end */
#define NV_FSP_COT_FRTS_VIDMEM_SIZE		0x020	/* u32 */
#define NV_FSP_COT_HASH384			0x024	/* 48 bytes */
#define NV_FSP_COT_PUBLIC_KEY			0x054	/* 384 bytes */
#define NV_FSP_COT_SIGNATURE			0x1d4	/* 384 bytes */
#define NV_FSP_COT_GSP_BOOT_ARGS_SYSMEM_OFFSET	0x354	/* u64: GSP_FMC_BOOT_PARAMS */
#define NV_FSP_COT_PAYLOAD_SIZE			860u
#define NV_FSP_COT_VERSION_GH100		1u
#define NV_FSP_COT_HASH_SIZE			48u
#define NV_FSP_COT_KEY_SIZE			384u
#define NV_FSP_COT_SIG_SIZE			384u

/* NVDM_PAYLOAD_COMMAND_RESPONSE after the two headers. */
#define NV_FSP_RESP_TASK_ID			0x0	/* u32 */
#define NV_FSP_RESP_COMMAND_NVDM_TYPE		0x4	/* u32 */
#define NV_FSP_RESP_ERROR_CODE			0x8	/* u32, 0 = OK */
#define NV_FSP_RESP_PAYLOAD_SIZE		12u

/* GSP_FMC_BOOT_PARAMS, 56 bytes (protocol.md §3.6 step 4; byte offsets). */
#define NV_GSP_FMC_BOOT_PARAMS_SIZE		56u
#define NV_GSP_FMC_REGKEYS			0x00	/* u32 */
#define NV_GSP_FMC_RM_DESC_TARGET		0x08	/* u32 GSP_DMA_TARGET */
#define NV_GSP_FMC_RM_DESC_SIZE			0x0c	/* u32: GspFwWprMeta size */
#define NV_GSP_FMC_RM_DESC_OFFSET		0x10	/* u64: GspFwWprMeta bus address */
#define NV_GSP_FMC_WPR_CARVEOUT_OFFSET		0x18	/* u64 */
#define NV_GSP_FMC_WPR_CARVEOUT_SIZE		0x20	/* u32 */
#define NV_GSP_FMC_IS_GSP_RM_BOOT		0x24	/* u8 = 1 */
#define NV_GSP_FMC_RM_TARGET			0x28	/* u32 GSP_DMA_TARGET */
#define NV_GSP_FMC_BOOT_ARGS_OFFSET		0x30	/* u64: LibOS args bus address */
#define NV_GSP_DMA_TARGET_LOCAL_FB		0u
#define NV_GSP_DMA_TARGET_COHERENT_SYSTEM	1u
#define NV_GSP_DMA_TARGET_NONCOHERENT_SYSTEM	2u

/* GSP MAILBOX0 while GSP-FMC holds the PRI lockdown: 0xbadf41xx (protocol.md §3.6 step 6). */
#define NV_GSP_MAILBOX0_PRI_LOCKED_MASK		0xffffff00u
#define NV_GSP_MAILBOX0_PRI_LOCKED		0xbadf4100u

/* GH100 FB layout inputs the host gives GSP-FMC (protocol.md §3.3, §3.6 step 2). */
#define NV_GH100_NON_WPR_HEAP_SIZE		0x00200000
#define NV_GH100_FRTS_VIDMEM_ALIGN		0x00200000

#endif
