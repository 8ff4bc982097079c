// SPDX-License-Identifier: MIT
/* PCI devices and drivers, MMIO windows, and DMA mappings. */
#include <stdlib.h>
#include <sys/mman.h>

#include <linux/dma-mapping.h>
#include <linux/mm.h>
#include <linux/pci.h>

#include "internal.h"

#define CONFIG_SIZE	4096
#define MAX_DRIVERS	16
#define BAR_BASE	0xc0000000ULL
#define DMA_HIGH_BASE	0x100000000ULL	/* above 4 GiB: truncation bugs show */
#define DMA_LOW_BASE	0x00100000ULL	/* for masks that cannot reach 4 GiB */

struct kshim_pci {
	struct list_head node;
	struct pci_dev pdev;
	struct pci_bus bus;
	struct kshim_pci_desc desc;
	u8 config[CONFIG_SIZE];
	int probe_result;
	unsigned int enable_cnt;
	bool regions, vectors, removed;
	/*
	 * MSI-X (PCI Local Bus 3.0 section 6.8.2): Enable is set while vectors
	 * are allocated with PCI_IRQ_MSIX; the vector's mask bit and the
	 * Function Mask hold a message as pending (PBA) until unmasked; a
	 * message needs Bus Master Enable.
	 */
	bool msix, msix_masked, msix_func_masked, msix_pending;
};

struct window {
	struct list_head node;
	char *base;
	size_t size;
	struct kshim_pci *dev;
	int bar;
};

struct dma_map {
	struct device *dev;
	dma_addr_t bus;
	size_t size;
	void *cpu;
	bool coherent;
	const char *file;
	int line;
};

static const struct bus_type pci_bus_type = { .name = "pci" };
static LIST_HEAD(devices);
static LIST_HEAD(windows);
/*
 * The window the last MMIO access found (NULL: none), looked at first: a
 * driver's accesses mostly go to one BAR (BAR0).  Cleared when it is unmapped.
 */
static struct window *last_window;
/*
 * Live DMA mappings sorted by bus address, for the device model's DMA to
 * find its mapping by binary search: bus addresses are never reused, so
 * mappings never overlap.
 */
static struct dma_map *maps;
static size_t nmaps, maps_cap;
/* Mappings gone so far: a CPU address kshim_dma_ptr gave is good while this stands still. */
static uint64_t dma_epoch;
static struct pci_driver *drivers[MAX_DRIVERS];
static uint64_t bar_next = BAR_BASE;
static uint64_t dma_high = DMA_HIGH_BASE, dma_low = DMA_LOW_BASE;

static struct kshim_pci *kpci(const struct pci_dev *pdev)
{
	return pdev->kshim;
}

static const struct pci_device_id *pci_match(const struct pci_driver *drv,
					     const struct pci_dev *pdev)
{
	const struct pci_device_id *id;

	for (id = drv->id_table; id->vendor || id->subvendor || id->class_mask; id++) {
		if ((id->vendor == (u32)PCI_ANY_ID || id->vendor == pdev->vendor) &&
		    (id->device == (u32)PCI_ANY_ID || id->device == pdev->device) &&
		    (id->subvendor == (u32)PCI_ANY_ID || id->subvendor == pdev->subsystem_vendor) &&
		    (id->subdevice == (u32)PCI_ANY_ID || id->subdevice == pdev->subsystem_device) &&
		    !((id->class ^ pdev->class) & id->class_mask))
			return id;
	}
	return NULL;
}

static void pci_bind(struct pci_dev *pdev, struct pci_driver *drv)
{
	const struct pci_device_id *id;
	int err;

	if (pdev->driver || !(id = pci_match(drv, pdev)))
		return;
	pdev->driver = drv;
	pdev->dev.driver = &drv->driver;
	kshim_callout(err = drv->probe(pdev, id));
	kpci(pdev)->probe_result = err;
	if (!err)
		return;
	if (err != -ENODEV && err != -ENXIO)
		dev_warn(&pdev->dev, "probe with driver %s failed with error %d", drv->name, err);
	pdev->driver = NULL;
	kshim_unbind_cleanup(&pdev->dev);
}

static void pci_unbind(struct pci_dev *pdev)
{
	if (!pdev->driver)
		return;
	if (pdev->driver->remove)
		kshim_callout(pdev->driver->remove(pdev));
	pdev->driver = NULL;
	kshim_unbind_cleanup(&pdev->dev);
}

