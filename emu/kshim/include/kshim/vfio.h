/* SPDX-License-Identifier: MIT */
/*
 * The VMM's side of a VFIO device (src/vfio.c): what opening
 * /dev/vfio/devices/vfioN, its ioctls, pread/pwrite and close do, calling
 * the registered vfio_device's ops as drivers/vfio/vfio_main.c does: the
 * first open runs open_device, the last close close_device; ioctl, read
 * and write go to the ops with the caller's buffers.  Every call but
 * kshim_vfio_device needs the device open (else -EBADF).
 */
#ifndef KSHIM_VFIO_H
#define KSHIM_VFIO_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

struct pci_dev;
struct vfio_device;

/* The VFIO device a driver registered on pdev, or NULL. */
struct vfio_device *kshim_vfio_device(struct pci_dev *pdev);
int kshim_vfio_open(struct vfio_device *vdev);
void kshim_vfio_close(struct vfio_device *vdev);
long kshim_vfio_ioctl(struct vfio_device *vdev, unsigned int cmd, void *arg);
ssize_t kshim_vfio_pread(struct vfio_device *vdev, void *buf, size_t count, uint64_t off);
ssize_t kshim_vfio_pwrite(struct vfio_device *vdev, const void *buf, size_t count,
			  uint64_t off);
/*
 * mmap(2) of len bytes at the region offset: the device's mmap op (for a
 * BAR, vfio_pci_core_mmap's checks) and, on success, *addr to reach the
 * bytes with readl/writel (kshim's MMIO windows: a plain dereference
 * faults).  The mapping is gone once the device is closed.  0 or -errno.
 */
int kshim_vfio_mmap(struct vfio_device *vdev, uint64_t offset, size_t len, void **addr);

#endif /* KSHIM_VFIO_H */
