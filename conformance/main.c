// SPDX-License-Identifier: MIT
/*
 * Runs one conformance suite for one chip × firmware release:
 *   conformance [--chip CHIP] [--release RELEASE] SUITE
 * Each test forks (Check's default), so every test gets a fresh model,
 * kshim and driver.  Test cases are reported as TAP on stdout (check_run,
 * lib/harness/testutil.h); everything else goes to stderr.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "fw/release.h"
#include "suites.h"
#include "testutil.h"

static const struct {
	const char *name;
	Suite *(*make)(void);
} suites[] = {
	{ "abi", abi_suite },
	{ "boot", boot_suite },
	{ "refused", refused_suite },
	{ "rpc", rpc_suite },
	{ "irq", irq_suite },
	{ "events", events_suite },
	{ "unload", unload_suite },
	{ "fw_files", fw_files_suite },
	{ "gh100", gh100_suite },
	{ "features", features_suite },
	{ "trace", trace_suite },
	{ "field", field_suite },
	{ "hwtruth_boot", hwtruth_boot_suite },
	{ "vgpu", vgpu_suite },
	{ "checks", checks_suite },
	{ "vgpumgr", vgpumgr_suite },
	{ "faults", faults_suite },
	{ "stress", stress_suite },
};

#define NSUITES (sizeof(suites) / sizeof(suites[0]))

static void usage(FILE *f, const char *argv0)
{
	unsigned int i;

	fprintf(f, "usage: %s [--chip ga102..ga107|ad102..ad107|gh100] [--release RELEASE] SUITE\n"
		"       %s --help | --version\n"
		"Runs one Check suite with nvcore's driver code against the GSP model for one\n"
		"chip and firmware release (default ga102, 535.113.01).  NVCORE_SEED=N picks\n"
		"the seed, KSHIM_VERBOSE=1 echoes the kernel log (on stderr).  stdout: one TAP\n"
		"line per test.  Exit status: 0 all tests passed, 1 a test failed, 2 bad\n"
		"arguments.\nreleases:", argv0, argv0);
	for (i = 0; i < nvcore_fw_num_releases; i++)
		fprintf(f, " %s", nvcore_fw_releases[i]->version);
	fprintf(f, "\nsuites:");
	for (i = 0; i < NSUITES; i++)
		fprintf(f, " %s", suites[i].name);
	fprintf(f, "\n");
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "chip", required_argument, NULL, 'c' },
		{ "release", required_argument, NULL, 'r' },
		{ "help", no_argument, NULL, 'h' }, { "version", no_argument, NULL, 'V' }, { }
	};
	unsigned int i;

	while (nvh_getopt(argc, argv, "c:r:hV", opts, usage, &nvh_target.chip,
			  &nvh_target.release) != -1)
		;
	if (optind != argc - 1) {
		fprintf(stderr, "%s: needs exactly one SUITE (try --help)\n", argv[0]);
		return 2;
	}
	for (i = 0; i < NSUITES; i++)
		if (!strcmp(argv[optind], suites[i].name))
			break;
	if (i == NSUITES) {
		fprintf(stderr, "%s: no suite named '%s' (try --help)\n", argv[0], argv[optind]);
		return 2;
	}
	fprintf(stderr, "suite %s, %s with GSP-RM %s, seed 0x%llx\n", suites[i].name,
		nvh_chip_name(nvh_target.chip), nvh_target.release,
		(unsigned long long)nvh_seed());
	nvh_suite_name = suites[i].name;	/* failure bundles and their repro line */
	nvh_fw_preload();	/* each forked test case boots from the parent's copy */
	return check_run(suites[i].make());
}
