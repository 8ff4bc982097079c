// SPDX-License-Identifier: MIT
/*
 * GSP-RM 535.113.01: the release nouveau and linux-firmware use.
 * Every fact specific to this release is here or in abi.h beside it.
 */
#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/string.h>

#include "abi.h"
#include "../release.h"

#define EV(n, k) { NV_VGPU_MSG_EVENT_##n, k, #n }

static const struct nvcore_fw_event events[] = {
	EV(GSP_INIT_DONE, NVCORE_CORE_EVENT_INIT_DONE),
	EV(GSP_RUN_CPU_SEQUENCER, NVCORE_CORE_EVENT_RUN_CPU_SEQUENCER),
	EV(POST_EVENT, NVCORE_EVENT_POST_EVENT),
	EV(RC_TRIGGERED, NVCORE_EVENT_RC_TRIGGERED),
	EV(MMU_FAULT_QUEUED, NVCORE_EVENT_MMU_FAULT_QUEUED),
	EV(OS_ERROR_LOG, NVCORE_EVENT_OS_ERROR_LOG),
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
	EV(GSP_SEND_USER_SHARED_DATA, NVCORE_CORE_EVENT_LOG_ONLY),
	EV(NVLINK_FAULT_UP, NVCORE_EVENT_NVLINK_FAULT),
	EV(GSP_LOCKDOWN_NOTICE, NVCORE_EVENT_LOCKDOWN_NOTICE),
	EV(MIG_CI_CONFIG_UPDATE, NVCORE_EVENT_MIG_CI_CONFIG_UPDATE),
};

static void build_wpr_meta(void *dst, const struct nvcore_wpr_layout *l)
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

static void build_rmargs(void *dst, const struct nvcore_queue_args *q)
{
	struct GSP_ARGUMENTS_CACHED *a = dst;

	memset(a, 0, sizeof(*a));
	a->messageQueueInitArguments.sharedMemPhysAddr = q->shared_mem_addr;
	a->messageQueueInitArguments.pageTableEntryCount = q->pte_count;
	a->messageQueueInitArguments.cmdQueueOffset = q->cmdq_offset;
	a->messageQueueInitArguments.statQueueOffset = q->statq_offset;
	/* Cold boot: srInitArguments all zero (spec §3.3). */
}

static void build_system_info(void *dst, const struct nvcore_sysinfo_args *s)
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

static void copy_name(char *dst, size_t len, const u8 *src, size_t srclen)
{
	size_t n = strnlen((const char *)src, min(len - 1, srclen));

	memcpy(dst, src, n);
	dst[n] = '\0';
}

static void parse_static_info(const void *src, struct nvcore_static_info *out)
{
	const struct GspStaticConfigInfo *si = src;

	copy_name(out->gpu_name, sizeof(out->gpu_name), si->gpuNameString,
		  sizeof(si->gpuNameString));
	out->fb_length = si->fb_length;
	out->h_internal_client = si->hInternalClient;
	out->h_internal_device = si->hInternalDevice;
	out->h_internal_subdevice = si->hInternalSubdevice;
	out->max_gfid = si->sriovMaxGfid;
}

static u32 event_client(int kind, const void *payload, u32 len)
{
	const struct rpc_post_event_v17_00 *pe = payload;

	if (kind == NVCORE_EVENT_POST_EVENT && len >= sizeof(*pe))
		return pe->hClient;
	return 0;
}

/* nouveau and nova boot GH100 only with 570.144 (spec §5). */
static const char *const chips[] = { "ga102", "ad102", NULL };

const struct nvcore_fw_release nvcore_fw_535_113_01 = {
	.version = "535.113.01",
	.chips = chips,
	.wpr_heap_mib = { .os_carveout = 20, .min = 84, .max = 276 },
	/* 535.113.01 checksums whole 4 KiB elements (spec §1.3). */
	.csum_whole_elements = true,
	.events = events,
	.num_events = ARRAY_SIZE(events),
	.num_functions = NV_VGPU_MSG_FUNCTION_NUM_FUNCTIONS,
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
	},
	.rmargs_size = sizeof(struct GSP_ARGUMENTS_CACHED),
	.system_info_size = sizeof(struct GspSystemInfo),
	.static_info_size = sizeof(struct GspStaticConfigInfo),
	.build_wpr_meta = build_wpr_meta,
	.build_rmargs = build_rmargs,
	.build_system_info = build_system_info,
	.parse_static_info = parse_static_info,
	.event_client = event_client,
};

#define FW(chip, file) MODULE_FIRMWARE("nvidia/" chip "/gsp/" file "-535.113.01.bin")
FW("ga102", "gsp");
FW("ga102", "bootloader");
FW("ga102", "booter_load");
FW("ga102", "booter_unload");
FW("ad102", "gsp");
FW("ad102", "bootloader");
FW("ad102", "booter_load");
FW("ad102", "booter_unload");
