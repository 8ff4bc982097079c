// SPDX-License-Identifier: MIT
/* Replay a trace against gsp-model with the real driver (replay.h). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <linux/pci.h>

#include "core.h"
#include "harness.h"
#include "regs.h"

#include "replay.h"

#define FN_CONTINUATION		71u	/* NV_VGPU_MSG_FUNCTION_CONTINUATION_RECORD */
#define FN_UNLOADING		47u	/* NV_VGPU_MSG_FUNCTION_UNLOADING_GUEST_DRIVER */
#define EVENT_BASE		0x1000u
#define LATE_REPLY_NS		100000000ull	/* a reply this late is imposed as late */

const char *nvt_errno_name(int err, char *buf, size_t len)
{
	static const struct { int e; const char *n; } names[] = {
		{ EPERM, "EPERM" }, { ENOENT, "ENOENT" }, { EIO, "EIO" }, { ENXIO, "ENXIO" },
		{ E2BIG, "E2BIG" }, { ENOMEM, "ENOMEM" }, { EFAULT, "EFAULT" }, { EBUSY, "EBUSY" },
		{ EEXIST, "EEXIST" }, { ENODEV, "ENODEV" }, { EINVAL, "EINVAL" }, { ENOSPC, "ENOSPC" },
		{ ERANGE, "ERANGE" }, { ENOSYS, "ENOSYS" }, { ENODATA, "ENODATA" },
		{ EPROTO, "EPROTO" }, { EBADMSG, "EBADMSG" }, { EOVERFLOW, "EOVERFLOW" },
		{ EOPNOTSUPP, "EOPNOTSUPP" }, { ETIMEDOUT, "ETIMEDOUT" }, { EREMOTEIO, "EREMOTEIO" },
		{ ENOEXEC, "ENOEXEC" }, { EAGAIN, "EAGAIN" }, { EMSGSIZE, "EMSGSIZE" },
		{ ENOTSUP, "ENOTSUP" }, { ECANCELED, "ECANCELED" }, { EILSEQ, "EILSEQ" },
	};
	size_t i;

	if (!err)
		return "ok";
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (names[i].e == -err) {
			snprintf(buf, len, "-%s", names[i].n);
			return buf;
		}
	snprintf(buf, len, "%d", err);
	return buf;
}

/* ---- the plan: what the trace's firmware side says ---------------------------- */

struct pcmd {
	size_t rec;			/* index of the cmd record */
	uint32_t fn;
	uint8_t *payload;		/* joined with its continuation records */
	size_t len;
	bool has_reply;
	size_t reply_rec;
	uint32_t result;
	uint8_t *reply;
	size_t reply_len;
	uint64_t gap_ns;		/* reply t - cmd t */
};

struct plan {
	struct pcmd *c;
	size_t n;
	size_t unload_at;		/* first UNLOADING_GUEST_DRIVER cmd (n if none) */
	size_t *events;			/* msg records queued as events */
	size_t nevents;
	bool wpr2_up;
	bool unload;			/* the trace goes on through the unload */
	/*
	 * The boot reached init-done and failed there with no INIT_DONE
	 * message: GSP-RM halted during its initialisation (ogkm1230).
	 */
	u32 init_done_raw;		/* the release's GSP_INIT_DONE event number */
	bool no_init_done;
};

/* The release's number for an event the core handles itself, 0 if none. */
static u32 core_event_raw(const char *release, int kind)
{
	const struct nvcore_fw_release *r = nvcore_fw_release_find(release);
	unsigned int i;

	for (i = 0; r && i < r->num_events; i++)
		if (r->events[i].kind == kind)
			return r->events[i].raw;
	return 0;
}

static int append(uint8_t **buf, size_t *len, const uint8_t *p, size_t n)
{
	uint8_t *b = realloc(*buf, *len + n + 1);

	if (!b)
		return -1;
	if (n)
		memcpy(b + *len, p, n);
	*buf = b;
	*len += n;
	return 0;
}

static bool boot_step_state(const char *s)
{
	return !strcmp(s, "fwsec-frts") || !strcmp(s, "booter-load") || !strcmp(s, "fsp-cot") ||
	       !strcmp(s, "gsp-lockdown") || !strcmp(s, "riscv-start");
}

