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
	x->cmd_rec = (size_t)-1;
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
	switch (k) {
	case NVT_REPLY_MISSING:
		return "reply missing";
	case NVT_REPLY_EXTRA:
		return "reply without a command";
	case NVT_REPLY_REORDERED:
		return "reply out of order";
	default:
		return "event out of order";
	}
}

void nvt_plan_free(struct nvt_plan *p)
{
	size_t i;

	for (i = 0; i < p->n; i++) {
		free(p->c[i].payload);
		free(p->c[i].reply);
	}
	for (i = 0; i < p->nregs; i++) {
		free(p->regs[i].rec);
		free(p->regs[i].echo);
	}
	free(p->c);
	free(p->events);
	free(p->init_msgs);
	free(p->problems);
	free(p->regs);
	memset(p, 0, sizeof(*p));
}

static int reg_cmp(const void *a, const void *b)
{
	const struct nvt_preg *x = a, *y = b;

	return x->reg < y->reg ? -1 : x->reg > y->reg;
}

static struct nvt_preg *find_reg(const struct nvt_plan *p, uint32_t reg)
{
	struct nvt_preg key = { .reg = reg };

	return p->nregs ? bsearch(&key, p->regs, p->nregs, sizeof(*p->regs), reg_cmp) : NULL;
}

/* The rd records by register, in trace order; rd records an ignore rule covers are left out. */
static int plan_reads(const struct nvt_trace *t, struct nvt_plan *p)
{
	size_t nrules, i, j;
	struct nvt_rule *rules = nvt_rules(&t->h, &nrules);
	int ret = -1;

	if (!rules)
		return -1;
	p->regs = calloc(t->n + 1, sizeof(*p->regs));
	if (!p->regs)
		goto out;
	for (i = 0; i < t->n; i++) {
		const struct nvt_record *r = &t->rec[i];

		if (r->k != NVT_RD || nvt_rules_ignore(rules, nrules, r))
			continue;
		for (j = 0; j < p->nregs && p->regs[j].reg != r->reg; j++)
			;
		if (j == p->nregs)
			p->regs[p->nregs++].reg = r->reg;
		p->nreads++;
	}
	for (j = 0; j < p->nregs; j++) {
		struct nvt_preg *g = &p->regs[j];
		bool written = false;
		uint32_t wval = 0;

		g->rec = calloc(p->nreads, sizeof(size_t));
		g->echo = calloc(p->nreads, sizeof(bool));
		if (!g->rec || !g->echo)
			goto out;
		for (i = 0; i < t->n; i++) {
			const struct nvt_record *r = &t->rec[i];

			if (r->reg != g->reg || !(r->k == NVT_WR || r->k == NVT_RD))
				continue;
			if (r->k == NVT_WR) {
				written = true;
				wval = r->val;
			} else if (!nvt_rules_ignore(rules, nrules, r)) {
				/* A read returning the driver's own last write (a host address). */
				g->echo[g->n] = written && r->val == wval;
				g->rec[g->n++] = i;
			}
		}
	}
	qsort(p->regs, p->nregs, sizeof(*p->regs), reg_cmp);
	ret = 0;
out:
	free(rules);
	return ret;
}

