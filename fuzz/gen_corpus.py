#!/usr/bin/env python3
"""Write the seed corpora under fuzz/corpus/ (docs/fuzzing.md).

usage: fuzz/gen_corpus.py BUILDDIR

msgq, seq, model and vfio seeds are built here from docs/protocol.md's layouts; fwfile
seeds are the test tree's generated files (BUILDDIR/fw, emu/fwgen), a small
GSP-RM ELF64 built here and the model's VBIOS (BUILDDIR's vbios_image.c);
the trace target also reads traces/ directly (fuzz/meson.build).  Regression
inputs from findings are committed beside the seeds by hand, never written
by this script.
"""
import os
import re
import struct
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
u8 = lambda v: struct.pack('<B', v)
u16 = lambda v: struct.pack('<H', v)
u32 = lambda v: struct.pack('<I', v)

# fuzz_msgq.c's operations.
POST, RAW, WPTR, RPTR, DISPATCH, CALL, RUN = range(7)
CALL_FREE, CALL_CONTROL, CALL_ALLOC, CALL_STATIC_INFO, CALL_UNLOAD = range(5)


def post(fn, payload=b'', pages=1, flags=0):
    return u8(POST) + u8(flags | (pages - 1)) + u16(fn) + u16(len(payload)) + payload


def seq_payload(cmds, used=None):
    """rpc_run_cpu_sequencer_v17_00: bufferSizeDWord, cmdIndex, regSaveArea[8], commands."""
    words = b''.join(u32(w) for w in cmds)
    n = len(cmds) if used is None else used
    return u32(len(cmds)) + u32(n) + bytes(32) + words


SEQ_ALL = [0, 0x110040, 1,                  # REG_WRITE addr val
           1, 0x110040, 0xff, 2,            # REG_MODIFY addr mask val
           2, 0x110040, 1, 0, 100, 0x55,    # REG_POLL addr mask val timeout_us error
           3, 10,                           # DELAY_US
           4, 0x110040, 2,                  # REG_STORE addr slot
           5, 6, 7, 8]                      # CORE_RESET/START/WAIT_FOR_HALT/RESUME


def msgq_seeds():
    big = bytes((i * 7) & 0xff for i in range(0xffb0))
    return {
        'init-done': u8(0) + post(0x1001) + u8(DISPATCH),
        'init-done-failed': u8(1) + post(0x1001, flags=0x10) + u32(0x55) + u8(DISPATCH),
        'sequencer': u8(2) + post(0x1002, seq_payload(SEQ_ALL)) + u8(DISPATCH),
        'events': u8(0) + b''.join(post(0x1000 + i, bytes(range(0x40))) for i in range(3, 0x20))
                  + u8(DISPATCH),
        'reply': u8(0) + u8(CALL) + u8(CALL_STATIC_INFO) + u16(0x100) + u8(RUN) + u8(1)
                 + post(65, bytes(0x80)) + u8(DISPATCH) + u8(RUN) + u8(10),
        'continuation': u8(0) + u8(CALL) + u8(CALL_CONTROL) + u16(0xffff) + u8(RUN) + u8(1)
                        + post(76, big, pages=16) + post(71, bytes(0x4f)) + u8(DISPATCH),
        'timeout-then-late-reply': u8(0) + u8(CALL) + u8(CALL_FREE) + u16(0x20) + u8(RUN) + u8(255)
                                   + u8(RUN) + u8(255) + post(10, bytes(0x20)) + u8(DISPATCH),
        'pointers': u8(0) + post(0x1001) + u8(WPTR) + u32(62) + u8(RPTR) + u32(5) + u8(DISPATCH),
        'raw': u8(0) + u8(RAW) + u16(0x60) + bytes(0x28) + u32(1) + bytes(4)
               + u32(0x03000000) + u32(0x43505256) + u32(0x20) + u32(0x1001) + bytes(0x20)
               + u8(DISPATCH),
    }


