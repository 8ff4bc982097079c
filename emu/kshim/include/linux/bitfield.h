/* SPDX-License-Identifier: MIT */
#ifndef KSHIM_LINUX_BITFIELD_H
#define KSHIM_LINUX_BITFIELD_H

#include <linux/bits.h>

#define __bf_shf(x)	__builtin_ctzll(x)

#define __BF_FIELD_CHECK(mask, val)						\
	BUILD_BUG_ON_MSG(!__builtin_constant_p(mask) || (mask) == 0,		\
			 "FIELD_*: mask must be a non-zero constant")

#define FIELD_PREP(mask, val)							\
	({									\
		__BF_FIELD_CHECK(mask, val);					\
		((typeof(mask))(val) << __bf_shf(mask)) & (mask);		\
	})
#define FIELD_GET(mask, reg)							\
	({									\
		__BF_FIELD_CHECK(mask, 0);					\
		(typeof(mask))(((reg) & (mask)) >> __bf_shf(mask));		\
	})
#define FIELD_MAX(mask)		((typeof(mask))((mask) >> __bf_shf(mask)))
#define FIELD_FIT(mask, val)	(!((((typeof(mask))(val)) << __bf_shf(mask)) & ~(mask)))

#endif /* KSHIM_LINUX_BITFIELD_H */
