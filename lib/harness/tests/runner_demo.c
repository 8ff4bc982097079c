// SPDX-License-Identifier: MIT
/*
 * Suites for check_run_suites' own test (runner.py): cases that pass, fail,
 * or fail, die or hang only after an earlier case in the same process set
 * a flag (state a case left behind); "own" has a CHECK_OWN_PROCESS tcase.
 *   runner-demo SCENARIO   (pass, fail, leak, die, hang, own)
 * Each scenario runs two suites: its own ("demo"), then one that passes
 * ("after"), so that what follows a failure is seen to run.
 */
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "testutil.h"

static int left_behind;	/* set by a case; a fresh process starts without it */

START_TEST(sets_state)
{
	left_behind = 1;
}
END_TEST

START_TEST(needs_clean_state)
{
	ck_assert_int_eq(left_behind, 0);
}
END_TEST

START_TEST(dies_after_state)
{
	if (left_behind)
		raise(SIGSEGV);
}
END_TEST

START_TEST(hangs_after_state)
{
	while (left_behind)
		pause();
}
END_TEST

START_TEST(always_fails)
{
	ck_assert_msg(0, "fails wherever it runs");
}
END_TEST

START_TEST(passes)
{
}
END_TEST

static const char *scenario;

static Suite *make(int i)
{
	Suite *s = suite_create(i ? "after" : "demo");
	TCase *tc = tcase_create(i ? "after" : scenario);

	suite_add_tcase(s, tc);
	if (i) {
		tcase_add_test(tc, passes);
	} else if (!strcmp(scenario, "pass")) {
		tcase_add_test(tc, passes);
		tcase_add_test(tc, sets_state);
	} else if (!strcmp(scenario, "fail")) {
		tcase_add_test(tc, always_fails);
		tcase_add_test(tc, passes);
	} else if (!strcmp(scenario, "leak")) {
		tcase_add_test(tc, sets_state);
		tcase_add_test(tc, needs_clean_state);
	} else if (!strcmp(scenario, "own")) {
		TCase *own = tcase_create("own-tagged");

		/* A process per case there, so needs_clean_state passes after
		 * sets_state; it runs before the suite's other tcase. */
		tcase_add_test(tc, passes);
		tcase_set_tags(own, CHECK_OWN_PROCESS);
		tcase_add_test(own, sets_state);
		tcase_add_test(own, needs_clean_state);
		suite_add_tcase(s, own);
	} else if (!strcmp(scenario, "die")) {
		tcase_add_test(tc, sets_state);
		tcase_add_test(tc, dies_after_state);
	} else {
		tcase_add_test(tc, sets_state);
		tcase_add_test(tc, hangs_after_state);
	}
	return s;
}

int main(int argc, char **argv)
{
	static const char *const known[] = { "pass", "fail", "leak", "die", "hang", "own" };

	for (unsigned int k = 0; argc == 2 && k < sizeof(known) / sizeof(known[0]); k++)
		if (!strcmp(argv[1], known[k]))
			scenario = known[k];
	if (!scenario) {
		fprintf(stderr, "usage: %s pass|fail|leak|die|hang|own\n", argv[0]);
		return 2;
	}
	return check_run_suites(2, make, NULL);
}
