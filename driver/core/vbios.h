/* SPDX-License-Identifier: MIT */
/*
 * The FWSEC ucode as the VBIOS carries it (protocol.md §4.5), found the way
 * nova-core's vbios.rs finds it.  Private to vbios.c and fwsec.c.
 */
#ifndef NVCORE_VBIOS_H
#define NVCORE_VBIOS_H

#include <linux/build_bug.h>
#include <linux/types.h>

struct nvcore_dev;

/* FalconUCodeDescV3 (nova-core firmware.rs), little-endian, 44 bytes. */
struct nvcore_fwsec_desc_v3 {
	u32 hdr;		/* 15:8 version (3), 31:16 size of the descriptor */
	u32 stored_size;
	u32 pkc_data_offset;	/* signature offset in DMEM */
	u32 interface_offset;	/* app interface table, from the end of the code */
	u32 imem_phys_base;
	u32 imem_load_size;
	u32 imem_virt_base;
	u32 dmem_phys_base;
	u32 dmem_load_size;
	u16 engine_id_mask;
	u8 ucode_id;
	u8 signature_count;
	u16 signature_versions;
	u16 reserved;
};
static_assert(sizeof(struct nvcore_fwsec_desc_v3) == 44);

struct nvcore_vbios_fwsec {
	void *rom;			/* the PROM bytes read so far (kvfree) */
	struct nvcore_fwsec_desc_v3 desc;
	const u8 *ucode;		/* IMEM image then DMEM image, inside rom */
	u32 ucode_size;			/* imem_load_size + dmem_load_size */
	const u8 *sigs;			/* signature_count RSA-3K signatures, inside rom */
};

/* Read the VBIOS through the PROM window and locate FWSEC; every offset checked. */
int nvcore_vbios_fwsec_get(struct nvcore_dev *nd, struct nvcore_vbios_fwsec *fw);
void nvcore_vbios_fwsec_put(struct nvcore_vbios_fwsec *fw);
/*
 * nd's FWSEC as nvcore_vbios_fwsec_get finds it, read at the first call and
 * kept in nd->fw (descriptor, ucode and signatures; rom NULL) until
 * nvcore_fw_files_release frees it.
 */
int nvcore_vbios_fwsec_kept(struct nvcore_dev *nd, const struct nvcore_vbios_fwsec **fw);

#endif
