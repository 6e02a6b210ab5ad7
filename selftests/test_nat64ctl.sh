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

# run_t DESC EXPECTED_RC GREP_STDERR CMD...: CMD's status must be EXPECTED_RC and
# its stderr must contain GREP_STDERR (a basic regex; empty: anything).
run_t() {
	local desc=$1 want=$2 pat=$3 rc
	shift 3
	"$@" >"$out" 2>"$err"
	rc=$?
	if [ "$rc" != "$want" ]; then
		nok "$desc (rc $rc, want $want)"
	elif [ -n "$pat" ] && ! grep -q -- "$pat" "$err"; then
		nok "$desc (stderr lacks \"$pat\")"
	else
		ok "$desc"
	fi
}

# t DESC EXPECTED_RC [GREP_STDERR] -- ARGS...: run nat64ctl in the test netns.
t() {
	local desc=$1 want=$2 pat=
	shift 2
	if [ "$1" != -- ]; then pat=$1; shift; fi
	shift
	run_t "$desc" "$want" "$pat" "$CTL" -n "$NS" "$@"
}

# tn DESC EXPECTED_RC [GREP_STDERR] -- ARGS...: t without the leading "-n NS" (ARGS
# place the options themselves).
tn() {
	local desc=$1 want=$2 pat=
	shift 2
	if [ "$1" != -- ]; then pat=$1; shift; fi
	shift
	run_t "$desc" "$want" "$pat" "$CTL" "$@"
}

