# SPDX-License-Identifier: GPL-2.0
"""Hand-built IPv4/IPv6 TCP and ICMP error packets, sent as scapy's send() would.

For the crafted packets of the option-mode tests: importing scapy costs seconds under the
test VM's software emulation, building these few packets with struct costs nothing. The
kernel's routing and neighbour tables say where they go (see Sender).
"""
import json
import socket
import struct
import subprocess

TCP_OPT = {"EOL": 0, "NOP": 1, "MSS": 2, "WScale": 3, "SAckOK": 4, "Timestamp": 8}


def ones_sum(b):
    """The 16-bit one's complement sum of b, folded (odd length: a zero byte appended).
    The one implementation of the selftests: xlat.py uses it too."""
    if len(b) % 2:
        b += b"\0"
    s = sum(struct.unpack("!%dH" % (len(b) // 2), b))
    while s >> 16:
        s = (s & 0xffff) + (s >> 16)
    return s


def inet_csum(b):
    """The Internet checksum of b: the complement of its one's complement sum."""
    return ~ones_sum(b) & 0xffff


def tcp_options(opts):
    """Encode a scapy-style option list [(name or kind, value)], padded with EOL to a
    multiple of 4 bytes as scapy does."""
    out = b""
    for name, val in opts:
        kind = TCP_OPT.get(name, name)
        if kind in (0, 1):
            out += bytes([kind])
        elif kind == 2:
            out += struct.pack("!BBH", 2, 4, val)
        elif kind == 3:
            out += struct.pack("!BBB", 3, 3, val)
        elif kind == 8:
            out += struct.pack("!BBII", 8, 10, val[0], val[1])
        else:
            out += bytes([kind, 2 + len(val)]) + val
    return out + b"\0" * (-len(out) % 4)


def pseudo(src, dst, proto, length):
    if len(src) == 4:
        return src + dst + struct.pack("!BBH", 0, proto, length)
    return src + dst + struct.pack("!IxxxB", length, proto)


def tcp(src, dst, sport, dport, flags, seq=0, ack=0, window=8192, options=b"", payload=b""):
    """A TCP segment (checksummed) between packed addresses src and dst."""
    hl = 20 + len(options)
    t = struct.pack("!HHIIBBHHH", sport, dport, seq, ack, (hl // 4) << 4, flags, window, 0,
                    0) + options + payload
    c = inet_csum(pseudo(src, dst, 6, len(t)) + t)
    return t[:16] + struct.pack("!H", c) + t[18:]


def ip4(src, dst, proto, payload, ttl=64, ident=1, df=False, length=None):
    """An IPv4 header (checksummed) and payload; length overrides the total length (a
    header quoted without all of its packet)."""
    length = 20 + len(payload) if length is None else length
    h = struct.pack("!BBHHHBBH4s4s", 0x45, 0, length, ident, 0x4000 if df else 0, ttl,
                    proto, 0, src, dst)
    c = inet_csum(h)
    return h[:10] + struct.pack("!H", c) + h[12:] + payload


def ip6(src, dst, nh, payload, hlim=64):
    return struct.pack("!IHBB16s16s", 6 << 28, len(payload), nh, hlim, src, dst) + payload


def icmp4(typ, code, body, rest=0):
    m = struct.pack("!BBHI", typ, code, 0, rest) + body
    return m[:2] + struct.pack("!H", inet_csum(m)) + m[4:]


def icmp6(src, dst, typ, code, body, rest=0):
    m = struct.pack("!BBHI", typ, code, 0, rest) + body
    c = inet_csum(pseudo(src, dst, 58, len(m)) + m)
    return m[:2] + struct.pack("!H", c) + m[4:]


def a4(s):
    return socket.inet_pton(socket.AF_INET, s)


def a6(s):
    return socket.inet_pton(socket.AF_INET6, s)


def _ip_json(*args):
    r = subprocess.run(["ip", "-j"] + list(args), capture_output=True, text=True, check=True)
    return json.loads(r.stdout or "[]")


class Sender:
    """Sends whole IPv4/IPv6 packets to dst the way scapy's send() did: on the link the
    kernel routes dst through, to the next hop's MAC address, from a packet socket. So
    they bypass this host's own IP stack and netfilter hooks (a host-role instance on
    the sender would otherwise rewrite a forged segment)."""

    def __init__(self, dst):
        v6 = ":" in dst
        fam = "-6" if v6 else "-4"
        r = _ip_json(fam, "route", "get", dst)[0]
        self.dev = r["dev"]
        hop = r.get("gateway", dst)
        mac = None
        for _ in range(3):
            for n in _ip_json(fam, "neigh", "show", "to", hop, "dev", self.dev):
                mac = n.get("lladdr") or mac
            if mac:
                break
            # Let the kernel resolve it (ARP / neighbour discovery).
            subprocess.run(["ping", fam, "-c", "1", "-W", "1", "-I", self.dev, hop],
                           capture_output=True)
        if not mac:
            raise RuntimeError("no MAC address for next hop %s on %s" % (hop, self.dev))
        with open("/sys/class/net/%s/address" % self.dev) as f:
            smac = f.read().strip()
        self.eth = bytes.fromhex(mac.replace(":", "")) + bytes.fromhex(smac.replace(":", "")) + \
            (b"\x86\xdd" if v6 else b"\x08\x00")
        self.sock = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
        self.sock.bind((self.dev, 0))

    def send(self, pkt):
        self.sock.send(self.eth + pkt)

    def close(self):
        self.sock.close()


def send(pkt):
    """Send one whole IPv4 or IPv6 packet (see Sender)."""
    v6 = pkt[0] >> 4 == 6
    dst = socket.inet_ntop(socket.AF_INET6, pkt[24:40]) if v6 else \
        socket.inet_ntop(socket.AF_INET, pkt[16:20])
    s = Sender(dst)
    s.send(pkt)
    s.close()