int __pci_register_driver(struct pci_driver *drv, struct module *owner, const char *mod_name)
{
	struct kshim_pci *k;
	int i;

	for (i = 0; i < MAX_DRIVERS && drivers[i]; i++)
		if (drivers[i] == drv)
			return -EBUSY;
	if (i == MAX_DRIVERS) {
		kshim_fail("too many PCI drivers (max %d)", MAX_DRIVERS);
		return -ENOMEM;
	}
	drivers[i] = drv;
	drv->driver = (struct device_driver){ .name = drv->name, .bus = &pci_bus_type,
					      .owner = owner };
	list_for_each_entry(k, &devices, node)
		pci_bind(&k->pdev, drv);
	return 0;
}

void pci_unregister_driver(struct pci_driver *drv)
{
	struct kshim_pci *k;
	int i;

	list_for_each_entry(k, &devices, node)
		if (k->pdev.driver == drv)
			pci_unbind(&k->pdev);
	for (i = 0; i < MAX_DRIVERS && drivers[i] != drv; i++)
		;
	if (i == MAX_DRIVERS) {
		kshim_fail("pci_unregister_driver of %s, which is not registered", drv->name);
		return;
	}
	memmove(&drivers[i], &drivers[i + 1], (MAX_DRIVERS - i - 1) * sizeof(drivers[0]));
	drivers[MAX_DRIVERS - 1] = NULL;
}

static void put_config(struct kshim_pci *k, int where, u32 val, int size)
{
	for (int i = 0; i < size; i++)
		k->config[where + i] = (u8)(val >> (8 * i));
}

static void pci_release(struct device *dev)
{
	struct kshim_pci *k = kpci(to_pci_dev(dev));

	kshim_iov_release(&k->pdev);
	list_del(&k->node);
	free(k);
}

u8 *kshim_pci_config(struct pci_dev *pdev)
{
	return kpci(pdev)->config;
}

/* Bus address for a BAR-like window of size bytes, naturally aligned. */
uint64_t kshim_pci_place(uint64_t size)
{
	uint64_t at;

	bar_next = ALIGN(bar_next, size);
	at = bar_next;
	bar_next += size;
	return at;
}

struct pci_dev *kshim_pci_add(const struct kshim_pci_desc *d)
{
	return kshim_pci_add_fn(d, NULL);
}

struct pci_dev *kshim_pci_add_fn(const struct kshim_pci_desc *d, struct pci_dev *physfn)
{
	struct kshim_pci *k = kshim_xzalloc(sizeof(*k));
	struct pci_dev *pdev = &k->pdev;

	k->desc = *d;
	k->bus.number = d->bus;
	k->probe_result = -ENODEV;
	*pdev = (struct pci_dev){
		.bus = &k->bus, .devfn = PCI_DEVFN(d->slot, d->func),
		.vendor = d->vendor, .device = d->device,
		.subsystem_vendor = d->subsystem_vendor, .subsystem_device = d->subsystem_device,
		.class = d->class_code, .revision = d->revision,
		.dma_mask = DMA_BIT_MASK(32), .kshim = k,
		.is_virtfn = physfn != NULL, .physfn = physfn,
	};
	pdev->dev.bus = &pci_bus_type;
	pdev->dev.dma_mask = &pdev->dma_mask;
	pdev->dev.coherent_dma_mask = DMA_BIT_MASK(32);
	pdev->dev.release = pci_release;
	dev_set_name(&pdev->dev, "0000:%02x:%02x.%d", d->bus, d->slot, d->func);
	device_initialize(&pdev->dev);
	pdev->irq = kshim_irq_create(pci_name(pdev));

