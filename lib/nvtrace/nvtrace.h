/* SPDX-License-Identifier: MIT */
/*
 * nvtrace: load and write nvcore GSP traces (docs/trace-format.md, v1).
 *
 * A trace in memory is its header plus an array of records in file order.
 * Every record keeps the line it came from, so reports can name
 * "file:line".  Payload hex is decoded into bytes; register values and
 * statuses into integers; names are kept only for display (readers use the
 * numbers, never the names).
 *
 * Loading is strict: the first problem stops it and the error names the
 * file, the line and the reason ("t.jsonl:7: cmd: missing field \"seq\"").
 *
 * Typical use:
 *
 *	char err[512];
 *	struct nvt_trace *t = nvt_load("traces/ga102/570.144/boot.jsonl",
 *				       err, sizeof(err));
 *	if (!t) { fprintf(stderr, "%s\n", err); return 2; }
 *	for (size_t i = 0; i < t->n; i++)
 *		if (t->rec[i].k == NVT_CMD) ...
 *	nvt_free(t);
 *
 * Writing (nvt_write/nvt_write_file) emits keys in the order of the format
 * document, so a load + write round trip of a well-formed trace is byte
 * identical.
 */
#ifndef NVTRACE_H
#define NVTRACE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define NVT_VERSION	1
#define NVT_MAX_LINE	(1u << 20)	/* 1 MiB, the format's limit */

enum nvt_kind {
	NVT_WR,		/* h: reg, name, val */
	NVT_RD,		/* g: reg, name, val[, n] */
	NVT_CMD,	/* h: seq, fn, name, len, elems, payload */
	NVT_MSG,	/* g: seq, fn, name, result, len, elems, payload */
	NVT_IRQ,	/* g: stat */
	NVT_STATE,	/* h: state */
	NVT_ERR,	/* h: what (+ free-form extra fields) */
	NVT_DROP,	/* h: count */
	NVT_NKINDS
};

/* "wr", "rd", ...; NULL for an out-of-range kind. */
const char *nvt_kind_name(enum nvt_kind k);
/* -1 for an unknown name. */
int nvt_kind_parse(const char *name);
/* 'h' (host output) or 'g' (firmware/GPU output): fixed per kind. */
char nvt_kind_dir(enum nvt_kind k);

struct nvt_record {
	unsigned int line;	/* 1-based line in the file (the header is line 1) */
	uint64_t t;		/* ns since recording started */
	enum nvt_kind k;
	char d;			/* 'h' or 'g' */
	char *name;		/* wr/rd/cmd/msg: human name (may be "") */
	/* wr, rd */
	uint32_t reg, val;
	/* rd: how many reads in a row returned val ("n", a polling loop; 0 or 1:
	 * one read, and the key is left out when writing) */
	uint64_t n;
	/* cmd, msg */
	uint32_t seq, fn, result, len, elems;	/* result: msg only */
	uint8_t *payload;			/* len bytes (NULL if len == 0) */
	/* irq */
	uint32_t stat;
	/* state */
	char *state;
	/* err: "what" plus the record's other fields as a compact JSON object
	 * text without t/k/d/what ("{}" when none), in file order */
	char *what;
	char *extra;
	/* drop */
	uint64_t count;
};

enum nvt_rule_kind {
	NVT_RULE_DMA_REMAP,
	NVT_RULE_TIME,
	NVT_RULE_HANDLES,
	NVT_RULE_IGNORE,
};

struct nvt_rule {
	enum nvt_rule_kind rule;
	uint64_t window_ns;	/* time */
	int k;			/* ignore: the kind */
	bool has_reg, has_fn;	/* ignore: optional narrowing */
	uint32_t reg, fn;
};

