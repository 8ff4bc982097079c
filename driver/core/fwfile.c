// SPDX-License-Identifier: MIT
/*
 * The firmware files of a release (protocol.md §4) in the kernel's layout
 * nvidia/<chip>/gsp/<name>-<version>.bin: the GSP-RM ELF container and the
 * RISC-V bootloader, then the two SEC2 booters on GA10x/AD10x or the
 * GSP-FMC ELF on GH100 (protocol.md §3.6).
 *
 * The files come from disk and are not trusted: every offset and size is
 * checked against the file before use, and a bad one is reported with the
 * file, the field and its value.
 */
#include <linux/crc32.h>
#include <linux/device.h>
#include <linux/elf.h>
#include <linux/errno.h>
#include <linux/firmware.h>
#include <linux/kernel.h>
#include <linux/overflow.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "nvcore_dev.h"
#include "regs.h"
#include "falcon.h"
#include "fw/gsp_abi.h"
#include "fw/release.h"

#define FW_PATH_MAX	96

/* nvfw_bin_hdr (protocol.md §4.2; nouveau include/nvfw/fw.h). */
struct nvfw_bin_hdr {
	u32 bin_magic;
	u32 bin_ver;
	u32 bin_size;
	u32 header_offset;
	u32 data_offset;
	u32 data_size;
};

#define NVFW_BIN_MAGIC	0x10de

/* nvfw_hs_header_v2 (protocol.md §4.4; nouveau include/nvfw/hs.h, nova booter.rs). */
struct nvfw_hs_header_v2 {
	u32 sig_prod_offset;
	u32 sig_prod_size;
	u32 patch_loc;		/* file offset of the u32 signature location */
	u32 patch_sig;		/* file offset of the u32 signature index base */
	u32 meta_data_offset;
	u32 meta_data_size;
	u32 num_sig;		/* file offset of the u32 signature count */
	u32 header_offset;	/* nvfw_hs_load_header_v2 */
	u32 header_size;
};

/* The signature meta data meta_data_offset points at. */
struct nvfw_hs_sig_params {
	u32 fuse_ver;
	u32 engine_id_mask;
	u32 ucode_id;
};

/* nvfw_hs_load_header_v2; payload-relative offsets. */
struct nvfw_hs_load_header_v2 {
	u32 os_code_offset;
	u32 os_code_size;
	u32 os_data_offset;
	u32 os_data_size;
	u32 num_apps;
	/* followed by num_apps { offset, size } */
};

struct nvfw_hs_app {
	u32 offset;
	u32 size;
};

/* Is [off, off + len) inside a buffer of @size bytes?  Overflow-safe. */
static bool span_ok(size_t size, u64 off, u64 len)
{
	u64 end;

	return !check_add_overflow(off, len, &end) && end <= size;
}

/* Copy @len bytes at @off of the file into @dst, or say which field is out of range. */
static int fw_copy(struct nvcore_dev *nd, const char *path, const struct firmware *fw,
		   const char *field, u64 off, void *dst, size_t len)
{
	if (!span_ok(fw->size, off, len)) {
		dev_err(nd->dev, "%s: %s at 0x%llx (0x%zx bytes) is beyond the end of the file (0x%zx bytes)\n",
			path, field, off, len, fw->size);
		return -EINVAL;
	}
	memcpy(dst, fw->data + off, len);
	return 0;
}

/*
 * The two ELF containers: the GSP-RM image (ELF64, protocol.md §4.1) and the
 * GH100 GSP-FMC (ELF32, protocol.md §3.6).  Only the section table is read; both
 * classes are normalised into these two structs so one lookup serves both.
 */
struct elf_file {
	bool is64;
	u64 shoff;
	unsigned int shnum;
	size_t shentsize;
	u64 str_off, str_size;		/* section name table */
};

struct elf_sec {
	const u8 *data;
	size_t size;
	u32 info;			/* sh_info: the FMC's CRC32, 0 if unchecked */
};

/* The section header fields the lookup uses, for either class. */
struct fw_shdr {
	u32 name, info;
	u64 offset, size;
};

/* A field of an ELF32/ELF64 header union, as the file's class says. */
#define ELF_FIELD(ef, u, f)	((ef)->is64 ? (u64)(u).e64.f : (u64)(u).e32.f)

