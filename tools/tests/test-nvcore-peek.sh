#!/bin/sh
# nvcore-peek on fake BAR0 files: 16 MiB sparse files with chosen little-endian
# values at the register offsets, made read-only (chmod 0444).
#
# Every expected value is a hand calculation from NVIDIA's published headers
# (emu/gsp-model/hwref/*.tsv), never the tool's or the model's output:
#   BOOT_0  = ARCHITECTURE_0 (28:24) | IMPLEMENTATION (23:20) | MAJOR (7:4) | MINOR (3:0)
#   BOOT_42 = CHIP_ID (29:20) = ARCHITECTURE << 4 | IMPLEMENTATION, MAJOR 19:16, MINOR 15:12
#   GA102 A1: ARCHITECTURE_GA100 0x17, GPU_IMPLEMENTATION_GA102 0x2
#             -> BOOT_0 0x172000a1, BOOT_42 0x172a1000 (chip id 0x172)
#   GH100 A1: ARCHITECTURE_GH100 0x18, GPU_IMPLEMENTATION_GH100 0x0
#             -> BOOT_0 0x180000a1, BOOT_42 0x180a1000 (chip id 0x180)
#   0x179: ARCHITECTURE_GA100 with IMPLEMENTATION 0x9, which nv_arch.h does not name
#   GROUP_05 PLM 0x118128 bit 0 READ_PROTECTION_LEVEL0: 1 ENABLE, 0 DISABLE
#   GROUP_05_0_GFW_BOOT 0x118234 PROGRESS 7:0, COMPLETED 0xff
#   WPR2_ADDR_LO/HI 0x1fa824/0x1fa828, VAL 31:4 in 4 KiB units (ALIGNMENT 12):
#     LO 0x05f00000 -> 0x5f0000 << 12 = 0x05f0000000
#     HI 0x05ffdff0 -> 0x5ffdff << 12 = 0x05ffdff000
#   I2CS_SCRATCH 0x200bc FSP_BOOT_COMPLETE_STATUS_SUCCESS 0xff
#   NV_GFW_FSP_UCODE_VERSION = COMMON_SCRATCH_GROUP_3(1) = 0x8f0330 + 4 = 0x8f0334,
#     MAJOR 11:8, MINOR 7:0: 0x0000044c -> 4.4c
set -u
peek=$1
hwref=${2:-}
# The JSON checker: meson passes the build's python3 (python3-nosite: a
# python3 found on PATH may be a version manager's shell-script shim, which
# cost 0.4 s of CPU a start here).
py=${NVCORE_PYTHON3:-python3}
d=$(mktemp -d)
trap 'chmod -R u+w "$d"; rm -rf "$d"' EXIT
fails=0

fail() { echo "FAIL: $*"; fails=$((fails + 1)); }

# put32 FILE OFFSET VALUE: VALUE little-endian at OFFSET, written by seal.
# One Python for every file, not a dd per value (71 dd starts were half the
# test's CPU) nor a Python per file (docs/testing.md, "Speed").
put32() { echo "$(($2)) $(($3))" >>"$1.puts"; }

# bar NAME: a fresh 16 MiB sparse file (made by seal).
bar() {
	f="$d/$1"
	: >"$f.puts"
	echo "$f"
}

# seal FILE...: each FILE's puts, in order, into a 16 MiB sparse file, made
# read-only.
seal() {
	"$py" -c '
import os, struct, sys
for path in sys.argv[1:]:
	with open(path, "wb") as f:
		f.truncate(16 << 20)
		for line in open(path + ".puts"):
			off, val = map(int, line.split())
			f.seek(off)
			f.write(struct.pack("<I", val))
	os.chmod(path, 0o444)
' "$@" || fail "$*: could not make the fake BAR0s"
}

# json NAME: NAME's output must be valid JSON, checked at the end, with
# every other (one Python).
json() { jsons="$jsons $d/$1.out"; }
jsons=

