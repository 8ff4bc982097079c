// SPDX-License-Identifier: MIT
/*
 * The scheduler: cooperative tasks on fibers, a virtual clock, and
 * the loop that decides what runs next.  See README.md for the rules; in
 * short, each pass (1) delivers pending device IRQs, (2) fires expired
 * timers, (3) runs one runnable task picked with the seeded PRNG, or else
 * (4) advances the clock to the earliest deadline and lets the clock
 * clients (the device model) catch up.  Nothing runs on its own thread.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#ifndef __x86_64__
#include <ucontext.h>
#endif

#include <linux/delay.h>
#include <linux/kthread.h>
#include <linux/sched.h>
#include <linux/wait.h>

#include "internal.h"

#ifndef __has_feature
#define __has_feature(x) 0
#endif
#if defined(__SANITIZE_ADDRESS__) || __has_feature(address_sanitizer)
#define KSHIM_ASAN 1
void __sanitizer_start_switch_fiber(void **fake_stack_save, const void *bottom, size_t size);
void __sanitizer_finish_switch_fiber(void *fake_stack_save, const void **bottom_old,
				     size_t *size_old);
void __asan_unpoison_memory_region(void const volatile *addr, size_t size);
#endif
#ifdef KSHIM_TSAN
void *__tsan_get_current_fiber(void);
void *__tsan_create_fiber(unsigned int flags);
void __tsan_destroy_fiber(void *fiber);
void __tsan_switch_to_fiber(void *fiber, unsigned int flags);
#ifdef KSHIM_TSAN_KERNEL
#define TSAN_SWITCH_FLAGS	1u	/* __tsan_switch_to_fiber_no_sync: no ordering */
#else
#define TSAN_SWITCH_FLAGS	0u
#endif
#endif

#define STACK_SIZE	(256 * 1024)
#define GUARD_SIZE	4096
#define MAX_CLIENTS	8

struct fiber {
#ifdef __x86_64__
	void *sp;			/* saved stack pointer while switched out */
#else
	ucontext_t uc;
#endif
	void *map;			/* stack mapping incl. guard page; NULL for main */
	const void *stack_lo;		/* for ASan; learnt on first switch for main */
	size_t stack_len;
	void *tsan;
};

#ifdef __x86_64__
/*
 * kshim_fiber_swap(&from->sp, to->sp): push what the SysV ABI makes
 * callee-saved (rbp, rbx, r12-r15, the MXCSR control bits and the x87
 * control word), save the stack pointer, load the other fiber's and pop its
 * registers.  swapcontext does the same plus an rt_sigprocmask system call
 * each way; kshim never gives a fiber its own signal mask, and that call
 * was a fifth of an RPC's time (bench/RESULTS.md).
 */
void kshim_fiber_swap(void **save_sp, void *load_sp);
__asm__(".text\n"
	".globl kshim_fiber_swap\n"
	".hidden kshim_fiber_swap\n"
	".type kshim_fiber_swap, @function\n"
	"kshim_fiber_swap:\n"
	"	pushq %rbp\n"
	"	pushq %rbx\n"
	"	pushq %r12\n"
	"	pushq %r13\n"
	"	pushq %r14\n"
	"	pushq %r15\n"
	"	subq $8, %rsp\n"
	"	stmxcsr (%rsp)\n"
	"	fnstcw 4(%rsp)\n"
	"	movq %rsp, (%rdi)\n"
	"	movq %rsi, %rsp\n"
	"	ldmxcsr (%rsp)\n"
	"	fldcw 4(%rsp)\n"
	"	addq $8, %rsp\n"
	"	popq %r15\n"
	"	popq %r14\n"
	"	popq %r13\n"
	"	popq %r12\n"
	"	popq %rbx\n"
	"	popq %rbp\n"
	"	ret\n"
	".size kshim_fiber_swap, .-kshim_fiber_swap\n");

/*
 * A new fiber's stack as kshim_fiber_swap leaves a switched-out one: the
 * floating-point control words (the creator's), six zeroed registers, entry
 * as the return address, and a zero return address for entry itself (it
 * never returns; unwinders stop there).  entry then starts with the stack
 * pointer 8 below a 16-byte boundary, as after a call.
 */
