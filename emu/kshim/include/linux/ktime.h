/* SPDX-License-Identifier: MIT */
#ifndef KSHIM_LINUX_KTIME_H
#define KSHIM_LINUX_KTIME_H

#include <linux/time64.h>
#include <linux/timekeeping.h>

#define KTIME_MAX	((s64)~((u64)1 << 63))

static inline ktime_t ktime_set(const s64 secs, const unsigned long nsecs)
{
	return secs * NSEC_PER_SEC + (s64)nsecs;
}

#define ktime_add(a, b)		((a) + (b))
#define ktime_sub(a, b)		((a) - (b))
#define ktime_add_ns(kt, ns)	((kt) + (s64)(ns))
#define ktime_sub_ns(kt, ns)	((kt) - (s64)(ns))
#define ktime_add_us(kt, us)	ktime_add_ns(kt, (u64)(us) * NSEC_PER_USEC)
#define ktime_add_ms(kt, ms)	ktime_add_ns(kt, (u64)(ms) * NSEC_PER_MSEC)
#define ktime_to_ns(kt)		((s64)(kt))
#define ns_to_ktime(ns)		((ktime_t)(ns))

static inline s64 ktime_to_us(const ktime_t kt)
{
	return kt / NSEC_PER_USEC;
}

static inline s64 ktime_to_ms(const ktime_t kt)
{
	return kt / NSEC_PER_MSEC;
}

static inline ktime_t us_to_ktime(u64 us)
{
	return (ktime_t)(us * NSEC_PER_USEC);
}

static inline ktime_t ms_to_ktime(u64 ms)
{
	return (ktime_t)(ms * NSEC_PER_MSEC);
}

static inline s64 ktime_us_delta(const ktime_t later, const ktime_t earlier)
{
	return ktime_to_us(later - earlier);
}

static inline s64 ktime_ms_delta(const ktime_t later, const ktime_t earlier)
{
	return ktime_to_ms(later - earlier);
}

static inline int ktime_compare(const ktime_t a, const ktime_t b)
{
	return a < b ? -1 : a > b;
}

static inline bool ktime_after(const ktime_t a, const ktime_t b)
{
	return a > b;
}

static inline bool ktime_before(const ktime_t a, const ktime_t b)
{
	return a < b;
}

#endif /* KSHIM_LINUX_KTIME_H */
