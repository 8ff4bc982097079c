#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Every release folder is wired in, and nothing names a release without one.

The release list of the build is fw_releases in the top-level meson.build
(passed here as arguments), newest first; meson derives its other lists from
it and the kernel build (driver/Kbuild) finds the driver's release folders by
itself.  This check compares the list with the release folders
(driver/core/fw/<release>/, emu/gsp-model/fw/<release>/,
traces/<chip>/<release>/), checks that each driver folder defines the
release its name says (the build derives the symbol from the name), that no
driver build file or release table names a release again, and compares the
places outside the driver that must still name each release
(docs/firmware-releases.md lists them): a release added in one place only
fails here, naming the rest.

usage: release_folders.py [--tap] SOURCE_ROOT RELEASE...
  --tap: meson's `release-folders` test, one Python start for all its cases
  (docs/testing.md, "Speed"), a TAP line each: release-folders (the check
  itself); release-folders-missing, the list without its newest release,
  which must be reported as a driver folder fw_releases lacks;
  release-folders-order, the list oldest first, which must be reported as
  not newest first; release-folders-fires-KIND for each KIND in FIRES: what
  the check reads doctored with that fault, which must be reported alone.
"""
import os
import re
import sys


# Faults --fires plants, in the newest release: (file, text, replacement,
# the error the check must report).
FIRES = {
    "kbuild-list": ("driver/Kbuild", "core/fw/release.o", "core/fw/release.o core/fw/{r}/release.o",
                    "driver/Kbuild: names release {r}; the build derives it from the folders"),
    "table": ("driver/core/fw/release.c", "#undef NVCORE_FW_RELEASE\n}};",
              "#undef NVCORE_FW_RELEASE\n\t&nvcore_fw_{s},\n}};",
              "driver/core/fw/release.c: names release nvcore_fw_{s}; "
              "the build derives it from the folders"),
    "symbol": ("driver/core/fw/{r}/release.c", "nvcore_fw_{s} =", "nvcore_fw_{s}_x =",
               "driver/core/fw/{r}/release.c: does not define const struct nvcore_fw_release nvcore_fw_{s}"),
    "version": ("driver/core/fw/{r}/release.c", '.version = "{r}"', '.version = "{r}.1"',
                'driver/core/fw/{r}/release.c: nvcore_fw_{s} is not .version = "{r}"'),
}


def folders(path):
    return {d for d in os.listdir(path) if os.path.isdir(os.path.join(path, d))}


def version_key(rel):
    return [int(n) for n in rel.split(".")]


def check(root, listed, fires):
    """The check's errors; with fires, on input doctored with that fault."""
    wired = set(listed)
    errors = []
    doctor = None
    if fires:
        r = listed[0]
        doctor = [x.format(r=r, s=r.replace(".", "_")) for x in FIRES[fires]]

    def same(what, found):
        for r in sorted(found - wired):
            errors.append(f"{what}: {r} is not in fw_releases (top-level meson.build)")
        for r in sorted(wired - found):
            errors.append(f"{what}: lacks release {r}")

    def text(rel):
        with open(os.path.join(root, rel)) as f:
            t = f.read()
        if doctor and rel == doctor[0]:
            assert doctor[1] in t, f"--fires {fires}: {rel} has no '{doctor[1]}'"
            t = t.replace(doctor[1], doctor[2], 1)
        return t

    for r in listed:
        if not re.fullmatch(r"\d+(\.\d+)+", r):
            errors.append(f"fw_releases: '{r}' is not a release (numbers separated by dots)")
    if not errors:
        newest_first = sorted(listed, key=version_key, reverse=True)
        if listed != newest_first:
            errors.append("fw_releases (top-level meson.build) is not newest first: "
                          + ", ".join(newest_first))
        for r in sorted({r for r in listed if listed.count(r) > 1}):
            errors.append(f"fw_releases lists {r} twice")

    # The driver: driver/core/fw/<release>/release.c defines nvcore_fw_<release,
    # '.' as '_'> for that version (fw/releases.sh, Kbuild and meson derive it).
    fw = os.path.join(root, "driver/core/fw")
    same("driver/core/fw/", folders(fw))
    for r in sorted(folders(fw)):
        rc = f"driver/core/fw/{r}/release.c"
        if not os.path.isfile(os.path.join(root, rc)):
            errors.append(f"{rc}: missing (the kernel build takes the folders with one)")
            continue
        sym = "nvcore_fw_" + r.replace(".", "_")
        m = re.search(r"^const struct nvcore_fw_release (\w+) = \{(.*?)^\};", text(rc), re.M | re.S)
        if not m or m.group(1) != sym:
            errors.append(f"{rc}: does not define const struct nvcore_fw_release {sym}")
        elif f'.version = "{r}",' not in m.group(2):
            errors.append(f'{rc}: {sym} is not .version = "{r}"')
    # Nothing in the driver's build files or its release table lists a release.
    for rel, pattern in (("driver/Kbuild", r"\d+\.\d+(?:\.\d+)*"),
                         ("driver/meson.build", r"\d+\.\d+(?:\.\d+)*"),
                         ("driver/core/fw/release.c", r"nvcore_fw_\d+(?:_\d+)+"),
                         ("driver/core/fw/release.h", r"nvcore_fw_\d+(?:_\d+)+")):
        for name in sorted(set(re.findall(pattern, text(rel)))):
            errors.append(f"{rel}: names release {name}; the build derives it from the folders")

    # The model's folders and the traces.
    same("emu/gsp-model/fw/", folders(os.path.join(root, "emu/gsp-model/fw")))
    traced = set()
    for chip in folders(os.path.join(root, "traces")) - {"field"}:
        traced |= folders(os.path.join(root, "traces", chip))
    same("traces/<chip>/", traced)
    # The model: each folder has its release.c and fwfiles.tsv; its table and
    # mkfw are generated from fw_releases and the folders.
    for r in sorted(folders(os.path.join(root, "emu/gsp-model/fw"))):
        for f in ("release.c", "fwfiles.tsv"):
            if not os.path.isfile(os.path.join(root, "emu/gsp-model/fw", r, f)):
                errors.append(f"emu/gsp-model/fw/{r}/{f}: missing")
    for rel, pattern in (("emu/gsp-model/fw/releases.c", r"gspm_release_r\d+(?:_\d+)+"),
                         ("emu/fwgen/mkfw.c", r'"\d+\.\d+(?:\.\d+)*"')):
        for name in sorted(set(re.findall(pattern, text(rel)))):
            errors.append(f"{rel}: names release {name}; the build derives it from fw_releases")
    return errors, doctor and doctor[3]


