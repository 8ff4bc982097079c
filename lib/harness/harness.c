// SPDX-License-Identifier: MIT
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <limits.h>
#include <dirent.h>
#include <sys/stat.h>
#include <unistd.h>

#include <linux/pci.h>

#include "core.h"

#include "harness.h"
#include <fwfile.h>

/* The test firmware tree (emu/fwgen): every chip × release, real files linked in. */
#ifndef NVCORE_TEST_FW_DIR
#error "NVCORE_TEST_FW_DIR: the test firmware tree (meson test_fw_dir)"
#endif

static void live_watch(struct nvh *h);
static void live_update(struct nvh *h);

static uint32_t mmio_read(void *ctx, uint64_t off)
{
	return gspm_mmio_read32(((struct nvh *)ctx)->m, (uint32_t)off);
}

static void mmio_write(void *ctx, uint64_t off, uint32_t val)
{
	gspm_mmio_write32(((struct nvh *)ctx)->m, (uint32_t)off, val);
}

/* The VFs' BAR0 aperture and their FLR (model: vgpu.c). */
static uint32_t vf_mmio_read(void *ctx, uint64_t off)
{
	return gspm_vf_mmio_read32(((struct nvh *)ctx)->m, off);
}

static void vf_mmio_write(void *ctx, uint64_t off, uint32_t val)
{
	gspm_vf_mmio_write32(((struct nvh *)ctx)->m, off, val);
}

static uint32_t vf_bar1_read(void *ctx, uint64_t off)
{
	return gspm_vf_bar_read32(((struct nvh *)ctx)->m, 1, off);
}

static void vf_bar1_write(void *ctx, uint64_t off, uint32_t val)
{
	gspm_vf_bar_write32(((struct nvh *)ctx)->m, 1, off, val);
}

static uint32_t vf_bar3_read(void *ctx, uint64_t off)
{
	return gspm_vf_bar_read32(((struct nvh *)ctx)->m, 3, off);
}

static void vf_bar3_write(void *ctx, uint64_t off, uint32_t val)
{
	gspm_vf_bar_write32(((struct nvh *)ctx)->m, 3, off, val);
}

/* A VF's MSI-X message, to the VF's pci_dev (kshim applies enable and masks). */
static void vf_msix(void *ctx, int vf_id, unsigned int vector)
{
	struct pci_dev *vf = kshim_pci_vf(((struct nvh *)ctx)->pdev, vf_id);

	if (vf)
		kshim_pci_msix(vf, vector);
}

static void vf_flr(void *ctx, int vf_id)
{
	gspm_vf_flr(((struct nvh *)ctx)->m, vf_id);
}

static int dma_read(void *ctx, uint64_t addr, void *buf, size_t len)
{
	return kshim_dma_read(((struct nvh *)ctx)->pdev, addr, buf, len);
}

static int dma_write(void *ctx, uint64_t addr, const void *buf, size_t len)
{
	return kshim_dma_write(((struct nvh *)ctx)->pdev, addr, buf, len);
}

static void *dma_ptr(void *ctx, uint64_t addr, size_t len, const uint64_t **epoch)
{
	*epoch = kshim_dma_epoch();
	return kshim_dma_ptr(((struct nvh *)ctx)->pdev, addr, len);
}

static void set_irq(void *ctx, int level)
{
	kshim_pci_set_irq(((struct nvh *)ctx)->pdev, level);
}

static void model_log(void *ctx, enum gspm_log_level lvl, const char *msg)
{
	if (lvl >= GSPM_LOG_VIOLATION || getenv("KSHIM_VERBOSE"))
		fprintf(stderr, "gsp-model: %s\n", msg);
}

static uint64_t next_deadline(void *ctx)
{
	return gspm_next_deadline(((struct nvh *)ctx)->m);
}

static void advance(void *ctx, uint64_t now)
{
	gspm_advance(((struct nvh *)ctx)->m, now);
}

