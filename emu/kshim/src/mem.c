// SPDX-License-Identifier: MIT
/*
 * The allocation tracker.  Records live in a hash table outside the
 * allocations, so a double free is detected without touching freed memory.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <linux/mm.h>
#include <linux/slab.h>

#include "internal.h"

#define NBUCKETS	4096

struct rec {
	struct rec *next;
	const void *p;
	size_t size;
	enum kshim_mem_kind kind;
	const char *file;
	int line;
	uint64_t seq;
	pid_t pid;	/* the allocating process (a Check case is a fork of its runner) */
};

static struct rec *buckets[NBUCKETS];
static uint64_t seq;

/*
 * This process's id, kept: glibc's getpid() is a system call, and every
 * allocation records it (a Check case is a fork of its runner).
 */
static pid_t self;

static void self_learn(void)
{
	self = getpid();
}

__attribute__((constructor)) static void self_init(void)
{
	self_learn();
	pthread_atfork(NULL, NULL, self_learn);
}
static size_t live_bytes;
/*
 * Failure injection: per class, the countdown to the allocation that fails
 * (-1: none armed) and how many allocations were attempted since kshim_init.
 */
static long fail_nth[KSHIM_ALLOC_NCLASSES] = { -1, -1, -1, -1 };
static unsigned long attempts[KSHIM_ALLOC_NCLASSES];

static const char *const kind_alloc[] = {
	[KSHIM_MEM_KMALLOC] = "kmalloc",
	[KSHIM_MEM_VMALLOC] = "vmalloc",
	[KSHIM_MEM_KVMALLOC] = "kvmalloc",
	[KSHIM_MEM_DMA] = "dma_alloc_coherent",
	[KSHIM_MEM_FIRMWARE] = "request_firmware",
};

static const char *const kind_free[] = {
	[KSHIM_MEM_KMALLOC] = "kfree",
	[KSHIM_MEM_VMALLOC] = "vfree",
	[KSHIM_MEM_KVMALLOC] = "kvfree",
	[KSHIM_MEM_DMA] = "dma_free_coherent",
	[KSHIM_MEM_FIRMWARE] = "release_firmware",
};

static struct rec **slot(const void *p)
{
	uintptr_t h = (uintptr_t)p >> 4;

	return &buckets[(h ^ (h >> 12)) % NBUCKETS];
}

void kshim_alloc_fail_after(long n)
{
	kshim_alloc_fail_nth(KSHIM_ALLOC_ANY, n);
}

void kshim_alloc_fail_nth(enum kshim_alloc_class c, long n)
{
	fail_nth[c] = n;
}

unsigned long kshim_alloc_count(enum kshim_alloc_class c)
{
	return attempts[c];
}

static kshim_alloc_watch_fn watch_fn;
static void *watch_ctx;

void kshim_alloc_watch(kshim_alloc_watch_fn fn, void *ctx)
{
	watch_fn = fn;
	watch_ctx = ctx;
}

bool kshim_alloc_injected(enum kshim_alloc_class c, const char *file, int line)
{
	bool fail = false;

	if (watch_fn)
		watch_fn(watch_ctx, c, kshim_site(file), line);

	attempts[KSHIM_ALLOC_ANY]++;
	attempts[c]++;
	if (fail_nth[KSHIM_ALLOC_ANY] >= 0 && fail_nth[KSHIM_ALLOC_ANY]-- == 0)
		fail = true;
	if (fail_nth[c] >= 0 && fail_nth[c]-- == 0)
		fail = true;
	return fail;
}

/* request_firmware counts itself (kshim_request_firmware), once per call. */
static const enum kshim_alloc_class kind_class[] = {
	[KSHIM_MEM_KMALLOC] = KSHIM_ALLOC_HEAP,
	[KSHIM_MEM_VMALLOC] = KSHIM_ALLOC_HEAP,
	[KSHIM_MEM_KVMALLOC] = KSHIM_ALLOC_HEAP,
	[KSHIM_MEM_DMA] = KSHIM_ALLOC_DMA,
};

