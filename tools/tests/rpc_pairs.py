# SPDX-License-Identifier: MIT
"""Commands paired with their replies, read from a trace's records (for the
tests of gsptrace show and export, independently of tools/show.c): GSP-RM
answers in order and a reply carries its command's function number
(docs/protocol.md §1.4, §2.1), so a reply (msg, fn < 0x1000, not a
continuation 71) belongs to the oldest command of its function without one."""


def pairs(recs):
    """{command index: reply index} over the records recs (dicts as loaded)."""
    replied = {}
    for i, r in enumerate(recs):
        if r["k"] != "msg" or r["fn"] >= 0x1000 or r["fn"] == 71:
            continue
        for j in range(i):
            c = recs[j]
            if c["k"] == "cmd" and c["fn"] == r["fn"] and j not in replied:
                replied[j] = i
                break
    return replied
