// SPDX-License-Identifier: MIT
/*
 * The scheduler: tasks, a virtual clock, and the step that decides what
 * happens when no task runs.  See README.md for the rules; in short, each
 * step (1) delivers pending device IRQs, (2) fires expired timers, (3) finds
 * a runnable task, or else (4) advances the clock to the earliest deadline
 * and lets the clock clients (the device model) catch up.  How tasks run is
 * the backend's (task.h): fibers that the step picks one at a time (fiber.c,
 * the default), or threads that all run at once, the step taken only when
 * every one has blocked (threads.c).
 */
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <linux/delay.h>
#include <linux/kthread.h>
#include <linux/sched.h>
#include <linux/wait.h>

#include "task.h"

#define MAX_CLIENTS	8

KSHIM_TLS struct kshim_task *kshim_running;
struct kshim_ctx kshim_hardirq_ctx = { .name = "hardirq", .irqs_off = true };
struct kshim_ctx kshim_softirq_ctx = { .name = "softirq" };
struct kshim_ctx kshim_sched_ctx = { .name = "kshim" };

static LIST_HEAD(tasks);
/*
 * The T_READY tasks, in the order of tasks (creation order, by seq): the
 * step picks one of them by the PRNG exactly as a walk of every task for
 * the ready ones would, without the walk.
 */
static LIST_HEAD(ready);
static unsigned int nready;
static uint64_t next_seq;
/*
 * No blocked task's deadline is earlier than this (a bound: a task that
 * left T_BLOCKED may have held it).  The step looks for timed-out tasks,
 * and for the earliest deadline of all, only when it matters; each such
 * walk makes it exact again.
 */
static uint64_t deadline_bound = KSHIM_NO_DEADLINE;
static struct kshim_task *main_task;
static struct task_struct idle_ts = { .comm = "swapper" };
static char settle_chan, busy_chan;
/*
 * The harness observes the system between kshim_run_for/kshim_settle calls,
 * when every task has blocked: each block releases quiet_hb, and those two
 * (harness-only, the driver never calls them) acquire it on return.  What
 * the harness did before them (the device's side: a model fault armed, a
 * message posted) comes before the interrupts that follow, as an MMIO write.
 */
#ifdef KSHIM_TSAN_KERNEL
static char quiet_hb;
char kshim_device_hb;
#endif

/*
 * kshim_watching (internal.h): a task counts in its channel's bucket from
 * the moment it blocks until it runs again, and in its kshim_wait_prepare
 * queue's bucket until kshim_wait_woken.  A bucket may count a task no
 * longer waiting (made ready, not yet run; another channel hashed the
 * same): the walk then finds nothing, as it would have.  Under kshim's big
 * lock on threads, as the rest.
 */
unsigned int kshim_watching[KSHIM_WATCH_BUCKETS];

static struct client {
	struct kshim_clock_client c;
	uint64_t ticked_at;
} clients[MAX_CLIENTS];
static unsigned int nclients;

/* Every change of t->state goes through here: it keeps the ready list. */
static void set_state(struct kshim_task *t, enum task_state state)
{
	if (t->state == T_READY && state != T_READY) {
		list_del(&t->ready_node);
		nready--;
	} else if (t->state != T_READY && state == T_READY) {
		struct kshim_task *r;

		/* Usually the last or the only one: look from the end. */
		list_for_each_entry_reverse(r, &ready, ready_node)
			if (r->seq < t->seq)
				break;
		list_add(&t->ready_node, &r->ready_node);
		nready++;
	}
	t->state = state;
}

static const char *state_text(const struct kshim_task *t, char *buf, size_t len)
{
	switch (t->state) {
	case T_NEW:
		return "created, never woken";
	case T_READY:
		return "runnable";
	case T_DONE:
		return "finished, never joined or stopped";
	case T_BLOCKED:
		break;
	}
	snprintf(buf, len, "blocked in %s%s%s%s", t->what, t->obj ? " " : "", t->obj ? t->obj : "",
		 t->deadline == KSHIM_NO_DEADLINE ? "" : " (with timeout)");
	return buf;
}

