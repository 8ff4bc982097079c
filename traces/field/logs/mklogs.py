#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Write the kernel logs of the field reports (shared/field/*.md) in the
layout NVIDIA's driver of each report's era prints, from the reports'
transcribed rows, for `gsptrace import` (docs/trace-format.md "From a
customer's log").  The layouts are spec/nvrm-log-formats.md's, checked
against open-gpu-kernel-modules kernel_gsp.c (kgspLogRpcDebugInfo,
_kgspLogRpcHistoryEntry) and kernel_rc.c (krcReportXid).  Lines a report
does not give (UUID, serial, core dump, heartbeat text) are left out, and
rows it marks "not captured" are missing, as in the public copy.

    python3 traces/field/logs/mklogs.py /work/shared/field   # rewrites the .log files here
"""
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
HDR = "    entry function                   data0              data1              ts_start           ts_end             duration "
HDR_SEQ = "    entry function                     sequence data0              data1              ts_start           ts_end             duration "


def rows(md, want_dir):
    """The report's history rows of one direction, as printed (newest first)."""
    out = []
    for line in md.splitlines():
        c = [x.strip() for x in line.strip().strip("|").split("|")]
        if len(c) == 11 and c[0] == want_dir:
            out.append(c)
    return out


def duration(s, e, dur, release):
    """" %6llu%cs %c" (%6lld in 535.129.03): us below 1 s, ms from there; 10 spaces
    before the flag when ts_end <= ts_start."""
    if e <= s:
        return " " * 10
    m = re.match(r"(\d+)(us|ms)$", dur)
    assert m, dur
    return " %6d%s " % (int(m.group(1)), m.group(2))


def row_line(c, seq_col, release):
    entry, fn, name, seq, d0, d1, ts, te, dur, flag = int(c[1]), c[2], c[3], c[4], c[5], c[6], c[7], c[8], c[9], c[10]
    if fn == "?":
        return None                    # not captured at all
    sign = " " if entry == 0 else "-"
    head = "    %s%-4d %-4s %-21.21s" % (sign, abs(entry), fn, name)
    if d0 == "?":                      # only the function is visible: the copy cuts the line here
        return head
    mid = (" %10s" % seq) if seq_col else ""
    s, e = int(ts, 16), int(te, 16)
    line = "%s%s %s %s %s %s%s%s" % (head, mid, d0, d1, ts, te, duration(s, e, dur, release), "y" if flag == "y" else " ")
    return line.rstrip()


def dmesg(t, text):
    return "[%12.6f] %s" % (t, text)


def dcgm144(md):
    # 535.129.03 wording ("from GPU0 GSP!"), proprietary build: only the
    # portDbgPrintf lines (Xid, buffer, tables), no NV_PRINTF banner.
    t = 349507.500659
    out = []
    x = lambda t, pid, name, fn, fname, d0, d1: dmesg(t, "NVRM: Xid (PCI:0000:07:00): 119, pid=%d, name=%s, Timeout waiting for RPC from GPU0 GSP! Expected function %d (%s) (%s %s)." % (pid, name, fn, fname, d0, d1))
    out.append(x(t, 2357, "nv-hostengine", 76, "GSP_RM_CONTROL", "0x90cc0301", "0xc"))
    out.append(dmesg(t + 0.0156, "NVRM: GPU0 GSP RPC buffer contains function 76 (GSP_RM_CONTROL) and data 0x0000000090cc0301 0x000000000000000c."))
    out.append(dmesg(t + 0.0271, "NVRM: GPU0 RPC history (CPU -> GSP):"))
    out.append(dmesg(t + 0.0319, "NVRM: " + HDR + "actively_polling"))
    k = 0.0465
    for c in rows(md, "cpu->gsp"):
        out.append(dmesg(t + k, "NVRM: " + row_line(c, False, "535.129.03")))
        k += 0.0132
    out.append(dmesg(t + k, "NVRM: GPU0 RPC event history (CPU <- GSP):"))
    out.append(dmesg(t + k + 0.0054, "NVRM: " + HDR + "during_incomplete_rpc"))
    k += 0.0203
    for c in rows(md, "gsp->cpu"):
        out.append(dmesg(t + k, "NVRM: " + row_line(c, False, "535.129.03")))
        k += 0.0132
    out.append(dmesg(t + k, "CPU: 26 PID: 96457 Comm: nv-hostengine Tainted: P           OE    --------- -  - 4.18.0-477.27.1.el8_8.x86_64 #1"))
    out.append(dmesg(t + k + 0.0115, "Call Trace:"))
    out.append(dmesg(t + k + 0.0120, " dump_stack+0x41/0x60"))
    out.append(dmesg(t + k + 0.0820, " ? rm_ioctl+0x58/0xb0 [nvidia]"))
    out.append(x(349513.863138, 2357, "cache_mgr_main", 76, "GSP_RM_CONTROL", "0x2080a097", "0x490"))
    out.append(x(349519.880143, 2357, "nv-hostengine", 10, "FREE", "0xc0000005", "0x0"))
    out.append(dmesg(349525.895155, "NVRM: Rate limiting GSP RPC error prints for GPU at PCI:0000:07:00 (printing 1 of every 30).  The GPU likely needs to be reset."))
    return out


def ogkm446(md):
    # 525.85.12: "Timeout waiting for RPC from GSP! Expected function %d (%s) (0x%x 0x%x)."
    # inside the Xid line, no table; dmesg -T wall-clock stamps (Fri Mar 3 2023).
    out = []
    first = True
    for line in md.splitlines():
        c = [x.strip() for x in line.strip().strip("|").split("|")]
        if len(c) != 8 or not c[0].isdigit():
            continue
        n, at, pid, _, fn, name, d0, d1 = c
        out.append("[Fri Mar  3 %s 2023] NVRM: Xid (PCI:0000:61:00): 119, pid=%s, name=nvidia-smi, "
                   "Timeout waiting for RPC from GSP! Expected function %s (%s) (%s %s)." % (at, pid, fn, name, d0, d1))
        if first:
            out.append("[Fri Mar  3 %s 2023] CPU: 60 PID: %s Comm: nvidia-smi Tainted: P           OE     5.10.0-20-amd64 #1 Debian 5.10.158-2" % (at, pid))
            out.append("[Fri Mar  3 %s 2023] Call Trace:" % at)
            out.append("[Fri Mar  3 %s 2023]  ? rm_ioctl+0x54/0xb0 [nvidia]" % at)
            first = False
        if at == "04:35:23":
            out.append("[Fri Mar  3 04:36:03 2023] INFO: task nvidia-smi:1346229 blocked for more than 120 seconds.")
    return out


def ogkm1230(md):
    # 595.71.05 open module: NV_PRINTF lines carry "GPU6 " (RmMsgPrefix, 590.44+);
    # tables with a sequence column; the Expected/buffer lines and CPU rows 0/-1
    # were not retrievable, event row -5 shows only its function.
    out = [dmesg(14.650000, "NVRM: loading NVIDIA UNIX Open Kernel Module for x86_64  595.71.05  Release Build  Fri Jul  3 2026"),
           dmesg(84.300000, "NVRM: GPU6 _kgspLogRpcTimeout: ********************************* GSP Timeout **********************************"),
           dmesg(84.300010, "NVRM: GPU6 _kgspLogRpcTimeout: Note: Please also check logs above."),
           dmesg(84.738000, "NVRM: GPU6 RPC history (CPU -> GSP):"),
           dmesg(84.738010, "NVRM: " + HDR_SEQ + "actively_polling")]
    k = 84.738020
    for c in rows(md, "cpu->gsp"):
        r = row_line(c, True, "595.71.05")
        if r:
            out.append(dmesg(k, "NVRM: " + r))
            k += 0.00001
    out.append(dmesg(k, "NVRM: GPU6 RPC event history (CPU <- GSP):"))
    out.append(dmesg(k + 0.00001, "NVRM: " + HDR_SEQ + "during_incomplete_rpc"))
    k += 0.00002
    for c in rows(md, "gsp->cpu"):
        r = row_line(c, True, "595.71.05")
        if r:
            out.append(dmesg(k, "NVRM: " + r))
            k += 0.00001
    out.append(dmesg(k, "NVRM: ********************************************************************************"))
    for t in (86.12, 86.21, 86.68, 88.67, 88.76, 88.87, 101.29, 101.37, 101.46, 115.08, 115.29, 115.62):
        out.append(dmesg(t, "NVRM: GPU6 _kgspBootGspRm: unexpected WPR2 already up, cannot proceed with booting GSP"))
        out.append(dmesg(t, "NVRM: GPU6 _kgspBootGspRm: (the GPU is likely in a bad state and may need to be reset)"))
        out.append(dmesg(t, "NVRM: GPU6 RmInitAdapter: Cannot initialize GSP firmware RM"))
        out.append(dmesg(t, "NVRM: GPU 0000:a1:00.0: RmInitAdapter failed! (0x62:0x40:2168)"))
        out.append(dmesg(t, "NVRM: GPU 0000:a1:00.0: rm_init_adapter failed, device minor number 7"))
    return out


LOGS = {"dcgm144-a40-profiler": dcgm144, "ogkm446-a30-525": ogkm446, "ogkm1230-gpu6-lockdown": ogkm1230}


def main():
    src = sys.argv[1] if len(sys.argv) > 1 else "/work/shared/field"
    for name, fn in LOGS.items():
        with open(os.path.join(src, name + ".md")) as f:
            md = f.read()
        with open(os.path.join(HERE, name + ".log"), "w") as f:
            f.write("\n".join(fn(md)) + "\n")


if __name__ == "__main__":
    main()
