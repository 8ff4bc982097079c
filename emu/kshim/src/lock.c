// SPDX-License-Identifier: MIT
/*
 * Mutexes, spinlocks, interrupt-disable state and the context rules: which
 * context holds which lock, and where sleeping is allowed.
 */
#include <linux/kernel.h>
#include <linux/mutex.h>
#include <linux/spinlock.h>

#include "task.h"

static const char *lock_name(const struct lockdep_map *map)
{
	return map->name ? map->name : "(unnamed)";
}

/*
 * Every lock and unlock passes the checks below; what they report is kept
 * out of line (cold), so that the common path saves no registers for it.
 */
#define KSHIM_COLD	noinline __cold

static KSHIM_COLD void lock_unready(struct lockdep_map *map, const char *op)
{
	kshim_fail("%s on a lock that was never initialised (missing mutex_init/spin_lock_init?)",
		   op);
	/* Adopt it so one missing init is reported once. */
	kshim_lock_init(map, "(uninitialised)");
}

static void lock_ready(struct lockdep_map *map, const char *op)
{
	if (map->magic != map)
		lock_unready(map, op);
}

void kshim_lock_init(struct lockdep_map *map, const char *name)
{
	*map = (struct lockdep_map){ .name = name, .magic = map };
}

static struct kshim_held *find_held(struct kshim_ctx *ctx, const struct lockdep_map *map)
{
	for (unsigned int i = ctx->nheld; i-- > 0;)
		if (ctx->held[i].map == map)
			return &ctx->held[i];
	return NULL;
}

static KSHIM_COLD void too_many_held(const struct lockdep_map *map)
{
	kshim_fail("more than %d locks held at once (taking %s)", KSHIM_MAX_HELD, lock_name(map));
}

static void push_held(struct kshim_ctx *ctx, struct lockdep_map *map, bool spin, bool skipped)
{
	if (ctx->nheld == KSHIM_MAX_HELD) {
		too_many_held(map);
		return;
	}
	ctx->held[ctx->nheld++] = (struct kshim_held){ map, spin, skipped };
	if (spin && !skipped)
		ctx->spin_depth++;
}

static void drop_held(struct kshim_ctx *ctx, struct kshim_held *h)
{
	if (h->spin && !h->skipped)
		ctx->spin_depth--;
	if (!h->skipped) {
		kshim_tsan_unlock_begin(h->map);
		h->map->owner = NULL;
		kshim_wake(h->map);
		kshim_tsan_unlock_end(h->map);
	}
	/* Mostly the last one taken: nothing above it to move down. */
	if (h != &ctx->held[--ctx->nheld])
		memmove(h, h + 1, (size_t)(&ctx->held[ctx->nheld] - h) * sizeof(*h));
}

/* Reports and forgets every lock ctx still holds. */
void kshim_ctx_release_all(struct kshim_ctx *ctx, const char *when)
{
	while (ctx->nheld) {
		struct kshim_held *h = &ctx->held[ctx->nheld - 1];

		if (!h->skipped)
			kshim_fail("%s: %s still holds %s %s", when, ctx->name,
				   h->spin ? "spinlock" : "mutex", lock_name(h->map));
		drop_held(ctx, h);
	}
	ctx->irqs_off = ctx == &kshim_hardirq_ctx;
}

bool kshim_atomic_ctx(void)
{
	struct kshim_ctx *c = kshim_cur;

	return !kshim_cur_task() || c->spin_depth || c->irqs_off;
}

bool kshim_in_hardirq(void)
{
	return kshim_cur == &kshim_hardirq_ctx;
}

bool kshim_in_softirq(void)
{
	return kshim_cur == &kshim_softirq_ctx;
}

bool kshim_in_atomic(void)
{
	return kshim_atomic_ctx();
}

/*
 * The check behind might_sleep() and every blocking primitive: reports a
 * failure in atomic context and returns whether the caller can block at all
 * (only a task can).
 */
bool kshim_sleep_ok(const char *what)
{
	struct kshim_ctx *c = kshim_cur;

	if (!kshim_atomic_ctx())
		return true;
	if (c->spin_depth) {
		struct kshim_held *h = &c->held[c->nheld];

		while (!(--h)->spin || h->skipped)
			;
		kshim_fail("sleeping function called from invalid context: %s in %s "
			   "while holding spinlock %s", what, c->name, lock_name(h->map));
	} else {
		kshim_fail("sleeping function called from invalid context: %s in %s%s", what,
			   c->name, c->irqs_off && kshim_cur_task() ? " with interrupts disabled" : "");
	}
	return kshim_cur_task() != NULL;
}

void kshim_might_sleep(const char *file, int line)
{
	char what[256];

	/* Every lock and wait passes here: name the site only for a failure. */
	if (!kshim_atomic_ctx())
		return;
	snprintf(what, sizeof(what), "might_sleep() at %s:%d", kshim_site(file), line);
	kshim_sleep_ok(what);
}

void kshim_lock_assert(const struct lockdep_map *map, enum kshim_assert_kind kind,
		       const char *file, int line)
{
	bool mine = map->owner && map->owner == kshim_cur;
	const char *what = NULL;

	if (kind == KSHIM_ASSERT_HELD && !mine)
		what = "lockdep_assert_held";
	else if (kind == KSHIM_ASSERT_NOT_HELD && mine)
		what = "lockdep_assert_not_held";
	else if (kind == KSHIM_ASSERT_LOCKED && !map->owner)
		what = "assert_spin_locked";
	if (what)
		kshim_fail("%s(%s) failed at %s:%d (held by %s)", what, lock_name(map),
			   kshim_site(file), line, map->owner ? map->owner->name : "nobody");
}