struct nvt_header {
	int version;			/* NVT_VERSION */
	char *chip;			/* "ga102" */
	char *pci_vendor, *pci_device, *pci_subsystem, *pci_revision;	/* as written */
	/* Where the device sat (optional; replay rebuilds it): "0000:01:00.0", BAR bus addresses. */
	char *pci_bdf;
	bool has_bar;
	uint64_t pci_bar[6];
	char *release;			/* "535.113.01" */
	char *driver;			/* "nvcore 1.0" */
	/* The emulator's seed, written by the harness that ran it; absent from hardware. */
	bool has_seed;
	uint64_t seed;
	char *source;			/* emulated | hardware | field:<URL> */
	/* The header's own "tolerate" rules (0 when absent): they extend the
	 * source's defaults, nvt_rules() gives both. */
	struct nvt_rule *tolerate;
	size_t ntolerate;
	char *scenario;			/* NULL if absent */
	/* Module parameters the run was started with, "module.parameter=value" (optional). */
	char **params;
	size_t nparams;
	/* The fault spec the emulator ran under (gspm_fault_arm); NULL if absent. */
	char *fault;
	/* expect (optional) */
	bool has_expect;
	char *expect_probe;		/* "ok", "-ETIMEDOUT", ... (NULL: not checked) */
	char **expect_log;		/* substrings the driver log must contain */
	size_t nexpect_log;
};

/*
 * The default tolerated differences of a source (docs/trace-format.md
 * "Tolerated differences"): "emulated" and "hardware" have theirs, a
 * "field:<URL>" trace has none (its header lists its rules).  0 with the
 * rules in *rules and *n; -1 for a source nvtrace does not know (the
 * loader refuses such a trace).
 */
int nvt_source_rules(const char *source, const struct nvt_rule **rules, size_t *n);
/*
 * The rules a replay compares under: the source's defaults, then the
 * header's own "tolerate" rules, which extend them (the last "time" rule
 * sets the window).  malloc'd, *n of them; NULL when out of memory.
 */
struct nvt_rule *nvt_rules(const struct nvt_header *h, size_t *n);
/* Whether an "ignore" rule among rules covers record x (not compared; an
 * ignored rd is not played either: the model answers it). */
bool nvt_rules_ignore(const struct nvt_rule *rules, size_t n, const struct nvt_record *x);

struct nvt_trace {
	char *file;			/* the path or name it was loaded from */
	struct nvt_header h;
	struct nvt_record *rec;
	size_t n, cap;
};

/*
 * Load a trace.  NULL on error with "file:line: reason" in err.
 * nvt_load_mem parses a trace held in memory (an embedded test trace);
 * name stands for the file in messages.
 */
struct nvt_trace *nvt_load(const char *path, char *err, size_t errlen);
struct nvt_trace *nvt_load_mem(const char *name, const char *buf, size_t len,
			       char *err, size_t errlen);
void nvt_free(struct nvt_trace *t);

/* An empty trace (header fields NULL/0, version 1) to fill and write. */
struct nvt_trace *nvt_new(void);
/* Append a copy of r (strings and payload duplicated); returns the copy. */
struct nvt_record *nvt_append(struct nvt_trace *t, const struct nvt_record *r);
/* Remove records [i, i + count). */
void nvt_remove(struct nvt_trace *t, size_t i, size_t count);
/* Deep copy. */
struct nvt_trace *nvt_dup(const struct nvt_trace *t);

/*
 * Write the header or one record as one JSON line (with the trailing '\n')
 * into a malloc'd string; the caller frees it.  NULL on allocation failure.
 */
char *nvt_format_header(const struct nvt_header *h);
char *nvt_format_record(const struct nvt_record *r);
/* Write the whole trace; 0 or -1 (errno set). */
int nvt_write(const struct nvt_trace *t, FILE *f);
int nvt_write_file(const struct nvt_trace *t, const char *path);

/* Hex helpers: 0 on success, -1 on a bad digit / odd length. */
int nvt_hex_decode(const char *hex, uint8_t **out, size_t *len);
/* Lowercase hex of len bytes, malloc'd. */
char *nvt_hex_encode(const uint8_t *p, size_t len);

#endif
