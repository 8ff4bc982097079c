#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Every "§x.y" reference in the tree names a section of docs/protocol.md
(issue 10: the protocol rules live in the repository).  A reference counts
as one to protocol.md unless it follows the name of another document
(EXTERNAL) on its line; a line that still points at the old out-of-tree
notes is a finding too.
Usage: lint-protocol-refs.py SOURCE_ROOT [--drop SECTION].  Exit 0 clean,
1 with one `file:line: reason` per finding.  --drop pretends protocol.md
lacks SECTION and exits 1 only if a finding names it, so a should_fail test
proves the check fires; a crash exits 99, which meson reports as an error
rather than as the expected failure."""
import os
import re
import sys

# "## 3. Boot", "### 3.4 GA10x ..." -> "3", "3.4"
HEADING = re.compile(r'^#{2,4}\s+(\d+(?:\.\d+)*)\.?\s')
# "§3.6", "§1.2-1.5", "§4.1-§4.4"
REF = re.compile(r'§(\d+(?:\.\d+)*)(?:\s*-\s*§?(\d+(?:\.\d+)*))?')
# Documents whose own sections a line may cite.
EXTERNAL = ('PCI Firmware Spec', 'spec/vgpu.md')
OUT_OF_TREE = re.compile(r'gsp-protocol\.md|\bspec [§]|spec/[a]nchors')
WRAPPED_REF = re.compile(r'^\s*(?:\*|#|//)?\s*§')
SKIP_DIRS = ('.git', 'subprojects')


def sections(path):
    with open(path, encoding='utf-8') as fh:
        return {m.group(1) for m in map(HEADING.match, fh) if m}


def text_files(root):
    for d, dirs, files in os.walk(root):
        # Build trees (anything meson configured) are not sources.
        dirs[:] = [x for x in dirs if x not in SKIP_DIRS and not x.startswith('.')
                   and not os.path.exists(os.path.join(d, x, 'meson-private'))]
        for f in files:
            path = os.path.join(d, f)
            with open(path, 'rb') as fh:
                data = fh.read()
            if b'\0' in data or '§'.encode() not in data and b'gsp-protocol' not in data:
                continue
            yield path, data.decode('utf-8', errors='replace').splitlines()


def main(argv):
    if len(argv) not in (2, 4) or argv[1] in ('-h', '--help') or \
       (len(argv) == 4 and argv[2] != '--drop'):
        print(__doc__)
        return 0 if len(argv) == 2 else 2
    root = argv[1]
    known = sections(os.path.join(root, 'docs', 'protocol.md'))
    drop = argv[3] if len(argv) == 4 else None
    known.discard(drop)
    bad = []
    for path, lines in text_files(root):
        rel = os.path.relpath(path, root)
        prev = ''
        for n, line in enumerate(lines, 1):
            # "spec" at the end of one line, "§x.y" at the start of the next
            wrapped = re.search(r'\bspec$', prev) and WRAPPED_REF.match(line)
            if OUT_OF_TREE.search(line) or wrapped:
                bad.append(f'{rel}:{n}: cites the out-of-tree protocol notes; cite docs/protocol.md')
            prev = line.rstrip()
            # References after another document's name are that document's.
            ext = min([line.find(e) for e in EXTERNAL if e in line] + [len(line)])
            for m in REF.finditer(line[:ext]):
                for sec in filter(None, m.groups()):
                    if sec not in known:
                        bad.append(f'{rel}:{n}: §{sec} is not a section of docs/protocol.md')
    for b in bad:
        print(b)
    print(f'lint-protocol-refs: {len(bad)} finding(s)')
    if drop:
        return 1 if any(f': §{drop} is not' in b for b in bad) else 0
    return 1 if bad else 0


if __name__ == '__main__':
    try:
        sys.exit(main(sys.argv))
    except Exception as e:  # noqa: BLE001 - any crash is an error, not a finding
        print(f'lint-protocol-refs: {e!r}')
        sys.exit(99)
