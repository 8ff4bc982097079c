/* SPDX-License-Identifier: MIT */
/*
 * The firmware's side of a trace, played by a gsp-model: what `gsptrace
 * replay` (replay.c, with the real driver in-process) and the QEMU device's
 * `trace=` option (a real kernel in a guest) share.
 *
 * From the trace's firmware ("g") records:
 *   - replies: each msg (fn < 0x1000; continuation records joined) answers
 *     the latest cmd of its function before it (the driver waits for each
 *     reply).  A reply with no such unanswered cmd, and a cmd left without
 *     a reply while the driver went on with no rpc-timeout (of a function
 *     answered elsewhere in the trace), are protocol
 *     problems (nvt_plan.problems) that replay reports as divergences.  When the model's
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
 *   - register reads: the driver's reads of a register the trace records
 *     reads of return the recorded values, in the trace's order for that
 *     register (nvt_play_read).  A record holds for every read until the
 *     next record of that register is due: its time reached, or the model
 *     showing its value (the recorder folds a polling loop into one record).
 *     Past a register's last record, the model answers; a read there that
 *     returns another value than that record, and a recorded read the
 *     driver never makes, are divergences (nvt_play_reads_check).
 *     Registers the trace never read are the model's.
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

/* What the trace's firmware side shows wrong about the protocol. */
enum nvt_problem_kind {
	NVT_REPLY_MISSING,	/* a command the driver went on from without a reply or timeout,
				 * of a function the trace shows answered elsewhere */
	NVT_REPLY_EXTRA,	/* a reply no command awaits (none of its function, or answered) */
};

struct nvt_problem {
	enum nvt_problem_kind k;
	size_t rec;		/* the command's record (missing) or the reply's (extra) */
	uint32_t fn, seq;
};

struct nvt_plan {
	const struct nvt_trace *trace;
	struct nvt_pcmd *c;
	size_t n;
	size_t unload_at;		/* first UNLOADING_GUEST_DRIVER cmd (n if none) */
	size_t *events;			/* msg records to queue as events */
	size_t nevents;
	struct nvt_problem *problems;	/* in trace order */
	size_t nproblems;
	size_t *reads;			/* rd records, in order */
	size_t nreads;
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
	bool *read_done;		/* per plan->reads entry: played */
	unsigned int reads_played;
	unsigned int reads_other;	/* reads past a register's last record that differ from it */
	size_t first_other;		/* the record the first of them went past */
};

/* 0, or -1 when out of memory. */
int nvt_plan_build(const struct nvt_trace *t, struct nvt_plan *p);
void nvt_plan_free(struct nvt_plan *p);
/* "reply missing", "reply without a command". */
const char *nvt_problem_name(enum nvt_problem_kind k);
/* Before the model exists. */
void nvt_play_config(const struct nvt_plan *p, struct gspm_config *cfg);
/* Once it does, before the driver probes: the script and the faults. */
void nvt_play_attach(struct nvt_play *play, const struct nvt_plan *p, struct gspm *m);
/* The value the driver's read of reg at now (ns since the recording's start)
 * returns; model_val is the model's own. */
uint32_t nvt_play_read(struct nvt_play *play, uint32_t reg, uint32_t model_val, uint64_t now);
/* After the run: how many register reads diverged (above), the first
 * described in buf ("" if none). */
unsigned int nvt_play_reads_check(const struct nvt_play *play, char *buf, size_t len);
void nvt_play_free(struct nvt_play *play);

#endif
