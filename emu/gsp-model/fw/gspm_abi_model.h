/* SPDX-License-Identifier: MIT */
/*
 * GSP-RM interface constants the model needs that the ABI tables
 * (fw/<release>/consts.tsv) do not carry, each with its public source:
 * NVIDIA open-gpu-kernel-modules (OGKM), src/ paths as of the tags in
 * the per-release tables (fw/<release>/ layout and consts).  Everything else comes from the generated
 * gspm_abi_common.h / gspm_abi_<release>.h (abigen.py).
 */
#ifndef GSPM_FW_ABI_MODEL_H
#define GSPM_FW_ABI_MODEL_H

#include "gspm_abi_common.h"

/*
 * rpc_message_header_v.header_version: OGKM src/nvidia/inc/kernel/vgpu/
 * rpc_headers.h puts NV_VGPU_MSG_HEADER_VERSION_MAJOR in bits 31:24 and
 * _MINOR in 23:16; the _TOT values are the tables'.  The tables' derived
 * row says what RM writes; the assert ties the two together.
 */
#define NV_VGPU_MSG_HEADER_VERSION						\
	((NV_VGPU_MSG_HEADER_VERSION_MAJOR_TOT << 24) | (NV_VGPU_MSG_HEADER_VERSION_MINOR_TOT << 16))
_Static_assert(NV_VGPU_MSG_HEADER_VERSION == GSPM_ABI_DERIVED_rpc_message_header_v_header_version,
	       "header_version as the tables derive it");

/* rpc_headers.h: rpc_result of a request not yet answered. */
#define NV_VGPU_MSG_RESULT_RPC_PENDING		0xffffffffu

/* src/common/shared/msgq/inc/msgq/msgq.h: msgqTxHeader.flags, swap read pointers. */
#define MSGQ_FLAGS_SWAP_RX			1u

/*
 * RM classes of the objects the host allocates: src/common/sdk/nvidia/inc/
 * class/cl0000.h (NV01_ROOT), cl0080.h (NV01_DEVICE_0), cl2080.h
 * (NV20_SUBDEVICE_0).
 */
#define NV01_ROOT				0x00000000u
#define NV01_DEVICE_0				0x00000080u
#define NV20_SUBDEVICE_0			0x00002080u

/* NV_STATUS values: src/common/sdk/nvidia/inc/nvstatuscodes.h. */
#define NV_OK					0x00000000u
#define NV_ERR_GENERIC				0x0000ffffu
#define NV_ERR_INSUFFICIENT_RESOURCES		0x0000001au
#define NV_ERR_INVALID_ARGUMENT			0x0000001fu
#define NV_ERR_INVALID_OBJECT_HANDLE		0x00000033u
#define NV_ERR_NO_MEMORY			0x00000051u
#define NV_ERR_NOT_SUPPORTED			0x00000056u
#define NV_ERR_OBJECT_NOT_FOUND			0x00000057u

/*
 * NV2080_CTRL_GSP_GET_FEATURES_PARAMS.gspFeatures bits: src/common/sdk/
 * nvidia/inc/ctrl/ctrl2080/ctrl2080gsp.h defines _UVM_ENABLED as 0:0 and
 * (570) _VGPU_GSP_MIG_REFACTORING_ENABLED as 1:1; written here as masks.
 */
#define NV2080_CTRL_GSP_GET_FEATURES_UVM_ENABLED			(1u << 0)
#define NV2080_CTRL_GSP_GET_FEATURES_VGPU_GSP_MIG_REFACTORING_ENABLED	(1u << 1)

#endif
