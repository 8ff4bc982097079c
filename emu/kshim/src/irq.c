// SPDX-License-Identifier: MIT
/*
 * Interrupt lines and handlers.  Lines are level-triggered: a handler is
 * expected to clear the cause.  If the line is still asserted afterwards the
 * handler runs again only after something else happened (a task ran or time
 * moved), and 1000 such runs in a row are reported as an IRQ storm.  A
 * message-signalled interrupt (kshim_irq_pulse) is latched until its
 * handlers run once, and held while the line is disabled.
 *
 * Fibers: handlers run where kshim_irq_deliver is called (the scheduler, a
 * spin_lock).  Threads (threads.c): they run on the IRQ thread, a task that
 * sleeps until a line is due, as a CPU taking the interrupt while the other
 * tasks go on; kshim_irq_deliver elsewhere only wakes it.
 */
#include <linux/interrupt.h>
#include <linux/kernel.h>

#include "internal.h"

#define FIRST_IRQ	32
#define STORM_LIMIT	1000

struct irq_desc;

struct irqaction {
	struct list_head node;
	struct irq_desc *desc;
	irq_handler_t handler, thread_fn;
	unsigned long flags;
	const char *name;
	void *dev_id;
	struct kshim_task *thread;
	bool thread_pending, thread_running, stopping;
};

struct irq_desc {
	struct list_head node;
	unsigned int irq;
	const char *owner;		/* device name, for messages */
	bool line;
	bool edge;			/* line is a latched message, not a level */
	unsigned int depth;		/* disable_irq() nesting */
	unsigned int oneshot_masked;	/* threads of IRQF_ONESHOT actions still to run */
	struct list_head actions;
	unsigned int stuck;		/* deliveries in a row that left the line asserted */
	uint64_t stuck_progress;
	bool storm;
	bool hard_running;		/* threads: its hard handlers run now */
};

struct kshim_ctx *kshim_irq_interrupted;
static LIST_HEAD(descs);
static unsigned int next_irq = FIRST_IRQ;
static struct kshim_task *irq_cpu;	/* threads: the IRQ thread */
static bool irq_cpu_stop;
static char irq_cpu_chan;

/*
 * How many lines are asserted: the scheduler delivers at every step, and
 * mostly none is; then there is nothing to walk.  Every write of a
 * desc's line goes through set_line.
 */
static unsigned int lines_up;

static void irq_kick(void);

static void set_line(struct irq_desc *d, bool level)
{
	lines_up += (unsigned int)level - (unsigned int)d->line;
	d->line = level;
}

static struct irq_desc *find_desc(unsigned int irq, const char *op)
{
	struct irq_desc *d;

	list_for_each_entry(d, &descs, node)
		if (d->irq == irq)
			return d;
	kshim_fail("%s: no interrupt line %u", op, irq);
	return NULL;
}

unsigned int kshim_irq_create(const char *owner)
{
	struct irq_desc *d = kshim_xzalloc(sizeof(*d));

	d->irq = next_irq++;
	d->owner = owner;
	INIT_LIST_HEAD(&d->actions);
	list_add_tail(&d->node, &descs);
	return d->irq;
}

bool kshim_irq_busy(unsigned int irq)
{
	struct irq_desc *d = find_desc(irq, "kshim_irq_busy");

	return d && !list_empty(&d->actions);
}

void kshim_irq_destroy(unsigned int irq)
{
	struct irq_desc *d = find_desc(irq, "kshim_irq_destroy");
	struct irqaction *a;

	if (!d)
		return;
	list_for_each_entry(a, &d->actions, node)
		kshim_fail("irq %u (%s) of %s still requested", irq, a->name, d->owner);
	while (!list_empty(&d->actions))
		free_irq(irq, list_first_entry(&d->actions, struct irqaction, node)->dev_id);
	set_line(d, false);
	list_del(&d->node);
	free(d);
}

void kshim_irq_set_line(unsigned int irq, bool level)
{
	struct irq_desc *d = find_desc(irq, "kshim_pci_set_irq");

	if (!d)
		return;
	set_line(d, level);
	d->edge = false;
	if (!level)
		d->stuck = 0;
	irq_kick();
}

void kshim_irq_pulse(unsigned int irq)
{
	struct irq_desc *d = find_desc(irq, "kshim_irq_pulse");

	if (!d)
		return;
	d->edge = true;
	set_line(d, true);
	irq_kick();
}