# tx DESC EXPECTED_RC EXPECTED_STDERR -- ARGS...: stderr must be exactly
# EXPECTED_STDERR (one line), the messages the man page quotes.
tx() {
	local desc=$1 want=$2 msg=$3 rc
	shift 4
	"$CTL" -n "$NS" "$@" >"$out" 2>"$err"
	rc=$?
	if [ "$rc" != "$want" ]; then
		nok "$desc (rc $rc, want $want)"
	elif [ "$(cat "$err")" != "$msg" ]; then
		nok "$desc (stderr is not: $msg)"
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

NS2=nat64ctl_m$$	# the man page's examples: an address and a TCP listener
pids=
cleanup() {
	local p
	for p in $pids; do kill "$p" 2>/dev/null; done
	ip netns del "$NS" 2>/dev/null
	ip netns del "$NS2" 2>/dev/null
	rm -f "$out" "$err"
}
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
# Unique prefixes of words are accepted (below); a prefix of several is refused.
t "usage: ambiguous object names the candidates" 1 \
	'ambiguous object "s"; could be: settings, stats, session' -- s sh
t "usage: ambiguous command names the candidates" 1 \
	'ambiguous settings command "s"; could be: show, set' -- settings s
t "usage: unknown command lists aliases" 1 \
	'unknown prefix command "x"; valid: add, del (delete), show (list), flush' -- prefix x
t "usage: unknown option" 1 'unknown option -x' -- instance show -x
t "usage: -1 before the object is an unknown option" 1 'unknown option -1' -- -1 instance
# After the object "-1" is an argument, which its command explains.
t "usage: -1 after the object is an argument" 1 'port -1 out of range (1-65535)' -- \
	pool4 add 198.51.100.1 tcp -1
t "usage: port out of range" 1 'port 70000 out of range (1-65535)' -- \
	pool4 add 198.51.100.1 tcp 70000
t "usage: range out of range" 1 'port 0 out of range (1-65535) in "0-10"' -- \
	pool4 add 198.51.100.1 udp 0-10
t "usage: bib port out of range" 1 'port 70000 out of range (0-65535) in "\[2001:db8::1\]:70000"' -- \
	bib add tcp [2001:db8::1]:70000
t "usage: number too large" 1 'invalid value "4294967296" for max-bib: number too large (max 4294967295)' -- \
	settings set max-bib 4294967296
t "usage: number too small" 1 'invalid value "1279" for lowest-ipv6-mtu: number too small (min 1280)' -- \
	settings set lowest-ipv6-mtu 1279
t "usage: not a number" 1 'invalid value "x1" for udp-timeout: not a number' -- \
	settings set udp-timeout x1
t "usage: force is written in full" 1 'write "force" in full' -- pool4 add 198.51.100.1 tcp 1-2 fo
t "usage: implied /128 explained for an RFC 6052 prefix" 1 \
	'2001:db8:64:: means 2001:db8:64::/128; RFC 6052 prefixes are /32, /40, /48, /56, /64 or /96' -- \
	prefix add 2001:db8:64::
t "usage: implied /128 explained for an EAM" 1 \
	"2001:db8:: means 2001:db8::/128; an EAM's IPv6 side needs as many suffix bits as its IPv4 side: 2001:db8::/120 (or shorter) for 192.0.2.0/24" -- \
	eam add 2001:db8:: 192.0.2.0/24
o "help: OBJECT help prints its usage" '^  pool4    add PREFIX4\[/LEN\] \[tcp\|udp\|icmp\] \[PORT\|MIN-MAX\] \[force\]$' -- pool4 help
# only_usage DESC OBJECT ARGS...: nat64ctl ARGS prints OBJECT's usage and no other's.
only_usage() {
	local desc=$1 obj=$2
	shift 2
	if "$CTL" "$@" >"$out" 2>"$err" && grep -q "^  $obj " "$out" &&
	   ! grep -v "^  $obj " "$out" | grep -q -E '^  [a-z0-9]+ +(add|show|set|\[count)'; then
		ok "$desc"
	else
		nok "$desc"
	fi
}
only_usage "help: OBJECT help is that object's only" pool4 pool4 help
only_usage "help: -h after the object" bib bib add -h
only_usage "help: help OBJECT" session help session
only_usage "help: OBJECT h (a prefix of help)" monitor monitor h
o "help: global help stays" '^  monitor  \[count N\]' -- help
t "usage: bad prefix syntax" 1 "invalid IPv6 prefix" -- prefix add 64:ff9b::/129
t "usage: bad setting value" 1 'valid: copy, 0..255' -- settings set tos 256
t "no instance yet" 2 "no nat64 instance in this network namespace" -- prefix show
t "instance add" 0 -- instance add
t "instance add twice" 2 "already has a nat64 instance" -- instance add
o "instance show" '^mode siit enabled on prefixes 0 eam 0 pool6791 0 deny 0$' -- instance show
o "abbreviated: inst sh" '^mode siit enabled on prefixes 0 eam 0 pool6791 0 deny 0$' -- inst sh
o "alias: instance list" '^mode siit enabled on prefixes 0 eam 0 pool6791 0 deny 0$' -- instance list
j "option after the object: instance show -j" 'd["mode"] == "siit"' -- instance show -j
if "$CTL" instance show -n "$NS" --js >"$out" 2>"$err" &&
   python3 -c 'import json,sys; sys.exit(0 if json.load(open(sys.argv[1]))["mode"] == "siit" else 1)' "$out"; then
	ok "options after the object: -n NS --js"
else
	nok "options after the object: -n NS --js"
fi
t "-- ends the options" 1 'unexpected argument "-j"' -- instance show -- -j

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
t "abbreviated: pre a" 0 -- pre a 2001:db8:200::/40
o "alias: prefix list" '^2001:db8:200::/40$' -- prefix list
t "alias: prefix delete" 0 -- prefix delete 2001:db8:200::/40
t "abbreviated: prefix de (del or delete)" 2 "not found" -- prefix de 2001:db8:200::/40
for i in $(seq 1 15); do "$CTL" -n "$NS" prefix add "2001:db8:$i::/48" || break; done
t "prefix limit" 2 "too many prefixes" -- prefix add 2001:db8:ff::/48
t "prefix flush" 0 -- prefix flush
j "prefix flushed" 'd == []' -- -j prefix show

# EAM
t "eam add" 0 -- eam add 2001:db8::/120 192.0.2.0/24
t "eam add host" 0 -- eam add 2001:db8:1::10 198.51.100.10
# RFC 7757 3.2: the IPv6 suffix may be longer than the IPv4 one, never shorter.
t "eam IPv6 suffix shorter than IPv4 refused" 2 \
	'EAM IPv6 prefix too long for its IPv4 prefix: 128 - IPv6 len must be >= 32 - IPv4 len (RFC 7757 3.2); shorten the IPv6 prefix or lengthen the IPv4 one' -- \
	eam add 2001:db8:2::/120 203.0.112.0/23
t "eam IPv6 suffix shorter by one bit refused" 2 "RFC 7757 3.2" -- eam add 2001:db8:2::/121 203.0.113.0/24
j "eam refused entries not added" 'len(d) == 2' -- -j eam show
t "eam IPv6 suffix longer accepted (/72 <-> /24)" 0 -- eam add 2001:db8:1c6:3364::/72 198.51.100.0/24
o "eam show: the /72 <-> /24 entry" '^2001:db8:1c6:3364::/72 198\.51\.100\.0/24$' -- eam show
j "eam show -j: the /72 <-> /24 entry" \
	'{"ipv6": "2001:db8:1c6:3364::/72", "ipv4": "198.51.100.0/24"} in d' -- -j eam show
t "eam del /72 by v6" 0 -- eam del 2001:db8:1c6:3364::/72
t "eam /64 <-> /32 accepted" 0 -- eam add 2001:db8:9:9::/64 198.51.100.9/32
t "eam del /64" 0 -- eam del 198.51.100.9/32
tx "eam bare IPv4 address under a prefix: accepted with a note" 0 \
	'nat64ctl: note: 198.51.100.9 means 198.51.100.9/32; all of 2001:db8:9:9::/64 maps to that one address' -- \
	eam add 2001:db8:9:9::/64 198.51.100.9
o "eam show: /64 <-> /32" '^2001:db8:9:9::/64 198\.51\.100\.9/32$' -- eam show
t "eam del /64 again" 0 -- eam del 2001:db8:9:9::/64
t "eam bare addresses: no note" 0 -- eam add 2001:db8:9::9 198.51.100.9
if [ -s "$err" ]; then nok "eam bare addresses: stderr empty"; else ok "eam bare addresses: stderr empty"; fi
t "eam del bare" 0 -- eam del 2001:db8:9::9
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
t "eam add /24" 0 -- eam add 2001:db8:5::/120 203.0.113.0/24
t "eam del of a bare address says /32 was implied" 2 \
	'note: 203.0.113.0 means 203.0.113.0/32 (no /LEN given)' -- eam delete 203.0.113.0
t "eam del /24" 0 -- eam del 203.0.113.0/24
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
j "settings defaults" 'd == {"tos": "copy", "traffic-class": "copy", "udp-zero-csum": "compute", "lowest-ipv6-mtu": 1280, "enabled": True, "local-translation": False, "pool6791-fallback": "own-address", "pool6791v6": "none", "eam-hairpin": "intrinsic"}' -- -j settings show
t "settings set" 0 -- settings set tos 32 traffic-class 0 udp-zero-csum drop lowest-ipv6-mtu 1400 enabled off
j "settings changed" 'd == {"tos": 32, "traffic-class": 0, "udp-zero-csum": "drop", "lowest-ipv6-mtu": 1400, "enabled": False, "local-translation": False, "pool6791-fallback": "own-address", "pool6791v6": "none", "eam-hairpin": "intrinsic"}' -- -j settings show
o "settings show plain" '^lowest-ipv6-mtu 1400$' -- settings show
t "settings set copy" 0 -- settings set tos copy enabled on
o "settings tos copy" '^tos copy$' -- settings show
t "settings mtu range" 1 "1280..65535" -- settings set lowest-ipv6-mtu 1279
t "settings missing value" 1 'missing value for "tos"' -- settings set tos
t "pool6791v6 set" 0 -- settings set pool6791v6 64:ff9b:1::/48 pool6791-fallback drop
o "pool6791v6 shown" '^pool6791v6 64:ff9b:1::/48$' -- settings show
o "pool6791-fallback shown" '^pool6791-fallback drop$' -- settings show
t "pool6791v6 length 33 refused by the kernel" 2 'pool6791v6: an RFC 6052 prefix is needed: length 32, 40, 48, 56, 64 or 96' -- settings set pool6791v6 2001:db8::/33
t "pool6791v6 host bits refused" 2 'no bits set after it' -- settings set pool6791v6 2001:db8::1/96
t "pool6791v6 without a length refused" 1 'expected an IPv6 prefix ADDR/LEN' -- settings set pool6791v6 2001:db8::
t "pool6791-fallback bad word" 1 'own-address' -- settings set pool6791-fallback maybe
t "pool6791v6 none" 0 -- settings set pool6791v6 none pool6791-fallback own-address
o "pool6791v6 cleared" '^pool6791v6 none$' -- settings show
t "eam-hairpin simple" 0 -- settings set eam-hairpin simple
o "eam-hairpin shown" '^eam-hairpin simple$' -- settings show
t "eam-hairpin bad word" 1 'off, simple, intrinsic' -- settings set eam-hairpin on
t "eam-hairpin back to intrinsic" 0 -- settings set eam-hairpin intrinsic
t "abbreviated: sett set en of" 0 -- sett set en of
j "abbreviated setting applied" 'd["enabled"] == False' -- -j settings show
t "abbreviated: tos c" 0 -- settings set tos c en on
t "ambiguous value names the candidates" 1 'ambiguous enabled value "o"; could be: off, on' -- \
	settings set enabled o
# The kernel refuses the second key's value: the error names that key.
tx "kernel error names the key" 2 'Error: tcp-est-timeout: integer out of range (valid: 7440..604800)' -- \
	settings set udp-timeout 600 tcp-est-timeout 60

# stats
t "stats reset" 0 -- stats reset
if "$CTL" -n "$NS" stats show >"$out" 2>"$err" && ! grep -q -E ' 0$' "$out"; then
	ok "stats hides zeros"
else
	nok "stats hides zeros"
fi
o "stats -s shows all" '^drop_bad_checksum +0$' -- -s stats show
j "stats -s -j" 'd["rx6"] == 0 and len(d) > 30' -- -s -j stats show
o "stats show -a shows all" '^drop_bad_checksum +0$' -- stats show -a
j "stats show -a -j" 'd["rx6"] == 0 and len(d) > 30' -- stats show -a -j
j "stats show -j hides zeros" 'd == {}' -- stats show -j
# -a groups: general, tcp, udp, icmp, drop; a counter sits under the word its name holds.
if "$CTL" -n "$NS" stats show -a >"$out" 2>"$err" && python3 - "$out" <<'PY'
import re, sys
heads, group = [], None
for line in open(sys.argv[1]):
    line = line.strip()
    if not line:
        continue
    if line.endswith(":"):
        group = line[:-1]
        heads.append(group)
        continue
    name = line.split()[0]
    words = name.split("_")
    want = next((w for w in ("tcp", "udp", "icmp") if w in words), None)
    want = want or ("drop" if name.startswith("drop_") else "general")
    if group != want:
        sys.exit("%s under %s, not %s" % (name, group, want))
sys.exit(0 if heads == ["general", "tcp", "udp", "icmp", "drop"] else "headings %r" % heads)
PY
then
	ok "stats show -a is grouped"
else
	nok "stats show -a is grouped"
fi

# permissions: reads are open, changes need CAP_NET_ADMIN
drop="setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all --bounding-set=-all"
if command -v setpriv >/dev/null; then
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
	if grep -q "; needs CAP_NET_ADMIN in this network namespace (run as root)$" "$err"; then
		ok "EPERM says what is needed"
	else
		nok "EPERM says what is needed"
	fi
	# BIB, session and host-flow dumps say who talks to whom: admins only.
	for obj in bib session hostflow; do
		ip netns exec "$NS" $drop "$CTL" $obj show >"$out" 2>"$err"
		if [ $? = 2 ] && grep -q "not permitted; needs CAP_NET_ADMIN" "$err"; then
			ok "unprivileged $obj show refused (EPERM)"
		else
			nok "unprivileged $obj show refused (EPERM)"
			sed 's/^/#   /' "$err"
		fi
	done
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

# ---- stateful: abbreviations, single ports, pool4 safety
t "abbreviated: inst a mo nat" 0 -- inst a mo nat
o "instance is nat64" '^mode nat64 ' -- instance show
# 198.51.100.0/24 is no address of this namespace: nothing to protect.
t "pool4 on a foreign address: every port" 0 -- pool4 a 198.51.100.1 t 1-65535
t "pool4 single port" 0 -- pool4 add 198.51.100.2 udp 5000
o "pool4 single port shown as a range" '^198.51.100.2/32 udp 5000-5000$' -- pool4 list
o "bib add with a single port" '^tcp \[2001:db8::5\]:80 198.51.100.1:8080 requested permanent' -- \
	bib add tcp [2001:db8::5]:80 to 198.51.100.1/32 8080
t "alias: bib delete" 0 -- bib delete tcp 198.51.100.1:8080
t "alias: pool4 delete" 0 -- pool4 delete 198.51.100.2 udp 5000

# Two addresses of this namespace and three sockets: TCP on 0.0.0.0:22 and on
# [::]:62000 (dual-stack: takes IPv4 too), UDP bound to 192.0.2.1:62001.
ip -n "$NS" link add dummy0 type dummy && ip -n "$NS" link set dummy0 up &&
	ip -n "$NS" addr add 192.0.2.1/24 dev dummy0 && ip -n "$NS" addr add 192.0.2.3/24 dev dummy0
ip netns exec "$NS" python3 -c '
import socket, time
t = socket.socket(); t.bind(("0.0.0.0", 22)); t.listen()
d = socket.socket(socket.AF_INET6); d.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 0)
d.bind(("::", 62000)); d.listen()
v = socket.socket(socket.AF_INET6); v.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1)
v.bind(("::", 62002)); v.listen()
u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); u.bind(("192.0.2.1", 62001))
time.sleep(600)' &
pids="$pids $!"
for _ in $(seq 50); do
	ip netns exec "$NS" ss -Hlnu 'sport = :62001' 2>/dev/null | grep -q . && break
	sleep 0.1
