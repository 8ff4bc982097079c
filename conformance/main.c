// SPDX-License-Identifier: MIT
/*
 * Runs one conformance suite: conformance SUITE.  Each test forks (Check's
 * default), so every test gets a fresh model, kshim and driver.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "suites.h"

static const struct {
	const char *name;
	Suite *(*make)(void);
} suites[] = {
	{ "abi", abi_suite },
	{ "boot", boot_suite },
	{ "rpc", rpc_suite },
	{ "irq", irq_suite },
	{ "events", events_suite },
	{ "unload", unload_suite },
	{ "fw_files", fw_files_suite },
	{ "gh100", gh100_suite },
	{ "features", features_suite },
};

int main(int argc, char **argv)
{
	SRunner *sr;
	unsigned int i;
	int failed;

	if (argc != 2 || !strcmp(argv[1], "--help")) {
		fprintf(stderr, "usage: %s SUITE\n  runs one Check suite against the GSP model;"
			" NVCORE_SEED=N picks the seed, KSHIM_VERBOSE=1 echoes the kernel log\n"
			"suites:", argv[0]);
		for (i = 0; i < sizeof(suites) / sizeof(suites[0]); i++)
			fprintf(stderr, " %s", suites[i].name);
		fprintf(stderr, "\n");
		return argc == 2 ? 0 : 2;
	}
	for (i = 0; i < sizeof(suites) / sizeof(suites[0]); i++)
		if (!strcmp(argv[1], suites[i].name))
			break;
	if (i == sizeof(suites) / sizeof(suites[0])) {
		fprintf(stderr, "%s: no suite named '%s' (try --help)\n", argv[0], argv[1]);
		return 2;
	}
	fprintf(stderr, "suite %s, seed 0x%llx\n", suites[i].name,
		(unsigned long long)nvh_seed());
	sr = srunner_create(suites[i].make());
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? 1 : 0;
}
