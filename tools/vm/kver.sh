#!/bin/sh
# Print the kernel version the VM boots and the module is built for.
# $KVER wins; otherwise the newest Debian 6.1 kernel that has an image in /boot and
# modules (preferring one whose headers are installed, so the module can be built).
# NAT64_BOOT_DIR and NAT64_MODULES_DIR replace /boot and /lib/modules (for the tests
# of the tooling, selftests/host/).
set -u
if [ -n "${KVER:-}" ]; then
	echo "$KVER"
	exit 0
fi
boot=${NAT64_BOOT_DIR:-/boot}
mods=${NAT64_MODULES_DIR:-/lib/modules}
first=""
for img in $(ls -1 "$boot"/vmlinuz-6.1.* 2>/dev/null | sort -rV); do
	ver=${img#"$boot"/vmlinuz-}
	[ -d "$mods/$ver/kernel" ] || continue
	if [ -e "$mods/$ver/build/Makefile" ]; then
		echo "$ver"
		exit 0
	fi
	[ -n "$first" ] || first=$ver
done
[ -n "$first" ] && { echo "$first"; exit 0; }
echo "kver.sh: no 6.1 kernel found in $boot (install with: make deps)" >&2
exit 1
