// SPDX-License-Identifier: MIT
/*
 * Harness state: init/fini, the seeded PRNG, failures, the kernel log,
 * module registration, and the small kernel library helpers (printk,
 * WARN/BUG, kstrto*, ida, ratelimit; crc32 is crc32.c).
 */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <linux/err.h>
#include <linux/idr.h>
#include <linux/jiffies.h>
#include <linux/kernel.h>
#include <linux/moduleparam.h>
#include <linux/overflow.h>
#include <linux/random.h>

#include "internal.h"

#define LOG_CAP		(8u << 20)	/* oldest half dropped beyond this */
#define MAX_MODULES	16

KSHIM_TLS struct kshim_ctx *kshim_cur;
uint64_t kshim_now;
uint64_t kshim_progress;
unsigned long kshim_run_id = 1;	/* linux/once_lite.h */

static uint64_t seed;
static uint64_t prng[4];
static bool verbose;

static char **failures;
static unsigned int nfailures;

static char *log_buf;
static size_t log_len, log_size;

static struct modcall {
	const char *modname;
	int (*init)(void);
	void (*exit)(void);
	bool loaded;
} modules[MAX_MODULES];
static unsigned int nmodules;

void *kshim_xzalloc(size_t size)
{
	void *p = calloc(1, size ? size : 1);

	if (!p) {
		fprintf(stderr, "kshim: out of memory\n");
		abort();
	}
	return p;
}

char *kshim_xasprintf(const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	if (vasprintf(&s, fmt, ap) < 0) {
		fprintf(stderr, "kshim: out of memory\n");
		abort();
	}
	va_end(ap);
	return s;
}

/* Source paths as the build passes them ("../driver/x.c") without the "../". */
const char *kshim_site(const char *file)
{
	while (!strncmp(file, "../", 3) || !strncmp(file, "./", 2))
		file += file[1] == '/' ? 2 : 3;
	return file;
}

