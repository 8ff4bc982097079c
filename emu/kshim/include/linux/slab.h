/* SPDX-License-Identifier: MIT */
/*
 * Tracked allocations.  Every allocator is a macro that passes the call site
 * to kshim, which records it; kshim_fini() reports what is still live.  A
 * sleeping (GFP_KERNEL) allocation in atomic context is a failure, and
 * kshim_alloc_fail_after() makes a chosen allocation return NULL.
 */
#ifndef KSHIM_LINUX_SLAB_H
#define KSHIM_LINUX_SLAB_H

#include <linux/gfp.h>
#include <linux/overflow.h>

#define ZERO_SIZE_PTR		((void *)16)
#define ZERO_OR_NULL_PTR(x)	((unsigned long)(x) <= (unsigned long)ZERO_SIZE_PTR)

enum kshim_mem_kind {
	KSHIM_MEM_KMALLOC,
	KSHIM_MEM_VMALLOC,
	KSHIM_MEM_KVMALLOC,
	KSHIM_MEM_DMA,
	KSHIM_MEM_FIRMWARE,
};

void *kshim_alloc(size_t size, gfp_t gfp, enum kshim_mem_kind kind, const char *file, int line);
void kshim_free(const void *p, enum kshim_mem_kind kind, const char *file, int line);
void *kshim_krealloc(const void *p, size_t size, gfp_t gfp, const char *file, int line);
void *kshim_kmemdup(const void *src, size_t len, gfp_t gfp, const char *file, int line);
char *kshim_kasprintf(gfp_t gfp, const char *file, int line, const char *fmt, ...) __printf(4, 5);

#define kmalloc(size, gfp) \
	kshim_alloc((size), (gfp), KSHIM_MEM_KMALLOC, __FILE__, __LINE__)
#define kzalloc(size, gfp)		kmalloc(size, (gfp) | __GFP_ZERO)
#define kmalloc_array(n, size, gfp)	kmalloc(size_mul(n, size), gfp)
#define kcalloc(n, size, gfp)		kmalloc_array(n, size, (gfp) | __GFP_ZERO)
#define krealloc(p, size, gfp)	kshim_krealloc((p), (size), (gfp), __FILE__, __LINE__)
#define krealloc_array(p, n, size, gfp)	krealloc(p, size_mul(n, size), gfp)
#define kfree(p)		kshim_free((p), KSHIM_MEM_KMALLOC, __FILE__, __LINE__)

#define kvmalloc(size, gfp) \
	kshim_alloc((size), (gfp), KSHIM_MEM_KVMALLOC, __FILE__, __LINE__)
#define kvzalloc(size, gfp)		kvmalloc(size, (gfp) | __GFP_ZERO)
#define kvmalloc_array(n, size, gfp)	kvmalloc(size_mul(n, size), gfp)
#define kvcalloc(n, size, gfp)		kvmalloc_array(n, size, (gfp) | __GFP_ZERO)
#define kvfree(p)		kshim_free((p), KSHIM_MEM_KVMALLOC, __FILE__, __LINE__)

#define kmemdup(src, len, gfp)	kshim_kmemdup((src), (len), (gfp), __FILE__, __LINE__)
#define kstrdup(s, gfp)								\
	({									\
		const char *__s = (s);						\
		__s ? (char *)kmemdup(__s, strlen(__s) + 1, gfp) : NULL;	\
	})
#define kasprintf(gfp, fmt, ...) \
	kshim_kasprintf((gfp), __FILE__, __LINE__, fmt, ##__VA_ARGS__)

#endif /* KSHIM_LINUX_SLAB_H */
