// SPDX-License-Identifier: MIT
/*
 * GSP-RM 535.113.01: the release nouveau and linux-firmware use.
 * Every fact specific to this release is here or in abi.h beside it.
 */
#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/string.h>

#include "abi.h"
#include "../builders.h"

/* nouveau and nova boot GH100 only with 570.144 (protocol.md §5). */
/* GA100: linux-firmware ships its 535.113.01 files (nvidia/ga100/gsp/). */
static const char *const chips[] = { NVCORE_FW_DIES_GA10X, NVCORE_FW_DIES_AD10X, "ga100", NULL };

const struct nvcore_fw_release nvcore_fw_535_113_01 = {
	.version = "535.113.01",
	.chips = chips,
	.wpr_heap_mib = { .os_carveout = 20, .min = 84, .max = 276 },
	/* 535.113.01 checksums whole 4 KiB elements (protocol.md §1.3). */
	.csum_whole_elements = true,
	.build_wpr_meta = fill_wpr_meta,
	.build_rmargs = fill_rmargs,
	.build_system_info = fill_system_info,
	NVCORE_FW_RELEASE_ABI,
};

NVCORE_FW_BOOTER_DIES("535.113.01");
