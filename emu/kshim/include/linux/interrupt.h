/* SPDX-License-Identifier: MIT */
/*
 * Device interrupts.  A handler runs in hard IRQ context only at scheduling
 * points (and right after a plain spin_lock(), see spinlock.h), never inside
 * an MMIO access.  A threaded handler runs on its own task; IRQF_ONESHOT
 * keeps the line masked until the thread function has returned.
 */
#ifndef KSHIM_LINUX_INTERRUPT_H
#define KSHIM_LINUX_INTERRUPT_H

#include <linux/hardirq.h>
#include <linux/irqflags.h>
#include <linux/kernel.h>

enum irqreturn {
	IRQ_NONE		= 0,
	IRQ_HANDLED		= 1 << 0,
	IRQ_WAKE_THREAD		= 1 << 1,
};
typedef enum irqreturn irqreturn_t;
#define IRQ_RETVAL(x)		((x) ? IRQ_HANDLED : IRQ_NONE)

typedef irqreturn_t (*irq_handler_t)(int irq, void *dev_id);

#define IRQF_TRIGGER_NONE	0x00000000
#define IRQF_TRIGGER_HIGH	0x00000004
#define IRQF_SHARED		0x00000080
#define IRQF_ONESHOT		0x00002000
#define IRQF_NO_THREAD		0x00010000

int __must_check request_threaded_irq(unsigned int irq, irq_handler_t handler,
				      irq_handler_t thread_fn, unsigned long flags,
				      const char *name, void *dev);

static inline int __must_check request_irq(unsigned int irq, irq_handler_t handler,
					   unsigned long flags, const char *name, void *dev)
{
	return request_threaded_irq(irq, handler, NULL, flags, name, dev);
}

const void *free_irq(unsigned int irq, void *dev_id);
void disable_irq(unsigned int irq);
void disable_irq_nosync(unsigned int irq);
void enable_irq(unsigned int irq);
void synchronize_irq(unsigned int irq);

#endif /* KSHIM_LINUX_INTERRUPT_H */
