// SPDX-License-Identifier: MIT
/*
 * gsptrace: the nvtrace v1 tool (docs/trace-format.md).
 *
 *   gsptrace replay TRACE... [--strict|--lenient] [--seed N] [--bundle DIR] [--quiet] [--json]
 *   gsptrace diff A B [--time]
 *   gsptrace record --chip C --release R --scenario boot|rpc|irq|unload|refused|vgpu [-o FILE]
 *   gsptrace minimize TRACE [-o FILE] [--emit-check FILE] [--max-runs N] [--seed N]
 *   gsptrace matrix [DIR] [-j N] [--json]
 *   gsptrace show ...            (show.c)
 *   gsptrace import ...          (import.c)
 *
 * Subcommands live in the table `subcmds` below: one line each; each parses
 * its options with gsptrace_getopt (--opt=value and --opt value, --help,
 * --version, one-line usage errors exiting 2).
 */
#include <dirent.h>
#include <errno.h>
#include <jansson.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>

#include "core.h"
#include "harness.h"

#include "compare.h"
#include "nvtrace.h"
#include "replay.h"

#include "gsptrace.h"

static double wall(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

int gsptrace_getopt(int argc, char **argv, const char *shortopts, const struct option *lo,
		    const char *help)
{
	char so[64];
	int c;

	snprintf(so, sizeof(so), ":%shV", shortopts);
	opterr = 0;
	c = getopt_long(argc, argv, so, lo, NULL);
	switch (c) {
	case 'h':
		fputs(help, stdout);
		return 'h';
	case 'V':
		printf("nvcore %s\n", NVCORE_VERSION);
		return 'h';
	case ':':
		fprintf(stderr, "gsptrace %s: option %s needs a value (gsptrace %s --help)\n", argv[0],
			argv[optind - 1], argv[0]);
		return '?';
	case '?':
		fprintf(stderr, "gsptrace %s: unknown option %s (gsptrace %s --help)\n", argv[0],
			argv[optind - 1], argv[0]);
		return '?';
	}
	return c;
}

int gsptrace_u64(const char *cmd, const char *opt, const char *s, uint64_t *v)
{
	char *end;

	errno = 0;
	*v = strtoull(s, &end, 0);
	if (!*s || *s == '-' || *end || errno) {
		fprintf(stderr, "gsptrace %s: %s: \"%s\" is not an unsigned number\n", cmd, opt, s);
		return -1;
	}
	return 0;
}

/* ---- replay ------------------------------------------------------------------- */

static const char replay_help[] =
	"usage: gsptrace replay TRACE... [--strict|--lenient] [--seed N] [--bundle DIR] [--quiet]\n"
	"                       [--fw-dir DIR] [--json]\n"
	"Replays each trace against gsp-model with the real driver: the model plays the\n"
	"trace's firmware side (replies, results, dropped and late replies, events, WPR2\n"
	"left up), the driver's recorder records what the driver does, and its host records\n"
	"are compared with the trace's under the default rules of the header's \"source\",\n"
	"extended by the header's own \"tolerate\" list (docs/trace-format.md).  A trace\n"
	"without a seed (hardware) replays with $NVCORE_SEED or the default.  --strict (the\n"
	"default) stops at the first divergence; --lenient goes on and counts.  Prints the first\n"
	"divergence with both lines, both values and context, the driver's RPC history and\n"
	"the check of the header's \"expect\"; a failure writes a bundle (--bundle DIR, else\n"
	"$NVCORE_BUNDLE_DIR or build/failures).  --fw-dir DIR: firmware from DIR (laid out\n"
	"as /lib/firmware, e.g. a new download) instead of the build's test tree.\n"
	"--json: one JSON object per trace on stdout (JSON Lines: verdict, counts, every\n"
	"divergence with its kind, position, expected and got value; docs/trace-format.md),\n"
	"the report on stderr.\n"
	"Exit: 0 every trace replayed identically and met its expectations, 1 a divergence\n"
	"or a failed expectation, 2 bad input or usage.\n";

/* --json for a trace that did not load: its verdict and the loader's "file:line: reason". */
static void replay_json_bad(const char *file, const char *err)
{
	json_t *o = json_object();
	char *text;

	json_object_set_new(o, "trace", json_string(file));
	json_object_set_new(o, "verdict", json_string("bad-input"));
	json_object_set_new(o, "error", json_string(err));
	text = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);
	json_decref(o);
	if (text)
		puts(text);
	free(text);
}

static int cmd_replay(int argc, char **argv)
{
	struct nvt_replay_opts o = { 0 };
	const char **files = calloc(argc, sizeof(char *));
	int i, n = 0, worst = 0;
	bool json = false;

	static const struct option lo[] = {
		{ "strict", no_argument, NULL, 'S' }, { "lenient", no_argument, NULL, 'l' },
		{ "json", no_argument, NULL, 'j' },
		{ "quiet", no_argument, NULL, 'q' }, { "seed", required_argument, NULL, 's' },
		{ "bundle", required_argument, NULL, 'b' }, { "fw-dir", required_argument, NULL, 'F' },
		GSPTRACE_STD_OPTS, { }
	};
	int c;

	while ((c = gsptrace_getopt(argc, argv, "", lo, replay_help)) != -1) {
		switch (c) {
		case 'S':
			o.lenient = false;
			break;
		case 'l':
			o.lenient = true;
			break;
		case 'q':
			o.quiet = true;
			break;
		case 'j':
			json = true;
			o.out = stderr;	/* stdout is the JSON's */
			break;
		case 's':
			if (gsptrace_u64("replay", "--seed", optarg, &o.seed)) {
				free(files);
				return 2;
			}
			o.seed_set = true;
			break;
		case 'b':
			o.bundle_dir = optarg;
			break;
		case 'F':
			nvh_set_fw_dir("gsptrace replay", optarg);
			break;
		default:
			free(files);
			return c == 'h' ? 0 : 2;
		}
	}
	for (i = optind; i < argc; i++)
		files[n++] = argv[i];
	if (!n) {
		fprintf(stderr, "gsptrace replay: no TRACE given (gsptrace replay --help)\n");
		free(files);
		return 2;
	}
	for (i = 0; i < n; i++) {
		struct nvt_replay_result res;
		struct nvt_replay_opts oi = o;
		char err[512], dir[1024];
		struct nvt_trace *t = nvt_load(files[i], err, sizeof(err));
		enum nvt_verdict v;

		if (!t) {
			fprintf(stderr, "%s\n", err);
			if (json)
				replay_json_bad(files[i], err);
			worst = 2;
			continue;
		}
		if (o.bundle_dir && o.bundle_dir[0] && n > 1) {
			const char *s = strrchr(files[i], '/');

			snprintf(dir, sizeof(dir), "%s/%d-%s", o.bundle_dir, i, s ? s + 1 : files[i]);
			oi.bundle_dir = dir;
		}
		if (n > 1 && isatty(2))
			fprintf(stderr, "[%d/%d] %s\n", i + 1, n, files[i]);
		v = nvt_replay(t, &oi, &res);
		if (json) {
			char *text = nvt_replay_json(t, &res);

			if (text)
				puts(text);
			free(text);
			fflush(stdout);
		}
		nvt_free(res.got);
		nvt_free(t);
		if ((int)v > worst && worst != 2)
			worst = v;
		if (v == NVT_BAD_INPUT)
			worst = 2;
	}
	free(files);
	return worst;
}

