// SPDX-License-Identifier: MIT
/*
 * nvcore-bench: what the emulated stack costs, each figure printed beside a
 * baseline measured in the same process (interleaved, medians of rounds),
 * so that the ratio holds on a noisy machine.  README.md says what each
 * baseline is and why; RESULTS.md keeps the latest table.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/resource.h>
#include <sys/wait.h>

#include "core.h"
#include "harness.h"
#include "replay.h"
#include "tclient.h"

#define MAX_ROUNDS	31
#define SMALL_LEN	64		/* echo payload of a small RPC */
#define LARGE_LEN	(256u << 10)
#define SUBMITTERS	4
/*
 * Figures and baselines are CPU time of this process: the emulated stack
 * runs on one thread, and on a shared machine wall time mostly measures the
 * other jobs.  Boot is also given in wall time.
 */
#define MEASURE		CLOCK_PROCESS_CPUTIME_ID

static unsigned int rounds = 7;
static unsigned int scale = 1;	/* --quick: every batch divided by 50 */
static const char *only;	/* --only rpc|<release>|boot|replay|fuzz */
static int errors;

static uint64_t ns_now(clockid_t clk)
{
	struct timespec ts;

	clock_gettime(clk, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static unsigned int batch(unsigned int n)
{
	return n / scale ? n / scale : 1;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static double median(double *v, unsigned int n)
{
	qsort(v, n, sizeof(*v), cmp_double);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

static void fail(const char *what)
{
	fprintf(stderr, "nvcore-bench: %s\n", what);
	errors++;
}

/* ---- the table --------------------------------------------------------------- */

enum unit { NS_OP, MBPS, RECPS, BYTES, EXECPS };

static void value_text(char *buf, size_t len, enum unit u, double v)
{
	switch (u) {
	case NS_OP:
		if (v >= 1e6)
			snprintf(buf, len, "%.2f ms", v / 1e6);
		else
			snprintf(buf, len, "%.2f us", v / 1e3);
		break;
	case MBPS:
		snprintf(buf, len, "%.0f MB/s", v);
		break;
	case RECPS:
		snprintf(buf, len, "%.0f rec/s", v);
		break;
	case BYTES:
		snprintf(buf, len, "%.0f KiB", v / 1024);
		break;
	case EXECPS:
		snprintf(buf, len, "%.0f exec/s", v);
		break;
	}
}

/*
 * One row.  ratio is how many baselines the figure costs (time over time,
 * or the baseline's rate over the figure's); target 0 means none is set.
 */
static void row(const char *figure, enum unit u, double v, const char *baseline, double b,
		double ratio, double target)
{
	char vt[32], bt[32], tt[32] = "-", met[8] = "";

	value_text(vt, sizeof(vt), u, v);
	value_text(bt, sizeof(bt), u, b);
	if (target) {
		snprintf(tt, sizeof(tt), "<= %gx", target);
		snprintf(met, sizeof(met), "%s", ratio <= target ? "met" : "MISSED");
	}
	printf("| %-44s | %13s | %-38s | %13s | %6.1fx | %-6s %-6s |\n", figure, vt, baseline, bt,
	       ratio, tt, met);
	fflush(stdout);
}

/* ---- the floor of a small round trip ------------------------------------------------ */

/*
 * What a round trip costs at least: the command element written into a
 * single-producer ring and read out of it, then the reply the same way.
 * Writing is the copy into the slot and the release's checksum
 * (_checkSum32: XOR of the u64 words, folded; over the whole element where
 * the release says so, else over the bytes in use, protocol.md §1.3);
 * reading is the copy out of shared memory and the checksum over that copy.
 */
#define SLOTS	16

struct ring {
	uint8_t slot[SLOTS][NVCORE_QUEUE_PAGE] __attribute__((aligned(64)));
	uint32_t wp, rp;
};

/*
 * As fast as the driver and the model compute it (two 32-byte vectors of
 * running XORs, AVX2 where the CPU has it: target_clones), so that the
 * floor stays a floor.
 */
typedef uint64_t csum_lane __attribute__((vector_size(32)));

#ifndef __has_feature
#define __has_feature(x) 0	/* gcc before 14 */
#endif
/* Not under TSan: the clones' resolver runs, instrumented, before TSan's runtime is up. */
#if defined(__SANITIZE_THREAD__) || __has_feature(thread_sanitizer)
#define CSUM_CLONES
#else
#define CSUM_CLONES __attribute__((target_clones("avx2", "default")))
#endif

CSUM_CLONES
static uint32_t csum32(const void *buf, size_t len)
{
	const uint8_t *p = buf;
	csum_lane x0 = { 0 }, x1 = { 0 }, b0, b1;
	uint64_t x = 0, w;
	size_t i = 0;

	for (; i + 2 * sizeof(b0) <= len; i += 2 * sizeof(b0)) {
		memcpy(&b0, p + i, sizeof(b0));
		memcpy(&b1, p + i + sizeof(b0), sizeof(b1));
		x0 ^= b0;
		x1 ^= b1;
	}
	x0 ^= x1;
	for (int k = 0; k < 4; k++)
		x ^= x0[k];
	for (; i + 8 <= len; i += 8) {
		memcpy(&w, p + i, 8);
		x ^= w;
	}
	return (uint32_t)x ^ (uint32_t)(x >> 32);
}

static size_t csum_cover(bool whole, size_t elem_len)
{
	return whole ? NVCORE_QUEUE_PAGE : (elem_len + 7) & ~(size_t)7;
}

static void ring_put(struct ring *r, const void *rec, size_t len, uint32_t seq, bool whole)
{
	uint8_t *e = r->slot[r->wp];
	struct GSP_MSG_QUEUE_ELEMENT *h = (void *)e;
	size_t elem = GSP_MSG_QUEUE_ELEMENT_HDR_SIZE + len;

	memcpy(e + GSP_MSG_QUEUE_ELEMENT_HDR_SIZE, rec, len);
	h->seqNum = seq;
	h->elemCount = 1;
	h->checkSum = 0;
	if (elem % 8)
		memset(e + elem, 0, 8 - elem % 8);
	h->checkSum = csum32(e, csum_cover(whole, elem));
	__atomic_store_n(&r->wp, (r->wp + 1) % SLOTS, __ATOMIC_RELEASE);
}

static size_t ring_get(struct ring *r, uint8_t *out, size_t len, bool whole)
{
	size_t elem = GSP_MSG_QUEUE_ELEMENT_HDR_SIZE + len, n = csum_cover(whole, elem);

	if (__atomic_load_n(&r->wp, __ATOMIC_ACQUIRE) == r->rp)
		return 0;
	memcpy(out, r->slot[r->rp], n);
	r->rp = (r->rp + 1) % SLOTS;
	return csum32(out, n) ? 0 : n;
}

struct floor_ctx {
	bool whole;
	size_t len;		/* the RPC record: header, control header, payload */
	struct ring cmdq, statq;
	uint8_t rec[NVCORE_QUEUE_PAGE], gsp[NVCORE_QUEUE_PAGE], host[NVCORE_QUEUE_PAGE];
};

static double floor_round(struct floor_ctx *f)
{
	unsigned int n = batch(200000);
	uint64_t t0 = ns_now(MEASURE);

	for (unsigned int i = 0; i < n; i++) {
		ring_put(&f->cmdq, f->rec, f->len, i, f->whole);
		if (!ring_get(&f->cmdq, f->gsp, f->len, f->whole))
			abort();
		ring_put(&f->statq, f->gsp + GSP_MSG_QUEUE_ELEMENT_HDR_SIZE, f->len, i, f->whole);
		if (!ring_get(&f->statq, f->host, f->len, f->whole))
			abort();
	}
	return (double)(ns_now(MEASURE) - t0) / n;
}

/* ---- RPCs through the client API -------------------------------------------------- */

static int echo(void *buf, size_t len)
{
	return nvcore_rm_control(nvh_tc.client, nvcore_client_handle(nvh_tc.client),
				 GSPM_CTRL_CMD_TEST_ECHO, buf, (u32)len, NULL);
}

/* The model XORs every byte with 0x5a: after n round trips a byte is its start ^ (n odd). */
static void fill(uint8_t *p, size_t len, unsigned int salt)
{
	for (size_t i = 0; i < len; i++)
		p[i] = (uint8_t)(i * 7 + salt);
}

static bool echoed(const uint8_t *p, size_t len, unsigned int salt, unsigned long n)
{
	uint8_t flip = n % 2 ? 0x5a : 0;

	for (size_t i = 0; i < len; i++)
		if (p[i] != (uint8_t)((i * 7 + salt) ^ flip))
			return false;
	return true;
}

struct submitter {
	uint8_t buf[SMALL_LEN];
	unsigned int n, salt;
	int ret;
};

static int submit(void *arg)
{
	struct submitter *s = arg;

	for (unsigned int i = 0; i < s->n && !s->ret; i++)
		s->ret = echo(s->buf, sizeof(s->buf));
	return 0;
}

/* ns per RPC with `tasks` kshim tasks submitting at once (1: the main task alone). */
static double echo_round(unsigned int tasks, size_t len, unsigned int n)
{
	static uint8_t large[LARGE_LEN];
	struct submitter s[SUBMITTERS];
	struct kshim_task *t[SUBMITTERS];
	uint64_t t0;

	for (unsigned int i = 0; i < tasks; i++) {
		s[i] = (struct submitter){ .n = n, .salt = i };
		fill(s[i].buf, sizeof(s[i].buf), i);
	}
	fill(large, len, 7);
	t0 = ns_now(MEASURE);
	if (len > SMALL_LEN) {
		for (unsigned int i = 0; i < n && !s[0].ret; i++)
			s[0].ret = echo(large, len);
	} else if (tasks == 1) {
		submit(&s[0]);
	} else {
		for (unsigned int i = 0; i < tasks; i++)
			t[i] = kshim_task_start("bench-submitter", submit, &s[i]);
		for (unsigned int i = 0; i < tasks; i++)
			kshim_task_join(t[i]);
	}
	t0 = ns_now(MEASURE) - t0;
	for (unsigned int i = 0; i < tasks; i++) {
		bool ok = len > SMALL_LEN ? echoed(large, len, 7, n) : echoed(s[i].buf, len, i, n);

		if (s[i].ret || !ok) {
			fail(s[i].ret ? "an echo RPC failed" : "an echo came back wrong");
			return 0;
		}
	}
	return (double)t0 / ((double)n * tasks);
}

static double memcpy_twice_round(void)
{
	static uint8_t a[LARGE_LEN], b[LARGE_LEN], c[LARGE_LEN];
	unsigned int n = batch(2000);
	uint64_t t0;

	fill(a, sizeof(a), 3);
	memcpy(b, a, sizeof(a));	/* every page touched before the clock starts */
	memcpy(c, a, sizeof(a));
	t0 = ns_now(MEASURE);
	for (unsigned int i = 0; i < n; i++) {
		a[0] = (uint8_t)i;
		memcpy(b, a, sizeof(a));
		__asm__ volatile("" ::: "memory");
		memcpy(c, b, sizeof(b));
		__asm__ volatile("" ::: "memory");
	}
	t0 = ns_now(MEASURE) - t0;
	if (memcmp(a, c, sizeof(a)))
		abort();
	return (double)t0 / n;
}

static bool boot(struct nvh *h, enum gspm_chip chip, const char *release)
{
	struct nvh_opts o = nvh_defaults();

	o.chip = chip;
	o.fw_release = release;
	nvh_start(h, &o);
	if (h->probe_ret) {
		fprintf(stderr, "nvcore-bench: %s %s: probe failed: %d\n", nvh_chip_name(chip),
			release, h->probe_ret);
		errors++;
		nvh_stop(h);
		return false;
	}
	return true;
}

static void stop(struct nvh *h)
{
	if (nvh_stop(h))
		fail("the run ended with kshim failures or model violations (above)");
}

static void bench_rpc(const char *release)
{
	const struct nvcore_fw_release *rel = nvcore_fw_release_find(release);
	static struct floor_ctx f;
	double fig[MAX_ROUNDS], base[MAX_ROUNDS], v, b;
	char name[64];
	struct nvh h;

	if (!boot(&h, GSPM_CHIP_GA102, release))
		return;
	if (nvh_tclient_start(NVCORE_API_VERSION)) {
		fail("the test client did not attach");
		stop(&h);
		return;
	}
	memset(&f, 0, sizeof(f));
	f.whole = rel->csum_whole_elements;
	f.len = sizeof(struct rpc_message_header_v) + sizeof(struct rpc_gsp_rm_control_v03_00) +
		SMALL_LEN;
	echo_round(1, SMALL_LEN, 10);	/* warm up */

	for (unsigned int tasks = 1; tasks <= SUBMITTERS; tasks += SUBMITTERS - 1) {
		for (unsigned int i = 0; i < rounds; i++) {
			base[i] = floor_round(&f);
			fig[i] = echo_round(tasks, SMALL_LEN, batch(20000) / tasks);
		}
		v = median(fig, rounds);
		b = median(base, rounds);
		snprintf(name, sizeof(name), "small echo RPC, %s, %u submitter%s", release, tasks,
			 tasks > 1 ? "s" : "");
		row(name, NS_OP, v, f.whole ? "floor: ring copy + checksum (page)" :
			"floor: ring copy + checksum (bytes)", b, v / b, 3);
	}

	for (unsigned int i = 0; i < rounds; i++) {
		base[i] = memcpy_twice_round();
		fig[i] = echo_round(1, LARGE_LEN, batch(200));
	}
	v = median(fig, rounds);
	b = median(base, rounds);
	snprintf(name, sizeof(name), "256 KiB echo RPC, %s", release);
	row(name, MBPS, LARGE_LEN / v * 1e3, "memcpy of the bytes twice", LARGE_LEN / b * 1e3,
	    v / b, 3);

	nvh_tclient_stop();
	stop(&h);
}

/* ---- boot, memory, replay ------------------------------------------------------------ */

/* Wall and CPU time of reading the file into memory once, as request_firmware does. */
static void read_file(const char *path, double *wall, double *cpu)
{
	uint64_t w = ns_now(CLOCK_MONOTONIC), c = ns_now(CLOCK_PROCESS_CPUTIME_ID);
	FILE *f = fopen(path, "rb");
	long size;
	char *buf;

	if (!f || fseek(f, 0, SEEK_END) || (size = ftell(f)) < 0 || fseek(f, 0, SEEK_SET)) {
		fprintf(stderr, "nvcore-bench: %s: %s\n", path, strerror(errno));
		exit(2);
	}
	buf = malloc((size_t)size);
	if (!buf || fread(buf, 1, (size_t)size, f) != (size_t)size) {
		fprintf(stderr, "nvcore-bench: %s: short read\n", path);
		exit(2);
	}
	fclose(f);
	free(buf);
	*cpu = (double)(ns_now(CLOCK_PROCESS_CPUTIME_ID) - c);
	*wall = (double)(ns_now(CLOCK_MONOTONIC) - w);
}

static void bench_boot(enum gspm_chip chip, const char *release)
{
	double wall[MAX_ROUNDS], cpu[MAX_ROUNDS], rwall[MAX_ROUNDS], rcpu[MAX_ROUNDS];
	double mem = 0, qlog = 0, v, b;
	char path[512], name[64];
	struct nvh h;

	snprintf(path, sizeof(path), "%s/nvidia/%s/gsp/gsp-%s.bin", NVCORE_TEST_FW_DIR,
		 nvh_chip_name(chip), release);
	for (unsigned int i = 0; i < rounds; i++) {
		uint64_t w, c;

		read_file(path, &rwall[i], &rcpu[i]);
		w = ns_now(CLOCK_MONOTONIC);
		c = ns_now(CLOCK_PROCESS_CPUTIME_ID);
		if (!boot(&h, chip, release))
			return;
		cpu[i] = (double)(ns_now(CLOCK_PROCESS_CPUTIME_ID) - c);
		wall[i] = (double)(ns_now(CLOCK_MONOTONIC) - w);
		if (!i) {
			struct nvcore_core_state *core = nvh_dev(&h)->core;

			qlog = core->rpc.q.shm.size;
			for (unsigned int l = 0; l < ARRAY_SIZE(core->boot.logs); l++)
				qlog += core->boot.logs[l].size;
			mem = kshim_bytes_allocated() - qlog;
		}
		stop(&h);
	}
	snprintf(name, sizeof(name), "boot to ready, %s %s, wall", nvh_chip_name(chip), release);
	v = median(wall, rounds);
	b = median(rwall, rounds);
	row(name, NS_OP, v, "reading the firmware image once, wall", b, v / b, 0);
	snprintf(name, sizeof(name), "boot to ready, %s %s, CPU", nvh_chip_name(chip), release);
	v = median(cpu, rounds);
	b = median(rcpu, rounds);
	row(name, NS_OP, v, "reading the firmware image once, CPU", b, v / b, 0);
	snprintf(name, sizeof(name), "driver memory after boot, %s %s", nvh_chip_name(chip),
		 release);
	row(name, BYTES, mem, "its queues and log buffers", qlog, mem / qlog, 0);
}

static void bench_replay(const char *path)
{
	double fig[MAX_ROUNDS], base[MAX_ROUNDS], v, b;
	struct nvt_replay_opts o = { .quiet = true, .bundle_dir = "" };
	struct nvt_trace *t;
	char err[512];
	size_t n = 0;

	o.out = fopen("/dev/null", "w");
	for (unsigned int i = 0; i < rounds; i++) {
		struct nvt_replay_result res = { 0 };
		uint64_t t0 = ns_now(MEASURE);

		t = nvt_load(path, err, sizeof(err));
		if (!t) {
			fprintf(stderr, "nvcore-bench: %s\n", err);
			exit(2);
		}
		base[i] = (double)(ns_now(MEASURE) - t0);
		n = t->n;
		t0 = ns_now(MEASURE);
		if (nvt_replay(t, &o, &res) != NVT_OK)
			fail("the trace did not replay");
		fig[i] = (double)(ns_now(MEASURE) - t0);
		nvt_free(res.got);
		nvt_free(t);
	}
	fclose(o.out);
	v = median(fig, rounds);
	b = median(base, rounds);
	row("trace replay, ga102 570.144 rpc.jsonl", RECPS, n / v * 1e9,
	    "loading (parsing) the same trace", n / b * 1e9, v / b, 0);
}

/* ---- fuzz targets (a build with -Dfuzz=enabled) ------------------------------------------ */

/* Where the fuzz_* executables are: this build's fuzz/, or --fuzz-build's. */
#ifdef FUZZ_BIN_DIR
static const char *fuzz_bin_dir = FUZZ_BIN_DIR;
#else
static const char *fuzz_bin_dir;
#endif

/*
 * Runs a libFuzzer target as a child: the executions it made
 * (-print_final_stats) and the CPU time they took.  False, the child's last
 * lines printed, when it did not finish cleanly (a crash it found, a leak).
 */
static bool fuzz_child(char *const argv[], unsigned long *units, double *cpu_ns)
{
	char line[512], tail[8][512] = { { 0 } };
	unsigned int lines = 0;
	struct rusage ru;
	int fd[2], status;
	pid_t pid;
	FILE *f;

	if (pipe(fd) || (pid = fork()) < 0) {
		fprintf(stderr, "nvcore-bench: %s: %s\n", argv[0], strerror(errno));
		return false;
	}
	if (!pid) {
		dup2(fd[1], STDOUT_FILENO);
		dup2(fd[1], STDERR_FILENO);
		close(fd[0]);
		close(fd[1]);
		execv(argv[0], argv);
		fprintf(stderr, "cannot run %s: %s\n", argv[0], strerror(errno));
		_exit(127);
	}
	close(fd[1]);
	*units = 0;
	f = fdopen(fd[0], "r");
	while (f && fgets(line, sizeof(line), f)) {
		sscanf(line, "stat::number_of_executed_units: %lu", units);
		snprintf(tail[lines++ % 8], sizeof(tail[0]), "%s", line);
	}
	if (f)
		fclose(f);
	if (wait4(pid, &status, 0, &ru) != pid || !WIFEXITED(status) || WEXITSTATUS(status) ||
	    !*units) {
		fprintf(stderr, "nvcore-bench: %s did not finish cleanly; its last lines:\n", argv[0]);
		for (unsigned int i = lines > 8 ? lines - 8 : 0; i < lines; i++)
			fprintf(stderr, "  %s", tail[i % 8]);
		return false;
	}
	*cpu_ns = (ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1e9 +
		  (ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) * 1e3;
	return true;
}

/*
 * One target: its corpus, then as many mutations as its smoke test makes
 * (fixed seed; new inputs into a scratch directory), in executions per CPU
 * second; beside it the same target as often on the empty input, which is
 * what every input pays before its bytes are looked at (the fixture).
 */
static void bench_fuzz_target(const char *name, unsigned int runs, unsigned int n_rounds)
{
	char exe[512], corpus[512], dict[512], dictarg[600], runsarg[32], scratch[] = "/tmp/nvcore-bench-XXXXXX";
	char empty[600], rname[64];
	double fig[MAX_ROUNDS], base[MAX_ROUNDS], v, b;

	snprintf(exe, sizeof(exe), "%s/fuzz_%s", fuzz_bin_dir, name);
	if (access(exe, X_OK)) {
		fprintf(stderr, "nvcore-bench: %s: %s (the fuzz rows need a built clang build with -Dfuzz=enabled)\n",
			exe, strerror(errno));
		errors++;
		return;
	}
	snprintf(corpus, sizeof(corpus), "%s/corpus/%s", FUZZ_SRC_DIR, name);
	snprintf(dict, sizeof(dict), "%s/%s.dict", FUZZ_SRC_DIR, name);
	snprintf(dictarg, sizeof(dictarg), "-dict=%s", dict);
	snprintf(runsarg, sizeof(runsarg), "-runs=%u", runs);
	for (unsigned int i = 0; i < n_rounds; i++) {
		char *fuzz_argv[] = { exe, runsarg, "-seed=1", "-timeout=60", "-print_final_stats=1",
				      scratch, corpus, access(dict, R_OK) ? NULL : dictarg, NULL };
		char *empty_argv[] = { exe, runsarg, "-print_final_stats=1", empty, NULL };
		unsigned long units;
		FILE *f;
		bool ok;

		memcpy(scratch + strlen(scratch) - 6, "XXXXXX", 6);
		if (!mkdtemp(scratch)) {
			fprintf(stderr, "nvcore-bench: mkdtemp: %s\n", strerror(errno));
			exit(2);
		}
		snprintf(empty, sizeof(empty), "%s/empty-input", scratch);
		f = fopen(empty, "w");
		if (!f) {
			fprintf(stderr, "nvcore-bench: %s: %s\n", empty, strerror(errno));
			exit(2);
		}
		fclose(f);
		ok = fuzz_child(empty_argv, &units, &base[i]);
		base[i] = ok ? units / base[i] * 1e9 : 0;
		ok = ok && fuzz_child(fuzz_argv, &units, &fig[i]);
		fig[i] = ok ? units / fig[i] * 1e9 : 0;
		if (nvh_rm_tree(scratch))
			fprintf(stderr, "nvcore-bench: cannot remove %s: %s\n", scratch, strerror(errno));
		if (!ok) {
			fail("a fuzz target failed (above)");
			return;
		}
	}
	v = median(fig, n_rounds);
	b = median(base, n_rounds);
	snprintf(rname, sizeof(rname), "fuzz_%s, corpus + %u mutations", name, runs);
	row(rname, EXECPS, v, "the empty input, as many runs", b, b / v, 0);
}

/* FUZZ_TARGETS: "name:runs,..." from fuzz/meson.build (each smoke test's -runs). */
static void bench_fuzz(void)
{
	char list[] = FUZZ_TARGETS, *save = NULL;

	if (!fuzz_bin_dir) {
		printf("\nNo fuzz rows: this build has no fuzz targets; --fuzz-build DIR names a clang build with -Dfuzz=enabled that has (README.md).\n");
		return;
	}
	for (char *t = strtok_r(list, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
		char *colon = strchr(t, ':');
		unsigned int runs = (unsigned int)atoi(colon + 1);

		*colon = 0;
		bench_fuzz_target(t, batch(runs) < 2 ? 2 : batch(runs), rounds < 3 ? rounds : 3);
	}
}

static bool want(const char *part)
{
	return !only || !strcmp(only, part);
}

/* ---- main ------------------------------------------------------------------------------ */

static void describe_machine(void)
{
	char line[256], model[256] = "unknown CPU";
	FILE *f = fopen("/proc/cpuinfo", "r");

	while (f && fgets(line, sizeof(line), f))
		if (!strncmp(line, "model name", 10) && strchr(line, ':')) {
			snprintf(model, sizeof(model), "%s", strchr(line, ':') + 2);
			model[strcspn(model, "\n")] = 0;
			break;
		}
	if (f)
		fclose(f);
	printf("nvcore-bench: %s, %ld cores online, %s build, medians of %u rounds\n\n", model,
	       sysconf(_SC_NPROCESSORS_ONLN),
#ifdef __OPTIMIZE__
	       "optimized",
#else
	       "UNOPTIMIZED (figures mean little: use a --buildtype=release build)",
#endif
	       rounds);
}

static void usage(FILE *f, const char *prog)
{
	fprintf(f, "usage: %s [--quick] [--rounds N] [--only PART] [--fuzz-build DIR]\n"
		"Prints what the emulated stack costs, each figure beside a baseline measured\n"
		"beside it, with their ratio and the target where one is set (bench/README.md).\n"
		"  --quick      one short round of everything (batches divided by 50)\n"
		"  --rounds N   rounds to take the medians of, 1..%d (default 7; the fuzz rows\n"
		"               take at most 3)\n"
		"  --only PART  rpc, one release's RPC rows (e.g. 570.144), boot, replay, or fuzz\n"
		"  --fuzz-build DIR  the fuzz rows run DIR's libFuzzer targets (a clang build with\n"
		"               -Dfuzz=enabled; default: this build's own, when it has them)\n"
		"Exit status: 0 every run worked (a missed target is printed, not an error),\n"
		"1 a measured run failed, 2 a usage error.\n", prog, MAX_ROUNDS);
}

int main(int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
			usage(stdout, argv[0]);
			return 0;
		} else if (!strcmp(argv[i], "--quick")) {
			scale = 50;
			rounds = 1;
		} else if (!strcmp(argv[i], "--only") && i + 1 < argc) {
			only = argv[++i];
		} else if (!strcmp(argv[i], "--fuzz-build") && i + 1 < argc) {
			static char dir[512];

			snprintf(dir, sizeof(dir), "%s/fuzz", argv[++i]);
			fuzz_bin_dir = dir;
			if (access(dir, X_OK)) {
				fprintf(stderr, "%s: --fuzz-build %s: %s: %s\n", argv[0], argv[i], dir,
					strerror(errno));
				return 2;
			}
		} else if (!strcmp(argv[i], "--rounds") && i + 1 < argc && atoi(argv[i + 1]) > 0 &&
			   atoi(argv[i + 1]) <= MAX_ROUNDS) {
			rounds = (unsigned int)atoi(argv[++i]);
		} else {
			fprintf(stderr, "%s: bad argument '%s'\n", argv[0], argv[i]);
			usage(stderr, argv[0]);
			return 2;
		}
	}
	if (only && strcmp(only, "rpc") && strcmp(only, "boot") && strcmp(only, "replay") &&
	    strcmp(only, "fuzz") && !nvcore_fw_release_find(only)) {
		fprintf(stderr, "%s: --only %s: not a part (rpc, boot, replay, fuzz) nor a release\n",
			argv[0], only);
		return 2;
	}
	if (only && !strcmp(only, "fuzz") && !fuzz_bin_dir) {
		fprintf(stderr, "%s: no fuzz targets in this build: --fuzz-build DIR names a clang build with -Dfuzz=enabled (README.md)\n",
			argv[0]);
		return 2;
	}
	if (access(NVCORE_TEST_FW_DIR "/nvidia", R_OK)) {
		fprintf(stderr, "%s: the test firmware tree %s is not built: `meson compile -C <build> bench` builds it first\n",
			argv[0], NVCORE_TEST_FW_DIR);
		return 2;
	}
	describe_machine();
	printf("| %-44s | %13s | %-38s | %13s | %7s | %-13s |\n", "figure", "value",
	       "baseline (measured beside it)", "value", "ratio", "target");
	printf("|%s|---------------|%s|---------------|---------|---------------|\n",
	       "----------------------------------------------",
	       "----------------------------------------");
	for (int r = (int)nvcore_fw_num_releases - 1; r >= 0; r--)
		if (want("rpc") || want(nvcore_fw_releases[r]->version))
			bench_rpc(nvcore_fw_releases[r]->version);
	if (want("boot")) {
		bench_boot(GSPM_CHIP_GA102, "535.113.01");
		bench_boot(GSPM_CHIP_AD102, "535.113.01");
		bench_boot(GSPM_CHIP_GH100, "570.144");
	}
	if (want("replay"))
		bench_replay(TRACES_DIR "/ga102/570.144/rpc.jsonl");
	if (want("fuzz"))
		bench_fuzz();
	return errors ? 1 : 0;
}
