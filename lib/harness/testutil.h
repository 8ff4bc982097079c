/* SPDX-License-Identifier: MIT */
/*
 * The unit tests' runner (emu/, lib/): one Check suite, its result as the
 * process's exit status.  Header-only, so a test needs no harness library.
 */
#ifndef NVH_TESTUTIL_H
#define NVH_TESTUTIL_H

#include <check.h>
#include <stdlib.h>

/* Run every test of @s (CK_NORMAL output); EXIT_SUCCESS when all passed. */
static inline int check_run(Suite *s)
{
	SRunner *sr = srunner_create(s);
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}

#endif
