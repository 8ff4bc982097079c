// SPDX-License-Identifier: MIT
/*
 * gsptrace export --format chrome: a trace as Trace Event Format JSON (the
 * "JSON Object Format" of Google's Trace Event Format document), which
 * Perfetto (ui.perfetto.dev) and chrome://tracing open, for zoom, search
 * and selection in a well-kept viewer.
 *
 * One process (the GPU: chip, release, scenario) with one thread (track)
 * per kind of traffic, named by "M" (metadata) events:
 *
 *   tid 1..  RPCs: one "X" (complete) event per command, from the command
 *            to its reply (nvt_show_pair), or to the timeout that ended the
 *            wait; an RPC overlapping the previous one without nesting goes
 *            on the next RPC track (X events on one track must nest)
 *   tid 20   boot states: one "X" per state, until the next one
 *   tid 21   events (GSP -> host): "i" (instant) events
 *   tid 22   interrupts: "i"
 *   tid 23   registers: "i", one per access (its own track, so it never
 *            hides the RPCs)
 *   tid 24   driver errors and recorder drops: "i", process scope
 *
 * ts and dur are microseconds (the trace's ns / 1000); args carry the
 * record's fields and its line in the trace.
 */
#include <errno.h>
#include <inttypes.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "gsptrace.h"
#include "show.h"

#define PID		1
#define TID_RPC		1	/* the first RPC track; overlapping RPCs take the next ones */
#define RPC_LANES	8
#define NEST		16	/* spans one RPC track can hold nested */

/* The open spans of each RPC track (their ends, outermost first). */
struct lanes {
	uint64_t end[RPC_LANES][NEST];
	unsigned int depth[RPC_LANES];
	bool used[RPC_LANES];
};
#define TID_STATE	20
#define TID_EVENT	21
#define TID_IRQ		22
#define TID_REG		23
#define TID_DRIVER	24

static const char export_help[] =
	"usage: gsptrace export [--format chrome] [-o|--output OUT] TRACE\n"
	"\n"
	"Write TRACE (nvtrace v1) as Trace Event Format JSON, which Perfetto\n"
	"(ui.perfetto.dev: Open trace file) and chrome://tracing (Load) open:\n"
	"each RPC a complete event from command to reply (or to the timeout that\n"
	"ended the wait), boot states as spans, events, interrupts, register\n"
	"accesses and driver errors as instant events, each kind on its own named\n"
	"track; times in microseconds.\n"
	"\n"
	"  --format F     chrome (the only format; the default)\n"
	"  -o, --output OUT  write to OUT instead of stdout\n"
	"\n"
	"Exit status: 0 written, 1 the output could not be written, 2 bad usage\n"
	"or a trace the loader refuses (reported as file:line: reason).\n";

static json_t *hexv(uint32_t v)
{
	char b[16];

	snprintf(b, sizeof(b), "0x%08" PRIx32, v);
	return json_string(b);
}

static json_t *ev(json_t *arr, const char *name, const char *cat, const char *ph, int tid,
		  uint64_t t_ns, json_t *args)
{
	json_t *e = json_object();

	json_object_set_new(e, "name", json_string(name && *name ? name : "?"));
	if (cat)
		json_object_set_new(e, "cat", json_string(cat));
	json_object_set_new(e, "ph", json_string(ph));
	json_object_set_new(e, "ts", json_real(t_ns / 1000.0));
	json_object_set_new(e, "pid", json_integer(PID));
	json_object_set_new(e, "tid", json_integer(tid));
	json_object_set_new(e, "args", args ? args : json_object());
	json_array_append_new(arr, e);
	return e;
}

/* One "M" event: what (process_name, thread_name, thread_sort_index) with args {key: v}. */
static void meta1(json_t *arr, const char *what, int tid, const char *key, json_t *v)
{
	json_t *e = json_object(), *a = json_object();

	json_object_set_new(e, "name", json_string(what));
	json_object_set_new(e, "ph", json_string("M"));
	json_object_set_new(e, "pid", json_integer(PID));
	json_object_set_new(e, "tid", json_integer(tid));
	json_object_set_new(a, key, v);
	json_object_set_new(e, "args", a);
	json_array_append_new(arr, e);
}

/* A track's (or, sort < 0, the process's) name and place. */
static void meta(json_t *arr, const char *what, int tid, const char *name, int sort)
{
	meta1(arr, what, tid, "name", json_string(name));
	if (sort >= 0)
		meta1(arr, "thread_sort_index", tid, "sort_index", json_integer(sort));
}

