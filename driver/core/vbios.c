// SPDX-License-Identifier: MIT
/*
 * VBIOS parsing: find the FWSEC ucode (docs/hw-fidelity.md "VBIOS and
 * FWSEC").
 *
 * The ROM is a chain of PCI expansion ROM images.  The PC-AT image holds the
 * BIT table, whose falcon-data token points (relative to the end of the
 * PC-AT image) at the falcon ucode table in the FWSEC images; its FWSEC
 * entry points at the FalconUCodeDescV3, followed by the signatures and the
 * ucode.  Offset bases are those of nova-core's vbios.rs, since the firmware
 * in the field is laid out for them.  Every offset and size comes from the
 * ROM and is checked before use.
 */
#include <linux/device.h>
#include <linux/errno.h>
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/overflow.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "compat.h"
#include "nvcore_dev.h"
#include "regs.h"
#include "falcon.h"
#include "vbios.h"

#define ROM_IMAGE_ALIGN		512	/* image lengths count 512-byte blocks */
#define ROM_READ_AHEAD		1024	/* enough for the ROM header, PCIR, NPDE */
#define ROM_MAX_IMAGES		16
#define ROM_HDR_PCIR_PTR	0x18
#define PCIR_SIZE		24
#define PCIR_LEN		0x0a
#define PCIR_IMAGE_LEN		0x10
#define PCIR_CODE_TYPE		0x14
#define PCIR_LAST_IMAGE		0x15
#define NPDE_SIZE		12
#define NPDE_SUBIMAGE_LEN	0x08
#define NPDE_LAST_IMAGE		0x0a
#define ROM_LAST_IMAGE_BIT	0x80
static_assert(NV_PROM_SIZE % ROM_IMAGE_ALIGN == 0);

#define ROM_TYPE_PCI_AT		0x00
#define ROM_TYPE_NBSI		0x70
#define ROM_TYPE_FWSEC		0xe0

#define BIT_HDR_SIZE		12
#define BIT_HDR_HEADER_SIZE	8
#define BIT_HDR_TOKEN_SIZE	9
#define BIT_HDR_TOKEN_ENTRIES	10
#define BIT_TOKEN_SIZE_MIN	6
#define BIT_TOKEN_FALCON_DATA	0x70	/* 'p' */

#define UCODE_TABLE_HDR_SIZE	4
#define UCODE_ENTRY_SIZE_MIN	6
#define UCODE_APPID_FWSEC_PROD	0x85

#define FWSEC_DESC_VERSION	3

struct rom {
	struct nvcore_dev *nd;
	u8 *data;	/* NV_PROM_SIZE bytes, valid up to len */
	u32 len;
};

struct rom_image {
	u32 off, size;
	u8 type;
	bool last;
};

/* Make [off, off + len) of the ROM available, reading only what is missing. */
static int rom_read(struct rom *rom, u32 off, u32 len, const char *what)
{
	u32 end;

	if (check_add_overflow(off, len, &end) || end > NV_PROM_SIZE) {
		dev_err(rom->nd->dev,
			"VBIOS: %s at 0x%x (0x%x bytes) runs past the PROM window (0x%x bytes)\n",
			what, off, len, NV_PROM_SIZE);
		return -EINVAL;
	}
	end = ALIGN(end, 4);
	while (rom->len < end) {
		put_unaligned_le32(nvcore_rd32(rom->nd, NV_PROM_DATA + rom->len),
				   rom->data + rom->len);
		rom->len += 4;
	}
	return 0;
}

