#!/bin/bash
# Packages `make bench` needs on top of scripts/deps.sh (never installed by `make check`):
# the peers (Jool through DKMS for the test VM's 6.1 kernel, TAYGA), the chart library and
# clang for the newconns workload's tc program (bench/reflect.bpf.c).
# Idempotent: apt is only touched when something is missing, DKMS only when Jool is not
# built for the guest kernel yet.
set -euo pipefail

kver=${KVER:-$("$(dirname "$0")/../tools/vm/kver.sh" 2>/dev/null || uname -r)}
pkgs=(dkms jool-dkms jool-tools tayga python3-matplotlib iperf3 gcc clang linux-libc-dev)

missing=()
for p in "${pkgs[@]}"; do
	st=$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null || true)
	[ "$st" = installed ] || missing+=("$p")
done

if [ "$(id -u)" -ne 0 ] && { [ ${#missing[@]} -gt 0 ] || ! ls /lib/modules/"$kver"/updates/dkms/jool*.ko* >/dev/null 2>&1; }; then
	command -v sudo >/dev/null && exec sudo KVER="$kver" "$0" "$@"
	echo "deps-bench: run as root to install: ${missing[*]} (and build Jool for $kver)" >&2
	exit 1
fi

if [ ${#missing[@]} -gt 0 ]; then
	echo "deps-bench: installing ${missing[*]}"
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -q
	apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

# The DKMS hook builds for the running kernel; the VM boots $kver, so build for it too.
if ! ls /lib/modules/"$kver"/updates/dkms/jool*.ko* >/dev/null 2>&1; then
	jver=$(dpkg-query -W -f='${Version}' jool-dkms | sed 's/-[^-]*$//')
	echo "deps-bench: building Jool $jver for $kver (DKMS)"
	dkms install "jool-dkms/$jver" -k "$kver" || echo "deps-bench: DKMS could not build Jool for $kver; the Jool subjects will be reported as unavailable" >&2
fi
echo "deps-bench: ok ($(dkms status jool-dkms 2>/dev/null | tr '\n' ' '))"
