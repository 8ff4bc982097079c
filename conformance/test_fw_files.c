// SPDX-License-Identifier: MIT
/*
 * Firmware file parsing (driver/core/fwfile.c) against the real
 * linux-firmware files of 535.113.01 for GA102, AD102 and GA100, NVIDIA's own
 * 535.261.03 GSP-RM images (gsp_ga10x.bin, gsp_tu10x.bin), the generated
 * files of the test tree (emu/fwgen/mkfw.c: every chip x release, GH100's
 * GSP-FMC included), and damaged copies of them.
 *
 * A real file that is not installed fails the test that needs it with the
 * file's name and the Debian package that ships it; nothing is skipped.
 *
 * The numbers asserted below were read from the installed files with
 * `readelf -S -W` (the GSP-RM ELF) and by decoding nvfw_bin_hdr,
 * RM_RISCV_UCODE_DESC and nvfw_hs_header_v2 / nvfw_hs_load_header_v2 by
 * hand, so a parser that reads the wrong field fails here.
 *
 * No GPU model is needed: the device is a bare kshim PCI device whose BAR0
 * answers only the fuse version registers the booter signature choice
 * reads (docs/hw-fidelity.md "Falcon operations" 4).
 */
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <linux/firmware.h>
#include <linux/pci.h>

#include "nvcore_dev.h"
#include "fw/release.h"
#include "suites.h"

#ifndef NVCORE_FIRMWARE_DIR
#define NVCORE_FIRMWARE_DIR "/lib/firmware"
#endif

#ifndef NVCORE_TEST_FW_DIR
#error "NVCORE_TEST_FW_DIR: the test firmware tree (emu/fwgen, meson test_fw_dir)"
#endif

#define REAL	NVCORE_FIRMWARE_DIR "/nvidia"

/* Debian packages of the real files (protocol.md §4, DESIGN: real files only where public). */
#define PKG_LINUX_FW	"firmware-nvidia-graphics (bookworm-backports)"
#define PKG_NVIDIA_GSP	"firmware-nvidia-gsp (non-free-firmware)"

/* Releases the tests ask fwfile.c for; it reads only ->version. */
static const struct nvcore_fw_release rel_535_113_01 = { .version = "535.113.01" };
static const struct nvcore_fw_release rel_535_261_03 = { .version = "535.261.03" };
static const struct nvcore_fw_release rel_570_144 = { .version = "570.144" };

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

static void dev_setup_rel(const char *chip, const char *family, bool fsp,
			  const struct nvcore_fw_release *rel);

static void dev_setup(const char *chip, const char *family)
{
	dev_setup_rel(chip, family, false, &rel_535_113_01);
}

static void dev_setup_rel(const char *chip, const char *family, bool fsp,
			  const struct nvcore_fw_release *rel)
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
	fx.nd.chip.fsp_boot = fsp;
	fx.nd.release = rel;
}

/* Fail (never skip) when a real firmware file is not installed. */
static void need_real(const char *path, const char *package)
{
	struct stat st;

	ck_assert_msg(stat(path, &st) == 0,
		      "real firmware file %s is not installed (%s); install the Debian package %s",
		      path, strerror(errno), package);
}

/* The files a device of fx.nd's chip loads, in that order. */
static const char *const *dev_files(void)
{
	static const char *const booter[] = { "gsp", "bootloader", "booter_load", "booter_unload", NULL };
	static const char *const fsp[] = { "gsp", "bootloader", "fmc", NULL };

	return fx.nd.chip.fsp_boot ? fsp : booter;
}

/* <root>/<chip>/gsp/<name>-<release>.bin, the layout of both trees. */
static void fw_path(char *buf, size_t len, const char *root, const char *name)
{
	snprintf(buf, len, "%s/%s/gsp/%s-%s.bin", root, fx.nd.chip.name, name,
		 fx.nd.release->version);
}

static void need_linux_fw(void)
{
	char p[256];

	for (const char *const *f = dev_files(); *f; f++) {
		fw_path(p, sizeof(p), REAL, *f);
		need_real(p, PKG_LINUX_FW);
	}
}

static void setup_ga102(void)
{
	dev_setup("ga102", "ga10x");
	need_linux_fw();
}

static void setup_ga100(void)
{
	dev_setup("ga100", "ga100");
	fx.nd.chip.legacy_hs = true;
	need_linux_fw();
}

static void teardown(void)
{
	nvcore_fw_files_release(&fx.nd);
	pci_iounmap(fx.pdev, fx.nd.bar0);
	kshim_pci_remove(fx.pdev);
	if (fx.tmp[0])
		nvh_rm_tree(fx.tmp);
	/* Leaks (a file or buffer not released) and API misuse count here. */
	ck_assert_uint_eq(kshim_fini(), 0);
}

/* ---- damaged copies ------------------------------------------------------ */

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

static void expect_fail(const char *what, int want, const char *msg)
{
	int ret = nvcore_fw_files_load(&fx.nd, false);

	ck_assert_msg(ret == want, "%s: load returned %d, expected %d", what, ret, want);
	ck_assert_msg(kshim_log_contains(msg), "%s: log lacks \"%s\"", what, msg);
	/* A failed load leaves nothing behind. */
	ck_assert_ptr_null(fx.nd.fw.gsp);
	ck_assert_ptr_null(fx.nd.fw.booter_unload);
	ck_assert_ptr_null(fx.nd.fw.fmc);
	ck_assert_ptr_null(fx.nd.fw.fmc_image.data);
	ck_assert_ptr_null(fx.nd.fw.load.patched);
}

/* ---- the real files -------------------------------------------------------- */

/* Offsets of a parsed pointer inside the file it points into. */
#define OFF_IN(fw, p)	((size_t)((const uint8_t *)(p) - (fw)->data))

/* The GSP-RM container as loaded: its size, version, .fwimage at 0x40 and the signature. */
static void check_gsp(size_t size, const char *version, size_t image_size, size_t sig_off)
{
	const struct nvcore_fw_files *f = &fx.nd.fw;

	ck_assert_uint_eq(f->gsp->size, size);
	ck_assert_str_eq(f->version, version);
	ck_assert_uint_eq(OFF_IN(f->gsp, f->image), 0x40);
	ck_assert_uint_eq(f->image_size, image_size);
	ck_assert_uint_eq(OFF_IN(f->gsp, f->signature), sig_off);
	ck_assert_uint_eq(f->signature_size, 0x1000);
}

