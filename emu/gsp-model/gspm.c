/* SPDX-License-Identifier: MIT */
/*
 * gsp-model shared core: configuration, the virtual clock, the seeded PRNG,
 * logging and protocol violations, DMA and IRQ plumbing, MMIO dispatch to
 * the hw and rm halves (model.h).  No global state: everything hangs off
 * struct gspm.
 */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model.h"
#include "rm_priv.h"

/* What an access to a register nobody models reads (a PRI error, as on HW). */
#define GSPM_PRI_ERROR		0xbadf5040u
#define GSPM_MAX_VIOLATIONS	4096u
/* A runaway half (deadline never moving) must not hang the host. */
#define GSPM_MAX_STEPS		1000000u

struct gspm {
	struct gspm_config cfg;
	struct gspm_host_ops ops;
	const struct gspm_release *rel;
	uint64_t now;
	uint64_t rng[4];		/* xoshiro256** */
	struct gspm_hw *hw;
	const bool *off_bus;		/* the hw half's flag (GSPM_FAULT_MMIO_DEAD) */
	struct gspm_rm *rm;
	int irq_level;			/* what the host was last told */
	char **violations;
	unsigned int n_violations;	/* stored */
	unsigned int n_violations_total;
	bool in_violation;
};

static uint64_t splitmix64(uint64_t *x)
{
	uint64_t z = (*x += 0x9e3779b97f4a7c15ull);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

static uint64_t rotl(uint64_t x, int k)
{
	return (x << k) | (x >> (64 - k));
}

uint64_t gspm_rand(struct gspm *m)
{
	uint64_t *s = m->rng;
	uint64_t r = rotl(s[1] * 5, 7) * 9;
	uint64_t t = s[1] << 17;

	s[2] ^= s[0];
	s[3] ^= s[1];
	s[1] ^= s[2];
	s[0] ^= s[3];
	s[2] ^= t;
	s[3] = rotl(s[3], 45);
	return r;
}

void gspm_reseed(struct gspm *m, uint64_t seed)
{
	uint64_t x = seed;

	for (int i = 0; i < 4; i++)
		m->rng[i] = splitmix64(&x);
	gspm_log(m, GSPM_LOG_INFO, "reseeded 0x%" PRIx64, seed);
}

uint64_t gspm_now(const struct gspm *m)
{
	return m->now;
}

const struct gspm_config *gspm_cfg(const struct gspm *m)
{
	return &m->cfg;
}

struct gspm_hw *gspm_hw_of(struct gspm *m)
{
	return m->hw;
}

struct gspm_rm *gspm_rm_of(struct gspm *m)
{
	return m->rm;
}

static void emit(struct gspm *m, enum gspm_log_level lvl, const char *msg)
{
	static const char *const tag[] = { "debug", "info", "VIOLATION", "ERROR" };
	char line[1200];

	snprintf(line, sizeof(line), "gspm[%" PRIu64 ".%03" PRIu64 "us] %s: %s",
		 m->now / 1000, m->now % 1000, tag[lvl], msg);
	if (m->ops.log)
		m->ops.log(m->ops.ctx, lvl, line);
	else if (lvl >= GSPM_LOG_VIOLATION)
		fprintf(stderr, "%s\n", line);
}

/* A protocol violation: counted, kept (the first GSPM_MAX_VIOLATIONS), fatal in strict mode. */
static void record_violation(struct gspm *m, const char *msg)
{
	m->n_violations_total++;
	if (m->n_violations < GSPM_MAX_VIOLATIONS) {
		char **v = realloc(m->violations, (m->n_violations + 1) * sizeof(*v));
		char *s = strdup(msg);

		if (v)
			m->violations = v;
		if (v && s)
			m->violations[m->n_violations++] = s;
		else
			free(s);
	}
	/* Strict mode: the first violation halts the firmware (DESIGN.md 7). */
	if (m->cfg.strict && m->rm && !m->in_violation) {
		m->in_violation = true;
		gspm_rm_die(m->rm);
		m->in_violation = false;
	}
}

void gspm_log(struct gspm *m, enum gspm_log_level lvl, const char *fmt, ...)
{
	char msg[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	emit(m, lvl, msg);
	if (lvl == GSPM_LOG_VIOLATION)
		record_violation(m, msg);
}

int gspm_dma_read(struct gspm *m, uint64_t addr, void *buf, size_t len, const char *what)
{
	if (m->ops.dma_read(m->ops.ctx, addr, buf, len) < 0) {
		gspm_violate(m, "DMA read of %s at 0x%" PRIx64 " (+0x%zx bytes) refused by the host",
			     what, addr, len);
		return -1;
	}
	return 0;
}

int gspm_dma_write(struct gspm *m, uint64_t addr, const void *buf, size_t len, const char *what)
{
	if (m->ops.dma_write(m->ops.ctx, addr, buf, len) < 0) {
		gspm_violate(m, "DMA write of %s at 0x%" PRIx64 " (+0x%zx bytes) refused by the host",
			     what, addr, len);
		return -1;
	}
	return 0;
}

void *gspm_dma_ptr(struct gspm *m, uint64_t addr, size_t len, const uint64_t **epoch)
{
	return m->ops.dma_ptr ? m->ops.dma_ptr(m->ops.ctx, addr, len, epoch) : NULL;
}

static void deliver_irq(struct gspm *m)
{
	int level;

	if (m->hw)
		hw_intr_sample(m->hw);
	level = m->hw && gspm_hw_irq_pending(m->hw) ? 1 : 0;

	if (level != m->irq_level) {
		m->irq_level = level;
		m->ops.set_irq(m->ops.ctx, level);
	}
}

/*
 * Every change of the GSP's causes or of the interrupt tree comes here: the
 * falcon's output is sampled (a rising edge latches the leaf, intr.c), and a
 * cleared leaf or enable lowers the line at once, as level-triggered hardware
 * does (otherwise the host sees a stale line right after its handler cleared
 * the leaf).  Raising waits for gspm_advance: never from inside an MMIO call.
 */
void gspm_update_irq(struct gspm *m)
{
	/* Every cause change is sampled, so edges are seen as they happen. */
	if (m->hw)
		hw_intr_sample(m->hw);
	if (m->irq_level && !(m->hw && gspm_hw_irq_pending(m->hw)))
		deliver_irq(m);
}

static int cfg_error(char *err, size_t errlen, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static int cfg_error(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	if (err && errlen) {
		va_start(ap, fmt);
		vsnprintf(err, errlen, fmt, ap);
		va_end(ap);
	}
	return -1;
}

struct gspm *gspm_create(const struct gspm_config *cfg,
			 const struct gspm_host_ops *ops,
			 char *err, size_t errlen)
{
	const struct gspm_release *rel;
	struct gspm *m;
	uint64_t x;

	if (err && errlen)
		err[0] = 0;
	if (!cfg) {
		cfg_error(err, errlen, "gspm_create: no configuration");
		return NULL;
	}
	if (!ops || !ops->dma_read || !ops->dma_write || !ops->set_irq) {
		cfg_error(err, errlen, "gspm_create: host ops must provide dma_read, dma_write and set_irq");
		return NULL;
	}
	if ((unsigned int)cfg->chip >= GSPM_CHIP_COUNT) {
		cfg_error(err, errlen, "gspm_create: unknown chip %d", (int)cfg->chip);
		return NULL;
	}
	if (!cfg->fw_release) {
		cfg_error(err, errlen, "gspm_create: fw_release is NULL");
		return NULL;
	}
	rel = gspm_release_find(cfg->fw_release);
	if (!rel) {
		char known[256] = "";

		for (size_t i = 0; gspm_releases[i]; i++) {
			strncat(known, i ? ", " : "", sizeof(known) - strlen(known) - 1);
			strncat(known, gspm_releases[i]->name, sizeof(known) - strlen(known) - 1);
		}
		cfg_error(err, errlen, "gspm_create: firmware release \"%s\" is not modelled (known: %s)",
			  cfg->fw_release, known);
		return NULL;
	}
	if (cfg->fb_size && (cfg->fb_size & 0xfffff)) {
		cfg_error(err, errlen, "gspm_create: fb_size 0x%" PRIx64 " is not a whole number of MiB",
			  cfg->fb_size);
		return NULL;
	}
	if (cfg->fb_size && cfg->fb_size < (256ull << 20)) {
		cfg_error(err, errlen, "gspm_create: fb_size 0x%" PRIx64 " is below the 256 MiB the WPR2 layout needs",
			  cfg->fb_size);
		return NULL;
	}

	m = calloc(1, sizeof(*m));
	if (!m) {
		cfg_error(err, errlen, "gspm_create: out of memory");
		return NULL;
	}
	m->cfg = *cfg;
	m->ops = *ops;
	m->rel = rel;
	x = cfg->seed;
	for (int i = 0; i < 4; i++)
		m->rng[i] = splitmix64(&x);

	m->hw = gspm_hw_create(m, err, errlen);
	if (!m->hw) {
		if (err && errlen && !err[0])
			cfg_error(err, errlen, "gspm_create: hw model creation failed");
		gspm_destroy(m);
		return NULL;
	}
	m->off_bus = gspm_hw_off_bus_flag(m->hw);
	m->rm = gspm_rm_create(m, err, errlen);
	if (!m->rm) {
		if (err && errlen && !err[0])
			cfg_error(err, errlen, "gspm_create: rm model creation failed");
		gspm_destroy(m);
		return NULL;
	}
	gspm_log(m, GSPM_LOG_INFO, "model created: chip %d, firmware %s, seed 0x%" PRIx64 "%s",
		 (int)cfg->chip, rel->name, cfg->seed, cfg->strict ? ", strict" : "");
	return m;
}

void gspm_destroy(struct gspm *m)
{
	if (!m)
		return;
	if (m->rm)
		gspm_rm_destroy(m->rm);
	if (m->hw)
		gspm_hw_destroy(m->hw);
	for (unsigned int i = 0; i < m->n_violations; i++)
		free(m->violations[i]);
	free(m->violations);
	free(m);
}

uint32_t gspm_mmio_read32(struct gspm *m, uint32_t offset)
{
	uint32_t v = 0;

	/* Off the bus (GSPM_FAULT_MMIO_DEAD): the root port completes reads with all-ones. */
	if (*m->off_bus)
		return UINT32_MAX;
	/*
	 * hw first, then rm (model.h).  The rm half's own scratch registers
	 * (the CPU sequencer's, rm_priv.h) go to rm directly so that a hw
	 * catch-all for the GSP falcon page cannot hide them.
	 */
	if (gspm_rm_owns_reg(offset) && gspm_rm_read(m->rm, offset, &v))
		return v;
	if (gspm_hw_read(m->hw, offset, &v))
		return v;
	if (gspm_rm_read(m->rm, offset, &v))
		return v;
	gspm_log(m, GSPM_LOG_INFO, "read of unmodelled register 0x%06x returns 0x%08x",
		 offset, GSPM_PRI_ERROR);
	return GSPM_PRI_ERROR;
}

void gspm_mmio_write32(struct gspm *m, uint32_t offset, uint32_t value)
{
	if (*m->off_bus)
		return;
	if (gspm_rm_owns_reg(offset) && gspm_rm_write(m->rm, offset, value))
		return;
	if (gspm_hw_write(m->hw, offset, value))
		return;
	if (gspm_rm_write(m->rm, offset, value))
		return;
	gspm_log(m, GSPM_LOG_INFO, "write 0x%08x to unmodelled register 0x%06x dropped",
		 value, offset);
}

void gspm_pci_identity(const struct gspm *m, struct gspm_pci_id *id)
{
	gspm_hw_pci_identity(m->hw, id);
}

static uint64_t min_deadline(const struct gspm *m)
{
	uint64_t a = gspm_hw_next_deadline(m->hw);
	uint64_t b = gspm_rm_next_deadline(m->rm);
	uint64_t c = rm_vgpu_next_deadline(m->rm, m->now);

	if (c < b)
		b = c;
	return a < b ? a : b;
}

void gspm_vf_msix(struct gspm *m, uint32_t vf, uint32_t vector)
{
	if (m->ops.vf_msix)
		m->ops.vf_msix(m->ops.ctx, (int)vf, vector);
	else
		gspm_log(m, GSPM_LOG_INFO, "VF %u MSI-X vector %u: the host takes no VF interrupts", vf, vector);
}

void gspm_advance(struct gspm *m, uint64_t now_ns)
{
	unsigned int steps = 0;
	bool at_now = false;	/* both halves already ran at now_ns, nothing due since */

	if (now_ns < m->now) {
		gspm_log(m, GSPM_LOG_ERROR, "advance to %" PRIu64 " ns is in the past (now %" PRIu64 ")",
			 now_ns, m->now);
		now_ns = m->now;
	}
	/* Run both halves deadline by deadline so cause precedes effect. */
	for (;;) {
		uint64_t t = min_deadline(m);

		if (t > now_ns)
			break;
		if (t > m->now)
			m->now = t;
		gspm_hw_advance(m->hw, m->now);
		gspm_rm_advance(m->rm, m->now);
		rm_vgpu_deliver(m->rm);
		at_now = m->now == now_ns;
		if (++steps >= GSPM_MAX_STEPS) {
			gspm_log(m, GSPM_LOG_ERROR, "advance: deadline stuck at %" PRIu64 " ns", t);
			break;
		}
	}
	m->now = now_ns;
	/*
	 * The usual advance is to a deadline the loop just ran at: nothing is
	 * due before the next one, and nothing outside the model ran since
	 * (an advance is one call), so a second pass at the same instant
	 * would find what the first left.
	 */
	if (!at_now) {
		gspm_hw_advance(m->hw, now_ns);
		gspm_rm_advance(m->rm, now_ns);
	}
	deliver_irq(m);
	rm_vgpu_deliver(m->rm);
}

uint64_t gspm_next_deadline(const struct gspm *m)
{
	return min_deadline(m);
}

uint32_t gspm_init_done_event(const struct gspm *m)
{
	return m->rel->ev_init_done;
}

unsigned int gspm_violation_count(const struct gspm *m)
{
	return m->n_violations;
}

const char *gspm_violation(const struct gspm *m, unsigned int i)
{
	return i < m->n_violations ? m->violations[i] : NULL;
}

static const char *fw_state_name(enum gspm_fw_state s)
{
	switch (s) {
	case GSPM_FW_OFF: return "off";
	case GSPM_FW_BOOTING: return "booting";
	case GSPM_FW_RUNNING: return "running";
	case GSPM_FW_UNLOADED: return "unloaded";
	case GSPM_FW_DEAD: return "dead";
	}
	return "?";
}

size_t gspm_describe(const struct gspm *m, char *buf, size_t len)
{
	size_t n = 0;
	int r;

	if (!buf || !len)
		return 0;
	buf[0] = 0;
	r = snprintf(buf, len, "gsp-model: chip %d firmware %s seed 0x%" PRIx64 " now %" PRIu64
		     " ns fw %s irq %d violations %u%s\n",
		     (int)m->cfg.chip, m->rel->name, m->cfg.seed, m->now,
		     fw_state_name(gspm_fw_state(m)), m->irq_level, m->n_violations_total,
		     m->cfg.strict ? " strict" : "");
	if (r > 0)
		n = (size_t)r < len ? (size_t)r : len - 1;
	for (unsigned int i = 0; i < m->n_violations && i < 8 && n < len - 1; i++) {
		r = snprintf(buf + n, len - n, "  violation %u: %s\n", i, m->violations[i]);
		if (r > 0)
			n += (size_t)r < len - n ? (size_t)r : len - n - 1;
	}
	if (n < len - 1)
		n += gspm_hw_describe(m->hw, buf + n, len - n);
	if (n < len - 1)
		n += gspm_rm_describe(m->rm, buf + n, len - n);
	return n;
}

void gspm_get_stats(const struct gspm *m, struct gspm_stats *st)
{
	gspm_rm_get_stats(m->rm, st);
	gspm_hw_get_stats(m->hw, st);
}

enum gspm_fw_state gspm_fw_state(const struct gspm *m)
{
	return gspm_rm_state(m->rm);
}

int gspm_queue_event(struct gspm *m, uint64_t at_ns, uint32_t function,
		     const void *payload, size_t len)
{
	return gspm_rm_queue_event(m->rm, at_ns, function, payload, len);
}

bool gspm_is_hw_fault(enum gspm_fault fault)
{
	switch (fault) {
	case GSPM_FAULT_FSP_ERROR:
	case GSPM_FAULT_FMC_ERROR:
	case GSPM_FAULT_LOCKDOWN_STUCK:
	case GSPM_FAULT_FSP_QUEUE_BUSY:
	case GSPM_FAULT_IRQ_DROP_EDGE:
	case GSPM_FAULT_IRQ_STORM:
	case GSPM_FAULT_GFW_STUCK:
	case GSPM_FAULT_FALCON_HANG:
	case GSPM_FAULT_RISCV_HANG:
		return true;
	default:
		return false;
	}
}

void gspm_inject(struct gspm *m, enum gspm_fault fault, uint32_t function,
		 uint64_t arg, unsigned int count)
{
	/* Boot-time and interrupt faults belong to the hardware half. */
	if (fault == GSPM_FAULT_IRQ_DROP_EDGE)
		gspm_hw_inject(m->hw, fault, count);
	else if (gspm_is_hw_fault(fault))
		gspm_hw_inject(m->hw, fault, arg);
	else
		gspm_rm_inject(m->rm, fault, function, arg, count);
}

void gspm_set_script(struct gspm *m, gspm_script_fn fn, void *ctx)
{
	gspm_rm_set_script(m->rm, fn, ctx);
}
