#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Tests of abigen.py (meson test 'gsp-model-abigen', suite unit).

1. On the real tables the generator succeeds, and every table row has its
   check in the output: a _Static_assert of the row's offset and size (or of
   sizeof), a #define of every constant with the table's value, every
   NV_VGPU_MSG_EVENT_* number named in GSPM_ABI_EVENT_NAMES, and
   GSPM_ABI_HAS_<struct>_<field> for each "optional" hint the table has.  The expected
   values are read here from the TSVs, not from the generator.
2. On doctored copies of the tables it fails, naming the difference:
   a common constant that changed in one release, a common structure's field
   that moved, a nested structure whose size no longer matches its row, an
   overlap that is not a union, a field past sizeof, an event number past
   NUM_EVENTS, a missing NUM_EVENTS.
3. The generated headers compile (cc -fsyntax-only) so the asserts hold.

Usage: abigen_test.py ABIGEN.py HINTS FWDIR [CC]   (FWDIR holds <release>/*.tsv)
"""

import contextlib
import importlib.util
import io
import os
import re
import shutil
import subprocess
import sys
import tempfile

# Every release folder of FWDIR (one with a layout.tsv), not a list of its own.
RELEASES = sorted(r for r in os.listdir(sys.argv[3])
                  if os.path.isfile(os.path.join(sys.argv[3], r, 'layout.tsv')))
failures = []


def check(cond, what):
    print('%s: %s' % ('ok' if cond else 'FAIL', what))
    if not cond:
        failures.append(what)


def load(gen):
    """The generator as a module: each run calls its main() here, as its
    command line would (one Python start for the nine runs)."""
    spec = importlib.util.spec_from_file_location('abigen', gen)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def run(gen, hints, fwdir, out):
    args = ['--hints', hints, '--common', os.path.join(out, 'common.h')]
    for r in RELEASES:
        args += ['--release', r, os.path.join(fwdir, r, 'layout.tsv'),
                 os.path.join(fwdir, r, 'consts.tsv'), os.path.join(out, r + '.h')]
    err = io.StringIO()
    with contextlib.redirect_stderr(err):
        try:
            rc = gen.main(args)
        except SystemExit as e:    # argparse's usage error
            rc = e.code
    return rc, err.getvalue()


def rows(path):
    with open(path) as f:
        return [l.split('\t') for l in f.read().split('\n')[1:] if l.strip()]


def doctored(fwdir, tmp, release, kind, edit):
    """A copy of fwdir with one file of one release passed through edit()."""
    d = os.path.join(tmp, 'fw-' + str(len(os.listdir(tmp))))
    for r in RELEASES:
        os.makedirs(os.path.join(d, r))
        for k in ('layout.tsv', 'consts.tsv'):
            shutil.copy(os.path.join(fwdir, r, k), os.path.join(d, r, k))
    p = os.path.join(d, release, kind)
    with open(p) as f:
        text = f.read()
    new = edit(text)
    assert new != text, 'doctoring changed nothing'
    with open(p, 'w') as f:
        f.write(new)
    return d


def main():
    gen, hints, fwdir = load(sys.argv[1]), sys.argv[2], sys.argv[3]
    cc = sys.argv[4] if len(sys.argv) > 4 else None
    with open(hints) as f:
        optional = re.findall(r'^optional (\w+) (\w+)$', f.read(), re.M)
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, 'out')
        os.makedirs(out)
        rc, err = run(gen, hints, fwdir, out)
        check(rc == 0, 'generator succeeds on the real tables (%s)' % err.strip())
        if rc:
            return 1
        with open(os.path.join(out, 'common.h')) as f:
            common = f.read()
        compiles = []
        for r in RELEASES:
            with open(os.path.join(out, r + '.h')) as f:
                text = common + f.read()
            missing = []
            for s, field, off, size in rows(os.path.join(fwdir, r, 'layout.tsv')):
                if field == '(sizeof)':
                    want = '_Static_assert(sizeof(struct %s) == %s,' % (s, size)
                elif size == '0':
                    want = '_Static_assert(offsetof(struct %s, %s) == %s,' % (s, field, off)
                else:
                    want = ('_Static_assert(offsetof(struct %s, %s) == %s && '
                            'sizeof(((struct %s *)0)->%s) == %s,' % (s, field, off, s, field, size))
                if want not in text:
                    missing.append('%s.%s' % (s, field))
            check(not missing, '%s: every layout row has its offset/size assert %s' % (r, missing[:3]))
            defs = dict(re.findall(r'^#define (\w+) (0x[0-9a-f]+)u?l?l?$', text, re.M))
            bad = []
            for name, value in rows(os.path.join(fwdir, r, 'consts.tsv')):
                cname = name if re.match(r'^\w+$', name) else \
                    'GSPM_ABI_DERIVED_' + re.sub(r'\W', '_', name)
                if cname not in defs or int(defs[cname], 16) != int(value, 16):
                    bad.append(name)
            check(not bad, '%s: every constant is defined with the table value %s' % (r, bad[:3]))
            consts = dict((n, int(v, 16)) for n, v in rows(os.path.join(fwdir, r, 'consts.tsv')))
            first = consts['NV_VGPU_MSG_EVENT_FIRST_EVENT']
            names = dict(re.findall(r'^\t\[(0x[0-9a-f]+)\] = "(\w+)", \\$', text, re.M))
            want = {hex(v - first): n[len('NV_VGPU_MSG_EVENT_'):] for n, v in consts.items()
                    if n.startswith('NV_VGPU_MSG_EVENT_') and
                    n not in ('NV_VGPU_MSG_EVENT_FIRST_EVENT', 'NV_VGPU_MSG_EVENT_NUM_EVENTS')}
            check(names == want, '%s: GSPM_ABI_EVENT_NAMES names every event number (%d of %d)'
                  % (r, len(names), len(want)))
            fields = {(row[0], row[1]) for row in rows(os.path.join(fwdir, r, 'layout.tsv'))}
            wrong = [sf for sf in optional
                     if (('\n#define GSPM_ABI_HAS_%s_%s\n' % sf) in text) != (sf in fields)]
            check(optional and not wrong,
                  '%s: GSPM_ABI_HAS_<struct>_<field> exactly where the table has the optional '
                  'field %s' % (r, wrong))
            if cc:      # the compilers run side by side, checked below
                src = os.path.join(tmp, 'inc-%s.c' % r)
                with open(src, 'w') as f:
                    f.write('#include "%s.h"\n' % r)
                compiles.append((r, subprocess.Popen(
                    [cc, '-std=gnu11', '-Wall', '-Wextra', '-Werror', '-fsyntax-only', '-I', out, src],
                    stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)))
        for r, p in compiles:
            stderr = p.communicate()[1]
            check(p.returncode == 0, '%s: generated header compiles %s' % (r, stderr[:300]))

        cases = [
            ('570.144', 'consts.tsv',
             lambda t: t.replace('GSP_FW_WPR_META_MAGIC\t0xdc3aae21371a60b3',
                                 'GSP_FW_WPR_META_MAGIC\t0xdc3aae21371a60b4'),
             ['GSP_FW_WPR_META_MAGIC', '0xdc3aae21371a60b4 in 570.144']),
            ('535.261.03', 'layout.tsv',
             lambda t: t.replace('rpc_gsp_rm_control_v03_00\tflags\t20\t4',
                                 'rpc_gsp_rm_control_v03_00\tflags\t16\t4'),
             ['rpc_gsp_rm_control_v03_00', 'flags at 16']),
            ('535.113.01', 'consts.tsv',
             lambda t: t.replace('GSP_SEQ_BUF_OPCODE_REG_POLL\t0x2\n', ''),
             ['GSP_SEQ_BUF_OPCODE_REG_POLL', 'absent in 535.113.01']),
            ('570.144', 'layout.tsv',
             lambda t: t.replace('MESSAGE_QUEUE_INIT_ARGUMENTS\t(sizeof)\t0\t32',
                                 'MESSAGE_QUEUE_INIT_ARGUMENTS\t(sizeof)\t0\t40'),
             ['GSP_ARGUMENTS_CACHED.messageQueueInitArguments', 'table size 32']),
            ('535.113.01', 'layout.tsv',
             lambda t: t.replace('GspFwWprMeta\tunused0\t76\t4', 'GspFwWprMeta\tunused0\t74\t4'),
             ['GspFwWprMeta.unused0']),
            ('570.144', 'layout.tsv',
             lambda t: t.replace('msgqRxHeader\treadPtr\t0\t4', 'msgqRxHeader\treadPtr\t2\t4'),
             ['msgqRxHeader.readPtr', 'past sizeof 4']),
            ('570.144', 'consts.tsv',
             lambda t: t.replace('NV_VGPU_MSG_EVENT_NUM_EVENTS\t0x1023',
                                 'NV_VGPU_MSG_EVENT_NUM_EVENTS\t0x1022'),
             ['NV_VGPU_MSG_EVENT_RECOVERY_ACTION = 0x1022 is outside']),
            ('535.113.01', 'consts.tsv',
             lambda t: t.replace('NV_VGPU_MSG_EVENT_NUM_EVENTS\t0x101f\n', ''),
             ['535.113.01: consts.tsv has no NV_VGPU_MSG_EVENT_NUM_EVENTS']),
        ]
        for release, kind, edit, words in cases:
            d = doctored(fwdir, tmp, release, kind, edit)
            o = os.path.join(d, 'out')
            os.makedirs(o)
            rc, err = run(gen, hints, d, o)
            check(rc != 0 and err.startswith('abigen: error:') and all(w in err for w in words),
                  'doctored %s/%s fails naming %s: %s' % (release, kind, words, err.strip()))
    print('%d failure(s)' % len(failures))
    return 1 if failures else 0


if __name__ == '__main__':
    sys.exit(main())
