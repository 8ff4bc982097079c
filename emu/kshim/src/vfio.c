// SPDX-License-Identifier: MIT
/*
 * The VFIO device core and the part of vfio-pci-core variant drivers call,
 * with the rules of drivers/vfio/vfio_main.c and drivers/vfio/pci/
 * vfio_pci_core.c, vfio_pci_intrs.c:
 *  - a device is usable from vfio_pci_core_register_device until
 *    unregister; unregister while a VMM holds it open asks the VMM to
 *    release it through the request op (the "request" IRQ's eventfd) every
 *    10 s and waits (vfio_unregister_group_dev);
 *  - the first open calls open_device, the last close close_device;
 *  - vfio_pci_core_enable enables the function and resets it
 *    (pci_try_reset_function, an FLR on a VF);
 *  - SET_IRQS on the MSI-X index installs an eventfd the function's
 *    interrupt signals; DATA_NONE/DATA_BOOL fire it by hand; count 0 with
 *    DATA_NONE turns it off (vfio_pci_set_msi_trigger); the request index
 *    likewise (vfio_pci_set_req_trigger);
 *  - read/write of a BAR region reach the function's BAR, mapped at the
 *    first access and unmapped at disable, within the BAR's length
 *    (vfio_pci_bar_rw, vfio_pci_core_setup_barmap); mmap of a BAR gives
 *    the VMM that mapping at the offset (kshim_vfio_mmap), gone at close
 *    as vfio-pci-core zaps a closed device's mappings.
 * The eventfds are the system's: the harness makes them with eventfd(2).
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <kshim/vfio.h>
#include <linux/err.h>
#include <linux/interrupt.h>
#include <linux/jiffies.h>
#include <linux/pci.h>
#include <linux/slab.h>
#include <linux/vfio_pci_core.h>

#include "internal.h"

#define REQUEST_INTERVAL_MS	10000	/* vfio_unregister_group_dev */
#define REQUEST_TRIES		6	/* then it is reported: the VMM never let go */

static LIST_HEAD(registered);

struct vfio_device *_vfio_alloc_device(size_t size, struct device *dev,
				       const struct vfio_device_ops *ops)
{
	struct vfio_device *vdev;
	int ret;

	if (size < sizeof(*vdev) || !ops) {
		kshim_fail("_vfio_alloc_device: size %zu or no ops", size);
		return ERR_PTR(-EINVAL);
	}
	vdev = kzalloc(size, GFP_KERNEL);
	if (!vdev)
		return ERR_PTR(-ENOMEM);
	vdev->dev = dev;
	vdev->ops = ops;
	vdev->kshim_refs = 1;
	INIT_LIST_HEAD(&vdev->kshim_node);
	init_completion(&vdev->kshim_closed);
	mutex_init(&vdev->kshim_open_lock);
	ret = ops->init ? ops->init(vdev) : 0;
	if (ret) {
		mutex_destroy(&vdev->kshim_open_lock);
		kfree(vdev);
		return ERR_PTR(ret);
	}
	return vdev;
}

void vfio_put_device(struct vfio_device *vdev)
{
	if (--vdev->kshim_refs)
		return;
	if (vdev->ops->release)
		vdev->ops->release(vdev);
	mutex_destroy(&vdev->kshim_open_lock);
	kfree(vdev);
}

int vfio_pci_core_init_dev(struct vfio_device *core_vdev)
{
	struct vfio_pci_core_device *vdev = container_of(core_vdev, struct vfio_pci_core_device, vdev);

	vdev->pdev = to_pci_dev(core_vdev->dev);
	vdev->kshim_msix_fd = -1;
	vdev->kshim_req_fd = -1;
	return 0;
}

void vfio_pci_core_release_dev(struct vfio_device *core_vdev)
{
}

