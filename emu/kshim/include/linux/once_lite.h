/* SPDX-License-Identifier: MIT */
/*
 * The once-only helper behind printk_once, dev_*_once and WARN_ONCE
 * (include/linux/once_lite.h: DO_ONCE_LITE_IF).  The kernel's flag lives
 * in the image's data, fresh at every boot; a process here may run the shim
 * many times over (kshim_init to kshim_fini: the stress suite boots each
 * seed in the process of the one before), so the flag holds the run that
 * set it, and a later run prints again, as a fresh one would.
 */
#ifndef KSHIM_LINUX_ONCE_LITE_H
#define KSHIM_LINUX_ONCE_LITE_H

#include <linux/compiler.h>

/* kshim_init's count of runs; never 0, a flag's value before its first use. */
extern unsigned long kshim_run_id;

#define DO_ONCE_LITE_IF(condition, func, ...)					\
	({									\
		static unsigned long __once_run;				\
		bool __ret_do_once = !!(condition);				\
		if (unlikely(__ret_do_once) && __once_run != kshim_run_id) {	\
			__once_run = kshim_run_id;				\
			func(__VA_ARGS__);					\
		}								\
		unlikely(__ret_do_once);					\
	})
#define DO_ONCE_LITE(func, ...)	DO_ONCE_LITE_IF(true, func, ##__VA_ARGS__)

#endif /* KSHIM_LINUX_ONCE_LITE_H */
