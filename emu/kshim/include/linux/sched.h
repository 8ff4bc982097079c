/* SPDX-License-Identifier: MIT */
/*
 * Tasks are cooperative: a task runs until it blocks, and schedule(),
 * cond_resched() and yield() are scheduling points.
 */
#ifndef KSHIM_LINUX_SCHED_H
#define KSHIM_LINUX_SCHED_H

#include <linux/kernel.h>
#include <linux/preempt.h>
#include <asm/processor.h>

#define TASK_COMM_LEN		16
#define TASK_RUNNING		0x0000
#define TASK_INTERRUPTIBLE	0x0001
#define TASK_UNINTERRUPTIBLE	0x0002
#define TASK_NORMAL		(TASK_INTERRUPTIBLE | TASK_UNINTERRUPTIBLE)
#define MAX_SCHEDULE_TIMEOUT	LONG_MAX

struct task_struct {
	char comm[TASK_COMM_LEN];
};

struct task_struct *kshim_current(void);
#define current			kshim_current()

void kshim_set_current_state(unsigned int state);
#define set_current_state(state)	kshim_set_current_state(state)
#define __set_current_state(state)	kshim_set_current_state(state)

/* Sleeps (if the state is not TASK_RUNNING) until wake_up_process(). */
void schedule(void);
long schedule_timeout(long timeout);
long schedule_timeout_interruptible(long timeout);
long schedule_timeout_uninterruptible(long timeout);
int wake_up_process(struct task_struct *p);

/* A scheduling point that keeps the task runnable. */
void kshim_yield(const char *file, int line);
#define cond_resched()		({ kshim_yield(__FILE__, __LINE__); 0; })
#define yield()			kshim_yield(__FILE__, __LINE__)

#define signal_pending(p)	0
#define fatal_signal_pending(p)	0

#endif /* KSHIM_LINUX_SCHED_H */
