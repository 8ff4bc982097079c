// SPDX-License-Identifier: MIT
/*
 * Firmware file parsing (driver/core/fwfile.c) against the real
 * linux-firmware files of 535.113.01 for GA102 and AD102, and against
 * damaged copies of them.
 *
 * The numbers asserted below were read from the installed files with
 * `readelf -S -W` (the GSP-RM ELF) and by decoding nvfw_bin_hdr,
 * RM_RISCV_UCODE_DESC and nvfw_hs_header_v2 / nvfw_hs_load_header_v2 by
 * hand, so a parser that reads the wrong field fails here.
 *
 * No GPU model is needed: the device is a bare kshim PCI device whose BAR0
 * answers only the fuse version registers the booter signature choice
 * reads (docs/hw-contract.md "Falcon operations" 4).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <linux/firmware.h>
#include <linux/pci.h>

#include "nvcore.h"
#include "fw/release.h"
#include "suites.h"

#ifndef NVCORE_FIRMWARE_DIR
#define NVCORE_FIRMWARE_DIR "/lib/firmware"
#endif

#define REL	"535.113.01"

/* ---- a bare device whose BAR0 only has fuse registers ------------------- */

static struct {
	struct pci_dev *pdev;
	struct nvcore_dev nd;
	char tmp[64];		/* temp firmware dir, "" if none */
	uint32_t fuse;		/* what every fuse version register reads */
	uint64_t fuse_read;	/* last fuse register read, 0 if none */
} fx;

static uint32_t bar0_read(void *ctx, uint64_t off)
{
	if (off >= 0x824100 && off < 0x824200) {
		fx.fuse_read = off;
		return fx.fuse;
	}
	return 0;
}

static void bar0_write(void *ctx, uint64_t off, uint32_t val)
{
}

static void dev_setup(const char *chip, const char *family)
{
	static const struct kshim_mmio_ops ops = { .read32 = bar0_read, .write32 = bar0_write };
	struct kshim_pci_desc d = {
		.vendor = 0x10de, .device = 0x2236, .class_code = 0x030200,
		.bus = 1, .bar_size = { [0] = 16 << 20 }, .bar_ops = { [0] = &ops },
	};

	memset(&fx, 0, sizeof(fx));
	kshim_init(nvh_seed());
	kshim_set_firmware_dir(NVCORE_FIRMWARE_DIR);
	fx.pdev = kshim_pci_add(&d);
	ck_assert_ptr_nonnull(fx.pdev);
	fx.nd.pdev = fx.pdev;
	fx.nd.dev = &fx.pdev->dev;
	fx.nd.bar0 = pci_iomap(fx.pdev, 0, 0);
	ck_assert_ptr_nonnull(fx.nd.bar0);
	fx.nd.chip.name = chip;
	fx.nd.chip.sig_family = family;
	fx.nd.release = &nvcore_fw_535_113_01;
}

static void setup_ga102(void)
{
	dev_setup("ga102", "ga10x");
}

static void setup_ad102(void)
{
	dev_setup("ad102", "ad10x");
}

static const char *const fw_names[] = { "gsp", "bootloader", "booter_load", "booter_unload" };

static void tmp_path(char *buf, size_t len, const char *name)
{
	snprintf(buf, len, "%s/nvidia/%s/gsp/%s-" REL ".bin", fx.tmp, fx.nd.chip.name, name);
}

static void teardown(void)
{
	char p[256];
	unsigned int i;

	nvcore_fw_files_release(&fx.nd);
	pci_iounmap(fx.pdev, fx.nd.bar0);
	kshim_pci_remove(fx.pdev);
	if (fx.tmp[0]) {
		for (i = 0; i < 4; i++) {
			tmp_path(p, sizeof(p), fw_names[i]);
			unlink(p);
		}
		snprintf(p, sizeof(p), "%s/nvidia/%s/gsp", fx.tmp, fx.nd.chip.name);
		rmdir(p);
		snprintf(p, sizeof(p), "%s/nvidia/%s", fx.tmp, fx.nd.chip.name);
		rmdir(p);
		snprintf(p, sizeof(p), "%s/nvidia", fx.tmp);
		rmdir(p);
		rmdir(fx.tmp);
	}
	/* Leaks (a file or buffer not released) and API misuse count here. */
	ck_assert_uint_eq(kshim_fini(), 0);
}

