// SPDX-License-Identifier: MIT
/*
 * gsptrace show --html: one self-contained page (inline CSS and a small
 * inline script, no external asset, no network) built to find the failure.
 *
 *  - It opens on a summary: what failed (the trace's err records), where
 *    (time, boot state, trace line, linked to its row), the commands that
 *    got no reply, and what the trace expects of the driver.
 *  - The timeline is a table, one row per RPC: each command shares its row
 *    with its reply (nvt_show_pair) and the time between them, or with the
 *    timeout that ended the wait; events, driver errors and boot states have
 *    rows of their own.  Continuation records fold into the command or reply
 *    they continue.
 *  - Register traffic and interrupts between two such rows fold into one
 *    row (<details>, closed); a checkbox opens them all.
 *  - A function filter and a search box hide the rows that do not match
 *    (the script; without it the page is the same, unfiltered).
 *
 * The markup is XML-well-formed (the script has no '<' or '&') so tests
 * parse it with an XML parser.
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "show.h"

static void esc(FILE *out, const char *s)
{
	for (; s && *s; s++) {
		switch (*s) {
		case '&': fputs("&amp;", out); break;
		case '<': fputs("&lt;", out); break;
		case '>': fputs("&gt;", out); break;
		case '"': fputs("&quot;", out); break;
		case '\'': fputs("&#39;", out); break;
		default: fputc(*s, out); break;
		}
	}
}

/* Markup, then a value escaped. */
static void put(FILE *out, const char *markup, const char *value)
{
	fputs(markup, out);
	esc(out, value);
}

/* The URL of a "field:<URL>" source, if it is an http(s) one. */
static const char *source_url(const struct nvt_header *h)
{
	const char *u;

	if (!h->source || strncmp(h->source, "field:", 6))
		return NULL;
	u = h->source + 6;
	return !strncmp(u, "https://", 8) || !strncmp(u, "http://", 7) ? u : NULL;
}

static const char css[] =
	"body { font-family: sans-serif; margin: 1em 2em; color: #222; }\n"
	"table.hdr td { padding: 1px 10px 1px 0; vertical-align: top; }\n"
	"table.hdr td.k { color: #666; }\n"
	"#summary { border: 2px solid #2e8b57; border-radius: 6px; padding: 0.5em 1em; margin: 1em 0; }\n"
	"#summary.failed { border-color: #c00; background: #fff6f6; }\n"
	"#summary .verdict { font-size: 1.3em; font-weight: bold; }\n"
	"#summary.failed .verdict { color: #c00; }\n"
	"#summary dt { font-weight: bold; margin-top: 0.4em; }\n"
	"#controls { position: sticky; top: 0; background: #fff; padding: 0.4em 0; "
	"border-bottom: 1px solid #ccc; }\n"
	"#controls label { margin-right: 1.5em; }\n"
	"table.tl { border-collapse: collapse; font-family: monospace; font-size: 12px; width: 100%; }\n"
	"table.tl th { text-align: left; border-bottom: 1px solid #888; }\n"
	"table.tl td { padding: 1px 8px 1px 0; vertical-align: top; }\n"
	"tr.rpc td.what { color: #1f5fbf; }\n"
	"tr.event td.what { color: #b35900; }\n"
	"tr.err td { color: #c00; font-weight: bold; }\n"
	"tr.unanswered { background: #ffe0e0; }\n"
	"tr.unanswered td.reply { color: #c00; font-weight: bold; }\n"
	"tr.failedreply td.reply { color: #c00; }\n"
	"tr.state td { background: #eef3fb; color: #446; padding-top: 4px; }\n"
	"tr.regs td { color: #777; }\n"
	"tr.regs table td { padding: 0 8px 0 0; }\n"
	"td.gap { color: #999; }\n"
	"tr:target { outline: 2px solid #c00; }\n";

