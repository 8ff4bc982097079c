/* SPDX-License-Identifier: MIT */
/*
 * GSP-RM 535.113.01 as the model plays it.  Its layouts, event numbers and
 * names come from gspm_abi_535_113_01.h (generated from layout.tsv and
 * consts.tsv beside this file), the code reading them from
 * ../release_common.h; what is this release's own is below.
 */
#include "gspm_abi_535_113_01.h"

/*
 * After INIT_DONE: GSP_SEND_USER_SHARED_DATA, model-defined 16 zero bytes
 * (the real layout is not in spec/; nouveau drops the event unread).
 */
#define GSPM_AFTER_INIT_DONE_EVENT	NV_VGPU_MSG_EVENT_GSP_SEND_USER_SHARED_DATA
#define GSPM_AFTER_INIT_DONE_LEN	16
#include "../release_common.h"

const struct gspm_release gspm_release_r535_113_01 = {
	GSPM_RELEASE_FROM_ABI,
	.chips = GSPM_CHIPS_GA10X | GSPM_CHIPS_AD10X | (1u << GSPM_CHIP_GA100),
	/* 535.113.01 checksums whole elements (protocol.md §1.3, confirmed by diff). */
	.csum = GSPM_CSUM_WHOLE_ELEMENTS,
	/* UVM_ENABLED is the only gspFeatures bit r535 defines (protocol.md §5). */
	.gsp_features = NV2080_CTRL_GSP_GET_FEATURES_UVM_ENABLED,
	/* nouveau include/nvrm/535.113.01/nvidia/inc/kernel/gpu/intr/engine_idx.h */
	.mc_engine_idx_gsp = 49,
};
