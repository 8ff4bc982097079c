// SPDX-License-Identifier: MIT
/*
 * The thread backend (task.h), -Dtsan_sync=threads (docs/testing.md
 * "ThreadSanitizer"): every task is a pthread and they all run at once, as
 * tasks on CPUs do.  The hard IRQ handlers run on a task of their own, the
 * IRQ thread (irq.c), timers on the scheduler thread below.
 *
 * kshim's state, and the device side it calls (clock clients, MMIO and DMA
 * callbacks: the model), is under one big lock.  kshim is built with
 * -finstrument-functions: the outermost kshim function a thread enters takes
 * the lock, its return drops it, and kshim drops it (kshim_callout) while it
 * calls back into the driver (a task's function, a work item, an IRQ handler,
 * a timer callback) and while a task blocks (a futex wait).  ThreadSanitizer
 * does not see this lock: the only orderings it sees are the kernel's, the
 * kshim_hb_* of KSHIM_TSAN_KERNEL, and the driver's locks as its mutexes.
 *
 * Virtual time: the scheduler thread takes kshim_sched_step() steps only
 * when no task is runnable (every task thread blocked), so the clock moves,
 * the model runs its deadlines and timers fire only then.
 */
#include <limits.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "task.h"

#define NOINSTR	__attribute__((no_instrument_function))

void __cyg_profile_func_enter(void *fn, void *site) NOINSTR;
void __cyg_profile_func_exit(void *fn, void *site) NOINSTR;

struct kshim_exec {
	pthread_t tid;
	unsigned int wake;		/* bumped when its task leaves T_NEW/T_BLOCKED */
	bool thread;			/* false for main: the thread that called kshim_init */
};

/*
 * kshim's libc calls (memcpy into its log, free of its records) go through
 * TSan's interceptors from every thread, under the big lock TSan does not
 * see: their accesses are not the driver's to check.  The test setup `tsan`
 * says the same; this default covers every other run (gsptrace at build
 * time).  The driver's own libc calls go unchecked with them (docs).
 */
const char *__tsan_default_options(void) NOINSTR;
const char *__tsan_default_options(void)
{
	return "ignore_interceptors_accesses=1";
}

/*
 * The big lock and the waits on it are futexes and atomics in this
 * uninstrumented file, not pthread mutexes and condition variables: TSan
 * sees no ordering through them and no lock in its lock-order graph (a
 * pthread mutex would enter that graph, AnnotateIgnoreSync or not, and pair
 * with every driver lock).  futex(2): FUTEX_WAIT sleeps while the word still
 * holds the value given, FUTEX_WAKE wakes sleepers on the word.
 */
#define FUTEX_WAIT_PRIVATE	(0 | 128)
#define FUTEX_WAKE_PRIVATE	(1 | 128)

static unsigned int big;		/* 0 free, 1 held, 2 held with sleepers */
static __thread unsigned int depth;	/* kshim frames of this thread under the lock */
static unsigned int nrunning;		/* tasks in T_READY */
static unsigned int quiet;		/* bumped when nrunning drops to 0 */
static pthread_t sched_tid;
static bool sched_stop;

static NOINSTR void futex_wait(unsigned int *word, unsigned int val)
{
	syscall(SYS_futex, word, FUTEX_WAIT_PRIVATE, val, NULL, NULL, 0);
}

static NOINSTR void futex_wake(unsigned int *word)
{
	syscall(SYS_futex, word, FUTEX_WAKE_PRIVATE, INT_MAX, NULL, NULL, 0);
}

static NOINSTR void big_lock(void)
{
	unsigned int c = 0;

	if (__atomic_compare_exchange_n(&big, &c, 1, false, __ATOMIC_ACQUIRE, __ATOMIC_RELAXED))
		return;
	if (c != 2)
		c = __atomic_exchange_n(&big, 2, __ATOMIC_ACQUIRE);
	while (c) {
		futex_wait(&big, 2);
		c = __atomic_exchange_n(&big, 2, __ATOMIC_ACQUIRE);
	}
}

