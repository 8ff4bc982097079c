// SPDX-License-Identifier: MIT
/* nvtrace v1 loader and writer (docs/trace-format.md). */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <jansson.h>

#include "nvtrace.h"
#include "regs.h"

static const char *const kind_names[NVT_NKINDS] = {
	[NVT_WR] = "wr", [NVT_RD] = "rd", [NVT_CMD] = "cmd", [NVT_MSG] = "msg",
	[NVT_IRQ] = "irq", [NVT_STATE] = "state", [NVT_ERR] = "err", [NVT_DROP] = "drop",
};
static const char kind_dirs[NVT_NKINDS] = {
	[NVT_WR] = 'h', [NVT_RD] = 'g', [NVT_CMD] = 'h', [NVT_MSG] = 'g',
	[NVT_IRQ] = 'g', [NVT_STATE] = 'h', [NVT_ERR] = 'h', [NVT_DROP] = 'h',
};

const char *nvt_kind_name(enum nvt_kind k)
{
	return (unsigned int)k < NVT_NKINDS ? kind_names[k] : NULL;
}

int nvt_kind_parse(const char *name)
{
	int i;

	for (i = 0; i < NVT_NKINDS; i++)
		if (!strcmp(name, kind_names[i]))
			return i;
	return -1;
}

char nvt_kind_dir(enum nvt_kind k)
{
	return (unsigned int)k < NVT_NKINDS ? kind_dirs[k] : '?';
}

static char *xstrdup(const char *s)
{
	return s ? strdup(s) : NULL;
}

/* ---- hex ---- */

static int hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

int nvt_hex_decode(const char *hex, uint8_t **out, size_t *len)
{
	size_t n = strlen(hex), i;
	uint8_t *p;

	*out = NULL;
	*len = 0;
	if (n % 2)
		return -1;
	if (!n)
		return 0;
	p = malloc(n / 2);
	if (!p)
		return -1;
	for (i = 0; i < n / 2; i++) {
		int hi = hexval((unsigned char)hex[2 * i]), lo = hexval((unsigned char)hex[2 * i + 1]);

		if (hi < 0 || lo < 0) {
			free(p);
			return -1;
		}
		p[i] = (uint8_t)(hi << 4 | lo);
	}
	*out = p;
	*len = n / 2;
	return 0;
}

char *nvt_hex_encode(const uint8_t *p, size_t len)
{
	static const char dig[] = "0123456789abcdef";
	char *s = malloc(2 * len + 1);
	size_t i;

	if (!s)
		return NULL;
	for (i = 0; i < len; i++) {
		s[2 * i] = dig[p[i] >> 4];
		s[2 * i + 1] = dig[p[i] & 15];
	}
	s[2 * len] = 0;
	return s;
}

/* ---- loading ---- */

struct ctx {
	const char *file;
	unsigned int line;
	char *err;
	size_t errlen;
};

static void fail(struct ctx *c, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (!c->errlen)
		return;
	n = snprintf(c->err, c->errlen, "%s:%u: ", c->file, c->line);
	if (n < 0 || (size_t)n >= c->errlen)
		return;
	va_start(ap, fmt);
	vsnprintf(c->err + n, c->errlen - n, fmt, ap);
	va_end(ap);
}

/* A number written as a hex string ("0x1f") or, tolerated, a JSON integer. */
static int get_hex(struct ctx *c, json_t *o, const char *what, const char *key,
		   uint64_t *v, uint64_t max)
{
	json_t *j = json_object_get(o, key);
	const char *s;
	char *end;

	if (!j) {
		fail(c, "%s: missing field \"%s\"", what, key);
		return -1;
	}
	if (json_is_integer(j) && json_integer_value(j) >= 0) {
		*v = (uint64_t)json_integer_value(j);
	} else if (json_is_string(j)) {
		s = json_string_value(j);
		if (strncmp(s, "0x", 2) && strncmp(s, "0X", 2)) {
			fail(c, "%s: field \"%s\": bad hex \"%s\" (want \"0x...\")", what, key, s);
			return -1;
		}
		errno = 0;
		*v = strtoull(s + 2, &end, 16);
		if (!s[2] || *end || errno || hexval((unsigned char)s[2]) < 0) {
			fail(c, "%s: field \"%s\": bad hex \"%s\"", what, key, s);
			return -1;
		}
	} else {
		fail(c, "%s: field \"%s\": want a hex string", what, key);
		return -1;
	}
	if (*v > max) {
		fail(c, "%s: field \"%s\": 0x%llx out of range", what, key, (unsigned long long)*v);
		return -1;
	}
	return 0;
}

