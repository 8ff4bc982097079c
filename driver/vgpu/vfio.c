// SPDX-License-Identifier: MIT
/*
 * nvidia-vgpu-vfio's VFIO variant driver: binds each SR-IOV VF of a GPU the
 * vGPU manager (mgr.c) serves and hands it to a VMM through vfio-pci-core
 * (spec/vgpu.md §2.3, §2.6, §2.7, §2.9 - §2.11; docs/vgpu.md):
 *  - the VF's "nvidia" sysfs group: creatable_vgpu_types, current_vgpu_type;
 *  - open = create the vGPU (after vfio-pci-core's enable, which resets the
 *    function), close = destroy it;
 *  - regions: config space emulated here; BAR0 trapped here (read/write
 *    only, no mmap), only its register window is reachable and the
 *    doorbell takes only the vGPU's own channel tokens; the framebuffer
 *    BAR (1, 64-bit) sized to the type's bar1_length, BAR3 as the VF has
 *    it, both left to vfio-pci-core (read/write/mmap);
 *  - VFIO_DEVICE_RESET and a guest FLR (the emulated PCIe DEVCTL): RPC 3
 *    RESET to the plugin and the copy-engine scrub of the guest framebuffer
 *    (the manager's nvvgpu_reset), then the VF's FLR;
 *  - interrupts: vfio-pci-core's SET_IRQS with eventfds;
 *  - the PF going away with the VF open: the manager destroys the vGPU at
 *    PF_UNBIND, BAR0 then answers -ENODEV, and the VF's removal asks the
 *    VMM to let go through the VFIO request IRQ (vfio-pci-core's request
 *    op) instead of the RFC's SIGTERM.
 */
#include <linux/device.h>
#include <linux/err.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/pci.h>
#include <linux/slab.h>
#include <linux/sysfs.h>
#include <linux/uaccess.h>
#include <linux/vfio.h>
#include <linux/vfio_pci_core.h>

#include "nvvgpu.h"
#include "nvvgpu_fw.h"

#define VCONFIG_SIZE		4096		/* PCI_CFG_SPACE_EXP_SIZE, spec/vgpu.md §2.7 */
#define VCONFIG_STD		256		/* beyond: extended space, reads 0 */
#define VCONFIG_PCIE		0x40		/* the PCI Express capability */
#define VCONFIG_COMMAND_RW	(PCI_COMMAND_MEMORY | PCI_COMMAND_MASTER | PCI_COMMAND_INTX_DISABLE)
#define FB_BAR			1		/* 64-bit, with 2 */
#define BAR_FLAGS_64		(PCI_BASE_ADDRESS_MEM_TYPE_64 | PCI_BASE_ADDRESS_MEM_PREFETCH)

struct nvvgpu_vfio {
	struct vfio_pci_core_device core;
	struct mutex lock;		/* open, info, vconfig, bar0: traffic against reset */
	bool open;
	struct nvvgpu_vgpu_info info;
	u8 vconfig[VCONFIG_SIZE];
	void __iomem *bar0;
};

static struct nvvgpu_vfio *to_nv(struct vfio_device *vdev)
{
	return container_of(vdev, struct nvvgpu_vfio, core.vdev);
}

static struct pci_dev *vf_of(struct nvvgpu_vfio *nv)
{
	return nv->core.pdev;
}

/* ---- regions (spec/vgpu.md §2.7) ------------------------------------------------ */

/* A region's size: the VF's BARs, the framebuffer BAR clamped to bar1_length MiB. */
static u64 region_size(struct nvvgpu_vfio *nv, unsigned int index)
{
	struct pci_dev *vf = vf_of(nv);

	switch (index) {
	case VFIO_PCI_BAR0_REGION_INDEX:
	case VFIO_PCI_BAR3_REGION_INDEX:
		return pci_resource_len(vf, index);
	case FB_BAR:
		return min_t(u64, (u64)nv->info.bar1_length << 20, pci_resource_len(vf, FB_BAR));
	case VFIO_PCI_CONFIG_REGION_INDEX:
		return VCONFIG_SIZE;
	default:
		return 0;	/* BAR2/4: upper halves; BAR5, ROM, VGA: none */
	}
}

static u32 rd_le(const u8 *p, unsigned int size)
{
	u32 v = 0;
	unsigned int i;

	for (i = 0; i < size; i++)
		v |= (u32)p[i] << (8 * i);
	return v;
}