/* ---- diff ---------------------------------------------------------------------- */

static const char diff_help[] =
	"usage: gsptrace diff A B [--time]\n"
	"Compares two traces record by record: cmd and msg records are aligned by their\n"
	"sequence number (seq), every other record by order within its kind.  Prints each\n"
	"difference with both files' line numbers; payloads show the first differing byte\n"
	"and a hex window.  Times are not compared unless --time.  Tolerate rules are not\n"
	"applied (that is what replay does).  Exit: 0 same, 1 differ, 2 bad input.\n";

struct diff_ctx {
	const struct nvt_trace *a, *b;
	bool time;
	unsigned int shown, count;
};

static void diff_line(struct diff_ctx *c, const struct nvt_record *x, const struct nvt_record *y,
		      const char *what)
{
	char sa[200] = "", sb[200] = "";

	c->count++;
	if (c->shown++ >= 50)
		return;
	if (x)
		nvt_record_summary(x, sa, sizeof(sa));
	if (y)
		nvt_record_summary(y, sb, sizeof(sb));
	printf("%s:%u / %s:%u: %s\n", c->a->file, x ? x->line : 0, c->b->file, y ? y->line : 0, what);
	if (x)
		printf("  < %s\n", sa);
	if (y)
		printf("  > %s\n", sb);
}

static void diff_pair(struct diff_ctx *c, const struct nvt_record *x, const struct nvt_record *y)
{
	char what[256];
	size_t i, n;

	what[0] = 0;
	switch (x->k) {
	case NVT_WR:
	case NVT_RD:
		if (x->reg != y->reg)
			snprintf(what, sizeof(what), "reg 0x%08x != 0x%08x", x->reg, y->reg);
		else if (x->val != y->val)
			snprintf(what, sizeof(what), "val 0x%08x != 0x%08x", x->val, y->val);
		break;
	case NVT_CMD:
	case NVT_MSG:
		if (x->fn != y->fn) {
			snprintf(what, sizeof(what), "fn %u != %u", x->fn, y->fn);
		} else if (x->result != y->result) {
			snprintf(what, sizeof(what), "result 0x%x != 0x%x", x->result, y->result);
		} else if (x->elems != y->elems) {
			snprintf(what, sizeof(what), "elems %u != %u", x->elems, y->elems);
		} else {
			n = x->len < y->len ? x->len : y->len;
			for (i = 0; i < n && x->payload[i] == y->payload[i]; i++)
				;
			if (i < n || x->len != y->len) {
				int k = snprintf(what, sizeof(what), "payload differs at byte %zu (len %u, %u):", i,
						 x->len, y->len);
				size_t j;

				for (j = i >= 4 ? i - 4 : 0; j < i + 8 && j < x->len && k < 120; j++)
					k += snprintf(what + k, sizeof(what) - k, j == i ? " [%02x]" : " %02x", x->payload[j]);
				k += snprintf(what + k, sizeof(what) - k, " |");
				for (j = i >= 4 ? i - 4 : 0; j < i + 8 && j < y->len && k < 240; j++)
					k += snprintf(what + k, sizeof(what) - k, j == i ? " [%02x]" : " %02x", y->payload[j]);
			}
		}
		break;
	case NVT_IRQ:
		if (x->stat != y->stat)
			snprintf(what, sizeof(what), "stat 0x%08x != 0x%08x", x->stat, y->stat);
		break;
	case NVT_STATE:
		if (strcmp(x->state, y->state))
			snprintf(what, sizeof(what), "state %s != %s", x->state, y->state);
		break;
	case NVT_ERR:
		if (strcmp(x->what, y->what) || strcmp(x->extra, y->extra))
			snprintf(what, sizeof(what), "err differs");
		break;
	case NVT_DROP:
		if (x->count != y->count)
			snprintf(what, sizeof(what), "count %llu != %llu", (unsigned long long)x->count,
				 (unsigned long long)y->count);
		break;
	default:
		break;
	}
	if (!what[0] && c->time && x->t != y->t)
		snprintf(what, sizeof(what), "t %llu != %llu", (unsigned long long)x->t,
			 (unsigned long long)y->t);
	if (what[0])
		diff_line(c, x, y, what);
}

static int cmd_diff(int argc, char **argv)
{
	struct diff_ctx c = { 0 };
	const char *fa = NULL, *fb = NULL;
	struct nvt_trace *a, *b;
	char err[512];
	bool *used;
	int k;
	static const struct option lo[] = {
		{ "time", no_argument, NULL, 't' }, GSPTRACE_STD_OPTS, { }
	};

	while ((k = gsptrace_getopt(argc, argv, "", lo, diff_help)) != -1) {
		if (k != 't')
			return k == 'h' ? 0 : 2;
		c.time = true;
	}
	if (argc - optind != 2) {
		fprintf(stderr, "gsptrace diff: needs two traces A B (gsptrace diff --help)\n");
		return 2;
	}
	fa = argv[optind];
	fb = argv[optind + 1];
	a = nvt_load(fa, err, sizeof(err));
	if (!a) {
		fprintf(stderr, "%s\n", err);
		return 2;
	}
	b = nvt_load(fb, err, sizeof(err));
	if (!b) {
		fprintf(stderr, "%s\n", err);
		nvt_free(a);
		return 2;
	}
	c.a = a;
	c.b = b;
	if (strcmp(a->h.chip, b->h.chip) || strcmp(a->h.release, b->h.release)) {
		printf("%s:1 / %s:1: header: %s %s != %s %s\n", a->file, b->file, a->h.chip,
		       a->h.release, b->h.chip, b->h.release);
		c.count++;
	}
	used = calloc(b->n + 1, sizeof(bool));
	for (k = 0; k < NVT_NKINDS; k++) {
		size_t ia = 0, ib = 0;
		bool by_seq = k == NVT_CMD || k == NVT_MSG;

		for (ia = 0; ia < a->n; ia++) {
			const struct nvt_record *x = &a->rec[ia];

			if ((int)x->k != k)
				continue;
			if (by_seq) {
				size_t j;

				for (j = 0; j < b->n; j++)
					if (!used[j] && (int)b->rec[j].k == k && b->rec[j].seq == x->seq)
						break;
				if (j == b->n) {
					diff_line(&c, x, NULL, "only in A");
					continue;
				}
				used[j] = true;
				diff_pair(&c, x, &b->rec[j]);
			} else {
				while (ib < b->n && (int)b->rec[ib].k != k)
					ib++;
				if (ib == b->n) {
					diff_line(&c, x, NULL, "only in A");
					continue;
				}
				used[ib] = true;
				diff_pair(&c, x, &b->rec[ib++]);
			}
		}
		for (ib = 0; ib < b->n; ib++)
			if ((int)b->rec[ib].k == k && !used[ib])
				diff_line(&c, NULL, &b->rec[ib], "only in B");
	}
	if (c.shown > 50)
		printf("... %u more difference(s)\n", c.shown - 50);
	printf("%u difference(s)\n", c.count);
	free(used);
	nvt_free(a);
	nvt_free(b);
	return c.count ? 1 : 0;
}

