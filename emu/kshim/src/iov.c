// SPDX-License-Identifier: MIT
/*
 * SR-IOV: a PF's capability in config space and the VFs pci_enable_sriov
 * puts on the bus, with the checks and numbering of drivers/pci/iov.c
 * (sriov_init, sriov_enable, sriov_disable, pci_iov_vf_id,
 * sriov_numvfs_store).  Layout: PCI SR-IOV spec 1.1 section 3.3, named as
 * include/uapi/linux/pci_regs.h names it.
 */
#include <stdlib.h>

#include <linux/pci.h>

#include "internal.h"

/* One VF BAR's handler: the PF's aperture handler at the VF's offset. */
struct vf_window {
	struct kshim_mmio_ops ops;
	const struct kshim_mmio_ops *aperture;
	uint64_t base;
};

struct kshim_sriov {
	struct kshim_sriov_desc d;
	uint64_t bar_start[PCI_SRIOV_NUM_BARS];	/* VF 0's BAR; VF n's at + n * size */
	int num_vfs;
	struct vf_window (*win)[PCI_SRIOV_NUM_BARS];	/* total_vfs entries */
	struct pci_dev *vf[];			/* total_vfs entries */
};

static uint32_t vf_read32(void *ctx, uint64_t off)
{
	struct vf_window *w = ctx;

	return w->aperture->read32(w->aperture->ctx, w->base + off);
}

static void vf_write32(void *ctx, uint64_t off, uint32_t val)
{
	struct vf_window *w = ctx;

	w->aperture->write32(w->aperture->ctx, w->base + off, val);
}

#define EXT_CAP_START	0x100

static void put(u8 *cfg, int where, u32 val, int size)
{
	for (int i = 0; i < size; i++)
		cfg[where + i] = (u8)(val >> (8 * i));
}

static u32 get(const u8 *cfg, int where, int size)
{
	u32 v = 0;

	for (int i = 0; i < size; i++)
		v |= (u32)cfg[where + i] << (8 * i);
	return v;
}

void kshim_iov_init(struct pci_dev *pdev, const struct kshim_sriov_desc *d)
{
	struct kshim_sriov *s = kshim_xzalloc(sizeof(*s) + d->total_vfs * sizeof(s->vf[0]));
	u8 *cfg = kshim_pci_config(pdev);
	int pos = d->pos;

	if (pos < EXT_CAP_START || pos > 0x1000 - 0x40 || (pos & 3)) {
		kshim_fail("%s: SR-IOV capability at 0x%x is outside extended config space",
			   pci_name(pdev), pos);
		free(s);
		return;
	}
	s->d = *d;
	s->win = kshim_xzalloc(d->total_vfs * sizeof(s->win[0]));
	/* The extended capability list starts at 0x100; a Null capability links there. */
	if (pos != EXT_CAP_START)
		put(cfg, EXT_CAP_START, (u32)pos << 20, 4);
	put(cfg, pos, PCI_EXT_CAP_ID_SRIOV | 1u << 16, 4);
	put(cfg, pos + PCI_SRIOV_INITIAL_VF, d->initial_vfs, 2);
	put(cfg, pos + PCI_SRIOV_TOTAL_VF, d->total_vfs, 2);
	put(cfg, pos + PCI_SRIOV_VF_OFFSET, d->vf_offset, 2);
	put(cfg, pos + PCI_SRIOV_VF_STRIDE, d->vf_stride, 2);
	put(cfg, pos + PCI_SRIOV_VF_DID, d->vf_device, 2);
	put(cfg, pos + PCI_SRIOV_SUP_PGSIZE, 1, 4);	/* 4 KiB */
	put(cfg, pos + PCI_SRIOV_SYS_PGSIZE, 1, 4);
	/* The VF BARs are sized and placed with the PF (sriov_init: size x TotalVFs). */
	for (int i = 0; i < PCI_SRIOV_NUM_BARS; i++) {
		uint64_t size = d->vf_bar_size[i], at;
		struct resource *r = &pdev->resource[PCI_IOV_RESOURCES + i];
		u32 type = d->vf_bar_64[i] ? PCI_BASE_ADDRESS_MEM_TYPE_64 | PCI_BASE_ADDRESS_MEM_PREFETCH : 0;

		if (!size)
			continue;
		at = kshim_pci_place(size * d->total_vfs);
		s->bar_start[i] = at;
		*r = (struct resource){ .start = at, .end = at + size * d->total_vfs - 1,
					.name = pci_name(pdev),
					.flags = IORESOURCE_MEM | (d->vf_bar_64[i] ? IORESOURCE_MEM_64 : 0) };
		put(cfg, pos + PCI_SRIOV_BAR + 4 * i, (u32)at | type, 4);
		if (d->vf_bar_64[i] && i + 1 < PCI_SRIOV_NUM_BARS)
			put(cfg, pos + PCI_SRIOV_BAR + 4 * (i + 1), (u32)(at >> 32), 4);
	}
	pdev->is_physfn = 1;
	pdev->sriov = s;
}

