/* SPDX-License-Identifier: MIT */
/*
 * MMIO.  An __iomem pointer points into a reserved, inaccessible window per
 * pci_iomap(), so a stray dereference crashes; the accessors find the window
 * and call the BAR's mmio ops with the offset.  8/16-bit reads are done as a
 * 32-bit read of the aligned dword.  An access outside every window is a
 * failure (and reads ~0).  IRQs are never delivered inside an access.
 */
#ifndef KSHIM_LINUX_IO_H
#define KSHIM_LINUX_IO_H

#include <linux/types.h>
#include <asm/barrier.h>

u32 kshim_mmio_read(const volatile void __iomem *addr, unsigned int size);
void kshim_mmio_write32(volatile void __iomem *addr, u32 value);

static inline u8 readb(const volatile void __iomem *addr)
{
	return (u8)kshim_mmio_read(addr, 1);
}

static inline u16 readw(const volatile void __iomem *addr)
{
	return (u16)kshim_mmio_read(addr, 2);
}

static inline u32 readl(const volatile void __iomem *addr)
{
	return kshim_mmio_read(addr, 4);
}

static inline void writel(u32 value, volatile void __iomem *addr)
{
	kshim_mmio_write32(addr, value);
}

#define readb_relaxed(a)	readb(a)
#define readw_relaxed(a)	readw(a)
#define readl_relaxed(a)	readl(a)
#define writel_relaxed(v, a)	writel(v, a)
#define ioread8(a)		readb(a)
#define ioread16(a)		readw(a)
#define ioread32(a)		readl(a)
#define iowrite32(v, a)		writel(v, a)

void memcpy_fromio(void *dst, const volatile void __iomem *src, size_t count);
/* Partial dwords at either end are read-modify-written. */
void memcpy_toio(volatile void __iomem *dst, const void *src, size_t count);

#endif /* KSHIM_LINUX_IO_H */
