// SPDX-License-Identifier: MIT
/*
 * Falcon reset, DMA load, HS boot and the SEC2 booter.
 *
 * The sequence is docs/hw-fidelity.md "Falcon operations"; the BROM
 * programming follows nova-core's GA102 falcon HAL, the signature choice
 * nouveau's ga100_flcn_fw_signature.
 */
#include <linux/bitops.h>
#include <linux/device.h>
#include <linux/dma-mapping.h>
#include <linux/errno.h>
#include <linux/iopoll.h>
#include <linux/kernel.h>
#include <linux/overflow.h>
#include <linux/sizes.h>
#include <linux/string.h>

#include "nvcore_dev.h"
#include "regs.h"
#include "falcon.h"

/* DMA transfers move 256-byte blocks (DMATRFCMD SIZE_256B). */
#define FALCON_DMA_BLOCK	256u
/* Bounce buffers above this are a broken descriptor, not a real ucode. */
#define FALCON_LOAD_MAX		SZ_1M
/* Poll interval for falcon status registers. */
#define FALCON_POLL_US		10

const char *nvcore_falcon_name(u32 base)
{
	switch (base) {
	case NV_PGSP_BASE:
		return "GSP";
	case NV_PSEC_BASE:
		return "SEC2";
	default:
		return "unknown";
	}
}

static u64 falcon_timeout_us(unsigned int timeout_ms)
{
	/* read_poll_timeout() treats 0 as "wait forever": never pass it. */
	return (u64)(timeout_ms ?: 1) * USEC_PER_MSEC;
}

/* Wait until (reg & mask) == want; name the register and its last value on timeout. */
static int falcon_wait(struct nvcore_dev *nd, u32 base, u32 reg, u32 mask,
		       u32 want, const char *what, unsigned int timeout_ms)
{
	u32 val;
	int ret;

	ret = read_poll_timeout(nvcore_rd32, val, (val & mask) == want,
				FALCON_POLL_US, falcon_timeout_us(timeout_ms),
				false, nd, base + reg);
	if (ret)
		dev_err(nd->dev,
			"%s falcon: timed out after %u ms waiting for %s (reg 0x%06x = 0x%08x)\n",
			nvcore_falcon_name(base), timeout_ms, what, base + reg, val);
	return ret;
}

/*
 * How long to give HWCFG2.RESET_READY before asserting the engine reset:
 * 150 us, as OGKM kflcnPreResetWait_GA102 (PRE_RESET_TIMEOUT_US), nouveau
 * ga102_flcn_reset_prep and nova-core falcon/hal/ga102.rs reset_eng do.
 */
#define FALCON_PRE_RESET_US	150

/*
 * Select the falcon core of a Peregrine (RISC-V capable) falcon and wait for
 * the hardware to report the selection VALID (nouveau ga102_flcn_select,
 * nova-core select_core_ga102, OGKM kflcnSwitchToFalcon_GA102).
 */
static int falcon_select_falcon_core(struct nvcore_dev *nd, u32 base,
				     unsigned int timeout_ms)
{
	u32 bcr = nvcore_rd32(nd, base + NV_RISCV_OFFSET + NV_RISCV_BCR_CTRL);

	if (!(bcr & NV_RISCV_BCR_CTRL_CORE_SELECT_RISCV))
		return 0;
	nvcore_wr32(nd, base + NV_RISCV_OFFSET + NV_RISCV_BCR_CTRL, 0);
	return falcon_wait(nd, base, NV_RISCV_OFFSET + NV_RISCV_BCR_CTRL,
			   NV_RISCV_BCR_CTRL_VALID, NV_RISCV_BCR_CTRL_VALID,
			   "BCR_CTRL VALID (falcon core)", timeout_ms);
}

