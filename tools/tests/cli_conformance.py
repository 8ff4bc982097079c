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
replay --strict and --seed=0x1, nvcore-run's progress lines in a log), and
`gsptrace matrix --json` / `-j N` (issues 16 and 14): the verdict of each of a
good, a changed and a malformed trace, the same report whatever N, no
progress lines in a log, bad --jobs values, a replay that cannot start.
"""
import concurrent.futures
import functools
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

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


# Every check below is independent of the others: they run on every core
# (the tools are separate processes), each failure printed as it is found.
jobs = [functools.partial(check, "gsptrace", [gsptrace], [])]
for sub, path, start, eq in [
        ("replay", "tools/gsptrace.c", "static int cmd_replay(", "--seed=0x1"),
        ("diff", "tools/gsptrace.c", "static int cmd_diff(", None),
        ("record", "tools/gsptrace.c", "static int cmd_record(", "--chip=ga102"),
        ("minimize", "tools/gsptrace.c", "static int cmd_minimize(", "--max-runs=3"),
        ("matrix", "tools/gsptrace.c", "static int cmd_matrix(", "--jobs=2"),
        ("import", "tools/import.c", "int gsptrace_import(", "--gpu=0000:01:00.0"),
        ("show", "tools/show.c", "int gsptrace_show(", "--preview=8"),
        ("export", "tools/export.c", "int gsptrace_export(", "--format=chrome")]:
    opts = c_options(path, start)
    # show's table is its own (no --version); the others share GSPTRACE_STD_OPTS
    jobs.append(functools.partial(check, "gsptrace " + sub, [gsptrace, sub],
                                  [o for o in opts if o != "help"], version_too=False, eq=eq))
jobs.append(functools.partial(check, "nvcore-run", [run_exe],
                              c_options("tools/nvcore-run.c"), eq="--rpcs=0"))
jobs.append(functools.partial(check, "nvcore-peek", [peek],
                              c_options("tools/nvcore-peek.c"), eq="--release=570.144"))
jobs.append(functools.partial(check, "conformance", [conformance],
                              c_options("conformance/main.c"), eq="--chip=gh100"))
for script in ["ci/run-main", "ci/test", "ci/setup", "ci/vm-test"]:
    jobs.append(functools.partial(check, script, [os.path.join(src, script)], sh_options(script),
                                  eq="--chip=ga102" if script == "ci/vm-test" else None))


def issue_cases():
    """The issue's cases, one by one."""
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


