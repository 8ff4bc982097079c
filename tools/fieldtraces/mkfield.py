#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Build the field-bug traces (traces/field/*.jsonl) from the transcribed
RPC histories in spec field reports (shared/field/*.md).

Every number below comes from a report's table or from docs/protocol.md;
traces/README.md says, per trace, what was mapped and what was constructed.
Run it from anywhere: `python3 tools/fieldtraces/mkfield.py` rewrites the
.jsonl files in traces/field/; `--check` only compares (used by the tests).
"""
import json
import os
import struct
import sys

# The field traces and their recorded prefixes: data, kept under traces/.
FIELD = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "traces", "field")

URL_DCGM144 = "https://github.com/NVIDIA/DCGM/issues/144"
URL_OGKM1230 = "https://github.com/NVIDIA/open-gpu-kernel-modules/issues/1230"
URL_OGKM446 = "https://github.com/NVIDIA/open-gpu-kernel-modules/issues/446"

# The model's PCI identities (emu/gsp-model/hw.c): replay runs against them.
PCI = {
    "ga102": {"vendor": "0x10de", "device": "0x2236", "subsystem": "0x10de:0x1482", "revision": "0xa1"},
    "gh100": {"vendor": "0x10de", "device": "0x2331", "subsystem": "0x10de:0x1626", "revision": "0xa1"},
}

# Function numbers: identical in 535.113.01, 535.261.03 and 570.144 (protocol.md §2.2).
FN = {10: "FREE", 65: "GET_GSP_STATIC_INFO", 72: "GSP_SET_SYSTEM_INFO", 73: "SET_REGISTRY",
      76: "GSP_RM_CONTROL", 103: "GSP_RM_ALLOC"}
# Events differ after 0x101a (protocol.md §2.3).
EV = {
    "535.113.01": {"RC_TRIGGERED": 0x1004, "POST_EVENT": 0x1003,
                   "GSP_SEND_USER_SHARED_DATA": 0x101b, "GSP_LOCKDOWN_NOTICE": 0x101d},
    "570.144": {"RC_TRIGGERED": 0x1004, "POST_EVENT": 0x1003,
                "GSP_LOCKDOWN_NOTICE": 0x101c},
}

RPC_MS = 6000          # NVCORE_TIMEOUT_RPC (docs/firmware-releases.md, every release)
INIT_DONE_MS = 10000   # NVCORE_TIMEOUT_INIT_DONE
US = 1000              # ns per microsecond

NV2080_CTRL_CMD_GSP_GET_FEATURES = 0x20803601
NV_ERR_NOT_SUPPORTED = 0x56


def u32s(*v):
    return struct.pack("<%dI" % len(v), *v)


def ctl_payload(h_client, h_object, cmd, params_size, status=0, params=None):
    # rpc_gsp_rm_control_v03_00 (protocol.md §2.4): 24 bytes + params
    body = params if params is not None else bytes(params_size)
    return u32s(h_client, h_object, cmd, status, params_size, 0) + body


def alloc_payload(h_client, h_parent, h_object, h_class, params_size, status=0):
    # rpc_gsp_rm_alloc_v03_00: 32 bytes + params (params not captured: zeros)
    return u32s(h_client, h_parent, h_object, h_class, status, params_size, 0) + bytes(4) + \
        bytes(params_size)


def free_payload(h_root, h_parent, h_old, status=0):
    # rpc_free_v03_00 = NVOS00_PARAMETERS {hRoot, hObjectParent, hObjectOld, status}
    return u32s(h_root, h_parent, h_old, status)


class Trace:
    def __init__(self, name, prefix, url, expect, tolerate_extra=()):
        """prefix: traces/field/prefix/<prefix>.prefix, recorded by bootrec
        (not *.jsonl: `gsptrace matrix` replays every *.jsonl under traces/)."""
        self.name = name
        with open(os.path.join(FIELD, "prefix", prefix + ".prefix")) as f:
            lines = [json.loads(l) for l in f]
        ph, self.recs = lines[0], lines[1:]
        self.release = ph["release"]
        self.hdr = {
            "nvtrace": 1, "chip": ph["chip"], "pci": ph["pci"], "release": ph["release"],
            "driver": ph["driver"], "seed": ph["seed"], "source": "field:" + url,
            # A field: source has no default rules (docs/trace-format.md): they are listed here.
            "tolerate": [{"rule": "dma-remap"}, {"rule": "handles"}] + list(tolerate_extra),
            "scenario": name, "expect": expect,
        }
        self.cmd_seq = 1 + max([r["seq"] for r in self.recs if r["k"] == "cmd"], default=-1)
        self.msg_seq = 1 + max([r["seq"] for r in self.recs if r["k"] == "msg"], default=-1)
        self.first_report_seq = self.cmd_seq
        self.n_prefix = len(self.recs)
        self.t_end = self.recs[-1]["t"] if self.recs else 0

    def add(self, t, k, d, **kw):
        r = {"t": int(t), "k": k, "d": d}
        r.update(kw)
        self.recs.append(r)

    def state(self, t, s):
        self.add(t, "state", "h", state=s)

    def rd(self, t, reg, name, val):
        self.add(t, "rd", "g", reg="0x%08x" % reg, name=name, val="0x%08x" % val)

    def cmd(self, t, fn, payload):
        self.add(t, "cmd", "h", seq=self.cmd_seq, fn=fn, name=FN[fn], len=len(payload),
                 elems=1, payload=payload.hex())
        self.cmd_seq += 1

    def msg(self, t, fn, name, payload, result=0):
        self.add(t, "msg", "g", seq=self.msg_seq, fn=fn, name=name, result="0x%08x" % result,
                 len=len(payload), elems=1, payload=payload.hex())
        self.msg_seq += 1

    def event(self, t, name, payload):
        self.msg(t, EV[self.release][name], name, payload)

    def err(self, t, what, **kw):
        self.add(t, "err", "h", what=what, **kw)

    def timeout(self, t, fn):
        # as the recorder writes it (driver/core/trace.c): fn, name, timeout_ms
        self.err(t, "rpc-timeout", fn=fn, name=FN[fn], timeout_ms=RPC_MS)

    def probe_failed(self, t, err):
        self.err(t, "probe-failed", err=err)

    def sorted(self):
        return sorted(self.recs, key=lambda r: r["t"])

    def text(self):
        lines = [json.dumps(self.hdr, separators=(",", ":"))]
        lines += [json.dumps(r, separators=(",", ":")) for r in self.sorted()]
        return "\n".join(lines) + "\n"


# dcgm144: the 8 cpu->gsp rows (oldest first) and the one steady-state event.
# (fn, data0, data1, ts_start, ts_end) — ts low 32 bits of 0x00060ec4_xxxxxxxx.
DCGM_CMDS = [
    (103, 0x0080, 0x38, 0x7fc73e04, 0x7fc7407e),
    (103, 0x2080, 0x04, 0x7fc740b4, 0x7fc743a2),
    (10, 0xc0000002, 0, 0x7fc743b8, 0x7fc745cc),
    (10, 0xc0000001, 0, 0x7fc745db, 0x7fc7476f),
    (10, 0xc1d00060, 0, 0x7fc74771, 0x7fc74940),
    (76, 0x20800a4c, 0x04, 0x7fc74963, 0x7fc74b56),
    (103, 0x90cc, 0x00, 0x7fc74b7c, 0x7fc74e3e),
    (76, 0x90cc0301, 0x0c, 0x7fc74e4b, None),
]
DCGM_EVENT0 = 0x795480bb   # GSP_SEND_USER_SHARED_DATA, 108187024 us before the stuck call

H_CLIENT = 0xc1d00001      # the replaying client's handle ("handles" rule renames it)
H_DEVICE, H_SUBDEV, H_PROF = 0xc0000001, 0xc0000002, 0xc0000003


def dcgm_steady(tr, t0, stuck_answer=None):
    """Append dcgm144's steady-state rows at t0 (= the event's time)."""
    # The report's steady-state event (GSP_SEND_USER_SHARED_DATA, 108 187 024
    # us before the first call) is left out: replay issues calls back to back
    # and queues an event at its recorded time, so it would land among the
    # calls; it is log-only for nvcore, and the model's boot sends the same
    # event.  The calls keep their relative times.
    base = DCGM_CMDS[0][3]
    for fn, d0, d1, s, e in DCGM_CMDS:
        ts = t0 + (s - base) * US
        if fn == 103:
            parent = {0x0080: H_CLIENT, 0x2080: H_DEVICE, 0x90cc: H_SUBDEV}[d0]
            obj = {0x0080: H_DEVICE, 0x2080: H_SUBDEV, 0x90cc: H_PROF}[d0]
            p = alloc_payload(H_CLIENT, parent, obj, d0, d1)
        elif fn == 76:
            obj = H_SUBDEV if (d0 >> 16) == 0x2080 else H_PROF
            p = ctl_payload(H_CLIENT, obj, d0, d1)
        else:
            p = free_payload(H_CLIENT, d1, d0)
        tr.cmd(ts, fn, p)
        if e is not None:
            tr.msg(t0 + (e - base) * US, fn, FN[fn], p)
        elif stuck_answer is not None:
            status, dt_us = stuck_answer
            tr.msg(ts + dt_us * US, fn, FN[fn],
                   ctl_payload(H_CLIENT, H_PROF, d0, d1, status=status))
        else:
            tr.timeout(ts + RPC_MS * 1000 * US, fn)
    return t0 + (DCGM_CMDS[-1][3] - base) * US


READY = "ga102-535.113.01-ready"      # prefix: a normal boot, recorded by bootrec
READY_A30 = "ga100-535.113.01-ready"  # the A30's die (GA100), a normal boot


def t_dcgm144():
    # The driver reads data0 from the payload (the control's cmd), so replay's
    # re-issued calls log what the RM calls of conformance `field` log.
    tr = Trace("dcgm144-a40-profiler", READY, URL_DCGM144, {
        "probe": "ok",
        "log": ["GSP RPC GSP_RM_CONTROL (data0 0x90cc0301) timed out after 6000 ms",
                "GSP RPC history (RPC timeout)",
                "GSP RPC GET_GSP_STATIC_INFO (data0 0x0) timed out after 6000 ms",
                "pending"]})
    t = dcgm_steady(tr, tr.t_end) + RPC_MS * 1000 * US + 10 * US
    # Error line 4: the next call (control 0x2080a097) came 6 s later.  A
    # GSP_RM_CONTROL of ours is still queued unanswered, so the driver fences
    # with GET_GSP_STATIC_INFO (zeroed GspStaticConfigInfo, 0x878 bytes in
    # r535); the fence is not answered either: firmware lost, the control is
    # never sent, the FREE of 0xc0000005 fails at once (nothing on the queue).
    tr.cmd(t, 65, bytes(0x878))
    tr.timeout(t + RPC_MS * 1000 * US, 65)
    return tr


def t_firmware_status():
    tr = Trace("dcgm144-profiler-status", READY, URL_DCGM144, {"probe": "ok", "log": []})
    dcgm_steady(tr, tr.t_end, stuck_answer=(NV_ERR_NOT_SUPPORTED, 350))
    return tr


def t_rc_triggered():
    # Under replay no client is attached: every event is logged as ownerless,
    # which shows the owner each one names (RC_TRIGGERED names none).
    tr = Trace("rc-triggered-owner", READY, URL_DCGM144, {
        "probe": "ok",
        "log": ["GSP event RC_TRIGGERED (client 0x0) has no attached owner",
                "GSP event POST_EVENT (client 0xc1d0beef) has no attached owner"]})
    t = tr.t_end + 1000 * US
    # dcgm144's first two allocations (device, subdevice), as the owner client
    for fn, d0, d1, s_, e in DCGM_CMDS[:2]:
        parent = H_CLIENT if d0 == 0x80 else H_DEVICE
        obj = H_DEVICE if d0 == 0x80 else H_SUBDEV
        p = alloc_payload(H_CLIENT, parent, obj, d0, d1)
        tr.cmd(t + (s_ - DCGM_CMDS[0][3]) * US, fn, p)
        tr.msg(t + (e - DCGM_CMDS[0][3]) * US, fn, FN[fn], p)
    t += 2000 * US
    # rpc_rc_triggered_v17_02 (535.113.01): engine GR0 (1), chid 8, exceptType 43
    # (Xid 43, "GPU stopped processing"), scope 0, partitionAttributionId 0
    tr.event(t, "RC_TRIGGERED", u32s(1, 8, 43, 0) + struct.pack("<HH", 0, 0))

    # rpc_post_event_v17_00: hClient, hEvent, notifyIndex, data, info16(+pad),
    # status, eventDataSize @0x18, bNotifyList @0x1c (no event data)
    def post(h_client):
        return u32s(h_client, 0xcaf00001, 0x10, 0, 0, 0, 0) + bytes([0]) + bytes(3)
    tr.event(t + 5 * US, "POST_EVENT", post(H_CLIENT))
    tr.event(t + 10 * US, "POST_EVENT", post(0xc1d0beef))
    return tr


# ogkm1230 timestamps (low 32 bits of 0x000655d5_xxxxxxxx), us
OG_SYSINFO, OG_REGISTRY, OG_DONE = 0x3b47bfbe, 0x3b47bfc0, 0x3b587765
OG_LOCKDOWN = [(0x3b555cee, 0), (0x3b56c990, 1), (0x3b56cd20, 0), (0x3b56ce62, 1),
               (0x3b56deca, 0)]


def t_ogkm1230_heartbeat():
    # The prefix is the driver's run with GSP-RM halting before INIT_DONE
    # (bootrec no-init-done); replay sees init-done then failed with no
    # GSP_INIT_DONE message and makes the model halt there.
    tr = Trace("ogkm1230-heartbeat-lost", "gh100-570.144-no-init-done", URL_OGKM1230, {
        "probe": "-ETIMEDOUT",
        "log": ["GSP_INIT_DONE did not arrive in 10000 ms",
                "GSP RPC history (waiting for GSP_INIT_DONE)",
                "GSP_SET_SYSTEM_INFO", "SET_REGISTRY"]})
    posted = next(r["t"] for r in tr.recs if r["k"] == "cmd" and r["fn"] == 72)
    # The captured lockdown notices at their printed distance from the
    # posting of GSP_SET_SYSTEM_INFO (all inside the 10 s INIT_DONE wait).
    for ts, engaging in OG_LOCKDOWN:
        tr.event(posted + (ts - OG_SYSINFO) * US, "GSP_LOCKDOWN_NOTICE", bytes([engaging]))
    return tr


def t_ogkm1230_wpr2():
    # The whole trace is the driver's: the model powers on with WPR2 up
    # (bootrec wpr2-up); the reload finds it and refuses.
    return Trace("ogkm1230-wpr2-up", "gh100-570.144-wpr2-up", URL_OGKM1230, {
        "probe": "-EBUSY",
        "log": ["WPR2 is already up", "the GPU needs a reset"]})


# ogkm446: the first nvidia-smi start-up (records #4..#28); every one timed out.
OGKM446_SEQ = [
    (76, 0x20801348, 0x410), (103, 0x0, 0x6c), (103, 0x80, 0x38), (103, 0x2080, 0x4),
]


def t_ogkm446():
    tr = Trace("ogkm446-a30-gsp-dead", READY_A30, URL_OGKM446, {
        "probe": "ok",
        "log": ["GSP RPC FREE (data0 0xa55a00a0) timed out after 6000 ms",
                "GSP RPC GSP_RM_CONTROL (data0 0x20801348) timed out after 6000 ms",
                "GSP RPC GSP_RM_ALLOC (data0 0x0) timed out after 6000 ms",
                "GSP RPC GET_GSP_STATIC_INFO (data0 0x0) timed out after 6000 ms",
                "GSP RPC history (RPC timeout)"]})
    t = tr.t_end + 1000 * US
    # Records #1..#4: FREE 0xa55a00a0 (the first Xid 119), then the next
    # nvidia-smi's control 0x20801348 and allocs of class 0x0 and 0x80.  Each
    # function's first call waits out the timeout (6 s; 45 s in 525); the
    # second GSP_RM_ALLOC finds one of its kind unanswered and fences; the
    # fence times out: firmware lost.  #5..#60 are refused at once (-ENODEV)
    # and put nothing on the queue, so they have no records.
    calls = [(10, 0xa55a00a0, 0x0)] + OGKM446_SEQ[:3]
    for fn, d0, d1 in calls:
        if (fn, d0) == (103, 0x80):
            tr.cmd(t, 65, bytes(0x878))
            tr.timeout(t + RPC_MS * 1000 * US, 65)
            break
        if fn == 76:
            p = ctl_payload(0xa55a0000, 0xa55a0030, d0, d1)
        elif fn == 103:
            p = alloc_payload(0xa55a0000, 0, 0xa55a0000, 0, d1)
        else:
            p = free_payload(0xa55a0000, d1, d0)
        tr.cmd(t, fn, p)
        tr.timeout(t + RPC_MS * 1000 * US, fn)
        t += RPC_MS * 1000 * US + 100 * US
    return tr


def t_version():
    # The driver's run with GET_FEATURES naming another build (bootrec
    # features-version); the version string becomes the sibling release's
    # ("535.261.03", the same length as the model's "9.9.9-gspm").
    tr = Trace("ogkm1230-version-mismatch", "ga102-535.113.01-features-version", URL_OGKM1230, {
        "probe": "-EPROTO",
        "log": ['GSP_GET_FEATURES: firmware reports version "535.261.03", '
                'but the core booted it as release 535.113.01']})
    for r in tr.recs:
        if r["k"] == "msg" and r["fn"] == 76:
            r["payload"] = r["payload"].replace(b"9.9.9-gspm".hex(), b"535.261.03".hex())
    return tr


ALL = [t_dcgm144, t_firmware_status, t_rc_triggered, t_ogkm1230_heartbeat, t_ogkm1230_wpr2,
       t_ogkm446, t_version]


def finish(tr, got_path, report):
    """The driver's replayed run (fieldrec) with the report's times on the
    records the report shows (commands, replies, events, timeouts, in order
    per kind); every other record keeps its distance to the one before it."""
    with open(got_path) as f:
        got = [json.loads(l) for l in f][1:]
    draft = report

    def key(r):
        if r["k"] == "msg":
            return ("event" if r["fn"] >= 0x1000 else "reply", r["fn"])
        return (r["k"], r.get("fn"))
    want = {}
    for r in draft:
        want.setdefault(key(r), []).append(r["t"])
    start = next((i for i, r in enumerate(got) if r["k"] == "cmd" and r["seq"] >= tr.first_report_seq),
                 len(got))
    out, prev_old, prev_new = [], None, None
    for i, r in enumerate(got):
        r = dict(r)
        if i >= start:
            q = want.get(key(r))
            if q and r["k"] in ("cmd", "msg", "err"):
                new = q.pop(0)
            else:
                new = prev_new + (r["t"] - prev_old)
            old = r["t"]
            r["t"] = max(new, prev_new)
            prev_old, prev_new = old, r["t"]
        else:
            prev_old = prev_new = r["t"]
        out.append(r)
    tr.recs = out
    return tr


def build(fieldrec, tmp):
    import subprocess
    for f in ALL:
        tr = f()
        if fieldrec:
            draft = os.path.join(tmp, tr.name + ".draft.jsonl")
            got = os.path.join(tmp, tr.name + ".got.jsonl")
            report = sorted(tr.recs[tr.n_prefix:], key=lambda r: r["t"])
            prev = None
            # Replay queues events at their recorded time, and finish() gives
            # them the report's: run the finished trace again until the run
            # is stable (it replays as it was recorded).
            for _ in range(4):
                with open(draft, "w") as fh:
                    fh.write(tr.text())
                p = subprocess.run([fieldrec, draft, got], capture_output=True, text=True)
                if p.returncode:
                    raise SystemExit("fieldrec %s: %d\n%s" % (tr.name, p.returncode, p.stderr))
                finish(tr, got, report)
                if tr.text() == prev:
                    break
                prev = tr.text()
        yield tr


def main():
    import argparse
    import tempfile
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--check", action="store_true", help="compare, do not write")
    ap.add_argument("--fieldrec", help="build/tools/fieldtraces/fieldrec (the driver's run of each draft)")
    a = ap.parse_args()
    if not a.fieldrec:
        raise SystemExit("mkfield.py: --fieldrec build/tools/fieldtraces/fieldrec is required")
    bad = 0
    with tempfile.TemporaryDirectory() as tmp:
        for tr in build(a.fieldrec, tmp):
            path = os.path.join(FIELD, tr.name + ".jsonl")
            text = tr.text()
            if a.check:
                try:
                    with open(path) as fh:
                        same = fh.read() == text
                except OSError:
                    same = False
                if not same:
                    print("%s: out of date (run tools/fieldtraces/mkfield.py --fieldrec ...)" % path)
                    bad += 1
            else:
                with open(path, "w") as fh:
                    fh.write(text)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
