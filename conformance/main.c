// SPDX-License-Identifier: MIT
/*
 * Runs conformance suites for one chip × firmware release:
 *   conformance [--chip CHIP] [--release RELEASE] SUITE...
 * Each test forks (Check's default), so every test gets a fresh model,
 * kshim and driver.  Test cases are reported as TAP on stdout (check_run,
 * check_run_suites: lib/harness/testutil.h), several suites as one stream;
 * everything else goes to stderr.
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

	fprintf(f, "usage: %s [--chip ga102..ga107|ad102..ad107|gh100] [--release RELEASE] SUITE...\n"
		"       %s --help | --version\n"
		"Runs Check suites, one after another, with nvcore's driver code against the\n"
		"GSP model for one chip and firmware release (default ga102, 535.113.01);\n"
		"several suites share one firmware preload.  NVCORE_SEED=N picks\n"
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

static int find(const char *name)
{
	for (unsigned int i = 0; i < NSUITES; i++)
		if (!strcmp(name, suites[i].name))
			return (int)i;
	return -1;
}

static int picked[NSUITES];

/* Suite i of those picked, named for failure bundles and their repro line. */
static Suite *make(int i)
{
	fprintf(stderr, "suite %s, %s with GSP-RM %s, seed 0x%llx\n", suites[picked[i]].name,
		nvh_chip_name(nvh_target.chip), nvh_target.release,
		(unsigned long long)nvh_seed());
	nvh_suite_name = suites[picked[i]].name;
	return suites[picked[i]].make();
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "chip", required_argument, NULL, 'c' },
		{ "release", required_argument, NULL, 'r' },
		{ "help", no_argument, NULL, 'h' }, { "version", no_argument, NULL, 'V' }, { }
	};
	int n, i;

	while (nvh_getopt(argc, argv, "c:r:hV", opts, usage, &nvh_target.chip,
			  &nvh_target.release) != -1)
		;
	n = argc - optind;
	if (n < 1) {
		fprintf(stderr, "%s: needs a SUITE (try --help)\n", argv[0]);
		return 2;
	}
	if (n > (int)NSUITES) {
		fprintf(stderr, "%s: more SUITEs than there are suites (try --help)\n", argv[0]);
		return 2;
	}
	for (i = 0; i < n; i++) {
		picked[i] = find(argv[optind + i]);
		if (picked[i] < 0) {
			fprintf(stderr, "%s: no suite named '%s' (try --help)\n", argv[0],
				argv[optind + i]);
			return 2;
		}
		for (int j = 0; j < i; j++)
			if (picked[j] == picked[i]) {
				fprintf(stderr, "%s: suite '%s' given twice\n", argv[0],
					argv[optind + i]);
				return 2;
			}
	}
	nvh_fw_preload();	/* each forked test case boots from the parent's copy */
	return n == 1 ? check_run(make(0)) : check_run_suites(n, make);
}
