// SPDX-License-Identifier: MIT
/*
 * gsptrace show: the text timeline, and the command line around it and the
 * HTML page (html.c).
 *
 *	$ gsptrace show traces/field/dcgm144-a40-profiler.jsonl
 *	trace traces/field/dcgm144-a40-profiler.jsonl
 *	  ga102 10de:2236 (10de:1482 rev 0xa1), GSP-RM 535.113.01, nvcore 1.0, seed 0x6e76636f7265
 *	  ...
 *	───── boot state: ready ──────────────────────────────
 *	     0.010600 s  host → GSP   cmd    #4 GSP_RM_ALLOC (103) len 88  [..]
 *
 * One line per record; continuation records are shown under the command or
 * reply they continue.  Times are the trace's own (ns since the recording
 * started), shown in seconds with microseconds, plus the gap to the
 * previous record when it is long (a timeout reads as "+6.000000 s").
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "gsptrace.h"
#include "show.h"

const char *nvt_show_dir(const struct nvt_record *r)
{
	switch (r->k) {
	case NVT_WR:
	case NVT_CMD:
		return "host \u2192 GSP";
	case NVT_RD:
	case NVT_MSG:
	case NVT_IRQ:
		return "GSP \u2192 host";
	default:
		return "host";
	}
}

void nvt_show_time(char *buf, size_t len, uint64_t ns)
{
	snprintf(buf, len, "%" PRIu64 ".%06" PRIu64 " s", ns / 1000000000u,
		 (ns % 1000000000u) / 1000u);
}

void nvt_show_duration(char *buf, size_t len, uint64_t ns)
{
	if (ns < 1000000u)
		snprintf(buf, len, "%" PRIu64 " us", ns / 1000u);
	else if (ns < 1000000000u)
		snprintf(buf, len, "%" PRIu64 ".%03" PRIu64 " ms", ns / 1000000u, (ns / 1000u) % 1000u);
	else
		nvt_show_time(buf, len, ns);
}

static uint32_t word(const struct nvt_record *r, unsigned int i)
{
	const uint8_t *b = r->payload + 4 * i;

	return b[0] | b[1] << 8 | b[2] << 16 | (uint32_t)b[3] << 24;
}

/* docs/protocol.md §2.4: GSP_RM_CONTROL word 2 cmd, GSP_RM_ALLOC word 3 hClass,
 * FREE word 2 hObjectOld (word 1 its parent); -1 for other functions. */
static int data0_word(const struct nvt_record *r)
{
	int w = r->fn == 76 || r->fn == 10 ? 2 : r->fn == 103 ? 3 : -1;

	return w >= 0 && r->len >= 4u * (w + 1) ? w : -1;
}

uint32_t nvt_show_data0(const struct nvt_record *r)
{
	return data0_word(r) >= 0 ? word(r, data0_word(r)) : 0;
}

bool nvt_show_rpc_what(const struct nvt_record *r, char *buf, size_t len)
{
	if (data0_word(r) < 0)
		return false;
	snprintf(buf, len, r->fn == 76 ? "cmd 0x%08" PRIx32 : r->fn == 103 ? "class 0x%" PRIx32 :
		 "object 0x%08" PRIx32, nvt_show_data0(r));
	return true;
}

bool nvt_show_status(const struct nvt_record *r, uint32_t *status)
{
	/* docs/protocol.md §2.4: status is word 3 of CONTROL and FREE, word 4 of ALLOC */
	unsigned int w = r->fn == 103 ? 4 : 3;

	if (r->k != NVT_MSG || (r->fn != 76 && r->fn != 103 && r->fn != 10) || r->len < 4 * (w + 1))
		return false;
	*status = word(r, w);
	return *status != 0;
}

/* The fn of an rpc-timeout err record ("fn":N in its extra fields), or -1. */
static long timeout_fn(const struct nvt_record *r)
{
	const char *f;

	if (r->k != NVT_ERR || strcmp(r->what, "rpc-timeout") || !r->extra ||
	    !(f = strstr(r->extra, "\"fn\":")))
		return -1;
	return strtol(f + 5, NULL, 10);
}