	put_config(k, PCI_VENDOR_ID, d->vendor, 2);
	put_config(k, PCI_DEVICE_ID, d->device, 2);
	put_config(k, PCI_REVISION_ID, d->revision, 1);
	put_config(k, PCI_CLASS_PROG, d->class_code, 3);
	put_config(k, PCI_SUBSYSTEM_VENDOR_ID, d->subsystem_vendor, 2);
	put_config(k, PCI_SUBSYSTEM_ID, d->subsystem_device, 2);
	put_config(k, PCI_INTERRUPT_LINE, pdev->irq, 1);
	put_config(k, PCI_INTERRUPT_PIN, 1, 1);
	for (int bar = 0; bar < PCI_STD_NUM_BARS; bar++) {
		uint64_t size = d->bar_size[bar], at;

		if (!size)
			continue;
		/*
		 * Where a recorded platform had it (trace replay), or a VF's slice of
		 * its PF's; what kshim places later (a PF's VF BARs) goes above it,
		 * where it went when the platform was recorded.
		 */
		at = d->bar_addr[bar] ? d->bar_addr[bar] : kshim_pci_place(size);
		if (!physfn && at + size > bar_next)
			bar_next = at + size;
		pdev->resource[bar] = (struct resource){
			.start = at, .end = at + size - 1, .name = pci_name(pdev),
			.flags = IORESOURCE_MEM | (at + size > 1ULL << 32 ? IORESOURCE_MEM_64 : 0),
		};
		put_config(k, PCI_BASE_ADDRESS_0 + 4 * bar, (u32)at, 4);
	}
	if (d->sriov.pos)
		kshim_iov_init(pdev, &d->sriov);
	list_add_tail(&k->node, &devices);
	if (d->added)
		d->added(d->added_ctx, pdev);
	for (int i = 0; i < MAX_DRIVERS && drivers[i] && !pdev->driver; i++)
		pci_bind(pdev, drivers[i]);
	return pdev;
}

int kshim_pci_probe_result(struct pci_dev *pdev)
{
	return kpci(pdev)->probe_result;
}

static void unmap_window(struct window *w)
{
	munmap(w->base, PAGE_ALIGN(w->size));
	if (last_window == w)
		last_window = NULL;
	list_del(&w->node);
	free(w);
}

/* Reports and undoes what the driver should have released. */
static void pci_teardown(struct kshim_pci *k, const char *when)
{
	struct device *dev = &k->pdev.dev;
	struct window *w, *wn;
	size_t i, kept = 0;

	kshim_iov_teardown(&k->pdev, when);
	if (k->enable_cnt)
		kshim_fail("%s %s: device still enabled (missing pci_disable_device)",
			   pci_name(&k->pdev), when);
	if (k->regions)
		kshim_fail("%s %s: regions still requested (missing pci_release_regions)",
			   pci_name(&k->pdev), when);
	if (k->vectors)
		kshim_fail("%s %s: IRQ vectors still allocated (missing pci_free_irq_vectors)",
			   pci_name(&k->pdev), when);
	list_for_each_entry_safe(w, wn, &windows, node) {
		if (w->dev != k)
			continue;
		kshim_fail("%s %s: BAR%d still mapped (missing pci_iounmap)", pci_name(&k->pdev),
			   when, w->bar);
		unmap_window(w);
	}
	for (i = 0; i < nmaps; i++) {
		const struct dma_map *m = &maps[i];

		if (m->dev != dev) {
			maps[kept++] = *m;
			continue;
		}
		kshim_fail("%s %s: %zu-byte DMA %s from %s:%d still mapped", pci_name(&k->pdev),
			   when, m->size, m->coherent ? "buffer" : "mapping", kshim_site(m->file),
			   m->line);
	}
	nmaps = kept;
	kshim_irq_destroy(k->pdev.irq);
}

void kshim_pci_remove(struct pci_dev *pdev)
{
	pci_unbind(pdev);
	pci_teardown(kpci(pdev), "after remove");
	kpci(pdev)->removed = true;
	put_device(&pdev->dev);
}

void kshim_pci_set_irq(struct pci_dev *pdev, int level)
{
	kshim_irq_set_line(pdev->irq, level != 0);
}

int pci_enable_device(struct pci_dev *dev)
{
	struct kshim_pci *k = kpci(dev);

	if (!k->enable_cnt++)
		k->config[PCI_COMMAND] |= PCI_COMMAND_MEMORY;
	return 0;
}

void pci_disable_device(struct pci_dev *dev)
{
	struct kshim_pci *k = kpci(dev);

	if (!k->enable_cnt) {
		kshim_fail("pci %s: disabling already-disabled device", pci_name(dev));
		return;
	}
	if (!--k->enable_cnt)
		k->config[PCI_COMMAND] &= (u8)~(PCI_COMMAND_MEMORY | PCI_COMMAND_MASTER);
}

void pci_set_master(struct pci_dev *dev)
{
	kpci(dev)->config[PCI_COMMAND] |= PCI_COMMAND_MASTER;
}

