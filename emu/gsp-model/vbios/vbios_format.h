/* SPDX-License-Identifier: MIT */
/*
 * Constants of the NVIDIA VBIOS format, shared by the generator
 * (vbios/mkvbios.c, which writes them) and the model's own parser
 * (vbios.c, which finds FWSEC the way nova-core vbios.rs/fwsec.rs and
 * nouveau nvkm/subdev/bios/{image,pcir,npde,bit,pmu}.c and
 * nvkm/subdev/gsp/fwsec.c do).  Field offsets only: no code.
 */
#ifndef GSPM_VBIOS_FORMAT_H
#define GSPM_VBIOS_FORMAT_H

/* PCI expansion ROM header (PCI Firmware Spec 3.0 §5.1). */
#define VB_ROM_SIG			0xaa55	/* bytes 0x55 0xaa */
#define VB_ROM_PCIR_PTR			0x18	/* u16: PCIR offset in the image */
#define VB_IMAGE_ALIGN			512	/* images start on 512 B boundaries */

/* PCI Data Structure "PCIR". */
#define VB_PCIR_SIG			0x52494350	/* "PCIR" */
#define VB_PCIR_VENDOR			0x04
#define VB_PCIR_DEVICE			0x06
#define VB_PCIR_LEN			0x0a	/* u16 structure length (0x18) */
#define VB_PCIR_REV			0x0c
#define VB_PCIR_CLASS			0x0d	/* 3 bytes */
#define VB_PCIR_IMAGE_LEN		0x10	/* u16, 512 B units */
#define VB_PCIR_CODE_TYPE		0x14
#define VB_PCIR_INDICATOR		0x15	/* bit 7: last image */
#define VB_PCIR_SIZE			0x18
#define VB_LAST_IMAGE			0x80

#define VB_CODE_PCI_AT			0x00
#define VB_CODE_EFI			0x03
#define VB_CODE_FWSEC			0xe0

/* NVIDIA PCI Data Extension "NPDE", right after PCIR aligned to 16 bytes. */
#define VB_NPDE_SIG			0x4544504e	/* "NPDE" */
#define VB_NPDE_REV			0x04
#define VB_NPDE_LEN			0x06
#define VB_NPDE_SUBIMAGE_LEN		0x08	/* u16, 512 B units */
#define VB_NPDE_INDICATOR		0x0a
#define VB_NPDE_SIZE			0x0b

/* BIT: BIOS Information Table, found by its "\xff\xb8BIT\0" signature. */
#define VB_BIT_ID			0xb8ff
#define VB_BIT_HDR_SIZE			12	/* id2 sig4 bcd2 hdr1 tok1 cnt1 sum1 */
#define VB_BIT_TOKEN_SIZE		6	/* id1 ver1 size2 offset2 */
#define VB_BIT_HDR_HEADER_SIZE		8
#define VB_BIT_HDR_TOKEN_SIZE		9
#define VB_BIT_HDR_TOKEN_COUNT		10
#define VB_BIT_TOKEN_FALCON_DATA	0x70	/* 'p', version 2, u32 pointer */
#define VB_BIT_TOKEN_BIOSDATA		0x42	/* 'B' */
#define VB_BIT_TOKEN_INFO		0x69	/* 'i': version numbers */

/*
 * Pointers inside the falcon data (the BIT 'p' pointer and the ucode table
 * entries) are offsets in a ROM that has the PCI-AT image followed directly
 * by the FWSEC images: the images in between (EFI) are not counted.
 * nova-core vbios.rs setup_falcon_data() subtracts the PCI-AT image length
 * (and the first FWSEC image's) from them; nouveau base.c nvbios_addr()
 * maps addresses past image 0 onto the first 0xE0 image.
 */

/* Falcon ucode table ("PMU lookup table"): header then entries. */
#define VB_UCT_VERSION			1
#define VB_UCT_HDR_SIZE			4	/* version, header size, entry size, count */
#define VB_UCT_ENTRY_SIZE		6	/* app id u8, target id u8, data u32 */
#define VB_APPID_FIRMWARE_SEC_LIC	0x05
#define VB_APPID_FWSEC_DBG		0x45
#define VB_APPID_FWSEC_PROD		0x85

/* FalconUCodeDescV3 (nova firmware.rs, nouveau nvkm_falcon_ucode_desc_v3). */
#define VB_DESC_HDR			0x00	/* 31:16 size incl. sigs, 15:8 version, bit0 valid */
#define VB_DESC_STORED_SIZE		0x04
#define VB_DESC_PKC_DATA_OFFSET		0x08
#define VB_DESC_INTERFACE_OFFSET	0x0c
#define VB_DESC_IMEM_PHYS_BASE		0x10
#define VB_DESC_IMEM_LOAD_SIZE		0x14
#define VB_DESC_IMEM_VIRT_BASE		0x18
#define VB_DESC_DMEM_PHYS_BASE		0x1c
#define VB_DESC_DMEM_LOAD_SIZE		0x20
#define VB_DESC_ENGINE_ID_MASK		0x24	/* u16 */
#define VB_DESC_UCODE_ID		0x26	/* u8 */
#define VB_DESC_SIGNATURE_COUNT		0x27	/* u8 */
#define VB_DESC_SIGNATURE_VERSIONS	0x28	/* u16 */
#define VB_DESC_V3_SIZE			0x2c	/* signatures follow here */
#define VB_DESC_VERSION_3		3
#define VB_RSA3K_SIG_SIZE		384

/* Application interface table, at DMEM interface_offset. */
#define VB_APPIF_VERSION		1
#define VB_APPIF_HDR_SIZE		4	/* version, header size, entry size, count */
#define VB_APPIF_ENTRY_SIZE		8	/* id u32, dmem_base u32 */
#define VB_APPIF_ID_DMEMMAPPER		4

/* FalconAppifDmemmapperV3 (64 bytes). */
#define VB_DMAP_SIGNATURE		0x50414d44	/* "DMAP" */
#define VB_DMAP_SIG			0x00
#define VB_DMAP_VERSION			0x04	/* u16 = 3 */
#define VB_DMAP_SIZE			0x06	/* u16 = 64 */
#define VB_DMAP_CMD_IN_OFFSET		0x08
#define VB_DMAP_CMD_IN_SIZE		0x0c
#define VB_DMAP_CMD_OUT_OFFSET		0x10
#define VB_DMAP_CMD_OUT_SIZE		0x14
#define VB_DMAP_NVF_OFFSET		0x18
#define VB_DMAP_NVF_SIZE		0x1c
#define VB_DMAP_PRINTF_HDR		0x20
#define VB_DMAP_BUILD_TIME		0x24
#define VB_DMAP_UCODE_SIGNATURE		0x28
#define VB_DMAP_INIT_CMD		0x2c
#define VB_DMAP_FEATURE			0x30
#define VB_DMAP_CMD_MASK0		0x34
#define VB_DMAP_CMD_MASK1		0x38
#define VB_DMAP_MULTI_TGT		0x3c
#define VB_DMAP_STRUCT_SIZE		0x40

/* FRTS command in the command-in buffer (nova fwsec.rs FrtsCmd). */
#define VB_FRTS_READ_VBIOS_SIZE		24	/* ver, hdr, addr u64, size, flags */
#define VB_FRTS_REGION_OFF		24	/* ver, hdr, addr>>12, size>>12, type */
#define VB_FRTS_REGION_SIZE		20
#define VB_FRTS_REGION_TYPE_FB		2

#endif
