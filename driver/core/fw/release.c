// SPDX-License-Identifier: MIT
/*
 * Names of the RPC functions, for logs and the history dump.  Numbers 0..202
 * are the same in every supported release (protocol.md §2.2) except 201, which a
 * release may rename; a release's own_function_names override from its
 * first_own_function on.  Also the list of releases, the core's default
 * timeouts and history depth, and the helpers the fw/<release>/ folders
 * share.
 */
#include <linux/kernel.h>
#include <linux/string.h>

#include "gsp_abi.h"
#include "release.h"

static const char *const function_names[] = {
	[0] = "NOP",
	[1] = "SET_GUEST_SYSTEM_INFO",
	[2] = "ALLOC_ROOT",
	[3] = "ALLOC_DEVICE",
	[4] = "ALLOC_MEMORY",
	[5] = "ALLOC_CTX_DMA",
	[6] = "ALLOC_CHANNEL_DMA",
	[7] = "MAP_MEMORY",
	[8] = "BIND_CTX_DMA",
	[9] = "ALLOC_OBJECT",
	[10] = "FREE",
	[11] = "LOG",
	[12] = "ALLOC_VIDMEM",
	[13] = "UNMAP_MEMORY",
	[14] = "MAP_MEMORY_DMA",
	[15] = "UNMAP_MEMORY_DMA",
	[16] = "GET_EDID",
	[17] = "ALLOC_DISP_CHANNEL",
	[18] = "ALLOC_DISP_OBJECT",
	[19] = "ALLOC_SUBDEVICE",
	[20] = "ALLOC_DYNAMIC_MEMORY",
	[21] = "DUP_OBJECT",
	[22] = "IDLE_CHANNELS",
	[23] = "ALLOC_EVENT",
	[24] = "SEND_EVENT",
	[25] = "REMAPPER_CONTROL",
	[26] = "DMA_CONTROL",
	[27] = "DMA_FILL_PTE_MEM",
	[28] = "MANAGE_HW_RESOURCE",
	[29] = "BIND_ARBITRARY_CTX_DMA",
	[30] = "CREATE_FB_SEGMENT",
	[31] = "DESTROY_FB_SEGMENT",
	[32] = "ALLOC_SHARE_DEVICE",
	[33] = "DEFERRED_API_CONTROL",
	[34] = "REMOVE_DEFERRED_API",
	[35] = "SIM_ESCAPE_READ",
	[36] = "SIM_ESCAPE_WRITE",
	[37] = "SIM_MANAGE_DISPLAY_CONTEXT_DMA",
	[38] = "FREE_VIDMEM_VIRT",
	[39] = "PERF_GET_PSTATE_INFO",
	[40] = "PERF_GET_PERFMON_SAMPLE",
	[41] = "PERF_GET_VIRTUAL_PSTATE_INFO",
	[42] = "PERF_GET_LEVEL_INFO",
	[43] = "MAP_SEMA_MEMORY",
	[44] = "UNMAP_SEMA_MEMORY",
	[45] = "SET_SURFACE_PROPERTIES",
	[46] = "CLEANUP_SURFACE",
	[47] = "UNLOADING_GUEST_DRIVER",
	[48] = "TDR_SET_TIMEOUT_STATE",
	[49] = "SWITCH_TO_VGA",
	[50] = "GPU_EXEC_REG_OPS",
	[51] = "GET_STATIC_INFO",
	[52] = "ALLOC_VIRTMEM",
	[53] = "UPDATE_PDE_2",
	[54] = "SET_PAGE_DIRECTORY",
	[55] = "GET_STATIC_PSTATE_INFO",
	[56] = "TRANSLATE_GUEST_GPU_PTES",
	[57] = "RESERVED_57",
	[58] = "RESET_CURRENT_GR_CONTEXT",
	[59] = "SET_SEMA_MEM_VALIDATION_STATE",
	[60] = "GET_ENGINE_UTILIZATION",
	[61] = "UPDATE_GPU_PDES",
	[62] = "GET_ENCODER_CAPACITY",
	[63] = "VGPU_PF_REG_READ32",
	[64] = "SET_GUEST_SYSTEM_INFO_EXT",
	[65] = "GET_GSP_STATIC_INFO",
	[66] = "RMFS_INIT",
	[67] = "RMFS_CLOSE_QUEUE",
	[68] = "RMFS_CLEANUP",
	[69] = "RMFS_TEST",
	[70] = "UPDATE_BAR_PDE",
	[71] = "CONTINUATION_RECORD",
	[72] = "GSP_SET_SYSTEM_INFO",
	[73] = "SET_REGISTRY",
	[74] = "GSP_INIT_POST_OBJGPU",
	[75] = "SUBDEV_EVENT_SET_NOTIFICATION",
	[76] = "GSP_RM_CONTROL",
	[77] = "GET_STATIC_INFO2",
	[78] = "DUMP_PROTOBUF_COMPONENT",
	[79] = "UNSET_PAGE_DIRECTORY",
	[80] = "GET_CONSOLIDATED_STATIC_INFO",
	[81] = "GMMU_REGISTER_FAULT_BUFFER",
	[82] = "GMMU_UNREGISTER_FAULT_BUFFER",
	[83] = "GMMU_REGISTER_CLIENT_SHADOW_FAULT_BUFFER",
	[84] = "GMMU_UNREGISTER_CLIENT_SHADOW_FAULT_BUFFER",
	[85] = "CTRL_SET_VGPU_FB_USAGE",
	[86] = "CTRL_NVFBC_SW_SESSION_UPDATE_INFO",
	[87] = "CTRL_NVENC_SW_SESSION_UPDATE_INFO",
	[88] = "CTRL_RESET_CHANNEL",
	[89] = "CTRL_RESET_ISOLATED_CHANNEL",
	[90] = "CTRL_GPU_HANDLE_VF_PRI_FAULT",
	[91] = "CTRL_CLK_GET_EXTENDED_INFO",
	[92] = "CTRL_PERF_BOOST",
	[93] = "CTRL_PERF_VPSTATES_GET_CONTROL",
	[94] = "CTRL_GET_ZBC_CLEAR_TABLE",
	[95] = "CTRL_SET_ZBC_COLOR_CLEAR",
	[96] = "CTRL_SET_ZBC_DEPTH_CLEAR",
	[97] = "CTRL_GPFIFO_SCHEDULE",
	[98] = "CTRL_SET_TIMESLICE",
	[99] = "CTRL_PREEMPT",
	[100] = "CTRL_FIFO_DISABLE_CHANNELS",
	[101] = "CTRL_SET_TSG_INTERLEAVE_LEVEL",
	[102] = "CTRL_SET_CHANNEL_INTERLEAVE_LEVEL",
	[103] = "GSP_RM_ALLOC",
	[104] = "CTRL_GET_P2P_CAPS_V2",
	[105] = "CTRL_CIPHER_AES_ENCRYPT",
	[106] = "CTRL_CIPHER_SESSION_KEY",
	[107] = "CTRL_CIPHER_SESSION_KEY_STATUS",
	[108] = "CTRL_DBG_CLEAR_ALL_SM_ERROR_STATES",
	[109] = "CTRL_DBG_READ_ALL_SM_ERROR_STATES",
	[110] = "CTRL_DBG_SET_EXCEPTION_MASK",
	[111] = "CTRL_GPU_PROMOTE_CTX",
	[112] = "CTRL_GR_CTXSW_PREEMPTION_BIND",
	[113] = "CTRL_GR_SET_CTXSW_PREEMPTION_MODE",
	[114] = "CTRL_GR_CTXSW_ZCULL_BIND",
	[115] = "CTRL_GPU_INITIALIZE_CTX",
	[116] = "CTRL_VASPACE_COPY_SERVER_RESERVED_PDES",
	[117] = "CTRL_FIFO_CLEAR_FAULTED_BIT",
	[118] = "CTRL_GET_LATEST_ECC_ADDRESSES",
	[119] = "CTRL_MC_SERVICE_INTERRUPTS",
	[120] = "CTRL_DMA_SET_DEFAULT_VASPACE",
	[121] = "CTRL_GET_CE_PCE_MASK",
	[122] = "CTRL_GET_ZBC_CLEAR_TABLE_ENTRY",
	[123] = "CTRL_GET_NVLINK_PEER_ID_MASK",
	[124] = "CTRL_GET_NVLINK_STATUS",
	[125] = "CTRL_GET_P2P_CAPS",
	[126] = "CTRL_GET_P2P_CAPS_MATRIX",
	[127] = "RESERVED_0",
	[128] = "CTRL_RESERVE_PM_AREA_SMPC",
	[129] = "CTRL_RESERVE_HWPM_LEGACY",
	[130] = "CTRL_B0CC_EXEC_REG_OPS",
	[131] = "CTRL_BIND_PM_RESOURCES",
	[132] = "CTRL_DBG_SUSPEND_CONTEXT",
	[133] = "CTRL_DBG_RESUME_CONTEXT",
	[134] = "CTRL_DBG_EXEC_REG_OPS",
	[135] = "CTRL_DBG_SET_MODE_MMU_DEBUG",
	[136] = "CTRL_DBG_READ_SINGLE_SM_ERROR_STATE",
	[137] = "CTRL_DBG_CLEAR_SINGLE_SM_ERROR_STATE",
	[138] = "CTRL_DBG_SET_MODE_ERRBAR_DEBUG",
	[139] = "CTRL_DBG_SET_NEXT_STOP_TRIGGER_TYPE",
	[140] = "CTRL_ALLOC_PMA_STREAM",
	[141] = "CTRL_PMA_STREAM_UPDATE_GET_PUT",
	[142] = "CTRL_FB_GET_INFO_V2",
	[143] = "CTRL_FIFO_SET_CHANNEL_PROPERTIES",
	[144] = "CTRL_GR_GET_CTX_BUFFER_INFO",
	[145] = "CTRL_KGR_GET_CTX_BUFFER_PTES",
	[146] = "CTRL_GPU_EVICT_CTX",
	[147] = "CTRL_FB_GET_FS_INFO",
	[148] = "CTRL_GRMGR_GET_GR_FS_INFO",
	[149] = "CTRL_STOP_CHANNEL",
	[150] = "CTRL_GR_PC_SAMPLING_MODE",
	[151] = "CTRL_PERF_RATED_TDP_GET_STATUS",
	[152] = "CTRL_PERF_RATED_TDP_SET_CONTROL",
	[153] = "CTRL_FREE_PMA_STREAM",
	[154] = "CTRL_TIMER_SET_GR_TICK_FREQ",
	[155] = "CTRL_FIFO_SETUP_VF_ZOMBIE_SUBCTX_PDB",
	[156] = "GET_CONSOLIDATED_GR_STATIC_INFO",
	[157] = "CTRL_DBG_SET_SINGLE_SM_SINGLE_STEP",
	[158] = "CTRL_GR_GET_TPC_PARTITION_MODE",
	[159] = "CTRL_GR_SET_TPC_PARTITION_MODE",
	[160] = "UVM_PAGING_CHANNEL_ALLOCATE",
	[161] = "UVM_PAGING_CHANNEL_DESTROY",
	[162] = "UVM_PAGING_CHANNEL_MAP",
	[163] = "UVM_PAGING_CHANNEL_UNMAP",
	[164] = "UVM_PAGING_CHANNEL_PUSH_STREAM",
	[165] = "UVM_PAGING_CHANNEL_SET_HANDLES",
	[166] = "UVM_METHOD_STREAM_GUEST_PAGES_OPERATION",
	[167] = "CTRL_INTERNAL_QUIESCE_PMA_CHANNEL",
	[168] = "DCE_RM_INIT",
	[169] = "REGISTER_VIRTUAL_EVENT_BUFFER",
	[170] = "CTRL_EVENT_BUFFER_UPDATE_GET",
	[171] = "GET_PLCABLE_ADDRESS_KIND",
	[172] = "CTRL_PERF_LIMITS_SET_STATUS_V2",
	[173] = "CTRL_INTERNAL_SRIOV_PROMOTE_PMA_STREAM",
	[174] = "CTRL_GET_MMU_DEBUG_MODE",
	[175] = "CTRL_INTERNAL_PROMOTE_FAULT_METHOD_BUFFERS",
	[176] = "CTRL_FLCN_GET_CTX_BUFFER_SIZE",
	[177] = "CTRL_FLCN_GET_CTX_BUFFER_INFO",
	[178] = "DISABLE_CHANNELS",
	[179] = "CTRL_FABRIC_MEMORY_DESCRIBE",
	[180] = "CTRL_FABRIC_MEM_STATS",
	[181] = "SAVE_HIBERNATION_DATA",
	[182] = "RESTORE_HIBERNATION_DATA",
	[183] = "CTRL_INTERNAL_MEMSYS_SET_ZBC_REFERENCED",
	[184] = "CTRL_EXEC_PARTITIONS_CREATE",
	[185] = "CTRL_EXEC_PARTITIONS_DELETE",
	[186] = "CTRL_GPFIFO_GET_WORK_SUBMIT_TOKEN",
	[187] = "CTRL_GPFIFO_SET_WORK_SUBMIT_TOKEN_NOTIF_INDEX",
	[188] = "PMA_SCRUBBER_SHARED_BUFFER_GUEST_PAGES_OPERATION",
	[189] = "CTRL_MASTER_GET_VIRTUAL_FUNCTION_ERROR_CONT_INTR_MASK",
	[190] = "SET_SYSMEM_DIRTY_PAGE_TRACKING_BUFFER",
	[191] = "CTRL_SUBDEVICE_GET_P2P_CAPS",
	[192] = "CTRL_BUS_SET_P2P_MAPPING",
	[193] = "CTRL_BUS_UNSET_P2P_MAPPING",
	[194] = "CTRL_FLA_SETUP_INSTANCE_MEM_BLOCK",
	[195] = "CTRL_GPU_MIGRATABLE_OPS",
	[196] = "CTRL_GET_TOTAL_HS_CREDITS",
	[197] = "CTRL_GET_HS_CREDITS",
	[198] = "CTRL_SET_HS_CREDITS",
	[199] = "CTRL_PM_AREA_PC_SAMPLER",
	[200] = "INVALIDATE_TLB",
	[201] = "RESERVED_201",
	[202] = "ECC_NOTIFIER_WRITE_ACK",
};