# run NAME EXPECTED_RC ARGS...: output in $d/NAME.out (stdout+stderr).
run() {
	name=$1 want=$2
	shift 2
	"$peek" "$@" >"$d/$name.out" 2>&1
	got=$?
	[ "$got" -eq "$want" ] || fail "$name: exit $got, expected $want"
}

# has NAME TEXT: TEXT (a fixed string) is on a line of NAME's output.  The
# shell's own read and case, not a grep process per check: a process start
# costs several milliseconds of CPU on the test VM (docs/testing.md, "Speed").
has() {
	while IFS= read -r line || [ -n "$line" ]; do
		case $line in *"$2"*) return 0 ;; esac
	done <"$d/$1.out"
	return 1
}

expect() { # NAME TEXT (fixed string, must appear)
	has "$1" "$2" || { fail "$1: missing '$2'"; sed 's/^/    /' "$d/$1.out"; }
}

reject() { # NAME TEXT (must not appear)
	if has "$1" "$2"; then fail "$1: unexpected '$2'"; fi
}

ga102() { # FILE: a GA102 A1 after GFW, WPR2 at its power-on values
	put32 "$1" 0x000000 0x172000a1
	put32 "$1" 0x000a00 0x172a1000
	put32 "$1" 0x118128 0x00000001
	put32 "$1" 0x118234 0x000000ff
	put32 "$1" 0x1fa824 0xfffffff0	# LO VAL_INIT 0x0fffffff (gh100 dev_fb.h)
	put32 "$1" 0x1fa828 0x00000000
}

# 0. The inputs of the hand calculation above are the reference's: each
#    name<TAB>value row the fake files and expectations rely on is in hwref.
if [ -n "$hwref" ]; then
	# row FILE NAME VALUE: gathered per file, then one grep per file (a
	# grep per row was 32 process starts).
	row() { printf '%s\t%s\t\n' "$2" "$3" >>"$d/rows-$1"; }
	row common.tsv NV_PMC_BOOT_0 0x00000000
	row common.tsv NV_PMC_BOOT_42 0x00000A00
	row common.tsv NV_PMC_BOOT_42_CHIP_ID 29:20
	row common.tsv NV_PMC_BOOT_42_ARCHITECTURE 29:24
	row common.tsv NV_PMC_BOOT_42_IMPLEMENTATION 23:20
	row common.tsv NV_PMC_BOOT_42_MAJOR_REVISION 19:16
	row common.tsv NV_PMC_BOOT_42_MINOR_REVISION 15:12
	row common.tsv NV_PMC_BOOT_42_ARCHITECTURE_GA100 0x00000017
	row common.tsv NV_PMC_BOOT_42_ARCHITECTURE_GH100 0x00000018
	row common.tsv GPU_IMPLEMENTATION_GA100 0x00
	row common.tsv GPU_IMPLEMENTATION_GA102 0x02
	row common.tsv GPU_IMPLEMENTATION_GH100 0x00
	row ga102.tsv NV_PGC6_AON_SECURE_SCRATCH_GROUP_05_PRIV_LEVEL_MASK 0x00118128
	row ga102.tsv NV_PGC6_AON_SECURE_SCRATCH_GROUP_05_PRIV_LEVEL_MASK_READ_PROTECTION_LEVEL0 0:0
	row ga102.tsv NV_PGC6_AON_SECURE_SCRATCH_GROUP_05_PRIV_LEVEL_MASK_READ_PROTECTION_LEVEL0_ENABLE 0x00000001
	row ga102.tsv 'NV_PGC6_AON_SECURE_SCRATCH_GROUP_05(i)' '(0x00118234+(i)*4)'
	row ga102.tsv NV_PGC6_AON_SECURE_SCRATCH_GROUP_05_0_GFW_BOOT 'NV_PGC6_AON_SECURE_SCRATCH_GROUP_05(0)'
	row ga102.tsv NV_PGC6_AON_SECURE_SCRATCH_GROUP_05_0_GFW_BOOT_PROGRESS 7:0
	row ga102.tsv NV_PGC6_AON_SECURE_SCRATCH_GROUP_05_0_GFW_BOOT_PROGRESS_COMPLETED 0x000000FF
	row tu102.tsv NV_PFB_PRI_MMU_WPR2_ADDR_LO 0x001FA824
	row tu102.tsv NV_PFB_PRI_MMU_WPR2_ADDR_HI 0x001FA828
	row tu102.tsv NV_PFB_PRI_MMU_WPR2_ADDR_HI_VAL 31:4
	row tu102.tsv NV_PFB_PRI_MMU_WPR2_ADDR_HI_ALIGNMENT 0x0000000c
	row gh100.tsv NV_PFB_PRI_MMU_WPR2_ADDR_LO 0x001FA824
	row gh100.tsv NV_PFB_PRI_MMU_WPR2_ADDR_HI 0x001FA828
	row gh100.tsv NV_PFB_PRI_MMU_WPR2_ADDR_LO_VAL_INIT 0x0fffffff
	row gh100.tsv NV_THERM_I2CS_SCRATCH 0x000200bc
	row gh100.tsv NV_THERM_I2CS_SCRATCH_FSP_BOOT_COMPLETE_STATUS_SUCCESS 0x000000FF
	row gh100.tsv 'NV_PFSP_FALCON_COMMON_SCRATCH_GROUP_3(i)' '(0x008f0330+(i)*4)'
	row gh100.tsv NV_GFW_FSP_UCODE_VERSION 'NV_PFSP_FALCON_COMMON_SCRATCH_GROUP_3(1)'
	row gh100.tsv NV_GFW_FSP_UCODE_VERSION_MAJOR 11:8
	row gh100.tsv NV_GFW_FSP_UCODE_VERSION_MINOR 7:0
	for t in common.tsv ga102.tsv gh100.tsv tu102.tsv; do
		grep -F -f "$d/rows-$t" "$hwref/$t" >"$d/hwref-$t.out"
		while IFS= read -r want; do
			has "hwref-$t" "$want" || fail "hwref: no row '$want' in $t"
		done <"$d/rows-$t"
	done
	# GH100's reference has no GROUP_05: the tool must not read it there.
	if grep -q '^NV_PGC6_AON_SECURE_SCRATCH_GROUP_05' "$hwref/gh100.tsv"; then
		fail "hwref: gh100.tsv now defines GROUP_05: revisit the GH100 GFW rule"
	fi
