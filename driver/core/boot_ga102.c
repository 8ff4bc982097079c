// SPDX-License-Identifier: MIT
/*
 * GA10x/AD10x boot (docs/protocol.md §3.4): the host lays out WPR2,
 * FWSEC-FRTS from the VBIOS carves the FRTS region, and the SEC2 booter
 * checks the GSP image and starts the RISC-V core.  The state machine and
 * the common states are in boot.c.
 */
#include <linux/iopoll.h>
#include <linux/kernel.h>
#include <linux/sizes.h>

#include "core.h"
#include "hw.h"
#include "regs.h"

#define NON_WPR_HEAP_SIZE	(1ull << 20)
#define VGA_WORKSPACE_SIZE	(128ull << 10)
#define WPR_META_SIZE		256	/* GspFwWprMeta, every release */

/* Top-down FB layout the host computes on TU/GA/AD (protocol.md §3.3). */
static int fb_layout(struct nvcore_dev *nd, struct nvcore_wpr_layout *l)
{
	struct nvcore_fw_files *f = &nd->fw;
	u32 vga = nvcore_rd32(nd, NV_PDISP_VGA_WORKSPACE_BASE);

	l->fb_size = (u64)nvcore_rd32(nd, NV_USABLE_FB_SIZE_IN_MB) << 20;
	if (l->fb_size < (1ull << 30)) {
		dev_err(nd->dev, "usable FB size %llu MiB is too small for GSP-RM\n",
			l->fb_size >> 20);
		return -ENODEV;
	}
	l->vga_size = VGA_WORKSPACE_SIZE;
	l->vga_offset = l->fb_size - VGA_WORKSPACE_SIZE;
	if (vga & NV_PDISP_VGA_WORKSPACE_BASE_VALID) {
		u64 base = (u64)(vga >> 8) << 16;

		if (base < l->vga_offset)
			l->vga_offset = base;
	}
	l->wpr_end = ALIGN_DOWN(l->vga_offset, SZ_128K);
	l->frts_size = NV_FRTS_SIZE;
	l->frts_offset = l->wpr_end - l->frts_size;
	l->boot_bin_offset = ALIGN_DOWN(l->frts_offset - f->bl_payload_size, SZ_4K);
	l->fw_offset = ALIGN_DOWN(l->boot_bin_offset - f->image_size, SZ_64K);
	/*
	 * The heap starts 1 MiB-aligned below the image, so it ends up larger
	 * than asked for: its size is re-derived from the aligned offset, up to
	 * the image, in whole MiB (nouveau tu102_gsp_oneinit, nova-core fb.rs
	 * FbLayout::new: wpr2_heap ends at elf.start aligned down to 1 MiB).
	 */
	l->heap_size = nvcore_boot_wpr_heap_size(nd, l->fb_size);
	l->heap_offset = ALIGN_DOWN(l->fw_offset - l->heap_size, SZ_1M);
	l->heap_size = ALIGN_DOWN(l->fw_offset - l->heap_offset, SZ_1M);
	l->wpr_start = ALIGN_DOWN(l->heap_offset - WPR_META_SIZE, SZ_1M);
	l->non_wpr_heap_size = NON_WPR_HEAP_SIZE;
	l->non_wpr_heap_offset = ALIGN_DOWN(l->wpr_start - l->non_wpr_heap_size, SZ_1M);
	return 0;
}

/*
 * GFW boot is done once GFW let the CPU read secure scratch group 05 (its
 * PLM's READ_PROTECTION_LEVEL0 is _ENABLE) and the progress there reads
 * _COMPLETED.  The progress is read only after the PLM allows it: before,
 * the read is a privilege violation.  nouveau devinit/tu102.c
 * tu102_devinit_wait, nova-core gfw.rs wait_gfw_boot_completion.
 */
static bool gfw_boot_done(struct nvcore_dev *nd)
{
	u32 plm = nvcore_rd32(nd, NV_PGC6_AON_SECURE_SCRATCH_GROUP_05_PRIV_LEVEL_MASK);

	if (!(plm & NV_PGC6_AON_SECURE_SCRATCH_GROUP_05_PRIV_LEVEL_MASK_READ_PROTECTION_LEVEL0))
		return false;
	return (nvcore_rd32(nd, NV_PGC6_AON_SECURE_SCRATCH_GROUP_05_0) &
		NV_PGC6_AON_SECURE_SCRATCH_GROUP_05_0_GFW_BOOT_PROGRESS) ==
	       NV_PGC6_AON_SECURE_SCRATCH_GROUP_05_0_GFW_BOOT_PROGRESS_COMPLETED;
}

