#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Checks on nat64ctl -j output for the stateful selftests (reads stdin).

  nat64_json.py len                      number of entries of a JSON array
  nat64_json.py field KEY                the KEY of each entry, one per line
  nat64_json.py all 'EXPR'               exit 0 if EXPR (python, on e) holds for every entry
                                         and there is at least one
  nat64_json.py any 'EXPR'               exit 0 if EXPR holds for some entry
  nat64_json.py obj 'EXPR'               exit 0 if EXPR holds for the object d
  nat64_json.py lines                    number of JSON objects, one per line (monitor -j)
"""
import json
import sys


def main():
    cmd = sys.argv[1]
    text = sys.stdin.read()
    if cmd == "lines":
        n = 0
        for line in text.splitlines():
            if line.strip():
                json.loads(line)
                n += 1
        print(n)
        return 0
    d = json.loads(text)
    if cmd == "len":
        print(len(d))
    elif cmd == "field":
        for e in d:
            print(e.get(sys.argv[2]))
    elif cmd == "all":
        return 0 if d and all(eval(sys.argv[2], {}, {"e": e}) for e in d) else 1
    elif cmd == "any":
        return 0 if any(eval(sys.argv[2], {}, {"e": e}) for e in d) else 1
    elif cmd == "obj":
        return 0 if eval(sys.argv[2], {}, {"d": d}) else 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
