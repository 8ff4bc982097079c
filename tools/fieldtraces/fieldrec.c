// SPDX-License-Identifier: MIT
/*
 * fieldrec: re-record a constructed field trace (traces/README.md: the
 * ones no report's log gives, so `gsptrace import` cannot make them) after
 * an intended change of the driver's behaviour: the trace's firmware side
 * is replayed leniently until the driver's run is stable (tools/settle.h,
 * as the importer does), and that run is written with the trace's header.
 * The field/rerecord tests check each constructed trace is that fixed
 * point, so a stale one fails with the command that renews it.
 *
 *   fieldrec TRACE OUT
 */
#include <stdio.h>
#include <stdlib.h>

#include "settle.h"

int main(int argc, char **argv)
{
	struct nvt_trace *t, *run;
	char err[512];
	int ret = 0;

	if (argc != 3) {
		fprintf(stderr, "usage: %s TRACE OUT\n", argv[0]);
		return 2;
	}
	t = nvt_load(argv[1], err, sizeof(err));
	if (!t) {
		fprintf(stderr, "fieldrec: %s\n", err);
		return 2;
	}
	run = gsptrace_settle(t, NULL, err, sizeof(err));
	if (!run) {
		fprintf(stderr, "fieldrec: %s: %s\n", argv[1], err);
		ret = 1;
	} else if (nvt_write_file(run, argv[2])) {
		perror(argv[2]);
		ret = 1;
	}
	nvt_free(run);
	nvt_free(t);
	return ret;
}
