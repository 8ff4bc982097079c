/* SPDX-License-Identifier: MIT */
/* The ELF types and constants under their kernel names are libc's <elf.h>. */
#ifndef KSHIM_LINUX_ELF_H
#define KSHIM_LINUX_ELF_H

#include <linux/types.h>

#endif /* KSHIM_LINUX_ELF_H */
