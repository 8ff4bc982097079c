/* SPDX-License-Identifier: MIT */
/*
 * GSP-RM 535.113.01 as the model plays it: event numbers, the layouts of
 * RMARGS / GspSystemInfo / GspStaticConfigInfo (gspm_abi_535_113_01.h, generated
 * from NVIDIA's table fw/535.113.01/layout.tsv), checksum coverage,
 * GET_FEATURES bits and the informational events sent at boot.
 */
#include <stddef.h>
#include <string.h>

#include "gspm_abi_535_113_01.h"
#include "../release_common.h"

GSPM_ASSERT_WPR_META();

_Static_assert(sizeof(struct GSP_ARGUMENTS_CACHED) == 0x50, "RMARGS size (protocol.md §3.3)");
_Static_assert(sizeof(struct GspSystemInfo) == 0x298, "GspSystemInfo size (protocol.md §2.4)");
_Static_assert(sizeof(struct GspStaticConfigInfo) == 0x878, "GspStaticConfigInfo size (protocol.md §2.4)");
_Static_assert(offsetof(struct GspStaticConfigInfo, gpuNameString) == 0x71c, "gpuNameString");
_Static_assert(offsetof(struct GspStaticConfigInfo, bar1PdeBase) == 0x828, "bar1PdeBase");
_Static_assert(offsetof(struct GspStaticConfigInfo, hInternalClient) == 0x868, "hInternalClient");

static void parse_rmargs(const void *buf, struct gspm_rmargs *out)
{
	struct GSP_ARGUMENTS_CACHED a;

	memcpy(&a, buf, sizeof(a));
	parse_rmargs_common(&a, out);
	out->lockless_cmdq_off = a.messageQueueInitArguments.locklessCmdQueueOffset;
	out->lockless_statq_off = a.messageQueueInitArguments.locklessStatQueueOffset;
}

/* Events 0x101b..0x101e: numbered this way only in r535 (protocol.md §2.3). */
static const char *const own_event_names[] = {
	"GSP_SEND_USER_SHARED_DATA", "NVLINK_FAULT_UP",
	"GSP_LOCKDOWN_NOTICE", "MIG_CI_CONFIG_UPDATE",
};

static const char *event_name(uint32_t fn)
{
	return event_name_lookup(fn, own_event_names,
				 sizeof(own_event_names) / sizeof(own_event_names[0]),
				 NV_VGPU_MSG_EVENT_GSP_SEND_USER_SHARED_DATA);
}

/* GSP_SEND_USER_SHARED_DATA: model-defined 16 zero bytes (the real layout
 * is not in spec/; nouveau drops the event unread). */
static const uint8_t user_shared_data[16];

static const struct gspm_boot_event boot_events[] = {
	GSPM_SHARED_BOOT_EVENTS,
	{ GSPM_BOOT_AFTER_INIT_DONE, NV_VGPU_MSG_EVENT_GSP_SEND_USER_SHARED_DATA,
	  user_shared_data, sizeof(user_shared_data) },
};

const struct gspm_release gspm_release_r535_113_01 = {
	.name = "535.113.01",
	.chips = GSPM_CHIPS_GA10X | GSPM_CHIPS_AD10X | (1u << GSPM_CHIP_GA100),
	/* 535.113.01 checksums whole elements (protocol.md §1.3, confirmed by diff). */
	.csum = GSPM_CSUM_WHOLE_ELEMENTS,
	.ev_init_done = NV_VGPU_MSG_EVENT_GSP_INIT_DONE,
	.ev_run_cpu_sequencer = NV_VGPU_MSG_EVENT_GSP_RUN_CPU_SEQUENCER,
	.ev_first = NV_VGPU_MSG_EVENT_FIRST_EVENT,
	.ev_end = NV_VGPU_MSG_EVENT_NUM_EVENTS,
	.num_functions = NV_VGPU_MSG_FUNCTION_NUM_FUNCTIONS,
	/* UVM_ENABLED is the only gspFeatures bit r535 defines (protocol.md §5). */
	/* nouveau include/nvrm/535.113.01/nvidia/inc/kernel/gpu/intr/engine_idx.h */
	.mc_engine_idx_gsp = 49,
	.gsp_features = 1u << 0,
	.boot_events = boot_events,
	.n_boot_events = sizeof(boot_events) / sizeof(boot_events[0]),
	.rmargs_size = sizeof(struct GSP_ARGUMENTS_CACHED),
	.parse_rmargs = parse_rmargs,
	.sysinfo_size = sizeof(struct GspSystemInfo),
	.parse_sysinfo = parse_sysinfo,
	.static_info_size = sizeof(struct GspStaticConfigInfo),
	.fill_static_info = fill_static_info,
	.event_name = event_name,
};
