// SPDX-License-Identifier: MIT
/*
 * gsptrace show --html: one self-contained page (inline CSS and SVG, no
 * script, no external asset) with the trace's header and a sequence
 * diagram: two lifelines (host, GSP), one arrow per command or reply/event
 * (continuation records folded into the arrow they continue), register
 * accesses, interrupts and driver errors as marks, boot states as bands.
 *
 * The vertical axis is piecewise logarithmic: every drawn item gets a fixed
 * step plus a term in log10 of the time since the previous one, so 10 us
 * RPCs and a 6 s timeout are both readable; a gap of 1 ms or more is drawn
 * as a break with its length.  Every element has a <title> with the details
 * (hover text).  The markup is XML-well-formed so tests can parse it.
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "show.h"

#define W		1000
#define X_TIME		150	/* right edge of the time labels */
#define X_HOST		270
#define X_GSP		770
#define Y_TOP		40
#define STEP		18.0
#define LOG_PX		12.0

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

static bool is_cont(const struct nvt_record *r)
{
	return (r->k == NVT_CMD || r->k == NVT_MSG) && r->fn == NVT_FN_CONTINUATION;
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

static void head(const struct nvt_trace *t, FILE *out)
{
	const struct nvt_header *h = &t->h;
	const char *url = source_url(h);
	size_t i;

	fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n<title>", out);
	esc(out, h->scenario ? h->scenario : t->file);
	fputs(" \u2014 nvtrace</title>\n<style>\n"
	      "body { font-family: sans-serif; margin: 1em 2em; color: #222; }\n"
	      "table.hdr td { padding: 1px 10px 1px 0; vertical-align: top; }\n"
	      "table.hdr td.k { color: #666; }\n"
	      "svg text { font-family: monospace; font-size: 11px; }\n"
	      "svg .life { stroke: #888; stroke-width: 1.5; }\n"
	      "svg .time { fill: #555; font-size: 10px; }\n"
	      "svg .cmd line { stroke: #1f5fbf; stroke-width: 1.6; }\n"
	      "svg .msg line { stroke: #2e8b57; stroke-width: 1.6; }\n"
	      "svg .event line { stroke: #d2691e; stroke-width: 1.6; stroke-dasharray: 5 3; }\n"
	      "svg .fail line { stroke: #c00; stroke-width: 2.2; }\n"
	      "svg .fail text { fill: #c00; }\n"
	      "svg .err text { fill: #c00; font-weight: bold; }\n"
	      "svg .brk { stroke: #999; stroke-dasharray: 2 3; }\n"
	      "svg .band0 { fill: #eef3fb; }\n"
	      "svg .band1 { fill: #f5f5f0; }\n"
	      "svg .bandname { fill: #557; font-size: 10px; }\n"
	      "</style>\n</head>\n<body>\n<h1>", out);
	esc(out, h->scenario ? h->scenario : t->file);
	fputs("</h1>\n<table class=\"hdr\">\n", out);
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
	if (h->has_expect) {
		fputs("<tr><td class=\"k\">expect</td><td>probe ", out);
		esc(out, h->expect_probe ? h->expect_probe : "(any)");
		for (i = 0; i < h->nexpect_log; i++) {
			fputs(i ? "<br/>" : "<br/>log: ", out);
			fputs("\u201c", out);
			esc(out, h->expect_log[i]);
			fputs("\u201d", out);
		}
		fputs("</td></tr>\n", out);
	}
	fprintf(out, "<tr><td class=\"k\">records</td><td>%zu</td></tr>\n</table>\n", t->n);
}

static void legend(FILE *out)
{
	fputs("<p>\n<svg width=\"760\" height=\"26\" role=\"img\" aria-label=\"legend\">\n", out);
	fputs("<g class=\"cmd\"><line x1=\"5\" y1=\"13\" x2=\"45\" y2=\"13\" marker-end=\"url(#ah)\"/>"
	      "<text x=\"50\" y=\"17\">command (host \u2192 GSP)</text></g>\n", out);
	fputs("<g class=\"msg\"><line x1=\"215\" y1=\"13\" x2=\"255\" y2=\"13\"/>"
	      "<text x=\"260\" y=\"17\">reply</text></g>\n", out);
	fputs("<g class=\"event\"><line x1=\"310\" y1=\"13\" x2=\"350\" y2=\"13\"/>"
	      "<text x=\"355\" y=\"17\">event</text></g>\n", out);
	fputs("<g class=\"fail\"><line x1=\"405\" y1=\"13\" x2=\"445\" y2=\"13\"/>"
	      "<text x=\"450\" y=\"17\">failed reply</text></g>\n", out);
	fputs("<g class=\"err\"><text x=\"545\" y=\"17\">\u2716 driver error</text></g>\n", out);
	fputs("<text x=\"650\" y=\"17\">\u25b8 reg \u26a1 irq</text>\n", out);
	fputs("</svg>\n</p>\n", out);
}

/*
 * log10(x) for x >= 1, to about 1e-4, without libm: the integer part by
 * division, the fraction bit by bit (squaring doubles the exponent).
 */
static double lg10(double x)
{
	double r = 0, bit = 0.5;
	int i;

	while (x >= 10) {
		x /= 10;
		r += 1;
	}
	for (i = 0; i < 14; i++, bit /= 2) {
		x *= x;
		if (x >= 10) {
			x /= 10;
			r += bit;
		}
	}
	return r;
}

/* One drawn row: a record, or a command/reply with its continuation records. */
struct row {
	size_t first, n;	/* records [first, first + n) */
	double y;
	uint64_t gap;		/* ns since the previous row */
};

static void title_rec(FILE *out, const struct nvt_record *r, size_t conts, uint32_t total)
{
	char tb[32];

	nvt_show_time(tb, sizeof(tb), r->t);
	fprintf(out, "<title>line %u, t = %s\n", r->line, tb);
	switch (r->k) {
	case NVT_CMD:
	case NVT_MSG:
		esc(out, nvt_show_dir(r));
		fprintf(out, " %s seq %" PRIu32 ", fn 0x%" PRIx32 " ", nvt_kind_name(r->k), r->seq,
			r->fn);
		esc(out, r->name);
		if (r->k == NVT_MSG)
			fprintf(out, ", result 0x%08" PRIx32, r->result);
		fprintf(out, ", len %" PRIu32 ", %" PRIu32 " element(s)", r->len, r->elems);
		if (conts)
			fprintf(out, " + %zu continuation record(s), %" PRIu32 " bytes in all", conts,
				total);
		break;
	case NVT_WR:
	case NVT_RD:
		fprintf(out, "%s ", r->k == NVT_WR ? "write" : "read");
		esc(out, r->name);
		fprintf(out, " (0x%08" PRIx32 ") = 0x%08" PRIx32, r->reg, r->val);
		break;
	case NVT_IRQ:
		fprintf(out, "interrupt, IRQSTAT 0x%08" PRIx32, r->stat);
		break;
	case NVT_ERR:
		esc(out, r->what);
		fputc(' ', out);
		esc(out, r->extra);
		break;
	case NVT_STATE:
		fputs("boot state ", out);
		esc(out, r->state);
		break;
	case NVT_DROP:
		fprintf(out, "%" PRIu64 " records dropped", r->count);
		break;
	default:
		break;
	}
	fputs("</title>", out);
}

static void arrow(FILE *out, const struct nvt_trace *t, const struct row *rw)
{
	const struct nvt_record *r = &t->rec[rw->first];
	bool event = r->k == NVT_MSG && r->fn >= NVT_FN_FIRST_EVENT;
	bool fail = r->k == NVT_MSG && r->result;
	int x1 = r->k == NVT_CMD ? X_HOST : X_GSP, x2 = r->k == NVT_CMD ? X_GSP : X_HOST;
	uint32_t total = r->len;
	size_t i;

	for (i = 1; i < rw->n; i++)
		total += t->rec[rw->first + i].len;
	fprintf(out, "<g class=\"arrow %s\">", fail ? "fail" : event ? "event" :
		r->k == NVT_CMD ? "cmd" : "msg");
	title_rec(out, r, rw->n - 1, total);
	fprintf(out, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" marker-end=\"url(#ah)\"/>",
		x1, rw->y, x2 + (x2 > x1 ? -2 : 2), rw->y);
	fprintf(out, "<text x=\"%d\" y=\"%.1f\">#%" PRIu32 " ", (X_HOST + X_GSP) / 2 - 200,
		rw->y - 3, r->seq);
	esc(out, r->name);
	if (fail)
		fprintf(out, " \u2717 0x%" PRIx32, r->result);
	fprintf(out, " len %" PRIu32, total);
	if (rw->n > 1)
		fprintf(out, " (+%zu cont)", rw->n - 1);
	fputs("</text></g>\n", out);
}

static void mark(FILE *out, const struct nvt_record *r, double y)
{
	fprintf(out, "<g class=\"mark %s\">", nvt_kind_name(r->k));
	title_rec(out, r, 0, 0);
	switch (r->k) {
	case NVT_WR:
		fprintf(out, "<path d=\"M %d %.1f l 8 4 l -8 4 z\" fill=\"#1f5fbf\"/>", X_HOST + 2, y - 4);
		fprintf(out, "<text x=\"%d\" y=\"%.1f\">", X_HOST + 14, y + 4);
		esc(out, r->name);
		fprintf(out, " \u2190 0x%08" PRIx32 "</text>", r->val);
		break;
	case NVT_RD:
		fprintf(out, "<path d=\"M %d %.1f l -8 4 l 8 4 z\" fill=\"#2e8b57\"/>", X_GSP - 2, y - 4);
		fprintf(out, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">", X_GSP - 14, y + 4);
		esc(out, r->name);
		fprintf(out, " = 0x%08" PRIx32 "</text>", r->val);
		break;
	case NVT_IRQ:
		fprintf(out, "<text x=\"%d\" y=\"%.1f\">\u26a1 IRQSTAT 0x%08" PRIx32 "</text>",
			X_HOST + 4, y + 4, r->stat);
		break;
	case NVT_ERR:
		fprintf(out, "<text x=\"%d\" y=\"%.1f\">\u2716 ", X_HOST - 8, y + 4);
		esc(out, r->what);
		if (r->extra && strcmp(r->extra, "{}")) {
			fputc(' ', out);
			esc(out, r->extra);
		}
		fputs("</text>", out);
		break;
	case NVT_DROP:
		fprintf(out, "<text x=\"%d\" y=\"%.1f\">\u2026 %" PRIu64 " records dropped</text>",
			X_HOST + 4, y + 4, r->count);
		break;
	default:
		break;
	}
	fputs("</g>\n", out);
}

int nvt_show_html(const struct nvt_trace *t, FILE *out, unsigned int *arrows)
{
	struct row *rows = calloc(t->n ? t->n : 1, sizeof(*rows));
	size_t i, j, nrows = 0;
	unsigned int narrows = 0;
	double y = Y_TOP, height;
	uint64_t prev = 0;
	char tb[32];
	int band = 0;

	if (!rows)
		return -1;
	/* Rows and their y: continuation records join the row before them. */
	for (i = 0; i < t->n; i++) {
		const struct nvt_record *r = &t->rec[i];

		if (is_cont(r) && nrows) {
			const struct nvt_record *h = &t->rec[rows[nrows - 1].first];

			if ((h->k == NVT_CMD || h->k == NVT_MSG) && h->k == r->k) {
				rows[nrows - 1].n++;
				continue;
			}
		}
		rows[nrows].first = i;
		rows[nrows].n = 1;
		rows[nrows].gap = i ? r->t - prev : 0;
		if (nrows)
			y += STEP + (rows[nrows].gap ? LOG_PX * lg10(1.0 + rows[nrows].gap / 1000.0) : 0);
		rows[nrows].y = y;
		prev = r->t;
		nrows++;
	}
	height = y + 40;

	head(t, out);
	legend(out);
	fprintf(out, "<svg width=\"%d\" height=\"%.0f\" role=\"img\" aria-label=\"sequence diagram\">\n",
		W, height);
	fputs("<defs><marker id=\"ah\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"7\" "
	      "markerHeight=\"7\" orient=\"auto-start-reverse\"><path d=\"M 0 0 L 10 5 L 0 10 z\" "
	      "fill=\"#444\"/></marker></defs>\n", out);

	/* Boot states: a band from each state to the next. */
	for (i = 0; i < nrows; i++) {
		const struct nvt_record *r = &t->rec[rows[i].first];
		double y0 = rows[i].y - STEP / 2, y1 = height - 20;

		if (r->k != NVT_STATE)
			continue;
		for (j = i + 1; j < nrows; j++)
			if (t->rec[rows[j].first].k == NVT_STATE) {
				y1 = rows[j].y - STEP / 2;
				break;
			}
		fprintf(out, "<g class=\"state\">");
		title_rec(out, r, 0, 0);
		fprintf(out, "<rect class=\"band%d\" x=\"%d\" y=\"%.1f\" width=\"%d\" height=\"%.1f\"/>",
			band, X_TIME + 10, y0, W - X_TIME - 10, y1 - y0);
		fprintf(out, "<text class=\"bandname\" x=\"%d\" y=\"%.1f\" text-anchor=\"end\">", W - 6,
			y0 + 11);
		esc(out, r->state);
		fputs("</text></g>\n", out);
		band ^= 1;
	}

	/* Lifelines. */
	fprintf(out, "<text x=\"%d\" y=\"20\" text-anchor=\"middle\" font-weight=\"bold\">host (nvcore)</text>\n",
		X_HOST);
	fprintf(out, "<text x=\"%d\" y=\"20\" text-anchor=\"middle\" font-weight=\"bold\">GSP (GSP-RM / GPU)</text>\n",
		X_GSP);
	fprintf(out, "<line class=\"life\" x1=\"%d\" y1=\"28\" x2=\"%d\" y2=\"%.0f\"/>\n", X_HOST,
		X_HOST, height - 10);
	fprintf(out, "<line class=\"life\" x1=\"%d\" y1=\"28\" x2=\"%d\" y2=\"%.0f\"/>\n", X_GSP,
		X_GSP, height - 10);

	for (i = 0; i < nrows; i++) {
		const struct nvt_record *r = &t->rec[rows[i].first];

		if (rows[i].gap >= 1000000u) {
			double yb = rows[i].y - STEP / 2 - 2;

			nvt_show_time(tb, sizeof(tb), rows[i].gap);
			fprintf(out, "<line class=\"brk\" x1=\"20\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\"/>",
				yb, W - 10, yb);
			fprintf(out, "<text class=\"time\" x=\"%d\" y=\"%.1f\" text-anchor=\"end\">\u22ee +%s</text>\n",
				X_TIME, yb - 2, tb);
		}
		nvt_show_time(tb, sizeof(tb), r->t);
		fprintf(out, "<text class=\"time\" x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>\n",
			X_TIME, rows[i].y + 3, tb);
		switch (r->k) {
		case NVT_CMD:
		case NVT_MSG:
			arrow(out, t, &rows[i]);
			narrows++;
			break;
		case NVT_STATE:
			break;
		default:
			mark(out, r, rows[i].y);
			break;
		}
	}
	fputs("</svg>\n<p>Vertical axis: piecewise logarithmic in the time between rows; "
	      "dotted lines mark gaps of 1 ms or more. Hover an element for its details.</p>\n"
	      "</body>\n</html>\n", out);
	free(rows);
	if (arrows)
		*arrows = narrows;
	return ferror(out) ? -1 : 0;
}
