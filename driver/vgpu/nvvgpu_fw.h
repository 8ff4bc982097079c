/* SPDX-License-Identifier: MIT */
/*
 * The firmware interface the vGPU manager speaks, GSP-RM 570.144: the
 * manager builds these itself (the core knows none of them, docs/vgpu.md).
 * Written from the public descriptions, field by field:
 *  - VGPU_MGR_INTERNAL controls and their parameters: NVIDIA
 *    open-gpu-kernel-modules src/common/sdk/nvidia/inc/ctrl/ctrl2080/
 *    ctrl2080vgpumgrinternal.h (spec/vgpu.md §2.14);
 *  - the plugin heap's layout, the control/response buffers, the ready
 *    magic, the plugin RPC numbers and the doorbell: spec/vgpu.md §2.8 (RFC v2
 *    include/nvrm/vgpu.h and rpc.c; field offsets as the 2026 nova-core tree
 *    names them: control version 0, message_type 4, message_seq_num 8,
 *    buffer offsets from 16; response seq_processed 4, result_code 8);
 *  - the PRAMIN window: nouveau nvkm/subdev/instmem/nv50.c
 *    nv50_instobj_rd32/wr32_slow (0x1700 = address >> 16, data at
 *    0x700000 + (address & 0xffff)).
 */
#ifndef NVVGPU_FW_H
#define NVVGPU_FW_H

#include <linux/build_bug.h>
#include <linux/stddef.h>
#include <linux/types.h>

/* RM classes and controls (cl0080.h, cl2080.h, ctrl2080vgpumgrinternal.h). */
#define NVVGPU_CLASS_DEVICE		0x0080u		/* NV01_DEVICE_0 */
#define NVVGPU_CLASS_SUBDEVICE		0x2080u		/* NV20_SUBDEVICE_0 */
#define NVVGPU_CMD_BOOTLOAD		0x20804001u	/* ..._BOOTLOAD_GSP_VGPU_PLUGIN_TASK */
#define NVVGPU_CMD_SHUTDOWN		0x20804002u	/* ..._SHUTDOWN_GSP_VGPU_PLUGIN_TASK */
#define NVVGPU_CMD_CLEANUP		0x20804008u	/* ..._VGPU_PLUGIN_CLEANUP */
/* ctrl2080gpu.h (spec/vgpu.md §2.3: what the RFC v2 manager asks at attach) */
#define NVVGPU_CMD_GET_VMMU_SEGMENT_SIZE	0x2080017eu	/* NV2080_CTRL_CMD_GPU_GET_VMMU_SEGMENT_SIZE */
#define NVVGPU_CMD_QUERY_ECC_STATUS		0x2080012fu	/* NV2080_CTRL_CMD_GPU_QUERY_ECC_STATUS */

/* NV2080_CTRL_GPU_GET_VMMU_SEGMENT_SIZE_PARAMS: 32 MiB (0x02000000) .. 512 MiB. */
struct nvvgpu_vmmu_segment_params {
	u64 vmmu_segment_size;
};

/* NV2080_CTRL_GPU_QUERY_ECC_UNIT_STATUS: three NvBools, then four 8-aligned NvU64 counts. */
struct nvvgpu_ecc_unit_status {
	u8 enabled;
	u8 scrub_complete;
	u8 supported;
	u64 dbe, dbe_non_resettable, sbe, sbe_non_resettable;
};

#define NVVGPU_ECC_UNIT_COUNT		0x24	/* NV2080_CTRL_GPU_ECC_UNIT_COUNT */

/* NV2080_CTRL_GPU_QUERY_ECC_STATUS_PARAMS */
struct nvvgpu_ecc_status_params {
	struct nvvgpu_ecc_unit_status units[NVVGPU_ECC_UNIT_COUNT];
	u8 fatal_poison_error;		/* bFatalPoisonError */
	u8 uncorrectable_error;
	u32 flags;
	u32 gr_route_flags;		/* grRouteInfo {flags, NvU64 route} */
	u64 gr_route;
};
/* By hand: 40 bytes per unit, 36 units, then 1 + 1 + pad 2 + 4, then 16. */
static_assert(sizeof(struct nvvgpu_ecc_unit_status) == 40);
static_assert(offsetof(struct nvvgpu_ecc_status_params, flags) == 1444);
static_assert(sizeof(struct nvvgpu_ecc_status_params) == 1464);

