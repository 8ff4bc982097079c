/* SPDX-License-Identifier: MIT */
/*
 * The firmware files the driver loads, read by the model too, so that the
 * booter and FWSEC checks compare what arrives in the falcons and in host
 * memory with exactly the matching part of those files.
 *
 * Layout: <fw_dir>/nvidia/<chip>/gsp/{gsp,bootloader,booter_load,
 * booter_unload}-<release>.bin on GA10x/AD10x, {gsp,bootloader,fmc} on
 * GH100 (nouveau tu102.c/ad102.c/gh100.c fwif tables, nova firmware.rs
 * request_firmware).  Formats: docs/protocol.md §4.1-§4.4, §3.6;
 * nouveau include/nvfw/{fw,hs}.h, nova firmware.rs, firmware/booter.rs,
 * firmware/riscv.rs, firmware/gsp.rs.
 *
 * Every offset read from a file is bounds-checked before use: the files are
 * input like any other, and a malformed one must fail gspm_create() with a
 * message, not crash the model.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <fwfile.h>

#include "hw_priv.h"
#include "fw/gspm_release.h"

#define NVFW_BIN_MAGIC		0x10de
#define BIN_HDR_SIZE		24
#define HS_HDR_V2_SIZE		36
#define HS_LOAD_HDR_V2_SIZE	20
#define RISCV_DESC_SIZE		84

#define ELF_EM_RISCV		243
#define ELF64_EHDR_SIZE		64
#define ELF64_SHDR_SIZE		64
#define ELF32_EHDR_SIZE		52
#define ELF32_SHDR_SIZE		40

static int ferr(char *err, size_t errlen, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int ferr(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
	return -1;
}

static bool in_file(size_t size, uint64_t off, uint64_t len)
{
	return off <= size && len <= size - off;
}

/*
 * The files are mapped read-only or come from the preload cache (fwfile.h),
 * not read: the model compares the 36 MiB GSP image of a 535.x release with
 * what the driver loaded on every boot.  An empty file has no mapping (*data
 * NULL, *size 0): every reader checks sizes first.
 */
static int map_whole(const char *path, const uint8_t **data, size_t *size,
		     char *err, size_t errlen)
{
	const void *p;
	int rc = fwfile_map(path, &p, size);

	*data = p;
	if (rc == -ENOENT)
		return ferr(err, errlen, "%s: cannot open (missing firmware file?)", path);
	if (rc)
		return ferr(err, errlen, "%s: cannot map (%s)", path, strerror(-rc));
	return 0;
}

static void unmap_whole(const uint8_t **data, size_t *size)
{
	fwfile_unmap(*data, *size);
	*data = NULL;
	*size = 0;
}

static void fw_path(char *out, size_t len, const struct gspm_config *cfg,
		    const char *chip, const char *name)
{
	snprintf(out, len, "%s/nvidia/%s/gsp/%s-%s.bin",
		 cfg->fw_dir ? cfg->fw_dir : "/lib/firmware", chip, name, cfg->fw_release);
}

/* nvfw_bin_hdr: magic, version, size, header offset, data offset, data size. */
static int bin_hdr(const char *path, const uint8_t *d, size_t n, uint32_t *hdr_off,
		   uint32_t *data_off, uint32_t *data_size, char *err, size_t errlen)
{
	if (n < BIN_HDR_SIZE || hw_rd32le(d) != NVFW_BIN_MAGIC)
		return ferr(err, errlen, "%s: no nvfw_bin_hdr (magic 0x10de)", path);
	*hdr_off = hw_rd32le(d + 12);
	*data_off = hw_rd32le(d + 16);
	*data_size = hw_rd32le(d + 20);
	if (!in_file(n, *data_off, *data_size) || !*data_size)
		return ferr(err, errlen, "%s: payload [0x%x, +0x%x) outside the %zu-byte file",
			    path, *data_off, *data_size, n);
	return 0;
}

