/* SPDX-License-Identifier: MIT */
/*
 * NV_CHANNEL_ALLOC_PARAMS as GSP-RM 570.144 lays it out: OGKM
 * src/common/sdk/nvidia/inc/alloc/alloc_channel.h at the 570.144 tag
 * (nouveau's excerpt of it, nvkm/subdev/gsp/rm/r570/nvrm/fifo.h, has the
 * same members).  Offsets and the size (368) by hand from the member list;
 * the static_asserts in release.c hold them.
 */
#ifndef NVCORE_FW_570_144_CHAN_ALLOC_H
#define NVCORE_FW_570_144_CHAN_ALLOC_H

#include <linux/types.h>

struct NV_MEMORY_DESC_PARAMS {
	u64 base;
	u64 size;
	u32 addressSpace;
	u32 cacheAttrib;
};

struct NV_CHANNEL_ALLOC_PARAMS {
	u32 hObjectError;
	u32 hObjectBuffer;
	u64 gpFifoOffset;
	u32 gpFifoEntries;
	u32 flags;
	u32 hContextShare;
	u32 hVASpace;
	u32 hUserdMemory[8];		/* NV_MAX_SUBDEVICES */
	u64 userdOffset[8];
	u32 engineType;
	u32 cid;
	u32 subDeviceId;
	u32 hObjectEccError;
	struct NV_MEMORY_DESC_PARAMS instanceMem;
	struct NV_MEMORY_DESC_PARAMS userdMem;
	struct NV_MEMORY_DESC_PARAMS ramfcMem;
	struct NV_MEMORY_DESC_PARAMS mthdbufMem;
	u32 hPhysChannelGroup;
	u32 internalFlags;
	struct NV_MEMORY_DESC_PARAMS errorNotifierMem;
	struct NV_MEMORY_DESC_PARAMS eccErrorNotifierMem;
	u32 ProcessID;
	u32 SubProcessID;
	u32 encryptIv[3];
	u32 decryptIv[3];
	u32 hmacNonce[8];
	u32 tpcConfigID;
};

#endif
