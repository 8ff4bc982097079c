/* SPDX-License-Identifier: MIT */
#ifndef KSHIM_ASM_BYTEORDER_H
#define KSHIM_ASM_BYTEORDER_H

#include_next <asm/byteorder.h>
#include <linux/byteorder/generic.h>

#endif /* KSHIM_ASM_BYTEORDER_H */