#define NVVGPU_MAX_ENGINES		0x54	/* NV2080_GPU_MAX_ENGINES */
#define NVVGPU_MAX_VMMU_SEGMENTS	384	/* NV2080_CTRL_MAX_VMMU_SEGMENTS */
#define NVVGPU_MAX_VGPU_PER_PGPU	32	/* NVA081_MAX_VGPU_PER_PGPU (ctrla081.h) */

/* ctrl2080gsp.h: what the manager asks first at attach (spec/vgpu.md §1.6). */
#define NVVGPU_CMD_GSP_GET_FEATURES	0x20803601u	/* NV2080_CTRL_CMD_GSP_GET_FEATURES */
#define NVVGPU_GSP_VERSION_LEN		0x40		/* GSP_MAX_BUILD_VERSION_LENGTH */

/* NV2080_CTRL_GSP_GET_FEATURES_PARAMS */
struct nvvgpu_gsp_features_params {
	u32 gsp_features;
	u8 valid;				/* bValid */
	u8 default_gsp_rm_gpu;			/* bDefaultGspRmGpu */
	char firmware_version[NVVGPU_GSP_VERSION_LEN];
};
/* spec/abi/570.144.layout.tsv: firmwareVersion at 6, 72 bytes in all. */
static_assert(offsetof(struct nvvgpu_gsp_features_params, firmware_version) == 6);
static_assert(sizeof(struct nvvgpu_gsp_features_params) == 72);

/*
 * The vGPU metadata file nvidia/vgpu-<GSP version>.bin (spec/vgpu.md §1.6,
 * RFC v2 metadata.h / metadata_vgpu_type.c), little-endian.  The main
 * header and the blob header are the RFC's; what is marked "assumption" is
 * not in our sources (docs/vgpu.md, "The metadata file").
 */
#define NVVGPU_META_PATH		"nvidia/vgpu-%s.bin"
#define NVVGPU_META_IDENTIFIER		"NVVGPUMT"
#define NVVGPU_META_CRC_START		16	/* the CRC covers bytes 16..end */
#define NVVGPU_META_BLOB_VGPU_TYPE	0	/* METADATA_BLOB_VGPU_TYPE */
#define NVVGPU_META_BLOB_MAX		1	/* METADATA_BLOB_MAX */

struct nvvgpu_meta_hdr {
	u8 identifier[8];		/* "NVVGPUMT", no NUL */
	u32 crc32;			/* crc32_le(0xffffffff, bytes 16..end), not inverted */
	u32 padding;
	u64 vgpu_major;
	u64 vgpu_minor;
	u8 vgpu_features[128];
	char gsp_build_version[64];	/* NUL-terminated */
	u64 num_blobs;
};
/* By hand: 8 + 4 + 4 + 8 + 8 + 128 + 64 + 8. */
static_assert(offsetof(struct nvvgpu_meta_hdr, gsp_build_version) == 160);
static_assert(offsetof(struct nvvgpu_meta_hdr, num_blobs) == 224);
static_assert(sizeof(struct nvvgpu_meta_hdr) == 232);

/* Each blob: its type and its size, the 16 header bytes included. */
struct nvvgpu_meta_blob {
	u64 type;
	u64 size;
};

/*
 * The vGPU-type blob's header, after the blob header.  Assumption: every
 * field a u64 (the RFC names them, our sources give no widths); the
 * gsp_rmctrl_vgpu_info_* pair is taken as where the control payload's
 * vgpuInfo[] starts and one record's size (8 and 5224 for
 * PGPU_ADD_VGPU_TYPE).  data[] = num_kernel_structs records of struct
 * nvvgpu_meta_type (kernel_struct_size bytes in all), then the control's
 * gsp_rmctrl_size bytes.
 */
struct nvvgpu_meta_vgpu_type_hdr {
	u64 device_id;			/* the PF's PCI device ID */
	u64 gsp_rmctrl_vgpu_info_offset;
	u64 gsp_rmctrl_vgpu_info_size;
	u64 kernel_struct_size;
	u64 num_kernel_structs;
	u64 gsp_rmctrl_cmd;		/* 0x20804003 PGPU_ADD_VGPU_TYPE */
	u64 gsp_rmctrl_size;
};
static_assert(sizeof(struct nvvgpu_meta_vgpu_type_hdr) == 56);