uint64_t nvh_seed(void)
{
	const char *s = getenv("NVCORE_SEED");
	unsigned long long v;
	char *end;

	if (!s)
		return 0x6e76636f7265ull;
	errno = 0;
	v = strtoull(s, &end, 0);
	if (!*s || *s == '-' || *end || errno) {
		fprintf(stderr, "NVCORE_SEED: '%s' is not an unsigned number (decimal or 0x hex)\n", s);
		exit(2);
	}
	return v;
}

struct nvh_target nvh_target = { GSPM_CHIP_GA102, "535.113.01" };


/* The chip names are the model's (its chips table, nvidia/<name>/gsp/). */
int nvh_parse_chip(const char *name, enum gspm_chip *chip)
{
	return gspm_chip_by_name(name, chip);
}

const char *nvh_chip_name(enum gspm_chip chip)
{
	const char *name = gspm_chip_name(chip);

	return name ? name : "?";
}

int nvh_check_release(const char *prog, const char *release)
{
	unsigned int i;

	if (nvcore_fw_release_find(release))
		return 0;
	fprintf(stderr, "%s: --release: '%s' is not a release nvcore supports (", prog, release);
	for (i = 0; i < nvcore_fw_num_releases; i++)
		fprintf(stderr, "%s%s", i ? ", " : "", nvcore_fw_releases[i]->version);
	fprintf(stderr, ")\n");
	return -1;
}

void nvh_set_fw_dir(const char *argv0, const char *dir)
{
	struct stat st;

	if (stat(dir, &st)) {
		fprintf(stderr, "%s: --fw-dir: '%s': %s\n", argv0, dir, strerror(errno));
		exit(2);
	}
	if (!S_ISDIR(st.st_mode)) {
		fprintf(stderr, "%s: --fw-dir: '%s' is not a directory\n", argv0, dir);
		exit(2);
	}
	nvh_target.fw_dir = dir;
}

int nvh_getopt(int argc, char **argv, const char *optstring, const struct option *longopts,
	       void (*usage)(FILE *f, const char *argv0), enum gspm_chip *chip,
	       const char **release)
{
	char so[64];
	int c;

	snprintf(so, sizeof(so), ":%s", optstring);	/* ':' missing value, '?' unknown */
	opterr = 0;
	for (;;) {
		c = getopt_long(argc, argv, so, longopts, NULL);
		switch (c) {
		case 'c':
			if (nvh_parse_chip(optarg, chip)) {
				fprintf(stderr, "%s: --chip: unknown chip '%s' (ga102..ga107, ad102..ad107, gh100)\n",
					argv[0], optarg);
				exit(2);
			}
			break;
		case 'r':
			if (nvh_check_release(argv[0], optarg))
				exit(2);
			*release = optarg;
			break;
		case 'h':
			usage(stdout, argv[0]);
			exit(0);
		case 'V':
			printf("nvcore %s\n", NVCORE_VERSION);
			exit(0);
		case ':':
			fprintf(stderr, "%s: option %s needs a value (try --help)\n", argv[0],
				argv[optind - 1]);
			exit(2);
		case '?':
			fprintf(stderr, "%s: unknown option %s (try --help)\n", argv[0], argv[optind - 1]);
			exit(2);
		default:
			return c;
		}
	}
}

struct nvh_opts nvh_defaults(void)
{
	struct nvh_opts o = {
		.chip = nvh_target.chip, .fw_release = nvh_target.release, .fw_dir = nvh_target.fw_dir,
		.seed = nvh_seed(), .strict = true,
	};
	return o;
}

/* alloc:CLASS:N of a fault spec: the model's classes are kshim's, in order. */
static void alloc_fault(void *ctx, enum gspm_alloc_class c, unsigned long nth)
{
	static const enum kshim_alloc_class k[] = {
		[GSPM_ALLOC_ANY] = KSHIM_ALLOC_ANY, [GSPM_ALLOC_KMALLOC] = KSHIM_ALLOC_HEAP,
		[GSPM_ALLOC_DMA] = KSHIM_ALLOC_DMA, [GSPM_ALLOC_FIRMWARE] = KSHIM_ALLOC_FIRMWARE,
	};

	kshim_alloc_fail_nth(k[c], (long)nth);
}

