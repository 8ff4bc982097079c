// SPDX-License-Identifier: MIT
/*
 * nvlog: the GSP RPC failures of an NVIDIA driver kernel log (nvlog.h).
 *
 * Layouts (facts from NVIDIA/open-gpu-kernel-modules, MIT; see
 * docs/trace-format.md "From a customer's log" for the tags read):
 *  - Xid line, gpu/rc/kernel_rc.c krcReportXid:
 *    "Xid (PCI:%04x:%02x:%02x): %d, [pid=%s, name=%s, ]%s";
 *  - the timeout text inside it, gpu/gsp/kernel_gsp.c _kgspLogXid119
 *    (_kgspLogRpcTimeout from 595): "... Expected function %d (%s)
 *    [sequence %u ](0x%x 0x%x)." in every wording from 525.47 on;
 *  - kgspLogRpcDebugInfo (535.129.03+): "GPU%d GSP RPC buffer contains
 *    function %d (%s) [sequence %u ]and data 0x%016llx 0x%016llx.",
 *    "GPU%d RPC history (CPU -> GSP):", "GPU%d RPC event history (CPU <-
 *    GSP):", a header line, rows from _kgspLogRpcHistoryEntry
 *    "%c%-4d %-4d %-21.21s [%10u ]0x%016llx 0x%016llx 0x%016llx 0x%016llx
 *    %6llu%cs %c" (the duration blank when ts_end <= ts_start);
 *  - the old table (525.47-535.113.01): "RPC history (CPU -> GSP[%d]):",
 *    header "entry func data", rows "%c%-2d %2d %-22s 0x%08x 0x%08x";
 *  - _kgspBootGspRm "unexpected WPR2 already up"; the rate-limit notice.
 */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "nvlog.h"

#define LINE_MAX_LEN 4096

struct parser {
	struct nvlog *l;
	const char *file;
	unsigned int line;
	char *err;
	size_t errlen;
	/* the dump being read: its GPU (an index: l->gpus moves as it grows) and
	 * whether that GPU's last failure is still open */
	long cur_gpu;
	bool cur;
	unsigned int banner;		/* line of a "GSP Timeout/Failure" banner not yet given a GPU */
	/* the table being read */
	enum { TAB_NONE, TAB_HEADER, TAB_ROWS } tab;
	enum nvlog_table tab_kind;
	bool tab_old, tab_seq, tab_nvcore;
	unsigned int tab_line;
	int tab_next;			/* the entry the next row should have */
};

static void *grow(void *p, size_t n, size_t size)
{
	void *q = realloc(p, n * size);

	if (!q) {
		fprintf(stderr, "nvlog: out of memory\n");
		exit(1);
	}
	return q;
}

static int fail(struct parser *p, const char *fmt, ...)
{
	va_list ap;
	int n = snprintf(p->err, p->errlen, "%s:%u: ", p->file, p->line);

	va_start(ap, fmt);
	vsnprintf(p->err + n, p->errlen - n, fmt, ap);
	va_end(ap);
	return -1;
}

static void skip(struct parser *p, const char *fmt, ...)
{
	struct nvlog *l = p->l;
	struct nvlog_note *n;
	va_list ap;

	l->skips = grow(l->skips, l->nskips + 1, sizeof(*l->skips));
	n = &l->skips[l->nskips++];
	n->line = p->line;
	va_start(ap, fmt);
	vsnprintf(n->text, sizeof(n->text), fmt, ap);
	va_end(ap);
}

static void layout(struct parser *p, const char *what)
{
	if (p->l->layout[0])
		return;
	snprintf(p->l->layout, sizeof(p->l->layout), "%s", what);
	p->l->layout_line = p->line;
}

static struct nvlog_gpu *gpu_get(struct nvlog *l, const char *bdf, int index)
{
	struct nvlog_gpu *g;
	size_t i;

	for (i = 0; i < l->ngpus; i++) {
		g = &l->gpus[i];
		if ((bdf && !strcmp(g->bdf, bdf)) || (!bdf && g->index == index))
			return g;
	}
	l->gpus = grow(l->gpus, l->ngpus + 1, sizeof(*l->gpus));
	g = &l->gpus[l->ngpus++];
	memset(g, 0, sizeof(*g));
	snprintf(g->bdf, sizeof(g->bdf), "%s", bdf ? bdf : "");
	g->index = bdf ? -1 : index;
	return g;
}