/* No '<' and no '&' (the page stays well-formed XML). */
static const char script[] =
	"(function () {\n"
	"  var fn = document.getElementById('fn'), q = document.getElementById('q'),\n"
	"      regs = document.getElementById('regs');\n"
	"  function apply() {\n"
	"    var f = fn.value, s = q.value.toLowerCase();\n"
	"    document.querySelectorAll('#timeline > tbody > tr').forEach(function (tr) {\n"
	"      var show = true;\n"
	"      if (f) { if (tr.getAttribute('data-fn') !== f) { show = false; } }\n"
	"      if (s) { if (tr.textContent.toLowerCase().indexOf(s) === -1) { show = false; } }\n"
	"      tr.hidden = !show;\n"
	"    });\n"
	"  }\n"
	"  fn.addEventListener('change', apply);\n"
	"  q.addEventListener('input', apply);\n"
	"  regs.addEventListener('change', function () {\n"
	"    document.querySelectorAll('#timeline details.regs').forEach(function (d) {\n"
	"      d.open = regs.checked;\n"
	"    });\n"
	"  });\n"
	"})();\n";

static void header_table(const struct nvt_trace *t, FILE *out)
{
	const struct nvt_header *h = &t->h;
	const char *url = source_url(h);

	fputs("<details><summary>trace header</summary>\n<table class=\"hdr\">\n", out);
	put(out, "<tr><td class=\"k\">file</td><td>", t->file);
	put(out, "</td></tr>\n<tr><td class=\"k\">chip</td><td>", h->chip);
	put(out, " (PCI ", h->pci_vendor);
	put(out, ":", h->pci_device);
	put(out, ", subsystem ", h->pci_subsystem);
	put(out, ", rev ", h->pci_revision);
	put(out, ")</td></tr>\n<tr><td class=\"k\">GSP-RM release</td><td>", h->release);
	put(out, "</td></tr>\n<tr><td class=\"k\">driver</td><td>", h->driver);
	if (h->has_seed)
		fprintf(out, ", seed 0x%" PRIx64, h->seed);
	fputs("</td></tr>\n<tr><td class=\"k\">source</td><td>", out);
	if (url) {
		put(out, "field: <a href=\"", url);
		put(out, "\">", url);
		fputs("</a>", out);
	} else {
		esc(out, h->source);
	}
	fputs("</td></tr>\n", out);
	if (h->scenario)
		put(out, "<tr><td class=\"k\">scenario</td><td>", h->scenario);
	if (h->scenario)
		fputs("</td></tr>\n", out);
	fprintf(out, "<tr><td class=\"k\">records</td><td>%zu</td></tr>\n</table>\n</details>\n", t->n);
}

/* "#12 GSP_RM_CONTROL (fn 76) cmd 0x90cc0301" */
static void rpc_label(FILE *out, const struct nvt_record *r)
{
	char what[64];

	fprintf(out, "#%" PRIu32 " ", r->seq);
	esc(out, r->name && *r->name ? r->name : "?");
	fprintf(out, r->fn >= NVT_FN_FIRST_EVENT ? " (0x%" PRIx32 ")" : " (fn %" PRIu32 ")", r->fn);
	if (nvt_show_rpc_what(r, what, sizeof(what)))
		fprintf(out, " %s", what);
}

/* "rpc-timeout: fn 76, name GSP_RM_CONTROL, timeout_ms 6000" from the record's JSON fields. */
static void err_text(FILE *out, const struct nvt_record *r)
{
	char c[2] = { 0 };
	bool str = false;

	esc(out, r->what);
	if (!r->extra || !strcmp(r->extra, "{}"))
		return;
	fputs(": ", out);
	for (const char *x = r->extra; *x; x++) {
		if (*x == '"')
			str = !str;
		else if (!str && *x == ':')
			fputc(' ', out);
		else if (!str && *x == ',')
			fputs(", ", out);
		else if (str || (*x != '{' && *x != '}'))
			esc(out, (c[0] = *x, c));
	}
}