/* Put the model's GPU on kshim's PCI bus, where h->o places it. */
/* The device is h's before the driver probes it (nvh_replug: the driver is loaded). */
static void device_added(void *ctx, struct pci_dev *pdev)
{
	((struct nvh *)ctx)->pdev = pdev;
}

static void add_device(struct nvh *h)
{
	struct kshim_pci_desc d = { .bus = 1, .added = device_added, .added_ctx = h };
	struct gspm_pci_id id;
	struct gspm_sriov sr;
	unsigned int i;

	gspm_pci_identity(h->m, &id);
	gspm_pci_sriov(h->m, &sr);
	d.sriov = (struct kshim_sriov_desc){
		.pos = sr.pos, .initial_vfs = sr.initial_vfs, .total_vfs = sr.total_vfs,
		.vf_offset = sr.first_vf_offset, .vf_stride = sr.vf_stride,
		.vf_device = sr.vf_device,
		.vf_bar_size = { sr.vf_bar0_size, sr.vf_bar1_size, 0, sr.vf_bar2_size },
		.vf_bar_64 = { false, true, false, true },
		.vf_bar_ops = { &h->vf_bar0, &h->vf_bar1, NULL, &h->vf_bar3 },
		.vf_flr = vf_flr, .vf_flr_ctx = h,
	};
	d.vendor = id.vendor;
	d.device = id.device;
	d.subsystem_vendor = id.subsystem_vendor;
	d.subsystem_device = id.subsystem_device;
	d.revision = id.revision;
	d.class_code = id.class_code;
	d.bar_size[0] = id.bar0_size;
	d.bar_size[1] = id.bar1_size;
	d.bar_size[3] = id.bar3_size;
	if (h->o.placed) {
		d.bus = h->o.bus;
		d.slot = h->o.slot;
		d.func = h->o.func;
		for (i = 0; i < 6; i++)
			d.bar_addr[i] = h->o.bar_addr[i];
	}
	d.bar_ops[0] = &h->bar0;
	kshim_pci_add(&d);
	snprintf(h->bdf, sizeof(h->bdf), "%s", pci_name(h->pdev));
}

/* The GPU as it powers on (GFW boot completed), from h->o; exits 2 if it cannot. */
static void power_on(struct nvh *h)
{
	const struct nvh_opts *o = &h->o;
	struct gspm_host_ops ops = {
		.ctx = h, .dma_read = dma_read, .dma_write = dma_write, .dma_ptr = dma_ptr,
		.set_irq = set_irq, .log = model_log, .vf_msix = vf_msix,
	};
	struct gspm_config cfg = {
		.chip = o->chip,
		.fw_release = o->fw_release,
		.fw_dir = o->fw_dir ? o->fw_dir : NVCORE_TEST_FW_DIR,
		.seed = o->seed,
		.strict = o->strict,
		.wpr2_up_at_power_on = o->wpr2_up_at_power_on,
		.falcon_reset_ready_stuck = o->falcon_reset_ready_stuck,
	};
	char err[256];

	h->m = gspm_create(&cfg, &ops, err, sizeof(err));
	if (!h->m) {
		fprintf(stderr, "harness: gsp-model: %s\n", err);
		exit(2);
	}
}

void nvh_reset_gpu(struct nvh *h)
{
	gspm_destroy(h->m);
	power_on(h);
}