static void wr_le(u8 *p, u32 v, unsigned int size)
{
	unsigned int i;

	for (i = 0; i < size; i++)
		p[i] = (u8)(v >> (8 * i));
}

/*
 * The guest's config space, built at open from the VF (spec/vgpu.md §2.7,
 * RFC v2 vfio_access.c): its ids, class and revision; COMMAND 0; BAR0
 * 32-bit, BAR1/2 and BAR3/4 64-bit prefetchable; no INTx pin (the VF
 * interrupts through MSI-X, which vfio-pci-core sets up); one capability,
 * PCI Express v2 endpoint with Function Level Reset (PCIe base spec 7.5.3).
 */
static void vconfig_build(struct nvvgpu_vfio *nv)
{
	struct pci_dev *vf = vf_of(nv);
	u8 *c = nv->vconfig;

	memset(c, 0, sizeof(nv->vconfig));
	wr_le(c + PCI_VENDOR_ID, vf->vendor, 2);
	wr_le(c + PCI_DEVICE_ID, vf->device, 2);
	wr_le(c + PCI_STATUS, PCI_STATUS_CAP_LIST, 2);
	wr_le(c + PCI_REVISION_ID, vf->revision, 1);
	wr_le(c + PCI_CLASS_PROG, vf->class, 3);
	wr_le(c + PCI_BASE_ADDRESS_1, BAR_FLAGS_64, 4);
	wr_le(c + PCI_BASE_ADDRESS_3, BAR_FLAGS_64, 4);
	wr_le(c + PCI_SUBSYSTEM_VENDOR_ID, vf->subsystem_vendor, 2);
	wr_le(c + PCI_SUBSYSTEM_ID, vf->subsystem_device, 2);
	wr_le(c + PCI_CAPABILITY_LIST, VCONFIG_PCIE, 1);
	wr_le(c + VCONFIG_PCIE + PCI_CAP_LIST_ID, PCI_CAP_ID_EXP, 1);
	wr_le(c + VCONFIG_PCIE + PCI_EXP_FLAGS, 2 | PCI_EXP_TYPE_ENDPOINT << 4, 2);
	wr_le(c + VCONFIG_PCIE + PCI_EXP_DEVCAP, PCI_EXP_DEVCAP_FLR, 4);
}

/* A BAR register's writable bits: the address bits above the region's size. */
static u32 bar_mask(struct nvvgpu_vfio *nv, unsigned int bar)
{
	unsigned int lo = (bar == 2 || bar == 4) ? bar - 1 : bar;
	u64 size = region_size(nv, lo);
	u64 mask = size ? ~(size - 1) : 0;

	if (lo != bar)
		return upper_32_bits(mask);
	return lower_32_bits(mask) & PCI_BASE_ADDRESS_MEM_MASK;
}

static int vgpu_reset(struct nvvgpu_vfio *nv);

/*
 * One config write of size bytes at off, applied to the dword that holds
 * it: COMMAND's memory/master/INTx-disable bits, the BARs' address bits,
 * the interrupt line and DEVCTL take writes (DEVCTL's FLR bit resets the
 * vGPU and reads 0); the rest is read-only and ignores them.
 */
static int vconfig_write(struct nvvgpu_vfio *nv, unsigned int off, u32 val, unsigned int size)
{
	unsigned int reg = off & ~3u, bar;
	u8 *c = nv->vconfig;
	u8 merged[4];
	u32 old, nw;

	if (off >= VCONFIG_STD)
		return 0;
	memcpy(merged, c + reg, 4);
	wr_le(merged + (off & 3), val, size);
	old = rd_le(c + reg, 4);
	nw = rd_le(merged, 4);
	switch (reg) {
	case PCI_COMMAND:
		nw = (old & ~VCONFIG_COMMAND_RW) | (nw & VCONFIG_COMMAND_RW);
		break;
	case PCI_BASE_ADDRESS_0 ... PCI_BASE_ADDRESS_5:
		bar = (reg - PCI_BASE_ADDRESS_0) / 4;
		nw = (old & ~bar_mask(nv, bar)) | (nw & bar_mask(nv, bar));
		break;
	case PCI_INTERRUPT_LINE:
		nw = (old & ~0xffu) | (nw & 0xffu);
		break;
	case VCONFIG_PCIE + PCI_EXP_DEVCTL:
		wr_le(c + reg, (old & 0xffff0000u) | (nw & 0xffffu & ~PCI_EXP_DEVCTL_BCR_FLR), 4);
		return (nw & PCI_EXP_DEVCTL_BCR_FLR) ? vgpu_reset(nv) : 0;
	default:
		return 0;
	}
	wr_le(c + reg, nw, 4);
	return 0;
}

