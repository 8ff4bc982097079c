/* SPDX-License-Identifier: MIT */
/*
 * Workqueues.  Each workqueue has one worker task that runs its items in
 * queueing order (so every workqueue is effectively ordered); delayed work
 * is a timer that queues the item when it fires.
 */
#ifndef KSHIM_LINUX_WORKQUEUE_H
#define KSHIM_LINUX_WORKQUEUE_H

#include <linux/timer.h>

struct work_struct;
struct workqueue_struct;
typedef void (*work_func_t)(struct work_struct *work);

struct work_struct {
	struct list_head entry;
	work_func_t func;
	bool pending;
	struct workqueue_struct *wq;	/* where it was last queued */
	u64 ticket;			/* queueing order on wq, for flushes */
};

struct delayed_work {
	struct work_struct work;
	struct timer_list timer;
	struct workqueue_struct *wq;
};

void kshim_delayed_work_timer_fn(struct timer_list *t);

#define INIT_WORK(_work, _func)							\
	do {									\
		*(_work) = (struct work_struct){ .func = (_func) };		\
		INIT_LIST_HEAD(&(_work)->entry);				\
	} while (0)
#define INIT_DELAYED_WORK(_dwork, _func)					\
	do {									\
		INIT_WORK(&(_dwork)->work, _func);				\
		timer_setup(&(_dwork)->timer, kshim_delayed_work_timer_fn, 0);	\
	} while (0)
#define work_pending(work)		((work)->pending)
#define delayed_work_pending(dwork)	work_pending(&(dwork)->work)

static inline struct delayed_work *to_delayed_work(struct work_struct *work)
{
	return container_of(work, struct delayed_work, work);
}

enum {
	WQ_UNBOUND		= 1 << 1,
	WQ_FREEZABLE		= 1 << 2,
	WQ_MEM_RECLAIM		= 1 << 3,
	WQ_HIGHPRI		= 1 << 4,
	WQ_CPU_INTENSIVE	= 1 << 5,
	WQ_SYSFS		= 1 << 6,
	__WQ_ORDERED		= 1 << 17,
};

extern struct workqueue_struct *system_wq;

struct workqueue_struct *alloc_workqueue(const char *fmt, unsigned int flags,
					 int max_active, ...) __printf(1, 4);
#define alloc_ordered_workqueue(fmt, flags, args...) \
	alloc_workqueue(fmt, __WQ_ORDERED | (flags), 1, ##args)
void destroy_workqueue(struct workqueue_struct *wq);
void flush_workqueue(struct workqueue_struct *wq);
#define drain_workqueue(wq)	flush_workqueue(wq)

bool queue_work(struct workqueue_struct *wq, struct work_struct *work);
bool queue_delayed_work(struct workqueue_struct *wq, struct delayed_work *dwork,
			unsigned long delay);
bool mod_delayed_work(struct workqueue_struct *wq, struct delayed_work *dwork,
		      unsigned long delay);
bool flush_work(struct work_struct *work);
bool flush_delayed_work(struct delayed_work *dwork);
bool cancel_work(struct work_struct *work);
bool cancel_work_sync(struct work_struct *work);
bool cancel_delayed_work(struct delayed_work *dwork);
bool cancel_delayed_work_sync(struct delayed_work *dwork);

static inline bool schedule_work(struct work_struct *work)
{
	return queue_work(system_wq, work);
}

static inline bool schedule_delayed_work(struct delayed_work *dwork, unsigned long delay)
{
	return queue_delayed_work(system_wq, dwork, delay);
}

#endif /* KSHIM_LINUX_WORKQUEUE_H */
