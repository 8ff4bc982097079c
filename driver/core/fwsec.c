// SPDX-License-Identifier: MIT
/*
 * FWSEC: run the VBIOS's FWSEC ucode on the GSP falcon with one of two
 * commands (protocol.md §3.4 step 6, §4.5; docs/hw-fidelity.md "VBIOS and firmware files"):
 * FRTS at load, to carve out the FRTS region and raise WPR2, and SB at
 * unload, to put the pre-OS applications back.  The command patching
 * follows nova-core's firmware/fwsec.rs and nouveau's gsp/fwsec.c
 * nvkm_gsp_fwsec_patch; the SB command takes only the ReadVbios descriptor
 * (OGKM kernel_gsp_frts_tu102.c s_executeFwsec_TU102).
 */
#include <linux/device.h>
#include <linux/errno.h>
#include <linux/kernel.h>
#include <linux/overflow.h>
#include <linux/sizes.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "compat.h"
#include "nvcore_dev.h"
#include "regs.h"
#include "falcon.h"
#include "vbios.h"

#define APPIF_VERSION			1
#define APPIF_HDR_SIZE			4	/* version, header size, entry size, count */
#define APPIF_ENTRY_SIZE		8	/* id, dmem_base */
#define APPIF_ID_DMEMMAPPER		0x4

/* FalconAppifDmemmapperV3: the fields FWSEC's caller patches. */
#define DMEMMAPPER_CMD_IN_BUFFER_OFFSET	0x08
#define DMEMMAPPER_INIT_CMD		0x2c
#define DMEMMAPPER_SIZE			0x40
#define DMEMMAPPER_CMD_FRTS		0x15
#define DMEMMAPPER_CMD_SB		0x19

/* The FRTS command: ReadVbios then FrtsRegion, packed. */
struct fwsec_read_vbios {
	u32 ver;
	u32 hdr;
	u64 addr;
	u32 size;
	u32 flags;
} __packed;

struct fwsec_frts_region {
	u32 ver;
	u32 hdr;
	u32 addr;
	u32 size;
	u32 ftype;
} __packed;

struct fwsec_frts_cmd {
	struct fwsec_read_vbios read_vbios;
	struct fwsec_frts_region frts_region;
} __packed;

#define FRTS_READ_VBIOS_FLAGS		2
#define FRTS_REGION_TYPE_FB		2

/* Is [off, off + len) inside the DMEM half of the ucode copy? */
static bool fwsec_in_dmem(const struct nvcore_vbios_fwsec *fw, u32 off, u32 len)
{
	u32 start, end;

	return !check_add_overflow(fw->desc.imem_load_size, off, &start) &&
	       !check_add_overflow(start, len, &end) && end <= fw->ucode_size;
}

/*
 * Point the DMEMMAPPER interface at @init_cmd and fill its command buffer
 * in: FRTS gets ReadVbios then FrtsRegion, SB only ReadVbios.
 */
