#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Write the fuzzers' seed corpora to selftests/unit/corpus/<harness>/.

Packets are built here (no scapy) the way the unit tests' builders build
them (build4/build6 and friends in test_main.c): TCP, UDP, ICMP echo,
fragments, ICMP errors quoting them, RFC 4884 extensions. The input layouts
are the harnesses' (see the comment at the top of each fuzz_*.c). Output is
deterministic: rerun after changing a layout and commit the result.
"""
import ipaddress
import os
import shutil
import struct
import sys

CFG_LEN = 160
OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "corpus")


def csum(b):
    if len(b) % 2:
        b += b"\0"
    s = sum(struct.unpack("!%dH" % (len(b) // 2), b))
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    return (~s) & 0xFFFF


def a4(s):
    return ipaddress.IPv4Address(s).packed


def a6(s):
    return ipaddress.IPv6Address(s).packed


def ip4(src, dst, proto, payload, ttl=64, ident=0x1234, frag=0x4000, opts=b""):
    ihl = 5 + len(opts) // 4
    h = struct.pack("!BBHHHBBH4s4s", 0x40 | ihl, 0, 4 * ihl + len(payload), ident, frag,
                    ttl, proto, 0, a4(src), a4(dst)) + opts
    h = h[:10] + struct.pack("!H", csum(h)) + h[12:]
    return h + payload


def ip6(src, dst, nh, payload, hop=64, ext=b""):
    return struct.pack("!IHBB16s16s", 0x60000000, len(ext) + len(payload), nh, hop,
                       a6(src), a6(dst)) + ext + payload


def l4(proto, sport=40000, dport=80, flags=0x02, body=b""):
    if proto == 6:
        return struct.pack("!HHIIBBHHH", sport, dport, 1000, 0, 5 << 4, flags, 65535, 0,
                           0) + body
    if proto == 17:
        return struct.pack("!HHHH", sport, dport, 8 + len(body), 0) + body
    return struct.pack("!BBHHH", 8, 0, 0, sport, 1) + body   # echo request


def icmp4(t, c, rest, body):
    m = struct.pack("!BBHI", t, c, 0, rest) + body
    return m[:2] + struct.pack("!H", csum(m)) + m[4:]


def icmp6(src, dst, t, c, rest, body):
    m = struct.pack("!BBHI", t, c, 0, rest) + body
    ph = a6(src) + a6(dst) + struct.pack("!I3xB", len(m), 58)
    return m[:2] + struct.pack("!H", csum(ph + m)) + m[4:]


def ext4884(quote, word):
    """Quote padded to >= 128 bytes (word multiple), then an extension."""
    q = quote[:128] if len(quote) >= 128 else quote + bytes(128 - len(quote))
    obj = struct.pack("!HBB", 8, 2, 0xC0) + struct.pack("!I", 7)   # interface info
    hdr = struct.pack("!BBH", 0x20, 0, 0)
    e = hdr + obj
    e = e[:2] + struct.pack("!H", csum(e)) + e[4:]
    return q + e, len(q) // word


def cfg(v6, outcap=None, nat=False):
    """The config block of fuzz_core.c's read_cfg(): one prefix, 64:ff9b::/96."""
    c = bytearray(CFG_LEN)
    c[0] = 1 if v6 else 0
    c[1] = 1            # nr_prefixes 1, no EAM, no deny list
    c[3] = 5            # prefix 0: the well-known prefix, length pfx_lens[5] = 96
    # With these counts the fields are at fixed offsets: outcap selector at 131.
    if outcap is not None:
        c[131] = 2
        c[132:134] = struct.pack("!H", outcap)
        if nat:
            c[134] = 1
    return bytes(c)


def w(d, name, data):
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)


S4, D4 = "1.2.3.4", "5.6.7.8"            # global: map under 64:ff9b::/96
S6, D6 = "64:ff9b::506:708", "64:ff9b::102:304"