/* BAR0: the VF's register window only, 32-bit accesses, the doorbell checked. */
static int bar0_access(struct nvvgpu_vfio *nv, u64 off, u32 *val, unsigned int size, bool write)
{
	struct pci_dev *vf = vf_of(nv);
	struct nvvgpu_vgpu_info now;

	if (size != 4 || (off & 3) || off >= NVVGPU_VF_REGS_END) {
		dev_dbg(&vf->dev, "BAR0 %u-byte %s at 0x%llx refused: only 32-bit accesses below 0x%x reach the VF's registers\n",
			size, write ? "write" : "read", off, NVVGPU_VF_REGS_END);
		return -EINVAL;
	}
	/* The manager may have destroyed the vGPU under the VM (PF unbind, VFs disabled). */
	if (nvvgpu_info(vf, &now) || now.gfid != nv->info.gfid)
		return -ENODEV;
	if (write && off == NVVGPU_VF_DOORBELL && *val >= nv->info.num_channels) {
		dev_warn_ratelimited(&vf->dev, "doorbell token %u refused: the vGPU has channels 0..%u\n",
				     *val, nv->info.num_channels - 1);
		return -EINVAL;
	}
	if (write)
		writel(*val, nv->bar0 + off);
	else
		*val = readl(nv->bar0 + off);
	return 0;
}

static ssize_t nv_rw(struct vfio_device *vdev, char __user *buf, size_t count, loff_t *ppos,
		     bool write)
{
	struct nvvgpu_vfio *nv = to_nv(vdev);
	unsigned int index = VFIO_PCI_OFFSET_TO_INDEX(*ppos);
	u64 off = *ppos & VFIO_PCI_OFFSET_MASK;
	u32 val = 0;
	int ret = 0;

	if (index == FB_BAR || index == VFIO_PCI_BAR3_REGION_INDEX)
		return write ? vfio_pci_core_write(vdev, buf, count, ppos) :
			       vfio_pci_core_read(vdev, buf, count, ppos);
	if (index != VFIO_PCI_CONFIG_REGION_INDEX && index != VFIO_PCI_BAR0_REGION_INDEX)
		return -EINVAL;
	if ((count != 1 && count != 2 && count != 4) || (off & (count - 1)) ||
	    off + count > region_size(nv, index))
		return -EINVAL;
	if (write && copy_from_user(&val, buf, count))
		return -EFAULT;
	mutex_lock(&nv->lock);
	if (!nv->open)
		ret = -ENODEV;
	else if (index == VFIO_PCI_BAR0_REGION_INDEX)
		ret = bar0_access(nv, off, &val, count, write);
	else if (write)
		ret = vconfig_write(nv, off, val, count);
	else if (off < VCONFIG_STD)
		val = rd_le(nv->vconfig + off, count);	/* extended space: reads 0 */
	mutex_unlock(&nv->lock);
	if (ret)
		return ret;
	if (!write && copy_to_user(buf, &val, count))
		return -EFAULT;
	return count;
}

static ssize_t nv_read(struct vfio_device *vdev, char __user *buf, size_t count, loff_t *ppos)
{
	return nv_rw(vdev, buf, count, ppos, false);
}

static ssize_t nv_write(struct vfio_device *vdev, const char __user *buf, size_t count,
			loff_t *ppos)
{
	return nv_rw(vdev, (char __user *)buf, count, ppos, true);
}

static int nv_mmap(struct vfio_device *vdev, struct vm_area_struct *vma)
{
	unsigned int index = vma->vm_pgoff >> (VFIO_PCI_OFFSET_SHIFT - PAGE_SHIFT);

	if (index != FB_BAR && index != VFIO_PCI_BAR3_REGION_INDEX)
		return -EINVAL;		/* BAR0 is trapped; config space has no pages */
	return vfio_pci_core_mmap(vdev, vma);
}

/* ---- reset (spec/vgpu.md §2.9) ----------------------------------------------------- */

/*
 * RPC 3 RESET to the plugin and the FB scrub (nvvgpu_reset), then the VF's
 * FLR; the guest's config space back to its reset values.
 */
