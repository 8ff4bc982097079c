#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""check_run_suites' own test (lib/harness/testutil.h), one TAP line a scenario.

usage: runner.py RUNNER_DEMO

RUNNER_DEMO (runner_demo.c) runs two suites: the scenario's ("demo"), then
one whose single case passes ("after").  What each scenario must print was
worked out by hand from the runner's rules: a suite's cases run in one child
process; a suite whose run there fails runs again with a process per case,
whose lines are the report; if they all pass, what failed in sequence is a
"not ok" line of its own; a suite the child never reached runs per case; a
tcase tagged CHECK_OWN_PROCESS runs first there, a process per case.
"""
import os
import subprocess
import sys

DEMO = sys.argv[1] if len(sys.argv) == 2 else None

# scenario -> (environment, exit status, TAP lines as (ok, what the
# description must contain), what stderr must contain, what it must not)
CASES = {
    "pass": ({}, 0,
             [(True, "pass:passes"), (True, "pass:sets_state"), (True, "after:passes")],
             ["2 test(s), 2 passed, 0 failed (in one process)",
              "1 test(s), 1 passed, 0 failed (in one process)"],
             ["again with a process per case"]),
    "fail": ({}, 1,
             [(False, "fail:always_fails: fails wherever it runs"), (True, "fail:passes"),
              (True, "after:passes")],
             ["in one process: a case failed; again with a process per case",
              "failure in test case fail: fails wherever it runs",
              "2 test(s), 1 passed, 1 failed"],
             ["state an earlier case left behind"]),
    "leak": ({}, 1,
             [(True, "leak:sets_state"), (True, "leak:needs_clean_state"),
              (False, "in one process, after the cases before it (alone it passes): "),
              (True, "after:passes")],
             ["state an earlier case left behind"], []),
    "die": ({}, 1,
            [(True, "die:sets_state"), (True, "die:dies_after_state"),
             (False, "in one process: died of signal "), (True, "after:passes")],
            # SIGSEGV, or SIGABRT where ASan catches it and aborts
            ["in one process: died of signal ",
             "runner_demo.c:die:sets_state; again with a process per case"],
            ["(in one process)"]),	# the child never reached "after"
    "hang": ({"CK_DEFAULT_TIMEOUT": "0.2"}, 1,
             [(True, "hang:sets_state"), (True, "hang:hangs_after_state"),
              (False, "in one process: ran past 0.2 s in a case, after "), (True, "after:passes")],
             ["ran past 0.2 s in a case"], ["(in one process)"]),
    # The tagged tcase first, a process per case: its needs_clean_state passes.
    "own": ({}, 0,
            [(True, "own-tagged:sets_state"), (True, "own-tagged:needs_clean_state"),
             (True, "own:passes"), (True, "after:passes")],
            ["3 test(s), 3 passed, 0 failed (in one process)",
             "1 test(s), 1 passed, 0 failed (in one process)"],
            ["again with a process per case"]),
    # Check's own choice: no child, no second run.
    "leak CK_FORK=yes": ({"CK_FORK": "yes"}, 0,
                         [(True, "leak:sets_state"), (True, "leak:needs_clean_state"),
                          (True, "after:passes")], [], ["in one process"]),
    "leak CK_FORK=no": ({"CK_FORK": "no"}, 1,
                        [(True, "leak:sets_state"),
                         (False, "leak:needs_clean_state: Assertion 'left_behind == 0' failed"),
                         (True, "after:passes")], [], ["in one process"]),
}


def check(name, env, status, lines, err_has, err_lacks):
    """The problems with one scenario's run, [] when there are none."""
    e = dict(os.environ)
    for k in ("CK_FORK", "CK_DEFAULT_TIMEOUT", "CK_TIMEOUT_MULTIPLIER", "CK_RUN_SUITE",
              "CK_RUN_CASE"):
        e.pop(k, None)
    e.update(env)
    r = subprocess.run([DEMO, name.split()[0]], env=e, capture_output=True, text=True,
                       timeout=60)
    bad = []
    if r.returncode != status:
        bad.append("exit status %d, wanted %d" % (r.returncode, status))
    out = r.stdout.splitlines()
    want = ["%s %d - " % ("ok" if ok else "not ok", i + 1) for i, (ok, _) in enumerate(lines)]
    if len(out) != len(lines) + 1 or out[-1] != "1..%d" % len(lines):
        bad.append("stdout %r, wanted %d TAP lines and the plan" % (out, len(lines)))
    else:
        for i, (ok, what) in enumerate(lines):
            if not out[i].startswith(want[i]) or what not in out[i]:
                bad.append("line %d %r, wanted %r...%r" % (i + 1, out[i], want[i], what))
    bad += ["stderr lacks %r" % s for s in err_has if s not in r.stderr]
    bad += ["stderr has %r" % s for s in err_lacks if s in r.stderr]
    if bad:
        bad += ["stderr: " + line for line in r.stderr.splitlines()]
    return bad


def main():
    if not DEMO:
        print(__doc__.split("\n\n")[1], file=sys.stderr)
        return 2
    failed = 0
    for n, (name, case) in enumerate(CASES.items(), 1):
        bad = check(name, *case)
        failed += bool(bad)
        print("%s %d - %s" % ("not ok" if bad else "ok", n, name))
        for b in bad:
            print("# " + b)
    print("1..%d" % len(CASES))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