static int get_u32hex(struct ctx *c, json_t *o, const char *what, const char *key, uint32_t *v)
{
	uint64_t x;

	if (get_hex(c, o, what, key, &x, UINT32_MAX))
		return -1;
	*v = (uint32_t)x;
	return 0;
}

static int get_int(struct ctx *c, json_t *o, const char *what, const char *key,
		   uint64_t *v, uint64_t max)
{
	json_t *j = json_object_get(o, key);

	if (!j) {
		fail(c, "%s: missing field \"%s\"", what, key);
		return -1;
	}
	if (!json_is_integer(j) || json_integer_value(j) < 0 ||
	    (uint64_t)json_integer_value(j) > max) {
		fail(c, "%s: field \"%s\": want an integer 0..%llu", what, key,
		     (unsigned long long)max);
		return -1;
	}
	*v = (uint64_t)json_integer_value(j);
	return 0;
}

static int get_u32(struct ctx *c, json_t *o, const char *what, const char *key, uint32_t *v)
{
	uint64_t x;

	if (get_int(c, o, what, key, &x, UINT32_MAX))
		return -1;
	*v = (uint32_t)x;
	return 0;
}

static int get_str(struct ctx *c, json_t *o, const char *what, const char *key,
		   char **v, bool optional)
{
	json_t *j = json_object_get(o, key);

	*v = NULL;
	if (!j) {
		if (optional)
			return 0;
		fail(c, "%s: missing field \"%s\"", what, key);
		return -1;
	}
	if (!json_is_string(j)) {
		fail(c, "%s: field \"%s\": want a string", what, key);
		return -1;
	}
	*v = strdup(json_string_value(j));
	return *v ? 0 : -1;
}

static int parse_rule(struct ctx *c, json_t *j, struct nvt_rule *r)
{
	const char *name;
	json_t *x;
	uint64_t v;

	memset(r, 0, sizeof(*r));
	r->k = -1;
	if (!json_is_object(j) || !json_is_string(json_object_get(j, "rule"))) {
		fail(c, "header: tolerate: each rule is {\"rule\":NAME,...}");
		return -1;
	}
	name = json_string_value(json_object_get(j, "rule"));
	if (!strcmp(name, "dma-remap")) {
		r->rule = NVT_RULE_DMA_REMAP;
	} else if (!strcmp(name, "handles")) {
		r->rule = NVT_RULE_HANDLES;
	} else if (!strcmp(name, "time")) {
		r->rule = NVT_RULE_TIME;
		if (get_int(c, j, "header: tolerate time", "window_ns", &r->window_ns, INT64_MAX))
			return -1;
	} else if (!strcmp(name, "ignore")) {
		r->rule = NVT_RULE_IGNORE;
		x = json_object_get(j, "k");
		if (!json_is_string(x) || (r->k = nvt_kind_parse(json_string_value(x))) < 0) {
			fail(c, "header: tolerate ignore: \"k\" must name a record kind");
			return -1;
		}
		if (json_object_get(j, "reg")) {
			if (get_hex(c, j, "header: tolerate ignore", "reg", &v, UINT32_MAX))
				return -1;
			r->has_reg = true;
			r->reg = (uint32_t)v;
		}
		if (json_object_get(j, "fn")) {
			x = json_object_get(j, "fn");
			if (json_is_integer(x)) {
				if (get_int(c, j, "header: tolerate ignore", "fn", &v, UINT32_MAX))
					return -1;
			} else if (get_hex(c, j, "header: tolerate ignore", "fn", &v, UINT32_MAX)) {
				return -1;
			}
			r->has_fn = true;
			r->fn = (uint32_t)v;
		}
	} else {
		fail(c, "header: tolerate: unknown rule \"%s\"", name);
		return -1;
	}
	return 0;
}

/*
 * What replay tolerates by default, per source.  An emulated run is
 * deterministic up to bus addresses and handles, and its times match within
 * a window.  On real hardware (or in a VM) time is not reproducible, and how
 * many interrupts carry the firmware's messages depends on timing, so times
 * are not compared and neither are the GSP's interrupt acknowledgements.
 * A field trace is assembled from a report (gsptrace import): only its
 * author knows what may differ, so its header says it.
 */
