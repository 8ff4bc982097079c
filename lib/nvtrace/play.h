/* SPDX-License-Identifier: MIT */
/*
 * The firmware's side of a trace, played by a gsp-model: what `gsptrace
 * replay` (replay.c, with the real driver in-process) and the QEMU device's
 * `trace=` option (a real kernel in a guest) share.
 *
 * From the trace's firmware ("g") records:
 *   - register reads: every driver read of a register the trace shows read
 *     returns the trace's values for that register, in the trace's order,
 *     from its first read on (nvt_play_read); a first read the model answers
 *     otherwise is the model's until it shows the recorded value (a model
 *     slower than the recorded GPU, or one that cannot be it: never
 *     reaching it is a divergence).  Advancing is driven by the
 *     reads themselves and the model's state, never by time: a record holds
 *     for its `n` reads (a polling loop); after that, once the model shows
 *     another value, the register's next other value plays (records that
 *     repeat this one in between are a loop, interleaved with other reads,
 *     that ended sooner); while the model still shows it, a record that
 *     repeats it plays, else the loop goes on (the model is slower than the
 *     recorded GPU: a timing difference).  A read past a register's last
 *     record is the model's; one the model answers with another value than
 *     that record is a read the trace does not have, and a recorded read
 *     the driver never makes is one it lacks: both are divergences
 *     (nvt_play_reads_check).  Registers the trace never shows read, and
 *     those an "ignore" rule for rd names, are the model's.
 *   - replies: each msg (fn < 0x1000; continuation records joined) answers
 *     the latest cmd of its function before it (the driver waits for each
 *     reply).  When the model's own answer differs in rpc_result or
 *     payload, the trace's is imposed (gspm_set_script); a cmd with no reply
 *     before the trace ends is never answered; a reply recorded > 100 ms
 *     after its command is sent that late.  A reply no command awaits, and
 *     a cmd left without a reply while the driver went on with no
 *     rpc-timeout (of a function answered elsewhere in the trace), are
 *     protocol problems (nvt_plan.problems) replay reports as divergences.
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

/* What the trace's firmware side shows wrong about the protocol. */
enum nvt_problem_kind {
	NVT_REPLY_MISSING,	/* a command the driver went on from without a reply or timeout,
				 * of a function the trace shows answered elsewhere */
	NVT_REPLY_EXTRA,	/* a reply no command awaits (none of its function, or answered) */
	NVT_REPLY_REORDERED,	/* a reply (or, below, an event) whose status-queue seqNum is not */
	NVT_EVENT_REORDERED,	/* above every earlier message's: out of the GSP's sending order */
};

struct nvt_problem {
	enum nvt_problem_kind k;
	size_t rec;		/* the command's record (missing), else the message's */
	uint32_t fn, seq;
	uint32_t after_seq;	/* reordered: the highest seqNum before it */
	size_t cmd_rec;		/* reordered reply: the command it answers, or (size_t)-1 */
};

/* One register's recorded reads: rd record indices in trace order. */
struct nvt_preg {
	uint32_t reg;
	size_t *rec;
	bool *echo;		/* per record: it returned the driver's own last write */
	size_t n;
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
	struct nvt_preg *regs;		/* registers read, sorted by reg */
	size_t nregs;
	size_t nreads;			/* rd records played */
	bool wpr2_up;
	bool unload;			/* the trace goes on through the unload */
	/* init-done, then failed: the event numbers that arrived in between. */
	bool init_failed;
	uint32_t *init_msgs;
	size_t ninit_msgs;
};

/* Where the reads of one register stand (per nvt_plan.regs entry). */
struct nvt_pcursor {
	size_t k;			/* current record (index into nvt_preg.rec) */
	uint64_t c;			/* reads of it played; 0: none of the register yet */
	bool other;			/* read past its last record with another value */
	bool written;			/* the driver wrote the register in this run: */
	uint32_t wval;			/* its last write */
	bool first_other;		/* read before the model reached the first record */
	uint32_t first_val;		/* what the model answered then */
};

/* What a play did to the model's answers, for reports. */
struct nvt_play {
	const struct nvt_plan *plan;
	unsigned int imposed, dropped, delayed, mismatched;
	uint64_t seen;			/* commands the model received */
	struct nvt_pcursor *cur;	/* per plan->regs entry */
	uint64_t reads_played;		/* reads answered from a record */
	uint64_t reads_longer;		/* a polling loop ran past its n: the model was slower */
	uint64_t reads_skipped;		/* records repeating a value skipped: a loop ended sooner */
	uint64_t reads_other;		/* registers read past their last record, answered otherwise */
	size_t other_rec;		/* the record the first of them went past */
	uint32_t other_val;		/* and what the model answered */
	bool ended;			/* the recording ended: the model answers every read */
};

/* 0, or -1 when out of memory.  The plan points into t, which must outlive it. */
int nvt_plan_build(const struct nvt_trace *t, struct nvt_plan *p);
void nvt_plan_free(struct nvt_plan *p);
/* "reply missing", "reply without a command". */
const char *nvt_problem_name(enum nvt_problem_kind k);
/* Before the model exists. */
void nvt_play_config(const struct nvt_plan *p, struct gspm_config *cfg);
/*
 * Once it does, before the driver probes: the script, the faults and the
 * register reads from the trace's first one.  play must be zeroed before its
 * first attach; a recreated model attaches the same play again (the reads
 * start over); nvt_play_free releases it.
 */
void nvt_play_attach(struct nvt_play *play, const struct nvt_plan *p, struct gspm *m);
/* The driver's writes (to BAR0), so that a read returning the driver's own
 * write (a mailbox still holding a host address) plays this run's value. */
void nvt_play_write(struct nvt_play *play, uint32_t reg, uint32_t val);
/* The value the driver's read of reg gets; model_val is the model's own
 * answer (the model has seen the read, with its side effects). */
uint32_t nvt_play_read(struct nvt_play *play, uint32_t reg, uint32_t model_val);
/*
 * After the run: the register-read divergences (reads past a register's
 * last record the model answered otherwise, recorded reads never made); the
 * first described in buf ("" if none) and *rec the trace record it is
 * about ((size_t)-1 if none).
 */
/* The recording ends here (what the driver does later is not in the trace):
 * from now on the model answers every read. */
void nvt_play_end(struct nvt_play *play);
unsigned int nvt_play_reads_check(const struct nvt_play *play, char *buf, size_t len,
				  size_t *rec);
void nvt_play_free(struct nvt_play *play);

#endif
