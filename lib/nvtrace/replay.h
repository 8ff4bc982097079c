/* SPDX-License-Identifier: MIT */
/*
 * nvtrace replay: run the real driver against gsp-model so that the model
 * plays a trace's firmware side, record what the driver does, and compare
 * its host records with the trace's (compare.h).
 *
 * What replay imposes on the model: the trace's firmware side (play.h).
 * What replay does on the host side: probe (the driver's own boot RPCs),
 * then re-issues every later client cmd (GSP_RM_CONTROL/ALLOC/FREE, ...)
 * with nvcore_rpc in trace order up to the driver's UNLOADING_GUEST_DRIVER,
 * then removes the device (unload is the driver's own again).
 * What it checks: the host records (wr, cmd, state, err, drop) under the
 * trace's rules (nvt_rules: its source's defaults and its header's
 * "tolerate"), the header's "expect" (probe result, log
 * substrings), and that the model saw no protocol violation.
 */
#ifndef NVTRACE_REPLAY_H
#define NVTRACE_REPLAY_H

#include <stdint.h>
#include <stdio.h>

#include "compare.h"
#include "nvtrace.h"

enum nvt_verdict {
	NVT_OK = 0,		/* replayed identically (within rules), expectations met */
	NVT_FAIL = 1,		/* divergence or expectation failed */
	NVT_BAD_INPUT = 2,	/* unusable trace or usage */
};

struct nvt_replay_opts {
	bool lenient;
	bool seed_set;		/* use seed instead of the header's (a header without one: nvh_seed()) */
	uint64_t seed;
	unsigned int context;	/* records of context (default 5) */
	FILE *out;		/* report (NULL: stdout) */
	bool quiet;		/* only the verdict line and failures */
	/* Failure bundle: the directory to create (NULL: $NVCORE_BUNDLE_DIR/<name>
	 * or build/failures/replay-<name>-<seed>; "" disables). */
	const char *bundle_dir;
};

struct nvt_replay_result {
	enum nvt_verdict verdict;
	struct nvt_cmp_result cmp;
	bool expect_ok;
	char expect_msg[512];
	int probe_ret;
	unsigned int model_failures;	/* kshim failures + model violations */
	unsigned int reads_diverged;	/* register-read divergences (play.h), in cmp.divergences */
	uint64_t seed;			/* the seed the model ran with */
	struct {			/* what the model played (play.h) */
		uint64_t reads, reads_longer;	/* reads answered from records; loops run longer */
		uint64_t reads_skipped;		/* repeating records of loops that ended sooner */
		size_t read_records, events;
		unsigned int imposed, dropped, delayed;
	} played;
	struct nvt_trace *got;		/* the replayed run's trace (caller frees) */
	char bundle[512];		/* the bundle written, "" if none */
};

enum nvt_verdict nvt_replay(const struct nvt_trace *ref, const struct nvt_replay_opts *o,
			    struct nvt_replay_result *res);

/*
 * A replay's result as one compact JSON object (gsptrace replay --json;
 * docs/trace-format.md "Machine-readable result"), without a newline;
 * malloc'd, NULL when out of memory.
 */
char *nvt_replay_json(const struct nvt_trace *ref, const struct nvt_replay_result *res);

/*
 * Record one emulated scenario with the driver's recorder (gsptrace record):
 *   boot    probe until ready;
 *   rpc     then echo RPCs through GSP_RM_CONTROL (0, 16, 3000 bytes and one
 *           of 66 KiB: continuation records both ways);
 *   irq     then the release's non-boot events and one unknown number,
 *           queued with gspm_queue_event, and the interrupts delivering them;
 *   unload  boot, then remove the device and record the unload.
 * The header gets the scenario and expect {"probe":"ok"}.  The trace text in
 * *text (malloc'd).  0 ok, 1 the run failed, 2 bad arguments.
 */
/*
 * Set the module parameters a trace's header names (kshim_set_param), as
 * modprobe would before the probe; -1 (each failure on out) if one cannot be.
 */
int nvt_apply_params(const struct nvt_header *h, FILE *out);

int nvt_record_scenario(const char *chip, const char *release, const char *scenario,
			uint64_t seed, bool seed_set, char **text, size_t *len);

/* "-ETIMEDOUT" for -110, "ok" for 0, "-<n>" for unknown. */
const char *nvt_errno_name(int err, char *buf, size_t len);

#endif