static int fwsec_patch_cmd(struct nvcore_dev *nd, const struct nvcore_vbios_fwsec *fw,
			   u8 *ucode, u32 init_cmd, u64 frts_offset, u64 frts_size)
{
	const struct nvcore_fwsec_desc_v3 *d = &fw->desc;
	struct fwsec_frts_cmd cmd = {};
	u32 hdr_off, hdr_size, ent_size, count, i, id, dmem_base, cmd_off, cmd_size;
	u8 *hdr, *mapper;

	if (check_add_overflow(d->imem_load_size, d->interface_offset, &hdr_off) ||
	    hdr_off > fw->ucode_size || fw->ucode_size - hdr_off < APPIF_HDR_SIZE) {
		dev_err(nd->dev, "FWSEC: interface table offset 0x%x outside the ucode (0x%x bytes)\n",
			d->interface_offset, fw->ucode_size);
		return -EINVAL;
	}
	hdr = ucode + hdr_off;
	if (hdr[0] != APPIF_VERSION) {
		dev_err(nd->dev, "FWSEC: interface table version %u, expected %u\n",
			hdr[0], APPIF_VERSION);
		return -EINVAL;
	}
	hdr_size = hdr[1];
	ent_size = hdr[2];
	count = hdr[3];
	if (ent_size < APPIF_ENTRY_SIZE ||
	    hdr_size + count * ent_size > fw->ucode_size - hdr_off) {
		dev_err(nd->dev,
			"FWSEC: interface table (header %u, %u entries of %u bytes) runs past the ucode\n",
			hdr_size, count, ent_size);
		return -EINVAL;
	}

	for (i = 0; i < count; i++) {
		id = get_unaligned_le32(hdr + hdr_size + i * ent_size);
		if (id == APPIF_ID_DMEMMAPPER)
			break;
	}
	if (i == count) {
		dev_err(nd->dev, "FWSEC: no DMEMMAPPER interface\n");
		return -EINVAL;
	}
	dmem_base = get_unaligned_le32(hdr + hdr_size + i * ent_size + 4);
	if (!fwsec_in_dmem(fw, dmem_base, DMEMMAPPER_SIZE)) {
		dev_err(nd->dev, "FWSEC: DMEMMAPPER at DMEM 0x%x outside the data (0x%x bytes)\n",
			dmem_base, d->dmem_load_size);
		return -EINVAL;
	}
	mapper = ucode + d->imem_load_size + dmem_base;

	cmd_off = get_unaligned_le32(mapper + DMEMMAPPER_CMD_IN_BUFFER_OFFSET);
	cmd_size = init_cmd == DMEMMAPPER_CMD_FRTS ? sizeof(cmd) : sizeof(cmd.read_vbios);
	if (!fwsec_in_dmem(fw, cmd_off, cmd_size)) {
		dev_err(nd->dev, "FWSEC: command buffer at DMEM 0x%x outside the data (0x%x bytes)\n",
			cmd_off, d->dmem_load_size);
		return -EINVAL;
	}

	if (init_cmd == DMEMMAPPER_CMD_FRTS &&
	    (!IS_ALIGNED(frts_offset | frts_size, SZ_4K) ||
	     (frts_offset >> 12) > U32_MAX || (frts_size >> 12) > U32_MAX)) {
		dev_err(nd->dev, "FWSEC: FRTS region 0x%llx+0x%llx cannot be expressed in 4 KiB units\n",
			frts_offset, frts_size);
		return -EINVAL;
	}

	put_unaligned_le32(init_cmd, mapper + DMEMMAPPER_INIT_CMD);

	cmd.read_vbios.ver = 1;
	cmd.read_vbios.hdr = sizeof(cmd.read_vbios);
	cmd.read_vbios.addr = 0;
	cmd.read_vbios.size = 0;
	cmd.read_vbios.flags = FRTS_READ_VBIOS_FLAGS;
	cmd.frts_region.ver = 1;
	cmd.frts_region.hdr = sizeof(cmd.frts_region);
	cmd.frts_region.addr = frts_offset >> 12;
	cmd.frts_region.size = frts_size >> 12;
	cmd.frts_region.ftype = FRTS_REGION_TYPE_FB;
	memcpy(ucode + d->imem_load_size + cmd_off, &cmd, cmd_size);
	return 0;
}

static int fwsec_patch_signature(struct nvcore_dev *nd, const struct nvcore_vbios_fwsec *fw,
				 u8 *ucode)
{
	const struct nvcore_fwsec_desc_v3 *d = &fw->desc;
	u32 idx;
	int ret;

	if (!fwsec_in_dmem(fw, d->pkc_data_offset, NVCORE_FALCON_RSA3K_SIG_SIZE)) {
		dev_err(nd->dev, "FWSEC: signature location DMEM 0x%x outside the data (0x%x bytes)\n",
			d->pkc_data_offset, d->dmem_load_size);
		return -EINVAL;
	}
	if (nd->chip.legacy_hs) {
		/*
		 * GA100 (nouveau gsp/ga100.c uses tu102_gsp_fwsec): no
		 * .signature hook, so nvkm_falcon_fw_patch takes signature 0.
		 */
		if (!d->signature_count) {
			dev_err(nd->dev, "FWSEC: no signatures\n");
			return -EINVAL;
		}
		idx = 0;
	} else {
		/* nouveau uses the signature version mask as the ucode's fuse version. */
		ret = nvcore_falcon_sig_index(nd, "FWSEC", d->engine_id_mask, d->ucode_id,
					      d->signature_versions, d->signature_count, &idx);
		if (ret)
			return ret;
	}
	dev_dbg(nd->dev, "FWSEC: signature %u of %u\n", idx, d->signature_count);

	memcpy(ucode + d->imem_load_size + d->pkc_data_offset,
	       fw->sigs + idx * NVCORE_FALCON_RSA3K_SIG_SIZE,
	       NVCORE_FALCON_RSA3K_SIG_SIZE);
	return 0;
}

