#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# nat64ctl / netlink control plane: every command, its validation errors and
# the exit statuses. Runs as root in a VM (tools/vm/run.sh); loads nat64.ko
# from $NAT64_KO (default: ./nat64.ko) unless the module is already loaded.
# Each check prints "ok N desc" / "not ok N desc"; ends with "N passed, N failed".
set -u

cd "$(dirname "$0")/.." || exit 1
CTL=${NAT64CTL:-./userspace-ctl/nat64ctl}
KO=${NAT64_KO:-./nat64.ko}
NS=nat64ctl_t$$
n=0 pass=0 fail=0
out=$(mktemp) err=$(mktemp)

ok() { n=$((n + 1)); pass=$((pass + 1)); echo "ok $n $1"; }
nok() { n=$((n + 1)); fail=$((fail + 1)); echo "not ok $n $1"; sed 's/^/#   /' "$out" "$err"; }

# t DESC EXPECTED_RC [GREP_STDERR] -- ARGS...: run nat64ctl in the test netns.
t() {
	local desc=$1 want=$2 pat= rc
	shift 2
	if [ "$1" != -- ]; then pat=$1; shift; fi
	shift
	"$CTL" -n "$NS" "$@" >"$out" 2>"$err"
	rc=$?
	if [ "$rc" != "$want" ]; then
		nok "$desc (rc $rc, want $want)"
	elif [ -n "$pat" ] && ! grep -q -- "$pat" "$err"; then
		nok "$desc (stderr lacks \"$pat\")"
	else
		ok "$desc"
	fi
}

# o DESC PATTERN -- ARGS...: stdout must match the (extended) pattern.
o() {
	local desc=$1 pat=$2
	shift 3
	if "$CTL" -n "$NS" "$@" >"$out" 2>"$err" && grep -q -E -- "$pat" "$out"; then
		ok "$desc"
	else
		nok "$desc"
	fi
}

# j DESC PYEXPR -- ARGS...: stdout must be JSON for which PYEXPR (on d) is true.
j() {
	local desc=$1 expr=$2
	shift 3
	if "$CTL" -n "$NS" "$@" >"$out" 2>"$err" &&
	   python3 -c "import json,sys; d=json.load(open(sys.argv[1])); sys.exit(0 if ($expr) else 1)" "$out"; then
		ok "$desc"
	else
		nok "$desc"
	fi
}

cleanup() { ip netns del "$NS" 2>/dev/null; rm -f "$out" "$err"; }
trap cleanup EXIT

if ! grep -q '^nat64 ' /proc/modules 2>/dev/null; then
	if "$CTL" prefix show >"$out" 2>"$err"; then
		nok "module not loaded is reported"
	elif [ $? = 2 ] && grep -q "nat64 module not loaded (insmod nat64.ko)" "$err"; then
		ok "module not loaded is reported"
	else
		nok "module not loaded is reported"
	fi
	modprobe nf_defrag_ipv6 2>/dev/null
	insmod "$KO" || { echo "not ok 1 insmod $KO"; echo "0 passed, 1 failed"; exit 1; }
fi
ip netns add "$NS"

t "usage: unknown object" 1 'unknown object "bogus"; valid: instance' -- bogus
t "usage: abbreviations are refused" 1 'unknown prefix command "sh"' -- prefix sh
t "usage: bad prefix syntax" 1 "invalid IPv6 prefix" -- prefix add 64:ff9b::/129
t "usage: bad setting value" 1 'valid: copy, 0..255' -- settings set tos 256
t "no instance yet" 2 "no nat64 instance in this network namespace" -- prefix show
t "instance add" 0 -- instance add
t "instance add twice" 2 "already has a nat64 instance" -- instance add
o "instance show" '^mode siit enabled on prefixes 0 eam 0 pool6791 0 deny 0$' -- instance show

# RFC 6052 prefixes
t "prefix add wkp" 0 -- prefix add 64:ff9b::/96
t "prefix duplicate" 2 "already exists" -- prefix add 64:ff9b::/96
t "prefix overlap" 2 "overlaps" -- prefix add 64:ff9b::/64
t "prefix bad length" 2 "32, 40, 48, 56, 64 or 96" -- prefix add 2001:db8::/95
t "prefix host bits" 2 "not canonical" -- prefix add 2001:db8::1/96
t "prefix multicast" 2 "multicast" -- prefix add ff0e::/96
t "prefix link-local" 2 "link-local" -- prefix add fe80::/64
t "prefix v4-mapped" 2 "IPv4-mapped" -- prefix add ::ffff:0:0/96
t "prefix add second" 0 -- prefix add 2001:db8:100::/40
o "prefix show" '^2001:db8:100::/40$' -- prefix show
j "prefix show -j" 'd == [{"prefix": "64:ff9b::/96"}, {"prefix": "2001:db8:100::/40"}]' -- -j prefix show
t "prefix del" 0 -- prefix del 2001:db8:100::/40
t "prefix del missing" 2 "not found" -- prefix del 2001:db8:100::/40
for i in $(seq 1 15); do "$CTL" -n "$NS" prefix add "2001:db8:$i::/48" || break; done
t "prefix limit" 2 "too many prefixes" -- prefix add 2001:db8:ff::/48
t "prefix flush" 0 -- prefix flush
j "prefix flushed" 'd == []' -- -j prefix show