/*
 * One kernel record: the fields of the RFC's struct nvidia_vgpu_type the
 * manager uses (spec/vgpu.md §1.4).  Assumption: this layout (the RFC's
 * record is not public beyond its field names); strings NUL-terminated in
 * NVA081_VGPU_STRING_BUFFER_SIZE (32) bytes.
 */
#define NVVGPU_TYPE_NAME_LEN		32
struct nvvgpu_meta_type {
	u32 id;
	u32 max_instance;
	char name[NVVGPU_TYPE_NAME_LEN];
	u64 fb_length;			/* bytes */
	u64 gsp_heap_size;		/* bytes */
	u64 bar1_length;		/* MiB */
};
static_assert(sizeof(struct nvvgpu_meta_type) == 64);

/* NV2080_CTRL_VGPU_MGR_INTERNAL_PGPU_ADD_VGPU_TYPE and its limit (ctrla081.h). */
#define NVVGPU_CMD_PGPU_ADD_VGPU_TYPE	0x20804003u
#define NVVGPU_MAX_VGPU_TYPES_PER_PGPU	0x40	/* NVA081_MAX_VGPU_TYPES_PER_PGPU */

/* NV2080_CTRL_VGPU_MGR_INTERNAL_BOOTLOAD_GSP_VGPU_PLUGIN_TASK_PARAMS */
struct nvvgpu_bootload_params {
	u32 dbdf;
	u32 gfid;
	u32 vgpu_type;
	u32 vm_pid;
	u32 swizz_id;
	u32 num_channels;
	u32 num_plugin_channels;
	u32 chid_offset[NVVGPU_MAX_ENGINES];
	u8 disable_default_smc_exec_part_restore;	/* NvBool */
	u32 num_guest_fb_segments;
	u64 guest_fb_phys_addr[NVVGPU_MAX_VMMU_SEGMENTS];
	u64 guest_fb_length[NVVGPU_MAX_VMMU_SEGMENTS];
	u64 plugin_heap_phys_addr;
	u64 plugin_heap_length;
	u64 ctrl_buff_offset;
	u64 init_task_log_offset;
	u64 init_task_log_size;
	u64 vgpu_task_log_offset;
	u64 vgpu_task_log_size;
	u64 kernel_log_offset;
	u64 kernel_log_size;
	u64 mig_rm_heap_phys_addr;
	u64 mig_rm_heap_length;
	u8 device_profiling_enabled;			/* NvBool */
};
/* The layout by hand: 7 + 84 u32, a bool, a u32, then 8-aligned u64s. */
static_assert(offsetof(struct nvvgpu_bootload_params, num_guest_fb_segments) == 368);
static_assert(offsetof(struct nvvgpu_bootload_params, guest_fb_phys_addr) == 376);
static_assert(offsetof(struct nvvgpu_bootload_params, plugin_heap_phys_addr) == 6520);
static_assert(sizeof(struct nvvgpu_bootload_params) == 6616);

/* ..._SHUTDOWN_GSP_VGPU_PLUGIN_TASK_PARAMS and ..._VGPU_PLUGIN_CLEANUP_PARAMS */
struct nvvgpu_gfid_params {
	u32 gfid;
};

/* The plugin heap (spec/vgpu.md §2.8): what lies at its start. */
#define NVVGPU_CTRL_BUFF_OFF		0x0
#define NVVGPU_RESP_BUFF_OFF		0x1000
#define NVVGPU_MSG_BUFF_OFF		0x2000
#define NVVGPU_MIGRATION_BUFF_OFF	0x3000
#define NVVGPU_ERROR_BUFF_OFF		0x203000
#define NVVGPU_INIT_LOG_OFF		0x204000
#define NVVGPU_INIT_LOG_SIZE		0x20000		/* 128 KiB */
#define NVVGPU_VGPU_LOG_OFF		(NVVGPU_INIT_LOG_OFF + NVVGPU_INIT_LOG_SIZE)
#define NVVGPU_VGPU_LOG_SIZE		0x40000		/* 256 KiB */
#define NVVGPU_KERNEL_LOG_OFF		(NVVGPU_VGPU_LOG_OFF + NVVGPU_VGPU_LOG_SIZE)
#define NVVGPU_KERNEL_LOG_SIZE		0x10000		/* 64 KiB */
#define NVVGPU_COMM_BUFF_SIZE		(NVVGPU_KERNEL_LOG_OFF + NVVGPU_KERNEL_LOG_SIZE)
static_assert(NVVGPU_COMM_BUFF_SIZE == 0x274000);	/* spec/vgpu.md §2.14 */
#define NVVGPU_MSG_BUFF_SIZE		0x1000

