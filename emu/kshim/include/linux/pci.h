/* SPDX-License-Identifier: MIT */
/*
 * PCI devices are created by the harness (kshim_pci_add) with a synthetic
 * config space and BARs served by mmio ops; registered drivers are matched
 * and probed exactly like the kernel's PCI core does.  Each device has one
 * interrupt line: INTx, or one MSI/MSI-X vector.
 */
#ifndef KSHIM_LINUX_PCI_H
#define KSHIM_LINUX_PCI_H

#include_next <linux/pci.h>		/* uapi: PCI_DEVFN, PCI_SLOT, PCI_FUNC */
#include <linux/pci_regs.h>

#include <linux/device.h>
#include <linux/dma-mapping.h>
#include <linux/interrupt.h>
#include <linux/io.h>
#include <linux/ioport.h>
#include <linux/mod_devicetable.h>
#include <linux/module.h>
#include <linux/pci_ids.h>

#define PCI_STD_NUM_BARS	6
#define PCI_ROM_RESOURCE	6
#define PCI_IOV_RESOURCES	7	/* a PF's VF BARs (SR-IOV), one resource per BAR */
#define PCI_SRIOV_NUM_BARS	6
#define PCI_NUM_RESOURCES	(PCI_IOV_RESOURCES + PCI_SRIOV_NUM_BARS)
#define DEVICE_COUNT_RESOURCE	PCI_NUM_RESOURCES

#define PCIBIOS_SUCCESSFUL		0x00
#define PCIBIOS_BAD_REGISTER_NUMBER	0x87

#define PCI_IRQ_INTX		(1 << 0)
#define PCI_IRQ_MSI		(1 << 1)
#define PCI_IRQ_MSIX		(1 << 2)
#define PCI_IRQ_AFFINITY	(1 << 3)
#define PCI_IRQ_ALL_TYPES	(PCI_IRQ_INTX | PCI_IRQ_MSI | PCI_IRQ_MSIX)

struct kshim_pci;
struct kshim_sriov;

struct pci_bus {
	unsigned char number;
};

struct pci_dev {
	struct device dev;
	struct pci_bus *bus;
	unsigned int devfn;
	unsigned short vendor;
	unsigned short device;
	unsigned short subsystem_vendor;
	unsigned short subsystem_device;
	unsigned int class;		/* 3 bytes: base class, subclass, prog-if */
	u8 revision;
	unsigned int irq;
	u64 dma_mask;
	struct resource resource[DEVICE_COUNT_RESOURCE];
	struct pci_driver *driver;
	unsigned int is_physfn:1;	/* has an SR-IOV capability */
	unsigned int is_virtfn:1;
	struct pci_dev *physfn;		/* a VF's PF */
	struct kshim_sriov *sriov;	/* a PF's SR-IOV state (src/iov.c) */
	struct kshim_pci *kshim;
};

struct pci_driver {
	const char *name;
	const struct pci_device_id *id_table;
	int (*probe)(struct pci_dev *dev, const struct pci_device_id *id);
	void (*remove)(struct pci_dev *dev);
	void (*shutdown)(struct pci_dev *dev);
	int (*sriov_configure)(struct pci_dev *dev, int num_vfs);
	struct device_driver driver;
	bool driver_managed_dma;	/* VFIO drivers: no DMA API use (kshim: unchecked) */
};

#define PCI_DEVICE(vend, dev)							\
	.vendor = (vend), .device = (dev),					\
	.subvendor = PCI_ANY_ID, .subdevice = PCI_ANY_ID
#define PCI_DEVICE_SUB(vend, dev, subvend, subdev)				\
	.vendor = (vend), .device = (dev),					\
	.subvendor = (subvend), .subdevice = (subdev)
#define PCI_DEVICE_CLASS(dev_class, dev_class_mask)				\
	.class = (dev_class), .class_mask = (dev_class_mask),			\
	.vendor = PCI_ANY_ID, .device = PCI_ANY_ID,				\
	.subvendor = PCI_ANY_ID, .subdevice = PCI_ANY_ID