# EAM
t "eam add" 0 -- eam add 2001:db8::/120 192.0.2.0/24
t "eam add host" 0 -- eam add 2001:db8:1::10 198.51.100.10
t "eam size mismatch" 2 "suffix lengths differ" -- eam add 2001:db8:2::/120 203.0.113.0/25
# RFC 7757: overlapping entries are legal (longest match wins); equal prefixes are not.
t "eam overlap allowed" 0 -- eam add 2001:db8::80/121 203.0.113.0/25
t "eam overlap del" 0 -- eam del 2001:db8::80/121
t "eam same v6 prefix" 2 "IPv6 prefix already exists" -- eam add 2001:db8::/120 203.0.113.0/24
t "eam same v4 prefix" 2 "IPv4 prefix already exists" -- eam add 2001:db8:3::/120 192.0.2.0/24
t "eam duplicate" 2 "already exists" -- eam add 2001:db8::/120 192.0.2.0/24
t "eam missing arg" 1 "missing IPv4 prefix" -- eam add 2001:db8:4::/120
o "eam show" '^2001:db8::/120 192.0.2.0/24$' -- eam show
j "eam show -j" 'len(d) == 2 and {"ipv6": "2001:db8:1::10/128", "ipv4": "198.51.100.10/32"} in d' -- -j eam show
t "eam del by v4" 0 -- eam del 198.51.100.10
t "eam del by v6" 0 -- eam del 2001:db8::/120
t "eam del missing" 2 "not found" -- eam del 2001:db8::/120
# Many entries: the dump must page over several messages.
bad=0
for i in $(seq 0 599); do
	"$CTL" -n "$NS" eam add "$(printf '2001:db8:e::%x' "$i")" "10.$((i / 250 + 1)).$((i % 250)).1" ||
		bad=$((bad + 1))
done
if [ "$bad" = 0 ]; then ok "eam bulk add (600)"; else nok "eam bulk add ($bad failed)"; fi
j "eam dump pages through 600 entries" 'len(d) == 600 and len(set(e["ipv4"] for e in d)) == 600' -- -j eam show
t "eam flush" 0 -- eam flush
o "instance counts after flush" 'eam 0 ' -- instance show

# pool6791 and deny
t "pool6791 add" 0 -- pool6791 add 192.0.2.254
t "pool6791 overlap" 2 "overlaps" -- pool6791 add 192.0.2.0/24
t "pool6791 special" 2 "special" -- pool6791 add 224.0.0.1
t "pool6791 host bits" 2 "not canonical" -- pool6791 add 198.51.100.1/24
j "pool6791 show -j" 'd == [{"prefix": "192.0.2.254/32"}]' -- -j pool6791 show
t "pool6791 del" 0 -- pool6791 del 192.0.2.254/32
t "deny add" 0 -- deny add 10.0.0.0/8
t "deny duplicate" 2 "already exists" -- deny add 10.0.0.0/8
o "deny show" '^10.0.0.0/8$' -- deny show
t "deny flush" 0 -- deny flush
t "deny del missing" 2 "not found" -- deny del 10.0.0.0/8

# settings
j "settings defaults" 'd == {"tos": "copy", "traffic-class": "copy", "udp-zero-csum": "compute", "lowest-ipv6-mtu": 1280, "enabled": True}' -- -j settings show
t "settings set" 0 -- settings set tos 32 traffic-class 0 udp-zero-csum drop lowest-ipv6-mtu 1400 enabled off
j "settings changed" 'd == {"tos": 32, "traffic-class": 0, "udp-zero-csum": "drop", "lowest-ipv6-mtu": 1400, "enabled": False}' -- -j settings show
o "settings show plain" '^lowest-ipv6-mtu 1400$' -- settings show
t "settings set copy" 0 -- settings set tos copy enabled on
o "settings tos copy" '^tos copy$' -- settings show
t "settings mtu range" 1 "1280..65535" -- settings set lowest-ipv6-mtu 1279
t "settings missing value" 1 'missing value for "tos"' -- settings set tos

# stats
t "stats reset" 0 -- stats reset
if "$CTL" -n "$NS" stats show >"$out" 2>"$err" && ! grep -q -E ' 0$' "$out"; then
	ok "stats hides zeros"
else
	nok "stats hides zeros"
fi
o "stats -s shows all" '^drop_bad_checksum +0$' -- -s stats show
j "stats -s -j" 'd["rx6"] == 0 and len(d) > 30' -- -s -j stats show

# permissions: reads are open, changes need CAP_NET_ADMIN
if command -v setpriv >/dev/null; then
	drop="setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all --bounding-set=-all"
	if ip netns exec "$NS" $drop "$CTL" prefix show >"$out" 2>"$err"; then
		ok "unprivileged read"
	else
		nok "unprivileged read"
	fi
	ip netns exec "$NS" $drop "$CTL" prefix add 64:ff9b::/96 >"$out" 2>"$err"
	if [ $? = 2 ] && grep -q "not permitted" "$err"; then
		ok "unprivileged change refused"
	else
		nok "unprivileged change refused"
	fi
	# Mapping events say who held which IPv4 port: not for every local user. timeout:
	# a monitor that joined would wait for an event.
	ip netns exec "$NS" $drop timeout 10 "$CTL" monitor count 1 >"$out" 2>"$err"
	if [ $? = 2 ] && grep -q "CAP_NET_ADMIN" "$err"; then
		ok "unprivileged monitor refused"
	else
		nok "unprivileged monitor refused"
	fi
fi

t "instance del" 0 -- instance del
t "instance del twice" 2 "no nat64 instance" -- instance del

echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
