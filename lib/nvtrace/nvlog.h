/* SPDX-License-Identifier: MIT */
/*
 * nvlog: read the GSP RPC failures out of an NVIDIA driver kernel log
 * (dmesg or journalctl text, with or without timestamps, several GPUs
 * interleaved).  The layouts are those of NVIDIA's open-gpu-kernel-modules,
 * src/nvidia/src/kernel/gpu/gsp/kernel_gsp.c (_kgspLogXid119 /
 * _kgspLogRpcTimeout, kgspLogRpcDebugInfo, _kgspLogRpcHistoryEntry) and
 * gpu/rc/kernel_rc.c (krcReportXid), 525.x to 595.x; docs/trace-format.md
 * "From a customer's log" lists them.
 *
 * Also nvcore's own dump (driver/core/rpc.c, boot.c: "nvcore <bdf>: GSP RPC
 * <name> (data0 0x%x) timed out after %u ms", "GSP RPC history (<why>),
 * oldest first, times in us:", its rows, "GSP_INIT_DONE did not arrive",
 * "WPR2 is already up"), whose rows name functions instead of numbering
 * them: the functions the importer re-issues or plays are numbered from
 * their names (the numbers every release shares, docs/protocol.md §2.2).
 *
 * What is read: per GPU, its failures (an Xid 119 "Expected function"
 * line, a "GSP Timeout"/"GSP Failure" dump, "unexpected WPR2 already up"),
 * the buffer line and the two history tables of each dump.  What cannot be
 * read (a cut row, rate-limited timeouts, entries the copy lacks) is listed
 * in skips, never guessed.
 */
#ifndef NVLOG_H
#define NVLOG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum nvlog_table { NVLOG_CPU_TO_GSP, NVLOG_GSP_TO_CPU };

/* One history row, as printed: data0/data1 are _kgspGetActiveRpcDebugData's. */
struct nvlog_row {
	unsigned int line;
	enum nvlog_table table;
	int entry;			/* 0, -1, ... (newest first) */
	uint32_t fn;
	char name[32];			/* as printed (truncated to 21 characters from 535.129) */
	bool has_seq;
	uint32_t seq;
	uint64_t data0, data1;
	bool has_ts;			/* the old (pre-535.129) table prints no times */
	uint64_t ts_start, ts_end;	/* us */
	bool flag;			/* actively_polling / during_incomplete_rpc */
	bool pending;			/* nvcore's own dump: "pending" (no reply), whatever ts_end */
};

enum nvlog_fail_kind {
	NVLOG_RPC_TIMEOUT,	/* Xid 119 or a "GSP Timeout" dump */
	NVLOG_WPR2_UP,		/* _kgspBootGspRm: unexpected WPR2 already up */
	NVLOG_OTHER_XID,	/* any other Xid (listed, not imported) */
};

struct nvlog_fail {
	enum nvlog_fail_kind kind;
	unsigned int line;
	int xid;			/* 0 when the log shows none */
	double when;			/* the line's timestamp in s, -1 without one */
	/* "Expected function %d (%s) [sequence %u] (0x%x 0x%x)" */
	bool has_expected;
	uint32_t fn;
	char name[32];
	bool has_seq;
	uint32_t seq;
	uint64_t data0, data1;
	/* "GSP RPC buffer contains function ..." */
	bool has_buffer;
	uint32_t buf_fn;
	uint64_t buf_data0, buf_data1;
	char text[160];			/* the failure line's text, for --explain */
	struct nvlog_row *rows;
	size_t nrows;
};

struct nvlog_gpu {
	char bdf[16];			/* "0000:07:00" (the Xid's PCI) or "" */
	int index;			/* the n of "GPU%d", -1 unknown */
	struct nvlog_fail *fails;
	size_t nfails;
};

struct nvlog_note {
	unsigned int line;
	char text[200];
};

struct nvlog {
	struct nvlog_gpu *gpus;
	size_t ngpus;
	struct nvlog_note *skips;	/* what was left out, and why */
	size_t nskips;
	char version[32];		/* from the module's "loading NVIDIA ... Kernel Module" line */
	unsigned int version_line;
	/* The wording era seen: what --release is suggested from without a version line. */
	char layout[96];
	unsigned int layout_line;
	char chip_hint[16];		/* from a chip HAL suffix in a function name (e.g. _GH100) */
	bool chip_named;		/* chip_hint is the chip nvcore's probe line names */
	bool nvcore;			/* the log is nvcore's own (its rows hold nvcore's boot calls) */
	unsigned int chip_line;
	unsigned int nvrm_lines;	/* NVRM: and nvcore lines */
};

/*
 * Read a log.  NULL on an error that makes the log unusable, with
 * "file:line: reason" in err (a table row before its table's header, a
 * cut failure line, no NVRM line at all).
 */
struct nvlog *nvlog_parse(const char *path, char *err, size_t errlen);
void nvlog_free(struct nvlog *l);

/* "0000:07:00 (GPU0)", "GPU6", ... */
void nvlog_gpu_label(const struct nvlog_gpu *g, char *buf, size_t len);
/* The GPU a --gpu argument names (a PCI address with or without domain and function, or GPU<n>). */
struct nvlog_gpu *nvlog_find_gpu(struct nvlog *l, const char *arg);

#endif
