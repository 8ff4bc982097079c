/* SPDX-License-Identifier: MIT */
#ifndef KSHIM_LINUX_BUILD_BUG_H
#define KSHIM_LINUX_BUILD_BUG_H

#include <assert.h>
#include <linux/compiler.h>

#define BUILD_BUG_ON_MSG(cond, msg)	_Static_assert(!(cond), msg)
#define BUILD_BUG_ON(cond)		BUILD_BUG_ON_MSG(cond, "BUILD_BUG_ON failed: " #cond)
#define BUILD_BUG_ON_ZERO(e)		((int)(sizeof(struct { int:(-!!(e)); })))
#define BUILD_BUG()			BUILD_BUG_ON_MSG(1, "BUILD_BUG failed")

/* The kernel's static_assert takes an optional message (C11's needs one). */
#undef static_assert
#define static_assert(expr, ...)	__kshim_static_assert(expr, ##__VA_ARGS__, #expr)
#define __kshim_static_assert(expr, msg, ...)	_Static_assert(expr, msg)

#endif /* KSHIM_LINUX_BUILD_BUG_H */