done
t "pool4 refused: own address, ephemeral ports" 1 \
	'192.0.2.1 is this host.s address and the range covers its ephemeral ports 32768-60999; choose a range outside them (e.g. 62001-65535) or add "force"' -- \
	pool4 add 192.0.2.1 tcp 40000-40010
t "pool4 refused: dual-stack listener on ::" 1 \
	'the range covers its listening ports 62000/tcp; choose' -- pool4 add 192.0.2.1 tcp 61000-65535
t "pool4 refused: bound UDP socket" 1 'the range covers its listening ports 62001/udp; choose' -- \
	pool4 add 192.0.2.1 udp 62001
t "pool4 refused: both protocols, a prefix" 1 \
	'192.0.2.1 and 192.0.2.3 are this host.s addresses and the range covers its ephemeral ports 32768-60999 and listening ports 22/tcp, 62000/tcp, 62001/udp' -- \
	pool4 add 192.0.2.0/24 1-65535
t "pool4 accepted: clear of ephemeral and listening ports" 0 -- pool4 add 192.0.2.1 tcp 62001-65535
t "pool4 accepted with force" 0 -- pool4 add 192.0.2.1 udp 1-65535 force
o "pool4 forced entry" '^192.0.2.1/32 udp 1-65535$' -- pool4 show
# No range: the kernel picks the ports above the ephemeral range; listeners there warn.
t "pool4 without a range warns about listeners in the default" 0 \
	'warning: pool4 add 192.0.2.3 tcp: 192.0.2.3 is this host.s address and the default range 61000-65535 covers its listening ports 62000/tcp' -- \
	pool4 add 192.0.2.3 tcp