static const struct nvt_rule emulated_rules[] = {
	{ .rule = NVT_RULE_DMA_REMAP },
	{ .rule = NVT_RULE_TIME, .window_ns = 50000000 },
	{ .rule = NVT_RULE_HANDLES },
};
static const struct nvt_rule hardware_rules[] = {
	{ .rule = NVT_RULE_DMA_REMAP },
	{ .rule = NVT_RULE_HANDLES },
	{ .rule = NVT_RULE_IGNORE, .k = NVT_WR, .has_reg = true, .reg = NV_PGSP_FALCON_IRQSCLR },
	/* The interrupt handler's IRQSTAT reads, as many as interrupts: the model answers them. */
	{ .rule = NVT_RULE_IGNORE, .k = NVT_RD, .has_reg = true, .reg = NV_PGSP_FALCON_IRQSTAT },
};

int nvt_source_rules(const char *source, const struct nvt_rule **rules, size_t *n)
{
	*rules = NULL;
	*n = 0;
	if (!source)
		return -1;
	if (!strcmp(source, "emulated")) {
		*rules = emulated_rules;
		*n = sizeof(emulated_rules) / sizeof(emulated_rules[0]);
	} else if (!strcmp(source, "hardware")) {
		*rules = hardware_rules;
		*n = sizeof(hardware_rules) / sizeof(hardware_rules[0]);
	} else if (strncmp(source, "field:", 6)) {
		return -1;
	}
	return 0;
}

bool nvt_rules_ignore(const struct nvt_rule *rules, size_t n, const struct nvt_record *x)
{
	size_t i;

	for (i = 0; i < n; i++) {
		const struct nvt_rule *t = &rules[i];

		if (t->rule != NVT_RULE_IGNORE || t->k != (int)x->k)
			continue;
		if (t->has_reg && (!(x->k == NVT_WR || x->k == NVT_RD) || x->reg != t->reg))
			continue;
		if (t->has_fn && (!(x->k == NVT_CMD || x->k == NVT_MSG) || x->fn != t->fn))
			continue;
		return true;
	}
	return false;
}

struct nvt_rule *nvt_rules(const struct nvt_header *h, size_t *n)
{
	const struct nvt_rule *def;
	struct nvt_rule *r;
	size_t ndef;

	nvt_source_rules(h->source, &def, &ndef);
	*n = 0;
	r = calloc(ndef + h->ntolerate + 1, sizeof(*r));
	if (!r)
		return NULL;
	if (ndef)
		memcpy(r, def, ndef * sizeof(*r));
	if (h->ntolerate)
		memcpy(r + ndef, h->tolerate, h->ntolerate * sizeof(*r));
	*n = ndef + h->ntolerate;
	return r;
}

/* An optional array of strings o[key] into a NULL-terminated *v of *n. */
static int get_strs(struct ctx *c, json_t *o, const char *what, const char *key, char ***v,
		    size_t *n)
{
	json_t *x = json_object_get(o, key);
	size_t i;

	if (!x)
		return 0;
	if (!json_is_array(x)) {
		fail(c, "%s must be an array of strings", what);
		return -1;
	}
	*n = json_array_size(x);
	*v = calloc(*n + 1, sizeof(char *));
	if (!*v)
		return -1;
	for (i = 0; i < *n; i++) {
		if (!json_is_string(json_array_get(x, i))) {
			fail(c, "%s must be an array of strings", what);
			return -1;
		}
		(*v)[i] = strdup(json_string_value(json_array_get(x, i)));
	}
	return 0;
}