void nvh_start(struct nvh *h, const struct nvh_opts *o)
{
	static const struct kshim_mmio_ops bar0_ops = { .read32 = mmio_read, .write32 = mmio_write };
	static const struct kshim_mmio_ops vf_bar0_ops = { .read32 = vf_mmio_read,
							   .write32 = vf_mmio_write };
	static const struct kshim_mmio_ops vf_bar1_ops = { .read32 = vf_bar1_read,
							   .write32 = vf_bar1_write };
	static const struct kshim_mmio_ops vf_bar3_ops = { .read32 = vf_bar3_read,
							   .write32 = vf_bar3_write };
	struct kshim_clock_client clk = { .ctx = h, .next_deadline = next_deadline,
					  .advance = advance };
	char err[256];

	memset(h, 0, sizeof(*h));
	h->o = *o;
	kshim_init(o->seed);
	kshim_set_firmware_dir(o->fw_dir ? o->fw_dir : NVCORE_TEST_FW_DIR);
	if (kshim_set_param("nvcore", "fw_release", o->fw_release)) {
		fprintf(stderr, "harness: cannot set nvcore.fw_release\n");
		exit(2);
	}
	power_on(h);
	h->bar0 = bar0_ops;
	h->bar0.ctx = h;
	h->vf_bar0 = vf_bar0_ops;
	h->vf_bar0.ctx = h;
	h->vf_bar1 = vf_bar1_ops;
	h->vf_bar1.ctx = h;
	h->vf_bar3 = vf_bar3_ops;
	h->vf_bar3.ctx = h;
	kshim_add_clock_client(&clk);
	live_watch(h);

	/* The device exists before the driver registers, as at boot. */
	add_device(h);
	if (o->trace && nvh_trace_enable(h)) {
		fprintf(stderr, "harness: cannot enable nvcore.trace\n");
		exit(2);
	}
	if (o->fault && gspm_fault_arm(h->m, o->fault, alloc_fault, NULL, err, sizeof(err))) {
		fprintf(stderr, "harness: %s\n", err);
		exit(2);
	}
	if (o->before_probe)
		o->before_probe(h);
	kshim_load_modules();
	h->probe_ret = kshim_pci_probe_result(h->pdev);
	live_update(h);
}

void nvh_fw_preload_of(const char *chip, const char *release)
{
	const char *dir = nvh_target.fw_dir ? nvh_target.fw_dir : NVCORE_TEST_FW_DIR;
	char gsp[PATH_MAX], suffix[64], path[PATH_MAX + 256];
	struct dirent *e;
	DIR *d;

	snprintf(gsp, sizeof(gsp), "%s/nvidia/%s/gsp", dir, chip);
	snprintf(suffix, sizeof(suffix), "-%s.bin", release);
	d = opendir(gsp);
	if (!d)
		return;		/* no files: the runs say so themselves */
	while ((e = readdir(d))) {
		size_t n = strlen(e->d_name), k = strlen(suffix);

		if (n <= k || strcmp(e->d_name + n - k, suffix))
			continue;
		snprintf(path, sizeof(path), "%s/%s", gsp, e->d_name);
		fwfile_preload(path);	/* a file it cannot read is read (and reported) per run */
	}
	closedir(d);
	/* The release's vGPU metadata file (driver/vgpu/nvvgpu_fw.h), CRC'd at every attach. */
	snprintf(path, sizeof(path), "%s/nvidia/vgpu-%s.bin", dir, release);
	fwfile_preload(path);
}

void nvh_fw_preload(void)
{
	nvh_fw_preload_of(nvh_chip_name(nvh_target.chip), nvh_target.release);
}

struct nvcore_dev *nvh_dev(struct nvh *h)
{
	return pci_get_drvdata(h->pdev);
}

/* ---- failure bundles ------------------------------------------------------------ */

const char *nvh_suite_name;
const char *nvh_test_name;
/* Check's current test case, where Check is linked in (the conformance binary). */
extern const char *tcase_name(void) __attribute__((weak));

static char *dup_mem(const char *p, size_t n)
{
	char *d = malloc(n + 1);

	if (d) {
		memcpy(d, p, n);
		d[n] = 0;
	}
	return d;
}

void nvh_capture_history(struct nvh *h, struct nvh_capture *c)
{
	static char before[1 << 20], after[1 << 20];
	struct nvcore_dev *nd = h->pdev ? pci_get_drvdata(h->pdev) : NULL;
	size_t a, b;

	free(c->history);
	c->history = NULL;
	if (!nd || !nd->core) {
		c->history = strdup("(no device: probe failed or already removed)\n");
		return;
	}
	a = kshim_log_copy(before, sizeof(before));
	nvcore_rpc_dump_history(nd, "failure bundle");
	b = kshim_log_copy(after, sizeof(after));
	/* The dump is what the log gained (the log keeps its tail when full). */
	if (b > a && !memcmp(before, after, a))
		c->history = dup_mem(after + a, b - a);
	else
		c->history = dup_mem(after, b);
}

