// SPDX-License-Identifier: MIT
/* Replay a trace against gsp-model with the real driver (replay.h). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <jansson.h>

#include <linux/err.h>
#include <linux/pci.h>

#include "core.h"
#include "harness.h"
#include "regs.h"

#include "play.h"
#include "replay.h"


/* The driver's own spelling: kshim's printk knows the kernel's %pe. */
const char *nvt_errno_name(int err, char *buf, size_t len)
{
	if (!err)
		return "ok";
	scnprintf(buf, len, "%pe", ERR_PTR(err));
	return buf;
}

/* ---- the model's script --------------------------------------------------------- */

struct run {
	const struct nvt_trace *ref;
	struct nvt_plan plan;
	struct nvt_play play;
	struct nvh h;
	struct kshim_mmio_ops model_bar0;	/* the harness's, which replay wraps */
	FILE *out;
	bool quiet;
};

/* ---- the driver's recorder (trace-rec) ------------------------------------------ */

/*
 * Put the device where the recorded platform had it: the driver hands its
 * BAR addresses and bus/device/function to the firmware (GSP_SET_SYSTEM_INFO),
 * so a trace from another machine replays only on the same layout.
 */
static void place(const struct nvt_trace *t, struct nvh_opts *o)
{
	unsigned int dom, bus, slot, func, i;

	if (t->h.pci_bdf && sscanf(t->h.pci_bdf, "%x:%x:%x.%x", &dom, &bus, &slot, &func) == 4 &&
	    bus < 256 && slot < 32 && func < 8) {
		o->placed = true;
		o->bus = bus;
		o->slot = slot;
		o->func = func;
	}
	if (t->h.has_bar) {
		o->placed = true;
		if (!t->h.pci_bdf)
			o->bus = 1;
		for (i = 0; i < 6; i++)
			o->bar_addr[i] = t->h.pci_bar[i];
	}
}

static void played_write(void *ctx, uint64_t off, uint32_t val)
{
	struct run *rr = ctx;

	nvt_play_write(&rr->play, (uint32_t)off, val);
	rr->model_bar0.write32(rr->model_bar0.ctx, off, val);
}

/* BAR0 reads: the model sees each (its side effects), the driver gets what the trace plays. */
static uint32_t played_read(void *ctx, uint64_t off)
{
	struct run *rr = ctx;

	return nvt_play_read(&rr->play, (uint32_t)off,
			     rr->model_bar0.read32(rr->model_bar0.ctx, off));
}

static void before_probe(struct nvh *h)
{
	struct run *rr = (struct run *)((char *)h - offsetof(struct run, h));

	nvt_play_attach(&rr->play, &rr->plan, h->m);
	nvt_apply_params(&rr->ref->h, rr->out);
	/* kshim holds a pointer to h->bar0: replace its accessors in place. */
	rr->model_bar0 = h->bar0;
	h->bar0.ctx = rr;
	h->bar0.read32 = played_read;
	h->bar0.write32 = played_write;
}

/* ---- running it ------------------------------------------------------------------ */

static void queue_events(struct run *rr, size_t *next, size_t upto_rec, bool all)
{
	const struct nvt_trace *t = rr->ref;
	uint64_t now = kshim_now_ns();

	while (*next < rr->plan.nevents) {
		const struct nvt_record *e = &t->rec[rr->plan.events[*next]];

		if (!all && rr->plan.events[*next] > upto_rec)
			break;
		if (gspm_queue_event(rr->h.m, e->t > now ? e->t : now, e->fn, e->payload, e->len))
			fprintf(rr->out, "replay: %s:%u: the model refused event %u\n", t->file,
				e->line, e->fn);
		(*next)++;
	}
}

