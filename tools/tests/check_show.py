#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Test `gsptrace show`: the text timeline, the HTML page, --help, exit
codes and the loader's file:line errors.

usage: check_show.py GSPTRACE WORKDIR STUCK TRACE [TRACES]

With TRACES (a directory), every trace under it must also render to a
well-formed page that opens on its summary.

TRACE is a failing field trace; STUCK is what the report says about the
call that never got its reply (e.g. "cmd 0x90cc0301", the DCGM #144
report's data0).  The HTML page must: be well-formed and self-contained
(no external asset, the only link the trace's source); open on a summary
that names the failure and STUCK as unanswered; show each command with its
reply (paired here independently: GSP-RM answers in order and a reply
carries its command's function number, docs/protocol.md §1.4 and §2.1) and
the time between them; fold every register access into a closed
<details>; offer a function filter and a search box; carry no raw JSON.
"""
import json
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET

from rpc_pairs import pairs


def run(gsptrace, *args):
    return subprocess.run([gsptrace, "show"] + list(args), capture_output=True, text=True)


def duration(ns):
    if ns < 1000000:
        return "%d us" % (ns // 1000)
    if ns < 1000000000:
        return "%d.%03d ms" % (ns // 1000000, ns // 1000 % 1000)
    return "%d.%06d s" % (ns // 1000000000, ns // 1000 % 1000000)


def text(el):
    return "".join(el.itertext())


def main():
    show, work, stuck, trace = sys.argv[1:5]
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
    lines = {i: i + 2 for i in range(len(recs))}       # record index -> file line
    replied = pairs(recs)
    noreply = [j for j, c in enumerate(recs) if c["k"] == "cmd" and c["fn"] != 71 and j not in replied]
    url = hdr["source"][len("field:"):] if hdr["source"].startswith("field:") else None

    with open(html, encoding="utf-8") as f:
        page = f.read()
    check(page.startswith("<!DOCTYPE html>\n"), "HTML starts with the doctype")
    check('"k":' not in page and '"payload"' not in page, "no raw JSON in the page")
    check(not re.search(r"(?i)@import|url\(\s*['\"]?https?:", page), "no external CSS")
    try:
        root = ET.fromstring(page[len("<!DOCTYPE html>\n"):])
    except ET.ParseError as e:
        print("FAIL: HTML is not well-formed: %s" % e)
        return 1

    # Self-contained: no external asset, the only link is the source.
    for el in root.iter():
        for attr in ("src", "href"):
            v = el.get(attr)
            if v is not None and not v.startswith("#") and v != url:
                fails.append("external %s=%r" % (attr, v))
        check(el.tag not in ("link", "iframe", "img", "object"), "no <%s> element" % el.tag)
    links = [a.get("href") for a in root.iter("a") if not a.get("href", "").startswith("#")]
    check(url is None or links == [url], "the only outside link is the source (%r)" % links)
    check(all(s.get("src") is None for s in root.iter("script")), "the script is inline")

    # It opens on the summary: the first thing after the title.
    body = root.find("body")
    kids = list(body)
    check(len(kids) > 1 and kids[0].tag == "h1" and kids[1].get("id") == "summary",
          "the page opens on the summary (got %s)" % [k.tag for k in kids[:2]])
    summ = body.find("section[@id='summary']")
    st = text(summ)
    check("failed" in summ.get("class", "").split(), "the summary is marked failed")
    errs = [r for r in recs if r["k"] == "err"]
    check(errs and errs[0]["what"] in st, "the summary names the failure (%s)" % errs[0]["what"])
    unans = [text(d) for d in summ.iter("dd") if d.get("class") == "unanswered"]
    check(any(stuck in u and "no reply" in u for u in unans),
          "the summary names %r as unanswered: %s" % (stuck, unans))
    first_err_line = lines[recs.index(errs[0])]
    check(any(a.get("href") == "#r%d" % first_err_line for a in summ.iter("a")),
          "the summary links to the failure's row (line %d)" % first_err_line)

    # The timeline: each command's row carries its reply and the time between them.
    rows = {tr.get("id"): tr for tr in root.iter("tr") if tr.get("id")}
    for j, i in replied.items():
        tr = rows.get("r%d" % lines[j])
        if tr is None:
            fails.append("no row for the command on line %d" % lines[j])
            continue
        cell = [td for td in tr if td.get("class") == "reply"]
        want = "after %s (reply #%d, line %d" % (duration(recs[i]["t"] - recs[j]["t"]),
                                                  recs[i]["seq"], lines[i])
        check(cell and want in text(cell[0]),
              "line %d: reply cell has %r (got %r)" % (lines[j], want, text(cell[0]) if cell else None))
        check("r%d" % lines[i] not in rows, "the reply on line %d has no row of its own" % lines[i])
    for j in noreply:
        if recs[j]["fn"] in (72, 73):       # queued before GSP-RM runs: no reply (protocol.md §8.1)
            continue
        tr = rows.get("r%d" % lines[j])
        check(tr is not None and "unanswered" in tr.get("class", "").split(),
              "line %d: the command without a reply is marked unanswered" % lines[j])
    check(len(replied) > 0, "the trace pairs commands (%d)" % len(replied))

    # Register traffic folded: every wr/rd sits in a closed <details>.
    nreg = sum(1 for r in recs if r["k"] in ("wr", "rd"))
    folded = 0
    for d in root.iter("details"):
        if "regs" in d.get("class", "").split():
            check(d.get("open") is None, "register details are closed")
            folded += sum(1 for tr in d.iter("tr") if re.match(r"[\d.]+ s(read|write) ", text(tr)))
    check(folded == nreg, "%d register accesses folded, the trace has %d" % (folded, nreg))

    # Filter by function and search.
    sel = root.find(".//select[@id='fn']")
    names = {r["name"] for r in recs if r["k"] in ("cmd", "msg") and r["fn"] != 71}
    opts = {o.text for o in sel.iter("option")} if sel is not None else set()
    check(names <= opts, "the function filter lists every function (%s)" % (names - opts))
    check(root.find(".//input[@id='q']") is not None, "a search box")
    check(root.find(".//input[@id='regs']") is not None, "a register-traffic toggle")
    errrow = rows.get("r%d" % first_err_line)
    if errs[0]["what"] == "rpc-timeout":
        check(errrow is not None and errrow.get("data-fn") == errs[0]["name"],
              "the timeout's row is found by its function (data-fn %r)" %
              (errrow.get("data-fn") if errrow is not None else None))
    fnrows = [tr for tr in rows.values() if "rpc" in tr.get("class", "").split()]
    check(fnrows and all(tr.get("data-fn") in names for tr in fnrows), "RPC rows carry data-fn")

    if len(sys.argv) > 5:
        import concurrent.futures
        import glob

        def page_ok(n, t):
            out = os.path.join(work, "show-test-%d.html" % n)
            p = run(show, "--html", out, t)
            try:
                with open(out, encoding="utf-8") as f:
                    b = ET.fromstring(f.read()[len("<!DOCTYPE html>\n"):]).find("body")
                return p.returncode == 0 and list(b)[1].get("id") == "summary"
            except (ET.ParseError, OSError, IndexError, AttributeError):
                return False
            finally:
                if os.path.exists(out):
                    os.remove(out)
        # every core renders (the pages are separate processes), checked in order
        traces = sorted(glob.glob(os.path.join(sys.argv[5], "**", "*.jsonl"), recursive=True))
        with concurrent.futures.ThreadPoolExecutor(os.cpu_count() or 1) as pool:
            for t, ok in zip(traces, pool.map(page_ok, range(len(traces)), traces)):
                check(ok, "%s: a well-formed page that opens on its summary" % t)
    for f in fails:
        print("FAIL:", f)
    print("%s: %d bytes, %d pairs, %d unanswered; %d failures" %
          (html, os.path.getsize(html), len(replied), len(noreply), len(fails)))
    return 1 if fails else 0


if __name__ == "__main__":
    sys.exit(main())
