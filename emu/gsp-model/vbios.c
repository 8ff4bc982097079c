/* SPDX-License-Identifier: MIT */
/*
 * The VBIOS as the GPU exposes it, and the model's own walk of it.
 *
 * The PROM window (HW_PROM_BASE, HW_PROM_SIZE bytes of BAR0) serves the
 * image mkvbios generated at build time.  Reads past the image's end but
 * inside the window return 0xffffffff: that is what an erased SPI flash
 * holds beyond the programmed image, and a parser that runs off the end of
 * the image chain sees no 0x55AA signature there.
 *
 * At create time the model finds FWSEC in its own image exactly the way
 * nova-core (vbios.rs setup_falcon_data / FwSecBiosImage, fwsec.rs) and
 * nouveau (bios/image.c, npde.c, bit.c, pmu.c, base.c nvbios_addr,
 * gsp/fwsec.c) do, so the image is proven parseable by that logic and the
 * falcon checks know what FWSEC's IMEM/DMEM must hold.
 */
#include <stdio.h>
#include <string.h>

#include "hw_priv.h"
#include "vbios/vbios_format.h"

uint32_t hw_prom_read32(uint32_t off)
{
	uint32_t v = 0;

	for (unsigned int i = 0; i < 4; i++) {
		uint32_t b = 0xff;

		if ((size_t)off + i < gspm_vbios_image_size)
			b = gspm_vbios_image[off + i];
		v |= b << (8 * i);
	}
	return v;
}

struct vb_image {
	uint32_t base, size;
	uint8_t type;
	bool last;
};

static int fail(char *err, size_t errlen, const char *what, uint32_t off)
{
	snprintf(err, errlen, "generated VBIOS: %s (ROM offset 0x%x)", what, off);
	return -1;
}

/* One image's ROM header, PCIR and optional NPDE (nova BiosImage::new). */
static int read_image(uint32_t base, struct vb_image *img, char *err, size_t errlen)
{
	const uint8_t *r = gspm_vbios_image;
	size_t n = gspm_vbios_image_size;
	uint32_t pcir, npde;

	if ((size_t)base + 0x1a > n)
		return fail(err, errlen, "image chain runs past the end", base);
	if (hw_rd16le(r + base) != VB_ROM_SIG)
		return fail(err, errlen, "no 0x55AA ROM signature", base);
	pcir = base + hw_rd16le(r + base + VB_ROM_PCIR_PTR);
	if ((size_t)pcir + VB_PCIR_SIZE > n || hw_rd32le(r + pcir) != VB_PCIR_SIG)
		return fail(err, errlen, "no PCIR structure", pcir);
	img->base = base;
	img->size = (uint32_t)hw_rd16le(r + pcir + VB_PCIR_IMAGE_LEN) * VB_IMAGE_ALIGN;
	img->type = r[pcir + VB_PCIR_CODE_TYPE];
	img->last = r[pcir + VB_PCIR_INDICATOR] & VB_LAST_IMAGE;
	if (!img->size)
		return fail(err, errlen, "PCIR image length 0", pcir);

	npde = (pcir + hw_rd16le(r + pcir + VB_PCIR_LEN) + 15) & ~15u;
	if ((size_t)npde + VB_NPDE_SIZE <= n && hw_rd32le(r + npde) == VB_NPDE_SIG &&
	    hw_rd16le(r + npde + VB_NPDE_SUBIMAGE_LEN)) {
		img->size = (uint32_t)hw_rd16le(r + npde + VB_NPDE_SUBIMAGE_LEN) * VB_IMAGE_ALIGN;
		img->last = r[npde + VB_NPDE_INDICATOR] & VB_LAST_IMAGE;
	}
	if ((size_t)base + img->size > n)
		return fail(err, errlen, "image longer than the ROM", base);
	return 0;
}