static void workload(struct run *rr, size_t first)
{
	struct nvcore_dev *nd = nvh_dev(&rr->h);
	size_t i, ev = 0;
	uint64_t last_t = 0;

	for (i = first; i < rr->plan.unload_at; i++) {
		struct nvt_pcmd *c = &rr->plan.c[i];
		/* A large reply carries no total: the driver takes it from reply_max
		 * (protocol.md §1.5), so ask for exactly what the trace's reply holds. */
		struct nvcore_rpc_req req = {
			.function = c->fn,
			.in = c->payload,
			.in_len = c->len,
			.out_max = c->has_reply ? c->reply_len : c->len,
		};
		int ret;

		queue_events(rr, &ev, c->rec, false);
		req.out = calloc(1, req.out_max + 1);
		if (!req.out)
			break;
		ret = nvcore_rpc(nd, &req);
		if (!rr->quiet && ret)
			fprintf(rr->out, "replay: %s:%u: re-issued %s: %d (status 0x%x)\n",
				rr->ref->file, rr->ref->rec[c->rec].line,
				rr->ref->rec[c->rec].name ? rr->ref->rec[c->rec].name : "cmd", ret,
				req.fw_status);
		free(req.out);
	}
	queue_events(rr, &ev, 0, true);
	for (i = 0; i < rr->plan.nevents; i++)
		last_t = rr->ref->rec[rr->plan.events[i]].t;
	if (rr->plan.nevents) {
		uint64_t now = kshim_now_ns();

		kshim_run_for((last_t > now ? last_t - now : 0) + 10000000ull);
	}
}

/*
 * A divergence found on the firmware's side (a protocol problem of the trace,
 * a register read): reported as such, and the run's first divergence when it
 * comes earlier in the trace than compare's.
 */
static void firmware_divergence(struct run *rr, struct nvt_cmp_result *cmp, size_t rec,
				const char *field, const char *what, const char *expected,
				const char *got)
{
	const struct nvt_trace *t = rr->ref;
	const struct nvt_record *r = &t->rec[rec];
	struct nvt_divergence d = {
		.ia = rec, .ib = NVT_NONE, .line_a = r->line, .k = r->k, .payload_off = -1,
	};

	d.fn = (r->k == NVT_CMD || r->k == NVT_MSG) ? r->fn : 0;
	d.reg = (r->k == NVT_RD || r->k == NVT_WR) ? r->reg : 0;
	snprintf(d.field, sizeof(d.field), "%s", field);
	snprintf(d.a, sizeof(d.a), "%s", expected);
	snprintf(d.b, sizeof(d.b), "%s", got);
	fprintf(rr->out, "divergence at %s:%u: %s\n", t->file, r->line, what);
	if (!cmp->have_first || rec < cmp->first.ia) {
		cmp->first = d;
		cmp->have_first = true;
	}
	nvt_cmp_list(cmp, &d);
	cmp->divergences++;
}

/*
 * compare's result with the firmware side's (fw): the earlier in the trace is
 * the first, but compare's "end" where the trace ended first stays first (the
 * run went on past the trace).
 */
static void merge(struct nvt_cmp_result *cmp, const struct nvt_cmp_result *fw)
{
	struct nvt_cmp_result all = { .nlist = 0 };
	size_t i;

	/* The list in the order reported: the firmware side's, then compare's. */
	for (i = 0; i < fw->nlist; i++)
		nvt_cmp_list(&all, &fw->list[i]);
	for (i = 0; i < cmp->nlist; i++)
		nvt_cmp_list(&all, &cmp->list[i]);
	memcpy(cmp->list, all.list, sizeof(all.list));
	cmp->nlist = all.nlist;
	cmp->divergences += fw->divergences;
	if (fw->have_first &&
	    (!cmp->have_first || (cmp->first.ia != NVT_NONE && fw->first.ia < cmp->first.ia))) {
		cmp->first = fw->first;
		cmp->have_first = true;
	}
}

