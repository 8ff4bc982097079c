/* SPDX-License-Identifier: MIT */
/*
 * The hardware-facing boot steps of the GA10x/AD10x boot: firmware files,
 * the VBIOS and FWSEC-FRTS, falcon loading and the SEC2 booter.
 * Implemented in fwfile.c, vbios.c, fwsec.c, falcon.c; called by the boot
 * state machine in boot_ga102.c.
 */
#ifndef NVCORE_HW_H
#define NVCORE_HW_H

#include <linux/types.h>

struct nvcore_dev;
struct firmware;

/* A falcon HS ucode image ready to load (booter from a file, FWSEC from the VBIOS). */
struct nvcore_falcon_ucode {
	const u8 *imem;		/* code to load at imem_dst */
	u32 imem_size;
	u32 imem_dst;		/* IMEM physical offset */
	u32 imem_virt;		/* IMEM tag / boot vector */
	const u8 *dmem;		/* data, signature already patched */
	u32 dmem_size;
	u32 dmem_dst;
	u32 boot_vec;
	u32 engine_id_mask;	/* for the BROM: which engine it is signed for */
	u32 ucode_id;
	u32 pkc_offset;		/* for the BROM: offset of the signature in DMEM */
	u8 *patched;		/* owned copy of the data with the signature, or NULL */
	/*
	 * GA100's legacy HS ucode (nouveau gm200_flcn_fw_load): loaded by PIO,
	 * not DMA, no BROM parameters; os_code goes in non-secure at
	 * os_code_dst before the secure imem part.
	 */
	bool pio;
	const u8 *os_code;
	u32 os_code_size;
	u32 os_code_dst;
};

/* Sizes of the GSP-FMC's fixed sections (NVDM_PAYLOAD_COT fields, protocol.md §3.6). */
#define NVCORE_FMC_HASH_SIZE	48	/* SHA-384 */
#define NVCORE_FMC_RSA_SIZE	384	/* RSA-3K public key, signature */

/* A slice of a loaded firmware file. */
struct nvcore_fw_blob {
	const u8 *data;
	size_t size;
};

/*
 * The files of one release for one chip (kernel layout, protocol.md §4):
 * gsp + bootloader, then booter_load + booter_unload on GA10x/AD10x or the
 * GSP-FMC (fmc) on GH100.
 */
struct nvcore_fw_files {
	const struct firmware *gsp, *bootloader, *booter_load, *booter_unload, *fmc;
	/* GSP-RM ELF container */
	const u8 *image;	/* .fwimage */
	size_t image_size;
	const u8 *signature;	/* .fwsignature_<family> */
	size_t signature_size;
	char version[32];	/* .fwversion */
	/* RISC-V bootloader */
	u32 bl_app_version;
	u32 bl_code_offset, bl_data_offset, bl_manifest_offset;
	const u8 *bl_payload;
	size_t bl_payload_size;
	/* SEC2 booters (GA10x/AD10x) */
	struct nvcore_falcon_ucode load, unload;
	/*
	 * GSP-FMC ELF32 sections (GH100, protocol.md §3.6): image is what the FSP
	 * loads; hash (48 B), publickey and signature (384 B each) go into the
	 * COT message's hash384/publicKey/signature fields as they are.
	 */
	struct nvcore_fw_blob fmc_image, fmc_hash, fmc_pubkey, fmc_sig;
	/* The VBIOS's FWSEC once read (vbios.c nvcore_vbios_fwsec_kept), freed with the files. */
	struct nvcore_vbios_fwsec *fwsec;
};

/*
 * Request and validate every file of nd->release for nd->chip; a clear error
 * (file, what, found/expected) on failure.  With @try, a missing GSP-RM
 * image returns -ENOENT without a message, so the caller can try an older
 * release.
 */
int nvcore_fw_files_load(struct nvcore_dev *nd, bool try);
void nvcore_fw_files_release(struct nvcore_dev *nd);

/* Run FWSEC-FRTS from the VBIOS to carve the FRTS region and raise WPR2. */
int nvcore_fwsec_frts(struct nvcore_dev *nd, u64 frts_offset, u64 frts_size,
		      unsigned int timeout_ms);

/*
 * Run FWSEC-SB from the VBIOS at unload, after GSP-RM suspended and before
 * booter-unload: it puts the VBIOS's pre-OS applications back (OGKM
 * kgspUnloadRm_IMPL).  It resets the GSP falcon first, as FWSEC-FRTS does.
 */
int nvcore_fwsec_sb(struct nvcore_dev *nd, unsigned int timeout_ms);

/* Load and run a booter on SEC2 with MAILBOX0/1 = mbox; check it reported 0. */
int nvcore_booter_run(struct nvcore_dev *nd, const struct nvcore_falcon_ucode *booter,
		      u64 mbox, unsigned int timeout_ms);

/* Reset the GSP falcon and select its RISC-V core (protocol.md §3.4 step 7). */
int nvcore_gsp_reset_riscv(struct nvcore_dev *nd, unsigned int timeout_ms);

#endif
