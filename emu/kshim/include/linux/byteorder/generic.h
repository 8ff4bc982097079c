/* SPDX-License-Identifier: MIT */
/* The kernel's short names over the uapi __cpu_to_le32 & co. */
#ifndef KSHIM_LINUX_BYTEORDER_GENERIC_H
#define KSHIM_LINUX_BYTEORDER_GENERIC_H

#include <linux/types.h>
#include <asm/byteorder.h>

#define cpu_to_le64	__cpu_to_le64
#define le64_to_cpu	__le64_to_cpu
#define cpu_to_le32	__cpu_to_le32
#define le32_to_cpu	__le32_to_cpu
#define cpu_to_le16	__cpu_to_le16
#define le16_to_cpu	__le16_to_cpu
#define cpu_to_be64	__cpu_to_be64
#define be64_to_cpu	__be64_to_cpu
#define cpu_to_be32	__cpu_to_be32
#define be32_to_cpu	__be32_to_cpu
#define cpu_to_be16	__cpu_to_be16
#define be16_to_cpu	__be16_to_cpu
#define le32_to_cpup	__le32_to_cpup
#define le16_to_cpup	__le16_to_cpup
#define le64_to_cpup	__le64_to_cpup

static inline void le32_add_cpu(__le32 *var, u32 val)
{
	*var = cpu_to_le32(le32_to_cpu(*var) + val);
}

#endif /* KSHIM_LINUX_BYTEORDER_GENERIC_H */