static int wait_gfw(struct nvcore_dev *nd, unsigned int timeout_ms)
{
	bool done;
	int ret;

	ret = read_poll_timeout(gfw_boot_done, done, done, 1000, timeout_ms * 1000, false, nd);
	if (ret) {
		dev_err(nd->dev, "GPU firmware (GFW) boot did not complete in %u ms (PLM 0x%08x)\n",
			timeout_ms,
			nvcore_rd32(nd, NV_PGC6_AON_SECURE_SCRATCH_GROUP_05_PRIV_LEVEL_MASK));
		return ret;
	}
	return nvcore_boot_check_wpr2_down(nd);
}

static int prepare(struct nvcore_dev *nd, unsigned int timeout_ms)
{
	struct nvcore_core_state *c = nd->core;
	struct nvcore_wpr_layout l = {};
	int ret;

	ret = fb_layout(nd, &l);
	if (!ret)
		ret = nvcore_boot_alloc_common(nd, &l);
	if (ret)
		return ret;
	nd->release->build_wpr_meta(c->boot.wpr_meta.cpu, &l);
	c->boot.wpr_frts_offset = l.frts_offset;
	c->boot.wpr_frts_size = l.frts_size;
	return 0;
}

static int frts(struct nvcore_dev *nd, unsigned int timeout_ms)
{
	return nvcore_fwsec_frts(nd, nd->core->boot.wpr_frts_offset, nd->core->boot.wpr_frts_size,
				 timeout_ms);
}

static int booter_load(struct nvcore_dev *nd, unsigned int timeout_ms)
{
	struct nvcore_core_state *c = nd->core;
	int ret;

	ret = nvcore_gsp_reset_riscv(nd, timeout_ms);
	/* Queued before GSP runs; it reads them at init, no reply (protocol.md §3.4 step 8). */
	if (!ret)
		ret = nvcore_boot_queue_preboot_rpcs(nd);
	if (ret)
		return ret;
	nvcore_wr32(nd, NV_PGSP_FALCON_MAILBOX0, lower_32_bits(c->boot.libos.dma));
	nvcore_wr32(nd, NV_PGSP_FALCON_MAILBOX1, upper_32_bits(c->boot.libos.dma));
	return nvcore_booter_run(nd, &nd->fw.load, c->boot.wpr_meta.dma, timeout_ms);
}

/*
 * After UNLOADING_GUEST_DRIVER: LIBOS suspends; the GSP falcon is reset
 * and FWSEC-SB puts the VBIOS's pre-OS applications back; then
 * booter-unload lowers WPR2.  That order is nouveau's (tu102_gsp_fini,
 * r535_gsp_fini) and OGKM's (kgspUnloadRm_IMPL).  FWSEC-SB's failure does
 * not stop the unload there (WARN_ON / NV_ASSERT): booter-unload still runs
 * so WPR2 comes down, and the error is returned after.
 */
static int unload(struct nvcore_dev *nd, unsigned int timeout_ms)
{
	u32 mbox;
	int ret, sb;

	ret = read_poll_timeout(nvcore_rd32, mbox, mbox == NV_GSP_MAILBOX0_SUSPENDED, 1000,
				timeout_ms * 1000, false, nd, NV_PGSP_FALCON_MAILBOX0);
	if (ret) {
		dev_err(nd->dev, "GSP did not suspend after UNLOADING_GUEST_DRIVER (MAILBOX0 0x%08x)\n",
			mbox);
		return ret;
	}
	/* The FWSEC path resets the GSP falcon before it loads FWSEC. */
	sb = nvcore_fwsec_sb(nd, timeout_ms);
	ret = nvcore_booter_run(nd, &nd->fw.unload, 0x000000ff000000ffull, timeout_ms);
	if (!ret && nvcore_rd32(nd, NV_PFB_PRI_MMU_WPR2_ADDR_HI)) {
		dev_err(nd->dev, "WPR2 is still up after booter-unload\n");
		ret = -EIO;
	}
	return ret ? ret : sb;
}

static const struct nvcore_boot_step steps[] = {
	NVCORE_BOOT_STEP(GFW, wait_gfw, GFW_BOOT),
	NVCORE_BOOT_STEP(PREPARE, prepare, RPC),
	NVCORE_BOOT_STEP(FRTS, frts, FRTS),
	NVCORE_BOOT_STEP(BOOTER_LOAD, booter_load, BOOTER),
	NVCORE_BOOT_STEPS_GSP_RM,
};

const struct nvcore_boot_family nvcore_boot_ga102 = {
	.name = "GA10x/AD10x",
	.steps = steps,
	.num_steps = ARRAY_SIZE(steps),
	.unload = unload,
};
