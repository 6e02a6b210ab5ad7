#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# `make check`'s last line is true even when the test VM is killed at its time limit:
# every test that did not finish counts as a failure, by name, and the passes of the
# tests that did finish are kept. Runs scripts/check.sh in a copy of the repository
# whose VM runner runs the real selftests/run_all.sh on this host, over stand-in tests
# (one passes, one fails, one hangs, one never starts), under a short time limit.
set -u
. "$(dirname "$0")/lib.sh"
rm -f "$copy"/selftests/test_*.sh

t() { printf '#!/bin/bash\n%s\n' "$2" > "$copy/selftests/test_$1.sh"; }
t a 'echo "ok 1 one"; echo "ok 2 two"; echo "2 passed, 0 failed"'
t b 'echo "ok 1 fine"; echo "not ok 2 broken"; echo "1 passed, 1 failed"; exit 1'
t c 'echo "ok 1 started"; sleep 600'
t d 'echo "ok 1 never"'
# The VM: run_all.sh right here, killed after 6 s as run.sh kills a VM (status 124).
cat > "$copy/tools/vm/run.sh" <<'RUN'
#!/bin/bash
while [ $# -gt 0 ]; do case $1 in -r) res=$2; shift 2 ;; -k) shift 2 ;; --) shift; break ;; *) break ;; esac; done
export NAT64_RESULTS=$res
timeout -k 1 6 setsid bash "$@"
rc=$?
[ $rc -eq 124 ] && echo "run.sh: VM timed out after 6s, killed" >&2
exit $rc
RUN
printf '#!/bin/sh\necho "0 passed, 0 failed"\n' > "$copy/selftests/host/run_all.sh"
printf '#!/bin/sh\necho "0 passed, 0 failed"\n' > "$copy/scripts/fuzz.sh"

out=$(cd "$copy" && MAKE=true scripts/check.sh 2>&1)
rc=$?
echo "$out" > "$tmp/out"
last=$(tail -n1 <<<"$out")
if [ "$last" = "3 passed, 4 failed" ] && [ $rc -ne 0 ]; then
	ktap_ok "killed VM: last line counts finished results and each unfinished test ($last)"
else
	ktap_fail "killed VM: last line counts finished results and each unfinished test (got '$last', exit $rc)"
	ktap_comment <<<"$out"
fi
check "the test that was running is named: did not finish" \
	grep -q '^not ok test_c # did not finish: the VM was killed' "$tmp/out"
check "the tests that never started are named: did not run" \
	sh -c "grep -q '^not ok test_d # did not run' '$tmp/out' &&
	       grep -q '^not ok kernel-log # did not run' '$tmp/out'"
check "the per-test time table lists the finished tests" \
	sh -c "grep -qE '^#  +[0-9]+  test_a +2 passed, 0 failed' '$tmp/out' &&
	       grep -qE '^#  +[0-9]+  test_b +1 passed, 1 failed, exit 1' '$tmp/out'"
check "results.txt was written per test as it ended" \
	grep -q '^test_b 1 1 0 [0-9]* 1$' "$copy/build/vm-results/selftests/results.txt"

# A run that completes: the totals are the tests' own (the host has no kernel-log
# check to pass here, so the plan's last entry is answered by hand).
rm -f "$copy/selftests/test_c.sh" "$copy/selftests/test_d.sh"
res=$tmp/res/selftests
mkdir -p "$res"
printf 'test_a\ntest_b\nkernel-log\n' > "$res/plan.txt"
printf 'test_a 2 0 0 3 0\ntest_b 1 1 0 4 1\nkernel-log 1 0 0 0 0\n' > "$res/results.txt"
out=$("$repo/scripts/selftest-totals.sh" "$res" 1)
check "a complete run: totals as the tests reported them" \
	test "$(tail -n1 <<<"$out")" = "4 passed, 1 failed"
rm -f "$res/plan.txt"
out=$("$repo/scripts/selftest-totals.sh" "$res" 125)
check "no plan at all (the VM never ran the tests): one failure" \
	test "$(tail -n1 <<<"$out")" = "0 passed, 1 failed"
ktap_finish