static int rom_image_parse(struct rom *rom, u32 off, struct rom_image *img)
{
	struct device *dev = rom->nd->dev;
	u32 ahead = min_t(u32, ROM_READ_AHEAD, NV_PROM_SIZE - off);
	u32 pcir_off, npde_off;
	const u8 *p, *pcir;
	u16 sig;
	int ret;

	/*
	 * Images start on 512-byte boundaries below NV_PROM_SIZE (rom_find_images),
	 * so at least 512 bytes, ROM header and PCIR pointer included, remain.
	 */
	ret = rom_read(rom, off, ahead, "image header");
	if (ret)
		return ret;
	p = rom->data + off;

	sig = get_unaligned_le16(p);
	if (sig != 0xaa55 && sig != 0xbb77 && sig != 0x4e56) {
		dev_err(dev, "VBIOS: image at 0x%x: bad ROM signature 0x%04x\n", off, sig);
		return -EINVAL;
	}

	pcir_off = get_unaligned_le16(p + ROM_HDR_PCIR_PTR);
	if (pcir_off + PCIR_SIZE > ahead) {
		dev_err(dev, "VBIOS: image at 0x%x: PCIR offset 0x%x beyond the header (0x%x bytes)\n",
			off, pcir_off, ahead);
		return -EINVAL;
	}
	pcir = p + pcir_off;
	if (memcmp(pcir, "PCIR", 4) && memcmp(pcir, "NPDS", 4)) {
		dev_err(dev, "VBIOS: image at 0x%x: bad PCIR signature %*ph\n", off, 4, pcir);
		return -EINVAL;
	}
	img->size = get_unaligned_le16(pcir + PCIR_IMAGE_LEN) * ROM_IMAGE_ALIGN;
	if (!img->size) {
		dev_err(dev, "VBIOS: image at 0x%x: PCIR image length 0\n", off);
		return -EINVAL;
	}
	img->off = off;
	img->type = pcir[PCIR_CODE_TYPE];
	img->last = pcir[PCIR_LAST_IMAGE] & ROM_LAST_IMAGE_BIT;

	/* NVIDIA's extension, when present, has the authoritative size and flag. */
	npde_off = ALIGN(pcir_off + get_unaligned_le16(pcir + PCIR_LEN), 16);
	if (npde_off + NPDE_SIZE <= ahead && !memcmp(p + npde_off, "NPDE", 4) &&
	    get_unaligned_le16(p + npde_off + NPDE_SUBIMAGE_LEN)) {
		img->size = get_unaligned_le16(p + npde_off + NPDE_SUBIMAGE_LEN) *
			    ROM_IMAGE_ALIGN;
		img->last = p[npde_off + NPDE_LAST_IMAGE] & ROM_LAST_IMAGE_BIT;
	}
	if (img->type == ROM_TYPE_NBSI)
		img->last = true;

	return rom_read(rom, off, img->size, "image");
}

/* Walk the image chain; keep the PC-AT image and the first and last FWSEC images. */
static int rom_find_images(struct rom *rom, struct rom_image *pci_at,
			   struct rom_image *fwsec1, struct rom_image *fwsec2)
{
	struct rom_image img;
	bool have_at = false, have_fw1 = false, have_fw2 = false;
	u32 off = 0;
	int i, ret;

	for (i = 0; i < ROM_MAX_IMAGES; i++) {
		if (off >= NV_PROM_SIZE)
			break;
		ret = rom_image_parse(rom, off, &img);
		if (ret)
			return ret;
		dev_dbg(rom->nd->dev, "VBIOS: image at 0x%x: type 0x%02x, 0x%x bytes%s\n",
			img.off, img.type, img.size, img.last ? ", last" : "");

		if (img.type == ROM_TYPE_PCI_AT && !have_at) {
			*pci_at = img;
			have_at = true;
		} else if (img.type == ROM_TYPE_FWSEC && !have_fw1) {
			*fwsec1 = img;
			have_fw1 = true;
		} else if (img.type == ROM_TYPE_FWSEC) {
			*fwsec2 = img;
			have_fw2 = true;
		}
		if (img.last)
			break;
		off = ALIGN(img.off + img.size, ROM_IMAGE_ALIGN);
	}

	if (!have_at || !have_fw1 || !have_fw2) {
		dev_err(rom->nd->dev,
			"VBIOS: missing %s image (found PC-AT %d, FWSEC %d)\n",
			!have_at ? "the PC-AT" : "the second FWSEC", have_at,
			have_fw1 + have_fw2);
		return -EINVAL;
	}
	return 0;
}

