/* SPDX-License-Identifier: MIT */
/*
 * Everything of a release the model plays that is the same for every
 * release although the structures it reads and fills are laid out
 * differently.  Each fw/<release>/release.c includes this after its
 * generated gspm_abi_<release>.h (abigen.py, from fw/<release>/layout.tsv
 * and consts.tsv), so the field names and event numbers below resolve to
 * that release's (fields only some releases have are read where the
 * header says GSPM_ABI_HAS_<struct>_<field>, abigen_hints.txt "optional"),
 * and after defining what the tables cannot say:
 *
 *   GSPM_AFTER_INIT_DONE_EVENT,   the release's own informational event
 *   GSPM_AFTER_INIT_DONE_LEN      sent after INIT_DONE, its payload zeroed
 *
 * The release's struct gspm_release then lists GSPM_RELEASE_FROM_ABI and
 * only the fields that are its own.
 *
 * Only fw/<release>/release.c files include this header.
 */
#ifndef GSPM_FW_RELEASE_COMMON_H
#define GSPM_FW_RELEASE_COMMON_H

#include <stddef.h>
#include <string.h>

#include "gspm_abi_model.h"
#include "gspm_release.h"

GSPM_ASSERT_WPR_META();

static void parse_rmargs(const void *buf, struct gspm_rmargs *out)
{
	struct GSP_ARGUMENTS_CACHED a;

	memcpy(&a, buf, sizeof(a));
	memset(out, 0, sizeof(*out));
	out->shm_pa = a.messageQueueInitArguments.sharedMemPhysAddr;
	out->pte_count = a.messageQueueInitArguments.pageTableEntryCount;
	out->cmdq_off = a.messageQueueInitArguments.cmdQueueOffset;
	out->statq_off = a.messageQueueInitArguments.statQueueOffset;
#ifdef GSPM_ABI_HAS_MESSAGE_QUEUE_INIT_ARGUMENTS_locklessCmdQueueOffset	/* protocol.md §3.3 */
	out->lockless_cmdq_off = a.messageQueueInitArguments.locklessCmdQueueOffset;
	out->lockless_statq_off = a.messageQueueInitArguments.locklessStatQueueOffset;
#endif
	out->sr_old_level = a.srInitArguments.oldLevel;
	out->sr_flags = a.srInitArguments.flags;
	out->sr_in_pm_transition = a.srInitArguments.bInPMTransition;
}

static void parse_sysinfo(const void *buf, struct gspm_sysinfo *out)
{
	struct GspSystemInfo s;

	memcpy(&s, buf, sizeof(s));
	memset(out, 0, sizeof(*out));
	out->gpu_phys_addr = s.gpuPhysAddr;
	out->gpu_phys_fb_addr = s.gpuPhysFbAddr;
	out->gpu_phys_inst_addr = s.gpuPhysInstAddr;
	out->max_user_va = s.maxUserVa;
	out->pci_config_mirror_base = s.pciConfigMirrorBase;
	out->pci_config_mirror_size = s.pciConfigMirrorSize;
#ifdef GSPM_ABI_HAS_GspSystemInfo_PCIDeviceID	/* the PCI identity, protocol.md §2.4 */
	out->has_pci_id = true;
	out->pci_device_id = s.PCIDeviceID;
	out->pci_sub_device_id = s.PCISubDeviceID;
	out->pci_revision_id = s.PCIRevisionID;
#endif
}

/*
 * Per-chip contents of GspStaticConfigInfo: the board hw.c models (names
 * from OGKM README.md's table, protocol.md §6).  Bus width and L2 size are the
 * boards' published specifications (**assumption**: nothing in the boot
 * checks them); RAM type 8 (GDDR6) / 10 (HBM) as before.
 */
struct chip_info {
	const char *name, *short_name;
	uint32_t fb_bus_width, fb_ram_type, l2_cache_size;
	uint32_t sriov_max_gfid;
};

