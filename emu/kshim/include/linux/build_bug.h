/* SPDX-License-Identifier: MIT */
#ifndef KSHIM_LINUX_BUILD_BUG_H
#define KSHIM_LINUX_BUILD_BUG_H

#include <assert.h>
#include <linux/compiler.h>

#define BUILD_BUG_ON_MSG(cond, msg)	_Static_assert(!(cond), msg)
#define BUILD_BUG_ON(cond)		BUILD_BUG_ON_MSG(cond, "BUILD_BUG_ON failed: " #cond)
#define BUILD_BUG_ON_ZERO(e)		((int)(sizeof(struct { int:(-!!(e)); })))
#define BUILD_BUG()			BUILD_BUG_ON_MSG(1, "BUILD_BUG failed")

#endif /* KSHIM_LINUX_BUILD_BUG_H */