/* ---- record ---------------------------------------------------------------------- */

static const char record_help[] =
	"usage: gsptrace record --chip C --release R --scenario boot|rpc|irq|unload|refused|vgpu\n"
	"                       [-o|--output FILE] [--seed N] [--fw-dir DIR]\n"
	"Runs an emulated scenario with the driver's recorder on and writes the trace\n"
	"(stdout without -o).  boot: probe until ready; rpc: then echo RPCs through\n"
	"GSP_RM_CONTROL (0, 16, 3000 bytes and one of 66 KiB, continuation records both\n"
	"ways); irq: then events queued with gspm_queue_event (the release's non-boot events\n"
	"and one unknown number) and the interrupts that deliver them; unload: boot, then\n"
	"remove the device (rmmod) and record the unload; refused: a combination nvcore\n"
	"refuses by design (gh100 with 535.113.01): the probe must fail; vgpu: boot with\n"
	"nvcore.vgpu=2, then a vGPU's life (AD102/GH100 on 570.144: manager, two VFs, a\n"
	"type, VFIO open, reset, close, VFs gone; header \"params\" records nvcore.vgpu=2,\n"
	"which replay sets again).  The header gets\n"
	"the scenario and expect {\"probe\":\"ok\"} (refused: the probe's error and the\n"
	"refusal message).  --fw-dir DIR: firmware from DIR instead of the build's test\n"
	"tree.  Exit: 0 written, 1 the run failed, 2 usage.\n";

static int cmd_record(int argc, char **argv)
{
	const char *chip = NULL, *release = NULL, *scenario = NULL, *out = NULL;
	uint64_t seed = 0;
	bool seed_set = false;
	char *text = NULL;
	size_t len = 0;
	int i, ret;

	static const struct option lo[] = {
		{ "chip", required_argument, NULL, 'c' }, { "release", required_argument, NULL, 'r' },
		{ "scenario", required_argument, NULL, 'x' }, { "output", required_argument, NULL, 'o' },
		{ "seed", required_argument, NULL, 's' }, { "fw-dir", required_argument, NULL, 'F' },
		GSPTRACE_STD_OPTS, { }
	};

	while ((i = gsptrace_getopt(argc, argv, "o:", lo, record_help)) != -1) {
		switch (i) {
		case 'c':
			chip = optarg;
			break;
		case 'r':
			release = optarg;
			break;
		case 'x':
			scenario = optarg;
			break;
		case 'o':
			out = optarg;
			break;
		case 's':
			if (gsptrace_u64("record", "--seed", optarg, &seed))
				return 2;
			seed_set = true;
			break;
		case 'F':
			nvh_set_fw_dir("gsptrace record", optarg);
			break;
		default:
			return i == 'h' ? 0 : 2;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "gsptrace record: unexpected argument %s\n", argv[optind]);
		return 2;
	}
	if (!chip || !release || !scenario) {
		fprintf(stderr, "gsptrace record: --chip, --release and --scenario are required (gsptrace record --help)\n");
		return 2;
	}
	if (nvh_check_release("gsptrace record", release))
		return 2;
	ret = nvt_record_scenario(chip, release, scenario, seed, seed_set, &text, &len);
	if (text) {
		FILE *f = out ? fopen(out, "wb") : stdout;

		if (!f) {
			fprintf(stderr, "gsptrace record: %s: %s\n", out, strerror(errno));
			ret = 1;
		} else {
			if (fwrite(text, 1, len, f) != len)
				ret = 1;
			if (out && fclose(f))
				ret = 1;
		}
	}
	free(text);
	return ret;
}

/* ---- minimize -------------------------------------------------------------------- */

static const char minimize_help[] =
	"usage: gsptrace minimize TRACE [-o|--output FILE] [--emit-check FILE] [--max-runs N] [--seed N]\n"
	"Delta-debugging over the trace's records: finds a smaller trace whose replay still\n"
	"fails with the same signature (the replay verdict, the first divergence's kind,\n"
	"field, fn and reg, the driver's first error, the probe result and the expect\n"
	"check); a shrink into another failure is refused.  First cuts everything after the first divergence, then\n"
	"removes chunks of firmware records (rd, msg, irq) while the signature holds (host\n"
	"records before the divergence cannot go: the replay would diverge earlier).\n"
	"Writes the result to -o (default TRACE.min.jsonl); --emit-check writes a\n"
	"self-contained Check test that replays the minimized trace, embedded as a string,\n"
	"and prints the replay's report when it fails; drop it into conformance/field-tests/\n"
	"(docs/trace-format.md).\n"
	"Exit: 0 minimized, 1 the trace does not fail (nothing to keep), 2 bad input.\n";

/*
 * A failure's full signature: the verdict, the first divergence (kind, field,
 * function, register), the driver's first error record (what it gave up on,
 * with its fields), the probe result and whether the header's expect held.
 * minimize keeps all of it, so it never shrinks into another failure.
 */
struct sig {
	enum nvt_verdict v;
	bool div;
	enum nvt_kind k;
	char field[16];
	uint32_t fn, reg;
	char err[200];		/* the replayed run's first err record, "" if none */
	int probe;
	bool expect_ok;
};

struct mini {
	FILE *null;
	uint64_t seed;
	bool seed_set;
	unsigned int runs, max_runs;
	struct sig want;
};

static struct sig run_sig(struct mini *m, const struct nvt_trace *t)
{
	struct nvt_replay_opts o = { .quiet = true, .out = m->null, .bundle_dir = "",
				     .seed = m->seed, .seed_set = m->seed_set };
	struct nvt_replay_result res;
	struct sig s = { 0 };
	size_t i;

	m->runs++;
	s.v = nvt_replay(t, &o, &res);
	s.div = res.cmp.have_first;
	s.probe = res.probe_ret;
	s.expect_ok = res.expect_ok;
	if (s.div) {
		s.k = res.cmp.first.k;
		snprintf(s.field, sizeof(s.field), "%s", res.cmp.first.field);
		s.fn = res.cmp.first.fn;
		s.reg = res.cmp.first.reg;
	}
	for (i = 0; res.got && i < res.got->n; i++)
		if (res.got->rec[i].k == NVT_ERR) {
			snprintf(s.err, sizeof(s.err), "%s %s", res.got->rec[i].what,
				 res.got->rec[i].extra ? res.got->rec[i].extra : "");
			break;
		}
	nvt_free(res.got);
	return s;
}

