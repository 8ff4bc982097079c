/* SPDX-License-Identifier: MIT */
/*
 * What every release's struct nvcore_fw_release holds in the same words
 * although the structures and numbers behind them differ: the builders and
 * parsers, the event and feature tables.  Each fw/<release>/release.c
 * includes this after its own abi.h, so the field names and numbers below
 * resolve to that release's; a release whose builder sets more fields
 * (570.144: pmuReservedSize, bDmemStack, PCI ids) calls these first.
 *
 * Only fw/<release>/release.c files include this header.
 */
#ifndef NVCORE_FW_BUILDERS_H
#define NVCORE_FW_BUILDERS_H

#include <linux/errno.h>
#include <linux/kernel.h>
#include <linux/string.h>

#include "release.h"

static void fill_wpr_meta(void *dst, const struct nvcore_wpr_layout *l)
{
	struct GspFwWprMeta *m = dst;

	memset(m, 0, sizeof(*m));
	m->magic = GSP_FW_WPR_META_MAGIC;
	m->revision = GSP_FW_WPR_META_REVISION;
	m->sysmemAddrOfRadix3Elf = l->image_addr;
	m->sizeOfRadix3Elf = l->image_size;
	m->sysmemAddrOfBootloader = l->bootloader_addr;
	m->sizeOfBootloader = l->bootloader_size;
	m->bootloaderCodeOffset = l->bl_code_offset;
	m->bootloaderDataOffset = l->bl_data_offset;
	m->bootloaderManifestOffset = l->bl_manifest_offset;
	m->sysmemAddrOfSignature = l->signature_addr;
	m->sizeOfSignature = l->signature_size;
	m->gspFwRsvdStart = l->non_wpr_heap_offset;
	m->nonWprHeapOffset = l->non_wpr_heap_offset;
	m->nonWprHeapSize = l->non_wpr_heap_size;
	m->gspFwWprStart = l->wpr_start;
	m->gspFwHeapOffset = l->heap_offset;
	m->gspFwHeapSize = l->heap_size;
	m->gspFwOffset = l->fw_offset;
	m->bootBinOffset = l->boot_bin_offset;
	m->frtsOffset = l->frts_offset;
	m->frtsSize = l->frts_size;
	m->gspFwWprEnd = l->wpr_end;
	m->fbSize = l->fb_size;
	m->vgaWorkspaceOffset = l->vga_offset;
	m->vgaWorkspaceSize = l->vga_size;
}

static void fill_rmargs(void *dst, const struct nvcore_queue_args *q)
{
	struct GSP_ARGUMENTS_CACHED *a = dst;

	memset(a, 0, sizeof(*a));
	a->messageQueueInitArguments.sharedMemPhysAddr = q->shared_mem_addr;
	a->messageQueueInitArguments.pageTableEntryCount = q->pte_count;
	a->messageQueueInitArguments.cmdQueueOffset = q->cmdq_offset;
	a->messageQueueInitArguments.statQueueOffset = q->statq_offset;
	/* Cold boot: srInitArguments all zero (protocol.md §3.3). */
}

static void fill_system_info(void *dst, const struct nvcore_sysinfo_args *s)
{
	struct GspSystemInfo *si = dst;

	memset(si, 0, sizeof(*si));
	si->gpuPhysAddr = s->bar0_addr;
	si->gpuPhysFbAddr = s->bar1_addr;
	si->gpuPhysInstAddr = s->bar3_addr;
	si->nvDomainBusDeviceFunc = s->dbdf;
	si->maxUserVa = s->max_user_va;
	/* The PCI config space mirror in BAR0, as nova-core programs it. */
	si->pciConfigMirrorBase = 0x88000;
	si->pciConfigMirrorSize = 0x1000;
}

static void parse_static_info(const void *src, struct nvcore_static_info *out)
{
	const struct GspStaticConfigInfo *si = src;

	nvcore_fw_copy_name(out->gpu_name, sizeof(out->gpu_name), si->gpuNameString,
			    sizeof(si->gpuNameString));
	out->fb_length = si->fb_length;
	out->h_internal_client = si->hInternalClient;
	out->h_internal_device = si->hInternalDevice;
	out->h_internal_subdevice = si->hInternalSubdevice;
	out->max_gfid = si->sriovMaxGfid;
}