static bool deliverable(const struct irq_desc *d)
{
	return d->line && !list_empty(&d->actions) && !d->depth && !d->oneshot_masked &&
	       !d->storm && (!d->stuck || d->stuck_progress != kshim_progress);
}

static bool any_deliverable(void)
{
	struct irq_desc *d;

	list_for_each_entry(d, &descs, node)
		if (deliverable(d))
			return true;
	return false;
}

/* Threads: a line may have become due; wake the IRQ thread (orders nothing). */
static void irq_kick(void)
{
	if (irq_cpu && any_deliverable())
		kshim_kick(&irq_cpu_chan);
}

static void run_handlers(struct irq_desc *d)
{
	struct irqaction *a;

	list_for_each_entry(a, &d->actions, node) {
		irqreturn_t ret;

		kshim_hb_acquire(d);		/* after request_irq and earlier handlers */
		kshim_hb_acquire(&kshim_device_hb);
		kshim_callout(ret = a->handler ? a->handler((int)d->irq, a->dev_id) :
						  IRQ_WAKE_THREAD);
		kshim_hb_release(d);		/* for synchronize_irq/free_irq */

		if (!(ret & IRQ_WAKE_THREAD))
			continue;
		if (!a->thread) {
			kshim_fail("irq %u handler %s returned IRQ_WAKE_THREAD without a thread_fn",
				   d->irq, a->name);
			continue;
		}
		if (!a->thread_pending && (a->flags & IRQF_ONESHOT))
			d->oneshot_masked++;
		a->thread_pending = true;
		kshim_wake(a);
	}
}

/* kshim_irq_deliver with a line asserted: out of line, the test before it is most calls. */
static noinline void deliver_lines(struct kshim_ctx *interrupted)
{
	struct irq_desc *d;

	if (irq_cpu && kshim_running != irq_cpu) {
		irq_kick();
		return;
	}
	list_for_each_entry(d, &descs, node) {
		struct kshim_ctx *saved = kshim_cur;

		if (!deliverable(d))
			continue;
		kshim_cur = &kshim_hardirq_ctx;
		kshim_irq_interrupted = interrupted;
		if (d->edge)
			set_line(d, false);	/* a message during the handlers latches again */
		d->hard_running = true;
		run_handlers(d);
		d->hard_running = false;
		if (KSHIM_THREADED)
			kshim_wake(d);		/* synchronize_irq, free_irq */
		kshim_ctx_release_all(&kshim_hardirq_ctx, "IRQ handler returned");
		kshim_irq_interrupted = NULL;
		kshim_cur = saved;
		if (!d->line || d->oneshot_masked) {
			d->stuck = 0;
			continue;
		}
		d->stuck_progress = kshim_progress;
		if (++d->stuck == STORM_LIMIT) {
			d->storm = true;
			kshim_fail("IRQ storm: line stays asserted after handler (irq %u of %s, "
				   "%d deliveries); line disabled", d->irq, d->owner, STORM_LIMIT);
		}
	}
}

/*
 * Runs the handlers of every line that is due, in hard IRQ context.
 * interrupted: the context whose execution the IRQ interrupts (NULL when the
 * scheduler delivers it between tasks).
 */
void kshim_irq_deliver(struct kshim_ctx *interrupted)
{
	if (lines_up && kshim_cur != &kshim_hardirq_ctx)
		deliver_lines(interrupted);
}

static int irq_cpu_fn(void *arg)
{
	for (;;) {
		while (!irq_cpu_stop && !any_deliverable())
			kshim_block(&irq_cpu_chan, "interrupts", NULL, KSHIM_NO_DEADLINE);
		if (irq_cpu_stop)
			return 0;
		kshim_irq_deliver(NULL);
	}
}

void kshim_irq_init(void)
{
	if (!KSHIM_THREADED)
		return;
	irq_cpu_stop = false;
	irq_cpu = kshim_task_create("irq", irq_cpu_fn, NULL, true, true);
}