static int load_booter(struct hw_booter *b, const struct gspm_config *cfg,
		       const char *chip, const char *name, char *err, size_t errlen)
{
	uint32_t hdr_off, data_off, data_size, hs[9], lh[5];
	const uint8_t *d;
	size_t n;

	fw_path(b->path, sizeof(b->path), cfg, chip, name);
	if (map_whole(b->path, &b->file, &b->file_size, err, errlen))
		return -1;
	d = b->file;
	n = b->file_size;
	if (bin_hdr(b->path, d, n, &hdr_off, &data_off, &data_size, err, errlen))
		return -1;
	b->payload = d + data_off;
	b->payload_size = data_size;

	/* nvfw_hs_header_v2: offsets of the fields, not the fields. */
	if (!in_file(n, hdr_off, HS_HDR_V2_SIZE))
		return ferr(err, errlen, "%s: nvfw_hs_header_v2 at 0x%x outside the file",
			    b->path, hdr_off);
	for (int i = 0; i < 9; i++)
		hs[i] = hw_rd32le(d + hdr_off + 4 * i);
	/* sig_prod_offset, sig_prod_size, patch_loc, patch_sig, meta_data_offset,
	 * meta_data_size, num_sig, header_offset, header_size */
	if (!in_file(n, hs[2], 4) || !in_file(n, hs[3], 4) || !in_file(n, hs[6], 4))
		return ferr(err, errlen, "%s: patch_loc/patch_sig/num_sig pointers outside the file",
			    b->path);
	b->patch_loc = hw_rd32le(d + hs[2]);
	b->num_sig = hw_rd32le(d + hs[6]);
	if (!b->num_sig || hs[1] % b->num_sig)
		return ferr(err, errlen, "%s: %u signatures do not divide sig_prod_size 0x%x",
			    b->path, b->num_sig, hs[1]);
	b->sig_size = hs[1] / b->num_sig;
	if (!in_file(n, (uint64_t)hs[0] + hw_rd32le(d + hs[3]), hs[1]))
		return ferr(err, errlen, "%s: signatures outside the file", b->path);
	b->sigs = d + hs[0] + hw_rd32le(d + hs[3]);
	if (hs[5] < 12 || !in_file(n, hs[4], hs[5]))
		return ferr(err, errlen, "%s: signature metadata (fuse_ver, engine_id_mask, "
			    "ucode_id) missing", b->path);
	b->fuse_ver = hw_rd32le(d + hs[4]);
	b->engine_id_mask = hw_rd32le(d + hs[4] + 4);
	b->ucode_id = hw_rd32le(d + hs[4] + 8);

	/* nvfw_hs_load_header_v2 and app[0]. */
	if (!in_file(n, hs[7], HS_LOAD_HDR_V2_SIZE + 8))
		return ferr(err, errlen, "%s: hs load header outside the file", b->path);
	for (int i = 0; i < 5; i++)
		lh[i] = hw_rd32le(d + hs[7] + 4 * i);
	b->os_code_offset = lh[0];
	b->os_code_size = lh[1];
	b->os_data_offset = lh[2];
	b->os_data_size = lh[3];
	if (lh[4] < 1)
		return ferr(err, errlen, "%s: hs load header has no app", b->path);
	b->app0_offset = hw_rd32le(d + hs[7] + HS_LOAD_HDR_V2_SIZE);
	b->app0_size = hw_rd32le(d + hs[7] + HS_LOAD_HDR_V2_SIZE + 4);

	if (!in_file(data_size, b->app0_offset, b->app0_size) ||
	    !in_file(data_size, b->os_data_offset, b->os_data_size) ||
	    b->app0_size > HW_FALCON_IMEM_SIZE || b->os_data_size > HW_FALCON_DMEM_SIZE)
		return ferr(err, errlen, "%s: app0 [0x%x,+0x%x) or os data [0x%x,+0x%x) outside "
			    "the payload or the falcon", b->path, b->app0_offset, b->app0_size,
			    b->os_data_offset, b->os_data_size);
	if (b->patch_loc < b->os_data_offset ||
	    (uint64_t)b->patch_loc + b->sig_size > (uint64_t)b->os_data_offset + b->os_data_size)
		return ferr(err, errlen, "%s: patch_loc 0x%x not inside os data", b->path,
			    b->patch_loc);
	if (!b->ucode_id || b->ucode_id > 16)
		return ferr(err, errlen, "%s: ucode_id %u not in 1..16", b->path, b->ucode_id);
	return 0;
}