/* Read section header @i; elf_open() checked the table lies inside the file. */
static void read_shdr(const struct firmware *fw, const struct elf_file *ef, unsigned int i,
		      struct fw_shdr *out)
{
	const u8 *hdr = fw->data + ef->shoff + (u64)i * ef->shentsize;
	union {
		Elf32_Shdr e32;
		Elf64_Shdr e64;
	} sh;

	memcpy(&sh, hdr, ef->is64 ? sizeof(sh.e64) : sizeof(sh.e32));
	*out = (struct fw_shdr){ ELF_FIELD(ef, sh, sh_name), ELF_FIELD(ef, sh, sh_info),
				 ELF_FIELD(ef, sh, sh_offset), ELF_FIELD(ef, sh, sh_size) };
}

/*
 * Check the ELF header of @fw: little-endian, class @class (ELFCLASS32 or
 * ELFCLASS64), machine @machine (0: any), a section table and a section name
 * table inside the file.
 */
static int elf_open(struct nvcore_dev *nd, const char *path, const struct firmware *fw,
		    unsigned int class, unsigned int machine, struct elf_file *ef)
{
	unsigned int bits = class == ELFCLASS64 ? 64 : 32;
	unsigned int shstrndx, e_machine;
	u8 ident[EI_NIDENT];
	struct fw_shdr str;
	union {
		Elf32_Ehdr e32;
		Elf64_Ehdr e64;
	} eh;
	int ret;

	ret = fw_copy(nd, path, fw, "ELF header", 0, ident, sizeof(ident));
	if (ret)
		return ret;
	if (memcmp(ident, ELFMAG, SELFMAG) || ident[EI_CLASS] != class ||
	    ident[EI_DATA] != ELFDATA2LSB) {
		dev_err(nd->dev, "%s: not a little-endian ELF%u file (e_ident %*ph)\n",
			path, bits, EI_NIDENT, ident);
		return -EINVAL;
	}

	ef->is64 = class == ELFCLASS64;
	ret = fw_copy(nd, path, fw, "ELF header", 0, &eh, ef->is64 ? sizeof(eh.e64) : sizeof(eh.e32));
	if (ret)
		return ret;
	e_machine = ELF_FIELD(ef, eh, e_machine);
	ef->shoff = ELF_FIELD(ef, eh, e_shoff);
	ef->shnum = ELF_FIELD(ef, eh, e_shnum);
	ef->shentsize = ELF_FIELD(ef, eh, e_shentsize);
	shstrndx = ELF_FIELD(ef, eh, e_shstrndx);
	if (ef->shentsize != (ef->is64 ? sizeof(Elf64_Shdr) : sizeof(Elf32_Shdr)))
		ef->shnum = 0;

	if (machine && e_machine != machine) {
		dev_err(nd->dev, "%s: ELF e_machine %u, expected RISC-V (%u)\n",
			path, e_machine, machine);
		return -EINVAL;
	}
	if (!ef->shnum || shstrndx >= ef->shnum) {
		dev_err(nd->dev, "%s: bad ELF section table (e_shentsize %zu, e_shnum %u, e_shstrndx %u)\n",
			path, ef->shentsize, ef->shnum, shstrndx);
		return -EINVAL;
	}
	if (!span_ok(fw->size, ef->shoff, (u64)ef->shnum * ef->shentsize)) {
		dev_err(nd->dev, "%s: ELF e_shoff 0x%llx (%u sections) is beyond the end of the file (0x%zx bytes)\n",
			path, ef->shoff, ef->shnum, fw->size);
		return -EINVAL;
	}

	read_shdr(fw, ef, shstrndx, &str);
	ef->str_off = str.offset;
	ef->str_size = str.size;
	if (!span_ok(fw->size, ef->str_off, ef->str_size)) {
		dev_err(nd->dev, "%s: ELF section name table at 0x%llx (0x%llx bytes) is beyond the end of the file (0x%zx bytes)\n",
			path, ef->str_off, ef->str_size, fw->size);
		return -EINVAL;
	}
	return 0;
}

