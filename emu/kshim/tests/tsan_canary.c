// SPDX-License-Identifier: MIT
/*
 * Proves that with -Db_sanitize=thread -Dtsan_sync=kernel or threads
 * ThreadSanitizer sees kshim's tasks as threads ordered only by kernel
 * primitives: two tasks that bump one counter between sleeps, in a child
 * process each.  Without a lock TSan must report the race (the child exits
 * with TSan's exit code 66); under a spinlock it must not (exit 0).  With
 * -Dtsan_sync=threads the two tasks must also be two OS threads running at
 * once: each waits (outside kshim, relaxed atomics that order nothing, 10 s
 * of wall time at most) until both have started, else the child exits 3.
 * There, the driver's locks are TSan mutexes as well: two tasks, one after
 * the other, taking two mutexes in opposite orders must be reported as a
 * lock-order inversion.  Exit 0 when all of it holds.
 */
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <linux/delay.h>
#include <linux/mutex.h>
#include <linux/spinlock.h>

#include <kshim/kshim.h>

#define TSAN_EXITCODE	66	/* TSan's default exitcode flag */

static DEFINE_SPINLOCK(lock);
static bool locked;
static int counter;
static int started;		/* tasks in bump, relaxed */
static bool apart;		/* threads: each saw the other running */

/* Both tasks inside bump at one moment, seen without any ordering. */
static bool meet(void)
{
	struct timespec t0, t;

	__atomic_fetch_add(&started, 1, __ATOMIC_RELAXED);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	do {
		if (__atomic_load_n(&started, __ATOMIC_RELAXED) == 2)
			return true;
		sched_yield();
		clock_gettime(CLOCK_MONOTONIC, &t);
	} while (t.tv_sec - t0.tv_sec < 10);
	return false;
}

static int bump(void *arg)
{
	if (kshim_threaded() && !meet())
		__atomic_store_n(&apart, true, __ATOMIC_RELAXED);
	for (int i = 0; i < 3; i++) {
		if (locked)
			spin_lock(&lock);
		counter++;
		if (locked)
			spin_unlock(&lock);
		msleep(1);
	}
	return 0;
}

static DEFINE_MUTEX(first);
static DEFINE_MUTEX(second);

static int nest(void *arg)
{
	struct mutex *outer = arg, *inner = outer == &first ? &second : &first;

	mutex_lock(outer);
	mutex_lock(inner);
	mutex_unlock(inner);
	mutex_unlock(outer);
	return 0;
}

/* Threads only: A then B in one task, B then A in a later one. */
static int run_inversion(void)
{
	kshim_init(1);
	kshim_task_join(kshim_task_start("a-then-b", nest, &first));
	kshim_task_join(kshim_task_start("b-then-a", nest, &second));
	return kshim_fini() ? 1 : 0;
}

static int run(bool with_lock)
{
	struct kshim_task *a, *b;

	locked = with_lock;
	kshim_init(1);
	a = kshim_task_start("bump-a", bump, NULL);
	b = kshim_task_start("bump-b", bump, NULL);
	kshim_task_join(a);
	kshim_task_join(b);
	if (kshim_fini())
		return 1;
	return __atomic_load_n(&apart, __ATOMIC_RELAXED) ? 3 : 0;
}

/* The exit status of run(with_lock), or of run_inversion, in a child process. */
static int child(bool with_lock, bool inversion)
{
	int status;
	pid_t pid = fork();

	if (pid == 0)
		_exit(inversion ? run_inversion() : run(with_lock));
	if (pid < 0 || waitpid(pid, &status, 0) != pid)
		return -1;
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

int main(int argc, char **argv)
{
	int racy, clean, order;

	if (argc > 1) {
		fprintf(stderr, "usage: %s\n", argv[0]);
		return 2;
	}
	racy = child(false, false);
	clean = child(true, false);
	printf("unlocked: exit %d (want %d, the race reported); locked: exit %d (want 0)\n", racy,
	       TSAN_EXITCODE, clean);
	/* TSan exits 66 after its report, or aborts (134) with abort_on_error=1. */
	if (!(racy == TSAN_EXITCODE || racy == 128 + SIGABRT) || clean)
		return 1;
	if (!kshim_threaded())
		return 0;
	order = child(false, true);
	printf("opposite lock orders: exit %d (want %d, the inversion reported)\n", order,
	       TSAN_EXITCODE);
	return order == TSAN_EXITCODE || order == 128 + SIGABRT ? 0 : 1;
}
