/* SPDX-License-Identifier: MIT */
/*
 * GspSystemInfo (GSP_SET_SYSTEM_INFO's payload) as GSP-RM 535.261.03
 * lays it out.
 */
#ifndef NVCORE_FW_535_261_03_SYSTEM_INFO_H
#define NVCORE_FW_535_261_03_SYSTEM_INFO_H

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
	u16 virtualConfigBits;		/* new in 535.261.03 */
	u8 bIsPassthru;
	u8 pad2[5];
	u64 sysTimerOffsetNs;
	struct GSP_VF_INFO gspVFInfo;
	u8 bTdrEventSupported;		/* new in 535.261.03 */
	u8 pad3[7];
};

#endif
