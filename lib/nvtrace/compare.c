// SPDX-License-Identifier: MIT
/* Compare the host records of two traces under the reference's rules (nvt_rules). */
#include <stdlib.h>
#include <string.h>

#include "compare.h"

/*
 * Registers whose written values are halves of bus addresses the host
 * allocated: the falcon mailbox pairs carry the WPR meta / LibOS args /
 * RMARGS addresses (docs/hw-fidelity.md, driver/core/regs.h).  Returns the
 * pair (0..2) and whether reg is its high half, or -1.
 */
static int address_pair(uint32_t reg, bool *hi)
{
	*hi = false;
	switch (reg) {
	case 0x00110044: *hi = true; /* fall through */
	case 0x00110040: return 0;	/* GSP FALCON_MAILBOX0/1 */
	case 0x00840044: *hi = true; /* fall through */
	case 0x00840040: return 1;	/* SEC2 FALCON_MAILBOX0/1 */
	case 0x00110808: *hi = true; /* fall through */
	case 0x00110804: return 2;	/* NV_PGSP_MAILBOX(0/1) */
	default: return -1;
	}
}

/* A one-to-one mapping recorded value -> replayed value. */
struct map {
	uint64_t *a, *b;
	size_t n, cap;
};

static bool map_ok(struct map *m, uint64_t a, uint64_t b)
{
	size_t i;

	for (i = 0; i < m->n; i++) {
		if (m->a[i] == a)
			return m->b[i] == b;
		if (m->b[i] == b)
			return false;	/* two recorded values onto one replayed value */
	}
	if (m->n == m->cap) {
		size_t cap = m->cap ? m->cap * 2 : 32;
		uint64_t *na = realloc(m->a, cap * sizeof(*na)), *nb;

		if (!na)
			return false;
		m->a = na;
		nb = realloc(m->b, cap * sizeof(*nb));
		if (!nb)
			return false;
		m->b = nb;
		m->cap = cap;
	}
	m->a[m->n] = a;
	m->b[m->n++] = b;
	return true;
}

struct rules {
	bool dma, handles, time;
	uint64_t window;
	struct nvt_rule *rules;		/* nvt_rules() of the reference */
	size_t nrules;
	struct map dma64, dma32, hmap;
	uint64_t *host_a, *host_b;	/* host allocations each trace shows (below) */
	size_t nhost, nhost_b;
	uint32_t lo_a[3], lo_b[3];	/* last low half written to each mailbox pair */
};

/*
 * The addresses a trace shows the host allocated: what it wrote into the
 * GSP and SEC2 mailbox pairs (LibOS args, WPR meta), in order.  A payload
 * word is excused as a remapped bus address only when it points at the same
 * offset (< 1 MiB) into the i-th such allocation in both runs, so a flipped
 * byte in an ordinary field is never taken for a remapped address.
 */
static size_t collect_host_addrs(const struct nvt_trace *t, uint64_t **out)
{
	uint32_t lo[3] = { 0 }, hi[3] = { 0 };
	uint64_t *v = calloc(t->n + 1, sizeof(uint64_t));
	size_t i, n = 0;
	bool high;
	int pair;

	*out = v;
	if (!v)
		return 0;
	for (i = 0; i < t->n; i++) {
		const struct nvt_record *x = &t->rec[i];

		/* The falcon mailbox pairs, not the sequencer's NV_PGSP_MAILBOX(i). */
		if (x->k != NVT_WR || (pair = address_pair(x->reg, &high)) < 0 || pair == 2)
			continue;
		if (!high)
			lo[pair] = x->val;
		else
			hi[pair] = x->val;
		if (high && (lo[pair] || hi[pair]))
			v[n++] = (uint64_t)hi[pair] << 32 | lo[pair];
	}
	return n;
}

static bool looks_remapped(const struct rules *r, uint64_t a, uint64_t b)
{
	size_t i;

	for (i = 0; i < r->nhost && i < r->nhost_b; i++)
		if (a >= r->host_a[i] && b >= r->host_b[i] && a - r->host_a[i] < (1u << 20) &&
		    a - r->host_a[i] == b - r->host_b[i])
			return true;
	return false;
}

static bool ignored(const struct rules *r, const struct nvt_record *x)
{
	return nvt_rules_ignore(r->rules, r->nrules, x);
}

static uint64_t le(const uint8_t *p, int n)
{
	uint64_t v = 0;

	while (n--)
		v = v << 8 | p[n];
	return v;
}

static bool is_handle(uint32_t v)
{
	return (v & 0xffff0000u) == 0xc1d00000u;
}