/* The trace's own protocol problems: a reply missing, one without a command, a message out of order. */
static void protocol_problems(struct run *rr, struct nvt_cmp_result *cmp)
{
	const struct nvt_trace *t = rr->ref;
	size_t i;

	for (i = 0; i < rr->plan.nproblems; i++) {
		const struct nvt_problem *x = &rr->plan.problems[i];
		const struct nvt_record *r = &t->rec[x->rec];
		const char *name = r->name && r->name[0] ? r->name : "?";
		char what[160], exp[160];

		char got[80];

		if (x->k == NVT_REPLY_REORDERED || x->k == NVT_EVENT_REORDERED) {
			char cmd[64] = "";

			if (x->cmd_rec != (size_t)-1)
				snprintf(cmd, sizeof(cmd), ", answering the command of line %u",
					 t->rec[x->cmd_rec].line);
			snprintf(what, sizeof(what), "%s for %s (seq %u)%s: it comes after seq %u",
				 nvt_problem_name(x->k), name, x->seq, cmd, x->after_seq);
			snprintf(exp, sizeof(exp), "a seqNum above %u", x->after_seq);
			snprintf(got, sizeof(got), "seqNum %u", x->seq);
			firmware_divergence(rr, cmp, x->rec, x->k == NVT_REPLY_REORDERED ?
					    "reply-reordered" : "event-reordered", what, exp, got);
			continue;
		}
		snprintf(what, sizeof(what), "%s for %s (seq %u)%s", nvt_problem_name(x->k), name,
			 x->seq, x->k == NVT_REPLY_MISSING ?
			 ": the driver went on without it or a timeout" : ": no command awaits it");
		if (x->k == NVT_REPLY_MISSING)
			snprintf(exp, sizeof(exp), "a reply to %s (seq %u)", name, x->seq);
		else
			snprintf(exp, sizeof(exp), "a %s command before this reply", name);
		firmware_divergence(rr, cmp, x->rec,
				    x->k == NVT_REPLY_MISSING ? "reply-missing" : "reply-extra", what,
				    exp, x->k == NVT_REPLY_MISSING ? "no reply in the trace" :
				    "none awaits it");
	}
}

/* Register reads the driver made differently (play.h), counted as divergences; the first is reported. */
static unsigned int read_divergences(struct run *rr, struct nvt_cmp_result *cmp)
{
	char what[400];
	size_t rec;
	unsigned int n = nvt_play_reads_check(&rr->play, what, sizeof(what), &rec);

	if (!n)
		return 0;
	if (rec == (size_t)-1) {
		fprintf(rr->out, "divergence: register reads: %s\n", what);
		cmp->divergences += n;
		return n;
	}
	{
		const struct nvt_record *r = &rr->ref->rec[rec];
		bool extra = rec == rr->play.other_rec && rr->play.reads_other;
		char exp[64], got[64];

		if (extra) {
			snprintf(exp, sizeof(exp), "no read after 0x%08x", r->val);
			snprintf(got, sizeof(got), "a read answered 0x%08x", rr->play.other_val);
		} else {
			snprintf(exp, sizeof(exp), "a read of 0x%08x", r->val);
			snprintf(got, sizeof(got), "not made");
		}
		firmware_divergence(rr, cmp, rec, extra ? "read-extra" : "read-missing", what, exp,
				    got);
	}
	cmp->divergences += n - 1;
	return n;
}

static bool check_expect(const struct nvt_trace *ref, int probe_ret, char *msg, size_t len)
{
	const struct nvt_header *h = &ref->h;
	char b[32];
	size_t i, n = 0;
	bool ok = true;

	msg[0] = 0;
	if (!h->has_expect) {
		snprintf(msg, len, "no expectations in the header");
		return true;
	}
	if (h->expect_probe) {
		const char *got = nvt_errno_name(probe_ret, b, sizeof(b));

		if (strcmp(got, h->expect_probe)) {
			n += snprintf(msg + n, len - n, "probe: expected %s, got %s; ", h->expect_probe, got);
			ok = false;
		} else {
			n += snprintf(msg + n, len - n, "probe %s as expected; ", got);
		}
	}
	for (i = 0; i < h->nexpect_log && n < len; i++) {
		if (!kshim_log_contains(h->expect_log[i])) {
			n += snprintf(msg + n, len - n, "log lacks \"%s\"; ", h->expect_log[i]);
			ok = false;
		}
	}
	if (h->nexpect_log && n < len)
		snprintf(msg + n, len - n, "%zu log substring(s) checked", h->nexpect_log);
	return ok;
}

