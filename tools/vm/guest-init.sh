#!/bin/bash
# Stage 2 of the nat64 test VM: PID 1 inside the shared (read-only) host root, already
# prepared by init.stage1. Runs the command written by run.sh (or a shell), prints
# "NAT64_VM_EXIT=<status>" for run.sh to parse, and powers off.
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
export HOME=/root LANG=C.UTF-8
export TERM=${TERM:-linux}

results='' repo='' mode=cmd
for arg in $(</proc/cmdline); do
	case "$arg" in
	nat64_vm_results=*) results=${arg#*=} ;;
	nat64_vm_repo=*) repo=${arg#*=} ;;
	nat64_vm_mode=*) mode=${arg#*=} ;;
	esac
done
export NAT64_RESULTS=$results NAT64_REPO=$repo NAT64_IN_VM=1
cd "${repo:-/}" || cd /

if [ "$mode" = shell ]; then
	echo "nat64-vm: interactive shell; exit powers off"
	setsid -c bash -l </dev/ttyS0 >/dev/ttyS0 2>&1
	rc=$?
else
	bash /dev/.nat64/cmd </dev/null
	rc=$?
fi
echo "NAT64_VM_EXIT=$rc"
sync
echo o > /proc/sysrq-trigger
# Wait with a builtin: the 9p root may already be gone, and PID 1 must not exit.
while :; do read -r -t 60 _ <>/dev/ttyS0; done 2>/dev/null