static const char *shared_function_name(u32 function)
{
	if (function < ARRAY_SIZE(function_names) && function_names[function])
		return function_names[function];
	return "UNKNOWN";
}

const char *nvcore_fw_release_function_name(const struct nvcore_fw_release *r, u32 function)
{
	if (function >= r->num_functions)
		return "UNKNOWN";
	if (r->own_function_names && function >= r->first_own_function)
		return r->own_function_names[function - r->first_own_function];
	return shared_function_name(function);
}

u32 nvcore_fw_map_features(const struct nvcore_fw_release *r, u32 gsp_features)
{
	u32 out = 0;
	unsigned int i;

	for (i = 0; i < r->num_features; i++)
		if (gsp_features & r->features[i].fw_bit)
			out |= r->features[i].feature;
	return out;
}

/*
 * The core's timeouts; a release's timeout_ms[] overrides where it differs.
 * Every supported release uses these (docs/firmware-releases.md).
 */
static const unsigned int default_timeout_ms[NVCORE_TIMEOUT_COUNT] = {
	[NVCORE_TIMEOUT_GFW_BOOT] = 4000,	/* nova-core gfw.rs */
	[NVCORE_TIMEOUT_FRTS] = 1000,
	[NVCORE_TIMEOUT_BOOTER] = 4000,
	[NVCORE_TIMEOUT_RISCV_START] = 5000,	/* nova polls ACTIVE_STAT up to 5 s */
	[NVCORE_TIMEOUT_QUEUE_LINK] = 4000,	/* message_queue_cpu.c: 4 s on silicon */
	[NVCORE_TIMEOUT_INIT_DONE] = 10000,
	[NVCORE_TIMEOUT_RPC] = 6000,		/* 1.5 x the 4 s default GPU timeout */
	[NVCORE_TIMEOUT_UNLOAD] = 4000,
	/* nouveau r535_gsp_msg_run_cpu_sequencer: 2 s; nova sequencer.rs: 2 s */
	[NVCORE_TIMEOUT_SEQ_CORE] = 2000,
};