static NOINSTR void big_unlock(void)
{
	if (__atomic_exchange_n(&big, 0, __ATOMIC_RELEASE) == 2)
		futex_wake(&big);
}

/* Sleeps until *word is bumped (or spuriously); the caller rechecks. */
static void wait_bump(unsigned int *word)
{
	unsigned int seen = __atomic_load_n(word, __ATOMIC_RELAXED);

	big_unlock();
	futex_wait(word, seen);
	big_lock();
}

static void bump(unsigned int *word)
{
	__atomic_fetch_add(word, 1, __ATOMIC_RELAXED);
	futex_wake(word);
}

void __cyg_profile_func_enter(void *fn, void *site)
{
	(void)fn;
	(void)site;
	if (depth++ == 0)
		big_lock();
}

void __cyg_profile_func_exit(void *fn, void *site)
{
	(void)fn;
	(void)site;
	if (--depth == 0)
		big_unlock();
}

NOINSTR unsigned int kshim_big_drop(void)
{
	unsigned int d = depth;

	depth = 0;
	big_unlock();
	return d;
}

NOINSTR void kshim_big_take(unsigned int d)
{
	big_lock();
	depth = d;
}

static void running_less(void)
{
	if (!--nrunning)
		bump(&quiet);
}

static void *task_thread(void *arg)
{
	struct kshim_task *t = arg;

	kshim_running = t;
	kshim_cur = &t->ctx;
	while (t->state == T_NEW)
		wait_bump(&t->exec->wake);
	if (t->state != T_DONE)		/* kthread_stop before it was ever woken */
		kshim_task_body(t);
	return NULL;
}

void kshim_exec_create(struct kshim_task *t)
{
	t->exec = kshim_xzalloc(sizeof(*t->exec));
	t->exec->thread = true;
	if (pthread_create(&t->exec->tid, NULL, task_thread, t)) {
		perror("kshim: task thread");
		abort();
	}
}

bool kshim_exec_free(struct kshim_task *t)
{
	struct kshim_exec *e = t->exec;

	if (e->thread) {
		/* Still blocked (reported at kshim_fini): its thread keeps it. */
		if (t->state != T_DONE)
			return false;
		kshim_callout(pthread_join(e->tid, NULL));
	}
	free(e);
	return true;
}

void kshim_exec_wait(struct kshim_task *t)
{
	running_less();
	while (t->state == T_BLOCKED)
		wait_bump(&t->exec->wake);
}

void kshim_exec_ready(struct kshim_task *t)
{
	if (t->state == T_READY) {
		nrunning++;
		kshim_progress++;	/* a task ran: an asserted IRQ line is due again */
	}
	bump(&t->exec->wake);
}

void kshim_exec_exit(struct kshim_task *t)
{
	(void)t;
	running_less();
}

void kshim_exec_yield(struct kshim_task *t)
{
	(void)t;
	kshim_callout(sched_yield());
}

static void *sched_thread(void *arg)
{
	(void)arg;
	kshim_cur = &kshim_sched_ctx;
	for (;;) {
		while (nrunning && !sched_stop)
			wait_bump(&quiet);
		if (sched_stop)
			return NULL;
		kshim_sched_step();	/* a task it returns is runnable: wait for it */
	}
}

void kshim_exec_init(struct kshim_task *main_task)
{
	main_task->exec = kshim_xzalloc(sizeof(*main_task->exec));
	nrunning = 1;
	sched_stop = false;
	if (pthread_create(&sched_tid, NULL, sched_thread, NULL)) {
		perror("kshim: scheduler thread");
		abort();
	}
}

void kshim_exec_fini(void)
{
	sched_stop = true;
	bump(&quiet);
	kshim_callout(pthread_join(sched_tid, NULL));
}
