# SPDX-License-Identifier: GPL-2.0
"""
Packet-level conformance harness for the nat64 selftests.

One python process drives a whole test area: it opens an AF_PACKET socket on
the client's and on the server's link (each socket is created inside its
network namespace with setns(), so no process is started per packet), sends
hand-built frames straight to the gateway's MAC address and reads what the
translator delivers on the other side. Scapy only builds and parses packets;
checksums and reassembly are recomputed here independently.

Cases are plain functions registered with @case; each one prints one result
line, "ok <desc>" or "not ok <desc>", plus "# " diagnostics. The bash wrapper
numbers them as KTAP results.
"""
import ctypes
import ipaddress
import json
import os
import select
import socket
import struct
import subprocess
import sys
import time
import traceback

import logging
logging.getLogger("scapy.runtime").setLevel(logging.ERROR)
from scapy_ip import (Ether, IP, IPv6, UDP, TCP, ICMP, Raw,  # noqa: E402
                       IPv6ExtHdrFragment, IPerror, IPerror6, conf)
from rawpkt import ones_sum  # noqa: E402
conf.verb = 0

CLONE_NEWNET = 0x40000000
ETH_P_ALL = 0x0003
PACKET_OUTGOING = 4

# Topology (selftests/lib.sh), overridable from the environment.
NS_CLI = os.environ.get("NAT64_NS_CLI", "cli")
NS_GW = os.environ.get("NAT64_NS_GW", "gw")
NS_SRV = os.environ.get("NAT64_NS_SRV", "srv")
CLI6 = os.environ.get("NAT64_CLI6", "2001:db8:6::2")
CLI4 = os.environ.get("NAT64_CLI4", "198.51.100.2")	# EAM of CLI6
SRV4 = os.environ.get("NAT64_SRV4", "192.0.2.2")
PREFIX = os.environ.get("NAT64_PREFIX", "2001:db8:64::/96")
EAM_DEFAULT = (CLI6 + "/128", CLI4 + "/32")
NAT64CTL = os.environ.get("NAT64CTL") or os.path.normpath(os.path.join(
	os.path.dirname(os.path.abspath(__file__)), "..", "..", "userspace-ctl", "nat64ctl"))
# How long to wait for a packet that must NOT arrive (seconds).
QUIET = float(os.environ.get("NAT64_QUIET", "0.6"))
WAIT = float(os.environ.get("NAT64_WAIT", "5"))

_libc = ctypes.CDLL(None, use_errno=True)


def log(msg):
	for line in str(msg).splitlines():
		print("# " + line, flush=True)


# ---------------------------------------------------------------- addresses

def embed(prefix, v4):
	"""RFC 6052 section 2.2 embedding, written out byte by byte."""
	net = ipaddress.IPv6Network(prefix)
	p = bytearray(net.network_address.packed)
	v = ipaddress.IPv4Address(v4).packed
	plen = net.prefixlen
	if plen == 96:
		p[12:16] = v
	else:
		# Bits 64..71 (byte 8) are the reserved u-octet: v4 bytes skip it.
		pos = plen // 8
		for b in v:
			if pos == 8:
				pos += 1
			p[pos] = b
			pos += 1
	return str(ipaddress.IPv6Address(bytes(p)))


SRV6 = embed(PREFIX, SRV4)


# --------------------------------------------------------------- checksums

# The folded one's complement sum, not its complement (that is rawpkt.inet_csum).
inet_csum = ones_sum


def csum_ok(data, pseudo=b""):
	"""True when the one's complement sum over pseudo+data is all ones."""
	return inet_csum(pseudo + data) == 0xffff


def pseudo4(src, dst, proto, length):
	return (socket.inet_aton(src) + socket.inet_aton(dst) +
		struct.pack("!BBH", 0, proto, length))


def pseudo6(src, dst, nh, length):
	return (socket.inet_pton(socket.AF_INET6, src) +
		socket.inet_pton(socket.AF_INET6, dst) + struct.pack("!IxxxB", length, nh))


def l4_of(pkt):
	"""(proto, L4 bytes, pseudo-header) of an unfragmented IPv4/IPv6 packet."""
	b = bytes(pkt)
	if b[0] >> 4 == 4:
		ihl = (b[0] & 15) * 4
		tot = struct.unpack("!H", b[2:4])[0]
		src, dst = socket.inet_ntoa(b[12:16]), socket.inet_ntoa(b[16:20])
		proto = b[9]
		data = b[ihl:tot]
		ph = b"" if proto == 1 else pseudo4(src, dst, proto, len(data))
		return proto, data, ph
	plen = struct.unpack("!H", b[4:6])[0]
	nh, off = b[6], 40
	while nh in (0, 43, 60):		# HBH, routing, destination options
		nh, off = b[off], off + (b[off + 1] + 1) * 8
	data = b[off:40 + plen]
	src = socket.inet_ntop(socket.AF_INET6, b[8:24])
	dst = socket.inet_ntop(socket.AF_INET6, b[24:40])
	return nh, data, pseudo6(src, dst, nh, len(data))


