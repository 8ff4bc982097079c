/* SPDX-License-Identifier: MIT */
/*
 * GspFwWprMeta as GSP-RM 570.144 lays it out: the fields every
 * release shares (fw/gsp_abi.h), then this release's tail.
 */
#ifndef NVCORE_FW_570_144_WPR_META_H
#define NVCORE_FW_570_144_WPR_META_H

#include "../gsp_abi.h"

struct GspFwWprMeta {
	GSP_FW_WPR_META_COMMON_FIELDS;
	u8 flags;			/* GSP_FW_FLAGS_* */
	u8 padding[2];
	u32 pmuReservedSize;		/* new in 570 */
	u64 verified;
};

/* GspFwWprMeta.flags bits. */
#define GSP_FW_FLAGS_CLOCK_BOOST				(1u << 0)
#define GSP_FW_FLAGS_RECOVERY_MARGIN_PRESENT			(1u << 1)
#define GSP_FW_FLAGS_PPCIE_ENABLED				(1u << 2)

#endif
