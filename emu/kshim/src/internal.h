/* SPDX-License-Identifier: MIT */
/* Shared between kshim's source files; not part of any API. */
#ifndef KSHIM_INTERNAL_H
#define KSHIM_INTERNAL_H

#include <kshim/kshim.h>
#include <linux/device.h>
#include <linux/list.h>
#include <linux/lockdep.h>

#define KSHIM_NO_DEADLINE	UINT64_MAX

/*
 * ThreadSanitizer.  KSHIM_TSAN_KERNEL (meson -Dtsan_sync=kernel with
 * -Db_sanitize=thread; docs/testing.md): kshim and the model are built
 * without instrumentation, every task is a TSan thread of its own that a
 * task switch does not order, and kshim declares exactly the orderings the
 * kernel guarantees: kshim_hb_release(obj) where the kernel publishes (unlock,
 * complete, wake_up, queue_work, mod_timer, a task's start and exit, a
 * handler's return), kshim_hb_acquire(obj) where it observes (lock, a wait
 * that was woken, a work item or timer starting, flush, join,
 * synchronize_irq).  Data the driver shares without one of these is a race
 * TSan reports.  Otherwise a switch orders everything, as one CPU does.
 */
#if defined(KSHIM_TSAN_KERNEL)
#define KSHIM_TSAN 1
void __tsan_acquire(void *addr);
void __tsan_release(void *addr);
#define kshim_hb_acquire(obj)	__tsan_acquire((void *)(obj))
#define kshim_hb_release(obj)	__tsan_release((void *)(obj))
/*
 * The device side (clock clients and MMIO handlers: the model and the
 * harness's wrappers around it) is hardware, not a CPU: TSan neither checks
 * its accesses nor orders anything through it.
 */
void AnnotateIgnoreReadsBegin(const char *file, int line);
void AnnotateIgnoreReadsEnd(const char *file, int line);
void AnnotateIgnoreWritesBegin(const char *file, int line);
void AnnotateIgnoreWritesEnd(const char *file, int line);
#define kshim_device_begin()						\
	do {								\
		AnnotateIgnoreReadsBegin(__FILE__, __LINE__);		\
		AnnotateIgnoreWritesBegin(__FILE__, __LINE__);		\
	} while (0)
#define kshim_device_end()						\
	do {								\
		AnnotateIgnoreWritesEnd(__FILE__, __LINE__);		\
		AnnotateIgnoreReadsEnd(__FILE__, __LINE__);		\
	} while (0)
/*
 * What the CPU hands the device before an MMIO write (a doorbell) comes
 * before whatever the device does next, and so before any interrupt it
 * raises: MMIO writes release kshim_device_hb, IRQ handlers acquire it.
 */
extern char kshim_device_hb;
#else
#define kshim_device_begin()	do { } while (0)
#define kshim_device_end()	do { } while (0)
#if defined(__SANITIZE_THREAD__)
#define KSHIM_TSAN 1
#elif defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define KSHIM_TSAN 1
#endif
#endif
#define kshim_hb_acquire(obj)	do { } while (0)
#define kshim_hb_release(obj)	do { } while (0)
#endif
#define KSHIM_MAX_HELD		32

/*
 * The execution backend (task.h).  KSHIM_THREADS (-Dtsan_sync=threads): every
 * task is a pthread and runs at once with the others; kshim's own state (and
 * the device side it calls: clock clients, MMIO and DMA callbacks) is under
 * one big lock, taken on entry to kshim and dropped while a task blocks and
 * while kshim calls back into the driver (kshim_callout: a task's function,
 * a work item, an IRQ handler, a timer).  Otherwise tasks are fibers on one
 * OS thread and nothing needs a lock.
 */
#if defined(KSHIM_THREADS)
#include <sanitizer/tsan_interface.h>
#define KSHIM_THREADED	1
#define KSHIM_TLS	__thread
/*
 * The driver's mutexes and spinlocks are TSan mutexes too: reports name the
 * locks held, and TSan checks their order (lock-order inversions).
 */
#define kshim_tsan_locked(map, flags)					\
	do {								\
		__tsan_mutex_pre_lock(map, flags);			\
		__tsan_mutex_post_lock(map, flags, 0);			\
	} while (0)
#define kshim_tsan_unlock_begin(map)	((void)__tsan_mutex_pre_unlock(map, 0))
#define kshim_tsan_unlock_end(map)	__tsan_mutex_post_unlock(map, 0)
unsigned int kshim_big_drop(void);
void kshim_big_take(unsigned int depth);
#define kshim_callout(stmt)						\
	do {								\
		unsigned int kshim_depth_ = kshim_big_drop();		\
		stmt;							\
		kshim_big_take(kshim_depth_);				\
	} while (0)
#else
#define KSHIM_THREADED	0
#define KSHIM_TLS
#define kshim_tsan_locked(map, flags)	do { } while (0)
#define kshim_tsan_unlock_begin(map)	do { } while (0)
#define kshim_tsan_unlock_end(map)	do { } while (0)
#define kshim_callout(stmt)	do { stmt; } while (0)
#endif