static void check_booter(const struct firmware *fw, const struct nvcore_falcon_ucode *uc,
			 uint32_t app_size, uint32_t data_off, uint32_t data_size,
			 unsigned int sig_idx)
{
	const uint32_t payload = 0x378, sig_base = 0x3c, sig_size = 0x180;

	/* nvfw_hs_load_header_v2: app[0] = {0x100, app_size}, os data at data_off. */
	ck_assert_uint_eq(OFF_IN(fw, uc->imem), payload + 0x100);
	ck_assert_uint_eq(uc->imem_size, app_size);
	ck_assert_uint_eq(uc->imem_dst, 0);
	ck_assert(!uc->pio);
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

/*
 * The real 535.113.01 files of a GA10x/AD10x chip (ad102's gsp- is a link to
 * ga102's; each has its own signature section), unfused (fuse registers read
 * 0): the last of the 2 booter signatures.
 */
static const struct real_ga10x {
	const char *chip, *family;
	uint32_t sig_off;		/* .fwsignature_<family> in gsp- */
	uint32_t bl_size, bl_code_offset, bl_payload_size;
	struct {
		uint32_t size, app_size, data_off, data_size;
	} load, unload;
} real_ga10x[] = {
	{ "ga102", "ga10x", 0x244b04b, 20588, 0x1800, 0x5000,
	  { 59768, 0x8300, 0x8400, 0x6200 }, { 39544, 0x4900, 0x4a00, 0x4d00 } },
	{ "ad102", "ad10x", 0x244a04b, 32876, 0x4800, 0x8000,
	  { 55928, 0x7600, 0x7700, 0x6000 }, { 39800, 0x4800, 0x4900, 0x4e00 } },
};

START_TEST(real_ga10x_files)
{
	const struct real_ga10x *r = &real_ga10x[_i];
	struct nvcore_fw_files *f = &fx.nd.fw;

	dev_setup(r->chip, r->family);
	need_linux_fw();
	ck_assert_msg(nvcore_fw_files_load(&fx.nd, false) == 0, "%s: load failed", r->chip);

	/* gsp-535.113.01.bin: 38,061,600 bytes of ELF64 RISC-V. */
	check_gsp(38061600, "535.113.01", 0x2448000, r->sig_off);

	/* bootloader: payload at 0x6c; RM_RISCV_UCODE_DESC v5. */
	ck_assert_uint_eq(f->bootloader->size, r->bl_size);
	ck_assert_uint_eq(f->bl_app_version, 0);
	ck_assert_uint_eq(f->bl_manifest_offset, 0);
	ck_assert_uint_eq(f->bl_data_offset, 0x800);
	ck_assert_uint_eq(f->bl_code_offset, r->bl_code_offset);
	ck_assert_uint_eq(OFF_IN(f->bootloader, f->bl_payload), 0x6c);
	ck_assert_uint_eq(f->bl_payload_size, r->bl_payload_size);

	ck_assert_uint_eq(f->booter_load->size, r->load.size);
	check_booter(f->booter_load, &f->load, r->load.app_size, r->load.data_off, r->load.data_size, 1);
	ck_assert_uint_eq(f->booter_unload->size, r->unload.size);
	check_booter(f->booter_unload, &f->unload, r->unload.app_size, r->unload.data_off,
		     r->unload.data_size, 1);
	/* SEC2 (engine mask bit 0), ucode id 3: 0x824140 + (3 - 1) * 4. */
	ck_assert_uint_eq(fx.fuse_read, 0x824148);
}
END_TEST

/*
 * GA100's own 535.113.01 files (nvidia/ga100/gsp/, gsp- a link to tu102's
 * TU10x image).  Decoded by hand: booter_load nvfw_bin_hdr payload at 0x1f8;
 * nvfw_hs_header_v2 at 0x18 = {sig_prod_offset 0x3c, sig_prod_size 0x180,
 * patch_loc @0x1bc -> 0x8300, patch_sig @0x1c0 -> 0, meta @0x1c4 = {fuse_ver
 * 0, engine_id_mask 1, ucode_id 3}, num_sig @0x1d0 -> 1, load header @0x1d4
 * = {os code 0 + 0x100, os data 0x8100 + 0x6400, 1 app {0x100, 0x8000}}};
 * booter_unload the same with payload 0x1f8, patch_loc 0x4900, os data
 * 0x4700 + 0x4f00, app {0x100, 0x4600}.  The fuse registers read 1 here,
 * which the GA10x rule (fuse_ver 0 < fls 1) would refuse: GA100 takes the
 * production signature without reading a fuse (nouveau tu102_gsp_booter_ctor,
 * gm200_flcn_fw_signature) and starts at the OS code.
 */
static void check_ga100_booter(const struct firmware *fw, const struct nvcore_falcon_ucode *uc,
			       uint32_t patch_loc, uint32_t data_off, uint32_t data_size,
			       uint32_t app_size)
{
	const uint32_t payload = 0x1f8, sig_base = 0x3c, sig_size = 0x180;
	const uint32_t in_data = patch_loc - data_off;

	ck_assert_uint_eq(OFF_IN(fw, uc->imem), payload + 0x100);
	ck_assert_uint_eq(uc->imem_size, app_size);
	/* tu102_gsp_booter_ctor: PIO; OS code payload 0 -> IMEM 0, app 0 -> IMEM 0x100. */
	ck_assert(uc->pio);
	ck_assert_uint_eq(OFF_IN(fw, uc->os_code), payload);
	ck_assert_uint_eq(uc->os_code_size, 0x100);
	ck_assert_uint_eq(uc->os_code_dst, 0);
	ck_assert_uint_eq(uc->imem_dst, 0x100);
	ck_assert_uint_eq(uc->boot_vec, 0);
	ck_assert_uint_eq(uc->dmem_size, data_size);
	ck_assert_uint_eq(uc->engine_id_mask, 1);
	ck_assert_uint_eq(uc->ucode_id, 3);
	ck_assert_uint_eq(uc->pkc_offset, in_data);
	ck_assert_int_eq(memcmp(uc->patched, fw->data + payload + data_off, in_data), 0);
	ck_assert_int_eq(memcmp(uc->patched + in_data, fw->data + sig_base, sig_size), 0);
	ck_assert_int_eq(memcmp(uc->patched + in_data + sig_size,
				fw->data + payload + data_off + in_data + sig_size,
				data_size - in_data - sig_size), 0);
}

START_TEST(real_ga100)
{
	struct nvcore_fw_files *f = &fx.nd.fw;

	fx.fuse = 0x1;
	ck_assert_int_eq(nvcore_fw_files_load(&fx.nd, false), 0);

	/* The TU10x image (tu102's file): 23,750,944 bytes, .fwsignature_ga100. */
	check_gsp(23750944, "535.113.01", 0x16a3350, 0x16a339b);

	/* RM_RISCV_UCODE_DESC v4 at 0x18, payload 0x64 (0x1000 bytes), no monitor. */
	ck_assert_uint_eq(f->bootloader->size, 4196);
	ck_assert_uint_eq(OFF_IN(f->bootloader, f->bl_payload), 0x64);
	ck_assert_uint_eq(f->bl_payload_size, 0x1000);
	ck_assert_uint_eq(f->bl_code_offset, 0);
	ck_assert_uint_eq(f->bl_data_offset, 0);

	ck_assert_uint_eq(f->booter_load->size, 59128);
	check_ga100_booter(f->booter_load, &f->load, 0x8300, 0x8100, 0x6400, 0x8000);
	ck_assert_uint_eq(f->booter_unload->size, 38904);
	check_ga100_booter(f->booter_unload, &f->unload, 0x4900, 0x4700, 0x4f00, 0x4600);
	ck_assert_uint_eq(fx.fuse_read, 0);
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
	expect_fail("fuse_too_new", -EINVAL, "no signature for fuse version 0x2");
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

/* ---- helpers for the test tree and NVIDIA's files ------------------------ */

#define NV_GSP_DIR	NVCORE_FIRMWARE_DIR "/nvidia/535.261.03"
#define TREE		NVCORE_TEST_FW_DIR "/nvidia"

static void tree_path(char *buf, size_t len, const char *chip, const char *name, const char *rel)
{
	snprintf(buf, len, TREE "/%s/gsp/%s-%s.bin", chip, name, rel);
}

/* A tree file; a link to a real file that is not installed fails naming both. */
static void need_tree_file(const char *chip, const char *name, const char *rel)
{
	char p[256], target[256];
	struct stat st;
	ssize_t n;

	tree_path(p, sizeof(p), chip, name, rel);
	if (stat(p, &st) == 0)
		return;
	n = readlink(p, target, sizeof(target) - 1);
	ck_assert_msg(n > 0, "%s missing from the test tree: run ninja (target test-fw-tree)", p);
	target[n] = '\0';
	need_real(target, strstr(target, "/535.261.03/") ? PKG_NVIDIA_GSP : PKG_LINUX_FW);
}

/*
 * @path as a private, writable mapping (a test damages its copy; the file
 * stays as it is), *size bytes; give it back with munmap(b, *size).  Not
 * read into the heap: a 36 MiB GSP image filled under MALLOC_PERTURB_ and
 * copied, per damage row, was most of this suite's time.
 */
static uint8_t *map_file(const char *path, size_t *size)
{
	struct stat st;
	uint8_t *buf;
	int fd = open(path, O_RDONLY);

	ck_assert_msg(fd >= 0, "cannot open %s: %s", path, strerror(errno));
	ck_assert_int_eq(fstat(fd, &st), 0);
	ck_assert_msg(st.st_size > 0, "%s is empty", path);
	/* Mapped in one call (tmp_put writes it whole: a fault a page costs more),
	 * read-only while it is, so that only the pages a damage writes are copied. */
	buf = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd, 0);
	ck_assert_msg(buf != MAP_FAILED, "cannot map %s: %s", path, strerror(errno));
	ck_assert_int_eq(mprotect(buf, (size_t)st.st_size, PROT_READ | PROT_WRITE), 0);
	close(fd);
	*size = (size_t)st.st_size;
	return buf;
}

/* A temp firmware dir for fx.nd.chip.name: mkdtemp + nvidia/<chip>/gsp. */
static void tmp_chip_dir(void)
{
	char p[256];

	strcpy(fx.tmp, "/tmp/nvcore-fw-XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(fx.tmp));
	snprintf(p, sizeof(p), "%s/nvidia", fx.tmp);
	ck_assert_int_eq(mkdir(p, 0700), 0);
	snprintf(p, sizeof(p), "%s/nvidia/%s", fx.tmp, fx.nd.chip.name);
	ck_assert_int_eq(mkdir(p, 0700), 0);
	snprintf(p, sizeof(p), "%s/nvidia/%s/gsp", fx.tmp, fx.nd.chip.name);
	ck_assert_int_eq(mkdir(p, 0700), 0);
	kshim_set_firmware_dir(fx.tmp);
}

static void tmp_rel_path(char *buf, size_t len, const char *name)
{
	snprintf(buf, len, "%s/nvidia/%s/gsp/%s-%s.bin", fx.tmp, fx.nd.chip.name, name,
		 fx.nd.release->version);
}

static void tmp_link(const char *name, const char *target)
{
	char p[256];

	tmp_rel_path(p, sizeof(p), name);
	ck_assert_int_eq(symlink(target, p), 0);
}

/* A temp firmware dir linking the device's files under @root, all but @skip. */
static void tmp_fw_dir(const char *root, const char *skip)
{
	char p[256];

	tmp_chip_dir();
	for (const char *const *f = dev_files(); *f; f++) {
		if (strcmp(*f, skip)) {
			fw_path(p, sizeof(p), root, *f);
			tmp_link(*f, p);
		}
	}
}

static void tmp_put(const char *name, const uint8_t *buf, size_t len)
{
	char p[256];
	FILE *f;

	tmp_rel_path(p, sizeof(p), name);
	f = fopen(p, "wb");
	ck_assert_ptr_nonnull(f);
	ck_assert_uint_eq(fwrite(buf, 1, len, f), len);
	fclose(f);
}

/* The section header named @name, found with libc's <elf.h>, not the driver. */
static Elf32_Shdr *shdr32(uint8_t *b, const char *name)
{
	Elf32_Ehdr *eh = (Elf32_Ehdr *)b;
	Elf32_Shdr *sh = (Elf32_Shdr *)(b + eh->e_shoff);
	const char *str = (const char *)b + sh[eh->e_shstrndx].sh_offset;

	for (unsigned int i = 0; i < eh->e_shnum; i++)
		if (!strcmp(str + sh[i].sh_name, name))
			return &sh[i];
	ck_abort_msg("test bug: no section %s", name);
	return NULL;
}

static Elf64_Shdr *shdr64(uint8_t *b, const char *name)
{
	Elf64_Ehdr *eh = (Elf64_Ehdr *)b;
	Elf64_Shdr *sh = (Elf64_Shdr *)(b + eh->e_shoff);
	const char *str = (const char *)b + sh[eh->e_shstrndx].sh_offset;

	for (unsigned int i = 0; i < eh->e_shnum; i++)
		if (!strcmp(str + sh[i].sh_name, name))
			return &sh[i];
	ck_abort_msg("test bug: no section %s", name);
	return NULL;
}

/* ---- NVIDIA's own 535.261.03 GSP-RM images (protocol.md §4.1) --------------------- */

struct sec_want {
	const char *name;
	uint64_t off, size;
};

/*
 * The whole section table, as `readelf -S -W` prints it, read with libc's
 * <elf.h> only from the headers: names, offsets, sizes, all inside the file.
 */
static void check_section_table(const char *path, uint64_t fsize, const struct sec_want *w,
				unsigned int n)
{
	Elf64_Ehdr eh;
	Elf64_Shdr sh[16], *str;
	char names[256];
	int fd = open(path, O_RDONLY);

	ck_assert_msg(fd >= 0, "cannot open %s", path);
	ck_assert_int_eq(pread(fd, &eh, sizeof(eh), 0), (ssize_t)sizeof(eh));
	ck_assert_int_eq(eh.e_machine, EM_RISCV);
	ck_assert_int_eq(eh.e_type, ET_REL);
	ck_assert_int_eq(eh.e_phnum, 0);
	ck_assert_uint_eq(eh.e_shnum, n + 1);
	ck_assert_int_eq(pread(fd, sh, eh.e_shnum * sizeof(sh[0]), eh.e_shoff),
			 (ssize_t)(eh.e_shnum * sizeof(sh[0])));
	ck_assert_uint_le(eh.e_shoff + eh.e_shnum * sizeof(sh[0]), fsize);
	str = &sh[eh.e_shstrndx];
	ck_assert_uint_lt(str->sh_size, sizeof(names));
	ck_assert_int_eq(pread(fd, names, str->sh_size, str->sh_offset), (ssize_t)str->sh_size);
	names[str->sh_size] = '\0';
	close(fd);
	for (unsigned int i = 0; i < n; i++) {
		ck_assert_str_eq(names + sh[i + 1].sh_name, w[i].name);
		ck_assert_msg(sh[i + 1].sh_offset == w[i].off && sh[i + 1].sh_size == w[i].size,
			      "%s: %s at 0x%llx (0x%llx bytes), readelf says 0x%llx (0x%llx)", path,
			      w[i].name, (unsigned long long)sh[i + 1].sh_offset,
			      (unsigned long long)sh[i + 1].sh_size, (unsigned long long)w[i].off,
			      (unsigned long long)w[i].size);
		ck_assert_uint_le(w[i].off + w[i].size, fsize);
	}
}

static const uint8_t sig_head[16] = {
	0x01, 0x00, 0x02, 0x00, 0xc8, 0x08, 0x00, 0x00, 0x0c, 0x00, 0x00, 0x00, 0x01, 0x01, 0x00, 0x00,
};

static const struct {
	const char *chip, *family;
	bool fsp;
	uint64_t sig_off;
} nv_ga10x_users[] = {
	{ "ga102", "ga10x", false, 0x247a04b },
	{ "ad102", "ad10x", false, 0x247904b },
	{ "gh100", "gh100", true, 0x247804b },
};

/* gsp_ga10x.bin serves GA102, AD102 and GH100, each through its own signature. */
START_TEST(nvidia_ga10x_image)
{
	static const struct sec_want table[] = {
		{ ".fwimage", 0x40, 0x2477000 },
		{ ".fwversion", 0x2477040, 0xb },
		{ ".fwsignature_cc_gh100", 0x247704b, 0x1000 },
		{ ".fwsignature_gh100", 0x247804b, 0x1000 },
		{ ".fwsignature_ad10x", 0x247904b, 0x1000 },
		{ ".fwsignature_ga10x", 0x247a04b, 0x1000 },
		{ ".symtab", 0x247b050, 0xf0 },
		{ ".strtab", 0x247b140, 0x1de },
		{ ".shstrtab", 0x247b31e, 0x7e },
	};
	struct nvcore_fw_files *f = &fx.nd.fw;

	dev_setup_rel(nv_ga10x_users[_i].chip, nv_ga10x_users[_i].family, nv_ga10x_users[_i].fsp,
		      &rel_535_261_03);
	need_real(NV_GSP_DIR "/gsp_ga10x.bin", PKG_NVIDIA_GSP);
	check_section_table(NV_GSP_DIR "/gsp_ga10x.bin", 38254112, table, 9);

	kshim_set_firmware_dir(NVCORE_TEST_FW_DIR);
	ck_assert_int_eq(nvcore_fw_files_load(&fx.nd, false), 0);
	check_gsp(38254112, "535.261.03", 0x2477000, nv_ga10x_users[_i].sig_off);
	ck_assert_int_eq(memcmp(f->signature, sig_head, sizeof(sig_head)), 0);
	/* The per-chip set: GH100 has the FMC and no booters. */
	ck_assert_int_eq(!!f->fmc, nv_ga10x_users[_i].fsp);
	ck_assert_int_eq(!f->booter_load, nv_ga10x_users[_i].fsp);
}
END_TEST

/*
 * gsp_tu10x.bin (Turing/GA100) is no chip nvcore boots, but the same
 * parser must read it: its families' signatures, and no GA10x one.
 */
static const struct {
	const char *family;
	uint64_t sig_off;
} nv_tu10x_fams[] = {
	{ "tu10x", 0x16c339b },
	{ "tu11x", 0x16c239b },
	{ "ga100", 0x16c139b },
};

static void tu10x_dir(void)
{
	static const char *const other[] = { "bootloader", "booter_load", "booter_unload" };
	char p[256];

	need_real(NV_GSP_DIR "/gsp_tu10x.bin", PKG_NVIDIA_GSP);
	tmp_chip_dir();
	tmp_link("gsp", NV_GSP_DIR "/gsp_tu10x.bin");
	for (unsigned int i = 0; i < 3; i++) {
		need_tree_file("ga102", other[i], "535.261.03");
		tree_path(p, sizeof(p), "ga102", other[i], "535.261.03");
		tmp_link(other[i], p);
	}
}

START_TEST(nvidia_tu10x_image)
{
	static const struct sec_want table[] = {
		{ ".fwimage", 0x40, 0x16c1350 },
		{ ".fwversion", 0x16c1390, 0xb },
		{ ".fwsignature_ga100", 0x16c139b, 0x1000 },
		{ ".fwsignature_tu11x", 0x16c239b, 0x1000 },
		{ ".fwsignature_tu10x", 0x16c339b, 0x1000 },
		{ ".symtab", 0x16c43a0, 0xd8 },
		{ ".strtab", 0x16c4478, 0x1f9 },
		{ ".shstrtab", 0x16c4671, 0x68 },
	};
	struct nvcore_fw_files *f = &fx.nd.fw;

	dev_setup_rel("tu102", nv_tu10x_fams[_i].family, false, &rel_535_261_03);
	need_real(NV_GSP_DIR "/gsp_tu10x.bin", PKG_NVIDIA_GSP);
	check_section_table(NV_GSP_DIR "/gsp_tu10x.bin", 23873824, table, 8);
	tu10x_dir();
	ck_assert_int_eq(nvcore_fw_files_load(&fx.nd, false), 0);
	check_gsp(23873824, "535.261.03", 0x16c1350, nv_tu10x_fams[_i].sig_off);
	/* .fwimage of gsp_tu10x.bin is itself a RISC-V ELF64 executable. */
	ck_assert_int_eq(memcmp(f->image, ELFMAG, SELFMAG), 0);
	ck_assert_int_eq(memcmp(f->signature, sig_head, sizeof(sig_head)), 0);
}
END_TEST

START_TEST(nvidia_tu10x_has_no_ga10x_signature)
{
	dev_setup_rel("tu102", "ga10x", false, &rel_535_261_03);
	tu10x_dir();
	expect_fail("nvidia_tu10x_has_no_ga10x_signature", -EINVAL, "gsp-535.261.03.bin: no .fwsignature_ga10x section");
}
END_TEST

/* ---- every chip x release of the test tree ------------------------------- */

static const struct combo {
	const char *chip, *family;
	bool fsp;
	const struct nvcore_fw_release *rel;
} combos[] = {
	{ "ga102", "ga10x", false, &rel_535_113_01 },
	{ "ad102", "ad10x", false, &rel_535_113_01 },
	{ "ga102", "ga10x", false, &rel_535_261_03 },
	{ "ad102", "ad10x", false, &rel_535_261_03 },
	{ "gh100", "gh100", true, &rel_535_261_03 },
	{ "ga102", "ga10x", false, &rel_570_144 },
	{ "ad102", "ad10x", false, &rel_570_144 },
	{ "gh100", "gh100", true, &rel_570_144 },
};

/* Offsets mkfw gives the generated files (emu/fwgen/mkfw.c header comment). */
#define GEN_IMAGE_SIZE		0x60000
#define GEN_FMC_HASH_OFF	0x34
#define GEN_FMC_SIG_OFF		0x64
#define GEN_FMC_KEY_OFF		0x1e4
#define GEN_FMC_IMAGE_OFF	0x364
#define GEN_FMC_IMAGE_SIZE	0x10000

START_TEST(tree_loads)
{
	const struct combo *c = &combos[_i];
	const char *rel = c->rel->version;
	struct nvcore_fw_files *f = &fx.nd.fw;
	bool real_gsp = strcmp(rel, "570.144") != 0;
	bool real_rest = !strcmp(rel, "535.113.01");

	dev_setup_rel(c->chip, c->family, c->fsp, c->rel);
	need_tree_file(c->chip, "gsp", rel);
	need_tree_file(c->chip, "bootloader", rel);
	need_tree_file(c->chip, c->fsp ? "fmc" : "booter_load", rel);
	kshim_set_firmware_dir(NVCORE_TEST_FW_DIR);

	ck_assert_int_eq(nvcore_fw_files_load(&fx.nd, false), 0);
	ck_assert_str_eq(f->version, rel);
	ck_assert_uint_eq(OFF_IN(f->gsp, f->image), 0x40);
	ck_assert_uint_eq(f->signature_size, 0x1000);
	ck_assert_int_eq(memcmp(f->signature, sig_head, sizeof(sig_head)), 0);
	if (!real_gsp)
		ck_assert_uint_eq(f->image_size, GEN_IMAGE_SIZE);

	if (!real_rest) {
		/* Generated bootloader: distinct non-zero offsets, appVersion set. */
		ck_assert_uint_ne(f->bl_app_version, 0);
		ck_assert_uint_eq(f->bl_code_offset, 0x1000);
		ck_assert_uint_eq(f->bl_data_offset, 0x3000);
		ck_assert_uint_eq(f->bl_manifest_offset, 0x3800);
		ck_assert_uint_eq(OFF_IN(f->bootloader, f->bl_payload), 0x6c);
		ck_assert_uint_eq(f->bl_payload_size, 0x5000);
	}

	if (c->fsp) {
		ck_assert_ptr_null(f->booter_load);
		ck_assert_ptr_null(f->booter_unload);
		ck_assert_ptr_null(f->load.patched);
		ck_assert_ptr_nonnull(f->fmc);
		ck_assert_uint_eq(OFF_IN(f->fmc, f->fmc_hash.data), GEN_FMC_HASH_OFF);
		ck_assert_uint_eq(f->fmc_hash.size, 48);
		ck_assert_uint_eq(OFF_IN(f->fmc, f->fmc_sig.data), GEN_FMC_SIG_OFF);
		ck_assert_uint_eq(f->fmc_sig.size, 384);
		ck_assert_uint_eq(OFF_IN(f->fmc, f->fmc_pubkey.data), GEN_FMC_KEY_OFF);
		ck_assert_uint_eq(f->fmc_pubkey.size, 384);
		ck_assert_uint_eq(OFF_IN(f->fmc, f->fmc_image.data), GEN_FMC_IMAGE_OFF);
		ck_assert_uint_eq(f->fmc_image.size, GEN_FMC_IMAGE_SIZE);
	} else {
		ck_assert_ptr_null(f->fmc);
		ck_assert_ptr_null(f->fmc_image.data);
		ck_assert_ptr_nonnull(f->load.patched);
		ck_assert_ptr_nonnull(f->unload.patched);
		if (!real_rest) {
			/* Unfused: the last of 2 signatures, SEC2, ucode id 3. */
			const uint8_t *sigs = f->booter_load->data + 0x3c;

			ck_assert_uint_eq(f->load.imem_size, 0x2000);
			ck_assert_uint_eq(f->load.boot_vec, 0x100);
			ck_assert_uint_eq(f->load.dmem_size, 0x1000);
			ck_assert_uint_eq(f->load.pkc_offset, 0x10);
			ck_assert_uint_eq(f->load.engine_id_mask, 1);
			ck_assert_uint_eq(f->load.ucode_id, 3);
			ck_assert_int_eq(memcmp(f->load.patched + 0x10, sigs + 0x180, 0x180), 0);
			ck_assert_uint_eq(f->unload.imem_size, 0x1800);
			ck_assert_uint_eq(f->unload.dmem_size, 0xc00);
			ck_assert_int_eq(memcmp(f->load.imem, f->unload.imem, 0x100) != 0, 1);
		}
	}
}
END_TEST

/* ---- missing and damaged files: one row per way of breaking one ---------- */

/*
 * A row breaks one of the device's files in a temp firmware dir that links
 * the others. @damage edits a copy of the file (it may shorten it through
 * @n) and returns a message that depends on the file's contents, or NULL;
 * @section (an ELF32 file's) gets the size @sh_size; with neither, the file
 * is left out. The load must fail with @err and log @msg and the returned
 * message, whichever are set.
 */
struct damage {
	const char *name;
	const char *file;
	const char *(*damage)(uint8_t *b, size_t *n);
	int err;
	const char *msg;
	const char *section;
	uint32_t sh_size;
};

/* Messages that depend on the file read (one row at a time). */
static char want[256];

static const char *cut_40(uint8_t *b, size_t *n)
{
	*n = 40;
	return NULL;
}

static const char *gsp_section_beyond_eof(uint8_t *b, size_t *n)
{
	uint64_t shoff, off;

	/* Section 1 is .fwimage; sh_offset is at +0x18 in its header. */
	memcpy(&shoff, b + 0x28, 8);
	off = *n + 0x1000;
	memcpy(b + shoff + 64 + 0x18, &off, 8);
	return NULL;
}

static const char *gsp_wrong_machine(uint8_t *b, size_t *n)
{
	b[0x12] = 62;	/* EM_X86_64 */
	return NULL;
}

static const char *gsp_wrong_version(uint8_t *b, size_t *n)
{
	ck_assert_int_eq(memcmp(b + 0x2448040, "535.113.01", 11), 0);
	b[0x2448040 + 9] = '2';
	return NULL;
}

/*
 * GA102's gsp-535.113.01.bin (readelf -h -S): e_shoff 0x244c3a0 at 0x28,
 * e_shentsize 64 / e_shnum 10 / e_shstrndx 9 at 0x3a/0x3c/0x3e; section 1
 * .fwimage, 6 .fwsignature_ga10x, 9 .shstrtab (0x7e bytes); sh_offset at
 * +0x18 and sh_size at +0x20 of a 64-byte section header.
 */
static uint8_t *gsp_shdr(uint8_t *b, unsigned int i)
{
	uint64_t shoff;

	memcpy(&shoff, b + 0x28, 8);
	ck_assert_uint_eq(shoff, 0x244c3a0);
	return b + shoff + 64 * i;
}

static const char *gsp_shstrndx_out_of_range(uint8_t *b, size_t *n)
{
	const uint16_t ten = 10;

	memcpy(b + 0x3e, &ten, 2);	/* sections are 0..9 */
	return NULL;
}

static const char *gsp_shentsize_wrong(uint8_t *b, size_t *n)
{
	const uint16_t elf32 = 40;	/* sizeof(Elf32_Shdr) in an ELF64 file */

	memcpy(b + 0x3a, &elf32, 2);
	return NULL;
}

static const char *gsp_shoff_beyond_eof(uint8_t *b, size_t *n)
{
	uint64_t shoff = *n - 0x240;	/* 10 headers need 0x280 bytes */

	memcpy(b + 0x28, &shoff, 8);
	snprintf(want, sizeof(want),
		 "gsp-535.113.01.bin: ELF e_shoff 0x%llx (10 sections) is beyond the end of the file (0x%zx bytes)",
		 (unsigned long long)shoff, *n);
	return want;
}

static const char *gsp_names_beyond_eof(uint8_t *b, size_t *n)
{
	uint64_t off = *n - 0x10;	/* 0x7e bytes from there */

	memcpy(gsp_shdr(b, 9) + 0x18, &off, 8);
	snprintf(want, sizeof(want),
		 "gsp-535.113.01.bin: ELF section name table at 0x%llx (0x7e bytes) is beyond the end of the file (0x%zx bytes)",
		 (unsigned long long)off, *n);
	return want;
}

static const char *gsp_fwimage_empty(uint8_t *b, size_t *n)
{
	memset(gsp_shdr(b, 1) + 0x20, 0, 8);
	return NULL;
}

static const char *gsp_signature_empty(uint8_t *b, size_t *n)
{
	memset(gsp_shdr(b, 6) + 0x20, 0, 8);
	return NULL;
}

static const char *bin_bad_magic(uint8_t *b, size_t *n)
{
	ck_assert_uint_eq(get32(b), 0x10de);
	put32(b, 0x10df);
	return NULL;
}

static const char *bin_payload_beyond_eof(uint8_t *b, size_t *n)
{
	put32(b + 0x14, 0x5001);	/* data_size: one byte past the end */
	return NULL;
}

/*
 * GA102's bootloader (decoded by hand): nvfw_bin_hdr.header_offset 0x18, a
 * 0x5000-byte payload; RM_RISCV_UCODE_DESC there has manifestOffset 0 /
 * manifestSize 0x800 at 0x38/0x3c, monitorDataOffset 0x800 / size 0x1000
 * at 0x40/0x44, monitorCodeOffset 0x1800 / size 0x2500 at 0x48/0x4c.
 * Each of these moves one region's end one byte past the payload.
 */
static const char *bl_manifest_beyond_payload(uint8_t *b, size_t *n)
{
	ck_assert_uint_eq(get32(b + 0x3c), 0x800);
	put32(b + 0x38, 0x4801);
	return NULL;
}

static const char *bl_manifest_wraps(uint8_t *b, size_t *n)
{
	put32(b + 0x38, 0xfffffc00);	/* + 0x800 wraps past 32 bits */
	return NULL;
}

static const char *bl_monitor_data_beyond_payload(uint8_t *b, size_t *n)
{
	ck_assert_uint_eq(get32(b + 0x40), 0x800);
	put32(b + 0x44, 0x4801);
	return NULL;
}

static const char *bl_monitor_code_beyond_payload(uint8_t *b, size_t *n)
{
	ck_assert_uint_eq(get32(b + 0x48), 0x1800);
	put32(b + 0x4c, 0x3801);
	return NULL;
}

static const char *booter_patch_loc_out_of_range(uint8_t *b, size_t *n)
{
	/* nvfw_hs_header_v2.patch_loc (0x33c) holds the location: 0x8410. */
	ck_assert_uint_eq(get32(b + 0x33c), 0x8410);
	put32(b + 0x33c, 0xe500);	/* the signature would end past os data */
	return NULL;
}

static const char *booter_load_header_beyond_eof(uint8_t *b, size_t *n)
{
	/* nvfw_hs_header_v2.header_offset (at 0x18 + 7 * 4) */
	put32(b + 0x18 + 28, (uint32_t)*n - 4);
	return NULL;
}

/*
 * nvfw_hs_header_v2 at 0x18 of GA102's booters (decoded by hand):
 * sig_prod_size 0x300 at 0x1c for the 2 signatures num_sig points at; the
 * load header at 0x354, num_apps 1 at 0x364, app[0] = {0x100, size} at 0x368.
 */
static const char *booter_sig_size_not_rsa3k(uint8_t *b, size_t *n)
{
	ck_assert_uint_eq(get32(b + 0x1c), 0x300);
	put32(b + 0x1c, 0x200);		/* two 256-byte signatures */
	return NULL;
}

static const char *booter_num_apps_huge(uint8_t *b, size_t *n)
{
	ck_assert_uint_eq(get32(b + 0x364), 1);
	put32(b + 0x364, 0xffffffff);
	return NULL;
}

/* A damage that changes the u32 at @off of the file from @was to @val. */
#define POKE32(fn, off, was, val)					\
	static const char *fn(uint8_t *b, size_t *n)			\
	{								\
		ck_assert_uint_eq(get32(b + (off)), (was));		\
		put32(b + (off), (val));				\
		return NULL;						\
	}

/*
 * More of GA102's booter_load (59768 = 0xe978 bytes, payload 0xe600 bytes):
 * nvfw_hs_header_v2 sig_prod_offset 0x3c at 0x18, meta_data_size 0xc at
 * 0x2c, the num_sig word (2) at 0x350; the meta data {fuse_ver 1,
 * engine_id_mask 1, ucode_id 3} at 0x344; the load header os_data_offset
 * 0x8400 / os_data_size 0x6200 at 0x35c/0x360, app[0].size 0x8300 at 0x36c.
 */
POKE32(booter_meta_data_short, 0x2c, 0xc, 0x8)
POKE32(booter_num_apps_zero, 0x364, 1, 0)
POKE32(booter_app0_empty, 0x36c, 0x8300, 0)
POKE32(booter_app0_beyond_payload, 0x36c, 0x8300, 0xe501)
POKE32(booter_os_data_empty, 0x360, 0x6200, 0)
POKE32(booter_os_data_beyond_payload, 0x360, 0x6200, 0x6201)

/* No signatures and a size of 0 that fits them: only num_sig itself says so. */
static const char *booter_num_sig_zero(uint8_t *b, size_t *n)
{
	ck_assert_uint_eq(get32(b + 0x350), 2);
	put32(b + 0x350, 0);
	put32(b + 0x1c, 0);	/* sig_prod_size */
	return NULL;
}

POKE32(booter_signatures_beyond_eof, 0x18, 0x3c, 0xe679)
POKE32(booter_engine_id_mask_too_wide, 0x348, 1, 0x10000)
POKE32(booter_ucode_id_too_wide, 0x34c, 3, 0x100)

static const char *booter_app0_tag_unaligned(uint8_t *b, size_t *n)
{
	ck_assert_uint_eq(get32(b + 0x368), 0x100);
	put32(b + 0x368, 0x180);	/* an IMEM tag inside a 256-byte block */
	return NULL;
}

/* The real 535.113.01 files of GA102. */
static const struct damage ga102_damage[] = {
	/* The three files loaded before it are released again. */
	{ "missing_gsp", "gsp", NULL, -ENOENT, "nvidia/ga102/gsp/gsp-535.113.01.bin" },
	{ "missing_booter_unload", "booter_unload", NULL, -ENOENT,
	  "nvidia/ga102/gsp/booter_unload-535.113.01.bin" },
	{ "truncated_elf", "gsp", cut_40, -EINVAL,
	  "gsp-535.113.01.bin: ELF header at 0x0 (0x40 bytes) is beyond the end of the file (0x28 bytes)" },
	{ "elf_section_beyond_eof", "gsp", gsp_section_beyond_eof, -EINVAL,
	  "section .fwimage at sh_offset 0x244d620 (sh_size 0x2448000) is beyond the end of the file" },
	{ "elf_wrong_machine", "gsp", gsp_wrong_machine, -EINVAL,
	  "ELF e_machine 62, expected RISC-V (243)" },
	{ "elf_shstrndx_out_of_range", "gsp", gsp_shstrndx_out_of_range, -EINVAL,
	  "gsp-535.113.01.bin: bad ELF section table (e_shentsize 64, e_shnum 10, e_shstrndx 10)" },
	{ "elf_shentsize_wrong", "gsp", gsp_shentsize_wrong, -EINVAL,
	  "gsp-535.113.01.bin: bad ELF section table (e_shentsize 40, e_shnum 0, e_shstrndx 9)" },
	{ "elf_shoff_beyond_eof", "gsp", gsp_shoff_beyond_eof, -EINVAL, NULL },
	{ "elf_names_beyond_eof", "gsp", gsp_names_beyond_eof, -EINVAL, NULL },
	{ "fwimage_empty", "gsp", gsp_fwimage_empty, -EINVAL,
	  "gsp-535.113.01.bin: section .fwimage is empty" },
	{ "signature_empty", "gsp", gsp_signature_empty, -EINVAL,
	  "gsp-535.113.01.bin: section .fwsignature_ga10x is empty" },
	{ "wrong_fwversion", "gsp", gsp_wrong_version, -EINVAL,
	  "gsp-535.113.01.bin: firmware version \"535.113.02\" does not match the release 535.113.01 requested (supported: 570.144, 535.261.03, 535.113.01)" },
	{ "bad_bin_magic", "bootloader", bin_bad_magic, -EINVAL,
	  "bootloader-535.113.01.bin: nvfw_bin_hdr.bin_magic 0x10df, expected 0x10de" },
	{ "bootloader_payload_beyond_eof", "bootloader", bin_payload_beyond_eof, -EINVAL,
	  "nvfw_bin_hdr payload data_offset 0x6c data_size 0x5001 is not inside the file" },
	{ "bootloader_manifest_beyond_payload", "bootloader", bl_manifest_beyond_payload, -EINVAL,
	  "bootloader-535.113.01.bin: manifestOffset 0x4801 (size 0x800) outside the payload (0x5000 bytes)" },
	{ "bootloader_manifest_wraps", "bootloader", bl_manifest_wraps, -EINVAL,
	  "bootloader-535.113.01.bin: manifestOffset 0xfffffc00 (size 0x800) outside the payload (0x5000 bytes)" },
	{ "bootloader_monitor_data_beyond_payload", "bootloader", bl_monitor_data_beyond_payload, -EINVAL,
	  "bootloader-535.113.01.bin: monitorDataOffset 0x800 (size 0x4801) outside the payload (0x5000 bytes)" },
	{ "bootloader_monitor_code_beyond_payload", "bootloader", bl_monitor_code_beyond_payload, -EINVAL,
	  "bootloader-535.113.01.bin: monitorCodeOffset 0x1800 (size 0x3801) outside the payload (0x5000 bytes)" },
	{ "booter_patch_loc_out_of_range", "booter_load", booter_patch_loc_out_of_range, -EINVAL,
	  "booter_load-535.113.01.bin: patch_loc 0xe500 (signature 0x180 bytes) outside the data 0x8400..0xe600" },
	{ "booter_load_header_beyond_eof", "booter_unload", booter_load_header_beyond_eof, -EINVAL,
	  "booter_unload-535.113.01.bin: nvfw_hs_load_header_v2 (nvfw_hs_header_v2.header_offset) at 0x9a74" },
	{ "booter_sig_size_not_rsa3k", "booter_load", booter_sig_size_not_rsa3k, -EINVAL,
	  "booter_load-535.113.01.bin: sig_prod_size 0x200 for num_sig 2: expected 2 signatures of 0x180 bytes (RSA-3K)" },
	{ "booter_num_apps_huge", "booter_load", booter_num_apps_huge, -EINVAL,
	  "booter_load-535.113.01.bin: nvfw_hs_load_header_v2.num_apps 4294967295: the app table at 0x368 is beyond the end of the file (0xe978 bytes)" },
	{ "booter_meta_data_short", "booter_load", booter_meta_data_short, -EINVAL,
	  "booter_load-535.113.01.bin: nvfw_hs_header_v2.meta_data_size 0x8, expected at least 0xc" },
	{ "booter_num_apps_zero", "booter_load", booter_num_apps_zero, -EINVAL,
	  "booter_load-535.113.01.bin: nvfw_hs_load_header_v2.num_apps is 0" },
	{ "booter_app0_empty", "booter_load", booter_app0_empty, -EINVAL,
	  "booter_load-535.113.01.bin: app[0] offset 0x100 size 0x0 outside the payload (0xe600 bytes)" },
	{ "booter_app0_beyond_payload", "booter_load", booter_app0_beyond_payload, -EINVAL,
	  "booter_load-535.113.01.bin: app[0] offset 0x100 size 0xe501 outside the payload (0xe600 bytes)" },
	{ "booter_os_data_empty", "booter_load", booter_os_data_empty, -EINVAL,
	  "booter_load-535.113.01.bin: os_data_offset 0x8400 os_data_size 0x0 outside the payload (0xe600 bytes)" },
	{ "booter_os_data_beyond_payload", "booter_load", booter_os_data_beyond_payload, -EINVAL,
	  "booter_load-535.113.01.bin: os_data_offset 0x8400 os_data_size 0x6201 outside the payload (0xe600 bytes)" },
	{ "booter_num_sig_zero", "booter_load", booter_num_sig_zero, -EINVAL,
	  "booter_load-535.113.01.bin: sig_prod_size 0x0 for num_sig 0: expected 0 signatures of 0x180 bytes (RSA-3K)" },
	/* 0xe679 + 0x300 = 0xe979: one byte past the end. */
	{ "booter_signatures_beyond_eof", "booter_load", booter_signatures_beyond_eof, -EINVAL,
	  "booter_load-535.113.01.bin: signatures at sig_prod_offset 0xe679 + patch_sig 0x0 (0x300 bytes) are beyond the end of the file (0xe978 bytes)" },
	/* What the boot ROM registers hold: BROM_ENGIDMASK 16 bits, BROM_CURR_UCODE_ID 7:0. */
	{ "booter_engine_id_mask_too_wide", "booter_load", booter_engine_id_mask_too_wide, -EINVAL,
	  "booter_load-535.113.01.bin: engine_id_mask 0x10000 / ucode_id 0x3 out of range" },
	{ "booter_ucode_id_too_wide", "booter_load", booter_ucode_id_too_wide, -EINVAL,
	  "booter_load-535.113.01.bin: engine_id_mask 0x1 / ucode_id 0x100 out of range" },
	/* Found at probe, not when booter_unload runs at unload. */
	{ "booter_unload_layout_at_probe", "booter_unload", booter_app0_tag_unaligned, -EINVAL,
	  "booter_unload-535.113.01.bin: bad ucode layout (IMEM tag 0x180, code 0x4900 bytes, data 0x4d00 bytes)" },
};

/* ---- GH100: the GSP-FMC and damaged copies of it ---------------------------- */

static const char *fmc_truncated(uint8_t *b, size_t *n)
{
	*n = 0x1000;
	snprintf(want, sizeof(want),
		 "fmc-570.144.bin: ELF e_shoff 0x%x (6 sections) is beyond the end of the file (0x1000 bytes)",
		 ((Elf32_Ehdr *)b)->e_shoff);
	return want;
}

static const char *fmc_elf64(uint8_t *b, size_t *n)
{
	b[EI_CLASS] = ELFCLASS64;
	return NULL;
}

static const char *fmc_image_bit_flip(uint8_t *b, size_t *n)
{
	Elf32_Shdr *sh = shdr32(b, "image");

	b[sh->sh_offset + 0x123] ^= 0x40;
	snprintf(want, sizeof(want), "sh_info expects 0x%08x", sh->sh_info);
	return want;
}

static const char *fmc_rename_publickey(uint8_t *b, size_t *n)
{
	Elf32_Ehdr *eh = (Elf32_Ehdr *)b;
	Elf32_Shdr *str = (Elf32_Shdr *)(b + eh->e_shoff) + eh->e_shstrndx;
	char *key = NULL;

	for (size_t i = 0; i + 10 <= str->sh_size && !key; i++)
		if (!memcmp(b + str->sh_offset + i, "publickey", 10))
			key = (char *)b + str->sh_offset + i;
	ck_assert_ptr_nonnull(key);
	key[8] = 'z';
	return NULL;
}

static const char *fmc_signature_beyond_eof(uint8_t *b, size_t *n)
{
	shdr32(b, "signature")->sh_offset = (uint32_t)*n - 0x100;
	snprintf(want, sizeof(want),
		 "fmc-570.144.bin: section signature at sh_offset 0x%zx (sh_size 0x180) is beyond the end of the file (0x%zx bytes)",
		 *n - 0x100, *n);
	return want;
}

/* The message names every supported release. */
static const char *gsp_version_570_145(uint8_t *b, size_t *n)
{
	Elf64_Shdr *sh = shdr64(b, ".fwversion");
	size_t len;

	ck_assert_int_eq(memcmp(b + sh->sh_offset, "570.144", 8), 0);
	b[sh->sh_offset + 6] = '5';
	len = snprintf(want, sizeof(want),
		       "gsp-570.144.bin: firmware version \"570.145\" does not match the release 570.144 requested (supported: ");
	for (unsigned int i = 0; i < nvcore_fw_num_releases; i++)
		len += snprintf(want + len, sizeof(want) - len, "%s%s", i ? ", " : "",
				nvcore_fw_releases[i]->version);
	snprintf(want + len, sizeof(want) - len, ")");
	return want;
}

/*
 * .fwversion 32 bytes without a NUL (its first 32 bytes of .fwimage made
 * '5's): the driver keeps the version in 32 bytes with its NUL (hw.h), so
 * at most 31 characters fit.
 */
static const char *gsp_version_too_long(uint8_t *b, size_t *n)
{
	Elf64_Shdr *sh = shdr64(b, ".fwversion"), *img = shdr64(b, ".fwimage");

	memset(b + img->sh_offset, '5', 32);
	sh->sh_offset = img->sh_offset;
	sh->sh_size = 32;
	return NULL;
}

/* The generated 570.144 files of GH100 in the test tree. */
static const struct damage gh100_damage[] = {
	/* gsp and bootloader were loaded first and are released again. */
	{ "fmc_missing_file", "fmc", NULL, -ENOENT, "nvidia/gh100/gsp/fmc-570.144.bin" },
	{ "fmc_truncated", "fmc", fmc_truncated, -EINVAL, NULL },
	{ "fmc_short_header", "fmc", cut_40, -EINVAL,
	  "fmc-570.144.bin: ELF header at 0x0 (0x34 bytes) is beyond the end of the file (0x28 bytes)" },
	{ "fmc_not_elf32", "fmc", fmc_elf64, -EINVAL, "fmc-570.144.bin: not a little-endian ELF32 file" },
	{ "fmc_hash_wrong_size", "fmc", NULL, -EINVAL,
	  "fmc-570.144.bin: section hash is 0x2f bytes, expected 0x30 (SHA-384 hash)", "hash", 47 },
	{ "fmc_pubkey_wrong_size", "fmc", NULL, -EINVAL,
	  "fmc-570.144.bin: section publickey is 0x200 bytes, expected 0x180 (RSA-3K public key)",
	  "publickey", 0x200 },
	{ "fmc_signature_wrong_size", "fmc", NULL, -EINVAL,
	  "fmc-570.144.bin: section signature is 0x100 bytes, expected 0x180 (RSA-3K signature)",
	  "signature", 0x100 },
	{ "fmc_image_empty", "fmc", NULL, -EINVAL,
	  "fmc-570.144.bin: section image is 0x0 bytes, expected more than 0x0 (GSP-FMC image)", "image", 0 },
	{ "fmc_bad_crc", "fmc", fmc_image_bit_flip, -EINVAL,
	  "fmc-570.144.bin: section image CRC32 is 0x" },
	{ "fmc_missing_section", "fmc", fmc_rename_publickey, -EINVAL,
	  "fmc-570.144.bin: no publickey section" },
	{ "fmc_section_beyond_eof", "fmc", fmc_signature_beyond_eof, -EINVAL, NULL },
	{ "version_mismatch_names_supported", "gsp", gsp_version_570_145, -EINVAL, NULL },
	{ "fwversion_too_long", "gsp", gsp_version_too_long, -EINVAL,
	  "gsp-570.144.bin: .fwversion is 32 bytes long, expected a short version string" },
};

static void run_damage(const struct damage *d, const char *root)
{
	const char *extra = NULL;
	char p[256];
	size_t n, len;
	uint8_t *b;

	tmp_fw_dir(root, d->file);
	if (d->damage || d->section) {
		fw_path(p, sizeof(p), root, d->file);
		b = map_file(p, &len);
		n = len;	/* a damage may cut the file */
		if (d->damage)
			extra = d->damage(b, &n);
		else
			shdr32(b, d->section)->sh_size = d->sh_size;
		tmp_put(d->file, b, n);
		munmap(b, len);
	}
	expect_fail(d->name, d->err, d->msg ? d->msg : extra);
	if (d->msg && extra)
		ck_assert_msg(kshim_log_contains(extra), "%s: log lacks \"%s\"", d->name, extra);
}

START_TEST(damaged_ga102)
{
	run_damage(&ga102_damage[_i], REAL);
}
END_TEST

static void setup_gh100(void)
{
	dev_setup_rel("gh100", "gh100", true, &rel_570_144);
	need_tree_file("gh100", "fmc", "570.144");
}

START_TEST(damaged_gh100)
{
	run_damage(&gh100_damage[_i], TREE);
}
END_TEST

START_TEST(fmc_zero_sh_info_is_unchecked)
{
	char p[256];
	size_t n;
	uint8_t *b;
	Elf32_Shdr *sh;

	tmp_fw_dir(TREE, "fmc");
	fw_path(p, sizeof(p), TREE, "fmc");
	b = map_file(p, &n);
	sh = shdr32(b, "image");
	b[sh->sh_offset + 0x123] ^= 0x40;
	sh->sh_info = 0;
	tmp_put("fmc", b, n);
	ck_assert_int_eq(nvcore_fw_files_load(&fx.nd, false), 0);
	ck_assert_uint_eq(fx.nd.fw.fmc_image.data[0x123], b[sh->sh_offset + 0x123]);
	munmap(b, n);
}
END_TEST

START_TEST(try_missing_gsp_is_silent)
{
	tmp_fw_dir(TREE, "gsp");
	kshim_log_clear();
	ck_assert_int_eq(nvcore_fw_files_load(&fx.nd, true), -ENOENT);
	ck_assert(!kshim_log_contains("gsp-570.144.bin"));
	ck_assert_ptr_null(fx.nd.fw.gsp);
}
END_TEST


Suite *fw_files_suite(void)
{
	Suite *s = suite_create("fw_files");
	TCase *ga = tcase_create("ga102");
	TCase *ga10x = tcase_create("ga10x");
	TCase *a100 = tcase_create("ga100");
	TCase *nv = tcase_create("nvidia_535_261_03");
	TCase *tree = tcase_create("tree");
	TCase *gh = tcase_create("gh100_fmc");

	tcase_add_checked_fixture(ga, setup_ga102, teardown);
	tcase_set_timeout(ga, 60);
	tcase_add_test(ga, fused_picks_signature);
	tcase_add_test(ga, fuse_too_new);
	tcase_add_test(ga, release_is_idempotent);
	tcase_add_loop_test(ga, damaged_ga102, 0, ARRAY_SIZE(ga102_damage));
	suite_add_tcase(s, ga);

	tcase_add_checked_fixture(a100, setup_ga100, teardown);
	tcase_set_timeout(a100, 60);
	tcase_add_test(a100, real_ga100);
	suite_add_tcase(s, a100);

	/* Each test sets its device up itself (chip from a table). */
	tcase_add_checked_fixture(ga10x, NULL, teardown);
	tcase_set_timeout(ga10x, 60);
	tcase_add_loop_test(ga10x, real_ga10x_files, 0, ARRAY_SIZE(real_ga10x));
	suite_add_tcase(s, ga10x);

	/* Each test sets its device up itself (chip, release from a table). */
	tcase_add_checked_fixture(nv, NULL, teardown);
	tcase_set_timeout(nv, 60);
	tcase_add_loop_test(nv, nvidia_ga10x_image, 0, ARRAY_SIZE(nv_ga10x_users));
	tcase_add_loop_test(nv, nvidia_tu10x_image, 0, ARRAY_SIZE(nv_tu10x_fams));
	tcase_add_test(nv, nvidia_tu10x_has_no_ga10x_signature);
	suite_add_tcase(s, nv);

	tcase_add_checked_fixture(tree, NULL, teardown);
	tcase_set_timeout(tree, 60);
	tcase_add_loop_test(tree, tree_loads, 0, ARRAY_SIZE(combos));
	suite_add_tcase(s, tree);

	tcase_add_checked_fixture(gh, setup_gh100, teardown);
	tcase_set_timeout(gh, 60);
	tcase_add_loop_test(gh, damaged_gh100, 0, ARRAY_SIZE(gh100_damage));
	tcase_add_test(gh, fmc_zero_sh_info_is_unchecked);
	tcase_add_test(gh, try_missing_gsp_is_silent);
	suite_add_tcase(s, gh);
	return s;
}
