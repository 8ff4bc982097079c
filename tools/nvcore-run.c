// SPDX-License-Identifier: MIT
/*
 * nvcore-run: boot an emulated GPU with the real driver code, run a set of
 * RPCs, and print a readable timeline of the boot and the RPCs with their
 * statistics.  Deterministic: the same seed prints the same output.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core.h"
#include "harness.h"

static void usage(FILE *f, const char *argv0)
{
	fprintf(f,
		"usage: %s [--chip ga102..ga107|ad102..ad107|gh100] [--release R] [--seed N] [--rpcs N] [--log]\n"
		"       [--fw-dir DIR]\n"
		"       %s --help | --version\n"
		"Boots the emulated GPU (gsp-model) with nvcore's driver code, runs N echo RPCs\n"
		"of growing size through GSP_RM_CONTROL, unloads, and prints the boot timeline,\n"
		"the RPC history and per-function statistics.  Exit status: 0 ok, 1 the run\n"
		"failed (boot, an RPC, a protocol violation or a leak), 2 bad arguments.\n"
		"Defaults: --chip ga102; --release 535.113.01 (linux-firmware's real files) where\n"
		"the chip supports it, else the newest release for the chip; --fw-dir: the build's\n"
		"test firmware tree (DIR: a tree laid out as /lib/firmware, e.g. a new download).\n",
		argv0, argv0);
}

static const char *default_release(enum gspm_chip chip)
{
	const struct nvcore_fw_release *r = nvcore_fw_release_find("535.113.01");
	unsigned int i;

	if (r && nvcore_fw_release_supports(r, nvh_chip_name(chip)))
		return r->version;
	for (i = 0; i < nvcore_fw_num_releases; i++)
		if (nvcore_fw_release_supports(nvcore_fw_releases[i], nvh_chip_name(chip)))
			return nvcore_fw_releases[i]->version;
	return "535.113.01";
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "chip", required_argument, NULL, 'c' }, { "release", required_argument, NULL, 'r' },
		{ "seed", required_argument, NULL, 's' },
		{ "rpcs", required_argument, NULL, 'n' }, { "log", no_argument, NULL, 'l' },
		{ "fw-dir", required_argument, NULL, 'F' },
		{ "help", no_argument, NULL, 'h' }, { "version", no_argument, NULL, 'V' }, { }
	};
	struct nvh_opts o = nvh_defaults();
	unsigned int rpcs = 32, i, bad = 0;
	bool show_log = false, progress = isatty(2);	/* no "\r8/32" in a log file */
	struct nvcore_dev *nd;
	struct nvh h;
	unsigned long v;
	char *end;
	int c;

	o.fw_release = NULL;	/* chosen by --release or default_release() */
	while ((c = nvh_getopt(argc, argv, "c:r:s:n:F:lhV", opts, usage, &o.chip, &o.fw_release)) != -1) {
		switch (c) {
		case 's':
			errno = 0;
			o.seed = strtoull(optarg, &end, 0);
			if (!*optarg || *optarg == '-' || *end || errno) {
				fprintf(stderr, "%s: --seed: '%s' is not an unsigned number\n", argv[0], optarg);
				return 2;
			}
			break;
		case 'n':
			errno = 0;
			v = strtoul(optarg, &end, 0);
			if (!*optarg || *optarg == '-' || *end || errno || v > 100000) {
				fprintf(stderr, "%s: --rpcs: '%s' is not a number up to 100000\n", argv[0], optarg);
				return 2;
			}
			rpcs = (unsigned int)v;
			break;
		case 'l':
			show_log = true;
			break;
		case 'F':
			nvh_set_fw_dir(argv[0], optarg);
			o.fw_dir = optarg;
			break;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "%s: unexpected argument '%s' (try --help)\n", argv[0], argv[optind]);
		return 2;
	}

	if (!o.fw_release)
		o.fw_release = default_release(o.chip);
	nvh_start(&h, &o);
	if (h.probe_ret) {
		nvh_report(&h, "boot failed");
		nvh_stop(&h);
		return 1;
	}
	nd = nvh_dev(&h);
	printf("nvcore-run: %s, GSP-RM %s, seed 0x%llx\n\n", nd->chip.name, nd->release->version,
	       (unsigned long long)o.seed);
	printf("Boot timeline (virtual time)\n");
	{
		const struct nvcore_boot_family *fam = nvcore_boot_family_of(nd);

		for (i = 0; i <= fam->num_steps; i++) {
			enum nvcore_boot_state s = i < fam->num_steps ? fam->steps[i].state :
							NVCORE_BOOT_READY;
			enum nvcore_boot_state n = i + 1 < fam->num_steps ? fam->steps[i + 1].state :
							NVCORE_BOOT_READY;
			s64 t = nd->core->boot.state_start[s];
			s64 next = i < fam->num_steps ? nd->core->boot.state_start[n] : t;

			printf("  %10.3f ms  %-15s %10.3f ms\n", t / 1e6,
			       nvcore_boot_state_name(s), (next - t) / 1e6);
		}
	}
	printf("  %s, %llu MiB FB, %u sequencer run(s)\n\n", nd->core->boot.sinfo.gpu_name,
	       (unsigned long long)(nd->core->boot.sinfo.fb_length >> 20), nd->core->boot.seq_runs);

	for (i = 0; i < rpcs; i++) {
		size_t len = (size_t)(i * 9973) % (320 * 1024);
		int ret = nvh_echo(nd, len, i);

		if (ret) {
			fprintf(stderr, "RPC %u (%zu bytes) failed: %d\n", i, len, ret);
			bad++;
		}
		if (progress && i % 8 == 7)
			fprintf(stderr, "\r%u/%u RPCs", i + 1, rpcs);
	}
	if (progress && rpcs >= 8)
		fprintf(stderr, "\n");

	printf("RPC statistics\n  %-24s %8s %8s %8s %12s %12s\n", "function", "count", "failed",
	       "timeouts", "avg us", "max us");
	for (i = 0; i < nd->release->num_functions; i++) {
		const struct nvcore_rpc_stat *s = &nd->core->rpc.stats[i];

		if (!s->count)
			continue;
		printf("  %-24s %8llu %8llu %8llu %12.1f %12.1f\n", nvcore_fw_release_function_name(nd->release, i),
		       (unsigned long long)s->count, (unsigned long long)s->failed,
		       (unsigned long long)s->timeouts, s->total_ns / 1e3 / s->count,
		       s->max_ns / 1e3);
	}
	kshim_log_clear();
	nvcore_rpc_dump_history(nd, "end of run");
	{
		static char log[1 << 20];

		kshim_log_copy(log, sizeof(log));
		printf("\n%s", log);
	}
	if (show_log)
		nvh_report(&h, "kernel log");
	bad += nvh_stop(&h);
	printf("\n%s\n", bad ? "FAILED" : "OK");
	return bad ? 1 : 0;
}