/* The falcon-data pointer from the BIT table in the PC-AT image. */
static int rom_falcon_data_ptr(struct rom *rom, const struct rom_image *at, u32 *ptr)
{
	static const u8 bit_sig[] = { 0xff, 0xb8, 'B', 'I', 'T', 0x00 };
	struct device *dev = rom->nd->dev;
	const u8 *p = rom->data + at->off;
	u32 bit, tokens, tok, data_off, i;
	u8 hdr_size, tok_size, tok_count;

	for (bit = 0; bit + sizeof(bit_sig) <= at->size; bit++)
		if (!memcmp(p + bit, bit_sig, sizeof(bit_sig)))
			break;
	if (bit + BIT_HDR_SIZE > at->size) {
		dev_err(dev, "VBIOS: no BIT table in the PC-AT image (0x%x bytes)\n",
			at->size);
		return -EINVAL;
	}

	hdr_size = p[bit + BIT_HDR_HEADER_SIZE];
	tok_size = p[bit + BIT_HDR_TOKEN_SIZE];
	tok_count = p[bit + BIT_HDR_TOKEN_ENTRIES];
	if (tok_size < BIT_TOKEN_SIZE_MIN) {
		dev_err(dev, "VBIOS: BIT token size %u is too small\n", tok_size);
		return -EINVAL;
	}

	tokens = bit + hdr_size;
	for (i = 0; i < tok_count; i++) {
		tok = tokens + i * tok_size;
		if (tok + tok_size > at->size) {
			dev_err(dev, "VBIOS: BIT token %u at 0x%x beyond the PC-AT image (0x%x bytes)\n",
				i, tok, at->size);
			return -EINVAL;
		}
		if (p[tok] == BIT_TOKEN_FALCON_DATA)
			break;
	}
	if (i == tok_count) {
		dev_err(dev, "VBIOS: BIT table has no falcon data token\n");
		return -EINVAL;
	}

	data_off = get_unaligned_le16(p + tok + 4);
	if (data_off + 4 > at->size) {
		dev_err(dev, "VBIOS: falcon data token offset 0x%x beyond the PC-AT image (0x%x bytes)\n",
			data_off, at->size);
		return -EINVAL;
	}
	*ptr = get_unaligned_le32(p + data_off);
	/* It points past the PC-AT image, into the FWSEC images. */
	if (*ptr < at->size) {
		dev_err(dev, "VBIOS: falcon data pointer 0x%x inside the PC-AT image\n", *ptr);
		return -EINVAL;
	}
	return 0;
}

/*
 * The FWSEC entry of the falcon ucode table: returns the descriptor's
 * offset inside the second FWSEC image.  Offsets in the ROM are relative to
 * the end of the PC-AT image with the FWSEC images contiguous after it
 * (an EFI image in between is not counted), as nova-core computes them.
 */
