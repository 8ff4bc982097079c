// SPDX-License-Identifier: MIT
/*
 * Every release's structures, constants and builders against NVIDIA's
 * numbers for that release.
 *
 * One mechanism, parametrised by release: abi_<release>.c computes every
 * offset and size with the compiler from the driver's fw/<release>/abi.h;
 * here each row is compared with driver/core/fw/<release>/layout.tsv (a copy
 * of shared/spec/abi/<release>.layout.tsv), every row of the TSV for a
 * structure the release defines must be matched, and the constants are
 * compared with consts.tsv.  The builder tests go through struct
 * nvcore_fw_release only and read the result at the TSV's offsets, so they
 * check the release's code independently of its abi.h.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "abi_check.h"
#include "fw/gsp_abi.h"
#include "fw/release.h"
#include "suites.h"

static const struct abi_release *const releases[] = {
	&abi_r570_144,
	&abi_r535_261_03,
	&abi_r535_113_01,
};

#define N_RELEASES (sizeof(releases) / sizeof(releases[0]))

static char *slurp(const struct abi_release *a, const char *file)
{
	char path[512];
	FILE *f;
	char *buf;
	long n;

	snprintf(path, sizeof(path), NVCORE_SOURCE_DIR "/driver/core/fw/%s/%s",
		 a->rel->version, file);
	f = fopen(path, "r");
	ck_assert_msg(f, "cannot open %s", path);
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	buf = calloc(1, n + 1);
	ck_assert(fread(buf, 1, n, f) == (size_t)n);
	fclose(f);
	return buf;
}

static const struct layout_row *find(const struct abi_release *a, const char *st,
				     const char *field)
{
	size_t i;

	for (i = 0; i < a->n_rows; i++)
		if (!strcmp(a->rows[i].st, st) && !strcmp(a->rows[i].field, field))
			return &a->rows[i];
	return NULL;
}

static bool defined_struct(const struct abi_release *a, const char *st)
{
	size_t i;

	for (i = 0; i < a->n_rows; i++)
		if (!strcmp(a->rows[i].st, st))
			return true;
	return false;
}

START_TEST(layouts_match_release)
{
	const struct abi_release *a = releases[_i];
	char *tsv = slurp(a, "layout.tsv"), *line, *save = NULL;
	unsigned int checked = 0, bad = 0, lineno = 0;

	for (line = strtok_r(tsv, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char st[96], field[96];
		size_t off, size;
		const struct layout_row *r;

		if (++lineno == 1)
			continue;
		ck_assert_msg(sscanf(line, "%95s %95s %zu %zu", st, field, &off, &size) == 4,
			      "%s layout.tsv:%u: malformed row '%s'", a->rel->version, lineno, line);
		if (!defined_struct(a, st))
			continue;
		r = find(a, st, field);
		if (!r) {
			fprintf(stderr, "%s layout.tsv:%u: %s.%s is not defined by the driver\n",
				a->rel->version, lineno, st, field);
			bad++;
			continue;
		}
		if (r->off != off || r->size != size) {
			fprintf(stderr, "%s layout.tsv:%u: %s.%s is at %zu size %zu in the driver, "
				"%zu size %zu in NVIDIA's headers\n", a->rel->version, lineno, st,
				field, r->off, r->size, off, size);
			bad++;
		}
		checked++;
	}
	free(tsv);
	/* Every driver row was found in the TSV (no field the release lacks). */
	ck_assert_msg(checked == a->n_rows, "%s: %u of %zu driver rows found in layout.tsv",
		      a->rel->version, checked, a->n_rows);
	ck_assert_msg(!bad, "%s: %u layout mismatches", a->rel->version, bad);
}
END_TEST

static bool tsv_has(const char *tsv, const char *name, unsigned long long *val)
{
	char key[128];
	const char *p;

	snprintf(key, sizeof(key), "\n%s\t", name);
	p = strstr(tsv, key);
	if (p && val)
		*val = strtoull(p + strlen(key), NULL, 16);
	return p;
}

