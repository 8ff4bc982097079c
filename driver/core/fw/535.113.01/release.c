// SPDX-License-Identifier: MIT
/*
 * GSP-RM 535.113.01: the release nouveau and linux-firmware use.
 * Every fact specific to this release is here or in abi.h beside it.
 */
#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/string.h>

#include "abi.h"
#include "../builders.h"

static const struct nvcore_fw_event events[] = {
	NVCORE_FW_SHARED_EVENTS,
	EV(GSP_SEND_USER_SHARED_DATA, NVCORE_CORE_EVENT_LOG_ONLY),
	EV(NVLINK_FAULT_UP, NVCORE_EVENT_NVLINK_FAULT),
	EV(GSP_LOCKDOWN_NOTICE, NVCORE_EVENT_LOCKDOWN_NOTICE),
	EV(MIG_CI_CONFIG_UPDATE, NVCORE_EVENT_MIG_CI_CONFIG_UPDATE),
};

static const struct nvcore_fw_feature features[] = {
	NVCORE_FW_FEATURE_UVM,
};

static void build_wpr_meta(void *dst, const struct nvcore_wpr_layout *l)
{
	fill_wpr_meta(dst, l);
}

static void build_rmargs(void *dst, const struct nvcore_queue_args *q)
{
	fill_rmargs(dst, q);
}

static void build_system_info(void *dst, const struct nvcore_sysinfo_args *s)
{
	fill_system_info(dst, s);
}

/* nouveau and nova boot GH100 only with 570.144 (protocol.md §5). */
/* GA100: linux-firmware ships its 535.113.01 files (nvidia/ga100/gsp/). */
static const char *const chips[] = { NVCORE_FW_DIES_GA10X, NVCORE_FW_DIES_AD10X, "ga100", NULL };

const struct nvcore_fw_release nvcore_fw_535_113_01 = {
	.version = "535.113.01",
	.chips = chips,
	.wpr_heap_mib = { .os_carveout = 20, .min = 84, .max = 276 },
	/* 535.113.01 checksums whole 4 KiB elements (protocol.md §1.3). */
	.csum_whole_elements = true,
	.events = events,
	.num_events = ARRAY_SIZE(events),
	.num_functions = NV_VGPU_MSG_FUNCTION_NUM_FUNCTIONS,
	.features = features,
	.num_features = ARRAY_SIZE(features),
	.history_depth = 64,
	.timeout = {
		.gfw_boot_ms = 4000,	/* nova-core gfw.rs */
		.frts_ms = 1000,
		.booter_ms = 4000,
		.riscv_start_ms = 5000,	/* nova polls ACTIVE_STAT up to 5 s */
		.queue_link_ms = 4000,	/* message_queue_cpu.c: 4 s on silicon */
		.init_done_ms = 10000,
		.rpc_ms = 6000,		/* 1.5 x the 4 s default GPU timeout */
		.unload_ms = 4000,
		/* nouveau r535_gsp_msg_run_cpu_sequencer: 2 s; nova sequencer.rs: 2 s */
		.seq_core_ms = 2000,
	},
	.rmargs_size = sizeof(struct GSP_ARGUMENTS_CACHED),
	.system_info_size = sizeof(struct GspSystemInfo),
	.static_info_size = sizeof(struct GspStaticConfigInfo),
	.build_wpr_meta = build_wpr_meta,
	.build_rmargs = build_rmargs,
	.build_system_info = build_system_info,
	.parse_static_info = parse_static_info,
	.intr_table_size = sizeof(struct NV2080_CTRL_INTERNAL_INTR_GET_KERNEL_TABLE_PARAMS),
	.parse_intr_table = parse_intr_table,
	.event_client = nvcore_fw_post_event_client,
};

NVCORE_FW_BOOTER_DIES("535.113.01");
