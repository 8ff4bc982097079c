// SPDX-License-Identifier: MIT
/* Workqueues: one worker task per queue, items run in queueing order. */
#include <linux/workqueue.h>

#include "internal.h"

struct workqueue_struct {
	struct list_head node;
	char name[48];
	struct list_head items;
	struct work_struct *running;
	u64 running_ticket;
	u64 next_ticket;
	bool dying;
	struct kshim_task *worker;
};

struct workqueue_struct *system_wq;
static LIST_HEAD(wqs);

static int worker(void *arg)
{
	struct workqueue_struct *wq = arg;

	for (;;) {
		struct work_struct *w;
		unsigned int held;

		while (list_empty(&wq->items) && !wq->dying)
			kshim_block(wq, "waiting for work on", wq->name, KSHIM_NO_DEADLINE);
		if (list_empty(&wq->items))
			return 0;
		w = list_first_entry(&wq->items, struct work_struct, entry);
		list_del_init(&w->entry);
		w->pending = false;
		wq->running = w;
		wq->running_ticket = w->ticket;
		held = kshim_cur->nheld;
		kshim_hb_acquire(w);		/* after its queueing */
		kshim_callout(w->func(w));
		if (kshim_cur->nheld != held)
			kshim_fail("workqueue %s: work item returned holding lock %s", wq->name,
				   kshim_cur->held[kshim_cur->nheld - 1].map->name);
		wq->running = NULL;
		kshim_wake(&wq->running);	/* publishes the item to flush/cancel_sync */
	}
}

struct workqueue_struct *alloc_workqueue(const char *fmt, unsigned int flags, int max_active, ...)
{
	struct workqueue_struct *wq = kshim_xzalloc(sizeof(*wq));
	char tname[64];
	va_list ap;

	va_start(ap, max_active);
	vsnprintf(wq->name, sizeof(wq->name), fmt, ap);
	va_end(ap);
	INIT_LIST_HEAD(&wq->items);
	snprintf(tname, sizeof(tname), "kworker/%s", wq->name);
	wq->worker = kshim_task_create(tname, worker, wq, true, true);
	list_add_tail(&wq->node, &wqs);
	return wq;
}

static void enqueue(struct workqueue_struct *wq, struct work_struct *work)
{
	work->wq = wq;
	work->ticket = wq->next_ticket++;
	list_add_tail(&work->entry, &wq->items);
	kshim_hb_release(work);
	kshim_wake(wq);
}

bool queue_work(struct workqueue_struct *wq, struct work_struct *work)
{
	if (work->pending)
		return false;
	if (wq->dying)
		kshim_fail("queue_work on workqueue %s while it is being destroyed", wq->name);
	work->pending = true;
	enqueue(wq, work);
	return true;
}

/* Waits until nothing with a ticket below `before` is queued or running on wq. */
static void wait_tickets(struct workqueue_struct *wq, u64 before, const char *what)
{
	for (;;) {
		struct work_struct *first =
			list_first_entry_or_null(&wq->items, struct work_struct, entry);

		if ((!first || first->ticket >= before) &&
		    (!wq->running || wq->running_ticket >= before)) {
			kshim_hb_acquire(&wq->running);
			return;
		}
		if (!kshim_block(&wq->running, what, wq->name, KSHIM_NO_DEADLINE))
			return;
	}
}

void flush_workqueue(struct workqueue_struct *wq)
{
	if (kshim_sleep_ok("flush_workqueue"))
		wait_tickets(wq, wq->next_ticket, "flush_workqueue");
}

bool flush_work(struct work_struct *work)
{
	struct workqueue_struct *wq = work->wq;
	bool busy;

	if (!kshim_sleep_ok("flush_work") || !wq)
		return false;
	/* The last queueing of work: its ticket is the newest. */
	busy = work->pending || wq->running == work;
	if (busy)
		wait_tickets(wq, work->ticket + 1, "flush_work");
	return busy;
}

bool cancel_work(struct work_struct *work)
{
	if (!work->pending)
		return false;
	list_del_init(&work->entry);
	work->pending = false;
	return true;
}

bool cancel_work_sync(struct work_struct *work)
{
	bool was_pending = cancel_work(work);
	struct workqueue_struct *wq = work->wq;

	if (!kshim_sleep_ok("cancel_work_sync"))
		return was_pending;
	while (wq && wq->running == work)
		if (!kshim_block(&wq->running, "cancel_work_sync", wq->name, KSHIM_NO_DEADLINE))
			break;
	if (wq)
		kshim_hb_acquire(&wq->running);
	return was_pending;
}

void kshim_delayed_work_timer_fn(struct timer_list *t)
{
	struct delayed_work *dwork = from_timer(dwork, t, timer);

	enqueue(dwork->wq, &dwork->work);
}

bool queue_delayed_work(struct workqueue_struct *wq, struct delayed_work *dwork,
			unsigned long delay)
{
	if (dwork->work.pending)
		return false;
	if (!delay)
		return queue_work(wq, &dwork->work);
	dwork->work.pending = true;
	dwork->wq = wq;
	mod_timer(&dwork->timer, jiffies + delay);
	return true;
}

bool cancel_delayed_work(struct delayed_work *dwork)
{
	if (timer_delete(&dwork->timer)) {
		dwork->work.pending = false;
		return true;
	}
	return cancel_work(&dwork->work);
}

bool cancel_delayed_work_sync(struct delayed_work *dwork)
{
	bool was_pending = cancel_delayed_work(dwork);

	return cancel_work_sync(&dwork->work) || was_pending;
}

bool mod_delayed_work(struct workqueue_struct *wq, struct delayed_work *dwork,
		      unsigned long delay)
{
	bool was_pending = cancel_delayed_work(dwork);

	queue_delayed_work(wq, dwork, delay);
	return was_pending;
}

bool flush_delayed_work(struct delayed_work *dwork)
{
	if (timer_delete(&dwork->timer))
		enqueue(dwork->wq, &dwork->work);
	return flush_work(&dwork->work);
}

void destroy_workqueue(struct workqueue_struct *wq)
{
	if (!kshim_sleep_ok("destroy_workqueue"))
		return;
	flush_workqueue(wq);
	wq->dying = true;
	kshim_wake(wq);
	kshim_task_reap(wq->worker);
	list_del(&wq->node);
	free(wq);
}

void kshim_work_init(void)
{
	system_wq = alloc_workqueue("events", 0, 0);
}

void kshim_work_fini(void)
{
	struct workqueue_struct *wq, *n;

	list_for_each_entry_safe(wq, n, &wqs, node) {
		if (wq != system_wq)
			kshim_fail("workqueue %s not destroyed before kshim_fini", wq->name);
		destroy_workqueue(wq);
	}
	system_wq = NULL;
}