def l4_csum_ok(pkt):
	proto, data, ph = l4_of(pkt)
	if proto == 17 and len(data) >= 8 and data[6:8] == b"\0\0":
		return False		# a zero UDP checksum is never "valid" here
	return csum_ok(data, ph)


def ip4_hdr_csum_ok(pkt):
	b = bytes(pkt)
	return csum_ok(b[:(b[0] & 15) * 4])


# ------------------------------------------------------------ reassembly

def reassemble4(frags):
	"""Reassemble IPv4 fragments (scapy IP packets) into one IP packet."""
	frags = sorted(frags, key=lambda p: p.frag)
	data = b""
	for f in frags:
		b = bytes(f)
		ihl = (b[0] & 15) * 4
		tot = struct.unpack("!H", b[2:4])[0]
		if f.frag * 8 != len(data):
			raise ValueError("IPv4 fragment gap/overlap at offset %d (have %d)"
					 % (f.frag * 8, len(data)))
		data += b[ihl:tot]
	if frags[-1].flags.MF:
		raise ValueError("last IPv4 fragment has MF set")
	first = frags[0].copy()
	first.remove_payload()
	first.flags = int(first.flags) & ~1
	first.frag = 0
	first.len = None
	first.chksum = None
	return IP(bytes(first / Raw(data)))


def reassemble6(frags):
	"""Reassemble IPv6 fragments that carry only a fragment header."""
	frags = sorted(frags, key=lambda p: p[IPv6ExtHdrFragment].offset)
	data = b""
	for f in frags:
		fh = f[IPv6ExtHdrFragment]
		if fh.offset * 8 != len(data):
			raise ValueError("IPv6 fragment gap/overlap at offset %d (have %d)"
					 % (fh.offset * 8, len(data)))
		b = bytes(f)
		plen = struct.unpack("!H", b[4:6])[0]
		data += b[48:40 + plen]
	if frags[-1][IPv6ExtHdrFragment].m:
		raise ValueError("last IPv6 fragment has M set")
	f0 = frags[0]
	return IPv6(bytes(IPv6(src=f0.src, dst=f0.dst, tc=f0.tc, fl=f0.fl, hlim=f0.hlim,
			       nh=f0[IPv6ExtHdrFragment].nh) / Raw(data)))


# ------------------------------------------------------------- namespaces

class netns:
	"""Context manager: run the block inside a named network namespace."""

	def __init__(self, name):
		self.name = name

	def __enter__(self):
		self.home = os.open("/proc/thread-self/ns/net", os.O_RDONLY)
		fd = os.open("/run/netns/" + self.name, os.O_RDONLY)
		try:
			if _libc.setns(fd, CLONE_NEWNET):
				raise OSError(ctypes.get_errno(), "setns " + self.name)
		finally:
			os.close(fd)

	def __exit__(self, *exc):
		_libc.setns(self.home, CLONE_NEWNET)
		os.close(self.home)


def ip_json(ns, *args):
	out = subprocess.run(["ip", "-n", ns, "-j"] + list(args), check=True,
			     capture_output=True, text=True).stdout
	return json.loads(out or "[]")


def sh(*argv, check=True):
	r = subprocess.run(list(argv), capture_output=True, text=True)
	if check and r.returncode:
		raise RuntimeError("%s failed (%d): %s" % (" ".join(argv), r.returncode,
							  (r.stderr or r.stdout).strip()))
	return r


def find_iface(ns, addr):
	"""(ifname, mac, all addresses) of the interface of ns that holds addr."""
	for link in ip_json(ns, "addr", "show"):
		addrs = [a["local"] for a in link.get("addr_info", [])]
		if any(ipaddress.ip_address(a) == ipaddress.ip_address(addr) for a in addrs):
			return link["ifname"], link["address"], addrs
	raise RuntimeError("no interface with %s in netns %s" % (addr, ns))


def gw_iface_towards(ns, dst):
	"""The gateway interface that ns uses to reach dst: (ifname, mac, addrs)."""
	r = ip_json(ns, "route", "get", dst)[0]
	via = r.get("gateway")
	if via is None:
		raise RuntimeError("netns %s has no gateway for %s" % (ns, dst))
	return find_iface(NS_GW, via)


