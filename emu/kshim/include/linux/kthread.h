/* SPDX-License-Identifier: MIT */
#ifndef KSHIM_LINUX_KTHREAD_H
#define KSHIM_LINUX_KTHREAD_H

#include <linux/err.h>
#include <linux/sched.h>

/* Created stopped; wake_up_process() starts it. */
struct task_struct *kthread_create(int (*threadfn)(void *data), void *data,
				   const char *namefmt, ...) __printf(3, 4);
#define kthread_run(threadfn, data, namefmt, ...)				\
	({									\
		struct task_struct *__k =					\
			kthread_create(threadfn, data, namefmt, ##__VA_ARGS__);	\
		if (!IS_ERR(__k))						\
			wake_up_process(__k);					\
		__k;								\
	})
/* Sets the stop flag, wakes the thread, waits for it; returns its result. */
int kthread_stop(struct task_struct *k);
bool kthread_should_stop(void);

#endif /* KSHIM_LINUX_KTHREAD_H */
