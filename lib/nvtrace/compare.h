/* SPDX-License-Identifier: MIT */
/*
 * nvtrace compare: the host records of a replayed run against those of a
 * reference trace, in order, under the reference's rules: its source's
 * defaults extended by its header's "tolerate" list (nvt_rules,
 * docs/trace-format.md "Tolerated differences").
 *
 * Only host outputs (d = "h": wr, cmd, state, err, drop) are compared: the
 * firmware side (rd, msg, irq) is what replay makes the model play.
 */
#ifndef NVTRACE_COMPARE_H
#define NVTRACE_COMPARE_H

#include <stdio.h>

#include "nvtrace.h"

#define NVT_NONE	((size_t)-1)

struct nvt_divergence {
	size_t ia, ib;		/* record indices in ref / got; NVT_NONE: that side ended */
	unsigned int line_a, line_b;	/* 0 when that side ended */
	enum nvt_kind k;	/* the reference record's kind (or got's if ref ended) */
	uint32_t fn, reg;	/* signature: cmd fn / wr reg (0 when not applicable) */
	char field[16];		/* "k", "reg", "val", "fn", "seq", "len", "elems",
				 * "payload", "state", "what", "count", "t", "end" */
	char a[160], b[160];	/* both values, printable */
	long payload_off;	/* first differing payload byte, -1 if not a payload */
	char window_a[80], window_b[80];	/* hex around payload_off */
};

struct nvt_cmp_opts {
	bool lenient;		/* go on after a divergence, counting */
	unsigned int context;	/* records of context before a divergence (default 5) */
	unsigned int max_print;	/* lenient: divergences printed in full (default 10) */
	FILE *out;		/* report; NULL: silent */
	const char *got_name;	/* "replayed" */
};

#define NVT_CMP_LISTED	16	/* divergences kept in nvt_cmp_result.list */

struct nvt_cmp_result {
	size_t compared;	/* host record pairs compared */
	size_t divergences;
	bool have_first;
	struct nvt_divergence first;
	/* The first NVT_CMP_LISTED divergences in the order found (lenient: more than one). */
	struct nvt_divergence list[NVT_CMP_LISTED];
	size_t nlist;
};

/* Add d to res->list (while there is room). */
void nvt_cmp_list(struct nvt_cmp_result *res, const struct nvt_divergence *d);

/* 0: same within the rules; 1: diverged (res->first set). */
int nvt_compare(const struct nvt_trace *ref, const struct nvt_trace *got,
		const struct nvt_cmp_opts *o, struct nvt_cmp_result *res);

/* Print one divergence: positions, both values, the payload window and
 * `context` preceding records of each trace. */
void nvt_print_divergence(FILE *f, const struct nvt_trace *ref, const struct nvt_trace *got,
			  const char *got_name, const struct nvt_divergence *d,
			  unsigned int context);

/* One record as a short line (long payloads abbreviated), into buf. */
void nvt_record_summary(const struct nvt_record *r, char *buf, size_t len);

#endif