int hw_vbios_parse(struct hw_fwsec *fw, char *err, size_t errlen)
{
	const uint8_t *r = gspm_vbios_image;
	struct vb_image img, pci_at = { 0 }, fwsec1 = { 0 }, fwsec2 = { 0 };
	int have_at = 0, n_fwsec = 0;
	uint32_t off = 0, bit = 0, tokens, ptr, uct, ucode_off, d, hdr, dmem;
	uint8_t sum = 0;

	memset(fw, 0, sizeof(*fw));

	/* 1. The image chain, 512-byte aligned, up to the last-image flag. */
	for (;;) {
		if (read_image(off, &img, err, errlen))
			return -1;
		if (img.type == VB_CODE_PCI_AT && !have_at) {
			pci_at = img;
			have_at = 1;
		} else if (img.type == VB_CODE_FWSEC) {
			if (n_fwsec++ == 0)
				fwsec1 = img;
			else
				fwsec2 = img;
		}
		if (img.last)
			break;
		off = (off + img.size + VB_IMAGE_ALIGN - 1) & ~(VB_IMAGE_ALIGN - 1u);
	}
	if (!have_at || n_fwsec < 2)
		return fail(err, errlen, "need a PCI-AT image and two FWSEC images", 0);
	for (uint32_t i = 0; i < pci_at.size; i++)
		sum = (uint8_t)(sum + r[pci_at.base + i]);
	if (sum)
		return fail(err, errlen, "PCI-AT image checksum is not 0", pci_at.base);

	/* 2. BIT header in the PCI-AT image, then the falcon data token 'p'. */
	for (uint32_t i = 0; i + 6 <= pci_at.size; i++) {
		if (!memcmp(r + pci_at.base + i, "\xff\xb8" "BIT", 6)) {
			bit = pci_at.base + i;
			break;
		}
	}
	if (!bit)
		return fail(err, errlen, "no BIT header", 0);
	tokens = bit + r[bit + VB_BIT_HDR_HEADER_SIZE];
	ptr = 0;
	for (unsigned int i = 0; i < r[bit + VB_BIT_HDR_TOKEN_COUNT]; i++) {
		uint32_t t = tokens + i * r[bit + VB_BIT_HDR_TOKEN_SIZE];

		if (r[t] == VB_BIT_TOKEN_FALCON_DATA && r[t + 1] == 2 && hw_rd16le(r + t + 2) >= 4) {
			ptr = hw_rd32le(r + pci_at.base + hw_rd16le(r + t + 4));
			break;
		}
	}
	if (ptr < pci_at.size)
		return fail(err, errlen, "no falcon data token or pointer inside PCI-AT", bit);

	/* 3. The ucode table: pointers skip the images between PCI-AT and FWSEC. */
	ptr -= pci_at.size;
	uct = ptr < fwsec1.size ? fwsec1.base + ptr : fwsec2.base + (ptr - fwsec1.size);
	if (r[uct] != VB_UCT_VERSION || r[uct + 2] < VB_UCT_ENTRY_SIZE)
		return fail(err, errlen, "bad falcon ucode table header", uct);
	ucode_off = 0;
	for (unsigned int i = 0; i < r[uct + 3]; i++) {
		uint32_t e = uct + r[uct + 1] + i * r[uct + 2];

		if (r[e] == VB_APPID_FWSEC_PROD) {
			ucode_off = hw_rd32le(r + e + 2);
			break;
		}
	}
	if (ucode_off < pci_at.size + fwsec1.size)
		return fail(err, errlen, "FWSEC_PROD entry missing or not in the second FWSEC image", uct);
	d = fwsec2.base + (ucode_off - pci_at.size - fwsec1.size);

	/* 4. FalconUCodeDescV3, its signatures, the ucode. */
	hdr = hw_rd32le(r + d + VB_DESC_HDR);
	if (!(hdr & 1) || ((hdr >> 8) & 0xff) != VB_DESC_VERSION_3)
		return fail(err, errlen, "FWSEC descriptor is not a valid v3", d);
	fw->rom_desc_offset = d;
	fw->pkc_data_offset = hw_rd32le(r + d + VB_DESC_PKC_DATA_OFFSET);
	fw->interface_offset = hw_rd32le(r + d + VB_DESC_INTERFACE_OFFSET);
	fw->imem_phys_base = hw_rd32le(r + d + VB_DESC_IMEM_PHYS_BASE);
	fw->imem_load_size = hw_rd32le(r + d + VB_DESC_IMEM_LOAD_SIZE);
	fw->imem_virt_base = hw_rd32le(r + d + VB_DESC_IMEM_VIRT_BASE);
	fw->dmem_phys_base = hw_rd32le(r + d + VB_DESC_DMEM_PHYS_BASE);
	fw->dmem_load_size = hw_rd32le(r + d + VB_DESC_DMEM_LOAD_SIZE);
	fw->engine_id_mask = hw_rd16le(r + d + VB_DESC_ENGINE_ID_MASK);
	fw->ucode_id = r[d + VB_DESC_UCODE_ID];
	fw->sig_count = r[d + VB_DESC_SIGNATURE_COUNT];
	fw->sig_versions = hw_rd16le(r + d + VB_DESC_SIGNATURE_VERSIONS);
	fw->sigs = r + d + VB_DESC_V3_SIZE;
	fw->ucode = r + d + (hdr >> 16);
	if ((hdr >> 16) < VB_DESC_V3_SIZE + fw->sig_count * (uint32_t)VB_RSA3K_SIG_SIZE ||
	    (size_t)(fw->ucode - r) + fw->imem_load_size + fw->dmem_load_size >
	    fwsec2.base + fwsec2.size)
		return fail(err, errlen, "FWSEC ucode does not fit its image", d);
	if (fw->imem_phys_base + fw->imem_load_size > HW_FALCON_IMEM_SIZE ||
	    fw->dmem_phys_base + fw->dmem_load_size > HW_FALCON_DMEM_SIZE ||
	    fw->pkc_data_offset + HW_FWSEC_SIG_SIZE > fw->dmem_load_size ||
	    !fw->sig_count)
		return fail(err, errlen, "FWSEC geometry does not fit the falcon", d);

	/* 5. Application interface table -> DMEMMAPPER -> command buffer. */
	dmem = (uint32_t)(fw->ucode - r) + fw->imem_load_size;
	{
		uint32_t a = dmem + fw->interface_offset;

		if (fw->interface_offset + VB_APPIF_HDR_SIZE > fw->dmem_load_size ||
		    r[a] != VB_APPIF_VERSION)
			return fail(err, errlen, "no v1 application interface table", a);
		for (unsigned int i = 0; i < r[a + 3]; i++) {
			uint32_t e = a + r[a + 1] + i * r[a + 2];

			if (hw_rd32le(r + e) == VB_APPIF_ID_DMEMMAPPER) {
				fw->dmemmapper_offset = hw_rd32le(r + e + 4);
				break;
			}
		}
		if (!fw->dmemmapper_offset ||
		    fw->dmemmapper_offset + VB_DMAP_STRUCT_SIZE > fw->dmem_load_size)
			return fail(err, errlen, "no DMEMMAPPER application interface", a);
	}
	fw->cmd_in_offset = hw_rd32le(r + dmem + fw->dmemmapper_offset + VB_DMAP_CMD_IN_OFFSET);
	fw->cmd_in_size = hw_rd32le(r + dmem + fw->dmemmapper_offset + VB_DMAP_CMD_IN_SIZE);
	if (fw->cmd_in_offset + HW_FRTS_CMD_SIZE > fw->dmem_load_size ||
	    fw->cmd_in_size < HW_FRTS_CMD_SIZE)
		return fail(err, errlen, "DMEMMAPPER command buffer outside DMEM", dmem);
	return 0;
}
