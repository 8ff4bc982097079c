/* SPDX-License-Identifier: MIT */
/*
 * atomic_t and atomic64_t.  Tasks are cooperative, so plain arithmetic would
 * do; the __atomic builtins keep ThreadSanitizer builds quiet at no cost.
 */
#ifndef KSHIM_LINUX_ATOMIC_H
#define KSHIM_LINUX_ATOMIC_H

#include <linux/compiler.h>
#include <asm/barrier.h>

#define ATOMIC_INIT(i)		{ (i) }
#define ATOMIC64_INIT(i)	{ (i) }

#define __KSHIM_ATOMIC_OPS(pfx, atype, ctype)					\
static inline ctype pfx##_read(const atype *v)					\
{										\
	return __atomic_load_n(&v->counter, __ATOMIC_SEQ_CST);		\
}										\
static inline void pfx##_set(atype *v, ctype i)					\
{										\
	__atomic_store_n(&v->counter, i, __ATOMIC_SEQ_CST);			\
}										\
static inline ctype pfx##_add_return(ctype i, atype *v)			\
{										\
	return __atomic_add_fetch(&v->counter, i, __ATOMIC_SEQ_CST);		\
}										\
static inline ctype pfx##_fetch_add(ctype i, atype *v)				\
{										\
	return __atomic_fetch_add(&v->counter, i, __ATOMIC_SEQ_CST);		\
}										\
static inline void pfx##_add(ctype i, atype *v)				\
{										\
	pfx##_add_return(i, v);							\
}										\
static inline void pfx##_sub(ctype i, atype *v)				\
{										\
	pfx##_add_return(-i, v);						\
}										\
static inline ctype pfx##_sub_return(ctype i, atype *v)			\
{										\
	return pfx##_add_return(-i, v);						\
}										\
static inline void pfx##_inc(atype *v)						\
{										\
	pfx##_add_return(1, v);							\
}										\
static inline void pfx##_dec(atype *v)						\
{										\
	pfx##_add_return(-1, v);						\
}										\
static inline ctype pfx##_inc_return(atype *v)					\
{										\
	return pfx##_add_return(1, v);						\
}										\
static inline ctype pfx##_dec_return(atype *v)					\
{										\
	return pfx##_add_return(-1, v);						\
}										\
static inline bool pfx##_dec_and_test(atype *v)				\
{										\
	return pfx##_add_return(-1, v) == 0;					\
}										\
static inline bool pfx##_inc_and_test(atype *v)				\
{										\
	return pfx##_add_return(1, v) == 0;					\
}										\
static inline ctype pfx##_xchg(atype *v, ctype i)				\
{										\
	return __atomic_exchange_n(&v->counter, i, __ATOMIC_SEQ_CST);		\
}										\
/* Returns the old value; stores new only if it was equal to old. */		\
static inline ctype pfx##_cmpxchg(atype *v, ctype old, ctype new)		\
{										\
	__atomic_compare_exchange_n(&v->counter, &old, new, false,		\
				    __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);	\
	return old;								\
}

__KSHIM_ATOMIC_OPS(atomic, atomic_t, int)
__KSHIM_ATOMIC_OPS(atomic64, atomic64_t, s64)

#undef __KSHIM_ATOMIC_OPS

#endif /* KSHIM_LINUX_ATOMIC_H */