void pci_clear_master(struct pci_dev *dev)
{
	kpci(dev)->config[PCI_COMMAND] &= (u8)~PCI_COMMAND_MASTER;
}

int pci_request_regions(struct pci_dev *pdev, const char *res_name)
{
	if (kpci(pdev)->regions)
		return -EBUSY;
	kpci(pdev)->regions = true;
	return 0;
}

void pci_release_regions(struct pci_dev *pdev)
{
	kpci(pdev)->regions = false;
}

static int config_check(int where, int size)
{
	return where < 0 || where + size > CONFIG_SIZE || (where & (size - 1)) ?
	       PCIBIOS_BAD_REGISTER_NUMBER : PCIBIOS_SUCCESSFUL;
}

static int config_read(const struct pci_dev *dev, int where, int size, u32 *val)
{
	int err = config_check(where, size);

	*val = 0;
	for (int i = 0; !err && i < size; i++)
		*val |= (u32)kpci(dev)->config[where + i] << (8 * i);
	return err;
}

static int config_write(const struct pci_dev *dev, int where, int size, u32 val)
{
	int err = config_check(where, size);

	if (!err)
		put_config(kpci(dev), where, val, size);
	return err;
}

int pci_read_config_byte(const struct pci_dev *dev, int where, u8 *val)
{
	u32 v;
	int err = config_read(dev, where, 1, &v);

	*val = (u8)v;
	return err;
}

int pci_read_config_word(const struct pci_dev *dev, int where, u16 *val)
{
	u32 v;
	int err = config_read(dev, where, 2, &v);

	*val = (u16)v;
	return err;
}

int pci_read_config_dword(const struct pci_dev *dev, int where, u32 *val)
{
	return config_read(dev, where, 4, val);
}

int pci_write_config_byte(const struct pci_dev *dev, int where, u8 val)
{
	return config_write(dev, where, 1, val);
}

int pci_write_config_word(const struct pci_dev *dev, int where, u16 val)
{
	return config_write(dev, where, 2, val);
}

int pci_write_config_dword(const struct pci_dev *dev, int where, u32 val)
{
	return config_write(dev, where, 4, val);
}

int pci_alloc_irq_vectors(struct pci_dev *dev, unsigned int min_vecs, unsigned int max_vecs,
			  unsigned int flags)
{
	if (!(flags & PCI_IRQ_ALL_TYPES) || min_vecs > max_vecs)
		return -EINVAL;
	if (min_vecs > 1)
		return -ENOSPC;
	kpci(dev)->vectors = true;
	kpci(dev)->msix = flags & PCI_IRQ_MSIX;
	return 1;
}

void pci_free_irq_vectors(struct pci_dev *dev)
{
	struct kshim_pci *k = kpci(dev);

	if (kshim_irq_busy(dev->irq))
		kshim_fail("pci_free_irq_vectors on %s while irq %u is still requested",
			   pci_name(dev), dev->irq);
	if (k->msix)
		kshim_irq_set_line(dev->irq, false);	/* a latched message goes with it */
	k->vectors = false;
	k->msix = k->msix_masked = k->msix_func_masked = k->msix_pending = false;
}

static void msix_send(struct kshim_pci *k)
{
	if (k->msix_masked || k->msix_func_masked)
		k->msix_pending = true;
	else
		kshim_irq_pulse(k->pdev.irq);
}

void kshim_pci_msix(struct pci_dev *pdev, unsigned int vector)
{
	struct kshim_pci *k = kpci(pdev);

	if (vector) {
		kshim_fail("%s: MSI-X message for vector %u; the function has one vector",
			   pci_name(pdev), vector);
		return;
	}
	if (!k->msix) {
		printk(KERN_DEBUG "kshim: %s: MSI-X message while MSI-X is disabled: dropped\n",
		       pci_name(pdev));
		return;
	}
	/* A message is a memory write: none without Bus Master Enable (PCIe 7.5.1.1.3). */
	if (!(k->config[PCI_COMMAND] & PCI_COMMAND_MASTER)) {
		printk(KERN_WARNING "kshim: %s: MSI-X message while Bus Master is off: dropped\n",
		       pci_name(pdev));
		return;
	}
	msix_send(k);
}