static int parse_header(struct ctx *c, json_t *o, struct nvt_header *h)
{
	const struct nvt_rule *def;
	json_t *j, *pci;
	size_t i;

	j = json_object_get(o, "nvtrace");
	if (!j) {
		fail(c, "not an nvtrace header (no \"nvtrace\" version field)");
		return -1;
	}
	if (!json_is_integer(j)) {
		fail(c, "header: \"nvtrace\" must be an integer version");
		return -1;
	}
	if (json_integer_value(j) != NVT_VERSION) {
		fail(c, "unknown nvtrace version %lld (this reader knows %d)",
		     (long long)json_integer_value(j), NVT_VERSION);
		return -1;
	}
	h->version = NVT_VERSION;
	if (get_str(c, o, "header", "chip", &h->chip, false) ||
	    get_str(c, o, "header", "release", &h->release, false) ||
	    get_str(c, o, "header", "driver", &h->driver, false) ||
	    get_str(c, o, "header", "source", &h->source, false) ||
	    get_str(c, o, "header", "scenario", &h->scenario, true) ||
	    get_str(c, o, "header", "fault", &h->fault, true))
		return -1;
	if (nvt_source_rules(h->source, &def, &i)) {
		fail(c, "header: unknown source \"%s\" (emulated, hardware or field:<URL>)",
		     h->source);
		return -1;
	}
	if (json_object_get(o, "seed")) {
		if (get_hex(c, o, "header", "seed", &h->seed, UINT64_MAX))
			return -1;
		h->has_seed = true;
	}
	pci = json_object_get(o, "pci");
	if (!json_is_object(pci)) {
		fail(c, "header: missing field \"pci\" (an object)");
		return -1;
	}
	if (get_str(c, pci, "header pci", "vendor", &h->pci_vendor, false) ||
	    get_str(c, pci, "header pci", "device", &h->pci_device, false) ||
	    get_str(c, pci, "header pci", "subsystem", &h->pci_subsystem, true) ||
	    get_str(c, pci, "header pci", "revision", &h->pci_revision, true) ||
	    get_str(c, pci, "header pci", "bdf", &h->pci_bdf, true))
		return -1;
	j = json_object_get(pci, "bar");
	if (j) {
		if (!json_is_array(j) || json_array_size(j) != 6) {
			fail(c, "header pci: \"bar\" must be an array of 6 bus addresses");
			return -1;
		}
		for (i = 0; i < 6; i++) {
			const char *b = json_string_value(json_array_get(j, i));
			char *end;

			errno = 0;
			if (!b || strncmp(b, "0x", 2) || !b[2] ||
			    (h->pci_bar[i] = strtoull(b + 2, &end, 16), *end) || errno) {
				fail(c, "header pci: bar[%zu]: bad hex \"%s\"", i, b ? b : "(not a string)");
				return -1;
			}
		}
		h->has_bar = true;
	}
	j = json_object_get(o, "tolerate");
	if (j && !json_is_array(j)) {
		fail(c, "header: \"tolerate\" must be an array of rules");
		return -1;
	}
	h->ntolerate = json_array_size(j);
	h->tolerate = calloc(h->ntolerate + 1, sizeof(*h->tolerate));
	if (!h->tolerate)
		return -1;
	for (i = 0; i < h->ntolerate; i++)
		if (parse_rule(c, json_array_get(j, i), &h->tolerate[i]))
			return -1;
	j = json_object_get(o, "expect");
	if (j) {
		if (!json_is_object(j)) {
			fail(c, "header: \"expect\" must be an object");
			return -1;
		}
		h->has_expect = true;
		if (get_str(c, j, "header expect", "probe", &h->expect_probe, true))
			return -1;
		if (get_strs(c, j, "header: expect: \"log\"", "log", &h->expect_log, &h->nexpect_log))
			return -1;
	}
	if (get_strs(c, o, "header: \"params\"", "params", &h->params, &h->nparams))
		return -1;
	for (i = 0; i < h->nparams; i++) {
		const char *dot = strchr(h->params[i], '.'), *eq = strchr(h->params[i], '=');

		if (!dot || !eq || dot == h->params[i] || eq < dot + 2) {
			fail(c, "header: params[%zu]: \"%s\" is no \"module.parameter=value\"", i,
			     h->params[i]);
			return -1;
		}
	}
	return 0;
}

static int parse_payload(struct ctx *c, json_t *o, const char *what, struct nvt_record *r)
{
	char *hex;
	size_t n;

	if (get_str(c, o, what, "payload", &hex, false))
		return -1;
	if (nvt_hex_decode(hex, &r->payload, &n)) {
		fail(c, "%s: field \"payload\": bad hex", what);
		free(hex);
		return -1;
	}
	free(hex);
	if (n != r->len) {
		fail(c, "%s: payload has %zu bytes but \"len\" says %u", what, n, r->len);
		return -1;
	}
	return 0;
}