def seq_seeds():
    regs = lambda vals: u8(len(vals)) + b''.join(u32(v) for v in vals)
    return {
        'all-ops': u8(0) + regs([0xffffffff, 0x80000000, 1, 0x10]) + seq_payload(SEQ_ALL),
        'gh100-resume': u8(1) + regs([]) + seq_payload([8]),
        'write-poll': u8(2) + regs([1]) + seq_payload([0, 0x100, 5, 2, 0x100, 1, 1, 0, 0]),
        'store-slots': u8(4) + regs([7]) + seq_payload(sum(([4, 0x110000 + 4 * i, i] for i in range(8)), [])),
    }


# fuzz_model.c's post-boot operations.
ECHO, EVENT, MRUN, SHM = range(4)


def model_seeds():
    head = lambda chip=0, rel=0, faults=b'', scripts=b'', nf=0, ns=0: (
        u8(chip) + u8(rel) + u8(nf) + faults + u8(ns) + scripts)
    return {
        'boot-echo': head() + u8(ECHO) + u16(0x100) + u8(1) + u8(MRUN) + u8(10),
        'large-echo': head() + u8(ECHO) + u16(0xffff) + u8(3),
        'drop-reply': head(nf=1, faults=u8(1) + u8(5) + u32(0) + u8(0))
                      + u8(ECHO) + u16(0x40) + u8(1) + u8(MRUN) + u8(100),
        'checksum': head(1, 1, nf=1, faults=u8(4) + u8(0) + u32(0) + u8(0)) + u8(ECHO) + u16(0x40) + u8(7),
        'script': head(ns=2, scripts=u8(5) + u8(2) + u32(0x55) + u16(0) + u16(0)
                       + u8(6) + u8(4) + u32(0) + u16(500) + u16(0)),
        'event-shm': head() + u8(EVENT) + u8(4) + u8(8) + bytes(8) + u8(SHM) + u32(0x1010)
                     + u32(1000) + u8(MRUN) + u8(5),
        'gh100': head(2) + u8(ECHO) + u16(0x40) + u8(9),
    }


# fuzz_vfio.c's operations; its ioctl selectors; the uAPI's numbers (linux/vfio.h).
(OPEN, CLOSE, CFG, BAR0, REGION, IOCTL, IRQ, VRUN, TYPE) = range(9)
GET_INFO, GET_REGION_INFO, GET_IRQ_INFO, SET_IRQS, RESET = range(5)
MSIX, REQ = 2, 4                                    # VFIO_PCI_MSIX_IRQ_INDEX, _REQ_
NONE, EVENTFD, TRIGGER = 1, 4, 32                   # VFIO_IRQ_SET_DATA_*, _ACTION_TRIGGER
DOORBELL, VF_REG = 0x30090, 0x3100                  # dev_vm.h (spec/vgpu.md §2.8)


def ioctl(sel, arg, fd=0):
    return u8(IOCTL) + u8(sel) + u8(fd) + arg + bytes(48 - len(arg))


def cfg(off, val=0, size=4, write=False):
    return u8(CFG) + u8({1: 0, 2: 2, 4: 4}[size] | write) + u16(off) + u32(val)


def bar0(off, val=0, write=False, where=1):
    return u8(BAR0) + u8(4 | write | where << 3) + u32(off) + u32(val)


def irq_set(index, data, count):
    return u32(24) + u32(data | TRIGGER) + u32(index) + u32(0) + u32(count)