void kshim_pci_msix_mask(struct pci_dev *pdev, bool vector_mask, bool function_mask)
{
	struct kshim_pci *k = kpci(pdev);

	k->msix_masked = vector_mask;
	k->msix_func_masked = function_mask;
	if (k->msix && k->msix_pending && !vector_mask && !function_mask) {
		k->msix_pending = false;
		msix_send(k);
	}
}

bool kshim_pci_msix_pending(struct pci_dev *pdev)
{
	return kpci(pdev)->msix_pending;
}

int pci_irq_vector(struct pci_dev *dev, unsigned int nr)
{
	return nr == 0 ? (int)dev->irq : -EINVAL;
}

void __iomem *pci_iomap(struct pci_dev *dev, int bar, unsigned long maxlen)
{
	struct kshim_pci *k = kpci(dev);
	struct window *w;
	size_t len;
	void *base;

	if (bar < 0 || bar >= PCI_STD_NUM_BARS || !k->desc.bar_size[bar])
		return NULL;
	len = k->desc.bar_size[bar];
	if (maxlen && maxlen < len)
		len = maxlen;
	/* Reserved and inaccessible: a dereference that bypasses readl() faults. */
	base = mmap(NULL, PAGE_ALIGN(len), PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE,
		    -1, 0);
	if (base == MAP_FAILED)
		return NULL;
	w = kshim_xzalloc(sizeof(*w));
	*w = (struct window){ .base = base, .size = len, .dev = k, .bar = bar };
	list_add_tail(&w->node, &windows);
	return (void __iomem *)base;
}

void pci_iounmap(struct pci_dev *dev, void __iomem *addr)
{
	struct window *w;

	list_for_each_entry(w, &windows, node) {
		if (w->base == (char *)addr) {
			unmap_window(w);
			return;
		}
	}
	kshim_fail("pci_iounmap of %s: address is not a pci_iomap() mapping", pci_name(dev));
}

static inline bool window_holds(const struct window *w, const char *p, size_t size)
{
	return p >= w->base && p + size <= w->base + w->size;
}

/* The window holding [addr, addr + size), with the BAR offset in *off. */
static struct window *find_window(const volatile void *addr, size_t size, uint64_t *off,
				  const char *op)
{
	struct window *w = last_window;
	const char *p = (const char *)addr;

	if (w && window_holds(w, p, size))
		goto found;
	list_for_each_entry(w, &windows, node) {
		if (window_holds(w, p, size)) {
			last_window = w;
			goto found;
		}
	}
	kshim_fail("%s of an address outside every iomem window", op);
	return NULL;
found:
	*off = (uint64_t)(p - w->base);
	return w;
}

static u32 bar_read32(struct window *w, uint64_t off)
{
	const struct kshim_mmio_ops *ops = w->dev->desc.bar_ops[w->bar];

	if (ops) {
		u32 v;

		kshim_device_begin();
		v = ops->read32(ops->ctx, off);
		kshim_device_end();
		return v;
	}
	printk(KERN_WARNING "kshim: read of %s BAR%d+0x%llx with no mmio handler\n",
	       pci_name(&w->dev->pdev), w->bar, (unsigned long long)off);
	return ~0u;
}

static void bar_write32(struct window *w, uint64_t off, u32 val)
{
	const struct kshim_mmio_ops *ops = w->dev->desc.bar_ops[w->bar];

	if (ops) {
		kshim_hb_release(&kshim_device_hb);
		kshim_device_begin();
		ops->write32(ops->ctx, off, val);
		kshim_device_end();
	} else
		printk(KERN_WARNING "kshim: write of %s BAR%d+0x%llx with no mmio handler\n",
		       pci_name(&w->dev->pdev), w->bar, (unsigned long long)off);
}

static inline u32 mmio_read(const volatile void __iomem *addr, unsigned int size, const char *op)
{
	uint64_t off;
	struct window *w = find_window(addr, size, &off, op);

	if (!w)
		return ~0u;
	if (off & (size - 1)) {
		kshim_fail("unaligned %u-byte MMIO read at BAR%d+0x%llx", size, w->bar,
			   (unsigned long long)off);
		return ~0u;
	}
	if (size == 4)
		return bar_read32(w, off);
	return bar_read32(w, off & ~3ULL) >> (8 * (off & 3)) & ((1u << (8 * size)) - 1);
}

/* readl (size 4, the common case) compiled apart: no sub-word shift or mask. */
u32 kshim_mmio_read(const volatile void __iomem *addr, unsigned int size)
{
	return size == 4 ? mmio_read(addr, 4, "readl") : mmio_read(addr, size, "readb/readw");
}