/* The boot state in force at record i (the one a failure left, not "failed"/"unloaded"). */
static const char *state_at(const struct nvt_trace *t, size_t i)
{
	for (size_t j = i + 1; j-- > 0;)
		if (t->rec[j].k == NVT_STATE && strcmp(t->rec[j].state, "failed") &&
		    strcmp(t->rec[j].state, "unloaded"))
			return t->rec[j].state;
	return "(before the first state)";
}

/* "rpc_result 0x..." and/or "status 0x..." of a failed reply. */
static void status_text(FILE *out, const struct nvt_record *m)
{
	uint32_t st;

	if (m->result)
		fprintf(out, "rpc_result 0x%08" PRIx32 "%s", m->result, nvt_show_status(m, &st) ? ", " : "");
	if (nvt_show_status(m, &st))
		fprintf(out, "object status 0x%" PRIx32, st);
}

/* GSP_SET_SYSTEM_INFO and SET_REGISTRY are queued before GSP-RM runs and get no reply (protocol.md §8.1). */
static bool preboot(const struct nvt_record *r)
{
	return r->fn == 72 || r->fn == 73;
}

/* The command whose wait err record i ended, or -1. */
static long waited_for(const struct nvt_trace *t, const struct nvt_pairs *p, size_t i)
{
	for (size_t j = 0; j < t->n; j++)
		if (p->timeout[j] == (long)i)
			return (long)j;
	return -1;
}

static void unanswered(FILE *out, const struct nvt_trace *t, const struct nvt_pairs *p, size_t i)
{
	const struct nvt_record *r = &t->rec[i];
	char tb[32], db[32];

	nvt_show_time(tb, sizeof(tb), r->t);
	fprintf(out, "<dd class=\"unanswered\"><a href=\"#r%u\">", r->line);
	rpc_label(out, r);
	fprintf(out, "</a>, sent at %s: ", tb);
	if (p->timeout[i] >= 0) {
		nvt_show_duration(db, sizeof(db), t->rec[p->timeout[i]].t - r->t);
		fprintf(out, "no reply, the driver gave up after %s (line %u)", db,
			t->rec[p->timeout[i]].line);
	} else {
		fputs("no reply before the trace ends", out);
	}
	fputs("</dd>\n", out);
}

