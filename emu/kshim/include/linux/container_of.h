/* SPDX-License-Identifier: MIT */
#ifndef KSHIM_LINUX_CONTAINER_OF_H
#define KSHIM_LINUX_CONTAINER_OF_H

#include <linux/build_bug.h>
#include <linux/stddef.h>

#define container_of(ptr, type, member)						\
	({									\
		void *__mptr = (void *)(ptr);					\
		static_assert(__same_type(*(ptr), ((type *)0)->member) ||	\
			      __same_type(*(ptr), void),			\
			      "container_of: pointer does not match the member type"); \
		((type *)((char *)__mptr - offsetof(type, member)));		\
	})

#endif /* KSHIM_LINUX_CONTAINER_OF_H */
