/* SPDX-License-Identifier: MIT */
/*
 * nvidia-vgpu-vfio's vGPU manager (docs/vgpu.md): binds the core's
 * auxiliary device, keeps the vGPU types and each VF's chosen type, and
 * creates / destroys one vGPU per VF in the order of spec/vgpu.md §2.6 and
 * spec/vgpu.md §2.10.  What the VFIO variant driver calls: the type attributes of the
 * VF's "nvidia" sysfs group and create/destroy from its open/close.
 */
#ifndef NVVGPU_H
#define NVVGPU_H

#include <linux/types.h>

struct pci_dev;

/* One vGPU type (spec/vgpu.md §1.4 struct nvidia_vgpu_type, the fields used). */
struct nvvgpu_type {
	u32 id;
	char name[32];		/* NVA081_VGPU_STRING_BUFFER_SIZE */
	u32 max_instance;
	u64 fb_length;		/* guest framebuffer, bytes */
	u64 gsp_heap_size;	/* the plugin's heap, bytes */
	u32 bar1_length;	/* MiB */
};

/* The types of one GPU, from the vGPU metadata file (meta.c). */
struct nvvgpu_type_table {
	struct nvvgpu_type *types;
	unsigned int count;
};

/*
 * Load nvidia/vgpu-<gsp_version>.bin for pf (spec/vgpu.md §1.6): check it
 * in the RFC's order, send each of pf's vGPU-type blobs' RM control with
 * send(ctx, cmd, params, size) and fill tbl with their records.  0, or
 * -ENOENT (no file), -EINVAL (a bad file, or no type for pf: one log line
 * names what and where), -ENOMEM, or what send returned; nothing is left
 * allocated on failure.  nvvgpu_meta_free() frees tbl.
 */
int nvvgpu_meta_load(struct pci_dev *pf, const char *gsp_version,
		     int (*send)(void *ctx, u32 cmd, const void *params, u32 size), void *ctx,
		     struct nvvgpu_type_table *tbl);
void nvvgpu_meta_free(struct nvvgpu_type_table *tbl);

/*
 * The types pf's manager loaded, copied into out (at most max): how many
 * it has, or -ENODEV without a manager (what the tests choose from).
 */
int nvvgpu_types_of(struct pci_dev *pf, struct nvvgpu_type *out, unsigned int max);

/* Register / unregister the auxiliary driver (the module's init and exit). */
int nvvgpu_register(void);
void nvvgpu_unregister(void);

/*
 * The VF's sysfs attributes (spec/vgpu.md §1.5), as sysfs show/store:
 * show returns the bytes written into buf (at most size); store returns
 * count or a negative errno: -EINVAL for no decimal number or a type other
 * than the one in use on the PF, -ENODEV for an unknown id or a VF without
 * manager, -EBUSY while the vGPU exists, -ENOSPC when the type's
 * max_instance VFs already hold it.
 */
ssize_t nvvgpu_creatable_types_show(struct pci_dev *vf, char *buf, size_t size);
ssize_t nvvgpu_current_type_show(struct pci_dev *vf, char *buf, size_t size);
ssize_t nvvgpu_current_type_store(struct pci_dev *vf, const char *buf, size_t count);

/* Does a manager serve vf's PF (the VFIO driver's probe)? */
bool nvvgpu_available(struct pci_dev *vf);

/*
 * Create the VF's vGPU (VFIO open), destroy it (close), reset it (RPC 3
 * and the framebuffer scrub: VFIO_DEVICE_RESET and FLR).  -ENODEV: no manager, no type (create) or no
 * vGPU (destroy, reset).
 */
int nvvgpu_create(struct pci_dev *vf);
int nvvgpu_destroy(struct pci_dev *vf);
int nvvgpu_reset(struct pci_dev *vf);

/* What the VFIO driver shows of an existing vGPU. */
struct nvvgpu_vgpu_info {
	u32 gfid;
	u32 bar1_length;	/* MiB: the guest's framebuffer BAR */
	u32 num_channels;	/* the doorbell tokens the guest may ring: 0..num_channels-1 */
};
int nvvgpu_info(struct pci_dev *vf, struct nvvgpu_vgpu_info *info);

/*
 * The VF leaves the VFIO driver (its sysfs group is gone): its choice goes
 * too (spec/vgpu.md §2.11, "forget the type"), so a write that raced the
 * VF's removal leaves nothing for the next VF with its id.
 */
void nvvgpu_forget_vf(struct pci_dev *vf);

/* The VFIO variant driver (vfio.c): register / unregister its pci_driver. */
int nvvgpu_vfio_register(void);
void nvvgpu_vfio_unregister(void);

#endif
