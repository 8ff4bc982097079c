/* SPDX-License-Identifier: MIT */
/*
 * Spinlocks.  Holding one makes the context atomic: sleeping there is a
 * failure.  spin_lock() (and _bh) with interrupts enabled delivers a pending
 * device IRQ right after acquiring the lock, so that a handler taking a lock
 * the interrupted code holds is caught; _irq/_irqsave disable that.
 */
#ifndef KSHIM_LINUX_SPINLOCK_H
#define KSHIM_LINUX_SPINLOCK_H

#include <linux/irqflags.h>
#include <linux/lockdep.h>

typedef struct spinlock {
	struct lockdep_map dep_map;
} spinlock_t;

#define __SPIN_LOCK_UNLOCKED(lockname) \
	{ .dep_map = __KSHIM_LOCKDEP_MAP_INIT(lockname, (lockname).dep_map) }
#define DEFINE_SPINLOCK(x)	spinlock_t x = __SPIN_LOCK_UNLOCKED(x)

#define spin_lock_init(l)	kshim_lock_init(&(l)->dep_map, #l)

void spin_lock(spinlock_t *lock);
int spin_trylock(spinlock_t *lock);
void spin_unlock(spinlock_t *lock);

#define spin_lock_bh(l)		spin_lock(l)
#define spin_unlock_bh(l)	spin_unlock(l)
#define spin_lock_irq(l)	do { local_irq_disable(); spin_lock(l); } while (0)
#define spin_unlock_irq(l)	do { spin_unlock(l); local_irq_enable(); } while (0)
#define spin_lock_irqsave(l, flags)						\
	do {									\
		local_irq_save(flags);						\
		spin_lock(l);							\
	} while (0)
#define spin_unlock_irqrestore(l, flags)					\
	do {									\
		spin_unlock(l);							\
		local_irq_restore(flags);					\
	} while (0)
#define spin_is_locked(l)	((l)->dep_map.owner != NULL)
#define assert_spin_locked(l) \
	kshim_lock_assert(&(l)->dep_map, KSHIM_ASSERT_LOCKED, __FILE__, __LINE__)

#endif /* KSHIM_LINUX_SPINLOCK_H */
