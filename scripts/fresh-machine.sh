#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The README's two commands as a newcomer runs them on a fresh Debian 12 machine:
# removes every package scripts/deps.sh installs (and Debian's 6.1 kernel with it), clones
# the repository, then times `make demo` and `make check`, each of which must succeed on
# its first run. DESTRUCTIVE: it purges packages from this machine. Never part of
# make check; run it by hand on a machine you can spare:
#   scripts/fresh-machine.sh --yes [LOGDIR]
set -uo pipefail
[ "${1:-}" = --yes ] || { sed -n '3,8p' "$0" >&2; exit 2; }
logdir=${2:-/tmp/nat64-fresh}
repo=$(cd "$(dirname "$0")/.." && pwd)
mkdir -p "$logdir"
export DEBIAN_FRONTEND=noninteractive

# What deps.sh would install, minus what the base system needs to run this script.
pkgs=$(sed -n '/^pkgs=(/,/^)/p' "$repo/scripts/deps.sh" | grep -v '^\s*#' |
	tr ' \t' '\n\n' | grep -E '^[a-z0-9][a-z0-9.+-]+$' |
	grep -v -x -E 'pkgs=\(|\)|python3|procps|iproute2|kmod|xz-utils|cpio|build-essential|pkg-config')
kernels=$(dpkg-query -W -f='${Package}\n' 'linux-image-6.1.*' 'linux-headers-6.1.*' 2>/dev/null)
echo "fresh-machine: purging $pkgs $kernels"
# shellcheck disable=SC2086
apt-get purge -y -q $pkgs $kernels >"$logdir/purge.log" 2>&1
apt-get autoremove -y -q --purge >>"$logdir/purge.log" 2>&1
apt-get clean
if ls /boot/vmlinuz-6.1* >/dev/null 2>&1 || command -v qemu-system-x86_64 >/dev/null; then
	echo "fresh-machine: the 6.1 kernel or qemu is still installed" >&2
	exit 1
fi

clone=$(mktemp -d /tmp/nat64-fresh-clone.XXXXXX)
git clone -q "$repo" "$clone/nat64" || exit 1
cd "$clone/nat64" || exit 1
rc=0
for target in demo check; do
	start=$SECONDS
	make $target </dev/null >"$logdir/make-$target.log" 2>&1
	st=$?
	echo "fresh-machine: make $target: exit $st, $((SECONDS - start)) s," \
		"last line: $(tail -n1 "$logdir/make-$target.log")"
	[ $st -eq 0 ] || rc=1
done
exit $rc