struct task_struct *kshim_current(void)
{
	return kshim_running ? &kshim_running->ts : &idle_ts;
}

void kshim_task_body(struct kshim_task *t)
{
	kshim_hb_acquire(t);		/* what its creator did before */
	kshim_callout(t->result = t->fn(t->arg));
	kshim_ctx_release_all(&t->ctx, "task exit");
	set_state(t, T_DONE);
	kshim_hb_release(&quiet_hb);
	kshim_wake(t);			/* publishes its work to the joiner */
	kshim_exec_exit(t);
}

static void make_ready(struct kshim_task *t)
{
	set_state(t, T_READY);
	kshim_exec_ready(t);
}

struct kshim_task *kshim_task_create(const char *name, int (*fn)(void *), void *arg,
				     bool internal, bool start)
{
	struct kshim_task *t = kshim_xzalloc(sizeof(*t));

	snprintf(t->name, sizeof(t->name), "%s", name);
	snprintf(t->ts.comm, sizeof(t->ts.comm), "%s", name);
	t->ctx.name = kshim_xasprintf("task %s", name);
	t->fn = fn;
	t->arg = arg;
	t->internal = internal;
	t->seq = next_seq++;
	t->state = T_NEW;
	list_add_tail(&t->node, &tasks);
	if (start)
		set_state(t, T_READY);
	kshim_hb_release(t);
	kshim_exec_create(t);
	if (start)
		kshim_exec_ready(t);
	return t;
}

static void task_free(struct kshim_task *t)
{
	if (t->state == T_READY) {	/* kshim_fini: main, or a task never run */
		list_del(&t->ready_node);
		nready--;
	}
	list_del(&t->node);
	if (!kshim_exec_free(t))
		return;		/* threads: one that never finished keeps its memory */
	free((char *)t->ctx.name);
	free(t);
}

static bool block_task(struct kshim_task *t, const void *chan, const char *what, const char *obj,
		       uint64_t deadline)
{
	if (deadline <= kshim_now)
		return false;
	set_state(t, T_BLOCKED);
	t->chan = chan;
	t->what = what;
	t->obj = obj;
	t->deadline = deadline;
	t->timed_out = false;
	if (deadline < deadline_bound)
		deadline_bound = deadline;
	kshim_hb_release(&quiet_hb);
	(*kshim_watch_of(chan))++;
	kshim_exec_wait(t);
	(*kshim_watch_of(chan))--;
	if (t->timed_out)
		return false;
	kshim_hb_acquire(chan);		/* woken: after the waker */
	return true;
}

bool kshim_block(const void *chan, const char *what, const char *obj, uint64_t deadline)
{
	struct kshim_task *t = kshim_cur_task();

	/* Outside a task the caller has already reported it; never block there. */
	return t && block_task(t, chan, what, obj, deadline);
}

/*
 * Fibers: a spinlock held by a task that slept with it (already reported) is
 * waited for as a mutex.  Threads: the owner runs on another CPU; a task
 * (also in hard IRQ context: the IRQ thread is a task) sleeps until the
 * unlock, the scheduler thread running a timer spins.
 */
bool kshim_block_spin(const void *chan, const char *obj)
{
	if (!KSHIM_THREADED)
		return kshim_block(chan, "spinlock", obj, KSHIM_NO_DEADLINE);
	if (kshim_running)
		return block_task(kshim_running, chan, "spinlock", obj, KSHIM_NO_DEADLINE);
	kshim_callout(sched_yield());
	return true;
}

void kshim_kick_watched(const void *chan)
{
	struct kshim_task *t;

	list_for_each_entry(t, &tasks, node) {
		if (t->state == T_BLOCKED && t->chan == chan) {
			t->wakes++;
			make_ready(t);
		} else if (t->prep_chan == chan)
			t->prep_woken = true;
	}
}

/*
 * wait_event's half of the kernel's prepare_to_wait (linux/wait.h): a
 * wake-up of wq between now and the next kshim_wait_once makes that not
 * block, so one that comes while the condition is evaluated is not lost.
 * Only threads can wake meanwhile; on fibers nothing runs in between.
 */