static unsigned long long tsv_const(const struct abi_release *a, const char *tsv, const char *name)
{
	unsigned long long v = 0;

	ck_assert_msg(tsv_has(tsv, name, &v), "%s consts.tsv has no %s", a->rel->version, name);
	return v;
}

static unsigned int tsv_count(const char *tsv, const char *prefix)
{
	unsigned int n = 0;
	const char *p = tsv;
	char key[64];

	snprintf(key, sizeof(key), "\n%s", prefix);
	while ((p = strstr(p, key))) {
		n++;
		p++;
	}
	return n;
}

START_TEST(constants_match_release)
{
	const struct abi_release *a = releases[_i];
	const struct nvcore_fw_release *r = a->rel;
	char *tsv = slurp(a, "consts.tsv");
	unsigned long long nfun = tsv_const(a, tsv, "NV_VGPU_MSG_FUNCTION_NUM_FUNCTIONS");
	unsigned long long first = tsv_const(a, tsv, "NV_VGPU_MSG_EVENT_FIRST_EVENT");
	unsigned long long nev = tsv_const(a, tsv, "NV_VGPU_MSG_EVENT_NUM_EVENTS");
	char name[128];
	unsigned int i;

	/* Every function name and number, as this release names them. */
	ck_assert_uint_eq(r->num_functions, nfun);
	ck_assert_uint_eq(tsv_count(tsv, "NV_VGPU_MSG_FUNCTION_"), nfun + 1);
	for (i = 0; i < nfun; i++) {
		snprintf(name, sizeof(name), "NV_VGPU_MSG_FUNCTION_%s",
			 nvcore_fw_release_function_name(r, i));
		ck_assert_msg(tsv_const(a, tsv, name) == i, "%s: %s is not %u", r->version, name, i);
	}
	ck_assert_str_eq(nvcore_fw_release_function_name(r, nfun), "UNKNOWN");
	/* Every event of the release, with its number, and nothing else. */
	ck_assert_uint_eq(tsv_count(tsv, "NV_VGPU_MSG_EVENT_"), nev - first + 1);
	for (i = 0; i < r->num_events; i++) {
		snprintf(name, sizeof(name), "NV_VGPU_MSG_EVENT_%s", r->events[i].name);
		ck_assert_msg(tsv_const(a, tsv, name) == r->events[i].raw, "%s: %s is not 0x%x",
			      r->version, name, r->events[i].raw);
		ck_assert_ptr_eq(nvcore_fw_event_lookup(r, r->events[i].raw), &r->events[i]);
	}
	ck_assert_uint_eq(r->num_events, nev - first - 1);
	/* The constants the release's headers define. */
	for (i = 0; i < a->n_consts; i++)
		ck_assert_msg(tsv_const(a, tsv, a->consts[i].name) == a->consts[i].value,
			      "%s: %s is 0x%llx in the driver, 0x%llx in NVIDIA's headers", r->version,
			      a->consts[i].name, a->consts[i].value, tsv_const(a, tsv, a->consts[i].name));
	/* GspFwWprMeta.flags bits exist exactly where the release has the field. */
	ck_assert_int_eq(tsv_has(tsv, "GSP_FW_FLAGS_CLOCK_BOOST", NULL),
			 find(a, "GspFwWprMeta", "flags") != NULL);
	ck_assert_uint_eq(tsv_const(a, tsv, "NV_VGPU_MSG_HEADER_VERSION_MAJOR_TOT") << 24,
			  NV_VGPU_MSG_HEADER_VERSION);
	free(tsv);
}
END_TEST

/* ---- builders and parsers, read back at the TSV's offsets ---------------- */


static bool tsv_field(const char *tsv, const char *st, const char *field, size_t *off, size_t *size)
{
	char key[192];
	const char *p;

	snprintf(key, sizeof(key), "\n%s\t%s\t", st, field);
	p = strstr(tsv, key);
	if (!p)
		return false;
	return sscanf(p + strlen(key), "%zu %zu", off, size) == 2;
}