def core():
    d = os.path.join(OUT, "fuzz_core")
    n = 0
    for proto in (6, 17, 1):
        # Plain packets both ways, DF and fragments.
        p4 = ip4(S4, D4, proto, l4(proto, body=b"x" * 20))
        w(d, "v4-%d" % proto, cfg(False) + p4)
        w(d, "v4-frag-%d" % proto, cfg(False) + ip4(S4, D4, proto, l4(proto), frag=0x2000))
        p6 = ip6(S6, D6, 58 if proto == 1 else proto,
                 l4(proto, body=b"y" * 20) if proto != 1 else
                 struct.pack("!BBHHH", 128, 0, 0, 7, 1) + b"y" * 20)
        w(d, "v6-%d" % proto, cfg(True) + p6)
        fh = struct.pack("!BBHI", 58 if proto == 1 else proto, 0, 0x0001, 0xabcd)
        w(d, "v6-frag-%d" % proto, cfg(True) + ip6(S6, D6, 44, l4(proto), ext=fh))
        # ICMPv4 errors quoting a packet that went 4 -> out (inner: from D4 to S4).
        inner4 = ip4(D4, S4, proto, l4(proto, body=b"q" * 40))
        for t, c, rest in ((3, 1, 0), (3, 4, 1400), (11, 0, 0), (12, 0, 0x14000000),
                           (3, 3, 0)):
            w(d, "e4-%d-%d-%d" % (proto, t, c),
              cfg(False) + ip4("9.9.9.9", D4, 1, icmp4(t, c, rest, inner4)))
        q, words = ext4884(inner4, 4)
        w(d, "e4-ext-%d" % proto,
          cfg(False) + ip4("9.9.9.9", D4, 1, icmp4(11, 0, words << 16, q)))
        w(d, "e4-small-%d" % proto,
          cfg(False, outcap=200) + ip4("9.9.9.9", D4, 1, icmp4(3, 1, 0, inner4[:28])))
        # ICMPv6 errors quoting a packet that went 6 -> out (inner: from D6 to S6).
        inner6 = ip6(D6, S6, 58 if proto == 1 else proto,
                     l4(proto, body=b"r" * 40) if proto != 1 else
                     struct.pack("!BBHHH", 128, 0, 0, 7, 1) + b"r" * 40)
        for t, c, rest in ((1, 0, 0), (1, 4, 0), (2, 0, 1400), (3, 0, 0), (4, 0, 6),
                           (4, 1, 0), (4, 2, 40)):
            w(d, "e6-%d-%d-%d" % (proto, t, c),
              cfg(True) + ip6(S6, D6, 58, icmp6(S6, D6, t, c, rest, inner6)))
        q, words = ext4884(inner6, 8)
        w(d, "e6-ext-%d" % proto,
          cfg(True) + ip6(S6, D6, 58, icmp6(S6, D6, 3, 0, words << 24, q)))
        w(d, "e6-nat-%d" % proto,
          cfg(True, outcap=1000, nat=True) + ip6("2001:db8::1", D6, 58,
                                                 icmp6("2001:db8::1", D6, 1, 0, 0, inner6)))
        w(d, "e6-big-%d" % proto,
          cfg(True) + ip6(S6, D6, 58, icmp6(S6, D6, 1, 0, 0, inner6 + b"z" * 1000)))
        n += 1
    # Extension headers and an IPv4 option.
    hbh = struct.pack("!BB6x", 17, 0)
    w(d, "v6-hbh", cfg(True) + ip6(S6, D6, 0, l4(17), ext=hbh))
    rh = struct.pack("!BBBB4x", 17, 0, 0, 1)
    w(d, "v6-rh-segleft", cfg(True) + ip6(S6, D6, 43, l4(17), ext=rh))
    lsrr = bytes([0x83, 7, 4]) + a4("9.9.9.9") + b"\x00"
    w(d, "v4-lsrr", cfg(False) + ip4(S4, D4, 17, l4(17), opts=lsrr))


SEALED = bytes(range(0xA0, 0xB0))


