#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Builds qemu-system-x86_64 (Debian's QEMU 10.0.2 source) with the nvgsp-pci
# device and prints the binary's path on stdout (progress goes to stderr).
#
# The QEMU tree lives outside the project: $NVCORE_QEMU_DIR (default
# /var/cache/nvcore-qemu as root, else ~/.cache/nvcore-qemu).  The model is
# built by the project's own meson build (the source of truth for its file
# list and generated VBIOS) as a static library and linked whole into QEMU;
# the device file, its trace-events, gspm.h and the trace player's headers
# (lib/nvtrace) are copied into hw/misc/nvgsp/, which QEMU's trace build
# knows as a subdirectory (as hw/misc/macio); the trace library is linked in
# beside the model.  A hash over the device, gspm.h, the model library and
# this script decides whether QEMU needs relinking, so a run with nothing
# changed costs seconds.
#
# Usage: emu/qemu-device/build-qemu.sh [--force] [--help]
# Exit: 0 ok, 2 setup error (missing packages, source not fetchable, build failed).
set -euo pipefail

QEMU_VERSION=10.0.2
TARBALL="qemu_${QEMU_VERSION}+ds.orig.tar.xz"

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)

if [ "$(id -u)" = 0 ]; then
    default_dir=/var/cache/nvcore-qemu
else
    default_dir=${XDG_CACHE_HOME:-$HOME/.cache}/nvcore-qemu
fi
dir=${NVCORE_QEMU_DIR:-$default_dir}
force=0

usage() {
    sed -n '3,18p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
    echo "Environment: NVCORE_QEMU_DIR (cache dir, now $dir), NVCORE_QEMU_JOBS (ninja -j)"
}

for a in "$@"; do
    case "$a" in
    --force) force=1 ;;
    -h|--help) usage; exit 0 ;;
    *) echo "build-qemu.sh: unknown argument '$a'" >&2; usage >&2; exit 2 ;;
    esac
done

say() { echo "build-qemu: $*" >&2; }
die() { echo "build-qemu: error: $*" >&2; exit 2; }

need_pkgs=(libglib2.0-dev libpixman-1-dev flex bison python3-pycotap ninja-build meson pkg-config)
missing=()
for p in "${need_pkgs[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
    die "missing packages: ${missing[*]} (python3-pycotap from bookworm-backports; see ci/setup)"
fi

mkdir -p "$dir/src" || die "cannot create $dir"
src="$dir/qemu-$QEMU_VERSION"
qbuild="$src/build"
binary="$qbuild/qemu-system-x86_64"
mbuild="$dir/model-build"
stamp="$dir/nvgsp.stamp"
jobs=${NVCORE_QEMU_JOBS:-$(nproc)}

# 1. The source: Debian's orig tarball.  bookworm-backports lacks the
# matching .debian.tar.xz, so apt-get exits non-zero after the tarball has
# arrived; the file is what counts.
if [ ! -f "$dir/src/$TARBALL" ]; then
    say "fetching QEMU $QEMU_VERSION source (apt-get source --download-only qemu/bookworm-backports)"
    (cd "$dir/src" && apt-get source --download-only "qemu/bookworm-backports" >&2) || true
    [ -f "$dir/src/$TARBALL" ] ||
        die "$TARBALL did not arrive; does apt have deb-src entries for bookworm-backports (ci/setup)?"
fi

# 2. Unpack and hook the device into hw/misc (once per tree).
if [ ! -f "$src/.nvcore-hooked" ]; then
    say "unpacking $TARBALL into $dir"
    rm -rf "$src"
    tar -C "$dir" -xf "$dir/src/$TARBALL" || die "cannot unpack $TARBALL"
    [ -f "$src/configure" ] || die "unexpected tarball layout (no $src/configure)"
    # The edk2 firmware blobs are not needed (ROMs come from seabios and
    # qemu-system-data) and the +ds tarball does not carry them.
    sed -i 's/^\( *unpack_edk2_blobs = \)bzip2\.found()$/\1false/' "$src/meson.build"
    grep -q 'unpack_edk2_blobs = bzip2.found()' "$src/meson.build" &&
        die "could not switch off edk2 blob unpacking in $src/meson.build"
    mkdir -p "$src/hw/misc/nvgsp"
    cat >> "$src/hw/misc/Kconfig" <<'EOF'

config NVGSP_PCI
    bool
    default y if PCI_DEVICES
    depends on PCI && MSI_NONBROKEN
EOF
    echo "subdir('nvgsp')" >> "$src/hw/misc/meson.build"
    touch "$src/.nvcore-hooked"
fi
# The device's trace events: hw/misc/nvgsp/trace-events joins QEMU's
# trace_events_subdirs after hw/misc/macio (its own check, so a tree hooked
# before the device had trace events gains them without a fresh unpack).
if ! grep -q "^ *'hw/misc/nvgsp',$" "$src/meson.build"; then
    sed -i "s|^\( *\)'hw/misc/macio',$|&\n\1'hw/misc/nvgsp',|" "$src/meson.build"
    grep -q "^ *'hw/misc/nvgsp',$" "$src/meson.build" ||
        die "could not add hw/misc/nvgsp to trace_events_subdirs in $src/meson.build"
fi

