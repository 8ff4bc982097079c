// SPDX-License-Identifier: MIT
/*
 * GSP-RM 570.144: the release nouveau (r570) and nova-core bind, the only
 * one nouveau boots GH100 with.  Versus r535: no lockless queue offsets in
 * RMARGS (plus bDmemStack), pmuReservedSize in GspFwWprMeta, new
 * GspSystemInfo / GspStaticConfigInfo, events renumbered after 0x101a,
 * functions up to 0xe2, a second GET_FEATURES bit (abi/README.md).
 * Every fact specific to this release is here or in abi.h beside it.
 */
#include <linux/build_bug.h>
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/string.h>

#include "abi.h"
#include "chan_alloc.h"
#include "../builders.h"

/* Functions whose name is this release's own: 0xc9 (renamed) .. 0xe2. */
static const char *const own_function_names[] = {
	"CTRL_GPU_QUERY_ECC_STATUS",
	"ECC_NOTIFIER_WRITE_ACK",
	"CTRL_DBG_GET_MODE_MMU_DEBUG",
	"RM_API_CONTROL",
	"CTRL_CMD_INTERNAL_GPU_START_FABRIC_PROBE",
	"CTRL_NVLINK_GET_INBAND_RECEIVED_DATA",
	"GET_STATIC_DATA",
	"RESERVED_208",
	"CTRL_GPU_GET_INFO_V2",
	"GET_BRAND_CAPS",
	"CTRL_CMD_NVLINK_INBAND_SEND_DATA",
	"UPDATE_GPM_GUEST_BUFFER_INFO",
	"CTRL_CMD_INTERNAL_CONTROL_GSP_TRACE",
	"CTRL_SET_ZBC_STENCIL_CLEAR",
	"CTRL_SUBDEVICE_GET_VGPU_HEAP_STATS",
	"CTRL_SUBDEVICE_GET_LIBOS_HEAP_STATS",
	"CTRL_DBG_SET_MODE_MMU_GCC_DEBUG",
	"CTRL_DBG_GET_MODE_MMU_GCC_DEBUG",
	"CTRL_RESERVE_HES",
	"CTRL_RELEASE_HES",
	"CTRL_RESERVE_CCU_PROF",
	"CTRL_RELEASE_CCU_PROF",
	"RESERVED",
	"CTRL_CMD_GET_CHIPLET_HS_CREDIT_POOL",
	"CTRL_CMD_GET_HS_CREDITS_MAPPING",
	"CTRL_EXEC_PARTITIONS_EXPORT",
};

static_assert(ARRAY_SIZE(own_function_names) ==
	      NV_VGPU_MSG_FUNCTION_NUM_FUNCTIONS - NV_VGPU_MSG_FUNCTION_CTRL_GPU_QUERY_ECC_STATUS);

static void build_wpr_meta(void *dst, const struct nvcore_wpr_layout *l)
{
	struct GspFwWprMeta *m = dst;

	fill_wpr_meta(m, l);
	m->flags = l->flags;
	m->pmuReservedSize = l->pmu_reserved_size;
	/* The RFC's nvkm: max vGPUs (spec/vgpu.md §1.7, v1 patch 04). */
	m->gspFwHeapVfPartitionCount = l->vf_partition_count;
}

static void build_rmargs(void *dst, const struct nvcore_queue_args *q)
{
	struct GSP_ARGUMENTS_CACHED *a = dst;

	fill_rmargs(a, q);
	/* nouveau r570 and nova-core set it (protocol.md §3.3). */
	a->bDmemStack = 1;
}

static void build_system_info(void *dst, const struct nvcore_sysinfo_args *s)
{
	struct GspSystemInfo *si = dst;

	fill_system_info(si, s);
	si->PCIDeviceID = (u32)s->pci_device << 16 | s->pci_vendor;
	si->PCISubDeviceID = (u32)s->pci_subsystem_device << 16 | s->pci_subsystem_vendor;
	si->PCIRevisionID = s->pci_revision;
	si->hostPageSize = PAGE_SIZE;
	/* spec/vgpu.md §1.7 (v1 patch 05): the PF's SR-IOV layout, zero without vGPU. */
	si->gspVFInfo.totalVFs = s->vf.total_vfs;
	si->gspVFInfo.firstVFOffset = s->vf.first_vf_offset;
	si->gspVFInfo.FirstVFBar0Address = s->vf.bar_addr[0];
	si->gspVFInfo.FirstVFBar1Address = s->vf.bar_addr[1];
	si->gspVFInfo.FirstVFBar2Address = s->vf.bar_addr[2];
	si->gspVFInfo.b64bitBar0 = s->vf.bar_64bit[0];
	si->gspVFInfo.b64bitBar1 = s->vf.bar_64bit[1];
	si->gspVFInfo.b64bitBar2 = s->vf.bar_64bit[2];
}

/*
 * rpc_rc_triggered_v17_02.gfid: whose channel faulted (protocol.md §2.3);
 * the core checked the payload holds the structure (event.c event_fits).
 */
