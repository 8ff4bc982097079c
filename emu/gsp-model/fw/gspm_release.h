/* SPDX-License-Identifier: MIT */
/*
 * What the firmware side of the model needs to know about one GSP-RM
 * release.  Everything release-specific (event numbers, structure layouts
 * and sizes, static-info contents, checksum coverage) lives behind this
 * table in fw/<release>/; the rest of the model only reads it through
 * struct gspm_release.  Adding a release = a sibling folder defining one
 * more struct gspm_release (release_common.h does most of it) and its name
 * in fw_releases (top-level meson.build), from which fw/releases.c's table
 * is generated.
 */
#ifndef GSPM_FW_RELEASE_H
#define GSPM_FW_RELEASE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "gspm.h"

/* The dies of a family, for struct gspm_release.chips. */
#define GSPM_CHIPS_GA10X	((1u << GSPM_CHIP_GA102) | (1u << GSPM_CHIP_GA103) |	\
				 (1u << GSPM_CHIP_GA104) | (1u << GSPM_CHIP_GA106) |	\
				 (1u << GSPM_CHIP_GA107))
#define GSPM_CHIPS_AD10X	((1u << GSPM_CHIP_AD102) | (1u << GSPM_CHIP_AD103) |	\
				 (1u << GSPM_CHIP_AD104) | (1u << GSPM_CHIP_AD106) |	\
				 (1u << GSPM_CHIP_AD107))

/* Which bytes of a queue message the checksum covers (protocol.md §1.3). */
enum gspm_csum_cover {
	GSPM_CSUM_WHOLE_ELEMENTS,	/* elemCount * 0x1000 bytes */
	GSPM_CSUM_HDR_AND_RPC,		/* 0x30 + rpc.length, padded to 8 */
};

/* MESSAGE_QUEUE_INIT_ARGUMENTS, release-neutral. */
struct gspm_rmargs {
	uint64_t shm_pa;
	uint32_t pte_count;
	uint64_t cmdq_off;
	uint64_t statq_off;
	uint64_t lockless_cmdq_off;	/* must be 0 where the release has it */
	uint64_t lockless_statq_off;
	uint32_t sr_old_level;
	uint32_t sr_flags;
	uint8_t sr_in_pm_transition;
};

/* The GspSystemInfo fields the model checks, release-neutral. */
struct gspm_sysinfo {
	uint64_t gpu_phys_addr;		/* BAR0 */
	uint64_t gpu_phys_fb_addr;	/* BAR1 */
	uint64_t gpu_phys_inst_addr;	/* BAR3 */
	uint64_t max_user_va;
	uint32_t pci_config_mirror_base;
	uint32_t pci_config_mirror_size;
	/* Releases whose GspSystemInfo carries the PCI identity (570). */
	bool has_pci_id;
	uint32_t pci_device_id;		/* device << 16 | vendor */
	uint32_t pci_sub_device_id;	/* subsystem device << 16 | subsystem vendor */
	uint32_t pci_revision_id;
};

/* What the firmware reports in GET_GSP_STATIC_INFO. */
struct gspm_static_in {
	enum gspm_chip chip;
	uint64_t fb_size;
	struct gspm_pci_id pci;
	uint32_t h_client, h_device, h_subdevice;	/* internal objects */
};

/* When an informational boot event is posted. */
enum gspm_boot_phase {
	GSPM_BOOT_BEFORE_SEQUENCER,	/* right after the status queue is up */
	GSPM_BOOT_BEFORE_INIT_DONE,
	GSPM_BOOT_AFTER_INIT_DONE,
};

struct gspm_boot_event {
	enum gspm_boot_phase phase;
	uint32_t function;
	const void *payload;
	size_t len;
};

/*
 * GspFwWprMeta as the booter and the GSP-FMC read and write it.  Every field
 * they touch sits at the same offset in every supported release; the bytes
 * that differ (0xf1..0xf7: padding, flags, pmuReservedSize) are carried
 * opaque.  release_common.h proves the offsets against each release's own
 * GspFwWprMeta with GSPM_ASSERT_WPR_META(), so the hw half never names a
 * release.
 */
struct gspm_wpr_meta {
	uint64_t magic, revision;
	uint64_t sysmemAddrOfRadix3Elf, sizeOfRadix3Elf;
	uint64_t sysmemAddrOfBootloader, sizeOfBootloader;
	uint64_t bootloaderCodeOffset, bootloaderDataOffset, bootloaderManifestOffset;
	uint64_t sysmemAddrOfSignature, sizeOfSignature;
	uint64_t gspFwRsvdStart, nonWprHeapOffset, nonWprHeapSize;
	uint64_t gspFwWprStart, gspFwHeapOffset, gspFwHeapSize;
	uint64_t gspFwOffset, bootBinOffset, frtsOffset, frtsSize, gspFwWprEnd;
	uint64_t fbSize, vgaWorkspaceOffset, vgaWorkspaceSize, bootCount;
	uint8_t partition[32];			/* partition RPC / crash queue union */
	uint8_t gspFwHeapVfPartitionCount;
	uint8_t release_specific[7];
	uint64_t verified;
};