fi

# The fake BAR0 files of the cases below, made before the first run.
f=$(bar ga102-ok); ga102 "$f"
f=$(bar gfw-locked); ga102 "$f"; put32 "$f" 0x118128 0x00000000
f=$(bar gfw-progress); ga102 "$f"; put32 "$f" 0x118234 0x0000007e
f=$(bar wpr2-up); ga102 "$f"
put32 "$f" 0x1fa824 0x05f00000; put32 "$f" 0x1fa828 0x05ffdff0
f=$(bar gh100); put32 "$f" 0x000000 0x180000a1; put32 "$f" 0x000a00 0x180a1000
put32 "$f" 0x0200bc 0x000000ff; put32 "$f" 0x8f0334 0x0000044c
put32 "$f" 0x118128 0x00000001; put32 "$f" 0x118234 0x000000ff
f=$(bar gh100-fsp-busy); put32 "$f" 0x000000 0x180000a1; put32 "$f" 0x000a00 0x180a1000
f=$(bar unknown); ga102 "$f"; put32 "$f" 0x000000 0x179000a1; put32 "$f" 0x000a00 0x179a1000
f=$(bar ga100); ga102 "$f"; put32 "$f" 0x000000 0x170000a1; put32 "$f" 0x000a00 0x170a1000
f=$(bar pri); ga102 "$f"; put32 "$f" 0x1fa828 0xbadf1100
f=$(bar dead); put32 "$f" 0x000000 0xffffffff
seal "$d/ga102-ok" "$d/gfw-locked" "$d/gfw-progress" "$d/wpr2-up" "$d/gh100" "$d/gh100-fsp-busy" \
	"$d/unknown" "$d/ga100" "$d/pri" "$d/dead"

