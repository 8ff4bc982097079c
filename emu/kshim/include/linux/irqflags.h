/* SPDX-License-Identifier: MIT */
/*
 * Per-context "interrupts disabled" state.  While it is set, no IRQ handler
 * runs in that context (see spin_lock() in spinlock.h).
 */
#ifndef KSHIM_LINUX_IRQFLAGS_H
#define KSHIM_LINUX_IRQFLAGS_H

#include <linux/types.h>

unsigned long kshim_irq_save(void);
void kshim_irq_restore(unsigned long flags);
bool kshim_irqs_disabled(void);

#define local_irq_save(flags)	do { (flags) = kshim_irq_save(); } while (0)
#define local_irq_restore(flags) kshim_irq_restore(flags)
#define local_irq_disable()	((void)kshim_irq_save())
#define local_irq_enable()	kshim_irq_restore(0)
#define irqs_disabled()		kshim_irqs_disabled()

#endif /* KSHIM_LINUX_IRQFLAGS_H */
