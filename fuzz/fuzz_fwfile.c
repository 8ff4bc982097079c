// SPDX-License-Identifier: MIT
/*
 * (c) The firmware-file parsers (driver/core/fwfile.c, protocol.md §4) and
 * the VBIOS/FWSEC parser (vbios.c, §4.5).  The input is one file; its first
 * bytes pick the parser, so real files are seeds as they are:
 *
 *   ELF64 -> the GSP-RM image (570.144, GA102's signature section)
 *   ELF32 -> the GH100 GSP-FMC
 *   0x55 0xaa -> a VBIOS in the PROM window, FWSEC located and checked
 *   anything else -> the RISC-V bootloader, then a SEC2 booter (GA10x BROM
 *   path and GA100's legacy path)
 *
 * fwfile.c's parsers are static: it is included here (white box) with its
 * two exported functions renamed so they do not clash with the library's.
 */
#define nvcore_fw_files_load	fuzz_fw_files_load
#define nvcore_fw_files_release	fuzz_fw_files_release
#include "fwfile.c"
#undef nvcore_fw_files_load
#undef nvcore_fw_files_release

#include "common.h"
#include "vbios.h"

static void booter(struct fzdev *d, const struct firmware *fw, bool legacy)
{
	struct nvcore_falcon_ucode uc = { 0 };

	d->nd.chip.legacy_hs = legacy;
	fw_parse_booter(&d->nd, "booter", fw, &uc);
	kfree(uc.patched);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const struct firmware fw = { .size = size, .data = data };
	struct nvcore_vbios_fwsec fwsec;
	struct fzdev d = { 0 };

	fzdev_init(&d, "ga102", false, nvcore_fw_release_find("570.144"));
	if (size > 4 && !memcmp(data, ELFMAG, SELFMAG) && data[EI_CLASS] == ELFCLASS64) {
		fw_parse_gsp(&d.nd, "gsp", &fw);
	} else if (size > 4 && !memcmp(data, ELFMAG, SELFMAG)) {
		fw_parse_fmc(&d.nd, "fmc", &fw);
	} else if (size > 2 && data[0] == 0x55 && data[1] == 0xaa) {
		d.rom = data;
		d.rom_len = size;
		if (!nvcore_vbios_fwsec_get(&d.nd, &fwsec))
			nvcore_vbios_fwsec_put(&fwsec);
	} else {
		fw_parse_bootloader(&d.nd, "bootloader", &fw);
		booter(&d, &fw, false);
		booter(&d, &fw, true);
	}
	d.rom = NULL;
	fz_finish(&d);
	return 0;
}