int nvcore_falcon_reset(struct nvcore_dev *nd, u32 base, bool riscv,
			unsigned int timeout_ms)
{
	u32 val;
	int ret;

	/*
	 * Give a falcon that is still busy a moment to say RESET_READY, then
	 * reset it anyway: the hardware sometimes never sets the bit (OGKM
	 * kflcnPreResetWait_GA102, "Bug 3419321"), so this wait never fails.
	 */
	read_poll_timeout(nvcore_rd32, val, val & NV_FALCON_HWCFG2_RESET_READY,
			  FALCON_POLL_US, FALCON_PRE_RESET_US, false, nd,
			  base + NV_FALCON_HWCFG2);

	nvcore_mask32(nd, base + NV_FALCON_ENGINE, NV_FALCON_ENGINE_RESET,
		      NV_FALCON_ENGINE_RESET);
	/* Let the reset propagate before releasing it (nova-core: 10 us). */
	usleep_range(10, 20);
	nvcore_mask32(nd, base + NV_FALCON_ENGINE, NV_FALCON_ENGINE_RESET, 0);

	/* The scrub after reset must finish before IMEM/DMEM are touched. */
	ret = falcon_wait(nd, base, NV_FALCON_HWCFG2, NV_FALCON_HWCFG2_MEM_SCRUBBING,
			  0, "HWCFG2 memory scrubbing done", timeout_ms);
	if (ret)
		return ret;

	/*
	 * GA100 resets its falcons with the engine reset alone: no core select
	 * and no RISC-V BCR (nouveau gsp/tu102.c tu102_gsp_reset = reset_eng,
	 * tu102_gsp_flcn without .select; booter_load starts the RISC-V core).
	 */
	if (nd->chip.legacy_hs) {
		if (!riscv)
			nvcore_wr32(nd, base + NV_FALCON_RM, nvcore_rd32(nd, NV_PMC_BOOT_0));
		return 0;
	}

	/* Only a falcon with a RISC-V core (Peregrine) has a core select. */
	if (!(nvcore_rd32(nd, base + NV_FALCON_HWCFG2) & NV_FALCON_HWCFG2_RISCV)) {
		if (riscv) {
			dev_err(nd->dev, "%s falcon: HWCFG2 reports no RISC-V core\n",
				nvcore_falcon_name(base));
			return -ENODEV;
		}
	} else if (riscv) {
		/*
		 * Ready for booter-load to start the RISC-V core: select it, mark
		 * the selection valid and let it fetch from the boot ROM (OGKM
		 * kflcnResetIntoRiscv_GA102 -> kflcnRiscvProgramBcr_GA102 with
		 * bBRFetch).  OGKM does not poll after this write.
		 */
		nvcore_wr32(nd, base + NV_RISCV_OFFSET + NV_RISCV_BCR_CTRL,
			    NV_RISCV_BCR_CTRL_CORE_SELECT_RISCV | NV_RISCV_BCR_CTRL_VALID |
			    NV_RISCV_BCR_CTRL_BRFETCH);
		return 0;
	} else {
		ret = falcon_select_falcon_core(nd, base, timeout_ms);
		if (ret)
			return ret;
	}

	/*
	 * Reset into the falcon core ends with the chip id in FALCON_RM (OGKM
	 * kflcnReset_TU102 writes pGpu->chipId0, nova-core falcon.rs reset
	 * NV_PMC_BOOT_0); the RISC-V path (kflcnResetIntoRiscv_GA102) does not.
	 */
	nvcore_wr32(nd, base + NV_FALCON_RM, nvcore_rd32(nd, NV_PMC_BOOT_0));
	return 0;
}