void nvh_capture(struct nvh *h, struct nvh_capture *c)
{
	static char buf[1 << 20];
	size_t n;

	c->seed = h->o.seed;
	if (h->m) {
		n = gspm_describe(h->m, buf, sizeof(buf));
		free(c->model);
		c->model = dup_mem(buf, n < sizeof(buf) ? n : sizeof(buf) - 1);
	}
	n = kshim_log_copy(buf, sizeof(buf));
	free(c->log);
	c->log = dup_mem(buf, n < sizeof(buf) ? n : sizeof(buf) - 1);
}

void nvh_capture_free(struct nvh_capture *c)
{
	free(c->history);
	free(c->model);
	free(c->log);
	free(c->trace);
	memset(c, 0, sizeof(*c));
}

static int mkdirs(const char *path)
{
	char tmp[1024];
	char *p;

	snprintf(tmp, sizeof(tmp), "%s", path);
	for (p = tmp + 1; *p; p++)
		if (*p == '/') {
			*p = 0;
			if (mkdir(tmp, 0777) && errno != EEXIST)
				return -1;
			*p = '/';
		}
	return mkdir(tmp, 0777) && errno != EEXIST ? -1 : 0;
}

static int put_file(const char *dir, const char *name, const char *text, size_t len)
{
	char path[1200];
	FILE *f;
	int ret = 0;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "wb");
	if (!f)
		return -1;
	if (len && fwrite(text, 1, len, f) != len)
		ret = -1;
	if (fclose(f))
		ret = -1;
	return ret;
}

static void clean_name(char *s)
{
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') ||
		      *s == '.' || *s == '_' || *s == '-'))
			*s = '_';
}

int nvh_bundle_write(const struct nvh_capture *c, const char *dir, const char *suite,
		     const char *test, const char *why, const char *repro, char *out, size_t outlen)
{
	const char *base = getenv("NVCORE_BUNDLE_DIR");
	char name[512], path[1024], seed[32];

	if (base && !strcmp(base, "off"))
		return -1;
	if (!dir || !dir[0]) {
		snprintf(name, sizeof(name), "%s-%s-0x%llx", suite ? suite : "run", test ? test : "test",
			 (unsigned long long)c->seed);
		clean_name(name);
		snprintf(path, sizeof(path), "%s/%s", base && base[0] ? base : NVCORE_BUILD_DIR "/failures", name);
		dir = path;
	}
	if (dir == path) {
		struct stat st;
		size_t l = strlen(path);
		unsigned int k;

		/* Several failures of one test and seed: one bundle each. */
		for (k = 2; !stat(path, &st) && k < 1000; k++)
			snprintf(path + l, sizeof(path) - l, "-%u", k);
	}
	if (mkdirs(dir))
		return -1;
	snprintf(seed, sizeof(seed), "0x%llx\n", (unsigned long long)c->seed);
	if (put_file(dir, "seed", seed, strlen(seed)) ||
	    put_file(dir, "why.txt", why ? why : "", why ? strlen(why) : 0) ||
	    put_file(dir, "repro", repro ? repro : "", repro ? strlen(repro) : 0) ||
	    put_file(dir, "rpc-history.txt", c->history ? c->history : "(not taken)\n",
		     strlen(c->history ? c->history : "(not taken)\n")) ||
	    put_file(dir, "model.txt", c->model ? c->model : "", c->model ? strlen(c->model) : 0) ||
	    put_file(dir, "driver.log", c->log ? c->log : "", c->log ? strlen(c->log) : 0) ||
	    (c->trace && put_file(dir, "trace.jsonl", c->trace, c->trace_len)))
		return -1;
	snprintf(out, outlen, "%s", dir);
	return 0;
}

/*
 * The conformance bundle: the seed, the command that reruns this
 * combination's suite, and the state now.  Called from nvh_report and when
 * a test process exits with a run still up (a failed assertion).
 */
