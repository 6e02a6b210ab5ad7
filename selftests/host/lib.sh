# shellcheck shell=bash
# SPDX-License-Identifier: GPL-2.0
# Shared by the host tests of the tooling (source it): KTAP output, $repo, a scratch
# folder $tmp (removed at exit) and $copy, a copy of the repository as a fresh clone
# with the uncommitted work would have it, for a test to change at will.
. "$(dirname "${BASH_SOURCE[0]}")/../ktap.sh"
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
copy=$tmp/repo
mkdir -p "$copy"
(cd "$repo" && git ls-files -co --exclude-standard -z | xargs -0 cp --parents -t "$copy")

# expect_out "desc" PATTERN OUTPUT: ok when OUTPUT has a line matching the regex;
# otherwise the output is shown.
expect_out() {
	if grep -qE -- "$2" <<<"$3"; then
		ktap_ok "$1"
	else
		ktap_fail "$1"
		ktap_comment <<<"$3"
	fi
}
