/* SPDX-License-Identifier: MIT */
/* All clocks read the one virtual clock; it starts at 0 in kshim_init(). */
#ifndef KSHIM_LINUX_TIMEKEEPING_H
#define KSHIM_LINUX_TIMEKEEPING_H

#include <linux/types.h>

typedef s64 ktime_t;

u64 kshim_clock_ns(void);

static inline ktime_t ktime_get(void)
{
	return (ktime_t)kshim_clock_ns();
}

static inline u64 ktime_get_ns(void)
{
	return kshim_clock_ns();
}

#define ktime_get_boottime()		ktime_get()
#define ktime_get_boottime_ns()		ktime_get_ns()
#define ktime_get_raw()			ktime_get()
#define ktime_get_raw_ns()		ktime_get_ns()
#define ktime_get_mono_fast_ns()	ktime_get_ns()

#endif /* KSHIM_LINUX_TIMEKEEPING_H */
