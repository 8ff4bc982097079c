#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Check every define in driver/core/regs.h against NVIDIA's published
register reference (emu/gsp-model/hwref/*.tsv).

conformance/regs-ref.tsv maps each regs.h define either to a reference
expression evaluated per chip, or to "-" (not in the register reference)
with the public source of the fact.  Fails when:
  * a mapped define's value differs from the reference on any listed chip;
  * a regs.h define has no row (the message gives the row to add);
  * a row names a define regs.h no longer has (stale row);
  * a reference name is not in a chip's tables and no covering table is named;
  * driver/core/*.c uses an NV_* name that neither regs.h nor another driver
    header defines, or #defines a register name outside regs.h.

--expect KIND:ARG runs the same check on a doctored copy (principle 8) and
succeeds only when the check reports that very fault:
  value:NAME   change NAME's value (NAME(i): stride)  -> "but NVIDIA's"
  add:NAME     add an unmapped define NAME           -> "add a row"
  drop:NAME    delete NAME from regs.h               -> "stale row"
  use:NAME     make driver code use NAME             -> "not defined in regs.h"
  local:NAME   make driver/core/boot.c #define NAME  -> "outside regs.h"
  ref:NAME     point NAME's row at a missing name    -> "not in"

Only the Python standard library; no C code is executed: macro bodies are
tokenised and evaluated by a small integer-expression parser.

--tap NAME=KIND:ARG (repeated) runs the clean check and then each doctored
input in one process, a TAP line each (meson's regs-ref test: one Python
start instead of nine, docs/testing.md "Speed").
"""

import argparse
import contextlib
import functools
import glob
import io
import os
import re
import sys

CHIPS = ("ga100", "ga102", "ad102", "gh100")
TOKEN = re.compile(r"\s*(?:(0[xX][0-9a-fA-F]+|\d+)[uUlL]*|([A-Za-z_]\w*)|"
                   r"(<<|>>|##|[-+*/%&|^~()?:,!#]))")


class RefError(Exception):
    pass


# The clean check and each doctored case read the same tables and
# expressions: each text is tokenized once, each hwref/ table set and each
# driver source read once per process (--tap: nine runs).
@functools.lru_cache(maxsize=None)
def tokenize(text):
    out, pos, text = [], 0, text.strip()
    while pos < len(text):
        m = TOKEN.match(text, pos)
        if not m or m.end() == pos:
            raise RefError("cannot parse %r at %r" % (text, text[pos:]))
        pos = m.end()
        if m.group(1):
            out.append(("num", int(m.group(1), 0)))
        elif m.group(2):
            out.append(("id", m.group(2)))
        else:
            out.append(("op", m.group(3)))
    return tuple(out)


def split_args(toks, i):
    """toks[i] is '('; returns (list of arg token lists, index after ')')."""
    depth, args, cur = 0, [], []
    for j in range(i, len(toks)):
        t = toks[j]
        if t == ("op", "("):
            depth += 1
            if depth == 1:
                continue
        elif t == ("op", ")"):
            depth -= 1
            if depth == 0:
                args.append(cur)
                return [a for a in args if a] if args != [[]] else [], j + 1
        elif t == ("op", ",") and depth == 1:
            args.append(cur)
            cur = []
            continue
        cur.append(t)
    raise RefError("unbalanced parentheses")


class Macros:
    """A macro namespace: name -> (params or None, body, where)."""

    def __init__(self, label):
        self.label = label
        self.defs = {}

    def get(self, name):
        return self.defs.get(name)


class Evaluator:
    """Evaluates C integer expressions over one or more macro namespaces.

    Builtins follow NVIDIA's nvmisc.h meaning: DRF_SHIFT(f) = low bit,
    DRF_MASK(f) = unshifted mask, DRF_SHIFTMASK(f) = mask in place,
    DRF_DEF(f, _V) = value f_V in place, DRF_NUM(f, n) = n in place (the
    4-argument forms paste NV##d##r##f), DEVICE_BASE(d) / DEVICE_EXTENT(d) =
    low / high end of a unit's range."""

    def __init__(self, spaces):
        self.spaces = spaces
        self.used = []          # (name, where) of every reference name read

    def lookup(self, name):
        for sp in self.spaces:
            d = sp.get(name)
            if d is not None:
                self.used.append((name, d[2]))
                return d
        return None

    # ---- fields and ranges -------------------------------------------
    def pair(self, name):
        d = self.lookup(name)
        if d is None:
            raise RefError("%s is not in %s" % (name, self.where_missing()))
        body = d[1]
        if ":" not in body:
            # an alias of another field/range (NV_X defined as NV_Y)
            toks = tokenize(body)
            if len(toks) == 1 and toks[0][0] == "id":
                return self.pair(toks[0][1])
            raise RefError("%s = %s is not a field hi:lo" % (name, body))
        hi, lo = body.split(":", 1)
        return self.value(tokenize(hi)), self.value(tokenize(lo))

    def where_missing(self):
        return " / ".join(sp.label for sp in self.spaces)

    def field_name(self, args):
        if len(args) == 1 and len(args[0]) == 1 and args[0][0][0] == "id":
            return args[0][0][1]
        if len(args) == 3:      # DRF_xxx(d, r, f) as in nvmisc.h
            return "NV" + "".join(a[0][1] for a in args)
        raise RefError("bad field argument")

    def builtin(self, name, args):
        if name in ("DRF_SHIFT", "DRF_MASK", "DRF_SHIFTMASK"):
            hi, lo = self.pair(self.field_name(args))
            mask = (1 << (hi - lo + 1)) - 1
            return {"DRF_SHIFT": lo, "DRF_MASK": mask,
                    "DRF_SHIFTMASK": mask << lo}[name]
        if name == "DRF_DEF":
            f = self.field_name(args[:-1])
            c = args[-1]
            if len(c) != 1 or c[0][0] != "id":
                raise RefError("DRF_DEF value must be a name suffix")
            hi, lo = self.pair(f)
            return self.value([("id", f + c[0][1])]) << lo
        if name == "DRF_NUM":
            hi, lo = self.pair(self.field_name(args[:-1]))
            return (self.value(args[-1]) & ((1 << (hi - lo + 1)) - 1)) << lo
        if name in ("DEVICE_BASE", "DEVICE_EXTENT"):
            hi, lo = self.pair(self.field_name(args))
            return lo if name == "DEVICE_BASE" else hi
        return None

    # ---- expressions ---------------------------------------------------
    def value(self, toks):
        saved = (getattr(self, "toks", None), getattr(self, "i", 0))
        self.toks, self.i = list(toks), 0
        try:
            v = self.expr(0)
            if self.i != len(self.toks):
                raise RefError("trailing tokens in expression")
            return v
        finally:
            self.toks, self.i = saved

    sub = value

    BIN = {"|": 1, "^": 2, "&": 3, "<<": 5, ">>": 5, "+": 6, "-": 6,
           "*": 7, "/": 7, "%": 7}

    def expr(self, minprec):
        left = self.unary()
        while self.i < len(self.toks):
            t = self.toks[self.i]
            if t[0] != "op" or t[1] not in self.BIN or self.BIN[t[1]] < minprec:
                break
            prec = self.BIN[t[1]]
            self.i += 1
            right = self.expr(prec + 1)
            left = {"|": lambda a, b: a | b, "^": lambda a, b: a ^ b,
                    "&": lambda a, b: a & b, "<<": lambda a, b: a << b,
                    ">>": lambda a, b: a >> b, "+": lambda a, b: a + b,
                    "-": lambda a, b: a - b, "*": lambda a, b: a * b,
                    "/": lambda a, b: a // b, "%": lambda a, b: a % b}[t[1]](left, right)
        return left

    def unary(self):
        if self.i >= len(self.toks):
            raise RefError("expression ends early")
        t = self.toks[self.i]
        self.i += 1
        if t == ("op", "("):
            v = self.expr(0)
            if self.i >= len(self.toks) or self.toks[self.i] != ("op", ")"):
                raise RefError("missing )")
            self.i += 1
            return v
        if t == ("op", "-"):
            return -self.unary()
        if t == ("op", "+"):
            return self.unary()
        if t == ("op", "~"):
            return ~self.unary() & 0xffffffffffffffff
        if t[0] == "num":
            return t[1]
        if t[0] == "id":
            name = t[1]
            args = None
            if self.i < len(self.toks) and self.toks[self.i] == ("op", "("):
                args, self.i = split_args(self.toks, self.i)
            if args is not None:
                v = self.builtin(name, args)
                if v is not None:
                    return v
            d = self.lookup(name)
            if d is None:
                raise RefError("%s is not in %s" % (name, self.where_missing()))
            params, body = d[0], d[1]
            if ":" in body:
                raise RefError("%s = %s is a field, not a value (use DRF_*)" % (name, body))
            if params is None:
                if args is not None:
                    raise RefError("%s takes no arguments" % name)
                return self.sub(tokenize(body))
            if args is None or len(args) != len(params):
                raise RefError("%s needs %d argument(s)" % (name, len(params)))
            out = []
            for bt in tokenize(body):
                if bt[0] == "id" and bt[1] in params:
                    a = args[params.index(bt[1])]
                    out += a if len(a) == 1 else [("op", "(")] + a + [("op", ")")]
                else:
                    out.append(bt)
            return self.sub(out)
        raise RefError("unexpected %r" % (t[1],))


# ---- inputs ------------------------------------------------------------
def strip_comments(text):
    text = re.sub(r"/\*.*?\*/", " ", text, flags=re.S)
    return re.sub(r"//[^\n]*", "", text)


DEFINE = re.compile(r"^\s*#\s*define\s+([A-Za-z_]\w*)(\(([^)]*)\))?\s*(.*)$")


def parse_regs_h(text, path):
    """Returns an ordered dict name -> (params, body, where)."""
    m = Macros("regs.h")
    lines = strip_comments(text).replace("\\\n", " ").split("\n")
    for idx, line in enumerate(lines):
        d = DEFINE.match(line)
        if not d:
            continue
        name, params, body = d.group(1), d.group(3), d.group(4).strip()
        if body == "" and name.endswith("_H"):
            continue            # include guard
        plist = [p.strip() for p in params.split(",")] if d.group(2) else None
        m.defs[name] = (plist, body, "%s" % path)
    return m


@functools.lru_cache(maxsize=None)
def load_tables(hwref):
    """The reference's tables (never changed once loaded: shared by every run)."""
    tables = {}
    for path in sorted(glob.glob(os.path.join(hwref, "*.tsv"))):
        label = os.path.basename(path)[:-4]
        sp = Macros(label)
        with open(path) as f:
            for n, line in enumerate(f):
                if n == 0 or not line.strip():
                    continue
                cols = line.rstrip("\n").split("\t")
                name, value, src = cols[0], cols[1], cols[2]
                params = None
                pm = re.match(r"^(\w+)\(([^)]*)\)$", name)
                if pm:
                    name, params = pm.group(1), [p.strip() for p in pm.group(2).split(",")]
                value = re.sub(r"(\d)[uU]\b", r"\1", value)
                if name not in sp.defs:     # duplicates: the first wins
                    sp.defs[name] = (params, value, "%s, %s" % (label, src))
        tables[label] = sp
    return tables


def load_map(path):
    """Rows: define, reference, chips (or '-', source)."""
    rows, nonref = [], {}
    with open(path) as f:
        for n, line in enumerate(f, 1):
            if not line.strip() or line.startswith("#"):
                continue
            cols = [c.strip() for c in line.rstrip("\n").split("\t") if c.strip()]
            if len(cols) != 3:
                raise SystemExit("%s:%d: want 3 tab-separated columns, got %d"
                                 % (path, n, len(cols)))
            define, ref, third = cols
            if ref == "-":
                nonref[define] = (third, n)
            else:
                rows.append((define, ref, third.split(), n))
    return rows, nonref


def define_key(define):
    """'NV_X(3)' -> ('NV_X', ['3']); 'NV_X' -> ('NV_X', None)."""
    m = re.match(r"^(\w+)(?:\((.*)\))?$", define)
    return m.group(1), ([a.strip() for a in m.group(2).split(",")]
                        if m.group(2) is not None else None)


# ---- the check ---------------------------------------------------------
def fmt(v):
    return "0x%x" % v if v >= 0 else str(v)


def check_row(regs, tables, define, ref, chips, errors, stats):
    name, args = define_key(define)
    dd = regs.get(name)
    if dd is None:
        errors.append("regs-ref.tsv: stale row: regs.h has no define %s "
                      "(remove the row or restore the define)" % name)
        return
    for spec in chips:
        chip, _, cover = spec.partition(":")
        if chip not in CHIPS:
            errors.append("regs-ref.tsv: %s: unknown chip %r" % (define, chip))
            continue
        spaces = [tables[chip]] + [tables[c] for c in cover.split("+") if c] + [tables["common"]]
        idx_sets = [args] if args is not None else [None]
        if args == ["i"]:
            size = Evaluator(spaces)
            rn = re.match(r"^(\w+)\(i\)$", ref)
            n = 2
            if rn and size.lookup(rn.group(1) + "__SIZE_1"):
                n = size.sub(tokenize(size.lookup(rn.group(1) + "__SIZE_1")[1]))
            idx_sets = [[str(i)] for i in range(n)]
        for a in idx_sets:
            ev_d = Evaluator([regs])
            ev_r = Evaluator(spaces)
            drv = name if a is None else "%s(%s)" % (name, ", ".join(a))
            rexpr = ref if a is None else re.sub(r"\bi\b", a[0], ref) if args == ["i"] else ref
            try:
                dv = ev_d.value(tokenize(drv))
            except RefError as e:
                errors.append("regs.h: %s: cannot evaluate: %s" % (drv, e))
                continue
            try:
                rv = ev_r.value(tokenize(rexpr))
            except RefError as e:
                hint = ("" if cover or "is not in" not in str(e) else
                        " (name the table that covers it: %s:<table>)" % chip)
                errors.append("regs-ref.tsv: %s: %s on %s: %s%s"
                              % (define, rexpr, chip, e, hint))
                continue
            stats["compared"] += 1
            if dv != rv:
                srcs = []
                for n_, w in ev_r.used:
                    s = "%s: %s" % (n_, w) if len(set(x for x, _ in ev_r.used)) > 1 else w
                    if s not in srcs:
                        srcs.append(s)
                via = chip if not cover else "%s via %s tables" % (chip, cover)
                only = len(srcs) == 1 and srcs[0].startswith(ev_r.used[0][1].split(",")[0])
                if only:
                    src = srcs[0].split(", ", 1)[1]
                    errors.append("regs.h: %s = %s but NVIDIA's %s (%s, %s) = %s"
                                  % (drv, fmt(dv), rexpr, via, src, fmt(rv)))
                else:
                    errors.append("regs.h: %s = %s but NVIDIA's %s (%s; %s) = %s"
                                  % (drv, fmt(dv), rexpr, via, "; ".join(srcs), fmt(rv)))


def suggest(regs, tables, name):
    """A likely reference row for an unmapped define, by value and name."""
    params = regs.get(name)[0]
    words = set(name.split("_")) - {"NV", ""}
    best = None
    try:
        if params:
            want = [Evaluator([regs]).value(tokenize("%s(%d)" % (name, i))) for i in (0, 1)]
        else:
            want = Evaluator([regs]).value(tokenize(name))
    except (RefError, ZeroDivisionError):
        want = None
    for label in ("ga102", "gh100", "ga100", "tu102", "ad102", "common"):
        sp = tables[label]
        for n, (tparams, body, where) in sp.defs.items():
            if want is None or bool(tparams) != bool(params):
                continue
            ev = Evaluator([sp, tables["common"]])
            cand = None
            try:
                if params:
                    if len(tparams) == 1 and [ev.value(tokenize("%s(%d)" % (n, i)))
                                              for i in (0, 1)] == want:
                        cand = "%s(i)" % n
                elif ":" in body:
                    hi, lo = ev.pair(n)
                    fmask = ((1 << (hi - lo + 1)) - 1) << lo
                    if "SHIFT" in name:
                        cand = "DRF_SHIFT(%s)" % n if want == lo else None
                    elif "MASK" in name and want == fmask:
                        cand = "DRF_SHIFTMASK(%s)" % n
                    elif want and not want & ~fmask and hi - lo < 15:
                        cand = "DRF_NUM(%s, %d)" % (n, want >> lo)
                        for vn, vd in sp.defs.items():
                            if vn.startswith(n + "_") and vd[0] is None and \
                                    re.match(r"^(0x)?[0-9a-fA-F]+$", vd[1]) and \
                                    int(vd[1], 16 if vd[1].startswith("0x") else 10) == want >> lo:
                                cand = "DRF_DEF(%s, %s)" % (n, vn[len(n):])
                                break
                        if hi == lo and cand.startswith("DRF_NUM"):
                            cand = "DRF_SHIFTMASK(%s)" % n
                elif ev.value(tokenize(n)) == want and want >= 0x100:
                    cand = n
            except (RefError, ZeroDivisionError, RecursionError):
                continue
            if cand:
                score = len(words & set(n.split("_"))) + (0.5 if "(" in cand else 0)
                if score >= 2 and (best is None or score > best[0]):
                    best = (score, cand, label)
    key = name + ("(i)" if params else "")
    if best:
        chips = {"ga102": "ga102 ad102:ga102 gh100:ga102", "ga100": "ga102:ga100 ad102:ga100",
                 "tu102": "ga102:tu102 ad102:tu102"}.get(best[2], best[2])
        return "%s\t%s\t%s" % (key, best[1], chips)
    return ("%s\t<NVIDIA reference expression>\tga102 ad102:ga102 gh100:ga102\n"
            "    or, if it is not a register:\n    %s\t-\t<public source>" % (key, key))


C_NAME = re.compile(r"\bNV_\w+")


@functools.lru_cache(maxsize=None)
def read_stripped(path):
    with open(path) as f:
        return strip_comments(f.read())


def check_driver(regs, srcdir, extra_use, errors, stats):
    """NV_* names used by driver/core/*.c must be regs.h (or ABI header) names."""
    other = set()       # firmware-interface names (NV_VGPU_MSG_*, NV_OK)
    fwdir = os.path.join(srcdir, "driver", "core", "fw")
    for h in glob.glob(os.path.join(srcdir, "driver", "**", "*.h"), recursive=True):
        if os.path.basename(h) == "regs.h":
            continue
        for line in read_stripped(h).split("\n"):
            d = DEFINE.match(line)
            if not d:
                continue
            if h.startswith(fwdir + os.sep):
                other.add(d.group(1))
            elif d.group(1).startswith("NV_"):
                errors.append("%s: defines register name %s outside regs.h "
                              "(move it to driver/core/regs.h)"
                              % (os.path.relpath(h, srcdir), d.group(1)))
    for c in sorted(glob.glob(os.path.join(srcdir, "driver", "core", "*.c"))):
        text = read_stripped(c)
        if extra_use and c.endswith(os.sep + "boot.c"):
            text += "\n" + extra_use + "\n"
        text = re.sub(r'"(\\.|[^"\\])*"', '""', text)
        rel = os.path.relpath(c, srcdir)
        local = {}
        for line in text.split("\n"):
            d = DEFINE.match(line)
            if d:
                local[d.group(1)] = d
                if d.group(1).startswith("NV_"):
                    errors.append("%s: defines register name %s outside regs.h "
                                  "(move it to driver/core/regs.h)" % (rel, d.group(1)))
        # token pasting: #define M(.., r) ... NV_PREFIX_##r  and M(.., X) uses
        for mname, d in local.items():
            if not d.group(2):
                continue
            params = [p.strip() for p in d.group(3).split(",")]
            for pm in re.finditer(r"\b(NV_\w*)\s*##\s*(\w+)", d.group(4)):
                if pm.group(2) not in params:
                    continue
                k = params.index(pm.group(2))
                for call in re.finditer(r"\b%s\s*\(([^()]*)\)" % mname, text):
                    a = [x.strip() for x in call.group(1).split(",")]
                    if len(a) == len(params) and a[k] != pm.group(2):
                        full = pm.group(1) + a[k]
                        stats["uses"] += 1
                        if full not in regs.defs:
                            errors.append("%s: %s (pasted by %s) is not defined in regs.h"
                                          % (rel, full, mname))
        for m in C_NAME.finditer(text):
            n = m.group(0)
            after = text[m.end():m.end() + 4].lstrip()
            if after.startswith("##"):
                continue
            stats["uses"] += 1
            if n in regs.defs or n in other or n in local:
                continue
            errors.append("%s: %s is not defined in regs.h" % (rel, n))


def run(srcdir, mutate=None):
    regs_path = os.path.join(srcdir, "driver", "core", "regs.h")
    map_path = os.path.join(srcdir, "conformance", "regs-ref.tsv")
    with open(regs_path) as f:
        text = f.read()
    rows, nonref = load_map(map_path)
    extra_use = None
    kind, _, arg = (mutate or "").partition(":")
    if kind == "value":
        # object-like: value + 4; indexed NAME(i): stride + 4, so index 0 still
        # agrees and only the per-index check can see it
        pat = re.compile(r"^(#define\s+%s)(\((\w+)\))?\s+(.*?)\s*(/\*.*)?$"
                         % re.escape(arg), re.M)
        mm = pat.search(text)
        if not mm:
            raise SystemExit("doctor: no define %s" % arg)
        body = mm.group(4)
        new = ("(%s + 4 * (%s))" % (body, mm.group(3)) if mm.group(2)
               else "(%s + 4)" % body)
        text = text[:mm.start(4)] + new + text[mm.end(4):]
        print("doctored regs.h: %s%s %s -> %s" % (arg, mm.group(2) or "", body, new))
    elif kind == "add":
        text = text.replace("#endif", "#define %s 0x00110040\n#endif" % arg)
    elif kind == "drop":
        text, n = re.subn(r"^#define\s+%s\b.*$" % re.escape(arg), "", text, flags=re.M)
        if not n:
            raise SystemExit("doctor: no define %s" % arg)
    elif kind == "use":
        extra_use = "static u32 doctored(void) { return %s; }" % arg
    elif kind == "local":
        extra_use = "#define %s 0x00110040" % arg
    elif kind == "ref":
        rows = [(d, "NV_PFALCON_FALCON_NO_SUCH_REGISTER", [c.split(":")[0] for c in ch], n)
                if define_key(d)[0] == arg else (d, r, ch, n) for d, r, ch, n in rows]
    elif kind:
        raise SystemExit("unknown doctor kind %r" % kind)

    regs = parse_regs_h(text, "driver/core/regs.h")
    tables = load_tables(os.path.join(srcdir, "emu", "gsp-model", "hwref"))
    errors, stats = [], {"compared": 0, "uses": 0}
    mapped = set()
    for define, ref, chips, n in rows:
        mapped.add(define_key(define)[0])
        check_row(regs, tables, define, ref, chips, errors, stats)
        if define_key(define)[0] in nonref:
            errors.append("regs-ref.tsv: %s is both mapped and listed as not a register"
                          % define)
    for name in nonref:
        if name not in regs.defs:
            errors.append("regs-ref.tsv: stale row: regs.h has no define %s "
                          "(remove the row or restore the define)" % name)
    for name in regs.defs:
        if name not in mapped and name not in nonref:
            errors.append("regs.h: %s is neither mapped to NVIDIA's reference nor listed "
                          "as not a register in conformance/regs-ref.tsv; add a row (suggested, check it):\n    %s"
                          % (name, suggest(regs, tables, name)))
    check_driver(regs, srcdir, extra_use, errors, stats)
    return errors, stats, regs, mapped, nonref


EXPECT_TEXT = {"value": "but NVIDIA's", "add": "add a row", "drop": "stale row",
               "use": "is not defined in regs.h", "ref": "is not in",
               "local": "outside regs.h"}


def expect_fires(srcdir, expect):
    """One --expect: True when the doctored input's fault is reported."""
    errors = run(srcdir, expect)[0]
    kind, _, arg = expect.partition(":")
    want = EXPECT_TEXT[kind]
    hits = [e for e in errors if arg in e and want in e]
    for e in hits:
        print("reported (as it must be): " + e)
    for e in errors:
        if e not in hits:
            print("also: " + e)
    if not hits:
        print("FAIL: the doctored input (%s) was not reported" % expect)
    return bool(hits)


def check_clean(srcdir):
    errors, stats, regs, mapped, nonref = run(srcdir)
    for e in errors:
        print(e)
    print("regs.h: %d defines: %d mapped to NVIDIA's reference (%d comparisons over "
          "ga100/ga102/ad102/gh100), %d not registers (public source listed); "
          "driver/core/*.c: %d NV_* uses checked; %d error(s)"
          % (len(regs.defs), len(mapped & set(regs.defs)), stats["compared"],
             len(set(nonref) & set(regs.defs)), stats["uses"], len(errors)))
    return not errors


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--srcdir", default=os.path.join(os.path.dirname(
        os.path.abspath(__file__)), ".."))
    ap.add_argument("--expect", metavar="KIND:ARG",
                    help="doctor the input and require that fault to be reported")
    ap.add_argument("--tap", metavar="NAME=KIND:ARG", action="append", default=[],
                    help="TAP: the clean check, then each NAME's doctored input "
                    "(one process for all: meson's regs-ref test)")
    o = ap.parse_args()
    if o.tap:
        checks = [("regs-ref", None)] + [tuple(t.split("=", 1)) for t in o.tap]
        print("1..%d" % len(checks))
        failed = 0
        for i, (name, expect) in enumerate(checks, 1):
            out = io.StringIO()
            with contextlib.redirect_stdout(out):
                ok = expect_fires(o.srcdir, expect) if expect else check_clean(o.srcdir)
            for line in out.getvalue().splitlines():
                print("# " + line)
            failed += not ok
            print("%s %d - %s" % ("ok" if ok else "not ok", i, name))
        return 1 if failed else 0
    if o.expect:
        return 0 if expect_fires(o.srcdir, o.expect) else 1
    return 0 if check_clean(o.srcdir) else 1


if __name__ == "__main__":
    sys.exit(main())