/*
 * The GSP's stall vector from GET_KERNEL_TABLE (nouveau r535_gsp_intr_get_table
 * keeps the vectorStall of the MC_ENGINE_IDX_GSP row).  -ENOENT: no such row;
 * -EPROTO: the firmware's tableLen does not fit the table.
 */
static int parse_intr_table(const void *src, u32 *gsp_vector)
{
	const struct NV2080_CTRL_INTERNAL_INTR_GET_KERNEL_TABLE_PARAMS *p = src;
	u32 i;

	if (p->tableLen > ARRAY_SIZE(p->table))
		return -EPROTO;
	for (i = 0; i < p->tableLen; i++) {
		if (p->table[i].engineIdx == MC_ENGINE_IDX_GSP) {
			*gsp_vector = p->table[i].vectorStall;
			return 0;
		}
	}
	return -ENOENT;
}

/*
 * Every event a release may number and what the core makes of it (protocol.md
 * §2.3).  0x1001..0x101a are the same in every release (fw/gsp_abi.h); the
 * rest are in the table where the release's numbers.h numbers them, so the
 * same name gets each release's own number.
 */
#define EV(n, k) { NV_VGPU_MSG_EVENT_##n, k, #n, 0 }
/* An event whose payload structure the release's abi.h lays out. */
#define EVS(n, k, s) { NV_VGPU_MSG_EVENT_##n, k, #n, sizeof(struct s) }
static const struct nvcore_fw_event events[] = {
	EV(GSP_INIT_DONE, NVCORE_CORE_EVENT_INIT_DONE),
	EV(GSP_RUN_CPU_SEQUENCER, NVCORE_CORE_EVENT_RUN_CPU_SEQUENCER),
	EVS(POST_EVENT, NVCORE_EVENT_POST_EVENT, rpc_post_event_v17_00),
	EVS(RC_TRIGGERED, NVCORE_EVENT_RC_TRIGGERED, rpc_rc_triggered_v17_02),
	EV(MMU_FAULT_QUEUED, NVCORE_EVENT_MMU_FAULT_QUEUED),
	EVS(OS_ERROR_LOG, NVCORE_EVENT_OS_ERROR_LOG, rpc_os_error_log_v17_00),
	EV(RG_LINE_INTR, NVCORE_CORE_EVENT_LOG_ONLY),
	EV(GPUACCT_PERFMON_UTIL_SAMPLES, NVCORE_CORE_EVENT_LOG_ONLY),
	EV(SIM_READ, NVCORE_CORE_EVENT_LOG_ONLY),
	EV(SIM_WRITE, NVCORE_CORE_EVENT_LOG_ONLY),
	EV(SEMAPHORE_SCHEDULE_CALLBACK, NVCORE_CORE_EVENT_LOG_ONLY),
	EV(UCODE_LIBOS_PRINT, NVCORE_CORE_EVENT_LOG_ONLY),
	EV(VGPU_GSP_PLUGIN_TRIGGERED, NVCORE_EVENT_VGPU_PLUGIN_TRIGGERED),
	EV(PERF_GPU_BOOST_SYNC_LIMITS_CALLBACK, NVCORE_CORE_EVENT_LOG_ONLY),
	EV(PERF_BRIDGELESS_INFO_UPDATE, NVCORE_CORE_EVENT_LOG_ONLY),
	EV(VGPU_CONFIG, NVCORE_EVENT_VGPU_CONFIG),
	EV(DISPLAY_MODESET, NVCORE_CORE_EVENT_LOG_ONLY),
	EV(EXTDEV_INTR_SERVICE, NVCORE_CORE_EVENT_LOG_ONLY),
	EV(NVLINK_INBAND_RECEIVED_DATA_256, NVCORE_CORE_EVENT_LOG_ONLY),
	EV(NVLINK_INBAND_RECEIVED_DATA_512, NVCORE_CORE_EVENT_LOG_ONLY),
	EV(NVLINK_INBAND_RECEIVED_DATA_1024, NVCORE_CORE_EVENT_LOG_ONLY),
	EV(NVLINK_INBAND_RECEIVED_DATA_2048, NVCORE_CORE_EVENT_LOG_ONLY),
	EV(NVLINK_INBAND_RECEIVED_DATA_4096, NVCORE_CORE_EVENT_LOG_ONLY),
	EV(TIMED_SEMAPHORE_RELEASE, NVCORE_CORE_EVENT_LOG_ONLY),
	EV(NVLINK_IS_GPU_DEGRADED, NVCORE_CORE_EVENT_LOG_ONLY),
	EV(PFM_REQ_HNDLR_STATE_SYNC_CALLBACK, NVCORE_CORE_EVENT_LOG_ONLY),
#ifdef NV_VGPU_MSG_EVENT_GSP_SEND_USER_SHARED_DATA	/* r535 only */
	EV(GSP_SEND_USER_SHARED_DATA, NVCORE_CORE_EVENT_LOG_ONLY),
#endif
#ifdef NV_VGPU_MSG_EVENT_NVLINK_FAULT_UP
	EV(NVLINK_FAULT_UP, NVCORE_EVENT_NVLINK_FAULT),
#endif
#ifdef NV_VGPU_MSG_EVENT_GSP_LOCKDOWN_NOTICE
	EV(GSP_LOCKDOWN_NOTICE, NVCORE_EVENT_LOCKDOWN_NOTICE),
#endif
#ifdef NV_VGPU_MSG_EVENT_MIG_CI_CONFIG_UPDATE
	EV(MIG_CI_CONFIG_UPDATE, NVCORE_EVENT_MIG_CI_CONFIG_UPDATE),
#endif
#ifdef NV_VGPU_MSG_EVENT_UPDATE_GSP_TRACE
	EV(UPDATE_GSP_TRACE, NVCORE_CORE_EVENT_LOG_ONLY),
#endif
#ifdef NV_VGPU_MSG_EVENT_NVLINK_FATAL_ERROR_RECOVERY
	EV(NVLINK_FATAL_ERROR_RECOVERY, NVCORE_CORE_EVENT_LOG_ONLY),
#endif
#ifdef NV_VGPU_MSG_EVENT_GSP_POST_NOCAT_RECORD
	EV(GSP_POST_NOCAT_RECORD, NVCORE_CORE_EVENT_LOG_ONLY),
#endif
#ifdef NV_VGPU_MSG_EVENT_FECS_ERROR
	EV(FECS_ERROR, NVCORE_CORE_EVENT_LOG_ONLY),
#endif
#ifdef NV_VGPU_MSG_EVENT_RECOVERY_ACTION
	EV(RECOVERY_ACTION, NVCORE_CORE_EVENT_LOG_ONLY),
#endif
};
#undef EV

