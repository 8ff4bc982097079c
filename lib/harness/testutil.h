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
#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
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
 * Cases in one process.  Check forks a process per test case, and on a
 * virtual machine, where the first touch of a fresh page exits to the
 * hypervisor, a case's fork and the fresh memory of its boot cost more than
 * the case itself (a 535.x conformance case boots a 24 MiB GSP image;
 * docs/testing.md "Cases in one process").  check_run_suites therefore runs
 * the suites' cases one after another in one child process (Check's
 * CK_NOFORK there).  Every case still boots and unloads on its own; in
 * sequence they also show that an unload leaves nothing a later boot trips
 * on, as module reloads in one kernel must.  A tcase tagged
 * CHECK_OWN_PROCESS, whose cases each start from what its unchecked fixture
 * set up, runs before the suite's others, still a process per case (forks
 * of that child).  A suite whose run there fails in any way (a case fails,
 * the child dies in it, or a case runs past CK_DEFAULT_TIMEOUT, Check's 4 s
 * when unset, times CK_TIMEOUT_MULTIPLIER), or that the child never
 * reached, runs again with a process per case, and those lines are the
 * report; if every case then passes, what failed in sequence is reported as
 * a failure of its own (state an earlier case left behind).  CK_FORK=yes or
 * no in the environment: Check's own choice, no child and no second run
 * (CK_FORK=no keeps the whole run in one process, for a debugger).
 */
#define CHECK_OWN_PROCESS "own-process"

/* Milliseconds a case may take in the run in one process: Check's default timeout. */
static inline int check_one_process_limit_ms(void)
{
	const char *t = getenv("CK_DEFAULT_TIMEOUT"), *m = getenv("CK_TIMEOUT_MULTIPLIER");
	double ms = (t && *t ? strtod(t, NULL) : 4) * (m && *m ? strtod(m, NULL) : 1) * 1000;

	return ms < 1 ? 1 : ms > INT_MAX ? INT_MAX : (int)ms;
}

/* A suite's TAP files: its CHECK_OWN_PROCESS tcases, then its cases in one process. */
struct check_tap_files {
	char path[2][4096];
};

/* A new TAP file for one run (check_run_suites removes it); exits if it cannot. */
static inline void check_tap_file(char *path, size_t len)
{
	const char *tmp = getenv("TMPDIR");
	int fd;

	snprintf(path, len, "%s/check-tap-XXXXXX", tmp && *tmp ? tmp : "/tmp");
	fd = mkstemp(path);
	if (fd < 0) {
		perror(path);
		exit(EXIT_FAILURE);
	}
	close(fd);
}

/* What a suite's TAP lines say (check_tap_copy). */
struct check_tap {
	int failed;		/* "not ok" lines */
	int planned;		/* plan lines: 2 when both runs ended */
	char *not_ok;		/* with keep: their descriptions, a line each (malloc'd) */
	char last[512];		/* with keep: the last "ok" line's description */
	size_t kept;		/* bytes in not_ok, its NUL aside */
};

/*
 * Copy path's TAP lines to stdout, numbered on from *total, label(i) first in
 * each description where label is given; the plan line is dropped.  With
 * keep, nothing is printed: t keeps the "not ok" lines and the last "ok".
 */
static inline void check_tap_copy(const char *path, int i, const char *(*label)(int i),
				  int *total, int keep, struct check_tap *t)
{
	char line[8192];
	FILE *f = fopen(path, "r");

	if (!f) {
		perror(path);
		exit(EXIT_FAILURE);
	}
	while (fgets(line, sizeof(line), f)) {
		const char *rest = line;
		int ok = !strncmp(line, "ok ", 3);

		if (!ok && strncmp(line, "not ok ", 7)) {
			t->planned += !strncmp(line, "1..", 3);
			if (!keep && strncmp(line, "1..", 3))
				fputs(line, stdout);
			continue;
		}
		rest += ok ? 3 : 7;
		rest += strspn(rest, "0123456789");
		if (!strncmp(rest, " - ", 3))
			rest += 3;
		t->failed += !ok;
		if (keep && ok) {
			size_t n = strcspn(rest, "\n");

			if (n > 8 && !strncmp(rest + n - 8, ": Passed", 8))
				n -= 8;	/* Check's message for a pass */
			snprintf(t->last, sizeof(t->last), "%.*s", (int)n, rest);
		} else if (keep) {
			size_t n = strlen(rest);

			t->not_ok = realloc(t->not_ok, t->kept + n + 1);
			if (!t->not_ok) {
				perror("check_tap_copy");
				exit(EXIT_FAILURE);
			}
			memcpy(t->not_ok + t->kept, rest, n + 1);
			t->kept += n;
		} else {
			printf("%s %d - %s%s%s", ok ? "ok" : "not ok", ++*total,
			       label ? label(i) : "", label ? " " : "", rest);
		}
	}
	fclose(f);
}

