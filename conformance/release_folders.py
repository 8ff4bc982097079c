#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Every release folder is wired in, and nothing names a release without one.

The release list of the build is fw_releases in the top-level meson.build
(passed here as arguments); meson derives its other lists from it.  This
check compares it with the release folders (driver/core/fw/<release>/,
emu/gsp-model/fw/<release>/, traces/<chip>/<release>/) and with the places
outside meson that must still name each release (docs/firmware-releases.md
lists them): a release added in one place only fails here, naming the rest.

usage: release_folders.py SOURCE_ROOT RELEASE...
"""
import os
import re
import sys


def folders(path):
    return {d for d in os.listdir(path) if os.path.isdir(os.path.join(path, d))}


def main():
    root, wired = sys.argv[1], set(sys.argv[2:])
    errors = []

    def same(what, found):
        for r in sorted(found - wired):
            errors.append(f"{what}: {r} is not in fw_releases (top-level meson.build)")
        for r in sorted(wired - found):
            errors.append(f"{what}: lacks release {r}")

    def text(rel):
        with open(os.path.join(root, rel)) as f:
            return f.read()

    sym = {r.replace(".", "_"): r for r in wired}

    def names(rel, pattern):
        # Releases a source names by symbol (570_144) or string ("570.144").
        return {sym.get(m, m.replace("_", ".")) for m in re.findall(pattern, text(rel))}

    same("driver/core/fw/", folders(os.path.join(root, "driver/core/fw")))
    same("emu/gsp-model/fw/", folders(os.path.join(root, "emu/gsp-model/fw")))
    traced = set()
    for chip in folders(os.path.join(root, "traces")) - {"field"}:
        traced |= folders(os.path.join(root, "traces", chip))
    same("traces/<chip>/", traced)
    same("driver/Kbuild", names("driver/Kbuild", r"core/fw/([\d.]+)/release\.o"))
    same("driver/core/fw/release.c nvcore_fw_releases[]",
         names("driver/core/fw/release.c", r"&nvcore_fw_(\d+_\d+(?:_\d+)?),"))
    same("driver/core/fw/release.h",
         names("driver/core/fw/release.h", r"extern const struct nvcore_fw_release nvcore_fw_([\d_]+);"))
    same("emu/gsp-model/fw/releases.c gspm_releases[]",
         names("emu/gsp-model/fw/releases.c", r"&gspm_release_r([\d_]+),"))
    mkfw = re.search(r"releases\[\] = \{([^}]*)\}", text("emu/fwgen/mkfw.c")).group(1)
    same("emu/fwgen/mkfw.c releases[]", set(re.findall(r'"([\d.]+)"', mkfw)))
    for e in errors:
        print("release-folders:", e, file=sys.stderr)
    return 1 if errors else 0


sys.exit(main())