/* First payload offset the rules do not allow to differ, or -1. */
static long payload_diff(struct rules *r, const uint8_t *a, const uint8_t *b, size_t n)
{
	size_t o = 0;

	while (o < n) {
		size_t w8 = o & ~(size_t)7, w4 = o & ~(size_t)3;

		if (a[o] == b[o]) {
			o++;
			continue;
		}
		if (r->handles && w4 + 4 <= n && is_handle((uint32_t)le(a + w4, 4)) &&
		    is_handle((uint32_t)le(b + w4, 4)) &&
		    map_ok(&r->hmap, le(a + w4, 4), le(b + w4, 4))) {
			o = w4 + 4;
			continue;
		}
		if (r->dma && w8 + 8 <= n && looks_remapped(r, le(a + w8, 8), le(b + w8, 8)) &&
		    map_ok(&r->dma64, le(a + w8, 8), le(b + w8, 8))) {
			o = w8 + 8;
			continue;
		}
		return (long)o;
	}
	return -1;
}

static void hexwin(char *dst, size_t dlen, const uint8_t *p, size_t n, long off)
{
	size_t from = off >= 8 ? (size_t)off - 8 : 0, i, k = 0;

	dst[0] = 0;
	for (i = from; i < n && i < from + 24 && k + 4 < dlen; i++) {
		if ((long)i == off)
			dst[k++] = '[';
		k += snprintf(dst + k, dlen - k, "%02x", p[i]);
		if ((long)i == off && k + 1 < dlen)
			dst[k++] = ']';
		dst[k] = 0;
	}
}

#define SETF(d, f, ...)                                                       \
	do {                                                                  \
		snprintf((d)->field, sizeof((d)->field), "%s", f);            \
		__VA_ARGS__;                                                  \
	} while (0)

/*
 * dma-remap for a mailbox write: a low half maps one-to-one like any 32-bit
 * address; a high half is judged with the low half written before it, as the
 * 64-bit address the pair carries (an address below 4 GiB on one machine has
 * a zero high half that another machine's does not).
 */
static bool remapped_half(struct rules *r, const struct nvt_record *a, const struct nvt_record *b)
{
	bool hi;
	int pair = address_pair(a->reg, &hi);
	uint64_t x, y;

	if (!r->dma || pair < 0)
		return false;
	if (!hi)
		return a->val && b->val && map_ok(&r->dma32, a->val, b->val);
	x = (uint64_t)a->val << 32 | r->lo_a[pair];
	y = (uint64_t)b->val << 32 | r->lo_b[pair];
	return r->lo_a[pair] && r->lo_b[pair] && map_ok(&r->dma64, x, y);
}

/* Compare one pair; true if they match under the rules (else *d filled). */
static bool match(struct rules *r, const struct nvt_record *a, const struct nvt_record *b,
		  struct nvt_divergence *d)
{
	long off;
	bool hi;
	int pair;

