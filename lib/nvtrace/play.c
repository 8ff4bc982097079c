// SPDX-License-Identifier: MIT
/* The firmware's side of a trace, played by a gsp-model (play.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "regs.h"

#include "play.h"

#define FN_CONTINUATION		71u	/* NV_VGPU_MSG_FUNCTION_CONTINUATION_RECORD */
#define FN_UNLOADING		47u	/* NV_VGPU_MSG_FUNCTION_UNLOADING_GUEST_DRIVER */
#define EVENT_BASE		0x1000u
#define NVT_NO_READ		((size_t)-1)
#define LATE_REPLY_NS		100000000ull	/* a reply this late is imposed as late */


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

static void add_problem(struct nvt_plan *p, enum nvt_problem_kind k, size_t rec, uint32_t fn,
			uint32_t seq)
{
	struct nvt_problem *x = &p->problems[p->nproblems++];

	x->k = k;
	x->rec = rec;
	x->fn = fn;
	x->seq = seq;
}

/* Whether the driver gave up on an RPC between records from and to. */
static bool timed_out(const struct nvt_trace *t, size_t from, size_t to)
{
	size_t i;

	for (i = from; i < to; i++)
		if (t->rec[i].k == NVT_ERR && !strcmp(t->rec[i].what, "rpc-timeout"))
			return true;
	return false;
}

static bool answered_fn(const struct nvt_plan *p, uint32_t fn)
{
	size_t i;

	for (i = 0; i < p->n; i++)
		if (p->c[i].fn == fn && p->c[i].has_reply)
			return true;
	return false;
}

const char *nvt_problem_name(enum nvt_problem_kind k)
{
	return k == NVT_REPLY_MISSING ? "reply missing" : "reply without a command";
}

void nvt_plan_free(struct nvt_plan *p)
{
	size_t i;

	for (i = 0; i < p->n; i++) {
		free(p->c[i].payload);
		free(p->c[i].reply);
	}
	free(p->c);
	free(p->events);
	free(p->init_msgs);
	free(p->reads);
	free(p->problems);
	memset(p, 0, sizeof(*p));
}

