/* SPDX-License-Identifier: MIT */
/*
 * GSP-RM 570.144 as the model plays it: event numbers (renumbered after
 * 0x101a), the layouts of RMARGS (no lockless queue offsets, bDmemStack) /
 * GspSystemInfo / GspStaticConfigInfo (gspm_abi_570_144.h, generated from
 * NVIDIA's table fw/570.144/layout.tsv), checksum coverage, GET_FEATURES bits
 * and the informational events sent at boot.
 */
#include <stddef.h>
#include <string.h>

#include "gspm_abi_570_144.h"
#include "../release_common.h"

GSPM_ASSERT_WPR_META();

_Static_assert(sizeof(struct GSP_ARGUMENTS_CACHED) == 0x48, "RMARGS size (protocol.md §3.3)");
_Static_assert(offsetof(struct GSP_ARGUMENTS_CACHED, bDmemStack) == 0x30, "bDmemStack (protocol.md §3.3)");
_Static_assert(sizeof(struct GspSystemInfo) == 0x3a0, "GspSystemInfo size (protocol.md §2.4)");
_Static_assert(sizeof(struct GspStaticConfigInfo) == 0x678, "GspStaticConfigInfo size (protocol.md §2.4)");
_Static_assert(offsetof(struct GspStaticConfigInfo, gpuNameString) == 0x4ec, "gpuNameString");
_Static_assert(offsetof(struct GspStaticConfigInfo, bar1PdeBase) == 0x600, "bar1PdeBase");
_Static_assert(offsetof(struct GspStaticConfigInfo, hInternalClient) == 0x640, "hInternalClient");
_Static_assert(offsetof(struct GspStaticConfigInfo, fwWprLayoutOffset) == 0x668, "fwWprLayoutOffset");

static void parse_rmargs(const void *buf, struct gspm_rmargs *out)
{
	struct GSP_ARGUMENTS_CACHED a;

	memcpy(&a, buf, sizeof(a));
	/* No lockless queue offsets; bDmemStack changes nothing the model plays. */
	parse_rmargs_common(&a, out);
}

static void parse_sysinfo_570(const void *buf, struct gspm_sysinfo *out)
{
	struct GspSystemInfo s;

	parse_sysinfo(buf, out);
	memcpy(&s, buf, sizeof(s));
	out->has_pci_id = true;
	out->pci_device_id = s.PCIDeviceID;
	out->pci_sub_device_id = s.PCISubDeviceID;
	out->pci_revision_id = s.PCIRevisionID;
}

/* Events 0x101b..0x1022: numbered this way only in r570 (protocol.md §2.3). */
static const char *const own_event_names[] = {
	"NVLINK_FAULT_UP", "GSP_LOCKDOWN_NOTICE", "MIG_CI_CONFIG_UPDATE",
	"UPDATE_GSP_TRACE", "NVLINK_FATAL_ERROR_RECOVERY",
	"GSP_POST_NOCAT_RECORD", "FECS_ERROR", "RECOVERY_ACTION",
};

static const char *event_name(uint32_t fn)
{
	return event_name_lookup(fn, own_event_names,
				 sizeof(own_event_names) / sizeof(own_event_names[0]),
				 NV_VGPU_MSG_EVENT_NVLINK_FAULT_UP);
}

/* GSP_POST_NOCAT_RECORD {u32 data} (protocol.md §2.4); nouveau r570 drops it. */
static const uint32_t nocat_record;

static const struct gspm_boot_event boot_events[] = {
	GSPM_SHARED_BOOT_EVENTS,
	{ GSPM_BOOT_AFTER_INIT_DONE, NV_VGPU_MSG_EVENT_GSP_POST_NOCAT_RECORD,
	  &nocat_record, sizeof(nocat_record) },
};

const struct gspm_release gspm_release_r570_144 = {
	.name = "570.144",
	.chips = GSPM_CHIPS_GA10X | GSPM_CHIPS_AD10X | (1u << GSPM_CHIP_GH100),
	/* Header + RPC only (protocol.md §1.3). */
	.csum = GSPM_CSUM_HDR_AND_RPC,
	.ev_init_done = NV_VGPU_MSG_EVENT_GSP_INIT_DONE,
	.ev_run_cpu_sequencer = NV_VGPU_MSG_EVENT_GSP_RUN_CPU_SEQUENCER,
	.ev_first = NV_VGPU_MSG_EVENT_FIRST_EVENT,
	.ev_end = NV_VGPU_MSG_EVENT_NUM_EVENTS,
	.num_functions = NV_VGPU_MSG_FUNCTION_NUM_FUNCTIONS,
	/*
	 * UVM_ENABLED and VGPU_GSP_MIG_REFACTORING_ENABLED (protocol.md §5; what
	 * real GSP-RM returns is not confirmed, protocol.md §8.3).
	 */
	/* nouveau rm/r570/nvrm engine.h, 570.144 excerpt: NVLINK 49, GSP 50 */
	.mc_engine_idx_gsp = 50,
	.gsp_features = NV2080_CTRL_GSP_GET_FEATURES_UVM_ENABLED |
			NV2080_CTRL_GSP_GET_FEATURES_VGPU_GSP_MIG_REFACTORING_ENABLED,
	.boot_events = boot_events,
	.n_boot_events = sizeof(boot_events) / sizeof(boot_events[0]),
	.rmargs_size = sizeof(struct GSP_ARGUMENTS_CACHED),
	.parse_rmargs = parse_rmargs,
	.sysinfo_size = sizeof(struct GspSystemInfo),
	.parse_sysinfo = parse_sysinfo_570,
	.static_info_size = sizeof(struct GspStaticConfigInfo),
	/*
	 * fwWprLayoutOffset (where ACR/FMC put the non-WPR heap and FRTS on
	 * GH100, protocol.md §3.6) stays zero: the rm half does not see the FB
	 * layout, and the core does not read it.
	 */
	.fill_static_info = fill_static_info,
	.event_name = event_name,
};
