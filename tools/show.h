/* SPDX-License-Identifier: MIT */
/*
 * gsptrace show: a trace as a readable text timeline, or as one
 * self-contained HTML page that opens on the failure (html.c).  Both read a loaded trace (nvtrace.h) and never touch the
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

/* A duration: "12 us", "1.234 ms", "6.000000 s", into buf. */
void nvt_show_duration(char *buf, size_t len, uint64_t ns);
/*
 * What data0 of NVIDIA's RPC history would show for a command or reply
 * (kernel_gsp.c _kgspGetActiveRpcDebugData: control cmd, alloc class, freed
 * object), read from its payload (docs/protocol.md §2.4): "cmd 0x90cc0301".
 * false (buf untouched) for other functions or a payload too short.
 */
bool nvt_show_rpc_what(const struct nvt_record *r, char *buf, size_t len);
/* That data0 as a number (0 for other functions, as NVIDIA's history prints it). */
uint32_t nvt_show_data0(const struct nvt_record *r);
/* The object status a GSP_RM_CONTROL/ALLOC or FREE reply carries in its payload
 * (protocol.md §2.4), when it is not 0: true with *status. */
bool nvt_show_status(const struct nvt_record *r, uint32_t *status);

/*
 * Commands paired with their replies (html.c, export.c).  GSP-RM answers
 * the command queue in order, and a reply carries its command's function
 * number (protocol.md §1.4), so a reply belongs to the oldest command of its
 * function that has none yet.  A command without a reply is paired with the
 * first later rpc-timeout err record naming its function, if any.
 * Continuation records (fn 71) are folded into the record they continue.
 * Every array has one entry per record, -1 where nothing applies.
 */
struct nvt_pairs {
	long *reply;		/* cmd -> its reply; reply -> its cmd */
	long *timeout;		/* cmd -> the rpc-timeout err that ended its wait */
	uint32_t *cont_len;	/* cmd/msg -> payload bytes of its continuation records */
};
/* 0, or -1 when out of memory. */
int nvt_show_pair(const struct nvt_trace *t, struct nvt_pairs *p);
void nvt_show_pairs_free(struct nvt_pairs *p);

/* The text timeline; returns 0 or -1 on a write error. */
int nvt_show_text(const struct nvt_trace *t, FILE *out, const struct nvt_show_opts *o);
/* The HTML page (html.c); returns 0 or -1 on a write error.  *paired (may
 * be NULL) receives the number of commands shown with their reply. */
int nvt_show_html(const struct nvt_trace *t, FILE *out, unsigned int *paired);

/* `gsptrace show [--html OUT] [--no-payload] TRACE`: 0 ok, 1 write error,
 * 2 usage or a trace the loader refuses (its "file:line: reason"). */
int gsptrace_show(int argc, char **argv);

#endif
