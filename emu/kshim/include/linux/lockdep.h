/* SPDX-License-Identifier: MIT */
/*
 * Every kshim lock carries a lockdep_map: its name (the expression given to
 * mutex_init()/spin_lock_init(), or the variable of DEFINE_*), a magic that
 * proves it was initialised, and the context that holds it.
 */
#ifndef KSHIM_LINUX_LOCKDEP_H
#define KSHIM_LINUX_LOCKDEP_H

#include <linux/types.h>

struct kshim_ctx;

struct lockdep_map {
	const char *name;
	const void *magic;		/* == the map itself once initialised */
	struct kshim_ctx *owner;
};

#define __KSHIM_LOCKDEP_MAP_INIT(lockname, map)	{ .name = #lockname, .magic = &(map) }

enum kshim_assert_kind {
	KSHIM_ASSERT_HELD,		/* held by the current context */
	KSHIM_ASSERT_NOT_HELD,		/* not held by the current context */
	KSHIM_ASSERT_LOCKED,		/* held by anyone */
};

void kshim_lock_init(struct lockdep_map *map, const char *name);
void kshim_lock_assert(const struct lockdep_map *map, enum kshim_assert_kind kind,
		       const char *file, int line);

#define lockdep_assert_held(l) \
	kshim_lock_assert(&(l)->dep_map, KSHIM_ASSERT_HELD, __FILE__, __LINE__)
#define lockdep_assert_not_held(l) \
	kshim_lock_assert(&(l)->dep_map, KSHIM_ASSERT_NOT_HELD, __FILE__, __LINE__)
#define lockdep_is_held(l)	((l)->dep_map.owner != NULL)

#endif /* KSHIM_LINUX_LOCKDEP_H */
