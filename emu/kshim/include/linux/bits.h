/* SPDX-License-Identifier: MIT */
#ifndef KSHIM_LINUX_BITS_H
#define KSHIM_LINUX_BITS_H

#include <linux/build_bug.h>

#define BITS_PER_LONG		64
#define BITS_PER_LONG_LONG	64
#define BITS_PER_BYTE		8
#define BIT(nr)			(1UL << (nr))
#define BIT_ULL(nr)		(1ULL << (nr))
#define BIT_MASK(nr)		(1UL << ((nr) % BITS_PER_LONG))
#define BIT_WORD(nr)		((nr) / BITS_PER_LONG)

#define GENMASK_INPUT_CHECK(h, l) \
	BUILD_BUG_ON_ZERO(__builtin_choose_expr(__is_constexpr((l) > (h)), (l) > (h), 0))
#define GENMASK(h, l) \
	(GENMASK_INPUT_CHECK(h, l) + ((~0UL << (l)) & (~0UL >> (BITS_PER_LONG - 1 - (h)))))
#define GENMASK_ULL(h, l) \
	(GENMASK_INPUT_CHECK(h, l) + ((~0ULL << (l)) & (~0ULL >> (BITS_PER_LONG_LONG - 1 - (h)))))

#endif /* KSHIM_LINUX_BITS_H */