static int fwsec_frts_check_result(struct nvcore_dev *nd, u32 mbox0, u64 frts_offset)
{
	u32 scratch, lo, hi;
	u64 wpr2_lo;

	if (mbox0) {
		dev_err(nd->dev, "FWSEC-FRTS failed: GSP MAILBOX0 = 0x%08x\n", mbox0);
		return -EIO;
	}
	scratch = nvcore_rd32(nd, NV_PBUS_SW_SCRATCH_0E);
	if (scratch >> 16) {
		dev_err(nd->dev, "FWSEC-FRTS failed: NV_PBUS_SW_SCRATCH_0E = 0x%08x (error 0x%04x)\n",
			scratch, scratch >> 16);
		return -EIO;
	}

	lo = nvcore_rd32(nd, NV_PFB_PRI_MMU_WPR2_ADDR_LO);
	hi = nvcore_rd32(nd, NV_PFB_PRI_MMU_WPR2_ADDR_HI);
	wpr2_lo = (u64)(lo >> NV_PFB_PRI_MMU_WPR2_ADDR_SHIFT) << 12;
	if (!hi) {
		dev_err(nd->dev, "FWSEC-FRTS did not raise WPR2: WPR2_ADDR_HI = 0 (LO = 0x%08x)\n",
			lo);
		return -EIO;
	}
	if (wpr2_lo != frts_offset) {
		dev_err(nd->dev,
			"FWSEC-FRTS put WPR2 at 0x%llx (WPR2_ADDR_LO = 0x%08x), expected the FRTS offset 0x%llx\n",
			wpr2_lo, lo, frts_offset);
		return -EIO;
	}
	return 0;
}

/*
 * After SB: FWSEC halted with MAILBOX0 = 0, its error code in
 * NV_PBUS_SW_SCRATCH_15 15:0 is 0 (nouveau nvkm_gsp_fwsec_sb), and GFW's
 * state is back to done: PLM lowered, progress completed (OGKM
 * s_executeFwsec_TU102 checks both after SB).
 */
static int fwsec_sb_check_result(struct nvcore_dev *nd, u32 mbox0)
{
	u32 scratch, plm, gfw;

	if (mbox0) {
		dev_err(nd->dev, "FWSEC-SB failed: GSP MAILBOX0 = 0x%08x\n", mbox0);
		return -EIO;
	}
	scratch = nvcore_rd32(nd, NV_PBUS_SW_SCRATCH_15);
	if (scratch & 0xffff) {
		dev_err(nd->dev, "FWSEC-SB failed: NV_PBUS_SW_SCRATCH_15 = 0x%08x (error 0x%04x)\n",
			scratch, scratch & 0xffff);
		return -EIO;
	}
	plm = nvcore_rd32(nd, NV_PGC6_AON_SECURE_SCRATCH_GROUP_05_PRIV_LEVEL_MASK);
	if (!(plm & NV_PGC6_AON_SECURE_SCRATCH_GROUP_05_PRIV_LEVEL_MASK_READ_PROTECTION_LEVEL0)) {
		dev_err(nd->dev, "FWSEC-SB left the GFW PLM raised (0x%08x)\n", plm);
		return -EIO;
	}
	gfw = nvcore_rd32(nd, NV_PGC6_AON_SECURE_SCRATCH_GROUP_05_0);
	if ((gfw & NV_PGC6_AON_SECURE_SCRATCH_GROUP_05_0_GFW_BOOT_PROGRESS) !=
	    NV_PGC6_AON_SECURE_SCRATCH_GROUP_05_0_GFW_BOOT_PROGRESS_COMPLETED) {
		dev_err(nd->dev, "FWSEC-SB left GFW boot progress at 0x%02x\n",
			gfw & NV_PGC6_AON_SECURE_SCRATCH_GROUP_05_0_GFW_BOOT_PROGRESS);
		return -EIO;
	}
	return 0;
}