static void summary(const struct nvt_trace *t, const struct nvt_pairs *p, FILE *out)
{
	const struct nvt_header *h = &t->h;
	size_t i, nerr = 0, nun = 0, nbad = 0, first = 0;
	uint32_t st;
	char tb[32];

	for (i = 0; i < t->n; i++) {
		if (t->rec[i].k == NVT_ERR && !nerr++)
			first = i;
		nbad += t->rec[i].k == NVT_MSG && p->reply[i] >= 0 &&
			(t->rec[i].result || nvt_show_status(&t->rec[i], &st));
	}
	fprintf(out, "<section id=\"summary\" class=\"%s\">\n<h2>Summary</h2>\n",
		nerr || nbad ? "failed" : "ok");
	if (nerr) {
		const struct nvt_record *r = &t->rec[first];
		long c = waited_for(t, p, first);

		nvt_show_time(tb, sizeof(tb), r->t);
		fputs("<p class=\"verdict\">Failed: ", out);
		if (c >= 0) {
			rpc_label(out, &t->rec[c]);
			fputs(" got no reply (", out);
			esc(out, r->what);
			fputc(')', out);
		} else {
			err_text(out, r);
		}
		fprintf(out, "</p>\n<dl>\n<dt>Where</dt><dd class=\"where\">at %s, boot state ", tb);
		esc(out, state_at(t, first));
		fprintf(out, ", trace line <a href=\"#r%u\">%u</a></dd>\n", r->line, r->line);
	} else if (nbad) {
		fprintf(out, "<p class=\"verdict\">No driver error; %zu repl%s carr%s a failure status "
			"(below).</p>\n<dl>\n", nbad, nbad == 1 ? "y" : "ies", nbad == 1 ? "ies" : "y");
	} else {
		fputs("<p class=\"verdict\">No failure recorded (no err record).</p>\n<dl>\n", out);
	}
	fputs("<dt>Unanswered commands</dt>\n", out);
	for (i = 0; i < t->n; i++) {
		const struct nvt_record *r = &t->rec[i];

		if (r->k != NVT_CMD || r->fn == NVT_FN_CONTINUATION || p->reply[i] >= 0 || preboot(r))
			continue;
		nun++;
		unanswered(out, t, p, i);
	}
	if (!nun)
		fputs("<dd>none: every command the driver waited for got its reply</dd>\n", out);
	for (i = 0, nun = 0; i < t->n; i++) {
		const struct nvt_record *m = &t->rec[i];

		if (m->k != NVT_MSG || p->reply[i] < 0 || (!m->result && !nvt_show_status(m, &st)))
			continue;
		if (!nun++)
			fputs("<dt>Failed replies</dt>\n", out);
		fprintf(out, "<dd class=\"failedreply\"><a href=\"#r%u\">", t->rec[p->reply[i]].line);
		rpc_label(out, &t->rec[p->reply[i]]);
		fputs("</a>: ", out);
		status_text(out, m);
		fputs("</dd>\n", out);
	}
	if (nerr > 1 || (nerr && waited_for(t, p, first) < 0)) {
		fputs("<dt>Driver errors</dt>\n", out);
		for (i = 0; i < t->n; i++)
			if (t->rec[i].k == NVT_ERR) {
				fprintf(out, "<dd><a href=\"#r%u\">line %u</a>: ", t->rec[i].line,
					t->rec[i].line);
				err_text(out, &t->rec[i]);
				fputs("</dd>\n", out);
			}
	}
	if (h->has_expect) {
		fputs("<dt>The driver must end with</dt><dd>probe ", out);
		esc(out, h->expect_probe ? h->expect_probe : "(any)");
		for (i = 0; i < h->nexpect_log; i++) {
			put(out, i ? ", \u201c" : "; log \u201c", h->expect_log[i]);
			fputs("\u201d", out);
		}
		fputs("</dd>\n", out);
	}
	fputs("</dl>\n</section>\n", out);
}

static void controls(const struct nvt_trace *t, FILE *out)
{
	size_t i, j;

	fputs("<div id=\"controls\">\n<label>function <select id=\"fn\">"
	      "<option value=\"\">all</option>", out);
	/* each function name once, in order of first appearance */
	for (i = 0; i < t->n; i++) {
		const struct nvt_record *r = &t->rec[i];
		bool seen = false;

		if ((r->k != NVT_CMD && r->k != NVT_MSG) || r->fn == NVT_FN_CONTINUATION || !r->name)
			continue;
		for (j = 0; j < i && !seen; j++)
			seen = (t->rec[j].k == NVT_CMD || t->rec[j].k == NVT_MSG) && t->rec[j].name &&
			       !strcmp(t->rec[j].name, r->name);
		if (!seen)
			put(out, "<option>", r->name);
		if (!seen)
			fputs("</option>", out);
	}
	fputs("</select></label>\n<label>search <input id=\"q\" type=\"search\"/></label>\n"
	      "<label><input id=\"regs\" type=\"checkbox\"/> show register traffic</label>\n</div>\n",
	      out);
}

/* A row's start; fn: the function the function filter matches it by (NULL: none). */
static void row_start(FILE *out, const struct nvt_record *r, const char *cls, const char *fn,
		      uint64_t prev)
{
	char tb[32], db[32];

	nvt_show_time(tb, sizeof(tb), r->t);
	fprintf(out, "<tr id=\"r%u\" class=\"%s\"", r->line, cls);
	if (fn) {
		put(out, " data-fn=\"", fn);
		fputc('"', out);
	}
	db[0] = '\0';
	if (r->t > prev)
		nvt_show_duration(db, sizeof(db), r->t - prev);
	fprintf(out, "><td>%s</td><td class=\"gap\">%s%s</td><td>", tb, db[0] ? "+" : "", db);
	esc(out, nvt_show_dir(r));
	fputs("</td>", out);
}