static uint64_t splitmix64(uint64_t *x)
{
	uint64_t z = (*x += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static uint64_t rotl(uint64_t x, int k)
{
	return (x << k) | (x >> (64 - k));
}

/* xoshiro256** */
uint64_t kshim_rand(void)
{
	uint64_t result = rotl(prng[1] * 5, 7) * 9;
	uint64_t t = prng[1] << 17;

	prng[2] ^= prng[0];
	prng[3] ^= prng[1];
	prng[1] ^= prng[2];
	prng[0] ^= prng[3];
	prng[2] ^= t;
	prng[3] = rotl(prng[3], 45);
	return result;
}

uint64_t kshim_seed(void)
{
	return seed;
}

void get_random_bytes(void *buf, size_t len)
{
	unsigned char *p = buf;

	while (len) {
		uint64_t r = kshim_rand();
		size_t n = len < sizeof(r) ? len : sizeof(r);

		memcpy(p, &r, n);
		p += n;
		len -= n;
	}
}

uint64_t kshim_now_ns(void)
{
	return kshim_now;
}

static void log_append(const char *s, size_t n)
{
	if (log_len + n + 1 > log_size) {
		/*
		 * From a page: a test case's log is a few KiB, and every byte
		 * of a fresh block is filled under meson's MALLOC_PERTURB_, its
		 * pages faulted in (docs/testing.md, "Speed").
		 */
		log_size = log_size ? log_size * 2 : 4096;
		while (log_len + n + 1 > log_size)
			log_size *= 2;
		log_buf = realloc(log_buf, log_size);
		if (!log_buf)
			abort();
	}
	memcpy(log_buf + log_len, s, n);
	log_len += n;
	log_buf[log_len] = '\0';
	if (verbose)
		fwrite(s, 1, n, stderr);
	if (log_len > LOG_CAP) {
		char *cut = strchr(log_buf + log_len / 2, '\n');
		size_t drop = cut ? (size_t)(cut + 1 - log_buf) : log_len;

		memmove(log_buf, log_buf + drop, log_len - drop + 1);
		log_len -= drop;
	}
}

/*
 * A string being formatted: on the caller's stack up to SB_INLINE bytes,
 * on the heap past that.  A log line used to be an open_memstream (a
 * calloc'd BUFSIZ buffer, filled twice under meson's MALLOC_PERTURB_) and
 * an asprintf: heap pages faulted in each test case for a few KiB of log
 * (docs/testing.md, "Speed").
 */
#define SB_INLINE	256

struct sbuf {
	char *p;
	size_t len, cap;
	char inline_buf[SB_INLINE];
};

static void sb_init(struct sbuf *b)
{
	b->p = b->inline_buf;
	b->len = 0;
	b->cap = sizeof(b->inline_buf);
	b->p[0] = '\0';
}

static void sb_free(struct sbuf *b)
{
	if (b->p != b->inline_buf)
		free(b->p);
}

static void sb_vprintf(struct sbuf *b, const char *fmt, va_list ap) __printf(2, 0);
static void sb_vprintf(struct sbuf *b, const char *fmt, va_list ap)
{
	va_list again;
	int n;

	va_copy(again, ap);
	n = vsnprintf(b->p + b->len, b->cap - b->len, fmt, ap);
	if (n < 0)
		abort();
	if (b->len + (size_t)n >= b->cap) {
		size_t cap = max(2 * b->cap, b->len + (size_t)n + 1);
		char *p = b->p == b->inline_buf ? malloc(cap) : realloc(b->p, cap);

		if (!p)
			abort();
		if (b->p == b->inline_buf)
			memcpy(p, b->inline_buf, b->len);
		b->p = p;
		b->cap = cap;
		vsnprintf(b->p + b->len, b->cap - b->len, fmt, again);
	}
	va_end(again);
	b->len += (size_t)n;
}

static void sb_printf(struct sbuf *b, const char *fmt, ...) __printf(2, 3);
static void sb_printf(struct sbuf *b, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	sb_vprintf(b, fmt, ap);
	va_end(ap);
}

static void sb_putc(struct sbuf *b, char c)
{
	if (b->len + 2 > b->cap) {
		sb_printf(b, "%c", c);
		return;
	}
	b->p[b->len++] = c;
	b->p[b->len] = '\0';
}

/*
 * The kernel's printf: libc's conversions plus the kernel's pointer
 * extensions the driver uses (Documentation/core-api/printk-formats.rst):
 * "%pe" prints an ERR_PTR's errno by name ("-ETIMEDOUT", the number when it
 * has none) and "%*ph" up to 64 bytes as space-separated hex ("00 01 ff").
 * Every other conversion goes to libc one at a time, with its own argument.
 */
static void print_errname(struct sbuf *f, const void *ptr)
{
	long err = PTR_ERR(ptr);
	const char *name = NULL;

	/* The kernel's own numbers, which libc does not know. */
	if (err == -EPROBE_DEFER)
		name = "EPROBE_DEFER";
	else if (err == -ENOTSUPP)
		name = "ENOTSUPP";
	else if (IS_ERR(ptr))
		name = strerrorname_np((int)-err);
	if (name)
		sb_printf(f, "-%s", name);
	else if (IS_ERR(ptr))
		sb_printf(f, "%ld", err);
	else
		sb_printf(f, "%p", ptr);
}

static void print_hex(struct sbuf *f, const u8 *p, int len)
{
	/* The kernel prints at most 64 bytes; a negative length is none. */
	for (int i = 0; i < min(len, 64); i++)
		sb_printf(f, i ? " %02x" : "%02x", p[i]);
}

static void kshim_vformat(struct sbuf *f, const char *fmt, va_list ap)
{
	while (*fmt) {
		char one[48], len[3] = "";
		size_t n = 0;
		int star = -1;		/* the '*' width's value, when there is one */

		if (*fmt != '%' || fmt[1] == '%') {
			sb_putc(f, *fmt);
			fmt += *fmt == '%' ? 2 : 1;
			continue;
		}
		/* The spec, its '*' replaced by the argument's value. */
		one[n++] = *fmt++;
		while (*fmt && strchr("-+ #0123456789.*", *fmt) && n < sizeof(one) - 16) {
			if (*fmt == '*') {
				star = va_arg(ap, int);
				n += (size_t)snprintf(one + n, sizeof(one) - n, "%d", star);
			} else {
				one[n++] = *fmt;
			}
			fmt++;
		}
		while (*fmt && strchr("hlzjt", *fmt) && strlen(len) < 2) {
			strncat(len, fmt, 1);
			one[n++] = *fmt++;
		}
		if (!*fmt) {
			kshim_fail("printk: format ends in a conversion");
			return;
		}
		if (fmt[0] == 'p' && fmt[1] == 'e') {
			print_errname(f, va_arg(ap, void *));
			fmt += 2;
			continue;
		}
		if (fmt[0] == 'p' && fmt[1] == 'h' && star >= 0) {
			print_hex(f, va_arg(ap, const u8 *), star);
			fmt += 2;
			continue;
		}
		one[n++] = *fmt;
		one[n] = '\0';
		/* One argument of the conversion's type; libc prints it. */
		if (strchr("diouxXc", *fmt)) {
			if (!strcmp(len, "ll") || !strcmp(len, "j"))
				sb_printf(f, one, va_arg(ap, long long));
			else if (len[0] == 'l' || len[0] == 'z' || len[0] == 't')
				sb_printf(f, one, va_arg(ap, long));
			else
				sb_printf(f, one, va_arg(ap, int));
		} else if (*fmt == 's' || *fmt == 'p') {
			sb_printf(f, one, va_arg(ap, void *));
		} else {
			kshim_fail("printk: unsupported conversion %s", one);
			return;
		}
		fmt++;
	}
}

/*
 * One log record: "[sssss.uuuuuu] <prefix><message>\n", the message up to
 * a NUL it may print (%c of 0), its newline added when it has none.
 */
void kshim_log_write(const char *prefix, const char *fmt, va_list ap)
{
	struct sbuf b;
	size_t head;

	sb_init(&b);
	sb_printf(&b, "[%5llu.%06llu] %s", (unsigned long long)(kshim_now / 1000000000ULL),
		  (unsigned long long)(kshim_now % 1000000000ULL / 1000), prefix);
	head = strlen(b.p);
	kshim_vformat(&b, fmt, ap);
	b.len = head + strlen(b.p + head);
	if (b.len == head || b.p[b.len - 1] != '\n')
		sb_putc(&b, '\n');
	log_append(b.p, b.len);
	sb_free(&b);
}

static void log_printf(const char *prefix, const char *fmt, ...) __printf(2, 3);
static void log_printf(const char *prefix, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	kshim_log_write(prefix, fmt, ap);
	va_end(ap);
}

bool kshim_log_contains(const char *needle)
{
	return log_buf && strstr(log_buf, needle);
}

size_t kshim_log_copy(char *buf, size_t len)
{
	if (len) {
		size_t n = log_len < len - 1 ? log_len : len - 1;

		memcpy(buf, log_buf ? log_buf : "", n);
		buf[n] = '\0';
	}
	return log_len;
}

void kshim_log_clear(void)
{
	log_len = 0;
	if (log_buf)
		log_buf[0] = '\0';
}

void kshim_vfail(const char *fmt, va_list ap)
{
	char *msg, *rec;

	if (vasprintf(&msg, fmt, ap) < 0)
		abort();
	rec = kshim_xasprintf("[%5llu.%06llu] %s: %s",
			      (unsigned long long)(kshim_now / 1000000000ULL),
			      (unsigned long long)(kshim_now % 1000000000ULL / 1000),
			      kshim_cur ? kshim_cur->name : "kshim", msg);
	free(msg);
	failures = realloc(failures, (nfailures + 1) * sizeof(*failures));
	if (!failures)
		abort();
	failures[nfailures++] = rec;
	/* The log has its own time prefix; skip the record's. */
	log_printf("kshim FAILURE: ", "%s", strchr(rec, ']') + 2);
}

void kshim_fail(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	kshim_vfail(fmt, ap);
	va_end(ap);
}

unsigned int kshim_failure_count(void)
{
	return nfailures;
}

const char *kshim_failure(unsigned int i)
{
	return i < nfailures ? failures[i] : NULL;
}

static void print_failures(void)
{
	fprintf(stderr, "kshim: %u failure(s), seed %llu\n", nfailures,
		(unsigned long long)seed);
	for (unsigned int i = 0; i < nfailures; i++)
		fprintf(stderr, "  %s\n", failures[i]);
}

void kshim_warn(const char *file, int line, const char *fmt, ...)
{
	char *msg;
	va_list ap;

	va_start(ap, fmt);
	if (vasprintf(&msg, fmt, ap) < 0)
		abort();
	va_end(ap);
	kshim_fail("WARNING at %s:%d: %s", kshim_site(file), line, msg);
	free(msg);
}

void kshim_bug(const char *file, int line, const char *what)
{
	kshim_fail("kernel BUG at %s:%d: %s", kshim_site(file), line, what);
	print_failures();
	abort();
}

int vprintk(const char *fmt, va_list args)
{
	/* The level prefix ("\0013") is not part of the line. */
	if (fmt[0] == KERN_SOH[0] && fmt[1])
		fmt += 2;
	kshim_log_write("", fmt, args);
	return 0;
}

int printk(const char *fmt, ...)
{
	va_list ap;
	int r;

	va_start(ap, fmt);
	r = vprintk(fmt, ap);
	va_end(ap);
	return r;
}

void kshim_register_module_init(const char *modname, int (*fn)(void))
{
	if (nmodules == MAX_MODULES)
		abort();
	modules[nmodules++] = (struct modcall){ .modname = modname, .init = fn };
}

void kshim_register_module_exit(const char *modname, void (*fn)(void))
{
	for (unsigned int i = 0; i < nmodules; i++) {
		if (!strcmp(modules[i].modname, modname)) {
			modules[i].exit = fn;
			return;
		}
	}
	/* module_exit() before module_init() in link order: keep its slot. */
	kshim_register_module_init(modname, NULL);
	modules[nmodules - 1].exit = fn;
}

/* Module parameters (linux/moduleparam.h). */
#define MAX_PARAMS	32

static struct modparam {
	const char *modname, *name;
	enum kshim_param_type type;
	void *var;
	union { char *charp; int i; unsigned int u; bool b; } dflt;
	char *owned;		/* kshim's copy of a charp value, or NULL */
} params[MAX_PARAMS];
static unsigned int nparams;

void kshim_register_param(const char *modname, const char *name, enum kshim_param_type type,
			  void *var)
{
	struct modparam *p;

	if (nparams == MAX_PARAMS)
		abort();
	p = &params[nparams++];
	*p = (struct modparam){ .modname = modname, .name = name, .type = type, .var = var };
	switch (type) {
	case KSHIM_PARAM_charp: p->dflt.charp = *(char **)var; break;
	case KSHIM_PARAM_int: p->dflt.i = *(int *)var; break;
	case KSHIM_PARAM_uint: p->dflt.u = *(unsigned int *)var; break;
	case KSHIM_PARAM_bool: p->dflt.b = *(bool *)var; break;
	}
}

int kshim_set_param(const char *modname, const char *name, const char *value)
{
	for (unsigned int i = 0; i < nparams; i++) {
		struct modparam *p = &params[i];
		char *end;
		long long v;

		if (strcmp(p->modname, modname) || strcmp(p->name, name))
			continue;
		if (p->type == KSHIM_PARAM_charp) {
			free(p->owned);
			p->owned = strdup(value);
			*(char **)p->var = p->owned;
			return 0;
		}
		if (p->type == KSHIM_PARAM_bool) {
			if (strcmp(value, "1") && strcmp(value, "0") && strcmp(value, "Y") &&
			    strcmp(value, "N"))
				return -EINVAL;
			*(bool *)p->var = value[0] == '1' || value[0] == 'Y';
			return 0;
		}
		errno = 0;
		v = strtoll(value, &end, 0);
		if (errno || end == value || *end)
			return -EINVAL;
		if (p->type == KSHIM_PARAM_int) {
			if (v < INT_MIN || v > INT_MAX)
				return -EINVAL;
			*(int *)p->var = (int)v;
		} else {
			if (v < 0 || v > UINT_MAX)
				return -EINVAL;
			*(unsigned int *)p->var = (unsigned int)v;
		}
		return 0;
	}
	return -ENOENT;
}

static void params_reset(void)
{
	for (unsigned int i = 0; i < nparams; i++) {
		struct modparam *p = &params[i];

		switch (p->type) {
		case KSHIM_PARAM_charp: *(char **)p->var = p->dflt.charp; break;
		case KSHIM_PARAM_int: *(int *)p->var = p->dflt.i; break;
		case KSHIM_PARAM_uint: *(unsigned int *)p->var = p->dflt.u; break;
		case KSHIM_PARAM_bool: *(bool *)p->var = p->dflt.b; break;
		}
		free(p->owned);
		p->owned = NULL;
	}
}

int kshim_load_modules(void)
{
	for (unsigned int i = 0; i < nmodules; i++) {
		int err = 0;

		if (modules[i].init)
			kshim_callout(err = modules[i].init());

		if (err) {
			log_printf("", "kshim: module %s: init failed: %d", modules[i].modname, err);
			return err;
		}
		modules[i].loaded = true;
	}
	return 0;
}

void kshim_unload_modules(void)
{
	for (unsigned int i = nmodules; i-- > 0;) {
		if (!modules[i].loaded)
			continue;
		if (modules[i].exit)
			kshim_callout(modules[i].exit());
		modules[i].loaded = false;
	}
}

void kshim_init(uint64_t s)
{
	uint64_t x = s;
	const char *v = getenv("KSHIM_VERBOSE");

	verbose = v && !strcmp(v, "1");
	kshim_run_id++;
	seed = s;
	for (int i = 0; i < 4; i++)
		prng[i] = splitmix64(&x);
	kshim_now = 0;
	kshim_progress = 0;
	kshim_log_clear();
	for (unsigned int i = 0; i < nfailures; i++)
		free(failures[i]);
	free(failures);
	failures = NULL;
	nfailures = 0;
	for (unsigned int i = 0; i < nmodules; i++)
		modules[i].loaded = false;
	kshim_sched_init();
	kshim_irq_init();
	kshim_work_init();
	log_printf("", "kshim: seed %llu", (unsigned long long)seed);
}

void kshim_reseed(uint64_t s)
{
	uint64_t x = s;

	seed = s;
	for (int i = 0; i < 4; i++)
		prng[i] = splitmix64(&x);
	log_printf("", "kshim: reseeded %llu", (unsigned long long)seed);
}

unsigned int kshim_fini(void)
{
	/* Let queued work, timers due now and woken tasks finish first. */
	kshim_settle();
	for (unsigned int i = 0; i < nmodules; i++)
		if (modules[i].loaded)
			kshim_fail("module %s still loaded at kshim_fini", modules[i].modname);
	kshim_pci_fini();
	kshim_bus_fini();
	kshim_debugfs_fini();
	kshim_irq_fini();
	kshim_work_fini();
	kshim_timers_fini();
	kshim_sched_fini();
	kshim_mem_fini();
	params_reset();
	if (nfailures)
		print_failures();
	return nfailures;
}

/* Kernel library helpers. */

int vscnprintf(char *buf, size_t size, const char *fmt, va_list args)
{
	struct sbuf b;
	size_t n;

	if (!size)
		return 0;
	sb_init(&b);
	kshim_vformat(&b, fmt, args);
	n = min(strlen(b.p), size - 1);
	memcpy(buf, b.p, n);
	buf[n] = '\0';
	sb_free(&b);
	return (int)n;
}

int scnprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vscnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}

ssize_t strscpy(char *dst, const char *src, size_t size)
{
	size_t len = strnlen(src, size);

	if (!size)
		return -E2BIG;
	if (len == size) {
		memcpy(dst, src, size - 1);
		dst[size - 1] = '\0';
		return -E2BIG;
	}
	memcpy(dst, src, len + 1);
	return (ssize_t)len;
}

/*
 * The kernel's rules: optional '+', "0x" for base 16 or 0, "0" means octal
 * for base 0, one trailing newline allowed, nothing else.
 */
int kstrtoull(const char *s, unsigned int base, unsigned long long *res)
{
	unsigned long long v = 0;
	const char *p;

	if (*s == '+')
		s++;
	if ((base == 0 || base == 16) && s[0] == '0' && tolower((unsigned char)s[1]) == 'x' &&
	    isxdigit((unsigned char)s[2])) {
		s += 2;
		base = 16;
	} else if (base == 0) {
		base = s[0] == '0' ? 8 : 10;
	}
	for (p = s; *p; p++) {
		unsigned int d;

		if (isdigit((unsigned char)*p))
			d = (unsigned int)(*p - '0');
		else if (isalpha((unsigned char)*p))
			d = (unsigned int)(tolower((unsigned char)*p) - 'a' + 10);
		else
			break;
		if (d >= base)
			break;
		if (check_mul_overflow(v, (unsigned long long)base, &v) ||
		    check_add_overflow(v, (unsigned long long)d, &v))
			return -ERANGE;
	}
	if (p == s || (p[0] == '\n' ? p[1] != '\0' : p[0] != '\0'))
		return -EINVAL;
	*res = v;
	return 0;
}

int kstrtoll(const char *s, unsigned int base, long long *res)
{
	unsigned long long v;
	bool neg = s[0] == '-';
	int err = kstrtoull(s + neg, base, &v);

	if (err)
		return err;
	if (neg ? v > (unsigned long long)LLONG_MAX + 1 : v > LLONG_MAX)
		return -ERANGE;
	*res = neg ? (long long)(0 - v) : (long long)v;
	return 0;
}

int kstrtoul(const char *s, unsigned int base, unsigned long *res)
{
	unsigned long long v;
	int err = kstrtoull(s, base, &v);

	if (!err)
		*res = v;
	return err;
}

int kstrtouint(const char *s, unsigned int base, unsigned int *res)
{
	unsigned long long v;
	int err = kstrtoull(s, base, &v);

	if (err)
		return err;
	if (v > UINT_MAX)
		return -ERANGE;
	*res = (unsigned int)v;
	return 0;
}

int kstrtoint(const char *s, unsigned int base, int *res)
{
	long long v;
	int err = kstrtoll(s, base, &v);

	if (err)
		return err;
	if (v < INT_MIN || v > INT_MAX)
		return -ERANGE;
	*res = (int)v;
	return 0;
}

int kstrtobool(const char *s, bool *res)
{
	if (!s)
		return -EINVAL;
	switch (tolower((unsigned char)s[0])) {
	case 'y': case 't': case '1':
		*res = true;
		return 0;
	case 'n': case 'f': case '0':
		*res = false;
		return 0;
	case 'o':
		if (tolower((unsigned char)s[1]) == 'n' || tolower((unsigned char)s[1]) == 'f') {
			*res = tolower((unsigned char)s[1]) == 'n';
			return 0;
		}
		break;
	}
	return -EINVAL;
}

int ___ratelimit(struct ratelimit_state *rs, const char *func)
{
	if (rs->interval <= 0)
		return 1;
	if (rs->kshim_run != kshim_run_id) {
		/* Set in an earlier run, whose clock was another: fresh, as at boot. */
		rs->kshim_run = kshim_run_id;
		rs->begin = 0;
		rs->printed = 0;
		rs->missed = 0;
	}
	if (!rs->begin || time_after(jiffies, rs->begin + (unsigned long)rs->interval)) {
		if (rs->missed)
			printk(KERN_WARNING "%s: %d callbacks suppressed\n", func, rs->missed);
		rs->begin = jiffies;
		rs->printed = 0;
		rs->missed = 0;
	}
	if (rs->burst && rs->burst > rs->printed) {
		rs->printed++;
		return 1;
	}
	rs->missed++;
	return 0;
}

int ida_alloc_range(struct ida *ida, unsigned int min, unsigned int max, gfp_t gfp)
{
	unsigned int id;

	if (max > INT_MAX)
		max = INT_MAX;
	if (min > max)
		return -ENOSPC;
	for (id = min; id < ida->nbits && test_bit(id, ida->bits); id++)
		;
	if (id > max)
		return -ENOSPC;
	if (id >= ida->nbits) {
		unsigned int nbits = max_t(unsigned int, BITS_PER_LONG,
					   roundup_pow_of_two(id + 1));
		unsigned long *bits = realloc(ida->bits, BITS_TO_LONGS(nbits) * sizeof(long));

		if (!bits)
			return -ENOMEM;
		memset(bits + BITS_TO_LONGS(ida->nbits), 0,
		       (BITS_TO_LONGS(nbits) - BITS_TO_LONGS(ida->nbits)) * sizeof(long));
		ida->bits = bits;
		ida->nbits = nbits;
	}
	set_bit(id, ida->bits);
	return (int)id;
}

void ida_free(struct ida *ida, unsigned int id)
{
	if (id >= ida->nbits || !test_and_clear_bit(id, ida->bits))
		kshim_fail("ida_free called for id=%u which is not allocated", id);
}

void ida_destroy(struct ida *ida)
{
	free(ida->bits);
	ida_init(ida);
}

bool ida_is_empty(const struct ida *ida)
{
	for (unsigned int i = 0; i < BITS_TO_LONGS(ida->nbits); i++)
		if (ida->bits[i])
			return false;
	return true;
}
