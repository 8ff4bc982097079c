#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""The meson tests of `gsptrace import` (tools/import.c).

  check_import.py GSPTRACE OUTDIR LOG REF [IMPORT ARGS...]
      imports LOG, replays the result strictly, and checks it ends as the
      hand-made field trace REF does: the same expect.probe, and the same
      first and last failure (err: what, fn, err).
      REF "-": no reference, the import and its strict replay only.
  check_import.py GSPTRACE OUTDIR LOG --fails CODE MESSAGE [IMPORT ARGS...]
      the import must exit CODE, print MESSAGE, and write no trace.
  check_import.py GSPTRACE OUTDIR LOG --explain TEXT... [-- IMPORT ARGS...]
      --explain must exit 0 and print every TEXT.
"""
import json
import os
import subprocess
import sys


def errs(path):
    with open(path) as f:
        lines = [json.loads(l) for l in f]
    sig = [(r["what"], r.get("fn"), r.get("err")) for r in lines[1:] if r["k"] == "err"]
    return lines[0].get("expect", {}).get("probe"), sig


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
    else:
        ref, args = sys.argv[4], sys.argv[5:]
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
    if ref == "-":
        os.remove(out)
        return 0
    (gp, gs), (wp, ws) = errs(out), errs(ref)
    if gp != wp or not gs or gs[0] != ws[0] or gs[-1] != ws[-1]:
        print("%s ends otherwise than %s:\n  probe %s, failures %s\n  probe %s, failures %s" %
              (out, ref, gp, gs, wp, ws))
        return 1
    os.remove(out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