static int load_bootloader(struct hw_fwfiles *f, const struct gspm_config *cfg,
			   const char *chip, char *err, size_t errlen)
{
	uint32_t hdr_off, data_off, data_size;
	const uint8_t *desc;
	size_t n;

	fw_path(f->bl_path, sizeof(f->bl_path), cfg, chip, "bootloader");
	if (map_whole(f->bl_path, &f->bl_file, &f->bl_file_size, err, errlen))
		return -1;
	n = f->bl_file_size;
	if (bin_hdr(f->bl_path, f->bl_file, n, &hdr_off, &data_off, &data_size, err, errlen))
		return -1;
	if (!in_file(n, hdr_off, RISCV_DESC_SIZE))
		return ferr(err, errlen, "%s: RM_RISCV_UCODE_DESC at 0x%x outside the file",
			    f->bl_path, hdr_off);
	desc = f->bl_file + hdr_off;
	f->bl_payload = f->bl_file + data_off;
	f->bl_payload_size = data_size;
	/* RM_RISCV_UCODE_DESC (rmRiscvUcode.h): u32 fields, see protocol.md §4.3. */
	f->bl_app_version = hw_rd32le(desc + 7 * 4);
	f->bl_manifest_offset = hw_rd32le(desc + 8 * 4);
	f->bl_monitor_data_offset = hw_rd32le(desc + 10 * 4);
	f->bl_monitor_code_offset = hw_rd32le(desc + 12 * 4);
	if (f->bl_manifest_offset >= data_size || f->bl_monitor_data_offset >= data_size ||
	    f->bl_monitor_code_offset >= data_size)
		return ferr(err, errlen, "%s: monitor code/data or manifest offset outside the "
			    "0x%x-byte payload", f->bl_path, data_size);
	return 0;
}

/* Where a named ELF section is: in_file() was checked. */
struct elf_sec {
	uint64_t off, size;
	uint32_t info;			/* sh_info: the FMC's CRC32, 0 if unchecked */
	bool found;
};

/*
 * Find the @n sections named @names in the ELF file @d of @fsize bytes:
 * class @cls (1 ELF32, 2 ELF64), little-endian, e_machine @machine (0:
 * any).  A missing section is left !found; one whose contents are outside
 * the file is an error.  One reader for the GSP-RM ELF64 (protocol.md §4.1) and
 * the GSP-FMC ELF32 (§3.6).
 */
static int elf_find(const uint8_t *d, const char *path, uint64_t fsize, int cls,
		    unsigned int machine, const char *const *names, struct elf_sec *out,
		    unsigned int n, char *err, size_t errlen)
{
	const bool is64 = cls == 2;
	const size_t ehsize = is64 ? ELF64_EHDR_SIZE : ELF32_EHDR_SIZE;
	const size_t shsize = is64 ? ELF64_SHDR_SIZE : ELF32_SHDR_SIZE;
	const uint8_t *eh = d, *sh, *strtab;
	uint64_t shoff, str_off, str_size;
	unsigned int shnum, shstrndx;

	memset(out, 0, n * sizeof(*out));
	if (fsize < ehsize)
		return ferr(err, errlen, "%s: too short for an ELF header", path);
	if (memcmp(eh, "\x7f" "ELF", 4) || eh[4] != cls || eh[5] != 1)
		return ferr(err, errlen, "%s: not a little-endian ELF%d file", path, is64 ? 64 : 32);
	if (machine && hw_rd16le(eh + 0x12) != machine)
		return ferr(err, errlen, "%s: ELF e_machine %u, expected %u (RISC-V)", path,
			    hw_rd16le(eh + 0x12), machine);
	if (is64) {
		shoff = hw_rd64le(eh + 0x28);
		shnum = hw_rd16le(eh + 0x3c);
		shstrndx = hw_rd16le(eh + 0x3e);
	} else {
		shoff = hw_rd32le(eh + 0x20);
		shnum = hw_rd16le(eh + 0x30);
		shstrndx = hw_rd16le(eh + 0x32);
	}
	if (hw_rd16le(eh + (is64 ? 0x3a : 0x2e)) != shsize || !shnum || shstrndx >= shnum ||
	    !in_file(fsize, shoff, (uint64_t)shnum * shsize))
		return ferr(err, errlen, "%s: bad section header table", path);
	sh = d + shoff;
	if (is64) {
		str_off = hw_rd64le(sh + shstrndx * shsize + 0x18);
		str_size = hw_rd64le(sh + shstrndx * shsize + 0x20);
	} else {
		str_off = hw_rd32le(sh + shstrndx * shsize + 0x10);
		str_size = hw_rd32le(sh + shstrndx * shsize + 0x14);
	}
	if (!in_file(fsize, str_off, str_size) || str_size > (1u << 20))
		return ferr(err, errlen, "%s: bad section name table", path);
	strtab = d + str_off;

	for (unsigned int i = 0; i < shnum; i++) {
		const uint8_t *h = sh + i * shsize;
		uint32_t name = hw_rd32le(h);
		uint64_t off = is64 ? hw_rd64le(h + 0x18) : hw_rd32le(h + 0x10);
		uint64_t size = is64 ? hw_rd64le(h + 0x20) : hw_rd32le(h + 0x14);
		uint32_t info = hw_rd32le(h + (is64 ? 0x2c : 0x1c));

		size_t len;

		if (name >= str_size)
			continue;
		/* A name ends at its NUL or at the end of the table. */
		len = strnlen((const char *)strtab + name, (size_t)(str_size - name));
		for (unsigned int k = 0; k < n; k++) {
			if (len != strlen(names[k]) || memcmp(strtab + name, names[k], len))
				continue;
			if (!in_file(fsize, off, size))
				return ferr(err, errlen, "%s: section %s [0x%llx,+0x%llx) outside the "
					    "%llu-byte file", path, names[k], (unsigned long long)off,
					    (unsigned long long)size, (unsigned long long)fsize);
			out[k] = (struct elf_sec){ off, size, info, true };
		}
	}
	return 0;
}

