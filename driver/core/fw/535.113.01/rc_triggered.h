/* SPDX-License-Identifier: MIT */
/* RC_TRIGGERED's payload as GSP-RM 535.113.01 lays it out. */
#ifndef NVCORE_FW_535_113_01_RC_TRIGGERED_H
#define NVCORE_FW_535_113_01_RC_TRIGGERED_H

#include <linux/types.h>

struct rpc_rc_triggered_v17_02 {
	u32 nv2080EngineType;
	u32 chid;
	u32 exceptType;
	u32 scope;
	u16 partitionAttributionId;
	u16 pad;
};

#endif