class Endpoint:
	"""A host (cli or srv): raw frames in and out of its link to the gateway."""

	def __init__(self, ns, addr, peer_dst):
		self.ns = ns
		self.ifname, self.mac, self.addrs = find_iface(ns, addr)
		self.gw_ifname, self.gw_mac, self.gw_addrs = gw_iface_towards(ns, peer_dst)
		with netns(ns):
			s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(ETH_P_ALL))
			s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 8 << 20)
			s.bind((self.ifname, ETH_P_ALL))
		s.setblocking(False)
		self.sock = s

	def send(self, pkt):
		"""Send one IPv4/IPv6 packet (or a list) to the gateway."""
		for p in (pkt if isinstance(pkt, list) else [pkt]):
			b = bytes(p)
			etype = 0x86dd if b[0] >> 4 == 6 else 0x0800
			self.sock.send(bytes(Ether(src=self.mac, dst=self.gw_mac, type=etype)) + b)

	def drain(self):
		while True:
			try:
				self.sock.recv(65536)
			except BlockingIOError:
				return

	def recv(self, match, count=1, timeout=None):
		"""Packets (IP or IPv6 layer) from the gateway for which match() holds."""
		timeout = WAIT if timeout is None else timeout
		got = []
		self.unmatched = []
		Endpoint.last = self
		end = time.monotonic() + timeout
		while len(got) < count:
			left = end - time.monotonic()
			if left <= 0:
				break
			if not select.select([self.sock], [], [], left)[0]:
				continue
			try:
				data, addr = self.sock.recvfrom(65536)
			except BlockingIOError:
				continue
			if addr[2] == PACKET_OUTGOING:
				continue
			eth = Ether(data)
			if eth.type not in (0x0800, 0x86dd):
				continue
			l3 = eth.payload
			try:
				ok = match(l3)
			except (AttributeError, IndexError, TypeError):
				ok = False
			if ok:
				got.append(l3)
			else:
				self.unmatched.append(l3)
		return got


# --------------------------------------------------------------- the env

class Env:
	def __init__(self):
		self.cli = Endpoint(NS_CLI, CLI6, SRV6)
		self.srv = Endpoint(NS_SRV, SRV4, CLI4)
		self.gw6 = [a for a in self.cli.gw_addrs if ":" in a]
		self.gw4 = [a for a in self.srv.gw_addrs if ":" not in a]
		self.port = 20000

	def next_port(self):
		self.port += 1
		return self.port

	def ctl(self, *args, check=True):
		return sh("ip", "netns", "exec", NS_GW, NAT64CTL, *[str(a) for a in args],
			  check=check)

	def stats(self):
		r = self.ctl("-j", "-s", "stats", "show")
		return parse_stats(r.stdout)

	def udp_sink(self, ep, port):
		"""A UDP socket bound to port on endpoint ep, so that its kernel sends
		no port unreachable of its own. Close it when done."""
		fam = socket.AF_INET6 if ep is self.cli else socket.AF_INET
		with netns(ep.ns):
			s = socket.socket(fam, socket.SOCK_DGRAM)
		s.bind(("::" if fam == socket.AF_INET6 else "0.0.0.0", port))
		return s

	def sysctl(self, ns, key, val):
		sh("ip", "netns", "exec", ns, "sysctl", "-qw", "%s=%s" % (key, val), check=False)

	def exchange(self, tx, txpkt, rx, match, count=1, timeout=None):
		"""Drain rx, send txpkt from tx, return what rx got."""
		rx.drain()
		tx.send(txpkt)
		return rx.recv(match, count, timeout)


def parse_stats(out):
	"""Counters as {name: int} from `nat64ctl -j stats show` (JSON or text)."""
	res = {}
	try:
		doc = json.loads(out)
	except ValueError:
		for line in out.splitlines():
			parts = line.replace(":", " ").split()
			if len(parts) >= 2 and parts[-1].isdigit():
				res[parts[0]] = int(parts[-1])
		return res

	def walk(o):
		if isinstance(o, dict):
			if "name" in o and "value" in o:
				res[str(o["name"])] = int(o["value"])
				return
			for k, v in o.items():
				if isinstance(v, int) and not isinstance(v, bool):
					res[k] = v
				else:
					walk(v)
		elif isinstance(o, list):
			for v in o:
				walk(v)
	walk(doc)
	return res


# ------------------------------------------------------------- the checks