/* Register accesses, interrupts and drops of [a, b) in one folded row. */
static void regs_row(const struct nvt_trace *t, size_t a, size_t b, FILE *out)
{
	size_t i, nreg = 0, nirq = 0;
	char tb[32];

	for (i = a; i < b; i++) {
		if (t->rec[i].k == NVT_IRQ)
			nirq++;
		else if (t->rec[i].k == NVT_WR || t->rec[i].k == NVT_RD)
			nreg++;
	}
	nvt_show_time(tb, sizeof(tb), t->rec[a].t);
	fprintf(out, "<tr class=\"regs\"><td>%s</td><td></td><td></td><td colspan=\"2\">"
		"<details class=\"regs\"><summary>%zu register access%s, %zu interrupt%s "
		"(lines %u\u2013%u)</summary><table>\n", tb, nreg, nreg == 1 ? "" : "es", nirq,
		nirq == 1 ? "" : "s", t->rec[a].line, t->rec[b - 1].line);
	for (i = a; i < b; i++) {
		const struct nvt_record *r = &t->rec[i];

		nvt_show_time(tb, sizeof(tb), r->t);
		fprintf(out, "<tr><td>%s</td><td>", tb);
		if (r->k == NVT_WR || r->k == NVT_RD) {
			fprintf(out, "%s ", r->k == NVT_WR ? "write" : "read");
			esc(out, r->name && *r->name ? r->name : "?");
			fprintf(out, " (0x%08" PRIx32 ") %s 0x%08" PRIx32, r->reg,
				r->k == NVT_WR ? "\u2190" : "=", r->val);
		} else if (r->k == NVT_IRQ) {
			fprintf(out, "interrupt, IRQSTAT 0x%08" PRIx32, r->stat);
		} else {
			fprintf(out, "the recorder dropped %" PRIu64 " records here", r->count);
		}
		fputs("</td></tr>\n", out);
	}
	fputs("</table></details></td></tr>\n", out);
}

static bool folded(const struct nvt_record *r)
{
	return r->k == NVT_WR || r->k == NVT_RD || r->k == NVT_IRQ || r->k == NVT_DROP;
}

/* The reply column of command i. */
static void reply_cell(const struct nvt_trace *t, const struct nvt_pairs *p, size_t i, FILE *out)
{
	const struct nvt_record *c = &t->rec[i];
	char db[32];

	fputs("<td class=\"reply\">", out);
	if (p->reply[i] >= 0) {
		const struct nvt_record *m = &t->rec[p->reply[i]];

		nvt_show_duration(db, sizeof(db), m->t - c->t);
		uint32_t st;

		if (m->result || nvt_show_status(m, &st)) {
			fputs("FAILED ", out);
			status_text(out, m);
		} else {
			fputs("ok", out);
		}
		fprintf(out, " after %s (reply #%" PRIu32 ", line %u, len %" PRIu32 ")", db, m->seq,
			m->line, m->len + p->cont_len[p->reply[i]]);
	} else if (p->timeout[i] >= 0) {
		nvt_show_duration(db, sizeof(db), t->rec[p->timeout[i]].t - c->t);
		fprintf(out, "NO REPLY: timed out after %s", db);
	} else if (preboot(c)) {
		fputs("none (queued before GSP-RM runs, which does not reply)", out);
	} else {
		fputs("NO REPLY before the trace ends", out);
	}
	fputs("</td>", out);
}

