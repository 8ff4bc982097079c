// SPDX-License-Identifier: MIT
/*
 * (e) The trace loader (lib/nvtrace, docs/trace-format.md) and, for traces
 * of at most REPLAY_MAX records (a boot prefix), their replay against the model with the
 * real driver (what `gsptrace replay` does; no bundle, output discarded).
 * The input is the trace's text.  The replay builds and tears down kshim,
 * the model and the driver itself, so nothing carries over.
 */
#include <stdio.h>
#include <stdlib.h>

#include "nvtrace.h"
#include "replay.h"

/* A boot is the replay's cost: keep it to short traces so the loader gets most runs. */
#define REPLAY_MAX	24

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	/* A replay that diverges is not a finding here: no failure bundles. */
	setenv("NVCORE_BUNDLE_DIR", "off", 1);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static FILE *null;
	struct nvt_replay_opts o = { .quiet = true, .bundle_dir = "" };
	struct nvt_replay_result res;
	struct nvt_trace *t;
	char err[512];

	if (!null)
		null = fopen("/dev/null", "w");
	t = nvt_load_mem("fuzz.jsonl", (const char *)data, size, err, sizeof(err));
	if (!t)
		return 0;
	if (t->n <= REPLAY_MAX) {
		o.out = null;
		nvt_replay(t, &o, &res);
		nvt_free(res.got);
	}
	nvt_free(t);
	return 0;
}