static void fiber_stack_init(struct fiber *f, void (*entry)(void))
{
	uint64_t *top = (uint64_t *)((char *)f->stack_lo + f->stack_len);
	uint32_t *fpu;

	top[-1] = 0;
	top[-2] = (uint64_t)(uintptr_t)entry;
	memset(&top[-8], 0, 6 * sizeof(*top));
	fpu = (uint32_t *)&top[-9];
	__asm__ volatile("stmxcsr %0" : "=m"(fpu[0]));
	__asm__ volatile("fnstcw %0" : "=m"(*(uint16_t *)&fpu[1]));
	f->sp = &top[-9];
}
#else
static void fiber_stack_init(struct fiber *f, void (*entry)(void))
{
	getcontext(&f->uc);
	f->uc.uc_stack.ss_sp = (void *)f->stack_lo;
	f->uc.uc_stack.ss_size = f->stack_len;
	f->uc.uc_link = NULL;
	makecontext(&f->uc, entry, 0);
}
#endif

enum task_state { T_NEW, T_READY, T_BLOCKED, T_DONE };

struct kshim_task {
	struct task_struct ts;
	struct kshim_ctx ctx;
	struct list_head node;
	struct fiber fiber;
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
};

struct kshim_ctx kshim_hardirq_ctx = { .name = "hardirq", .irqs_off = true };
struct kshim_ctx kshim_softirq_ctx = { .name = "softirq" };
static struct kshim_ctx sched_ctx = { .name = "kshim" };

static LIST_HEAD(tasks);
static struct kshim_task *main_task, *cur_task;
static struct fiber sched_fiber;
static struct fiber *switch_from;
static struct task_struct idle_ts = { .comm = "swapper" };
static char settle_chan;
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

static struct client {
	struct kshim_clock_client c;
	uint64_t ticked_at;
} clients[MAX_CLIENTS];
static unsigned int nclients;

static void fiber_arrived(void *fake_stack)
{
#ifdef KSHIM_ASAN
	__sanitizer_finish_switch_fiber(fake_stack, &switch_from->stack_lo,
					&switch_from->stack_len);
#endif
}

static void fiber_switch(struct fiber *from, struct fiber *to, bool from_exits)
{
	void *fake_stack = NULL;

	switch_from = from;
#ifdef KSHIM_ASAN
	__sanitizer_start_switch_fiber(from_exits ? NULL : &fake_stack, to->stack_lo,
				       to->stack_len);
#endif
#ifdef KSHIM_TSAN
	__tsan_switch_to_fiber(to->tsan, TSAN_SWITCH_FLAGS);
#endif
#ifdef __x86_64__
	kshim_fiber_swap(&from->sp, to->sp);
#else
	swapcontext(&from->uc, &to->uc);
#endif
	fiber_arrived(fake_stack);
}