static const struct chip_info chips[] = {
	[GSPM_CHIP_GA102] = { "NVIDIA A10", "GA102", 384, 8 /* GDDR6 */, 6u << 20, 32 },
	[GSPM_CHIP_AD102] = { "NVIDIA L40S", "AD102", 384, 8, 96u << 20, 32 },
	[GSPM_CHIP_GH100] = { "NVIDIA H100 PCIe", "GH100", 5120, 10 /* HBM */, 50u << 20, 32 },
	[GSPM_CHIP_GA100] = { "NVIDIA A100-PCIE-40GB", "GA100", 5120, 10, 40u << 20, 32 },
	[GSPM_CHIP_GA103] = { "NVIDIA GeForce RTX 3080 Ti Laptop GPU", "GA103", 256, 8, 4u << 20, 0 },
	[GSPM_CHIP_GA104] = { "NVIDIA RTX A4000", "GA104", 256, 8, 4u << 20, 0 },
	[GSPM_CHIP_GA106] = { "NVIDIA RTX A2000 12GB", "GA106", 192, 8, 3u << 20, 0 },
	[GSPM_CHIP_GA107] = { "NVIDIA A2", "GA107", 128, 8, 2u << 20, 16 },
	[GSPM_CHIP_AD103] = { "NVIDIA GeForce RTX 4080", "AD103", 256, 8, 64u << 20, 0 },
	[GSPM_CHIP_AD104] = { "NVIDIA L4", "AD104", 192, 8, 48u << 20, 32 },
	[GSPM_CHIP_AD106] = { "NVIDIA GeForce RTX 4060 Ti", "AD106", 128, 8, 32u << 20, 0 },
	[GSPM_CHIP_AD107] = { "NVIDIA RTX 2000 Ada Generation", "AD107", 128, 8, 12u << 20, 0 },
};

static void put_str(uint8_t *dst, size_t cap, const char *s)
{
	size_t n = strlen(s);

	if (n >= cap)
		n = cap - 1;
	memcpy(dst, s, n);
	dst[n] = 0;
}

/*
 * GET_GSP_STATIC_INFO: the fields every release's GspStaticConfigInfo has,
 * the rest zero (what the model does not play).
 */
static void fill_static_info(void *buf, const struct gspm_static_in *in)
{
	const struct chip_info *c = &chips[in->chip < GSPM_CHIP_COUNT ? in->chip : GSPM_CHIP_GA102];
	struct GspStaticConfigInfo sbuf, *si = &sbuf;

	memset(si, 0, sizeof(*si));
	put_str(si->gpuNameString, sizeof(si->gpuNameString), c->name);
	put_str(si->gpuShortNameString, sizeof(si->gpuShortNameString), c->short_name);
	/* UTF-16LE copy of the name. */
	for (size_t i = 0; c->name[i] && 2 * i + 1 < sizeof(si->gpuNameString_Unicode) - 2; i++)
		si->gpuNameString_Unicode[2 * i] = (uint8_t)c->name[i];
	si->fb_length = in->fb_size;
	si->fb_bus_width = c->fb_bus_width;
	si->fb_ram_type = c->fb_ram_type;
	si->l2_cache_size = c->l2_cache_size;
	si->fbio_mask = 0xfff;
	si->fbp_mask = 0xfff;
	si->sriovMaxGfid = c->sriov_max_gfid;
	si->bIsTesla = 1;
	si->bIsVgx = 1;
	/*
	 * Page-directory bases of the BAR1/BAR2 address spaces RM built in FB.
	 * The host only needs them non-zero and inside FB; the model puts them
	 * in the top 32 MiB reserved area, 64 KiB apart.
	 */
	si->bar1PdeBase = in->fb_size - (32u << 20);
	si->bar2PdeBase = in->fb_size - (32u << 20) + 0x10000;
	si->bVbiosValid = 1;
	si->vbiosSubVendor = in->pci.subsystem_vendor;
	si->vbiosSubDevice = in->pci.subsystem_device;
	si->bPageRetirementSupported = 1;
	si->hInternalClient = in->h_client;
	si->hInternalDevice = in->h_device;
	si->hInternalSubdevice = in->h_subdevice;
	memcpy(buf, si, sizeof(*si));
}