void kshim_mmio_write32(volatile void __iomem *addr, u32 value)
{
	uint64_t off;
	struct window *w = find_window(addr, 4, &off, "writel");

	if (!w)
		return;
	if (off & 3) {
		kshim_fail("unaligned MMIO write at BAR%d+0x%llx", w->bar, (unsigned long long)off);
		return;
	}
	bar_write32(w, off, value);
}

void memcpy_fromio(void *dst, const volatile void __iomem *src, size_t count)
{
	uint64_t off;
	struct window *w = find_window(src, count, &off, "memcpy_fromio");
	u8 *d = dst;

	while (w && count) {
		u32 v = bar_read32(w, off & ~3ULL);
		size_t skip = off & 3, n = min(count, 4 - skip);

		memcpy(d, (u8 *)&v + skip, n);
		d += n;
		off += n;
		count -= n;
	}
}

void memcpy_toio(volatile void __iomem *dst, const void *src, size_t count)
{
	uint64_t off;
	struct window *w = find_window(dst, count, &off, "memcpy_toio");
	const u8 *s = src;

	while (w && count) {
		size_t skip = off & 3, n = min(count, 4 - skip);
		u32 v = n == 4 ? 0 : bar_read32(w, off & ~3ULL);

		memcpy((u8 *)&v + skip, s, n);
		bar_write32(w, off & ~3ULL, v);
		s += n;
		off += n;
		count -= n;
	}
}

static dma_addr_t dma_assign(struct device *dev, size_t size, bool coherent)
{
	u64 mask = coherent ? dev->coherent_dma_mask : (dev->dma_mask ? *dev->dma_mask : 0);
	uint64_t len = PAGE_ALIGN(size ? size : 1);	/* no two mappings share an address */
	dma_addr_t bus;

	if (dma_high + len - 1 <= mask) {
		bus = dma_high;
		dma_high += len;
	} else if (dma_low + len <= DMA_HIGH_BASE && dma_low + len - 1 <= mask) {
		bus = dma_low;
		dma_low += len;
	} else {
		return DMA_MAPPING_ERROR;
	}
	return bus;
}

