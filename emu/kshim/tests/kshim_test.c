// SPDX-License-Identifier: MIT
/* Unit tests for kshim: the scheduler, time, locking rules, memory and buses. */
#include <check.h>
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include <linux/auxiliary_bus.h>
#include <linux/bitfield.h>
#include <linux/completion.h>
#include <linux/crc32.h>
#include <linux/debugfs.h>
#include <linux/delay.h>
#include <linux/firmware.h>
#include <linux/idr.h>
#include <linux/iopoll.h>
#include <linux/kthread.h>
#include <linux/module.h>
#include <linux/mm.h>
#include <linux/mutex.h>
#include <linux/pci.h>
#include <linux/random.h>
#include <linux/seq_file.h>
#include <linux/sizes.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/string.h>
#include <linux/unaligned.h>
#include <linux/vmalloc.h>
#include <linux/wait.h>
#include <linux/workqueue.h>

#include <kshim/kshim.h>

#include "testutil.h"

/* Asserts that failure i exists and contains text. */
static void assert_failure(unsigned int i, const char *text)
{
	const char *f = kshim_failure(i);

	ck_assert_msg(f && strstr(f, text), "failure %u is \"%s\", expected \"%s\"", i,
		      f ? f : "(none)", text);
}

static double wall_seconds(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* ---- time ---- */

START_TEST(test_msleep_is_virtual)
{
	double start = wall_seconds();
	unsigned long j0;

	kshim_init(1);
	j0 = jiffies;
	msleep(10000);
	ck_assert_uint_eq(kshim_now_ns(), 10ULL * NSEC_PER_SEC);
	ck_assert_uint_eq(jiffies - j0, 10 * HZ);
	ssleep(2);
	usleep_range(100, 200);
	fsleep(50);
	ck_assert_uint_eq(kshim_now_ns(), 12ULL * NSEC_PER_SEC + 200000 + 50000);
	udelay(3);
	ck_assert_uint_eq(ktime_get_ns(), 12ULL * NSEC_PER_SEC + 253000);
	ck_assert(wall_seconds() - start < 1.0);
	ck_assert_uint_eq(kshim_fini(), 0);
}
END_TEST

START_TEST(test_jiffies_helpers)
{
	kshim_init(1);
	/* Starts 5 minutes before the 32-bit wrap, like the kernel. */
	ck_assert_uint_eq((unsigned int)jiffies, (unsigned int)(-300 * HZ));
	ck_assert_uint_eq(msecs_to_jiffies(1), 1);
	ck_assert_uint_eq(msecs_to_jiffies(4), 1);
	ck_assert_uint_eq(msecs_to_jiffies(5), 2);
	ck_assert_uint_eq(jiffies_to_msecs(250), 1000);
	ck_assert_uint_eq(usecs_to_jiffies(4001), 2);
	ck_assert(time_after(jiffies + 1, jiffies));
	ck_assert(time_before((unsigned long)-1, 1UL));
	ck_assert_int_eq(ktime_us_delta(ms_to_ktime(3), us_to_ktime(500)), 2500);
	ck_assert_int_lt(ktime_compare(ktime_get(), ktime_add_ms(ktime_get(), 1)), 0);
	ck_assert_uint_eq(kshim_fini(), 0);
}
END_TEST

/* One call site of each: what a second run in the same process must print afresh. */
static void print_once_and_limited(void)
{
	int i;

	printk_once(KERN_INFO "once per run\n");
	for (i = 0; i < 12; i++) {
		printk_ratelimited(KERN_INFO "limited %d\n", i);
		WARN_ONCE(true, "warned once");
	}
}

/*
 * printk_once, WARN_ONCE and printk_ratelimited as at a boot in each run
 * (kshim_init to kshim_fini), however many the process has had: the once
 * prints once in each, the ratelimit lets its burst through in each
 * (DEFAULT_RATELIMIT_BURST, include/linux/ratelimit_types.h: 10).
 */
START_TEST(test_once_per_run)
{
	int run;

	for (run = 0; run < 2; run++) {
		kshim_init(30);
		print_once_and_limited();
		ck_assert(kshim_log_contains("once per run"));
		ck_assert(kshim_log_contains("limited 9"));
		ck_assert(!kshim_log_contains("limited 10"));
		ck_assert_uint_eq(kshim_failure_count(), 1);
		assert_failure(0, "warned once");
		ck_assert_uint_eq(kshim_fini(), 1);
	}
}
END_TEST

static DECLARE_WAIT_QUEUE_HEAD(wq);
static bool flag;

static int set_flag_later(void *arg)
{
	msleep((unsigned int)(uintptr_t)arg);
	WRITE_ONCE(flag, true);	/* read by the waiter: a marked race (TSan) */
	wake_up(&wq);
	return 0;
}

START_TEST(test_wait_event_timeout)
{
	struct kshim_task *t;
	long ret;

	kshim_init(2);
	flag = true;
	ret = wait_event_timeout(wq, flag, 100);
	ck_assert_int_eq(ret, 100);		/* true at once: the whole timeout */
	ck_assert_uint_eq(kshim_now_ns(), 0);

	flag = false;
	ret = wait_event_timeout(wq, flag, 0);
	ck_assert_int_eq(ret, 0);

	ret = wait_event_timeout(wq, READ_ONCE(flag), msecs_to_jiffies(100));
	ck_assert_int_eq(ret, 0);		/* timed out */
	ck_assert_uint_eq(kshim_now_ns(), 100 * NSEC_PER_MSEC);

	t = kshim_task_start("setter", set_flag_later, (void *)(uintptr_t)40);
	ret = wait_event_timeout(wq, READ_ONCE(flag), msecs_to_jiffies(100));
	ck_assert_int_eq(ret, msecs_to_jiffies(60));	/* woken after 40 ms */
	ck_assert_uint_eq(kshim_now_ns(), 140 * NSEC_PER_MSEC);
	ck_assert_int_eq(kshim_task_join(t), 0);

	flag = false;
	t = kshim_task_start("setter", set_flag_later, (void *)(uintptr_t)30);
	ck_assert_int_eq(wait_event_interruptible(wq, READ_ONCE(flag)), 0);
	ck_assert_uint_eq(kshim_now_ns(), 170 * NSEC_PER_MSEC);
	kshim_task_join(t);
	ck_assert_uint_eq(kshim_fini(), 0);
}
END_TEST

/* A wake-up with the condition still false 10 ms in, then the real one 10 ms later. */
static int wake_twice(void *arg)
{
	msleep(10);
	wake_up(&wq);
	msleep(10);
	WRITE_ONCE(flag, true);
	wake_up(&wq);
	return 0;
}

START_TEST(test_wakes_counted)
{
	struct kshim_task *t;
	unsigned long w;

	kshim_init(4);
	flag = false;
	w = kshim_wakes();
	t = kshim_task_start("waker", wake_twice, NULL);
	ck_assert_int_gt(wait_event_timeout(wq, READ_ONCE(flag), msecs_to_jiffies(100)), 0);
	ck_assert_uint_eq(kshim_now_ns(), 20 * NSEC_PER_MSEC);
	ck_assert_uint_eq(kshim_wakes() - w, 2);	/* the spurious one counts */
	ck_assert_int_eq(kshim_task_join(t), 0);
	w = kshim_wakes();
	ck_assert_int_eq(wait_event_timeout(wq, !READ_ONCE(flag), msecs_to_jiffies(5)), 0);
	ck_assert_uint_eq(kshim_wakes() - w, 0);	/* a timeout does not */
	ck_assert_uint_eq(kshim_fini(), 0);
}
END_TEST

static DECLARE_COMPLETION(done);

static int completer(void *arg)
{
	msleep(25);
	complete(&done);
	return 7;
}

START_TEST(test_completion_across_tasks)
{
	struct kshim_task *t;

	kshim_init(3);
	init_completion(&done);
	t = kshim_task_start("completer", completer, NULL);
	ck_assert(!completion_done(&done));
	ck_assert_uint_eq(wait_for_completion_timeout(&done, msecs_to_jiffies(100)),
			  msecs_to_jiffies(75));
	ck_assert_int_eq(kshim_task_join(t), 7);
	ck_assert_uint_eq(wait_for_completion_timeout(&done, 10), 0);
	ck_assert_uint_eq(kshim_now_ns(), 64 * NSEC_PER_MSEC);	/* ends on a jiffy */

	complete_all(&done);
	wait_for_completion(&done);
	ck_assert(try_wait_for_completion(&done));
	ck_assert(completion_done(&done));
	reinit_completion(&done);
	ck_assert(!try_wait_for_completion(&done));
	ck_assert_uint_eq(kshim_fini(), 0);
}
END_TEST

/* ---- scheduling ---- */

static DEFINE_MUTEX(big_lock);
static char trace[256];

static void note(const char *s)
{
	strncat(trace, s, sizeof(trace) - strlen(trace) - 1);
}

static int holder(void *arg)
{
	mutex_lock(&big_lock);
	note("H+");
	msleep(10);
	note("H-");
	mutex_unlock(&big_lock);
	return 0;
}

static int contender(void *arg)
{
	msleep(1);
	note("C?");
	mutex_lock(&big_lock);
	note("C+");
	ck_assert_uint_eq(kshim_now_ns(), 10 * NSEC_PER_MSEC);
	mutex_unlock(&big_lock);
	return 0;
}

START_TEST(test_mutex_contention)
{
	struct kshim_task *a, *b;

	kshim_init(4);
	trace[0] = '\0';
	a = kshim_task_start("holder", holder, NULL);
	b = kshim_task_start("contender", contender, NULL);
	kshim_task_join(a);
	kshim_task_join(b);
	ck_assert_str_eq(trace, "H+C?H-C+");
	ck_assert(!mutex_is_locked(&big_lock));
	ck_assert_uint_eq(kshim_fini(), 0);
}
END_TEST

static int spinner(void *arg)
{
	for (int i = 0; i < 5; i++) {
		char s[2] = { (char)('a' + (int)(uintptr_t)arg), 0 };

		note(s);
		cond_resched();
	}
	return 0;
}

static void interleave(uint64_t seed, char *out)
{
	struct kshim_task *t[6];

	kshim_init(seed);
	trace[0] = '\0';
	for (int i = 0; i < 6; i++)
		t[i] = kshim_task_start("spinner", spinner, (void *)(uintptr_t)i);
	for (int i = 0; i < 6; i++)
		kshim_task_join(t[i]);
	ck_assert_uint_eq(kshim_fini(), 0);
	strcpy(out, trace);
}

START_TEST(test_deterministic_interleaving)
{
	char a[64], b[64], c[64];

	interleave(42, a);
	interleave(42, b);
	interleave(43, c);
	ck_assert_uint_eq(strlen(a), 30);
	ck_assert_str_eq(a, b);
	ck_assert_str_ne(a, c);
}
END_TEST

static int kthread_body(void *arg)
{
	int *loops = arg;

	while (!kthread_should_stop()) {
		(*loops)++;
		schedule_timeout_interruptible(msecs_to_jiffies(10));
	}
	return 5;
}

START_TEST(test_kthread)
{
	int loops = 0;
	struct task_struct *k;

	kshim_init(5);
	k = kthread_create(kthread_body, &loops, "poller/%d", 1);
	ck_assert(!IS_ERR(k));
	ck_assert_str_eq(k->comm, "poller/1");
	kshim_run_for(25 * NSEC_PER_MSEC);
	ck_assert_int_eq(loops, 0);		/* not woken yet */
	wake_up_process(k);
	kshim_run_for(25 * NSEC_PER_MSEC);
	ck_assert_int_eq(loops, 3);		/* at 25, 35, 45 ms */
	ck_assert_int_eq(kthread_stop(k), 5);
	ck_assert_int_eq(kthread_stop(kthread_create(kthread_body, &loops, "idle")), -EINTR);
	ck_assert_uint_eq(kshim_fini(), 0);
}
END_TEST

static int never_completes(void *arg)
{
	static DECLARE_COMPLETION(never);

	mutex_lock(&big_lock);
	wait_for_completion(&never);
	return 0;
}

START_TEST(test_deadlock_aborts)
{
	kshim_init(6);
	kshim_task_start("stuck", never_completes, NULL);
	msleep(1);
	mutex_lock(&big_lock);	/* never returns: reported, then abort() */
}
END_TEST

/* ---- timers and work ---- */

static struct timer_list timer;
static u64 fired_at;

static void timer_fn(struct timer_list *t)
{
	ck_assert(in_interrupt());
	WRITE_ONCE(fired_at, kshim_now_ns());
}

START_TEST(test_timer)
{
	kshim_init(7);
	timer_setup(&timer, timer_fn, 0);
	ck_assert_int_eq(mod_timer(&timer, jiffies + msecs_to_jiffies(20)), 0);
	ck_assert(timer_pending(&timer));
	kshim_run_for(30 * NSEC_PER_MSEC);
	ck_assert_uint_eq(READ_ONCE(fired_at), 20 * NSEC_PER_MSEC);
	mod_timer(&timer, jiffies + 1);
	ck_assert_int_eq(timer_delete_sync(&timer), 1);
	ck_assert_int_eq(del_timer(&timer), 0);
	ck_assert_uint_eq(kshim_fini(), 0);
}
END_TEST

struct item {
	struct work_struct work;
	char tag;
};

static void item_fn(struct work_struct *w)
{
	struct item *it = container_of(w, struct item, work);
	char s[2] = { it->tag, 0 };

	ck_assert(!in_interrupt());
	msleep(1);
	note(s);
}

static void delayed_fn(struct work_struct *w)
{
	WRITE_ONCE(fired_at, kshim_now_ns());
}

START_TEST(test_workqueue_flush_order)
{
	struct workqueue_struct *owq;
	struct item items[4] = { { .tag = 'a' }, { .tag = 'b' }, { .tag = 'c' }, { .tag = 'd' } };
	struct delayed_work dw;
	bool cancelled;

	kshim_init(8);
	trace[0] = '\0';
	owq = alloc_ordered_workqueue("nvcore-%s", 0, "events");
	for (int i = 0; i < 3; i++) {
		INIT_WORK(&items[i].work, item_fn);
		ck_assert(queue_work(owq, &items[i].work));
	}
	/* already pending; threads: the worker may have taken it off, as on another CPU */
	if (!kshim_threaded())
		ck_assert(!queue_work(owq, &items[0].work));
	flush_workqueue(owq);
	ck_assert_str_eq(trace, "abc");
	ck_assert_uint_eq(kshim_now_ns(), 3 * NSEC_PER_MSEC);

	INIT_WORK(&items[3].work, item_fn);
	schedule_work(&items[3].work);
	ck_assert(flush_work(&items[3].work));
	ck_assert_str_eq(trace, "abcd");
	ck_assert(!flush_work(&items[3].work));

	INIT_DELAYED_WORK(&dw, delayed_fn);
	fired_at = 0;
	ck_assert(queue_delayed_work(owq, &dw, msecs_to_jiffies(100)));
	ck_assert(!queue_delayed_work(owq, &dw, 1));	/* pending: its timer is armed */
	kshim_run_for(50 * NSEC_PER_MSEC);
	ck_assert_uint_eq(READ_ONCE(fired_at), 0);
	kshim_run_for(60 * NSEC_PER_MSEC);
	ck_assert_uint_eq(READ_ONCE(fired_at), 104 * NSEC_PER_MSEC);
	ck_assert(queue_delayed_work(owq, &dw, 10));
	ck_assert(cancel_delayed_work_sync(&dw));
	INIT_WORK(&items[0].work, item_fn);
	queue_work(owq, &items[0].work);
	/* Fibers: the worker has not run since.  Threads: it may have, as on another CPU. */
	cancelled = cancel_work_sync(&items[0].work);
	ck_assert(cancelled || kshim_threaded());
	destroy_workqueue(owq);
	ck_assert_str_eq(trace, cancelled ? "abcd" : "abcda");
	ck_assert_uint_eq(kshim_fini(), 0);
}
END_TEST

/* ---- memory ---- */

START_TEST(test_leak_report)
{
	void *keep, *p;

	kshim_init(9);
	keep = kmalloc(128, GFP_KERNEL);
	p = kzalloc(16, GFP_KERNEL);
	ck_assert_uint_eq(((u8 *)p)[15], 0);
	ck_assert_uint_eq(kshim_bytes_allocated(), 144);
	kfree(p);
	ck_assert_ptr_nonnull(keep);
	ck_assert_uint_eq(kshim_fini(), 1);
	assert_failure(0, "leak: 128 bytes from emu/kshim/tests/kshim_test.c:");
}
END_TEST

START_TEST(test_bad_frees)
{
	char *p, *v;

	kshim_init(10);
	p = kstrdup("abc", GFP_KERNEL);
	kfree(p);
	kfree(p);
	v = vmalloc(100);
	kfree(v);		/* reported, and released */
	ck_assert_uint_eq(kshim_failure_count(), 2);
	assert_failure(0, "kfree at emu/kshim/tests/kshim_test.c:");
	assert_failure(0, "not allocated (double free?)");
	assert_failure(1, "of memory from vmalloc at emu/kshim/tests/kshim_test.c:");
	kfree(NULL);
	kfree(ZERO_SIZE_PTR);
	ck_assert_ptr_eq(kmalloc(0, GFP_KERNEL), ZERO_SIZE_PTR);
	ck_assert_uint_eq(kshim_fini(), 2);
}
END_TEST

START_TEST(test_alloc_fault_injection)
{
	void *a, *b, *c;

	kshim_init(11);
	kshim_alloc_fail_after(1);
	a = kmalloc(8, GFP_KERNEL);
	b = kmalloc(8, GFP_KERNEL);
	c = kmalloc(8, GFP_KERNEL);
	ck_assert_ptr_nonnull(a);
	ck_assert_ptr_null(b);
	ck_assert_ptr_nonnull(c);
	ck_assert(kshim_log_contains("injected failure of kmalloc(8)"));
	kshim_alloc_fail_after(0);
	ck_assert_ptr_null(kcalloc(2, 4, GFP_KERNEL));
	ck_assert_ptr_null(kmalloc_array(SIZE_MAX / 2, 4, GFP_KERNEL));	/* overflow */
	kfree(a);
	kfree(c);
	ck_assert_uint_eq(kshim_fini(), 0);
}
END_TEST

static unsigned int watched;

static void count_watch(void *ctx, enum kshim_alloc_class c, const char *file, int line)
{
	if (c == KSHIM_ALLOC_HEAP && strstr(file, "kshim_test.c") && line > 0)
		watched++;
}

START_TEST(test_alloc_fail_by_class)
{
	const struct firmware *fw;
	void *a, *b;

	kshim_init(13);
	kshim_alloc_watch(count_watch, NULL);
	/* The 2nd heap allocation from now fails; a firmware request is not one. */
	kshim_alloc_fail_nth(KSHIM_ALLOC_HEAP, 1);
	kshim_alloc_fail_nth(KSHIM_ALLOC_FIRMWARE, 0);
	ck_assert_int_eq(request_firmware(&fw, "any.bin", NULL), -ENOMEM);
	ck_assert(kshim_log_contains("injected failure of request_firmware(any.bin)"));
	a = kmalloc(8, GFP_KERNEL);
	b = vmalloc(8);
	ck_assert_ptr_nonnull(a);
	ck_assert_ptr_null(b);
	ck_assert(kshim_log_contains("injected failure of vmalloc(8)"));
	ck_assert_uint_eq(kshim_alloc_count(KSHIM_ALLOC_HEAP), 2);
	ck_assert_uint_eq(kshim_alloc_count(KSHIM_ALLOC_FIRMWARE), 1);
	ck_assert_uint_eq(kshim_alloc_count(KSHIM_ALLOC_ANY), 3);
	ck_assert_uint_eq(watched, 2);
	kfree(a);
	ck_assert_uint_eq(kshim_fini(), 0);
	/* kshim_fini disarms and resets the counts. */
	kshim_init(13);
	ck_assert_uint_eq(kshim_alloc_count(KSHIM_ALLOC_ANY), 0);
	a = kmalloc(8, GFP_KERNEL);
	ck_assert_ptr_nonnull(a);
	kfree(a);
	ck_assert_uint_eq(kshim_fini(), 0);
}
END_TEST

/* ---- lock and context rules (each reports failures; run forked) ---- */

static DEFINE_SPINLOCK(slock);

START_TEST(test_recursive_mutex)
{
	kshim_init(12);
	mutex_lock(&big_lock);
	mutex_lock(&big_lock);
	mutex_unlock(&big_lock);
	ck_assert_uint_eq(kshim_fini(), 1);
	assert_failure(0, "recursive mutex_lock of big_lock");
	assert_failure(0, "task main");
}
END_TEST

static int lock_and_exit(void *arg)
{
	mutex_lock(&big_lock);
	return 0;
}

START_TEST(test_unlock_by_non_owner)
{
	kshim_init(13);
	kshim_task_join(kshim_task_start("taker", lock_and_exit, NULL));
	mutex_unlock(&big_lock);
	ck_assert_uint_eq(kshim_fini(), 2);
	assert_failure(0, "task exit: task taker still holds mutex big_lock");
	assert_failure(1, "mutex_unlock of big_lock by task main, which does not hold it");
}
END_TEST

START_TEST(test_sleep_under_spinlock)
{
	struct mutex m;
	void *p;

	kshim_init(14);
	mutex_init(&m);
	spin_lock(&slock);
	msleep(1);
	p = kmalloc(8, GFP_KERNEL);
	kfree(p);
	p = kmalloc(8, GFP_ATOMIC);	/* fine */
	kfree(p);
	mutex_lock(&m);
	mutex_unlock(&m);
	spin_unlock(&slock);
	spin_unlock(&slock);
	ck_assert_uint_eq(kshim_fini(), 4);
	assert_failure(0, "sleeping function called from invalid context: msleep in task main "
			  "while holding spinlock slock");
	assert_failure(1, "sleeping allocation in atomic context: kmalloc(8, GFP_KERNEL)");
	assert_failure(2, "sleeping function called from invalid context: mutex_lock");
	assert_failure(3, "spin_unlock of slock by task main, which does not hold it");
}
END_TEST

START_TEST(test_lock_held_at_fini_and_asserts)
{
	struct mutex m;

	kshim_init(15);
	mutex_init(&m);
	lockdep_assert_held(&m);
	mutex_lock(&m);
	lockdep_assert_held(&m);
	ck_assert_uint_eq(kshim_fini(), 2);
	assert_failure(0, "lockdep_assert_held(&m) failed at emu/kshim/tests/kshim_test.c:");
	assert_failure(1, "kshim_fini: task main still holds mutex &m");
}
END_TEST

/* ---- PCI, IRQ, DMA ---- */

struct fake_gpu {
	u32 regs[64];
	struct pci_dev *pdev;
	unsigned int reads;
};

static uint32_t fake_read(void *ctx, uint64_t off)
{
	struct fake_gpu *g = ctx;

	g->reads++;
	return g->regs[(off / 4) % 64];
}

static void fake_write(void *ctx, uint64_t off, uint32_t val)
{
	struct fake_gpu *g = ctx;

	g->regs[(off / 4) % 64] = val;
	if (off == 0x10)	/* "interrupt acknowledge" */
		kshim_pci_set_irq(g->pdev, 0);
}

static struct fake_gpu gpu;
static const struct kshim_mmio_ops fake_ops = { &gpu, fake_read, fake_write };

static struct pci_dev *add_gpu(void)
{
	struct kshim_pci_desc d = {
		.vendor = PCI_VENDOR_ID_NVIDIA, .device = 0x2684, .subsystem_vendor = 0x10de,
		.subsystem_device = 0x16f3, .revision = 0xa1, .class_code = 0x030200,
		.bus = 1, .slot = 0, .func = 0,
		.bar_size = { SZ_16M, SZ_256M }, .bar_ops = { &fake_ops },
	};

	memset(&gpu, 0, sizeof(gpu));
	gpu.regs[0] = 0x19a000a1;
	gpu.pdev = kshim_pci_add(&d);
	return gpu.pdev;
}

struct drvstate {
	void __iomem *bar0;
	void *buf;
	dma_addr_t buf_dma;
	u32 boot0;
};

static int gpu_probe(struct pci_dev *pdev, const struct pci_device_id *id)
{
	struct drvstate *s;
	int err;

	s = kzalloc(sizeof(*s), GFP_KERNEL);
	if (!s)
		return -ENOMEM;
	err = pci_enable_device(pdev);
	if (err)
		goto err_free;
	err = pci_request_regions(pdev, "nvcore");
	if (err)
		goto err_disable;
	s->bar0 = pci_iomap(pdev, 0, 0);
	pci_set_master(pdev);
	err = dma_set_mask_and_coherent(&pdev->dev, DMA_BIT_MASK(47));
	if (err)
		goto err_unmap;
	s->buf = dma_alloc_coherent(&pdev->dev, 8192, &s->buf_dma, GFP_KERNEL);
	if (!s->buf) {
		err = -ENOMEM;
		goto err_unmap;
	}
	s->boot0 = readl(s->bar0);
	pci_set_drvdata(pdev, s);
	dev_info(&pdev->dev, "boot0 %08x", s->boot0);
	return 0;

err_unmap:
	pci_iounmap(pdev, s->bar0);
	pci_release_regions(pdev);
err_disable:
	pci_disable_device(pdev);
err_free:
	kfree(s);
	return err;
}

static void gpu_remove(struct pci_dev *pdev)
{
	struct drvstate *s = pci_get_drvdata(pdev);

	dma_free_coherent(&pdev->dev, 8192, s->buf, s->buf_dma);
	pci_iounmap(pdev, s->bar0);
	pci_release_regions(pdev);
	pci_disable_device(pdev);
	kfree(s);
}

static const struct pci_device_id gpu_ids[] = {
	{ PCI_VDEVICE(NVIDIA, 0x2684) },
	{ PCI_DEVICE_CLASS(PCI_CLASS_DISPLAY_3D << 8, 0xffff00) },
	{}
};

static struct pci_driver gpu_driver = {
	.name = "nvcore", .id_table = gpu_ids, .probe = gpu_probe, .remove = gpu_remove,
};

START_TEST(test_pci_probe_and_dma)
{
	struct pci_dev *pdev;
	struct drvstate *s;
	u32 word = 0x12345678, back;
	u16 vendor;
	u8 page[16];

	kshim_init(16);
	ck_assert_int_eq(pci_register_driver(&gpu_driver), 0);
	pdev = add_gpu();
	ck_assert_int_eq(kshim_pci_probe_result(pdev), 0);
	ck_assert_str_eq(pci_name(pdev), "0000:01:00.0");
	s = pci_get_drvdata(pdev);
	ck_assert_uint_eq(s->boot0, 0x19a000a1);
	ck_assert(kshim_log_contains("] nvcore 0000:01:00.0: boot0 19a000a1\n"));
	ck_assert_uint_eq(readb((u8 __iomem *)s->bar0 + 1), 0x00);
	ck_assert_uint_eq(readw((u8 __iomem *)s->bar0 + 2), 0x19a0);
	ck_assert_uint_eq(pci_resource_len(pdev, 1), SZ_256M);
	ck_assert_int_eq(pci_read_config_word(pdev, PCI_VENDOR_ID, &vendor), 0);
	ck_assert_uint_eq(vendor, PCI_VENDOR_ID_NVIDIA);

	/* Bus addresses: above 4 GiB, page-aligned, only inside the buffer. */
	ck_assert_uint_ge(s->buf_dma, 0x100000000ULL);
	ck_assert_uint_eq(s->buf_dma % PAGE_SIZE, 0);
	ck_assert_int_eq(kshim_dma_write(pdev, s->buf_dma + 8188, &word, 4), 0);
	ck_assert_uint_eq(*(u32 *)((u8 *)s->buf + 8188), 0x12345678);
	ck_assert_int_eq(kshim_dma_read(pdev, s->buf_dma + 8188, &back, 4), 0);
	ck_assert_uint_eq(back, word);
	ck_assert_int_eq(kshim_dma_read(pdev, s->buf_dma + 8189, &back, 4), -EFAULT);
	ck_assert_int_eq(kshim_dma_read(pdev, s->buf_dma - 1, &back, 1), -EFAULT);
	ck_assert_int_eq(kshim_dma_write(pdev, 0x1000, page, sizeof(page)), -EFAULT);

	kshim_pci_remove(pdev);
	pci_unregister_driver(&gpu_driver);
	ck_assert_uint_eq(kshim_fini(), 0);
}
END_TEST

START_TEST(test_pci_no_driver_and_low_dma)
{
	struct pci_dev *pdev;
	dma_addr_t bus;
	void *cpu;

	kshim_init(17);
	pdev = add_gpu();
	ck_assert_int_eq(kshim_pci_probe_result(pdev), -ENODEV);
	/* The default 32-bit mask keeps the address below 4 GiB. */
	cpu = dma_alloc_coherent(&pdev->dev, 100, &bus, GFP_KERNEL);
	ck_assert_ptr_nonnull(cpu);
	ck_assert_uint_lt(bus, 0x100000000ULL);
	dma_free_coherent(&pdev->dev, 100, cpu, bus);
	kshim_pci_remove(pdev);
	ck_assert_uint_eq(kshim_fini(), 0);
}
END_TEST

/*
 * DMA memory is zeroed on every allocation, whatever was there before: 1 MiB
 * chunks past a 64 MiB arena region (mem.c), freed out of order, then the
 * same again (memory handed back and taken anew); every byte returned.
 */
START_TEST(test_dma_zeroed_every_time)
{
	enum { N = 66 };	/* past the first region */
	static void *cpu[N];
	static dma_addr_t bus[N];
	struct pci_dev *pdev;

	kshim_init(60);
	pdev = add_gpu();
	for (int round = 0; round < 2; round++) {
		for (size_t i = 0; i < N; i++) {
			size_t len = SZ_1M - 8 * i;
			const u8 *p;

			cpu[i] = dma_alloc_coherent(&pdev->dev, len, &bus[i], GFP_KERNEL);
			ck_assert_ptr_nonnull(cpu[i]);
			p = cpu[i];
			for (size_t off = 0; off < len; off += 4093)
				ck_assert_uint_eq(p[off], 0);
			ck_assert_uint_eq(p[len - 1], 0);
			memset(cpu[i], 0xa5, len);
		}
		for (size_t i = 0; i < N; i++) {
			size_t j = (i * 7) % N;	/* 7 is prime to 66: each once, out of order */

			dma_free_coherent(&pdev->dev, SZ_1M - 8 * j, cpu[j], bus[j]);
		}
	}
	ck_assert_uint_eq(kshim_bytes_allocated(), 0);
	kshim_pci_remove(pdev);
	ck_assert_uint_eq(kshim_fini(), 0);
}
END_TEST

/* kshim_fini found byte 0x25 of the 100-byte DMA block allocated at line written after its free. */
static void assert_poison_written(int line)
{
	char want[256];

	ck_assert_uint_eq(kshim_fini(), 1);
	snprintf(want, sizeof(want), "write after free: byte +0x25 of the 4096-byte "
		 "dma_alloc_coherent block from emu/kshim/tests/kshim_test.c:%d is 0x00, "
		 "not the poison 0x6b dma_free_coherent wrote", line);
	assert_failure(0, want);
}

/*
 * A write to a small DMA block after dma_free_coherent: the arena filled it
 * with the poison (mem.c) and reports the changed byte, naming the block's
 * allocation, when its region goes (here: the other block's free).
 */
START_TEST(test_dma_write_after_free_reported)
{
	struct pci_dev *pdev;
	dma_addr_t bus_a, bus_b;
	u8 *a, *b;
	int line;

	if (!kshim_mem_arena())
		return;		/* ASan, TSan, valgrind: they catch the write themselves */
	kshim_init(61);
	pdev = add_gpu();
	line = __LINE__ + 1;
	a = dma_alloc_coherent(&pdev->dev, 100, &bus_a, GFP_KERNEL);
	b = dma_alloc_coherent(&pdev->dev, 100, &bus_b, GFP_KERNEL);
	ck_assert_ptr_nonnull(a);
	ck_assert_ptr_nonnull(b);
	dma_free_coherent(&pdev->dev, 100, a, bus_a);
	a[0x25] = 0;	/* the bug: the block is freed */
	dma_free_coherent(&pdev->dev, 100, b, bus_b);
	kshim_pci_remove(pdev);
	assert_poison_written(line);
}
END_TEST

/*
 * A large block freed above the last block taken: its inaccessible mapping
 * now holds the start of the huge page it ends in, so the next block is taken
 * from the next 2 MiB boundary (mem.c), where the kernel can still map a
 * transparent huge page, and is zero and writable there.
 */
START_TEST(test_dma_after_large_free_on_huge_page)
{
	enum { BIG = 3 * SZ_1M };	/* past the poisoned sizes */
	struct pci_dev *pdev;
	dma_addr_t bus_s, bus_v, bus_t;
	u8 *s, *v, *t;

	if (!kshim_mem_arena())
		return;		/* ASan, TSan, valgrind: no arena */
	kshim_init(62);
	pdev = add_gpu();
	s = dma_alloc_coherent(&pdev->dev, 100, &bus_s, GFP_KERNEL);	/* keeps the region */
	v = dma_alloc_coherent(&pdev->dev, BIG, &bus_v, GFP_KERNEL);
	ck_assert_ptr_nonnull(s);
	ck_assert_ptr_nonnull(v);
	ck_assert_ptr_eq(v, s + PAGE_SIZE);	/* bottom up, page by page */
	dma_free_coherent(&pdev->dev, BIG, v, bus_v);
	t = dma_alloc_coherent(&pdev->dev, 100, &bus_t, GFP_KERNEL);
	ck_assert_ptr_nonnull(t);
	ck_assert_uint_eq((uintptr_t)t, ALIGN((uintptr_t)v + BIG, SZ_2M));
	ck_assert_uint_eq(t[0] | t[99], 0);
	t[99] = 1;
	dma_free_coherent(&pdev->dev, 100, t, bus_t);
	dma_free_coherent(&pdev->dev, 100, s, bus_s);
	kshim_pci_remove(pdev);
	ck_assert_uint_eq(kshim_fini(), 0);
}
END_TEST

/*
 * The region a session emptied is kept for the next blocks of the process
 * (mem.c): they are taken from its base again, bottom up, and read zero
 * whatever the blocks before them held (a poisoned small one, an
 * inaccessible large one); a write after the free of a block taken from it
 * is still reported, naming the block's allocation.
 */
START_TEST(test_dma_kept_region)
{
	enum { BIG = 3 * SZ_1M };	/* past the poisoned sizes: made inaccessible */
	struct pci_dev *pdev;
	dma_addr_t bus_a, bus_b, bus_c, bus_d, bus_e;
	u8 *a, *b, *c, *d, *e;
	int line;

	if (!kshim_mem_arena())
		return;		/* ASan, TSan, valgrind: no arena */
	kshim_init(63);
	pdev = add_gpu();
	a = dma_alloc_coherent(&pdev->dev, 100, &bus_a, GFP_KERNEL);
	b = dma_alloc_coherent(&pdev->dev, BIG, &bus_b, GFP_KERNEL);
	ck_assert_ptr_nonnull(a);
	ck_assert_ptr_nonnull(b);
	ck_assert_ptr_eq(b, a + PAGE_SIZE);
	memset(a, 0xa5, PAGE_SIZE);
	memset(b, 0xa5, BIG);
	dma_free_coherent(&pdev->dev, BIG, b, bus_b);
	dma_free_coherent(&pdev->dev, 100, a, bus_a);	/* the region is empty */
	kshim_pci_remove(pdev);
	ck_assert_uint_eq(kshim_fini(), 0);

	kshim_init(64);
	pdev = add_gpu();
	line = __LINE__ + 1;
	c = dma_alloc_coherent(&pdev->dev, 100, &bus_c, GFP_KERNEL);
	d = dma_alloc_coherent(&pdev->dev, BIG, &bus_d, GFP_KERNEL);
	ck_assert_ptr_eq(c, a);
	ck_assert_ptr_eq(d, b);
	for (size_t off = 0; off < PAGE_SIZE; off++)
		ck_assert_uint_eq(c[off], 0);
	for (size_t off = 0; off < BIG; off += 4093)
		ck_assert_uint_eq(d[off], 0);
	ck_assert_uint_eq(d[BIG - 1], 0);
	d[BIG - 1] = 1;		/* writable again */
	e = dma_alloc_coherent(&pdev->dev, 100, &bus_e, GFP_KERNEL);
	ck_assert_ptr_nonnull(e);
	dma_free_coherent(&pdev->dev, 100, c, bus_c);
	c[0x25] = 0;	/* the bug: the block is freed */
	dma_free_coherent(&pdev->dev, BIG, d, bus_d);
	dma_free_coherent(&pdev->dev, 100, e, bus_e);
	kshim_pci_remove(pdev);
	assert_poison_written(line);
}
END_TEST

/*
 * A large block freed in a region taken again (mem.c's spare) is made
 * inaccessible as in a fresh one: a read after the free faults at once.
 */
START_TEST(test_dma_large_read_after_free_in_kept_region_faults)
{
	enum { BIG = 3 * SZ_1M };	/* past the poisoned sizes */
	struct pci_dev *pdev;
	dma_addr_t bus_s, bus_v;
	volatile u8 *v;
	u8 *s;

	kshim_init(65);
	pdev = add_gpu();
	s = dma_alloc_coherent(&pdev->dev, BIG, &bus_s, GFP_KERNEL);
	ck_assert_ptr_nonnull(s);
	memset(s, 0xa5, BIG);
	dma_free_coherent(&pdev->dev, BIG, s, bus_s);	/* the region is kept */
	kshim_pci_remove(pdev);
	ck_assert_uint_eq(kshim_fini(), 0);

	kshim_init(66);
	pdev = add_gpu();
	s = dma_alloc_coherent(&pdev->dev, 100, &bus_s, GFP_KERNEL);	/* keeps the region */
	v = dma_alloc_coherent(&pdev->dev, BIG, &bus_v, GFP_KERNEL);
	ck_assert_ptr_nonnull(s);
	ck_assert_ptr_nonnull((void *)v);
	ck_assert_uint_eq(v[BIG - 1], 0);
	dma_free_coherent(&pdev->dev, BIG, (void *)v, bus_v);
	(void)v[BIG / 2];	/* the bug: SIGSEGV here */
	ck_abort_msg("read of a freed large DMA block did not fault");
}
END_TEST

START_TEST(test_mmio_outside_window)
{
	struct pci_dev *pdev;
	void __iomem *bar;

	kshim_init(18);
	pdev = add_gpu();
	bar = pci_iomap(pdev, 0, SZ_4K);
	ck_assert_uint_eq(readl((u8 __iomem *)bar + SZ_4K), 0xffffffff);
	kshim_pci_remove(pdev);
	ck_assert_uint_eq(kshim_fini(), 2);
	assert_failure(0, "readl of an address outside every iomem window");
	assert_failure(1, "0000:01:00.0 after remove: BAR0 still mapped (missing pci_iounmap)");
}
END_TEST

static unsigned int irq_count;
static bool irq_takes_lock;

static irqreturn_t gpu_irq(int irq, void *dev_id)
{
	ck_assert(in_hardirq());
	WRITE_ONCE(irq_count, irq_count + 1);
	if (irq_takes_lock) {
		spin_lock(&slock);
		spin_unlock(&slock);
	}
	kshim_pci_set_irq(dev_id, 0);
	return IRQ_HANDLED;
}

START_TEST(test_irq_only_at_scheduling_points)
{
	struct pci_dev *pdev;
	void __iomem *bar;
	unsigned long flags;

	kshim_init(19);
	pdev = add_gpu();
	irq_count = 0;
	irq_takes_lock = false;
	ck_assert_int_eq(pci_alloc_irq_vectors(pdev, 1, 1, PCI_IRQ_MSI | PCI_IRQ_INTX), 1);
	ck_assert_int_eq(request_irq(pci_irq_vector(pdev, 0), gpu_irq, 0, "nvcore", pdev), 0);
	bar = pci_iomap(pdev, 0, 0);

	kshim_pci_set_irq(pdev, 1);
	(void)readl(bar);
	writel(1, (u8 __iomem *)bar + 4);
	ck_assert_uint_eq(READ_ONCE(irq_count), 0);	/* not inside MMIO or plain code */
	spin_lock_irqsave(&slock, flags);
	ck_assert_uint_eq(READ_ONCE(irq_count), 0);	/* interrupts disabled */
	spin_unlock_irqrestore(&slock, flags);
	msleep(1);
	ck_assert_uint_eq(READ_ONCE(irq_count), 1);

	kshim_pci_set_irq(pdev, 1);
	spin_lock(&slock);			/* plain spin_lock: delivered right away */
	ck_assert_uint_eq(READ_ONCE(irq_count), 2);
	spin_unlock(&slock);

	disable_irq(pdev->irq);
	kshim_pci_set_irq(pdev, 1);
	msleep(1);
	ck_assert_uint_eq(READ_ONCE(irq_count), 2);
	enable_irq(pdev->irq);
	cond_resched();
	ck_assert_uint_eq(READ_ONCE(irq_count), 3);

	free_irq(pdev->irq, pdev);
	pci_free_irq_vectors(pdev);
	pci_iounmap(pdev, bar);
	kshim_pci_remove(pdev);
	ck_assert_uint_eq(kshim_fini(), 0);
}
END_TEST

START_TEST(test_irq_lock_violation)
{
	struct pci_dev *pdev;

	kshim_init(20);
	pdev = add_gpu();
	irq_count = 0;
	irq_takes_lock = true;
	ck_assert_int_eq(request_irq(pdev->irq, gpu_irq, 0, "nvcore", pdev), 0);
	kshim_pci_set_irq(pdev, 1);
	spin_lock(&slock);
	spin_unlock(&slock);
	ck_assert_uint_eq(READ_ONCE(irq_count), 1);
	ck_assert_uint_eq(kshim_failure_count(), 1);
	assert_failure(0, "lock slock taken in IRQ handler while the interrupted code holds it");
	assert_failure(0, "hardirq");
	free_irq(pdev->irq, pdev);
	kshim_pci_remove(pdev);
	ck_assert_uint_eq(kshim_fini(), 1);
}
END_TEST

/*
 * Threads (-Dtsan_sync=threads): the hard handler runs on the IRQ thread as
 * on another CPU, at once and not at a scheduling point of main's, even
 * while main has interrupts off; its spin_lock of a lock main holds waits
 * for the unlock, and that is no failure.
 */
static pthread_t irq_thread;
static bool irq_thread_seen;

static irqreturn_t tid_irq(int irq, void *dev_id)
{
	irq_thread = pthread_self();
	smp_store_release(&irq_thread_seen, true);
	return gpu_irq(irq, dev_id);
}

START_TEST(test_irq_on_another_cpu)
{
	struct pci_dev *pdev;
	unsigned long flags;
	struct timespec t0, t;

	kshim_init(19);
	pdev = add_gpu();
	irq_count = 0;
	irq_thread_seen = false;
	irq_takes_lock = true;
	ck_assert_int_eq(request_irq(pdev->irq, tid_irq, 0, "nvcore", pdev), 0);
	spin_lock_irqsave(&slock, flags);
	kshim_pci_set_irq(pdev, 1);
	/* main spins outside kshim, at most 10 s of wall time */
	clock_gettime(CLOCK_MONOTONIC, &t0);
	do {
		sched_yield();
		clock_gettime(CLOCK_MONOTONIC, &t);
	} while (!READ_ONCE(irq_count) && t.tv_sec - t0.tv_sec < 10);
	ck_assert_uint_eq(READ_ONCE(irq_count), 1);
	ck_assert(smp_load_acquire(&irq_thread_seen));
	ck_assert(!pthread_equal(irq_thread, pthread_self()));
	spin_unlock_irqrestore(&slock, flags);
	msleep(1);
	ck_assert_uint_eq(READ_ONCE(irq_count), 1);
	free_irq(pdev->irq, pdev);
	kshim_pci_remove(pdev);
	ck_assert_uint_eq(kshim_fini(), 0);
}
END_TEST

static irqreturn_t stuck_irq(int irq, void *dev_id)
{
	return IRQ_HANDLED;	/* never clears the cause */
}

static unsigned int thread_runs;

static irqreturn_t quick_check(int irq, void *dev_id)
{
	return IRQ_WAKE_THREAD;
}

static irqreturn_t threaded(int irq, void *dev_id)
{
	ck_assert(!in_interrupt());
	msleep(5);
	WRITE_ONCE(thread_runs, thread_runs + 1);
	kshim_pci_set_irq(dev_id, 0);
	return IRQ_HANDLED;
}

START_TEST(test_irq_threaded_and_storm)
{
	struct pci_dev *pdev;

	kshim_init(21);
	pdev = add_gpu();
	thread_runs = 0;
	ck_assert_int_eq(request_threaded_irq(pdev->irq, quick_check, threaded, IRQF_ONESHOT,
					      "nvcore", pdev), 0);
	kshim_pci_set_irq(pdev, 1);
	msleep(20);
	ck_assert_uint_eq(READ_ONCE(thread_runs), 1);	/* ONESHOT: masked until the thread ran */
	free_irq(pdev->irq, pdev);

	ck_assert_int_eq(request_irq(pdev->irq, stuck_irq, 0, "stuck", pdev), 0);
	kshim_pci_set_irq(pdev, 1);
	for (int i = 0; i < 1100; i++)
		msleep(1);
	ck_assert_uint_eq(kshim_failure_count(), 1);
	assert_failure(0, "IRQ storm: line stays asserted after handler");
	free_irq(pdev->irq, pdev);
	kshim_pci_remove(pdev);
	ck_assert_uint_eq(kshim_fini(), 1);
}
END_TEST

/* A clock client: a register that flips 30 us after it is armed. */
struct ticker {
	u64 due;
};

static uint64_t ticker_next(void *ctx)
{
	return ((struct ticker *)ctx)->due;
}

static void ticker_advance(void *ctx, uint64_t now)
{
	struct ticker *t = ctx;

	if (now >= t->due) {
		gpu.regs[1] = 1;
		t->due = UINT64_MAX;
	}
}

START_TEST(test_poll_with_clock_client)
{
	struct ticker tk = { .due = 30000 };
	struct kshim_clock_client c = { &tk, ticker_next, ticker_advance };
	struct pci_dev *pdev;
	void __iomem *bar;
	u32 val;

	kshim_init(22);
	pdev = add_gpu();
	bar = pci_iomap(pdev, 0, 0);
	kshim_add_clock_client(&c);
	ck_assert_int_eq(readl_poll_timeout_atomic((u8 __iomem *)bar + 4, val, val == 1, 0, 100),
			 0);
	ck_assert_uint_eq(kshim_now_ns(), 30000);	/* the busy loop lands on the event */
	gpu.regs[1] = 0;
	ck_assert_int_eq(readl_poll_timeout((u8 __iomem *)bar + 4, val, val == 1, 10, 1000),
			 -ETIMEDOUT);
	ck_assert_uint_ge(kshim_now_ns(), 1030000);
	kshim_remove_clock_client(&tk);
	pci_iounmap(pdev, bar);
	kshim_pci_remove(pdev);
	ck_assert_uint_eq(kshim_fini(), 0);
}
END_TEST

/* ---- firmware, auxiliary bus, debugfs, modules ---- */

START_TEST(test_request_firmware)
{
	char dir[] = "/tmp/kshim-fw-XXXXXX";
	const struct firmware *fw;
	char path[64];
	FILE *f;

	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/gsp.bin", dir);
	f = fopen(path, "wb");
	fputs("GSPFW", f);
	fclose(f);

	kshim_init(23);
	kshim_set_firmware_dir(dir);
	ck_assert_int_eq(request_firmware(&fw, "gsp.bin", NULL), 0);
	ck_assert_uint_eq(fw->size, 5);
	ck_assert_mem_eq(fw->data, "GSPFW", 5);
	release_firmware(fw);
	ck_assert_int_eq(request_firmware(&fw, "missing.bin", NULL), -ENOENT);
	ck_assert_ptr_null(fw);
	ck_assert(kshim_log_contains("Direct firmware load for missing.bin failed with error -2"));
	ck_assert_int_eq(firmware_request_nowarn(&fw, "gsp.bin", NULL), 0);
	ck_assert_uint_eq(kshim_fini(), 1);	/* not released */
	/* The tracked block is struct firmware (size, data, priv); the data is the file mapped. */
	assert_failure(0, "leak: 24 bytes");
	assert_failure(0, "(request_firmware)");
	unlink(path);
	rmdir(dir);
	kshim_set_firmware_dir(NULL);
}
END_TEST

static int aux_probed, aux_removed;

static int aux_probe(struct auxiliary_device *adev, const struct auxiliary_device_id *id)
{
	aux_probed++;
	ck_assert_str_eq(id->name, "kshimtest.vgpu");
	auxiliary_set_drvdata(adev, &aux_probed);
	return 0;
}

static void aux_remove(struct auxiliary_device *adev)
{
	ck_assert_ptr_eq(auxiliary_get_drvdata(adev), &aux_probed);
	aux_removed++;
}

static const struct auxiliary_device_id aux_ids[] = {
	{ .name = "kshimtest.vgpu" },
	{}
};

static struct auxiliary_driver aux_drv = {
	.name = "vgpu_mgr", .probe = aux_probe, .remove = aux_remove, .id_table = aux_ids,
};

static void aux_release(struct device *dev)
{
	kfree(to_auxiliary_dev(dev));
}

START_TEST(test_auxiliary_bus)
{
	struct device parent = { .init_name = "parent" };
	struct auxiliary_device *adev, *other;

	kshim_init(24);
	aux_probed = aux_removed = 0;
	adev = kzalloc(sizeof(*adev), GFP_KERNEL);
	adev->name = "vgpu";
	adev->id = 3;
	adev->dev.release = aux_release;
	ck_assert_int_eq(auxiliary_device_init(adev), -EINVAL);	/* no parent */
	adev->dev.parent = &parent;
	ck_assert_int_eq(auxiliary_device_init(adev), 0);
	ck_assert_int_eq(auxiliary_device_add(adev), 0);
	ck_assert_str_eq(dev_name(&adev->dev), "kshimtest.vgpu.3");
	ck_assert_int_eq(aux_probed, 0);
	ck_assert_int_eq(auxiliary_driver_register(&aux_drv), 0);
	ck_assert_int_eq(aux_probed, 1);
	ck_assert_str_eq(aux_drv.driver.name, "kshimtest.vgpu_mgr");

	other = kzalloc(sizeof(*other), GFP_KERNEL);
	other->name = "display";
	other->dev.parent = &parent;
	other->dev.release = aux_release;
	ck_assert_int_eq(auxiliary_device_init(other), 0);
	ck_assert_int_eq(auxiliary_device_add(other), 0);
	ck_assert_int_eq(aux_probed, 1);	/* no match */

	auxiliary_device_delete(adev);
	ck_assert_int_eq(aux_removed, 1);
	auxiliary_device_uninit(adev);		/* last put: release() frees it */
	auxiliary_device_delete(other);
	auxiliary_device_uninit(other);
	auxiliary_driver_unregister(&aux_drv);
	ck_assert_int_eq(aux_removed, 1);
	ck_assert_uint_eq(kshim_fini(), 0);
}
END_TEST

static int stats_show(struct seq_file *m, void *v)
{
	u32 *n = m->private;

	for (int i = 0; i < 500; i++)
		seq_printf(m, "rpc %03d: %u\n", i, *n);
	seq_puts(m, "end\n");
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(stats);

START_TEST(test_debugfs)
{
	static char buf[16384];
	struct dentry *top, *dir;
	u32 count = 7;
	bool on = false;

	kshim_init(25);
	top = debugfs_create_dir("nvcore", NULL);
	dir = debugfs_create_dir("0000:01:00.0", top);
	debugfs_create_file("rpc_stats", 0444, dir, &count, &stats_fops);
	debugfs_create_u32("count", 0644, dir, &count);
	debugfs_create_bool("trace", 0644, dir, &on);
	ck_assert(IS_ERR(debugfs_create_dir("0000:01:00.0", top)));

	ck_assert_int_eq(kshim_debugfs_read("nvcore/0000:01:00.0/count", buf, sizeof(buf)), 2);
	ck_assert_str_eq(buf, "7\n");
	ck_assert_int_eq(kshim_debugfs_write("nvcore/0000:01:00.0/count", "42\n", 3), 3);
	ck_assert_uint_eq(count, 42);
	ck_assert_int_eq(kshim_debugfs_write("nvcore/0000:01:00.0/trace", "Y", 1), 1);
	ck_assert(on);
	ck_assert_int_eq(kshim_debugfs_read("nvcore/0000:01:00.0/rpc_stats", buf, sizeof(buf)),
			 500 * 12 + 4);
	ck_assert(strstr(buf, "rpc 499: 42\nend\n"));
	ck_assert_int_eq(kshim_debugfs_read("nvcore/nope", buf, sizeof(buf)), -ENOENT);
	debugfs_remove_recursive(top);
	ck_assert_int_eq(kshim_debugfs_read("nvcore/0000:01:00.0/count", buf, sizeof(buf)),
			 -ENOENT);
	ck_assert_uint_eq(kshim_fini(), 0);
}
END_TEST

static int mod_inits, mod_exits;

static int __init test_mod_init(void)
{
	mod_inits++;
	return 0;
}
module_init(test_mod_init);

static void __exit test_mod_exit(void)
{
	mod_exits++;
}
module_exit(test_mod_exit);

static char *param_str = "dflt";
static unsigned int param_uint = 7;
static bool param_bool;
module_param(param_str, charp, 0444);
module_param(param_uint, uint, 0444);
module_param_named(flag, param_bool, bool, 0644);

START_TEST(test_module_params)
{
	kshim_init(1);
	ck_assert_int_eq(kshim_set_param("kshimtest", "param_str", "570.144"), 0);
	ck_assert_str_eq(param_str, "570.144");
	ck_assert_int_eq(kshim_set_param("kshimtest", "param_uint", "0x10"), 0);
	ck_assert_uint_eq(param_uint, 16);
	ck_assert_int_eq(kshim_set_param("kshimtest", "param_uint", "-1"), -EINVAL);
	ck_assert_int_eq(kshim_set_param("kshimtest", "param_uint", "12x"), -EINVAL);
	ck_assert_uint_eq(param_uint, 16);
	ck_assert_int_eq(kshim_set_param("kshimtest", "flag", "Y"), 0);
	ck_assert(param_bool);
	ck_assert_int_eq(kshim_set_param("kshimtest", "flag", "maybe"), -EINVAL);
	ck_assert_int_eq(kshim_set_param("kshimtest", "nosuch", "1"), -ENOENT);
	ck_assert_int_eq(kshim_set_param("othermod", "param_str", "x"), -ENOENT);
	ck_assert_uint_eq(kshim_fini(), 0);
	/* Back to the compiled-in values, as after rmmod + modprobe. */
	ck_assert_str_eq(param_str, "dflt");
	ck_assert_uint_eq(param_uint, 7);
	ck_assert(!param_bool);
}
END_TEST

START_TEST(test_modules)
{
	kshim_init(26);
	ck_assert_int_eq(kshim_load_modules(), 0);
	ck_assert_int_eq(mod_inits, 1);
	kshim_unload_modules();
	ck_assert_int_eq(mod_exits, 1);
	ck_assert_uint_eq(kshim_fini(), 0);
}
END_TEST

/* ---- library helpers ---- */

START_TEST(test_library_helpers)
{
	unsigned int u;
	int i;
	u8 b[8], all[256];
	DEFINE_IDA(ida);

	kshim_init(27);
	ck_assert_int_eq(kstrtou32("0x1f\n", 0, &u), 0);
	ck_assert_uint_eq(u, 31);
	ck_assert_int_eq(kstrtou32("4294967296", 10, &u), -ERANGE);
	ck_assert_int_eq(kstrtoint("-12", 10, &i), 0);
	ck_assert_int_eq(i, -12);
	ck_assert_int_eq(kstrtoint("12x", 10, &i), -EINVAL);
	ck_assert_uint_eq(~crc32_le(~0u, (const u8 *)"123456789", 9), 0xcbf43926);
	/* Bytes 0..255, and 1..255 (off an 8-byte boundary, a 7-byte tail):
	 * Python's zlib.crc32 gives 0x29058c73 and 0xd0161f87. */
	for (unsigned int k = 0; k < 256; k++)
		all[k] = (u8)k;
	ck_assert_uint_eq(~crc32_le(~0u, all, 256), 0x29058c73);
	ck_assert_uint_eq(~crc32_le(~0u, all + 1, 255), 0xd0161f87);
	/*
	 * Runs the fold takes (64 bytes, 64 + 15, 64 x 64 + 3, 78 x 64 + 3,
	 * off 16-byte boundaries) of bytes i * 7 + 3: Python's zlib.crc32 gives
	 * 0xcbd9ecf0, 0xe7d8b493, 0x00e7f4fb and 0x568882d6.
	 */
	{
		u8 *big = malloc(5000);

		ck_assert_ptr_nonnull(big);
		for (unsigned int k = 0; k < 5000; k++)
			big[k] = (u8)(k * 7 + 3);
		ck_assert_uint_eq(~crc32_le(~0u, big, 64), 0xcbd9ecf0);
		ck_assert_uint_eq(~crc32_le(~0u, big + 3, 79), 0xe7d8b493);
		ck_assert_uint_eq(~crc32_le(~0u, big + 1, 4099), 0x00e7f4fb);
		ck_assert_uint_eq(~crc32_le(~0u, big + 5, 4995), 0x568882d6);
		free(big);
	}
	ck_assert_uint_eq(FIELD_GET(GENMASK(15, 8), 0xabcd), 0xab);
	ck_assert_uint_eq(FIELD_PREP(GENMASK(7, 4), 3), 0x30);
	ck_assert_uint_eq(min(3u, 5u), 3);
	ck_assert_uint_eq(clamp(10, 0, 4), 4);
	ck_assert_uint_eq(upper_32_bits(0x1234567800000000ULL), 0x12345678);
	ck_assert_uint_eq(roundup_pow_of_two(33), 64);
	ck_assert_int_eq(ilog2(4096), 12);
	put_unaligned_le32(0xdeadbeef, b + 1);
	ck_assert_uint_eq(get_unaligned_le32(b + 1), 0xdeadbeef);
	ck_assert_uint_eq(b[1], 0xef);
	ck_assert_int_eq(strscpy((char *)b, "toolongstring", sizeof(b)), -E2BIG);
	ck_assert_str_eq((char *)b, "toolong");
	ck_assert_int_eq(ida_alloc(&ida, GFP_KERNEL), 0);
	ck_assert_int_eq(ida_alloc(&ida, GFP_KERNEL), 1);
	ck_assert_int_eq(ida_alloc_range(&ida, 100, 100, GFP_KERNEL), 100);
	ck_assert_int_eq(ida_alloc_range(&ida, 100, 100, GFP_KERNEL), -ENOSPC);
	ida_free(&ida, 0);
	ck_assert_int_eq(ida_alloc(&ida, GFP_KERNEL), 0);
	ida_destroy(&ida);
	ck_assert(IS_ERR(ERR_PTR(-EIO)) && PTR_ERR(ERR_PTR(-EIO)) == -EIO);
	ck_assert_int_eq(WARN_ON(1 + 1 == 2), 1);
	ck_assert_uint_eq(kshim_fini(), 1);
	assert_failure(0, "WARN_ON(1 + 1 == 2)");
}
END_TEST

/* The kernel's printf extensions (%pe, %*ph) next to libc's conversions. */
START_TEST(test_printk_formats)
{
	static const u8 bytes[70] = { 0x7f, 'E', 'L', 'F', 0x01 };
	char buf[256], big[256];
	int i;

	kshim_init(28);
	scnprintf(buf, sizeof(buf), "%pe %pe %pe %pe", ERR_PTR(-ETIMEDOUT), ERR_PTR(-EOPNOTSUPP),
		  ERR_PTR(-EPROBE_DEFER), ERR_PTR(-4000));
	ck_assert_str_eq(buf, "-ETIMEDOUT -EOPNOTSUPP -EPROBE_DEFER -4000");
	scnprintf(buf, sizeof(buf), "e_ident %*ph|%*ph|", 5, bytes, 0, bytes);
	ck_assert_str_eq(buf, "e_ident 7f 45 4c 46 01||");
	/* At most 64 bytes, as the kernel prints. */
	ck_assert_int_eq(scnprintf(big, sizeof(big), "%*ph", 70, bytes), 64 * 3 - 1);
	/* libc's conversions around them, '*' widths included. */
	scnprintf(buf, sizeof(buf), "%08x %-3s| %*d %llu %zx %c %% %.2s %pe", 0xbeefu, "a", 4, 7,
		  12345678901ULL, (size_t)0xff, 'q', "xyz", ERR_PTR(-EIO));
	ck_assert_str_eq(buf, "0000beef a  |    7 12345678901 ff q % xy -EIO");
	/* Truncated like scnprintf: the count is what was written. */
	ck_assert_int_eq(scnprintf(buf, 5, "%pe", ERR_PTR(-ENODEV)), 4);
	ck_assert_str_eq(buf, "-ENO");
	i = -EREMOTEIO;
	pr_err("probe failed: %pe (%*ph)\n", ERR_PTR(i), 2, bytes + 1);
	ck_assert(kshim_log_contains("probe failed: -EREMOTEIO (45 4c)\n"));
	/* A record gets its newline when it has none. */
	pr_err("no newline %d", 7);
	ck_assert(kshim_log_contains("] no newline 7\n"));
	/* Past the formatter's 256 bytes on the stack: every byte, in order. */
	{
		char many[601], want[700], out[700];

		memset(many, 'a', 600);
		many[600] = '\0';
		snprintf(want, sizeof(want), "<%s|7f 45 4c 46 01 00>", many);
		ck_assert_int_eq(scnprintf(out, sizeof(out), "<%s|%*ph>", many, 6, bytes),
				 (int)strlen(want));
		ck_assert_str_eq(out, want);
		pr_err("long %s end\n", many);
		snprintf(want, sizeof(want), "] long %s end\n", many);
		ck_assert(kshim_log_contains(want));
	}
	ck_assert_uint_eq(kshim_fini(), 0);
}
END_TEST

START_TEST(test_random_is_seeded)
{
	u64 a, b;

	kshim_init(99);
	a = get_random_u64();
	ck_assert_uint_eq(kshim_fini(), 0);
	kshim_init(99);
	b = get_random_u64();
	ck_assert_uint_eq(a, b);
	ck_assert_uint_eq(kshim_seed(), 99);
	ck_assert_uint_eq(kshim_fini(), 0);
}
END_TEST

static Suite *kshim_suite(void)
{
	Suite *s = suite_create("kshim");
	TCase *tc;

	tc = tcase_create("time");
	tcase_add_test(tc, test_msleep_is_virtual);
	tcase_add_test(tc, test_jiffies_helpers);
	tcase_add_test(tc, test_once_per_run);
	tcase_add_test(tc, test_wait_event_timeout);
	tcase_add_test(tc, test_wakes_counted);
	tcase_add_test(tc, test_completion_across_tasks);
	tcase_add_test(tc, test_timer);
	suite_add_tcase(s, tc);

	tc = tcase_create("sched");
	tcase_add_test(tc, test_mutex_contention);
	/* Threads: the OS interleaves the tasks, not the seed. */
	if (!kshim_threaded())
		tcase_add_test(tc, test_deterministic_interleaving);
	tcase_add_test(tc, test_kthread);
	tcase_add_test(tc, test_workqueue_flush_order);
	tcase_add_test_raise_signal(tc, test_deadlock_aborts, SIGABRT);
	suite_add_tcase(s, tc);

	tc = tcase_create("memory");
	tcase_add_test(tc, test_leak_report);
	tcase_add_test(tc, test_bad_frees);
	tcase_add_test(tc, test_alloc_fault_injection);
	tcase_add_test(tc, test_alloc_fail_by_class);
	suite_add_tcase(s, tc);

	tc = tcase_create("locking");
	tcase_add_test(tc, test_recursive_mutex);
	tcase_add_test(tc, test_unlock_by_non_owner);
	tcase_add_test(tc, test_sleep_under_spinlock);
	tcase_add_test(tc, test_lock_held_at_fini_and_asserts);
	suite_add_tcase(s, tc);

	tc = tcase_create("pci");
	/*
	 * test_dma_zeroed_every_time writes 132 MiB of fresh DMA memory; under
	 * TSan (no arena: TSan's allocator and its shadow pages) on a loaded
	 * 2-core VM its page faults alone took 3.7 to over 4 s, Check's default.
	 */
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_pci_probe_and_dma);
	tcase_add_test(tc, test_pci_no_driver_and_low_dma);
	tcase_add_test(tc, test_dma_zeroed_every_time);
	tcase_add_test(tc, test_dma_write_after_free_reported);
	tcase_add_test(tc, test_dma_after_large_free_on_huge_page);
	tcase_add_test(tc, test_dma_kept_region);
	if (kshim_mem_arena())	/* ASan, TSan, valgrind: they report the read themselves */
		tcase_add_test_raise_signal(tc, test_dma_large_read_after_free_in_kept_region_faults,
					    SIGSEGV);
	tcase_add_test(tc, test_mmio_outside_window);
	if (kshim_threaded()) {
		tcase_add_test(tc, test_irq_on_another_cpu);
	} else {
		tcase_add_test(tc, test_irq_only_at_scheduling_points);
		tcase_add_test(tc, test_irq_lock_violation);
	}
	tcase_add_test(tc, test_irq_threaded_and_storm);
	tcase_add_test(tc, test_poll_with_clock_client);
	suite_add_tcase(s, tc);

	tc = tcase_create("services");
	tcase_add_test(tc, test_request_firmware);
	tcase_add_test(tc, test_auxiliary_bus);
	tcase_add_test(tc, test_debugfs);
	tcase_add_test(tc, test_modules);
	tcase_add_test(tc, test_module_params);
	tcase_add_test(tc, test_library_helpers);
	tcase_add_test(tc, test_printk_formats);
	tcase_add_test(tc, test_random_is_seeded);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return check_run(kshim_suite());
}
