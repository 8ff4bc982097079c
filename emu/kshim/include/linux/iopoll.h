/* SPDX-License-Identifier: MIT */
/*
 * Polling helpers with the kernel's contract: evaluate op(args) into val
 * until cond holds or timeout_us (0 = forever) of virtual time has passed;
 * one last read after the timeout; 0 or -ETIMEDOUT.  The plain forms sleep
 * between reads, the _atomic forms busy-wait.
 */
#ifndef KSHIM_LINUX_IOPOLL_H
#define KSHIM_LINUX_IOPOLL_H

#include <linux/delay.h>
#include <linux/errno.h>
#include <linux/io.h>
#include <linux/ktime.h>

#define __kshim_poll_timeout(op, val, cond, pause, pause_us, timeout_us,	\
			     pause_first, args...)				\
	({									\
		u64 __tmo_us = (timeout_us);					\
		unsigned long __pause_us = (pause_us);				\
		ktime_t __end = ktime_add_us(ktime_get(), __tmo_us);		\
		bool __expired = false;						\
		if ((pause_first) && __pause_us)				\
			pause(__pause_us);					\
		for (;;) {							\
			(val) = op(args);					\
			if ((cond) || __expired)				\
				break;						\
			/* Past the deadline: read once more, then stop. */	\
			__expired = __tmo_us && ktime_after(ktime_get(), __end);\
			if (__expired)						\
				continue;					\
			if (__pause_us)						\
				pause(__pause_us);				\
			else							\
				cpu_relax();					\
		}								\
		(cond) ? 0 : -ETIMEDOUT;					\
	})

#define __kshim_poll_sleep(us)	usleep_range(((us) >> 2) + 1, us)

#define read_poll_timeout(op, val, cond, sleep_us, timeout_us, sleep_before_read, args...) \
	({									\
		might_sleep_if((sleep_us) != 0);				\
		__kshim_poll_timeout(op, val, cond, __kshim_poll_sleep, sleep_us, \
				     timeout_us, sleep_before_read, args);	\
	})
#define read_poll_timeout_atomic(op, val, cond, delay_us, timeout_us, delay_before_read, args...) \
	__kshim_poll_timeout(op, val, cond, udelay, delay_us, timeout_us,	\
			     delay_before_read, args)

#define readx_poll_timeout(op, addr, val, cond, sleep_us, timeout_us) \
	read_poll_timeout(op, val, cond, sleep_us, timeout_us, false, addr)
#define readx_poll_timeout_atomic(op, addr, val, cond, delay_us, timeout_us) \
	read_poll_timeout_atomic(op, val, cond, delay_us, timeout_us, false, addr)

#define readl_poll_timeout(addr, val, cond, sleep_us, timeout_us) \
	readx_poll_timeout(readl, addr, val, cond, sleep_us, timeout_us)
#define readl_poll_timeout_atomic(addr, val, cond, delay_us, timeout_us) \
	readx_poll_timeout_atomic(readl, addr, val, cond, delay_us, timeout_us)
#define readl_relaxed_poll_timeout(addr, val, cond, sleep_us, timeout_us) \
	readx_poll_timeout(readl_relaxed, addr, val, cond, sleep_us, timeout_us)

#endif /* KSHIM_LINUX_IOPOLL_H */
