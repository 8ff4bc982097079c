/* SPDX-License-Identifier: MIT */
/*
 * mkvbios: generate the VBIOS image the GPU model serves through the PROM
 * window (HW_PROM_BASE), in the real NVIDIA format, so that a parser that
 * handles a real VBIOS (nova-core vbios.rs + fwsec.rs, nouveau
 * nvkm/subdev/bios + gsp/fwsec.c) finds FWSEC in it the same way.
 *
 * Layout (all offsets in the ROM):
 *
 *   0x0000  image 0  PCI-AT (code type 0x00), 8 KiB: ROM header, PCIR at
 *                    0x40, NPDE at 0x60, BIT header at 0x100 with tokens
 *                    'B', 'i', 'p'; the 'p' (falcon data) token's data at
 *                    0x1a0 is a u32 pointer to the falcon ucode table;
 *                    last byte makes the image's byte sum 0.
 *   0x2000  image 1  EFI (code type 0x03), 4 KiB of filler.  Real boards
 *                    have it between PCI-AT and FWSEC, which is why the
 *                    falcon data pointers do not count it.
 *   0x3000  image 2  FWSEC (code type 0xE0), 4 KiB: falcon ucode table at
 *                    image offset 0x200 (pointer 0x2200 = 8 KiB + 0x200).
 *   0x4000  image 3  FWSEC (code type 0xE0, last), 18 KiB: FalconUCodeDescV3
 *                    at image offset 0x200 (pointer 0x3200 = 8 KiB + 4 KiB +
 *                    0x200), its 3 RSA-3K signatures, then IMEM (12 KiB) and
 *                    DMEM (4 KiB).
 *
 * FWSEC DMEM: appif table at 0x600 (2 entries; DMEMMAPPER -> 0x640),
 * FalconAppifDmemmapperV3 at 0x640 (init_cmd 0 until the driver patches
 * it), command-in buffer 0x800..0x900 (zero), command-out 0x900..0xa00,
 * signature slot (pkc_data_offset) 0xa00..0xb80 (zero).  Everything else in
 * IMEM and DMEM is pseudo-random bytes from a fixed seed, so a byte-exact
 * content check means something.
 *
 * Usage: mkvbios [--c-source OUT.c] [--rom OUT.rom] [--help]
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vbios_format.h"

#define IMG0_BASE	0x0000u
#define IMG0_SIZE	0x2000u
#define IMG1_BASE	0x2000u
#define IMG1_SIZE	0x1000u
#define IMG2_BASE	0x3000u
#define IMG2_SIZE	0x1000u
#define IMG3_BASE	0x4000u

#define PCIR_OFF	0x40u		/* in each image */
#define NPDE_OFF	0x60u		/* PCIR + 0x18, aligned to 16 */
#define BIT_OFF		0x100u		/* in image 0 */
#define BIT_B_DATA	0x180u
#define BIT_I_DATA	0x190u
#define BIT_P_DATA	0x1a0u
#define UCT_OFF		0x200u		/* in image 2 */
#define LIC_BLOB_OFF	0x400u		/* in image 2: FIRMWARE_SEC_LIC stand-in */
#define DESC_OFF	0x200u		/* in image 3 */

/* FWSEC ucode geometry. */
#define FW_SIG_COUNT	3u
#define FW_SIG_VERSIONS	0x0007u
#define FW_IMEM_SIZE	0x3000u
#define FW_DMEM_SIZE	0x1000u
#define FW_APPIF_OFF	0x600u
#define FW_DMAP_OFF	0x640u
#define FW_OTHER_APP	0x6c0u
#define FW_CMD_IN	0x800u
#define FW_CMD_IN_SZ	0x100u
#define FW_CMD_OUT	0x900u
#define FW_CMD_OUT_SZ	0x100u
#define FW_PKC_OFF	0xa00u
#define FW_NVF_OFF	0xc00u
#define FW_PRINTF_OFF	0xd00u
/*
 * Engine mask and fuse register: docs/hw-fidelity.md says the GSP fuse
 * register is 0x824100 (engine mask bit 2), so the descriptor carries bit 2.
 * nouveau/nova name 0x824100 NVDEC and use bit 10 / 0x8241c0 for GSP; the
 * model's fuse block reads 0 either way.
 */
