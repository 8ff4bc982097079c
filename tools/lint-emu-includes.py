#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""The model and the kernel shim are independent witnesses of the hardware
(DESIGN.md principle 7): nothing under emu/ may include a header that lives
under driver/, and no emu/ meson.build may put a driver/ folder on an include
path.  Usage: lint-emu-includes.py SOURCE_ROOT.  Exit 0 clean, 1 with one
`file:line: reason` per finding."""
import os
import re
import sys

INCLUDE = re.compile(r'^\s*#\s*include\s*"([^"]+)"')


def main(argv):
    if len(argv) != 2 or argv[1] in ('-h', '--help'):
        print(__doc__)
        return 0 if len(argv) == 2 else 2
    root = argv[1]
    driver_headers = set()
    for d, _, files in os.walk(os.path.join(root, 'driver')):
        for f in files:
            if f.endswith('.h'):
                rel = os.path.relpath(os.path.join(d, f), os.path.join(root, 'driver'))
                driver_headers.add(f)
                # fw/<release>/abi.h is included as "fw/<release>/abi.h"
                driver_headers.add(rel.split('core/', 1)[-1])
    bad = []
    for d, _, files in os.walk(os.path.join(root, 'emu')):
        for f in files:
            path = os.path.join(d, f)
            rel = os.path.relpath(path, root)
            if f.endswith(('.c', '.h')):
                with open(path, encoding='utf-8', errors='replace') as fh:
                    for n, line in enumerate(fh, 1):
                        m = INCLUDE.match(line)
                        if not m:
                            continue
                        inc = m.group(1)
                        local = os.path.exists(os.path.join(d, inc))
                        if not local and (inc in driver_headers or '/driver/' in '/' + inc):
                            bad.append(f'{rel}:{n}: includes "{inc}", a driver/ header')
            elif f == 'meson.build':
                with open(path, encoding='utf-8') as fh:
                    for n, line in enumerate(fh, 1):
                        code = line.split('#', 1)[0]
                        if re.search(r"['\"][./]*driver(/|['\"])", code):
                            bad.append(f'{rel}:{n}: reaches into driver/ ({code.strip()})')
    for b in bad:
        print(b)
    print(f'lint-emu-includes: {len(bad)} finding(s)')
    return 1 if bad else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
