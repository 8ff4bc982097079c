// SPDX-License-Identifier: MIT
/*
 * Proves that with -Db_sanitize=thread -Dtsan_sync=kernel ThreadSanitizer
 * sees kshim's tasks as threads ordered only by kernel primitives: two tasks
 * that bump one counter between sleeps, in a child process each.  Without a
 * lock TSan must report the race (the child exits with TSan's exit code 66);
 * under a spinlock it must not (exit 0).  Exit 0 when both hold.
 */
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <linux/delay.h>
#include <linux/spinlock.h>

#include <kshim/kshim.h>

#define TSAN_EXITCODE	66	/* TSan's default exitcode flag */

static DEFINE_SPINLOCK(lock);
static bool locked;
static int counter;

static int bump(void *arg)
{
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

static int run(bool with_lock)
{
	struct kshim_task *a, *b;

	locked = with_lock;
	kshim_init(1);
	a = kshim_task_start("bump-a", bump, NULL);
	b = kshim_task_start("bump-b", bump, NULL);
	kshim_task_join(a);
	kshim_task_join(b);
	return kshim_fini() ? 1 : 0;
}

/* The exit status of run(with_lock) in a child process. */
static int child(bool with_lock)
{
	int status;
	pid_t pid = fork();

	if (pid == 0)
		_exit(run(with_lock));
	if (pid < 0 || waitpid(pid, &status, 0) != pid)
		return -1;
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

int main(int argc, char **argv)
{
	int racy, clean;

	if (argc > 1) {
		fprintf(stderr, "usage: %s\n", argv[0]);
		return 2;
	}
	racy = child(false);
	clean = child(true);
	printf("unlocked: exit %d (want %d, the race reported); locked: exit %d (want 0)\n", racy,
	       TSAN_EXITCODE, clean);
	/* TSan exits 66 after its report, or aborts (134) with abort_on_error=1. */
	return (racy == TSAN_EXITCODE || racy == 128 + SIGABRT) && clean == 0 ? 0 : 1;
}