/*
 * Every suite in one child process, suite i's TAP to files[i]; *reached is
 * the suite the child was in when it ended (ns when it finished).  What
 * ended it otherwise goes to why ("" when it finished).
 */
static inline void check_in_one_process(int ns, Suite *(*make)(int i),
					struct check_tap_files *files, int *reached,
					char *why, size_t len)
{
	struct pollfd pfd = { .events = POLLIN };
	int st = 0, seen = -1;
	off_t seen_size = -1;
	pid_t pid;

	fflush(stdout);
	fflush(stderr);
	pid = fork();
	if (pid == 0) {
		for (int i = 0; i < ns; i++) {
			SRunner *sr;

			__atomic_store_n(reached, i, __ATOMIC_SEQ_CST);
			sr = srunner_create(make(i));
			/* Check keeps an SRunner's first TAP file name, and each
			 * run truncates it: the first run's is moved aside. */
			srunner_set_tap(sr, files[i].path[1]);
			srunner_set_fork_status(sr, CK_FORK);
			srunner_run_tagged(sr, NULL, NULL, CHECK_OWN_PROCESS, NULL, CK_SILENT);
			if (rename(files[i].path[1], files[i].path[0]))
				exit(EXIT_FAILURE);
			srunner_set_fork_status(sr, CK_NOFORK);
			srunner_run_tagged(sr, NULL, NULL, NULL, CHECK_OWN_PROCESS, CK_SILENT);
			srunner_free(sr);
		}
		__atomic_store_n(reached, ns, __ATOMIC_SEQ_CST);
		exit(EXIT_SUCCESS);
	}
	*why = 0;
	if (pid < 0) {
		snprintf(why, len, "no child process: %s", strerror(errno));
		return;
	}
	/*
	 * The limit is kept here, not by alarm() in the child (Check's SIGALRM
	 * handler kills its process group), and it is a case's: Check writes
	 * each case's line as it ends, so a TAP file that grows is progress.
	 * Without a pidfd: no limit.
	 */
	pfd.fd = (int)syscall(SYS_pidfd_open, pid, 0);
	while (pfd.fd >= 0 && poll(&pfd, 1, check_one_process_limit_ms()) == 0) {
		int at = __atomic_load_n(reached, __ATOMIC_SEQ_CST);
		struct stat a, b;
		off_t size = -1;

		if (at < ns && !stat(files[at].path[0], &a))
			size = a.st_size + (stat(files[at].path[1], &b) ? 0 : b.st_size);
		if (at != seen || size != seen_size) {
			seen = at;
			seen_size = size;
			continue;
		}
		kill(pid, SIGKILL);
		snprintf(why, len, "ran past %g s in a case", check_one_process_limit_ms() / 1000.0);
		break;
	}
	if (pfd.fd >= 0)
		close(pfd.fd);
	if (waitpid(pid, &st, 0) < 0)
		snprintf(why, len, "lost its child process: %s", strerror(errno));
	else if (*why)
		;
	else if (WIFSIGNALED(st))
		snprintf(why, len, "died of signal %d (%s)", WTERMSIG(st), strsignal(WTERMSIG(st)));
	else if (WEXITSTATUS(st))
		snprintf(why, len, "exited with status %d", WEXITSTATUS(st));
}

/*
 * Every case of suite i passed with a process of its own, after the run in
 * one process failed (seq, why): that run is the failure, a "not ok" line
 * for each case that failed there, or for what ended it.  Returns 1.
 */
