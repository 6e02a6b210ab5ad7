#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Ping once over IPv6 with a crafted echo request and compare the whole reply.

  echo6.py IFACE SRC DST
      sends IPv6(SRC -> DST, hop limit 64) / echo request (id 0x6464, seq 7, 32 bytes)
      and checks that the reply is, byte for byte, DST -> SRC hop limit 64 traffic class
      0 / echo reply with the same id, sequence and data: an untranslated answer from
      the IPv6 stack of DST. The flow label (the kernel's own hash) is not compared and
      the checksum is verified on its own. Prints "ok" or what differs; exit 0 when ok.
Run with /usr/bin/python3 (Debian's scapy).
"""
import sys

from scapy_ip import AsyncSniffer, ICMPv6EchoReply, ICMPv6EchoRequest, IPv6, send


def main():
    iface, src, dst = sys.argv[1:4]
    data = bytes(range(32))
    sn = AsyncSniffer(iface=iface, filter="icmp6 and ip6[40] == 129", count=1, store=True)
    sn.start()
    import time
    time.sleep(0.5)
    send(IPv6(src=src, dst=dst, hlim=64) / ICMPv6EchoRequest(id=0x6464, seq=7, data=data))
    sn.join(timeout=10)
    got = (sn.stop() if sn.running else sn.results) or []
    if not got:
        print("no echo reply from %s" % dst)
        sys.exit(1)
    r = got[0][IPv6]
    raw = bytes(r)
    exp = bytes(IPv6(src=dst, dst=src, hlim=64, tc=0, fl=r.fl) /
                ICMPv6EchoReply(id=0x6464, seq=7, data=data))
    fixed = IPv6(raw)
    del fixed[ICMPv6EchoReply].cksum
    csum_ok = bytes(fixed) == raw
    a, b = bytearray(raw), bytearray(exp)
    a[42:44] = b[42:44] = b"\0\0"
    if a != b or not csum_ok:
        print("reply differs: got %s expected %s (checksum %s)" %
              (raw.hex(), exp.hex(), "ok" if csum_ok else "bad"))
        sys.exit(1)
    print("ok")


if __name__ == "__main__":
    main()
