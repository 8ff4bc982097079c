/* SPDX-License-Identifier: MIT */
/*
 * Structures whose layout is specific to GSP-RM 535.261.03
 * (NVIDIA's layout table for this release, beside this file as
 * layout.tsv and checked field by field by conformance/test_abi.c).
 *
 * Only this release's fw/ folder includes this header.  Nested structures
 * the core never reads are kept as byte arrays of the right size.
 */
#ifndef NVCORE_FW_535_261_03_ABI_H
#define NVCORE_FW_535_261_03_ABI_H

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

struct GspFwWprMeta {
	u64 magic;
	u64 revision;
	u64 sysmemAddrOfRadix3Elf;
	u64 sizeOfRadix3Elf;
	u64 sysmemAddrOfBootloader;
	u64 sizeOfBootloader;
	u64 bootloaderCodeOffset;
	u64 bootloaderDataOffset;
	u64 bootloaderManifestOffset;
	union {
		struct {
			u64 sysmemAddrOfSignature;
			u64 sizeOfSignature;
		};
		struct {
			u32 gspFwHeapFreeListWprOffset;
			u32 unused0;
			u64 unused1;
		};
	};
	u64 gspFwRsvdStart;
	u64 nonWprHeapOffset;
	u64 nonWprHeapSize;
	u64 gspFwWprStart;
	u64 gspFwHeapOffset;
	u64 gspFwHeapSize;
	u64 gspFwOffset;
	u64 bootBinOffset;
	u64 frtsOffset;
	u64 frtsSize;
	u64 gspFwWprEnd;
	u64 fbSize;
	u64 vgaWorkspaceOffset;
	u64 vgaWorkspaceSize;
	u64 bootCount;
	union {
		struct {
			u64 partitionRpcAddr;
			u16 partitionRpcRequestOffset;
			u16 partitionRpcReplyOffset;
			u32 elfCodeOffset;
			u32 elfDataOffset;
			u32 elfCodeSize;
			u32 elfDataSize;
			u32 lsUcodeVersion;
		};
		struct {
			u32 partitionRpcPadding[4];
			u64 sysmemAddrOfCrashReportQueue;
			u32 sizeOfCrashReportQueue;
			u32 lsUcodeVersionPadding[1];
		};
	};
	u8 gspFwHeapVfPartitionCount;
	u8 flags;			/* GSP_FW_FLAGS_*, new in 535.261.03 */
	u8 padding[6];
	u64 verified;
};

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
	struct {
		u32 totalVFs;
		u32 firstVFOffset;
		u64 FirstVFBar0Address;
		u64 FirstVFBar1Address;
		u64 FirstVFBar2Address;
		u8 b64bitBar0;
		u8 b64bitBar1;
		u8 b64bitBar2;
		u8 pad[5];
	} gspVFInfo;
	u8 bTdrEventSupported;		/* new in 535.261.03 */
	u8 pad3[7];
};

struct GspStaticConfigInfo {
	u8 grCapsBits[23];
	u8 pad0;
	u8 gidInfo[268];
	u8 gpcInfo[4];
	u8 tpcInfo[256];
	u8 zcullInfo[256];
	u8 SKUInfo[32];
	u8 fbRegionInfoParams[776];
	u32 computeBranding;
	u8 pad_cb[4];
	u8 sriovCaps[72];
	u32 sriovMaxGfid;
	u8 engineCaps[8];
	u8 SM_info[36];
	u8 poisonFuseEnabled;
	u8 pad1[7];
	u64 fb_length;
	u32 fbio_mask;
	u32 fb_bus_width;
	u32 fb_ram_type;
	u32 fbp_mask;
	u32 l2_cache_size;
	u8 gfxpBufferSize[20];
	u8 gfxpBufferAlignment[20];
	u8 gpuNameString[64];
	u8 gpuShortNameString[64];
	u8 gpuNameString_Unicode[128];
	u8 bGpuInternalSku;
	u8 bIsQuadroGeneric;
	u8 bIsQuadroAd;
	u8 bIsNvidiaNvs;
	u8 bIsVgx;
	u8 bGeforceSmb;
	u8 bIsTitan;
	u8 bIsTesla;
	u8 bIsMobile;
	u8 bIsGc6Rtd3Allowed;
	u8 bIsGcOffRtd3Allowed;
	u8 bIsGcoffLegacyAllowed;
	u64 bar1PdeBase;
	u64 bar2PdeBase;
	u8 bVbiosValid;
	u8 pad2[3];
	u32 vbiosSubVendor;
	u32 vbiosSubDevice;
	u8 bPageRetirementSupported;
	u8 bSplitVasBetweenServerClientRm;
	u8 bClRootportNeedsNosnoopWAR;
	u8 pad3;
	u8 displaylessMaxHeads[8];
	u8 displaylessMaxResolution[12];
	u8 pad4[4];
	u64 displaylessMaxPixels;
	u32 hInternalClient;
	u32 hInternalDevice;
	u32 hInternalSubdevice;
	u8 bSelfHostedMode;
	u8 bAtsSupported;
	u8 bIsGpuUefi;
	u8 pad5;
};

struct rpc_os_error_log_v17_00 {
	u32 exceptType;
	u32 runlistId;
	u32 chid;
	char errString[256];
};

/* Same name as in 535.113.01, new layout (gfid, RC journal). */
struct rpc_rc_triggered_v17_02 {
	u32 nv2080EngineType;
	u32 chid;
	u32 gfid;
	u32 exceptType;
	u32 scope;
	u16 partitionAttributionId;
	u16 pad;
	u32 rcJournalBufferSize;
	u8 rcJournalBuffer[];
};

