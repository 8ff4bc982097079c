/* SPDX-License-Identifier: MIT */
/*
 * Conformance harness: one emulated GPU (gsp-model) on kshim's PCI bus,
 * driven by the real driver code.  Everything is deterministic for a seed.
 */
#ifndef NVCORE_HARNESS_H
#define NVCORE_HARNESS_H

#include <getopt.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include <gspm.h>
#include <kshim/kshim.h>

struct nvcore_dev;
struct nvh;

/* What a run tests: one chip with one firmware release. */
struct nvh_target {
	enum gspm_chip chip;
	const char *release;	/* "570.144" */
	const char *fw_dir;	/* NULL: the build's test firmware tree */
};

/* The combination this process tests (conformance --chip/--release). */
extern struct nvh_target nvh_target;
/* "ga102" -> GSPM_CHIP_GA102; -1 for an unknown name. */
int nvh_parse_chip(const char *name, enum gspm_chip *chip);
const char *nvh_chip_name(enum gspm_chip chip);
/*
 * getopt_long() for the tools that run one chip × release (conformance,
 * nvcore-run), with their shared options done here: --chip/-c and
 * --release/-r set *chip and *release, --help/-h prints usage to stdout and
 * exits 0, --version (longopts maps it to 'V') prints "nvcore VERSION" and
 * exits 0; a bad chip or release ("<argv0>: --chip: ..." naming what was
 * wrong), an unknown option or a missing value (one line saying which)
 * exits 2.  Returns the
 * tool's own options as getopt_long does, -1 after the last.
 */
/* 0 if nvcore supports release, else prints "<prog>: --release: ..." and -1. */
int nvh_check_release(const char *prog, const char *release);
/*
 * A tool's --fw-dir DIR: every later run's firmware tree (model and kshim's
 * request_firmware) is DIR instead of the build's test tree.  DIR that is not
 * a directory: "<argv0>: --fw-dir: ..." naming it, exit 2.
 */
void nvh_set_fw_dir(const char *argv0, const char *dir);
int nvh_getopt(int argc, char **argv, const char *optstring, const struct option *longopts,
	       void (*usage)(FILE *f, const char *argv0), enum gspm_chip *chip,
	       const char **release);

struct nvh_opts {
	enum gspm_chip chip;
	const char *fw_release;	/* model and driver (nvcore.fw_release) */
	uint64_t seed;
	bool strict;		/* default true: any protocol violation fails */
	const char *fw_dir;	/* NULL: the build's test firmware tree */
	/* Runs after the model exists, before the driver probes (fault injection). */
	void (*before_probe)(struct nvh *h);
	/* The model powers on with WPR2 already up (gspm_config). */
	bool wpr2_up_at_power_on;
	/* HWCFG2.RESET_READY of the falcons never sets (gspm_config). */
	bool falcon_reset_ready_stuck;
	bool trace;		/* record the firmware trace from probe on (nvh_trace_enable) */
	/*
	 * A fault spec (gspm.h gspm_fault_arm), armed before the probe: model
	 * faults on the model, alloc:CLASS:N on kshim (the N-th allocation of
	 * CLASS from then on).  A bad spec: "harness: ..." naming it, exit 2.
	 */
	const char *fault;
	/*
	 * Where the device sits, as a recorded platform had it (trace replay:
	 * the driver hands BAR addresses and the BDF to the firmware):
	 * bus:slot.func (default 01:00.0) and BAR bus addresses (0: kshim's).
	 */
	bool placed;
	uint8_t bus, slot, func;
	uint64_t bar_addr[6];
};

struct nvh {
	struct gspm *m;
	struct pci_dev *pdev;
	struct kshim_mmio_ops bar0;
	struct kshim_mmio_ops vf_bar0;	/* every VF's BAR0, as the SR-IOV aperture */
	struct kshim_mmio_ops vf_bar1, vf_bar3;	/* every VF's FB BARs (registers 1 and 3) */
	struct nvh_opts o;
	int probe_ret;
	char bdf[64];		/* pci_name (kshim's 64-byte device name), still valid after nvh_remove */
};

/*
 * Bring the GPU up: model, PCI device, module load (probe boots GSP).  A model
 * that cannot start (a firmware tree without the release's files) is not a
 * probe result: "harness: ..." with the reason, exit 2.
 */
