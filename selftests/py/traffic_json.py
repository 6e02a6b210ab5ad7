#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Pull numbers out of JSON for the traffic selftests (reads stdin).

  traffic_json.py stat NAME...   counters from `nat64ctl -j stats show`, one per line
  traffic_json.py iperf tcp      "<bits/s received> <bytes received>" of an iperf3 -J run
  traffic_json.py iperf udp      "<bits/s> <lost percent> <packets>" of an iperf3 -u -J run
  traffic_json.py valid          exit 0 if stdin parses as JSON
  traffic_json.py sameaddr A B   exit 0 if A and B are the same IP address ([...] allowed)

Exits 1 with a message on stderr when the input is not what was expected, so that a
test cannot pass on garbage.
"""
import ipaddress
import json
import sys


def die(msg):
    print("traffic_json: " + msg, file=sys.stderr)
    sys.exit(1)


def load():
    text = sys.stdin.read()
    try:
        return json.loads(text)
    except ValueError as e:
        die("not JSON (%s): %r" % (e, text[:200]))


def flatten_stats(doc):
    """Accept the shapes a counter dump may reasonably take: {name: n},
    {"stats": {...}} / {"counters": ...}, or a list of {"name", "value"}."""
    if isinstance(doc, dict):
        for key in ("stats", "counters"):
            if key in doc:
                return flatten_stats(doc[key])
        if all(isinstance(v, int) for v in doc.values()):
            return doc
        if len(doc) == 1:
            return flatten_stats(next(iter(doc.values())))
    if isinstance(doc, list):
        out = {}
        for item in doc:
            if isinstance(item, dict) and "name" in item and "value" in item:
                out[item["name"]] = int(item["value"])
            else:
                out.update(flatten_stats(item))
        return out
    die("unexpected stats JSON shape: %r" % (doc,))


def main():
    if len(sys.argv) < 2:
        die("usage: stat NAME... | iperf tcp|udp | valid")
    what = sys.argv[1]
    if what == "sameaddr":
        a, b = (ipaddress.ip_address(x.strip().strip("[]")) for x in sys.argv[2:4])
        sys.exit(0 if a == b else 1)
    doc = load()
    if what == "valid":
        return
    if what == "stat":
        stats = flatten_stats(doc)
        for name in sys.argv[2:]:
            if name not in stats:
                die("no counter %r (have: %s)" % (name, ", ".join(sorted(stats))))
            print(stats[name])
        return
    if what == "iperf":
        if "error" in doc:
            die("iperf3 error: " + str(doc["error"]))
        end = doc.get("end", {})
        if sys.argv[2] == "tcp":
            s = end.get("sum_received")
            if not s:
                die("no end.sum_received in iperf3 output")
            print("%d %d" % (s["bits_per_second"], s["bytes"]))
        else:
            # Receiver-side numbers when iperf3 gives them (3.12 does).
            s = end.get("sum_received") or end.get("sum")
            if not s:
                die("no end.sum in iperf3 output")
            print("%d %.3f %d" % (s["bits_per_second"], s.get("lost_percent", 100.0),
                                  s.get("packets", 0)))
        return
    die("unknown mode " + what)


if __name__ == "__main__":
    main()
