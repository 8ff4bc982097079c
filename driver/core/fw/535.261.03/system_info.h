/* SPDX-License-Identifier: MIT */
/*
 * GspSystemInfo (GSP_SET_SYSTEM_INFO's payload) as GSP-RM 535.261.03
 * lays it out.
 */
#ifndef NVCORE_FW_535_261_03_SYSTEM_INFO_H
#define NVCORE_FW_535_261_03_SYSTEM_INFO_H

#include "../gsp_abi.h"

struct GspSystemInfo {
	GSP_SYSTEM_INFO_R535_HEAD	/* as 535.113.01 */
	u16 virtualConfigBits;		/* new in 535.261.03 */
	u8 bIsPassthru;
	u8 pad2[5];
	u64 sysTimerOffsetNs;
	struct GSP_VF_INFO gspVFInfo;
	u8 bTdrEventSupported;		/* new in 535.261.03 */
	u8 pad3[7];
};

#endif
