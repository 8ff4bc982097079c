/* SPDX-License-Identifier: MIT */
/*
 * settle: the driver's own, stable run of a trace whose firmware side is
 * given (gsptrace import's draft, fieldrec's field trace).  The trace is
 * replayed leniently and the driver's run, as its recorder saw it, replayed
 * again, until the run no longer changes: then every host record is the
 * driver's and the trace replays strictly.
 */
#ifndef GSPTRACE_SETTLE_H
#define GSPTRACE_SETTLE_H

#include <stddef.h>

#include "nvtrace.h"

/*
 * The stable run of draft, with draft's header (source, tolerate, scenario,
 * expect).  fix (may be NULL) edits each round's run before the next (the
 * importer's firmware silence).  NULL with the reason in err when a round
 * gives no run or it does not settle in 6 rounds.
 */
struct nvt_trace *gsptrace_settle(const struct nvt_trace *draft,
				  void (*fix)(struct nvt_trace *run), char *err, size_t errlen);

#endif
