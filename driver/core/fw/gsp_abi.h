/* SPDX-License-Identifier: MIT */
/*
 * GSP-RM interface structures whose layout is the same in every supported
 * firmware release (the per-release tables fw/<release>/layout.tsv: "identical layouts in all
 * three releases").  Field names follow NVIDIA's headers so that each field
 * can be checked against fw/<release>/layout.tsv by name
 * (conformance/test_abi.c).  Structures that differ between releases live in
 * fw/<release>/abi.h.
 *
 * Everything here is little-endian in memory; the driver only runs on
 * little-endian hosts (GSP is little-endian RISC-V), which Kconfig/meson
 * enforce.
 */
#ifndef NVCORE_FW_GSP_ABI_H
#define NVCORE_FW_GSP_ABI_H

#include <linux/types.h>

/* msgq_priv.h: queue headers (protocol.md §1.2). */
struct msgqTxHeader {
	u32 version;
	u32 size;
	u32 msgSize;
	u32 msgCount;
	u32 writePtr;
	u32 flags;
	u32 rxHdrOff;
	u32 entryOff;
};

struct msgqRxHeader {
	u32 readPtr;
};

#define MSGQ_VERSION			0
#define MSGQ_FLAGS_SWAP_RX		1u

/* rpc_message_header_v03_00 (protocol.md §2.1). */
struct rpc_message_header_v {
	u32 header_version;
	u32 signature;
	u32 length;
	u32 function;
	u32 rpc_result;
	u32 rpc_result_private;
	u32 sequence;
	u32 u;			/* spare, or cpuRmGfid */
	u8 rpc_message_data[];
};

#define NV_VGPU_MSG_HEADER_VERSION	0x03000000u
#define NV_VGPU_MSG_SIGNATURE_VALID	0x43505256u	/* "VRPC" */
#define NV_VGPU_MSG_RESULT_RPC_PENDING	0xffffffffu

/* message_queue_priv.h: one queue element (protocol.md §1.3). */
struct GSP_MSG_QUEUE_ELEMENT {
	u8 authTagBuffer[16];
	u8 aadBuffer[16];
	u32 checkSum;
	u32 seqNum;
	u32 elemCount;
	u32 padding;
	struct rpc_message_header_v rpc;
};

#define GSP_MSG_QUEUE_ELEMENT_SIZE_MIN	0x1000u
#define GSP_MSG_QUEUE_ELEMENT_SIZE_MAX	0x10000u
#define GSP_MSG_QUEUE_ELEMENT_HDR_SIZE	0x30u	/* offsetof(rpc) */
#define GSP_MSG_QUEUE_RPC_SIZE_MAX	(GSP_MSG_QUEUE_ELEMENT_SIZE_MAX - GSP_MSG_QUEUE_ELEMENT_HDR_SIZE)

/* Function numbers (protocol.md §2.2): identical in every supported release. */
#define NV_VGPU_MSG_FUNCTION_NOP			0
#define NV_VGPU_MSG_FUNCTION_SET_GUEST_SYSTEM_INFO	1
#define NV_VGPU_MSG_FUNCTION_FREE			10
#define NV_VGPU_MSG_FUNCTION_UNLOADING_GUEST_DRIVER	47
#define NV_VGPU_MSG_FUNCTION_GET_GSP_STATIC_INFO	65
#define NV_VGPU_MSG_FUNCTION_CONTINUATION_RECORD	71
#define NV_VGPU_MSG_FUNCTION_GSP_SET_SYSTEM_INFO	72
#define NV_VGPU_MSG_FUNCTION_SET_REGISTRY		73
#define NV_VGPU_MSG_FUNCTION_GSP_RM_CONTROL		76
#define NV_VGPU_MSG_FUNCTION_GSP_RM_ALLOC		103
#define NV_VGPU_MSG_FIRST_EVENT				0x1000u

/*
 * Events 0x1001..0x101a: the same numbers in every supported release
 * (protocol.md §2.3); each release's numbers.h has those after 0x101a.
 */
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

