/* SPDX-License-Identifier: MIT */
/* One CPU, cooperative tasks: barriers only need to stop the compiler. */
#ifndef KSHIM_ASM_BARRIER_H
#define KSHIM_ASM_BARRIER_H

#include <linux/compiler.h>

#define mb()		__atomic_thread_fence(__ATOMIC_SEQ_CST)
#define rmb()		mb()
#define wmb()		mb()
#define dma_rmb()	mb()
#define dma_wmb()	mb()
#define smp_mb()	mb()
#define smp_rmb()	mb()
#define smp_wmb()	mb()
#define smp_store_release(p, v)	__atomic_store_n(p, v, __ATOMIC_RELEASE)
#define smp_load_acquire(p)	__atomic_load_n(p, __ATOMIC_ACQUIRE)

#endif /* KSHIM_ASM_BARRIER_H */