int nvt_plan_build(const struct nvt_trace *t, struct nvt_plan *p)
{
	struct nvt_pcmd *last_cmd = NULL, *last_reply = NULL;
	bool ready = false, wpr2_window = true, init_window = false;
	size_t i, j;

	memset(p, 0, sizeof(*p));
	p->trace = t;
	p->c = calloc(t->n + 1, sizeof(*p->c));
	p->events = calloc(t->n + 1, sizeof(*p->events));
	p->init_msgs = calloc(t->n + 1, sizeof(*p->init_msgs));
	p->reads = calloc(t->n + 1, sizeof(*p->reads));
	p->problems = calloc(t->n + 1, sizeof(*p->problems));
	if (!p->c || !p->events || !p->init_msgs || !p->reads || !p->problems)
		return -1;
	for (i = 0; i < t->n; i++) {
		const struct nvt_record *r = &t->rec[i];

		switch (r->k) {
		case NVT_STATE:
			if (!strcmp(r->state, "ready"))
				ready = true;
			if (!strcmp(r->state, "unloaded"))
				p->unload = true;
			if (!strcmp(r->state, "failed") && init_window)
				p->init_failed = true;
			init_window = !strcmp(r->state, "init-done");
			if (boot_step_state(r->state))
				wpr2_window = false;
			break;
		case NVT_RD:
			p->reads[p->nreads++] = i;
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
			if (init_window)
				p->init_msgs[p->ninit_msgs++] = r->fn;
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
			/* The driver waits for each reply: it answers the latest command of its function. */
			last_reply = NULL;
			for (j = p->n; j-- > 0;)
				if (p->c[j].fn == r->fn) {
					last_reply = p->c[j].has_reply ? NULL : &p->c[j];
					break;
				}
			if (!last_reply) {
				/* a reply to nothing recorded: the model decides */
				add_problem(p, NVT_REPLY_EXTRA, i, r->fn, r->seq);
				break;
			}
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
	/*
	 * A command left unanswered while the driver went on without a timeout,
	 * of a function the trace shows answered elsewhere (some, such as
	 * GSP_SET_SYSTEM_INFO, are never answered).
	 */
	for (i = 0; i + 1 < p->n; i++)
		if (!p->c[i].has_reply && answered_fn(p, p->c[i].fn) &&
		    !timed_out(t, p->c[i].rec, p->c[i + 1].rec))
			add_problem(p, NVT_REPLY_MISSING, p->c[i].rec, p->c[i].fn,
				    t->rec[p->c[i].rec].seq);
	p->unload_at = p->n;
	for (i = 0; i < p->n; i++)
		if (p->c[i].fn == FN_UNLOADING) {
			p->unload_at = i;
			break;
		}
	return 0;
}

static void script(void *ctx, uint64_t index, uint32_t fn, const void *cmd, size_t len,
		   struct gspm_script_answer *a)
{
	struct nvt_play *pl = ctx;
	const struct nvt_pcmd *c;

	pl->seen = index + 1;
	if (index >= pl->plan->n)
		return;		/* past the trace: the model answers */
	c = &pl->plan->c[index];
	if (c->fn != fn) {
		/* The driver sent something else; compare reports it.  Answer normally. */
		pl->mismatched++;
		return;
	}
	if (!c->has_reply) {
		if (a->send)
			pl->dropped++;
		a->send = false;
		return;
	}
	if (!a->send || a->result != c->result || a->len != c->reply_len ||
	    (c->reply_len && memcmp(a->payload, c->reply, c->reply_len))) {
		pl->imposed++;
		a->send = true;
		a->result = c->result;
		a->payload = c->reply;
		a->len = c->reply_len;
	}
	if (c->gap_ns > LATE_REPLY_NS) {
		pl->delayed++;
		a->delay_ns = c->gap_ns;
	}
}

void nvt_play_config(const struct nvt_plan *p, struct gspm_config *cfg)
{
	cfg->wpr2_up_at_power_on = p->wpr2_up;
}

void nvt_play_attach(struct nvt_play *play, const struct nvt_plan *p, struct gspm *m)
{
	uint32_t init_done = gspm_init_done_event(m);
	size_t i;

	memset(play, 0, sizeof(*play));
	play->plan = p;
	play->read_done = calloc(p->nreads + 1, sizeof(*play->read_done));
	gspm_set_script(m, script, play);
	if (!p->init_failed)
		return;
	for (i = 0; i < p->ninit_msgs; i++)
		if (p->init_msgs[i] == init_done)
			return;
	gspm_inject(m, GSPM_FAULT_DIE, init_done, 0, 1);
}

uint32_t nvt_play_read(struct nvt_play *play, uint32_t reg, uint32_t model_val, uint64_t now)
{
	const struct nvt_plan *p = play->plan;
	size_t i, cur = NVT_NO_READ, next = NVT_NO_READ, played_now = NVT_NO_READ;
	const struct nvt_record *r;

	if (!play->read_done)
		return model_val;
	/* Records of reg are played in order: the last one played, the next one. */
	for (i = 0; i < p->nreads && next == NVT_NO_READ; i++)
		if (p->trace->rec[p->reads[i]].reg == reg) {
			if (play->read_done[i])
				cur = i;
			else
				next = i;
		}
	/*
	 * A record stands for every read of its value until the next record of
	 * reg (the recorder folds a polling loop into one): move on once the
	 * replay reaches the next record's time or the GPU shows its value.
	 */
	if (next != NVT_NO_READ &&
	    (cur == NVT_NO_READ || p->trace->rec[p->reads[next]].t <= now ||
	     p->trace->rec[p->reads[next]].val == model_val)) {
		play->read_done[next] = true;
		play->reads_played++;
		cur = played_now = next;
		next = NVT_NO_READ;
	}
	if (cur == NVT_NO_READ)
		return model_val;	/* the trace is silent on reg */
	r = &p->trace->rec[p->reads[cur]];
	if (next == NVT_NO_READ && cur != played_now && r->val != model_val) {
		/* Past reg's last record, the GPU shows another value: the trace is
		 * silent here, the model answers, and the run has left the trace. */
		if (!play->reads_other++)
			play->first_other = p->reads[cur];
		return model_val;
	}
	return r->val;
}

unsigned int nvt_play_reads_check(const struct nvt_play *play, char *buf, size_t len)
{
	const struct nvt_plan *p = play->plan;
	const struct nvt_record *first = NULL;
	unsigned int n = play->reads_other;
	size_t i;

	buf[0] = 0;
	if (!play->read_done) {
		snprintf(buf, len, "out of memory: no register read was played");
		return 1;
	}
	for (i = 0; i < p->nreads; i++)
		if (!play->read_done[i] && !first) {
			first = &p->trace->rec[p->reads[i]];
			n++;
		} else if (!play->read_done[i]) {
			n++;
		}
	if (play->reads_other) {
		const struct nvt_record *o = &p->trace->rec[play->first_other];

		snprintf(buf, len, "%s:%u: 0x%08x (%s) read again after its last record (0x%08x) "
			 "returned another value", p->trace->file, o->line, o->reg,
			 o->name ? o->name : "", o->val);
	} else if (first) {
		snprintf(buf, len, "%s:%u: recorded read of 0x%08x (%s) = 0x%08x: the driver did not "
			 "make it", p->trace->file, first->line, first->reg,
			 first->name ? first->name : "", first->val);
	}
	return n;
}

void nvt_play_free(struct nvt_play *play)
{
	free(play->read_done);
	play->read_done = NULL;
}
