/* SPDX-License-Identifier: MIT */
/*
 * RMARGS (GSP_ARGUMENTS_CACHED) as GSP-RM 535.113.01 lays it out
 * (fw/<release>/layout.tsv, checked by conformance/test_abi.c).
 */
#ifndef NVCORE_FW_535_113_01_RMARGS_H
#define NVCORE_FW_535_113_01_RMARGS_H

#include "../gsp_abi.h"

struct MESSAGE_QUEUE_INIT_ARGUMENTS {
	u64 sharedMemPhysAddr;
	u32 pageTableEntryCount;
	u32 pad;
	u64 cmdQueueOffset;
	u64 statQueueOffset;
	u64 locklessCmdQueueOffset;
	u64 locklessStatQueueOffset;
};

struct GSP_ARGUMENTS_CACHED {
	struct MESSAGE_QUEUE_INIT_ARGUMENTS messageQueueInitArguments;
	struct GSP_SR_INIT_ARGUMENTS srInitArguments;
	u32 gpuInstance;
	struct {
		u64 pa;
		u64 size;
	} profilerArgs;
};

#endif
