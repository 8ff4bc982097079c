#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Check one field-bug trace: the nvtrace loader accepts it (via
`gsptrace show`), and it keeps the contract traces/README.md gives field
traces: a public source, a supported chip x release, function and event
names that are the release's own for their numbers (consts.tsv), times in
order, and an `expect` block consistent with the records (a timed-out call
has no reply; a failed probe has its probe-failed record).

usage: check_trace.py GSPTRACE TRACE [--rerecord FIELDREC WORKDIR]
       check_trace.py GSPTRACE --tap TRACE... [--rerecord FIELDREC WORKDIR TRACE...]

--rerecord: TRACE (a constructed field trace) must also be the driver's
stable run of itself, as FIELDREC writes it.

--tap: meson's `field-traces` test, one Python start for every trace
(docs/testing.md, "Speed"): a TAP line field/<name> for each TRACE's
contract, then field/rerecord/<name> for the re-record of each TRACE after
--rerecord (whose contract is its field/<name> line's); the failures as TAP
comments.  The traces are checked on every core (one at a time when renewing, each
re-record first), the lines in order.
"""
import concurrent.futures
import json
import os
import shutil
import subprocess
import sys

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
SUPPORTED = {("ga102", "535.113.01"), ("ga102", "535.261.03"), ("ga102", "570.144"),
             ("ad102", "535.113.01"), ("ad102", "535.261.03"), ("ad102", "570.144"),
             ("gh100", "535.261.03"), ("gh100", "570.144"), ("ga100", "535.113.01")}


def names(release):
    fn, ev = {}, {}
    with open(os.path.join(ROOT, "driver/core/fw", release, "consts.tsv")) as f:
        for line in f:
            k, _, v = line.rstrip("\n").partition("\t")
            for pre, d in (("NV_VGPU_MSG_FUNCTION_", fn), ("NV_VGPU_MSG_EVENT_", ev)):
                if k.startswith(pre):
                    d.setdefault(int(v, 0), k[len(pre):])
    return fn, ev


def contract(show, path):
    """The errors of TRACE's loading and contract, and a summary line."""
    errors = []

    def bad(lineno, msg):
        errors.append("%s:%d: %s" % (path, lineno, msg))

    p = subprocess.run([show, "show", "--no-payload", path], capture_output=True, text=True)
    if p.returncode != 0:
        return ["%s: gsptrace show refused it (%d): %s" % (path, p.returncode, p.stderr.strip())], None
    with open(path) as f:
        lines = [json.loads(l) for l in f]
    h, recs = lines[0], lines[1:]
    stem = os.path.basename(path).split(".jsonl")[0]
    if not h.get("source", "").startswith("field:https://github.com/"):
        bad(1, "source is not field:<a public GitHub URL>")
    if h.get("scenario") != stem:
        bad(1, "scenario %r is not the file name %r" % (h.get("scenario"), stem))
    if (h["chip"], h["release"]) not in SUPPORTED:
        bad(1, "%s with %s is not a combination nvcore boots" % (h["chip"], h["release"]))
    exp = h.get("expect")
    if exp:
        exp.setdefault("log", [])      # the writer leaves out an empty list
    if not exp or "probe" not in exp or not isinstance(exp.get("log"), list):
        bad(1, "no expect block with probe and log")
        exp = {"probe": "ok", "log": []}
    fn_names, ev_names = names(h["release"])
    prev_t, cmd_seq = -1, None
    states = []
    for i, r in enumerate(recs, start=2):
        if r["t"] < prev_t:
            bad(i, "time goes backwards")
        prev_t = r["t"]
        if r["k"] in ("cmd", "msg"):
            table = ev_names if r["fn"] >= 0x1000 else fn_names
            if table.get(r["fn"]) != r["name"]:
                bad(i, "fn 0x%x is %s in %s, not %s" % (r["fn"], table.get(r["fn"]), h["release"],
                                                        r["name"]))
            if r["len"] * 2 != len(r["payload"]):
                bad(i, "len %d but %d payload bytes" % (r["len"], len(r["payload"]) // 2))
        if r["k"] == "cmd":
            if cmd_seq is not None and r["seq"] != cmd_seq + 1:
                bad(i, "command seq %d after %d" % (r["seq"], cmd_seq))
            cmd_seq = r["seq"]
        if r["k"] == "state":
            states.append(r["state"])
        if r["k"] == "err" and r["what"] == "rpc-timeout":
            # the last command of that function before it must have no reply
            last = max((j for j in range(i - 2) if recs[j]["k"] == "cmd" and recs[j]["fn"] == r["fn"]),
                       default=None)
            if last is None:
                bad(i, "rpc-timeout without a command of fn %d" % r["fn"])
            elif any(recs[j]["k"] == "msg" and recs[j]["fn"] == r["fn"] for j in range(last, i - 2)):
                bad(i, "rpc-timeout but the command on line %d was answered" % (last + 2))
    if exp["probe"] == "ok":
        if "ready" not in states or "failed" in states:
            bad(1, "expect probe ok but the boot does not reach ready")
    else:
        if not any(r["k"] == "err" and r["what"] == "probe-failed" and r.get("err") == exp["probe"]
                   for r in recs):
            bad(1, "no probe-failed record with errno %s" % exp["probe"])
    return errors, "%s: ok (%d records, %s / %s, expect probe %s, %d log lines)" % (
        path, len(recs), h["chip"], h["release"], exp["probe"], len(exp["log"]))


def rerecord(fieldrec, work, path, tag):
    """The error when TRACE is not the driver's stable run of itself, or None."""
    out = os.path.join(work, "%s-%d-%s.rerecord" % (os.path.basename(path).split(".jsonl")[0],
                                                 os.getpid(), tag))
    p = subprocess.run([fieldrec, path, out], capture_output=True, text=True)
    with open(path) as f:
        same = p.returncode == 0 and os.path.exists(out) and open(out).read() == f.read()
    if (not same and p.returncode == 0 and os.path.exists(out)
            and os.environ.get("NVCORE_RENEW_TRACES") == "1"):
        # tools/record-traces: the driver's run of it becomes the trace.
        shutil.copyfile(out, path)
        print("# %s: renewed" % path, flush=True)
        same = True
    if os.path.exists(out):
        os.remove(out)
    if same:
        return None
    return ("%s:1: not the driver's stable run of itself (%s); after an intended driver change "
            "renew it with\n  %s %s %s" % (path, p.stderr.strip() or "it differs", fieldrec, path, path))


def tap(show, args):
    traces, fieldrec, work, constructed = args, None, None, []
    if "--rerecord" in args:
        k = args.index("--rerecord")
        traces, (fieldrec, work), constructed = args[:k], args[k + 1:k + 3], args[k + 3:]

    def name(path):
        return os.path.basename(path).split(".jsonl")[0]

    def rerun(n, path):
        e = rerecord(fieldrec, work, path, str(n))
        return [e] if e else [], None

    # Renewing (tools/record-traces), one at a time, each trace renewed
    # before its contract is checked.
    renew = os.environ.get("NVCORE_RENEW_TRACES") == "1"
    with concurrent.futures.ThreadPoolExecutor(1 if renew else os.cpu_count() or 1) as pool:
        rerecords = [("field/rerecord/" + name(t), pool.submit(rerun, n, t))
                     for n, t in enumerate(constructed)]
        runs = [("field/" + name(t), pool.submit(contract, show, t)) for t in traces] + rerecords
        print("1..%d" % len(runs), flush=True)
        failed = 0
        for n, (what, run) in enumerate(runs, 1):
            errors, summary = run.result()
            for line in "\n".join(errors or [summary or "re-recorded: the same"]).splitlines():
                print("# " + line)
            failed += bool(errors)
            print("%s %d - %s" % ("not ok" if errors else "ok", n, what), flush=True)
    return 1 if failed else 0


def main():
    show = sys.argv[1]
    if sys.argv[2] == "--tap":
        return tap(show, sys.argv[3:])
    path = sys.argv[2]
    errors, summary = contract(show, path)
    if summary and len(sys.argv) > 3 and sys.argv[3] == "--rerecord":
        errors += [e for e in [rerecord(sys.argv[4], sys.argv[5], path, "0")] if e]
    for e in errors:
        print(e)
    if not errors:
        print(summary)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