int vfio_pci_core_register_device(struct vfio_pci_core_device *vdev)
{
	if (vdev->vdev.kshim_registered)
		return -EBUSY;
	vdev->vdev.kshim_registered = true;
	list_add_tail(&vdev->vdev.kshim_node, &registered);
	return 0;
}

void vfio_pci_core_unregister_device(struct vfio_pci_core_device *vdev)
{
	struct vfio_device *d = &vdev->vdev;
	unsigned int i;

	list_del_init(&d->kshim_node);
	d->kshim_registered = false;
	for (i = 0; d->open_count && i < REQUEST_TRIES; i++) {
		if (d->ops->request)
			d->ops->request(d, i);
		if (wait_for_completion_timeout(&d->kshim_closed,
						msecs_to_jiffies(REQUEST_INTERVAL_MS)))
			break;
	}
	if (d->open_count)
		kshim_fail("%s: VFIO device unregistered while a VMM still holds it open (%u requests unanswered)",
			   dev_name(d->dev), REQUEST_TRIES);
}

static void signal_fd(int fd)
{
	uint64_t one = 1;

	if (fd >= 0 && write(fd, &one, sizeof(one)) != sizeof(one))
		kshim_fail("eventfd %d: signal failed", fd);
}

static void set_fd(int *slot, int fd)
{
	if (*slot >= 0)
		close(*slot);
	*slot = fd;
}

static irqreturn_t msix_irq(int irq, void *data)
{
	struct vfio_pci_core_device *vdev = data;

	signal_fd(vdev->kshim_msix_fd);
	return IRQ_HANDLED;
}

static void msix_off(struct vfio_pci_core_device *vdev)
{
	if (vdev->kshim_msix_fd < 0)
		return;
	free_irq(pci_irq_vector(vdev->pdev, 0), vdev);
	pci_free_irq_vectors(vdev->pdev);
	set_fd(&vdev->kshim_msix_fd, -1);
}

static int msix_on(struct vfio_pci_core_device *vdev, int fd)
{
	int ret;

	msix_off(vdev);
	ret = pci_alloc_irq_vectors(vdev->pdev, 1, 1, PCI_IRQ_MSIX);
	if (ret < 0)
		return ret;
	vdev->kshim_msix_fd = dup(fd);
	if (vdev->kshim_msix_fd < 0) {
		pci_free_irq_vectors(vdev->pdev);
		return -EINVAL;		/* eventfd_ctx_fdget of a bad fd */
	}
	ret = request_irq(pci_irq_vector(vdev->pdev, 0), msix_irq, 0, "vfio-msix", vdev);
	if (ret) {
		set_fd(&vdev->kshim_msix_fd, -1);
		pci_free_irq_vectors(vdev->pdev);
	}
	return ret;
}

int vfio_pci_core_enable(struct vfio_pci_core_device *vdev)
{
	int ret = pci_enable_device(vdev->pdev);

	if (ret)
		return ret;
	ret = pci_try_reset_function(vdev->pdev);
	if (ret && ret != -ENOTTY) {
		pci_disable_device(vdev->pdev);
		return ret;
	}
	vdev->kshim_enabled = true;
	return 0;
}

void vfio_pci_core_finish_enable(struct vfio_pci_core_device *vdev)
{
}

void vfio_pci_core_disable(struct vfio_pci_core_device *vdev)
{
	if (!vdev->kshim_enabled)
		return;
	msix_off(vdev);
	set_fd(&vdev->kshim_req_fd, -1);
	for (int bar = 0; bar < PCI_STD_NUM_BARS; bar++) {
		if (vdev->kshim_barmap[bar])
			pci_iounmap(vdev->pdev, vdev->kshim_barmap[bar]);
		vdev->kshim_barmap[bar] = NULL;
	}
	pci_clear_master(vdev->pdev);
	pci_disable_device(vdev->pdev);
	vdev->kshim_enabled = false;
}

void vfio_pci_core_close_device(struct vfio_device *core_vdev)
{
	vfio_pci_core_disable(container_of(core_vdev, struct vfio_pci_core_device, vdev));
}

