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
#include <getopt.h>
#include <stdio.h>

/* Every subcommand's long options end with these two (then { }). */
#define GSPTRACE_STD_OPTS { "help", no_argument, NULL, 'h' }, { "version", no_argument, NULL, 'V' }
/*
 * getopt_long() for a subcommand (argv[0] its name): --help prints help to
 * stdout, --version prints "nvcore VERSION", both return 'h' (exit 0); an
 * unknown option or a missing argument prints one line "gsptrace CMD: ..." on
 * stderr and returns '?' (exit 2).  Otherwise as getopt_long.
 */
int gsptrace_getopt(int argc, char **argv, const char *shortopts, const struct option *lo,
		    const char *help);
/* An unsigned number (decimal, 0x hex, 0 octal); prints what was wrong, -1. */
int gsptrace_u64(const char *cmd, const char *opt, const char *s, uint64_t *v);

struct gsptrace_subcmd {
	const char *name;
	int (*fn)(int argc, char **argv);
	const char *summary;
};

/* `gsptrace show` (tools/show.c, html.c). */
int gsptrace_show(int argc, char **argv);
/* `gsptrace import` (tools/import.c): a customer's kernel log to a trace. */
int gsptrace_import(int argc, char **argv);
/* `gsptrace export` (tools/export.c): Trace Event Format JSON for Perfetto / chrome://tracing. */
int gsptrace_export(int argc, char **argv);

#endif
