/* SPDX-License-Identifier: MIT */
/*
 * FWSEC on the GSP falcon (protocol.md §3.4 step 6, §4.5; docs/hw-fidelity.md
 * "VBIOS and FWSEC"; nova-core firmware/fwsec.rs, nouveau gsp/fwsec.c).
 *
 * When the GSP falcon's run is over the model checks, in this order, that
 *   1. IMEM holds exactly FWSEC's code from the VBIOS at imem_phys_base,
 *   2. DMEM holds exactly FWSEC's data at dmem_phys_base, except for the
 *      three places the driver patches (DMEMMAPPER init_cmd, the command-in
 *      buffer's FRTS command, the signature slot at pkc_data_offset),
 *   3. init_cmd is FRTS (0x15) or SB (0x19),
 *   4. the signature slot holds the signature the fuse version selects,
 *   5. the FRTS command is {ReadVbios 1, 24, 0, 0, flags 2} and
 *      {FrtsRegion 1, 20, frts >> 12, 1 MiB >> 12, type 2 = FB} with frts
 *      where the driver must carve it (below the VGA workspace),
 *   6. the boot ROM registers and BOOTVEC match the descriptor,
 * then "runs" it: FRTS raises WPR2 over the FRTS region.  Anything wrong is
 * a violation naming the byte range or field, and FWSEC halts with a
 * non-zero MAILBOX0 (and an FRTS error in SW_SCRATCH_0E 31:16).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hw_priv.h"
#include "vbios/vbios_format.h"

/* VGA workspace reported not valid -> 128 KiB below the FB end (hw-fidelity). */
#define VGA_WORKSPACE_SIZE	0x20000ull
#define FRTS_ALIGN		0x20000ull

uint32_t hw_fuse_reg(uint32_t engine_id_mask, uint32_t ucode_id)
{
	/* docs/hw-fidelity.md "Signature selection" (and nouveau's bit 10). */
	if (!ucode_id || ucode_id > HW_FUSE_UCODE_VERSION_COUNT)
		return 0;
	if (engine_id_mask & 0x0001)
		return HW_FUSE_SEC2_UCODE_VERSION(ucode_id - 1);
	if (engine_id_mask & 0x0004)
		return HW_FUSE_NVDEC_UCODE_VERSION(ucode_id - 1);
	if (engine_id_mask & 0x0400)
		return HW_FUSE_GSP_UCODE_VERSION(ucode_id - 1);
	return 0;
}

int hw_sig_match(const uint8_t *got, const uint8_t *sigs, uint32_t sig_size, uint32_t count)
{
	for (uint32_t i = 0; i < count; i++)
		if (!memcmp(got, sigs + (size_t)i * sig_size, sig_size))
			return (int)i;
	return -1;
}

static void fwsec_fail(struct gspm_hw *hw, struct hw_falcon *f, uint32_t code,
		       const char *result, bool frts)
{
	hw->last_result = result;
	if (frts)
		hw->scratch_0e = (hw->scratch_0e & 0xffffu) | HW_FRTS_ERR_SCRATCH;
	hw_falcon_halt(hw, f, code);
}

static void put32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
	p[2] = (uint8_t)(v >> 16);
	p[3] = (uint8_t)(v >> 24);
}

uint64_t hw_frts_expected(const struct gspm_hw *hw)
{
	uint64_t vga = hw->fb_size - VGA_WORKSPACE_SIZE;

	return (vga & ~(FRTS_ALIGN - 1)) - HW_FRTS_SIZE;
}