void kshim_wait_prepare(wait_queue_head_t *wq)
{
	if (kshim_running) {
		if (kshim_running->prep_chan)
			(*kshim_watch_of(kshim_running->prep_chan))--;
		(*kshim_watch_of(wq))++;
		kshim_running->prep_chan = wq;
		kshim_running->prep_woken = false;
	}
}

/* True once (and forgets) when wq was woken since kshim_wait_prepare. */
bool kshim_wait_woken(const void *wq)
{
	struct kshim_task *t = kshim_cur_task();
	bool woken = t && t->prep_chan == wq && t->prep_woken;

	if (t && t->prep_chan) {
		(*kshim_watch_of(t->prep_chan))--;
		t->prep_chan = NULL;
	}
	return woken;
}

bool kshim_has_waiters(const void *chan)
{
	struct kshim_task *t;

	if (!*kshim_watch_of(chan))
		return false;
	list_for_each_entry(t, &tasks, node)
		if (t->state == T_BLOCKED && t->chan == chan)
			return true;
	return false;
}

static void yield_now(void)
{
	struct kshim_task *t = kshim_cur_task();

	if (t)
		kshim_exec_yield(t);
}

void kshim_yield(const char *file, int line)
{
	kshim_might_sleep(file, line);
	yield_now();
}

/* Called at every point where time moves, and to let due clients run now. */
static void clients_advance(void)
{
	kshim_device_begin();
	for (unsigned int i = 0; i < nclients; i++) {
		clients[i].ticked_at = kshim_now;
		clients[i].c.advance(clients[i].c.ctx, kshim_now);
	}
	kshim_device_end();
}

static void clock_set(uint64_t t)
{
	if (t > kshim_now) {
		kshim_now = t;
		kshim_progress++;
	}
	clients_advance();
}

/*
 * The earliest client deadline, with a client already run at this instant
 * counted as due a nanosecond later (a model must not stop time).
 */
static uint64_t clients_next(bool *due_now)
{
	uint64_t next = KSHIM_NO_DEADLINE;

	*due_now = false;
	for (unsigned int i = 0; i < nclients; i++) {
		uint64_t d;

		kshim_device_begin();
		d = clients[i].c.next_deadline(clients[i].c.ctx);
		kshim_device_end();
		if (d <= kshim_now) {
			if (clients[i].ticked_at != kshim_now)
				*due_now = true;
			d = kshim_now + 1;
		}
		if (d < next)
			next = d;
	}
	return next;
}

void kshim_add_clock_client(const struct kshim_clock_client *c)
{
	if (nclients == MAX_CLIENTS) {
		kshim_fail("too many clock clients (max %d)", MAX_CLIENTS);
		return;
	}
	clients[nclients++] = (struct client){ .c = *c, .ticked_at = KSHIM_NO_DEADLINE };
}

void kshim_remove_clock_client(void *ctx)
{
	for (unsigned int i = 0; i < nclients; i++) {
		if (clients[i].c.ctx == ctx) {
			memmove(&clients[i], &clients[i + 1], (nclients - i - 1) * sizeof(clients[0]));
			nclients--;
			return;
		}
	}
}

static void deadlock(void)
{
	struct kshim_task *t;
	char *msg = kshim_xasprintf("deadlock: no task can run and nothing is scheduled");

	list_for_each_entry(t, &tasks, node) {
		char buf[160];
		char *more = kshim_xasprintf("%s\n    task %s: %s", msg, t->name,
					     state_text(t, buf, sizeof(buf)));

		free(msg);
		msg = more;
	}
	kshim_fail("%s", msg);
	free(msg);
	fprintf(stderr, "kshim: aborting, seed %llu; failures:\n", (unsigned long long)kshim_seed());
	for (unsigned int i = 0; i < kshim_failure_count(); i++)
		fprintf(stderr, "  %s\n", kshim_failure(i));
	abort();
}

/*
 * The earliest deadline of a blocked task, made exact in deadline_bound;
 * with time_out, the tasks whose deadline has come are made ready first.
 */
