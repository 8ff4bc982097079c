/* SPDX-License-Identifier: MIT */
/*
 * min()/max() with the kernel's type rule: both sides must have the same
 * signedness after integer promotion, unless one side is a non-negative
 * integer constant.  The check is done at compile time.
 */
#ifndef KSHIM_LINUX_MINMAX_H
#define KSHIM_LINUX_MINMAX_H

#include <linux/build_bug.h>

#define __kshim_nonneg_const(x) \
	__builtin_choose_expr(__is_constexpr(x), (x) > 0 || (x) == 0, 0)
#define __kshim_signed(x)	is_signed_type(typeof((x) + 0))
#define __types_ok(x, y)							\
	(__kshim_signed(x) == __kshim_signed(y) ||				\
	 __kshim_nonneg_const(x) || __kshim_nonneg_const(y))

#define __cmp_once(x, y, op)							\
	({									\
		typeof(x) __x = (x);						\
		typeof(y) __y = (y);						\
		BUILD_BUG_ON_MSG(!__types_ok(x, y),				\
				 "min/max: signedness of " #x " and " #y " differs"); \
		__x op __y ? __x : __y;						\
	})

#define min(x, y)		__cmp_once(x, y, <)
#define max(x, y)		__cmp_once(x, y, >)
#define min3(x, y, z)		min(min(x, y), z)
#define max3(x, y, z)		max(max(x, y), z)
#define min_t(type, x, y)	__cmp_once((type)(x), (type)(y), <)
#define max_t(type, x, y)	__cmp_once((type)(x), (type)(y), >)
#define umin(x, y)		min_t(unsigned long long, x, y)
#define umax(x, y)		max_t(unsigned long long, x, y)
#define clamp(val, lo, hi)	min(max(val, lo), hi)
#define clamp_t(type, val, lo, hi) min_t(type, max_t(type, val, lo), hi)
#define clamp_val(val, lo, hi)	clamp_t(typeof(val), val, lo, hi)
#define min_not_zero(x, y)	({ typeof(x) __a = (x); typeof(y) __b = (y); \
				   __a == 0 ? __b : (__b == 0 ? __a : min(__a, __b)); })
#define swap(a, b)		do { typeof(a) __tmp = (a); (a) = (b); (b) = __tmp; } while (0)

#endif /* KSHIM_LINUX_MINMAX_H */