struct kshim_task;

/* Where code runs, for the lock and atomic-context rules. */
struct kshim_ctx {
	const char *name;		/* "task main", "hardirq", "softirq", "kshim" */
	struct kshim_held {
		struct lockdep_map *map;
		bool spin;
		bool skipped;		/* acquisition refused after a failure */
	} held[KSHIM_MAX_HELD];
	unsigned int nheld;
	unsigned int spin_depth;
	bool irqs_off;
};

/* core.c */
extern KSHIM_TLS struct kshim_ctx *kshim_cur;	/* the running context (per thread) */
extern uint64_t kshim_now;		/* virtual time, ns */
extern uint64_t kshim_progress;		/* bumped when a task runs or time moves */
void kshim_log_write(const char *prefix, const char *fmt, va_list ap) __printf(2, 0);
void kshim_vfail(const char *fmt, va_list ap) __printf(1, 0);
const char *kshim_site(const char *file);
/* Count one allocation of class c (mem.c); true if it is the one to fail. */
bool kshim_alloc_injected(enum kshim_alloc_class c, const char *file, int line);
void *kshim_xzalloc(size_t size);
char *kshim_xasprintf(const char *fmt, ...) __printf(1, 2);

/* sched.c */
extern struct kshim_ctx kshim_hardirq_ctx, kshim_softirq_ctx;
struct kshim_task *kshim_task_create(const char *name, int (*fn)(void *), void *arg,
				     bool internal, bool start);
int kshim_task_reap(struct kshim_task *t);
extern KSHIM_TLS struct kshim_task *kshim_running;	/* the task this thread runs, any context */
bool kshim_block(const void *chan, const char *what, const char *obj, uint64_t deadline);
/* Waits for a spinlock's owner in any context (threads: another CPU holds it). */
bool kshim_block_spin(const void *chan, const char *obj);
/*
 * Who may be waiting on a channel, by a hash of its address (sched.c keeps
 * the counts): a wake of a channel whose bucket is zero has no task to find,
 * and most are (every unlock wakes its lock), so that test is inline.
 */
#define KSHIM_WATCH_BUCKETS	256
extern unsigned int kshim_watching[KSHIM_WATCH_BUCKETS];

static inline unsigned int *kshim_watch_of(const void *chan)
{
	return &kshim_watching[((uintptr_t)chan >> 4) % KSHIM_WATCH_BUCKETS];
}

/* kshim_kick once chan's bucket counts a task: finds the ones waiting on chan. */
void kshim_kick_watched(const void *chan);

/* kshim_wake that orders nothing (kshim's own notice, not the kernel's). */
static inline void kshim_kick(const void *chan)
{
	if (*kshim_watch_of(chan))
		kshim_kick_watched(chan);
}

static inline void kshim_wake(const void *chan)
{
	kshim_hb_release(chan);
	kshim_kick(chan);
}
bool kshim_wait_woken(const void *wq);
bool kshim_has_waiters(const void *chan);
void kshim_sched_init(void);
void kshim_sched_fini(void);

/* lock.c */
bool kshim_sleep_ok(const char *what);
bool kshim_atomic_ctx(void);
void kshim_ctx_release_all(struct kshim_ctx *ctx, const char *when);

/* irq.c */
extern struct kshim_ctx *kshim_irq_interrupted;
unsigned int kshim_irq_create(const char *owner);
void kshim_irq_destroy(unsigned int irq);
void kshim_irq_set_line(unsigned int irq, bool level);
void kshim_irq_pulse(unsigned int irq);
bool kshim_irq_busy(unsigned int irq);
void kshim_irq_deliver(struct kshim_ctx *interrupted);
void kshim_irq_init(void);
void kshim_irq_fini(void);

/* time.c */
void kshim_timers_run(void);
uint64_t kshim_timers_next(void);
void kshim_timers_fini(void);

/* work.c */
void kshim_work_init(void);
void kshim_work_fini(void);

/* mem.c */
void kshim_mem_fini(void);

/* iov.c: SR-IOV state of a PF, set up before its probe, checked at its removal */
struct pci_dev *kshim_pci_add_fn(const struct kshim_pci_desc *d, struct pci_dev *physfn);
u8 *kshim_pci_config(struct pci_dev *pdev);
uint64_t kshim_pci_place(uint64_t size);
void kshim_iov_init(struct pci_dev *pdev, const struct kshim_sriov_desc *d);
void kshim_iov_teardown(struct pci_dev *pdev, const char *when);
void kshim_iov_release(struct pci_dev *pdev);

/* sysfs.c */
void kshim_sysfs_unbind(struct device *dev);

/* pci.c, device.c, debugfs.c */
void kshim_unbind_cleanup(struct device *dev);
void kshim_pci_fini(void);
void kshim_bus_fini(void);
void kshim_debugfs_fini(void);

#endif /* KSHIM_INTERNAL_H */