static int irq_thread(void *arg)
{
	struct irqaction *a = arg;

	for (;;) {
		while (!a->thread_pending && !a->stopping)
			kshim_block(a, "irq thread", a->name, KSHIM_NO_DEADLINE);
		if (a->stopping)
			return 0;
		a->thread_pending = false;
		a->thread_running = true;
		kshim_hb_acquire(a);		/* after the hard handler that woke it */
		kshim_hb_acquire(a->desc);
		kshim_callout(a->thread_fn((int)a->desc->irq, a->dev_id));
		a->thread_running = false;
		if (a->flags & IRQF_ONESHOT)
			a->desc->oneshot_masked--;
		kshim_wake(a->desc);
		irq_kick();
	}
}

int request_threaded_irq(unsigned int irq, irq_handler_t handler, irq_handler_t thread_fn,
			 unsigned long flags, const char *name, void *dev)
{
	struct irq_desc *d = find_desc(irq, "request_irq");
	struct irqaction *a;

	if (!kshim_sleep_ok("request_irq") || !d)
		return -EINVAL;
	if ((!handler && !thread_fn) || (!handler && !(flags & IRQF_ONESHOT)) ||
	    ((flags & IRQF_SHARED) && !dev))
		return -EINVAL;
	list_for_each_entry(a, &d->actions, node)
		if (!(a->flags & flags & IRQF_SHARED))
			return -EBUSY;
	a = kshim_xzalloc(sizeof(*a));
	*a = (struct irqaction){ .desc = d, .handler = handler, .thread_fn = thread_fn,
				 .flags = flags, .name = name, .dev_id = dev };
	if (thread_fn) {
		char tname[48];

		snprintf(tname, sizeof(tname), "irq/%u-%s", irq, name);
		a->thread = kshim_task_create(tname, irq_thread, a, true, true);
	}
	list_add_tail(&a->node, &d->actions);
	kshim_hb_release(d);
	irq_kick();
	return 0;
}

static void wait_threads(struct irq_desc *d)
{
	struct irqaction *a;

restart:
	if (d->hard_running) {
		if (!kshim_block(d, "synchronize_irq", d->owner, KSHIM_NO_DEADLINE))
			return;
		goto restart;
	}
	list_for_each_entry(a, &d->actions, node) {
		if (a->thread_pending || a->thread_running) {
			if (!kshim_block(d, "synchronize_irq", a->name, KSHIM_NO_DEADLINE))
				return;
			goto restart;
		}
	}
	kshim_hb_acquire(d);		/* after every handler that ran */
}

const void *free_irq(unsigned int irq, void *dev_id)
{
	struct irq_desc *d = find_desc(irq, "free_irq");
	struct irqaction *a;
	const char *name;

	if (!d || !kshim_sleep_ok("free_irq"))
		return NULL;
	list_for_each_entry(a, &d->actions, node)
		if (a->dev_id == dev_id)
			break;
	if (&a->node == &d->actions) {
		kshim_fail("free_irq(%u): trying to free an IRQ that is not requested with "
			   "this dev_id", irq);
		return NULL;
	}
	wait_threads(d);
	list_del(&a->node);
	if (a->thread) {
		a->stopping = true;
		kshim_wake(a);
		kshim_task_reap(a->thread);
	}
	name = a->name;
	free(a);
	return name;
}

void synchronize_irq(unsigned int irq)
{
	struct irq_desc *d = find_desc(irq, "synchronize_irq");

	if (d && kshim_sleep_ok("synchronize_irq"))
		wait_threads(d);
}

void disable_irq_nosync(unsigned int irq)
{
	struct irq_desc *d = find_desc(irq, "disable_irq");

	if (d)
		d->depth++;
}

void disable_irq(unsigned int irq)
{
	disable_irq_nosync(irq);
	synchronize_irq(irq);
}

void enable_irq(unsigned int irq)
{
	struct irq_desc *d = find_desc(irq, "enable_irq");

	if (!d)
		return;
	if (!d->depth) {
		kshim_fail("Unbalanced enable for IRQ %u", irq);
		return;
	}
	d->depth--;
	irq_kick();
}

void kshim_irq_fini(void)
{
	while (!list_empty(&descs))
		kshim_irq_destroy(list_first_entry(&descs, struct irq_desc, node)->irq);
	next_irq = FIRST_IRQ;
	if (irq_cpu) {
		irq_cpu_stop = true;
		kshim_kick(&irq_cpu_chan);
		kshim_task_reap(irq_cpu);
		irq_cpu = NULL;
	}
}
