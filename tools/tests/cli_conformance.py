#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""CLI conformance of every nvcore tool and ci script (issue 16).

usage: cli_conformance.py SRCROOT GSPTRACE NVCORE-RUN NVCORE-PEEK CONFORMANCE

For each tool (and each gsptrace subcommand):
  --help     exits 0 and its text names every long option the tool's parser
             accepts; the options are read from the parser's source (the
             `struct option` table, or the shell `case` patterns), not from
             the help text, so an option missing from --help fails here
  --version  exits 0 and prints "nvcore <driver/VERSION>"
  --bogus    exits 2 with a message on stderr naming --bogus
  --opt=value  the `=` form of one valued option is accepted: with a bogus
             option after it, the error is about --bogus only
plus the regressions the issue lists (NVCORE_SEED=zzz, record --release 1.2.3,
replay --strict and --seed=0x1, nvcore-run's progress lines in a log).
"""
import os
import re
import subprocess
import sys

src, gsptrace, run_exe, peek, conformance = [os.path.abspath(a) for a in sys.argv[1:6]]
version = open(os.path.join(src, "driver", "VERSION")).read().strip()
trace = os.path.join(src, "traces/ga102/570.144/boot.jsonl")
failures = []


def fail(what):
    failures.append(what)
    print("FAIL: " + what)


def run(argv, env=None):
    e = dict(os.environ)
    e.update(env or {})
    return subprocess.run(argv, capture_output=True, text=True, timeout=120, env=e,
                          cwd="/")  # from any directory


def c_options(path, start=None):
    """Long option names in the struct option table(s) of the function that
    starts at `start` (the whole file without it)."""
    text = open(os.path.join(src, path)).read()
    if start:
        i = text.index(start)
        text = text[i:text.index("\n}\n", i)]
    return re.findall(r'\{\s*"([a-z][a-z-]*)",\s*(?:no|required|optional)_argument', text)


def sh_options(path):
    """Long options in the script's `case` patterns (lines like `--chip) ...`)."""
    text = open(os.path.join(src, path)).read()
    opts = []
    for pat in re.findall(r"^\s*([-|a-z]+)\)", text, re.M):
        opts += [p[2:] for p in pat.split("|") if p.startswith("--")]
    return opts


def check(name, argv, opts, version_too=True, eq=None):
    r = run(argv + ["--help"])
    if r.returncode != 0:
        fail(f"{name} --help exits {r.returncode}")
    for o in opts:
        if "--" + o not in r.stdout:
            fail(f"{name} --help does not mention --{o}")
    if version_too:
        r = run(argv + ["--version"])
        if r.returncode != 0 or r.stdout.strip() != "nvcore " + version:
            fail(f"{name} --version: exit {r.returncode}, {r.stdout.strip()!r}, "
                 f"want 'nvcore {version}'")
    r = run(argv + ["--bogus"])
    if r.returncode != 2 or "--bogus" not in r.stderr:
        fail(f"{name} --bogus: exit {r.returncode} (want 2), stderr {r.stderr.strip()!r}")
    if eq:
        r = run(argv + [eq, "--bogus"])
        if r.returncode != 2 or "--bogus" not in r.stderr or eq.split("=")[0] in r.stderr:
            fail(f"{name} {eq}: not accepted: exit {r.returncode}, {r.stderr.strip()!r}")


check("gsptrace", [gsptrace], [])
for sub, path, start, eq in [
        ("replay", "tools/gsptrace.c", "static int cmd_replay(", "--seed=0x1"),
        ("diff", "tools/gsptrace.c", "static int cmd_diff(", None),
        ("record", "tools/gsptrace.c", "static int cmd_record(", "--chip=ga102"),
        ("minimize", "tools/gsptrace.c", "static int cmd_minimize(", "--max-runs=3"),
        ("matrix", "tools/gsptrace.c", "static int cmd_matrix(", None),
        ("import", "tools/import.c", "int gsptrace_import(", "--gpu=0000:01:00.0"),
        ("show", "tools/show.c", "int gsptrace_show(", "--preview=8"),
        ("export", "tools/export.c", "int gsptrace_export(", "--format=chrome")]:
    opts = c_options(path, start)
    # show's table is its own (no --version); the others share GSPTRACE_STD_OPTS
    check("gsptrace " + sub, [gsptrace, sub], [o for o in opts if o != "help"],
          version_too=False, eq=eq)
check("nvcore-run", [run_exe],
      c_options("tools/nvcore-run.c"), eq="--rpcs=0")
check("nvcore-peek", [peek],
      c_options("tools/nvcore-peek.c"), eq="--release=570.144")
check("conformance", [conformance],
      c_options("conformance/main.c"), eq="--chip=gh100")
for script in ["ci/run-main", "ci/test", "ci/setup", "ci/vm-test"]:
    check(script, [os.path.join(src, script)], sh_options(script),
          eq="--chip=ga102" if script == "ci/vm-test" else None)

# The cases, one by one.
r = run([gsptrace, "replay", "--strict", "--quiet", "--seed=0x1", trace])
if r.returncode != 0:
    fail(f"replay --strict --seed=0x1: exit {r.returncode}: {r.stderr.strip()}")
r = run([gsptrace, "record", "--chip", "ga102", "--release", "1.2.3", "--scenario", "boot"])
if r.returncode != 2 or "1.2.3" not in r.stderr:
    fail(f"record --release 1.2.3: exit {r.returncode} (want 2), {r.stderr.strip()!r}")
r = run([run_exe, "--rpcs", "0"], env={"NVCORE_SEED": "zzz"})
if r.returncode != 2 or "NVCORE_SEED" not in r.stderr:
    fail(f"NVCORE_SEED=zzz nvcore-run: exit {r.returncode} (want 2), {r.stderr.strip()!r}")
r = run([run_exe, "--seed=0x1", "--rpcs=16"])
if r.returncode != 0 or "seed 0x1\n" not in r.stdout:
    fail(f"nvcore-run --seed=0x1: exit {r.returncode}, seed line missing")
if "RPCs" in r.stderr:	# stderr is a pipe here, not a terminal
    fail(f"nvcore-run writes progress lines into a log: {r.stderr!r}")

print(f"{len(failures)} failure(s)")
sys.exit(1 if failures else 0)
