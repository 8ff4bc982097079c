/* SPDX-License-Identifier: MIT */
/*
 * The VFIO device core a variant driver builds on (include/linux/vfio.h):
 * struct vfio_device, its ops, allocation.  The uAPI (ioctl numbers and
 * structs) is the system's <linux/vfio.h>.  src/vfio.c plays drivers/vfio's
 * part: it calls the ops as the device file would (kshim/vfio.h).
 */
#ifndef KSHIM_LINUX_VFIO_H
#define KSHIM_LINUX_VFIO_H

#include_next <linux/vfio.h>	/* uapi */

#include <linux/build_bug.h>
#include <linux/completion.h>
#include <linux/container_of.h>
#include <linux/device.h>
#include <linux/list.h>
#include <linux/mm.h>
#include <linux/mutex.h>
#include <linux/stddef.h>

struct vfio_device;

struct vfio_device_ops {
	char *name;
	int (*init)(struct vfio_device *vdev);
	void (*release)(struct vfio_device *vdev);
	int (*open_device)(struct vfio_device *vdev);
	void (*close_device)(struct vfio_device *vdev);
	ssize_t (*read)(struct vfio_device *vdev, char __user *buf, size_t count, loff_t *ppos);
	ssize_t (*write)(struct vfio_device *vdev, const char __user *buf, size_t count,
			 loff_t *size);
	long (*ioctl)(struct vfio_device *vdev, unsigned int cmd, unsigned long arg);
	int (*mmap)(struct vfio_device *vdev, struct vm_area_struct *vma);
	void (*request)(struct vfio_device *vdev, unsigned int count);
	int (*match)(struct vfio_device *vdev, char *buf);
};

struct vfio_device {
	struct device *dev;
	const struct vfio_device_ops *ops;
	/* Private to kshim (the kernel's are private to drivers/vfio too). */
	struct list_head kshim_node;
	unsigned int kshim_refs;	/* the driver's and each open file's */
	unsigned int open_count;
	/*
	 * The kernel's dev_set->lock: open_count and the open_device and
	 * close_device calls under it (drivers/vfio/group.c
	 * vfio_df_group_open, vfio_device_fops_release), so that a second
	 * open waits for the first one's open_device.
	 */
	struct mutex kshim_open_lock;
	bool kshim_registered;
	struct completion kshim_closed;
};

struct vfio_device *_vfio_alloc_device(size_t size, struct device *dev,
				       const struct vfio_device_ops *ops);
#define vfio_alloc_device(dev_struct, member, dev, ops)				\
	container_of(_vfio_alloc_device(sizeof(struct dev_struct) +		\
					BUILD_BUG_ON_ZERO(offsetof(		\
						struct dev_struct, member)),	\
					dev, ops),				\
		     struct dev_struct, member)
void vfio_put_device(struct vfio_device *device);

#endif /* KSHIM_LINUX_VFIO_H */