/* gsp-<rel>.bin: ELF64 EM_RISCV with .fwimage, .fwversion, .fwsignature_<family>. */
static int load_gsp(struct hw_fwfiles *f, const struct gspm_config *cfg,
		    const char *chip, const char *family, char *err, size_t errlen)
{
	const char *rel = cfg->fw_release;
	const char *names[3] = { ".fwimage", ".fwversion", f->sig_section };
	struct elf_sec sec[3];
	char ver[64];

	fw_path(f->gsp_path, sizeof(f->gsp_path), cfg, chip, "gsp");
	snprintf(f->sig_section, sizeof(f->sig_section), ".fwsignature_%s", family);
	if (map_whole(f->gsp_path, &f->gsp_file, &f->gsp_file_size, err, errlen) ||
	    elf_find(f->gsp_file, f->gsp_path, f->gsp_file_size, 2, ELF_EM_RISCV, names, sec, 3,
		     err, errlen))
		return -1;
	if (!sec[0].found || !sec[0].size)
		return ferr(err, errlen, "%s: no .fwimage section", f->gsp_path);
	/*
	 * The booter reaches the image through a radix3 tree of 4 KiB pages:
	 * one level-1 page of 512 level-2 pages of 512 page addresses, so
	 * 1 GiB at most (protocol.md §3.3; nouveau nvkm_gsp_radix3_sg).
	 */
	if (sec[0].size > 512ull * 512 * 4096)
		return ferr(err, errlen, "%s: .fwimage of %llu bytes does not fit a radix3 tree "
			    "(1 GiB at most)", f->gsp_path, (unsigned long long)sec[0].size);
	f->fwimage_offset = sec[0].off;
	f->fwimage_size = sec[0].size;
	f->fwimage = f->gsp_file + sec[0].off;
	if (!sec[2].found || !sec[2].size || sec[2].size > (1u << 20))
		return ferr(err, errlen, "%s: no %s section", f->gsp_path, f->sig_section);
	/* .fwversion must name the release the driver asked for (protocol.md §5). */
	memset(ver, 0, sizeof(ver));
	if (sec[1].found && sec[1].size && sec[1].size < sizeof(ver))
		memcpy(ver, f->gsp_file + sec[1].off, (size_t)sec[1].size);
	if (!sec[1].found || !sec[1].size || sec[1].size >= sizeof(ver) || strcmp(ver, rel))
		return ferr(err, errlen, "%s: .fwversion \"%s\" is not release %s", f->gsp_path,
			    ver, rel);
	f->signature = f->gsp_file + sec[2].off;
	f->signature_size = (uint32_t)sec[2].size;
	return 0;
}

/* CRC-32 (IEEE 802.3, reflected 0xedb88320), a byte at a time from a table. */
static uint32_t crc_table[256];

__attribute__((constructor)) static void crc_table_init(void)
{
	for (uint32_t i = 0; i < 256; i++) {
		uint32_t c = i;

		for (int k = 0; k < 8; k++)
			c = (c >> 1) ^ (0xedb88320u & -(c & 1u));
		crc_table[i] = c;
	}
}

static uint32_t crc32_ieee(const uint8_t *p, size_t len)
{
	uint32_t c = 0xffffffffu;

	for (size_t i = 0; i < len; i++)
		c = (c >> 8) ^ crc_table[(c ^ p[i]) & 0xff];
	return ~c;
}

/*
 * fmc-<rel>.bin (GH100, protocol.md §3.6): ELF32 with sections image, hash (48 B,
 * SHA-384), publickey and signature (384 B each, RSA-3K); a non-zero
 * sh_info is the CRC32 of the section (nouveau gh100.c).
 */
