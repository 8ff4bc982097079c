/* SPDX-License-Identifier: MIT */
/*
 * mkfw: write GSP firmware files in the real formats (docs/protocol.md
 * §4 and §3.6), for the chip x release combinations that have no public
 * files, and assemble the test firmware tree the suites load from.
 *
 * Usage:
 *   mkfw --chip CHIP --release REL --file NAME -o OUT FWFILES...
 *       one file; CHIP ga102..ga107|ad102..ad107|gh100 (a die's files are
 *       its family's: ga103 gives ga102's bytes), REL a release FWFILES
 *       names, NAME gsp|bootloader|booter_load|booter_unload (GA10x, AD10x)
 *       or gsp|bootloader|fmc (gh100)
 *   mkfw --tree DIR --firmware-dir REAL [--stamp FILE] FWFILES...
 *       the whole test tree DIR/nvidia/<chip>/gsp/<name>-<rel>.bin, and
 *       DIR/nvidia/vgpu-<rel>.bin for each release with a "vgpu" row
 *   mkfw --help
 * The same arguments always give the same bytes.
 *
 * FWFILES are the releases' emu/gsp-model/fw/<release>/fwfiles.tsv (meson
 * passes one per fw_releases entry); the release is the file's folder name.
 * Each says where the test tree's files of its release come from: after
 * '#' comment lines, the header "chips<TAB>file<TAB>source", then rows
 *
 *   chips   a die (ga103), a family (ga10x, ad10x, gh100, ga100) or *
 *   file    gsp, bootloader, booter_load, booter_unload, fmc or *; or
 *           vgpu (chips *, source generated): the release has the vGPU
 *           metadata file (only such a row gives it, * does not)
 *   source  a path under REAL, <chip>, <file> and <rel> filled in: the
 *           tree's file is a symlink to the real one;
 *           "generated": mkfw writes it (a die that loads its family's
 *           files gets a link to the family's first die's, as
 *           linux-firmware ships them; GA100 gets nothing, since it has
 *           only its public files); or
 *           "none": the release has no such file (refused by design).
 *
 * The first row matching a chip's file counts; a file no row matches stops
 * mkfw, naming it.  A real file that is not installed leaves a dangling
 * symlink: the build goes on and the tests that need the file say which
 * file and package.
 *
 * What the generated files hold (all other bytes pseudo-random from a seed
 * derived from chip, release and file name, so byte-exact checks mean
 * something):
 *
 *   gsp-<rel>.bin  ELF64 EM_RISCV ET_REL, no program headers, sections in
 *       the order of NVIDIA's: .fwimage (GSP_IMAGE_SIZE bytes at 0x40),
 *       .fwversion "<rel>\0", .fwsignature_cc_gh100, _gh100, _ad10x, _ga10x
 *       (4 KiB each, starting with the 16-byte header real ones have),
 *       .symtab (section symbols + _binary_..._{start,end,size}), .strtab,
 *       .shstrtab, then the section header table (8-byte aligned).  One
 *       image per release: the chip only selects the signature section.
 *   bootloader-<rel>.bin  nvfw_bin_hdr, RM_RISCV_UCODE_DESC v5 at 0x18,
 *       payload at 0x6c (0x5000 bytes): monitor code 0x1000 (+0x2000),
 *       monitor data 0x3000 (+0x800), manifest 0x3800 (+0x400),
 *       bootloader 0x4000 (+0x458), params 0x4458 (+0x10); appVersion is a
 *       non-zero number derived from the release.
 *   booter_{load,unload}-<rel>.bin  the 535.113.01 layout: nvfw_bin_hdr,
 *       nvfw_hs_header_v2 at 0x18, 2 RSA-3K signatures at 0x3c, the u32s
 *       patch_loc, patch_sig (0), meta data {fuse_ver 1, engine_id_mask 1
 *       (SEC2), ucode_id 3}, num_sig (2), nvfw_hs_load_header_v2 (0x24
 *       bytes, one app), then the payload: OS code [0, 0x100), app 0 from
 *       0x100, OS data after it with the signature slot at +0x10.
 *   fmc-<rel>.bin  (GH100) ELF32 EM_RISCV ET_REL, 6 sections: NULL, hash
 *       (48 bytes, a SHA-384's size), signature (384), publickey (384),
 *       image (FMC_IMAGE_SIZE), .shstrtab; every non-NULL content section's
 *       sh_info is the CRC-32 (IEEE, as zlib's crc32()) of its contents.
 *       The hash is not a real SHA-384 of the image: nothing checks it.
 *   vgpu-<rel>.bin  the vGPU metadata file (RFC v2 format, spec/vgpu.md §1.6;
 *       docs/vgpu.md): header (vGPU 18.1, gsp_build_version <rel>), then
 *       one vGPU-type blob per GPU (AD102, GH100) with the manager's records
 *       and the PGPU_ADD_VGPU_TYPE parameters (gen_vgpu_meta).
 */
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define GSP_IMAGE_SIZE	0x60000u	/* 384 KiB: small, so tests stay fast */
#define GSP_SIG_SIZE	0x1000u
#define FMC_IMAGE_SIZE	0x10000u
#define FMC_HASH_SIZE	48u
#define FMC_RSA_SIZE	384u
#define BOOTER_SIG_SIZE	0x180u
#define BOOTER_NUM_SIG	2u

#define EM_RISCV	243u

struct chip {
	const char *name;
	const char *family;	/* .fwsignature_<family> */
	bool fsp;		/* GH100: fmc instead of the SEC2 booters */
	const char *files_of;	/* the die whose files this die loads, or NULL */
	bool real_only;		/* GA100: only its public files, nothing generated */
};

/*
 * Every die nvcore boots.  linux-firmware ships nvidia/ga10[3467]/gsp as a
 * link to ../ga102/gsp and nvidia/ad10[3467]/gsp as one to ../ad102/gsp
 * (WHENCE "Link:" lines): one set of files per family, so a die's files
 * here are the same bytes as its family's first die (links in the tree).
 */