static int rom_fwsec_desc_off(struct rom *rom, const struct rom_image *at,
			      const struct rom_image *fw1, const struct rom_image *fw2,
			      u32 table_ptr, u32 *desc_off)
{
	struct device *dev = rom->nd->dev;
	const struct rom_image *img;
	u32 off = table_ptr - at->size;
	u32 hdr_len, ent_len, count, need, ucode, i;
	const u8 *t;

	if (off < fw1->size) {
		img = fw1;
	} else {
		off -= fw1->size;
		img = fw2;
	}
	if (off >= img->size || img->size - off < UCODE_TABLE_HDR_SIZE) {
		dev_err(dev, "VBIOS: falcon ucode table pointer 0x%x beyond the FWSEC images\n",
			table_ptr);
		return -EINVAL;
	}
	t = rom->data + img->off + off;
	hdr_len = t[1];
	ent_len = t[2];
	count = t[3];
	need = hdr_len + count * ent_len;
	if (ent_len < UCODE_ENTRY_SIZE_MIN || need > img->size - off) {
		dev_err(dev,
			"VBIOS: falcon ucode table (header %u, %u entries of %u bytes) does not fit its image\n",
			hdr_len, count, ent_len);
		return -EINVAL;
	}

	for (i = 0; i < count; i++) {
		const u8 *e = t + hdr_len + i * ent_len;

		if (e[0] == UCODE_APPID_FWSEC_PROD)
			break;
	}
	if (i == count) {
		dev_err(dev, "VBIOS: falcon ucode table has no FWSEC entry (app id 0x%02x)\n",
			UCODE_APPID_FWSEC_PROD);
		return -EINVAL;
	}
	ucode = get_unaligned_le32(t + hdr_len + i * ent_len + 2);

	if (ucode < at->size || ucode - at->size < fw1->size ||
	    ucode - at->size - fw1->size >= fw2->size) {
		dev_err(dev, "VBIOS: FWSEC descriptor pointer 0x%x is not in the second FWSEC image\n",
			ucode);
		return -EINVAL;
	}
	*desc_off = ucode - at->size - fw1->size;
	return 0;
}

int nvcore_vbios_fwsec_get(struct nvcore_dev *nd, struct nvcore_vbios_fwsec *fw)
{
	struct nvcore_fwsec_desc_v3 *d = &fw->desc;
	struct rom_image at = {}, fw1 = {}, fw2 = {};	/* -O3 cannot see rom_find_images fills them */
	struct rom rom = { .nd = nd };
	u32 ptr, doff, ucode_off, sig_end, sig_size;
	const u8 *base;
	int ret;

	memset(fw, 0, sizeof(*fw));
	rom.data = kvmalloc(NV_PROM_SIZE, GFP_KERNEL);
	if (!rom.data)
		return -ENOMEM;

	ret = rom_find_images(&rom, &at, &fw1, &fw2);
	if (ret)
		goto err;
	ret = rom_falcon_data_ptr(&rom, &at, &ptr);
	if (ret)
		goto err;
	ret = rom_fwsec_desc_off(&rom, &at, &fw1, &fw2, ptr, &doff);
	if (ret)
		goto err;

	ret = -EINVAL;
	base = rom.data + fw2.off;
	if (fw2.size - doff < sizeof(*d)) {
		dev_err(nd->dev, "VBIOS: FWSEC descriptor at 0x%x runs past its image (0x%x bytes)\n",
			doff, fw2.size);
		goto err;
	}
	memcpy(d, base + doff, sizeof(*d));

	if (((d->hdr >> 8) & 0xff) == 2) {
		/*
		 * nouveau nvkm_gsp_fwsec_v2 (Turing, possibly GA100): loaded through
		 * the falcon bootloader nvidia/<chip>/acr/bl.bin with a
		 * flcn_bl_dmem_desc_v2 (tu102_gsp_fwsec_load_bld); linux-firmware
		 * has no nvidia/ga100/acr/.
		 */
		dev_err(nd->dev, "VBIOS: FWSEC has a v2 descriptor, which needs the falcon bootloader nvidia/%s/acr/bl.bin; nvcore runs v3 FWSEC only\n",
			nd->chip.name);
		goto err;
	}
	if (((d->hdr >> 8) & 0xff) != FWSEC_DESC_VERSION) {
		dev_err(nd->dev, "VBIOS: FWSEC descriptor version %u, expected %u\n",
			(d->hdr >> 8) & 0xff, FWSEC_DESC_VERSION);
		goto err;
	}
	if ((d->hdr >> 16) < sizeof(*d)) {
		dev_err(nd->dev, "VBIOS: FWSEC descriptor size %u is smaller than %zu\n",
			d->hdr >> 16, sizeof(*d));
		goto err;
	}

	/* The ucode follows the descriptor (its size in hdr 31:16). */
	if (check_add_overflow(d->imem_load_size, d->dmem_load_size, &fw->ucode_size) ||
	    check_add_overflow(doff, d->hdr >> 16, &ucode_off) ||
	    ucode_off > fw2.size || fw->ucode_size > fw2.size - ucode_off ||
	    !d->imem_load_size || !d->dmem_load_size) {
		dev_err(nd->dev,
			"VBIOS: FWSEC ucode (IMEM 0x%x + DMEM 0x%x bytes at 0x%x) does not fit its image (0x%x bytes)\n",
			d->imem_load_size, d->dmem_load_size, doff + (d->hdr >> 16), fw2.size);
		goto err;
	}

	/* IMEM/DMEM load addresses the falcon has (hw-fidelity.md "FWSEC-FRTS and FWSEC-SB"). */
	if (!nvcore_falcon_mem_ok(d->imem_phys_base, d->imem_load_size) ||
	    !nvcore_falcon_mem_ok(d->dmem_phys_base, d->dmem_load_size)) {
		dev_err(nd->dev,
			"VBIOS: FWSEC loads beyond the falcon's 0x%x-byte IMEM/DMEM (IMEM 0x%x + 0x%x bytes, DMEM 0x%x + 0x%x bytes)\n",
			NVCORE_FALCON_MEM_SIZE, d->imem_phys_base, d->imem_load_size,
			d->dmem_phys_base, d->dmem_load_size);
		goto err;
	}

	/* The signatures directly follow the fixed descriptor. */
	sig_size = d->signature_count * NVCORE_FALCON_RSA3K_SIG_SIZE;
	sig_end = doff + sizeof(*d) + sig_size;
	if (sig_end > fw2.size) {
		dev_err(nd->dev, "VBIOS: %u FWSEC signatures run past the image (0x%x > 0x%x)\n",
			d->signature_count, sig_end, fw2.size);
		goto err;
	}

	fw->rom = rom.data;
	fw->ucode = base + ucode_off;
	fw->sigs = base + doff + sizeof(*d);
	return 0;

err:
	kvfree(rom.data);
	return ret;
}

