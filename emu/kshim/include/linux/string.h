/* SPDX-License-Identifier: MIT */
/* memcpy, strlen, ... are libc's; these are the kernel-only ones. */
#ifndef KSHIM_LINUX_STRING_H
#define KSHIM_LINUX_STRING_H

#include <linux/compiler.h>
#include <linux/err.h>
#include <linux/slab.h>

/* Copies with NUL termination; -E2BIG if src was truncated (or size is 0). */
ssize_t strscpy(char *dst, const char *src, size_t size);

static inline bool strstarts(const char *str, const char *prefix)
{
	return strncmp(str, prefix, strlen(prefix)) == 0;
}

static inline void *memset32(u32 *s, u32 v, size_t count)
{
	for (size_t i = 0; i < count; i++)
		s[i] = v;
	return s;
}

#define memzero_explicit(s, count)	memset(s, 0, count)

#endif /* KSHIM_LINUX_STRING_H */