enum nvt_verdict nvt_replay(const struct nvt_trace *ref, const struct nvt_replay_opts *o,
			    struct nvt_replay_result *res)
{
	struct run *rr = calloc(1, sizeof(*rr));
	struct nvt_replay_opts def = { 0 };
	struct nvt_cmp_opts co = { 0 };
	struct nvt_cmp_result fw = { 0 };
	struct nvh_capture cap = { 0 };
	struct nvh_opts ho;
	char *text = NULL, err[512], b[32];
	size_t text_len = 0;
	FILE *out;

	memset(res, 0, sizeof(*res));
	res->verdict = NVT_BAD_INPUT;
	if (!o)
		o = &def;
	out = o->out ? o->out : stdout;
	if (!rr)
		return NVT_BAD_INPUT;
	rr->ref = ref;
	rr->out = out;
	rr->quiet = o->quiet;
	ho = nvh_defaults();
	if (nvh_parse_chip(ref->h.chip, &ho.chip)) {
		fprintf(out, "%s:1: unknown chip \"%s\"\n", ref->file, ref->h.chip);
		goto out;
	}
	if (!nvcore_fw_release_find(ref->h.release)) {
		fprintf(out, "%s:1: unknown release \"%s\" (known: ", ref->file, ref->h.release);
		for (unsigned int i = 0; i < nvcore_fw_num_releases; i++)
			fprintf(out, "%s%s", i ? ", " : "", nvcore_fw_releases[i]->version);
		fprintf(out, ")\n");
		goto out;
	}
	ho.fw_release = ref->h.release;
	/* A trace without a seed (hardware) replays with the harness's (nvh_seed). */
	if (o->seed_set || ref->h.has_seed)
		ho.seed = o->seed_set ? o->seed : ref->h.seed;
	ho.strict = true;
	ho.fault = ref->h.fault;	/* the faults the recorded run was under */
	ho.before_probe = before_probe;
	ho.trace = true;
	if (nvt_plan_build(ref, &rr->plan)) {
		fprintf(out, "%s: out of memory\n", ref->file);
		goto out;
	}
	ho.wpr2_up_at_power_on = rr->plan.wpr2_up;	/* nvt_play_config's job, in harness terms */
	place(ref, &ho);

	nvh_start(&rr->h, &ho);
	res->probe_ret = rr->h.probe_ret;
	if (!rr->h.probe_ret) {
		/* What the driver sent while probing was its own; the rest is replayed. */
		workload(rr, (size_t)rr->play.seen);
		nvh_capture_history(&rr->h, &cap);
	}
	/* A trace that ends before the unload is compared before it. */
	if (rr->plan.unload)
		nvh_remove(&rr->h);
	text = nvh_trace_collect(&rr->h, &text_len);
	nvt_play_end(&rr->play);	/* what the driver does from here on is not compared */
	res->expect_ok = check_expect(ref, rr->h.probe_ret, res->expect_msg, sizeof(res->expect_msg));
	nvh_capture(&rr->h, &cap);
	res->model_failures = nvh_stop(&rr->h);

