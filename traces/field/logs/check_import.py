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
"""
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


def main():
    gsptrace, outdir, log = sys.argv[1:4]
    out = os.path.join(outdir, os.path.basename(log) + "-" + str(os.getpid()) + ".jsonl")
    if sys.argv[4] == "--explain":
        rest = sys.argv[5:]
        texts, args = (rest[:rest.index("--")], rest[rest.index("--") + 1:]) if "--" in rest else (rest, [])
        p = subprocess.run([gsptrace, "import", log, "--explain"] + args, capture_output=True, text=True)
        missing = [t for t in texts if t not in p.stdout]
        if p.returncode or missing or os.path.exists(out):
            print("exit %d, missing %s in:\n%s%s" % (p.returncode, missing, p.stdout, p.stderr))
            return 1
        return 0
    if sys.argv[4] == "--fails":
        code, msg, args = int(sys.argv[5]), sys.argv[6], sys.argv[7:]
    elif sys.argv[4] == "-":
        ref, args = None, sys.argv[5:]
        want = args.pop(0) if args and args[0].startswith("probe=") else None
    else:
        ref, want, args = sys.argv[4], sys.argv[5], sys.argv[6:]
        args += ["--scenario", os.path.basename(ref)[:-len(".jsonl")]]
    p = subprocess.run([gsptrace, "import", log, "-o", out] + args, capture_output=True, text=True)
    if sys.argv[4] == "--fails":
        ok = p.returncode == code and msg in p.stderr and not os.path.exists(out)
        if not ok:
            print("want exit %d, %r, no trace; got exit %d, trace %s, stderr:\n%s" %
                  (code, msg, p.returncode, os.path.exists(out), p.stderr))
        return 0 if ok else 1
    if p.returncode:
        print("import failed (%d):\n%s" % (p.returncode, p.stderr))
        return 1
    r = subprocess.run([gsptrace, "replay", "--quiet", "--bundle", "", out], capture_output=True,
                       text=True)
    if r.returncode:
        print("the imported trace does not replay strictly:\n" + r.stdout + r.stderr)
        return 1
    bad = ends(out, want) if want else []
    if ref is None:
        os.remove(out)
        if bad:
            print("the import of %s does not end as it should:\n  %s" % (log, "\n  ".join(bad)))
        return 1 if bad else 0
    if bad:
        print("the import of %s does not end as the report did:\n  %s" % (log, "\n  ".join(bad)))
        return 1
    with open(out) as f, open(ref) as g:
        same = f.read() == g.read()
    if not same and os.environ.get("NVCORE_RENEW_TRACES") == "1":
        # tools/record-traces: the import ends as the report did (checked
        # above), so it becomes the committed trace.
        shutil.copyfile(out, ref)
        print("%s: renewed from %s" % (ref, log))
        same = True
    os.remove(out)
    if not same:
        print("%s is not the import of %s; renew it with\n  %s import %s %s -o %s" %
              (ref, log, gsptrace, log, " ".join(args), ref))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