/* DMA @len bytes at @src (offset from DMATRFBASE) into IMEM or DMEM at @dst. */
static int falcon_dma_xfer(struct nvcore_dev *nd, u32 base, bool imem, u32 dst,
			   u32 src, u32 len, unsigned int timeout_ms)
{
	u32 cmd = NV_FALCON_DMATRFCMD_SIZE_256B;
	u32 pos;
	int ret;

	/*
	 * The code of an HS ucode goes in as secure code, DMATRFCMD SEC = 1, or
	 * the BROM will not run it (nouveau ga102_flcn_fw_load: IMEM sec, DMEM
	 * not; nova-core falcon.rs dma_wr / regs.rs with_falcon_mem ImemSecure).
	 */
	if (imem)
		cmd |= NV_FALCON_DMATRFCMD_IMEM | NV_FALCON_DMATRFCMD_SEC_1;

	for (pos = 0; pos < len; pos += FALCON_DMA_BLOCK) {
		nvcore_wr32(nd, base + NV_FALCON_DMATRFMOFFS, dst + pos);
		nvcore_wr32(nd, base + NV_FALCON_DMATRFFBOFFS, src + pos);
		nvcore_wr32(nd, base + NV_FALCON_DMATRFCMD, cmd);
		ret = falcon_wait(nd, base, NV_FALCON_DMATRFCMD,
				  NV_FALCON_DMATRFCMD_IDLE, NV_FALCON_DMATRFCMD_IDLE,
				  imem ? "IMEM DMA idle" : "DMEM DMA idle", timeout_ms);
		if (ret)
			return ret;
	}
	return 0;
}

/* The little-endian word at @src + @pos of a @len-byte image, zero past its end. */
static u32 falcon_pio_word(const u8 *src, u32 pos, u32 len)
{
	u32 word = 0;
	unsigned int i;

	for (i = 0; i < 4 && pos + i < len; i++)
		word |= (u32)src[pos + i] << (8 * i);
	return word;
}

/*
 * Write @len bytes into IMEM at @dst by PIO through port 0: IMEMC with
 * AINCW (and SECURE for HS code), then per 256-byte block its tag in IMEMT
 * followed by the words in IMEMD; a short last block is padded with zeros
 * (nouveau gm200_flcn_pio_imem_wr_init/_wr, nvkm_falcon_pio_wr).
 */
static void falcon_pio_imem(struct nvcore_dev *nd, u32 base, const u8 *src, u32 len,
			    u32 dst, bool secure)
{
	u32 pos;

	nvcore_wr32(nd, base + NV_FALCON_IMEMC0, NV_FALCON_IMEMC_AINCW |
		    (secure ? NV_FALCON_IMEMC_SECURE : 0) | dst);
	for (pos = 0; pos < ALIGN(len, FALCON_DMA_BLOCK); pos += 4) {
		if (!(pos % FALCON_DMA_BLOCK))
			nvcore_wr32(nd, base + NV_FALCON_IMEMT0, (dst + pos) >> 8);
		nvcore_wr32(nd, base + NV_FALCON_IMEMD0, falcon_pio_word(src, pos, len));
	}
}

/* The same for DMEM at @dst: DMEMC with AINCW, then the words in DMEMD. */
static void falcon_pio_dmem(struct nvcore_dev *nd, u32 base, const u8 *src, u32 len, u32 dst)
{
	u32 pos;

	nvcore_wr32(nd, base + NV_FALCON_DMEMC0, NV_FALCON_DMEMC_AINCW | dst);
	for (pos = 0; pos < len; pos += 4) {
		nvcore_wr32(nd, base + NV_FALCON_DMEMD0, falcon_pio_word(src, pos, len));
	}
}

/*
 * GA100's legacy HS ucode (nouveau falcon/gm200.c gm200_flcn_fw_load, no
 * instance block): FBIF_CTL bit 7 and DMACTL = 0, then by PIO the OS code
 * non-secure, the secure code tagged SECURE and the data to DMEM; no BROM
 * parameters (the falcon checks the signature patched into DMEM itself).
 */