#define PCI_VDEVICE(vend, dev)							\
	.vendor = PCI_VENDOR_ID_##vend, .device = (dev),			\
	.subvendor = PCI_ANY_ID, .subdevice = PCI_ANY_ID, 0, 0

static inline struct pci_dev *to_pci_dev(struct device *dev)
{
	return container_of(dev, struct pci_dev, dev);
}

static inline const char *pci_name(const struct pci_dev *pdev)
{
	return dev_name(&pdev->dev);
}

static inline int pci_domain_nr(struct pci_bus *bus)
{
	return 0;
}

static inline void *pci_get_drvdata(struct pci_dev *pdev)
{
	return dev_get_drvdata(&pdev->dev);
}

static inline void pci_set_drvdata(struct pci_dev *pdev, void *data)
{
	dev_set_drvdata(&pdev->dev, data);
}

static inline struct pci_dev *pci_dev_get(struct pci_dev *dev)
{
	if (dev)
		get_device(&dev->dev);
	return dev;
}

static inline u16 pci_dev_id(struct pci_dev *dev)
{
	return (u16)((dev->bus->number << 8) | dev->devfn);
}

static inline void pci_dev_put(struct pci_dev *dev)
{
	if (dev)
		put_device(&dev->dev);
}

#define pci_resource_start(dev, bar)	((dev)->resource[(bar)].start)
#define pci_resource_end(dev, bar)	((dev)->resource[(bar)].end)
#define pci_resource_flags(dev, bar)	((dev)->resource[(bar)].flags)
#define pci_resource_len(dev, bar)						\
	(pci_resource_end((dev), (bar)) ?					\
	 resource_size(&(dev)->resource[(bar)]) : 0)

int __must_check __pci_register_driver(struct pci_driver *drv, struct module *owner,
				       const char *mod_name);
#define pci_register_driver(driver) \
	__pci_register_driver(driver, THIS_MODULE, KBUILD_MODNAME)
void pci_unregister_driver(struct pci_driver *drv);
#define module_pci_driver(__pci_driver) \
	module_driver(__pci_driver, pci_register_driver, pci_unregister_driver)

int __must_check pci_enable_device(struct pci_dev *dev);
void pci_disable_device(struct pci_dev *dev);
void pci_set_master(struct pci_dev *dev);
void pci_clear_master(struct pci_dev *dev);
int __must_check pci_request_regions(struct pci_dev *pdev, const char *res_name);
void pci_release_regions(struct pci_dev *pdev);
void __iomem *pci_iomap(struct pci_dev *dev, int bar, unsigned long maxlen);
void pci_iounmap(struct pci_dev *dev, void __iomem *addr);

int pci_alloc_irq_vectors(struct pci_dev *dev, unsigned int min_vecs, unsigned int max_vecs,
			  unsigned int flags);
void pci_free_irq_vectors(struct pci_dev *dev);
int pci_irq_vector(struct pci_dev *dev, unsigned int nr);

int pci_read_config_byte(const struct pci_dev *dev, int where, u8 *val);
int pci_read_config_word(const struct pci_dev *dev, int where, u16 *val);
int pci_read_config_dword(const struct pci_dev *dev, int where, u32 *val);
int pci_write_config_byte(const struct pci_dev *dev, int where, u8 val);
int pci_write_config_word(const struct pci_dev *dev, int where, u16 val);
int pci_write_config_dword(const struct pci_dev *dev, int where, u32 val);

/* SR-IOV (src/iov.c), as drivers/pci/iov.c does it. */
u16 pci_find_ext_capability(struct pci_dev *dev, int cap);
int pci_enable_sriov(struct pci_dev *dev, int nr_virtfn);
void pci_disable_sriov(struct pci_dev *dev);
int pci_num_vf(struct pci_dev *dev);
int pci_sriov_get_totalvfs(struct pci_dev *dev);
int pci_iov_vf_id(struct pci_dev *dev);
/* A VF's FLR through the PF's SR-IOV description; -ENOTTY without one. */
int pci_try_reset_function(struct pci_dev *dev);

static inline struct pci_dev *pci_physfn(struct pci_dev *dev)
{
	return dev->is_virtfn ? dev->physfn : dev;
}

#endif /* KSHIM_LINUX_PCI_H */
