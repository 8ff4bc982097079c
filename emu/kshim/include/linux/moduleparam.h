/* SPDX-License-Identifier: MIT */
/* Parameters keep their compiled-in defaults; the macros check the names. */
#ifndef KSHIM_LINUX_MODULEPARAM_H
#define KSHIM_LINUX_MODULEPARAM_H

#include <linux/build_bug.h>

#define module_param(name, type, perm) \
	static_assert(sizeof(name) > 0, "module_param " #name)
#define module_param_named(name, value, type, perm) \
	static_assert(sizeof(value) > 0, "module_param " #name)
#define MODULE_PARM_DESC(name, desc) \
	static_assert(sizeof(desc) > 0, "MODULE_PARM_DESC " #name)

#endif /* KSHIM_LINUX_MODULEPARAM_H */
