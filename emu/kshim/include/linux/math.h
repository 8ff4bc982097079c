/* SPDX-License-Identifier: MIT */
#ifndef KSHIM_LINUX_MATH_H
#define KSHIM_LINUX_MATH_H

#include <linux/compiler.h>

#define DIV_ROUND_UP(n, d)	(((n) + (d) - 1) / (d))
#define DIV_ROUND_UP_ULL(ll, d)	((unsigned long long)DIV_ROUND_UP((unsigned long long)(ll), (d)))
#define DIV_ROUND_CLOSEST(x, d)	(((x) + ((d) / 2)) / (d))
#define roundup(x, y)		((((x) + ((y) - 1)) / (y)) * (y))
#define rounddown(x, y)		((x) - ((x) % (y)))
/* y must be a power of two. */
#define __round_mask(x, y)	((typeof(x))((y) - 1))
#define round_up(x, y)		((((x) - 1) | __round_mask(x, y)) + 1)
#define round_down(x, y)	((x) & ~__round_mask(x, y))

static inline u64 div_u64(u64 dividend, u32 divisor)
{
	return dividend / divisor;
}

static inline u64 div64_u64(u64 dividend, u64 divisor)
{
	return dividend / divisor;
}

static inline s64 div_s64(s64 dividend, s32 divisor)
{
	return dividend / divisor;
}

#define do_div(n, base)								\
	({									\
		u32 __base = (base);						\
		u32 __rem = (u32)((n) % __base);				\
		(n) /= __base;							\
		__rem;								\
	})

#endif /* KSHIM_LINUX_MATH_H */