void nvh_start(struct nvh *h, const struct nvh_opts *o);
/* Remove the device and unload; returns kshim failures + model violations. */
unsigned int nvh_stop(struct nvh *h);
struct nvcore_dev *nvh_dev(struct nvh *h);
/*
 * Read nvh_target's firmware files (nvidia/<chip>/gsp/<name>-<release>.bin, and
 * the release's vGPU metadata, nvidia/vgpu-<release>.bin) into
 * the cache that kshim's request_firmware and the model use (lib/fwfile):
 * called before the test cases run, so that every case's boot reads
 * the parent's copy instead of the files.  Quietly skips what it cannot read.
 */
void nvh_fw_preload(void);
/* The same for @chip (its name, "ga102") and @release, in nvh_target's tree. */
void nvh_fw_preload_of(const char *chip, const char *release);
/* The seed for this run: $NVCORE_SEED if set (not a number: says so, exits 2),
 * else a fixed default. */
uint64_t nvh_seed(void);
/* Default options: nvh_target's chip, release and firmware tree, nvh_seed(), strict. */
struct nvh_opts nvh_defaults(void);
/*
 * One round trip of len bytes through GSP_RM_CONTROL with the model's echo
 * command, checked byte for byte; returns 0 or the errno.
 */
int nvh_echo(struct nvcore_dev *nd, size_t len, unsigned int salt);
/*
 * Remove a scratch directory and what is in it (files and links, and
 * directories below it; a link is removed, never followed).  0, or -1 with
 * errno when dir itself could not be removed.
 */
int nvh_rm_tree(const char *dir);
/*
 * Firmware trace (docs/trace-format.md).  nvh_trace_enable() sets
 * nvcore.trace=1 so that probe records from its first register access; call
 * it before probe (from before_probe, or set nvh_opts.trace).
 * nvh_trace_collect() drains debugfs nvcore/<pci-bdf>/trace and returns the
 * text (malloc'd, NUL-terminated, *len without the NUL) with the run's seed
 * added to the header (the one place an emulated trace gets its "seed"), ""
 * when nothing was recorded, NULL when the device has no recorder.
 * nvh_trace_path() names one of the device's trace files.
 */
int nvh_trace_enable(struct nvh *h);
char *nvh_trace_collect(struct nvh *h, size_t *len);
const char *nvh_trace_path(struct nvh *h, const char *file);
/* Print failures, violations and the log tail to stderr; writes a failure
 * bundle (below) unless $NVCORE_BUNDLE_DIR is "off". */
void nvh_report(struct nvh *h, const char *why);
/* Remove the device (the driver's remove: unload) but keep kshim and the
 * model, so logs, debugfs and the model's state can still be read; nvh_stop
 * then finishes. */
void nvh_remove(struct nvh *h);
/* Hot-add the same GPU again after nvh_remove (a reload without a reset); the probe result. */
int nvh_replug(struct nvh *h);
/*
 * Reset the removed GPU (a secondary bus reset or power cycle): the model
 * starts again as it powers on, GFW boot completed, firmware not loaded;
 * nvh_replug then probes it.
 */
void nvh_reset_gpu(struct nvh *h);

/*
 * Failure bundles: a directory with everything needed to understand and
 * rerun a failed run:
 *   seed, repro (the one command that reproduces it), trace.jsonl (when the
 *   run recorded one), rpc-history.txt, model.txt (gspm_describe),
 *   driver.log (kshim_log_copy), why.txt.
 * Where: dir if given, else $NVCORE_BUNDLE_DIR/<suite>-<test>-<seed>, else
 * <the meson build dir>/failures/<suite>-<test>-<seed>.
 */
struct nvh_capture {
	uint64_t seed;
	char *history;		/* the driver's RPC history, "" if no device */
	char *model;		/* gspm_describe */
	char *log;		/* the kernel log so far */
	char *trace;		/* may be NULL */
	size_t trace_len;
};
/* Take the RPC history now (the device must still be there). */
void nvh_capture_history(struct nvh *h, struct nvh_capture *c);
/* Take the model's state and the log (before nvh_stop); keeps any history. */
void nvh_capture(struct nvh *h, struct nvh_capture *c);
void nvh_capture_free(struct nvh_capture *c);
/* Write the bundle; 0 and its path in out, or -1.  suite/test name it. */
int nvh_bundle_write(const struct nvh_capture *c, const char *dir, const char *suite,
		     const char *test, const char *why, const char *repro, char *out, size_t outlen);
/* What the conformance binary names its bundles by (main.c may set them;
 * defaults: the program's name, without a suite in the rerun command, and
 * $NVCORE_TEST_NAME or "test"). */
extern const char *nvh_suite_name;
extern const char *nvh_test_name;

#endif