# 1. GA102, GFW done, WPR2 down: nvcore can boot.
f=$d/ga102-ok
sum_before=$(sha256sum "$f" | cut -d' ' -f1)
mtime_before=$(stat -c '%y %s' "$f")
run ga102-ok 0 --resource "$f"
expect ga102-ok "ga102 (BOOT_42 CHIP_ID 0x172 = ARCHITECTURE 0x17, IMPLEMENTATION 0x2), rev a.1"
expect ga102-ok "nvcore:   supported"
expect ga102-ok "gfw boot: done"
expect ga102-ok "wpr2:     down"
expect ga102-ok "verdict:  nvcore can boot this GPU now"
expect ga102-ok "0x172a1000"
expect ga102-ok "NV_THERM_I2CS_SCRATCH"
reject ga102-ok "PRI-ERR"
# Never writes: same bytes, same mtime, after a text and a JSON run.
run ga102-json 0 --json --resource "$f"
[ "$(sha256sum "$f" | cut -d' ' -f1)" = "$sum_before" ] || fail "ga102-ok: the file's bytes changed"
[ "$(stat -c '%y %s' "$f")" = "$mtime_before" ] || fail "ga102-ok: the file's mtime/size changed"
expect ga102-json '"chip": {"id": "0x172", "name": "ga102", "revision": "a.1"}'
expect ga102-json '"nvcore": "supported", "gfw_boot": "done", "fsp_boot": "not-applicable", "wpr2": "down"'
expect ga102-json '"reset_needed": false, "nvcore_can_boot": true'
expect ga102-json '{"name": "NV_PMC_BOOT_42", "offset": "0x000a00"'
expect ga102-json '"value": "0x172a1000"'
json ga102-json

# 2. GFW not done: PLM bit 0 = 0, so the progress byte (0xff here) must not be
#    read, let alone trusted.
f=$d/gfw-locked
run gfw-locked 0 --resource "$f"
expect gfw-locked "gfw boot: not-done"
expect gfw-locked "not read: PLM READ_PROTECTION_LEVEL0 = DISABLE"
expect gfw-locked "verdict:  nvcore cannot boot this GPU now"
reject gfw-locked "gfw boot: done"
# PLM readable, progress short of 0xff: not done either, the value is shown.
f=$d/gfw-progress
run gfw-progress 0 --resource "$f"
expect gfw-progress "gfw boot: not-done (PROGRESS = 0x7e, COMPLETED is 0xff)"

# 3. WPR2 up: GSP left running, a reset is needed.
f=$d/wpr2-up
run wpr2-up 0 --resource "$f"
expect wpr2-up "wpr2:     up (0x05f0000000..0x05ffdff000)"
expect wpr2-up "verdict:  reset the GPU before loading nvcore"
run wpr2-up-json 0 --json --resource "$f"
expect wpr2-up-json '"wpr2": "up", "reset_needed": true, "nvcore_can_boot": false'

# 4. GH100 with I2CS 0xff: FSP boot complete; GROUP_05 is not read on GH100.
f=$d/gh100
run gh100 0 --resource "$f"
expect gh100 "gh100 (BOOT_42 CHIP_ID 0x180 = ARCHITECTURE 0x18, IMPLEMENTATION 0x0), rev a.1"
expect gh100 "fsp boot: complete (I2CS_SCRATCH 0x000000ff, SUCCESS is 0xff); FSP ucode version 4.4c"
expect gh100 "gfw boot: not-applicable"
expect gh100 "not read on GH100"
expect gh100 "verdict:  nvcore can boot this GPU now"
f=$d/gh100-fsp-busy
run gh100-fsp-busy 0 --resource "$f"
expect gh100-fsp-busy "fsp boot: not-complete (I2CS_SCRATCH 0x00000000"
expect gh100-fsp-busy "verdict:  nvcore cannot boot this GPU now"

