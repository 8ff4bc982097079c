/* SPDX-License-Identifier: MIT */
/*
 * GSP-RM 535.261.03 as the model plays it.  Its layouts, event numbers and
 * names come from gspm_abi_535_261_03.h (generated from layout.tsv and
 * consts.tsv beside this file: GspSystemInfo is 672 bytes), the code
 * reading them from ../release_common.h; what is this release's own is below.
 */
#include "gspm_abi_535_261_03.h"

/* As 535.113.01: GSP_SEND_USER_SHARED_DATA after INIT_DONE. */
#define GSPM_AFTER_INIT_DONE_EVENT	NV_VGPU_MSG_EVENT_GSP_SEND_USER_SHARED_DATA
#define GSPM_AFTER_INIT_DONE_LEN	16
#include "../release_common.h"

const struct gspm_release gspm_release_r535_261_03 = {
	GSPM_RELEASE_FROM_ABI,
	.chips = GSPM_CHIPS_GA10X | GSPM_CHIPS_AD10X | (1u << GSPM_CHIP_GH100),
	/* From 535.261.03 on, header + RPC only (protocol.md §1.3). */
	.csum = GSPM_CSUM_HDR_AND_RPC,
	/* UVM_ENABLED is the only gspFeatures bit r535 defines (protocol.md §5). */
	.gsp_features = NV2080_CTRL_GSP_GET_FEATURES_UVM_ENABLED,
	/* assumption: as 535.113.01 (the r535 branch); not checked at the 535.261.03 tag */
	.mc_engine_idx_gsp = 49,
};
