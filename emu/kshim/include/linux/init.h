/* SPDX-License-Identifier: MIT */
#ifndef KSHIM_LINUX_INIT_H
#define KSHIM_LINUX_INIT_H

#include <linux/compiler.h>

#define __init
#define __exit
#define __initdata
#define __exitdata
#define __initconst

#endif /* KSHIM_LINUX_INIT_H */