static void plan_free(struct plan *p)
{
	size_t i;

	for (i = 0; i < p->n; i++) {
		free(p->c[i].payload);
		free(p->c[i].reply);
	}
	free(p->c);
	free(p->events);
	memset(p, 0, sizeof(*p));
}

static int plan_build(const struct nvt_trace *t, struct plan *p)
{
	struct pcmd *last_cmd = NULL, *last_reply = NULL;
	bool ready = false, wpr2_window = true, init_window = false, init_done = false;
	size_t i, j;

	memset(p, 0, sizeof(*p));
	p->init_done_raw = core_event_raw(t->h.release, NVCORE_CORE_EVENT_INIT_DONE);
	p->c = calloc(t->n + 1, sizeof(*p->c));
	p->events = calloc(t->n + 1, sizeof(*p->events));
	if (!p->c || !p->events)
		return -1;
	for (i = 0; i < t->n; i++) {
		const struct nvt_record *r = &t->rec[i];

		switch (r->k) {
		case NVT_STATE:
			if (!strcmp(r->state, "ready"))
				ready = true;
			if (!strcmp(r->state, "unloaded"))
				p->unload = true;
			if (!strcmp(r->state, "init-done"))
				init_window = true;
			if (!strcmp(r->state, "failed") && init_window && !init_done)
				p->no_init_done = p->init_done_raw != 0;
			if (boot_step_state(r->state))
				wpr2_window = false;
			break;
		case NVT_RD:
			if (wpr2_window && r->reg == NV_PFB_PRI_MMU_WPR2_ADDR_HI && r->val)
				p->wpr2_up = true;
			break;
		case NVT_CMD:
			wpr2_window = false;
			if (r->fn == FN_CONTINUATION) {
				if (last_cmd && append(&last_cmd->payload, &last_cmd->len, r->payload, r->len))
					return -1;
				break;
			}
			if (r->fn == FN_UNLOADING)
				p->unload = true;
			last_cmd = &p->c[p->n++];
			last_cmd->rec = i;
			last_cmd->fn = r->fn;
			if (append(&last_cmd->payload, &last_cmd->len, r->payload, r->len))
				return -1;
			break;
		case NVT_MSG:
			if (r->fn == p->init_done_raw)
				init_done = true;
			if (r->fn >= EVENT_BASE) {
				if (ready)
					p->events[p->nevents++] = i;
				break;
			}
			if (r->fn == FN_CONTINUATION) {
				if (last_reply && append(&last_reply->reply, &last_reply->reply_len,
							 r->payload, r->len))
					return -1;
				break;
			}
			last_reply = NULL;
			for (j = 0; j < p->n; j++)
				if (!p->c[j].has_reply && p->c[j].fn == r->fn) {
					last_reply = &p->c[j];
					break;
				}
			if (!last_reply)
				break;	/* a reply to nothing recorded: the model decides */
			last_reply->has_reply = true;
			last_reply->reply_rec = i;
			last_reply->result = r->result;
			last_reply->gap_ns = r->t - t->rec[last_reply->rec].t;
			if (append(&last_reply->reply, &last_reply->reply_len, r->payload, r->len))
				return -1;
			break;
		default:
			break;
		}
	}
	p->unload_at = p->n;
	for (i = 0; i < p->n; i++)
		if (p->c[i].fn == FN_UNLOADING) {
			p->unload_at = i;
			break;
		}
	return 0;
}

/* ---- the model's script --------------------------------------------------------- */

struct run {
	const struct nvt_trace *ref;
	struct plan plan;
	struct nvh h;
	unsigned int imposed, dropped, delayed, mismatched;
	uint64_t seen;			/* commands the model received */
	FILE *out;
	bool quiet;
};

static void script(void *ctx, uint64_t index, uint32_t fn, const void *cmd, size_t len,
		   struct gspm_script_answer *a)
{
	struct run *rr = ctx;
	struct pcmd *c;