static size_t must_field(const char *rel, const char *tsv, const char *st, const char *field,
			 size_t *size)
{
	size_t off = 0, sz = 0;

	ck_assert_msg(tsv_field(tsv, st, field, &off, &sz), "%s layout.tsv has no %s.%s",
		      rel, st, field);
	if (size)
		*size = sz;
	return off;
}

static void put_le(u8 *img, size_t off, size_t size, unsigned long long v)
{
	size_t i;

	for (i = 0; i < size; i++)
		img[off + i] = (u8)(v >> (8 * i));
}

/* Writes v into the expected image at st.field if the release has it. */
static bool expect_field(u8 *img, const char *tsv, const char *st, const char *field,
			 size_t base, unsigned long long v)
{
	size_t off, size;

	if (!tsv_field(tsv, st, field, &off, &size))
		return false;
	ck_assert_msg(size <= 8, "%s.%s is not a scalar", st, field);
	put_le(img, base + off, size, v);
	return true;
}

static void compare_image(const char *rel, const char *what, const u8 *got, const u8 *want,
			  size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		ck_assert_msg(got[i] == want[i], "%s %s: byte %zu is 0x%02x, expected 0x%02x",
			      rel, what, i, got[i], want[i]);
}

START_TEST(build_rmargs_at_tsv_offsets)
{
	const struct nvcore_fw_release *r = releases[_i]->rel;
	char *tsv = slurp(releases[_i], "layout.tsv");
	const struct nvcore_queue_args q = {
		.shared_mem_addr = 0x12345678000ull, .pte_count = 129,
		.cmdq_offset = 0x1000, .statq_offset = 0x41000,
	};
	const char *M = "MESSAGE_QUEUE_INIT_ARGUMENTS";
	size_t size, qbase;
	u8 *got, *want;

	must_field(r->version, tsv, "GSP_ARGUMENTS_CACHED", "(sizeof)", &size);
	ck_assert_uint_eq(r->rmargs_size, size);
	qbase = must_field(r->version, tsv, "GSP_ARGUMENTS_CACHED", "messageQueueInitArguments", NULL);
	got = malloc(size);
	want = calloc(1, size);
	memset(got, 0xa5, size);	/* the builder must clear what it does not set */
	r->build_rmargs(got, &q);

	ck_assert(expect_field(want, tsv, M, "sharedMemPhysAddr", qbase, q.shared_mem_addr));
	ck_assert(expect_field(want, tsv, M, "pageTableEntryCount", qbase, q.pte_count));
	ck_assert(expect_field(want, tsv, M, "cmdQueueOffset", qbase, q.cmdq_offset));
	ck_assert(expect_field(want, tsv, M, "statQueueOffset", qbase, q.statq_offset));
	/* Lockless offsets stay 0 where they exist (protocol.md §1.1). */
	expect_field(want, tsv, M, "locklessCmdQueueOffset", qbase, 0);
	/* 570: nouveau r570 and nova set bDmemStack = 1 (protocol.md §3.3). */
	ck_assert_int_eq(expect_field(want, tsv, "GSP_ARGUMENTS_CACHED", "bDmemStack", 0, 1),
			 strcmp(r->version, "570.144") == 0);
	compare_image(r->version, "GSP_ARGUMENTS_CACHED", got, want, size);
	free(got);
	free(want);
	free(tsv);
}
END_TEST