void vfio_pci_core_request(struct vfio_device *core_vdev, unsigned int count)
{
	struct vfio_pci_core_device *vdev = container_of(core_vdev, struct vfio_pci_core_device, vdev);

	if (vdev->kshim_req_fd >= 0) {
		if (!(count % 10))
			dev_notice(&vdev->pdev->dev, "Relaying device request to user (#%u)\n", count);
		signal_fd(vdev->kshim_req_fd);
	} else if (!count) {
		dev_notice(&vdev->pdev->dev, "No device request channel registered, blocked until released by user\n");
	}
}

int vfio_pci_core_match(struct vfio_device *core_vdev, char *buf)
{
	return !strcmp(dev_name(core_vdev->dev), buf);
}

/* The BAR mapped at the first access, or NULL. */
static void __iomem *barmap(struct vfio_pci_core_device *vdev, unsigned int bar)
{
	if (!vdev->kshim_barmap[bar])
		vdev->kshim_barmap[bar] = pci_iomap(vdev->pdev, (int)bar, 0);
	return vdev->kshim_barmap[bar];
}

/* A BAR region's bytes (vfio_pci_bar_rw): -EINVAL outside a BAR's length. */
static ssize_t bar_rw(struct vfio_device *core_vdev, char *buf, size_t count, loff_t *ppos,
		      bool write)
{
	struct vfio_pci_core_device *vdev = container_of(core_vdev, struct vfio_pci_core_device, vdev);
	unsigned int bar = VFIO_PCI_OFFSET_TO_INDEX((u64)*ppos);
	u64 off = (u64)*ppos & VFIO_PCI_OFFSET_MASK, len;

	if (bar > VFIO_PCI_BAR5_REGION_INDEX)
		return -EINVAL;
	len = pci_resource_len(vdev->pdev, bar);
	if (!count || off >= len || count > len - off)
		return -EINVAL;
	if (!barmap(vdev, bar))
		return -ENOMEM;
	if (write)
		memcpy_toio((char __iomem *)vdev->kshim_barmap[bar] + off, buf, count);
	else
		memcpy_fromio(buf, (char __iomem *)vdev->kshim_barmap[bar] + off, count);
	*ppos += (loff_t)count;
	return (ssize_t)count;
}

ssize_t vfio_pci_core_read(struct vfio_device *core_vdev, char __user *buf, size_t count,
			   loff_t *ppos)
{
	return bar_rw(core_vdev, buf, count, ppos, false);
}

ssize_t vfio_pci_core_write(struct vfio_device *core_vdev, const char __user *buf,
			    size_t count, loff_t *ppos)
{
	return bar_rw(core_vdev, (char *)buf, count, ppos, true);
}

/*
 * vfio_pci_core_mmap's checks: a BAR (not ROM, config or VGA) with a
 * length, the request within the BAR's page-aligned length.  The "pages"
 * are the BAR's pci_iomap window at that offset (vma->kshim_iomem).
 */
int vfio_pci_core_mmap(struct vfio_device *core_vdev, struct vm_area_struct *vma)
{
	struct vfio_pci_core_device *vdev = container_of(core_vdev, struct vfio_pci_core_device, vdev);
	unsigned int index = vma->vm_pgoff >> (VFIO_PCI_OFFSET_SHIFT - PAGE_SHIFT);
	u64 start = (u64)(vma->vm_pgoff & ((1ul << (VFIO_PCI_OFFSET_SHIFT - PAGE_SHIFT)) - 1)) << PAGE_SHIFT;
	u64 len, phys_len;
	void __iomem *base;

	if (vma->vm_end <= vma->vm_start || index > VFIO_PCI_BAR5_REGION_INDEX)
		return -EINVAL;
	phys_len = PAGE_ALIGN(pci_resource_len(vdev->pdev, index));
	len = vma->vm_end - vma->vm_start;
	if (!phys_len || start + len > phys_len)
		return -EINVAL;
	base = barmap(vdev, index);
	if (!base)
		return -ENOMEM;
	vma->kshim_iomem = (char __iomem *)base + start;
	return 0;
}