/*
 * The page arena: dma_alloc_coherent's memory, and vmalloc's and kvmalloc's
 * of ARENA_MIN or more.  glibc's heap would serve them from memory it hands
 * out again and again and, under meson's MALLOC_PERTURB_, fill every block
 * on allocation and on free.  A GSP boot allocates ~40 MiB of DMA chunks; in
 * a case forked from a runner that booted (Check forks every test), filling
 * blocks the runner's heap held copies each page on write, a fault per
 * 4 KiB (docs/testing.md, "Speed").  Here: anonymous regions, 2 MiB aligned
 * and advised for transparent huge pages, blocks handed out bottom up, so a
 * block from a fresh region is zero as the kernel faulted it (nothing to
 * clear).  A freed block under ARENA_POISON_MAX that this process allocated
 * is filled with POISON_FREE, and the poison is checked when its region is
 * taken again or unmapped, or the session ends (a write after the free fails
 * there, naming the block's allocation; a read after it reads 0x6b).  A
 * larger block, or one the process inherited from its parent (filling it
 * would copy its pages), is made inaccessible, so that a CPU access after
 * the free faults at once; the next block is then taken from the next 2 MiB
 * boundary (the huge page the freed block ends in is split for good).
 * A region that empties is kept, one per process (the spare), its freed
 * blocks still poisoned or inaccessible; the process's next region is the
 * spare, its pages still faulted in, and a block taken from where the last
 * use reached (dirty) is zeroed, which costs far less on the test VM than
 * fresh pages: each first touch of a page there is a hypervisor exit
 * (bench/RESULTS.md, arenahot: a stress seed boots and tears down in one
 * process, ~2.3 MiB of DMA blocks a boot).  Changing a mapping's protection
 * flushes the TLB, through the hypervisor, and splits the huge pages at its
 * ends into 4 KiB pages whose every first touch after a flush is an exit
 * again: ~38 small blocks per boot replaced made that a sixth of a stress
 * seed (round 5), and the 570.144 boot's three blocks of 384 KiB to 1 MiB
 * made inaccessible in a kept region cost more than the kept pages saved
 * (arenahot), hence ARENA_POISON_MAX 2 MiB: a 535.113.01 boot's 1 MiB
 * chunks are poisoned too.  The spare of a parent
 * is not taken by its child (writing it would copy its pages 4 KiB at a
 * time) but unmapped there.  What a
 * large vmalloc or kvmalloc buffer never had written reads zero, not
 * perturbation's garbage: valgrind (the valgrind setup) reports such reads.
 * Under AddressSanitizer, ThreadSanitizer or valgrind the blocks stay on
 * their allocator, which watches them (a read after the free included).
 */
#define ARENA_MIN	(1ul << 20)
#define ARENA_ALIGN	(2ul << 20)
#define ARENA_SIZE	(64ul << 20)
#define ARENA_POISON_MAX (2ul << 20)
/* linux/poison.h POISON_FREE: what SLUB's debugging writes into a freed object. */
#define POISON_FREE	0x6b

#ifndef __has_feature
#define __has_feature(x) 0
#endif
#if defined(__SANITIZE_ADDRESS__) || __has_feature(address_sanitizer) || defined(KSHIM_TSAN) || \
	defined(KSHIM_TSAN_KERNEL)
#define ARENA_OFF()	true
#elif defined(__has_include)
#if __has_include(<valgrind/valgrind.h>)
#include <valgrind/valgrind.h>
#define ARENA_OFF()	(RUNNING_ON_VALGRIND != 0)
#endif
#endif
#ifndef ARENA_OFF
#define ARENA_OFF()	false
#endif

/* A poisoned block: where, and where it was allocated (for the report). */
struct poisoned {
	uint8_t *p;
	size_t size;
	enum kshim_mem_kind kind;
	const char *file;
	int line;
};

struct region {
	struct region *next;
	uint8_t *base;
	size_t size, used;	/* bytes; blocks are taken from base + used */
	size_t dirty;		/* bytes from base that an earlier use may have written */
	unsigned long live;
	pid_t pid;		/* the process that mapped it */
	bool guarded;		/* a freed block in it is inaccessible */
	struct poisoned *poisoned;
	size_t npoisoned, cap;
};