/* Find section @name of an ELF file elf_open() accepted; its contents lie inside the file. */
static int elf_section(struct nvcore_dev *nd, const char *path, const struct firmware *fw,
		       const struct elf_file *ef, const char *name, struct elf_sec *sec)
{
	size_t name_len = strlen(name);
	unsigned int i;

	for (i = 0; i < ef->shnum; i++) {
		struct fw_shdr sh;
		const char *sname;

		read_shdr(fw, ef, i, &sh);
		if (sh.name >= ef->str_size)
			continue;
		sname = (const char *)fw->data + ef->str_off + sh.name;
		if (strnlen(sname, ef->str_size - sh.name) != name_len ||
		    memcmp(sname, name, name_len))
			continue;

		if (!span_ok(fw->size, sh.offset, sh.size)) {
			dev_err(nd->dev, "%s: section %s at sh_offset 0x%llx (sh_size 0x%llx) is beyond the end of the file (0x%zx bytes)\n",
				path, name, sh.offset, sh.size, fw->size);
			return -EINVAL;
		}
		sec->data = fw->data + sh.offset;
		sec->size = sh.size;
		sec->info = sh.info;
		return 0;
	}

	dev_err(nd->dev, "%s: no %s section\n", path, name);
	return -EINVAL;
}

static int fw_request(struct nvcore_dev *nd, const char *name, char *path,
		      const struct firmware **fw, bool try)
{
	int ret;

	snprintf(path, FW_PATH_MAX, "nvidia/%s/gsp/%s-%s.bin", nd->chip.name, name,
		 nd->release->version);
	if (try) {
		ret = firmware_request_nowarn(fw, path, nd->dev);
		if (ret == -ENOENT)
			return ret;
	} else {
		ret = request_firmware(fw, path, nd->dev);
	}
	if (ret)
		dev_err(nd->dev, "cannot load firmware %s: %d\n", path, ret);
	return ret;
}

static int fw_parse_gsp(struct nvcore_dev *nd, const char *path, const struct firmware *fw)
{
	struct nvcore_fw_files *f = &nd->fw;
	struct elf_sec ver, img, sig;
	struct elf_file ef;
	char supported[64] = "";
	char sig_name[48];
	size_t len, n = 0;
	unsigned int i;
	int ret;

	ret = elf_open(nd, path, fw, ELFCLASS64, EM_RISCV, &ef);
	if (ret)
		return ret;
	ret = elf_section(nd, path, fw, &ef, ".fwversion", &ver);
	if (ret)
		return ret;
	len = strnlen((const char *)ver.data, ver.size);
	if (len >= sizeof(f->version)) {
		dev_err(nd->dev, "%s: .fwversion is %zu bytes long, expected a short version string\n",
			path, len);
		return -EINVAL;
	}
	memcpy(f->version, ver.data, len);
	f->version[len] = '\0';

	if (strcmp(f->version, nd->release->version)) {
		for (i = 0; i < nvcore_fw_num_releases; i++)
			n += scnprintf(supported + n, sizeof(supported) - n, "%s%s",
				       i ? ", " : "", nvcore_fw_releases[i]->version);
		dev_err(nd->dev, "%s: firmware version \"%s\" does not match the release %s requested (supported: %s)\n",
			path, f->version, nd->release->version, supported);
		return -EINVAL;
	}

	ret = elf_section(nd, path, fw, &ef, ".fwimage", &img);
	if (ret)
		return ret;
	f->image = img.data;
	f->image_size = img.size;
	if (!f->image_size) {
		dev_err(nd->dev, "%s: section .fwimage is empty\n", path);
		return -EINVAL;
	}

	snprintf(sig_name, sizeof(sig_name), ".fwsignature_%s", nd->chip.sig_family);
	ret = elf_section(nd, path, fw, &ef, sig_name, &sig);
	if (ret)
		return ret;
	f->signature = sig.data;
	f->signature_size = sig.size;
	if (!f->signature_size) {
		dev_err(nd->dev, "%s: section %s is empty\n", path, sig_name);
		return -EINVAL;
	}
	return 0;
}

/* The common header and the payload it delimits. */
static int fw_bin_hdr(struct nvcore_dev *nd, const char *path, const struct firmware *fw,
		      struct nvfw_bin_hdr *hdr)
{
	int ret;

