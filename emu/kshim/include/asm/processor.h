/* SPDX-License-Identifier: MIT */
#ifndef KSHIM_ASM_PROCESSOR_H
#define KSHIM_ASM_PROCESSOR_H

#include <linux/types.h>

/*
 * Busy waiting costs virtual time: the clock (and the device model) moves
 * forward by ns, but no other task, timer or IRQ handler runs.
 */
void kshim_busy_wait_ns(u64 ns);

/* One spin of a busy loop: long enough for device state to move on. */
#define cpu_relax()	kshim_busy_wait_ns(1000)

#endif /* KSHIM_ASM_PROCESSOR_H */