static struct nvlog_fail *fail_new(struct nvlog_gpu *g, enum nvlog_fail_kind k,
			       unsigned int line, double when, const char *text)
{
	struct nvlog_fail *f;

	g->fails = grow(g->fails, g->nfails + 1, sizeof(*g->fails));
	f = &g->fails[g->nfails++];
	memset(f, 0, sizeof(*f));
	f->kind = k;
	f->line = line;
	f->when = when;
	snprintf(f->text, sizeof(f->text), "%s", text);
	return f;
}

/* The GPU a "GPU%d" dump line belongs to: the open dump's (linking its Xid's PCI address to n). */
static struct nvlog_gpu *gpu_of_index(struct parser *p, int n)
{
	struct nvlog_gpu *g = p->cur_gpu >= 0 ? &p->l->gpus[p->cur_gpu] : NULL;
	size_t i;

	if (g && g->index < 0) {
		for (i = 0; i < p->l->ngpus; i++)
			if (p->l->gpus[i].index == n)
				break;
		if (i == p->l->ngpus) {
			g->index = n;
			return g;
		}
	}
	if (g && g->index == n)
		return g;
	return gpu_get(p->l, NULL, n);
}

/* The failure a dump line (buffer, table) of GPU n fills. */
static struct nvlog_fail *dump_fail(struct parser *p, int n, double when)
{
	struct nvlog_gpu *g = gpu_of_index(p, n);
	unsigned int at = p->banner ? p->banner : p->line;
	struct nvlog_fail *f;

	if (p->cur && &p->l->gpus[p->cur_gpu] == g)
		return &g->fails[g->nfails - 1];
	p->cur_gpu = g - p->l->gpus;
	p->cur = true;
	f = fail_new(g, NVLOG_RPC_TIMEOUT, at, when,
		     p->banner ? "GSP Timeout dump (its Xid line is not in the log)"
			       : "RPC history (no banner or Xid line before it in the log)");
	p->banner = 0;
	return f;
}

/* "Expected function %d (%s) [sequence %u ](0x%x 0x%x)." */
static int parse_expected(const char *s, struct nvlog_fail *f)
{
	unsigned long long d0, d1;
	int n = 0;

	if (sscanf(s, "Expected function %u (%31[^)]) %n", &f->fn, f->name, &n) != 2 || !n)
		return -1;
	s += n;
	if (!strncmp(s, "sequence ", 9)) {
		n = 0;
		if (sscanf(s, "sequence %u %n", &f->seq, &n) != 1 || !n)
			return -1;
		f->has_seq = true;
		s += n;
	}
	n = 0;
	if (sscanf(s, "(0x%llx 0x%llx).%n", &d0, &d1, &n) != 2 || !n)
		return -1;
	f->data0 = d0;
	f->data1 = d1;
	f->has_expected = true;
	return 0;
}

static void timeout_wording(struct parser *p, const char *t, bool seq)
{
	unsigned int n;

	if (strstr(t, "Timeout waiting for RPC from GSP! Expected function"))
		layout(p, "\"Timeout waiting for RPC from GSP!\": 525.47.04-525.147.05");
	else if (strstr(t, "Timeout waiting for RPC from GPU"))
		layout(p, "\"Timeout waiting for RPC from GPU%d GSP!\": 535.129.03");
	else if (sscanf(t, "%*[^T]Timeout waiting for RPC from GSP%u!", &n) == 1)
		layout(p, "\"Timeout waiting for RPC from GSP%d!\": 530.x, 535.43.02-535.113.01, 545.x");
	else if (strstr(t, "of waiting for RPC response") && seq)
		layout(p, "\"Timeout after ...s\" with sequence: 570.190+, 580.82.07+, 590.x, 595.x");
	else if (strstr(t, "of waiting for RPC response"))
		layout(p, "\"Timeout after ...s\" without sequence: 535.146.02+, 550.x-570.181, 580.65-580.76");
}

