#!/bin/sh
# SPDX-License-Identifier: MIT
# `meson install --destdir`: the tools land in BINDIR and run from there
# (--version), README.md and every docs/*.md of the source tree land in DOCDIR,
# and nothing else lands in BINDIR.  The lists expected are the issue's (the
# tools an operator runs) and the source tree's docs/, not meson's install plan.
#   test-install.sh MESON BUILDDIR SRCDIR BINDIR DOCDIR
set -u
meson=$1 build=$2 src=$3 bindir=$4 docdir=$5
d=$(mktemp -d)
trap 'rm -rf "$d"' EXIT
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }

if ! "$meson" install -C "$build" --no-rebuild --destdir "$d" >"$d.log" 2>&1; then
	cat "$d.log"
	rm -f "$d.log"
	echo "FAIL: meson install --destdir $d"
	exit 1
fi
rm -f "$d.log"
version=$(cat "$src/driver/VERSION")
for t in gsptrace nvcore-run nvcore-peek; do
	if [ ! -x "$d$bindir/$t" ]; then
		fail "$bindir/$t not installed"
	elif [ "$("$d$bindir/$t" --version)" != "nvcore $version" ]; then
		fail "installed $t --version: '$("$d$bindir/$t" --version)', want 'nvcore $version'"
	fi
done
extra=$(ls "$d$bindir" | grep -v -x -e gsptrace -e nvcore-run -e nvcore-peek)
[ -z "$extra" ] || fail "$bindir holds more than the tools: $extra"
for f in "$src/README.md" "$src"/docs/*.md; do
	cmp -s "$f" "$d$docdir/${f##*/}" || fail "${f#"$src"/} is not installed as $docdir/${f##*/}"
done
[ $fails -eq 0 ] && echo "ok: tools in $bindir, docs in $docdir" || exit 1