static void conformance_bundle(struct nvh *h, const char *why)
{
	struct nvh_capture c = { 0 };
	const char *test = nvh_test_name ? nvh_test_name : getenv("NVCORE_TEST_NAME");

	if (!test && tcase_name)
		test = tcase_name();
	char repro[PATH_MAX + 256], dir[1024];

	nvh_capture_history(h, &c);
	nvh_capture(h, &c);
	if (h->o.trace)
		c.trace = nvh_trace_collect(h, &c.trace_len);
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	const char *base;

	exe[n > 0 ? n : 0] = 0;
	base = strrchr(exe, '/') ? strrchr(exe, '/') + 1 : exe;
	/* Absolute, so that it works from any directory; the suite when there is one. */
	snprintf(repro, sizeof(repro), "NVCORE_SEED=0x%llx %s --chip %s --release %s%s%s\n",
		 (unsigned long long)h->o.seed, exe, nvh_chip_name(h->o.chip), h->o.fw_release,
		 nvh_suite_name ? " " : "", nvh_suite_name ? nvh_suite_name : "");
	if (!nvh_bundle_write(&c, NULL, nvh_suite_name ? nvh_suite_name : base,
			      test ? test : "test", why, repro, dir, sizeof(dir)))
		fprintf(stderr, "failure bundle: %s\nreproduce: %s", dir, repro);
	nvh_capture_free(&c);
}

/* A test that dies in an assertion exits with its run still up. */
static struct nvh *live;
static struct nvh live_copy;

static void at_exit(void)
{
	if (!live)
		return;
	live = NULL;
	conformance_bundle(&live_copy, "the process exited with a run still up (a failed assertion?)");
}

static void live_watch(struct nvh *h)
{
	static bool registered;

	if (!registered) {
		atexit(at_exit);
		registered = true;
	}
	live = h;
}

static void live_update(struct nvh *h)
{
	if (live == h)
		live_copy = *h;
}

void nvh_report(struct nvh *h, const char *why)
{
	static char log[1 << 20];
	unsigned int i, n = kshim_failure_count();
	size_t len;

	fprintf(stderr, "=== %s (seed 0x%llx; rerun with NVCORE_SEED=0x%llx)\n", why,
		(unsigned long long)h->o.seed, (unsigned long long)h->o.seed);
	for (i = 0; i < n; i++)
		fprintf(stderr, "kshim failure: %s\n", kshim_failure(i));
	for (i = 0; h->m && i < gspm_violation_count(h->m); i++)
		fprintf(stderr, "model violation: %s\n", gspm_violation(h->m, i));
	len = kshim_log_copy(log, sizeof(log));
	fprintf(stderr, "--- kernel log (%zu bytes) ---\n%s", len, log);
	conformance_bundle(h, why);
}

void nvh_remove(struct nvh *h)
{
	if (h->pdev)
		kshim_pci_remove(h->pdev);
	h->pdev = NULL;
	live_update(h);
}

int nvh_replug(struct nvh *h)
{
	add_device(h);
	h->probe_ret = kshim_pci_probe_result(h->pdev);
	live_update(h);
	return h->probe_ret;
}

unsigned int nvh_stop(struct nvh *h)
{
	unsigned int violations, failures;

	if (h->pdev)
		kshim_pci_remove(h->pdev);
	h->pdev = NULL;		/* removed: nvh_report must not reach its driver data */
	kshim_unload_modules();
	kshim_remove_clock_client(h);
	if (live == h)
		live = NULL;
	violations = gspm_violation_count(h->m);
	failures = kshim_failure_count();
	if (violations || failures)
		nvh_report(h, "run ended with failures");
	failures = kshim_fini();
	gspm_destroy(h->m);
	h->m = NULL;
	return failures + violations;
}

int nvh_echo(struct nvcore_dev *nd, size_t len, unsigned int salt)
{
	unsigned char *p = malloc(len ? len : 1);
	size_t i;
	int ret;

	for (i = 0; i < len; i++)
		p[i] = (unsigned char)(i * 7 + salt);
	ret = nvcore_rm_control_raw(nd, nd->core->boot.sinfo.h_internal_client,
				    nd->core->boot.sinfo.h_internal_subdevice,
				    GSPM_CTRL_CMD_TEST_ECHO, p, len, NULL);
	for (i = 0; !ret && i < len; i++)
		if (p[i] != (unsigned char)((i * 7 + salt) ^ 0x5a)) {
			fprintf(stderr, "echo of %zu bytes: byte %zu is 0x%02x\n", len, i, p[i]);
			ret = -EBADMSG;
		}
	free(p);
	return ret;
}