void nvcore_vbios_fwsec_put(struct nvcore_vbios_fwsec *fw)
{
	kvfree(fw->rom);
	memset(fw, 0, sizeof(*fw));
}

/*
 * Read once, kept for the device's life: the PROM is read-only, and nouveau
 * does the same, its VBIOS shadowed once (nvkm_bios_new -> nvbios_shadow) and
 * FWSEC-SB built from it when the GSP is constructed (r535_gsp_rm_boot_ctor ->
 * nvkm_gsp_fwsec_sb_ctor), to be booted at fini.  The PROM window is read a
 * dword at a time: reading it again for FWSEC-SB at every unload doubled that
 * cost (bench/RESULTS.md, `meson test` round 5).
 */
int nvcore_vbios_fwsec_kept(struct nvcore_dev *nd, const struct nvcore_vbios_fwsec **fw)
{
	struct nvcore_vbios_fwsec rd, *k;
	u32 sigs_size;
	u8 *p;
	int ret;

	if (!nd->fw.fwsec) {
		ret = nvcore_vbios_fwsec_get(nd, &rd);
		if (ret)
			return ret;
		/* Both inside the ROM read (at most NV_PROM_SIZE): no overflow. */
		sigs_size = rd.desc.signature_count * NVCORE_FALCON_RSA3K_SIG_SIZE;
		k = kzalloc(sizeof(*k) + rd.ucode_size + sigs_size, GFP_KERNEL);
		if (!k) {
			nvcore_vbios_fwsec_put(&rd);
			return -ENOMEM;
		}
		p = (u8 *)(k + 1);
		memcpy(p, rd.ucode, rd.ucode_size);
		memcpy(p + rd.ucode_size, rd.sigs, sigs_size);
		k->desc = rd.desc;
		k->ucode = p;
		k->ucode_size = rd.ucode_size;
		k->sigs = p + rd.ucode_size;
		nvcore_vbios_fwsec_put(&rd);
		nd->fw.fwsec = k;
	}
	*fw = nd->fw.fwsec;
	return 0;
}