# 3. The model as a static library, built by the project's meson.
if [ -f "$mbuild/.nvcore-root" ] && [ "$(cat "$mbuild/.nvcore-root")" != "$root" ]; then
    rm -rf "$mbuild"    # another checkout configured it
fi
if [ ! -f "$mbuild/build.ninja" ]; then
    say "configuring the model build in $mbuild"
    rm -rf "$mbuild"
    meson setup "$mbuild" "$root" --buildtype=debugoptimized >"$dir/model-setup.log" 2>&1 ||
        { cat "$dir/model-setup.log" >&2; die "meson setup of the project failed"; }
    echo "$root" > "$mbuild/.nvcore-root"
fi
# The model, and the trace library whose play.c the device's trace= uses.
ninja -C "$mbuild" -j"$jobs" emu/gsp-model/libgspmodel.a lib/fwfile/libfwfile.a lib/nvtrace/libnvtrace.a \
    >"$dir/model-build.log" 2>&1 ||
    { cat "$dir/model-build.log" >&2; die "building the gsp-model library failed"; }
# meson writes thin archives (member paths, not contents): repack the members
# of both into one self-contained, deterministic archive QEMU's link can use.
lib="$mbuild/libgspmodel-full.a"
rm -f "$lib"
for thin in "$mbuild/emu/gsp-model/libgspmodel.a" "$mbuild/lib/fwfile/libfwfile.a" \
           "$mbuild/lib/nvtrace/libnvtrace.a"; do
    [ -f "$thin" ] || die "no $thin after the model build"
    (cd "$(dirname "$thin")" && ar t "$(basename "$thin")" | xargs ar rcsD "$lib") ||
        die "cannot repack $thin"
done

# 4. Stage the device into the QEMU tree; copy only what changed so ninja
# recompiles only what it must.
stage() {
    cmp -s "$1" "$2" || cp "$1" "$2"
}
nvdir="$src/hw/misc/nvgsp"
stage "$here/nvgsp-pci.c" "$nvdir/nvgsp-pci.c"
stage "$here/trace-events" "$nvdir/trace-events"
stage "$here/trace.h" "$nvdir/trace.h"
stage "$root/emu/gsp-model/include/gspm.h" "$nvdir/gspm.h"
stage "$root/lib/nvtrace/nvtrace.h" "$nvdir/nvtrace.h"
stage "$root/lib/nvtrace/play.h" "$nvdir/play.h"
stage "$lib" "$nvdir/libgspmodel.a"
cat > "$nvdir/meson.build.new" <<'EOF'
# Generated by nvcore's emu/qemu-device/build-qemu.sh.
# The model is linked whole: its objects reference each other, and the
# archive's place on QEMU's link line is not ours to choose.
nvgsp_model = declare_dependency(
  link_args : ['-Wl,--whole-archive',
               meson.current_source_dir() / 'libgspmodel.a',
               '-Wl,--no-whole-archive'],
  dependencies : dependency('jansson'))
system_ss.add(when : 'CONFIG_NVGSP_PCI',
              if_true : [files('nvgsp-pci.c'), nvgsp_model])
EOF
stage "$nvdir/meson.build.new" "$nvdir/meson.build"
rm -f "$nvdir/meson.build.new"

hash=$(cat "$here/nvgsp-pci.c" "$here/trace-events" "$here/trace.h" \
           "$root/emu/gsp-model/include/gspm.h" \
           "$root/lib/nvtrace/nvtrace.h" "$root/lib/nvtrace/play.h" "$lib" \
           "$nvdir/meson.build" "${BASH_SOURCE[0]}" | sha256sum | cut -d' ' -f1)
if [ "$force" = 0 ] && [ -x "$binary" ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$hash" ]; then
    say "cached: $binary (device and model unchanged)"
    echo "$binary"
    exit 0
fi

# 5. Configure once, then build; the library's content is not a dependency
# ninja knows of, so drop the binary to force the relink.
if [ ! -f "$qbuild/build.ninja" ]; then
    say "configuring QEMU (x86_64-softmmu, TCG, no default features)"
    mkdir -p "$qbuild"
    (cd "$qbuild" && ../configure --python=/usr/bin/python3 --target-list=x86_64-softmmu \
        --without-default-features --disable-docs --disable-download \
        --disable-install-blobs) >"$dir/qemu-configure.log" 2>&1 ||
        { tail -40 "$dir/qemu-configure.log" >&2; die "QEMU configure failed (log: $dir/qemu-configure.log)"; }
fi
rm -f "$binary"
say "building qemu-system-x86_64 with -j$jobs (cold: several minutes; log: $dir/qemu-build.log)"
start=$(date +%s)
nice ninja -C "$qbuild" -j"$jobs" qemu-system-x86_64 >"$dir/qemu-build.log" 2>&1 ||
    { grep -E -B2 -A8 'error|FAILED' "$dir/qemu-build.log" | tail -60 >&2
      die "QEMU build failed (log: $dir/qemu-build.log)"; }
"$binary" -device help 2>/dev/null | grep -q '"nvgsp-pci"' ||
    die "$binary has no nvgsp-pci device"
echo "$hash" > "$stamp"
say "built $binary in $(( $(date +%s) - start )) s"
echo "$binary"
