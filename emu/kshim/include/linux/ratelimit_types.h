/* SPDX-License-Identifier: MIT */
#ifndef KSHIM_LINUX_RATELIMIT_TYPES_H
#define KSHIM_LINUX_RATELIMIT_TYPES_H

#include <linux/types.h>

#define DEFAULT_RATELIMIT_INTERVAL	(5 * 250)	/* 5 * HZ */
#define DEFAULT_RATELIMIT_BURST		10

struct ratelimit_state {
	int interval;		/* jiffies */
	int burst;
	int printed;
	int missed;
	unsigned long begin;
	unsigned long kshim_run;	/* the kshim_run_id it counts in (linux/once_lite.h) */
};

#define RATELIMIT_STATE_INIT(name, interval_init, burst_init)			\
	{ .interval = (interval_init), .burst = (burst_init) }
#define DEFINE_RATELIMIT_STATE(name, interval_init, burst_init)		\
	struct ratelimit_state name = RATELIMIT_STATE_INIT(name, interval_init, burst_init)

/* Nonzero if the caller may go ahead; interval measured in virtual time. */
int ___ratelimit(struct ratelimit_state *rs, const char *func);
#define __ratelimit(state) ___ratelimit(state, __func__)

#endif /* KSHIM_LINUX_RATELIMIT_TYPES_H */