#define FW_ENGINE_MASK	0x0004u
#define FW_UCODE_ID	9u

#define DESC_SIZE	(VB_DESC_V3_SIZE + FW_SIG_COUNT * VB_RSA3K_SIG_SIZE)
#define IMG3_USED	(DESC_OFF + DESC_SIZE + FW_IMEM_SIZE + FW_DMEM_SIZE)
#define IMG3_SIZE	((IMG3_USED + VB_IMAGE_ALIGN - 1) & ~(VB_IMAGE_ALIGN - 1u))
#define ROM_SIZE	(IMG3_BASE + IMG3_SIZE)

/* The A10 (GA102) board the ROM describes. */
#define PCI_VENDOR	0x10de
#define PCI_DEVICE	0x2236
#define PCI_CLASS	0x030200

static uint8_t rom[ROM_SIZE];

/* splitmix64: a fixed-seed generator, identical on every build host. */
static uint64_t prng_state = 0x4e56434f52450001ull;	/* "NVCORE" 1 */

static uint64_t prng(void)
{
	uint64_t z = (prng_state += 0x9e3779b97f4a7c15ull);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

static void fill_random(uint32_t off, uint32_t len)
{
	for (uint32_t i = 0; i < len; i++)
		rom[off + i] = (uint8_t)(prng() >> 56);
}

static void w8(uint32_t off, uint8_t v)
{
	rom[off] = v;
}

static void w16(uint32_t off, uint16_t v)
{
	rom[off] = (uint8_t)v;
	rom[off + 1] = (uint8_t)(v >> 8);
}

static void w32(uint32_t off, uint32_t v)
{
	w16(off, (uint16_t)v);
	w16(off + 2, (uint16_t)(v >> 16));
}

/* ROM header + PCIR + NPDE of one image. */
static void image_headers(uint32_t base, uint32_t size, uint8_t code_type, int last)
{
	uint16_t blocks = (uint16_t)(size / VB_IMAGE_ALIGN);
	uint32_t p = base + PCIR_OFF, n = base + NPDE_OFF;

	w16(base + 0x00, VB_ROM_SIG);
	w16(base + VB_ROM_PCIR_PTR, PCIR_OFF);

	w32(p + 0x00, VB_PCIR_SIG);
	w16(p + VB_PCIR_VENDOR, PCI_VENDOR);
	w16(p + VB_PCIR_DEVICE, PCI_DEVICE);
	w16(p + 0x08, 0);				/* device list pointer */
	w16(p + VB_PCIR_LEN, VB_PCIR_SIZE);
	w8(p + VB_PCIR_REV, 0);
	w8(p + VB_PCIR_CLASS + 0, (uint8_t)PCI_CLASS);	/* programming interface */
	w8(p + VB_PCIR_CLASS + 1, (uint8_t)(PCI_CLASS >> 8));
	w8(p + VB_PCIR_CLASS + 2, (uint8_t)(PCI_CLASS >> 16));
	w16(p + VB_PCIR_IMAGE_LEN, blocks);
	w16(p + 0x12, 0x0001);				/* vendor ROM revision */
	w8(p + VB_PCIR_CODE_TYPE, code_type);
	w8(p + VB_PCIR_INDICATOR, last ? VB_LAST_IMAGE : 0);
	w16(p + 0x16, blocks);				/* max runtime image length */

	w32(n + 0x00, VB_NPDE_SIG);
	w16(n + VB_NPDE_REV, 0x0101);
	w16(n + VB_NPDE_LEN, 0x0010);
	w16(n + VB_NPDE_SUBIMAGE_LEN, blocks);
	w8(n + VB_NPDE_INDICATOR, last ? VB_LAST_IMAGE : 0);
}

static void build_image0(void)
{
	static const char banner[] = "NVIDIA GA102 (nvcore gsp-model generated VBIOS)";
	uint32_t tok = BIT_OFF + VB_BIT_HDR_SIZE;
	uint8_t sum = 0;

	fill_random(IMG0_BASE + 0x200, 0x1c00);		/* "x86 init code" */
	image_headers(IMG0_BASE, IMG0_SIZE, VB_CODE_PCI_AT, 0);
	w8(0x02, (uint8_t)(IMG0_SIZE / VB_IMAGE_ALIGN));	/* legacy init size */
	w8(0x03, 0xeb);					/* jmp short: x86 entry */
	w8(0x04, 0x4b);
	memcpy(&rom[0x80], banner, sizeof(banner));

	/* BIT header: id, "BIT\0", BCD version 1.00, sizes, count, checksum. */
	w16(BIT_OFF + 0, VB_BIT_ID);
	memcpy(&rom[BIT_OFF + 2], "BIT", 4);
	w16(BIT_OFF + 6, 0x0100);
	w8(BIT_OFF + VB_BIT_HDR_HEADER_SIZE, VB_BIT_HDR_SIZE);
	w8(BIT_OFF + VB_BIT_HDR_TOKEN_SIZE, VB_BIT_TOKEN_SIZE);
	w8(BIT_OFF + VB_BIT_HDR_TOKEN_COUNT, 3);
	for (int i = 0; i < VB_BIT_HDR_SIZE - 1; i++)
		sum = (uint8_t)(sum + rom[BIT_OFF + i]);
	w8(BIT_OFF + 11, (uint8_t)(0x100 - sum));

	/* 'B' BIOSDATA v2: 8 bytes of board data. */
	w8(tok + 0, VB_BIT_TOKEN_BIOSDATA);
	w8(tok + 1, 2);
	w16(tok + 2, 8);
	w16(tok + 4, BIT_B_DATA);
	fill_random(BIT_B_DATA, 8);
	tok += VB_BIT_TOKEN_SIZE;

	/* 'i' v2: VBIOS version 94.02.71.00.01 (nouveau reads bytes 0..4). */
	w8(tok + 0, VB_BIT_TOKEN_INFO);
	w8(tok + 1, 2);
	w16(tok + 2, 5);
	w16(tok + 4, BIT_I_DATA);
	w8(BIT_I_DATA + 0, 0x00);			/* micro */
	w8(BIT_I_DATA + 1, 0x71);			/* minor */
	w8(BIT_I_DATA + 2, 0x02);			/* chip */
	w8(BIT_I_DATA + 3, 0x94);			/* major */
	w8(BIT_I_DATA + 4, 0x01);			/* patch */
	tok += VB_BIT_TOKEN_SIZE;

	/* 'p' v2: falcon data = u32 pointer to the ucode table. */
	w8(tok + 0, VB_BIT_TOKEN_FALCON_DATA);
	w8(tok + 1, 2);
	w16(tok + 2, 4);
	w16(tok + 4, BIT_P_DATA);
	w32(BIT_P_DATA, IMG0_SIZE + UCT_OFF);

	/* Image checksum: all bytes of a PCI-AT image sum to 0 (nouveau shadow.c). */
	sum = 0;
	for (uint32_t i = 0; i < IMG0_SIZE - 1; i++)
		sum = (uint8_t)(sum + rom[IMG0_BASE + i]);
	w8(IMG0_BASE + IMG0_SIZE - 1, (uint8_t)(0x100 - sum));
}

static void build_image1(void)
{
	fill_random(IMG1_BASE + 0x80, IMG1_SIZE - 0x80);
	image_headers(IMG1_BASE, IMG1_SIZE, VB_CODE_EFI, 0);
	/* EFI ROM header fields (PCI Firmware Spec 3.0 §5.1.2). */
	w16(IMG1_BASE + 0x02, (uint16_t)(IMG1_SIZE / VB_IMAGE_ALIGN));
	w32(IMG1_BASE + 0x04, 0x0ef1);			/* EFI signature */
	w16(IMG1_BASE + 0x08, 0x000b);			/* boot service driver */
	w16(IMG1_BASE + 0x0a, 0x8664);			/* x64 */
	w16(IMG1_BASE + 0x0c, 0);			/* not compressed */
	w16(IMG1_BASE + 0x16, 0x80);			/* EFI image offset */
}

static void build_image2(void)
{
	uint32_t t = IMG2_BASE + UCT_OFF, e = t + VB_UCT_HDR_SIZE;

	fill_random(IMG2_BASE + 0x80, IMG2_SIZE - 0x80);
	image_headers(IMG2_BASE, IMG2_SIZE, VB_CODE_FWSEC, 0);
	memset(&rom[t], 0, VB_UCT_HDR_SIZE + 2 * VB_UCT_ENTRY_SIZE);

	w8(t + 0, VB_UCT_VERSION);
	w8(t + 1, VB_UCT_HDR_SIZE);
	w8(t + 2, VB_UCT_ENTRY_SIZE);
	w8(t + 3, 2);
	/* A licence blob first, so parsers have to look at the app id. */
	w8(e + 0, VB_APPID_FIRMWARE_SEC_LIC);
	w8(e + 1, 0x07);
	w32(e + 2, IMG0_SIZE + LIC_BLOB_OFF);
	e += VB_UCT_ENTRY_SIZE;
	w8(e + 0, VB_APPID_FWSEC_PROD);
	w8(e + 1, 0x07);
	w32(e + 2, IMG0_SIZE + IMG2_SIZE + DESC_OFF);
}

static void build_image3(void)
{
	uint32_t d = IMG3_BASE + DESC_OFF;
	uint32_t imem = d + DESC_SIZE, dmem = imem + FW_IMEM_SIZE;
	uint32_t a = dmem + FW_APPIF_OFF, m = dmem + FW_DMAP_OFF;

	fill_random(IMG3_BASE + 0x80, IMG3_SIZE - 0x80);
	image_headers(IMG3_BASE, IMG3_SIZE, VB_CODE_FWSEC, 1);

	w32(d + VB_DESC_HDR, (uint32_t)DESC_SIZE << 16 | VB_DESC_VERSION_3 << 8 | 1);
	w32(d + VB_DESC_STORED_SIZE, FW_IMEM_SIZE + FW_DMEM_SIZE);
	w32(d + VB_DESC_PKC_DATA_OFFSET, FW_PKC_OFF);
	w32(d + VB_DESC_INTERFACE_OFFSET, FW_APPIF_OFF);
	w32(d + VB_DESC_IMEM_PHYS_BASE, 0);
	w32(d + VB_DESC_IMEM_LOAD_SIZE, FW_IMEM_SIZE);
	w32(d + VB_DESC_IMEM_VIRT_BASE, 0);
	w32(d + VB_DESC_DMEM_PHYS_BASE, 0);
	w32(d + VB_DESC_DMEM_LOAD_SIZE, FW_DMEM_SIZE);
	w16(d + VB_DESC_ENGINE_ID_MASK, FW_ENGINE_MASK);
	w8(d + VB_DESC_UCODE_ID, FW_UCODE_ID);
	w8(d + VB_DESC_SIGNATURE_COUNT, FW_SIG_COUNT);
	w16(d + VB_DESC_SIGNATURE_VERSIONS, FW_SIG_VERSIONS);
	w16(d + 0x2a, 0);
	/* Signatures and IMEM/DMEM were filled with random bytes above. */

	/* DMEM structure: appif table, DMEMMAPPER, empty buffers, signature slot. */
	w8(a + 0, VB_APPIF_VERSION);
	w8(a + 1, VB_APPIF_HDR_SIZE);
	w8(a + 2, VB_APPIF_ENTRY_SIZE);
	w8(a + 3, 2);
	w32(a + 4, 0x00000001);				/* another app first */
	w32(a + 8, FW_OTHER_APP);
	w32(a + 12, VB_APPIF_ID_DMEMMAPPER);
	w32(a + 16, FW_DMAP_OFF);

	memset(&rom[m], 0, VB_DMAP_STRUCT_SIZE);
	w32(m + VB_DMAP_SIG, VB_DMAP_SIGNATURE);
	w16(m + VB_DMAP_VERSION, 3);
	w16(m + VB_DMAP_SIZE, VB_DMAP_STRUCT_SIZE);
	w32(m + VB_DMAP_CMD_IN_OFFSET, FW_CMD_IN);
	w32(m + VB_DMAP_CMD_IN_SIZE, FW_CMD_IN_SZ);
	w32(m + VB_DMAP_CMD_OUT_OFFSET, FW_CMD_OUT);
	w32(m + VB_DMAP_CMD_OUT_SIZE, FW_CMD_OUT_SZ);
	w32(m + VB_DMAP_NVF_OFFSET, FW_NVF_OFF);
	w32(m + VB_DMAP_NVF_SIZE, 0x100);
	w32(m + VB_DMAP_PRINTF_HDR, FW_PRINTF_OFF);
	w32(m + VB_DMAP_BUILD_TIME, 0x64f1a2b3);
	w32(m + VB_DMAP_UCODE_SIGNATURE, 0x2e7c19d5);
	w32(m + VB_DMAP_INIT_CMD, 0);			/* the driver patches FRTS/SB */
	w32(m + VB_DMAP_FEATURE, 0);
	w32(m + VB_DMAP_CMD_MASK0, 1u << 21 | 1u << 25);	/* 0x15 FRTS, 0x19 SB */
	w32(m + VB_DMAP_CMD_MASK1, 0);
	w32(m + VB_DMAP_MULTI_TGT, 0);

	memset(&rom[dmem + FW_CMD_IN], 0, FW_CMD_IN_SZ + FW_CMD_OUT_SZ);
	memset(&rom[dmem + FW_PKC_OFF], 0, VB_RSA3K_SIG_SIZE);
}

static int write_rom(const char *path)
{
	FILE *f = fopen(path, "wb");

	if (!f || fwrite(rom, 1, ROM_SIZE, f) != ROM_SIZE || fclose(f) != 0) {
		perror(path);
		return 1;
	}
	return 0;
}

static int write_c(const char *path)
{
	FILE *f = fopen(path, "w");

	if (!f) {
		perror(path);
		return 1;
	}
	fprintf(f, "/* Generated by emu/gsp-model/vbios/mkvbios.c; do not edit. */\n"
		"#include <stddef.h>\n\n"
		"extern const unsigned char gspm_vbios_image[];\n"
		"extern const size_t gspm_vbios_image_size;\n\n"
		"const unsigned char gspm_vbios_image[%u] = {\n", (unsigned)ROM_SIZE);
	for (uint32_t i = 0; i < ROM_SIZE; i++)
		fprintf(f, "%s0x%02x,%s", i % 12 ? " " : "\t", rom[i],
			i % 12 == 11 || i == ROM_SIZE - 1 ? "\n" : "");
	fprintf(f, "};\n\nconst size_t gspm_vbios_image_size = %u;\n", (unsigned)ROM_SIZE);
	if (fclose(f) != 0) {
		perror(path);
		return 1;
	}
	return 0;
}

static void usage(FILE *out)
{
	fprintf(out,
		"usage: mkvbios [--c-source OUT.c] [--rom OUT.rom] [--help]\n"
		"Generate the gsp-model VBIOS (PCI-AT + EFI + 2 FWSEC images, BIT,\n"
		"falcon ucode table, FWSEC FalconUCodeDescV3) deterministically.\n"
		"  --c-source OUT.c  C file defining gspm_vbios_image[] and _size\n"
		"  --rom OUT.rom     raw ROM image (%u bytes)\n", (unsigned)ROM_SIZE);
}

int main(int argc, char **argv)
{
	const char *c_out = NULL, *rom_out = NULL;
	int rc = 0;

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
			usage(stdout);
			return 0;
		} else if (!strcmp(argv[i], "--c-source") && i + 1 < argc) {
			c_out = argv[++i];
		} else if (!strcmp(argv[i], "--rom") && i + 1 < argc) {
			rom_out = argv[++i];
		} else {
			usage(stderr);
			return 2;
		}
	}
	if (!c_out && !rom_out) {
		usage(stderr);
		return 2;
	}

	build_image0();
	build_image1();
	build_image2();
	build_image3();

	if (c_out)
		rc |= write_c(c_out);
	if (rom_out)
		rc |= write_rom(rom_out);
	return rc;
}