static int xid_line(struct parser *p, const char *t, double when)
{
	char bdf[16];
	const char *e;
	struct nvlog_gpu *g;
	struct nvlog_fail *f;
	int xid, n = 0;

	if (sscanf(t, "Xid (PCI:%15[0-9a-fA-F:]%*[^)]): %d,%n", bdf, &xid, &n) < 2 &&
	    sscanf(t, "Xid (PCI:%15[0-9a-fA-F:]): %d,%n", bdf, &xid, &n) < 2)
		return fail(p, "Xid line cut or unknown: \"%.60s\"", t);
	g = gpu_get(p->l, bdf, -1);
	if (xid != 119 && xid != 175) {
		fail_new(g, NVLOG_OTHER_XID, p->line, when, t + n)->xid = xid;
		if (g - p->l->gpus == p->cur_gpu)
			p->cur = false;	/* its dump, if any, ended before */
		return 0;
	}
	/* A banner printed just before belongs to this dump. */
	f = fail_new(g, NVLOG_RPC_TIMEOUT, p->banner ? p->banner : p->line, when, t + n);
	f->xid = xid;
	p->banner = 0;
	p->cur = true;
	p->cur_gpu = g - p->l->gpus;
	e = strstr(t, "Expected function ");
	if (!e || parse_expected(e, f))
		return fail(p, "Xid %d line cut: no complete \"Expected function N (NAME) (0x... 0x...).\"", xid);
	timeout_wording(p, t, f->has_seq);
	return 0;
}

static bool is_hex18(const char *s)
{
	size_t i;

	if (strlen(s) != 18 || s[0] != '0' || s[1] != 'x')
		return false;
	for (i = 2; i < 18; i++)
		if (!isxdigit((unsigned char)s[i]))
			return false;
	return true;
}

/*
 * One row.  1: a row; 0: cut (left out, noted); the tokens are whitespace
 * separated in every layout (names have no spaces).
 */
static int row_parse(struct parser *p, const char *s, struct nvlog_row *r)
{
	char buf[LINE_MAX_LEN], *tok[16], *save = NULL, *x;
	int nt = 0, i, h;
	unsigned long long v[4];

	snprintf(buf, sizeof(buf), "%s", s);
	for (x = strtok_r(buf, " \t", &save); x && nt < 16; x = strtok_r(NULL, " \t", &save))
		tok[nt++] = x;
	memset(r, 0, sizeof(*r));
	r->line = p->line;
	r->table = p->tab_kind;
	if (nt < 3 || sscanf(tok[0], "%d", &r->entry) != 1 || sscanf(tok[1], "%u", &r->fn) != 1)
		return 0;
	snprintf(r->name, sizeof(r->name), "%s", tok[2]);
	i = 3;
	if (p->tab_old) {
		if (nt == 4 && r->fn == 0)	/* an empty slot: no name */
			return 1;
		if (nt != 5 || strlen(tok[3]) != 10 || strlen(tok[4]) != 10 ||
		    sscanf(tok[3], "0x%llx", &v[0]) != 1 || sscanf(tok[4], "0x%llx", &v[1]) != 1)
			return 0;
		r->data0 = v[0];
		r->data1 = v[1];
		return 1;
	}
	if (p->tab_seq) {
		if (nt < 4 || sscanf(tok[3], "%u", &r->seq) != 1)
			return 0;
		r->has_seq = true;
		i = 4;
	}
	for (h = 0; h < 4; h++, i++)
		if (i >= nt || !is_hex18(tok[i]) || sscanf(tok[i], "0x%llx", &v[h]) != 1)
			return 0;
	r->data0 = v[0];
	r->data1 = v[1];
	r->ts_start = v[2];
	r->ts_end = v[3];
	r->has_ts = true;
	/* the duration (when ts_end > ts_start), then the flag */
	if (r->ts_end > r->ts_start) {
		if (i < nt && isdigit((unsigned char)tok[i][0]) && strpbrk(tok[i], "s"))
			i++;
		else if (i + 1 < nt && isdigit((unsigned char)tok[i][0]) && !strcmp(tok[i + 1], "s"))
			i += 2;
		else
			return 0;
	}
	if (i < nt && !strcmp(tok[i], "y")) {
		r->flag = true;
		i++;
	}
	return i == nt;
}

