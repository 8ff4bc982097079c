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
#include <string.h>
#include <unistd.h>

/* The failures and the totals of a finished run, on stderr; the number failed. */
static inline int check_report(SRunner *sr, int *run)
{
	TestResult **tr = srunner_failures(sr);
	int i, n = srunner_ntests_run(sr), failed = srunner_ntests_failed(sr);

	for (i = 0; i < failed; i++)
		fprintf(stderr, "%s:%d: %s in test case %s: %s\n", tr_lfile(tr[i]), tr_lno(tr[i]),
			tr_rtype(tr[i]) == CK_ERROR ? "error" : "failure", tr_tcname(tr[i]),
			tr_msg(tr[i]));
	free(tr);
	fprintf(stderr, "%d test(s), %d passed, %d failed\n", n, n - failed, failed);
	*run = n;
	return failed;
}

/* Run every test of @s; EXIT_SUCCESS when all passed, else EXIT_FAILURE
 * (meson then reports the program as ERROR beside each "not ok" case). */
static inline int check_run(Suite *s)
{
	SRunner *sr = srunner_create(s);
	int n, failed;

	srunner_set_tap(sr, "-");
	srunner_run_all(sr, CK_SILENT);
	failed = check_report(sr, &n);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}

/*
 * Run n suites one after another in this process, as one TAP stream: each
 * suite's cases (Check writes them to a temporary file, since its TAP ends
 * each run with a plan) follow the last suite's, numbered on, and one plan
 * ends the stream.  make(i) makes suite i just before it runs (so what it
 * sets up is there in every case Check forks from it, and not before).
 * Several suites in one program save a process start and its set-up per
 * suite (docs/testing.md, "Speed").  With label, each case's description
 * starts with label(i) (which target suite i ran on, where one stream holds
 * several).
 */
static inline int check_run_suites(int ns, Suite *(*make)(int i), const char *(*label)(int i))
{
	const char *tmp = getenv("TMPDIR");
	int i, total = 0, failed = 0;

	for (i = 0; i < ns; i++) {
		char path[4096], line[8192];
		SRunner *sr;
		FILE *f;
		int fd, n;

		snprintf(path, sizeof(path), "%s/check-tap-XXXXXX", tmp && *tmp ? tmp : "/tmp");
		fd = mkstemp(path);
		if (fd < 0) {
			perror(path);
			exit(EXIT_FAILURE);
		}
		close(fd);
		sr = srunner_create(make(i));
		srunner_set_tap(sr, path);
		srunner_run_all(sr, CK_SILENT);
		f = fopen(path, "r");
		if (!f) {
			perror(path);
			exit(EXIT_FAILURE);
		}
		while (fgets(line, sizeof(line), f)) {
			const char *rest = line;
			int ok = !strncmp(line, "ok ", 3);

			if (ok || !strncmp(line, "not ok ", 7)) {
				rest += ok ? 3 : 7;
				rest += strspn(rest, "0123456789");
				if (label && !strncmp(rest, " - ", 3))
					printf("%s %d - %s %s", ok ? "ok" : "not ok", ++total, label(i),
					       rest + 3);
				else
					printf("%s %d%s", ok ? "ok" : "not ok", ++total, rest);
			} else if (strncmp(line, "1..", 3)) {
				fputs(line, stdout);
			}
		}
		fclose(f);
		unlink(path);
		fflush(stdout);
		failed += check_report(sr, &n);
		srunner_free(sr);
	}
	printf("1..%d\n", total);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}

#endif