	d->payload_off = -1;
	if (a->k != b->k) {
		SETF(d, "k", snprintf(d->a, sizeof(d->a), "%s", nvt_kind_name(a->k)),
		     snprintf(d->b, sizeof(d->b), "%s", nvt_kind_name(b->k)));
		return false;
	}
	switch (a->k) {
	case NVT_WR:
		if (a->reg != b->reg) {
			SETF(d, "reg", snprintf(d->a, sizeof(d->a), "0x%08x (%s)", a->reg, a->name ? a->name : ""),
			     snprintf(d->b, sizeof(d->b), "0x%08x (%s)", b->reg, b->name ? b->name : ""));
			return false;
		}
		if (a->val != b->val && !remapped_half(r, a, b)) {
			SETF(d, "val", snprintf(d->a, sizeof(d->a), "0x%08x", a->val),
			     snprintf(d->b, sizeof(d->b), "0x%08x", b->val));
			return false;
		}
		pair = address_pair(a->reg, &hi);
		if (pair >= 0 && !hi) {
			r->lo_a[pair] = a->val;
			r->lo_b[pair] = b->val;
		}
		break;
	case NVT_CMD:
		if (a->fn != b->fn) {
			SETF(d, "fn", snprintf(d->a, sizeof(d->a), "%u (%s)", a->fn, a->name ? a->name : ""),
			     snprintf(d->b, sizeof(d->b), "%u (%s)", b->fn, b->name ? b->name : ""));
			return false;
		}
		if (a->seq != b->seq) {
			SETF(d, "seq", snprintf(d->a, sizeof(d->a), "%u", a->seq),
			     snprintf(d->b, sizeof(d->b), "%u", b->seq));
			return false;
		}
		if (a->len != b->len) {
			SETF(d, "len", snprintf(d->a, sizeof(d->a), "%u", a->len),
			     snprintf(d->b, sizeof(d->b), "%u", b->len));
			return false;
		}
		off = payload_diff(r, a->payload, b->payload, a->len);
		if (off >= 0) {
			SETF(d, "payload", snprintf(d->a, sizeof(d->a), "0x%02x", a->payload[off]),
			     snprintf(d->b, sizeof(d->b), "0x%02x", b->payload[off]));
			d->payload_off = off;
			hexwin(d->window_a, sizeof(d->window_a), a->payload, a->len, off);
			hexwin(d->window_b, sizeof(d->window_b), b->payload, b->len, off);
			return false;
		}
		if (a->elems != b->elems) {
			SETF(d, "elems", snprintf(d->a, sizeof(d->a), "%u", a->elems),
			     snprintf(d->b, sizeof(d->b), "%u", b->elems));
			return false;
		}
		break;
	case NVT_STATE:
		if (strcmp(a->state, b->state)) {
			SETF(d, "state", snprintf(d->a, sizeof(d->a), "%s", a->state),
			     snprintf(d->b, sizeof(d->b), "%s", b->state));
			return false;
		}
		break;
	case NVT_ERR:
		if (strcmp(a->what, b->what) || strcmp(a->extra ? a->extra : "", b->extra ? b->extra : "")) {
			SETF(d, "what", snprintf(d->a, sizeof(d->a), "%s %s", a->what, a->extra ? a->extra : ""),
			     snprintf(d->b, sizeof(d->b), "%s %s", b->what, b->extra ? b->extra : ""));
			return false;
		}
		break;
	case NVT_DROP:
		if (a->count != b->count) {
			SETF(d, "count", snprintf(d->a, sizeof(d->a), "%llu", (unsigned long long)a->count),
			     snprintf(d->b, sizeof(d->b), "%llu", (unsigned long long)b->count));
			return false;
		}
		break;
	default:
		break;
	}
	if (r->time) {
		uint64_t dt = a->t > b->t ? a->t - b->t : b->t - a->t;

		if (dt > r->window) {
			SETF(d, "t", snprintf(d->a, sizeof(d->a), "%llu ns", (unsigned long long)a->t),
			     snprintf(d->b, sizeof(d->b), "%llu ns (window %llu ns)",
				      (unsigned long long)b->t, (unsigned long long)r->window));
			return false;
		}
	}
	return true;
}

void nvt_record_summary(const struct nvt_record *r, char *buf, size_t len)
{
	char *s = nvt_format_record(r);
	size_t n;

	if (!s) {
		snprintf(buf, len, "?");
		return;
	}
	n = strlen(s);
	if (n && s[n - 1] == '\n')
		s[--n] = 0;
	if (n > 150) {
		s[140] = 0;
		snprintf(buf, len, "%s...(%zu chars)", s, n);
	} else {
		snprintf(buf, len, "%s", s);
	}
	free(s);
}

static void print_context(FILE *f, const struct nvt_trace *t, const char *name, size_t at,
			  unsigned int context)
{
	size_t from = at > context ? at - context : 0, i;
	char buf[200];

	fprintf(f, "  %s, the %zu record(s) before:\n", name, at - from);
	for (i = from; i < at && i < t->n; i++) {
		nvt_record_summary(&t->rec[i], buf, sizeof(buf));
		fprintf(f, "    %5u  %s\n", t->rec[i].line, buf);
	}
}

void nvt_print_divergence(FILE *f, const struct nvt_trace *ref, const struct nvt_trace *got,
			  const char *got_name, const struct nvt_divergence *d,
			  unsigned int context)
{
	const struct nvt_record *ra = d->ia != NVT_NONE ? &ref->rec[d->ia] : NULL;
	const struct nvt_record *rb = d->ib != NVT_NONE ? &got->rec[d->ib] : NULL;
	const struct nvt_record *r = ra ? ra : rb;
	char buf[200];

	if (!got_name)
		got_name = got->file ? got->file : "replayed";
	fprintf(f, "divergence at %s:%u / %s:%u: %s %s", ref->file, d->line_a, got_name,
		d->line_b, r ? nvt_kind_name(r->k) : "?", d->field);
	if (r && r->k == NVT_CMD)
		fprintf(f, " (fn %u %s)", r->fn, r->name ? r->name : "");
	if (r && r->k == NVT_WR)
		fprintf(f, " (reg 0x%08x %s)", r->reg, r->name ? r->name : "");
	fprintf(f, "\n  trace:    %s\n  replayed: %s\n", d->a, d->b);
	if (d->payload_off >= 0)
		fprintf(f, "  payload byte %ld (0x%lx): trace %s | replayed %s\n", d->payload_off,
			d->payload_off, d->window_a, d->window_b);
	if (ra) {
		nvt_record_summary(ra, buf, sizeof(buf));
		fprintf(f, "  trace record    %5u  %s\n", ra->line, buf);
	}
	if (rb) {
		nvt_record_summary(rb, buf, sizeof(buf));
		fprintf(f, "  replayed record %5u  %s\n", rb->line, buf);
	}
	if (context) {
		print_context(f, ref, ref->file, ra ? d->ia : ref->n, context);
		print_context(f, got, got_name, rb ? d->ib : got->n, context);
	}
}