START_TEST(build_wpr_meta_at_tsv_offsets)
{
	const struct nvcore_fw_release *r = releases[_i]->rel;
	char *tsv = slurp(releases[_i], "layout.tsv");
	const char *W = "GspFwWprMeta";
	struct nvcore_wpr_layout l;
	size_t size;
	u8 *got, *want;

	/* Distinct values, so a field written to the wrong place shows. */
	l = (struct nvcore_wpr_layout){
		.fb_size = 0x600000000ull, .image_addr = 0x1001000, .image_size = 0x2477000,
		.bootloader_addr = 0x1002000, .bootloader_size = 0x3000,
		.bl_code_offset = 0x100, .bl_data_offset = 0x200, .bl_manifest_offset = 0x300,
		.signature_addr = 0x1003000, .signature_size = 0x1000,
		.non_wpr_heap_offset = 0x5f0000000ull, .non_wpr_heap_size = 0x100000,
		.wpr_start = 0x5f0100000ull, .heap_offset = 0x5f0200000ull, .heap_size = 0x5400000,
		.fw_offset = 0x5f5600000ull, .boot_bin_offset = 0x5f7a80000ull,
		.frts_offset = 0x5ffe00000ull, .frts_size = 0x100000, .wpr_end = 0x5fff00000ull,
		.vga_offset = 0x5fffe0000ull, .vga_size = 0x20000,
		.pmu_reserved_size = 0x820000, .flags = 0x3,
	};
	must_field(r->version, tsv, W, "(sizeof)", &size);
	ck_assert_uint_eq(size, 256);
	got = malloc(size);
	want = calloc(1, size);
	memset(got, 0xa5, size);
	r->build_wpr_meta(got, &l);

#define WF(f, v) ck_assert(expect_field(want, tsv, W, f, 0, v))
	WF("magic", 0xdc3aae21371a60b3ull);
	WF("revision", 1);
	WF("sysmemAddrOfRadix3Elf", l.image_addr);
	WF("sizeOfRadix3Elf", l.image_size);
	WF("sysmemAddrOfBootloader", l.bootloader_addr);
	WF("sizeOfBootloader", l.bootloader_size);
	WF("bootloaderCodeOffset", l.bl_code_offset);
	WF("bootloaderDataOffset", l.bl_data_offset);
	WF("bootloaderManifestOffset", l.bl_manifest_offset);
	WF("sysmemAddrOfSignature", l.signature_addr);
	WF("sizeOfSignature", l.signature_size);
	WF("gspFwRsvdStart", l.non_wpr_heap_offset);
	WF("nonWprHeapOffset", l.non_wpr_heap_offset);
	WF("nonWprHeapSize", l.non_wpr_heap_size);
	WF("gspFwWprStart", l.wpr_start);
	WF("gspFwHeapOffset", l.heap_offset);
	WF("gspFwHeapSize", l.heap_size);
	WF("gspFwOffset", l.fw_offset);
	WF("bootBinOffset", l.boot_bin_offset);
	WF("frtsOffset", l.frts_offset);
	WF("frtsSize", l.frts_size);
	WF("gspFwWprEnd", l.wpr_end);
	WF("fbSize", l.fb_size);
	WF("vgaWorkspaceOffset", l.vga_offset);
	WF("vgaWorkspaceSize", l.vga_size);
#undef WF
	/* Fields only some releases have: written exactly where they exist. */
	ck_assert_int_eq(expect_field(want, tsv, W, "flags", 0, l.flags),
			 strcmp(r->version, "535.113.01") != 0);
	ck_assert_int_eq(expect_field(want, tsv, W, "pmuReservedSize", 0, l.pmu_reserved_size),
			 strcmp(r->version, "570.144") == 0);
	compare_image(r->version, "GspFwWprMeta", got, want, size);
	free(got);
	free(want);
	free(tsv);
}
END_TEST