static struct region *regions;
/*
 * The last region that emptied, kept mapped for this process's next one
 * (its pages stay faulted in); its freed blocks stay poisoned or
 * inaccessible until it is taken again (the poison is also checked when a
 * kshim session ends).
 */
static struct region *spare;

/* The first byte of [p, p + len) that is not POISON_FREE, or NULL. */
static const uint8_t *unpoisoned(const uint8_t *p, size_t len)
{
	static uint8_t poison[PAGE_SIZE];
	size_t n;

	if (!poison[0])
		memset(poison, POISON_FREE, sizeof(poison));
	for (; len; p += n, len -= n) {
		n = min(len, sizeof(poison));
		if (memcmp(p, poison, n))
			for (size_t i = 0; i < n; i++)
				if (p[i] != POISON_FREE)
					return p + i;
	}
	return NULL;
}

static void check_poisoned(const struct region *r)
{
	for (size_t i = 0; i < r->npoisoned; i++) {
		const struct poisoned *b = &r->poisoned[i];
		const uint8_t *at = unpoisoned(b->p, b->size);

		if (at)
			kshim_fail("write after free: byte +0x%zx of the %zu-byte %s block from %s:%d "
				   "is 0x%02x, not the poison 0x%02x %s wrote",
				   (size_t)(at - b->p), b->size, kind_alloc[b->kind],
				   kshim_site(b->file), b->line, *at, POISON_FREE, kind_free[b->kind]);
	}
}

/* A region gone: its poison checked (a write after a free fails here), then unmapped. */
static void region_unmap(struct region *r)
{
	check_poisoned(r);
	munmap(r->base, r->size);
	free(r->poisoned);
	free(r);
}

/*
 * The spare's freed blocks checked and made usable again: what the last use
 * wrote stays (hot, not faulted anew) below dirty, and is zeroed when handed
 * out again.
 */
static void spare_take(void)
{
	struct region *r = spare;

	spare = NULL;
	check_poisoned(r);
	if (r->guarded && mprotect(r->base, r->dirty, PROT_READ | PROT_WRITE))
		abort();
	r->guarded = false;
	r->npoisoned = 0;
	r->used = 0;
	r->next = regions;
	regions = r;
}