/* libos_init_args.h (protocol.md §3.3). */
struct LibosMemoryRegionInitArgument {
	u64 id8;
	u64 pa;
	u64 size;
	u8 kind;
	u8 loc;
	u8 pad[6];
};

#define LIBOS_MEMORY_REGION_NONE	0
#define LIBOS_MEMORY_REGION_CONTIGUOUS	1
#define LIBOS_MEMORY_REGION_RADIX3	2
#define LIBOS_MEMORY_REGION_LOC_NONE	0
#define LIBOS_MEMORY_REGION_LOC_SYSMEM	1
#define LIBOS_MEMORY_REGION_LOC_FB	2

/* gsp_init_args.h: suspend/resume arguments inside RMARGS. */
struct GSP_SR_INIT_ARGUMENTS {
	u32 oldLevel;
	u32 flags;
	u8 bInPMTransition;
	u8 pad[3];
};

/* SET_REGISTRY payload (protocol.md §2.4). */
struct PACKED_REGISTRY_ENTRY {
	u32 nameOffset;
	u8 type;
	u8 pad[3];
	u32 data;
	u32 length;
};

struct PACKED_REGISTRY_TABLE {
	u32 size;
	u32 numEntries;
	struct PACKED_REGISTRY_ENTRY entries[];
};

#define REGISTRY_TABLE_ENTRY_TYPE_DWORD		1
#define REGISTRY_TABLE_ENTRY_TYPE_BINARY	2
#define REGISTRY_TABLE_ENTRY_TYPE_STRING	3

/* GSP_RUN_CPU_SEQUENCER event payload and commands (protocol.md §3.5). */
struct rpc_run_cpu_sequencer_v17_00 {
	u32 bufferSizeDWord;
	u32 cmdIndex;
	u32 regSaveArea[8];
	u32 commandBuffer[];
};

struct GSP_SEQ_BUF_PAYLOAD_REG_WRITE {
	u32 addr;
	u32 val;
};

struct GSP_SEQ_BUF_PAYLOAD_REG_MODIFY {
	u32 addr;
	u32 mask;
	u32 val;
};

struct GSP_SEQ_BUF_PAYLOAD_REG_POLL {
	u32 addr;
	u32 mask;
	u32 val;
	u32 timeout;
	u32 error;
};

struct GSP_SEQ_BUF_PAYLOAD_DELAY_US {
	u32 val;
};

struct GSP_SEQ_BUF_PAYLOAD_REG_STORE {
	u32 addr;
	u32 index;
};

struct GSP_SEQUENCER_BUFFER_CMD {
	u32 opCode;
	union {
		struct GSP_SEQ_BUF_PAYLOAD_REG_WRITE regWrite;
		struct GSP_SEQ_BUF_PAYLOAD_REG_MODIFY regModify;
		struct GSP_SEQ_BUF_PAYLOAD_REG_POLL regPoll;
		struct GSP_SEQ_BUF_PAYLOAD_DELAY_US delayUs;
		struct GSP_SEQ_BUF_PAYLOAD_REG_STORE regStore;
	} payload;
};

#define GSP_SEQ_BUF_OPCODE_REG_WRITE		0
#define GSP_SEQ_BUF_OPCODE_REG_MODIFY		1
#define GSP_SEQ_BUF_OPCODE_REG_POLL		2
#define GSP_SEQ_BUF_OPCODE_DELAY_US		3
#define GSP_SEQ_BUF_OPCODE_REG_STORE		4
#define GSP_SEQ_BUF_OPCODE_CORE_RESET		5
#define GSP_SEQ_BUF_OPCODE_CORE_START		6
#define GSP_SEQ_BUF_OPCODE_CORE_WAIT_FOR_HALT	7
#define GSP_SEQ_BUF_OPCODE_CORE_RESUME		8
#define GSP_SEQ_BUF_REG_SAVE_SIZE		8

/* POST_EVENT payload. */
struct rpc_post_event_v17_00 {
	u32 hClient;
	u32 hEvent;
	u32 notifyIndex;
	u32 data;
	u16 info16;
	u16 pad0;
	u32 status;
	u32 eventDataSize;
	u8 bNotifyList;
	u8 eventData[];
} __packed __aligned(4);