static int parse_record(struct ctx *c, json_t *o, struct nvt_record *r)
{
	const char *ks, *ds, *key;
	json_t *j, *v, *extra;
	uint64_t x;
	int k;

	if (get_int(c, o, "record", "t", &r->t, INT64_MAX))
		return -1;
	j = json_object_get(o, "k");
	if (!json_is_string(j)) {
		fail(c, "record: missing field \"k\"");
		return -1;
	}
	ks = json_string_value(j);
	k = nvt_kind_parse(ks);
	if (k < 0) {
		fail(c, "unknown record kind \"%s\"", ks);
		return -1;
	}
	r->k = k;
	j = json_object_get(o, "d");
	if (!json_is_string(j)) {
		fail(c, "%s: missing field \"d\"", ks);
		return -1;
	}
	ds = json_string_value(j);
	if (strlen(ds) != 1 || ds[0] != nvt_kind_dir(k)) {
		fail(c, "%s: direction \"%s\" (a %s record is always \"%c\")", ks, ds, ks,
		     nvt_kind_dir(k));
		return -1;
	}
	r->d = ds[0];
	switch (r->k) {
	case NVT_WR:
	case NVT_RD:
		if (get_u32hex(c, o, ks, "reg", &r->reg) || get_u32hex(c, o, ks, "val", &r->val) ||
		    get_str(c, o, ks, "name", &r->name, true))
			return -1;
		r->n = 1;
		if (r->k == NVT_RD && json_object_get(o, "n")) {
			if (get_int(c, o, ks, "n", &r->n, INT64_MAX))
				return -1;
			if (!r->n) {
				fail(c, "%s: field \"n\": want an integer 1..%llu", ks,
				     (unsigned long long)INT64_MAX);
				return -1;
			}
		}
		break;
	case NVT_MSG:
		if (get_u32hex(c, o, ks, "result", &r->result))
			return -1;
		/* fallthrough */
	case NVT_CMD:
		if (get_u32(c, o, ks, "seq", &r->seq) || get_u32(c, o, ks, "fn", &r->fn) ||
		    get_u32(c, o, ks, "len", &r->len) || get_u32(c, o, ks, "elems", &r->elems) ||
		    get_str(c, o, ks, "name", &r->name, true) || parse_payload(c, o, ks, r))
			return -1;
		break;
	case NVT_IRQ:
		if (get_u32hex(c, o, ks, "stat", &r->stat))
			return -1;
		break;
	case NVT_STATE:
		if (get_str(c, o, ks, "state", &r->state, false))
			return -1;
		break;
	case NVT_ERR:
		if (get_str(c, o, ks, "what", &r->what, false))
			return -1;
		extra = json_object();
		json_object_foreach(o, key, v) {
			if (strcmp(key, "t") && strcmp(key, "k") && strcmp(key, "d") &&
			    strcmp(key, "what"))
				json_object_set(extra, key, v);
		}
		r->extra = json_dumps(extra, JSON_COMPACT | JSON_PRESERVE_ORDER);
		json_decref(extra);
		if (!r->extra)
			return -1;
		break;
	case NVT_DROP:
		if (get_int(c, o, ks, "count", &x, INT64_MAX))
			return -1;
		r->count = x;
		break;
	default:
		break;
	}
	return 0;
}

static void free_record(struct nvt_record *r)
{
	free(r->name);
	free(r->payload);
	free(r->state);
	free(r->what);
	free(r->extra);
}

static void free_header(struct nvt_header *h)
{
	size_t i;

	free(h->chip);
	free(h->pci_vendor);
	free(h->pci_device);
	free(h->pci_subsystem);
	free(h->pci_revision);
	free(h->pci_bdf);
	free(h->release);
	free(h->driver);
	free(h->source);
	free(h->tolerate);
	free(h->scenario);
	free(h->fault);
	free(h->expect_probe);
	for (i = 0; i < h->nexpect_log; i++)
		free(h->expect_log[i]);
	free(h->expect_log);
	for (i = 0; i < h->nparams; i++)
		free(h->params[i]);
	free(h->params);
}

void nvt_free(struct nvt_trace *t)
{
	size_t i;

	if (!t)
		return;
	for (i = 0; i < t->n; i++)
		free_record(&t->rec[i]);
	free(t->rec);
	free_header(&t->h);
	free(t->file);
	free(t);
}

struct nvt_trace *nvt_new(void)
{
	struct nvt_trace *t = calloc(1, sizeof(*t));

	if (t)
		t->h.version = NVT_VERSION;
	return t;
}

static int grow(struct nvt_trace *t)
{
	size_t cap;
	struct nvt_record *p;

	if (t->n < t->cap)
		return 0;
	cap = t->cap ? t->cap * 2 : 64;
	p = realloc(t->rec, cap * sizeof(*p));
	if (!p)
		return -1;
	t->rec = p;
	t->cap = cap;
	return 0;
}

static int copy_record(struct nvt_record *dst, const struct nvt_record *r)
{
	*dst = *r;
	dst->name = xstrdup(r->name);
	dst->state = xstrdup(r->state);
	dst->what = xstrdup(r->what);
	dst->extra = xstrdup(r->extra);
	dst->payload = NULL;
	if (r->payload && r->len) {
		dst->payload = malloc(r->len);
		if (!dst->payload)
			return -1;
		memcpy(dst->payload, r->payload, r->len);
	}
	return 0;
}