int nvt_plan_build(const struct nvt_trace *t, struct nvt_plan *p)
{
	struct nvt_pcmd *last_cmd = NULL, *last_reply = NULL;
	struct nvt_problem *reordered;
	bool ready = false, wpr2_window = true, init_window = false, have_seq = false;
	uint32_t max_seq = 0;
	size_t i, j;

	memset(p, 0, sizeof(*p));
	p->trace = t;
	p->c = calloc(t->n + 1, sizeof(*p->c));
	p->events = calloc(t->n + 1, sizeof(*p->events));
	p->init_msgs = calloc(t->n + 1, sizeof(*p->init_msgs));
	p->problems = calloc(2 * t->n + 1, sizeof(*p->problems));	/* a message: reordered and extra */
	if (!p->c || !p->events || !p->init_msgs || !p->problems || plan_reads(t, p))
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
			/*
			 * The GSP numbers the messages of its status queue in the
			 * order it writes them (seqNum, protocol.md §1.3; the driver's
			 * nvcore_msgq_recv checks the same): one numbered at or below
			 * an earlier one stands out of that order.
			 */
			reordered = NULL;
			if (have_seq && r->seq <= max_seq) {
				add_problem(p, r->fn >= EVENT_BASE ? NVT_EVENT_REORDERED : NVT_REPLY_REORDERED,
					    i, r->fn, r->seq);
				reordered = &p->problems[p->nproblems - 1];
				reordered->after_seq = max_seq;
			} else {
				max_seq = r->seq;
				have_seq = true;
			}
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
			if (reordered)
				reordered->cmd_rec = last_reply->rec;
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

	free(play->cur);
	memset(play, 0, sizeof(*play));
	play->plan = p;
	play->cur = calloc(p->nregs + 1, sizeof(*play->cur));
	gspm_set_script(m, script, play);
	if (!p->init_failed)
		return;
	for (i = 0; i < p->ninit_msgs; i++)
		if (p->init_msgs[i] == init_done)
			return;
	gspm_inject(m, GSPM_FAULT_DIE, init_done, 0, 1);
}

static uint64_t reads_of(const struct nvt_record *r)
{
	return r->n ? r->n : 1;
}

/*
 * The value record i of register g plays: the recorded one, but a read that
 * returned what the driver had just written there (a falcon mailbox keeps
 * the host's DMA address when the falcon leaves it) plays what this run's
 * driver wrote: the bus addresses differ from machine to machine.
 */
static uint32_t val_of(const struct nvt_plan *p, const struct nvt_preg *g,
		       const struct nvt_pcursor *c, size_t i)
{
	return g->echo[i] && c->written ? c->wval : p->trace->rec[g->rec[i]].val;
}

void nvt_play_write(struct nvt_play *play, uint32_t reg, uint32_t val)
{
	const struct nvt_plan *p = play->plan;
	const struct nvt_preg *g = play->cur && !play->ended ? find_reg(p, reg) : NULL;

	if (g) {
		play->cur[g - p->regs].written = true;
		play->cur[g - p->regs].wval = val;
	}
}

uint32_t nvt_play_read(struct nvt_play *play, uint32_t reg, uint32_t model_val)
{
	const struct nvt_plan *p = play->plan;
	const struct nvt_preg *g = play->cur && !play->ended ? find_reg(p, reg) : NULL;
	struct nvt_pcursor *c;
	uint32_t v;
	size_t j;

	if (!g)
		return model_val;	/* the trace is silent on reg */
	c = &play->cur[g - p->regs];
	if (!c->c) {
		v = val_of(p, g, c, 0);
		/* The model already past the first value (its polling loop, which
		 * the driver's first read would have run, ended before): the
		 * register's next value plays. */
		for (j = 1; model_val != v && j < g->n && val_of(p, g, c, j) == v; j++)
			;
		if (model_val != v && j < g->n && val_of(p, g, c, j) == model_val) {
			play->reads_skipped += j;
			c->k = j;
			c->c = 1;
			play->reads_played++;
			return model_val;
		}
		if (model_val != v) {
			/* The register's first read shows the model elsewhere: it is
			 * slower than the recorded GPU (a GFW still running that had
			 * finished there) or cannot be that GPU (another chip, FB
			 * size); the model answers until it gets there.  A record it
			 * never reaches is a divergence (nvt_play_reads_check). */
			c->first_other = true;
			c->first_val = model_val;
			play->reads_longer++;
			return model_val;
		}
		c->c = 1;
		play->reads_played++;
		return v;
	}
	v = val_of(p, g, c, c->k);
	if (c->c < reads_of(&p->trace->rec[g->rec[c->k]])) {
		/* Within the recorded polling loop. */
		c->c++;
		play->reads_played++;
		return v;
	}
	if (model_val != v) {
		/* The model has moved on: the register's next other value plays.
		 * Records repeating this one in between are a polling loop (one
		 * interleaved with other reads) that ended sooner: timing. */
		for (j = c->k + 1; j < g->n && val_of(p, g, c, j) == v; j++)
			;
		if (j < g->n) {
			play->reads_skipped += j - c->k - 1;
			c->k = j;
			c->c = 1;
			play->reads_played++;
			return val_of(p, g, c, j);
		}
	}
	if (c->k + 1 < g->n) {
		if (val_of(p, g, c, c->k + 1) != v) {
			/* The model shows this record's value still: the loop goes on,
			 * as the recorded GPU's would have for a slower firmware. */
			c->c++;
			play->reads_longer++;
			return v;
		}
		/* The loop as recorded: the next record repeats this value. */
		c->k++;
		c->c = 1;
		play->reads_played++;
		return v;
	}
	/* Past the register's last record: the trace is silent, the model answers. */
	c->c++;
	if (model_val != v && !c->other) {
		c->other = true;
		if (!play->reads_other++) {
			play->other_rec = g->rec[c->k];
			play->other_val = model_val;
		}
	}
	return model_val;
}

