/* SPDX-License-Identifier: MIT */
#ifndef KSHIM_LINUX_UNALIGNED_H
#define KSHIM_LINUX_UNALIGNED_H

#include <linux/byteorder/generic.h>

#define __KSHIM_UNALIGNED(bits, end)						\
static inline u##bits get_unaligned_##end##bits(const void *p)			\
{										\
	__##end##bits v;							\
										\
	memcpy(&v, p, sizeof(v));						\
	return end##bits##_to_cpu(v);						\
}										\
static inline void put_unaligned_##end##bits(u##bits val, void *p)		\
{										\
	__##end##bits v = cpu_to_##end##bits(val);				\
										\
	memcpy(p, &v, sizeof(v));						\
}

__KSHIM_UNALIGNED(16, le)
__KSHIM_UNALIGNED(32, le)
__KSHIM_UNALIGNED(64, le)
__KSHIM_UNALIGNED(16, be)
__KSHIM_UNALIGNED(32, be)
__KSHIM_UNALIGNED(64, be)

#undef __KSHIM_UNALIGNED

#define get_unaligned(ptr)							\
	({									\
		typeof(*(ptr)) __v;						\
		memcpy(&__v, (ptr), sizeof(__v));				\
		__v;								\
	})
#define put_unaligned(val, ptr)							\
	do {									\
		typeof(*(ptr)) __v = (val);					\
		memcpy((ptr), &__v, sizeof(__v));				\
	} while (0)

#endif /* KSHIM_LINUX_UNALIGNED_H */
