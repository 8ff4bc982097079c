// SPDX-License-Identifier: MIT
/*
 * fieldrec: replay a field-trace draft (mkfield.py: the recorded boot plus
 * the records a report shows) leniently against the model and write what
 * the driver actually did, as its recorder saw it.  mkfield.py then gives
 * that run the report's times and the draft's header.  So every host record
 * of a field trace is the driver's own, and the trace replays.
 *
 *   fieldrec DRAFT OUT
 */
#include <stdio.h>
#include <stdlib.h>

#include "replay.h"

int main(int argc, char **argv)
{
	struct nvt_replay_opts o = { .lenient = true, .quiet = true, .bundle_dir = "" };
	struct nvt_replay_result res = { 0 };
	struct nvt_trace *t;
	char err[512];
	int ret = 0;

	if (argc != 3) {
		fprintf(stderr, "usage: %s DRAFT OUT\n", argv[0]);
		return 2;
	}
	t = nvt_load(argv[1], err, sizeof(err));
	if (!t) {
		fprintf(stderr, "fieldrec: %s\n", err);
		return 2;
	}
	o.out = stderr;
	nvt_replay(t, &o, &res);
	if (!res.got || nvt_write_file(res.got, argv[2])) {
		fprintf(stderr, "fieldrec: %s: no run to write\n", argv[1]);
		ret = 1;
	}
	nvt_free(res.got);
	nvt_free(t);
	return ret;
}
