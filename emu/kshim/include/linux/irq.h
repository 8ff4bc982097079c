/* SPDX-License-Identifier: MIT */
#ifndef KSHIM_LINUX_IRQ_H
#define KSHIM_LINUX_IRQ_H

#include <linux/interrupt.h>

#endif /* KSHIM_LINUX_IRQ_H */