if grep -q 'nat64_local4_free_ports' kmod/netlink_pool4.c 2>/dev/null; then
	o "kernel default above the ephemeral range" '^192.0.2.3/32 tcp 61000-65535$' -- pool4 show
	t "kernel warning on success printed, exit 0" 0 '^Warning: .*holds an address of this host' -- \
		pool4 add 192.0.2.3 udp
else
	echo "ok $((n + 1)) kernel default above the ephemeral range # SKIP kernel side not landed"
	n=$((n + 1))
fi
t "pool4 flush" 0 -- pool4 flush
# An IPV6_V6ONLY listener takes no IPv4 port.
t "pool4 accepted: v6only listener ignored" 0 -- pool4 add 192.0.2.3 tcp 62002
t "pool4 flush" 0 -- pool4 flush
t "nat64 instance del" 0 -- instance del

# ---- the man page's "Typical errors", verbatim: "#" as root, "$" unprivileged.
ip netns add "$NS2"
ip -n "$NS2" link add dummy0 type dummy && ip -n "$NS2" link set dummy0 up &&
	ip -n "$NS2" addr add 192.0.2.1/24 dev dummy0
ip netns exec "$NS2" python3 -c '
import socket, time
t = socket.socket(); t.bind(("0.0.0.0", 22)); t.listen(); time.sleep(600)' &
pids="$pids $!"
for _ in $(seq 50); do
	ip netns exec "$NS2" ss -Hltn 'sport = :22' 2>/dev/null | grep -q . && break
	sleep 0.1