# 5. An unknown chip id: read fine, nvcore does not know it.
f=$d/unknown
run unknown 0 --resource "$f"
expect unknown "unknown chip id 0x179 (ARCHITECTURE 0x17, IMPLEMENTATION 0x9"
expect unknown "nvcore:   unknown"
"$peek" --json --resource "$f" >"$d/unknown-json.out" 2>&1
expect unknown-json '"chip": {"id": "0x179", "name": null'
expect unknown-json '"nvcore": "unknown"' 
if "$peek" --version | grep -q "without the GSP model"; then
	expect unknown "built without the GSP model"
else
	expect unknown "no model for this chip"
fi
expect unknown "verdict:  nvcore cannot boot this GPU now"
# GA100 (0x170) is known and driven (535.113.01).
f=$d/ga100
run ga100 0 --resource "$f"
expect ga100 "nvcore:   supported"

# 6. PRI errors are named; WPR2 behind one is unknown, not up.
f=$d/pri
run pri 0 --resource "$f"
expect pri "0xbadf1100 PRI-ERR"
expect pri "wpr2:     unknown"
# BOOT_0 all ones: the device does not answer -> exit 1, nothing else read.
f=$d/dead
run dead 1 --resource "$f"
expect dead "not answering"

# 7. Too small, missing: exit 1, naming the path (and errno).
f="$d/small"; dd if=/dev/null of="$f" bs=1 seek=1048576 status=none; chmod 0444 "$f"
run small 1 --resource "$f"
expect small "$f: 1048576 bytes, too small for BAR0"
run missing 1 --resource "$d/nope"
expect missing "$d/nope: open read-only: No such file or directory"
run nodev 1 --device 0000:ff:1f.7
expect nodev "/sys/bus/pci/devices/0000:ff:1f.7/resource0: open read-only"
"$peek" --json --resource "$d/small" >"$d/small-json.out" 2>/dev/null
expect small-json '"ok": false'
expect small-json '"gfw_boot": "unknown", "fsp_boot": "unknown", "wpr2": "unknown"'
reject small-json '(null)'
json small-json

# 8. The command line.
run help 0 --help
expect help "usage: nvcore-peek"
expect help "Exit status"
run version 0 --version
expect version "nvcore "
run badopt 2 --frobnicate
expect badopt "unknown option --frobnicate"
run extra 2 stray
run both 2 --device 0000:01:00.0 --resource "$d/ga102-ok"

# 9. Read-only by construction: the resource is opened O_RDONLY and mapped
#    PROT_READ only (a store through the mapping would fault).  Needs strace;
#    the byte/mtime check above holds regardless.
if command -v strace >/dev/null 2>&1 && strace -o /dev/null true 2>/dev/null; then
	strace -f -e trace=openat,open,mmap,mprotect,write,pwrite64 -o "$d/trace" \
		"$peek" --resource "$d/ga102-ok" >/dev/null 2>&1
	grep -F "ga102-ok" "$d/trace" | grep -q 'O_RDONLY' || fail "strace: resource not opened O_RDONLY"
	if grep -F "ga102-ok" "$d/trace" | grep -Eq 'O_RDWR|O_WRONLY'; then
		fail "strace: resource opened for writing"
	fi
	grep -q 'mmap(NULL, 16777216, PROT_READ, MAP_SHARED' "$d/trace" ||
		fail "strace: no PROT_READ-only shared mapping of 16 MiB"
	if grep -E 'mmap\(NULL, 16777216, [^,]*PROT_WRITE' "$d/trace" | grep -q .; then
		fail "strace: BAR0 mapped writable"
	fi
else
	echo "strace unavailable: skipping the syscall check"
fi

# The JSON outputs (json NAME above) parse.
if command -v "$py" >/dev/null 2>&1; then
	# shellcheck disable=SC2086
	"$py" -c '
import json, os, sys
for path in sys.argv[1:]:
	try:
		json.load(open(path))
	except ValueError as e:
		print("FAIL: %s: not valid JSON: %s" % (os.path.basename(path)[:-len(".out")], e))
		sys.exit(1)
' $jsons || fails=$((fails + 1))
fi

[ "$fails" -eq 0 ] || { echo "$fails failure(s)"; exit 1; }
echo "nvcore-peek: all checks passed"
