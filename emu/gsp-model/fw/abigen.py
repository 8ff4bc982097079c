#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Generate the gsp-model's GSP-RM interface (ABI) headers from NVIDIA's
per-release ABI tables (fw/<release>/layout.tsv and consts.tsv, copied from
NVIDIA's headers; columns struct, field, offset, size and name, value).

One header per release with that release's structures and constants (and its
event numbers' names, GSPM_ABI_EVENT_NAMES), and one common header with
everything that is identical in every release read.  Every
structure is laid out at exactly the table's offsets: explicit padding members,
packed only where natural alignment cannot reach an offset, and a
_Static_assert of every field's offset and size and of every sizeof, so the
compiler proves the layout equals the table.

The tables give sizes, not types; abigen_hints.txt (beside this script) names
the element type where the size alone does not tell it (nested structures,
u32/u64 arrays, flexible arrays, unions) and the items the model's code needs
from the common header.  An item listed there as common that differs between
the releases fails the build, naming the difference.

Usage:
  abigen.py --hints HINTS --common OUT_COMMON.h \\
            --release NAME LAYOUT.tsv CONSTS.tsv OUT.h [--release ...]

Plain python3, standard library only.  Exit status 1 with "abigen: error: ..."
on stderr for any inconsistency.
"""

import argparse
import re
import sys


class AbiError(Exception):
    pass


def fail(msg):
    raise AbiError(msg)


SCALARS = {
    'u8': ('uint8_t', 1), 'u16': ('uint16_t', 2), 'u32': ('uint32_t', 4),
    'u64': ('uint64_t', 8), 'char': ('char', 1),
    's8': ('int8_t', 1), 's16': ('int16_t', 2), 's32': ('int32_t', 4), 's64': ('int64_t', 8),
}
DEFAULT_SCALAR = {1: 'u8', 2: 'u16', 4: 'u32', 8: 'u64'}
IDENT = re.compile(r'^[A-Za-z_][A-Za-z0-9_]*$')


# ---- input -----------------------------------------------------------------

def read_tsv(path, header):
    try:
        with open(path, encoding='utf-8') as f:
            lines = f.read().split('\n')
    except OSError as e:
        fail('%s: %s' % (path, e.strerror))
    if not lines or lines[0].split('\t') != header:
        fail('%s:1: header must be %r' % (path, '\t'.join(header)))
    rows = []
    for n, line in enumerate(lines[1:], 2):
        if not line.strip():
            continue
        cols = line.split('\t')
        if len(cols) != len(header):
            fail('%s:%d: %d columns, expected %d' % (path, n, len(cols), len(header)))
        rows.append((n, cols))
    return rows


def parse_int(path, n, s):
    try:
        return int(s, 0)
    except ValueError:
        fail('%s:%d: %r is not a number' % (path, n, s))


def read_layout(path):
    """{struct: {'size': n, 'fields': [(name, off, size)], 'line': n}} in file order."""
    structs = {}
    cur = None
    for n, (s, field, off, size) in read_tsv(path, ['struct', 'field', 'offset', 'size']):
        off, size = parse_int(path, n, off), parse_int(path, n, size)
        if not IDENT.match(s):
            fail('%s:%d: struct name %r is not a C identifier' % (path, n, s))
        if field == '(sizeof)':
            if s in structs:
                fail('%s:%d: second (sizeof) row for %s' % (path, n, s))
            if off != 0:
                fail('%s:%d: %s (sizeof) row has offset %d, expected 0' % (path, n, s, off))
            cur = structs[s] = {'size': size, 'fields': [], 'line': n, 'path': path}
            continue
        if cur is None or s not in structs or structs[s] is not cur:
            fail('%s:%d: %s.%s before the (sizeof) row of %s' % (path, n, s, field, s))
        if not IDENT.match(field):
            fail('%s:%d: field name %r is not a C identifier' % (path, n, field))
        if any(f[0] == field for f in cur['fields']):
            fail('%s:%d: %s.%s listed twice' % (path, n, s, field))
        if off + size > cur['size']:
            fail('%s:%d: %s.%s at %d, %d bytes, ends past sizeof %d'
                 % (path, n, s, field, off, size, cur['size']))
        cur['fields'].append((field, off, size))
    return structs


def read_consts(path):
    out = []
    seen = set()
    for n, (name, value) in read_tsv(path, ['name', 'value']):
        v = parse_int(path, n, value)
        if name in seen:
            fail('%s:%d: constant %s listed twice' % (path, n, name))
        seen.add(name)
        out.append((name, v))
    return out


def parse_type(spec, where):
    """'u32', 'u32[]', 'STRUCT', 'STRUCT[]', 'union{a:T,b:T}' -> dict."""
    m = re.match(r'^union\{(.*)\}$', spec)
    if m:
        members = []
        for part in m.group(1).split(','):
            name, _, t = part.partition(':')
            if not IDENT.match(name) or not t:
                fail('%s: bad union member %r' % (where, part))
            members.append((name, parse_type(t, where)))
        return {'kind': 'union', 'members': members}
    array = spec.endswith('[]')
    base = spec[:-2] if array else spec
    if not IDENT.match(base):
        fail('%s: bad type %r' % (where, spec))
    kind = 'scalar' if base in SCALARS else 'struct'
    return {'kind': kind, 'name': base, 'array': array}


def read_hints(path):
    types, common_structs, common_consts, optional = {}, [], [], []
    try:
        with open(path, encoding='utf-8') as f:
            lines = f.read().split('\n')
    except OSError as e:
        fail('%s: %s' % (path, e.strerror))
    for n, line in enumerate(lines, 1):
        line = line.split('#', 1)[0].strip()
        if not line:
            continue
        w = line.split()
        where = '%s:%d' % (path, n)
        if w[0] == 'type' and len(w) == 4:
            types[(w[1], w[2])] = (parse_type(w[3], where), where)
        elif w[0] == 'common-struct' and len(w) >= 2:
            common_structs += [(x, where) for x in w[1:]]
        elif w[0] == 'common-const' and len(w) >= 2:
            common_consts += [(x, where) for x in w[1:]]
        elif w[0] == 'optional' and len(w) == 3:
            optional.append((w[1], w[2], where))
        else:
            fail('%s: expected "type STRUCT FIELD TYPE", "common-struct NAME...", '
                 '"common-const NAME[*]..." or "optional STRUCT FIELD"' % where)
    return types, common_structs, common_consts, optional


# ---- layout ----------------------------------------------------------------

class Release:
    def __init__(self, name, layout, consts):
        self.name = name
        self.layout_path = layout
        self.structs = read_layout(layout)
        self.constlist = read_consts(consts)

    def has_field(self, sname, field):
        return sname in self.structs and any(f[0] == field for f in self.structs[sname]['fields'])


def struct_deps(t):
    if t['kind'] == 'struct':
        return [t['name']]
    if t['kind'] == 'union':
        return [d for _, m in t['members'] for d in struct_deps(m)]
    return []


class Layouter:
    """Turns one release's rows into C members; knows the sizes/alignments of
    the structures already laid out."""

    def __init__(self, rel, hints):
        self.rel = rel
        self.hints = hints
        self.align = {}          # struct -> alignment of the generated type
        self.cache = {}          # struct -> (lines, asserts)

    def type_info(self, t, where):
        """(C base type, element size, alignment) of a hinted type."""
        if t['kind'] == 'scalar':
            c, sz = SCALARS[t['name']]
            return c, sz, sz
        if t['kind'] == 'struct':
            s = self.rel.structs.get(t['name'])
            if s is None:
                fail('%s: %s has no rows in %s' % (where, t['name'], self.rel.layout_path))
            self.layout(t['name'])
            return 'struct ' + t['name'], s['size'], self.align[t['name']]
        # union: its size is the largest member, its alignment the strictest
        sz, al, parts = 0, 1, []
        for name, m in t['members']:
            if m.get('array'):
                fail('%s: union member %s cannot be an array' % (where, name))
            c, msz, mal = self.type_info(m, where)
            sz, al = max(sz, msz), max(al, mal)
            parts.append('%s %s;' % (c, name))
        return 'union { %s }' % ' '.join(parts), sz, al

    def member(self, sname, field, off, size, last):
        """C declaration text and alignment of one table row."""
        where = '%s.%s (%s)' % (sname, field, self.rel.name)
        hint = self.hints.get((sname, field))
        if hint is None:
            if size == 0:
                if not last:
                    fail('%s: zero-size member that is not the last one' % where)
                return 'uint8_t %s[]' % field, 1, True
            if size in DEFAULT_SCALAR and off % size == 0:
                c, _ = SCALARS[DEFAULT_SCALAR[size]]
                return '%s %s' % (c, field), size, False
            return 'uint8_t %s[%d]' % (field, size), 1, False
        t, hwhere = hint
        c, esz, al = self.type_info(t, hwhere + ' for ' + where)
        if t.get('array'):
            if size == 0:
                if not last:
                    fail('%s: flexible array that is not the last member' % where)
                return '%s %s[]' % (c, field), al, True
            if esz == 0 or size % esz:
                fail('%s: %d bytes is not a whole number of %d-byte %s elements (hint %s)'
                     % (where, size, esz, c, hwhere))
            return '%s %s[%d]' % (c, field, size // esz), al, False
        if esz != size:
            fail('%s: table size %d but the hinted type %s is %d bytes (hint %s)'
                 % (where, size, c, esz, hwhere))
        return '%s %s' % (c, field), al, False

    def group(self, sname, fields):
        """Split rows into plain members and anonymous unions of overlapping
        runs (GspFwWprMeta): [('f', row)] / [('u', start, [[rows], ...])]."""
        items = []

        def end_of(item):
            if item[0] == 'f':
                return item[1][1] + item[1][2]
            return max(r[1] + r[2] for alt in item[2] for r in alt)

        for row in fields:
            _, off, _ = row
            end = max((end_of(i) for i in items), default=0)
            if off >= end:
                items.append(('f', row))
                continue
            last = items[-1] if items else None
            if last and last[0] == 'u' and off == last[1]:
                last[2].append([row])
                continue
            if last and last[0] == 'u' and off >= last[2][-1][-1][1] + last[2][-1][-1][2]:
                last[2][-1].append(row)
                continue
            # A new union: the rows since the one at this offset are its first arm.
            j = len(items) - 1
            while j >= 0 and items[j][0] == 'f' and items[j][1][1] > off:
                j -= 1
            if j < 0 or items[j][0] != 'f' or items[j][1][1] != off:
                fail('%s.%s (%s): at %d overlaps earlier members but does not start '
                     'where one of them starts' % (sname, row[0], self.rel.name, off))
            arm = [it[1] for it in items[j:]]
            del items[j:]
            items.append(('u', off, [arm, [row]]))
        return items

    def emit_run(self, sname, rows, base, indent, padtag, is_last_run):
        """Members of one run of rows starting at byte `base`; returns
        (lines, end, align, misaligned, flex)."""
        lines, pos, al, mis, flex = [], base, 1, False, False
        for k, (field, off, size) in enumerate(rows):
            if off > pos:
                lines.append('%suint8_t _pad%d%s[%d];' % (indent, pos, padtag, off - pos))
            decl, fal, is_flex = self.member(sname, field, off, size,
                                             is_last_run and k == len(rows) - 1)
            if off % fal:
                mis = True
            al = max(al, fal)
            flex = flex or is_flex
            lines.append('%s%s;%s' % (indent, decl, '\t/* %d, %d */' % (off, size)))
            pos = off + size
        return lines, pos, al, mis, flex

    def layout(self, sname):
        if sname in self.cache:
            return self.cache[sname]
        if sname in self.align and self.align[sname] is None:
            fail('%s (%s): contains itself' % (sname, self.rel.name))
        self.align[sname] = None
        s = self.rel.structs[sname]
        size = s['size']
        items = self.group(sname, s['fields'])
        body, pos, al, mis, flex = [], 0, 1, False, False
        for idx, item in enumerate(items):
            last_item = idx == len(items) - 1
            if item[0] == 'f':
                ln, end, fal, m, fx = self.emit_run(sname, [item[1]], pos, '\t', '', last_item)
                # emit_run pads from pos to the field itself
                body += ln
                pos, al, mis, flex = end, max(al, fal), mis or m, flex or fx
                continue
            start, arms = item[1], item[2]
            if start > pos:
                body.append('\tuint8_t _pad%d[%d];' % (pos, start - pos))
            uend = max(r[1] + r[2] for arm in arms for r in arm)
            body.append('\tunion {')
            for a, arm in enumerate(arms):
                ln, end, aal, m, fx = self.emit_run(sname, arm, start, '\t\t\t', '_%d' % a, False)
                if fx:
                    fail('%s (%s): flexible array inside a union' % (sname, self.rel.name))
                if (uend - start) % aal:
                    fail('%s (%s): union at %d, %d bytes, is not a multiple of the %d-byte '
                         'alignment of its arm %d' % (sname, self.rel.name, start, uend - start, aal, a))
                if end < uend:
                    ln.append('\t\t\tuint8_t _pad%d_%d[%d];' % (end, a, uend - end))
                body.append('\t\tstruct {')
                body += ln
                body.append('\t\t};')
                al, mis = max(al, aal), mis or m or start % aal != 0
            body.append('\t};')
            pos = uend
        if not flex and pos < size:
            body.append('\tuint8_t _pad%d[%d];\t/* tail */' % (pos, size - pos))
            pos = size
        # Natural layout reaches every offset and the size?  Otherwise packed,
        # with the largest alignment that keeps sizeof.
        natural_size = -(-pos // al) * al
        attr = ''
        eff = al
        if mis or natural_size != size:
            eff = al
            while eff > 1 and -(-pos // eff) * eff != size:
                eff //= 2
            if -(-pos // eff) * eff != size:
                fail('%s (%s): members end at %d, sizeof %d cannot be reached'
                     % (sname, self.rel.name, pos, size))
            attr = ' __attribute__((packed, aligned(%d)))' % eff
        self.align[sname] = eff
        lines = ['/* %s: %d bytes (fw/%s/layout.tsv line %d) */' % (sname, size, self.rel.name, s['line']),
                 'typedef struct%s %s {' % (attr, sname)] + body + ['} %s;' % sname]
        asserts = ['_Static_assert(sizeof(struct %s) == %d, "sizeof(%s)");' % (sname, size, sname)]
        for field, off, fsize in s['fields']:
            if fsize == 0:
                asserts.append('_Static_assert(offsetof(struct %s, %s) == %d, "%s.%s at %d");'
                               % (sname, field, off, sname, field, off))
            else:
                asserts.append('_Static_assert(offsetof(struct %s, %s) == %d && '
                               'sizeof(((struct %s *)0)->%s) == %d, "%s.%s at %d, %d bytes");'
                               % (sname, field, off, sname, field, fsize, sname, field, off, fsize))
        self.cache[sname] = (lines, asserts)
        return self.cache[sname]


# ---- common / per release ----------------------------------------------------

def struct_types_used(sname, rel, hints):
    out = []
    for field, _, _ in rel.structs[sname]['fields']:
        h = hints.get((sname, field))
        if h:
            out += struct_deps(h[0])
    return out


def diff_struct(name, rels):
    """None if `name` has the same rows in every release, else a sentence."""
    first = rels[0]
    a = first.structs.get(name)
    for r in rels[1:]:
        b = r.structs.get(name)
        if a is None or b is None:
            missing = first.name if a is None else r.name
            return '%s has no rows for %s' % (missing, name)
        if a['size'] != b['size']:
            return 'sizeof %d in %s, %d in %s' % (a['size'], first.name, b['size'], r.name)
        fa, fb = a['fields'], b['fields']
        for x, y in zip(fa, fb):
            if x != y:
                return ('%s.%s at %d, %d bytes in %s; %s.%s at %d, %d bytes in %s'
                        % (name, x[0], x[1], x[2], first.name, name, y[0], y[1], y[2], r.name))
        if len(fa) != len(fb):
            longer, rel = (fa, first) if len(fa) > len(fb) else (fb, r)
            extra = longer[min(len(fa), len(fb))]
            return '%s.%s only in %s' % (name, extra[0], rel.name)
    return None


def diff_const(name, rels):
    vals = [(r.name, dict(r.constlist).get(name)) for r in rels]
    if all(v == vals[0][1] and v is not None for _, v in vals):
        return None
    return ', '.join('%s in %s' % ('absent' if v is None else hex(v), n) for n, v in vals)


def c_const(v):
    return ('0x%xu' % v) if v <= 0xffffffff else ('0x%xull' % v)


def c_name(name):
    if IDENT.match(name):
        return name
    # Derived rows such as "rpc_message_header_v.header_version".
    return 'GSPM_ABI_DERIVED_' + re.sub(r'[^A-Za-z0-9_]', '_', name)


def order_structs(names, rel, hints):
    """Structures in table order, each after the ones it contains."""
    out, seen = [], set()

    def visit(n):
        if n in seen:
            return
        seen.add(n)
        for d in struct_types_used(n, rel, hints):
            if d in names:
                visit(d)
        out.append(n)

    for n in rel.structs:
        if n in names:
            visit(n)
    return out


EVENT = 'NV_VGPU_MSG_EVENT_'
EVENT_BOUNDS = (EVENT + 'FIRST_EVENT', EVENT + 'NUM_EVENTS')


def event_names(rel):
    """The release's event numbers named, as a C array initializer indexed by
    number - NV_VGPU_MSG_EVENT_FIRST_EVENT (what the model logs)."""
    consts = dict(rel.constlist)
    for b in EVENT_BOUNDS:
        if b not in consts:
            fail('%s: consts.tsv has no %s' % (rel.name, b))
    first = consts[EVENT_BOUNDS[0]]
    rows = []
    for n, v in rel.constlist:
        if not n.startswith(EVENT) or n in EVENT_BOUNDS:
            continue
        if not first < v < consts[EVENT_BOUNDS[1]]:
            fail('%s: %s = 0x%x is outside (%s, %s)' % (rel.name, n, v, *EVENT_BOUNDS))
        rows.append('\t[0x%x] = "%s", \\' % (v - first, n[len(EVENT):]))
    return (['/* The event numbers\' names, indexed by number - %s. */' % EVENT_BOUNDS[0],
             '#define GSPM_ABI_EVENT_NAMES { \\'] + rows + ['}'])


def header(guard, sources, includes, body):
    return '\n'.join([
        '/* SPDX-License-Identifier: MIT */',
        '/*',
        ' * Generated by emu/gsp-model/fw/abigen.py; do not edit.  Sources:',
    ] + [' *   %s' % x for x in sources] + [
        ' * Layouts and values are NVIDIA\'s (fw/<release>/layout.tsv, consts.tsv); every',
        ' * offset and size is checked by the _Static_asserts below.',
        ' */',
        '#ifndef %s' % guard,
        '#define %s' % guard,
        '',
    ] + includes + [''] + body + ['', '#endif', ''])


def generate(hints_path, common_out, releases):
    types, common_structs, common_consts, optional = read_hints(hints_path)
    rels = [Release(*r[:3]) for r in releases]
    if not rels:
        fail('no --release given')
    for sname, field, where in [(s, f, w) for (s, f), (_, w) in types.items()] + optional:
        if not any(r.has_field(sname, field) for r in rels):
            fail('%s: hint for %s.%s, which no release has' % (where, sname, field))

    # Structures: identical rows everywhere and only common structures inside.
    all_names = []
    for r in rels:
        all_names += [n for n in r.structs if n not in all_names]
    common = {n for n in all_names if diff_struct(n, rels) is None}
    changed = True
    while changed:
        changed = False
        for n in sorted(common):
            if any(d not in common for d in struct_types_used(n, rels[0], types)):
                common.discard(n)
                changed = True
    for n, where in common_structs:
        if n not in common:
            why = diff_struct(n, rels)
            if why is None:
                why = 'it contains %s, which differs' % ', '.join(
                    d for d in struct_types_used(n, rels[0], types) if d not in common)
            fail('%s: %s must be identical in every release (the model uses it from the '
                 'common header), but %s' % (where, n, why))

    const_names = []
    for r in rels:
        const_names += [n for n, _ in r.constlist if n not in const_names]
    common_c = [n for n in const_names if diff_const(n, rels) is None]
    for pat, where in common_consts:
        if pat.endswith('*'):
            hits = [n for n in const_names if n.startswith(pat[:-1])]
            if not hits:
                fail('%s: no constant matches %s' % (where, pat))
        else:
            hits = [pat]
        for n in hits:
            why = diff_const(n, rels)
            if why is not None:
                fail('%s: %s must be the same in every release (the model uses it from the '
                     'common header), but it is %s' % (where, n, why))

    src_all = ['fw/%s/{layout,consts}.tsv' % r.name for r in rels]
    lay0 = Layouter(rels[0], types)
    body = ['/* ---- structures identical in %s ---- */' % ', '.join(r.name for r in rels), '']
    for n in order_structs(common, rels[0], types):
        lines, asserts = lay0.layout(n)
        body += lines + asserts + ['']
    body.append('/* ---- constants with the same value in every release ---- */')
    values0 = dict(rels[0].constlist)
    body += ['#define %s %s' % (c_name(n), c_const(values0[n])) for n in common_c]
    outputs = [(common_out, header('GSPM_ABI_COMMON_H', src_all + ['fw/abigen_hints.txt'],
                                   ['#include <stddef.h>', '#include <stdint.h>'], body))]

    for r, (_, _, _, out) in zip(rels, releases):
        lay = Layouter(r, types)
        lay.align.update({n: lay0.align[n] for n in common})
        lay.cache.update({n: ([], []) for n in common})
        own = [n for n in r.structs if n not in common]
        body = ['#define GSPM_ABI_RELEASE "%s"' % r.name, '',
                '/* ---- structures whose layout is this release\'s ---- */', '']
        for n in order_structs(set(own), r, types):
            lines, asserts = lay.layout(n)
            body += lines + asserts + ['']
        body.append('/* ---- constants that differ between releases or exist only here ---- */')
        body += ['#define %s %s' % (c_name(n), c_const(v)) for n, v in r.constlist
                 if n not in common_c]
        body += ['', '/* ---- optional fields (abigen_hints.txt) this release has ---- */']
        body += ['#define GSPM_ABI_HAS_%s_%s' % (sname, field) for sname, field, _ in optional
                 if r.has_field(sname, field)]
        body += [''] + event_names(r)
        guard = 'GSPM_ABI_' + re.sub(r'[^A-Za-z0-9]', '_', r.name) + '_H'
        inc = '#include "%s"' % common_out.replace('\\', '/').rsplit('/', 1)[-1]
        outputs.append((out, header(guard, ['fw/%s/{layout,consts}.tsv' % r.name,
                                           'fw/abigen_hints.txt'], [inc], body)))
    return outputs


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    ap.add_argument('--hints', required=True)
    ap.add_argument('--common', required=True, help='output: the common header')
    ap.add_argument('--release', nargs=4, action='append', default=[],
                    metavar=('NAME', 'LAYOUT', 'CONSTS', 'OUT'))
    a = ap.parse_args(argv)
    try:
        outputs = generate(a.hints, a.common, a.release)
    except AbiError as e:
        print('abigen: error: %s' % e, file=sys.stderr)
        return 1
    for path, text in outputs:
        with open(path, 'w', encoding='utf-8') as f:
            f.write(text)
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