	ret = fw_copy(nd, path, fw, "nvfw_bin_hdr", 0, hdr, sizeof(*hdr));
	if (ret)
		return ret;
	if (hdr->bin_magic != NVFW_BIN_MAGIC) {
		dev_err(nd->dev, "%s: nvfw_bin_hdr.bin_magic 0x%x, expected 0x%x\n",
			path, hdr->bin_magic, NVFW_BIN_MAGIC);
		return -EINVAL;
	}
	if (!hdr->data_size || !span_ok(fw->size, hdr->data_offset, hdr->data_size)) {
		dev_err(nd->dev, "%s: nvfw_bin_hdr payload data_offset 0x%x data_size 0x%x is not inside the file (0x%zx bytes)\n",
			path, hdr->data_offset, hdr->data_size, fw->size);
		return -EINVAL;
	}
	return 0;
}

static int fw_parse_bootloader(struct nvcore_dev *nd, const char *path,
			       const struct firmware *fw)
{
	struct nvcore_fw_files *f = &nd->fw;
	struct RM_RISCV_UCODE_DESC desc;
	struct nvfw_bin_hdr hdr;
	int ret;

	ret = fw_bin_hdr(nd, path, fw, &hdr);
	if (ret)
		return ret;
	ret = fw_copy(nd, path, fw, "RM_RISCV_UCODE_DESC (nvfw_bin_hdr.header_offset)",
		      hdr.header_offset, &desc, sizeof(desc));
	if (ret)
		return ret;

	if (!span_ok(hdr.data_size, desc.monitorCodeOffset, desc.monitorCodeSize)) {
		dev_err(nd->dev, "%s: monitorCodeOffset 0x%x (size 0x%x) outside the payload (0x%x bytes)\n",
			path, desc.monitorCodeOffset, desc.monitorCodeSize, hdr.data_size);
		return -EINVAL;
	}
	if (!span_ok(hdr.data_size, desc.monitorDataOffset, desc.monitorDataSize)) {
		dev_err(nd->dev, "%s: monitorDataOffset 0x%x (size 0x%x) outside the payload (0x%x bytes)\n",
			path, desc.monitorDataOffset, desc.monitorDataSize, hdr.data_size);
		return -EINVAL;
	}
	if (!span_ok(hdr.data_size, desc.manifestOffset, desc.manifestSize)) {
		dev_err(nd->dev, "%s: manifestOffset 0x%x (size 0x%x) outside the payload (0x%x bytes)\n",
			path, desc.manifestOffset, desc.manifestSize, hdr.data_size);
		return -EINVAL;
	}

	f->bl_app_version = desc.appVersion;
	f->bl_code_offset = desc.monitorCodeOffset;
	f->bl_data_offset = desc.monitorDataOffset;
	f->bl_manifest_offset = desc.manifestOffset;
	f->bl_payload = fw->data + hdr.data_offset;
	f->bl_payload_size = hdr.data_size;
	return 0;
}

/* Read the u32 a header field points at. */
static int fw_u32_at(struct nvcore_dev *nd, const char *path, const struct firmware *fw,
		     const char *field, u32 off, u32 *val)
{
	return fw_copy(nd, path, fw, field, off, val, sizeof(*val));
}

/*
 * A SEC2 booter (protocol.md §4.4): code = app 0, data = the OS data with the
 * fuse-selected signature patched in at patch_loc, as nova-core loads it.
 */