static void *arena_alloc(size_t size)
{
	struct region *r = regions;
	uint8_t *p;

	size = PAGE_ALIGN(size);
	if (spare && (spare->pid != self || spare->size < size)) {
		/*
		 * A region of the parent's (writing its pages would copy each,
		 * 4 KiB at a time, where a fresh region faults in huge pages),
		 * or one too small.
		 */
		region_unmap(spare);
		spare = NULL;
	}
	if ((!r || r->size - r->used < size) && spare) {
		spare_take();
		r = regions;
	} else if (!r || r->size - r->used < size) {
		size_t len = max(ARENA_SIZE, ALIGN(size, ARENA_ALIGN));
		uint8_t *m = mmap(NULL, len + ARENA_ALIGN, PROT_READ | PROT_WRITE,
				  MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
		uint8_t *base;

		if (m == MAP_FAILED)
			return NULL;
		base = (uint8_t *)ALIGN((uintptr_t)m, ARENA_ALIGN);
		if (base > m)
			munmap(m, (size_t)(base - m));
		munmap(base + len, ARENA_ALIGN - (size_t)(base - m));
		madvise(base, len, MADV_HUGEPAGE);
		r = kshim_xzalloc(sizeof(*r));
		*r = (struct region){ .next = regions, .base = base, .size = len, .pid = self };
		regions = r;
	}
	p = r->base + r->used;
	if (r->used < r->dirty)
		memset(p, 0, min(size, r->dirty - r->used));	/* hot, written before */
	r->used += size;
	r->dirty = max(r->dirty, r->used);
	r->live++;
	return p;
}

static void arena_free(const struct rec *b)
{
	uint8_t *p = (uint8_t *)b->p;
	size_t size = PAGE_ALIGN(b->size);
	struct region **pp, *r;

	for (pp = &regions; !(p >= (*pp)->base && p < (*pp)->base + (*pp)->size); pp = &(*pp)->next)
		;
	r = *pp;
	if (!--r->live) {
		*pp = r->next;
		if (r->pid != self || spare) {
			region_unmap(r);
			return;
		}
		spare = r;	/* its last block guarded as the others were */
	}
	if (size < ARENA_POISON_MAX && b->pid == self) {
		if (r->npoisoned == r->cap) {
			r->cap = r->cap ? 2 * r->cap : 64;
			r->poisoned = realloc(r->poisoned, r->cap * sizeof(*r->poisoned));
			if (!r->poisoned)
				abort();
		}
		memset(p, POISON_FREE, size);
		r->poisoned[r->npoisoned++] = (struct poisoned){
			.p = p, .size = size, .kind = b->kind, .file = b->file, .line = b->line
		};
		return;
	}
	/*
	 * Inaccessible until its region is taken again or unmapped; its pages
	 * stay (one the process inherited is not copied: nothing writes it).
	 */
	if (mprotect(p, size, PROT_NONE))
		abort();
	r->guarded = true;
	/*
	 * The huge page that its end falls in can no longer be one (its
	 * start now has other protections): blocks taken from the rest of it
	 * would fault in 4 KiB at a time, each fault a hypervisor exit.
	 * The next block starts on the next 2 MiB boundary.
	 */
	r->used = max(r->used, min(r->size, (size_t)(ALIGN((uintptr_t)(p + size), ARENA_ALIGN) -
						    (uintptr_t)r->base)));
}

bool kshim_mem_arena(void)
{
	static int on = -1;

	if (on < 0)
		on = !ARENA_OFF();
	return on;
}

static bool in_arena(enum kshim_mem_kind kind, size_t size)
{
	if (!kshim_mem_arena() || kind == KSHIM_MEM_KMALLOC || kind == KSHIM_MEM_FIRMWARE)
		return false;
	return kind == KSHIM_MEM_DMA || size >= ARENA_MIN;
}

size_t kshim_bytes_allocated(void)
{
	return live_bytes;
}

void *kshim_alloc(size_t size, gfp_t gfp, enum kshim_mem_kind kind, const char *file, int line)
{
	bool page_aligned = kind == KSHIM_MEM_VMALLOC || kind == KSHIM_MEM_DMA;
	struct rec *r;
	void *p;

	if ((gfp & __GFP_DIRECT_RECLAIM) && kshim_atomic_ctx())
		kshim_fail("sleeping allocation in atomic context: %s(%zu, GFP_KERNEL) at %s:%d "
			   "in %s", kind_alloc[kind], size, kshim_site(file), line, kshim_cur->name);
	if (kind != KSHIM_MEM_FIRMWARE && kshim_alloc_injected(kind_class[kind], file, line)) {
		printk(KERN_WARNING "kshim: injected failure of %s(%zu) at %s:%d\n",
		       kind_alloc[kind], size, kshim_site(file), line);
		return NULL;
	}
	if (!size)
		return ZERO_SIZE_PTR;
	if (size == SIZE_MAX)
		return NULL;	/* an overflowed size_mul()/struct_size() */
	if (in_arena(kind, size)) {
		p = arena_alloc(size);	/* zero: fresh pages */
		if (!p)
			return NULL;
	} else {
		p = page_aligned ? aligned_alloc(PAGE_SIZE, PAGE_ALIGN(size)) : malloc(size);
		if (!p)
			return NULL;
		if (gfp & __GFP_ZERO)
			memset(p, 0, size);
	}
	r = kshim_xzalloc(sizeof(*r));
	*r = (struct rec){ .next = *slot(p), .p = p, .size = size, .kind = kind,
			   .file = file, .line = line, .seq = seq++, .pid = self };
	*slot(p) = r;
	live_bytes += size;
	return p;
}

static struct rec *lookup(const void *p)
{
	struct rec *r;

	for (r = *slot(p); r; r = r->next)
		if (r->p == p)
			return r;
	return NULL;
}

static size_t forget(const void *p)
{
	struct rec **pp, *r;
	size_t size;

	for (pp = slot(p); (*pp)->p != p; pp = &(*pp)->next)
		;
	r = *pp;
	*pp = r->next;
	size = r->size;
	live_bytes -= size;
	if (in_arena(r->kind, size))
		arena_free(r);
	else
		free((void *)p);
	free(r);
	return size;
}

static bool kinds_match(enum kshim_mem_kind have, enum kshim_mem_kind freer)
{
	if (freer == KSHIM_MEM_KVMALLOC)
		return have <= KSHIM_MEM_KVMALLOC;
	return have == freer;
}

void kshim_free(const void *p, enum kshim_mem_kind kind, const char *file, int line)
{
	struct rec *r;

	if (ZERO_OR_NULL_PTR(p))
		return;
	r = lookup(p);
	if (!r) {
		kshim_fail("%s at %s:%d of a pointer that is not allocated (double free?)",
			   kind_free[kind], kshim_site(file), line);
		return;
	}
	if (!kinds_match(r->kind, kind))
		kshim_fail("%s at %s:%d of memory from %s at %s:%d", kind_free[kind],
			   kshim_site(file), line, kind_alloc[r->kind], kshim_site(r->file),
			   r->line);
	forget(p);
}

void *kshim_krealloc(const void *p, size_t size, gfp_t gfp, const char *file, int line)
{
	struct rec *r = ZERO_OR_NULL_PTR(p) ? NULL : lookup(p);
	void *n;

	if (!ZERO_OR_NULL_PTR(p) && !r) {
		kshim_fail("krealloc at %s:%d of a pointer that is not allocated",
			   kshim_site(file), line);
		return NULL;
	}
	if (!size) {
		kshim_free(p, KSHIM_MEM_KMALLOC, file, line);
		return ZERO_SIZE_PTR;
	}
	n = kshim_alloc(size, gfp & ~__GFP_ZERO, KSHIM_MEM_KMALLOC, file, line);
	if (ZERO_OR_NULL_PTR(n) || !r)
		return n;
	memcpy(n, p, min(size, r->size));
	if ((gfp & __GFP_ZERO) && size > r->size)
		memset((char *)n + r->size, 0, size - r->size);
	kshim_free(p, KSHIM_MEM_KMALLOC, file, line);
	return n;
}

void *kshim_kmemdup(const void *src, size_t len, gfp_t gfp, const char *file, int line)
{
	void *p = kshim_alloc(len, gfp, KSHIM_MEM_KMALLOC, file, line);

	if (!ZERO_OR_NULL_PTR(p))
		memcpy(p, src, len);
	return p;
}

char *kshim_kasprintf(gfp_t gfp, const char *file, int line, const char *fmt, ...)
{
	va_list ap;
	char *p;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	p = kshim_alloc((size_t)n + 1, gfp, KSHIM_MEM_KMALLOC, file, line);
	if (!p)
		return NULL;
	va_start(ap, fmt);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return p;
}

static int by_seq(const void *a, const void *b)
{
	const struct rec *x = *(struct rec *const *)a, *y = *(struct rec *const *)b;

	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

void kshim_mem_fini(void)
{
	struct rec **all = NULL;
	size_t n = 0;

	for (unsigned int i = 0; i < NBUCKETS; i++) {
		for (struct rec *r = buckets[i]; r; r = r->next) {
			all = realloc(all, (n + 1) * sizeof(*all));
			if (!all)
				abort();
			all[n++] = r;
		}
	}
	if (n)
		qsort(all, n, sizeof(*all), by_seq);
	for (size_t i = 0; i < n; i++) {
		kshim_fail("leak: %zu bytes from %s:%d%s%s%s", all[i]->size, kshim_site(all[i]->file),
			   all[i]->line, all[i]->kind ? " (" : "",
			   all[i]->kind ? kind_alloc[all[i]->kind] : "", all[i]->kind ? ")" : "");
		forget(all[i]->p);
	}
	free(all);
	if (spare) {
		/* A write after a free in the session's last region fails this session. */
		check_poisoned(spare);
		spare->npoisoned = 0;
	}
	seq = 0;
	watch_fn = NULL;
	for (unsigned int c = 0; c < KSHIM_ALLOC_NCLASSES; c++) {
		fail_nth[c] = -1;
		attempts[c] = 0;
	}
}
