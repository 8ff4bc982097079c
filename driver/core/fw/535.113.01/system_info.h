/* SPDX-License-Identifier: MIT */
/*
 * GspSystemInfo (GSP_SET_SYSTEM_INFO's payload) as GSP-RM 535.113.01
 * lays it out.
 */
#ifndef NVCORE_FW_535_113_01_SYSTEM_INFO_H
#define NVCORE_FW_535_113_01_SYSTEM_INFO_H

#include "../gsp_abi.h"

struct GspSystemInfo {
	u64 gpuPhysAddr;
	u64 gpuPhysFbAddr;
	u64 gpuPhysInstAddr;
	u64 nvDomainBusDeviceFunc;
	u64 simAccessBufPhysAddr;
	u64 pcieAtomicsOpMask;
	u64 consoleMemSize;
	u64 maxUserVa;
	u32 pciConfigMirrorBase;
	u32 pciConfigMirrorSize;
	u8 oorArch;
	u8 pad0[7];
	u64 clPdbProperties;
	u32 Chipset;
	u8 bGpuBehindBridge;
	u8 bMnocAvailable;
	u8 bUpstreamL0sUnsupported;
	u8 bUpstreamL1Unsupported;
	u8 bUpstreamL1PorSupported;
	u8 bUpstreamL1PorMobileOnly;
	u8 upstreamAddressValid;
	u8 pad1;
	u8 FHBBusInfo[10];
	u8 chipsetIDInfo[10];
	u8 acpiMethodData[484];
	u32 hypervisorType;
	u8 bIsPassthru;
	u8 pad2[7];
	u64 sysTimerOffsetNs;
	struct GSP_VF_INFO gspVFInfo;
};

#endif