static int vgpu_reset(struct nvvgpu_vfio *nv)
{
	struct pci_dev *vf = vf_of(nv);
	int ret = nvvgpu_reset(vf), flr;

	flr = pci_try_reset_function(vf);
	if (flr && flr != -ENOTTY)
		dev_warn(&vf->dev, "VF function-level reset failed: %d\n", flr);
	wr_le(nv->vconfig + PCI_COMMAND, 0, 2);
	wr_le(nv->vconfig + VCONFIG_PCIE + PCI_EXP_DEVCTL, 0, 2);
	return ret ? ret : (flr == -ENOTTY ? 0 : flr);
}

static long region_info(struct nvvgpu_vfio *nv, void __user *arg)
{
	unsigned long minsz = offsetofend(struct vfio_region_info, offset);
	struct vfio_region_info info;
	u64 size;

	if (copy_from_user(&info, arg, minsz))
		return -EFAULT;
	if (info.argsz < minsz || info.index >= VFIO_PCI_NUM_REGIONS)
		return -EINVAL;
	size = region_size(nv, info.index);
	info.offset = VFIO_PCI_INDEX_TO_OFFSET(info.index);
	info.size = size;
	info.flags = size ? VFIO_REGION_INFO_FLAG_READ | VFIO_REGION_INFO_FLAG_WRITE : 0;
	if (size && (info.index == FB_BAR || info.index == VFIO_PCI_BAR3_REGION_INDEX))
		info.flags |= VFIO_REGION_INFO_FLAG_MMAP;
	info.cap_offset = 0;
	return copy_to_user(arg, &info, minsz) ? -EFAULT : 0;
}

static long nv_ioctl(struct vfio_device *vdev, unsigned int cmd, unsigned long arg)
{
	struct nvvgpu_vfio *nv = to_nv(vdev);
	long ret;

	switch (cmd) {
	case VFIO_DEVICE_GET_REGION_INFO:
		return region_info(nv, (void __user *)arg);
	case VFIO_DEVICE_RESET:
		mutex_lock(&nv->lock);
		ret = nv->open ? vgpu_reset(nv) : -ENODEV;
		mutex_unlock(&nv->lock);
		return ret;
	default:
		return vfio_pci_core_ioctl(vdev, cmd, arg);
	}
}

/* ---- open / close (spec/vgpu.md §2.6, §2.10) --------------------------------------- */

static int nv_open(struct vfio_device *vdev)
{
	struct nvvgpu_vfio *nv = to_nv(vdev);
	struct pci_dev *vf = vf_of(nv);
	int ret;

	ret = vfio_pci_core_enable(&nv->core);
	if (ret)
		return ret;
	/*
	 * The VF masters for its guest (DMA, MSI-X messages): the config space
	 * the VMM sees is emulated, its COMMAND never reaches the VF, so open
	 * sets Bus Master as the RFC's open does (spec/vgpu.md §2.6 step 1);
	 * vfio_pci_core_disable clears it at close.
	 */
	pci_set_master(vf);
	ret = nvvgpu_create(vf);
	if (ret)
		goto err_disable;
	ret = nvvgpu_info(vf, &nv->info);
	if (ret)
		goto err_destroy;
	nv->bar0 = pci_iomap(vf, 0, NVVGPU_VF_REGS_END);
	if (!nv->bar0) {
		ret = -ENOMEM;
		goto err_destroy;
	}
	mutex_lock(&nv->lock);
	vconfig_build(nv);
	nv->open = true;
	mutex_unlock(&nv->lock);
	vfio_pci_core_finish_enable(&nv->core);
	return 0;

err_destroy:
	nvvgpu_destroy(vf);
err_disable:
	vfio_pci_core_disable(&nv->core);
	return ret;
}

static void nv_close(struct vfio_device *vdev)
{
	struct nvvgpu_vfio *nv = to_nv(vdev);
	struct pci_dev *vf = vf_of(nv);

	mutex_lock(&nv->lock);
	nv->open = false;
	pci_iounmap(vf, nv->bar0);
	nv->bar0 = NULL;
	mutex_unlock(&nv->lock);
	if (nvvgpu_destroy(vf))
		dev_info(&vf->dev, "closed; its vGPU was already destroyed (PF unbind, VFs disabled)\n");
	vfio_pci_core_close_device(vdev);
}

static int nv_init(struct vfio_device *vdev)
{
	mutex_init(&to_nv(vdev)->lock);
	return vfio_pci_core_init_dev(vdev);
}

static void nv_release(struct vfio_device *vdev)
{
	mutex_destroy(&to_nv(vdev)->lock);
	vfio_pci_core_release_dev(vdev);
}