struct nvt_record *nvt_append(struct nvt_trace *t, const struct nvt_record *r)
{
	if (grow(t))
		return NULL;
	if (copy_record(&t->rec[t->n], r))
		return NULL;
	return &t->rec[t->n++];
}

void nvt_remove(struct nvt_trace *t, size_t i, size_t count)
{
	size_t j;

	if (i >= t->n)
		return;
	if (count > t->n - i)
		count = t->n - i;
	for (j = i; j < i + count; j++)
		free_record(&t->rec[j]);
	memmove(&t->rec[i], &t->rec[i + count], (t->n - i - count) * sizeof(*t->rec));
	t->n -= count;
}

struct nvt_trace *nvt_dup(const struct nvt_trace *t)
{
	struct nvt_trace *c = nvt_new();
	const struct nvt_header *s = &t->h;
	struct nvt_header *h;
	size_t i;

	if (!c)
		return NULL;
	h = &c->h;
	c->file = xstrdup(t->file);
	*h = *s;
	h->chip = xstrdup(s->chip);
	h->pci_vendor = xstrdup(s->pci_vendor);
	h->pci_device = xstrdup(s->pci_device);
	h->pci_subsystem = xstrdup(s->pci_subsystem);
	h->pci_revision = xstrdup(s->pci_revision);
	h->pci_bdf = xstrdup(s->pci_bdf);
	h->release = xstrdup(s->release);
	h->driver = xstrdup(s->driver);
	h->source = xstrdup(s->source);
	h->scenario = xstrdup(s->scenario);
	h->fault = xstrdup(s->fault);
	h->expect_probe = xstrdup(s->expect_probe);
	h->tolerate = calloc(s->ntolerate + 1, sizeof(*h->tolerate));
	if (s->ntolerate)
		memcpy(h->tolerate, s->tolerate, s->ntolerate * sizeof(*h->tolerate));
	h->expect_log = NULL;
	if (s->nexpect_log) {
		h->expect_log = calloc(s->nexpect_log + 1, sizeof(char *));
		for (i = 0; i < s->nexpect_log; i++)
			h->expect_log[i] = xstrdup(s->expect_log[i]);
	}
	h->params = NULL;
	if (s->nparams) {
		h->params = calloc(s->nparams + 1, sizeof(char *));
		for (i = 0; i < s->nparams; i++)
			h->params[i] = xstrdup(s->params[i]);
	}
	for (i = 0; i < t->n; i++)
		if (!nvt_append(c, &t->rec[i])) {
			nvt_free(c);
			return NULL;
		}
	return c;
}

/* Parse one line (without its '\n'); 0, or -1 with err set. */
static int load_line(struct ctx *c, struct nvt_trace *t, const char *s, size_t n)
{
	json_error_t je;
	json_t *o;
	struct nvt_record r;
	int ret;

	if (n > NVT_MAX_LINE) {
		fail(c, "line longer than 1 MiB");
		return -1;
	}
	o = json_loadb(s, n, JSON_DECODE_ANY, &je);
	if (!o) {
		fail(c, "bad JSON: %s (column %d)", je.text, je.column);
		return -1;
	}
	if (!json_is_object(o)) {
		fail(c, "bad JSON: a line must be one object");
		json_decref(o);
		return -1;
	}
	if (c->line == 1) {
		ret = parse_header(c, o, &t->h);
		json_decref(o);
		return ret;
	}
	memset(&r, 0, sizeof(r));
	r.line = c->line;
	ret = parse_record(c, o, &r);
	json_decref(o);
	if (!ret && t->n && r.t < t->rec[t->n - 1].t) {
		fail(c, "non-monotonic time: t=%llu after t=%llu on line %u",
		     (unsigned long long)r.t, (unsigned long long)t->rec[t->n - 1].t,
		     t->rec[t->n - 1].line);
		ret = -1;
	}
	if (!ret && grow(t))
		ret = -1;
	if (ret) {
		free_record(&r);
		return -1;
	}
	t->rec[t->n++] = r;
	return 0;
}

struct nvt_trace *nvt_load_mem(const char *name, const char *buf, size_t len,
			       char *err, size_t errlen)
{
	struct ctx c = { .file = name, .err = err, .errlen = errlen };
	struct nvt_trace *t = nvt_new();
	size_t pos = 0;

	if (errlen)
		err[0] = 0;
	if (!t)
		return NULL;
	t->file = strdup(name);
	while (pos < len) {
		const char *nl = memchr(buf + pos, '\n', len - pos);
		size_t n = nl ? (size_t)(nl - (buf + pos)) : len - pos;

		c.line++;
		if (n == 0 && !nl)
			break;
		if (n == 0) {
			fail(&c, "empty line");
			goto bad;
		}
		if (load_line(&c, t, buf + pos, n))
			goto bad;
		pos += n + (nl ? 1 : 0);
	}
	if (c.line == 0) {
		c.line = 1;
		fail(&c, "empty file (no header)");
		goto bad;
	}
	return t;
bad:
	nvt_free(t);
	return NULL;
}