static int table_row(struct parser *p, const char *s)
{
	struct nvlog_gpu *g = &p->l->gpus[p->cur_gpu];
	struct nvlog_fail *f = &g->fails[g->nfails - 1];
	struct nvlog_row r;
	const char *dir = p->tab_kind == NVLOG_CPU_TO_GSP ? "CPU -> GSP" : "CPU <- GSP";

	if (!row_parse(p, s, &r)) {
		skip(p, "%s row cut or unreadable, left out: \"%.70s\"", dir, s);
		p->tab_next--;
		return 0;
	}
	if (r.entry > p->tab_next)
		return fail(p, "%s row entry %d out of order (expected %d or older)", dir, r.entry,
			    p->tab_next);
	if (r.entry < p->tab_next)
		skip(p, "%s entries %d..%d are not in the log (not captured): left out", dir,
		     p->tab_next, r.entry + 1);
	p->tab_next = r.entry - 1;
	if (r.fn == 0)		/* an empty slot (the old table prints them) */
		return 0;
	f->rows = grow(f->rows, f->nrows + 1, sizeof(*f->rows));
	f->rows[f->nrows++] = r;
	return 0;
}

/* "GPU%d " (590+ RmMsgPrefix, and the dump lines' own): n and the rest. */
static const char *gpu_prefix(const char *t, int *n)
{
	int k = 0;

	if (!strncmp(t, "GPU", 3) && isdigit((unsigned char)t[3]) && sscanf(t, "GPU%d %n", n, &k) == 1 &&
	    k)
		return t + k;
	return NULL;
}

/* A history table's title: 1 (and the table state set), 0 not one. */
static int table_title(struct parser *p, const char *t, int gpu, double when)
{
	bool cpu = strstr(t, "RPC history (CPU -> GSP") != NULL;
	bool evt = strstr(t, "RPC event history (CPU <- GSP") != NULL;
	int n = gpu;

	if (!cpu && !evt)
		return 0;
	p->tab_old = gpu < 0 && !strncmp(t, "RPC history (CPU -> GSP", 23);
	if (p->tab_old) {
		/* "(CPU -> GSP%d):" from 530, "(CPU -> GSP):" in 525 */
		if (sscanf(t, "RPC history (CPU -> GSP%d)", &n) != 1)
			n = 0;
		layout(p, "old RPC history table (no times): 525.47.04-535.113.01, 545.x");
	}
	dump_fail(p, n, when);
	p->tab = TAB_HEADER;
	p->tab_kind = cpu ? NVLOG_CPU_TO_GSP : NVLOG_GSP_TO_CPU;
	p->tab_line = p->line;
	p->tab_next = 0;
	return 1;
}

static int header_line(struct parser *p, const char *t)
{
	bool ok = strstr(t, "entry") && (strstr(t, "function") || strstr(t, "func"));

	if (!ok)
		return fail(p, "the RPC history table of line %u has no header line (got \"%.60s\")",
			    p->tab_line, t);
	if (p->tab_kind == NVLOG_GSP_TO_CPU && !p->tab_old && !strstr(t, "during_incomplete_rpc"))
		return fail(p, "event table header without during_incomplete_rpc: \"%.60s\"", t);
	p->tab_seq = strstr(t, "sequence") != NULL;
	if (p->tab_seq)
		layout(p, "history with a sequence column: 570.190+, 580.82.07+, 590.x, 595.x");
	p->tab = TAB_ROWS;
	return 0;
}

static void chip_hint(struct parser *p, const char *t)
{
	static const char *const gens[] = { "GA10", "AD10", "GH10", NULL };
	static const char *const chips[] = { "ga102", "ad102", "gh100" };
	const char *u = strchr(t, '_');
	int i, best = -1;

	for (; u; u = strchr(u + 1, '_'))
		for (i = 0; gens[i]; i++)
			if (!strncmp(u + 1, gens[i], 4) && isdigit((unsigned char)u[5]) &&
			    !isalnum((unsigned char)u[6]))
				best = i > best ? i : best;
	if (best < 0)
		return;
	if (!p->l->chip_hint[0] || strcmp(chips[best], p->l->chip_hint) > 0) {
		/* GA100 is its own chip in nvcore; a "_GA100" HAL also serves GA102, so it says ga10x */
		snprintf(p->l->chip_hint, sizeof(p->l->chip_hint), "%s", chips[best]);
		p->l->chip_line = p->line;
	}
}