static bool same_sig(const struct sig *a, const struct sig *b)
{
	return a->v == b->v && a->div == b->div &&
	       (!a->div || (a->k == b->k && !strcmp(a->field, b->field) && a->fn == b->fn &&
			    a->reg == b->reg)) &&
	       !strcmp(a->err, b->err) && a->probe == b->probe && a->expect_ok == b->expect_ok;
}

static void sig_print(FILE *f, const struct sig *s)
{
	char b[32];

	if (s->div)
		fprintf(f, "verdict %d, first divergence: kind %s, field %s, fn %u, reg 0x%08x", s->v,
			nvt_kind_name(s->k), s->field, s->fn, s->reg);
	else
		fprintf(f, "verdict %d, no divergence", s->v);
	fprintf(f, "; error: %s; probe %s; expect %s", s->err[0] ? s->err : "none",
		nvt_errno_name(s->probe, b, sizeof(b)), s->expect_ok ? "met" : "failed");
}

/* A copy of t keeping records whose keep[] is true. */
static struct nvt_trace *subset(const struct nvt_trace *t, const bool *keep)
{
	struct nvt_trace *c = nvt_dup(t);
	size_t i, j = 0;

	for (i = 0; i < t->n; i++) {
		if (keep[i]) {
			j++;
			continue;
		}
		nvt_remove(c, j, 1);
	}
	return c;
}

static bool still_fails(struct mini *m, const struct nvt_trace *t, const bool *keep)
{
	struct nvt_trace *c = subset(t, keep);
	struct sig s = run_sig(m, c);

	nvt_free(c);
	return same_sig(&s, &m->want);
}

static int emit_check(const char *path, const struct nvt_trace *t, const struct sig *s,
		      const char *from)
{
	FILE *f = fopen(path, "w");
	char *line;
	size_t i, j;

	if (!f)
		return -1;
	fprintf(f, "// SPDX-License-Identifier: MIT\n"
		"/*\n * Generated by `gsptrace minimize %s --emit-check`: a self-contained Check\n"
		" * test that replays the minimized trace below against the driver and gsp-model.\n"
		" * As written it asserts the replay is clean (it fails until the divergence is\n"
		" * fixed); built with -DNVT_EXPECT_DIVERGENCE it asserts the recorded signature\n"
		" * instead: ",
		from);
	sig_print(f, s);
	fprintf(f, ".\n * Drop it into conformance/field-tests/ (docs/trace-format.md): as NAME.c it\n"
		" * guards the fix, as NAME.expect-divergence.c it keeps the failure reproducing.\n"
		" */\n#define _GNU_SOURCE\n#include <stdio.h>\n#include <stdlib.h>\n#include <string.h>\n\n"
		"#include <check.h>\n\n#include \"replay.h\"\n\nstatic const char trace_text[] =\n");
	for (i = 0; i <= t->n; i++) {
		line = i == 0 ? nvt_format_header(&t->h) : nvt_format_record(&t->rec[i - 1]);
		if (!line) {
			fclose(f);
			return -1;
		}
		fputs("\t\"", f);
		for (j = 0; line[j]; j++) {
			if (line[j] == '"' || line[j] == '\\')
				fprintf(f, "\\%c", line[j]);
			else if (line[j] == '\n')
				fputs("\\n", f);
			else
				fputc(line[j], f);
			/* keep C string literals within the compiler's comfortable limits */
			if (j && j % 2000 == 0 && line[j + 1])
				fputs("\"\n\t\"", f);
		}
		fputs("\"\n", f);
		free(line);
	}
	/*
	 * The test prints what diverged when it fails: the replay's whole report on
	 * stderr (Check's messages are short), its first divergence in the message.
	 */
	fprintf(f, "\t;\n\n"
		"/* The report's first divergence (or its verdict line) for the failure message. */\n"
		"static const char *summary(const char *report, char *buf, size_t len)\n{\n"
		"\tconst char *p = strstr(report, \"divergence at \");\n\n"
		"\tif (!p)\n\t\tp = strstr(report, \"replay \");\n"
		"\tsnprintf(buf, len, \"%%.*s\", (int)(p ? strcspn(p, \"\\n\") : 0), p ? p : \"\");\n"
		"\treturn buf;\n}\n\n"
		"#define EXPECT(cond, what)\t\t\t\t\t\t\t\t\\\n"
		"\tdo {\t\t\t\t\t\t\t\t\t\\\n"
		"\t\tif (!(cond))\t\t\t\t\t\t\t\\\n"
		"\t\t\tfprintf(stderr, \"--- the replay's report ---\\n%%s\", report);\t\\\n"
		"\t\tck_assert_msg(cond, \"%%s: %%s (the replay's report is on stderr)\", what,\t\\\n"
		"\t\t\t      summary(report, line, sizeof(line)));\t\t\t\\\n"
		"\t} while (0)\n\n"
		"START_TEST(replay_minimized)\n{\n"
		"\tchar err[512], b[32], line[400];\n"
		"\tconst char *probe;\n"
		"\tstruct nvt_trace *t = nvt_load_mem(\"minimized.jsonl\", trace_text, strlen(trace_text),\n"
		"\t\t\t\t\t     err, sizeof(err));\n"
		"\tstruct nvt_replay_opts o = { .bundle_dir = \"\" };\n"
		"\tstruct nvt_replay_result res;\n"
		"\tchar *report = NULL;\n"
		"\tsize_t report_len;\n\n"
		"\tck_assert_msg(t, \"%%s\", err);\n"
		"\to.out = open_memstream(&report, &report_len);\n"
		"\tck_assert(o.out);\n"
		"\tnvt_replay(t, &o, &res);\n"
		"\tfclose(o.out);\n"
		"\tprobe = nvt_errno_name(res.probe_ret, b, sizeof(b));\n"
		"#ifdef NVT_EXPECT_DIVERGENCE\n"
		"\tEXPECT(res.verdict == %d, \"not the recorded verdict %d\");\n", s->v, s->v);
	if (s->div)
		fprintf(f, "\tEXPECT(res.cmp.have_first && !strcmp(res.cmp.first.field, \"%s\") &&\n"
			"\t       res.cmp.first.k == %d && res.cmp.first.fn == %u &&\n"
			"\t       res.cmp.first.reg == 0x%08x,\n"
			"\t       \"not the recorded first divergence (%s %s, fn %u, reg 0x%08x)\");\n",
			s->field, (int)s->k, s->fn, s->reg, nvt_kind_name(s->k), s->field, s->fn, s->reg);
	{
		char b[32];
		const char *probe = nvt_errno_name(s->probe, b, sizeof(b));

		fprintf(f, "\tEXPECT(!strcmp(probe, \"%s\") && res.expect_ok == %d,\n"
			"\t       \"not the recorded probe %s / expect %s\");\n",
			probe, s->expect_ok, probe, s->expect_ok ? "met" : "failed");
	}
	fprintf(f, "#else\n\tEXPECT(res.verdict == NVT_OK, \"the replay diverged\");\n#endif\n"
		"\tfree(report);\n\tnvt_free(res.got);\n\tnvt_free(t);\n}\nEND_TEST\n\n"
		"int main(void)\n{\n\tSuite *s = suite_create(\"minimized\");\n"
		"\tTCase *tc = tcase_create(\"replay\");\n\tSRunner *sr;\n\tint nf;\n\n"
		"\ttcase_set_timeout(tc, 120);\n\ttcase_add_test(tc, replay_minimized);\n"
		"\tsuite_add_tcase(s, tc);\n\tsr = srunner_create(s);\n"
		"\tsrunner_run_all(sr, CK_NORMAL);\n\tnf = srunner_ntests_failed(sr);\n"
		"\tsrunner_free(sr);\n\treturn nf ? EXIT_FAILURE : EXIT_SUCCESS;\n}\n");
	return fclose(f);
}

