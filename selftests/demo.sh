#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# `make demo`: the three-host topology of lib.sh, nat64.ko in the gateway translating
# statelessly (SIIT, RFC 7915: an RFC 6052 prefix for the server, an explicit address
# mapping for the client), an IPv6-only client fetching a page from an IPv4-only nginx
# and pinging it through the translator. Stateful NAT64 (pool4, sessions) is shown in
# Documentation/stateful.rst. Runs inside the test VM (tools/vm/run.sh -- selftests/demo.sh).
. "$(dirname "$0")/lib.sh"

WWW=/tmp/nat64-demo-$$
URL="http://[$SRV6]/"

# show "desc" cmd...: print the command and its output, record ok/not ok.
show() {
	local desc=$1 rc
	shift
	local line="$*"
	line=${line//in_cli /ip netns exec $CLI }
	line=${line//in_gw /ip netns exec $GW }
	line=${line//in_srv /ip netns exec $SRV }
	echo "\$ ${line//$NAT64CTL/nat64ctl}"
	"$@" 2>&1 | sed 's/^/  /'
	rc=${PIPESTATUS[0]}
	if [ "$rc" -eq 0 ]; then ktap_ok "$desc"; else ktap_fail "$desc (exit $rc)"; fi
	return "$rc"
}

echo "# client $CLI6 (IPv6 only) -- gateway (nat64.ko, SIIT) -- server $SRV4 (IPv4 only)"
echo "# stateless translation (RFC 7915): the client reaches the server as $SRV6"
echo "# (prefix $PREFIX6), the server sees the client as $CLI_EAM4 (EAM)"
topo_setup || { ktap_fail "build the topology"; ktap_finish; }
ktap_ok "build the topology: netns $CLI, $GW, $SRV"

show "load nat64.ko" gw_load_module || ktap_finish
for cmd in "instance add" "prefix add $PREFIX6" "eam add $EAM6 $EAM4" \
	   "pool6791 add $POOL6791"; do
	# shellcheck disable=SC2086
	show "nat64ctl $cmd" in_gw "$NAT64CTL" $cmd
done

mkdir -p "$WWW/www"
echo "Hello from the IPv4-only server $SRV4, reached through IPv6/IPv4 translation." > "$WWW/www/index.html"
cat > "$WWW/nginx.conf" <<CONF
user root;
worker_processes 1;
pid $WWW/nginx.pid;
error_log $WWW/error.log;
events { worker_connections 64; }
http {
	access_log $WWW/access.log;
	client_body_temp_path $WWW/body;
	proxy_temp_path $WWW/proxy;
	fastcgi_temp_path $WWW/fastcgi;
	server {
		listen $SRV4:80;
		root $WWW/www;
	}
}
CONF
on_exit "kill \$(cat $WWW/nginx.pid)"
show "start nginx on the server" in_srv nginx -c "$WWW/nginx.conf"
# Ready when it listens (a local request would show up in its access log).
wait_until 10 sh -c "ip netns exec '$SRV' ss -Hltn 'sport = :80' | grep -q LISTEN" ||
	echo "# nginx does not listen on port 80"

show "curl $URL from the client" in_cli curl -sS -m 10 "$URL"
show "ping $SRV6 from the client" in_cli ping -c 3 -W 2 "$SRV6"
echo "# the server's access log: the IPv6-only client appears as $CLI_EAM4"
sed 's/^/#   /' "$WWW/access.log" 2>/dev/null
if grep -q "^$CLI_EAM4 " "$WWW/access.log" 2>/dev/null; then
	ktap_ok "the server saw the request from $CLI_EAM4"
else
	ktap_fail "the server saw the request from $CLI_EAM4"
fi
show "nat64ctl stats show" in_gw "$NAT64CTL" stats show
dmesg_check "kernel log clean"
ktap_finish
