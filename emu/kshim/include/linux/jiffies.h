/* SPDX-License-Identifier: MIT */
/*
 * jiffies read the virtual clock.  HZ is 250 as in Debian's kernels, and the
 * count starts 5 minutes before a 32-bit wrap, like the kernel's, so code
 * that compares jiffies without time_after() breaks here too.
 */
#ifndef KSHIM_LINUX_JIFFIES_H
#define KSHIM_LINUX_JIFFIES_H

#include <linux/kernel.h>
#include <linux/time64.h>

#define HZ			250
#define TICK_NSEC		(NSEC_PER_SEC / HZ)
#define INITIAL_JIFFIES		((unsigned long)(unsigned int)(-300 * HZ))
#define MAX_JIFFY_OFFSET	((LONG_MAX >> 1) - 1)

unsigned long kshim_jiffies(void);
#define jiffies			kshim_jiffies()
#define get_jiffies_64()	((u64)jiffies)

#define time_after(a, b)	((long)((b) - (a)) < 0)
#define time_before(a, b)	time_after(b, a)
#define time_after_eq(a, b)	((long)((a) - (b)) >= 0)
#define time_before_eq(a, b)	time_after_eq(b, a)
#define time_in_range(a, b, c)	(time_after_eq(a, b) && time_before_eq(a, c))
#define time_is_before_jiffies(a)	time_after(jiffies, a)
#define time_is_after_jiffies(a)	time_before(jiffies, a)
#define time_is_before_eq_jiffies(a)	time_after_eq(jiffies, a)
#define time_is_after_eq_jiffies(a)	time_before_eq(jiffies, a)

static inline unsigned int jiffies_to_msecs(const unsigned long j)
{
	return (unsigned int)(j * (MSEC_PER_SEC / HZ));
}

static inline unsigned int jiffies_to_usecs(const unsigned long j)
{
	return (unsigned int)(j * (USEC_PER_SEC / HZ));
}

static inline u64 jiffies_to_nsecs(const unsigned long j)
{
	return (u64)j * TICK_NSEC;
}

/* Round up, and saturate at MAX_JIFFY_OFFSET, as the kernel does. */
static inline unsigned long msecs_to_jiffies(const unsigned int m)
{
	if (m > jiffies_to_msecs(MAX_JIFFY_OFFSET))
		return MAX_JIFFY_OFFSET;
	return DIV_ROUND_UP(m, MSEC_PER_SEC / HZ);
}

static inline unsigned long usecs_to_jiffies(const unsigned int u)
{
	return DIV_ROUND_UP((unsigned long)u, USEC_PER_SEC / HZ);
}

static inline unsigned long nsecs_to_jiffies(u64 n)
{
	return DIV_ROUND_UP(n, (u64)TICK_NSEC);
}

#endif /* KSHIM_LINUX_JIFFIES_H */
