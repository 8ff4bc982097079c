/* SPDX-License-Identifier: MIT */
#ifndef KSHIM_LINUX_HARDIRQ_H
#define KSHIM_LINUX_HARDIRQ_H

#include <linux/preempt.h>

#endif /* KSHIM_LINUX_HARDIRQ_H */