struct nvt_trace *nvt_load(const char *path, char *err, size_t errlen)
{
	struct nvt_trace *t;
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	size_t len = 0, cap = 0, n, first = 1 << 20;
	struct stat st;

	if (!f) {
		snprintf(err, errlen, "%s:0: cannot open: %s", path, strerror(errno));
		return NULL;
	}
	/* A file's own size (and the room the loop wants), not a fixed MiB: with
	 * MALLOC_PERTURB_ (meson test) glibc fills every byte of the block, a
	 * page fault per 4 KiB, for each trace loaded (docs/testing.md, "Speed"). */
	if (fstat(fileno(f), &st) == 0 && S_ISREG(st.st_mode))
		first = (size_t)st.st_size + 65536;
	for (;;) {
		if (cap - len < 65536) {
			char *p = realloc(buf, cap = cap ? cap * 2 : first);

			if (!p) {
				free(buf);
				fclose(f);
				snprintf(err, errlen, "%s:0: out of memory", path);
				return NULL;
			}
			buf = p;
		}
		n = fread(buf + len, 1, cap - len, f);
		len += n;
		if (n == 0)
			break;
	}
	if (ferror(f)) {
		snprintf(err, errlen, "%s:0: read error", path);
		fclose(f);
		free(buf);
		return NULL;
	}
	fclose(f);
	t = nvt_load_mem(path, buf, len, err, errlen);
	free(buf);
	return t;
}

/* ---- writing ---- */

static json_t *hexstr(uint32_t v)
{
	char b[16];

	snprintf(b, sizeof(b), "0x%08x", v);
	return json_string(b);
}

static char *dump_line(json_t *o)
{
	char *s = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_ENSURE_ASCII);
	char *l;
	size_t n;

	json_decref(o);
	if (!s)
		return NULL;
	n = strlen(s);
	l = realloc(s, n + 2);
	if (!l) {
		free(s);
		return NULL;
	}
	l[n] = '\n';
	l[n + 1] = 0;
	return l;
}

static json_t *sstr(const char *s)
{
	return json_string(s ? s : "");
}

char *nvt_format_header(const struct nvt_header *h)
{
	json_t *o = json_object(), *pci = json_object(), *tol = json_array(), *r;
	char b[32];
	size_t i;

	json_object_set_new(o, "nvtrace", json_integer(h->version ? h->version : NVT_VERSION));
	json_object_set_new(o, "chip", sstr(h->chip));
	json_object_set_new(pci, "vendor", sstr(h->pci_vendor));
	json_object_set_new(pci, "device", sstr(h->pci_device));
	if (h->pci_subsystem)
		json_object_set_new(pci, "subsystem", sstr(h->pci_subsystem));
	if (h->pci_revision)
		json_object_set_new(pci, "revision", sstr(h->pci_revision));
	if (h->pci_bdf)
		json_object_set_new(pci, "bdf", sstr(h->pci_bdf));
	if (h->has_bar) {
		json_t *bars = json_array();

		for (i = 0; i < 6; i++) {
			snprintf(b, sizeof(b), "0x%llx", (unsigned long long)h->pci_bar[i]);
			json_array_append_new(bars, json_string(b));
		}
		json_object_set_new(pci, "bar", bars);
	}
	json_object_set_new(o, "pci", pci);
	json_object_set_new(o, "release", sstr(h->release));
	json_object_set_new(o, "driver", sstr(h->driver));
	if (h->has_seed) {
		snprintf(b, sizeof(b), "0x%llx", (unsigned long long)h->seed);
		json_object_set_new(o, "seed", json_string(b));
	}
	json_object_set_new(o, "source", sstr(h->source));
	for (i = 0; i < h->ntolerate; i++) {
		const struct nvt_rule *t = &h->tolerate[i];

		r = json_object();
		switch (t->rule) {
		case NVT_RULE_DMA_REMAP:
			json_object_set_new(r, "rule", json_string("dma-remap"));
			break;
		case NVT_RULE_TIME:
			json_object_set_new(r, "rule", json_string("time"));
			json_object_set_new(r, "window_ns", json_integer((json_int_t)t->window_ns));
			break;
		case NVT_RULE_HANDLES:
			json_object_set_new(r, "rule", json_string("handles"));
			break;
		case NVT_RULE_IGNORE:
			json_object_set_new(r, "rule", json_string("ignore"));
			json_object_set_new(r, "k", sstr(nvt_kind_name(t->k)));
			if (t->has_reg)
				json_object_set_new(r, "reg", hexstr(t->reg));
			if (t->has_fn)
				json_object_set_new(r, "fn", json_integer(t->fn));
			break;
		}
		json_array_append_new(tol, r);
	}
	if (h->ntolerate)
		json_object_set_new(o, "tolerate", tol);
	else
		json_decref(tol);
	if (h->scenario)
		json_object_set_new(o, "scenario", json_string(h->scenario));
	if (h->nparams) {
		json_t *a = json_array();

		for (i = 0; i < h->nparams; i++)
			json_array_append_new(a, sstr(h->params[i]));
		json_object_set_new(o, "params", a);
	}
	if (h->fault)
		json_object_set_new(o, "fault", json_string(h->fault));
	if (h->has_expect) {
		json_t *e = json_object();

		if (h->expect_probe)
			json_object_set_new(e, "probe", json_string(h->expect_probe));
		if (h->nexpect_log) {
			json_t *a = json_array();

			for (i = 0; i < h->nexpect_log; i++)
				json_array_append_new(a, sstr(h->expect_log[i]));
			json_object_set_new(e, "log", a);
		}
		json_object_set_new(o, "expect", e);
	}
	return dump_line(o);
}

