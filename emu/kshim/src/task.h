/* SPDX-License-Identifier: MIT */
/*
 * Tasks and the execution backends that run them; shared by sched.c (what a
 * task is, blocking and waking, the scheduler's step) and the one backend the
 * build selects: fiber.c (the default: cooperative fibers on one OS thread,
 * the seeded scheduler picks who runs) or threads.c (-Dtsan_sync=threads: a
 * pthread per task, all running at once; docs/testing.md "ThreadSanitizer").
 * The semantics of every kernel primitive live once, in the files that call
 * kshim_block/kshim_wake; a backend only decides how a blocked task waits and
 * what runs meanwhile.
 */
#ifndef KSHIM_TASK_H
#define KSHIM_TASK_H

#include <linux/sched.h>

#include "internal.h"

enum task_state { T_NEW, T_READY, T_BLOCKED, T_DONE };

struct kshim_exec;			/* the backend's per-task state */

struct kshim_task {
	struct task_struct ts;
	struct kshim_ctx ctx;
	struct list_head node;		/* every task, in creation order */
	struct list_head ready_node;	/* while T_READY: the ready list, same order */
	uint64_t seq;			/* creation order, for the ready list */
	struct kshim_exec *exec;
	char name[48];
	int (*fn)(void *arg);
	void *arg;
	int result;
	enum task_state state;
	const void *chan;		/* what it is blocked on */
	const char *what, *obj;
	uint64_t deadline;
	bool timed_out;
	bool internal;			/* kshim's own (worker, irq thread) */
	bool should_stop;
	unsigned int req_state;		/* set_current_state() */
	const void *prep_chan;		/* kshim_wait_prepare()'s queue */
	bool prep_woken;		/* woken on it since */
	unsigned long wakes;		/* kshim_wakes() */
};

/* The task running in its own context (not in an IRQ or timer it took), or NULL. */
static inline struct kshim_task *kshim_cur_task(void)
{
	return kshim_running && kshim_cur == &kshim_running->ctx ? kshim_running : NULL;
}

/* sched.c */
extern struct kshim_ctx kshim_sched_ctx;
/* One step of the scheduler while no task runs; a runnable task, or NULL after a step. */
struct kshim_task *kshim_sched_step(void);
/* A task's life once it first runs: its function, then its exit. */
void kshim_task_body(struct kshim_task *t);

/*
 * The backend (fiber.c, threads.c).  All called with kshim's state held
 * (threads: the big lock).
 */
void kshim_exec_init(struct kshim_task *main_task);	/* the caller becomes main */
void kshim_exec_fini(void);
void kshim_exec_create(struct kshim_task *t);		/* runs kshim_task_body once READY */
bool kshim_exec_free(struct kshim_task *t);		/* false: still in use, leave it */
void kshim_exec_wait(struct kshim_task *t);		/* the caller t blocked: until READY */
void kshim_exec_ready(struct kshim_task *t);		/* t left T_NEW/T_BLOCKED */
void kshim_exec_exit(struct kshim_task *t);		/* t (the caller) is DONE */
void kshim_exec_yield(struct kshim_task *t);		/* let others run, t stays READY */

#endif /* KSHIM_TASK_H */
