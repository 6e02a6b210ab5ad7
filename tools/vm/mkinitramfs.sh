#!/bin/bash
# Build (or reuse) the guest's tiny initramfs: static busybox plus the modules needed to
# mount the host root over virtio-9p. Usage: mkinitramfs.sh KVER OUTFILE
# Rebuilt only when missing or older than this script or busybox (cheap cache).
set -euo pipefail

kver=$1
out=$2
here=$(cd "$(dirname "$0")" && pwd)
# Load order matters: each module depends on the ones before it.
mods="virtio_ring virtio virtio_pci_modern_dev virtio_pci_legacy_dev virtio_pci
      netfs fscache 9pnet 9pnet_virtio 9p"

# Debian's busybox-static installs a static /bin/busybox.
bb=/bin/busybox
if [ ! -x "$bb" ]; then
	echo "mkinitramfs: static busybox missing (install with: make deps)" >&2
	exit 1
fi

if [ -s "$out" ] && [ "$out" -nt "$0" ] && [ "$out" -nt "$bb" ] && [ "$out" -nt "$here/init.stage1" ]; then
	exit 0
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp"/{bin,dev,proc,sys,newroot,lib/mod}
cp "$bb" "$tmp/bin/busybox"
cp "$here/init.stage1" "$tmp/init"
chmod 755 "$tmp/init"

: > "$tmp/modules.list"
for m in $mods; do
	path=$(modinfo -k "$kver" -n "$m" 2>/dev/null || true)
	case "$path" in
	"" | "(builtin)" | builtin*)
		# Built into this kernel (or absent and hopefully built in): nothing to load.
		continue ;;
	esac
	case "$path" in
	*.ko.xz) xz -dc "$path" > "$tmp/lib/mod/$m.ko" ;;
	*.ko.zst) zstd -qdc "$path" > "$tmp/lib/mod/$m.ko" ;;
	*.ko.gz) gzip -dc "$path" > "$tmp/lib/mod/$m.ko" ;;
	*) cp "$path" "$tmp/lib/mod/$m.ko" ;;
	esac
	echo "$m" >> "$tmp/modules.list"
done

mkdir -p "$(dirname "$out")"
# Unique temporary name + rename: concurrent runs never see a half-written file.
part=$(mktemp "$out.XXXXXX")
(cd "$tmp" && find . -print0 | cpio --null -o -H newc --quiet) | gzip -1 > "$part"
chmod 644 "$part"
mv -f "$part" "$out"