/* SET_IRQS for the MSI-X vector and the request IRQ (vfio_pci_set_irqs_ioctl). */
static long set_irqs(struct vfio_pci_core_device *vdev, struct vfio_irq_set *hdr)
{
	u32 data = hdr->flags & VFIO_IRQ_SET_DATA_TYPE_MASK;
	u32 action = hdr->flags & VFIO_IRQ_SET_ACTION_TYPE_MASK;
	int *slot, fd;

	if (hdr->argsz < sizeof(*hdr) || hdr->start || hdr->count > 1 ||
	    (data != VFIO_IRQ_SET_DATA_NONE && data != VFIO_IRQ_SET_DATA_BOOL &&
	     data != VFIO_IRQ_SET_DATA_EVENTFD) ||
	    (hdr->count && hdr->argsz < sizeof(*hdr) + (data == VFIO_IRQ_SET_DATA_EVENTFD ? 4 :
							   data == VFIO_IRQ_SET_DATA_BOOL ? 1 : 0)))
		return -EINVAL;
	if (hdr->index == VFIO_PCI_MSIX_IRQ_INDEX)
		slot = &vdev->kshim_msix_fd;
	else if (hdr->index == VFIO_PCI_REQ_IRQ_INDEX)
		slot = &vdev->kshim_req_fd;
	else
		return -EINVAL;
	if (action != VFIO_IRQ_SET_ACTION_TRIGGER)
		return -ENOTTY;
	if (!hdr->count) {
		if (data != VFIO_IRQ_SET_DATA_NONE)
			return -EINVAL;
		if (slot == &vdev->kshim_msix_fd)
			msix_off(vdev);
		else
			set_fd(slot, -1);
		return 0;
	}
	if (data == VFIO_IRQ_SET_DATA_NONE || (data == VFIO_IRQ_SET_DATA_BOOL && hdr->data[0])) {
		signal_fd(*slot);
		return 0;
	}
	if (data == VFIO_IRQ_SET_DATA_BOOL)
		return 0;
	memcpy(&fd, hdr->data, sizeof(fd));
	if (fd < 0) {
		if (slot == &vdev->kshim_msix_fd)
			msix_off(vdev);
		else
			set_fd(slot, -1);
		return 0;
	}
	if (slot == &vdev->kshim_msix_fd)
		return msix_on(vdev, fd);
	fd = dup(fd);
	if (fd < 0)
		return -EINVAL;
	set_fd(slot, fd);
	return 0;
}

long vfio_pci_core_ioctl(struct vfio_device *core_vdev, unsigned int cmd, unsigned long arg)
{
	struct vfio_pci_core_device *vdev = container_of(core_vdev, struct vfio_pci_core_device, vdev);
	void *p = (void *)arg;

	switch (cmd) {
	case VFIO_DEVICE_GET_INFO: {
		struct vfio_device_info *info = p;

		if (info->argsz < offsetofend(struct vfio_device_info, num_irqs))
			return -EINVAL;
		info->flags = VFIO_DEVICE_FLAGS_PCI | VFIO_DEVICE_FLAGS_RESET;
		info->num_regions = VFIO_PCI_NUM_REGIONS;
		info->num_irqs = VFIO_PCI_NUM_IRQS;
		return 0;
	}
	case VFIO_DEVICE_GET_IRQ_INFO: {
		struct vfio_irq_info *info = p;

		if (info->argsz < offsetofend(struct vfio_irq_info, count) ||
		    info->index >= VFIO_PCI_NUM_IRQS)
			return -EINVAL;
		info->flags = VFIO_IRQ_INFO_EVENTFD;
		info->count = info->index == VFIO_PCI_MSIX_IRQ_INDEX ||
			      info->index == VFIO_PCI_REQ_IRQ_INDEX;
		if (info->index == VFIO_PCI_MSIX_IRQ_INDEX)
			info->flags |= VFIO_IRQ_INFO_NORESIZE;
		return 0;
	}
	case VFIO_DEVICE_SET_IRQS:
		return set_irqs(vdev, p);
	case VFIO_DEVICE_RESET:
		return pci_try_reset_function(vdev->pdev);
	default:
		return -ENOTTY;
	}
}