def main():
    args = sys.argv[1:]
    tap = args[0] == "--tap"
    root, listed = args[tap], args[tap + 1:]
    if not tap:
        errors = check(root, listed, None)[0]
        for e in errors:
            print("release-folders:", e, file=sys.stderr)
        return 1 if errors else 0
    # (name, the release list, the fault planted, what must be reported,
    # whether it must be the only error)
    cases = [("release-folders", listed, None, None, True),
             ("release-folders-missing", listed[1:], None,
              f"driver/core/fw/: {listed[0]} is not in fw_releases", False),
             ("release-folders-order", listed[::-1], None,
              "fw_releases (top-level meson.build) is not newest first", False)]
    cases += [(f"release-folders-fires-{kind}", listed, kind, None, True) for kind in FIRES]
    print(f"1..{len(cases)}")
    failed = 0
    for i, (name, releases, fires, want, alone) in enumerate(cases, 1):
        errors, planted = check(root, releases, fires)
        want = want or planted
        if alone:
            ok = errors == ([want] if want else [])
        else:
            ok = any(want in e for e in errors)
        if not ok and not want:     # the check itself: its errors, as without --tap
            for e in errors:
                print(f"# release-folders: {e}")
        elif not ok:
            print(f"# {name}: expected {'only ' if alone else ''}{want!r}, got {errors}")
        failed += not ok
        print(f"{'ok' if ok else 'not ok'} {i} - {name}")
    return 1 if failed else 0


sys.exit(main())