/* The release's event names, by number - NV_VGPU_MSG_EVENT_FIRST_EVENT (consts.tsv). */
static const char *const event_names[] = GSPM_ABI_EVENT_NAMES;

static const char *event_name(uint32_t fn)
{
	uint32_t i = fn - NV_VGPU_MSG_EVENT_FIRST_EVENT;

	return fn >= NV_VGPU_MSG_EVENT_FIRST_EVENT &&
	       i < sizeof(event_names) / sizeof(event_names[0]) ? event_names[i] : NULL;
}

/*
 * Informational events sent around boot.  Which ones real GSP-RM sends and
 * in what order is not documented (protocol.md §8.2); nouveau pre-registers silent
 * handlers for UCODE_LIBOS_PRINT, PERF_BRIDGELESS_INFO_UPDATE and one
 * release-specific event (GSPM_AFTER_INIT_DONE_EVENT, named by the
 * release), so the model sends each once.
 * Payload layouts: UCODE_LIBOS_PRINT {ucodeEngDesc, libosPrintBufSize,
 * buf[]} (protocol.md §2.4; engDesc = PMU class 0xf3d722 << 8, instance 0);
 * PERF_BRIDGELESS_INFO_UPDATE {bBridgeless} padded to 8 bytes.
 */
struct libos_print {
	uint32_t ucodeEngDesc;
	uint32_t libosPrintBufSize;
	char buf[24];
};

static const struct libos_print boot_print = {
	.ucodeEngDesc = 0xf3d722u << 8,
	.libosPrintBufSize = 24,
	.buf = "gsp-model: RM booting\n",
};
static const uint8_t bridgeless[8];

static const uint8_t after_init_done[GSPM_AFTER_INIT_DONE_LEN];

static const struct gspm_boot_event boot_events[] = {
	{ GSPM_BOOT_BEFORE_SEQUENCER, NV_VGPU_MSG_EVENT_UCODE_LIBOS_PRINT,
	  &boot_print, sizeof(boot_print) },
	{ GSPM_BOOT_BEFORE_INIT_DONE, NV_VGPU_MSG_EVENT_PERF_BRIDGELESS_INFO_UPDATE,
	  bridgeless, sizeof(bridgeless) },
	{ GSPM_BOOT_AFTER_INIT_DONE, GSPM_AFTER_INIT_DONE_EVENT,
	  after_init_done, sizeof(after_init_done) },
};

/* The fields of struct gspm_release every release fills from its tables. */
#define GSPM_RELEASE_FROM_ABI								\
	.name = GSPM_ABI_RELEASE,							\
	.ev_init_done = NV_VGPU_MSG_EVENT_GSP_INIT_DONE,				\
	.ev_run_cpu_sequencer = NV_VGPU_MSG_EVENT_GSP_RUN_CPU_SEQUENCER,		\
	.ev_first = NV_VGPU_MSG_EVENT_FIRST_EVENT,					\
	.ev_end = NV_VGPU_MSG_EVENT_NUM_EVENTS,						\
	.num_functions = NV_VGPU_MSG_FUNCTION_NUM_FUNCTIONS,				\
	.boot_events = boot_events,							\
	.n_boot_events = sizeof(boot_events) / sizeof(boot_events[0]),			\
	.rmargs_size = sizeof(struct GSP_ARGUMENTS_CACHED),				\
	.parse_rmargs = parse_rmargs,							\
	.sysinfo_size = sizeof(struct GspSystemInfo),					\
	.parse_sysinfo = parse_sysinfo,							\
	.static_info_size = sizeof(struct GspStaticConfigInfo),				\
	.fill_static_info = fill_static_info,						\
	.event_name = event_name

#endif
