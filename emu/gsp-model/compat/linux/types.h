/* SPDX-License-Identifier: MIT */
/*
 * The few kernel type names driver/core/fw/ headers use, mapped onto C11
 * <stdint.h> so the model can include the driver's ABI headers unchanged
 * (the structures are defined once, in driver/core/fw/).  Only the model
 * sees this file; the driver gets the real <linux/types.h> or kshim's.
 */
#ifndef GSPM_COMPAT_LINUX_TYPES_H
#define GSPM_COMPAT_LINUX_TYPES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;
typedef uint64_t u64;
typedef int8_t s8;
typedef int16_t s16;
typedef int32_t s32;
typedef int64_t s64;

/* GSP and every supported host are little-endian (gsp_abi.h). */
typedef uint16_t __le16;
typedef uint32_t __le32;
typedef uint64_t __le64;

typedef uint64_t dma_addr_t;
typedef uint64_t phys_addr_t;

#ifndef __packed
#define __packed __attribute__((packed))
#endif
#ifndef __aligned
#define __aligned(x) __attribute__((aligned(x)))
#endif

#endif
