/* SPDX-License-Identifier: MIT */
#ifndef KSHIM_LINUX_VMALLOC_H
#define KSHIM_LINUX_VMALLOC_H

#include <linux/slab.h>

#define vmalloc(size) \
	kshim_alloc((size), GFP_KERNEL, KSHIM_MEM_VMALLOC, __FILE__, __LINE__)
#define vzalloc(size) \
	kshim_alloc((size), GFP_KERNEL | __GFP_ZERO, KSHIM_MEM_VMALLOC, __FILE__, __LINE__)
#define vfree(p)		kshim_free((p), KSHIM_MEM_VMALLOC, __FILE__, __LINE__)

#endif /* KSHIM_LINUX_VMALLOC_H */
