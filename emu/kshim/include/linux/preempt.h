/* SPDX-License-Identifier: MIT */
/* Execution contexts: a task, a hard IRQ handler, or a timer callback. */
#ifndef KSHIM_LINUX_PREEMPT_H
#define KSHIM_LINUX_PREEMPT_H

#include <linux/types.h>

bool kshim_in_hardirq(void);
bool kshim_in_softirq(void);
bool kshim_in_atomic(void);

#define in_hardirq()		kshim_in_hardirq()
#define in_irq()		kshim_in_hardirq()
#define in_softirq()		kshim_in_softirq()
#define in_serving_softirq()	kshim_in_softirq()
#define in_interrupt()		(kshim_in_hardirq() || kshim_in_softirq())
#define in_task()		(!in_interrupt())
#define in_atomic()		kshim_in_atomic()

#endif /* KSHIM_LINUX_PREEMPT_H */
