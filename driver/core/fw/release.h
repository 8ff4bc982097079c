/* SPDX-License-Identifier: MIT */
/*
 * What the core needs to know about one GSP-RM firmware release.  Each
 * release fills one struct nvcore_fw_release in fw/<release>/release.c;
 * nothing outside fw/ knows a release's layouts or numbers.
 */
#ifndef NVCORE_FW_RELEASE_H
#define NVCORE_FW_RELEASE_H

#include <linux/types.h>
#include <nvcore/nvcore.h>

/*
 * A channel the core allocates for a client (chan.c): where its memory is
 * (bus addresses of one coherent buffer) and which channel ID and engine.
 */
struct nvcore_chan_alloc_args {
	u64 gpfifo_addr;
	u32 gpfifo_entries;
	u32 chid;
	u32 engine_type;		/* NV2080_ENGINE_TYPE_* */
	u64 instance_addr, instance_size;
	u64 userd_addr, userd_size;
	u64 mthdbuf_addr, mthdbuf_size;
};

/* Inputs for the structures the host builds (protocol.md §3.3). */
struct nvcore_wpr_layout {
	u64 fb_size;
	u64 image_addr, image_size;		/* radix3 root, .fwimage size */
	u64 bootloader_addr, bootloader_size;
	u64 bl_code_offset, bl_data_offset, bl_manifest_offset;
	u64 signature_addr, signature_size;
	u64 non_wpr_heap_offset, non_wpr_heap_size;
	u64 wpr_start, heap_offset, heap_size;
	u64 fw_offset, boot_bin_offset;
	u64 frts_offset, frts_size;
	u64 wpr_end, vga_offset, vga_size;
	/* Releases whose GspFwWprMeta has the field; 0 where unused. */
	u64 pmu_reserved_size;
	u8 flags;			/* GSP_FW_FLAGS_* */
	u8 vf_partition_count;		/* GSP heap partitions for vGPUs, 0: no vGPU */
};

struct nvcore_queue_args {
	u64 shared_mem_addr;	/* bus address of the PTE array (page 0) */
	u32 pte_count;
	u64 cmdq_offset, statq_offset;
};

struct nvcore_sysinfo_args {
	u64 bar0_addr, bar1_addr, bar3_addr;
	u64 dbdf;		/* domain << 16 | bus << 8 | devfn */
	u64 max_user_va;
	/* PCI identity; releases whose GspSystemInfo carries it (570). */
	u16 pci_vendor, pci_device;
	u16 pci_subsystem_vendor, pci_subsystem_device;
	u8 pci_revision;
	/* The PF's SR-IOV layout when it runs vGPU (sriov.c), else zero: VF BAR0, BAR1, BAR2. */
	struct {
		u32 total_vfs, first_vf_offset;
		u64 bar_addr[3];
		bool bar_64bit[3];
	} vf;
};

/* What the core keeps of GET_GSP_STATIC_INFO. */
struct nvcore_static_info {
	char gpu_name[64];
	u64 fb_length;
	u32 h_internal_client, h_internal_device, h_internal_subdevice;
	u32 max_gfid;
};

/* Events the core itself handles, besides the client-visible ones. */
enum nvcore_core_event {
	NVCORE_CORE_EVENT_INIT_DONE = NVCORE_EVENT_COUNT,
	NVCORE_CORE_EVENT_RUN_CPU_SEQUENCER,
	NVCORE_CORE_EVENT_LOG_ONLY,	/* known, only logged */
};

struct nvcore_fw_event {
	u32 raw;
	int kind;		/* enum nvcore_event_type or enum nvcore_core_event */
	const char *name;
	/*
	 * The payload's fixed structure, which a shorter event cannot carry
	 * (event.c drops it); 0 where the core neither reads nor knows it.
	 */
	u32 min_len;
};

/* One bit of GET_FEATURES gspFeatures and what it means to the core. */
struct nvcore_fw_feature {
	u32 fw_bit;		/* bit in NV2080_CTRL_GSP_GET_FEATURES_PARAMS.gspFeatures */
	u32 feature;		/* NVCORE_FEATURE_* */
};

/* The waits a release bounds; the core's defaults are in fw/release.c. */
enum nvcore_timeout {
	NVCORE_TIMEOUT_GFW_BOOT,	/* GFW boot / FSP secure boot done */
	NVCORE_TIMEOUT_FRTS,
	NVCORE_TIMEOUT_BOOTER,		/* booter-load, FSP chain of trust, lockdown */
	NVCORE_TIMEOUT_RISCV_START,
	NVCORE_TIMEOUT_QUEUE_LINK,
	NVCORE_TIMEOUT_INIT_DONE,
	NVCORE_TIMEOUT_RPC,
	NVCORE_TIMEOUT_UNLOAD,
	/* CPU sequencer core ops: WAIT_FOR_HALT, CORE_RESUME's handoff. */
	NVCORE_TIMEOUT_SEQ_CORE,
	NVCORE_TIMEOUT_COUNT
};

