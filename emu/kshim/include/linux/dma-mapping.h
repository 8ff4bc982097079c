/* SPDX-License-Identifier: MIT */
/*
 * DMA.  dma_alloc_coherent() returns zeroed, page-aligned memory with a bus
 * address that is deterministic, page-aligned, never reused in a run, at or
 * above 4 GiB when the device's mask allows (below it otherwise).  The device
 * side (kshim_dma_read/write) may only touch live mappings of that device.
 */
#ifndef KSHIM_LINUX_DMA_MAPPING_H
#define KSHIM_LINUX_DMA_MAPPING_H

#include <linux/device.h>
#include <linux/errno.h>
#include <linux/gfp.h>

#define DMA_BIT_MASK(n)		(((n) == 64) ? ~0ULL : ((1ULL << (n)) - 1))
#define DMA_MAPPING_ERROR	(~(dma_addr_t)0)

enum dma_data_direction {
	DMA_BIDIRECTIONAL = 0,
	DMA_TO_DEVICE = 1,
	DMA_FROM_DEVICE = 2,
	DMA_NONE = 3,
};

void *kshim_dma_alloc(struct device *dev, size_t size, dma_addr_t *dma_handle, gfp_t gfp,
		      const char *file, int line);
void kshim_dma_free(struct device *dev, size_t size, void *cpu_addr, dma_addr_t dma_handle,
		    const char *file, int line);
#define dma_alloc_coherent(dev, size, handle, gfp) \
	kshim_dma_alloc(dev, size, handle, gfp, __FILE__, __LINE__)
#define dma_free_coherent(dev, size, cpu_addr, handle) \
	kshim_dma_free(dev, size, cpu_addr, handle, __FILE__, __LINE__)

int dma_set_mask(struct device *dev, u64 mask);
int dma_set_coherent_mask(struct device *dev, u64 mask);
int dma_set_mask_and_coherent(struct device *dev, u64 mask);

/* Streaming mappings: the device reads and writes ptr itself. */
dma_addr_t dma_map_single(struct device *dev, void *ptr, size_t size,
			  enum dma_data_direction dir);
void dma_unmap_single(struct device *dev, dma_addr_t addr, size_t size,
		      enum dma_data_direction dir);

static inline int dma_mapping_error(struct device *dev, dma_addr_t dma_addr)
{
	return dma_addr == DMA_MAPPING_ERROR ? -ENOMEM : 0;
}

#define dma_sync_single_for_cpu(dev, addr, size, dir)		((void)0)
#define dma_sync_single_for_device(dev, addr, size, dir)	((void)0)

#endif /* KSHIM_LINUX_DMA_MAPPING_H */
