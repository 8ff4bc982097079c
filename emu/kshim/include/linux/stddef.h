/* SPDX-License-Identifier: MIT */
#ifndef KSHIM_LINUX_STDDEF_H
#define KSHIM_LINUX_STDDEF_H

#include_next <linux/stddef.h>
#include <stddef.h>

#define sizeof_field(TYPE, MEMBER)	sizeof((((TYPE *)0)->MEMBER))
#define offsetofend(TYPE, MEMBER)	(offsetof(TYPE, MEMBER) + sizeof_field(TYPE, MEMBER))

#endif /* KSHIM_LINUX_STDDEF_H */