static size_t next_host(const struct nvt_trace *t, size_t i, const struct rules *r)
{
	while (i < t->n && (t->rec[i].d != 'h' || ignored(r, &t->rec[i])))
		i++;
	return i;
}

void nvt_cmp_list(struct nvt_cmp_result *res, const struct nvt_divergence *d)
{
	if (res->nlist < NVT_CMP_LISTED)
		res->list[res->nlist++] = *d;
}

int nvt_compare(const struct nvt_trace *ref, const struct nvt_trace *got,
		const struct nvt_cmp_opts *o, struct nvt_cmp_result *res)
{
	struct nvt_cmp_opts def = { .context = 5, .max_print = 10 };
	struct rules r = { 0 };
	size_t i = 0, j = 0, k;
	struct nvt_divergence d;

	if (!o)
		o = &def;
	memset(res, 0, sizeof(*res));
	r.rules = nvt_rules(&ref->h, &r.nrules);
	for (k = 0; k < r.nrules; k++) {
		const struct nvt_rule *t = &r.rules[k];

		if (t->rule == NVT_RULE_DMA_REMAP)
			r.dma = true;
		else if (t->rule == NVT_RULE_HANDLES)
			r.handles = true;
		else if (t->rule == NVT_RULE_TIME) {
			r.time = true;
			r.window = t->window_ns;
		}
	}
	if (r.dma) {
		r.nhost = collect_host_addrs(ref, &r.host_a);
		r.nhost_b = collect_host_addrs(got, &r.host_b);
	}
	for (;;) {
		bool end = false;

		i = next_host(ref, i, &r);
		j = next_host(got, j, &r);
		if (i >= ref->n && j >= got->n)
			break;
		memset(&d, 0, sizeof(d));
		d.payload_off = -1;
		d.ia = i < ref->n ? i : NVT_NONE;
		d.ib = j < got->n ? j : NVT_NONE;
		d.line_a = i < ref->n ? ref->rec[i].line : 0;
		d.line_b = j < got->n ? got->rec[j].line : 0;
		if (i >= ref->n || j >= got->n) {
			const struct nvt_record *x = i < ref->n ? &ref->rec[i] : &got->rec[j];
			char buf[200];

			nvt_record_summary(x, buf, sizeof(buf));
			snprintf(d.field, sizeof(d.field), "end");
			snprintf(i < ref->n ? d.a : d.b, sizeof(d.a), "%.150s", buf);
			snprintf(i < ref->n ? d.b : d.a, sizeof(d.a), "(no more host records)");
			end = true;
		} else {
			res->compared++;
			if (match(&r, &ref->rec[i], &got->rec[j], &d)) {
				i++;
				j++;
				continue;
			}
		}
		{
			const struct nvt_record *x = d.ia != NVT_NONE ? &ref->rec[d.ia] : &got->rec[d.ib];

			d.k = x->k;
			d.fn = (x->k == NVT_CMD || x->k == NVT_MSG) ? x->fn : 0;
			d.reg = (x->k == NVT_WR || x->k == NVT_RD) ? x->reg : 0;
		}
		if (!res->have_first) {
			res->first = d;
			res->have_first = true;
		}
		nvt_cmp_list(res, &d);
		if (o->out && (res->divergences < (o->max_print ? o->max_print : 10)))
			nvt_print_divergence(o->out, ref, got, o->got_name, &d,
					     res->divergences ? 0 : o->context);
		res->divergences++;
		if (!o->lenient || end)
			break;
		i++;
		j++;
	}
	free(r.dma64.a);
	free(r.dma64.b);
	free(r.dma32.a);
	free(r.dma32.b);
	free(r.hmap.a);
	free(r.hmap.b);
	free(r.host_a);
	free(r.host_b);
	free(r.rules);
	return res->have_first ? 1 : 0;
}
