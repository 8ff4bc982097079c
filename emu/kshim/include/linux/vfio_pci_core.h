/* SPDX-License-Identifier: MIT */
/*
 * vfio-pci-core, the part variant drivers call (include/linux/vfio_pci_core.h):
 * region offsets, enable/disable around open and close, and the core ioctl
 * for what the variant does not handle: device and IRQ info, SET_IRQS for
 * the MSI-X vector and the request IRQ with eventfds, and the reset;
 * read/write of the BAR regions through the function's BARs.
 */
#ifndef KSHIM_LINUX_VFIO_PCI_CORE_H
#define KSHIM_LINUX_VFIO_PCI_CORE_H

#include <linux/pci.h>
#include <linux/vfio.h>

#define VFIO_PCI_OFFSET_SHIFT		40
#define VFIO_PCI_OFFSET_TO_INDEX(off)	((off) >> VFIO_PCI_OFFSET_SHIFT)
#define VFIO_PCI_INDEX_TO_OFFSET(index)	((u64)(index) << VFIO_PCI_OFFSET_SHIFT)
#define VFIO_PCI_OFFSET_MASK		(((u64)(1) << VFIO_PCI_OFFSET_SHIFT) - 1)

struct vfio_pci_core_device {
	struct vfio_device vdev;
	struct pci_dev *pdev;
	/* Private to kshim: the eventfds SET_IRQS installed (-1: none). */
	int kshim_msix_fd, kshim_req_fd;
	bool kshim_enabled;
	void __iomem *kshim_barmap[PCI_STD_NUM_BARS];	/* pci_iomap'd at first access */
};

int vfio_pci_core_init_dev(struct vfio_device *core_vdev);
void vfio_pci_core_release_dev(struct vfio_device *core_vdev);
int vfio_pci_core_register_device(struct vfio_pci_core_device *vdev);
void vfio_pci_core_unregister_device(struct vfio_pci_core_device *vdev);
int vfio_pci_core_enable(struct vfio_pci_core_device *vdev);
void vfio_pci_core_disable(struct vfio_pci_core_device *vdev);
void vfio_pci_core_finish_enable(struct vfio_pci_core_device *vdev);
void vfio_pci_core_close_device(struct vfio_device *core_vdev);
long vfio_pci_core_ioctl(struct vfio_device *core_vdev, unsigned int cmd, unsigned long arg);
ssize_t vfio_pci_core_read(struct vfio_device *core_vdev, char __user *buf, size_t count,
			   loff_t *ppos);
ssize_t vfio_pci_core_write(struct vfio_device *core_vdev, const char __user *buf,
			    size_t count, loff_t *ppos);
int vfio_pci_core_mmap(struct vfio_device *core_vdev, struct vm_area_struct *vma);
void vfio_pci_core_request(struct vfio_device *core_vdev, unsigned int count);
int vfio_pci_core_match(struct vfio_device *core_vdev, char *buf);

#endif /* KSHIM_LINUX_VFIO_PCI_CORE_H */
