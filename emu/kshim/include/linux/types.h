/* SPDX-License-Identifier: MIT */
/*
 * Kernel integer types on top of the system's uapi <linux/types.h>.
 *
 * This header is also reached from glibc through uapi headers, so it first
 * pulls in the system one.  It is the hub every kshim header includes first:
 * all libc headers the shim headers need are included here, before any
 * kernel macro (min, current, jiffies, ...) exists that could break them.
 */
#ifndef KSHIM_LINUX_TYPES_H
#define KSHIM_LINUX_TYPES_H

#include_next <linux/types.h>

#include <assert.h>
#include <elf.h>
#include <limits.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/types.h>

#include <linux/compiler_types.h>

typedef __u8 u8;
typedef __u16 u16;
typedef __u32 u32;
typedef __u64 u64;
typedef __s8 s8;
typedef __s16 s16;
typedef __s32 s32;
typedef __s64 s64;

typedef u64 dma_addr_t;
typedef u64 phys_addr_t;
typedef phys_addr_t resource_size_t;
typedef unsigned int gfp_t;
typedef unsigned short umode_t;
typedef unsigned long kernel_ulong_t;
typedef unsigned long irq_hw_number_t;

typedef struct {
	int counter;
} atomic_t;

typedef struct {
	s64 counter;
} atomic64_t;

struct list_head {
	struct list_head *next, *prev;
};

#endif /* KSHIM_LINUX_TYPES_H */