static uint64_t tasks_deadline(bool time_out)
{
	uint64_t next = KSHIM_NO_DEADLINE;
	struct kshim_task *t;

	list_for_each_entry(t, &tasks, node) {
		if (t->state != T_BLOCKED)
			continue;
		if (time_out && t->deadline <= kshim_now) {
			t->timed_out = true;
			make_ready(t);
		} else if (t->deadline < next) {
			next = t->deadline;
		}
	}
	deadline_bound = next;
	return next;
}

/*
 * One runnable task chosen uniformly with the PRNG, or NULL: the n-th of
 * the ready list, which is the order a walk of every task meets them in.
 */
static struct kshim_task *pick_task(void)
{
	struct kshim_task *t;
	unsigned int n;

	if (deadline_bound <= kshim_now)
		tasks_deadline(true);
	if (!nready)
		return NULL;
	n = nready == 1 ? 0 : (unsigned int)(kshim_rand() % nready);
	list_for_each_entry(t, &ready, ready_node)
		if (!n--)
			break;
	return t;
}

static uint64_t next_deadline(bool *clients_due)
{
	uint64_t next = clients_next(clients_due);
	uint64_t timers = kshim_timers_next();

	if (timers < next)
		next = timers;
	if (deadline_bound < next) {
		uint64_t tasks = tasks_deadline(false);

		if (tasks < next)
			next = tasks;
	}
	return next;
}

struct kshim_task *kshim_sched_step(void)
{
	struct kshim_task *t;
	bool clients_due;
	uint64_t next;

	kshim_irq_deliver(NULL);
	if (kshim_timers_next() <= kshim_now)	/* mostly none is due */
		kshim_timers_run();
	t = pick_task();
	if (t)
		return t;
	next = next_deadline(&clients_due);
	if (clients_due)
		clients_advance();
	else if (kshim_has_waiters(&settle_chan))
		kshim_wake(&settle_chan);
	else if (next == KSHIM_NO_DEADLINE)
		deadlock();
	else
		clock_set(next);
	return NULL;
}

void kshim_sleep_ns(u64 ns, const char *what)
{
	uint64_t deadline = kshim_now + ns;

	if (!kshim_sleep_ok(what))
		return;
	while (kshim_now < deadline && kshim_block(&deadline, what, NULL, deadline))
		;
}

void kshim_run_for(uint64_t ns)
{
	kshim_hb_release(&kshim_device_hb);
	kshim_sleep_ns(ns, "kshim_run_for");
	/* Threads: the others may still run at this instant; return when they are done. */
	if (KSHIM_THREADED)
		kshim_block(&settle_chan, "kshim_run_for", NULL, KSHIM_NO_DEADLINE);
	kshim_hb_acquire(&quiet_hb);
}

void kshim_settle(void)
{
	if (!kshim_sleep_ok("kshim_settle"))
		return;
	kshim_hb_release(&kshim_device_hb);
	kshim_block(&settle_chan, "kshim_settle", NULL, KSHIM_NO_DEADLINE);
	kshim_hb_acquire(&quiet_hb);
}

bool kshim_threaded(void)
{
	return KSHIM_THREADED;
}

unsigned long kshim_wakes(void)
{
	struct kshim_task *t = kshim_cur_task();

	return t ? t->wakes : 0;
}

void kshim_busy_wait_ns(u64 ns)
{
	uint64_t end = kshim_now + ns;

	/* Threads: the clock moves once every thread waits; this one waits for its end. */
	if (KSHIM_THREADED && kshim_running) {
		while (kshim_now < end &&
		       block_task(kshim_running, &busy_chan, "busy wait", NULL, end))
			;
		return;
	}
	for (;;) {
		bool due_now;
		uint64_t next = clients_next(&due_now);

		if (!due_now && next > end)
			break;
		clock_set(due_now ? kshim_now : next);
	}
	clock_set(end);
}

struct kshim_task *kshim_task_start(const char *name, int (*fn)(void *), void *arg)
{
	return kshim_task_create(name, fn, arg, false, true);
}