/* RM object calls (protocol.md §2.4). */
struct rpc_gsp_rm_alloc_v03_00 {
	u32 hClient;
	u32 hParent;
	u32 hObject;
	u32 hClass;
	u32 status;
	u32 paramsSize;
	u32 flags;
	u8 reserved[4];
	u8 params[];
};

struct rpc_gsp_rm_control_v03_00 {
	u32 hClient;
	u32 hObject;
	u32 cmd;
	u32 status;
	u32 paramsSize;
	u32 flags;
	u8 params[];
};

#define RMAPI_RPC_FLAGS_COPYOUT_ON_ERROR	(1u << 0)

struct NVOS00_PARAMETERS_v03_00 {
	u32 hRoot;
	u32 hObjectParent;
	u32 hObjectOld;
	u32 status;
};

struct rpc_free_v03_00 {
	struct NVOS00_PARAMETERS_v03_00 params;
};

struct rpc_unloading_guest_driver_v1F_07 {
	u8 bInPMTransition;
	u8 bGc6Entering;
	u8 pad[2];
	u32 newLevel;
};

/* NV2080_CTRL_CMD_GSP_GET_FEATURES (protocol.md §5). */
#define NV2080_CTRL_CMD_GSP_GET_FEATURES	0x20803601u
#define NV2080_GSP_MAX_BUILD_VERSION_LENGTH	64

struct NV2080_CTRL_GSP_GET_FEATURES_PARAMS {
	u32 gspFeatures;
	u8 bValid;
	u8 bDefaultGspRmGpu;
	u8 firmwareVersion[NV2080_GSP_MAX_BUILD_VERSION_LENGTH];
	u8 pad[2];
};

/* gspFeatures bit 0, the same in every release; later bits in a release's numbers.h. */
#define NV2080_CTRL_GSP_GET_FEATURES_UVM_ENABLED	(1u << 0)

/* The interrupt vectors GSP-RM assigned (protocol.md §1.4); the GSP's row is per release. */
#define NV2080_CTRL_CMD_INTERNAL_INTR_GET_KERNEL_TABLE	0x20800a5cu

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

/* RM classes the core allocates (protocol.md §7). */
#define NV01_ROOT		0x00000000u
#define NV01_DEVICE_0		0x00000080u
#define NV20_SUBDEVICE_0	0x00002080u

/* NV_STATUS values the core names in logs and maps to errno. */
#define NV_OK				0x00000000u
#define NV_ERR_GENERIC			0x0000ffffu
#define NV_ERR_INSUFFICIENT_RESOURCES	0x0000001au
#define NV_ERR_INVALID_ARGUMENT		0x0000001fu
#define NV_ERR_INVALID_OBJECT_HANDLE	0x00000033u
#define NV_ERR_NOT_SUPPORTED		0x00000056u
#define NV_ERR_NO_MEMORY		0x00000051u
#define NV_ERR_OBJECT_NOT_FOUND		0x00000057u

/* rmRiscvUcode.h: the RISC-V bootloader descriptor (protocol.md §4.3). */
struct RM_RISCV_UCODE_DESC {
	u32 version;
	u32 bootloaderOffset;
	u32 bootloaderSize;
	u32 bootloaderParamOffset;
	u32 bootloaderParamSize;
	u32 riscvElfOffset;
	u32 riscvElfSize;
	u32 appVersion;
	u32 manifestOffset;
	u32 manifestSize;
	u32 monitorDataOffset;
	u32 monitorDataSize;
	u32 monitorCodeOffset;
	u32 monitorCodeSize;
	u32 bIsMonitorEnabled;
	u32 swbromCodeOffset;
	u32 swbromCodeSize;
	u32 swbromDataOffset;
	u32 swbromDataSize;
	u32 fbReservedSize;
	u32 bSignedAsCode;
};

/* GspFwWprMeta magic values, the same in every release (protocol.md §3.3). */
#define GSP_FW_WPR_META_MAGIC		0xdc3aae21371a60b3ull
#define GSP_FW_WPR_META_REVISION	1
#define GSP_FW_WPR_META_VERIFIED	0xa0a0a0a0a0a0a0a0ull