	res->got = text && text_len ? nvt_load_mem("replayed", text, text_len, err, sizeof(err)) : NULL;
	if (!res->got) {
		fprintf(out, "replay: the driver's trace could not be read back: %s\n",
			text && text_len ? err : "nothing was recorded");
		res->verdict = NVT_FAIL;
	} else {
		co.lenient = o->lenient;
		co.context = o->context ? o->context : 5;
		co.out = out;
		co.got_name = "replayed";
	}
	/* The firmware side's divergences first: they name the protocol event. */
	protocol_problems(rr, &fw);
	res->reads_diverged = read_divergences(rr, &fw);
	if (res->got) {
		nvt_compare(ref, res->got, &co, &res->cmp);
		merge(&res->cmp, &fw);
		res->verdict = (res->cmp.have_first || !res->expect_ok || res->model_failures) ?
			       NVT_FAIL : NVT_OK;
	}
	res->seed = ho.seed;
	res->played.reads = rr->play.reads_played;
	res->played.reads_longer = rr->play.reads_longer;
	res->played.reads_skipped = rr->play.reads_skipped;
	res->played.read_records = rr->plan.nreads;
	res->played.events = rr->plan.nevents;
	res->played.imposed = rr->play.imposed;
	res->played.dropped = rr->play.dropped;
	res->played.delayed = rr->play.delayed;
	if (!o->quiet || res->verdict != NVT_OK) {
		fprintf(out, "replay %s: %s (%s %s, seed 0x%llx): %zu host records compared, "
			"%zu divergence(s); played %llu register read(s) from %zu record(s) "
			"(+%llu in longer polling loops, %llu skipped in shorter ones), imposed %u "
			"answer(s), dropped %u, late %u, "
			"%zu event(s); probe %s; expect: %s%s\n",
			ref->file, res->verdict == NVT_OK ? "ok" : "FAIL", ref->h.chip, ref->h.release,
			(unsigned long long)ho.seed, res->cmp.compared, res->cmp.divergences,
			(unsigned long long)rr->play.reads_played, rr->plan.nreads,
			(unsigned long long)rr->play.reads_longer,
			(unsigned long long)rr->play.reads_skipped, rr->play.imposed, rr->play.dropped, rr->play.delayed, rr->plan.nevents,
			nvt_errno_name(res->probe_ret, b, sizeof(b)),
			res->expect_ok ? "met" : "FAILED: ", res->expect_ok ? "" : res->expect_msg);
		if (res->model_failures)
			fprintf(out, "  %u kshim failure(s)/model violation(s) (on stderr above)\n",
				res->model_failures);
	}
	if (res->verdict == NVT_FAIL) {
		char cmd[1200];

		if (cap.history && cap.history[0])
			fprintf(out, "--- the driver's RPC history ---\n%s", cap.history);
		snprintf(cmd, sizeof(cmd), "build/tools/gsptrace replay %s --seed 0x%llx\n",
			 ref->file, (unsigned long long)ho.seed);
		if (!(o->bundle_dir && !o->bundle_dir[0])) {
			const char *slash = strrchr(ref->file, '/');
			char why[256];

			snprintf(why, sizeof(why), "replay of %s: %zu divergence(s), expectations %s\n",
				 ref->file, res->cmp.divergences, res->expect_ok ? "met" : "failed");
			cap.trace = text;
			cap.trace_len = text_len;
			text = NULL;
			if (!nvh_bundle_write(&cap, o->bundle_dir, "replay", slash ? slash + 1 : ref->file,
					      why, cmd, res->bundle, sizeof(res->bundle)))
				fprintf(out, "failure bundle: %s\n", res->bundle);
		}
		fprintf(out, "reproduce: %s", cmd);
	}
	free(text);
	nvh_capture_free(&cap);
	nvt_play_free(&rr->play);
	nvt_plan_free(&rr->plan);
out:
	free(rr);
	return res->verdict;
}

/* ---- the result for machines (gsptrace replay --json) ------------------------------ */

static json_t *hex32(uint32_t v)
{
	char b[16];

	snprintf(b, sizeof(b), "0x%08x", v);
	return json_string(b);
}