static const struct chip chips[] = {
	{ "ga102", "ga10x", false, NULL, false },
	{ "ga103", "ga10x", false, "ga102", false },
	{ "ga104", "ga10x", false, "ga102", false },
	{ "ga106", "ga10x", false, "ga102", false },
	{ "ga107", "ga10x", false, "ga102", false },
	{ "ad102", "ad10x", false, NULL, false },
	{ "ad103", "ad10x", false, "ad102", false },
	{ "ad104", "ad10x", false, "ad102", false },
	{ "ad106", "ad10x", false, "ad102", false },
	{ "ad107", "ad10x", false, "ad102", false },
	{ "gh100", "gh100", true, NULL, false },
	/*
	 * GA100: its own 535.113.01 files (booted)
	 * and NVIDIA's 535.261.03 TU10x image (.fwsignature_ga100); mkfw writes
	 * no TU10x-format file.
	 */
	{ "ga100", "ga100", false, NULL, true },
};

static const char *const file_names[] = { "gsp", "bootloader", "booter_load", "booter_unload",
					  "fmc" };

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

static void die(const char *fmt, ...) __attribute__((noreturn, format(printf, 1, 2)));

static void die(const char *fmt, ...)
{
	va_list ap;

	fputs("mkfw: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(1);
}

/* ---- an output buffer ------------------------------------------------------ */

struct buf {
	uint8_t *d;
	size_t n, cap;
};

static void reserve(struct buf *b, size_t more)
{
	if (b->n + more <= b->cap)
		return;
	while (b->n + more > b->cap)
		b->cap = b->cap ? b->cap * 2 : 4096;
	b->d = realloc(b->d, b->cap);
	if (!b->d)
		die("out of memory");
}

static void put(struct buf *b, const void *p, size_t len)
{
	reserve(b, len);
	memcpy(b->d + b->n, p, len);
	b->n += len;
}

static void put8(struct buf *b, uint8_t v)
{
	put(b, &v, 1);
}

static void put16(struct buf *b, uint16_t v)
{
	put8(b, v & 0xff);
	put8(b, v >> 8);
}

static void put32(struct buf *b, uint32_t v)
{
	put16(b, v & 0xffff);
	put16(b, v >> 16);
}

static void put64(struct buf *b, uint64_t v)
{
	put32(b, (uint32_t)v);
	put32(b, (uint32_t)(v >> 32));
}

static void set32(struct buf *b, size_t off, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		b->d[off + i] = (uint8_t)(v >> (8 * i));
}

static void zeros(struct buf *b, size_t len)
{
	reserve(b, len);
	memset(b->d + b->n, 0, len);
	b->n += len;
}

static void align(struct buf *b, size_t a)
{
	zeros(b, (a - b->n % a) % a);
}

/* ---- deterministic content --------------------------------------------- */

struct prng {
	uint64_t s;
};

static uint64_t fnv1a(const char *s, uint64_t h)
{
	for (; *s; s++)
		h = (h ^ (uint8_t)*s) * 0x100000001b3ull;
	return h;
}

static struct prng prng_seed(const char *a, const char *b, const char *c)
{
	uint64_t h = 0xcbf29ce484222325ull;

	h = fnv1a(a, h);
	h = fnv1a("/", h);
	h = fnv1a(b, h);
	h = fnv1a("/", h);
	h = fnv1a(c, h);
	return (struct prng){ h };
}

/* splitmix64 */
static uint64_t prng_next(struct prng *p)
{
	uint64_t z = (p->s += 0x9e3779b97f4a7c15ull);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

static void put_random(struct buf *b, struct prng *p, size_t len)
{
	reserve(b, len);
	for (size_t i = 0; i < len; i++) {
		uint64_t v = prng_next(p);

		/* never 0, so a zeroed slice never matches by accident */
		b->d[b->n + i] = (uint8_t)(v % 255) + 1;
	}
	b->n += len;
}

static uint32_t crc32_ieee(const uint8_t *p, size_t len)
{
	uint32_t c = 0xffffffffu;

	for (size_t i = 0; i < len; i++) {
		c ^= p[i];
		for (int k = 0; k < 8; k++)
			c = (c >> 1) ^ (0xedb88320u & -(c & 1));
	}
	return ~c;
}

/* ---- gsp-<rel>.bin ----------------------------------------------------- */

struct sec {
	const char *name;
	uint32_t type, flags, link, info, entsize;
	uint64_t align, off, size;
};

#define SHT_PROGBITS	1u
#define SHT_SYMTAB	2u
#define SHT_STRTAB	3u
#define SHF_WRITE	1u
#define SHF_ALLOC	2u

static uint32_t strtab_add(struct buf *st, const char *s)
{
	uint32_t off = (uint32_t)st->n;

	put(st, s, strlen(s) + 1);
	return off;
}

/*
 * Emit an ELF header of @cls (1 = ELF32, 2 = ELF64) with the section header
 * table at @shoff, @shnum entries, names in section @shstrndx.
 */
static void elf_header(struct buf *b, int cls, uint64_t shoff, unsigned int shnum,
		       unsigned int shstrndx)
{
	static const uint8_t ident[8] = { 0x7f, 'E', 'L', 'F', 0, 1, 1, 0 };

	put(b, ident, 8);
	b->d[b->n - 4] = (uint8_t)cls;
	zeros(b, 8);			/* EI_ABIVERSION, padding */
	put16(b, 1);			/* ET_REL */
	put16(b, EM_RISCV);
	put32(b, 1);			/* EV_CURRENT */
	if (cls == 2) {
		put64(b, 0);		/* e_entry */
		put64(b, 0);		/* e_phoff */
		put64(b, shoff);
	} else {
		put32(b, 0);
		put32(b, 0);
		put32(b, (uint32_t)shoff);
	}
	put32(b, 0);			/* e_flags */
	put16(b, cls == 2 ? 64 : 52);	/* e_ehsize */
	put16(b, 0);			/* e_phentsize */
	put16(b, 0);			/* e_phnum */
	put16(b, cls == 2 ? 64 : 40);	/* e_shentsize */
	put16(b, (uint16_t)shnum);
	put16(b, (uint16_t)shstrndx);
}

static void elf_shdrs(struct buf *b, int cls, const struct sec *s, unsigned int n,
		      const uint32_t *names)
{
	for (unsigned int i = 0; i < n; i++) {
		put32(b, names[i]);
		put32(b, s[i].type);
		if (cls == 2) {
			put64(b, s[i].flags);
			put64(b, 0);		/* sh_addr */
			put64(b, s[i].off);
			put64(b, s[i].size);
			put32(b, s[i].link);
			put32(b, s[i].info);
			put64(b, s[i].align);
			put64(b, s[i].entsize);
		} else {
			put32(b, s[i].flags);
			put32(b, 0);
			put32(b, (uint32_t)s[i].off);
			put32(b, (uint32_t)s[i].size);
			put32(b, s[i].link);
			put32(b, s[i].info);
			put32(b, (uint32_t)s[i].align);
			put32(b, s[i].entsize);
		}
	}
}

/* The 16 bytes every real .fwsignature_* section starts with (protocol.md §4.1). */
static const uint8_t gsp_sig_head[16] = {
	0x01, 0x00, 0x02, 0x00, 0xc8, 0x08, 0x00, 0x00,
	0x0c, 0x00, 0x00, 0x00, 0x01, 0x01, 0x00, 0x00,
};

static void sym(struct buf *b, uint32_t name, uint8_t info, uint16_t shndx, uint64_t value)
{
	put32(b, name);
	put8(b, info);
	put8(b, 0);		/* st_other: default visibility */
	put16(b, shndx);
	put64(b, value);
	put64(b, 0);		/* st_size */
}

static void gen_gsp(struct buf *b, const char *rel)
{
	static const char *const sig_fams[] = { "cc_gh100", "gh100", "ad10x", "ga10x" };
	enum { S_NULL, S_IMAGE, S_VER, S_SIG0, S_SYMTAB = S_SIG0 + 4, S_STRTAB, S_SHSTRTAB, S_NUM };
	struct sec s[S_NUM] = { { .name = "" } };
	struct buf shstr = { 0 }, str = { 0 }, syms = { 0 };
	uint32_t names[S_NUM], sym_names[3];
	struct prng p = prng_seed("gsp", rel, ".fwimage");
	char nm[96];
	unsigned int i;

	/* ELF header, patched with e_shoff once the sections are placed. */
	elf_header(b, 2, 0, S_NUM, S_SHSTRTAB);

	s[S_IMAGE] = (struct sec){ ".fwimage", SHT_PROGBITS, SHF_WRITE | SHF_ALLOC, 0, 0, 0, 1,
				   b->n, GSP_IMAGE_SIZE };
	put_random(b, &p, GSP_IMAGE_SIZE);

	s[S_VER] = (struct sec){ ".fwversion", SHT_PROGBITS, 0, 0, 0, 0, 1, b->n, strlen(rel) + 1 };
	put(b, rel, strlen(rel) + 1);

	for (i = 0; i < 4; i++) {
		struct prng ps = prng_seed("gsp", rel, sig_fams[i]);
		char *name = malloc(40);

		if (!name)
			die("out of memory");
		snprintf(name, 40, ".fwsignature_%s", sig_fams[i]);
		s[S_SIG0 + i] = (struct sec){ name, SHT_PROGBITS, 0, 0, 0, 0, 1, b->n, GSP_SIG_SIZE };
		put(b, gsp_sig_head, sizeof(gsp_sig_head));
		put_random(b, &ps, GSP_SIG_SIZE - sizeof(gsp_sig_head));
	}

	/* .symtab: NULL, one per content section, then three globals. */
	put8(&str, 0);
	for (i = 0; i < 3; i++) {
		static const char *const sfx[] = { "start", "end", "size" };

		snprintf(nm, sizeof(nm), "_binary_gsp_firmware_%s_bin_%s", rel, sfx[i]);
		sym_names[i] = strtab_add(&str, nm);
	}
	sym(&syms, 0, 0, 0, 0);
	for (i = S_IMAGE; i < S_SYMTAB; i++)
		sym(&syms, 0, 3 /* STB_LOCAL, STT_SECTION */, (uint16_t)i, 0);
	sym(&syms, sym_names[0], 0x10 /* STB_GLOBAL, STT_NOTYPE */, S_IMAGE, 0);
	sym(&syms, sym_names[1], 0x10, S_IMAGE, GSP_IMAGE_SIZE);
	sym(&syms, sym_names[2], 0x10, 0xfff1 /* SHN_ABS */, GSP_IMAGE_SIZE);

	align(b, 8);
	s[S_SYMTAB] = (struct sec){ ".symtab", SHT_SYMTAB, 0, S_STRTAB, S_SYMTAB - S_IMAGE + 1, 24, 8,
				    b->n, syms.n };
	put(b, syms.d, syms.n);
	s[S_STRTAB] = (struct sec){ ".strtab", SHT_STRTAB, 0, 0, 0, 0, 1, b->n, str.n };
	put(b, str.d, str.n);

	s[S_SHSTRTAB].name = ".shstrtab";
	for (i = 0; i < S_NUM; i++)
		names[i] = strtab_add(&shstr, s[i].name ? s[i].name : "");
	s[S_SHSTRTAB] = (struct sec){ ".shstrtab", SHT_STRTAB, 0, 0, 0, 0, 1, b->n, shstr.n };
	put(b, shstr.d, shstr.n);
	names[0] = 0;

	align(b, 8);
	for (i = 0; i < 8; i++)
		b->d[0x28 + i] = (uint8_t)((uint64_t)b->n >> (8 * i));
	elf_shdrs(b, 2, s, S_NUM, names);

	for (i = 0; i < 4; i++)
		free((char *)s[S_SIG0 + i].name);
	free(shstr.d);
	free(str.d);
	free(syms.d);
}

/* ---- nvfw_bin_hdr files ---------------------------------------------------- */

#define BIN_HDR_SIZE	24u

static void bin_hdr(struct buf *b, uint32_t header_offset, uint32_t data_offset,
		    uint32_t data_size)
{
	put32(b, 0x10de);		/* bin_magic */
	put32(b, 1);			/* bin_ver */
	put32(b, 0);			/* bin_size: patched at the end */
	put32(b, header_offset);
	put32(b, data_offset);
	put32(b, data_size);
}

static void bin_done(struct buf *b)
{
	set32(b, 8, (uint32_t)b->n);
}

static uint32_t app_version(const char *rel)
{
	/* A changelist-like number, never 0: real 570 files carry one. */
	return (uint32_t)(fnv1a(rel, 0xcbf29ce484222325ull) % 0x7fffffffu) + 1;
}

static void gen_bootloader(struct buf *b, const char *chip, const char *rel)
{
	const uint32_t data_off = BIN_HDR_SIZE + 84, data_size = 0x5000;
	struct prng p = prng_seed(chip, rel, "bootloader");
	/* RM_RISCV_UCODE_DESC, 21 u32 (protocol.md §4.3). */
	const uint32_t desc[21] = {
		5,				/* version */
		0x4000, 0x458,			/* bootloader offset, size */
		0x4458, 0x10,			/* bootloader param offset, size */
		0, 0,				/* riscvElf offset, size */
		app_version(rel),		/* appVersion */
		0x3800, 0x400,			/* manifest */
		0x3000, 0x800,			/* monitor data */
		0x1000, 0x2000,			/* monitor code */
		1,				/* bIsMonitorEnabled */
		0, 0, 0, 0,			/* swbrom code/data */
		data_size,			/* fbReservedSize */
		0,				/* bSignedAsCode */
	};

	bin_hdr(b, BIN_HDR_SIZE, data_off, data_size);
	for (unsigned int i = 0; i < 21; i++)
		put32(b, desc[i]);
	put_random(b, &p, data_size);
	bin_done(b);
}

static void gen_booter(struct buf *b, const char *chip, const char *rel, bool load)
{
	const char *name = load ? "booter_load" : "booter_unload";
	const uint32_t hs_off = BIN_HDR_SIZE, sig_off = hs_off + 36;
	const uint32_t sig_total = BOOTER_NUM_SIG * BOOTER_SIG_SIZE;
	const uint32_t patch_loc_at = sig_off + sig_total, patch_sig_at = patch_loc_at + 4;
	const uint32_t meta_at = patch_sig_at + 4, num_sig_at = meta_at + 12;
	const uint32_t lhdr_at = num_sig_at + 4, lhdr_size = 0x24;
	const uint32_t data_off = lhdr_at + lhdr_size;
	const uint32_t code_size = 0x100, app_off = code_size;
	const uint32_t app_size = load ? 0x2000 : 0x1800;
	const uint32_t os_data_off = app_off + app_size, os_data_size = load ? 0x1000 : 0xc00;
	const uint32_t data_size = os_data_off + os_data_size;
	struct prng p = prng_seed(chip, rel, name);

	bin_hdr(b, hs_off, data_off, data_size);
	/* nvfw_hs_header_v2: the u32 fields after sig_prod_* are file offsets. */
	put32(b, sig_off);
	put32(b, sig_total);
	put32(b, patch_loc_at);
	put32(b, patch_sig_at);
	put32(b, meta_at);
	put32(b, 12);
	put32(b, num_sig_at);
	put32(b, lhdr_at);
	put32(b, lhdr_size);
	put_random(b, &p, sig_total);
	put32(b, os_data_off + 0x10);	/* patch_loc: payload offset of the slot */
	put32(b, 0);			/* patch_sig */
	put32(b, 1);			/* fuse_ver */
	put32(b, 1);			/* engine_id_mask: SEC2 */
	put32(b, 3);			/* ucode_id */
	put32(b, BOOTER_NUM_SIG);
	/* nvfw_hs_load_header_v2, one app */
	put32(b, 0);
	put32(b, code_size);
	put32(b, os_data_off);
	put32(b, os_data_size);
	put32(b, 1);
	put32(b, app_off);
	put32(b, app_size);
	/* 8 trailing bytes as in the 535.113.01 booters; no parser reads them. */
	put32(b, code_size);
	put32(b, 0);
	put_random(b, &p, data_size);
	bin_done(b);
}

/* ---- fmc-<rel>.bin (GH100, protocol.md §3.6) -------------------------------------- */

static void gen_fmc(struct buf *b, const char *chip, const char *rel)
{
	enum { F_NULL, F_HASH, F_SIG, F_KEY, F_IMAGE, F_SHSTRTAB, F_NUM };
	static const char *const nm[F_NUM] = { "", "hash", "signature", "publickey", "image",
					       ".shstrtab" };
	static const uint32_t size[F_NUM] = { 0, FMC_HASH_SIZE, FMC_RSA_SIZE, FMC_RSA_SIZE,
					      FMC_IMAGE_SIZE, 0 };
	struct sec s[F_NUM] = { { .name = "" } };
	struct buf shstr = { 0 };
	uint32_t names[F_NUM];
	unsigned int i;

	elf_header(b, 1, 0, F_NUM, F_SHSTRTAB);
	for (i = F_HASH; i <= F_IMAGE; i++) {
		struct prng p = prng_seed(chip, rel, nm[i]);

		align(b, 4);
		s[i] = (struct sec){ nm[i], SHT_PROGBITS, 0, 0, 0, 0, 4, b->n, size[i] };
		put_random(b, &p, size[i]);
		s[i].info = crc32_ieee(b->d + s[i].off, size[i]);
	}
	for (i = 0; i < F_NUM; i++)
		names[i] = strtab_add(&shstr, nm[i]);
	names[0] = 0;
	s[F_SHSTRTAB] = (struct sec){ ".shstrtab", SHT_STRTAB, 0, 0, 0, 0, 1, b->n, shstr.n };
	put(b, shstr.d, shstr.n);
	align(b, 4);
	set32(b, 0x20, (uint32_t)b->n);		/* e_shoff */
	elf_shdrs(b, 1, s, F_NUM, names);
	free(shstr.d);
}

/* ---- vgpu-<rel>.bin: the vGPU metadata file ----------------------------- */

/*
 * The vGPU types NVIDIA's metadata file carries for each GPU
 * (spec/vgpu.md §1.6, §2.4); mkfw is the "NVIDIA side" here, so the values the driver
 * once compiled in live here.  Marked per value:
 *  - AD102: ids 941..950 and names "NVIDIA RTX6000-Ada-{1,2,3,4,6,8,12,16,24,48}Q":
 *    spec/vgpu.md §1.5 (RFC v2 Documentation/gpu/nvidia-vgpu.rst);
 *    max_instance = min(48 / N, 32): 48 GiB board, NVA081_MAX_VGPU_PER_PGPU
 *    (by hand; assumption that no other limit applies);
 *  - GH100: names "NVIDIA H100-{4,5,8,10,16,20,40,80}C" and
 *    max_instance = 80 / N (80 GiB board); **assumption**: the type ids
 *    (numbered here from 1001) are not in our sources;
 *  - fb_length = N GiB, gsp_heap_size = 32 MiB (one VMMU segment),
 *    bar1_length 256 MiB, vgpuClass "Quadro" / "Compute": **assumption**
 *    (the real file's values are not public).
 * device_id: the PCI device ID the model's PF reports (emu/gsp-model/hw.c:
 * AD102 0x26b9, GH100 0x2331).
 */
struct vtype {
	uint32_t id, max_instance, gib;
	const char *name;
};

static const struct vtype ad102_types[] = {
	{ 941, 32, 1, "NVIDIA RTX6000-Ada-1Q" },   { 942, 24, 2, "NVIDIA RTX6000-Ada-2Q" },
	{ 943, 16, 3, "NVIDIA RTX6000-Ada-3Q" },   { 944, 12, 4, "NVIDIA RTX6000-Ada-4Q" },
	{ 945, 8, 6, "NVIDIA RTX6000-Ada-6Q" },    { 946, 6, 8, "NVIDIA RTX6000-Ada-8Q" },
	{ 947, 4, 12, "NVIDIA RTX6000-Ada-12Q" },  { 948, 3, 16, "NVIDIA RTX6000-Ada-16Q" },
	{ 949, 2, 24, "NVIDIA RTX6000-Ada-24Q" },  { 950, 1, 48, "NVIDIA RTX6000-Ada-48Q" },
};

static const struct vtype gh100_types[] = {
	{ 1001, 20, 4, "NVIDIA H100-4C" },   { 1002, 16, 5, "NVIDIA H100-5C" },
	{ 1003, 10, 8, "NVIDIA H100-8C" },   { 1004, 8, 10, "NVIDIA H100-10C" },
	{ 1005, 5, 16, "NVIDIA H100-16C" },  { 1006, 4, 20, "NVIDIA H100-20C" },
	{ 1007, 2, 40, "NVIDIA H100-40C" },  { 1008, 1, 80, "NVIDIA H100-80C" },
};

static const struct {
	uint16_t device_id;
	const char *vgpu_class;
	const struct vtype *types;
	size_t n;
} vgpu_gpus[] = {
	{ 0x26b9, "Quadro", ad102_types, ARRAY_SIZE(ad102_types) },
	{ 0x2331, "Compute", gh100_types, ARRAY_SIZE(gh100_types) },
};

/* The vGPU release of the file: 18.1, the one RFC v2 supports (spec/vgpu.md §1.6). */
#define VGPU_MAJOR		18u
#define VGPU_MINOR		1u
#define VGPU_META_HDR		232u	/* 8+4+4+8+8+128+64+8 */
#define VGPU_TYPE_HDR		56u	/* 7 x u64 (assumption: the widths) */
#define VGPU_RECORD		64u	/* id, max_instance, name[32], 3 x u64 (assumption) */
#define VGPU_STR		32u	/* NVA081_VGPU_STRING_BUFFER_SIZE */
/*
 * NV2080_CTRL_VGPU_MGR_INTERNAL_PGPU_ADD_VGPU_TYPE_PARAMS and
 * NVA081_CTRL_VGPU_INFO at 570.144 (spec/abi/570.144.layout.tsv, from OGKM
 * ctrl2080vgpumgrinternal.h and ctrla081.h).
 */
#define ADD_TYPE_CMD		0x20804003u
#define ADD_TYPE_SIZE		334344u
#define ADD_TYPE_COUNT		4u	/* vgpuInfoCount; discardVgpuTypes at 0 */
#define ADD_TYPE_INFO		8u	/* vgpuInfo[0x40] */
#define INFO_SIZE		5224u
#define INFO_NAME		4u
#define INFO_CLASS		36u
#define INFO_MAX_INSTANCE	324u
#define INFO_PDEV_ID		376u
#define INFO_FB_LENGTH		392u
#define INFO_GSP_HEAP		400u
#define INFO_BAR1_LENGTH	432u
#define GIB			(1ull << 30)
#define HEAP_SIZE		(32ull << 20)
#define BAR1_MIB		256u

static void set64(struct buf *b, size_t off, uint64_t v)
{
	memcpy(b->d + off, &v, 8);
}

static void put_str(struct buf *b, const char *s, size_t len)
{
	size_t n = strlen(s);

	if (n >= len)
		die("\"%s\" does not fit %zu bytes", s, len);
	put(b, s, n);
	zeros(b, len - n);
}

/* One vGPU-type blob: blob header, type header, records, the control's parameters. */
static void vgpu_type_blob(struct buf *b, size_t g)
{
	const struct vtype *t = vgpu_gpus[g].types;
	size_t n = vgpu_gpus[g].n, start = b->n, ctl;

	put64(b, 0);					/* METADATA_BLOB_VGPU_TYPE */
	put64(b, 16 + VGPU_TYPE_HDR + n * VGPU_RECORD + ADD_TYPE_SIZE);
	put64(b, vgpu_gpus[g].device_id);
	put64(b, ADD_TYPE_INFO);			/* gsp_rmctrl_vgpu_info_offset */
	put64(b, INFO_SIZE);				/* gsp_rmctrl_vgpu_info_size */
	put64(b, n * VGPU_RECORD);			/* kernel_struct_size */
	put64(b, n);					/* num_kernel_structs */
	put64(b, ADD_TYPE_CMD);
	put64(b, ADD_TYPE_SIZE);
	for (size_t i = 0; i < n; i++) {
		put32(b, t[i].id);
		put32(b, t[i].max_instance);
		put_str(b, t[i].name, VGPU_STR);
		put64(b, t[i].gib * GIB);
		put64(b, HEAP_SIZE);
		put64(b, BAR1_MIB);
	}
	ctl = b->n;
	zeros(b, ADD_TYPE_SIZE);
	b->d[ctl] = 1;					/* discardVgpuTypes */
	set32(b, ctl + ADD_TYPE_COUNT, (uint32_t)n);
	for (size_t i = 0; i < n; i++) {
		size_t r = ctl + ADD_TYPE_INFO + i * INFO_SIZE;

		set32(b, r, t[i].id);
		memcpy(b->d + r + INFO_NAME, t[i].name, strlen(t[i].name));
		memcpy(b->d + r + INFO_CLASS, vgpu_gpus[g].vgpu_class, strlen(vgpu_gpus[g].vgpu_class));
		set32(b, r + INFO_MAX_INSTANCE, t[i].max_instance);
		set64(b, r + INFO_PDEV_ID, vgpu_gpus[g].device_id);
		set64(b, r + INFO_FB_LENGTH, t[i].gib * GIB);
		set64(b, r + INFO_GSP_HEAP, HEAP_SIZE);
		set64(b, r + INFO_BAR1_LENGTH, BAR1_MIB);
	}
	if (b->n - start != 16 + VGPU_TYPE_HDR + n * VGPU_RECORD + ADD_TYPE_SIZE)
		die("vGPU type blob %zu: %zu bytes written", g, b->n - start);
}

/*
 * nvidia/vgpu-<rel>.bin (RFC v2 metadata format, spec/vgpu.md §1.6): header,
 * then one vGPU-type blob per GPU; crc32 = the kernel's crc32_le(0xffffffff,
 * bytes 16..end) as the RFC computes it, without the final inversion
 * zlib's crc32() applies.
 */
static void gen_vgpu_meta(struct buf *b, const char *rel)
{
	put(b, "NVVGPUMT", 8);
	put32(b, 0);					/* crc32, below */
	put32(b, 0);
	put64(b, VGPU_MAJOR);
	put64(b, VGPU_MINOR);
	zeros(b, 128);					/* vgpu_features */
	put_str(b, rel, 64);
	put64(b, ARRAY_SIZE(vgpu_gpus));
	if (b->n != VGPU_META_HDR)
		die("vGPU metadata header: %zu bytes", b->n);
	for (size_t g = 0; g < ARRAY_SIZE(vgpu_gpus); g++)
		vgpu_type_blob(b, g);
	set32(b, 8, ~crc32_ieee(b->d + 16, b->n - 16));
}

/* ---- files and the tree ---------------------------------------------------- */

static const struct chip *find_chip(const char *name)
{
	for (size_t i = 0; i < ARRAY_SIZE(chips); i++)
		if (!strcmp(chips[i].name, name))
			return &chips[i];
	return NULL;
}

static bool chip_has_file(const struct chip *c, const char *file)
{
	if (!strcmp(file, "gsp") || !strcmp(file, "bootloader"))
		return true;
	if (!strcmp(file, "fmc"))
		return c->fsp;
	if (!strcmp(file, "booter_load") || !strcmp(file, "booter_unload"))
		return !c->fsp;
	return false;
}

static void generate(struct buf *b, const struct chip *c, const char *rel, const char *file)
{
	if (c->files_of)
		c = find_chip(c->files_of);
	if (!strcmp(file, "gsp"))
		gen_gsp(b, rel);
	else if (!strcmp(file, "bootloader"))
		gen_bootloader(b, c->name, rel);
	else if (!strcmp(file, "booter_load"))
		gen_booter(b, c->name, rel, true);
	else if (!strcmp(file, "booter_unload"))
		gen_booter(b, c->name, rel, false);
	else
		gen_fmc(b, c->name, rel);
}

static void write_file(const char *path, const struct buf *b)
{
	char tmp[4200];
	FILE *f;

	snprintf(tmp, sizeof(tmp), "%s.tmp", path);
	f = fopen(tmp, "wb");
	if (!f)
		die("cannot create %s: %s", tmp, strerror(errno));
	if (fwrite(b->d, 1, b->n, f) != b->n || fclose(f))
		die("cannot write %s: %s", tmp, strerror(errno));
	if (rename(tmp, path))
		die("cannot rename %s to %s: %s", tmp, path, strerror(errno));
}

static void mkdir_p(const char *path)
{
	char p[4096];

	snprintf(p, sizeof(p), "%s", path);
	for (char *s = p + 1; *s; s++) {
		if (*s != '/')
			continue;
		*s = 0;
		if (mkdir(p, 0755) && errno != EEXIST)
			die("cannot create %s: %s", p, strerror(errno));
		*s = '/';
	}
	if (mkdir(p, 0755) && errno != EEXIST)
		die("cannot create %s: %s", p, strerror(errno));
}

/* ---- the releases: fw/<release>/fwfiles.tsv --------------------------------- */

struct row {
	char *chips, *file, *source;
	unsigned int line;
};

struct release {
	char *name;		/* the folder's name */
	const char *path;
	struct row *rows;
	size_t n_rows;
};

static struct release *releases;
static size_t n_releases;

static bool known_file(const char *file)
{
	if (!strcmp(file, "vgpu"))
		return true;
	for (size_t i = 0; i < ARRAY_SIZE(file_names); i++)
		if (!strcmp(file_names[i], file))
			return true;
	return false;
}

static bool known_chips(const char *spec)
{
	if (!strcmp(spec, "*"))
		return true;
	for (size_t i = 0; i < ARRAY_SIZE(chips); i++)
		if (!strcmp(chips[i].name, spec) || !strcmp(chips[i].family, spec))
			return true;
	return false;
}

static const char *const source_keys[] = { "<chip>", "<file>", "<rel>" };

/* Which of source_keys @s starts with, or -1. */
static int source_key(const char *s)
{
	for (size_t k = 0; k < ARRAY_SIZE(source_keys); k++)
		if (!strncmp(s, source_keys[k], strlen(source_keys[k])))
			return (int)k;
	return -1;
}

/* @real_dir/@source with <chip>, <file> and <rel> filled in, into @out. */
static void expand(char *out, size_t len, const char *real_dir, const char *source,
		   const char *chip, const char *file, const char *rel)
{
	const char *vals[] = { chip, file, rel };
	size_t n = (size_t)snprintf(out, len, "%s/", real_dir);

	for (const char *s = source; *s; ) {
		int k = source_key(s);
		const char *piece = k >= 0 ? vals[k] : s;
		size_t plen = k >= 0 ? strlen(piece) : 1;

		if (n + plen >= len)
			die("path too long: %s/%s", real_dir, source);
		memcpy(out + n, piece, plen);
		n += plen;
		s += k >= 0 ? strlen(source_keys[k]) : 1;
	}
	out[n] = 0;
}

static void load_release(const char *path)
{
	const char *slash = strrchr(path, '/'), *dir;
	struct release *r;
	char line[4096];
	unsigned int n = 0;
	bool header = false;
	FILE *f;

	if (!slash || slash == path)
		die("%s: a release's fwfiles.tsv must be in the release's folder", path);
	for (dir = slash - 1; dir > path && dir[-1] != '/'; dir--)
		;
	releases = realloc(releases, (n_releases + 1) * sizeof(*releases));
	if (!releases)
		die("out of memory");
	r = &releases[n_releases++];
	*r = (struct release){ .name = strndup(dir, (size_t)(slash - dir)), .path = path };
	if (!r->name)
		die("out of memory");
	f = fopen(path, "r");
	if (!f)
		die("cannot open %s: %s", path, strerror(errno));
	while (fgets(line, sizeof(line), f)) {
		char *cols[3], *save = NULL, *nl = strchr(line, '\n');
		struct row *row;
		int k;

		n++;
		if (nl)
			*nl = 0;
		else if (!feof(f))
			die("%s:%u: line too long", path, n);
		if (line[0] == '#' || !line[0])
			continue;
		if (!header) {
			if (strcmp(line, "chips\tfile\tsource"))
				die("%s:%u: the header must be \"chips<TAB>file<TAB>source\"", path, n);
			header = true;
			continue;
		}
		for (k = 0; k < 3 && (cols[k] = strtok_r(k ? NULL : line, "\t", &save)); k++)
			;
		if (k < 3 || strtok_r(NULL, "\t", &save))
			die("%s:%u: a row is chips<TAB>file<TAB>source", path, n);
		if (!known_chips(cols[0]))
			die("%s:%u: unknown chips \"%s\" (a die, a family or *)", path, n, cols[0]);
		if (strcmp(cols[1], "*") && !known_file(cols[1]))
			die("%s:%u: unknown file \"%s\" (gsp, bootloader, booter_load, booter_unload, "
			    "fmc, vgpu or *)", path, n, cols[1]);
		if (!strcmp(cols[1], "vgpu") && (strcmp(cols[0], "*") || strcmp(cols[2], "generated")))
			die("%s:%u: the vgpu row is \"*<TAB>vgpu<TAB>generated\"", path, n);
		for (const char *lt = strchr(cols[2], '<'); lt; lt = strchr(lt + 1, '<'))
			if (source_key(lt) < 0)
				die("%s:%u: source \"%s\": only <chip>, <file> and <rel> are "
				    "filled in", path, n, cols[2]);
		r->rows = realloc(r->rows, (r->n_rows + 1) * sizeof(*r->rows));
		if (!r->rows)
			die("out of memory");
		row = &r->rows[r->n_rows++];
		*row = (struct row){ strdup(cols[0]), strdup(cols[1]), strdup(cols[2]), n };
		if (!row->chips || !row->file || !row->source)
			die("out of memory");
	}
	if (ferror(f) || fclose(f))
		die("cannot read %s", path);
	if (!header)
		die("%s: no header \"chips<TAB>file<TAB>source\"", path);
}

static const struct release *find_release(const char *name)
{
	for (size_t i = 0; i < n_releases; i++)
		if (!strcmp(releases[i].name, name))
			return &releases[i];
	return NULL;
}

/* Does release @r have the vGPU metadata file (a "vgpu" row of its own)? */
static bool has_vgpu_meta(const struct release *r)
{
	for (size_t i = 0; i < r->n_rows; i++)
		if (!strcmp(r->rows[i].file, "vgpu"))
			return true;
	return false;
}

/* Where @file of @c comes from in release @r: a path, "generated" or "none". */
static const struct row *source_of(const struct release *r, const struct chip *c,
				   const char *file)
{
	for (size_t i = 0; i < r->n_rows; i++) {
		const struct row *row = &r->rows[i];

		if ((!strcmp(row->chips, "*") || !strcmp(row->chips, c->name) ||
		     !strcmp(row->chips, c->family)) &&
		    (!strcmp(row->file, "*") || !strcmp(row->file, file)))
			return row;
	}
	die("%s: no row for %s's %s file", r->path, c->name, file);
}

static void make_tree(const char *dir, const char *real_dir)
{
	char path[4096], target[4096];

	/* The vGPU metadata file of each release whose FWFILES have a vgpu row. */
	for (size_t ri = 0; ri < n_releases; ri++) {
		struct buf b = { 0 };

		if (!has_vgpu_meta(&releases[ri]))
			continue;
		snprintf(path, sizeof(path), "%s/nvidia", dir);
		mkdir_p(path);
		snprintf(path, sizeof(path), "%s/nvidia/vgpu-%s.bin", dir, releases[ri].name);
		gen_vgpu_meta(&b, releases[ri].name);
		write_file(path, &b);
		free(b.d);
	}

	for (size_t ci = 0; ci < ARRAY_SIZE(chips); ci++) {
		const struct chip *c = &chips[ci];

		snprintf(path, sizeof(path), "%s/nvidia/%s/gsp", dir, c->name);
		mkdir_p(path);
		for (size_t ri = 0; ri < n_releases; ri++) {
			const struct release *r = &releases[ri];

			for (size_t fi = 0; fi < ARRAY_SIZE(file_names); fi++) {
				const char *file = file_names[fi];
				const struct row *row;

				if (!chip_has_file(c, file))
					continue;
				snprintf(path, sizeof(path), "%s/nvidia/%s/gsp/%s-%s.bin", dir,
					 c->name, file, r->name);
				if (unlink(path) && errno != ENOENT)
					die("cannot replace %s: %s", path, strerror(errno));
				row = source_of(r, c, file);
				if (!strcmp(row->source, "none"))
					continue;
				if (!strcmp(row->source, "generated") && !c->files_of) {
					/* GA100: only its public files, nothing generated. */
					if (!c->real_only) {
						struct buf b = { 0 };

						generate(&b, c, r->name, file);
						write_file(path, &b);
						free(b.d);
					}
					continue;
				}
				/*
				 * A real file (dangles when not installed: the tests
				 * name it), or as linux-firmware does, the family's
				 * first die's file.
				 */
				if (strcmp(row->source, "generated"))
					expand(target, sizeof(target), real_dir, row->source,
					       c->name, file, r->name);
				else
					snprintf(target, sizeof(target), "../../%s/gsp/%s-%s.bin",
						 c->files_of, file, r->name);
				if (symlink(target, path))
					die("cannot link %s -> %s: %s", path, target, strerror(errno));
			}
		}
	}
}

static void usage(FILE *f)
{
	fputs("usage: mkfw --chip CHIP --release REL --file NAME -o OUT FWFILES...\n"
	      "       mkfw --tree DIR --firmware-dir REAL [--stamp FILE] FWFILES...\n"
	      "       mkfw --help\n"
	      "\n"
	      "Write GSP firmware files in the real formats (docs/protocol.md §4, §3.6).\n"
	      "  --chip CHIP       ga102 | ga103 | ga104 | ga106 | ga107 |\n"
	      "                    ad102 | ad103 | ad104 | ad106 | ad107 | gh100\n"
	      "  --release REL     a release FWFILES names\n"
	      "  --file NAME       gsp | bootloader | booter_load | booter_unload (GA10x, AD10x)\n"
	      "                    gsp | bootloader | fmc (gh100)\n"
	      "  -o OUT            output file\n"
	      "  --tree DIR        write the test tree DIR/nvidia/<chip>/gsp/<name>-<rel>.bin\n"
	      "                    (and DIR/nvidia/vgpu-<rel>.bin, the vGPU metadata file, for\n"
	      "                    each release whose FWFILES have the row *<TAB>vgpu<TAB>generated):\n"
	      "                    links to the real files under --firmware-dir where they exist\n"
	      "                    publicly, generated files for every other chip x release\n"
	      "  --firmware-dir REAL  where the real files are (e.g. /lib/firmware)\n"
	      "  --stamp FILE      touch FILE when the tree is complete (for the build)\n"
	      "  FWFILES           the releases' emu/gsp-model/fw/<release>/fwfiles.tsv: which\n"
	      "                    releases there are and where the tree's files come from\n"
	      "The same arguments always give the same bytes.\n", f);
}

int main(int argc, char **argv)
{
	const char *chip = NULL, *rel = NULL, *file = NULL, *out = NULL;
	const char *tree = NULL, *real_dir = NULL, *stamp = NULL;
	const struct chip *c;

	for (int i = 1; i < argc; i++) {
		const char *a = argv[i], **dst = NULL;

		if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
			usage(stdout);
			return 0;
		}
		if (a[0] != '-') {
			load_release(a);
			continue;
		}
		if (!strcmp(a, "--chip"))
			dst = &chip;
		else if (!strcmp(a, "--release"))
			dst = &rel;
		else if (!strcmp(a, "--file"))
			dst = &file;
		else if (!strcmp(a, "-o"))
			dst = &out;
		else if (!strcmp(a, "--tree"))
			dst = &tree;
		else if (!strcmp(a, "--firmware-dir"))
			dst = &real_dir;
		else if (!strcmp(a, "--stamp"))
			dst = &stamp;
		if (!dst) {
			usage(stderr);
			die("unknown argument \"%s\"", a);
		}
		if (i + 1 >= argc)
			die("%s needs a value", a);
		*dst = argv[++i];
	}
	if (!n_releases) {
		usage(stderr);
		die("no FWFILES (emu/gsp-model/fw/<release>/fwfiles.tsv) given");
	}

	if (tree) {
		if (!real_dir)
			die("--tree needs --firmware-dir");
		if (chip || rel || file || out)
			die("--tree writes every file; --chip/--release/--file/-o do not apply");
		make_tree(tree, real_dir);
		if (stamp) {
			FILE *f = fopen(stamp, "w");

			if (!f || fputs("complete\n", f) < 0 || fclose(f))
				die("cannot write %s", stamp);
		}
		return 0;
	}

	if (!chip || !rel || !file || !out) {
		usage(stderr);
		die("--chip, --release, --file and -o are all needed (or --tree)");
	}
	c = find_chip(chip);
	if (!c)
		die("unknown chip \"%s\" (ga102..ga107, ad102..ad107, gh100)", chip);
	if (c->real_only)
		die("%s: mkfw writes no file for it (only its public files are in the tree)", chip);
	if (!find_release(rel)) {
		char names[1024] = "";

		for (size_t i = 0; i < n_releases; i++)
			snprintf(names + strlen(names), sizeof(names) - strlen(names), "%s%s",
				 i ? ", " : "", releases[i].name);
		die("unknown release \"%s\" (FWFILES give %s)", rel, names);
	}
	if (!chip_has_file(c, file))
		die("%s has no \"%s\" file (%s)", chip, file,
		    c->fsp ? "gsp, bootloader, fmc" : "gsp, bootloader, booter_load, booter_unload");
	{
		struct buf b = { 0 };

		generate(&b, c, rel, file);
		write_file(out, &b);
		free(b.d);
	}
	return 0;
}
