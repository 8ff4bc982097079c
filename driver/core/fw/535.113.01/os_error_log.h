/* SPDX-License-Identifier: MIT */
/* OS_ERROR_LOG's payload as GSP-RM 535.113.01 lays it out. */
#ifndef NVCORE_FW_535_113_01_OS_ERROR_LOG_H
#define NVCORE_FW_535_113_01_OS_ERROR_LOG_H

#include <linux/types.h>

struct rpc_os_error_log_v17_00 {
	u32 exceptType;
	u32 runlistId;
	u32 chid;
	char errString[256];
};

#endif
