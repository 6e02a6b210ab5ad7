#!/bin/bash
# Install the Debian 12 packages the project needs (build, test VM, selftests, demo).
# Idempotent and fast when everything is present: apt is only touched for missing ones.
# Extra packages: NAT64_EXTRA_PKGS="clang tshark ..." scripts/deps.sh
set -euo pipefail

pkgs=(
	# build
	build-essential pkg-config libmnl-dev linux-headers-amd64
	# fuzzers: clang, and libFuzzer in libclang-rt-dev (scripts/fuzz.sh)
	clang libclang-rt-dev
	# test VM: Debian's generic kernel (the -cloud one has no 9p), qemu, initramfs tools
	linux-image-amd64 qemu-system-x86 busybox-static kmod cpio xz-utils
	# inside the VM
	iproute2 ethtool iputils-ping procps python3 python3-scapy iperf3 socat curl
	nginx-light tcpdump
	# stateful NAT64 selftests: a real DNS server on the IPv4 side
	dnsmasq-base
)
# shellcheck disable=SC2206
pkgs+=(${NAT64_EXTRA_PKGS:-})

missing=()
for p in "${pkgs[@]}"; do
	st=$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null || true)
	[ "$st" = installed ] || missing+=("$p")
done

if [ ${#missing[@]} -eq 0 ]; then
	echo "deps: all ${#pkgs[@]} packages present"
	exit 0
fi

echo "deps: installing ${missing[*]}"
if [ "$(id -u)" -ne 0 ]; then
	if command -v sudo >/dev/null; then
		exec sudo NAT64_EXTRA_PKGS="${NAT64_EXTRA_PKGS:-}" "$0" "$@"
	fi
	echo "deps: run as root to install: ${missing[*]}" >&2
	exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
apt-get install -y -q --no-install-recommends "${missing[@]}"