static u32 event_gfid(int kind, const void *payload, u32 len)
{
	const struct rpc_rc_triggered_v17_02 *rc = payload;

	return kind == NVCORE_EVENT_RC_TRIGGERED ? rc->gfid : 0;
}

/*
 * NV_CHANNEL_ALLOC_PARAMS (chan_alloc.h) the way nouveau's r535_chan_ramfc_write
 * (nvkm/engine/fifo/r535.c) fills it for a kernel channel: NVOS04 flags
 * (alloc_channel.h) PHYSICAL, PRIVILEGED_CHANNEL_TRUE (5:5), the channel ID as
 * USERD_INDEX_VALUE (10:8) = chid % 8 and USERD_INDEX_PAGE_VALUE (20:12) =
 * chid / 8 with USERD_INDEX_PAGE_FIXED_TRUE (21:21) -- how the caller names
 * the channel ID; internalFlags PRIVILEGE_ADMIN (1:0 = 1), ERROR_NOTIFIER_TYPE
 * and ECC_ERROR_NOTIFIER_TYPE NONE (3:2, 5:4 = 1).  The memory descriptors
 * name system memory (addressSpace 1 = ADDR_SYSMEM, cacheAttrib 0 =
 * uncached, as nouveau's mthdbufMem); nouveau puts instance, USERD and RAMFC
 * in video memory (2): **assumption** that GSP-RM takes them in system
 * memory too.  hVASpace 0: the device's default VA space (**assumption**).
 */
#define CHAN_FLAGS_PRIVILEGED		(1u << 5)
#define CHAN_FLAGS_USERD_INDEX(i)	((u32)(i) << 8)
#define CHAN_FLAGS_USERD_PAGE(p)	((u32)(p) << 12)
#define CHAN_FLAGS_USERD_PAGE_FIXED	(1u << 21)
#define CHAN_INTERNAL_FLAGS		(1u | 1u << 2 | 1u << 4)
#define CHAN_ADDR_SYSMEM		1u
#define CHID_PER_USERD			8u

static_assert(offsetof(struct NV_CHANNEL_ALLOC_PARAMS, engineType) == 128);
static_assert(offsetof(struct NV_CHANNEL_ALLOC_PARAMS, instanceMem) == 144);
static_assert(offsetof(struct NV_CHANNEL_ALLOC_PARAMS, internalFlags) == 244);
static_assert(offsetof(struct NV_CHANNEL_ALLOC_PARAMS, tpcConfigID) == 360);
static_assert(sizeof(struct NV_CHANNEL_ALLOC_PARAMS) == 368);

static void sysmem_desc(struct NV_MEMORY_DESC_PARAMS *d, u64 base, u64 size)
{
	d->base = base;
	d->size = size;
	d->addressSpace = CHAN_ADDR_SYSMEM;
	d->cacheAttrib = 0;
}

static void build_chan_alloc(void *dst, const struct nvcore_chan_alloc_args *a)
{
	struct NV_CHANNEL_ALLOC_PARAMS *p = dst;

	memset(p, 0, sizeof(*p));
	p->gpFifoOffset = a->gpfifo_addr;
	p->gpFifoEntries = a->gpfifo_entries;
	p->flags = CHAN_FLAGS_PRIVILEGED | CHAN_FLAGS_USERD_INDEX(a->chid % CHID_PER_USERD) |
		   CHAN_FLAGS_USERD_PAGE(a->chid / CHID_PER_USERD) | CHAN_FLAGS_USERD_PAGE_FIXED;
	p->engineType = a->engine_type;
	sysmem_desc(&p->instanceMem, a->instance_addr, a->instance_size);
	sysmem_desc(&p->userdMem, a->userd_addr, a->userd_size);
	sysmem_desc(&p->ramfcMem, a->instance_addr, 0x200);	/* RAMFC: the instance block's first 0x200 */
	sysmem_desc(&p->mthdbufMem, a->mthdbuf_addr, a->mthdbuf_size);
	p->internalFlags = CHAN_INTERNAL_FLAGS;
}

static const char *const chips[] = { NVCORE_FW_DIES_GA10X, NVCORE_FW_DIES_AD10X, "gh100", NULL };

const struct nvcore_fw_release nvcore_fw_570_144 = {
	.version = "570.144",
	.chips = chips,
	.wpr_heap_mib = { .os_carveout = 22, .min = 88, .max = 280 },
	/* Header + RPC only, like 535.261.03 (protocol.md §1.3). */
	.csum_whole_elements = false,
	.first_own_function = NV_VGPU_MSG_FUNCTION_CTRL_GPU_QUERY_ECC_STATUS,
	.own_function_names = own_function_names,
	.build_wpr_meta = build_wpr_meta,
	.build_rmargs = build_rmargs,
	.build_system_info = build_system_info,
	.chan_alloc_size = sizeof(struct NV_CHANNEL_ALLOC_PARAMS),
	.build_chan_alloc = build_chan_alloc,
	NVCORE_FW_RELEASE_ABI,
	.event_gfid = event_gfid,
};

NVCORE_FW_BOOTER_DIES("570.144");
NVCORE_FW_GH100("570.144");
