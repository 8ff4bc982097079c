/* SPDX-License-Identifier: MIT */
/*
 * GspFwWprMeta as GSP-RM 535.113.01 lays it out: the fields every
 * release shares (fw/gsp_abi.h), then this release's tail.
 */
#ifndef NVCORE_FW_535_113_01_WPR_META_H
#define NVCORE_FW_535_113_01_WPR_META_H

#include "../gsp_abi.h"

struct GspFwWprMeta {
	GSP_FW_WPR_META_COMMON_FIELDS;
	u8 padding[7];
	u64 verified;
};

#endif
