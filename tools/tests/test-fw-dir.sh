#!/bin/sh
# --fw-dir DIR on nvcore-run and gsptrace replay/record/matrix: the run's
# firmware comes from DIR.  A DIR that does not exist is a usage error naming
# it (exit 2); an empty DIR means the model cannot start: the harness names
# the missing file under DIR and exits 2 (never abort()); the build's test
# tree named explicitly boots as the default does.
set -u
run=$1 gsptrace=$2 fw=$3 trace=$4
d=$(mktemp -d)
trap 'rm -rf "$d"' EXIT
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }

# expect CODE TEXT CMD...: CMD exits CODE and its stderr contains TEXT.
expect() {
	code=$1 text=$2
	shift 2
	"$@" >/dev/null 2>"$d/err"
	got=$?
	[ "$got" -eq "$code" ] || fail "$*: exit $got, want $code"
	grep -qF -- "$text" "$d/err" || { fail "$*: stderr lacks '$text'"; cat "$d/err"; }
}

missing=$d/no-such-dir
expect 2 "--fw-dir: '$missing': No such file or directory" "$run" --fw-dir "$missing"
expect 2 "--fw-dir: '$trace' is not a directory" "$run" --fw-dir "$trace"
for c in replay matrix; do
	expect 2 "gsptrace $c: --fw-dir: '$missing'" "$gsptrace" $c "$trace" --fw-dir "$missing"
done
expect 2 "gsptrace record: --fw-dir: '$missing'" "$gsptrace" record --chip ga102 \
	--release 535.113.01 --scenario boot --fw-dir "$missing"

mkdir "$d/empty"
want="harness: gsp-model: $d/empty/nvidia/ga102/gsp/gsp-535.113.01.bin: cannot open"
expect 2 "$want" "$run" --chip ga102 --release 535.113.01 --fw-dir "$d/empty"
expect 2 "$want" "$gsptrace" replay --quiet "$trace" --fw-dir "$d/empty"

"$run" --rpcs 1 --fw-dir "$fw" >/dev/null || fail "nvcore-run --fw-dir $fw: exit $?"
"$gsptrace" replay --quiet --fw-dir "$fw" "$trace" || fail "gsptrace replay --fw-dir $fw: exit $?"

[ $fails -eq 0 ] && echo "ok" || exit 1