/* VGPU_CPU_GSP_CTRL_BUFF_REGION / _RESPONSE_BUFF_REGION field offsets. */
#define NVVGPU_CTRL_VERSION		0x00
#define NVVGPU_CTRL_MSG_TYPE		0x04
#define NVVGPU_CTRL_MSG_SEQ		0x08
#define NVVGPU_CTRL_RESP_BUFF		0x10	/* u64 offsets in the heap */
#define NVVGPU_CTRL_MSG_BUFF		0x18
#define NVVGPU_CTRL_MIGRATION_BUFF	0x20
#define NVVGPU_CTRL_ERROR_BUFF		0x28
#define NVVGPU_RESP_SEQ_PROCESSED	0x04
#define NVVGPU_RESP_RESULT		0x08
#define NVVGPU_CTRL_BUFF_VERSION	0x1
#define NVVGPU_PLUGIN_BOOTLOADED	0x4E654A6Fu	/* GSP_PLUGIN_BOOTLOADED */

/* NV_VGPU_CPU_RPC_MSG_* */
enum nvvgpu_rpc {
	NVVGPU_RPC_VERSION_NEGOTIATION = 1,
	NVVGPU_RPC_SETUP_CONFIG_PARAMS_AND_INIT = 2,
	NVVGPU_RPC_RESET = 3,
	NVVGPU_RPC_UPDATE_BME_STATE = 13,
};

/*
 * NV_VGPU_CPU_RPC_DATA_COPY_CONFIG_PARAMS, its leading fields in the order
 * spec/vgpu.md §2.8 lists them.  Assumption: the RFC sends a captured
 * byte snapshot whose full layout is not public; these fields are the ones
 * it patches.
 */
struct nvvgpu_config_params {
	u8 vgpu_uuid[16];
	u32 dbdf;
	u32 driver_vm_vf_dbdf;
	u32 vgpu_device_instance_id;
	u32 vgpu_type;
	u32 vm_pid;
	u32 swizz_id;
	u32 num_channels;
	u32 num_plugin_channels;
};

/* UPDATE_BME_STATE {enable, allowed} (assumption: two u32s). */
struct nvvgpu_bme_params {
	u32 enable;
	u32 allowed;
};

/* PF BAR0: the PRAMIN window and the plugin doorbell. */
#define NVVGPU_BAR0_WINDOW		0x001700	/* NV_PBUS_BAR0_WINDOW, BASE = addr >> 16 */
#define NVVGPU_PRAMIN			0x700000
#define NVVGPU_DOORBELL			(0xb80000 + 0x2200)	/* NV_VIRTUAL_FUNCTION_PRIV_DOORBELL */
#define NVVGPU_DOORBELL_VALUE(gfid)	((gfid) * 32 + 17)

/*
 * A VF's own BAR0 (OGKM dev_vm.h, tu102 and gh100): NV_VIRTUAL_FUNCTION_PRIV
 * 0x00000..0x2FFFF, then NV_VIRTUAL_FUNCTION 0x30000..0x3FFFF with the
 * usermode doorbell NV_VIRTUAL_FUNCTION_DOORBELL at 0x30090.  Nothing is
 * decoded above.  Assumption: the doorbell's value is a work-submit token
 * naming one of the vGPU's own channels, counted from 0.
 */
#define NVVGPU_VF_REGS_END		0x40000
#define NVVGPU_VF_DOORBELL		0x30090

/* Timeouts (spec/vgpu.md §2.14): plugin bootload 10 s, plugin RPC 120 s. */
#define NVVGPU_BOOTLOAD_TIMEOUT_MS	10000
#define NVVGPU_RPC_TIMEOUT_MS		120000

#endif
