#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""The gsptrace CLI's contract: exit codes, file:line: reason for bad input,
replay --json (docs/trace-format.md).  Meson's `gsptrace-cli` test: one
Python start for its cases (docs/testing.md, "Speed"), a TAP line each,
run on every core, the lines in order:

  gsptrace-replay-json            replay --json: one object per trace; the trace
                                  with a deleted reply fails with its missing
                                  reply first, a recorded trace is ok
  gsptrace-replay-missing-reply   the minimized deleted-reply trace names the
                                  missing reply of GSP_RM_CONTROL
  gsptrace-diff-same              diff of a trace with itself: exit 0
  gsptrace-diff-differs           diff of two different traces: exit 1
  gsptrace-bad-input              a record without "seq": exit 2, file:3: reason
  gsptrace-unknown-release        a header naming a release nvcore does not
                                  know, for replay and minimize: exit 2,
                                  file:1: reason naming the known ones

usage: gsptrace_cli.py GSPTRACE DELETED MINIMIZED BOOT UNLOAD BAD WORKDIR KNOWN
  DELETED   rpc.jsonl with the first echo's reply taken out (tools/meson.build)
  MINIMIZED DELETED minimized (gsptrace minimize)
  BOOT, UNLOAD  two recorded traces of one chip and release
  BAD       a trace whose line 3 lacks "seq"
  KNOWN     the releases nvcore knows, as the error lists them
"""
import concurrent.futures
import json
import os
import re
import subprocess
import sys

gsptrace, deleted, minimized, boot, unload, bad, work, known = sys.argv[1:9]


def run(*args):
    return subprocess.run([gsptrace] + list(args), capture_output=True, text=True)


def replay_json():
    r = run("replay", "--json", "--bundle", "", deleted, boot)
    try:
        a, b = [json.loads(line) for line in r.stdout.splitlines()]
        f = a["first_divergence"]
        ok = (r.returncode == 1 and a["verdict"] == "fail" and f["field"] == "reply-missing" and
              f["fn"] == 76 and f["name"] == "GSP_RM_CONTROL" and f["trace_line"] > 1 and
              a["counts"]["divergences"] >= 1 and a["divergences"][0] == f and
              b["verdict"] == "ok" and b["counts"]["divergences"] == 0 and
              b["first_divergence"] is None)
    except (ValueError, KeyError, TypeError, IndexError):
        ok = False
    return None if ok else "unexpected: " + r.stdout


def replay_missing_reply():
    r = run("replay", "--bundle", "", minimized)
    if re.search(r"reply missing for GSP_RM_CONTROL \(seq [0-9]*\)", r.stdout):
        return None
    return "no 'reply missing for GSP_RM_CONTROL (seq N)' in:\n" + r.stdout + r.stderr


def diff_same():
    r = run("diff", boot, boot)
    return None if r.returncode == 0 else "exit %d, want 0:\n%s%s" % (r.returncode, r.stdout, r.stderr)


def diff_differs():
    r = run("diff", boot, unload)
    return None if r.returncode == 1 else "exit %d, want 1:\n%s" % (r.returncode, r.stderr)


def bad_input():
    r = run("replay", bad)
    want = 'bad-line.jsonl:3: cmd: missing field "seq"'
    if r.returncode == 2 and want in r.stdout + r.stderr:
        return None
    return "want exit 2 and %r; got exit %d:\n%s%s" % (want, r.returncode, r.stdout, r.stderr)


def unknown_release():
    t = os.path.join(work, "unknown-release-%d.jsonl" % os.getpid())
    with open(boot) as f:
        head = f.readline()
    with open(t, "w") as o:
        o.write(re.sub(r'"release":"[^"]*"', '"release":"999.1"', head))
    try:
        want = '%s:1: unknown release "999.1" (known: %s)' % (t, known)
        for c in ("replay", "minimize"):
            r = run(c, t)
            if r.returncode != 2 or want not in r.stdout + r.stderr:
                return "%s: want exit 2 and %r; got exit %d:\n%s%s" % (c, want, r.returncode,
                                                                     r.stdout, r.stderr)
        return None
    finally:
        os.remove(t)


CASES = [("gsptrace-replay-json", replay_json),
         ("gsptrace-replay-missing-reply", replay_missing_reply),
         ("gsptrace-diff-same", diff_same), ("gsptrace-diff-differs", diff_differs),
         ("gsptrace-bad-input", bad_input), ("gsptrace-unknown-release", unknown_release)]


def main():
    print("1..%d" % len(CASES), flush=True)
    failed = 0
    with concurrent.futures.ThreadPoolExecutor(os.cpu_count() or 1) as pool:
        runs = [(name, pool.submit(fn)) for name, fn in CASES]
        for n, (name, run_) in enumerate(runs, 1):
            msg = run_.result()
            for line in (msg or "").rstrip("\n").splitlines():
                print("# " + line)
            failed += msg is not None
            print("%s %d - %s" % ("not ok" if msg else "ok", n, name), flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
