/* SPDX-License-Identifier: MIT */
/*
 * Wait queues.  A waiter blocks the task on the queue (with a virtual
 * deadline for the _timeout forms) and re-checks its condition after every
 * wake-up.  There are no signals: the interruptible forms never return
 * -ERESTARTSYS.  Return values are exactly the kernel's.
 */
#ifndef KSHIM_LINUX_WAIT_H
#define KSHIM_LINUX_WAIT_H

#include <linux/jiffies.h>
#include <linux/list.h>
#include <linux/sched.h>

struct wait_queue_head {
	const char *name;
};
typedef struct wait_queue_head wait_queue_head_t;

#define __WAIT_QUEUE_HEAD_INITIALIZER(wqname)	{ .name = #wqname }
#define DECLARE_WAIT_QUEUE_HEAD(wqname) \
	wait_queue_head_t wqname = __WAIT_QUEUE_HEAD_INITIALIZER(wqname)

static inline void __init_waitqueue_head(wait_queue_head_t *wq, const char *name)
{
	wq->name = name;
}
#define init_waitqueue_head(wq)		__init_waitqueue_head(wq, #wq)

/* Wakes every task blocked on wq; they re-check their conditions. */
void kshim_wake_up(wait_queue_head_t *wq);
bool waitqueue_active(wait_queue_head_t *wq);
#define wake_up(wq)			kshim_wake_up(wq)
#define wake_up_all(wq)			kshim_wake_up(wq)
#define wake_up_interruptible(wq)	kshim_wake_up(wq)
#define wake_up_interruptible_all(wq)	kshim_wake_up(wq)

/*
 * The virtual-time deadline for a timeout of the given jiffies (U64_MAX for
 * MAX_SCHEDULE_TIMEOUT), and one sleep on wq until a wake-up or that
 * deadline: returns the jiffies left (MAX_SCHEDULE_TIMEOUT without deadline),
 * 0 once the deadline has passed or when the caller cannot sleep.
 */
u64 kshim_timeout_deadline(long timeout);
long kshim_wait_once(wait_queue_head_t *wq, u64 deadline);
/*
 * The kernel's prepare_to_wait, before each look at the condition: a wake-up
 * of wq that comes while the condition is evaluated (tasks on threads, kshim
 * built with -Dtsan_sync=threads) makes the next kshim_wait_once return at
 * once instead of being lost.
 */
void kshim_wait_prepare(wait_queue_head_t *wq);

/* true when the wait is over: condition met (then at least 1 left) or time up */
#define ___wait_cond_timeout(condition)						\
	({									\
		bool __cond = (condition);					\
		if (__cond && !__ret)						\
			__ret = 1;						\
		__cond || !__ret;						\
	})

#define __kshim_wait_event(wq, condition, timeout)				\
	({									\
		long __ret = (timeout);						\
		might_sleep();							\
		kshim_wait_prepare(&(wq));					\
		if (!___wait_cond_timeout(condition)) {				\
			u64 __deadline = kshim_timeout_deadline(__ret);		\
			do {							\
				__ret = kshim_wait_once(&(wq), __deadline);	\
				kshim_wait_prepare(&(wq));			\
			} while (!___wait_cond_timeout(condition));		\
		}								\
		__ret;								\
	})

#define wait_event(wq, condition) \
	((void)__kshim_wait_event(wq, condition, MAX_SCHEDULE_TIMEOUT))
#define wait_event_timeout(wq, condition, timeout) \
	__kshim_wait_event(wq, condition, timeout)
#define wait_event_interruptible(wq, condition) \
	({ (void)__kshim_wait_event(wq, condition, MAX_SCHEDULE_TIMEOUT); 0; })
#define wait_event_interruptible_timeout(wq, condition, timeout) \
	__kshim_wait_event(wq, condition, timeout)
#define wait_event_killable(wq, condition)	wait_event_interruptible(wq, condition)

#endif /* KSHIM_LINUX_WAIT_H */
