#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""The meson tests of `gsptrace import` (tools/import.c).

  check_import.py GSPTRACE OUTDIR LOG TRACE ENDS [IMPORT ARGS...]
      imports LOG (with --scenario TRACE's file name), replays the result
      strictly, checks it ends as the report did (ENDS, from the report:
      "probe=ok stuck=FN:DATA0", the first call that timed out and its data0
      as NVIDIA's history shows it, or "probe=-EBUSY"), and that the field
      trace TRACE is exactly this import (else it prints the command that
      renews it).
  check_import.py GSPTRACE OUTDIR LOG - [ENDS] [IMPORT ARGS...]
      the import and its strict replay (and, with ENDS, how it ends) only.
  check_import.py GSPTRACE OUTDIR LOG --fails CODE MESSAGE [IMPORT ARGS...]
      the import must exit CODE, print MESSAGE, and write no trace.
  check_import.py GSPTRACE OUTDIR LOG --explain TEXT... [-- IMPORT ARGS...]
      --explain must exit 0 and print every TEXT.
  check_import.py GSPTRACE OUTDIR --case NAME LOG ... [--case NAME LOG ...]...
      each case as above (LOG and what follows it), a TAP line each named
      NAME, its failure message as TAP comments: meson's `import` test, one
      Python start for every log (docs/testing.md, "Speed"); the cases run
      on every core, their lines in the order given.

When the import is byte for byte the committed trace, its strict replay is
gsptrace-matrix's replay of that trace (tools/meson.build), not done again
here; an import that differs is replayed here, to say how it differs.
"""
import concurrent.futures
import json
import os
import shutil
import subprocess
import sys


def data0(r):
    """data0 of a command as NVIDIA's _kgspGetActiveRpcDebugData gives it, from
    the payload (docs/protocol.md §2.4): control cmd, alloc hClass, freed object."""
    w = [int.from_bytes(bytes.fromhex(r["payload"][i:i + 8]), "little")
         for i in range(0, min(len(r["payload"]), 32), 8)]
    return {76: w[2], 103: w[3], 10: w[2]}.get(r["fn"], 0)


def ends(path, want):
    """What differs between how the trace at path ends and ENDS (want)."""
    with open(path) as f:
        lines = [json.loads(l) for l in f]
    hdr, recs = lines[0], lines[1:]
    got = {"probe": hdr.get("expect", {}).get("probe")}
    fails = [r for r in recs if r["k"] == "err" and r["what"] == "probe-failed"]
    if fails:
        got["probe"] = got["probe"] if got["probe"] == fails[0]["err"] else "mismatch"
    tmo = next((i for i, r in enumerate(recs) if r["k"] == "err" and r["what"] == "rpc-timeout"), None)
    if tmo is not None:
        cmd = max(j for j in range(tmo) if recs[j]["k"] == "cmd" and recs[j]["fn"] == recs[tmo]["fn"])
        got["stuck"] = "%d:0x%x" % (recs[cmd]["fn"], data0(recs[cmd]))
    w = dict(x.split("=", 1) for x in want.split())
    return ["%s %s, the report: %s" % (k, got.get(k), v) for k, v in w.items() if got.get(k) != v]


def check(gsptrace, outdir, argv, tag):
    """One case (argv: LOG and what follows it); its failure message, or None."""
    log = argv[0]
    out = os.path.join(outdir, "%s-%d-%s.jsonl" % (os.path.basename(log), os.getpid(), tag))
    if argv[1] == "--explain":
        rest = argv[2:]
        texts, args = (rest[:rest.index("--")], rest[rest.index("--") + 1:]) if "--" in rest else (rest, [])
        p = subprocess.run([gsptrace, "import", log, "--explain"] + args, capture_output=True, text=True)
        missing = [t for t in texts if t not in p.stdout]
        if p.returncode or missing or os.path.exists(out):
            return "exit %d, missing %s in:\n%s%s" % (p.returncode, missing, p.stdout, p.stderr)
        return None
    if argv[1] == "--fails":
        code, msg, args = int(argv[2]), argv[3], argv[4:]
    elif argv[1] == "-":
        ref, args = None, argv[2:]
        want = args.pop(0) if args and args[0].startswith("probe=") else None
    else:
        ref, want, args = argv[1], argv[2], argv[3:]
        args += ["--scenario", os.path.basename(ref)[:-len(".jsonl")]]
    p = subprocess.run([gsptrace, "import", log, "-o", out] + args, capture_output=True, text=True)
    if argv[1] == "--fails":
        if p.returncode == code and msg in p.stderr and not os.path.exists(out):
            return None
        return ("want exit %d, %r, no trace; got exit %d, trace %s, stderr:\n%s" %
                (code, msg, p.returncode, os.path.exists(out), p.stderr))
    if p.returncode:
        return "import failed (%d):\n%s" % (p.returncode, p.stderr)
    try:
        if ref is not None:
            with open(out) as f, open(ref) as g:
                same = f.read() == g.read()
        if ref is None or not same:
            r = subprocess.run([gsptrace, "replay", "--quiet", "--bundle", "", out],
                               capture_output=True, text=True)
            if r.returncode:
                return "the imported trace does not replay strictly:\n" + r.stdout + r.stderr
        bad = ends(out, want) if want else []
        if ref is None:
            if bad:
                return "the import of %s does not end as it should:\n  %s" % (log, "\n  ".join(bad))
            return None
        if bad:
            return "the import of %s does not end as the report did:\n  %s" % (log, "\n  ".join(bad))
        if not same and os.environ.get("NVCORE_RENEW_TRACES") == "1":
            # tools/record-traces: the import ends as the report did (checked
            # above), so it becomes the committed trace.
            shutil.copyfile(out, ref)
            print("# %s: renewed from %s" % (ref, log), flush=True)
            same = True
        if not same:
            return ("%s is not the import of %s; renew it with\n  %s import %s %s -o %s" %
                    (ref, log, gsptrace, log, " ".join(args), ref))
        return None
    finally:
        if os.path.exists(out):
            os.remove(out)


def main():
    gsptrace, outdir = sys.argv[1:3]
    if sys.argv[3] != "--case":
        msg = check(gsptrace, outdir, sys.argv[3:], "0")
        if msg:
            print(msg)
        return 1 if msg else 0
    cases = []
    for a in sys.argv[3:]:
        if a == "--case":
            cases.append([])
        else:
            cases[-1].append(a)
    print("1..%d" % len(cases), flush=True)
    with concurrent.futures.ThreadPoolExecutor(os.cpu_count() or 1) as pool:
        runs = [pool.submit(check, gsptrace, outdir, c[1:], str(n)) for n, c in enumerate(cases, 1)]
        failed = 0
        for n, (c, run) in enumerate(zip(cases, runs), 1):
            msg = run.result()
            for line in (msg or "").rstrip("\n").splitlines():
                print("# " + line)
            failed += msg is not None
            print("%s %d - %s" % ("not ok" if msg else "ok", n, c[0]), flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
