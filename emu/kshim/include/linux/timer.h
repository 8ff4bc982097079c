/* SPDX-License-Identifier: MIT */
/*
 * timer_list.  The scheduler fires expired timers in softirq context
 * (atomic: the callback must not sleep) in expiry order.
 */
#ifndef KSHIM_LINUX_TIMER_H
#define KSHIM_LINUX_TIMER_H

#include <linux/jiffies.h>
#include <linux/list.h>

struct timer_list {
	struct list_head entry;		/* on the pending list when armed */
	unsigned long expires;
	void (*function)(struct timer_list *);
	u32 flags;
	u64 kshim_deadline;		/* virtual ns at which it fires */
};

void timer_setup(struct timer_list *timer, void (*func)(struct timer_list *),
		 unsigned int flags);
int mod_timer(struct timer_list *timer, unsigned long expires);
void add_timer(struct timer_list *timer);
/* A macro: POSIX <time.h> has a timer_delete() of its own. */
int kshim_timer_delete(struct timer_list *timer);
#define timer_delete(t)		kshim_timer_delete(t)
int timer_delete_sync(struct timer_list *timer);
#define del_timer(t)		timer_delete(t)
#define del_timer_sync(t)	timer_delete_sync(t)

static inline int timer_pending(const struct timer_list *timer)
{
	return timer->entry.next && !list_empty(&timer->entry);
}

#define from_timer(var, callback_timer, timer_fieldname) \
	container_of(callback_timer, typeof(*var), timer_fieldname)

#endif /* KSHIM_LINUX_TIMER_H */
