/* SPDX-License-Identifier: MIT */
/*
 * WARN*() record a kshim failure naming the file and line and evaluate to
 * the condition, like the kernel's; BUG*() print and abort.
 */
#ifndef KSHIM_LINUX_BUG_H
#define KSHIM_LINUX_BUG_H

#include <linux/build_bug.h>
#include <linux/once_lite.h>

void kshim_warn(const char *file, int line, const char *fmt, ...) __printf(3, 4);
void __noreturn kshim_bug(const char *file, int line, const char *what);

#define WARN(cond, fmt, ...)							\
	({									\
		int __ret_warn = !!(cond);					\
		if (unlikely(__ret_warn))					\
			kshim_warn(__FILE__, __LINE__, fmt, ##__VA_ARGS__);	\
		__ret_warn;							\
	})
#define WARN_ON(cond)		WARN(cond, "WARN_ON(%s)", #cond)
#define WARN_ONCE(cond, fmt, ...)						\
	DO_ONCE_LITE_IF(cond, kshim_warn, __FILE__, __LINE__, fmt, ##__VA_ARGS__)
#define WARN_ON_ONCE(cond)	WARN_ONCE(cond, "WARN_ON_ONCE(%s)", #cond)

#define BUG()			kshim_bug(__FILE__, __LINE__, "BUG()")
#define BUG_ON(cond)								\
	do {									\
		if (unlikely(cond))						\
			kshim_bug(__FILE__, __LINE__, "BUG_ON(" #cond ")");	\
	} while (0)

#endif /* KSHIM_LINUX_BUG_H */
