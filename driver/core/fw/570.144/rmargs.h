/* SPDX-License-Identifier: MIT */
/*
 * RMARGS (GSP_ARGUMENTS_CACHED) as GSP-RM 570.144 lays it out
 * (fw/<release>/layout.tsv, checked by conformance/test_abi.c).
 */
#ifndef NVCORE_FW_570_144_RMARGS_H
#define NVCORE_FW_570_144_RMARGS_H

#include "../gsp_abi.h"

struct MESSAGE_QUEUE_INIT_ARGUMENTS {
	u64 sharedMemPhysAddr;
	u32 pageTableEntryCount;
	u32 pad;
	u64 cmdQueueOffset;
	u64 statQueueOffset;
	/* The lockless (TASKISR) queue pair is gone in r570 (protocol.md §1.1). */
};

struct GSP_ARGUMENTS_CACHED {
	struct MESSAGE_QUEUE_INIT_ARGUMENTS messageQueueInitArguments;
	struct GSP_SR_INIT_ARGUMENTS srInitArguments;
	u32 gpuInstance;
	u8 bDmemStack;			/* new in 570; nouveau r570/nova set 1 */
	u8 pad[7];
	struct {
		u64 pa;
		u64 size;
	} profilerArgs;
};

#endif