struct nvcore_fw_release {
	const char *version;			/* "535.113.01" */
	/* Chips (struct nvcore_chip.name) this release boots, NULL-terminated. */
	const char *const *chips;
	/* WPR heap sizing for LIBOS3 (protocol.md §3.3, gsp_fw_heap.h), in MiB. */
	struct {
		u32 os_carveout, min, max;
	} wpr_heap_mib;
	/* Queue checksum covers whole elements (true) or header + RPC only. */
	bool csum_whole_elements;
	/* Every event this release defines (protocol.md §2.3). */
	const struct nvcore_fw_event *events;
	unsigned int num_events;
	u32 num_functions;			/* NV_VGPU_MSG_FUNCTION_NUM_FUNCTIONS */
	/*
	 * Names of the functions from first_own_function up to num_functions
	 * that differ from, or go beyond, the table every release shares
	 * (fw/release.c); NULL when the shared table covers the release.
	 */
	u32 first_own_function;
	const char *const *own_function_names;
	/* GET_FEATURES gspFeatures bits this release defines. */
	const struct nvcore_fw_feature *features;
	unsigned int num_features;
	/*
	 * Where the release differs from the core's defaults (fw/release.c);
	 * 0 keeps the default.  Read through nvcore_fw_timeout_ms() and
	 * nvcore_fw_history_depth().
	 */
	unsigned int timeout_ms[NVCORE_TIMEOUT_COUNT];
	unsigned int history_depth;		/* RPC history ring entries */
	/* Payload sizes. */
	size_t rmargs_size, system_info_size, static_info_size;
	/* Builders and parsers for the release-specific structures. */
	void (*build_wpr_meta)(void *dst, const struct nvcore_wpr_layout *l);
	void (*build_rmargs)(void *dst, const struct nvcore_queue_args *q);
	void (*build_system_info)(void *dst, const struct nvcore_sysinfo_args *s);
	void (*parse_static_info)(const void *src, struct nvcore_static_info *out);
	/* NV2080_CTRL_CMD_INTERNAL_INTR_GET_KERNEL_TABLE: size, and the GSP's vector. */
	size_t intr_table_size;
	int (*parse_intr_table)(const void *src, u32 *gsp_vector);
	/* The channel class's allocation parameters (chan.c); 0: no channels. */
	size_t chan_alloc_size;
	void (*build_chan_alloc)(void *dst, const struct nvcore_chan_alloc_args *a);
	/* hClient an event payload concerns (0 if none). */
	u32 (*event_client)(int kind, const void *payload, u32 len);
	/* GFID an event concerns (0: the PF, or the release does not say). */
	u32 (*event_gfid)(int kind, const void *payload, u32 len);
};

/*
 * The dies of the SEC2-booter families (struct nvcore_chip.name), for the
 * releases' chips lists: every die of a family loads the same files
 * (linux-firmware links ga103..ga107 to ga102, ad103..ad107 to ad102).
 */
#define NVCORE_FW_DIES_GA10X	"ga102", "ga103", "ga104", "ga106", "ga107"
#define NVCORE_FW_DIES_AD10X	"ad102", "ad103", "ad104", "ad106", "ad107"

/* MODULE_FIRMWARE for the four files a SEC2-booter die loads. */
#define NVCORE_FW_BOOTER_DIE(die, rel)						\
	MODULE_FIRMWARE("nvidia/" die "/gsp/gsp-" rel ".bin");			\
	MODULE_FIRMWARE("nvidia/" die "/gsp/bootloader-" rel ".bin");		\
	MODULE_FIRMWARE("nvidia/" die "/gsp/booter_load-" rel ".bin");		\
	MODULE_FIRMWARE("nvidia/" die "/gsp/booter_unload-" rel ".bin")
#define NVCORE_FW_BOOTER_DIES(rel)						\
	NVCORE_FW_BOOTER_DIE("ga102", rel);					\
	NVCORE_FW_BOOTER_DIE("ga103", rel);					\
	NVCORE_FW_BOOTER_DIE("ga104", rel);					\
	NVCORE_FW_BOOTER_DIE("ga106", rel);					\
	NVCORE_FW_BOOTER_DIE("ga107", rel);					\
	NVCORE_FW_BOOTER_DIE("ad102", rel);					\
	NVCORE_FW_BOOTER_DIE("ad103", rel);					\
	NVCORE_FW_BOOTER_DIE("ad104", rel);					\
	NVCORE_FW_BOOTER_DIE("ad106", rel);					\
	NVCORE_FW_BOOTER_DIE("ad107", rel)
/* MODULE_FIRMWARE for the three files GH100 loads (FSP boot). */
#define NVCORE_FW_GH100(rel)							\
	MODULE_FIRMWARE("nvidia/gh100/gsp/gsp-" rel ".bin");			\
	MODULE_FIRMWARE("nvidia/gh100/gsp/bootloader-" rel ".bin");		\
	MODULE_FIRMWARE("nvidia/gh100/gsp/fmc-" rel ".bin")

/*
 * All supported releases, newest first: fw/<release>/release.c defines
 * nvcore_fw_<release with '_' for '.'>, the build lists the folders
 * (fw/releases.sh).
 */
extern const struct nvcore_fw_release *const nvcore_fw_releases[];
extern const unsigned int nvcore_fw_num_releases;

const struct nvcore_fw_release *nvcore_fw_release_find(const char *version);
bool nvcore_fw_release_supports(const struct nvcore_fw_release *r, const char *chip);
const struct nvcore_fw_event *nvcore_fw_event_lookup(const struct nvcore_fw_release *r, u32 raw);
const char *nvcore_fw_release_function_name(const struct nvcore_fw_release *r, u32 function);
u32 nvcore_fw_map_features(const struct nvcore_fw_release *r, u32 gsp_features);
unsigned int nvcore_fw_timeout_ms(const struct nvcore_fw_release *r, enum nvcore_timeout t);
unsigned int nvcore_fw_history_depth(const struct nvcore_fw_release *r);

/* Helpers the release folders share. */
void nvcore_fw_copy_name(char *dst, size_t len, const u8 *src, size_t srclen);
u32 nvcore_fw_post_event_client(int kind, const void *payload, u32 len);

#endif