static int cmd_minimize(int argc, char **argv)
{
	const char *in = NULL, *out = NULL, *check = NULL;
	struct mini m = { .max_runs = 400 };
	struct nvt_trace *t, *cur;
	char err[512], outbuf[1024];
	uint64_t v;
	bool *keep;
	size_t i, n, ng, *gidx, chunk, cut;
	double t0 = wall();
	int i2;

	static const struct option lo[] = {
		{ "output", required_argument, NULL, 'o' }, { "emit-check", required_argument, NULL, 'e' },
		{ "max-runs", required_argument, NULL, 'm' }, { "seed", required_argument, NULL, 's' },
		GSPTRACE_STD_OPTS, { }
	};

	while ((i2 = gsptrace_getopt(argc, argv, "o:", lo, minimize_help)) != -1) {
		switch (i2) {
		case 'o':
			out = optarg;
			break;
		case 'e':
			check = optarg;
			break;
		case 'm':
			if (gsptrace_u64("minimize", "--max-runs", optarg, &v) || !v || v > 1000000) {
				fprintf(stderr, "gsptrace minimize: --max-runs must be 1..1000000\n");
				return 2;
			}
			m.max_runs = (unsigned int)v;
			break;
		case 's':
			if (gsptrace_u64("minimize", "--seed", optarg, &m.seed))
				return 2;
			m.seed_set = true;
			break;
		default:
			return i2 == 'h' ? 0 : 2;
		}
	}
	if (argc - optind != 1) {
		fprintf(stderr, "gsptrace minimize: needs exactly one TRACE (gsptrace minimize --help)\n");
		return 2;
	}
	in = argv[optind];
	t = nvt_load(in, err, sizeof(err));
	if (!t) {
		fprintf(stderr, "%s\n", err);
		return 2;
	}
	m.null = fopen("/dev/null", "w");
	m.want = run_sig(&m, t);
	fprintf(stderr, "minimize %s: %zu records; signature: ", in, t->n);
	sig_print(stderr, &m.want);
	fputc('\n', stderr);
	if (m.want.v == NVT_OK) {
		fprintf(stderr, "minimize: the trace replays cleanly; nothing to minimize\n");
		nvt_free(t);
		fclose(m.null);
		return 1;
	}
	if (m.want.v == NVT_BAD_INPUT) {
		/* Once more with the reason shown (file:line: reason). */
		struct nvt_replay_opts o = { .quiet = true, .out = stderr, .bundle_dir = "" };
		struct nvt_replay_result res;

		nvt_replay(t, &o, &res);
		nvt_free(res.got);
		nvt_free(t);
		fclose(m.null);
		return 2;
	}
	n = t->n;
	keep = calloc(n + 1, sizeof(bool));
	for (i = 0; i < n; i++)
		keep[i] = true;
	/* 1. Everything after the reference's diverging record. */
	{
		struct nvt_replay_opts o = { .quiet = true, .out = m.null, .bundle_dir = "",
					     .seed = m.seed, .seed_set = m.seed_set };
		struct nvt_replay_result res;

		nvt_replay(t, &o, &res);
		cut = res.cmp.have_first && res.cmp.first.ia != NVT_NONE ? res.cmp.first.ia + 1 : n;
		nvt_free(res.got);
	}
	if (cut < n) {
		for (i = cut; i < n; i++)
			keep[i] = false;
		if (!still_fails(&m, t, keep))
			for (i = cut; i < n; i++)
				keep[i] = true;
		else
			fprintf(stderr, "  cut after record %zu: %zu records\n", cut, cut);
	}
	/* 2. ddmin over the firmware records still kept. */
	gidx = calloc(n + 1, sizeof(size_t));
	ng = 0;
	for (i = 0; i < n; i++)
		if (keep[i] && t->rec[i].d == 'g')
			gidx[ng++] = i;
	for (chunk = ng / 2 ? ng / 2 : 1; chunk >= 1 && m.runs < m.max_runs; chunk /= 2) {
		bool progress = false;

		for (i = 0; i < ng && m.runs < m.max_runs; i += chunk) {
			size_t j, removed = 0;

			for (j = i; j < i + chunk && j < ng; j++)
				if (keep[gidx[j]]) {
					keep[gidx[j]] = false;
					removed++;
				}
			if (!removed)
				continue;
			if (still_fails(&m, t, keep)) {
				progress = true;
			} else {
				for (j = i; j < i + chunk && j < ng; j++)
					keep[gidx[j]] = true;
			}
		}
		size_t kept = 0;

		for (i = 0; i < n; i++)
			kept += keep[i];
		fprintf(stderr, "  chunk %zu: %zu records kept, %u replays, %.1f s\n", chunk, kept,
			m.runs, wall() - t0);
		if (chunk == 1 && !progress)
			break;
		if (chunk == 1)
			chunk = 2;	/* one more pass at 1 */
	}
	cur = subset(t, keep);
	if (!out) {
		snprintf(outbuf, sizeof(outbuf), "%s.min.jsonl", in);
		out = outbuf;
	}
	if (nvt_write_file(cur, out)) {
		fprintf(stderr, "gsptrace minimize: cannot write %s\n", out);
		i2 = 2;
	} else {
		fprintf(stderr, "minimized %s: %zu -> %zu records in %u replays -> %s\n", in, t->n,
			cur->n, m.runs, out);
		i2 = 0;
	}
	if (check && !i2) {
		if (emit_check(check, cur, &m.want, in)) {
			fprintf(stderr, "gsptrace minimize: cannot write %s\n", check);
			i2 = 2;
		} else {
			fprintf(stderr, "check test: %s\n", check);
		}
	}
	nvt_free(cur);
	free(gidx);
	free(keep);
	nvt_free(t);
	fclose(m.null);
	return i2;
}

/* ---- matrix ------------------------------------------------------------------------- */