static void version_line(struct parser *p, const char *t)
{
	const char *k = strstr(t, "Kernel Module");
	char tok[32];
	int n = 0, i;
	unsigned int a, b;

	if (!k || p->l->version[0])
		return;
	k += 13;
	for (i = 0; i < 5 && sscanf(k, "%31s%n", tok, &n) == 1; i++, k += n)
		if (sscanf(tok, "%u.%u", &a, &b) == 2 && isdigit((unsigned char)tok[strlen(tok) - 1])) {
			snprintf(p->l->version, sizeof(p->l->version), "%s", tok);
			p->l->version_line = p->line;
			return;
		}
}

/* One line after "NVRM:" (s: with its leading spaces, as a row keeps them). */
static int nvrm_line(struct parser *p, const char *s, double when)
{
	const char *t = s, *rest, *c;
	int gpu = -1, n;
	char bdf[16];

	/* the old table is NV_PRINTF's: "<function>: " before its header and rows */
	if (p->tab != TAB_NONE && p->tab_old) {
		c = s + strspn(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_");
		if (c != s && c[0] == ':' && c[1] == ' ')
			s = t = c + 2;
	}
	while (*t == ' ' || *t == '\t')
		t++;
	if (p->tab == TAB_HEADER)
		return header_line(p, t);
	if (p->tab == TAB_ROWS) {
		if ((*t == '-' || isdigit((unsigned char)*t)) && t != s)
			return table_row(p, s);
		p->tab = TAB_NONE;
	} else if (t != s && (*t == '-' || isdigit((unsigned char)*t)) && strstr(t, "0x") &&
		   (c = strchr(t, ' ')) && isdigit((unsigned char)c[strspn(c, " ")])) {
		return fail(p, "an RPC history row with no table title and header before it: \"%.60s\"", t);
	}
	while ((rest = gpu_prefix(t, &n))) {
		gpu = n;
		t = rest;
	}
	/* "function: " of NV_PRINTF lines */
	c = t + strspn(t, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_");
	if (c != t && c[0] == ':' && c[1] == ' ') {
		chip_hint(p, t);
		t = c + 2;
	}
	version_line(p, t);
	if (!strncmp(t, "Xid ", 4))
		return xid_line(p, t, when);
	if (t[0] == '*' && (strstr(t, " GSP Timeout ") || strstr(t, " GSP Failure "))) {
		p->banner = p->line;
		p->cur = false;
		return 0;
	}
	if (strspn(t, "*") >= 40 && t[strspn(t, "*")] == '\0') {
		p->cur = false;	/* the dump's closing line */
		return 0;
	}
	if (table_title(p, t, gpu, when))
		return 0;
	if (gpu >= 0 && !strncmp(t, "GSP RPC buffer contains function ", 33)) {
		struct nvlog_fail *f = dump_fail(p, gpu, when);
		unsigned long long d0, d1;
		char name[32];
		int k = 0;

		if (sscanf(t, "GSP RPC buffer contains function %u (%31[^)]) %n", &f->buf_fn, name, &k) != 2 ||
		    !k)
			return fail(p, "buffer line cut: \"%.60s\"", t);
		if (!strncmp(t + k, "sequence ", 9)) {
			n = 0;
			sscanf(t + k, "sequence %*u %n", &n);
			k += n;
		}
		if (sscanf(t + k, "and data 0x%llx 0x%llx.", &d0, &d1) != 2)
			return fail(p, "buffer line cut: \"%.60s\"", t);
		f->has_buffer = true;
		f->buf_data0 = d0;
		f->buf_data1 = d1;
		return 0;
	}
	if (strstr(t, "unexpected WPR2 already up")) {
		struct nvlog_gpu *g = gpu >= 0 ? gpu_get(p->l, NULL, gpu) :
				      p->cur_gpu >= 0 ? &p->l->gpus[p->cur_gpu] : gpu_get(p->l, NULL, -1);

		fail_new(g, NVLOG_WPR2_UP, p->line, when, t);
		if (g - p->l->gpus == p->cur_gpu)
			p->cur = false;
		return 0;
	}
	if (sscanf(t, "Rate limiting GSP RPC error prints for GPU at PCI:%15[0-9a-fA-F:]", bdf) == 1) {
		skip(p, "GPU %s: rate limited from here: only 1 of every 30 timeouts is printed, "
			"the calls in between are not in the log", bdf);
		return 0;
	}
	if (!strncmp(t, "Timeout ", 8) && strstr(t, "Expected function"))
		timeout_wording(p, t, strstr(t, " sequence ") != NULL);
	return 0;
}

/* nvcore's dump names functions; the ones the importer uses, with the numbers every release shares. */
static uint32_t fn_of_name(const char *name)
{
	static const struct { const char *name; uint32_t fn; } fns[] = {
		{ "FREE", 10 }, { "GET_GSP_STATIC_INFO", 65 }, { "GSP_SET_SYSTEM_INFO", 72 },
		{ "SET_REGISTRY", 73 }, { "GSP_RM_CONTROL", 76 }, { "GSP_RM_ALLOC", 103 },
		{ "GSP_INIT_DONE", 0x1001 }, { "GSP_RUN_CPU_SEQUENCER", 0x1002 },
		{ "RC_TRIGGERED", 0x1004 },
	};

	for (size_t i = 0; i < sizeof(fns) / sizeof(fns[0]); i++)
		if (!strcmp(name, fns[i].name))
			return fns[i].fn;
	return 0xffffffffu;	/* named, not numbered: listed by name, never re-issued */
}

/* The rows of nvcore's table just read: entries newest first (0, -1, ...) as NVIDIA's. */
static void nvcore_table_end(struct parser *p)
{
	struct nvlog_gpu *g = &p->l->gpus[p->cur_gpu];
	struct nvlog_fail *f = &g->fails[g->nfails - 1];
	int newest = 0;
	size_t i;

	for (i = 0; i < f->nrows; i++)
		if (f->rows[i].entry > newest)
			newest = f->rows[i].entry;
	for (i = 0; i < f->nrows; i++) {
		f->rows[i].entry -= newest;
		/* the timeout line gives no data1: the pending row of that call does */
		if (f->has_expected && f->rows[i].pending && f->rows[i].fn == f->fn &&
		    f->rows[i].data0 == f->data0)
			f->data1 = f->rows[i].data1;
	}
	p->tab = TAB_NONE;
	p->tab_nvcore = false;
}

/* "  %-5llu %-3s %-32s 0x%08x 0x%08x (0x%08x|pending) %12lld (%10lld|-)" */
static int nvcore_row(struct parser *p, const char *t)
{
	struct nvlog_gpu *g = &p->l->gpus[p->cur_gpu];
	struct nvlog_fail *f = &g->fails[g->nfails - 1];
	struct nvlog_row r = { .line = p->line, .has_ts = true };
	char dir[4], res[16], dur[24];
	unsigned long long idx, start;
	unsigned int d0, d1;
	int n = 0;

	if (sscanf(t, "%llu %3s %31s 0x%x 0x%x %15s %llu %23s %n", &idx, dir, r.name, &d0, &d1, res,
		   &start, dur, &n) != 8 || t[n] || (strcmp(dir, "->") && strcmp(dir, "<-")) ||
	    idx > 1000000) {
		skip(p, "nvcore history row cut or unreadable, left out: \"%.70s\"", t);
		return 0;
	}
	r.table = !strcmp(dir, "->") ? NVLOG_CPU_TO_GSP : NVLOG_GSP_TO_CPU;
	r.entry = (int)idx;
	r.fn = fn_of_name(r.name);
	r.data0 = d0;
	r.data1 = d1;
	r.ts_start = start;
	r.pending = !strcmp(res, "pending");
	r.ts_end = r.pending ? 0 : start + strtoull(dur, NULL, 10);
	f->rows = grow(f->rows, f->nrows + 1, sizeof(*f->rows));
	f->rows[f->nrows++] = r;
	return 0;
}

/*
 * A line of nvcore's own (after "nvcore <bdf>: ").  Its failures and table
 * belong to the PCI device the line names.
 */
static int nvcore_line(struct parser *p, const char *bdf, const char *t, double when)
{
	struct nvlog_gpu *g = gpu_get(p->l, bdf, -1);
	struct nvlog_fail *f;
	unsigned int d0, ms;
	char name[32], why[64], chip[sizeof(p->l->chip_hint)];
	int n = 0;

	p->l->nvcore = true;
	/* its probe names the chip ("ga102 rev a.1 (BOOT_0 ...") and the release ("GSP-RM 535.113.01") */
	if (!p->l->version[0] && sscanf(t, "GSP-RM %31s%n", p->l->version, &n) == 1 && !t[n]) {
		p->l->version_line = p->line;
		return 0;
	}
	n = 0;
	if (!p->l->chip_hint[0] && sscanf(t, "%15[a-z0-9] rev %*s (BOOT_0%n", chip, &n) == 1 && n) {
		memcpy(p->l->chip_hint, chip, sizeof(chip));
		p->l->chip_line = p->line;
		p->l->chip_named = true;
		return 0;
	}
	n = 0;
	if (p->tab_nvcore && p->tab == TAB_ROWS && isdigit((unsigned char)t[strspn(t, " ")]))
		return nvcore_row(p, t + strspn(t, " "));
	if (p->tab_nvcore && p->tab == TAB_ROWS)
		nvcore_table_end(p);
	if (p->tab_nvcore && p->tab == TAB_HEADER) {
		if (!strstr(t, "entry") || !strstr(t, "dir") || !strstr(t, "function"))
			return fail(p, "the RPC history table of line %u has no header line (got \"%.60s\")",
				    p->tab_line, t);
		p->tab = TAB_ROWS;
		return 0;
	}
	if (sscanf(t, "GSP RPC %31s (data0 0x%x) timed out after %u ms%n", name, &d0, &ms, &n) == 3 &&
	    n) {
		layout(p, "nvcore's own dump (driver/core/rpc.c): this nvcore");
		f = fail_new(g, NVLOG_RPC_TIMEOUT, p->line, when, t);
		f->has_expected = true;
		f->fn = fn_of_name(name);
		snprintf(f->name, sizeof(f->name), "%s", name);
		f->data0 = d0;
		p->cur = true;
		p->cur_gpu = g - p->l->gpus;
		return 0;
	}
	if (!strncmp(t, "GSP_INIT_DONE did not arrive", 28) || strstr(t, "WPR2 is already up")) {
		f = fail_new(g, t[0] == 'W' ? NVLOG_WPR2_UP : NVLOG_RPC_TIMEOUT, p->line, when, t);
		p->cur = true;
		p->cur_gpu = g - p->l->gpus;
		return 0;
	}
	if (sscanf(t, "GSP RPC history (%63[^)]), oldest first%n", why, &n) == 1 && n) {
		if (!p->cur || &p->l->gpus[p->cur_gpu] != g) {
			/* a dump with no failure line before it */
			fail_new(g, NVLOG_RPC_TIMEOUT, p->line, when,
				 "RPC history (no failure line before it in the log)");
			p->cur = true;
			p->cur_gpu = g - p->l->gpus;
		}
		p->tab = TAB_HEADER;
		p->tab_nvcore = true;
		p->tab_line = p->line;
		return 0;
	}
	return 0;
}

/* The line's time: "[ 123.456789]" (dmesg) or "HH:MM:SS" (journalctl, dmesg -T); -1 when none. */
static double line_time(const char *line, const char *nvrm)
{
	unsigned int h, m, s;
	double d;
	const char *q;

	if (sscanf(line, " [ %lf]", &d) == 1)
		return d;
	for (q = line; q + 8 <= nvrm; q++)
		if (sscanf(q, "%2u:%2u:%2u", &h, &m, &s) == 3 && q[2] == ':' && q[5] == ':')
			return h * 3600.0 + m * 60.0 + s;
	return -1;
}

/* "nvcore 0000:01:00.0: " (dev_err's prefix): the text after it, bdf "0000:01:00"; NULL if none. */
static const char *nvcore_prefix(const char *line, char *bdf)
{
	const char *c = strstr(line, "nvcore ");
	unsigned int dom, bus, dev, fn;
	int n = 0;

	if (!c || sscanf(c, "nvcore %4x:%2x:%2x.%1x: %n", &dom, &bus, &dev, &fn, &n) != 4 || !n)
		return NULL;
	snprintf(bdf, 16, "%04x:%02x:%02x", dom, bus, dev);
	return c + n;
}

struct nvlog *nvlog_parse(const char *path, char *err, size_t errlen)
{
	struct parser p = { .file = path, .err = err, .errlen = errlen, .cur_gpu = -1 };
	char line[LINE_MAX_LEN], bdf[16];
	FILE *f = fopen(path, "r");
	size_t len;

	if (!f) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return NULL;
	}
	p.l = calloc(1, sizeof(*p.l));
	if (!p.l) {
		fclose(f);
		snprintf(err, errlen, "%s: out of memory", path);
		return NULL;
	}
	while (fgets(line, sizeof(line), f)) {
		const char *nv;

		p.line++;
		len = strlen(line);
		if (len == sizeof(line) - 1 && line[len - 1] != '\n') {
			fail(&p, "line longer than %d characters", LINE_MAX_LEN - 2);
			goto bad;
		}
		line[strcspn(line, "\r\n")] = '\0';
		nv = strstr(line, "NVRM:");
		if (!nv && (nv = nvcore_prefix(line, bdf))) {
			p.l->nvrm_lines++;
			if (nvcore_line(&p, bdf, nv, line_time(line, strstr(line, "nvcore "))))
				goto bad;
			continue;
		}
		if (p.tab_nvcore && p.tab == TAB_ROWS)
			nvcore_table_end(&p);
		if (!nv)	/* another subsystem's line: a table goes on after it */
			continue;
		p.l->nvrm_lines++;
		if (nvrm_line(&p, nv[5] == ' ' ? nv + 6 : nv + 5, line_time(line, nv)))
			goto bad;
	}
	fclose(f);
	if (p.tab_nvcore && p.tab == TAB_ROWS)
		nvcore_table_end(&p);
	if (p.tab == TAB_HEADER) {
		fail(&p, "the RPC history table of line %u has no header line (the log ends)", p.tab_line);
		nvlog_free(p.l);
		return NULL;
	}
	if (!p.l->nvrm_lines) {
		snprintf(err, errlen, "%s: no \"NVRM:\" line: not an NVIDIA driver kernel log", path);
		nvlog_free(p.l);
		return NULL;
	}
	return p.l;
bad:
	fclose(f);
	nvlog_free(p.l);
	return NULL;
}

void nvlog_free(struct nvlog *l)
{
	size_t i, j;

	if (!l)
		return;
	for (i = 0; i < l->ngpus; i++) {
		for (j = 0; j < l->gpus[i].nfails; j++)
			free(l->gpus[i].fails[j].rows);
		free(l->gpus[i].fails);
	}
	free(l->gpus);
	free(l->skips);
	free(l);
}

void nvlog_gpu_label(const struct nvlog_gpu *g, char *buf, size_t len)
{
	if (g->bdf[0] && g->index >= 0)
		snprintf(buf, len, "%s (GPU%d)", g->bdf, g->index);
	else if (g->bdf[0])
		snprintf(buf, len, "%s", g->bdf);
	else if (g->index >= 0)
		snprintf(buf, len, "GPU%d", g->index);
	else
		snprintf(buf, len, "(a GPU the log does not name)");
}

struct nvlog_gpu *nvlog_find_gpu(struct nvlog *l, const char *arg)
{
	char want[32];
	int n;
	size_t i, k;

	if (sscanf(arg, "GPU%d", &n) == 1) {
		for (i = 0; i < l->ngpus; i++)
			if (l->gpus[i].index == n)
				return &l->gpus[i];
		return NULL;
	}
	/* "0000:07:00.0", "07:00.0", "07:00": compare bus:device, and the domain when given */
	snprintf(want, sizeof(want), "%s", arg);
	want[strcspn(want, ".")] = '\0';
	for (i = 0; i < l->ngpus; i++) {
		const char *b = l->gpus[i].bdf;

		k = strlen(want);
		if (!b[0] || strlen(b) < k)
			continue;
		if (!strcasecmp(b + strlen(b) - k, want) && (k == strlen(b) || b[strlen(b) - k - 1] == ':'))
			return &l->gpus[i];
	}
	return NULL;
}
