#!/bin/sh
# Print the kernel version the VM boots and the module is built for.
# $KVER wins; otherwise the newest Debian 6.1 kernel that has an image in /boot and
# modules (preferring one whose headers are installed, so the module can be built).
set -u
if [ -n "${KVER:-}" ]; then
	echo "$KVER"
	exit 0
fi
first=""
for img in $(ls -1 /boot/vmlinuz-6.1* 2>/dev/null | sort -rV); do
	ver=${img#/boot/vmlinuz-}
	[ -d "/lib/modules/$ver/kernel" ] || continue
	if [ -e "/lib/modules/$ver/build/Makefile" ]; then
		echo "$ver"
		exit 0
	fi
	[ -n "$first" ] || first=$ver
done
[ -n "$first" ] && { echo "$first"; exit 0; }
echo "kver.sh: no 6.1 kernel found in /boot (install with: make deps)" >&2
exit 1