static void falcon_pio_load(struct nvcore_dev *nd, u32 base, const struct nvcore_falcon_ucode *uc)
{
	nvcore_mask32(nd, base + NV_FALCON_FBIF_CTL, NV_FALCON_FBIF_CTL_ALLOW_PHYS_NO_CTX,
		      NV_FALCON_FBIF_CTL_ALLOW_PHYS_NO_CTX);
	nvcore_wr32(nd, base + NV_FALCON_DMACTL, 0);
	if (uc->os_code_size)
		falcon_pio_imem(nd, base, uc->os_code, uc->os_code_size, uc->os_code_dst, false);
	falcon_pio_imem(nd, base, uc->imem, uc->imem_size, uc->imem_dst, true);
	falcon_pio_dmem(nd, base, uc->dmem, uc->dmem_size, uc->dmem_dst);
	/* gm200_flcn_fw_boot writes BOOTVEC just before STARTCPU; nothing runs in between. */
	nvcore_wr32(nd, base + NV_FALCON_BOOTVEC, uc->boot_vec);
}

int nvcore_falcon_ucode_check(struct nvcore_dev *nd, const char *what,
			      const struct nvcore_falcon_ucode *uc)
{
	u32 imem_pad = ALIGN(uc->imem_size, FALCON_DMA_BLOCK);
	u32 dmem_pad = ALIGN(uc->dmem_size, FALCON_DMA_BLOCK);
	u32 dmem_src, total;

	if (!nvcore_falcon_mem_ok(uc->imem_dst, uc->imem_size) ||
	    !nvcore_falcon_mem_ok(uc->os_code_dst, uc->os_code_size) ||
	    !nvcore_falcon_mem_ok(uc->dmem_dst, uc->dmem_size)) {
		dev_err(nd->dev,
			"%s: ucode beyond the falcon's 0x%x-byte IMEM/DMEM (code 0x%x bytes at IMEM 0x%x, OS code 0x%x at 0x%x, data 0x%x bytes at DMEM 0x%x)\n",
			what, NVCORE_FALCON_MEM_SIZE, uc->imem_size, uc->imem_dst,
			uc->os_code_size, uc->os_code_dst, uc->dmem_size, uc->dmem_dst);
		return -EINVAL;
	}
	if (uc->pio) {
		if (!uc->imem_size || !uc->dmem_size || uc->os_code_dst % FALCON_DMA_BLOCK ||
		    uc->imem_dst % FALCON_DMA_BLOCK || uc->dmem_dst % 4) {
			dev_err(nd->dev,
				"%s: bad PIO ucode layout (OS code 0x%x at 0x%x, code 0x%x at 0x%x, data 0x%x at 0x%x)\n",
				what, uc->os_code_size, uc->os_code_dst, uc->imem_size,
				uc->imem_dst, uc->dmem_size, uc->dmem_dst);
			return -EINVAL;
		}
		return 0;
	}
	/*
	 * Bounce layout: the code sits at its IMEM tag (imem_virt) so that
	 * DMATRFFBOFFS doubles as the tag for each block, as nova-core does;
	 * the data follows the code.
	 */
	if (!uc->imem_size || !uc->dmem_size || imem_pad < uc->imem_size ||
	    dmem_pad < uc->dmem_size ||
	    check_add_overflow(uc->imem_virt, imem_pad, &dmem_src) ||
	    check_add_overflow(dmem_src, dmem_pad, &total) ||
	    total > FALCON_LOAD_MAX || !IS_ALIGNED(uc->imem_virt, FALCON_DMA_BLOCK)) {
		dev_err(nd->dev,
			"%s: bad ucode layout (IMEM tag 0x%x, code 0x%x bytes, data 0x%x bytes)\n",
			what, uc->imem_virt, uc->imem_size, uc->dmem_size);
		return -EINVAL;
	}
	return 0;
}