void nvt_play_end(struct nvt_play *play)
{
	play->ended = true;
}

unsigned int nvt_play_reads_check(const struct nvt_play *play, char *buf, size_t len,
				  size_t *rec)
{
	const struct nvt_plan *p = play->plan;
	const struct nvt_trace *t = p->trace;
	const struct nvt_record *missed = NULL;
	const uint32_t *missed_other = NULL;
	unsigned int n = (unsigned int)play->reads_other;
	size_t i, j;

	buf[0] = 0;
	*rec = (size_t)-1;
	if (!play->cur) {
		snprintf(buf, len, "out of memory: no register read was played");
		return 1;
	}
	/*
	 * Records of each register the cursor never reached: reads the driver did
	 * not make (but records repeating the value it stopped at: a polling
	 * loop that ended sooner).
	 */
	for (i = 0; i < p->nregs; i++) {
		const struct nvt_pcursor *c = &play->cur[i];
		const struct nvt_preg *g = &p->regs[i];

		for (j = c->c ? c->k + 1 : 0; j < g->n; j++) {
			const struct nvt_record *r = &t->rec[g->rec[j]];

			if (c->c && val_of(p, g, c, j) == val_of(p, g, c, c->k))
				continue;
			if (!missed || r->line < missed->line) {
				missed = r;
				missed_other = !c->c && c->first_other ? &c->first_val : NULL;
			}
			n++;
		}
	}
	if (play->reads_other && (!missed || t->rec[play->other_rec].line <= missed->line)) {
		const struct nvt_record *o = &t->rec[play->other_rec];

		snprintf(buf, len, "a read of 0x%08x (%s) after its last record (0x%08x): "
			 "the model answered 0x%08x, the trace has no such read", o->reg,
			 o->name ? o->name : "", o->val, play->other_val);
		*rec = play->other_rec;
	} else if (missed && missed_other) {
		snprintf(buf, len, "recorded read of 0x%08x (%s) = 0x%08x: the driver read "
			 "0x%08x there (the model's), never the recorded value", missed->reg,
			 missed->name ? missed->name : "", missed->val, *missed_other);
		*rec = (size_t)(missed - t->rec);
	} else if (missed) {
		snprintf(buf, len, "recorded read of 0x%08x (%s) = 0x%08x: the driver did "
			 "not make it", missed->reg,
			 missed->name ? missed->name : "", missed->val);
		*rec = (size_t)(missed - t->rec);
	}
	return n;
}

void nvt_play_free(struct nvt_play *play)
{
	free(play->cur);
	play->cur = NULL;
}
