/* SPDX-License-Identifier: MIT */
/*
 * udelay/ndelay/mdelay busy-wait (clock and model advance, nothing else
 * runs); msleep/usleep_range/fsleep/ssleep block the task until the virtual
 * deadline (a scheduling point).  Durations are exact in virtual time.
 */
#ifndef KSHIM_LINUX_DELAY_H
#define KSHIM_LINUX_DELAY_H

#include <linux/kernel.h>
#include <linux/time64.h>
#include <asm/processor.h>

void kshim_sleep_ns(u64 ns, const char *what);

#define ndelay(ns)	kshim_busy_wait_ns((u64)(ns))
#define udelay(us)	kshim_busy_wait_ns((u64)(us) * NSEC_PER_USEC)
#define mdelay(ms)	kshim_busy_wait_ns((u64)(ms) * NSEC_PER_MSEC)

static inline void msleep(unsigned int msecs)
{
	kshim_sleep_ns((u64)msecs * NSEC_PER_MSEC, "msleep");
}

static inline unsigned long msleep_interruptible(unsigned int msecs)
{
	msleep(msecs);
	return 0;
}

static inline void ssleep(unsigned int seconds)
{
	kshim_sleep_ns((u64)seconds * NSEC_PER_SEC, "ssleep");
}

/* Deterministic: always sleeps the upper bound. */
static inline void usleep_range(unsigned long min, unsigned long max)
{
	kshim_sleep_ns((u64)max * NSEC_PER_USEC, "usleep_range");
}

static inline void fsleep(unsigned long usecs)
{
	kshim_sleep_ns((u64)usecs * NSEC_PER_USEC, "fsleep");
}

#endif /* KSHIM_LINUX_DELAY_H */
