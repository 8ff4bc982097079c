/* SPDX-License-Identifier: MIT */
#ifndef KSHIM_LINUX_COMPLETION_H
#define KSHIM_LINUX_COMPLETION_H

#include <linux/wait.h>

struct completion {
	unsigned int done;
	wait_queue_head_t wait;
};

#define COMPLETION_INITIALIZER(work) \
	{ 0, __WAIT_QUEUE_HEAD_INITIALIZER((work).wait) }
#define DECLARE_COMPLETION(work) \
	struct completion work = COMPLETION_INITIALIZER(work)

static inline void init_completion(struct completion *x)
{
	x->done = 0;
	init_waitqueue_head(&x->wait);
}

static inline void reinit_completion(struct completion *x)
{
	x->done = 0;
}

void complete(struct completion *x);
void complete_all(struct completion *x);
void wait_for_completion(struct completion *x);
unsigned long __must_check wait_for_completion_timeout(struct completion *x,
							unsigned long timeout);
int __must_check wait_for_completion_interruptible(struct completion *x);
long __must_check wait_for_completion_interruptible_timeout(struct completion *x,
							     unsigned long timeout);
bool try_wait_for_completion(struct completion *x);
bool completion_done(struct completion *x);

#endif /* KSHIM_LINUX_COMPLETION_H */