def tcph(flags, opts):
    assert len(opts) % 4 == 0
    return struct.pack("!HHIIBBHHH", 40000, 80, 1, 0, (5 + len(opts) // 4) << 4, flags,
                       65535, 0, 0) + opts


def tcpopt():
    d = os.path.join(OUT, "fuzz_tcpopt")
    key = bytes([1]) + bytes(range(1, 17)) + a4("192.0.2.1") + a4("198.51.100.7") + \
        struct.pack("!HH", 40000, 80) + a6("2001:db8:1::5") + bytes([48, 64, 24, 8])
    assert len(key) == 49
    ours = bytes([253, 20, 0x64, 0x64]) + SEALED
    mss, ws, sok = b"\x02\x04\x05\xb4", b"\x01\x03\x03\x07", b"\x04\x02"
    ts = b"\x08\x0a" + bytes(8)
    sack2 = b"\x01\x01\x05\x12" + bytes(16)
    layouts = {
        "bare-syn": (0x02, b""),
        "linux-syn": (0x02, mss + sok + ts + ws),
        "linux-synack": (0x12, mss + sok + ts + ws),
        "windows-syn": (0x02, mss + b"\x01" + ws[1:] + b"\x01\x01" + sok),
        "ack-ts": (0x10, b"\x01\x01" + ts),
        "ack-sack2": (0x10, sack2),
        "ack-sack4": (0x10, b"\x01\x01\x05\x22" + bytes(32)),
        "ours-ack": (0x10, ours),
        "ours-syn": (0x02, mss + ours),
        "ours-ts": (0x10, ours + b"\x01\x01" + ts),
        "two-ours": (0x10, ours + ours),
        "ours-short": (0x10, bytes([253, 8, 0x64, 0x64, 1, 2, 3, 4])),
        "full-40": (0x10, mss + b"\x01\x01" + ts + sack2[:4] + bytes(16) + b"\x01\x01\x01\x00"),
        "eol-garbage": (0x02, bytes([2, 4, 5, 0xA0, 0, 0xFF, 0xFF, 7])),
        "bad-len0": (0x02, bytes([2, 0, 5, 0xA0, 0, 0, 0, 0])),
        "bad-past": (0x02, bytes([1, 1, 1, 2, 6, 5, 0xA0, 0])),
        "bad-sack11": (0x10, bytes([5, 11, 0, 0, 0, 0, 0, 0])),
        "foreign-exid": (0x10, bytes([253, 8, 0x12, 0x34, 0, 0, 0, 0])),
    }
    for name, (flags, opts) in layouts.items():
        w(d, name, key + tcph(flags, opts))
    for n in (0, 1, 13, 14, 19):   # short headers (the insert() SYN-flag read)
        w(d, "short-%d" % n, key + tcph(0x02, b"")[:n])
    w(d, "key-only", key)


def state():
    d = os.path.join(OUT, "fuzz_state")
    S, F, R, A, V6, EXP = 0x02, 0x01, 0x04, 0x10, 0x80, 0x40
    seqs = {
        "v6-open-close": [V6 | S, S | A, V6 | A, V6 | F | A, A, F | A, V6 | A],
        "v4-open": [S, V6 | S | A, A],
        "rst": [V6 | S, S | A, R],
        "v6-rst": [V6 | S, S | A, V6 | R],
        "expire": [V6 | S, S | A, EXP | A, V6 | A],
        "expire-twice": [V6 | S, S | A, EXP, EXP],
        "fin-first-v4": [V6 | S, S | A, F, V6 | F],
        "closed-junk": [A, F, R, V6 | A],
        "simultaneous": [V6 | S, S, V6 | A, A],
    }
    for name, s in seqs.items():
        w(d, "tcp-" + name, bytes([0]) + bytes(s))
    ranges = {
        "full": (1, 65535, 40000, 1), "low": (0, 1023, 80, 1),
        "both-classes": (1000, 2000, 1500, 1), "one": (5000, 5000, 5001, 1),
        "two-odd": (60001, 60002, 3, 1), "noparity": (1024, 65535, 1025, 0),
        "clip-low": (1000, 2000, 22, 3), "reversed": (2000, 1000, 1001, 1),
    }
    for name, (lo, hi, want, par) in ranges.items():
        w(d, "ports-" + name, bytes([1]) + struct.pack("!HHHBI", lo, hi, want, par, 0xdeadbeef))


def ctl():
    d = os.path.join(OUT, "fuzz_ctl")
    lines = [
        "instance add mode siit", "instance add mode nat64", "instance show -j", "instance del",
        "prefix add 64:ff9b::/96", "prefix add 2001:db8:64::/40", "prefix del 64:ff9b::/96",
        "prefix show", "eam add 2001:db8:6::/120 192.0.2.0/24", "eam add 2001:db8::5 198.51.100.5",
        "eam flush", "pool6791 add 192.0.2.0/28", "deny add 10.0.0.0/8",
        "settings set mtu-min 1280", "settings set tos 0", "settings set eam-hairpin simple",
        "settings set filtering address-dependent", "settings show -j",
        "stats show -a", "-s stats", "pool4 add 192.0.2.0/24 tcp 1024-65535",
        "pool4 add 192.0.2.1 udp 100-200 force", "pool4 show", "pool4 del 192.0.2.0/24",
        "bib add tcp [2001:db8::1]:80 192.0.2.1:80", "bib show udp", "bib flush",
        "session show tcp -j", "session flush", "monitor count 3",
        "key set 1 " + "ab" * 32, "key activate 1", "key show", "mapkey set " + "cd" * 32,
        "optpool add 192.0.2.0/24", "optclient add 2001:db8:1::/48",
        "optdest add 198.51.100.0/24", "hostflow show", "help", "help pool4", "pool4 help",
        "--netns=ns1 instance show", "-n ns1 prefix show", "--version", "-V", "--json eam show",
        "bogus", "p", "s", "instance add mode", "prefix add 64:ff9b::/97",
        "pool4 add 192.0.2.0/24 tcp 70000", "bib add tcp [2001:db8::1]:0 1.2.3.4",
    ]
    for i, line in enumerate(lines):
        w(d, "%02d" % i, "\0".join(line.split()).encode())


def main():
    if os.path.isdir(OUT):
        shutil.rmtree(OUT)
    core()
    tcpopt()
    state()
    ctl()
    for h in sorted(os.listdir(OUT)):
        files = os.listdir(os.path.join(OUT, h))
        size = sum(os.path.getsize(os.path.join(OUT, h, f)) for f in files)
        print("%s: %d files, %d bytes" % (h, len(files), size))
    return 0


if __name__ == "__main__":
    sys.exit(main())
