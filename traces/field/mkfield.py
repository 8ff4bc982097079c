#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Build the field-bug traces (traces/field/*.jsonl) from the transcribed
RPC histories in spec field reports (shared/field/*.md).

Every number below comes from a report's table or from spec/gsp-protocol.md;
README.md beside this script says, per trace, what was mapped and what was
constructed.  Run it from anywhere: `python3 traces/field/mkfield.py` rewrites
the .jsonl files next to it; `--check` only compares (used by the tests).
"""
import json
import os
import struct
import sys

HERE = os.path.dirname(os.path.abspath(__file__))

URL_DCGM144 = "https://github.com/NVIDIA/DCGM/issues/144"
URL_OGKM1230 = "https://github.com/NVIDIA/open-gpu-kernel-modules/issues/1230"
URL_OGKM446 = "https://github.com/NVIDIA/open-gpu-kernel-modules/issues/446"

# The model's PCI identities (emu/gsp-model/hw.c): replay runs against them.
PCI = {
    "ga102": {"vendor": "0x10de", "device": "0x2236", "subsystem": "0x10de:0x1482", "revision": "0xa1"},
    "gh100": {"vendor": "0x10de", "device": "0x2331", "subsystem": "0x10de:0x1626", "revision": "0xa1"},
}

# Function numbers: identical in 535.113.01, 535.261.03 and 570.144 (spec §2.2).
FN = {10: "FREE", 65: "GET_GSP_STATIC_INFO", 72: "GSP_SET_SYSTEM_INFO", 73: "SET_REGISTRY",
      76: "GSP_RM_CONTROL", 103: "GSP_RM_ALLOC"}
# Events differ after 0x101a (spec §2.3).
EV = {
    "535.113.01": {"RC_TRIGGERED": 0x1004, "POST_EVENT": 0x1003,
                   "GSP_SEND_USER_SHARED_DATA": 0x101b, "GSP_LOCKDOWN_NOTICE": 0x101d},
    "570.144": {"RC_TRIGGERED": 0x1004, "POST_EVENT": 0x1003,
                "GSP_LOCKDOWN_NOTICE": 0x101c},
}

RPC_MS = 6000          # fw/<release>/release.c timeout.rpc_ms (all three releases)
INIT_DONE_MS = 10000   # timeout.init_done_ms
US = 1000              # ns per microsecond

NV2080_CTRL_CMD_GSP_GET_FEATURES = 0x20803601
NV_ERR_NOT_SUPPORTED = 0x56


def u32s(*v):
    return struct.pack("<%dI" % len(v), *v)


def ctl_payload(h_client, h_object, cmd, params_size, status=0, params=None):
    # rpc_gsp_rm_control_v03_00 (spec §2.4): 24 bytes + params
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
    def __init__(self, name, chip, release, url, expect, tolerate_extra=()):
        self.name = name
        self.release = release
        self.hdr = {
            "nvtrace": 1, "chip": chip, "pci": PCI[chip], "release": release,
            "driver": "nvcore 1.0", "seed": "0x0", "source": "field:" + url,
            "tolerate": [{"rule": "dma-remap"}, {"rule": "handles"},
                         {"rule": "ignore", "k": "wr"}, {"rule": "ignore", "k": "rd"},
                         {"rule": "ignore", "k": "irq"}] + list(tolerate_extra),
            "scenario": name, "expect": expect,
        }
        self.recs = []
        self.cmd_seq = 0
        self.msg_seq = 0

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

    def text(self):
        lines = [json.dumps(self.hdr, separators=(",", ":"))]
        lines += [json.dumps(r, separators=(",", ":")) for r in sorted(self.recs, key=lambda r: r["t"])]
        return "\n".join(lines) + "\n"


# The boot the model plays (no report captured one; its records are the
# driver's own, so only the state timeline is written, at the model's
# virtual times).
GA102_BOOT = ["gfw-boot", "prepare", "fwsec-frts", "booter-load", "riscv-start",
              "queue-link", "init-done", "static-info", "ready"]
GH100_BOOT = ["fsp-secure-boot", "prepare", "fsp-cot", "gsp-lockdown", "riscv-start",
              "queue-link", "init-done", "static-info", "ready"]


def boot(tr, states, upto=None, step_us=1200):
    t = 0
    for s in states:
        tr.state(t, s)
        t += step_us * US
        if s == upto:
            break
    return t


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
    tr.event(t0, "GSP_SEND_USER_SHARED_DATA", b"")
    base = DCGM_EVENT0
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


def t_dcgm144():
    tr = Trace("dcgm144-a40-profiler", "ga102", "535.113.01", URL_DCGM144, {
        "probe": "ok",
        "log": ["GSP RPC GSP_RM_CONTROL (data0 0x90cc0301) timed out after 6000 ms",
                "GSP RPC history (RPC timeout)",
                "GSP_RM_ALLOC",
                "pending",
                "GSP answered neither GSP_RM_CONTROL nor the GET_GSP_STATIC_INFO fence: firmware lost"]})
    t = boot(tr, GA102_BOOT)
    t = dcgm_steady(tr, t + 1000 * US) + RPC_MS * 1000 * US + 10 * US
    # Error line 4: the next call (control 0x2080a097, 0x490 bytes) came 6 s
    # later.  A GSP_RM_CONTROL of ours is still queued unanswered, so the
    # driver fences with GET_GSP_STATIC_INFO (a zeroed GspStaticConfigInfo,
    # 0x878 bytes in r535); the fence is not answered either: firmware lost,
    # the control is never sent, and the FREE of 0xc0000005 fails at once.
    tr.cmd(t, 65, bytes(0x878))
    tr.timeout(t + RPC_MS * 1000 * US, 65)
    return tr


def t_firmware_status():
    tr = Trace("dcgm144-profiler-status", "ga102", "535.113.01", URL_DCGM144, {
        "probe": "ok", "log": []})
    t = boot(tr, GA102_BOOT)
    dcgm_steady(tr, t + 1000 * US, stuck_answer=(NV_ERR_NOT_SUPPORTED, 350))
    return tr


def t_rc_triggered():
    tr = Trace("rc-triggered-owner", "ga102", "535.113.01", URL_DCGM144, {
        "probe": "ok",
        "log": ["GSP event POST_EVENT (client 0xc1d0beef) has no attached owner"]})
    t = boot(tr, GA102_BOOT)
    t += 1000 * US
    # dcgm144's first two allocations (device, subdevice), as the owner client
    for fn, d0, d1, s, e in DCGM_CMDS[:2]:
        parent = H_CLIENT if d0 == 0x80 else H_DEVICE
        obj = H_DEVICE if d0 == 0x80 else H_SUBDEV
        p = alloc_payload(H_CLIENT, parent, obj, d0, d1)
        tr.cmd(t + (s - DCGM_CMDS[0][3]) * US, fn, p)
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
    tr = Trace("ogkm1230-heartbeat-lost", "gh100", "570.144", URL_OGKM1230, {
        "probe": "-ETIMEDOUT",
        "log": ["GSP_INIT_DONE did not arrive in 10000 ms",
                "GSP RPC history (waiting for GSP_INIT_DONE)",
                "GSP_SET_SYSTEM_INFO", "SET_REGISTRY"]},
        tolerate_extra=[{"rule": "ignore", "k": "cmd", "fn": 72},
                        {"rule": "ignore", "k": "cmd", "fn": 73}])
    t = boot(tr, GH100_BOOT, upto="gsp-lockdown")
    # The two pre-boot RPCs are queued before RISC-V starts (spec §3.4 step 8);
    # their payloads are the driver's own (GspSystemInfo, registry): not captured,
    # compared by neither side (ignore rules above), written with len 0.
    base = OG_SYSINFO
    tr.cmd(t + (OG_SYSINFO - base) * US, 72, b"")
    tr.cmd(t + (OG_REGISTRY - base) * US, 73, b"")
    tr.state(t + 10 * US, "riscv-start")
    tr.state(t + 20 * US, "queue-link")
    tr.state(t + 30 * US, "init-done")
    for ts, engaging in OG_LOCKDOWN:
        tr.event(t + (ts - base) * US, "GSP_LOCKDOWN_NOTICE", bytes([engaging]))
    # No INIT_DONE, no reply: the firmware's heartbeat stopped (not observable
    # in 570.144, see README); the driver sees only the silence.
    tr.state(t + 30 * US + INIT_DONE_MS * 1000 * US, "failed")
    tr.probe_failed(t + 30 * US + INIT_DONE_MS * 1000 * US + 1, "-ETIMEDOUT")
    return tr


def t_ogkm1230_wpr2():
    tr = Trace("ogkm1230-wpr2-up", "gh100", "570.144", URL_OGKM1230, {
        "probe": "-EBUSY",
        "log": ["WPR2 is already up", "the GPU needs a reset"]})
    tr.state(0, "fsp-secure-boot")
    # WPR2_ADDR_HI: any non-zero value means "up"; the reported value was not
    # printed by NVIDIA's driver.  0x0013fff0 = (0x13fff0000 >> 12) << 4, an
    # 80 GB part's WPR2 end near the top of FB (illustrative, see README).
    tr.rd(50 * US, 0x001fa828, "NV_PFB_PRI_MMU_WPR2_ADDR_HI", 0x0013fff0)
    tr.state(51 * US, "failed")
    tr.probe_failed(52 * US, "-EBUSY")
    return tr


# ogkm446: the first nvidia-smi start-up (records #4..#28); every one timed out.
OGKM446_SEQ = [
    (76, 0x20801348, 0x410), (103, 0x0, 0x6c), (103, 0x80, 0x38), (103, 0x2080, 0x4),
    (76, 0x20800110, 0x84), (76, 0x2080014b, 0x5), (76, 0x20800157, 0x0),
    (76, 0x2080014b, 0x5), (76, 0x2080014b, 0x5), (76, 0x2080014b, 0x5), (76, 0x2080014b, 0x5),
    (76, 0x2080852e, 0x208), (76, 0x20808513, 0x598), (76, 0x2080a068, 0x4),
    (76, 0x2080a618, 0x181c), (76, 0x2080a612, 0xd98), (76, 0x20809009, 0x8),
    (76, 0x20800a4c, 0x4), (76, 0x20800a4c, 0x4), (76, 0x20800a4c, 0x4),
    (103, 0x208f, 0x0), (76, 0x208f1105, 0x8),
    (10, 0xa55a00a0, 0x0), (10, 0xa55a0030, 0x0), (10, 0xa55a0020, 0x0),
]


def t_ogkm446():
    tr = Trace("ogkm446-a30-gsp-dead", "ga102", "535.113.01", URL_OGKM446, {
        "probe": "ok",
        "log": ["GSP RPC GSP_RM_CONTROL (data0 0x20801348) timed out after 6000 ms",
                "GSP RPC GSP_RM_ALLOC (data0 0x0) timed out after 6000 ms",
                "GSP answered neither GSP_RM_ALLOC nor the GET_GSP_STATIC_INFO fence: firmware lost",
                "GSP RPC history (RPC timeout)"]})
    t = boot(tr, GA102_BOOT) + 1000 * US
    # The report's records #1..#5: FREE 0xa55a00a0 (the first Xid 119), then
    # the next nvidia-smi's control 0x20801348 and allocs of class 0x0, 0x80.
    # Each function's first call waits out the timeout (6 s; 45 s in 525);
    # the second GSP_RM_ALLOC finds one of its kind unanswered, fences, the
    # fence times out: firmware lost.  Records #6..#60 are then refused at
    # once (-ENODEV) and put nothing on the queue, so they have no records.
    calls = [(10, 0xa55a00a0, 0x0)] + OGKM446_SEQ[:3]
    for fn, d0, d1 in calls:
        if fn == 76:
            p = ctl_payload(0xa55a0000, 0xa55a0030, d0, d1)
        elif fn == 103:
            if d0 == 0:
                p = alloc_payload(0xa55a0000, 0, 0xa55a0000, 0, d1)
            else:
                p = alloc_payload(0xa55a0000, 0xa55a0000, 0xa55a0020, d0, d1)
        else:
            p = free_payload(0xa55a0000, d1, d0)
        if (fn, d0) == (103, 0x80):
            tr.cmd(t, 65, bytes(0x878))
            tr.timeout(t + RPC_MS * 1000 * US, 65)
            break
        tr.cmd(t, fn, p)
        tr.timeout(t + RPC_MS * 1000 * US, fn)
        t += RPC_MS * 1000 * US + 100 * US
    return tr


def t_version():
    tr = Trace("ogkm1230-version-mismatch", "ga102", "535.113.01", URL_OGKM1230, {
        "probe": "-EPROTO",
        "log": ['GSP_GET_FEATURES: firmware reports version "535.261.03", '
                'but the core booted it as release 535.113.01']},
        tolerate_extra=[{"rule": "ignore", "k": "cmd", "fn": 72},
                        {"rule": "ignore", "k": "cmd", "fn": 73},
                        {"rule": "ignore", "k": "cmd", "fn": 65},
                        {"rule": "ignore", "k": "msg", "fn": 65}])
    t = boot(tr, GA102_BOOT)
    # NV2080_CTRL_GSP_GET_FEATURES_PARAMS: gspFeatures, bValid, bDefaultGspRmGpu,
    # firmwareVersion[64], pad[2] (72 bytes); the internal client/subdevice
    # handles come from GET_GSP_STATIC_INFO (model values; "handles" rule).
    req = u32s(0) + bytes(68)
    ver = b"535.261.03"
    rep = u32s(0) + bytes([1, 0]) + ver + bytes(64 - len(ver)) + bytes(2)
    tr.cmd(t, 76, ctl_payload(0xc1e00004, 0x5c000002, NV2080_CTRL_CMD_GSP_GET_FEATURES,
                              len(req), params=req))
    tr.msg(t + 200 * US, 76, "GSP_RM_CONTROL",
           ctl_payload(0xc1e00004, 0x5c000002, NV2080_CTRL_CMD_GSP_GET_FEATURES, len(rep),
                       params=rep))
    tr.state(t + 201 * US, "failed")
    tr.probe_failed(t + 202 * US, "-EPROTO")
    return tr


ALL = [t_dcgm144, t_firmware_status, t_rc_triggered, t_ogkm1230_heartbeat, t_ogkm1230_wpr2,
       t_ogkm446, t_version]


def main():
    check = "--check" in sys.argv
    bad = 0
    for f in ALL:
        tr = f()
        path = os.path.join(HERE, tr.name + ".jsonl")
        text = tr.text()
        if check:
            try:
                with open(path) as fh:
                    same = fh.read() == text
            except OSError:
                same = False
            if not same:
                print("%s: out of date (run traces/field/mkfield.py)" % path)
                bad += 1
        else:
            with open(path, "w") as fh:
                fh.write(text)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