int nvcore_falcon_load(struct nvcore_dev *nd, u32 base,
		       const struct nvcore_falcon_ucode *uc,
		       unsigned int timeout_ms)
{
	const char *name = nvcore_falcon_name(base);
	u32 imem_pad = ALIGN(uc->imem_size, FALCON_DMA_BLOCK);
	u32 dmem_pad = ALIGN(uc->dmem_size, FALCON_DMA_BLOCK);
	u32 dmem_src = uc->imem_virt + imem_pad, total = dmem_src + dmem_pad;
	char what[32];
	dma_addr_t bus;
	u8 *bounce;
	int ret;

	snprintf(what, sizeof(what), "%s falcon", name);
	ret = nvcore_falcon_ucode_check(nd, what, uc);
	if (ret)
		return ret;
	if (uc->pio) {
		falcon_pio_load(nd, base, uc);
		return 0;
	}

	/* Zeroed by the allocator: the padding of both parts must be zero. */
	bounce = dma_alloc_coherent(nd->dev, total, &bus, GFP_KERNEL);
	if (!bounce)
		return -ENOMEM;
	/*
	 * DMATRFBASE/DMATRFBASE1 reach 49 bits (nova-core dma_wr); the 47-bit
	 * DMA mask set at probe (main.c) keeps every coherent buffer below that.
	 */
	memcpy(bounce + uc->imem_virt, uc->imem, uc->imem_size);
	memcpy(bounce + dmem_src, uc->dmem, uc->dmem_size);

	nvcore_wr32(nd, base + NV_FALCON_FBIF_TRANSCFG0,
		    NV_FALCON_FBIF_TRANSCFG_TARGET_COHERENT_SYSMEM |
		    NV_FALCON_FBIF_TRANSCFG_PHYSICAL);
	nvcore_mask32(nd, base + NV_FALCON_FBIF_CTL,
		      NV_FALCON_FBIF_CTL_ALLOW_PHYS_NO_CTX,
		      NV_FALCON_FBIF_CTL_ALLOW_PHYS_NO_CTX);
	nvcore_wr32(nd, base + NV_FALCON_DMACTL, 0);
	nvcore_wr32(nd, base + NV_FALCON_DMATRFBASE, lower_32_bits(bus >> 8));
	nvcore_wr32(nd, base + NV_FALCON_DMATRFBASE1, lower_32_bits((u64)bus >> 40));

	ret = falcon_dma_xfer(nd, base, true, uc->imem_dst, uc->imem_virt,
			      imem_pad, timeout_ms);
	if (ret)
		goto out_free;
	ret = falcon_dma_xfer(nd, base, false, uc->dmem_dst, dmem_src,
			      dmem_pad, timeout_ms);
	if (ret)
		goto out_free;

	/* HS boot parameters for the BROM (nova-core program_brom_ga102). */
	nvcore_wr32(nd, base + NV_FALCON2_OFFSET + NV_FALCON2_BROM_PARAADDR(0),
		    uc->pkc_offset);
	nvcore_wr32(nd, base + NV_FALCON2_OFFSET + NV_FALCON2_BROM_ENGIDMASK,
		    uc->engine_id_mask);
	nvcore_wr32(nd, base + NV_FALCON2_OFFSET + NV_FALCON2_BROM_CURR_UCODE_ID,
		    uc->ucode_id & 0xff);
	nvcore_wr32(nd, base + NV_FALCON2_OFFSET + NV_FALCON2_MOD_SEL,
		    NV_FALCON2_MOD_SEL_ALGO_RSA3K);

	nvcore_wr32(nd, base + NV_FALCON_BOOTVEC, uc->boot_vec);

out_free:
	/* Every block reported IDLE (or the load failed): the bounce is unused. */
	dma_free_coherent(nd->dev, total, bounce, bus);
	return ret;
}

int nvcore_falcon_boot(struct nvcore_dev *nd, u32 base, u32 mbox0, u32 mbox1,
		       u32 *out0, u32 *out1, unsigned int timeout_ms)
{
	int ret;

	nvcore_wr32(nd, base + NV_FALCON_MAILBOX0, mbox0);
	nvcore_wr32(nd, base + NV_FALCON_MAILBOX1, mbox1);

	if (nvcore_rd32(nd, base + NV_FALCON_CPUCTL) & NV_FALCON_CPUCTL_ALIAS_EN)
		nvcore_wr32(nd, base + NV_FALCON_CPUCTL_ALIAS, NV_FALCON_CPUCTL_STARTCPU);
	else
		nvcore_wr32(nd, base + NV_FALCON_CPUCTL, NV_FALCON_CPUCTL_STARTCPU);

	ret = falcon_wait(nd, base, NV_FALCON_CPUCTL, NV_FALCON_CPUCTL_HALTED,
			  NV_FALCON_CPUCTL_HALTED, "CPUCTL HALTED", timeout_ms);
	if (ret)
		return ret;

	if (out0)
		*out0 = nvcore_rd32(nd, base + NV_FALCON_MAILBOX0);
	if (out1)
		*out1 = nvcore_rd32(nd, base + NV_FALCON_MAILBOX1);
	return 0;
}