static int load_fmc(struct hw_fwfiles *f, const struct gspm_config *cfg,
		    const char *chip, char *err, size_t errlen)
{
	static const char *const names[4] = { "image", "hash", "publickey", "signature" };
	static const uint32_t want[4] = { 0, HW_FMC_HASH_SIZE, HW_FMC_RSA_SIZE, HW_FMC_RSA_SIZE };
	const uint8_t **dst[4] = { &f->fmc_image, &f->fmc_hash, &f->fmc_publickey,
				   &f->fmc_signature };
	uint32_t *dst_size[4] = { &f->fmc_image_size, &f->fmc_hash_size,
				  &f->fmc_publickey_size, &f->fmc_signature_size };
	struct elf_sec sec[4];

	fw_path(f->fmc_path, sizeof(f->fmc_path), cfg, chip, "fmc");
	if (map_whole(f->fmc_path, &f->fmc_file, &f->fmc_file_size, err, errlen) ||
	    elf_find(f->fmc_file, f->fmc_path, f->fmc_file_size, 1, 0, names, sec, 4, err, errlen))
		return -1;
	if (f->fmc_file_size > (64u << 20))
		return ferr(err, errlen, "%s: %zu bytes is too large for a GSP-FMC", f->fmc_path,
			    f->fmc_file_size);
	for (int i = 0; i < 4; i++) {
		const uint8_t *d = f->fmc_file + sec[i].off;

		if (!sec[i].found)
			return ferr(err, errlen, "%s: no %s section", f->fmc_path, names[i]);
		if (want[i] ? sec[i].size != want[i] : !sec[i].size || sec[i].size > UINT32_MAX)
			return ferr(err, errlen, "%s: section %s is %llu bytes, expected %s%u",
				    f->fmc_path, names[i], (unsigned long long)sec[i].size,
				    want[i] ? "" : "more than ", want[i]);
		if (sec[i].info && crc32_ieee(d, (size_t)sec[i].size) != sec[i].info)
			return ferr(err, errlen, "%s: section %s CRC32 is 0x%08x, sh_info expects "
				    "0x%08x", f->fmc_path, names[i],
				    crc32_ieee(d, (size_t)sec[i].size), sec[i].info);
		*dst[i] = d;
		*dst_size[i] = (uint32_t)sec[i].size;
	}
	return 0;
}

int hw_fwfiles_load(struct hw_fwfiles *f, const struct gspm_config *cfg,
		    char *err, size_t errlen)
{
	const struct gspm_release *rel = cfg->fw_release ? gspm_release_find(cfg->fw_release) : NULL;
	const struct hw_chip *c = hw_chip_of(cfg->chip);
	const char *chip, *family;

	memset(f, 0, sizeof(*f));
	if (!rel)
		return ferr(err, errlen, "firmware files: unknown release \"%s\"",
			    cfg->fw_release ? cfg->fw_release : "(none)");
	/* A chip the release does not boot (the driver refuses it): no files. */
	if (!(rel->chips & (1u << cfg->chip)))
		return 0;
	if (!c)
		return ferr(err, errlen, "firmware files: unknown chip %d", (int)cfg->chip);
	/* Every die loads nvidia/<die>/gsp/ (linux-firmware links a family's dies). */
	chip = c->name;
	family = c->sig_family;
	if (c->fsp_boot) {
		if (load_gsp(f, cfg, chip, family, err, errlen) ||
		    load_bootloader(f, cfg, chip, err, errlen) ||
		    load_fmc(f, cfg, chip, err, errlen)) {
			hw_fwfiles_free(f);
			return -1;
		}
		f->fmc_loaded = true;
		return 0;
	}
	if (!c->ga10x_boot)
		return 0;
	if (load_gsp(f, cfg, chip, family, err, errlen) ||
	    load_bootloader(f, cfg, chip, err, errlen) ||
	    load_booter(&f->load, cfg, chip, "booter_load", err, errlen) ||
	    load_booter(&f->unload, cfg, chip, "booter_unload", err, errlen)) {
		hw_fwfiles_free(f);
		return -1;
	}
	f->loaded = true;
	return 0;
}

void hw_fwfiles_free(struct hw_fwfiles *f)
{
	unmap_whole(&f->gsp_file, &f->gsp_file_size);
	unmap_whole(&f->bl_file, &f->bl_file_size);
	unmap_whole(&f->load.file, &f->load.file_size);
	unmap_whole(&f->unload.file, &f->unload.file_size);
	unmap_whole(&f->fmc_file, &f->fmc_file_size);
	f->fwimage = f->signature = NULL;
	f->fmc_image = f->fmc_hash = f->fmc_publickey = f->fmc_signature = NULL;
	f->fmc_loaded = false;
	f->loaded = false;
}
