/* SPDX-License-Identifier: MIT */
/* All randomness comes from the harness's seeded PRNG (kshim_rand()). */
#ifndef KSHIM_LINUX_RANDOM_H
#define KSHIM_LINUX_RANDOM_H

#include <linux/types.h>

uint64_t kshim_rand(void);	/* as declared in kshim/kshim.h */

static inline u64 get_random_u64(void)
{
	return kshim_rand();
}

static inline u32 get_random_u32(void)
{
	return (u32)(kshim_rand() >> 32);
}

static inline u32 get_random_u32_below(u32 ceil)
{
	return (u32)(((u64)get_random_u32() * ceil) >> 32);
}

void get_random_bytes(void *buf, size_t len);

#endif /* KSHIM_LINUX_RANDOM_H */
