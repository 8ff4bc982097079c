#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Test `gsptrace show`: the text timeline, the HTML page (well-formed,
self-contained, one arrow per command/reply), --help, exit codes and the
loader's file:line errors.

usage: check_show.py GSPTRACE TRACE WORKDIR
"""
import json
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET


def run(gsptrace, *args):
    return subprocess.run([gsptrace, "show"] + list(args), capture_output=True, text=True)


def main():
    show, trace, work = sys.argv[1:4]
    fails = []

    def check(ok, what):
        if not ok:
            fails.append(what)

    p = run(show, "--help")
    check(p.returncode == 0 and "usage: gsptrace show" in p.stdout, "--help: exit 0 with usage")
    p = run(show)
    check(p.returncode == 2 and "usage" in p.stderr, "no argument: exit 2 with usage")
    p = run(show, "--bogus", trace)
    check(p.returncode == 2, "unknown option: exit 2")

    bad = os.path.join(work, "show-bad.jsonl")
    with open(trace) as f, open(bad, "w") as o:
        o.write(f.readline())
        o.write('{"t":5,"k":"cmd","d":"h","seq":1}\n')
    p = run(show, bad)
    check(p.returncode == 2 and re.search(r"show-bad\.jsonl:2: ", p.stderr),
          "bad record: exit 2 with file:line (got %d: %s)" % (p.returncode, p.stderr.strip()))
    p = run(show, os.path.join(work, "does-not-exist.jsonl"))
    check(p.returncode == 2, "missing file: exit 2")

    html = os.path.join(work, "show-test.html")
    p = run(show, "--html", html, trace)
    check(p.returncode == 0, "render: exit 0 (%d: %s)" % (p.returncode, p.stderr.strip()))
    out = p.stdout
    for want in ("boot state: ready", "host \u2192 GSP", "GSP \u2192 host", "GSP_RM_CONTROL",
                 "#", "len ", "rpc-timeout", "\u22ee +5.99"):
        check(want in out, "text timeline has %r" % want)

    with open(trace) as f:
        hdr = json.loads(f.readline())
        recs = [json.loads(l) for l in f]
    want_arrows = sum(1 for r in recs if r["k"] in ("cmd", "msg") and r["fn"] != 71)
    url = hdr["source"][len("field:"):] if hdr["source"].startswith("field:") else None

    with open(html, encoding="utf-8") as f:
        text = f.read()
    check(text.startswith("<!DOCTYPE html>\n"), "HTML starts with the doctype")
    try:
        root = ET.fromstring(text[len("<!DOCTYPE html>\n"):])
    except ET.ParseError as e:
        fails.append("HTML is not well-formed: %s" % e)
        root = None
    if root is not None:
        arrows = [g for g in root.iter("g") if g.get("class", "").split()[:1] == ["arrow"]]
        check(len(arrows) == want_arrows,
              "%d arrows drawn, the trace has %d commands/replies" % (len(arrows), want_arrows))
        check(all(g.find("title") is not None for g in arrows), "every arrow has hover text")
        for el in root.iter():
            for attr in ("src", "href"):
                v = el.get(attr)
                if v is not None and re.match(r"(?i)https?:", v) and v != url:
                    fails.append("external %s=%r" % (attr, v))
            check(el.tag not in ("script", "link", "iframe", "img", "object"),
                  "no <%s> element" % el.tag)
        links = [a.get("href") for a in root.iter("a")]
        check(url is None or links == [url], "the only link is the source (%r)" % links)
        check(any(e.tag == "svg" for e in root.iter()), "has an SVG diagram")
        bands = [g for g in root.iter("g") if g.get("class") == "state"]
        check(len(bands) == sum(1 for r in recs if r["k"] == "state"), "one band per boot state")
    check(not re.search(r"(?i)@import|url\(\s*['\"]?https?:", text), "no external CSS")
    size = os.path.getsize(html)
    for f in fails:
        print("FAIL:", f)
    print("%s: %d bytes, %d arrows expected; %d failures" % (html, size, want_arrows, len(fails)))
    return 1 if fails else 0


if __name__ == "__main__":
    sys.exit(main())