static int fw_parse_booter(struct nvcore_dev *nd, const char *path,
			   const struct firmware *fw, struct nvcore_falcon_ucode *uc)
{
	struct nvfw_hs_load_header_v2 lhdr;
	struct nvfw_hs_sig_params params;
	struct nvfw_hs_header_v2 hs;
	struct nvfw_bin_hdr hdr;
	struct nvfw_hs_app app0;
	u32 patch_loc, patch_sig, num_sig, sig_size, sig_off, idx;
	const u8 *payload;
	int ret;

	ret = fw_bin_hdr(nd, path, fw, &hdr);
	if (ret)
		return ret;
	payload = fw->data + hdr.data_offset;

	ret = fw_copy(nd, path, fw, "nvfw_hs_header_v2 (nvfw_bin_hdr.header_offset)",
		      hdr.header_offset, &hs, sizeof(hs));
	if (ret)
		return ret;
	ret = fw_u32_at(nd, path, fw, "nvfw_hs_header_v2.patch_loc", hs.patch_loc, &patch_loc);
	if (ret)
		return ret;
	ret = fw_u32_at(nd, path, fw, "nvfw_hs_header_v2.patch_sig", hs.patch_sig, &patch_sig);
	if (ret)
		return ret;
	ret = fw_u32_at(nd, path, fw, "nvfw_hs_header_v2.num_sig", hs.num_sig, &num_sig);
	if (ret)
		return ret;
	if (hs.meta_data_size < sizeof(params)) {
		dev_err(nd->dev, "%s: nvfw_hs_header_v2.meta_data_size 0x%x, expected at least 0x%zx\n",
			path, hs.meta_data_size, sizeof(params));
		return -EINVAL;
	}
	ret = fw_copy(nd, path, fw, "nvfw_hs_header_v2.meta_data_offset",
		      hs.meta_data_offset, &params, sizeof(params));
	if (ret)
		return ret;
	ret = fw_copy(nd, path, fw, "nvfw_hs_load_header_v2 (nvfw_hs_header_v2.header_offset)",
		      hs.header_offset, &lhdr, sizeof(lhdr));
	if (ret)
		return ret;
	if (!lhdr.num_apps) {
		dev_err(nd->dev, "%s: nvfw_hs_load_header_v2.num_apps is 0\n", path);
		return -EINVAL;
	}
	/* Only app[0] is used, but the table the header announces must be in the file. */
	if (!span_ok(fw->size, (u64)hs.header_offset + sizeof(lhdr),
		     (u64)lhdr.num_apps * sizeof(struct nvfw_hs_app))) {
		dev_err(nd->dev, "%s: nvfw_hs_load_header_v2.num_apps %u: the app table at 0x%llx is beyond the end of the file (0x%zx bytes)\n",
			path, lhdr.num_apps, (u64)hs.header_offset + sizeof(lhdr), fw->size);
		return -EINVAL;
	}
	ret = fw_copy(nd, path, fw, "nvfw_hs_load_header_v2.app[0]",
		      (u64)hs.header_offset + sizeof(lhdr), &app0, sizeof(app0));
	if (ret)
		return ret;

	if (!app0.size || !span_ok(hdr.data_size, app0.offset, app0.size)) {
		dev_err(nd->dev, "%s: app[0] offset 0x%x size 0x%x outside the payload (0x%x bytes)\n",
			path, app0.offset, app0.size, hdr.data_size);
		return -EINVAL;
	}
	if (!lhdr.os_data_size ||
	    !span_ok(hdr.data_size, lhdr.os_data_offset, lhdr.os_data_size)) {
		dev_err(nd->dev, "%s: os_data_offset 0x%x os_data_size 0x%x outside the payload (0x%x bytes)\n",
			path, lhdr.os_data_offset, lhdr.os_data_size, hdr.data_size);
		return -EINVAL;
	}

	/* Booter signatures are RSA-3K, as FWSEC's (protocol.md §4.5). */
	if (!num_sig || hs.sig_prod_size != (u64)num_sig * NVCORE_FALCON_RSA3K_SIG_SIZE) {
		dev_err(nd->dev, "%s: sig_prod_size 0x%x for num_sig %u: expected %u signatures of 0x%x bytes (RSA-3K)\n",
			path, hs.sig_prod_size, num_sig, num_sig, NVCORE_FALCON_RSA3K_SIG_SIZE);
		return -EINVAL;
	}
	sig_size = hs.sig_prod_size / num_sig;
	if (check_add_overflow(hs.sig_prod_offset, patch_sig, &sig_off) ||
	    !span_ok(fw->size, sig_off, hs.sig_prod_size)) {
		dev_err(nd->dev, "%s: signatures at sig_prod_offset 0x%x + patch_sig 0x%x (0x%x bytes) are beyond the end of the file (0x%zx bytes)\n",
			path, hs.sig_prod_offset, patch_sig, hs.sig_prod_size, fw->size);
		return -EINVAL;
	}
	if (patch_loc < lhdr.os_data_offset ||
	    !span_ok(lhdr.os_data_size, patch_loc - lhdr.os_data_offset, sig_size)) {
		dev_err(nd->dev, "%s: patch_loc 0x%x (signature 0x%x bytes) outside the data 0x%x..0x%x\n",
			path, patch_loc, sig_size, lhdr.os_data_offset,
			lhdr.os_data_offset + lhdr.os_data_size);
		return -EINVAL;
	}
	if (params.engine_id_mask > U16_MAX || params.ucode_id > U8_MAX) {
		dev_err(nd->dev, "%s: engine_id_mask 0x%x / ucode_id 0x%x out of range\n",
			path, params.engine_id_mask, params.ucode_id);
		return -EINVAL;
	}

	if (nd->chip.legacy_hs) {
		/*
		 * GA100 (nouveau gsp/tu102.c tu102_gsp_booter_ctor, falcon/gm200.c
		 * gm200_flcn_fw_signature): a Turing-style HS image checked without
		 * the BROM; the production signature, not one chosen by fuse version.
		 */
		idx = 0;
	} else {
		ret = nvcore_falcon_sig_index(nd, path, params.engine_id_mask, params.ucode_id,
					      params.fuse_ver, num_sig, &idx);
		if (ret)
			return ret;
	}

	uc->patched = kmemdup(payload + lhdr.os_data_offset, lhdr.os_data_size, GFP_KERNEL);
	if (!uc->patched)
		return -ENOMEM;
	memcpy(uc->patched + (patch_loc - lhdr.os_data_offset),
	       fw->data + sig_off + idx * sig_size, sig_size);

	if (nd->chip.legacy_hs) {
		/*
		 * GA100 (nouveau gsp/tu102.c tu102_gsp_booter_ctor): the OS code
		 * from payload 0 (os_code_size bytes) to IMEM os_code_offset,
		 * non-secure; app 0 from payload os_code_size to IMEM
		 * app[0].offset, secure; it starts at the OS code
		 * (gm200_flcn_fw_boot: BOOTVEC = os_code_offset).
		 */
		if (!span_ok(hdr.data_size, 0, lhdr.os_code_size) ||
		    !span_ok(hdr.data_size, lhdr.os_code_size, app0.size)) {
			dev_err(nd->dev, "%s: os_code_size 0x%x + app[0].size 0x%x outside the payload (0x%x bytes)\n",
				path, lhdr.os_code_size, app0.size, hdr.data_size);
			kfree(uc->patched);
			uc->patched = NULL;
			return -EINVAL;
		}
		uc->pio = true;
		uc->os_code = payload;
		uc->os_code_size = lhdr.os_code_size;
		uc->os_code_dst = lhdr.os_code_offset;
		uc->imem = payload + lhdr.os_code_size;
		uc->imem_dst = app0.offset;
		uc->boot_vec = lhdr.os_code_offset;
	} else {
		uc->imem = payload + app0.offset;
		uc->imem_dst = 0;
		uc->boot_vec = app0.offset;
	}
	uc->imem_size = app0.size;
	uc->imem_virt = app0.offset;
	uc->dmem = uc->patched;
	uc->dmem_size = lhdr.os_data_size;
	uc->dmem_dst = 0;
	uc->engine_id_mask = params.engine_id_mask;
	uc->ucode_id = params.ucode_id;
	uc->pkc_offset = patch_loc - lhdr.os_data_offset;
	/* Loadable at all: found here at probe, not when booter_unload runs. */
	ret = nvcore_falcon_ucode_check(nd, path, uc);
	if (ret) {
		kfree(uc->patched);
		uc->patched = NULL;
	}
	return ret;
}