static json_t *rpc_args(const struct nvt_record *r, uint32_t total_len)
{
	json_t *a = json_object();
	char what[64];

	json_object_set_new(a, "line", json_integer(r->line));
	json_object_set_new(a, "seq", json_integer(r->seq));
	json_object_set_new(a, "fn", json_integer(r->fn));
	json_object_set_new(a, "len", json_integer(total_len));
	if (nvt_show_rpc_what(r, what, sizeof(what)))
		json_object_set_new(a, "what", json_string(what));
	return a;
}

/* The X event of command i: to its reply, its timeout, or 0 long when neither. */
static void rpc(json_t *arr, const struct nvt_trace *t, const struct nvt_pairs *p, size_t i,
		struct lanes *l)
{
	const struct nvt_record *c = &t->rec[i];
	json_t *a = rpc_args(c, c->len + p->cont_len[i]), *e;
	uint64_t end = c->t;
	uint32_t st;
	int lane;

	if (p->reply[i] >= 0) {
		const struct nvt_record *m = &t->rec[p->reply[i]];

		end = m->t;
		json_object_set_new(a, "reply_line", json_integer(m->line));
		json_object_set_new(a, "reply_seq", json_integer(m->seq));
		json_object_set_new(a, "reply_len", json_integer(m->len + p->cont_len[p->reply[i]]));
		json_object_set_new(a, "rpc_result", hexv(m->result));
		if (nvt_show_status(m, &st))
			json_object_set_new(a, "status", hexv(st));
		json_object_set_new(a, "outcome", json_string(m->result || nvt_show_status(m, &st) ?
							      "failed" : "ok"));
	} else if (p->timeout[i] >= 0) {
		end = t->rec[p->timeout[i]].t;
		json_object_set_new(a, "timeout_line", json_integer(t->rec[p->timeout[i]].line));
		json_object_set_new(a, "outcome", json_string("no reply: timed out"));
	} else {
		json_object_set_new(a, "outcome", json_string("no reply in the trace"));
	}
	/* the first RPC track where it nests (the last track takes what is left) */
	for (lane = 0; lane < RPC_LANES; lane++) {
		unsigned int *d = &l->depth[lane];

		while (*d && l->end[lane][*d - 1] <= c->t)
			(*d)--;
		if (lane == RPC_LANES - 1 || (*d < NEST && (!*d || end <= l->end[lane][*d - 1])))
			break;
	}
	if (l->depth[lane] < NEST)
		l->end[lane][l->depth[lane]++] = end;
	l->used[lane] = true;
	e = ev(arr, c->name, "rpc", "X", TID_RPC + lane, c->t, a);
	json_object_set_new(e, "dur", json_real((end - c->t) / 1000.0));
}

