// SPDX-License-Identifier: MIT
/* The firmware's side of a trace, played by a gsp-model (play.h). */
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
	memset(p, 0, sizeof(*p));
}

int nvt_plan_build(const struct nvt_trace *t, struct nvt_plan *p)
{
	struct nvt_pcmd *last_cmd = NULL, *last_reply = NULL;
	bool ready = false, wpr2_window = true, init_window = false;
	size_t i, j;

	memset(p, 0, sizeof(*p));
	p->c = calloc(t->n + 1, sizeof(*p->c));
	p->events = calloc(t->n + 1, sizeof(*p->events));
	p->init_msgs = calloc(t->n + 1, sizeof(*p->init_msgs));
	if (!p->c || !p->events || !p->init_msgs)
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
	gspm_set_script(m, script, play);
	if (!p->init_failed)
		return;
	for (i = 0; i < p->ninit_msgs; i++)
		if (p->init_msgs[i] == init_done)
			return;
	gspm_inject(m, GSPM_FAULT_DIE, init_done, 0, 1);
}