void hw_fwsec_run(struct gspm_hw *hw, struct hw_falcon *f)
{
	const struct hw_fwsec *fw = &hw->fwsec;
	const uint8_t *img_dmem = fw->ucode + fw->imem_load_size;
	const uint8_t *dmem = f->dmem + fw->dmem_phys_base;
	uint32_t init_off = fw->dmemmapper_offset + HW_DMEMMAPPER_INIT_CMD_OFF;
	uint32_t cmd_off = fw->cmd_in_offset, pkc = fw->pkc_data_offset;
	uint32_t init_cmd, fuse_reg, want_idx;
	uint8_t *want, cmd[HW_FRTS_CMD_SIZE];
	uint64_t frts = hw_frts_expected(hw);
	size_t end;
	long d;
	int idx;

	hw->last_image = "FWSEC";

	/* 1. code */
	d = hw_memdiff(f->imem + fw->imem_phys_base, fw->ucode, fw->imem_load_size, &end);
	if (d >= 0) {
		hw_violate(hw, "GSP falcon: IMEM [0x%lx,0x%zx) differs from FWSEC code (VBIOS "
			   "descriptor at ROM 0x%x, IMEM image offset 0x%lx): read 0x%02x, expected "
			   "0x%02x; unknown image", d + fw->imem_phys_base, end + fw->imem_phys_base,
			   fw->rom_desc_offset, d, f->imem[fw->imem_phys_base + d], fw->ucode[d]);
		fwsec_fail(hw, f, HW_ERR_UNKNOWN_IMAGE, "IMEM is not FWSEC", true);
		return;
	}

	/* 2. data, with the driver's three patch areas taken as they are */
	want = malloc(fw->dmem_load_size);
	if (!want) {
		gspm_log(hw->m, GSPM_LOG_ERROR, "FWSEC check: out of memory");
		fwsec_fail(hw, f, HW_ERR_UNKNOWN_IMAGE, "model out of memory", true);
		return;
	}
	memcpy(want, img_dmem, fw->dmem_load_size);
	memcpy(want + init_off, dmem + init_off, 4);
	memcpy(want + cmd_off, dmem + cmd_off, HW_FRTS_CMD_SIZE);
	memcpy(want + pkc, dmem + pkc, HW_FWSEC_SIG_SIZE);
	d = hw_memdiff(dmem, want, fw->dmem_load_size, &end);
	free(want);
	if (d >= 0) {
		hw_violate(hw, "GSP falcon: DMEM [0x%lx,0x%zx) differs from FWSEC data (VBIOS "
			   "descriptor at ROM 0x%x): read 0x%02x, expected 0x%02x; unknown image",
			   d + fw->dmem_phys_base, end + fw->dmem_phys_base, fw->rom_desc_offset,
			   dmem[d], img_dmem[d]);
		fwsec_fail(hw, f, HW_ERR_UNKNOWN_IMAGE, "DMEM is not FWSEC", true);
		return;
	}

	/* 3. the command the driver patched into the DMEMMAPPER interface */
	init_cmd = hw_rd32le(dmem + init_off);
	if (init_cmd != HW_DMEMMAPPER_CMD_FRTS && init_cmd != HW_DMEMMAPPER_CMD_SB) {
		hw_violate(hw, "GSP falcon: FWSEC DMEMMAPPER init_cmd (DMEM 0x%x) is 0x%x: the "
			   "FRTS patch (0x15) is missing", init_off + fw->dmem_phys_base, init_cmd);
		fwsec_fail(hw, f, HW_ERR_FWSEC_CMD, "init_cmd not patched", true);
		return;
	}
	hw->last_image = init_cmd == HW_DMEMMAPPER_CMD_FRTS ? "FWSEC-FRTS" : "FWSEC-SB";

	/* 4. the signature: fuse register 0 -> last signature (hw-fidelity step 4) */
	fuse_reg = hw_fuse_reg(fw->engine_id_mask, fw->ucode_id);
	/*
	 * GA100 (nouveau gsp/ga100.c -> tu102_gsp_fwsec, no .signature hook):
	 * nvkm_falcon_fw_patch takes signature 0 of a v3 descriptor.
	 */
	want_idx = f->legacy ? 0 : fw->sig_count - 1u;
	idx = hw_sig_match(dmem + pkc, fw->sigs, HW_FWSEC_SIG_SIZE, fw->sig_count);
	if (idx != (int)want_idx) {
		if (idx < 0)
			hw_violate(hw, "GSP falcon: FWSEC signature slot DMEM [0x%x,0x%x) holds none "
				   "of the %u VBIOS signatures (ROM 0x%x); fuse register 0x%x reads 0, "
				   "so signature #%u was expected", pkc + fw->dmem_phys_base,
				   pkc + fw->dmem_phys_base + HW_FWSEC_SIG_SIZE, fw->sig_count,
				   fw->rom_desc_offset + VB_DESC_V3_SIZE, fuse_reg, want_idx);
		else
			hw_violate(hw, "GSP falcon: FWSEC signature slot DMEM [0x%x,0x%x) holds "
				   "signature #%d; fuse register 0x%x reads 0, so the last signature "
				   "#%u was expected", pkc + fw->dmem_phys_base,
				   pkc + fw->dmem_phys_base + HW_FWSEC_SIG_SIZE, idx, fuse_reg, want_idx);
		fwsec_fail(hw, f, HW_ERR_SIGNATURE, "wrong FWSEC signature", true);
		return;
	}

	/* 5. the command-in buffer (nova fwsec.rs FrtsCmd, nouveau nvkm_gsp_fwsec_patch) */
	memcpy(cmd, img_dmem + cmd_off, sizeof(cmd));
	put32(cmd + 0, 1);
	put32(cmd + 4, VB_FRTS_READ_VBIOS_SIZE);
	memset(cmd + 8, 0, 12);			/* addr u64, size */
	put32(cmd + 20, 2);			/* flags */
	if (init_cmd == HW_DMEMMAPPER_CMD_FRTS) {
		put32(cmd + VB_FRTS_REGION_OFF + 0, 1);
		put32(cmd + VB_FRTS_REGION_OFF + 4, VB_FRTS_REGION_SIZE);
		put32(cmd + VB_FRTS_REGION_OFF + 8, (uint32_t)(frts >> 12));
		put32(cmd + VB_FRTS_REGION_OFF + 12, HW_FRTS_SIZE >> 12);
		put32(cmd + VB_FRTS_REGION_OFF + 16, VB_FRTS_REGION_TYPE_FB);
	}
	d = hw_memdiff(dmem + cmd_off, cmd, VB_FRTS_READ_VBIOS_SIZE, &end);
	if (d >= 0) {
		hw_violate(hw, "GSP falcon: FWSEC ReadVbios command DMEM [0x%lx,0x%zx) is not "
			   "{ver 1, hdr 24, addr 0, size 0, flags 2}", cmd_off + d, cmd_off + end);
		fwsec_fail(hw, f, HW_ERR_FWSEC_CMD, "bad ReadVbios command", true);
		return;
	}
	if (init_cmd == HW_DMEMMAPPER_CMD_FRTS &&
	    memcmp(dmem + cmd_off + VB_FRTS_REGION_OFF, cmd + VB_FRTS_REGION_OFF,
		   VB_FRTS_REGION_SIZE)) {
		const uint8_t *r = dmem + cmd_off + VB_FRTS_REGION_OFF;

		hw_violate(hw, "GSP falcon: FWSEC FrtsRegion (DMEM 0x%x) is {ver %u, hdr %u, addr "
			   "0x%x, size 0x%x, type %u}, expected {1, 20, 0x%llx (FRTS at 0x%llx = "
			   "VGA workspace 0x%llx aligned down to 128 KiB - 1 MiB), 0x%x, 2}",
			   cmd_off + VB_FRTS_REGION_OFF, hw_rd32le(r), hw_rd32le(r + 4),
			   hw_rd32le(r + 8), hw_rd32le(r + 12), hw_rd32le(r + 16),
			   (unsigned long long)(frts >> 12), (unsigned long long)frts,
			   (unsigned long long)(hw->fb_size - VGA_WORKSPACE_SIZE), HW_FRTS_SIZE >> 12);
		fwsec_fail(hw, f, HW_ERR_FRTS_REGION, "bad FRTS region", true);
		return;
	}

	/*
	 * 6. GA100: no boot ROM parameters; nvkm_gsp_fwsec_v3 leaves boot_addr
	 * 0 and gm200_flcn_fw_boot writes it to BOOTVEC.  Its code came in by
	 * PIO with IMEMC.SECURE (falcon_start refuses plain blocks on the GSP).
	 */
	if (f->legacy && f->bootvec != 0) {
		hw_violate(hw, "GSP falcon: FWSEC BOOTVEC=0x%x on %s, expected 0 (nouveau "
			   "nvkm_gsp_fwsec_v3 boot_addr = 0)", f->bootvec, hw->chip->name);
		fwsec_fail(hw, f, HW_ERR_BROM, "bad boot vector", true);
		return;
	}
	/* 6. boot ROM parameters (nova program_brom_ga102) and boot vector */
	if (!f->legacy && (f->mod_sel != HW_MOD_SEL_ALGO_RSA3K || f->brom_ucode_id != fw->ucode_id ||
	    f->brom_engidmask != fw->engine_id_mask || f->brom_paraaddr != pkc ||
	    f->bootvec != fw->imem_virt_base)) {
		hw_violate(hw, "GSP falcon: FWSEC boot ROM parameters MOD_SEL=0x%x UCODE_ID=0x%x "
			   "ENGIDMASK=0x%x PARAADDR0=0x%x BOOTVEC=0x%x, expected 0x%x 0x%x 0x%x "
			   "0x%x 0x%x", f->mod_sel, f->brom_ucode_id, f->brom_engidmask,
			   f->brom_paraaddr, f->bootvec, HW_MOD_SEL_ALGO_RSA3K, fw->ucode_id,
			   fw->engine_id_mask, pkc, fw->imem_virt_base);
		fwsec_fail(hw, f, HW_ERR_BROM, "bad boot ROM parameters", true);
		return;
	}

	if (init_cmd == HW_DMEMMAPPER_CMD_SB) {
		/*
		 * FWSEC-SB (unload path) puts the pre-OS applications back (OGKM
		 * kgspUnloadRm_IMPL; not modelled) and leaves WPR2 alone: its error
		 * code in SW_SCRATCH(0x15) 15:0 reads 0 (nouveau nvkm_gsp_fwsec_sb).
		 * Recorded for the unload order (booter.c): it ran on a GSP falcon
		 * reset to its falcon core, after GSP-RM suspended or not.
		 */
		hw->scratch_15 &= ~0xffffu;
		hw->fwsec_sb_runs++;
		if (gspm_rm_suspended(gspm_rm_of(hw->m)))
			hw->sb_since_suspend = true;
		hw->last_result = "ok";
		hw_falcon_halt(hw, f, 0);
		return;
	}

	/* FRTS: WPR2 must be down; FWSEC carves it over the FRTS region. */
	if (hw->wpr2_hi) {
		hw_violate(hw, "GSP falcon: FWSEC-FRTS run with WPR2 already up (LO=0x%x HI=0x%x); "
			   "the GPU needs a reset first", hw->wpr2_lo, hw->wpr2_hi);
		fwsec_fail(hw, f, HW_ERR_WPR2, "WPR2 already up", true);
		return;
	}
	hw->wpr2_lo = hw_wpr2_enc(frts);
	hw->wpr2_hi = hw_wpr2_enc(frts + HW_FRTS_SIZE - 0x1000);
	hw->frts_done = true;
	hw->frts_addr = frts;
	hw->frts_size = HW_FRTS_SIZE;
	hw->scratch_0e &= 0xffffu;
	hw->last_result = "ok";
	hw_falcon_halt(hw, f, 0);
}