static json_t *chrome(const struct nvt_trace *t, const struct nvt_pairs *p)
{
	const struct nvt_header *h = &t->h;
	json_t *root = json_object(), *arr = json_array(), *a, *e;
	uint64_t last = t->n ? t->rec[t->n - 1].t : 0;
	struct lanes l = { 0 };
	char name[256];
	size_t i, j;
	int lanes = 0;

	for (i = 0; i < t->n; i++) {
		const struct nvt_record *r = &t->rec[i];

		switch (r->k) {
		case NVT_CMD:
			if (r->fn != NVT_FN_CONTINUATION)
				rpc(arr, t, p, i, &l);
			break;
		case NVT_MSG:
			if (r->fn == NVT_FN_CONTINUATION || p->reply[i] >= 0)
				break;	/* folded into its head, or inside its command's span */
			a = rpc_args(r, r->len + p->cont_len[i]);
			json_object_set_new(a, "rpc_result", hexv(r->result));
			e = ev(arr, r->name, r->fn >= NVT_FN_FIRST_EVENT ? "event" : "reply",
			       "i", TID_EVENT, r->t, a);
			json_object_set_new(e, "s", json_string("t"));
			break;
		case NVT_STATE:
			for (j = i + 1; j < t->n && t->rec[j].k != NVT_STATE; j++)
				;
			a = json_object();
			json_object_set_new(a, "line", json_integer(r->line));
			e = ev(arr, r->state, "state", "X", TID_STATE, r->t, a);
			json_object_set_new(e, "dur", json_real(((j < t->n ? t->rec[j].t : last) - r->t) /
								 1000.0));
			break;
		case NVT_IRQ:
			a = json_object();
			json_object_set_new(a, "line", json_integer(r->line));
			json_object_set_new(a, "irqstat", hexv(r->stat));
			e = ev(arr, "interrupt", "irq", "i", TID_IRQ, r->t, a);
			json_object_set_new(e, "s", json_string("t"));
			break;
		case NVT_WR:
		case NVT_RD:
			a = json_object();
			json_object_set_new(a, "line", json_integer(r->line));
			json_object_set_new(a, "reg", hexv(r->reg));
			json_object_set_new(a, "val", hexv(r->val));
			snprintf(name, sizeof(name), "%s %s", r->k == NVT_WR ? "write" : "read",
				 r->name && *r->name ? r->name : "?");
			e = ev(arr, name, r->k == NVT_WR ? "wr" : "rd", "i", TID_REG, r->t, a);
			json_object_set_new(e, "s", json_string("t"));
			break;
		case NVT_ERR:
		case NVT_DROP:
			a = json_object();
			json_object_set_new(a, "line", json_integer(r->line));
			if (r->k == NVT_ERR)
				json_object_set_new(a, "fields", json_string(r->extra ? r->extra : "{}"));
			else
				json_object_set_new(a, "count", json_integer(r->count));
			e = ev(arr, r->k == NVT_ERR ? r->what : "records dropped",
			       r->k == NVT_ERR ? "err" : "drop", "i", TID_DRIVER, r->t, a);
			json_object_set_new(e, "s", json_string("p"));
			break;
		default:
			break;
		}
	}
	/* names: the process, then every track */
	snprintf(name, sizeof(name), "%s %s: %s", h->chip ? h->chip : "?",
		 h->release ? h->release : "?", h->scenario ? h->scenario : t->file);
	meta(arr, "process_name", 0, name, -1);
	for (i = 0; i < RPC_LANES; i++)
		if (l.used[i])
			lanes = (int)i + 1;
	for (i = 0; i < (size_t)(lanes ? lanes : 1); i++) {
		snprintf(name, sizeof(name), i ? "RPCs (overlapping, %zu)" : "RPCs (command \u2192 reply)",
			 i + 1);
		meta(arr, "thread_name", TID_RPC + (int)i, name, (int)i);
	}
	meta(arr, "thread_name", TID_STATE, "boot states", 10);
	meta(arr, "thread_name", TID_EVENT, "events (GSP \u2192 host)", 11);
	meta(arr, "thread_name", TID_IRQ, "interrupts", 12);
	meta(arr, "thread_name", TID_REG, "register accesses", 13);
	meta(arr, "thread_name", TID_DRIVER, "driver errors", 14);
	json_object_set_new(root, "traceEvents", arr);
	json_object_set_new(root, "displayTimeUnit", json_string("ns"));
	a = json_object();
	json_object_set_new(a, "trace", json_string(t->file));
	json_object_set_new(a, "source", json_string(h->source ? h->source : "?"));
	json_object_set_new(a, "chip", json_string(h->chip ? h->chip : "?"));
	json_object_set_new(a, "release", json_string(h->release ? h->release : "?"));
	json_object_set_new(root, "otherData", a);
	return root;
}

int gsptrace_export(int argc, char **argv)
{
	static const struct option lo[] = {
		{ "format", required_argument, NULL, 'f' }, { "output", required_argument, NULL, 'o' },
		GSPTRACE_STD_OPTS, { }
	};
	const char *out = NULL;
	struct nvt_trace *t;
	struct nvt_pairs p;
	json_t *root;
	char err[512];
	FILE *f;
	int c, ret = 0;

	while ((c = gsptrace_getopt(argc, argv, "o:", lo, export_help)) != -1) {
		switch (c) {
		case 'f':
			if (strcmp(optarg, "chrome")) {
				fprintf(stderr, "gsptrace export: unknown --format \"%s\" (known: chrome)\n",
					optarg);
				return 2;
			}
			break;
		case 'o':
			out = optarg;
			break;
		default:
			return c == 'h' ? 0 : 2;
		}
	}
	if (argc - optind != 1) {
		fprintf(stderr, "gsptrace export: needs exactly one TRACE (gsptrace export --help)\n");
		return 2;
	}
	t = nvt_load(argv[optind], err, sizeof(err));
	if (!t) {
		fprintf(stderr, "gsptrace export: %s\n", err);
		return 2;
	}
	if (nvt_show_pair(t, &p)) {
		fprintf(stderr, "gsptrace export: out of memory\n");
		nvt_free(t);
		return 1;
	}
	root = chrome(t, &p);
	f = out ? fopen(out, "w") : stdout;
	if (!f || json_dumpf(root, f, JSON_COMPACT | JSON_REAL_PRECISION(15)) || fputc('\n', f) == EOF ||
	    (out ? fclose(f) : fflush(f))) {
		fprintf(stderr, "gsptrace export: %s: %s\n", out ? out : "stdout", strerror(errno));
		ret = 1;
	}
	json_decref(root);
	nvt_show_pairs_free(&p);
	nvt_free(t);
	return ret;
}
