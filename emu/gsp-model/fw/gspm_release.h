/* SPDX-License-Identifier: MIT */
/*
 * What the firmware side of the model needs to know about one GSP-RM
 * release.  Everything release-specific (event numbers, structure layouts
 * and sizes, static-info contents, checksum coverage) lives behind this
 * table in fw/<release>/; the rest of the model only reads it through
 * struct gspm_release.  Adding a release = a sibling folder defining one
 * more struct gspm_release and a line in fw/releases.c.
 */
#ifndef GSPM_FW_RELEASE_H
#define GSPM_FW_RELEASE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "gspm.h"

/* Which bytes of a queue message the checksum covers (spec §1.3). */
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

struct gspm_release {
	const char *name;		/* also GET_FEATURES firmwareVersion */
	enum gspm_csum_cover csum;

	/* Event numbers (spec §2.3: they diverge between releases). */
	uint32_t ev_init_done;
	uint32_t ev_run_cpu_sequencer;
	uint32_t ev_first;		/* NV_VGPU_MSG_FIRST_EVENT */
	uint32_t ev_end;		/* NUM_EVENTS: first invalid number */
	uint32_t num_functions;		/* NV_VGPU_MSG_FUNCTION_NUM_FUNCTIONS */
	uint32_t gsp_features;		/* GET_FEATURES gspFeatures (spec §5) */

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