class CaseFailed(Exception):
	pass


class Case:
	"""Collects the failed checks of one test case."""

	def __init__(self, env, desc):
		self.env = env
		self.desc = desc
		self.failures = []

	def fail(self, msg):
		self.failures.append(msg)

	def check(self, what, cond, detail=""):
		if not cond:
			self.fail("%s%s" % (what, (": " + detail) if detail else ""))
		return bool(cond)

	def eq(self, what, got, exp):
		if got != exp:
			self.fail("%s: got %r, expected %r" % (what, got, exp))
			return False
		return True

	def require(self, what, cond, detail=""):
		"""Like check, but stop the case (later checks make no sense)."""
		if not self.check(what, cond, detail):
			raise CaseFailed()

	def seen(self):
		"""What the last receiver got that did not match (for diagnostics)."""
		ep = getattr(Endpoint, "last", None)
		other = [p.summary() for p in getattr(ep, "unmatched", [])]
		return "; other packets seen: %s" % (" | ".join(other[:4]) or "none")

	def one(self, pkts, what):
		self.require(what + " arrives", len(pkts) >= 1, "nothing received" + self.seen())
		return pkts[0]

	def none(self, pkts, what):
		self.check(what + " not delivered", not pkts,
			   "got %d packet(s): %s" % (len(pkts), pkts[0].summary() if pkts else ""))

	def counters(self):
		return self.env.stats()

	def counter_delta(self, before, names, exp=1, at_least=False):
		"""Check that the sum of counters `names` grew by exp (or >= exp)."""
		if isinstance(names, str):
			names = [names]
		after = self.env.stats()
		missing = [n for n in names if n not in after]
		if len(missing) == len(names):
			self.fail("counter %s not reported by nat64ctl" % "/".join(names))
			return
		d = sum(after.get(n, 0) - before.get(n, 0) for n in names)
		what = "counter %s delta" % "+".join(names)
		if at_least:
			self.check(what, d >= exp, "got %d, expected >= %d" % (d, exp))
		else:
			self.eq(what, d, exp)


CASES = []


def case(desc):
	def reg(fn):
		CASES.append((desc, fn))
		return fn
	return reg


def run(cases=None):
	"""Run the registered cases; print results; return the failure count."""
	env = Env()
	for ns in (NS_GW, NS_CLI, NS_SRV):
		# ICMP errors are part of the checks: no rate limiting anywhere.
		env.sysctl(ns, "net.ipv4.icmp_ratelimit", 0)
		env.sysctl(ns, "net.ipv6.icmp.ratelimit", 0)
		env.sysctl(ns, "net.ipv4.icmp_msgs_per_sec", 100000)
		env.sysctl(ns, "net.ipv4.icmp_msgs_burst", 100000)
	log("cli %s (%s) gw %s/%s  srv %s (%s) gw %s/%s  prefix %s srv6 %s" % (
		env.cli.ifname, CLI6, env.cli.gw_ifname, env.gw6, env.srv.ifname, SRV4,
		env.srv.gw_ifname, env.gw4, PREFIX, SRV6))
	only = os.environ.get("NAT64_CASES")	# substring filter, for debugging
	failed = 0
	start = time.monotonic()
	for desc, fn in (cases or CASES):
		if only and only not in desc:
			continue
		c = Case(env, desc)
		t0 = time.monotonic()
		try:
			fn(c)
		except CaseFailed:
			pass
		except Exception:
			c.fail("exception: " + traceback.format_exc().strip().splitlines()[-1])
			log(traceback.format_exc())
		dt = time.monotonic() - t0
		if c.failures:
			failed += 1
			print("not ok %s" % desc, flush=True)
			for f in c.failures:
				log("  " + f)
		else:
			print("ok %s" % desc, flush=True)
		if dt > 5:
			log("  (%.1fs)" % dt)
	log("cases took %.0fs" % (time.monotonic() - start))
	return failed


# ------------------------------------------------- translated-packet checks

L4_CSUM_OFF = {17: 6, 6: 16, 1: 2, 58: 2}


def l4_masked(proto, data):
	"""L4 bytes with the checksum (and ICMP type/code) zeroed for comparison."""
	off = L4_CSUM_OFF.get(proto)
	b = bytearray(data)
	if off is not None and len(b) >= off + 2:
		b[off:off + 2] = b"\0\0"
	if proto in (1, 58):
		b[0:2] = b"\0\0"
	return bytes(b)