static const struct vfio_device_ops nv_ops = {
	.name = "nvidia-vgpu-vfio",
	.init = nv_init,
	.release = nv_release,
	.open_device = nv_open,
	.close_device = nv_close,
	.ioctl = nv_ioctl,
	.read = nv_read,
	.write = nv_write,
	.mmap = nv_mmap,
	.request = vfio_pci_core_request,
	.match = vfio_pci_core_match,
#ifdef CONFIG_IOMMUFD
	.bind_iommufd = vfio_iommufd_physical_bind,
	.unbind_iommufd = vfio_iommufd_physical_unbind,
	.attach_ioas = vfio_iommufd_physical_attach_ioas,
	.detach_ioas = vfio_iommufd_physical_detach_ioas,
#endif
};

/* ---- the VF's "nvidia" sysfs group (spec/vgpu.md §1.5) ------------------------------ */

static ssize_t creatable_vgpu_types_show(struct device *dev, struct device_attribute *attr,
					 char *buf)
{
	return nvvgpu_creatable_types_show(to_pci_dev(dev), buf, PAGE_SIZE);
}

static ssize_t current_vgpu_type_show(struct device *dev, struct device_attribute *attr,
				      char *buf)
{
	return nvvgpu_current_type_show(to_pci_dev(dev), buf, PAGE_SIZE);
}

static ssize_t current_vgpu_type_store(struct device *dev, struct device_attribute *attr,
				       const char *buf, size_t count)
{
	return nvvgpu_current_type_store(to_pci_dev(dev), buf, count);
}

static DEVICE_ATTR_RO(creatable_vgpu_types);
static DEVICE_ATTR_RW(current_vgpu_type);

static struct attribute *nvidia_attrs[] = {
	&dev_attr_creatable_vgpu_types.attr,
	&dev_attr_current_vgpu_type.attr,
	NULL,
};

static const struct attribute_group nvidia_group = {
	.name = "nvidia",
	.attrs = nvidia_attrs,
};

/* ---- the PCI driver ----------------------------------------------------------------- */

static int nv_probe(struct pci_dev *pdev, const struct pci_device_id *id)
{
	struct nvvgpu_vfio *nv;
	int ret;

	if (!pdev->is_virtfn)
		return -ENODEV;		/* the PF is the core's */
	if (!nvvgpu_available(pdev)) {
		dev_info(&pdev->dev, "no vGPU manager serves this VF's GPU (vGPU off, or another chip or release)\n");
		return -ENODEV;
	}
	nv = vfio_alloc_device(nvvgpu_vfio, core.vdev, &pdev->dev, &nv_ops);
	if (IS_ERR(nv))
		return PTR_ERR(nv);
	dev_set_drvdata(&pdev->dev, &nv->core);
	ret = device_add_group(&pdev->dev, &nvidia_group);
	if (ret)
		goto err_put;
	ret = vfio_pci_core_register_device(&nv->core);
	if (ret)
		goto err_group;
	return 0;

err_group:
	device_remove_group(&pdev->dev, &nvidia_group);
err_put:
	vfio_put_device(&nv->core.vdev);
	return ret;
}

static void nv_remove(struct pci_dev *pdev)
{
	struct vfio_pci_core_device *core = dev_get_drvdata(&pdev->dev);

	vfio_pci_core_unregister_device(core);
	device_remove_group(&pdev->dev, &nvidia_group);	/* drains writes in flight */
	nvvgpu_forget_vf(pdev);
	vfio_put_device(&core->vdev);
}

static const struct pci_device_id nv_ids[] = {
#ifdef PCI_DRIVER_OVERRIDE_DEVICE_VFIO
	/* As every VFIO variant driver: bound through driver_override only. */
	{ PCI_DRIVER_OVERRIDE_DEVICE_VFIO(PCI_VENDOR_ID_NVIDIA, PCI_ANY_ID) },
#else
	{ PCI_DEVICE(PCI_VENDOR_ID_NVIDIA, PCI_ANY_ID) },
#endif
	{ }
};
MODULE_DEVICE_TABLE(pci, nv_ids);

static struct pci_driver nv_driver = {
	.name = "nvidia-vgpu-vfio",
	.id_table = nv_ids,
	.probe = nv_probe,
	.remove = nv_remove,
	.driver_managed_dma = true,
};

int nvvgpu_vfio_register(void)
{
	return pci_register_driver(&nv_driver);
}

void nvvgpu_vfio_unregister(void)
{
	pci_unregister_driver(&nv_driver);
}