static const char matrix_help[] =
	"usage: gsptrace matrix [DIR] [--fw-dir FWDIR] [-j N|--jobs N] [--json]\n"
	"Replays every *.jsonl under DIR (default traces/), each in its own process,\n"
	"N at a time (default: the number of online CPUs), then prints a table chip x\n"
	"release x scenario with ok/FAIL (field traces by name).  stderr gets one line per\n"
	"trace (verdict, duration, first divergence) and what its replay printed, in file\n"
	"order whatever N is; a live count of finished traces only when stderr is a\n"
	"terminal.  --json: instead of the table, one JSON object on stdout: \"traces\"\n"
	"(per trace: name, file, chip, release, scenario, field, verdict ok|FAIL|bad-input|\n"
	"died, divergences, first_divergence, expect, bundle, duration_s) and \"summary\"\n"
	"(traces, ok, failed, jobs, duration_s).  --fw-dir: firmware from FWDIR instead of\n"
	"the build's test tree.\n"
	"Exit: 0 all ok, 1 any failed (a file that does not load is listed with\n"
	"file:line: reason and counts as failed; so does a replay that died), 2 bad usage,\n"
	"or a replay stopped on bad input (its message says which).\n";

/* What one trace's replay found: written by the worker process into memory
 * shared with the parent (MAP_SHARED), read by the parent once it reaped it. */
struct mres {
	bool done;		/* the worker got to the end of the replay */
	bool ok, bad, field, have_first, expect_ok;
	double secs;
	size_t divergences;
	unsigned int first_line;
	char chip[32], release[32], scenario[96];
	char first_kind[32], first_field[96];
	char load_err[512], expect_msg[512], bundle[512];
};

struct mrow {
	char *file;
	struct mres *r;		/* in the shared array */
	FILE *log;		/* the worker's stderr, until printed */
	int wstatus;		/* the worker's, from waitpid */
};

static void find_traces(const char *dir, struct mrow **rows, size_t *n, size_t *cap)
{
	struct dirent **ents;
	int k, cnt = scandir(dir, &ents, NULL, alphasort);

	if (cnt < 0)
		return;
	for (k = 0; k < cnt; k++) {
		const char *nm = ents[k]->d_name;
		char path[4096];
		struct stat st;
		size_t l = strlen(nm);

		if (nm[0] == '.') {
			free(ents[k]);
			continue;
		}
		snprintf(path, sizeof(path), "%s/%s", dir, nm);
		if (!stat(path, &st) && S_ISDIR(st.st_mode)) {
			find_traces(path, rows, n, cap);
		} else if (l > 6 && !strcmp(nm + l - 6, ".jsonl")) {
			if (*n == *cap) {
				*cap = *cap ? *cap * 2 : 64;
				*rows = realloc(*rows, *cap * sizeof(**rows));
			}
			memset(&(*rows)[*n], 0, sizeof(**rows));
			(*rows)[(*n)++].file = strdup(path);
		}
		free(ents[k]);
	}
	free(ents);
}

static const char *const std_scen[] = { "boot", "rpc", "irq", "unload" };

/* Table order: chip name, then release by version number, then file.  A
 * part that is no number (the "?" of a trace that did not load): text order. */
static int release_cmp(const char *a, const char *b)
{
	while (*a && *b) {
		char *ea, *eb;
		unsigned long x = strtoul(a, &ea, 10), y = strtoul(b, &eb, 10);

		if (ea == a || eb == b)
			return strcmp(a, b);
		if (x != y)
			return x < y ? -1 : 1;
		a = ea;
		b = eb;
		if (*a == '.')
			a++;
		if (*b == '.')
			b++;
	}
	return !!*a - !!*b;
}

static int mrow_combo_cmp(const struct mrow *a, const struct mrow *b)
{
	int c = strcmp(a->r->chip, b->r->chip);

	return c ? c : release_cmp(a->r->release, b->r->release);
}

static int mrow_cmp(const void *pa, const void *pb)
{
	const struct mrow *a = pa, *b = pb;
	int c = mrow_combo_cmp(a, b);

	return c ? c : strcmp(a->file, b->file);
}

#define MCOPY(dst, src) snprintf(dst, sizeof(dst), "%s", src)

/* The worker: replay @file (its result into @r). */
static void matrix_replay_one(const char *file, struct mres *r)
{
	struct nvt_trace *t = nvt_load(file, r->load_err, sizeof(r->load_err));
	struct nvt_replay_result res;
	FILE *null = fopen("/dev/null", "w");
	struct nvt_replay_opts o = { .quiet = true, .out = null };
	double t1 = wall();

	if (!t || !null) {
		if (!null)
			snprintf(r->load_err, sizeof(r->load_err), "/dev/null: %s", strerror(errno));
		r->bad = true;
		MCOPY(r->chip, "?");
		MCOPY(r->release, "?");
		MCOPY(r->scenario, file);
		r->done = true;
		return;
	}
	MCOPY(r->chip, t->h.chip);
	MCOPY(r->release, t->h.release);
	MCOPY(r->scenario, t->h.scenario ? t->h.scenario : "?");
	r->field = t->h.source && !strncmp(t->h.source, "field:", 6);
	r->ok = nvt_replay(t, &o, &res) == NVT_OK;
	r->secs = wall() - t1;
	r->divergences = res.cmp.divergences;
	r->have_first = res.cmp.have_first;
	if (r->have_first) {
		r->first_line = res.cmp.first.line_a;
		MCOPY(r->first_kind, nvt_kind_name(res.cmp.first.k));
		MCOPY(r->first_field, res.cmp.first.field);
	}
	r->expect_ok = res.expect_ok;
	MCOPY(r->expect_msg, res.expect_msg);
	MCOPY(r->bundle, res.bundle);
	r->done = true;
	nvt_free(res.got);
	nvt_free(t);
	fclose(null);
}

static bool mrow_failed(const struct mrow *m)
{
	return !m->r->done || m->r->bad || !m->r->ok;
}

/* How a worker that left no result ended. */
static void mrow_died(const struct mrow *m, char *buf, size_t len)
{
	if (WIFSIGNALED(m->wstatus))
		snprintf(buf, len, "the replay was killed by signal %d (%s)", WTERMSIG(m->wstatus),
			 strsignal(WTERMSIG(m->wstatus)));
	else
		snprintf(buf, len, "the replay exited with status %d", WEXITSTATUS(m->wstatus));
}

static const char *mrow_verdict(const struct mrow *m)
{
	return !m->r->done ? "died" : m->r->bad ? "bad-input" : m->r->ok ? "ok" : "FAIL";
}