	rr->seen = index + 1;
	if (index >= rr->plan.n)
		return;		/* past the trace: the model answers */
	c = &rr->plan.c[index];
	if (c->fn != fn) {
		/* The driver sent something else; compare reports it.  Answer normally. */
		rr->mismatched++;
		return;
	}
	if (!c->has_reply) {
		if (a->send)
			rr->dropped++;
		a->send = false;
		return;
	}
	if (!a->send || a->result != c->result || a->len != c->reply_len ||
	    (c->reply_len && memcmp(a->payload, c->reply, c->reply_len))) {
		rr->imposed++;
		a->send = true;
		a->result = c->result;
		a->payload = c->reply;
		a->len = c->reply_len;
	}
	if (c->gap_ns > LATE_REPLY_NS) {
		rr->delayed++;
		a->delay_ns = c->gap_ns;
	}
}

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

static void before_probe(struct nvh *h)
{
	struct run *rr = (struct run *)((char *)h - offsetof(struct run, h));

	gspm_set_script(h->m, script, rr);
	if (rr->plan.no_init_done)
		gspm_inject(h->m, GSPM_FAULT_DIE, rr->plan.init_done_raw, 0, 1);
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
		struct pcmd *c = &rr->plan.c[i];
		/* A large reply carries no total: the driver takes it from reply_max
		 * (spec §1.5), so ask for exactly what the trace's reply holds. */
		size_t max = c->has_reply ? c->reply_len : c->len, got = 0;
		uint8_t *reply = calloc(1, max + 1);
		u32 status = 0;
		int ret;

		queue_events(rr, &ev, c->rec, false);
		if (!reply)
			break;
		ret = nvcore_rpc(nd, c->fn, c->payload, c->len, reply, max, &got, 0, 0, 0,
				 &status);
		if (!rr->quiet && ret)
			fprintf(rr->out, "replay: %s:%u: re-issued %s: %d (status 0x%x)\n",
				rr->ref->file, rr->ref->rec[c->rec].line,
				rr->ref->rec[c->rec].name ? rr->ref->rec[c->rec].name : "cmd", ret,
				status);
		free(reply);
	}
	queue_events(rr, &ev, 0, true);
	for (i = 0; i < rr->plan.nevents; i++)
		last_t = rr->ref->rec[rr->plan.events[i]].t;
	if (rr->plan.nevents) {
		uint64_t now = kshim_now_ns();

		kshim_run_for((last_t > now ? last_t - now : 0) + 10000000ull);
	}
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
	ho.fw_release = ref->h.release;
	ho.seed = o->seed_set ? o->seed : ref->h.seed;
	ho.strict = true;
	ho.before_probe = before_probe;
	ho.trace = true;
	if (plan_build(ref, &rr->plan)) {
		fprintf(out, "%s: out of memory\n", ref->file);
		goto out;
	}
	ho.wpr2_up_at_power_on = rr->plan.wpr2_up;
	place(ref, &ho);

	nvh_start(&rr->h, &ho);
	res->probe_ret = rr->h.probe_ret;
	if (!rr->h.probe_ret) {
		/* What the driver sent while probing was its own; the rest is replayed. */
		workload(rr, (size_t)rr->seen);
		nvh_capture_history(&rr->h, &cap);
	}
	/* A trace that ends before the unload is compared before it. */
	if (rr->plan.unload)
		nvh_remove(&rr->h);
	text = nvh_trace_collect(&rr->h, &text_len);
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
		nvt_compare(ref, res->got, &co, &res->cmp);
		res->verdict = (res->cmp.have_first || !res->expect_ok || res->model_failures) ?
			       NVT_FAIL : NVT_OK;
	}
	if (!o->quiet || res->verdict != NVT_OK) {
		fprintf(out, "replay %s: %s (%s %s, seed 0x%llx): %zu host records compared, "
			"%zu divergence(s); imposed %u answer(s), dropped %u, late %u, %zu event(s); "
			"probe %s; expect: %s%s\n",
			ref->file, res->verdict == NVT_OK ? "ok" : "FAIL", ref->h.chip, ref->h.release,
			(unsigned long long)ho.seed, res->cmp.compared, res->cmp.divergences,
			rr->imposed, rr->dropped, rr->delayed, rr->plan.nevents,
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
	plan_free(&rr->plan);
out:
	free(rr);
	return res->verdict;
}