START_TEST(build_system_info_at_tsv_offsets)
{
	const struct nvcore_fw_release *r = releases[_i]->rel;
	char *tsv = slurp(releases[_i], "layout.tsv");
	const char *G = "GspSystemInfo";
	const struct nvcore_sysinfo_args s = {
		.bar0_addr = 0xf2000000ull, .bar1_addr = 0x38000000000ull,
		.bar3_addr = 0x38800000000ull, .dbdf = 0x0100, .max_user_va = 0x7ffffffff000ull,
		.pci_vendor = 0x10de, .pci_device = 0x2236,
		.pci_subsystem_vendor = 0x10de, .pci_subsystem_device = 0x1482,
		.pci_revision = 0xa1,
	};
	bool has_pci;
	size_t size;
	u8 *got, *want;

	must_field(r->version, tsv, G, "(sizeof)", &size);
	ck_assert_uint_eq(r->system_info_size, size);
	got = malloc(size);
	want = calloc(1, size);
	memset(got, 0xa5, size);
	r->build_system_info(got, &s);

	ck_assert(expect_field(want, tsv, G, "gpuPhysAddr", 0, s.bar0_addr));
	ck_assert(expect_field(want, tsv, G, "gpuPhysFbAddr", 0, s.bar1_addr));
	ck_assert(expect_field(want, tsv, G, "gpuPhysInstAddr", 0, s.bar3_addr));
	ck_assert(expect_field(want, tsv, G, "nvDomainBusDeviceFunc", 0, s.dbdf));
	ck_assert(expect_field(want, tsv, G, "maxUserVa", 0, s.max_user_va));
	ck_assert(expect_field(want, tsv, G, "pciConfigMirrorBase", 0, 0x88000));
	ck_assert(expect_field(want, tsv, G, "pciConfigMirrorSize", 0, 0x1000));
	/* 570: PCI identity and host page size (protocol.md §2.4). */
	has_pci = expect_field(want, tsv, G, "PCIDeviceID", 0, 0x223610deu);
	ck_assert_int_eq(has_pci, strcmp(r->version, "570.144") == 0);
	if (has_pci) {
		ck_assert(expect_field(want, tsv, G, "PCISubDeviceID", 0, 0x148210deu));
		ck_assert(expect_field(want, tsv, G, "PCIRevisionID", 0, 0xa1));
		ck_assert(expect_field(want, tsv, G, "hostPageSize", 0, 4096));
	}
	compare_image(r->version, "GspSystemInfo", got, want, size);
	free(got);
	free(want);
	free(tsv);
}
END_TEST

START_TEST(parse_static_info_at_tsv_offsets)
{
	const struct nvcore_fw_release *r = releases[_i]->rel;
	char *tsv = slurp(releases[_i], "layout.tsv");
	const char *G = "GspStaticConfigInfo";
	struct nvcore_static_info out;
	size_t size, name_off, name_size;
	u8 *img;

	must_field(r->version, tsv, G, "(sizeof)", &size);
	ck_assert_uint_eq(r->static_info_size, size);
	img = calloc(1, size);
	name_off = must_field(r->version, tsv, G, "gpuNameString", &name_size);
	memset(img + name_off, 'x', name_size);	/* unterminated: must be cut */
	memcpy(img + name_off, "NVIDIA L40S", 11);
	img[name_off + 11] = 0;
	ck_assert(expect_field(img, tsv, G, "fb_length", 0, 48ull << 30));
	ck_assert(expect_field(img, tsv, G, "hInternalClient", 0, 0xc1e00004));
	ck_assert(expect_field(img, tsv, G, "hInternalDevice", 0, 0xde1d0000));
	ck_assert(expect_field(img, tsv, G, "hInternalSubdevice", 0, 0x5d1d0000));
	ck_assert(expect_field(img, tsv, G, "sriovMaxGfid", 0, 32));
	memset(&out, 0x5a, sizeof(out));
	r->parse_static_info(img, &out);
	ck_assert_str_eq(out.gpu_name, "NVIDIA L40S");
	ck_assert_uint_eq(out.fb_length, 48ull << 30);
	ck_assert_uint_eq(out.h_internal_client, 0xc1e00004);
	ck_assert_uint_eq(out.h_internal_device, 0xde1d0000);
	ck_assert_uint_eq(out.h_internal_subdevice, 0x5d1d0000);
	ck_assert_uint_eq(out.max_gfid, 32);
	/* A name filling the whole field is cut, never read past. */
	memset(img + name_off, 'y', name_size);
	r->parse_static_info(img, &out);
	ck_assert_uint_eq(strlen(out.gpu_name), sizeof(out.gpu_name) - 1);
	free(img);
	free(tsv);
}
END_TEST

