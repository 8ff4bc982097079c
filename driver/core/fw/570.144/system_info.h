/* SPDX-License-Identifier: MIT */
/*
 * GspSystemInfo (GSP_SET_SYSTEM_INFO's payload) as GSP-RM 570.144
 * lays it out.
 */
#ifndef NVCORE_FW_570_144_SYSTEM_INFO_H
#define NVCORE_FW_570_144_SYSTEM_INFO_H

#include "../gsp_abi.h"

struct GspSystemInfo {
	u64 gpuPhysAddr;
	u64 gpuPhysFbAddr;
	u64 gpuPhysInstAddr;
	u64 gpuPhysIoAddr;
	u64 nvDomainBusDeviceFunc;
	u64 simAccessBufPhysAddr;
	u64 notifyOpSharedSurfacePhysAddr;
	u64 pcieAtomicsOpMask;
	u64 consoleMemSize;
	u64 maxUserVa;
	u32 pciConfigMirrorBase;
	u32 pciConfigMirrorSize;
	u32 PCIDeviceID;		/* device << 16 | vendor */
	u32 PCISubDeviceID;		/* subsystem device << 16 | subsystem vendor */
	u32 PCIRevisionID;
	u32 pcieAtomicsCplDeviceCapMask;
	u8 oorArch;
	u8 pad0[7];
	u64 clPdbProperties;
	u32 Chipset;
	u8 bGpuBehindBridge;
	u8 bFlrSupported;
	u8 b64bBar0Supported;
	u8 bMnocAvailable;
	u32 chipsetL1ssEnable;
	u8 bUpstreamL0sUnsupported;
	u8 bUpstreamL1Unsupported;
	u8 bUpstreamL1PorSupported;
	u8 bUpstreamL1PorMobileOnly;
	u8 bSystemHasMux;
	u8 upstreamAddressValid;
	u8 FHBBusInfo[10];
	u8 chipsetIDInfo[10];
	u8 pad1[2];
	u8 acpiMethodData[676];
	u32 hypervisorType;
	u8 bIsPassthru;
	u8 pad2[7];
	u64 sysTimerOffsetNs;
	struct GSP_VF_INFO gspVFInfo;
	u8 bIsPrimary;
	u8 isGridBuild;
	u8 pad3[2];
	u32 pcieConfigReg;
	u32 gridBuildCsp;
	u8 bPreserveVideoMemoryAllocations;
	u8 bTdrEventSupported;
	u8 bFeatureStretchVblankCapable;
	u8 bEnableDynamicGranularityPageArrays;
	u8 bClockBoostSupported;
	u8 bRouteDispIntrsToCPU;
	u8 pad4[6];
	u64 hostPageSize;
};

#endif
