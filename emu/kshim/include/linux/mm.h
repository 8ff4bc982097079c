/* SPDX-License-Identifier: MIT */
#ifndef KSHIM_LINUX_MM_H
#define KSHIM_LINUX_MM_H

#include <linux/kernel.h>
#include <linux/vmalloc.h>

#define PAGE_SHIFT		12
#define PAGE_SIZE		(1UL << PAGE_SHIFT)
#define PAGE_MASK		(~(PAGE_SIZE - 1))
#define PAGE_ALIGN(addr)	ALIGN(addr, PAGE_SIZE)
#define PAGE_ALIGNED(addr)	IS_ALIGNED((unsigned long)(addr), PAGE_SIZE)
#define offset_in_page(p)	((unsigned long)(p) & ~PAGE_MASK)

/*
 * A user mapping, as a driver's mmap op sees it.  No pages are mapped:
 * kshim_iomem is where vfio_pci_core_mmap put a BAR's bytes (a pci_iomap
 * window, reached with readl/writel), NULL otherwise.
 */
struct vm_area_struct {
	unsigned long vm_start, vm_end;
	unsigned long vm_pgoff;		/* offset in the file, in pages */
	void *kshim_iomem;
};

#endif /* KSHIM_LINUX_MM_H */
