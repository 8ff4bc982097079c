/* SPDX-License-Identifier: MIT */
/*
 * A bare device for the fuzz targets and the check tests: a kshim PCI
 * device whose BAR0 answers from a callback (PROM reads from an image), an
 * nvcore_dev around it and, on request, the core's message queues with the
 * status queue linked as GSP links it.  No model: the input plays GSP.
 * Everything is created and destroyed per input/test (fzdev_fini reports
 * kshim's leak and misuse count), so nothing carries over between runs.
 */
#ifndef NVCORE_FZDEV_H
#define NVCORE_FZDEV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core.h"

struct fzdev {
	struct pci_dev *pdev;
	struct nvcore_dev nd;
	/* The PROM window (NV_PROM_DATA): rom_len bytes, 0xff beyond. */
	const uint8_t *rom;
	size_t rom_len;
	/* nd.release's copy once fzdev_short_timeouts() made one. */
	struct nvcore_fw_release rel;
	/* Any other BAR0 read; NULL reads 0. */
	uint32_t (*reg)(void *ctx, uint32_t off);
	void *reg_ctx;
};

/* chip: "ga102", "gh100", ...; fsp for GH100's boot family. */
void fzdev_init(struct fzdev *d, const char *chip, bool fsp, const struct nvcore_fw_release *rel);
/*
 * Make the release's waits short (RPC 50 ms, GSP_INIT_DONE 5 ms, sequencer
 * core ops 1 ms): a poll that never succeeds then costs a fuzz run little.
 * The sequencer's wait limit is the GSP_INIT_DONE timeout, so it shrinks too.
 */
void fzdev_short_timeouts(struct fzdev *d);
/*
 * The core state, the queues (nvcore_msgq_init, nvcore_rpc_init) and the
 * status queue's header as GSP writes it (protocol.md §1.2), linked.
 */
int fzdev_queues(struct fzdev *d);
/* Copy a message of @len bytes into the status queue at GSP's write pointer and publish it. */
void fzdev_post(struct fzdev *d, const void *msg, size_t len);
/* Tear everything down; returns kshim's failure count (leaks, misuse). */
unsigned int fzdev_fini(struct fzdev *d);

#endif