/* gspFeatures bits (protocol.md §5): bit 0 in every release, the rest where numbers.h has them. */
static const struct nvcore_fw_feature features[] = {
	{ NV2080_CTRL_GSP_GET_FEATURES_UVM_ENABLED, NVCORE_FEATURE_UVM },
#ifdef NV2080_CTRL_GSP_GET_FEATURES_VGPU_GSP_MIG_REFACTORING_ENABLED
	{ NV2080_CTRL_GSP_GET_FEATURES_VGPU_GSP_MIG_REFACTORING_ENABLED,
	  NVCORE_FEATURE_VGPU_MIG_REFACTORING },
#endif
};

/*
 * The members of struct nvcore_fw_release every release fills the same way
 * from its own headers; release.c adds its version, chips, heap sizing,
 * checksum coverage, builders and what else it does its own way.
 */
#define NVCORE_FW_RELEASE_ABI							\
	.events = events,							\
	.num_events = ARRAY_SIZE(events),					\
	.num_functions = NV_VGPU_MSG_FUNCTION_NUM_FUNCTIONS,			\
	.features = features,							\
	.num_features = ARRAY_SIZE(features),					\
	.rmargs_size = sizeof(struct GSP_ARGUMENTS_CACHED),			\
	.system_info_size = sizeof(struct GspSystemInfo),			\
	.static_info_size = sizeof(struct GspStaticConfigInfo),			\
	.parse_static_info = parse_static_info,					\
	.intr_table_size = sizeof(struct NV2080_CTRL_INTERNAL_INTR_GET_KERNEL_TABLE_PARAMS), \
	.parse_intr_table = parse_intr_table,					\
	.event_client = nvcore_fw_post_event_client

#endif