/* ---- the VMM's side (kshim/vfio.h) ------------------------------------------- */

struct vfio_device *kshim_vfio_device(struct pci_dev *pdev)
{
	struct vfio_device *d;

	list_for_each_entry(d, &registered, kshim_node)
		if (d->dev == &pdev->dev)
			return d;
	return NULL;
}

int kshim_vfio_open(struct vfio_device *vdev)
{
	int ret = 0;

	if (!vdev->kshim_registered)
		return -ENODEV;
	mutex_lock(&vdev->kshim_open_lock);
	if (!vdev->open_count && vdev->ops->open_device)
		ret = vdev->ops->open_device(vdev);
	if (!ret) {
		vdev->open_count++;
		vdev->kshim_refs++;
		reinit_completion(&vdev->kshim_closed);
	}
	mutex_unlock(&vdev->kshim_open_lock);
	return ret;
}

void kshim_vfio_close(struct vfio_device *vdev)
{
	mutex_lock(&vdev->kshim_open_lock);
	if (!vdev->open_count) {
		mutex_unlock(&vdev->kshim_open_lock);
		kshim_fail("kshim_vfio_close of %s, which is not open", dev_name(vdev->dev));
		return;
	}
	if (!--vdev->open_count) {
		if (vdev->ops->close_device)
			vdev->ops->close_device(vdev);
		complete_all(&vdev->kshim_closed);
	}
	mutex_unlock(&vdev->kshim_open_lock);
	vfio_put_device(vdev);
}

long kshim_vfio_ioctl(struct vfio_device *vdev, unsigned int cmd, void *arg)
{
	if (!vdev->open_count)
		return -EBADF;
	return vdev->ops->ioctl ? vdev->ops->ioctl(vdev, cmd, (unsigned long)arg) : -ENOTTY;
}

ssize_t kshim_vfio_pread(struct vfio_device *vdev, void *buf, size_t count, uint64_t off)
{
	loff_t pos = (loff_t)off;

	if (!vdev->open_count)
		return -EBADF;
	return vdev->ops->read ? vdev->ops->read(vdev, buf, count, &pos) : -EINVAL;
}

ssize_t kshim_vfio_pwrite(struct vfio_device *vdev, const void *buf, size_t count, uint64_t off)
{
	loff_t pos = (loff_t)off;

	if (!vdev->open_count)
		return -EBADF;
	return vdev->ops->write ? vdev->ops->write(vdev, buf, count, &pos) : -EINVAL;
}

int kshim_vfio_mmap(struct vfio_device *vdev, uint64_t offset, size_t len, void __iomem **addr)
{
	struct vm_area_struct vma = { .vm_start = 0, .vm_end = len,
				      .vm_pgoff = (unsigned long)(offset >> PAGE_SHIFT) };
	int ret;

	*addr = NULL;
	if (!vdev->open_count)
		return -EBADF;
	if (!len || offset & ~PAGE_MASK)
		return -EINVAL;		/* mmap(2) */
	if (!vdev->ops->mmap)
		return -EINVAL;
	ret = vdev->ops->mmap(vdev, &vma);
	if (!ret && !vma.kshim_iomem) {
		kshim_fail("%s: mmap op returned 0 without mapping anything", dev_name(vdev->dev));
		return -EINVAL;
	}
	if (!ret)
		*addr = vma.kshim_iomem;
	return ret;
}
