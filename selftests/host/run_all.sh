#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Run every selftests/host/test_*.sh on this machine (no VM, no module): tests of the
# build and test tooling. Each prints KTAP; the last line sums them: "N passed, N failed".
set -u
here=$(cd "$(dirname "$0")" && pwd)
pass=0 fail=0 n=0
tests=("$here"/test_*.sh)
echo "KTAP version 1"
echo "1..${#tests[@]}"
for t in "${tests[@]}"; do
	n=$((n + 1))
	name=$(basename "$t" .sh)
	log=$(mktemp)
	bash "$t" </dev/null >"$log" 2>&1
	rc=$?
	sed 's/^/    /' "$log"
	p=$(grep -c '^ok ' "$log")
	f=$(grep -c '^not ok ' "$log")
	rm -f "$log"
	[ "$rc" -ne 0 ] && [ "$f" -eq 0 ] && f=1
	pass=$((pass + p)) fail=$((fail + f))
	if [ "$rc" -eq 0 ]; then echo "ok $n $name"; else echo "not ok $n $name"; fi
done
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