/* Trace @i's lines on stderr: what its replay printed, then its verdict. */
static void matrix_report(struct mrow *m, size_t i, size_t n)
{
	const struct mres *r = m->r;
	char buf[4096];
	size_t got;

	rewind(m->log);
	while ((got = fread(buf, 1, sizeof(buf), m->log)))
		fwrite(buf, 1, got, stderr);
	fclose(m->log);
	m->log = NULL;
	if (!r->done) {
		mrow_died(m, buf, sizeof(buf));
		fprintf(stderr, "[%zu/%zu] %s: FAIL: %s\n", i + 1, n, m->file, buf);
		return;
	}
	if (r->bad) {
		fprintf(stderr, "[%zu/%zu] %s\n", i + 1, n, r->load_err);
		return;
	}
	fprintf(stderr, "[%zu/%zu] %s: %s (%.2f s)", i + 1, n, m->file, r->ok ? "ok" : "FAIL",
		r->secs);
	if (!r->ok && r->have_first)
		fprintf(stderr, "  first divergence at line %u: %s %s", r->first_line, r->first_kind,
			r->first_field);
	if (!r->ok && !r->expect_ok)
		fprintf(stderr, "  expect: %s", r->expect_msg);
	if (!r->ok && r->bundle[0])
		fprintf(stderr, "  bundle %s", r->bundle);
	fputc('\n', stderr);
}

/*
 * Each trace's firmware (its header's chip and release) read once, before the
 * workers fork: a worker's boot copies the parent's copy of a 36 MiB 535.x
 * GSP image instead of faulting in a fresh mapping of the file.  A header
 * that does not parse is the worker's to report.
 */
static void matrix_preload(const struct mrow *rows, size_t n)
{
	char line[8192], err[256];

	for (size_t i = 0; i < n; i++) {
		FILE *f = fopen(rows[i].file, "r");
		struct nvt_trace *t = NULL;

		if (f && fgets(line, sizeof(line), f))
			t = nvt_load_mem(rows[i].file, line, strlen(line), err, sizeof(err));
		if (f)
			fclose(f);
		if (t && t->h.chip && t->h.release)
			nvh_fw_preload_of(t->h.chip, t->h.release);
		nvt_free(t);
	}
}

/*
 * Replays every row, @jobs worker processes at a time (one per trace: a
 * crash or an exit() in the harness costs that trace only), and reports
 * each on stderr in row order as soon as it and all before it are done.
 * Returns -1 when no worker could be started at all.
 */
static int matrix_run(struct mrow *rows, size_t n, unsigned long jobs)
{
	struct { pid_t pid; size_t row; } *slot = calloc(jobs, sizeof(*slot));
	size_t next = 0, running = 0, reported = 0, finished = 0, i;
	bool *reaped = calloc(n, sizeof(bool));
	bool tty = isatty(STDERR_FILENO), shown = false;	/* a live count is on the line */

	if (!slot || !reaped)
		abort();
	fflush(NULL);
	while (reported < n) {
		int st;
		pid_t p;

		while (running < jobs && next < n) {
			struct mrow *m = &rows[next];

			for (i = 0; slot[i].pid; i++)
				;
			m->log = tmpfile();
			p = m->log ? fork() : -1;
			if (p < 0) {
				fprintf(stderr, "gsptrace matrix: cannot start a worker for %s: %s\n",
					m->file, strerror(errno));
				if (m->log)
					fclose(m->log);
				m->log = NULL;
				if (running)
					break;	/* wait for one, then retry */
				free(slot);
				free(reaped);
				return -1;
			}
			if (!p) {
				dup2(fileno(m->log), STDERR_FILENO);
				matrix_replay_one(m->file, m->r);
				fflush(NULL);
				_exit(0);
			}
			slot[i].pid = p;
			slot[i].row = next++;
			running++;
		}
		p = waitpid(-1, &st, 0);
		if (p < 0) {
			if (errno == EINTR)
				continue;
			fprintf(stderr, "gsptrace matrix: waitpid: %s\n", strerror(errno));
			abort();
		}
		for (i = 0; i < jobs && slot[i].pid != p; i++)
			;
		if (i == jobs)
			continue;	/* not one of ours */
		slot[i].pid = 0;
		running--;
		finished++;
		rows[slot[i].row].wstatus = st;
		reaped[slot[i].row] = true;
		if (shown)
			fputs("\r\033[K", stderr);
		for (; reported < n && reaped[reported]; reported++)
			matrix_report(&rows[reported], reported, n);
		shown = tty && finished < n;
		if (shown)
			fprintf(stderr, "gsptrace matrix: %zu/%zu done, %zu running", finished, n,
				running);
	}
	free(slot);
	free(reaped);
	return 0;
}

static void matrix_table(struct mrow *rows, size_t n)
{
	size_t i, j, k;

	printf("%-6s %-11s", "chip", "release");
	for (j = 0; j < 4; j++)
		printf(" %-7s", std_scen[j]);
	printf(" other (field bugs, refusals)\n");
	for (i = 0; i < n; i = k) {
		for (k = i; k < n && !mrow_combo_cmp(&rows[k], &rows[i]); k++)
			;
		printf("%-6s %-11s", rows[i].r->chip, rows[i].r->release);
		for (j = 0; j < 4; j++) {
			const char *cell = "-";
			size_t m;

			for (m = i; m < k; m++)
				if (!rows[m].r->field && !strcmp(rows[m].r->scenario, std_scen[j]))
					cell = mrow_failed(&rows[m]) ? "FAIL" : "ok";
			printf(" %-7s", cell);
		}
		for (size_t m = i; m < k; m++) {
			bool std = false;

			for (j = 0; j < 4; j++)
				std |= !strcmp(rows[m].r->scenario, std_scen[j]);
			if (!rows[m].r->field && std)
				continue;
			printf(" %s:%s", rows[m].r->scenario, mrow_failed(&rows[m]) ? "FAIL" : "ok");
		}
		printf("\n");
	}
}

