#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Test `gsptrace export --format chrome` on every trace under TRACES.

usage: check_export.py GSPTRACE TRACES WORKDIR

The output must be what the Trace Event Format document (Google, "Trace
Event Format", the JSON Object Format that chrome://tracing and Perfetto
load) requires: an object with a traceEvents array; every event has name,
ph, pid, tid; every non-metadata event a numeric ts >= 0 (microseconds);
"X" events a dur >= 0, and on one thread they nest (a viewer draws them as
a stack); "i" events a scope s of g, p or t; "M" events are process_name,
thread_name or thread_sort_index with their args; every thread used is
named.  And it must say what the trace says, checked against the trace's
own records (read here, not through gsptrace): one "X" per command (not
continuation) starting at its time; a command with a reply (paired here:
GSP-RM answers in order and a reply carries its command's function number,
docs/protocol.md §1.4, §2.1) lasts until the reply; every event, interrupt
and register access is one "i", the register accesses alone on their
track.  Also: --help, a bad --format and a bad trace exit as documented.
"""
import concurrent.futures
import glob
import json
import os
import subprocess
import sys

from rpc_pairs import pairs

PH = {"X", "i", "M"}
META = {"process_name": "name", "thread_name": "name", "thread_sort_index": "sort_index"}


def check_trace(gsptrace, path, out, fails):
    def bad(msg):
        fails.append("%s: %s" % (path, msg))

    p = subprocess.run([gsptrace, "export", "--format", "chrome", "-o", out, path],
                       capture_output=True, text=True)
    if p.returncode:
        bad("export exit %d: %s" % (p.returncode, p.stderr.strip()))
        return
    with open(out) as f:
        try:
            doc = json.load(f)
        except ValueError as e:
            bad("not JSON: %s" % e)
            return
    if not isinstance(doc, dict) or not isinstance(doc.get("traceEvents"), list):
        bad("no traceEvents array")
        return
    evs = doc["traceEvents"]
    named, used, spans = set(), set(), {}
    for n, e in enumerate(evs):
        where = "event %d (%s)" % (n, e.get("name"))
        for k in ("name", "ph", "pid", "tid"):
            if k not in e:
                bad("%s: no %r" % (where, k))
        if not isinstance(e.get("name"), str) or not isinstance(e.get("pid"), int) \
                or not isinstance(e.get("tid"), int) or e.get("ph") not in PH:
            bad("%s: bad name/pid/tid/ph %r" % (where, e))
            continue
        if e["ph"] == "M":
            if e["name"] not in META or META[e["name"]] not in e.get("args", {}):
                bad("%s: metadata without its args" % where)
            if e["name"] == "thread_name":
                named.add((e["pid"], e["tid"]))
            continue
        if not isinstance(e.get("ts"), (int, float)) or e["ts"] < 0:
            bad("%s: ts %r" % (where, e.get("ts")))
            continue
        used.add((e["pid"], e["tid"]))
        if e["ph"] == "X":
            if not isinstance(e.get("dur"), (int, float)) or e["dur"] < 0:
                bad("%s: dur %r" % (where, e.get("dur")))
                continue
            spans.setdefault((e["pid"], e["tid"]), []).append((e["ts"], e["ts"] + e["dur"], n))
        elif e.get("s") not in ("g", "p", "t"):
            bad("%s: instant scope %r" % (where, e.get("s")))
    if not any(e.get("ph") == "M" and e.get("name") == "process_name" for e in evs):
        bad("the process has no name")
    for u in sorted(used - named):
        bad("thread %s has events but no thread_name" % (u,))
    for key, ss in spans.items():          # complete events on one thread nest
        stack = []
        for b, e, n in sorted(ss, key=lambda s: (s[0], -s[1])):
            while stack and stack[-1] <= b + 1e-6:   # µs as floats: ts + dur may round past the next ts
                stack.pop()
            if stack and e > stack[-1] + 1e-6:
                bad("X event %d on thread %s overlaps its parent without nesting" % (n, key))
            stack.append(e)

    # Against the trace's records.
    with open(path) as f:
        f.readline()
        recs = [json.loads(l) for l in f]
    line = {i: i + 2 for i in range(len(recs))}
    rpcs = {e["args"]["line"]: e for e in evs if e.get("ph") == "X" and e.get("cat") == "rpc"}
    cmds = [i for i, r in enumerate(recs) if r["k"] == "cmd" and r["fn"] != 71]
    if sorted(rpcs) != [line[i] for i in cmds]:
        bad("%d RPC spans for %d commands" % (len(rpcs), len(cmds)))
        return
    replied = pairs(recs)
    for i in cmds:
        e = rpcs[line[i]]
        if abs(e["ts"] - recs[i]["t"] / 1000.0) > 1e-3 or e["name"] != recs[i]["name"]:
            bad("line %d: span %s at %s, command %s at %s us" %
                (line[i], e["name"], e["ts"], recs[i]["name"], recs[i]["t"] / 1000.0))
        if i in replied:
            j = replied[i]
            want = (recs[j]["t"] - recs[i]["t"]) / 1000.0
            if e["args"].get("reply_line") != line[j] or abs(e["dur"] - want) > 1e-3:
                bad("line %d: span to line %s lasting %s us, reply on line %d after %s us" %
                    (line[i], e["args"].get("reply_line"), e["dur"], line[j], want))
        elif "reply_line" in e["args"]:
            bad("line %d: a reply the trace does not have" % line[i])
    inst = [e for e in evs if e.get("ph") == "i"]
    regs = [r for r in recs if r["k"] in ("wr", "rd")]
    reg_tids = {e["tid"] for e in inst if e.get("cat") in ("wr", "rd")}
    if len([e for e in inst if e.get("cat") in ("wr", "rd")]) != len(regs):
        bad("register instants != %d register records" % len(regs))
    if len(reg_tids) > 1 or any(e["tid"] in reg_tids for e in evs
                                if e.get("ph") != "M" and e.get("cat") not in ("wr", "rd")):
        bad("register accesses do not have a track of their own")
    nev = sum(1 for r in recs if r["k"] == "msg" and r["fn"] >= 0x1000 and r["fn"] != 71)
    if sum(1 for e in inst if e.get("cat") == "event") != nev:
        bad("event instants != %d events" % nev)
    if sum(1 for e in inst if e.get("cat") == "irq") != sum(1 for r in recs if r["k"] == "irq"):
        bad("irq instants != irq records")


def main():
    gsptrace, traces, work = sys.argv[1:4]
    fails = []
    files = sorted(glob.glob(os.path.join(traces, "**", "*.jsonl"), recursive=True))

    # The traces on every core (the exports are separate processes), each
    # trace's failures in the list in file order.
    def one(n, path):
        f, out = [], os.path.join(work, "export-%d-%d.json" % (os.getpid(), n))
        check_trace(gsptrace, path, out, f)
        if os.path.exists(out):
            os.remove(out)
        return f
    with concurrent.futures.ThreadPoolExecutor(os.cpu_count() or 1) as pool:
        for f in pool.map(one, range(len(files)), files):
            fails += f
    p = subprocess.run([gsptrace, "export", "--help"], capture_output=True, text=True)
    if p.returncode or "usage: gsptrace export" not in p.stdout or "--format" not in p.stdout:
        fails.append("--help: exit %d" % p.returncode)
    p = subprocess.run([gsptrace, "export", "--format", "svg", files[0]], capture_output=True,
                       text=True)
    if p.returncode != 2 or "svg" not in p.stderr:
        fails.append("--format svg: exit %d (want 2): %s" % (p.returncode, p.stderr.strip()))
    bad = os.path.join(work, "export-bad-%d.jsonl" % os.getpid())
    with open(files[0]) as f, open(bad, "w") as o:
        o.write(f.readline())
        o.write('{"t":5,"k":"cmd","d":"h","seq":1}\n')
    p = subprocess.run([gsptrace, "export", bad], capture_output=True, text=True)
    if p.returncode != 2 or bad + ":2: " not in p.stderr or p.stdout:
        fails.append("bad trace: exit %d (want 2, file:2:, no output): %s" %
                     (p.returncode, p.stderr.strip()))
    if os.path.exists(bad):
        os.remove(bad)
    for f in fails:
        print("FAIL:", f)
    print("%d traces exported and checked; %d failures" % (len(files), len(fails)))
    return 1 if fails or not files else 0


if __name__ == "__main__":
    sys.exit(main())