int nvh_rm_tree(const char *dir)
{
	char path[PATH_MAX];
	struct dirent *e;
	struct stat st;
	DIR *d = opendir(dir);

	while (d && (e = readdir(d))) {
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		if (!lstat(path, &st) && S_ISDIR(st.st_mode))
			nvh_rm_tree(path);
		else
			unlink(path);
	}
	if (d)
		closedir(d);
	return rmdir(dir);
}

int nvh_trace_enable(struct nvh *h)
{
	return kshim_set_param("nvcore", "trace", "1");
}

const char *nvh_trace_path(struct nvh *h, const char *file)
{
	static char path[128];

	snprintf(path, sizeof(path), "nvcore/%s/%s", h->bdf, file);
	return path;
}

/*
 * The module writes only what it knows into the header; the seed the model
 * ran with is the harness's to add (docs/trace-format.md): "seed" goes where
 * the format puts it, before "source".  The buffer has room: collect leaves
 * SEED_ROOM bytes free after the text.
 */
#define SEED_ROOM	2200		/* add_seed's field at most */
#define READ_ROOM	(4 << 10)	/* nvh_trace_collect reads at least this much at a time */

static int add_seed(struct nvh *h, char *text, size_t *n)
{
	char *eol, *at, field[SEED_ROOM];
	size_t fl;

	if (strncmp(text, "{\"nvtrace\":", 11))
		return 0;	/* no header: a later read of the same recording */
	eol = strchr(text, '\n');
	at = strstr(text, ",\"source\":");
	if (!eol || !at || at > eol) {
		fprintf(stderr, "harness: %s: the trace header has no \"source\": %.*s\n",
			nvh_trace_path(h, "trace"), (int)(eol ? eol - text : 200), text);
		return -1;
	}
	/* The fault spec too, if the run had one (its characters need no JSON escape). */
	fl = (size_t)snprintf(field, sizeof(field), ",\"seed\":\"0x%llx\"%s%s%s",
			      (unsigned long long)h->o.seed, h->o.fault ? ",\"fault\":\"" : "",
			      h->o.fault ? h->o.fault : "", h->o.fault ? "\"" : "");
	memmove(at + fl, at, *n - (size_t)(at - text) + 1);
	memcpy(at, field, fl);
	*n += fl;
	return 0;
}

char *nvh_trace_collect(struct nvh *h, size_t *len)
{
	const char *path = nvh_trace_path(h, "trace");
	size_t cap = READ_ROOM + SEED_ROOM, n = 0;
	char *text = malloc(cap), *grown;
	ssize_t got;

	/*
	 * Each read drains what fits (a line longer than the room comes in
	 * pieces); an empty read means the ring is empty.  The text grows by
	 * doubling, with room for add_seed's field, from a couple of pages: a
	 * fixed mebibyte or two per collection, most of it never written, cost
	 * its fill under MALLOC_PERTURB_ and its page faults (bench/RESULTS.md,
	 * `meson test` round 5), and so did a fixed 256 KiB start, where most
	 * collections of the conformance suites are under a KiB
	 * (bench/RESULTS.md casefaults).
	 */
	if (!text)
		return NULL;
	for (;;) {
		if (cap - n < READ_ROOM + SEED_ROOM) {
			cap *= 2;
			grown = realloc(text, cap);
			if (!grown) {
				free(text);
				return NULL;
			}
			text = grown;
		}
		got = kshim_debugfs_read(path, text + n, cap - n - SEED_ROOM);
		if (got <= 0)
			break;
		n += (size_t)got;
	}
	text[n] = '\0';
	if (got < 0 || add_seed(h, text, &n)) {
		free(text);
		return NULL;
	}
	if (len)
		*len = n;
	return text;
}