static void fiber_make(struct fiber *f, void (*entry)(void))
{
	f->map = mmap(NULL, STACK_SIZE + GUARD_SIZE, PROT_READ | PROT_WRITE,
		      MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (f->map == MAP_FAILED || mprotect(f->map, GUARD_SIZE, PROT_NONE)) {
		perror("kshim: task stack");
		abort();
	}
	f->stack_lo = (char *)f->map + GUARD_SIZE;
	f->stack_len = STACK_SIZE;
	fiber_stack_init(f, entry);
#ifdef KSHIM_TSAN
	f->tsan = __tsan_create_fiber(0);
#endif
}

static void fiber_free(struct fiber *f)
{
	if (!f->map)
		return;
#ifdef KSHIM_ASAN
	/*
	 * ASan leaves a dead task's stack redzones poisoned in its shadow; a
	 * later mapping at the same address (a firmware file, lib/fwfile)
	 * would read as stack there.
	 */
	__asan_unpoison_memory_region(f->stack_lo, f->stack_len);
#endif
	munmap(f->map, STACK_SIZE + GUARD_SIZE);
#ifdef KSHIM_TSAN
	__tsan_destroy_fiber(f->tsan);
#endif
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

struct kshim_task *kshim_cur_task(void)
{
	return cur_task && kshim_cur == &cur_task->ctx ? cur_task : NULL;
}

struct task_struct *kshim_current(void)
{
	return cur_task ? &cur_task->ts : &idle_ts;
}

static void task_entry(void)
{
	struct kshim_task *t = cur_task;

	fiber_arrived(NULL);
	kshim_hb_acquire(t);		/* what its creator did before */
	t->result = t->fn(t->arg);
	kshim_ctx_release_all(&t->ctx, "task exit");
	t->state = T_DONE;
	kshim_hb_release(&quiet_hb);
	kshim_wake(t);			/* publishes its work to the joiner */
	fiber_switch(&t->fiber, &sched_fiber, true);
	abort();	/* a finished task is never resumed */
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
	t->state = start ? T_READY : T_NEW;
	fiber_make(&t->fiber, task_entry);
	list_add_tail(&t->node, &tasks);
	kshim_hb_release(t);
	return t;
}

static void task_free(struct kshim_task *t)
{
	list_del(&t->node);
	fiber_free(&t->fiber);
	free((char *)t->ctx.name);
	free(t);
}

bool kshim_block(const void *chan, const char *what, const char *obj, uint64_t deadline)
{
	struct kshim_task *t = kshim_cur_task();

	/* Outside a task the caller has already reported it; never block there. */
	if (!t || deadline <= kshim_now)
		return false;
	t->state = T_BLOCKED;
	t->chan = chan;
	t->what = what;
	t->obj = obj;
	t->deadline = deadline;
	t->timed_out = false;
	kshim_hb_release(&quiet_hb);
	fiber_switch(&t->fiber, &sched_fiber, false);
	if (t->timed_out)
		return false;
	kshim_hb_acquire(chan);		/* woken: after the waker */
	return true;
}

void kshim_wake(const void *chan)
{
	struct kshim_task *t;

	kshim_hb_release(chan);
	list_for_each_entry(t, &tasks, node)
		if (t->state == T_BLOCKED && t->chan == chan)
			t->state = T_READY;
}

bool kshim_has_waiters(const void *chan)
{
	struct kshim_task *t;

	list_for_each_entry(t, &tasks, node)
		if (t->state == T_BLOCKED && t->chan == chan)
			return true;
	return false;
}

static void yield_now(void)
{
	struct kshim_task *t = kshim_cur_task();

	if (!t)
		return;
	t->state = T_READY;
	fiber_switch(&t->fiber, &sched_fiber, false);
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

static void run_task(struct kshim_task *t)
{
	cur_task = t;
	kshim_cur = &t->ctx;
	kshim_progress++;
	fiber_switch(&sched_fiber, &t->fiber, false);
	cur_task = NULL;
	kshim_cur = &sched_ctx;
}

/* One runnable task chosen uniformly with the PRNG, or NULL. */
static struct kshim_task *pick_task(void)
{
	static struct kshim_task **ready;
	static size_t cap;
	struct kshim_task *t;
	size_t n = 0;

	list_for_each_entry(t, &tasks, node) {
		if (t->state == T_BLOCKED && t->deadline <= kshim_now) {
			t->state = T_READY;
			t->timed_out = true;
		}
		if (t->state != T_READY)
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 16;
			ready = realloc(ready, cap * sizeof(*ready));
			if (!ready)
				abort();
		}
		ready[n++] = t;
	}
	if (!n)
		return NULL;
	return ready[n == 1 ? 0 : kshim_rand() % n];
}

static uint64_t next_deadline(bool *clients_due)
{
	uint64_t next = clients_next(clients_due);
	uint64_t timers = kshim_timers_next();
	struct kshim_task *t;

	if (timers < next)
		next = timers;
	list_for_each_entry(t, &tasks, node)
		if (t->state == T_BLOCKED && t->deadline < next)
			next = t->deadline;
	return next;
}

static void sched_entry(void)
{
	fiber_arrived(NULL);
	for (;;) {
		struct kshim_task *t;
		bool clients_due;
		uint64_t next;

		kshim_irq_deliver(NULL);
		kshim_timers_run();
		t = pick_task();
		if (t) {
			run_task(t);
			continue;
		}
		next = next_deadline(&clients_due);
		if (clients_due) {
			clients_advance();
			continue;
		}
		if (kshim_has_waiters(&settle_chan)) {
			kshim_wake(&settle_chan);
			continue;
		}
		if (next == KSHIM_NO_DEADLINE)
			deadlock();
		clock_set(next);
	}
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

void kshim_busy_wait_ns(u64 ns)
{
	uint64_t end = kshim_now + ns;

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
	t->state = T_READY;
	return 1;
}

bool kthread_should_stop(void)
{
	return cur_task && cur_task->should_stop;
}

int kthread_stop(struct task_struct *k)
{
	struct kshim_task *t = container_of(k, struct kshim_task, ts);

	t->should_stop = true;
	if (t->state == T_NEW) {
		/* Never woken: the thread function does not run. */
		t->state = T_DONE;
		t->result = -EINTR;
	}
	wake_up_process(k);
	return kshim_task_reap(t);
}

void kshim_set_current_state(unsigned int state)
{
	if (cur_task)
		cur_task->req_state = state;
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
	main_task->state = T_READY;
#ifdef KSHIM_TSAN
	main_task->fiber.tsan = __tsan_get_current_fiber();
#endif
	list_add_tail(&main_task->node, &tasks);
	cur_task = main_task;
	kshim_cur = &main_task->ctx;
	fiber_make(&sched_fiber, sched_entry);
	nclients = 0;
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
	fiber_free(&sched_fiber);
	memset(&sched_fiber, 0, sizeof(sched_fiber));
	cur_task = main_task = NULL;
	kshim_cur = NULL;
	nclients = 0;
}