/* The number of mappings that start at or below bus. */
static size_t maps_upto(uint64_t bus)
{
	size_t lo = 0, hi = nmaps;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (maps[mid].bus <= bus)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static void add_map(struct device *dev, dma_addr_t bus, size_t size, void *cpu, bool coherent,
		    const char *file, int line)
{
	size_t i = maps_upto(bus);

	if (nmaps == maps_cap) {
		maps_cap = maps_cap ? 2 * maps_cap : 64;
		maps = realloc(maps, maps_cap * sizeof(*maps));
		if (!maps)
			abort();
	}
	memmove(&maps[i + 1], &maps[i], (nmaps - i) * sizeof(*maps));
	maps[i] = (struct dma_map){ .dev = dev, .bus = bus, .size = size, .cpu = cpu,
				    .coherent = coherent, .file = file, .line = line };
	nmaps++;
}

static void del_map(size_t i)
{
	dma_epoch++;
	memmove(&maps[i], &maps[i + 1], (nmaps - i - 1) * sizeof(*maps));
	nmaps--;
}

void *kshim_dma_alloc(struct device *dev, size_t size, dma_addr_t *dma_handle, gfp_t gfp,
		      const char *file, int line)
{
	void *cpu;

	if (!size) {
		kshim_fail("dma_alloc_coherent of 0 bytes at %s:%d", kshim_site(file), line);
		return NULL;
	}
	cpu = kshim_alloc(size, gfp | __GFP_ZERO, KSHIM_MEM_DMA, file, line);
	if (!cpu)
		return NULL;
	*dma_handle = dma_assign(dev, size, true);
	if (*dma_handle == DMA_MAPPING_ERROR) {
		kshim_free(cpu, KSHIM_MEM_DMA, file, line);
		return NULL;
	}
	add_map(dev, *dma_handle, size, cpu, true, file, line);
	return cpu;
}

void kshim_dma_free(struct device *dev, size_t size, void *cpu_addr, dma_addr_t dma_handle,
		    const char *file, int line)
{
	const struct dma_map *m;
	size_t i;

	for (i = 0; i < nmaps; i++)
		if (maps[i].coherent && maps[i].cpu == cpu_addr)
			break;
	if (i == nmaps) {
		kshim_fail("dma_free_coherent at %s:%d of a buffer that is not allocated",
			   kshim_site(file), line);
		return;
	}
	m = &maps[i];
	if (m->dev != dev || m->size != size || m->bus != dma_handle)
		kshim_fail("dma_free_coherent at %s:%d: device, size or handle differ from the "
			   "allocation at %s:%d", kshim_site(file), line, kshim_site(m->file),
			   m->line);
	del_map(i);
	kshim_free(cpu_addr, KSHIM_MEM_DMA, file, line);
}

int dma_set_mask(struct device *dev, u64 mask)
{
	if (!dev->dma_mask || mask < DMA_BIT_MASK(24))
		return -EIO;
	*dev->dma_mask = mask;
	return 0;
}

int dma_set_coherent_mask(struct device *dev, u64 mask)
{
	if (mask < DMA_BIT_MASK(24))
		return -EIO;
	dev->coherent_dma_mask = mask;
	return 0;
}

int dma_set_mask_and_coherent(struct device *dev, u64 mask)
{
	int err = dma_set_mask(dev, mask);

	return err ? err : dma_set_coherent_mask(dev, mask);
}

dma_addr_t dma_map_single(struct device *dev, void *ptr, size_t size, enum dma_data_direction dir)
{
	dma_addr_t bus = dma_assign(dev, size, false);

	if (bus != DMA_MAPPING_ERROR)
		add_map(dev, bus, size, ptr, false, "dma_map_single", 0);
	return bus;
}

void dma_unmap_single(struct device *dev, dma_addr_t addr, size_t size,
		      enum dma_data_direction dir)
{
	size_t i = maps_upto(addr);

	if (i && !maps[i - 1].coherent && maps[i - 1].dev == dev && maps[i - 1].bus == addr) {
		del_map(i - 1);
		return;
	}
	kshim_fail("dma_unmap_single of bus address 0x%llx that is not mapped",
		   (unsigned long long)addr);
}

/* The CPU address for [addr, addr + len) inside one live mapping of pdev. */
static void *dma_find(struct pci_dev *pdev, uint64_t addr, size_t len)
{
	size_t i = maps_upto(addr);
	const struct dma_map *m = i ? &maps[i - 1] : NULL;

	if (m && m->dev == &pdev->dev && len <= m->size && addr - m->bus <= m->size - len)
		return (char *)m->cpu + (addr - m->bus);
	return NULL;
}

void *kshim_dma_ptr(struct pci_dev *pdev, uint64_t bus_addr, size_t len)
{
	return dma_find(pdev, bus_addr, len);
}

const uint64_t *kshim_dma_epoch(void)
{
	return &dma_epoch;
}

int kshim_dma_read(struct pci_dev *pdev, uint64_t bus_addr, void *buf, size_t len)
{
	void *p = dma_find(pdev, bus_addr, len);

	if (!p)
		return -EFAULT;
	memcpy(buf, p, len);
	return 0;
}

int kshim_dma_write(struct pci_dev *pdev, uint64_t bus_addr, const void *buf, size_t len)
{
	void *p = dma_find(pdev, bus_addr, len);

	if (!p)
		return -EFAULT;
	memcpy(p, buf, len);
	return 0;
}

void kshim_pci_fini(void)
{
	struct kshim_pci *k, *n;

	list_for_each_entry_safe(k, n, &devices, node) {
		if (k->removed) {
			kshim_fail("PCI device %s still referenced at kshim_fini (pci_dev_get "
				   "without pci_dev_put)", pci_name(&k->pdev));
		} else {
			kshim_fail("PCI device %s not removed before kshim_fini",
				   pci_name(&k->pdev));
			pci_teardown(k, "at kshim_fini");
		}
		list_del(&k->node);
		free(k);
	}
	for (int i = 0; i < MAX_DRIVERS; i++) {
		if (drivers[i])
			kshim_fail("PCI driver %s not unregistered before kshim_fini",
				   drivers[i]->name);
		drivers[i] = NULL;
	}
	free(maps);
	maps = NULL;
	nmaps = maps_cap = 0;
	dma_epoch++;
	bar_next = BAR_BASE;
	dma_high = DMA_HIGH_BASE;
	dma_low = DMA_LOW_BASE;
}
