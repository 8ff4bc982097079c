/* SPDX-License-Identifier: MIT */
/*
 * refcount_t: an increment from zero (use after free) or a decrement below
 * zero is recorded as a failure, and the count is left saturated.
 */
#ifndef KSHIM_LINUX_REFCOUNT_H
#define KSHIM_LINUX_REFCOUNT_H

#include <linux/atomic.h>
#include <linux/bug.h>

typedef struct refcount_struct {
	atomic_t refs;
} refcount_t;

#define REFCOUNT_INIT(n)	{ .refs = ATOMIC_INIT(n) }
#define REFCOUNT_SATURATED	(INT_MIN / 2)

static inline void refcount_set(refcount_t *r, int n)
{
	atomic_set(&r->refs, n);
}

static inline unsigned int refcount_read(const refcount_t *r)
{
	return (unsigned int)atomic_read(&r->refs);
}

static inline void refcount_add(int i, refcount_t *r)
{
	int old = atomic_fetch_add(i, &r->refs);

	if (WARN(old <= 0, "refcount_t: addition on %s", old ? "saturated" : "0; use-after-free"))
		refcount_set(r, REFCOUNT_SATURATED);
}

static inline void refcount_inc(refcount_t *r)
{
	refcount_add(1, r);
}

static inline bool __must_check refcount_inc_not_zero(refcount_t *r)
{
	int old = atomic_read(&r->refs);

	if (old == 0)
		return false;
	refcount_add(1, r);
	return true;
}

static inline bool __must_check refcount_dec_and_test(refcount_t *r)
{
	int new = atomic_dec_return(&r->refs);

	if (WARN(new < 0, "refcount_t: underflow; use-after-free")) {
		refcount_set(r, REFCOUNT_SATURATED);
		return false;
	}
	return new == 0;
}

static inline void refcount_dec(refcount_t *r)
{
	WARN(refcount_dec_and_test(r), "refcount_t: decrement hit 0; leaking memory");
}

#endif /* KSHIM_LINUX_REFCOUNT_H */
