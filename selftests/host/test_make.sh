#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The README's two commands on a fresh machine: `make demo` and `make check` install
# the 6.1 kernel (deps) and must then boot that kernel, in the same run. A Makefile that
# expands the kernel version while make reads it (before deps ran) boots `uname -r`.
# Runs a copy of the repository in which deps installs a fake kernel into a fake /boot
# and the VM runner only reports which kernel it would boot (NAT64_VM_DRYRUN).
set -u
. "$(dirname "$0")/lib.sh"

export NAT64_BOOT_DIR=$tmp/boot NAT64_MODULES_DIR=$tmp/modules NAT64_VM_DRYRUN=1
unset KVER KDIR
new=6.1.0-99-amd64

# fresh: a machine with no 6.1 kernel at all; deps installs $new, as apt would.
fresh() {
	rm -rf "$tmp/boot" "$tmp/modules"
	mkdir -p "$tmp/boot" "$tmp/modules"
	cat > "$copy/scripts/deps.sh" <<DEPS
#!/bin/sh
mkdir -p "$tmp/modules/$new/kernel" "$tmp/modules/$new/build"
touch "$tmp/boot/vmlinuz-$new" "$tmp/modules/$new/build/Makefile"
DEPS
	chmod +x "$copy/scripts/deps.sh"
}

fresh
check "kver.sh finds no 6.1 kernel before deps" \
	sh -c "! '$copy/tools/vm/kver.sh'"
# MAKE=true: the module build is not what this test is about.
out=$(cd "$copy" && make -s demo MAKE=true 2>&1)
expect_out "make demo on a fresh machine boots the kernel deps installed" \
	"would boot $tmp/boot/vmlinuz-$new" "$out"

fresh
# check.sh gets the version make resolved; a stand-in reports it.
cp "$copy/scripts/check.sh" "$tmp/check.sh.real"
printf '#!/bin/sh\necho "check.sh KVER=$KVER"\n' > "$copy/scripts/check.sh"
out=$(cd "$copy" && make -s check 2>&1)
cp "$tmp/check.sh.real" "$copy/scripts/check.sh"
expect_out "make check on a fresh machine builds and boots the kernel deps installed" \
	"check.sh KVER=$new\$" "$out"

# A version on the command line still wins.
old=6.1.0-98-amd64
mkdir -p "$tmp/modules/$old/kernel"
touch "$tmp/boot/vmlinuz-$old"
out=$(cd "$copy" && make -s demo MAKE=true KVER=$old 2>&1)
expect_out "make demo KVER=... boots that kernel" "would boot $tmp/boot/vmlinuz-$old" "$out"

# A newer kernel beside it (Debian 12's 6.12) is not a 6.1 one, though its name starts so.
mkdir -p "$tmp/modules/6.12.118+deb12-amd64/kernel" "$tmp/modules/6.12.118+deb12-amd64/build"
touch "$tmp/boot/vmlinuz-6.12.118+deb12-amd64" "$tmp/modules/6.12.118+deb12-amd64/build/Makefile"
check "kver.sh picks 6.1 beside an installed 6.12" \
	test "$("$copy/tools/vm/kver.sh")" = "$new"

# Without a 6.1 kernel and without deps installing one, the error says what to do.
rm -rf "$tmp/boot" "$tmp/modules"
mkdir -p "$tmp/boot" "$tmp/modules"
printf '#!/bin/sh\ntrue\n' > "$copy/scripts/deps.sh"
out=$(cd "$copy" && make -s demo MAKE=true 2>&1)
expect_out "no 6.1 kernel: run.sh says how to install one" "install with: make deps" "$out"
ktap_finish