int kshim_task_reap(struct kshim_task *t)
{
	int result;

	while (t->state != T_DONE) {
		if (!kshim_block(t, "join", t->name, KSHIM_NO_DEADLINE)) {
			kshim_fail("cannot wait for task %s outside task context", t->name);
			return -EINVAL;
		}
	}
	kshim_hb_acquire(t);
	result = t->result;
	task_free(t);
	return result;
}

int kshim_task_join(struct kshim_task *t)
{
	return kshim_task_reap(t);
}

struct task_struct *kthread_create(int (*threadfn)(void *data), void *data,
				   const char *namefmt, ...)
{
	char name[48];
	va_list ap;

	va_start(ap, namefmt);
	vsnprintf(name, sizeof(name), namefmt, ap);
	va_end(ap);
	return &kshim_task_create(name, threadfn, data, false, false)->ts;
}

int wake_up_process(struct task_struct *p)
{
	struct kshim_task *t = container_of(p, struct kshim_task, ts);

	if (t->state != T_NEW && t->state != T_BLOCKED)
		return 0;
	kshim_hb_release(t);		/* a task woken from schedule() blocked on itself */
	make_ready(t);
	return 1;
}

bool kthread_should_stop(void)
{
	return kshim_running && kshim_running->should_stop;
}

int kthread_stop(struct task_struct *k)
{
	struct kshim_task *t = container_of(k, struct kshim_task, ts);

	t->should_stop = true;
	if (t->state == T_NEW) {
		/* Never woken: the thread function does not run. */
		set_state(t, T_DONE);
		t->result = -EINTR;
		kshim_exec_ready(t);	/* threads: its thread ends */
	}
	wake_up_process(k);
	return kshim_task_reap(t);
}

void kshim_set_current_state(unsigned int state)
{
	if (kshim_running)
		kshim_running->req_state = state;
}

long schedule_timeout(long timeout)
{
	struct kshim_task *t = kshim_cur_task();
	uint64_t deadline = kshim_timeout_deadline(timeout);

	if (!kshim_sleep_ok("schedule"))
		return 0;
	if (t->req_state == TASK_RUNNING)
		yield_now();
	else
		kshim_block(t, "schedule", NULL, deadline);
	t->req_state = TASK_RUNNING;
	if (deadline == KSHIM_NO_DEADLINE)
		return timeout;
	return deadline > kshim_now ? (long)DIV_ROUND_UP(deadline - kshim_now, TICK_NSEC) : 0;
}

void schedule(void)
{
	schedule_timeout(MAX_SCHEDULE_TIMEOUT);
}

long schedule_timeout_interruptible(long timeout)
{
	kshim_set_current_state(TASK_INTERRUPTIBLE);
	return schedule_timeout(timeout);
}

long schedule_timeout_uninterruptible(long timeout)
{
	kshim_set_current_state(TASK_UNINTERRUPTIBLE);
	return schedule_timeout(timeout);
}

void kshim_sched_init(void)
{
	main_task = kshim_xzalloc(sizeof(*main_task));
	snprintf(main_task->name, sizeof(main_task->name), "main");
	snprintf(main_task->ts.comm, sizeof(main_task->ts.comm), "main");
	main_task->ctx.name = kshim_xasprintf("task main");
	main_task->seq = next_seq++;
	main_task->state = T_NEW;
	list_add_tail(&main_task->node, &tasks);
	set_state(main_task, T_READY);
	deadline_bound = KSHIM_NO_DEADLINE;
	kshim_running = main_task;
	kshim_cur = &main_task->ctx;
	nclients = 0;
	kshim_exec_init(main_task);
}

void kshim_sched_fini(void)
{
	struct kshim_task *t, *n;
	char buf[160];

	list_for_each_entry(t, &tasks, node) {
		if (t != main_task && !t->internal)
			kshim_fail("task %s still exists at kshim_fini: %s", t->name,
				   state_text(t, buf, sizeof(buf)));
	}
	kshim_ctx_release_all(&main_task->ctx, "kshim_fini");
	list_for_each_entry_safe(t, n, &tasks, node)
		task_free(t);
	kshim_exec_fini();
	kshim_running = main_task = NULL;
	kshim_cur = NULL;
	nclients = 0;
}