static void timeline(const struct nvt_trace *t, const struct nvt_pairs *p, FILE *out)
{
	size_t i, fold = 0;
	bool folding = false;
	uint32_t st;
	long c;
	uint64_t prev = 0;

	fputs("<table id=\"timeline\" class=\"tl\">\n<thead><tr><th>time</th><th>since previous</th>"
	      "<th>direction</th><th>what</th><th>reply / duration</th></tr></thead>\n<tbody>\n", out);
	for (i = 0; i <= t->n; i++) {
		const struct nvt_record *r = i < t->n ? &t->rec[i] : NULL;

		if (r && folded(r)) {
			if (!folding)
				fold = i;
			folding = true;
			continue;
		}
		if (folding)
			regs_row(t, fold, i, out);
		folding = false;
		if (!r || ((r->k == NVT_CMD || r->k == NVT_MSG) && r->fn == NVT_FN_CONTINUATION))
			continue;	/* folded into the command or reply it continues */
		if (r->k == NVT_MSG && p->reply[i] >= 0)
			continue;	/* shown on its command's row */
		switch (r->k) {
		case NVT_CMD:
			row_start(out, r, p->reply[i] >= 0 ? (t->rec[p->reply[i]].result ||
							      nvt_show_status(&t->rec[p->reply[i]], &st) ?
							      "rpc failedreply" : "rpc") :
				  preboot(r) ? "rpc" : "rpc unanswered", r->name ? r->name : "", prev);
			fputs("<td class=\"what\">", out);
			rpc_label(out, r);
			fprintf(out, " len %" PRIu32 "</td>", r->len + p->cont_len[i]);
			reply_cell(t, p, i, out);
			break;
		case NVT_MSG:
			row_start(out, r, r->fn >= NVT_FN_FIRST_EVENT ? "event" : "reply",
				  r->name ? r->name : "", prev);
			fputs("<td class=\"what\">", out);
			fputs(r->fn >= NVT_FN_FIRST_EVENT ? "event " : "reply without a command in the trace ",
			      out);
			rpc_label(out, r);
			fprintf(out, " len %" PRIu32, r->len + p->cont_len[i]);
			if (r->result)
				fprintf(out, " result 0x%08" PRIx32, r->result);
			fputs("</td><td></td>", out);
			break;
		case NVT_ERR:
			c = waited_for(t, p, i);
			row_start(out, r, "err", c >= 0 ? t->rec[c].name : NULL, prev);
			fputs("<td class=\"what\">\u2716 ", out);
			err_text(out, r);
			fputs("</td><td></td>", out);
			break;
		default:	/* NVT_STATE */
			fprintf(out, "<tr id=\"r%u\" class=\"state\"><td colspan=\"5\">boot state: ", r->line);
			esc(out, r->state);
			fputs("</td></tr>\n", out);
			prev = r->t;
			continue;
		}
		fputs("</tr>\n", out);
		prev = r->t;
	}
	fputs("</tbody>\n</table>\n", out);
}

int nvt_show_html(const struct nvt_trace *t, FILE *out, unsigned int *paired)
{
	const struct nvt_header *h = &t->h;
	struct nvt_pairs p;
	unsigned int n = 0;
	size_t i;

	if (nvt_show_pair(t, &p))
		return -1;
	for (i = 0; i < t->n; i++)
		n += t->rec[i].k == NVT_CMD && p.reply[i] >= 0;
	fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n<title>", out);
	esc(out, h->scenario ? h->scenario : t->file);
	fprintf(out, " \u2014 nvtrace</title>\n<style>\n%s</style>\n</head>\n<body>\n<h1>", css);
	esc(out, h->scenario ? h->scenario : t->file);
	fputs("</h1>\n", out);
	summary(t, &p, out);
	header_table(t, out);
	controls(t, out);
	timeline(t, &p, out);
	fprintf(out, "<script>\n%s</script>\n</body>\n</html>\n", script);
	nvt_show_pairs_free(&p);
	if (paired)
		*paired = n;
	return ferror(out) ? -1 : 0;
}
