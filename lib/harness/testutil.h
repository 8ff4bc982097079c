/* SPDX-License-Identifier: MIT */
/*
 * The Check tests' runner (emu/, lib/, conformance/): one Check suite, its
 * test cases reported as TAP on stdout (meson's `protocol : 'tap'`, so
 * `meson test` and CI show each case), its result as the process's exit
 * status.  Header-only, so a test needs no harness library.
 *
 * stdout carries nothing but TAP: Check's own report is silenced, and the
 * failures and the totals go to stderr (so a run by hand still names them).
 * Check opens "-" as stdout unbuffered, so a forked test cannot repeat a line.
 */
#ifndef NVH_TESTUTIL_H
#define NVH_TESTUTIL_H

#include <check.h>
#include <stdio.h>
#include <stdlib.h>

/* Run every test of @s; EXIT_SUCCESS when all passed, else EXIT_FAILURE
 * (meson then reports the program as ERROR beside each "not ok" case). */
static inline int check_run(Suite *s)
{
	SRunner *sr = srunner_create(s);
	TestResult **tr;
	int i, n, failed;

	srunner_set_tap(sr, "-");
	srunner_run_all(sr, CK_SILENT);
	n = srunner_ntests_run(sr);
	failed = srunner_ntests_failed(sr);
	tr = srunner_failures(sr);
	for (i = 0; i < failed; i++)
		fprintf(stderr, "%s:%d: %s in test case %s: %s\n", tr_lfile(tr[i]), tr_lno(tr[i]),
			tr_rtype(tr[i]) == CK_ERROR ? "error" : "failure", tr_tcname(tr[i]),
			tr_msg(tr[i]));
	free(tr);
	fprintf(stderr, "%d test(s), %d passed, %d failed\n", n, n - failed, failed);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}

#endif