def check_6to4(c, v4, orig, src=None, dst=None, tos=None, df=None, ttl=None,
	       proto=None, what="IPv4"):
	"""Every field of v4 (scapy IP) made from orig (scapy IPv6, unfragmented)."""
	src = src or CLI4
	dst = dst or SRV4
	onh, odata, _ = l4_of(orig)
	proto = proto if proto is not None else (1 if onh == 58 else onh)
	b = bytes(v4)
	c.eq(what + " version", b[0] >> 4, 4)
	c.eq(what + " IHL", b[0] & 15, 5)
	c.eq(what + " TOS", v4.tos, orig.tc if tos is None else tos)
	c.eq(what + " total length", v4.len, 20 + len(odata))
	c.eq(what + " captured length", len(b) >= v4.len, True)
	if df is None:
		df = 20 + len(odata) > 1260
	c.eq(what + " DF", bool(int(v4.flags) & 2), df)
	c.eq(what + " MF", bool(int(v4.flags) & 1), False)
	c.eq(what + " reserved flag", bool(int(v4.flags) & 4), False)
	c.eq(what + " fragment offset", v4.frag, 0)
	c.eq(what + " TTL", v4.ttl, orig.hlim - 1 if ttl is None else ttl)
	c.eq(what + " protocol", v4.proto, proto)
	c.eq(what + " source", v4.src, src)
	c.eq(what + " destination", v4.dst, dst)
	c.check(what + " header checksum valid", ip4_hdr_csum_ok(v4))
	nproto, ndata, _ = l4_of(v4)
	if nproto in L4_CSUM_OFF:
		c.check(what + " L4 checksum valid", l4_csum_ok(v4),
			"checksum 0x%s" % ndata[L4_CSUM_OFF.get(nproto, 0):][:2].hex())
	else:
		c.eq(what + " payload (no L4 checksum)", ndata, odata)
	if proto in (6, 17):
		c.eq(what + " L4 bytes (but checksum)", l4_masked(nproto, ndata),
		     l4_masked(onh, odata))


def check_4to6(c, v6, orig, src=None, dst=None, tc=None, hlim=None, nh=None,
	       what="IPv6"):
	"""Every field of v6 (scapy IPv6) made from orig (scapy IP, unfragmented)."""
	src = src or SRV6
	dst = dst or CLI6
	oproto, odata, _ = l4_of(orig)
	nh = nh if nh is not None else (58 if oproto == 1 else oproto)
	c.eq(what + " version", bytes(v6)[0] >> 4, 6)
	c.eq(what + " traffic class", v6.tc, orig.tos if tc is None else tc)
	c.eq(what + " flow label", v6.fl, 0)
	c.eq(what + " payload length", v6.plen, len(odata))
	c.eq(what + " captured length", len(bytes(v6)) >= 40 + v6.plen, True)
	c.eq(what + " next header", v6.nh, nh)
	c.eq(what + " hop limit", v6.hlim, orig.ttl - 1 if hlim is None else hlim)
	c.eq(what + " source", v6.src, src)
	c.eq(what + " destination", v6.dst, dst)
	nnh, ndata, _ = l4_of(v6)
	if nnh in L4_CSUM_OFF:
		c.check(what + " L4 checksum valid", l4_csum_ok(v6),
			"checksum 0x%s" % ndata[L4_CSUM_OFF.get(nnh, 0):][:2].hex())
	else:
		c.eq(what + " payload (no L4 checksum)", ndata, odata)
	if oproto in (6, 17):
		c.eq(what + " L4 bytes (but checksum)", l4_masked(nnh, ndata),
		     l4_masked(oproto, odata))


def same_bytes(c, what, got, exp, free=()):
	"""Whole-packet comparison: every byte of got equals exp except the (start, end)
	ranges in free (IPv4 IDs, checksums that the caller verifies separately)."""
	g, x = bytearray(bytes(got)), bytearray(bytes(exp))
	if len(g) != len(x):
		return c.eq(what + " length", len(g), len(x))
	for a, b in free:
		g[a:b] = x[a:b]
	if g == x:
		return True
	i = next(i for i in range(len(g)) if g[i] != x[i])
	return c.eq("%s byte %d onwards" % (what, i), g[i:i + 8].hex(), x[i:i + 8].hex())


def is_udp_to(port, ver=None):
	"""Matcher: a UDP packet (of IP version ver) with this destination port."""
	def m(p):
		if ver == 4 and p.name != "IP" or ver == 6 and p.name != "IPv6":
			return False
		return UDP in p and p[UDP].dport == port and IPerror not in p \
			and IPerror6 not in p
	return m


def main():
	sys.exit(1 if run() else 0)
