// SPDX-License-Identifier: MIT
/*
 * The fiber backend (task.h), the default: every task is a cooperative fiber
 * on the one OS thread that called kshim_init.  A task runs until it
 * blocks; then kshim_sched_step() steps are taken on its stack until one
 * returns a task, and it switches to that one (run_next).  Same seed, same
 * interleaving.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#ifndef __x86_64__
#include <ucontext.h>
#endif

#include "task.h"

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

static struct fiber *switch_from;

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

/*
 * Dead tasks' stacks, kept for the next task of this process (a fork
 * inherits them): unmapping one per task flushed the TLB, through the
 * hypervisor and by IPI once the process had run on the other CPU (2.7% of
 * a stress seed, bench/RESULTS.md round 6).  A reused stack keeps its guard
 * page and what the dead task left on it, as a kernel's recycled task stack
 * does; a new task writes its frames before it reads them.
 */
#define STACK_CACHE_MAX	16
static void *stack_cache[STACK_CACHE_MAX];
static unsigned int stack_cache_n;

/*
 * A new stack's top STACK_HOT bytes in at once, in one MADV_POPULATE_WRITE
 * call (a few microseconds a page, where a page fault costs tens on the
 * test VM, a hypervisor exit each: docs/testing.md, "Speed").  Every task
 * writes its first frames there, and the tasks of the ga102/535.113.01
 * conformance suites touch one or two pages of their stacks (resident
 * pages counted with mincore at exit, bench/RESULTS.md casefaults): more
 * would populate pages never used.  Kernels older than 5.14 lack the call
 * (EINVAL) and just fault as before.
 */
#define STACK_HOT	(8 * 1024)

static void stack_populate(void *map)
{
	madvise((char *)map + GUARD_SIZE + STACK_SIZE - STACK_HOT, STACK_HOT, MADV_POPULATE_WRITE);
}

static void fiber_make(struct fiber *f, void (*entry)(void))
{
	if (stack_cache_n) {
		f->map = stack_cache[--stack_cache_n];
	} else {
		f->map = mmap(NULL, STACK_SIZE + GUARD_SIZE, PROT_READ | PROT_WRITE,
			      MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
		if (f->map == MAP_FAILED || mprotect(f->map, GUARD_SIZE, PROT_NONE)) {
			perror("kshim: task stack");
			abort();
		}
		stack_populate(f->map);
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
	 * ASan leaves a dead task's stack redzones poisoned in its shadow; the
	 * next task on this stack, or a later mapping at the same address (a
	 * firmware file, lib/fwfile), would read as stack there.
	 */
	__asan_unpoison_memory_region(f->stack_lo, f->stack_len);
#endif
	if (stack_cache_n < STACK_CACHE_MAX)
		stack_cache[stack_cache_n++] = f->map;
	else
		munmap(f->map, STACK_SIZE + GUARD_SIZE);
#ifdef KSHIM_TSAN
	__tsan_destroy_fiber(f->tsan);
#endif
}

struct kshim_exec {
	struct fiber fiber;
};

#ifdef KSHIM_TSAN
/*
 * The scheduler's ThreadSanitizer fiber: the steps (IRQ handlers, timers,
 * the model) run on the blocking task's stack but count as the
 * scheduler's, not as that task's, as they did on a fiber of their own.
 */
static void *sched_tsan;
#endif

static void task_entry(void)
{
	fiber_arrived(NULL);
	kshim_task_body(kshim_running);
	abort();	/* a finished task is never resumed */
}

void kshim_exec_create(struct kshim_task *t)
{
	t->exec = kshim_xzalloc(sizeof(*t->exec));
	fiber_make(&t->exec->fiber, task_entry);
}

bool kshim_exec_free(struct kshim_task *t)
{
	fiber_free(&t->exec->fiber);
	free(t->exec);
	return true;
}

/*
 * The caller t stops running (blocked, yielding or done): the scheduler's
 * steps are taken right here, on t's stack, in the scheduler's context,
 * until one returns a task, and that task is switched to straight away;
 * when it is t itself (woken meanwhile), t goes on without a switch.  The
 * same steps in the same order as a scheduler fiber of its own took them,
 * at a stack switch per task switch instead of two (bench/RESULTS.md,
 * rpcsmall4).  A finished task's stack is freed only by its joiner, which
 * runs after the switch away from it.
 */
static void run_next(struct kshim_task *t, bool exits)
{
	struct kshim_task *next;

	kshim_running = NULL;
	kshim_cur = &kshim_sched_ctx;
#ifdef KSHIM_TSAN
	__tsan_switch_to_fiber(sched_tsan, TSAN_SWITCH_FLAGS);
#endif
	while (!(next = kshim_sched_step()))
		;
	kshim_running = next;
	kshim_cur = &next->ctx;
	kshim_progress++;
	if (next != t)
		fiber_switch(&t->exec->fiber, &next->exec->fiber, exits);
#ifdef KSHIM_TSAN
	else
		__tsan_switch_to_fiber(t->exec->fiber.tsan, TSAN_SWITCH_FLAGS);
#endif
}

void kshim_exec_wait(struct kshim_task *t)
{
	run_next(t, false);
}

void kshim_exec_yield(struct kshim_task *t)
{
	run_next(t, false);
}

/* The scheduler picks it up at its next step. */
void kshim_exec_ready(struct kshim_task *t)
{
}

void kshim_exec_exit(struct kshim_task *t)
{
	run_next(t, true);
}

void kshim_exec_init(struct kshim_task *main_task)
{
	main_task->exec = kshim_xzalloc(sizeof(*main_task->exec));
#ifdef KSHIM_TSAN
	main_task->exec->fiber.tsan = __tsan_get_current_fiber();
	sched_tsan = __tsan_create_fiber(0);
#endif
}

void kshim_exec_fini(void)
{
#ifdef KSHIM_TSAN
	__tsan_destroy_fiber(sched_tsan);
	sched_tsan = NULL;
#endif
}