/*
 * GspFwWprMeta from magic to gspFwHeapVfPartitionCount: the same in every
 * supported release; each release's wpr_meta.h adds the fields after it.
 */
#define GSP_FW_WPR_META_COMMON_FIELDS				\
	u64 magic;						\
	u64 revision;						\
	u64 sysmemAddrOfRadix3Elf;				\
	u64 sizeOfRadix3Elf;					\
	u64 sysmemAddrOfBootloader;				\
	u64 sizeOfBootloader;					\
	u64 bootloaderCodeOffset;				\
	u64 bootloaderDataOffset;				\
	u64 bootloaderManifestOffset;				\
	union {							\
		struct {					\
			u64 sysmemAddrOfSignature;		\
			u64 sizeOfSignature;			\
		};						\
		struct {					\
			u32 gspFwHeapFreeListWprOffset;		\
			u32 unused0;				\
			u64 unused1;				\
		};						\
	};							\
	u64 gspFwRsvdStart;					\
	u64 nonWprHeapOffset;					\
	u64 nonWprHeapSize;					\
	u64 gspFwWprStart;					\
	u64 gspFwHeapOffset;					\
	u64 gspFwHeapSize;					\
	u64 gspFwOffset;					\
	u64 bootBinOffset;					\
	u64 frtsOffset;						\
	u64 frtsSize;						\
	u64 gspFwWprEnd;					\
	u64 fbSize;						\
	u64 vgaWorkspaceOffset;					\
	u64 vgaWorkspaceSize;					\
	u64 bootCount;						\
	union {							\
		struct {					\
			u64 partitionRpcAddr;			\
			u16 partitionRpcRequestOffset;		\
			u16 partitionRpcReplyOffset;		\
			u32 elfCodeOffset;			\
			u32 elfDataOffset;			\
			u32 elfCodeSize;			\
			u32 elfDataSize;			\
			u32 lsUcodeVersion;			\
		};						\
		struct {					\
			u32 partitionRpcPadding[4];		\
			u64 sysmemAddrOfCrashReportQueue;	\
			u32 sizeOfCrashReportQueue;		\
			u32 lsUcodeVersionPadding[1];		\
		};						\
	};							\
	u8 gspFwHeapVfPartitionCount

/* GspSystemInfo.gspVFInfo (gsp_static_config.h), the same in every release. */
struct GSP_VF_INFO {
	u32 totalVFs;
	u32 firstVFOffset;
	u64 FirstVFBar0Address;
	u64 FirstVFBar1Address;
	u64 FirstVFBar2Address;
	u8 b64bitBar0;
	u8 b64bitBar1;
	u8 b64bitBar2;
	u8 pad[5];
};

/*
 * GspSystemInfo up to hypervisorType as every r535 release lays it out
 * (535.113.01 and 535.261.03 differ only after it).
 */
#define GSP_SYSTEM_INFO_R535_HEAD \
	u64 gpuPhysAddr; \
	u64 gpuPhysFbAddr; \
	u64 gpuPhysInstAddr; \
	u64 nvDomainBusDeviceFunc; \
	u64 simAccessBufPhysAddr; \
	u64 pcieAtomicsOpMask; \
	u64 consoleMemSize; \
	u64 maxUserVa; \
	u32 pciConfigMirrorBase; \
	u32 pciConfigMirrorSize; \
	u8 oorArch; \
	u8 pad0[7]; \
	u64 clPdbProperties; \
	u32 Chipset; \
	u8 bGpuBehindBridge; \
	u8 bMnocAvailable; \
	u8 bUpstreamL0sUnsupported; \
	u8 bUpstreamL1Unsupported; \
	u8 bUpstreamL1PorSupported; \
	u8 bUpstreamL1PorMobileOnly; \
	u8 upstreamAddressValid; \
	u8 pad1; \
	u8 FHBBusInfo[10]; \
	u8 chipsetIDInfo[10]; \
	u8 acpiMethodData[484]; \
	u32 hypervisorType;

#endif