u16 pci_find_ext_capability(struct pci_dev *dev, int cap)
{
	const u8 *cfg = kshim_pci_config(dev);
	int pos = EXT_CAP_START, ttl = (0x1000 - EXT_CAP_START) / 8;

	while (pos >= EXT_CAP_START && ttl--) {
		u32 h = get(cfg, pos, 4);

		if (!h)
			return 0;
		if ((int)PCI_EXT_CAP_ID(h) == cap)
			return (u16)pos;
		pos = PCI_EXT_CAP_NEXT(h);
	}
	return 0;
}

static u16 rid_of(struct pci_dev *pdev)
{
	return (u16)(pdev->bus->number << 8 | pdev->devfn);
}

int pci_enable_sriov(struct pci_dev *dev, int nr_virtfn)
{
	struct kshim_sriov *s = dev->sriov;
	u8 *cfg;

	if (!s)
		return -ENODEV;
	if (nr_virtfn <= 0 || nr_virtfn > s->d.total_vfs)
		return -EINVAL;
	if (s->num_vfs) {
		dev_err(&dev->dev, "SR-IOV: already enabled\n");
		return -EINVAL;
	}
	cfg = kshim_pci_config(dev);
	put(cfg, s->d.pos + PCI_SRIOV_NUM_VF, (u32)nr_virtfn, 2);
	put(cfg, s->d.pos + PCI_SRIOV_CTRL, PCI_SRIOV_CTRL_VFE | PCI_SRIOV_CTRL_MSE, 2);
	for (int i = 0; i < nr_virtfn; i++) {
		u16 rid = (u16)(rid_of(dev) + s->d.vf_offset + i * s->d.vf_stride);
		struct kshim_pci_desc vd = {
			.vendor = dev->vendor, .device = s->d.vf_device,
			.subsystem_vendor = dev->subsystem_vendor,
			.subsystem_device = dev->subsystem_device,
			.revision = dev->revision, .class_code = dev->class,
			.bus = (uint8_t)(rid >> 8), .slot = PCI_SLOT(rid & 0xff),
			.func = PCI_FUNC(rid & 0xff),
		};

		for (int b = 0; b < PCI_SRIOV_NUM_BARS; b++) {
			struct vf_window *w = &s->win[i][b];

			vd.bar_size[b] = s->d.vf_bar_size[b];
			vd.bar_addr[b] = s->bar_start[b] + (uint64_t)i * s->d.vf_bar_size[b];
			if (!s->d.vf_bar_ops[b])
				continue;
			*w = (struct vf_window){ .ops = { .ctx = w, .read32 = vf_read32,
							  .write32 = vf_write32 },
						 .aperture = s->d.vf_bar_ops[b],
						 .base = (uint64_t)i * s->d.vf_bar_size[b] };
			vd.bar_ops[b] = &w->ops;
		}
		/* Counted before the VF's probe runs, as the kernel's num_VFs is. */
		s->num_vfs = i + 1;
		s->vf[i] = kshim_pci_add_fn(&vd, dev);
	}
	return 0;
}