int nvcore_falcon_sig_index(struct nvcore_dev *nd, const char *what,
			    u32 engine_id_mask, u32 ucode_id, u32 fuse_ver,
			    u32 sig_count, u32 *idx)
{
	u32 reg, fuse;

	if (!sig_count) {
		dev_err(nd->dev, "%s: no signatures\n", what);
		return -EINVAL;
	}
	if (ucode_id < 1 || ucode_id > NV_FUSE_OPT_FPF_UCODE_VERSION_COUNT) {
		dev_err(nd->dev, "%s: ucode id %u outside 1..%u\n", what, ucode_id,
			NV_FUSE_OPT_FPF_UCODE_VERSION_COUNT);
		return -EINVAL;
	}

	if (engine_id_mask & BIT(0)) {
		reg = NV_FUSE_OPT_FPF_SEC2_UCODE_VERSION(ucode_id - 1);
	} else if (engine_id_mask & BIT(2)) {
		reg = NV_FUSE_OPT_FPF_ENG2_UCODE_VERSION(ucode_id - 1);
	} else if (engine_id_mask & BIT(10)) {
		reg = NV_FUSE_OPT_FPF_GSP_UCODE_VERSION(ucode_id - 1);
	} else {
		dev_err(nd->dev, "%s: engine id mask 0x%x names no known falcon\n",
			what, engine_id_mask);
		return -EINVAL;
	}

	fuse = nvcore_rd32(nd, reg);
	if (!fuse) {
		/* Unfused part: the newest signature, which comes last. */
		*idx = sig_count - 1;
		return 0;
	}

	if (fuse_ver < (u32)fls(fuse) || fuse_ver - fls(fuse) >= sig_count) {
		dev_err(nd->dev,
			"%s: no signature for fuse version 0x%x (reg 0x%06x): ucode fuse version %u, %u signatures\n",
			what, fuse, reg, fuse_ver, sig_count);
		return -EINVAL;
	}
	*idx = fuse_ver - fls(fuse);
	return 0;
}

int nvcore_booter_run(struct nvcore_dev *nd, const struct nvcore_falcon_ucode *booter,
		      u64 mbox, unsigned int timeout_ms)
{
	u32 mbox0, mbox1;
	int ret;

	ret = nvcore_falcon_reset(nd, NV_PSEC_BASE, false, timeout_ms);
	if (ret)
		return ret;
	ret = nvcore_falcon_load(nd, NV_PSEC_BASE, booter, timeout_ms);
	if (ret)
		return ret;
	ret = nvcore_falcon_boot(nd, NV_PSEC_BASE, lower_32_bits(mbox),
				 upper_32_bits(mbox), &mbox0, &mbox1, timeout_ms);
	if (ret) {
		dev_err(nd->dev, "booter did not halt on SEC2\n");
		return ret;
	}
	if (mbox0) {
		dev_err(nd->dev, "booter failed on SEC2: MAILBOX0 = 0x%08x, MAILBOX1 = 0x%08x\n",
			mbox0, mbox1);
		return -EIO;
	}
	return 0;
}

int nvcore_gsp_reset_riscv(struct nvcore_dev *nd, unsigned int timeout_ms)
{
	return nvcore_falcon_reset(nd, NV_PGSP_BASE, true, timeout_ms);
}