int nvt_show_pair(const struct nvt_trace *t, struct nvt_pairs *p)
{
	size_t i, j, n = t->n ? t->n : 1;
	long head[2] = { -1, -1 };	/* the last cmd / msg a continuation extends */

	p->reply = malloc(n * sizeof(*p->reply));
	p->timeout = malloc(n * sizeof(*p->timeout));
	p->cont_len = calloc(n, sizeof(*p->cont_len));
	if (!p->reply || !p->timeout || !p->cont_len) {
		nvt_show_pairs_free(p);
		return -1;
	}
	for (i = 0; i < t->n; i++)
		p->reply[i] = p->timeout[i] = -1;
	for (i = 0; i < t->n; i++) {
		const struct nvt_record *r = &t->rec[i];
		int hk = r->k == NVT_MSG;

		if (r->k != NVT_CMD && r->k != NVT_MSG)
			continue;
		if (r->fn == NVT_FN_CONTINUATION) {
			if (head[hk] >= 0)
				p->cont_len[head[hk]] += r->len;
			continue;
		}
		head[hk] = (long)i;
		if (r->k != NVT_MSG || r->fn >= NVT_FN_FIRST_EVENT)
			continue;
		for (j = 0; j < i; j++)
			if (t->rec[j].k == NVT_CMD && t->rec[j].fn == r->fn && p->reply[j] < 0 &&
			    p->timeout[j] < 0)
				break;
		if (j < i) {
			p->reply[j] = (long)i;
			p->reply[i] = (long)j;
		}
	}
	/* a timeout ends the wait of the oldest unanswered command of its function */
	for (i = 0; i < t->n; i++) {
		long fn = timeout_fn(&t->rec[i]);

		for (j = 0; fn >= 0 && j < i; j++)
			if (t->rec[j].k == NVT_CMD && t->rec[j].fn == (uint32_t)fn && p->reply[j] < 0 &&
			    p->timeout[j] < 0) {
				p->timeout[j] = (long)i;
				break;
			}
	}
	return 0;
}

void nvt_show_pairs_free(struct nvt_pairs *p)
{
	free(p->reply);
	free(p->timeout);
	free(p->cont_len);
	memset(p, 0, sizeof(*p));
}

static void preview(FILE *out, const struct nvt_record *r, unsigned int max)
{
	unsigned int i, n = r->len < max ? r->len : max;

	if (!r->payload || !r->len)
		return;
	fputs("  [", out);
	for (i = 0; i < n; i++)
		fprintf(out, "%s%02x", i ? " " : "", r->payload[i]);
	fputs(r->len > n ? " \u2026]" : "]", out);
}

/* Print s left-aligned in cols columns (UTF-8: continuation bytes take none). */
static void pad(FILE *out, const char *s, int cols)
{
	const char *p;

	fputs(s, out);
	for (p = s; *p; p++)
		if (((unsigned char)*p & 0xc0) != 0x80)
			cols--;
	while (cols-- > 0)
		fputc(' ', out);
}

static bool is_event(const struct nvt_record *r)
{
	return r->k == NVT_MSG && r->fn >= NVT_FN_FIRST_EVENT;
}

static void section(FILE *out, const char *state)
{
	fprintf(out, "\u2500\u2500\u2500\u2500\u2500 boot state: %s "
		"\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500"
		"\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\n", state);
}

static void header(const struct nvt_trace *t, FILE *out)
{
	const struct nvt_header *h = &t->h;
	size_t i;

	fprintf(out, "trace %s\n", t->file ? t->file : "(memory)");
	fprintf(out, "  %s %s:%s (%s rev %s), GSP-RM %s, %s",
		h->chip ? h->chip : "?", h->pci_vendor ? h->pci_vendor + 2 : "?",
		h->pci_device ? h->pci_device + 2 : "?", h->pci_subsystem ? h->pci_subsystem : "?",
		h->pci_revision ? h->pci_revision : "?", h->release ? h->release : "?",
		h->driver ? h->driver : "?");
	if (h->has_seed)
		fprintf(out, ", seed 0x%" PRIx64, h->seed);
	fputc('\n', out);
	fprintf(out, "  source %s\n", h->source ? h->source : "?");
	if (h->scenario)
		fprintf(out, "  scenario %s\n", h->scenario);
	if (h->has_expect) {
		fprintf(out, "  expect probe %s", h->expect_probe ? h->expect_probe : "(any)");
		for (i = 0; i < h->nexpect_log; i++)
			fprintf(out, "%s\"%s\"", i ? ", " : "; log ", h->expect_log[i]);
		fputc('\n', out);
	}
	fprintf(out, "  %zu records", t->n);
	if (t->n)
		fprintf(out, ", %.6f s", t->rec[t->n - 1].t / 1e9);
	fputs("\n\n", out);
}

