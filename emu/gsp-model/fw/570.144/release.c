/* SPDX-License-Identifier: MIT */
/*
 * GSP-RM 570.144 as the model plays it.  Its layouts, event numbers and
 * names come from gspm_abi_570_144.h (generated from layout.tsv and
 * consts.tsv beside this file: RMARGS without the lockless queue offsets but
 * with bDmemStack, events renumbered after 0x101a), the code reading them
 * from ../release_common.h; what is this release's own is below.
 * GspStaticConfigInfo's fwWprLayoutOffset (where ACR/FMC put the non-WPR
 * heap and FRTS on GH100, protocol.md §3.6) stays zero: the rm half does not
 * see the FB layout, and the core does not read it.
 */
#include "gspm_abi_570_144.h"

/* After INIT_DONE: GSP_POST_NOCAT_RECORD {u32 data} (protocol.md §2.4); nouveau r570 drops it. */
#define GSPM_AFTER_INIT_DONE_EVENT	NV_VGPU_MSG_EVENT_GSP_POST_NOCAT_RECORD
#define GSPM_AFTER_INIT_DONE_LEN	4
#include "../release_common.h"

const struct gspm_release gspm_release_r570_144 = {
	GSPM_RELEASE_FROM_ABI,
	.chips = GSPM_CHIPS_GA10X | GSPM_CHIPS_AD10X | (1u << GSPM_CHIP_GH100),
	/* Header + RPC only (protocol.md §1.3). */
	.csum = GSPM_CSUM_HDR_AND_RPC,
	/*
	 * UVM_ENABLED and VGPU_GSP_MIG_REFACTORING_ENABLED (protocol.md §5; what
	 * real GSP-RM returns is not confirmed, protocol.md §8.3).
	 */
	.gsp_features = NV2080_CTRL_GSP_GET_FEATURES_UVM_ENABLED |
			NV2080_CTRL_GSP_GET_FEATURES_VGPU_GSP_MIG_REFACTORING_ENABLED,
	/* nouveau rm/r570/nvrm engine.h, 570.144 excerpt: NVLINK 49, GSP 50 */
	.mc_engine_idx_gsp = 50,
};