/* Release-level facts from protocol.md (§1.3, §3.3, §5), per release. */
START_TEST(release_facts)
{
	static const struct {
		const char *version;
		bool csum_whole;
		u32 carveout, min, max;
		bool gh100;
		u32 features_from_fw, features;
		int kind_101c;		/* what event 0x101c means (protocol.md §2.3) */
		const char *name_1020;
	} facts[] = {
		{ "570.144", false, 22, 88, 280, true, 0x3,
		  NVCORE_FEATURE_UVM | NVCORE_FEATURE_VGPU_MIG_REFACTORING,
		  NVCORE_EVENT_LOCKDOWN_NOTICE, "GSP_POST_NOCAT_RECORD" },
		{ "535.261.03", false, 20, 84, 276, true, 0x3, NVCORE_FEATURE_UVM,
		  NVCORE_EVENT_NVLINK_FAULT, NULL },
		{ "535.113.01", true, 20, 84, 276, false, 0x3, NVCORE_FEATURE_UVM,
		  NVCORE_EVENT_NVLINK_FAULT, NULL },
	};
	const struct nvcore_fw_release *r = releases[_i]->rel;
	const struct nvcore_fw_event *ev;

	/* Every release is checked; the list is newest first; found by name. */
	ck_assert_uint_eq(N_RELEASES, nvcore_fw_num_releases);
	ck_assert_ptr_eq(nvcore_fw_releases[_i], r);
	ck_assert_ptr_eq(nvcore_fw_release_find(r->version), r);
	ck_assert_str_eq(r->version, facts[_i].version);
	ck_assert_int_eq(r->csum_whole_elements, facts[_i].csum_whole);
	ck_assert_uint_eq(r->wpr_heap_mib.os_carveout, facts[_i].carveout);
	ck_assert_uint_eq(r->wpr_heap_mib.min, facts[_i].min);
	ck_assert_uint_eq(r->wpr_heap_mib.max, facts[_i].max);
	ck_assert(nvcore_fw_release_supports(r, "ga102"));
	ck_assert(nvcore_fw_release_supports(r, "ad102"));
	ck_assert_int_eq(nvcore_fw_release_supports(r, "gh100"), facts[_i].gh100);
	/* linux-firmware ships nvidia/ga100/gsp/ files for 535.113.01 only. */
	ck_assert_int_eq(nvcore_fw_release_supports(r, "ga100"),
			 !strcmp(r->version, "535.113.01"));
	/* Unknown gspFeatures bits are dropped, known ones mapped. */
	ck_assert_uint_eq(nvcore_fw_map_features(r, facts[_i].features_from_fw | 0x80000000u),
			  facts[_i].features);
	/* The same raw event number means different things per release. */
	ev = nvcore_fw_event_lookup(r, 0x101c);
	ck_assert_ptr_nonnull(ev);
	ck_assert_int_eq(ev->kind, facts[_i].kind_101c);
	ev = nvcore_fw_event_lookup(r, 0x1020);
	if (facts[_i].name_1020)
		ck_assert_str_eq(ev->name, facts[_i].name_1020);
	else
		ck_assert_ptr_null(ev);
}
END_TEST

Suite *abi_suite(void)
{
	Suite *s = suite_create("abi");
	unsigned int i;

	for (i = 0; i < N_RELEASES; i++) {
		TCase *tc = tcase_create(releases[i]->rel->version);

		tcase_add_loop_test(tc, layouts_match_release, i, i + 1);
		tcase_add_loop_test(tc, constants_match_release, i, i + 1);
		tcase_add_loop_test(tc, build_rmargs_at_tsv_offsets, i, i + 1);
		tcase_add_loop_test(tc, build_wpr_meta_at_tsv_offsets, i, i + 1);
		tcase_add_loop_test(tc, build_system_info_at_tsv_offsets, i, i + 1);
		tcase_add_loop_test(tc, parse_static_info_at_tsv_offsets, i, i + 1);
		tcase_add_loop_test(tc, release_facts, i, i + 1);
		suite_add_tcase(s, tc);
	}
	return s;
}