static inline int check_sequence_failed(int i, const char *(*label)(int i),
					struct check_tap *seq, const char *why, int *total)
{
	const char *pre = label ? label(i) : "", *sp = label ? " " : "";

	for (char *l = seq->not_ok ? strtok(seq->not_ok, "\n") : NULL; l; l = strtok(NULL, "\n"))
		printf("not ok %d - %s%sin one process, after the cases before it (alone it "
		       "passes): %s\n", ++*total, pre, sp, l);
	if (!seq->failed)
		printf("not ok %d - %s%sin one process: %s, after %s (each case passes alone)\n",
		       ++*total, pre, sp, why, *seq->last ? seq->last : "no case");
	fprintf(stderr, "in one process: failed where each case passes alone: state an "
		"earlier case left behind (CK_FORK=no runs it so)\n");
	return 1;
}

/*
 * Run n suites one after another, as one TAP stream: each suite's cases
 * (Check writes them to a temporary file, since its TAP ends each run with a
 * plan) follow the last suite's, numbered on, and one plan ends the stream.
 * make(i) makes suite i just before it runs, in the process that runs it
 * (so what it sets up is there in every case run from it, and not before).
 * Several suites in one program save a process start and its set-up per
 * suite (docs/testing.md, "Speed").  With label, each case's description
 * starts with label(i) (which target suite i ran on, where one stream holds
 * several).  The cases run in one process as above.
 */
static inline int check_run_suites(int ns, Suite *(*make)(int i), const char *(*label)(int i))
{
	const char *env = getenv("CK_FORK");
	int i, total = 0, failed = 0, shared = !(env && *env), *reached = NULL;
	struct check_tap_files *files = calloc((size_t)ns, sizeof(*files));
	char why[128] = "";

	if (!files) {
		perror("check_run_suites");
		exit(EXIT_FAILURE);
	}
	for (i = 0; i < ns; i++)
		for (int k = 0; k < 2; k++)
			check_tap_file(files[i].path[k], sizeof(files[i].path[k]));
	if (shared) {
		reached = mmap(NULL, sizeof(*reached), PROT_READ | PROT_WRITE,
			       MAP_SHARED | MAP_ANONYMOUS, -1, 0);
		if (reached == MAP_FAILED) {
			perror("check_run_suites: mmap");
			exit(EXIT_FAILURE);
		}
		*reached = 0;
		check_in_one_process(ns, make, files, reached, why, sizeof(why));
	}
	for (i = 0; i < ns; i++) {
		struct check_tap seq = { 0 }, t = { 0 };
		SRunner *sr;
		int run;

		if (shared)
			for (int k = 0; k < 2; k++)
				check_tap_copy(files[i].path[k], i, label, &total, 1, &seq);
		if (shared && i < *reached && !seq.failed && seq.planned == 2) {
			int before = total;

			for (int k = 0; k < 2; k++)
				check_tap_copy(files[i].path[k], i, label, &total, 0, &t);
			fprintf(stderr, "%d test(s), %d passed, 0 failed (in one process)\n",
				total - before, total - before);
		} else {
			if (shared && i <= *reached)
				fprintf(stderr, "in one process: %s%s%s; again with a process "
					"per case\n", seq.failed ? "a case failed" : why,
					!seq.failed && *seq.last ? ", after " : "",
					seq.failed ? "" : seq.last);
			sr = srunner_create(make(i));
			srunner_set_tap(sr, files[i].path[0]);
			srunner_run_all(sr, CK_SILENT);
			check_tap_copy(files[i].path[0], i, label, &total, 0, &t);
			failed += check_report(sr, &run);
			srunner_free(sr);
			if (shared && i <= *reached && !t.failed)
				failed += check_sequence_failed(i, label, &seq, why, &total);
		}
		fflush(stdout);
		free(seq.not_ok);
		for (int k = 0; k < 2; k++)
			unlink(files[i].path[k]);
	}
	if (reached)
		munmap(reached, sizeof(*reached));
	free(files);
	printf("1..%d\n", total);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}

#endif
