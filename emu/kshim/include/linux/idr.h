/* SPDX-License-Identifier: MIT */
#ifndef KSHIM_LINUX_IDR_H
#define KSHIM_LINUX_IDR_H

#include <linux/gfp.h>

struct ida {
	unsigned long *bits;
	unsigned int nbits;
};

#define IDA_INIT(name)		{ .bits = NULL }
#define DEFINE_IDA(name)	struct ida name = IDA_INIT(name)

static inline void ida_init(struct ida *ida)
{
	*ida = (struct ida)IDA_INIT(*ida);
}

/* The lowest free id in [min, max] (max capped at INT_MAX), -ENOSPC, -ENOMEM. */
int ida_alloc_range(struct ida *ida, unsigned int min, unsigned int max, gfp_t gfp);
void ida_free(struct ida *ida, unsigned int id);
void ida_destroy(struct ida *ida);
bool ida_is_empty(const struct ida *ida);

#define ida_alloc(ida, gfp)		ida_alloc_range(ida, 0, ~0U, gfp)
#define ida_alloc_min(ida, min, gfp)	ida_alloc_range(ida, min, ~0U, gfp)
#define ida_alloc_max(ida, max, gfp)	ida_alloc_range(ida, 0, max, gfp)

#endif /* KSHIM_LINUX_IDR_H */
