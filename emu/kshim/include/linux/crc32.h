/* SPDX-License-Identifier: MIT */
#ifndef KSHIM_LINUX_CRC32_H
#define KSHIM_LINUX_CRC32_H

#include <linux/types.h>

/* Reflected CRC-32 (poly 0xedb88320) without pre/post inversion. */
u32 __pure crc32_le(u32 crc, unsigned char const *p, size_t len);
#define crc32(seed, data, length)	crc32_le(seed, (unsigned char const *)(data), length)

#endif /* KSHIM_LINUX_CRC32_H */