#define GSPM_WPR_META_SAME(f)								\
	_Static_assert(offsetof(struct GspFwWprMeta, f) == offsetof(struct gspm_wpr_meta, f) && \
		       sizeof(((struct GspFwWprMeta *)0)->f) ==				\
		       sizeof(((struct gspm_wpr_meta *)0)->f), "GspFwWprMeta." #f)
#define GSPM_ASSERT_WPR_META()								\
	_Static_assert(sizeof(struct GspFwWprMeta) == sizeof(struct gspm_wpr_meta),	\
		       "GspFwWprMeta size");						\
	GSPM_WPR_META_SAME(magic); GSPM_WPR_META_SAME(revision);			\
	GSPM_WPR_META_SAME(sysmemAddrOfRadix3Elf); GSPM_WPR_META_SAME(sizeOfRadix3Elf); \
	GSPM_WPR_META_SAME(sysmemAddrOfBootloader); GSPM_WPR_META_SAME(sizeOfBootloader); \
	GSPM_WPR_META_SAME(bootloaderCodeOffset); GSPM_WPR_META_SAME(bootloaderDataOffset); \
	GSPM_WPR_META_SAME(bootloaderManifestOffset);					\
	GSPM_WPR_META_SAME(sysmemAddrOfSignature); GSPM_WPR_META_SAME(sizeOfSignature); \
	GSPM_WPR_META_SAME(gspFwRsvdStart); GSPM_WPR_META_SAME(nonWprHeapOffset);	\
	GSPM_WPR_META_SAME(nonWprHeapSize); GSPM_WPR_META_SAME(gspFwWprStart);	\
	GSPM_WPR_META_SAME(gspFwHeapOffset); GSPM_WPR_META_SAME(gspFwHeapSize);	\
	GSPM_WPR_META_SAME(gspFwOffset); GSPM_WPR_META_SAME(bootBinOffset);		\
	GSPM_WPR_META_SAME(frtsOffset); GSPM_WPR_META_SAME(frtsSize);			\
	GSPM_WPR_META_SAME(gspFwWprEnd); GSPM_WPR_META_SAME(fbSize);			\
	GSPM_WPR_META_SAME(vgaWorkspaceOffset); GSPM_WPR_META_SAME(vgaWorkspaceSize);	\
	GSPM_WPR_META_SAME(bootCount);							\
	GSPM_WPR_META_SAME(gspFwHeapVfPartitionCount); GSPM_WPR_META_SAME(verified)

struct gspm_release {
	const char *name;		/* also GET_FEATURES firmwareVersion */
	/* Chips this release boots: bit (1u << enum gspm_chip); GSPM_CHIPS_*. */
	uint32_t chips;
	enum gspm_csum_cover csum;

	/* Event numbers (protocol.md §2.3: they diverge between releases). */
	uint32_t ev_init_done;
	uint32_t ev_run_cpu_sequencer;
	uint32_t ev_first;		/* NV_VGPU_MSG_EVENT_FIRST_EVENT */
	uint32_t ev_end;		/* NUM_EVENTS: first invalid number */
	uint32_t num_functions;		/* NV_VGPU_MSG_FUNCTION_NUM_FUNCTIONS */
	uint32_t gsp_features;		/* GET_FEATURES gspFeatures (protocol.md §5) */
	/* MC_ENGINE_IDX_GSP: the GSP's row in INTR_GET_KERNEL_TABLE (engine_idx.h). */
	uint16_t mc_engine_idx_gsp;

	const struct gspm_boot_event *boot_events;
	size_t n_boot_events;

	/* RMARGS page (GSP_ARGUMENTS_CACHED). */
	size_t rmargs_size;
	void (*parse_rmargs)(const void *buf, struct gspm_rmargs *out);

	/* GSP_SET_SYSTEM_INFO payload. */
	size_t sysinfo_size;
	void (*parse_sysinfo)(const void *buf, struct gspm_sysinfo *out);

	/* GET_GSP_STATIC_INFO payload. */
	size_t static_info_size;
	void (*fill_static_info)(void *buf, const struct gspm_static_in *in);
	/* Human-readable name of an event number, or NULL. */
	const char *(*event_name)(uint32_t function);
};

/* fw/releases.c: every release the model can run, NULL-terminated. */
extern const struct gspm_release *const gspm_releases[];
const struct gspm_release *gspm_release_find(const char *name);

#endif