/* ---- damaged copies ------------------------------------------------------ */

static uint8_t *read_real(const char *name, size_t *size)
{
	char p[256];
	struct stat st;
	uint8_t *buf;
	FILE *f;

	snprintf(p, sizeof(p), NVCORE_FIRMWARE_DIR "/nvidia/%s/gsp/%s-" REL ".bin",
		 fx.nd.chip.name, name);
	f = fopen(p, "rb");
	ck_assert_msg(f, "cannot open %s", p);
	ck_assert_int_eq(fstat(fileno(f), &st), 0);
	buf = malloc(st.st_size);
	ck_assert_ptr_nonnull(buf);
	ck_assert_uint_eq(fread(buf, 1, st.st_size, f), (size_t)st.st_size);
	fclose(f);
	*size = st.st_size;
	return buf;
}

/* A firmware dir with links to the real files, except @skip (not created). */
static void tmp_dir(const char *skip)
{
	char p[256], real[256];
	unsigned int i;

	strcpy(fx.tmp, "/tmp/nvcore-fw-XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(fx.tmp));
	snprintf(p, sizeof(p), "%s/nvidia", fx.tmp);
	ck_assert_int_eq(mkdir(p, 0700), 0);
	snprintf(p, sizeof(p), "%s/nvidia/%s", fx.tmp, fx.nd.chip.name);
	ck_assert_int_eq(mkdir(p, 0700), 0);
	snprintf(p, sizeof(p), "%s/nvidia/%s/gsp", fx.tmp, fx.nd.chip.name);
	ck_assert_int_eq(mkdir(p, 0700), 0);
	for (i = 0; i < 4; i++) {
		if (skip && !strcmp(skip, fw_names[i]))
			continue;
		tmp_path(p, sizeof(p), fw_names[i]);
		snprintf(real, sizeof(real), NVCORE_FIRMWARE_DIR "/nvidia/%s/gsp/%s-" REL ".bin",
			 fx.nd.chip.name, fw_names[i]);
		ck_assert_int_eq(symlink(real, p), 0);
	}
	kshim_set_firmware_dir(fx.tmp);
}

/* Replace @name in the temp dir with @len bytes of @buf. */
static void tmp_write(const char *name, const uint8_t *buf, size_t len)
{
	char p[256];
	FILE *f;

	tmp_path(p, sizeof(p), name);
	unlink(p);
	f = fopen(p, "wb");
	ck_assert_ptr_nonnull(f);
	ck_assert_uint_eq(fwrite(buf, 1, len, f), len);
	fclose(f);
}

static void put32(uint8_t *p, uint32_t v)
{
	memcpy(p, &v, 4);
}

static uint32_t get32(const uint8_t *p)
{
	uint32_t v;

	memcpy(&v, p, 4);
	return v;
}

static void expect_fail(int want, const char *msg)
{
	int ret = nvcore_fw_files_load(&fx.nd, false);

	ck_assert_int_eq(ret, want);
	ck_assert_msg(kshim_log_contains(msg), "log lacks \"%s\"", msg);
	/* A failed load leaves nothing behind. */
	ck_assert_ptr_null(fx.nd.fw.gsp);
	ck_assert_ptr_null(fx.nd.fw.booter_unload);
	ck_assert_ptr_null(fx.nd.fw.load.patched);
}

/* ---- the real files -------------------------------------------------------- */

/* Offsets of a parsed pointer inside the file it points into. */
#define OFF_IN(fw, p)	((size_t)((const uint8_t *)(p) - (fw)->data))

static void check_booter(const struct firmware *fw, const struct nvcore_falcon_ucode *uc,
			 uint32_t app_size, uint32_t data_off, uint32_t data_size,
			 unsigned int sig_idx)
{
	const uint32_t payload = 0x378, sig_base = 0x3c, sig_size = 0x180;

	/* nvfw_hs_load_header_v2: app[0] = {0x100, app_size}, os data at data_off. */
	ck_assert_uint_eq(OFF_IN(fw, uc->imem), payload + 0x100);
	ck_assert_uint_eq(uc->imem_size, app_size);
	ck_assert_uint_eq(uc->imem_dst, 0);
	ck_assert_uint_eq(uc->imem_virt, 0x100);
	ck_assert_uint_eq(uc->boot_vec, 0x100);
	ck_assert_uint_eq(uc->dmem_size, data_size);
	ck_assert_uint_eq(uc->dmem_dst, 0);
	/* meta data {fuse_ver 1, engine_id_mask 1 (SEC2), ucode_id 3}. */
	ck_assert_uint_eq(uc->engine_id_mask, 1);
	ck_assert_uint_eq(uc->ucode_id, 3);
	/* patch_loc = os_data_offset + 0x10. */
	ck_assert_uint_eq(uc->pkc_offset, 0x10);
	ck_assert_ptr_nonnull(uc->patched);
	ck_assert_ptr_eq(uc->dmem, uc->patched);

	/* The data is the file's except for the chosen 384-byte signature. */
	ck_assert_int_eq(memcmp(uc->patched, fw->data + payload + data_off, 0x10), 0);
	ck_assert_int_eq(memcmp(uc->patched + 0x10, fw->data + sig_base + sig_idx * sig_size,
				sig_size), 0);
	ck_assert_int_eq(memcmp(uc->patched + 0x10 + sig_size,
				fw->data + payload + data_off + 0x10 + sig_size,
				data_size - 0x10 - sig_size), 0);
}

START_TEST(real_ga102)
{
	struct nvcore_fw_files *f = &fx.nd.fw;

	ck_assert_int_eq(nvcore_fw_files_load(&fx.nd, false), 0);

	/* gsp-535.113.01.bin: 38,061,600 bytes of ELF64 RISC-V. */
	ck_assert_uint_eq(f->gsp->size, 38061600);
	ck_assert_str_eq(f->version, "535.113.01");
	ck_assert_uint_eq(OFF_IN(f->gsp, f->image), 0x40);
	ck_assert_uint_eq(f->image_size, 0x2448000);
	ck_assert_uint_eq(OFF_IN(f->gsp, f->signature), 0x244b04b);	/* .fwsignature_ga10x */
	ck_assert_uint_eq(f->signature_size, 0x1000);

	/* bootloader: payload at 0x6c, 0x5000 bytes; RM_RISCV_UCODE_DESC v5. */
	ck_assert_uint_eq(f->bootloader->size, 20588);
	ck_assert_uint_eq(f->bl_app_version, 0);
	ck_assert_uint_eq(f->bl_manifest_offset, 0);
	ck_assert_uint_eq(f->bl_data_offset, 0x800);
	ck_assert_uint_eq(f->bl_code_offset, 0x1800);
	ck_assert_uint_eq(OFF_IN(f->bootloader, f->bl_payload), 0x6c);
	ck_assert_uint_eq(f->bl_payload_size, 0x5000);

	/* Unfused (fuse registers read 0): the last of the 2 signatures. */
	ck_assert_uint_eq(f->booter_load->size, 59768);
	check_booter(f->booter_load, &f->load, 0x8300, 0x8400, 0x6200, 1);
	ck_assert_uint_eq(f->booter_unload->size, 39544);
	check_booter(f->booter_unload, &f->unload, 0x4900, 0x4a00, 0x4d00, 1);
	/* SEC2 (engine mask bit 0), ucode id 3: 0x824140 + (3 - 1) * 4. */
	ck_assert_uint_eq(fx.fuse_read, 0x824148);
}
END_TEST

START_TEST(real_ad102)
{
	struct nvcore_fw_files *f = &fx.nd.fw;

	ck_assert_int_eq(nvcore_fw_files_load(&fx.nd, false), 0);

	/* The same GSP-RM container (a link to ga102's); Ada's signature section. */
	ck_assert_str_eq(f->version, "535.113.01");
	ck_assert_uint_eq(f->image_size, 0x2448000);
	ck_assert_uint_eq(OFF_IN(f->gsp, f->signature), 0x244a04b);	/* .fwsignature_ad10x */
	ck_assert_uint_eq(f->signature_size, 0x1000);

	ck_assert_uint_eq(f->bootloader->size, 32876);
	ck_assert_uint_eq(f->bl_app_version, 0);
	ck_assert_uint_eq(f->bl_manifest_offset, 0);
	ck_assert_uint_eq(f->bl_data_offset, 0x800);
	ck_assert_uint_eq(f->bl_code_offset, 0x4800);
	ck_assert_uint_eq(OFF_IN(f->bootloader, f->bl_payload), 0x6c);
	ck_assert_uint_eq(f->bl_payload_size, 0x8000);

	ck_assert_uint_eq(f->booter_load->size, 55928);
	check_booter(f->booter_load, &f->load, 0x7600, 0x7700, 0x6000, 1);
	ck_assert_uint_eq(f->booter_unload->size, 39800);
	check_booter(f->booter_unload, &f->unload, 0x4800, 0x4900, 0x4e00, 1);
}
END_TEST

START_TEST(fused_picks_signature)
{
	/* Fuse version 1 (fls = 1), ucode fuse_ver 1: signature index 0. */
	fx.fuse = 0x1;
	ck_assert_int_eq(nvcore_fw_files_load(&fx.nd, false), 0);
	check_booter(fx.nd.fw.booter_load, &fx.nd.fw.load, 0x8300, 0x8400, 0x6200, 0);
}
END_TEST

START_TEST(fuse_too_new)
{
	/* Fuse version 2 > the ucode's fuse_ver 1: no signature can run. */
	fx.fuse = 0x2;
	expect_fail(-EINVAL, "no signature for fuse version 0x2");
}
END_TEST

START_TEST(release_is_idempotent)
{
	ck_assert_int_eq(nvcore_fw_files_load(&fx.nd, false), 0);
	nvcore_fw_files_release(&fx.nd);
	ck_assert_ptr_null(fx.nd.fw.gsp);
	ck_assert_ptr_null(fx.nd.fw.load.patched);
	nvcore_fw_files_release(&fx.nd);
}
END_TEST

/* ---- missing and damaged files ------------------------------------------- */

START_TEST(missing_gsp)
{
	tmp_dir("gsp");
	expect_fail(-ENOENT, "nvidia/ga102/gsp/gsp-535.113.01.bin");
}
END_TEST

START_TEST(missing_booter_unload)
{
	/* The three files loaded before it are released again. */
	tmp_dir("booter_unload");
	expect_fail(-ENOENT, "nvidia/ga102/gsp/booter_unload-535.113.01.bin");
}
END_TEST

START_TEST(truncated_elf)
{
	size_t n;
	uint8_t *b = read_real("gsp", &n);

	tmp_dir(NULL);
	tmp_write("gsp", b, 40);
	free(b);
	expect_fail(-EINVAL, "gsp-535.113.01.bin: ELF header at 0x0 (0x40 bytes) is beyond the end of the file (0x28 bytes)");
}
END_TEST

START_TEST(elf_section_beyond_eof)
{
	size_t n;
	uint8_t *b = read_real("gsp", &n);
	uint64_t shoff, off;

	/* Section 1 is .fwimage; sh_offset is at +0x18 in its header. */
	memcpy(&shoff, b + 0x28, 8);
	off = n + 0x1000;
	memcpy(b + shoff + 64 + 0x18, &off, 8);
	tmp_dir(NULL);
	tmp_write("gsp", b, n);
	free(b);
	expect_fail(-EINVAL, "section .fwimage at sh_offset 0x244d620 (sh_size 0x2448000) is beyond the end of the file");
}
END_TEST

START_TEST(elf_wrong_machine)
{
	size_t n;
	uint8_t *b = read_real("gsp", &n);

	b[0x12] = 62;	/* EM_X86_64 */
	tmp_dir(NULL);
	tmp_write("gsp", b, n);
	free(b);
	expect_fail(-EINVAL, "ELF e_machine 62, expected RISC-V (243)");
}
END_TEST

START_TEST(wrong_fwversion)
{
	size_t n;
	uint8_t *b = read_real("gsp", &n);

	ck_assert_int_eq(memcmp(b + 0x2448040, "535.113.01", 11), 0);
	b[0x2448040 + 9] = '2';
	tmp_dir(NULL);
	tmp_write("gsp", b, n);
	free(b);
	expect_fail(-EINVAL, "gsp-535.113.01.bin: firmware version \"535.113.02\" does not match the release 535.113.01 requested (supported: 535.113.01)");
}
END_TEST

START_TEST(bad_bin_magic)
{
	size_t n;
	uint8_t *b = read_real("bootloader", &n);

	ck_assert_uint_eq(get32(b), 0x10de);
	put32(b, 0x10df);
	tmp_dir(NULL);
	tmp_write("bootloader", b, n);
	free(b);
	expect_fail(-EINVAL, "bootloader-535.113.01.bin: nvfw_bin_hdr.bin_magic 0x10df, expected 0x10de");
}
END_TEST

START_TEST(bootloader_payload_beyond_eof)
{
	size_t n;
	uint8_t *b = read_real("bootloader", &n);

	put32(b + 0x14, 0x5001);	/* data_size: one byte past the end */
	tmp_dir(NULL);
	tmp_write("bootloader", b, n);
	free(b);
	expect_fail(-EINVAL, "nvfw_bin_hdr payload data_offset 0x6c data_size 0x5001 is not inside the file");
}
END_TEST

START_TEST(booter_patch_loc_out_of_range)
{
	size_t n;
	uint8_t *b = read_real("booter_load", &n);

	/* nvfw_hs_header_v2.patch_loc (0x33c) holds the location: 0x8410. */
	ck_assert_uint_eq(get32(b + 0x33c), 0x8410);
	put32(b + 0x33c, 0xe500);	/* the signature would end past os data */
	tmp_dir(NULL);
	tmp_write("booter_load", b, n);
	free(b);
	expect_fail(-EINVAL, "booter_load-535.113.01.bin: patch_loc 0xe500 (signature 0x180 bytes) outside the data 0x8400..0xe600");
}
END_TEST

START_TEST(booter_load_header_beyond_eof)
{
	size_t n;
	uint8_t *b = read_real("booter_unload", &n);

	/* nvfw_hs_header_v2.header_offset (at 0x18 + 7 * 4) */
	put32(b + 0x18 + 28, (uint32_t)n - 4);
	tmp_dir(NULL);
	tmp_write("booter_unload", b, n);
	free(b);
	expect_fail(-EINVAL, "booter_unload-535.113.01.bin: nvfw_hs_load_header_v2 (nvfw_hs_header_v2.header_offset) at 0x9a74");
}
END_TEST

Suite *fw_files_suite(void)
{
	Suite *s = suite_create("fw_files");
	TCase *ga = tcase_create("ga102");
	TCase *ad = tcase_create("ad102");

	tcase_add_checked_fixture(ga, setup_ga102, teardown);
	tcase_set_timeout(ga, 60);
	tcase_add_test(ga, real_ga102);
	tcase_add_test(ga, fused_picks_signature);
	tcase_add_test(ga, fuse_too_new);
	tcase_add_test(ga, release_is_idempotent);
	tcase_add_test(ga, missing_gsp);
	tcase_add_test(ga, missing_booter_unload);
	tcase_add_test(ga, truncated_elf);
	tcase_add_test(ga, elf_section_beyond_eof);
	tcase_add_test(ga, elf_wrong_machine);
	tcase_add_test(ga, wrong_fwversion);
	tcase_add_test(ga, bad_bin_magic);
	tcase_add_test(ga, bootloader_payload_beyond_eof);
	tcase_add_test(ga, booter_patch_loc_out_of_range);
	tcase_add_test(ga, booter_load_header_beyond_eof);
	suite_add_tcase(s, ga);

	tcase_add_checked_fixture(ad, setup_ad102, teardown);
	tcase_set_timeout(ad, 60);
	tcase_add_test(ad, real_ad102);
	suite_add_tcase(s, ad);
	return s;
}
