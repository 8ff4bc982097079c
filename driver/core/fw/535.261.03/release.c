// SPDX-License-Identifier: MIT
/*
 * GSP-RM 535.261.03: the last r535 point release (Debian's
 * firmware-nvidia-gsp).  Same function and event numbers as 535.113.01, but
 * GspSystemInfo grew, GspFwWprMeta gained flags, RC_TRIGGERED grew and the
 * queue checksum covers only header + RPC (protocol.md §1.3, abi/README.md).
 * Every fact specific to this release is here or in abi.h beside it.
 */
#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/string.h>

#include "abi.h"
#include "../builders.h"

static void build_wpr_meta(void *dst, const struct nvcore_wpr_layout *l)
{
	struct GspFwWprMeta *m = dst;

	fill_wpr_meta(m, l);
	m->flags = l->flags;
}

static const char *const chips[] = { NVCORE_FW_DIES_GA10X, NVCORE_FW_DIES_AD10X, "gh100", NULL };

const struct nvcore_fw_release nvcore_fw_535_261_03 = {
	.version = "535.261.03",
	.chips = chips,
	.wpr_heap_mib = { .os_carveout = 20, .min = 84, .max = 276 },
	/* From 535.261.03 on, header + RPC only (protocol.md §1.3). */
	.csum_whole_elements = false,
	.build_wpr_meta = build_wpr_meta,
	.build_rmargs = fill_rmargs,
	.build_system_info = fill_system_info,
	NVCORE_FW_RELEASE_ABI,
};

NVCORE_FW_BOOTER_DIES("535.261.03");
NVCORE_FW_GH100("535.261.03");