/* --json: the rows in file order, then the summary. */
static int matrix_json(const struct mrow *rows, size_t n, const char *dir, size_t failed,
		       unsigned long jobs, double secs)
{
	json_t *doc = json_object(), *arr = json_array(), *sum = json_object();
	size_t i, dl = strlen(dir);
	char *text;

	for (i = 0; i < n; i++) {
		const struct mres *r = rows[i].r;
		const char *file = rows[i].file;
		json_t *o = json_object(), *first = json_null();
		char name[4096], died[128];
		bool known = r->done && !r->bad;

		/* The name: the file under DIR, without .jsonl. */
		if (!strncmp(file, dir, dl) && file[dl] == '/')
			file += dl + 1;
		snprintf(name, sizeof(name), "%.*s", (int)(strlen(file) - 6), file);
		if (known && r->have_first)
			first = json_pack("{s:I, s:s, s:s}", "line", (json_int_t)r->first_line,
					  "kind", r->first_kind, "field", r->first_field);
		json_object_set_new(o, "name", json_string(name));
		json_object_set_new(o, "file", json_string(rows[i].file));
		/* Unknown (null) when the trace did not load or its replay died. */
		json_object_set_new(o, "chip", known ? json_string(r->chip) : json_null());
		json_object_set_new(o, "release", known ? json_string(r->release) : json_null());
		json_object_set_new(o, "scenario", known ? json_string(r->scenario) : json_null());
		json_object_set_new(o, "field", json_boolean(r->field));
		json_object_set_new(o, "verdict", json_string(mrow_verdict(&rows[i])));
		json_object_set_new(o, "divergences", json_integer((json_int_t)r->divergences));
		json_object_set_new(o, "first_divergence", first);
		json_object_set_new(o, "expect",
				    known && !r->expect_ok ? json_string(r->expect_msg) : json_null());
		json_object_set_new(o, "bundle", r->bundle[0] ? json_string(r->bundle) : json_null());
		mrow_died(&rows[i], died, sizeof(died));
		json_object_set_new(o, "error",
				    !r->done ? json_string(died)
				    : r->bad ? json_string(r->load_err) : json_null());
		json_object_set_new(o, "duration_s", json_real(r->secs));
		json_array_append_new(arr, o);
	}
	json_object_set_new(sum, "traces", json_integer((json_int_t)n));
	json_object_set_new(sum, "ok", json_integer((json_int_t)(n - failed)));
	json_object_set_new(sum, "failed", json_integer((json_int_t)failed));
	json_object_set_new(sum, "jobs", json_integer((json_int_t)jobs));
	json_object_set_new(sum, "duration_s", json_real(secs));
	json_object_set_new(doc, "traces", arr);
	json_object_set_new(doc, "summary", sum);
	text = json_dumps(doc, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	json_decref(doc);
	if (!text)
		return -1;
	puts(text);
	free(text);
	return 0;
}

static int cmd_matrix(int argc, char **argv)
{
	const char *dir = "traces";
	struct mrow *rows = NULL;
	struct mres *res;
	size_t n = 0, cap = 0, i, failed = 0;
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	unsigned long jobs = cpus > 0 ? (unsigned long)cpus : 1;
	bool json = false, bad_input = false;
	double t0 = wall();
	uint64_t v;

	static const struct option lo[] = {
		{ "fw-dir", required_argument, NULL, 'F' }, { "jobs", required_argument, NULL, 'j' },
		{ "json", no_argument, NULL, 'J' }, GSPTRACE_STD_OPTS, { }
	};
	int c;

	while ((c = gsptrace_getopt(argc, argv, "j:", lo, matrix_help)) != -1) {
		switch (c) {
		case 'F':
			nvh_set_fw_dir("gsptrace matrix", optarg);
			break;
		case 'j':
			if (gsptrace_u64("matrix", "--jobs", optarg, &v))
				return 2;
			if (!v || v > 4096) {
				fprintf(stderr, "gsptrace matrix: --jobs: %s is not between 1 and 4096\n",
					optarg);
				return 2;
			}
			jobs = v;
			break;
		case 'J':
			json = true;
			break;
		default:
			return c == 'h' ? 0 : 2;
		}
	}
	if (argc - optind > 1) {
		fprintf(stderr, "gsptrace matrix: at most one DIR (gsptrace matrix --help)\n");
		return 2;
	}
	if (optind < argc)
		dir = argv[optind];
	find_traces(dir, &rows, &n, &cap);
	if (!n) {
		fprintf(stderr, "gsptrace matrix: no *.jsonl under %s\n", dir);
		return 2;
	}
	if (jobs > n)
		jobs = n;
	matrix_preload(rows, n);
	res = mmap(NULL, n * sizeof(*res), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (res == MAP_FAILED) {
		fprintf(stderr, "gsptrace matrix: mmap: %s\n", strerror(errno));
		return 2;
	}
	memset(res, 0, n * sizeof(*res));
	for (i = 0; i < n; i++) {
		rows[i].r = &res[i];
		MCOPY(res[i].chip, "?");
		MCOPY(res[i].release, "?");
		MCOPY(res[i].scenario, rows[i].file);
	}
	if (matrix_run(rows, n, jobs))
		return 2;
	for (i = 0; i < n; i++) {
		failed += mrow_failed(&rows[i]);
		/* The harness exits 2 on bad input (a firmware tree without the files). */
		bad_input |= !res[i].done && WIFEXITED(rows[i].wstatus) &&
			     WEXITSTATUS(rows[i].wstatus) == 2;
	}
	if (json) {
		if (matrix_json(rows, n, dir, failed, jobs, wall() - t0)) {
			fprintf(stderr, "gsptrace matrix: cannot format the JSON report\n");
			return 2;
		}
	} else {
		qsort(rows, n, sizeof(*rows), mrow_cmp);
		matrix_table(rows, n);
		printf("%zu trace(s), %zu failed, %.1f s\n", n, failed, wall() - t0);
	}
	for (i = 0; i < n; i++)
		free(rows[i].file);
	free(rows);
	munmap(res, n * sizeof(*res));
	return bad_input ? 2 : failed ? 1 : 0;
}

/* ---- dispatch ------------------------------------------------------------------------ */

static const struct gsptrace_subcmd subcmds[] = {
	{ "replay", cmd_replay, "replay traces against the model and compare (strict/lenient)" },
	{ "diff", cmd_diff, "compare two traces, aligned by sequence number" },
	{ "record", cmd_record, "record an emulated scenario with the driver's recorder" },
	{ "minimize", cmd_minimize, "delta-debug a failing trace; --emit-check writes a Check test" },
	{ "matrix", cmd_matrix, "replay every trace under a directory; table chip x release x scenario" },
	/* Subcommands in other files (declared in gsptrace.h) get one line here. */
	{ "show", gsptrace_show, "print a trace as a text timeline, or an HTML view that opens on the failure" },
	{ "export", gsptrace_export, "write a trace as Trace Event Format JSON (Perfetto, chrome://tracing)" },
	{ "import", gsptrace_import, "turn an NVIDIA driver kernel log (Xid 119, RPC history) into a trace" },
};

static void usage(FILE *f)
{
	size_t i;

	fprintf(f, "usage: gsptrace COMMAND [ARGS]   (gsptrace COMMAND --help)\n"
		"       gsptrace --help | --version\n\n");
	for (i = 0; i < sizeof(subcmds) / sizeof(subcmds[0]); i++)
		fprintf(f, "  %-9s %s\n", subcmds[i].name, subcmds[i].summary);
	fprintf(f, "\nTraces are nvtrace v1 JSON Lines (docs/trace-format.md).\n");
}

int main(int argc, char **argv)
{
	size_t i;

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc < 2) {
		fprintf(stderr, "gsptrace: no COMMAND given (gsptrace --help)\n");
		return 2;
	}
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help")) {
		usage(stdout);
		return 0;
	}
	if (!strcmp(argv[1], "--version")) {
		printf("nvcore %s\n", NVCORE_VERSION);
		return 0;
	}
	for (i = 0; i < sizeof(subcmds) / sizeof(subcmds[0]); i++)
		if (!strcmp(argv[1], subcmds[i].name))
			return subcmds[i].fn(argc - 1, argv + 1);
	fprintf(stderr, "gsptrace: unknown command \"%s\" (gsptrace --help)\n", argv[1]);
	return 2;
}
