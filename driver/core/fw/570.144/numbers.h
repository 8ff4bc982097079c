/* SPDX-License-Identifier: MIT */
/*
 * GSP-RM 570.144's event numbers after 0x101a (the ones before are
 * fw/gsp_abi.h's), its function count and its GET_FEATURES bits
 * (protocol.md §2.2, §2.3, §5).
 */
#ifndef NVCORE_FW_570_144_NUMBERS_H
#define NVCORE_FW_570_144_NUMBERS_H

/* GSP_SEND_USER_SHARED_DATA is gone, so everything after 0x101a moved down. */
#define NV_VGPU_MSG_EVENT_NVLINK_FAULT_UP			0x101b
#define NV_VGPU_MSG_EVENT_GSP_LOCKDOWN_NOTICE			0x101c
#define NV_VGPU_MSG_EVENT_MIG_CI_CONFIG_UPDATE			0x101d
#define NV_VGPU_MSG_EVENT_UPDATE_GSP_TRACE			0x101e
#define NV_VGPU_MSG_EVENT_NVLINK_FATAL_ERROR_RECOVERY		0x101f
#define NV_VGPU_MSG_EVENT_GSP_POST_NOCAT_RECORD			0x1020
#define NV_VGPU_MSG_EVENT_FECS_ERROR				0x1021
#define NV_VGPU_MSG_EVENT_RECOVERY_ACTION			0x1022
#define NV_VGPU_MSG_EVENT_NUM_EVENTS				0x1023

/* 0xc9 renamed, 0xcb..0xe2 new (names in release.c). */
#define NV_VGPU_MSG_FUNCTION_CTRL_GPU_QUERY_ECC_STATUS		0xc9
#define NV_VGPU_MSG_FUNCTION_GET_STATIC_DATA			0xcf
#define NV_VGPU_MSG_FUNCTION_GET_BRAND_CAPS			0xd2
#define NV_VGPU_MSG_FUNCTION_NUM_FUNCTIONS			0xe3

/* NV2080_CTRL_GSP_GET_FEATURES_PARAMS.gspFeatures bits beyond bit 0 (protocol.md §5). */
#define NV2080_CTRL_GSP_GET_FEATURES_VGPU_GSP_MIG_REFACTORING_ENABLED	(1u << 1)

#endif