int nvt_show_text(const struct nvt_trace *t, FILE *out, const struct nvt_show_opts *o)
{
	unsigned int max = o && o->preview ? o->preview : 16;
	bool payload = !o || o->payload;
	uint64_t prev = 0;
	char tb[32];
	size_t i;

	header(t, out);
	fprintf(out, "%14s  %-12s %-5s  %s\n", "time", "direction", "kind", "what");
	for (i = 0; i < t->n; i++) {
		const struct nvt_record *r = &t->rec[i];

		if (r->k == NVT_STATE)
			section(out, r->state);
		if (i && r->t - prev >= 10000000u) {
			nvt_show_time(tb, sizeof(tb), r->t - prev);
			fprintf(out, "%14s  \u22ee +%s\n", "", tb);
		}
		prev = r->t;
		nvt_show_time(tb, sizeof(tb), r->t);
		if ((r->k == NVT_CMD || r->k == NVT_MSG) && r->fn == NVT_FN_CONTINUATION) {
			fprintf(out, "%14s  %12s %-5s    \u21b3 continuation #%" PRIu32 " len %" PRIu32,
				tb, "", "", r->seq, r->len);
			fputc('\n', out);
			continue;
		}
		fprintf(out, "%14s  ", tb);
		pad(out, nvt_show_dir(r), 12);
		fprintf(out, " %-5s  ", is_event(r) ? "event" : nvt_kind_name(r->k));
		switch (r->k) {
		case NVT_WR:
		case NVT_RD:
			fprintf(out, "%s (0x%08" PRIx32 ") %s 0x%08" PRIx32,
				r->name && *r->name ? r->name : "?", r->reg,
				r->k == NVT_WR ? "\u2190" : "=", r->val);
			break;
		case NVT_CMD:
		case NVT_MSG:
			fprintf(out, "#%" PRIu32 " %s (%s0x%" PRIx32 ")", r->seq,
				r->name && *r->name ? r->name : "?",
				r->fn >= NVT_FN_FIRST_EVENT ? "" : "fn ", r->fn);
			if (r->k == NVT_MSG && r->result)
				fprintf(out, " FAILED result 0x%08" PRIx32, r->result);
			else if (r->k == NVT_MSG && !is_event(r))
				fputs(" ok", out);
			fprintf(out, " len %" PRIu32, r->len);
			if (r->elems > 1)
				fprintf(out, " (%" PRIu32 " elements)", r->elems);
			if (payload)
				preview(out, r, max);
			break;
		case NVT_IRQ:
			fprintf(out, "IRQSTAT 0x%08" PRIx32, r->stat);
			break;
		case NVT_STATE:
			fprintf(out, "%s", r->state);
			break;
		case NVT_ERR:
			fprintf(out, "%s", r->what);
			if (r->extra && strcmp(r->extra, "{}"))
				fprintf(out, " %s", r->extra);
			break;
		case NVT_DROP:
			fprintf(out, "recorder dropped %" PRIu64 " records here", r->count);
			break;
		default:
			break;
		}
		fputc('\n', out);
	}
	return ferror(out) ? -1 : 0;
}

static const char show_help[] =
	"usage: gsptrace show [--html OUT] [--no-payload] [--preview N] TRACE\n"
	"\n"
	"Print TRACE (nvtrace v1, docs/trace-format.md) as a text timeline: time,\n"
	"direction, kind, register or RPC function names, sequence numbers,\n"
	"results, lengths and a short payload preview; boot states start sections.\n"
	"\n"
	"  --html OUT     also write one self-contained HTML page to OUT: it opens on\n"
	"                 a summary (what failed, where, the unanswered commands),\n"
	"                 pairs each command with its reply and its duration, folds\n"
	"                 register traffic, and filters by function or searches\n"
	"  --no-payload   leave out the payload preview\n"
	"  --preview N    bytes of payload to preview (default 16)\n"
	"\n"
	"Exit status: 0 shown, 1 an output could not be written, 2 bad usage or a\n"
	"trace the loader refuses (reported as file:line: reason).\n";

int gsptrace_show(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "html", required_argument, NULL, 'H' },
		{ "no-payload", no_argument, NULL, 'n' },
		{ "preview", required_argument, NULL, 'p' },
		GSPTRACE_STD_OPTS, { }
	};
	struct nvt_show_opts o = { .payload = true, .preview = 16 };
	const char *html = NULL;
	struct nvt_trace *t;
	char err[512];
	int c, ret = 0;

	optind = 1;
	while ((c = gsptrace_getopt(argc, argv, "", longopts, show_help)) != -1) {
		switch (c) {
		case 'H':
			html = optarg;
			break;
		case 'n':
			o.payload = false;
			break;
		case 'p': {
			char *end;
			unsigned long v = strtoul(optarg, &end, 0);

			if (*end || !v || v > 4096) {
				fprintf(stderr, "gsptrace show: --preview wants 1..4096, not \"%s\"\n",
					optarg);
				return 2;
			}
			o.preview = v;
			break;
		}
		default:
			return c == 'h' ? 0 : 2;
		}
	}
	if (optind != argc - 1) {
		fprintf(stderr, "gsptrace show: needs exactly one TRACE (usage: gsptrace show --help)\n");
		return 2;
	}
	t = nvt_load(argv[optind], err, sizeof(err));
	if (!t) {
		fprintf(stderr, "gsptrace show: %s\n", err);
		return 2;
	}
	if (nvt_show_text(t, stdout, &o) || fflush(stdout)) {
		fprintf(stderr, "gsptrace show: writing the timeline: %s\n", strerror(errno));
		ret = 1;
	}
	if (!ret && html) {
		FILE *f = fopen(html, "w");
		unsigned int paired = 0;
		int bad = !f;

		if (f) {
			bad |= nvt_show_html(t, f, &paired);
			bad |= fclose(f);
		}
		if (bad) {
			fprintf(stderr, "gsptrace show: %s: %s\n", html, strerror(errno));
			ret = 1;
		} else {
			fprintf(stderr, "gsptrace show: wrote %s (%u commands paired with their reply)\n",
				html, paired);
		}
	}
	nvt_free(t);
	return ret;
}