/*
 * The GH100 GSP-FMC (protocol.md §3.6): an ELF32 whose sections hash, publickey
 * and signature are copied into the FSP's COT message (fixed-size fields)
 * and whose image the FSP loads.  A non-zero sh_info is the CRC32 of the
 * section's contents (nouveau gh100.c checks it the same way).
 */
static int fw_parse_fmc(struct nvcore_dev *nd, const char *path, const struct firmware *fw)
{
	struct nvcore_fw_files *f = &nd->fw;
	const struct {
		const char *name;
		size_t size;		/* exact size, 0: any non-empty */
		const char *what;
		struct nvcore_fw_blob *dst;
	} parts[] = {
		{ "image", 0, "GSP-FMC image", &f->fmc_image },
		{ "hash", NVCORE_FMC_HASH_SIZE, "SHA-384 hash", &f->fmc_hash },
		{ "publickey", NVCORE_FMC_RSA_SIZE, "RSA-3K public key", &f->fmc_pubkey },
		{ "signature", NVCORE_FMC_RSA_SIZE, "RSA-3K signature", &f->fmc_sig },
	};
	struct elf_file ef;
	struct elf_sec sec;
	unsigned int i;
	u32 crc;
	int ret;

	ret = elf_open(nd, path, fw, ELFCLASS32, 0, &ef);
	if (ret)
		return ret;
	for (i = 0; i < ARRAY_SIZE(parts); i++) {
		ret = elf_section(nd, path, fw, &ef, parts[i].name, &sec);
		if (ret)
			return ret;
		if (parts[i].size ? sec.size != parts[i].size : !sec.size) {
			dev_err(nd->dev, "%s: section %s is 0x%zx bytes, expected %s0x%zx (%s)\n",
				path, parts[i].name, sec.size, parts[i].size ? "" : "more than ",
				parts[i].size, parts[i].what);
			return -EINVAL;
		}
		if (sec.info) {
			crc = ~crc32_le(~0U, sec.data, sec.size);
			if (crc != sec.info) {
				dev_err(nd->dev, "%s: section %s CRC32 is 0x%08x, sh_info expects 0x%08x\n",
					path, parts[i].name, crc, sec.info);
				return -EINVAL;
			}
		}
		parts[i].dst->data = sec.data;
		parts[i].dst->size = sec.size;
	}
	return 0;
}