/* RPC history ring entries, unless the release sets history_depth. */
#define DEFAULT_HISTORY_DEPTH	64

unsigned int nvcore_fw_timeout_ms(const struct nvcore_fw_release *r, enum nvcore_timeout t)
{
	return r->timeout_ms[t] ?: default_timeout_ms[t];
}

unsigned int nvcore_fw_history_depth(const struct nvcore_fw_release *r)
{
	return r->history_depth ?: DEFAULT_HISTORY_DEPTH;
}

void nvcore_fw_copy_name(char *dst, size_t len, const u8 *src, size_t srclen)
{
	size_t n = strnlen((const char *)src, min(len - 1, srclen));

	memcpy(dst, src, n);
	dst[n] = '\0';
}

/* The core checked the payload holds the structure (event.c event_fits). */
u32 nvcore_fw_post_event_client(int kind, const void *payload, u32 len)
{
	const struct rpc_post_event_v17_00 *pe = payload;

	return kind == NVCORE_EVENT_POST_EVENT ? pe->hClient : 0;
}

const struct nvcore_fw_event *nvcore_fw_event_lookup(const struct nvcore_fw_release *r, u32 raw)
{
	unsigned int i;

	for (i = 0; i < r->num_events; i++)
		if (r->events[i].raw == raw)
			return &r->events[i];
	return NULL;
}

/* fw_releases.h: NVCORE_FW_RELEASE(570_144) ..., generated from the release folders. */
#define NVCORE_FW_RELEASE(sym) extern const struct nvcore_fw_release nvcore_fw_##sym;
#include "fw_releases.h"
#undef NVCORE_FW_RELEASE

const struct nvcore_fw_release *const nvcore_fw_releases[] = {
#define NVCORE_FW_RELEASE(sym) &nvcore_fw_##sym,
#include "fw_releases.h"
#undef NVCORE_FW_RELEASE
};
const unsigned int nvcore_fw_num_releases = ARRAY_SIZE(nvcore_fw_releases);

const struct nvcore_fw_release *nvcore_fw_release_find(const char *version)
{
	unsigned int i;

	for (i = 0; i < nvcore_fw_num_releases; i++)
		if (!strcmp(nvcore_fw_releases[i]->version, version))
			return nvcore_fw_releases[i];
	return NULL;
}

bool nvcore_fw_release_supports(const struct nvcore_fw_release *r, const char *chip)
{
	const char *const *c;

	for (c = r->chips; *c; c++)
		if (!strcmp(*c, chip))
			return true;
	return false;
}
