/* SPDX-License-Identifier: MIT */
/*
 * Module parameters: each module_param() registers the variable under
 * (KBUILD_MODNAME, name) from an ELF constructor, so a test can set it the
 * way `modprobe mod name=value` would (kshim_set_param) before
 * kshim_load_modules().  kshim_fini() puts every parameter back to its
 * compiled-in value.  Supported types: charp, int, uint, bool.
 */
#ifndef KSHIM_LINUX_MODULEPARAM_H
#define KSHIM_LINUX_MODULEPARAM_H

#include <linux/build_bug.h>

enum kshim_param_type {
	KSHIM_PARAM_charp,
	KSHIM_PARAM_int,
	KSHIM_PARAM_uint,
	KSHIM_PARAM_bool,
};

void kshim_register_param(const char *modname, const char *name, enum kshim_param_type type,
			  void *var);

#define module_param_named(name, value, type, perm)					\
	static void __attribute__((constructor)) __kshim_param_##name(void)		\
	{										\
		kshim_register_param(KBUILD_MODNAME, #name, KSHIM_PARAM_##type, &(value));	\
	}
/* Not through module_param_named(): that would expand `bool` (libc's macro) before the paste. */
#define module_param(name, type, perm)							\
	static void __attribute__((constructor)) __kshim_param_##name(void)		\
	{										\
		kshim_register_param(KBUILD_MODNAME, #name, KSHIM_PARAM_##type, &(name));	\
	}
#define MODULE_PARM_DESC(name, desc) \
	static_assert(sizeof(desc) > 0, "MODULE_PARM_DESC " #name)

#endif /* KSHIM_LINUX_MODULEPARAM_H */
