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
 * a timer callback) and while a task blocks (a condition variable on the big
 * lock).  ThreadSanitizer does not see this lock order anything
 * (AnnotateIgnoreSync*): the only orderings it sees are the kernel's, the
 * kshim_hb_* of KSHIM_TSAN_KERNEL.
 *
 * Virtual time: the scheduler thread takes kshim_sched_step() steps only
 * when no task is runnable (every task thread blocked), so the clock moves,
 * the model runs its deadlines and timers fire only then.
 */
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>

#include "task.h"

#define NOINSTR	__attribute__((no_instrument_function))

void AnnotateIgnoreSyncBegin(const char *file, int line);
void AnnotateIgnoreSyncEnd(const char *file, int line);
void __cyg_profile_func_enter(void *fn, void *site) NOINSTR;
void __cyg_profile_func_exit(void *fn, void *site) NOINSTR;

struct kshim_exec {
	pthread_t tid;
	pthread_cond_t cond;		/* signalled when its task leaves T_NEW/T_BLOCKED */
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

static pthread_mutex_t big = PTHREAD_MUTEX_INITIALIZER;
static __thread unsigned int depth;	/* kshim frames of this thread under the lock */
static unsigned int nrunning;		/* tasks in T_READY */
static pthread_cond_t quiet = PTHREAD_COND_INITIALIZER;	/* nrunning dropped to 0 */
static pthread_t sched_tid;
static bool sched_stop;

/*
 * Neither the lock nor the condition variables on it order anything for
 * TSan, nor are their words checked: kshim's state is not the driver's.
 */
static NOINSTR void ignore_begin(void)
{
	AnnotateIgnoreSyncBegin(__FILE__, __LINE__);
	AnnotateIgnoreReadsBegin(__FILE__, __LINE__);
	AnnotateIgnoreWritesBegin(__FILE__, __LINE__);
}

static NOINSTR void ignore_end(void)
{
	AnnotateIgnoreWritesEnd(__FILE__, __LINE__);
	AnnotateIgnoreReadsEnd(__FILE__, __LINE__);
	AnnotateIgnoreSyncEnd(__FILE__, __LINE__);
}

static NOINSTR void big_lock(void)
{
	ignore_begin();
	pthread_mutex_lock(&big);
	ignore_end();
}

static NOINSTR void big_unlock(void)
{
	ignore_begin();
	pthread_mutex_unlock(&big);
	ignore_end();
}

static void cond_wait(pthread_cond_t *c)
{
	ignore_begin();
	pthread_cond_wait(c, &big);
	ignore_end();
}

static void cond_init(pthread_cond_t *c)
{
	ignore_begin();
	pthread_cond_init(c, NULL);
	ignore_end();
}

static void cond_signal(pthread_cond_t *c)
{
	ignore_begin();
	pthread_cond_signal(c);
	ignore_end();
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
		cond_signal(&quiet);
}

static void *task_thread(void *arg)
{
	struct kshim_task *t = arg;

	kshim_running = t;
	kshim_cur = &t->ctx;
	while (t->state == T_NEW)
		cond_wait(&t->exec->cond);
	if (t->state != T_DONE)		/* kthread_stop before it was ever woken */
		kshim_task_body(t);
	return NULL;
}

void kshim_exec_create(struct kshim_task *t)
{
	t->exec = kshim_xzalloc(sizeof(*t->exec));
	cond_init(&t->exec->cond);
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
	ignore_begin();
	pthread_cond_destroy(&e->cond);
	ignore_end();
	free(e);
	return true;
}

void kshim_exec_wait(struct kshim_task *t)
{
	running_less();
	while (t->state == T_BLOCKED)
		cond_wait(&t->exec->cond);
}

void kshim_exec_ready(struct kshim_task *t)
{
	if (t->state == T_READY) {
		nrunning++;
		kshim_progress++;	/* a task ran: an asserted IRQ line is due again */
	}
	cond_signal(&t->exec->cond);
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
			cond_wait(&quiet);
		if (sched_stop)
			return NULL;
		kshim_sched_step();	/* a task it returns is runnable: wait for it */
	}
}

void kshim_exec_init(struct kshim_task *main_task)
{
	main_task->exec = kshim_xzalloc(sizeof(*main_task->exec));
	cond_init(&main_task->exec->cond);
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
	cond_signal(&quiet);
	kshim_callout(pthread_join(sched_tid, NULL));
}