done
"$CTL" -n "$NS2" instance add
man_cmd= man_want= man_n=0
man_check() {
	local got cmd=${man_cmd#? nat64ctl }
	[ -n "$man_cmd" ] || return
	man_n=$((man_n + 1))
	# shellcheck disable=SC2086 # the example's words
	if [ "${man_cmd:0:1}" = '$' ] && ! command -v setpriv >/dev/null; then
		echo "ok $((n + 1)) man page: $man_cmd # SKIP no setpriv"
		n=$((n + 1))
		return
	elif [ "${man_cmd:0:1}" = '$' ]; then
		got=$(ip netns exec "$NS2" $drop "$CTL" $cmd 2>&1 >/dev/null)
	else
		got=$(ip netns exec "$NS2" "$CTL" $cmd 2>&1 >/dev/null)
	fi
	if [ "$got" = "$man_want" ]; then
		ok "man page: $man_cmd"
	else
		nok "man page: $man_cmd"
		echo "#   man page: $man_want"
		echo "#   printed:  $got"
	fi
}
while IFS= read -r line; do
	case $line in
	'# nat64ctl '* | '$ nat64ctl '*)
		man_check
		man_cmd=$line man_want= ;;
	*)
		man_want=${man_want:+$man_want$'\n'}$line ;;
	esac