void pci_disable_sriov(struct pci_dev *dev)
{
	struct kshim_sriov *s = dev->sriov;
	u8 *cfg;

	if (!s || !s->num_vfs)
		return;
	for (int i = 0; i < s->num_vfs; i++) {
		kshim_pci_remove(s->vf[i]);
		s->vf[i] = NULL;
	}
	s->num_vfs = 0;
	cfg = kshim_pci_config(dev);
	put(cfg, s->d.pos + PCI_SRIOV_CTRL, 0, 2);
	put(cfg, s->d.pos + PCI_SRIOV_NUM_VF, 0, 2);
}

int pci_num_vf(struct pci_dev *dev)
{
	return dev->sriov ? dev->sriov->num_vfs : 0;
}

int pci_sriov_get_totalvfs(struct pci_dev *dev)
{
	return dev->sriov ? dev->sriov->d.total_vfs : 0;
}

int pci_iov_vf_id(struct pci_dev *dev)
{
	struct pci_dev *pf;

	if (!dev->is_virtfn)
		return -EINVAL;
	pf = dev->physfn;
	return (rid_of(dev) - (rid_of(pf) + pf->sriov->d.vf_offset)) / pf->sriov->d.vf_stride;
}

int kshim_pci_sriov_numvfs(struct pci_dev *pf, int n)
{
	struct kshim_sriov *s = pf->sriov;
	int ret;

	if (!s)
		return -ENOENT;		/* no sriov_numvfs attribute */
	if (n < 0 || n > s->d.total_vfs)
		return n < 0 ? -EINVAL : -ERANGE;
	if (n == s->num_vfs)
		return 0;
	if (!pf->driver) {
		dev_info(&pf->dev, "no driver bound to device; cannot configure SR-IOV\n");
		return -ENOENT;
	}
	if (!pf->driver->sriov_configure) {
		dev_info(&pf->dev, "driver does not support SR-IOV configuration via sysfs\n");
		return -ENOENT;
	}
	if (n && s->num_vfs) {
		dev_warn(&pf->dev, "%d VFs already enabled. Disable before enabling %d VFs\n",
			 s->num_vfs, n);
		return -EBUSY;
	}
	ret = pf->driver->sriov_configure(pf, n);
	if (ret < 0)
		return ret;
	if (ret != n)
		dev_warn(&pf->dev, "%d VFs requested; only %d enabled\n", n, ret);
	return 0;
}

struct pci_dev *kshim_pci_vf(struct pci_dev *pf, int vf_id)
{
	struct kshim_sriov *s = pf->sriov;

	return s && vf_id >= 0 && vf_id < s->num_vfs ? s->vf[vf_id] : NULL;
}

/* The kernel warns, then removes the VFs itself (pci_iov_remove, sriov_release). */
void kshim_iov_teardown(struct pci_dev *pdev, const char *when)
{
	if (!pdev->sriov || !pdev->sriov->num_vfs)
		return;
	kshim_fail("%s %s: driver left SR-IOV enabled with %d VFs (missing pci_disable_sriov)",
		   pci_name(pdev), when, pdev->sriov->num_vfs);
	pci_disable_sriov(pdev);
}

int pci_try_reset_function(struct pci_dev *dev)
{
	struct kshim_sriov *s = dev->is_virtfn ? dev->physfn->sriov : NULL;

	if (!s || !s->d.vf_flr)
		return -ENOTTY;
	s->d.vf_flr(s->d.vf_flr_ctx, pci_iov_vf_id(dev));
	return 0;
}

void kshim_iov_release(struct pci_dev *pdev)
{
	if (pdev->sriov)
		free(pdev->sriov->win);
	free(pdev->sriov);
	pdev->sriov = NULL;
}
