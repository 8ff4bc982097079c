/* SPDX-License-Identifier: MIT */
/*
 * gsptrace show: a trace as a readable text timeline, or as one
 * self-contained HTML page with an SVG sequence diagram (host and GSP
 * lifelines).  Both read a loaded trace (nvtrace.h) and never touch the
 * network: the HTML has no external asset; its only link is the trace's
 * field source, if any.
 */
#ifndef NVTRACE_SHOW_H
#define NVTRACE_SHOW_H

#include <stdbool.h>
#include <stdio.h>

#include "nvtrace.h"

/* RPC function number of a continuation record (protocol.md §1.5, §2.2). */
#define NVT_FN_CONTINUATION	71u
/* Events are function numbers from 0x1000 up (protocol.md §2.3). */
#define NVT_FN_FIRST_EVENT	0x1000u

struct nvt_show_opts {
	bool payload;		/* text: show a payload preview (default on) */
	unsigned int preview;	/* bytes of payload preview (default 16) */
};

/* "host → GSP", "GSP → host" or "host" for a record. */
const char *nvt_show_dir(const struct nvt_record *r);
/* Human time: "12.345678 s" style, into buf. */
void nvt_show_time(char *buf, size_t len, uint64_t ns);

/* The text timeline; returns 0 or -1 on a write error. */
int nvt_show_text(const struct nvt_trace *t, FILE *out, const struct nvt_show_opts *o);
/* The HTML page; returns 0 or -1 on a write error.  *arrows (may be NULL)
 * receives the number of message arrows drawn. */
int nvt_show_html(const struct nvt_trace *t, FILE *out, unsigned int *arrows);

/* `gsptrace show [--html OUT] [--no-payload] TRACE`: 0 ok, 1 write error,
 * 2 usage or a trace the loader refuses (its "file:line: reason"). */
int gsptrace_show(int argc, char **argv);

#endif
