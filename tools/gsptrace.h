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

/* `gsptrace show` (tools/show.c, html.c). */
int gsptrace_show(int argc, char **argv);
/* `gsptrace import` (tools/import.c): a customer's kernel log to a trace. */
int gsptrace_import(int argc, char **argv);

#endif
