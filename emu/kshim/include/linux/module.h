/* SPDX-License-Identifier: MIT */
/*
 * Modules.  module_init()/module_exit() register the functions (with the
 * caller's KBUILD_MODNAME) from an ELF constructor, so registration follows
 * link order; kshim_load_modules()/kshim_unload_modules() call them.
 */
#ifndef KSHIM_LINUX_MODULE_H
#define KSHIM_LINUX_MODULE_H

#include <linux/export.h>
#include <linux/init.h>
#include <linux/kernel.h>
#include <linux/moduleparam.h>

struct module;
#define THIS_MODULE	((struct module *)0)

#define __KSHIM_MODINFO(tag, info)	static_assert(sizeof(info) > 0, tag)
#define MODULE_LICENSE(s)		__KSHIM_MODINFO("license", s)
#define MODULE_AUTHOR(s)		__KSHIM_MODINFO("author", s)
#define MODULE_DESCRIPTION(s)		__KSHIM_MODINFO("description", s)
#define MODULE_VERSION(s)		__KSHIM_MODINFO("version", s)
#define MODULE_FIRMWARE(s)		__KSHIM_MODINFO("firmware", s)
#define MODULE_ALIAS(s)			__KSHIM_MODINFO("alias", s)
#define MODULE_SOFTDEP(s)		__KSHIM_MODINFO("softdep", s)
#define MODULE_IMPORT_NS(ns)		static_assert(1, #ns)
#define MODULE_DEVICE_TABLE(type, name)	__KSHIM_MODINFO(#type " device table", name)

void kshim_register_module_init(const char *modname, int (*fn)(void));
void kshim_register_module_exit(const char *modname, void (*fn)(void));

#define module_init(fn)								\
	static void __attribute__((constructor)) __kshim_modinit_##fn(void)	\
	{									\
		kshim_register_module_init(KBUILD_MODNAME, fn);			\
	}									\
	static_assert(1, "module_init")
#define module_exit(fn)								\
	static void __attribute__((constructor)) __kshim_modexit_##fn(void)	\
	{									\
		kshim_register_module_exit(KBUILD_MODNAME, fn);			\
	}									\
	static_assert(1, "module_exit")

/* module_pci_driver() and friends expand through this, as in the kernel. */
#define module_driver(__driver, __register, __unregister, ...)			\
static int __init __driver##_init(void)						\
{										\
	return __register(&(__driver), ##__VA_ARGS__);				\
}										\
module_init(__driver##_init);							\
static void __exit __driver##_exit(void)					\
{										\
	__unregister(&(__driver), ##__VA_ARGS__);				\
}										\
module_exit(__driver##_exit)

#endif /* KSHIM_LINUX_MODULE_H */
