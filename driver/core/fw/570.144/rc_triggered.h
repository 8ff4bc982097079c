/* SPDX-License-Identifier: MIT */
/* RC_TRIGGERED's payload as GSP-RM 570.144 lays it out. */
#ifndef NVCORE_FW_570_144_RC_TRIGGERED_H
#define NVCORE_FW_570_144_RC_TRIGGERED_H

#include <linux/types.h>

/* Same name as in r535, new layout. */
struct rpc_rc_triggered_v17_02 {
	u32 nv2080EngineType;
	u32 chid;
	u32 gfid;
	u32 exceptLevel;
	u32 exceptType;
	u32 scope;
	u16 partitionAttributionId;
	u16 pad0;
	u32 mmuFaultAddrLo;
	u32 mmuFaultAddrHi;
	u32 mmuFaultType;
	u8 bCallbackNeeded;
	u8 pad1[3];
	u32 rcJournalBufferSize;
	u8 rcJournalBuffer[];
};

#endif
