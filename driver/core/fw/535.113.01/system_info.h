/* SPDX-License-Identifier: MIT */
/*
 * GspSystemInfo (GSP_SET_SYSTEM_INFO's payload) as GSP-RM 535.113.01
 * lays it out.
 */
#ifndef NVCORE_FW_535_113_01_SYSTEM_INFO_H
#define NVCORE_FW_535_113_01_SYSTEM_INFO_H

#include "../gsp_abi.h"

struct GspSystemInfo {
	GSP_SYSTEM_INFO_R535_HEAD
	u8 bIsPassthru;
	u8 pad2[7];
	u64 sysTimerOffsetNs;
	struct GSP_VF_INFO gspVFInfo;
};

#endif
