/* SPDX-License-Identifier: MIT */
/*
 * Sleeping locks.  Contention blocks the task (a scheduling point).  Owner
 * rules are checked: recursive locking, unlocking by a non-owner, locking in
 * atomic context and exiting while holding one are failures.
 */
#ifndef KSHIM_LINUX_MUTEX_H
#define KSHIM_LINUX_MUTEX_H

#include <linux/lockdep.h>

struct mutex {
	struct lockdep_map dep_map;
};

#define __MUTEX_INITIALIZER(lockname) \
	{ .dep_map = __KSHIM_LOCKDEP_MAP_INIT(lockname, (lockname).dep_map) }
#define DEFINE_MUTEX(mutexname)	struct mutex mutexname = __MUTEX_INITIALIZER(mutexname)

#define mutex_init(m)		kshim_lock_init(&(m)->dep_map, #m)

void mutex_lock(struct mutex *lock);
int __must_check mutex_lock_interruptible(struct mutex *lock);
int __must_check mutex_lock_killable(struct mutex *lock);
int mutex_trylock(struct mutex *lock);
void mutex_unlock(struct mutex *lock);
bool mutex_is_locked(struct mutex *lock);
void mutex_destroy(struct mutex *lock);
#define mutex_lock_nested(lock, subclass)	mutex_lock(lock)

#endif /* KSHIM_LINUX_MUTEX_H */