char *nvt_format_record(const struct nvt_record *r)
{
	json_t *o = json_object();
	char d[2] = { nvt_kind_dir(r->k), 0 };
	char *hex;

	json_object_set_new(o, "t", json_integer((json_int_t)r->t));
	json_object_set_new(o, "k", sstr(nvt_kind_name(r->k)));
	json_object_set_new(o, "d", json_string(d));
	switch (r->k) {
	case NVT_WR:
	case NVT_RD:
		json_object_set_new(o, "reg", hexstr(r->reg));
		json_object_set_new(o, "name", sstr(r->name));
		json_object_set_new(o, "val", hexstr(r->val));
		if (r->k == NVT_RD && r->n > 1)
			json_object_set_new(o, "n", json_integer((json_int_t)r->n));
		break;
	case NVT_CMD:
	case NVT_MSG:
		json_object_set_new(o, "seq", json_integer(r->seq));
		json_object_set_new(o, "fn", json_integer(r->fn));
		json_object_set_new(o, "name", sstr(r->name));
		if (r->k == NVT_MSG)
			json_object_set_new(o, "result", hexstr(r->result));
		json_object_set_new(o, "len", json_integer(r->len));
		json_object_set_new(o, "elems", json_integer(r->elems));
		hex = nvt_hex_encode(r->payload ? r->payload : (const uint8_t *)"", r->payload ? r->len : 0);
		json_object_set_new(o, "payload", sstr(hex));
		free(hex);
		break;
	case NVT_IRQ:
		json_object_set_new(o, "stat", hexstr(r->stat));
		break;
	case NVT_STATE:
		json_object_set_new(o, "state", sstr(r->state));
		break;
	case NVT_ERR: {
		json_t *x = r->extra ? json_loads(r->extra, 0, NULL) : NULL;
		const char *key;
		json_t *v;

		json_object_set_new(o, "what", sstr(r->what));
		if (json_is_object(x))
			json_object_foreach(x, key, v)
				json_object_set(o, key, v);
		json_decref(x);
		break;
	}
	case NVT_DROP:
		json_object_set_new(o, "count", json_integer((json_int_t)r->count));
		break;
	default:
		break;
	}
	return dump_line(o);
}

int nvt_write(const struct nvt_trace *t, FILE *f)
{
	char *s = nvt_format_header(&t->h);
	size_t i;

	if (!s || fputs(s, f) < 0) {
		free(s);
		return -1;
	}
	free(s);
	for (i = 0; i < t->n; i++) {
		s = nvt_format_record(&t->rec[i]);
		if (!s || fputs(s, f) < 0) {
			free(s);
			return -1;
		}
		free(s);
	}
	return fflush(f) ? -1 : 0;
}

int nvt_write_file(const struct nvt_trace *t, const char *path)
{
	FILE *f = fopen(path, "wb");
	int ret;

	if (!f)
		return -1;
	ret = nvt_write(t, f);
	if (fclose(f))
		ret = -1;
	return ret;
}
