/* SPDX-License-Identifier: MIT */
/*
 * GSP-RM 535.113.01's event numbers after 0x101a (the ones before are
 * fw/gsp_abi.h's), its function count and its GET_FEATURES bits
 * (protocol.md §2.2, §2.3, §5).
 */
#ifndef NVCORE_FW_535_113_01_NUMBERS_H
#define NVCORE_FW_535_113_01_NUMBERS_H

#define NV_VGPU_MSG_EVENT_GSP_SEND_USER_SHARED_DATA		0x101b
#define NV_VGPU_MSG_EVENT_NVLINK_FAULT_UP			0x101c
#define NV_VGPU_MSG_EVENT_GSP_LOCKDOWN_NOTICE			0x101d
#define NV_VGPU_MSG_EVENT_MIG_CI_CONFIG_UPDATE			0x101e
#define NV_VGPU_MSG_EVENT_NUM_EVENTS				0x101f

#define NV_VGPU_MSG_FUNCTION_NUM_FUNCTIONS			0xcb

#endif