/* Events: this release's numbering (protocol.md §2.3), which diverges after 0x101a. */
#define NV_VGPU_MSG_EVENT_GSP_INIT_DONE				0x1001
#define NV_VGPU_MSG_EVENT_GSP_RUN_CPU_SEQUENCER			0x1002
#define NV_VGPU_MSG_EVENT_POST_EVENT				0x1003
#define NV_VGPU_MSG_EVENT_RC_TRIGGERED				0x1004
#define NV_VGPU_MSG_EVENT_MMU_FAULT_QUEUED			0x1005
#define NV_VGPU_MSG_EVENT_OS_ERROR_LOG				0x1006
#define NV_VGPU_MSG_EVENT_RG_LINE_INTR				0x1007
#define NV_VGPU_MSG_EVENT_GPUACCT_PERFMON_UTIL_SAMPLES		0x1008
#define NV_VGPU_MSG_EVENT_SIM_READ				0x1009
#define NV_VGPU_MSG_EVENT_SIM_WRITE				0x100a
#define NV_VGPU_MSG_EVENT_SEMAPHORE_SCHEDULE_CALLBACK		0x100b
#define NV_VGPU_MSG_EVENT_UCODE_LIBOS_PRINT			0x100c
#define NV_VGPU_MSG_EVENT_VGPU_GSP_PLUGIN_TRIGGERED		0x100d
#define NV_VGPU_MSG_EVENT_PERF_GPU_BOOST_SYNC_LIMITS_CALLBACK	0x100e
#define NV_VGPU_MSG_EVENT_PERF_BRIDGELESS_INFO_UPDATE		0x100f
#define NV_VGPU_MSG_EVENT_VGPU_CONFIG				0x1010
#define NV_VGPU_MSG_EVENT_DISPLAY_MODESET			0x1011
#define NV_VGPU_MSG_EVENT_EXTDEV_INTR_SERVICE			0x1012
#define NV_VGPU_MSG_EVENT_NVLINK_INBAND_RECEIVED_DATA_256	0x1013
#define NV_VGPU_MSG_EVENT_NVLINK_INBAND_RECEIVED_DATA_512	0x1014
#define NV_VGPU_MSG_EVENT_NVLINK_INBAND_RECEIVED_DATA_1024	0x1015
#define NV_VGPU_MSG_EVENT_NVLINK_INBAND_RECEIVED_DATA_2048	0x1016
#define NV_VGPU_MSG_EVENT_NVLINK_INBAND_RECEIVED_DATA_4096	0x1017
#define NV_VGPU_MSG_EVENT_TIMED_SEMAPHORE_RELEASE		0x1018
#define NV_VGPU_MSG_EVENT_NVLINK_IS_GPU_DEGRADED		0x1019
#define NV_VGPU_MSG_EVENT_PFM_REQ_HNDLR_STATE_SYNC_CALLBACK	0x101a
#define NV_VGPU_MSG_EVENT_GSP_SEND_USER_SHARED_DATA		0x101b
#define NV_VGPU_MSG_EVENT_NVLINK_FAULT_UP			0x101c
#define NV_VGPU_MSG_EVENT_GSP_LOCKDOWN_NOTICE			0x101d
#define NV_VGPU_MSG_EVENT_MIG_CI_CONFIG_UPDATE			0x101e
#define NV_VGPU_MSG_EVENT_NUM_EVENTS				0x101f

#define NV_VGPU_MSG_FUNCTION_NUM_FUNCTIONS			0xcb

/* GspFwWprMeta.flags bits. */
#define GSP_FW_FLAGS_CLOCK_BOOST				(1u << 0)
#define GSP_FW_FLAGS_RECOVERY_MARGIN_PRESENT			(1u << 1)

/*
 * NV2080_CTRL_CMD_INTERNAL_INTR_GET_KERNEL_TABLE parameters
 * (ctrl2080internal.h; nouveau r535_gsp_intr_get_table reads them): the
 * interrupt vectors GSP-RM assigned, one row per engine.  Entries are an
 * NvU16 then three NvU32 (16 bytes); subtreeMap is NvU8 pairs, so no
 * padding before it: 4 + 128 * 16 + 7 * 2 = 2066, 2068 with the tail.
 */
#define NV2080_CTRL_INTERNAL_INTR_MAX_TABLE_SIZE		128
#define NV2080_INTR_CATEGORY_ENUM_COUNT				7

struct NV2080_CTRL_INTERNAL_INTR_GET_KERNEL_TABLE_ENTRY {
	u16 engineIdx;
	u32 pmcIntrMask;
	u32 vectorStall;
	u32 vectorNonStall;
};

struct NV2080_INTR_CATEGORY_SUBTREE_MAP {
	u8 subtreeStart;
	u8 subtreeEnd;
};

struct NV2080_CTRL_INTERNAL_INTR_GET_KERNEL_TABLE_PARAMS {
	u32 tableLen;
	struct NV2080_CTRL_INTERNAL_INTR_GET_KERNEL_TABLE_ENTRY table[NV2080_CTRL_INTERNAL_INTR_MAX_TABLE_SIZE];
	struct NV2080_INTR_CATEGORY_SUBTREE_MAP subtreeMap[NV2080_INTR_CATEGORY_ENUM_COUNT];
};

/* The GSP's row in that table (assumed as 535.113.01: the r535 branch keeps engine_idx.h; not checked against the 535.261.03 tag). */
#define MC_ENGINE_IDX_GSP					49

#endif