/*
 * Patch FWSEC for @init_cmd, reset the GSP falcon, load and boot FWSEC on
 * it; MAILBOX0 at its halt in *mbox0.  The one path for FRTS and SB.
 */
static int fwsec_run(struct nvcore_dev *nd, const char *name, u32 init_cmd, u64 frts_offset,
		     u64 frts_size, u32 *mbox0, unsigned int timeout_ms)
{
	struct nvcore_falcon_ucode uc = {};
	const struct nvcore_vbios_fwsec *fw;
	u8 *ucode;
	int ret;

	ret = nvcore_vbios_fwsec_kept(nd, &fw);
	if (ret)
		return ret;

	ucode = kmemdup(fw->ucode, fw->ucode_size, GFP_KERNEL);
	if (!ucode)
		return -ENOMEM;
	ret = fwsec_patch_cmd(nd, fw, ucode, init_cmd, frts_offset, frts_size);
	if (ret)
		goto out_ucode;
	ret = fwsec_patch_signature(nd, fw, ucode);
	if (ret)
		goto out_ucode;

	uc.imem = ucode;
	uc.imem_size = fw->desc.imem_load_size;
	uc.imem_dst = fw->desc.imem_phys_base;
	/* nova-core and nouveau tag FWSEC's code from 0 and boot it at 0. */
	uc.imem_virt = 0;
	uc.dmem = ucode + fw->desc.imem_load_size;
	uc.dmem_size = fw->desc.dmem_load_size;
	uc.dmem_dst = fw->desc.dmem_phys_base;
	uc.boot_vec = 0;
	uc.engine_id_mask = fw->desc.engine_id_mask;
	uc.ucode_id = fw->desc.ucode_id;
	uc.pkc_offset = fw->desc.pkc_data_offset;
	/*
	 * GA100: nouveau's tu102_gsp_fwsec loads a v3 FWSEC with
	 * gm200_flcn_fw_load (nvkm_gsp_fwsec_v3 sets no non-secure part): all
	 * of IMEM by PIO as secure code at IMEMPhysBase, DMEM by PIO; no BROM.
	 */
	uc.pio = nd->chip.legacy_hs;

	ret = nvcore_falcon_reset(nd, NV_PGSP_BASE, false, timeout_ms);
	if (ret)
		goto out_ucode;
	ret = nvcore_falcon_load(nd, NV_PGSP_BASE, &uc, timeout_ms);
	if (ret)
		goto out_ucode;
	ret = nvcore_falcon_boot(nd, NV_PGSP_BASE, 0, 0, mbox0, NULL, timeout_ms);
	if (ret)
		dev_err(nd->dev, "%s did not halt on the GSP falcon\n", name);

out_ucode:
	kfree(ucode);
	return ret;
}

int nvcore_fwsec_frts(struct nvcore_dev *nd, u64 frts_offset, u64 frts_size,
		      unsigned int timeout_ms)
{
	u32 mbox0 = 0;
	int ret;

	ret = fwsec_run(nd, "FWSEC-FRTS", DMEMMAPPER_CMD_FRTS, frts_offset, frts_size, &mbox0,
			timeout_ms);
	return ret ? ret : fwsec_frts_check_result(nd, mbox0, frts_offset);
}

int nvcore_fwsec_sb(struct nvcore_dev *nd, unsigned int timeout_ms)
{
	u32 mbox0 = 0;
	int ret;

	ret = fwsec_run(nd, "FWSEC-SB", DMEMMAPPER_CMD_SB, 0, 0, &mbox0, timeout_ms);
	return ret ? ret : fwsec_sb_check_result(nd, mbox0);
}
