// SPDX-License-Identifier: MIT
/*
 * Runs conformance suites for one chip × firmware release, or for several
 * chips in turn (--chips: one process, one stream, each case's TAP line
 * naming its chip and release):
 *   conformance [--chip CHIP | --chips CHIP,...] [--release RELEASE] SUITE...
 * Every test case boots its own model, kshim and driver; the cases run one
 * after another in one child process, and again with a process per case if
 * that fails (check_run_suites, lib/harness/testutil.h), except the tcases
 * that fork each case from a run booted once (faults).  Test cases are
 * reported as TAP on stdout, several suites as one stream; everything else
 * goes to stderr.
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

	fprintf(f, "usage: %s [--chip ga102..ga107|ad102..ad107|gh100 | --chips CHIP,...]\n"
		"                   [--release RELEASE] SUITE...\n"
		"       %s --help | --version\n"
		"Runs Check suites, one after another, with nvcore's driver code against the\n"
		"GSP model for one chip and firmware release (default ga102, 535.113.01);\n"
		"several suites share one firmware preload.  --chips runs the SUITEs for each\n"
		"chip of the list in turn, in one process, each TAP line naming its chip and\n"
		"release.  NVCORE_SEED=N picks\n"
		"the seed, KSHIM_VERBOSE=1 echoes the kernel log (on stderr).  A suite's cases\n"
		"run in one child process, again one process each if that fails; CK_FORK=yes\n"
		"gives each case its own process, CK_FORK=no runs them all in this one (a\n"
		"debugger's choice).  stdout: one TAP\n"
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

#define MAX_CHIPS	16

static int picked[NSUITES], npicked;
static enum gspm_chip chips[MAX_CHIPS];
static int nchips;

/*
 * Run i: suite i % npicked of those picked, on chip i / npicked of --chips
 * (nvh_target's chip without it), named for failure bundles and their
 * repro line.  Each chip's firmware is preloaded before its suites run, in
 * the process that runs them (the child, or this one when a suite runs again
 * a process per case); a file already cached is not read again.
 */
static Suite *make(int i)
{
	const char *suite = suites[picked[i % npicked]].name;

	if (nchips)
		nvh_target.chip = chips[i / npicked];
	nvh_fw_preload();	/* each test case boots from this copy */
	fprintf(stderr, "suite %s, %s with GSP-RM %s, seed 0x%llx\n", suite,
		nvh_chip_name(nvh_target.chip), nvh_target.release,
		(unsigned long long)nvh_seed());
	nvh_suite_name = suite;
	return suites[picked[i % npicked]].make();
}

/* Run i's target, for its TAP lines: "ga103/535.113.01". */
static const char *label(int i)
{
	static char buf[64];

	snprintf(buf, sizeof(buf), "%s/%s", nvh_chip_name(chips[i / npicked]), nvh_target.release);
	return buf;
}

/* --chips CHIP,...: every name a chip, none twice; exits 2 otherwise. */
static void parse_chips(const char *argv0, const char *list)
{
	char buf[256], *save = NULL, *name;

	if (strlen(list) >= sizeof(buf)) {
		fprintf(stderr, "%s: --chips: list too long\n", argv0);
		exit(2);
	}
	strcpy(buf, list);
	for (name = strtok_r(buf, ",", &save); name; name = strtok_r(NULL, ",", &save)) {
		if (nchips == MAX_CHIPS || nvh_parse_chip(name, &chips[nchips])) {
			fprintf(stderr, "%s: --chips: %s '%s' (ga102..ga107, ad102..ad107, gh100)\n",
				argv0, nchips == MAX_CHIPS ? "too many chips at" : "unknown chip", name);
			exit(2);
		}
		for (int j = 0; j < nchips; j++)
			if (chips[j] == chips[nchips]) {
				fprintf(stderr, "%s: --chips: '%s' given twice\n", argv0, name);
				exit(2);
			}
		nchips++;
	}
	if (!nchips) {
		fprintf(stderr, "%s: --chips: no chip in '%s'\n", argv0, list);
		exit(2);
	}
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "chip", required_argument, NULL, 'c' },
		{ "chips", required_argument, NULL, 'C' },
		{ "release", required_argument, NULL, 'r' },
		{ "help", no_argument, NULL, 'h' }, { "version", no_argument, NULL, 'V' }, { }
	};
	enum gspm_chip chip = (enum gspm_chip)-1;	/* stays so without --chip */
	int n, i, c;

	while ((c = nvh_getopt(argc, argv, "c:r:hV", opts, usage, &chip,
			       &nvh_target.release)) != -1)
		if (c == 'C')
			parse_chips(argv[0], optarg);
	if (chip != (enum gspm_chip)-1)
		nvh_target.chip = chip;
	if (chip != (enum gspm_chip)-1 && nchips) {
		fprintf(stderr, "%s: --chip and --chips together (try --help)\n", argv[0]);
		return 2;
	}
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
	npicked = n;
	if (nchips)
		return check_run_suites(nchips * n, make, label);
	return check_run_suites(n, make, NULL);
}
