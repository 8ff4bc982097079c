/* SPDX-License-Identifier: MIT */
/*
 * SR-IOV on the PF and what the core partitions for vGPUs (docs/vgpu.md):
 * the boot-time vGPU settings (sriov.c), sriov_configure, and the
 * channel-ID and framebuffer allocators per GFID (vgpu_res.c).
 */
#ifndef NVCORE_SRIOV_H
#define NVCORE_SRIOV_H

#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/types.h>
#include <linux/workqueue.h>

struct nvcore_dev;
struct nvcore_client;
struct nvcore_sysinfo_args;

/* One resource kind the core hands out in ranges, each owned by a client and a GFID. */
struct nvcore_vgpu_pool {
	const char *what;		/* "channel IDs", "FB bytes": for logs */
	u64 start, size;		/* size 0: vGPU off */
	struct list_head ranges;	/* struct nvcore_vgpu_range, by start */
};

struct nvcore_sriov_state {
	/* vGPUs GSP-RM is booted for (its heap's VF partitions); 0: vGPU off. */
	u32 partitions;
	char refused[128];		/* why vGPU is off, when it was asked for */
	u16 pos;			/* SR-IOV capability in config space, 0: none */
	u16 total_vfs, vf_offset;
	struct mutex lock;		/* num_vfs and the pools */
	int num_vfs;
	struct nvcore_vgpu_pool chid, fb;
	struct work_struct lost_work;	/* NVCORE_EVENT_DEVICE_LOST to clients */
};

/* sriov.c */
void nvcore_sriov_probe(struct nvcore_dev *nd);
void nvcore_sriov_remove(struct nvcore_dev *nd);
int nvcore_sriov_configure(struct pci_dev *pdev, int num_vfs);
u32 nvcore_vgpu_partitions(const struct nvcore_dev *nd);
u64 nvcore_vgpu_wpr_heap(const struct nvcore_dev *nd);
void nvcore_sriov_sysinfo(struct nvcore_dev *nd, struct nvcore_sysinfo_args *sa);
void nvcore_sriov_device_lost(struct nvcore_dev *nd);

/* vgpu_res.c */
void nvcore_vgpu_res_init(struct nvcore_dev *nd);
/* Free what a detaching client left allocated, naming each leak. */
void nvcore_vgpu_res_client_gone(struct nvcore_client *cl);
/* A GFID that holds resources (0: none), its holdings in *chids, *fb; sriov lock held. */
u32 nvcore_vgpu_res_held(struct nvcore_dev *nd, u64 *chids, u64 *fb);

#endif
