// SPDX-License-Identifier: MIT
/* jiffies, timer_list, wait queues and completions on the virtual clock. */
#include <linux/completion.h>
#include <linux/timer.h>
#include <linux/wait.h>

#include "internal.h"

static LIST_HEAD(timers);
static struct timer_list *running_timer;	/* threads: the callback running now */

u64 kshim_clock_ns(void)
{
	return kshim_now;
}

unsigned long kshim_jiffies(void)
{
	return INITIAL_JIFFIES + kshim_now / TICK_NSEC;
}

/* When jiffies reaches j. */
static uint64_t jiffies_to_clock(unsigned long j)
{
	return (uint64_t)(j - INITIAL_JIFFIES) * TICK_NSEC;
}

u64 kshim_timeout_deadline(long timeout)
{
	if (timeout == MAX_SCHEDULE_TIMEOUT)
		return KSHIM_NO_DEADLINE;
	return jiffies_to_clock(jiffies + (unsigned long)(timeout > 0 ? timeout : 0));
}

static long jiffies_left(uint64_t deadline)
{
	if (deadline == KSHIM_NO_DEADLINE)
		return MAX_SCHEDULE_TIMEOUT;
	return deadline > kshim_now ? (long)DIV_ROUND_UP(deadline - kshim_now, TICK_NSEC) : 0;
}

long kshim_wait_once(wait_queue_head_t *wq, u64 deadline)
{
	if (kshim_wait_woken(wq)) {
		kshim_hb_acquire(wq);	/* after the wake_up that came first */
		return jiffies_left(deadline);
	}
	if (!kshim_block(wq, "wait_event", wq->name, deadline))
		return 0;
	return jiffies_left(deadline);
}

void kshim_wake_up(wait_queue_head_t *wq)
{
	kshim_wake(wq);
}

bool waitqueue_active(wait_queue_head_t *wq)
{
	return kshim_has_waiters(wq);
}

void complete(struct completion *x)
{
	if (x->done != UINT_MAX)
		x->done++;
	kshim_wake(&x->wait);
}

void complete_all(struct completion *x)
{
	x->done = UINT_MAX;
	kshim_wake(&x->wait);
}

bool try_wait_for_completion(struct completion *x)
{
	if (!x->done)
		return false;
	if (x->done != UINT_MAX)
		x->done--;
	kshim_hb_acquire(&x->wait);	/* after complete() */
	return true;
}

bool completion_done(struct completion *x)
{
	return x->done != 0;
}

/* 0 on timeout, else the jiffies left (at least 1); the kernel's contract. */
static long wait_completion(struct completion *x, long timeout, const char *what)
{
	uint64_t deadline = kshim_timeout_deadline(timeout);
	long left = timeout;

	if (!kshim_sleep_ok(what))
		return try_wait_for_completion(x);
	while (!try_wait_for_completion(x)) {
		if (!kshim_block(&x->wait, what, x->wait.name, deadline))
			return try_wait_for_completion(x);
		left = jiffies_left(deadline);
	}
	return left ? left : 1;
}

void wait_for_completion(struct completion *x)
{
	wait_completion(x, MAX_SCHEDULE_TIMEOUT, "wait_for_completion");
}

unsigned long wait_for_completion_timeout(struct completion *x, unsigned long timeout)
{
	return (unsigned long)wait_completion(x, (long)timeout, "wait_for_completion_timeout");
}

int wait_for_completion_interruptible(struct completion *x)
{
	wait_completion(x, MAX_SCHEDULE_TIMEOUT, "wait_for_completion_interruptible");
	return 0;
}

long wait_for_completion_interruptible_timeout(struct completion *x, unsigned long timeout)
{
	return wait_completion(x, (long)timeout, "wait_for_completion_interruptible_timeout");
}

void timer_setup(struct timer_list *timer, void (*func)(struct timer_list *), unsigned int flags)
{
	*timer = (struct timer_list){ .function = func, .flags = flags };
	INIT_LIST_HEAD(&timer->entry);
}

/*
 * Arms the timer, keeping the list sorted by deadline (FIFO among equals).
 * As in the kernel, an expiry that is not in the future fires at the next
 * tick, so a callback re-arming itself "now" cannot loop.
 */
int mod_timer(struct timer_list *timer, unsigned long expires)
{
	uint64_t next_tick = (kshim_now / TICK_NSEC + 1) * TICK_NSEC;
	int was_pending;
	struct timer_list *t;

	if (!timer->function) {
		kshim_fail("mod_timer on a timer_list without timer_setup");
		return 0;
	}
	was_pending = timer_pending(timer);
	if (was_pending)
		list_del_init(&timer->entry);
	timer->expires = expires;
	timer->kshim_deadline = max(jiffies_to_clock(expires), next_tick);
	list_for_each_entry(t, &timers, entry)
		if (t->kshim_deadline > timer->kshim_deadline)
			break;
	list_add_tail(&timer->entry, &t->entry);
	kshim_hb_release(timer);
	return was_pending;
}

void add_timer(struct timer_list *timer)
{
	if (timer_pending(timer))
		kshim_fail("add_timer of a timer that is already pending");
	mod_timer(timer, timer->expires);
}

int kshim_timer_delete(struct timer_list *timer)
{
	if (!timer_pending(timer))
		return 0;
	list_del_init(&timer->entry);
	return 1;
}

/*
 * Fibers: callbacks run to completion on the scheduler, so there is never one
 * to wait for.  Threads: the scheduler thread may be running it.
 */
int timer_delete_sync(struct timer_list *timer)
{
	if (kshim_in_hardirq())
		kshim_fail("timer_delete_sync in hardirq context");
	while (running_timer == timer &&
	       kshim_block(&running_timer, "timer_delete_sync", NULL, KSHIM_NO_DEADLINE))
		;
	kshim_hb_acquire(timer);	/* after a callback that already ran */
	return timer_delete(timer);
}

void kshim_timers_run(void)
{
	struct kshim_ctx *saved = kshim_cur;

	while (!list_empty(&timers)) {
		struct timer_list *t = list_first_entry(&timers, struct timer_list, entry);

		if (t->kshim_deadline > kshim_now)
			break;
		list_del_init(&t->entry);
		kshim_cur = &kshim_softirq_ctx;
		kshim_hb_acquire(t);
		running_timer = t;
		kshim_callout(t->function(t));
		running_timer = NULL;
		kshim_hb_release(t);
		if (KSHIM_THREADED)
			kshim_wake(&running_timer);
		kshim_ctx_release_all(&kshim_softirq_ctx, "timer callback returned");
		kshim_cur = saved;
	}
}

uint64_t kshim_timers_next(void)
{
	if (list_empty(&timers))
		return KSHIM_NO_DEADLINE;
	return list_first_entry(&timers, struct timer_list, entry)->kshim_deadline;
}

void kshim_timers_fini(void)
{
	struct timer_list *t, *n;

	list_for_each_entry_safe(t, n, &timers, entry) {
		kshim_fail("timer_list still pending at kshim_fini (expires in %llu ms)",
			   (unsigned long long)((t->kshim_deadline - kshim_now) / 1000000));
		list_del_init(&t->entry);
	}
}