static void mutex_acquire(struct mutex *lock, const char *op)
{
	struct lockdep_map *map = &lock->dep_map;
	struct kshim_ctx *me = kshim_cur;

	lock_ready(map, op);
	if (!kshim_sleep_ok(op))
		return;
	if (map->owner == me) {
		kshim_fail("recursive %s of %s (deadlock)", op, lock_name(map));
		return;
	}
	while (map->owner) {
		if (!kshim_block(map, "mutex", lock_name(map), KSHIM_NO_DEADLINE))
			return;
	}
	map->owner = me;
	kshim_tsan_locked(map, 0);
	kshim_hb_acquire(map);
	push_held(me, map, false, false);
}

void mutex_lock(struct mutex *lock)
{
	mutex_acquire(lock, "mutex_lock");
}

int mutex_lock_interruptible(struct mutex *lock)
{
	mutex_acquire(lock, "mutex_lock_interruptible");
	return 0;
}

int mutex_lock_killable(struct mutex *lock)
{
	mutex_acquire(lock, "mutex_lock_killable");
	return 0;
}

int mutex_trylock(struct mutex *lock)
{
	struct lockdep_map *map = &lock->dep_map;

	lock_ready(map, "mutex_trylock");
	if (kshim_in_hardirq() || kshim_in_softirq())
		kshim_fail("mutex_trylock of %s in %s", lock_name(map), kshim_cur->name);
	if (map->owner)
		return 0;
	map->owner = kshim_cur;
	kshim_tsan_locked(map, __tsan_mutex_try_lock);
	kshim_hb_acquire(map);
	push_held(kshim_cur, map, false, false);
	return 1;
}

static KSHIM_COLD void release_unheld(const struct lockdep_map *map, const char *op)
{
	kshim_fail("%s of %s by %s, which does not hold it (held by %s)", op, lock_name(map),
		   kshim_cur->name, map->owner ? map->owner->name : "nobody");
}

static void release(struct lockdep_map *map, const char *op)
{
	struct kshim_held *h;

	lock_ready(map, op);
	h = find_held(kshim_cur, map);
	if (!h) {
		release_unheld(map, op);
		return;
	}
	kshim_hb_release(map);
	drop_held(kshim_cur, h);
}

void mutex_unlock(struct mutex *lock)
{
	release(&lock->dep_map, "mutex_unlock");
}

bool mutex_is_locked(struct mutex *lock)
{
	return lock->dep_map.owner != NULL;
}

void mutex_destroy(struct mutex *lock)
{
	if (lock->dep_map.owner)
		kshim_fail("mutex_destroy of %s while %s holds it", lock_name(&lock->dep_map),
			   lock->dep_map.owner->name);
	lock->dep_map.magic = NULL;
}

/* A spinlock that cannot be taken: reported, and held as skipped (never released). */
static KSHIM_COLD bool spin_refused(struct lockdep_map *map, const char *op)
{
	struct kshim_ctx *me = kshim_cur;

	if (map->owner == me)
		kshim_fail("recursive %s of %s (deadlock)", op, lock_name(map));
	else if (map->owner == kshim_irq_interrupted)
		kshim_fail("lock %s taken in %s handler while the interrupted code holds it",
			   lock_name(map), kshim_in_hardirq() ? "IRQ" : "timer");
	else
		kshim_fail("lock %s taken in %s handler while %s holds it",
			   lock_name(map), kshim_in_hardirq() ? "IRQ" : "timer",
			   map->owner->name);
	push_held(me, map, true, true);
	return false;
}

/* Acquires unless that would spin forever; returns false after a failure. */
static bool spin_acquire(struct lockdep_map *map, const char *op)
{
	struct kshim_ctx *me = kshim_cur;

	lock_ready(map, op);
	/* Threads: IRQs and timers run on their own threads, as on another CPU. */
	if (map->owner == me ||
	    (!KSHIM_THREADED && map->owner && (kshim_in_hardirq() || kshim_in_softirq())))
		return spin_refused(map, op);
	/* Fibers: held by a task that slept with it (already reported): wait for it. */
	while (map->owner)
		if (!kshim_block_spin(map, lock_name(map)))
			break;
	map->owner = me;
	kshim_tsan_locked(map, 0);
	kshim_hb_acquire(map);
	push_held(me, map, true, false);
	return true;
}

void spin_lock(spinlock_t *lock)
{
	/* The interrupted code now holds the lock: the IRQ rule of spinlock.h. */
	if (spin_acquire(&lock->dep_map, "spin_lock") && !kshim_cur->irqs_off)
		kshim_irq_deliver(kshim_cur);
}

int spin_trylock(spinlock_t *lock)
{
	lock_ready(&lock->dep_map, "spin_trylock");
	if (lock->dep_map.owner)
		return 0;
	return spin_acquire(&lock->dep_map, "spin_trylock");
}

void spin_unlock(spinlock_t *lock)
{
	release(&lock->dep_map, "spin_unlock");
}

unsigned long kshim_irq_save(void)
{
	unsigned long flags = kshim_cur->irqs_off;

	kshim_cur->irqs_off = true;
	return flags;
}

void kshim_irq_restore(unsigned long flags)
{
	if (kshim_cur != &kshim_hardirq_ctx)
		kshim_cur->irqs_off = flags != 0;
}

bool kshim_irqs_disabled(void)
{
	return kshim_cur->irqs_off;
}
