/* SPDX-License-Identifier: MIT */
/*
 * The firmware's side of a trace, played by a gsp-model: what `gsptrace
 * replay` (replay.c, with the real driver in-process) and the QEMU device's
 * `trace=` option (a real kernel in a guest) share.
 *
 * From the trace's firmware ("g") records:
 *   - replies: each cmd is paired with the first later msg of the same
 *     function (fn < 0x1000; continuation records joined).  When the model's
 *     own answer differs in rpc_result or payload, the trace's is imposed
 *     (gspm_set_script); a cmd with no reply before the trace ends is never
 *     answered; a reply recorded > 100 ms after its command is sent that late.
 *   - WPR2: a non-zero WPR2_ADDR_HI read before the FRTS/booter/FSP step
 *     powers the model on with WPR2 up (gspm_config.wpr2_up_at_power_on).
 *   - a boot that reached init-done and failed there with no INIT_DONE
 *     message: GSP-RM halts during its initialisation (GSPM_FAULT_DIE on the
 *     release's INIT_DONE event).
 *   - events (msgs with fn >= 0x1000 after "ready") are listed for the host
 *     to queue at their recorded times (gspm_queue_event).
 */
#ifndef NVTRACE_PLAY_H
#define NVTRACE_PLAY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "gspm.h"
#include "nvtrace.h"

struct nvt_pcmd {
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

struct nvt_plan {
	struct nvt_pcmd *c;
	size_t n;
	size_t unload_at;		/* first UNLOADING_GUEST_DRIVER cmd (n if none) */
	size_t *events;			/* msg records to queue as events */
	size_t nevents;
	bool wpr2_up;
	bool unload;			/* the trace goes on through the unload */
	/* init-done, then failed: the event numbers that arrived in between. */
	bool init_failed;
	uint32_t *init_msgs;
	size_t ninit_msgs;
};

/* What a play did to the model's answers, for reports. */
struct nvt_play {
	const struct nvt_plan *plan;
	unsigned int imposed, dropped, delayed, mismatched;
	uint64_t seen;			/* commands the model received */
};

/* 0, or -1 when out of memory. */
int nvt_plan_build(const struct nvt_trace *t, struct nvt_plan *p);
void nvt_plan_free(struct nvt_plan *p);
/* Before the model exists. */
void nvt_play_config(const struct nvt_plan *p, struct gspm_config *cfg);
/* Once it does, before the driver probes: the script and the faults. */
void nvt_play_attach(struct nvt_play *play, const struct nvt_plan *p, struct gspm *m);

#endif