# gsptrace matrix.  The verdicts expected are the data's own: boot.jsonl is a
# recorded trace that replays; static-info-fn-changed.jsonl has one host
# record changed by hand (lib/nvtrace/tests/data: GET_GSP_STATIC_INFO's fn
# 65 made 66), so it diverges twice: that command, and its recorded reply
# (fn 65), which then answers no command;
# bad-line.jsonl's line 3 lacks "seq".
def matrix_cases():
    tmp = tempfile.mkdtemp(prefix="cli-matrix-")
    try:
        data = os.path.join(src, "lib/nvtrace/tests/data")
        mdir = os.path.join(tmp, "traces")
        os.makedirs(os.path.join(mdir, "ga102"))
        shutil.copy(trace, os.path.join(mdir, "ga102", "boot.jsonl"))
        for f in ["static-info-fn-changed.jsonl", "bad-line.jsonl"]:
            shutil.copy(os.path.join(data, f), mdir)
        env = {"NVCORE_BUNDLE_DIR": os.path.join(tmp, "bundles")}
        want = {"ga102/boot": ("ok", 0), "static-info-fn-changed": ("FAIL", 2),
                "bad-line": ("bad-input", 0)}
        r = run([gsptrace, "matrix", "--json", "-j", "3", mdir], env)
        try:
            doc = json.loads(r.stdout)
        except ValueError as e:
            doc = None
            fail(f"matrix --json: stdout is not JSON ({e}): {r.stdout[:200]!r}")
        if r.returncode != 1:
            fail(f"matrix --json with a failing trace: exit {r.returncode}, want 1")
        if doc:
            got = {t["name"]: (t["verdict"], t["divergences"]) for t in doc["traces"]}
            if got != want:
                fail(f"matrix --json verdicts {got}, want {want}")
            if [t["name"] for t in doc["traces"]] != sorted(want):
                fail(f"matrix --json: traces not in file order: {[t['name'] for t in doc['traces']]}")
            bad = [t for t in doc["traces"] if t["name"] == "bad-line"]
            if not bad or "bad-line.jsonl:3:" not in (bad[0]["error"] or ""):
                fail(f"matrix --json: bad-line's error does not name line 3: {bad}")
            changed = [t for t in doc["traces"] if t["name"] == "static-info-fn-changed"]
            if not changed or not changed[0]["first_divergence"] or \
                    not isinstance(changed[0]["first_divergence"].get("line"), int):
                fail(f"matrix --json: no first_divergence for the changed trace: {changed}")
            s_ = doc.get("summary", {})
            if (s_.get("traces"), s_.get("ok"), s_.get("failed"), s_.get("jobs")) != (3, 1, 2, 3) or \
                    not all(isinstance(t["duration_s"], float) for t in doc["traces"]):
                fail(f"matrix --json summary {s_}, want 3 traces, 1 ok, 2 failed, 3 jobs")
        if "\r" in r.stderr or " running" in r.stderr:
            fail(f"matrix writes progress lines into a log: {r.stderr!r}")

        # The same report, table and stderr, with 1 job and with 3 (times aside).
        def untimed(text):
            return re.sub(r"[0-9.]+ s\b", "T s", re.sub(r"-[0-9]+\n", "\n", text))
        one = run([gsptrace, "matrix", "--jobs", "1", mdir], env)
        three = run([gsptrace, "matrix", "--jobs=3", mdir], env)
        if one.returncode != 1 or three.returncode != 1:
            fail(f"matrix -j 1 / -j 3: exit {one.returncode} / {three.returncode}, want 1")
        if untimed(one.stdout) != untimed(three.stdout) or not one.stdout.startswith("chip"):
            fail(f"matrix -j 1 and -j 3 print different tables:\n{one.stdout}\n{three.stdout}")
        if untimed(one.stderr) != untimed(three.stderr):
            fail(f"matrix -j 1 and -j 3 report differently:\n{one.stderr}\n{three.stderr}")

        for bad_j in ["0", "x", "-1"]:
            r = run([gsptrace, "matrix", "--jobs", bad_j, mdir])
            if r.returncode != 2 or "--jobs" not in r.stderr:
                fail(f"matrix --jobs {bad_j}: exit {r.returncode} (want 2), {r.stderr.strip()!r}")
        # A replay that cannot start (no firmware): its worker exits 2 naming the
        # file; the matrix says so and exits 2.
        os.makedirs(os.path.join(tmp, "nofw"))
        r = run([gsptrace, "matrix", "--json", "--fw-dir", os.path.join(tmp, "nofw"),
                 os.path.join(mdir, "ga102")], env)
        try:
            died = json.loads(r.stdout)["traces"][0]
        except (ValueError, KeyError, IndexError):
            died = {}
        if r.returncode != 2 or died.get("verdict") != "died" or "cannot open" not in r.stderr:
            fail(f"matrix with no firmware: exit {r.returncode} (want 2), {died}, {r.stderr.strip()!r}")
    finally:
        shutil.rmtree(tmp)


jobs += [issue_cases, matrix_cases]
with concurrent.futures.ThreadPoolExecutor(os.cpu_count() or 1) as pool:
    for done in [pool.submit(j) for j in jobs]:
        done.result()
print(f"{len(failures)} failure(s)")
sys.exit(1 if failures else 0)