done < <(sed -n '/^Typical errors/,/^\.fi/p' userspace-ctl/nat64ctl.8 | sed -n '/^\.RS/,/^\.RE/p' | grep -v '^\.')
man_check
if [ "$man_n" -ge 8 ]; then ok "man page: $man_n examples checked"; else nok "man page: only $man_n examples found"; fi

# Counters with traffic: locally generated IPv6 to the prefix, from a source an
# EAM maps, goes through the translator (POSTROUTING, local-translation on);
# non-zero counters are grouped, zeros hidden.
"$CTL" -n "$NS2" settings set local-translation on
"$CTL" -n "$NS2" prefix add 2001:db8:64::/96 2>/dev/null
"$CTL" -n "$NS2" eam add 2001:db8:6::1 198.51.100.1
ip -n "$NS2" -6 addr add 2001:db8:6::1/64 dev dummy0 nodad
ip -n "$NS2" -6 route add 2001:db8:64::/96 dev dummy0
ip netns exec "$NS2" ping -6 -c 1 -W 1 2001:db8:64::c000:202 >/dev/null 2>&1
if "$CTL" -n "$NS2" stats show >"$out" 2>"$err" && head -1 "$out" | grep -q '^general:$' &&
   grep -q -E '^rx6 +[1-9]' "$out" && ! grep -q -E ' 0$' "$out"; then
	ok "stats show: non-zero counters, grouped"
else
	nok "stats show: non-zero counters, grouped"
fi

# A message on a successful request is a warning (kernel side: prefix add of the
# well-known prefix where the host has non-global IPv4 addresses).
if grep -rq 'the well-known prefix 64:ff9b::/96 does not' kmod/*.c 2>/dev/null; then
	tn "kernel warning on success: printed, exit 0" 0 '^Warning: .*well-known prefix 64:ff9b::/96 does not' -- \
		-n "$NS2" prefix add 64:ff9b::/96
else
	echo "ok $((n + 1)) kernel warning on success # SKIP kernel side not landed"
	n=$((n + 1))
fi

echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