int nvcore_fw_files_load(struct nvcore_dev *nd, bool try)
{
	struct nvcore_fw_files *f = &nd->fw;
	char path[FW_PATH_MAX];
	int ret;

	memset(f, 0, sizeof(*f));

	ret = fw_request(nd, "gsp", path, &f->gsp, try);
	if (ret)
		goto err;
	ret = fw_parse_gsp(nd, path, f->gsp);
	if (ret)
		goto err;

	ret = fw_request(nd, "bootloader", path, &f->bootloader, false);
	if (ret)
		goto err;
	ret = fw_parse_bootloader(nd, path, f->bootloader);
	if (ret)
		goto err;

	if (nd->chip.fsp_boot) {
		/* GH100: the FSP boots the GSP-FMC; no SEC2 booters. */
		ret = fw_request(nd, "fmc", path, &f->fmc, false);
		if (ret)
			goto err;
		ret = fw_parse_fmc(nd, path, f->fmc);
		if (ret)
			goto err;
		goto done;
	}

	ret = fw_request(nd, "booter_load", path, &f->booter_load, false);
	if (ret)
		goto err;
	ret = fw_parse_booter(nd, path, f->booter_load, &f->load);
	if (ret)
		goto err;

	ret = fw_request(nd, "booter_unload", path, &f->booter_unload, false);
	if (ret)
		goto err;
	ret = fw_parse_booter(nd, path, f->booter_unload, &f->unload);
	if (ret)
		goto err;

done:
	dev_dbg(nd->dev, "firmware %s: .fwimage 0x%zx bytes, bootloader appVersion 0x%x\n",
		f->version, f->image_size, f->bl_app_version);
	return 0;

err:
	nvcore_fw_files_release(nd);
	return ret;
}

void nvcore_fw_files_release(struct nvcore_dev *nd)
{
	struct nvcore_fw_files *f = &nd->fw;

	kfree(f->load.patched);
	kfree(f->unload.patched);
	kfree(f->fwsec);
	release_firmware(f->fmc);
	release_firmware(f->booter_unload);
	release_firmware(f->booter_load);
	release_firmware(f->bootloader);
	release_firmware(f->gsp);
	memset(f, 0, sizeof(*f));
}