def vfio_seeds():
    regions = b''.join(ioctl(GET_REGION_INFO, u32(32) + u32(0) + u32(i)) for i in range(9))
    return {
        'open-close': u8(0) + u8(OPEN) + u8(CLOSE),
        'config': u8(9) + u8(OPEN) + b''.join(cfg(o) for o in range(0, 0x50, 4)) +
                  b''.join(cfg(0x10 + 4 * i, 0xffffffff, write=True) + cfg(0x10 + 4 * i)
                           for i in range(6)) +
                  cfg(4, 0xffff, 2, True) + cfg(0x48, 0x8000, 2, True) + cfg(0x48, size=2) +
                  cfg(0x100) + cfg(1, size=2) + u8(CLOSE),
        'bar0': u8(0) + u8(OPEN) + bar0(VF_REG, 0x1111, True) + bar0(VF_REG) +
                bar0(0, 0, True, 0) + bar0(0, 1, True, 0) + bar0(0, 0xffffffff, True, 0) +
                bar0(0x40000, 1, True, 2) + bar0(VF_REG + 2, 1, True, 2),
        'ioctls': u8(0) + u8(OPEN) + ioctl(GET_INFO, u32(24)) + regions +
                  ioctl(GET_IRQ_INFO, u32(16) + u32(0) + u32(MSIX)) +
                  ioctl(SET_IRQS, irq_set(MSIX, EVENTFD, 1)) + u8(IRQ) + u8(1) + u8(IRQ) + u8(0) +
                  ioctl(SET_IRQS, irq_set(MSIX, NONE, 1)) + ioctl(SET_IRQS, irq_set(MSIX, NONE, 0)) +
                  ioctl(SET_IRQS, irq_set(REQ, EVENTFD, 1)) + ioctl(RESET, b'') + u8(CLOSE),
        'type-while-open': u8(3) + u8(TYPE) + u8(3) + u8(OPEN) + u8(OPEN) + u8(TYPE) + u8(1) +
                           u8(TYPE) + u8(7) + u8(CLOSE) + u8(VRUN) + u8(10) + u8(CLOSE) +
                           u8(TYPE) + u8(4) + u8(OPEN),
    }


def gsp_elf(version=b'570.144', family=b'ga10x'):
    """A small ELF64 RISC-V relocatable: .fwimage, .fwversion, .fwsignature_<family> (§4.1)."""
    secs = [(b'.fwimage', bytes(range(256)) * 4), (b'.fwversion', version + b'\0'),
            (b'.fwsignature_' + family, bytes([1, 0, 2, 0]) + bytes(0xffc))]
    names = b'\0' + b''.join(n + b'\0' for n, _ in secs) + b'.shstrtab\0'
    body, offs, off = b'', [], 64
    for _, data in secs + [(None, names)]:
        offs.append(off)
        body += data
        off += len(data)
    shoff = (off + 7) & ~7
    body += bytes(shoff - off)
    sh = bytes(64)
    name_off = 1
    for i, (n, data) in enumerate(secs + [(b'.shstrtab', names)]):
        sh += struct.pack('<IIQQQQIIQQ', name_off, 1 if n != b'.shstrtab' else 3, 0, 0,
                          offs[i], len(data), 0, 0, 1, 0)
        name_off += len(n) + 1
    eh = (b'\x7fELF' + bytes([2, 1, 1]) + bytes(9) +
          struct.pack('<HHIQQQIHHHHHH', 1, 243, 1, 0, 0, shoff, 0, 64, 0, 0, 64,
                      len(secs) + 2, len(secs) + 1))
    return eh + body + sh


def vbios(builddir):
    src = open(os.path.join(builddir, 'emu/gsp-model/vbios_image.c')).read()
    size = int(re.search(r'gspm_vbios_image_size = (\d+)', src).group(1))
    data = bytes(int(x, 0) for x in re.findall(r'0x[0-9a-fA-F]{2}\b', src.split('=', 1)[1]))
    return data[:size]


def fwfile_seeds(builddir):
    seeds = {'gsp-570.144-small.elf': gsp_elf(), 'vbios-model.rom': vbios(builddir)}
    tree = os.path.join(builddir, 'fw/nvidia')
    for chip, name in [('ga102', 'bootloader'), ('ga102', 'booter_load'),
                       ('ga102', 'booter_unload'), ('gh100', 'fmc')]:
        with open(os.path.join(tree, chip, 'gsp', f'{name}-570.144.bin'), 'rb') as f:
            seeds[f'{chip}-{name}-570.144.bin'] = f.read()
    return seeds


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    for target, seeds in [('msgq', msgq_seeds()), ('seq', seq_seeds()), ('model', model_seeds()),
                          ('vfio', vfio_seeds()), ('fwfile', fwfile_seeds(sys.argv[1]))]:
        d = os.path.join(HERE, 'corpus', target)
        os.makedirs(d, exist_ok=True)
        for name, data in seeds.items():
            with open(os.path.join(d, name), 'wb') as f:
                f.write(data)


if __name__ == '__main__':
    main()
