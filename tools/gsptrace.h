/* SPDX-License-Identifier: MIT */
/*
 * gsptrace's subcommands: each is int fn(int argc, char **argv) with argv[0]
 * the subcommand's name, returning the exit status (0 ok, 1 failed/differs,
 * 2 bad input or usage), printing its usage for --help.  A subcommand in its
 * own file declares its function here and adds one line to the table in
 * gsptrace.c.
 */
#ifndef GSPTRACE_H
#define GSPTRACE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct gsptrace_subcmd {
	const char *name;
	int (*fn)(int argc, char **argv);
	const char *summary;
};

/*
 * Record one emulated scenario ("boot", "rpc", "irq", "unload") for chip and
 * release; the trace text (with scenario and expect in the header) in
 * *text (malloc'd).  0 ok, 1 the run failed, 2 bad arguments.
 */
int gsptrace_record(const char *chip, const char *release, const char *scenario, uint64_t seed,
		    bool seed_set, char **text, size_t *len);

/* `gsptrace show` (tools/nvtrace/show.c, html.c). */
int gsptrace_show(int argc, char **argv);

#endif