static json_t *divergence_json(const struct nvt_trace *ref, const struct nvt_divergence *d)
{
	const struct nvt_record *r = d->ia != NVT_NONE ? &ref->rec[d->ia] : NULL;
	json_t *o = json_object();

	json_object_set_new(o, "kind", json_string(nvt_kind_name(d->k)));
	json_object_set_new(o, "field", json_string(d->field));
	if (r && r->name && r->name[0])
		json_object_set_new(o, "name", json_string(r->name));
	if (d->k == NVT_CMD || d->k == NVT_MSG)
		json_object_set_new(o, "fn", json_integer(d->fn));
	if (d->k == NVT_WR || d->k == NVT_RD)
		json_object_set_new(o, "reg", hex32(d->reg));
	if (r && (r->k == NVT_CMD || r->k == NVT_MSG))
		json_object_set_new(o, "seq", json_integer(r->seq));
	/* Positions: line numbers in the trace and in the replayed run's trace; null when that side ended. */
	json_object_set_new(o, "trace_line", d->line_a ? json_integer(d->line_a) : json_null());
	json_object_set_new(o, "replayed_line", d->line_b ? json_integer(d->line_b) : json_null());
	json_object_set_new(o, "expected", json_string(d->a));
	json_object_set_new(o, "got", json_string(d->b));
	if (d->payload_off >= 0)
		json_object_set_new(o, "payload_offset", json_integer(d->payload_off));
	return o;
}

char *nvt_replay_json(const struct nvt_trace *ref, const struct nvt_replay_result *res)
{
	static const char *const verdicts[] = { "ok", "fail", "bad-input" };
	json_t *o = json_object(), *c = json_object(), *e = json_object(), *l = json_array();
	char b[32], *text;
	size_t i;

	json_object_set_new(o, "trace", json_string(ref->file ? ref->file : ""));
	json_object_set_new(o, "verdict", json_string(verdicts[res->verdict]));
	json_object_set_new(o, "chip", json_string(ref->h.chip ? ref->h.chip : ""));
	json_object_set_new(o, "release", json_string(ref->h.release ? ref->h.release : ""));
	snprintf(b, sizeof(b), "0x%llx", (unsigned long long)res->seed);
	json_object_set_new(o, "seed", json_string(b));
	json_object_set_new(o, "probe", json_string(nvt_errno_name(res->probe_ret, b, sizeof(b))));
	json_object_set_new(e, "met", json_boolean(res->expect_ok));
	json_object_set_new(e, "message", json_string(res->expect_msg));
	json_object_set_new(o, "expect", e);
	json_object_set_new(c, "host_records_compared", json_integer((json_int_t)res->cmp.compared));
	json_object_set_new(c, "divergences", json_integer((json_int_t)res->cmp.divergences));
	json_object_set_new(c, "register_reads_diverged", json_integer(res->reads_diverged));
	json_object_set_new(c, "register_reads_played", json_integer((json_int_t)res->played.reads));
	json_object_set_new(c, "register_read_records", json_integer((json_int_t)res->played.read_records));
	json_object_set_new(c, "register_reads_longer_loops",
			    json_integer((json_int_t)res->played.reads_longer));
	json_object_set_new(c, "register_reads_skipped_loops",
			    json_integer((json_int_t)res->played.reads_skipped));
	json_object_set_new(c, "answers_imposed", json_integer(res->played.imposed));
	json_object_set_new(c, "answers_dropped", json_integer(res->played.dropped));
	json_object_set_new(c, "answers_late", json_integer(res->played.delayed));
	json_object_set_new(c, "events", json_integer((json_int_t)res->played.events));
	json_object_set_new(c, "model_failures", json_integer(res->model_failures));
	json_object_set_new(o, "counts", c);
	json_object_set_new(o, "first_divergence",
			    res->cmp.have_first ? divergence_json(ref, &res->cmp.first) : json_null());
	for (i = 0; i < res->cmp.nlist; i++)
		json_array_append_new(l, divergence_json(ref, &res->cmp.list[i]));
	json_object_set_new(o, "divergences", l);
	json_object_set_new(o, "bundle", res->bundle[0] ? json_string(res->bundle) : json_null());
	text = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);
	json_decref(o);
	return text;
}
