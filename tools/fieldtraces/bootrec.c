// SPDX-License-Identifier: MIT
/*
 * bootrec: record, with the driver's recorder, what the driver does while it
 * probes the emulated GPU in one of the field traces' situations; mkfield.py
 * puts the report-derived records after it.  The report never shows the
 * driver's own boot, so this part of a field trace is the real driver's.
 *
 *   bootrec CHIP RELEASE SITUATION > traces/field/prefix/CHIP-RELEASE-SITUATION.prefix
 *
 * SITUATION: ready (a normal boot), wpr2-up (the model powers on with WPR2
 * up), no-init-done (GSP-RM halts before GSP_INIT_DONE), features-version
 * (GET_FEATURES names another build).  Deterministic: the harness seed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"

static const char *situation;

static void before(struct nvh *h)
{
	if (!strcmp(situation, "no-init-done"))
		gspm_inject(h->m, GSPM_FAULT_DIE, 0x1001 /* GSP_INIT_DONE, every release */, 0, 1);
	else if (!strcmp(situation, "features-version"))
		gspm_inject(h->m, GSPM_FAULT_FEATURES_VERSION, 76 /* GSP_RM_CONTROL */, 0, 1);
}

int main(int argc, char **argv)
{
	struct nvh_opts o = nvh_defaults();
	struct nvh h;
	size_t len = 0;
	char *text;

	if (argc != 4 || nvh_parse_chip(argv[1], &o.chip) ||
	    (strcmp(argv[3], "ready") && strcmp(argv[3], "wpr2-up") &&
	     strcmp(argv[3], "no-init-done") && strcmp(argv[3], "features-version"))) {
		fprintf(stderr, "usage: %s CHIP RELEASE ready|wpr2-up|no-init-done|features-version\n",
			argv[0]);
		return 2;
	}
	situation = argv[3];
	o.fw_release = argv[2];
	o.trace = true;
	o.wpr2_up_at_power_on = !strcmp(situation, "wpr2-up");
	o.before_probe = before;
	nvh_start(&h, &o);
	text = nvh_trace_collect(&h, &len);
	if (!text || !len) {
		fprintf(stderr, "bootrec: nothing recorded (probe %d)\n", h.probe_ret);
		return 1;
	}
	fwrite(text, 1, len, stdout);
	free(text);
	fprintf(stderr, "bootrec: %s %s %s: probe %d, %zu bytes\n", argv[1], argv[2], situation,
		h.probe_ret, len);
	nvh_stop(&h);
	return 0;
}
