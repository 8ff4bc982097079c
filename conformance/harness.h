/* SPDX-License-Identifier: MIT */
/*
 * Conformance harness: one emulated GPU (gsp-model) on kshim's PCI bus,
 * driven by the real driver code.  Everything is deterministic for a seed.
 */
#ifndef NVCORE_HARNESS_H
#define NVCORE_HARNESS_H

#include <stdbool.h>
#include <stdint.h>

#include <gspm.h>
#include <kshim/kshim.h>

struct nvcore_dev;
struct nvh;

struct nvh_opts {
	enum gspm_chip chip;
	uint64_t seed;
	bool strict;		/* default true: any protocol violation fails */
	const char *fw_dir;	/* NULL: the build's firmware_dir */
	/*
	 * GSP-RM release for the model and, through the fw_release module
	 * parameter, the driver.  NULL: the model runs 535.113.01 and the driver
	 * picks the newest installed release.
	 */
	const char *fw_release;
	/* Runs after the model exists, before the driver probes (fault injection). */
	void (*before_probe)(struct nvh *h);
};

struct nvh {
	struct gspm *m;
	struct pci_dev *pdev;
	struct kshim_mmio_ops bar0;
	struct nvh_opts o;
	int probe_ret;
};

/* Bring the GPU up: model, PCI device, module load (probe boots GSP). */
void nvh_start(struct nvh *h, const struct nvh_opts *o);
/* Remove the device and unload; returns kshim failures + model violations. */
unsigned int nvh_stop(struct nvh *h);
struct nvcore_dev *nvh_dev(struct nvh *h);
/* The seed for this run: $NVCORE_SEED if set, else a fixed default. */
uint64_t nvh_seed(void);
/* Default options for a chip (GH100: 535.261.03 from the build's test firmware tree). */
struct nvh_opts nvh_defaults(enum gspm_chip chip);
/*
 * One round trip of len bytes through GSP_RM_CONTROL with the model's echo
 * command, checked byte for byte; returns 0 or the errno.
 */
int nvh_echo(struct nvcore_dev *nd, size_t len, unsigned int salt);
/* Print failures, violations and the log tail to stderr. */
void nvh_report(struct nvh *h, const char *why);

#endif
