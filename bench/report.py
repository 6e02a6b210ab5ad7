#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Report of `make bench`: reads the raw records bench/run.sh wrote in the VM and writes
results.json, results.md and chart.png beside them; prints the Markdown tables.

usage: bench/report.py [DIR]     (default build/bench)

Medians and min/max are over the rounds. Ratios are paired by round (subject / reference
measured in the same round, a few seconds apart) and then summarised the same way, which
cancels most of the drift of a shared, emulated machine.

Two figures are derived from the raw records: the connection rate and the packet rate per
second of the gateway's CPU (CPU 1, busy time from /proc/stat over the measurement), which
measure the gateway even when the end hosts on CPU 0 limit the raw rate.
"""
import json
import os
import statistics
import sys

# key, title, unit, higher is better. flowsN / tcpflowsN are added for the N measured.
BASE_WORKLOADS = [
    ("pps", "64-byte UDP rate", "pps", True),
    ("pps_gw", "64-byte UDP per gateway CPU-second", "pps/CPU-s", True),
    ("tcp1", "TCP bulk, 1 stream", "bit/s", True),
    ("tcp8", "TCP bulk, 8 streams", "bit/s", True),
    ("crr", "new TCP connections (raw)", "conn/s", True),
    ("crr_gw", "new TCP connections per gateway CPU-second", "conn/CPU-s", True),
    ("newflows", "new UDP flows (raw; the gateway is the limit)", "flows/s", True),
    ("newflows_gw", "new UDP flows per gateway CPU-second", "flows/CPU-s", True),
    ("newconns", "new TCP connections, SYN + SYN-ACK (raw; the gateway is the limit)",
     "conn/s", True),
    ("newconns_gw", "new TCP connections (SYN + SYN-ACK) per gateway CPU-second",
     "conn/CPU-s", True),
]
RATE_WORKLOADS = ["pps", "pps_gw", "tcp1", "tcp8", "crr", "crr_gw", "newflows", "newflows_gw",
                  "newconns", "newconns_gw"]
# The references each subject is compared with: plain forwarding (the client sends the
# same IPv6 packets) and the Jool mode doing the same job.
PLAIN = "plain-v6"
JOOL_PEER = {"nat64-siit": "jool-siit", "nat64-nat64": "jool-nat64",
             "nat64-tcpopt": "jool-nat64", "tayga": "jool-siit"}
# Per-flow memory of a translator that keeps nothing per TCP flow is 0 within this
# measurement noise (bytes per flow at 10k flows: the VM's own allocations between the two
# readings, 100-200 KB; see Documentation/bench.rst). Any per-flow state is well above it
# (a TCP session costs 150-200 B in both stateful translators).
ZERO_FLOW_BYTES = 32


def targets_spec(flows, tcp_flows):
    """Targets of the issue: (workload, subject, reference or None, op, goal, text).
    op: ">=" / "<=" on the median paired ratio; "abs<=" on the median absolute value."""
    t = []
    for w, lab in (("pps", "raw"), ("pps_gw", "per gateway CPU-s")):
        t += [(w, "nat64-siit", PLAIN, ">=", 0.95,
               "SIIT small-packet rate >= 0.95 x plain forwarding (%s)" % lab),
              (w, "nat64-siit", "jool-siit", ">=", 1.3,
               "SIIT small-packet rate >= 1.3 x Jool SIIT (%s)" % lab),
              (w, "nat64-nat64", PLAIN, ">=", 0.9,
               "stateful small-packet rate >= 0.9 x plain forwarding (%s)" % lab),
              (w, "nat64-nat64", "jool-nat64", ">=", 1.3,
               "stateful small-packet rate >= 1.3 x Jool NAT64 (%s)" % lab),
              (w, "nat64-tcpopt", PLAIN, ">=", 0.9,
               "option mode (UDP is stateful) small-packet rate >= 0.9 x plain (%s)" % lab),
              (w, "nat64-tcpopt", "jool-nat64", ">=", 1.3,
               "option mode (UDP is stateful) small-packet rate >= 1.3 x Jool NAT64 (%s)"
               % lab)]
    for s in ("nat64-siit", "nat64-nat64", "nat64-tcpopt"):
        for w in ("tcp1", "tcp8"):
            t.append((w, s, PLAIN, ">=", 0.95, "%s TCP bulk (%s streams) >= 0.95 x plain "
                      "forwarding" % (s, w[3:])))
    # Two measures of the connection rate: crr (whole connections between real TCP
    # stacks; on 2 vCPUs the end hosts are the limit) and newconns (the setup exchange
    # with the gateway as the limit; Documentation/bench.rst).
    for w, lab in (("crr", "crr raw"), ("crr_gw", "crr per gateway CPU-s"),
                   ("newconns", "newconns raw"), ("newconns_gw", "newconns per gateway CPU-s")):
        t += [(w, "nat64-nat64", "jool-nat64", ">=", 1.5,
               "stateful new connections/s >= 1.5 x Jool NAT64 (%s)" % lab),
              (w, "nat64-tcpopt", "jool-nat64", ">=", 2.0,
               "TCP-option mode new connections/s >= 2 x Jool NAT64 (%s)" % lab)]
    # Not a target of its own: the stateful setup cost (mapping + session per flow) with
    # the gateway, not the end hosts' TCP stacks, doing most of the work.
    t.append(("newflows_gw", "nat64-nat64", "jool-nat64", ">=", 1.5,
              "stateful flow setup >= 1.5 x Jool NAT64 (new UDP flows per gateway CPU-s; "
              "evidence for the connection target)"))
    for n in flows:
        t.append(("flows%d" % n, "nat64-nat64", "jool-nat64", "<=", 1.0,
                  "memory per stateful UDP session <= Jool NAT64's (%d flows)" % n))
    for n in tcp_flows:
        t.append(("tcpflows%d" % n, "nat64-nat64", "jool-nat64", "<=", 1.0,
                  "memory per stateful TCP session <= Jool NAT64's (%d connections)" % n))
        t.append(("tcpflows%d" % n, "nat64-tcpopt", None, "abs<=", ZERO_FLOW_BYTES,
                  "TCP-option mode: zero gateway memory per TCP flow (<= %d B, %d "
                  "connections)" % (ZERO_FLOW_BYTES, n)))
    return t


def load_jsonl(path):
    out = []
    if os.path.exists(path):
        with open(path) as f:
            for line in f:
                line = line.strip()
                if line:
                    try:
                        out.append(json.loads(line))
                    except ValueError:
                        pass	# a record cut short when the VM was killed
    return out


def num(r, key):
    """A record's numeric field, or None (absent, empty or not a number)."""
    try:
        return float(r[key])
    except (KeyError, TypeError, ValueError):
        return None


def nums(recs, key):
    return [v for v in (num(r, key) for r in recs) if v is not None]


def summary(vals):
    if not vals:
        return None
    return {"median": statistics.median(vals), "min": min(vals), "max": max(vals),
            "n": len(vals)}


def fmt(v, unit):
    if v is None:
        return "-"
    if unit == "bit/s":
        return "%.2f G" % (v / 1e9) if v >= 1e9 else "%.0f M" % (v / 1e6)
    if unit.startswith("pps") or unit.startswith("flows/"):
        return "%.1f k" % (v / 1e3)
    return "%.0f" % v


def fmt_sum(s, unit):
    if not s:
        return "-"
    return "%s [%s..%s]" % (fmt(s["median"], unit), fmt(s["min"], unit), fmt(s["max"], unit))


def fmt_ratio(s):
    if not s:
        return "-"
    return "%.2f [%.2f..%.2f]" % (s["median"], s["min"], s["max"])


def workload_list(env, values):
    flows = sorted({int(w[5:]) for (_, w) in values if w.startswith("flows")} |
                   set(env.get("flows", [])))
    tcp_flows = sorted({int(w[8:]) for (_, w) in values if w.startswith("tcpflows")} |
                       set(env.get("tcp_flows", [])))
    wl = list(BASE_WORKLOADS)
    for n in flows:
        wl.append(("flows%d" % n, "gateway memory per UDP flow, %d flows" % n, "B/flow", False))
    for n in tcp_flows:
        wl.append(("tcpflows%d" % n, "gateway memory per TCP connection, %d held" % n,
                   "B/flow", False))
    return wl, flows, tcp_flows


def analyse(d):
    raw = load_jsonl(os.path.join(d, "raw.jsonl"))
    subjects = load_jsonl(os.path.join(d, "subjects.jsonl"))
    env = {}
    if os.path.exists(os.path.join(d, "env.json")):
        with open(os.path.join(d, "env.json")) as f:
            env = json.load(f)
    if os.path.exists(os.path.join(d, "host.json")):
        with open(os.path.join(d, "host.json")) as f:
            env["host"] = json.load(f)
    sent = {}     # subject -> [(delivered, sent)] of the pps workload
    values = {}   # (subject, workload) -> {round: value}
    errors = {}   # (subject, workload) -> [error...]
    records = {}  # (subject, workload) -> {round: record}
    checks = []   # check records (subject evidence after crr, e.g. option mode counters)
    # TCP bulk of a translator against plain IPv6 forwarding measured next to it, in its
    # own topology: (subject, workload) -> {round: (ratio, plain bit/s)}
    same_topo = {}
    for r in raw:
        key = (r["subject"], r["workload"])
        if r["workload"] == "check":
            checks.append(r)
            continue
        if "error" in r:
            errors.setdefault(key, []).append(r["error"])
            continue
        if "value" not in r:
            continue
        rnd = r["round"]
        values.setdefault(key, {})[rnd] = float(r["value"])
        records.setdefault(key, {})[rnd] = r
        w = r["workload"]
        if w == "pps" and r.get("sent"):
            sent.setdefault(r["subject"], []).append((float(r["value"]), float(r["sent"])))
        if w in ("pps", "newflows", "newconns") and (num(r, "gw_util") or 0) > 0:
            values.setdefault((r["subject"], w + "_gw"), {})[rnd] = \
                float(r["value"]) / num(r, "gw_util")
        if w in ("tcp1", "tcp8") and (num(r, "plain_same_topo") or 0) > 0:
            same_topo.setdefault((r["subject"], w), {})[rnd] = \
                (float(r["value"]) / num(r, "plain_same_topo"), num(r, "plain_same_topo"))
        if w == "crr" and (num(r, "gw_cpu_s") or 0) > 0 and num(r, "conns"):
            values.setdefault((r["subject"], "crr_gw"), {})[rnd] = \
                num(r, "conns") / num(r, "gw_cpu_s")
    workloads, flows, tcp_flows = workload_list(env, values)
    absolute = {}
    for (s, w), byround in values.items():
        absolute.setdefault(s, {})[w] = summary(list(byround.values()))

    def paired(s, ref, w):
        a, b = values.get((s, w), {}), values.get((ref, w), {})
        rs = [a[k] / b[k] for k in a if k in b and b[k] > 0]
        return summary(rs)

    ratios = {}
    for s in absolute:
        for w in RATE_WORKLOADS:
            ent = ratios.setdefault(s, {}).setdefault(w, {})
            if s != PLAIN:
                ent["vs_plain"] = paired(s, PLAIN, w)
            if s in JOOL_PEER:
                ent["vs_jool"] = paired(s, JOOL_PEER[s], w)
            if (s, w) in same_topo:
                byround = same_topo[(s, w)].values()
                ent["vs_plain_same_topo"] = summary([x[0] for x in byround])
                ent["plain_same_topo"] = summary([x[1] for x in byround])

    # Memory per TCP connection, side figures: total memory growth per connection (end hosts'
    # sockets included), the same minus plain-v6's in the same round, the host role's.
    tcpmem = {}
    for n in tcp_flows:
        w = "tcpflows%d" % n
        for (s, ww), byround in records.items():
            if ww != w:
                continue
            ref = records.get((PLAIN, w), {})
            recs = list(byround.values())
            ent = {"gateway": summary(nums(recs, "value")),
                   "growth": summary(nums(recs, "growth_per_flow")),
                   "growth_minus_plain": summary([
                       num(r, "growth_per_flow") - num(ref[k], "growth_per_flow")
                       for k, r in byround.items()
                       if k in ref and num(r, "growth_per_flow") is not None and
                       num(ref[k], "growth_per_flow") is not None]),
                   "held": summary(nums(recs, "held")),
                   "hold_secs": summary(nums(recs, "hold_secs"))}
            for key, name in (("host_per_flow", "host_role"),
                              ("gw_tcp_sessions", "gw_tcp_sessions"),
                              ("hostflows", "hostflows")):
                v = nums(recs, key)
                if v:
                    ent[name] = summary(v)
            tcpmem.setdefault(s, {})[w] = ent

    targets = []
    avail = {x["subject"]: x for x in subjects}
    for w, s, ref, op, goal, text in targets_spec(flows, tcp_flows):
        if op == "abs<=":
            r = absolute.get(s, {}).get(w)
        elif (s, w) in same_topo:
            # TCP bulk: against plain forwarding measured next to it (see wl_tcp).
            r = ratios[s][w]["vs_plain_same_topo"]
            ref = PLAIN + " (same topology)"
            text += " (measured next to it, same topology)"
        else:
            r = paired(s, ref, w)
        if r is None:
            def why_not(x):
                if x not in avail:
                    return "%s not in this run" % x
                if not avail[x].get("available", False):
                    return "%s not available" % x
                return None
            why = why_not(s) or (ref and why_not(ref)) or "no measurement"
            status = "n/a (%s)" % why
        elif op == ">=":
            status = "pass" if r["median"] >= goal else "MISS"
        else:
            status = "pass" if r["median"] <= goal else "MISS"
        t = {"workload": w, "subject": s, "reference": ref, "op": op, "target": goal,
             "text": text, "measured": r, "status": status}
        # Against Jool, plain forwarding's own ratio is what a translator costing nothing
        # would reach: where it is under the goal, the end hosts set the figure.
        if ref in JOOL_PEER.values() and w in RATE_WORKLOADS:
            t["plain_vs_reference"] = paired(PLAIN, ref, w)
        targets.append(t)
    # The pps figure measures the gateway only while pktgen sends clearly more than
    # arrives; when (nearly) everything sent arrives, the sender was the limit.
    sender_limited = sorted(s for s, v in sent.items()
                            if statistics.median(d / x for d, x in v if x > 0) >= 0.9)
    gw_util = {}
    for (s, w), byround in records.items():
        us = nums(byround.values(), "gw_util")
        if us:
            gw_util.setdefault(s, {})[w] = summary(us)
    return {"env": env, "subjects": subjects, "workloads": [w[0] for w in workloads],
            "pps_sender_limited": sender_limited, "absolute": absolute, "ratios": ratios,
            "gateway_cpu_utilisation": gw_util, "tcp_memory": tcpmem,
            "subject_checks": checks, "targets": targets,
            "errors": {"%s/%s" % k: v for k, v in errors.items()},
            "flows_detail": {"%s/%s" % k: {x: v[max(v)][x] for x in
                                            ("flows", "kmem_delta", "slab_delta")
                                            if x in v[max(v)]}
                             for k, v in records.items() if k[1].startswith("flows")}}


def markdown(res):
    env = res["env"]
    subj = [x for x in res["subjects"] if x.get("available")]
    wl_all, _, _ = workload_list(env, {(s, w): 1 for s in res["absolute"]
                                       for w in res["absolute"][s]})
    workloads = [w for w in wl_all if any(w[0] in res["absolute"].get(s["subject"], {})
                                          for s in subj)]
    rate_wl = [w for w in workloads if w[0] in RATE_WORKLOADS]
    mem_wl = [w for w in workloads if w[0] not in RATE_WORKLOADS]
    L = ["# nat64 benchmark (%s mode)" % env.get("mode", "?"), ""]
    L.append("Kernel %s, %s vCPU(s) under qemu TCG (%s); %s rounds of %s s per workload. "
             "Cells: median [min..max] over the rounds." % (
                 env.get("kernel", "?"), env.get("cpus", "?"), env.get("cpu_model", "?"),
                 env.get("rounds", "?"), env.get("seconds", "?")))
    host = env.get("host", {})
    if host.get("other_vms_at_start"):
        L += ["", "**Warning: %d other VM(s) were running on the machine when this run started "
              "(load average %s): the figures are noisy and slower than on a quiet "
              "machine.**" % (host["other_vms_at_start"], host.get("loadavg_at_start", "?"))]

    def table(wls):
        out = ["| subject | " + " | ".join("%s (%s)" % (w[1], w[2]) for w in wls) + " |",
               "|---" * (len(wls) + 1) + "|"]
        for s in subj:
            a = res["absolute"].get(s["subject"], {})
            cells = []
            for w in wls:
                c = fmt_sum(a.get(w[0]), w[2])
                det = res["flows_detail"].get("%s/%s" % (s["subject"], w[0]), {})
                want = int(w[0][5:]) if w[0].startswith("flows") else 0
                if det.get("flows") is not None and det["flows"] < 0.99 * want:
                    c += " (only %d flows got through)" % det["flows"]
                tm = res["tcp_memory"].get(s["subject"], {}).get(w[0], {})
                if tm.get("held") and w[0].startswith("tcpflows") and \
                        tm["held"]["min"] < 0.99 * int(w[0][8:]):
                    c += " (only %d held)" % tm["held"]["min"]
                err = res["errors"].get("%s/%s" % (s["subject"], w[0]))
                if err:
                    c += " (%d failed)" % len(err)
                cells.append(c)
            out.append("| %s | %s |" % (s["subject"], " | ".join(cells)))
        return out

    L += ["", "## Rates (absolute)", "",
          "Raw figures are what the end hosts achieved; *per gateway CPU-second* divides "
          "the packets or connections by the busy time of the gateway's CPU (CPU 1) over the "
          "same window: the gateway's capacity when the end hosts (CPU 0) are the limit.", ""]
    L += table(rate_wl)
    if res.get("pps_sender_limited"):
        L += ["", "**pps: the sender was the limit for %s** (the server received 90%% or more "
              "of what pktgen sent, see ``sent`` in raw.jsonl): those raw rates say little "
              "about the gateway (the per gateway CPU-second figure still does); typical of "
              "a busy machine." % ", ".join(res["pps_sender_limited"])]
    util = res.get("gateway_cpu_utilisation", {})
    nc_free = [s["subject"] for s in subj
               if util.get(s["subject"], {}).get("newconns", {}).get("median", 1) < 0.9]
    if nc_free:
        L += ["", "newconns: the gateway's CPU was under 90%% busy for %s, so synrate (CPU 0) "
              "was the limit and the raw figure understates the gateway; the per gateway "
              "CPU-second figure still measures it." % ", ".join(nc_free)]
    if util:
        L += ["", "Gateway CPU busy (median fraction of CPU 1 during the measurement): " +
              "; ".join("%s %s" % (s["subject"], ", ".join(
                  "%s %.0f%%" % (w, 100 * util[s["subject"]][w]["median"])
                  for w in ("pps", "tcp1", "tcp8", "crr", "newflows", "newconns")
                  if w in util.get(s["subject"], {})))
                  for s in subj if s["subject"] in util)]
    def cost_per(w, text, digits, diff):
        """One line: the gateway CPU time per connection or flow (1 / median of w, in
        microseconds) of every subject; diff adds the difference to plain forwarding's."""
        fig = {s["subject"]: res["absolute"].get(s["subject"], {}).get(w) for s in subj}
        base = fig.get(PLAIN) if diff else None
        items = ["%s %.*f%s" % (s, digits, 1e6 / v["median"],
                                " (%+.*f)" % (digits, 1e6 / v["median"] - 1e6 / base["median"])
                                if base and base["median"] > 0 and s != PLAIN else "")
                 for s, v in fig.items() if v and v["median"] > 0]
        return ["", text + "; ".join(items)] if items else []

    L += cost_per("crr_gw", "Gateway CPU time per new TCP connection (1 / crr_gw; median, "
                  "microseconds; in brackets the difference to plain forwarding, i.e. what "
                  "translating the connection's packets adds): ", 0, True)
    L += cost_per("newconns_gw", "Gateway CPU time per TCP connection setup (1 / newconns_gw; "
                  "median, microseconds; SYN and SYN-ACK, the reflection included; in "
                  "brackets the difference to plain forwarding): ", 1, True)
    L += cost_per("newflows_gw", "Gateway CPU time per new UDP flow (1 / newflows_gw; median, "
                  "microseconds; one packet that creates a mapping and a session): ", 1, False)
    L += ["", "## Memory", "",
          "Gateway bytes per flow (lower is better), kernel memory as /proc/meminfo counts "
          "it (Slab + VmallocUsed: slab objects, large kmallocs such as hash table buckets, "
          "vmalloc). UDP: its growth while pktgen opens the flows, divided by the flows. TCP: "
          "what removing the translator frees while the connections are held, divided by "
          "them (the end hosts' sockets do not count; see Documentation/bench.rst).", ""]
    L += table(mem_wl)
    tcpw = [w for w in mem_wl if w[0].startswith("tcpflows")]
    if tcpw:
        L += ["", "TCP connections held, absolute figures (bytes per connection, all "
              "namespaces share one kernel so memory growth includes both end hosts' sockets):",
              "", "| subject | connections | memory growth / conn | growth minus plain-v6 "
              "(same round) | gateway (freed at removal) | host role on the server | "
              "gateway TCP sessions | host flows |", "|---|---|---|---|---|---|---|---|"]
        for w in tcpw:
            for s in subj:
                tm = res["tcp_memory"].get(s["subject"], {}).get(w[0])
                if not tm:
                    continue
                L.append("| %s | %s | %s | %s | %s | %s | %s | %s |" % (
                    s["subject"], fmt_sum(tm.get("held"), "n"),
                    fmt_sum(tm.get("growth"), "B"), fmt_sum(tm.get("growth_minus_plain"), "B"),
                    fmt_sum(tm.get("gateway"), "B"), fmt_sum(tm.get("host_role"), "B"),
                    fmt_sum(tm.get("gw_tcp_sessions"), "n"),
                    fmt_sum(tm.get("hostflows"), "n")))
    L += ["", "## Ratios (paired by round; median [min..max])", "",
          "vs plain = against plain IPv6 forwarding; vs Jool = against the Jool mode doing "
          "the same job (SIIT for stateless subjects, NAT64 for stateful ones). *_gw = per "
          "gateway CPU-second.", ""]
    rws = [w for w in RATE_WORKLOADS if any(w == x[0] for x in rate_wl)]
    L += ["| subject | " + " | ".join("%s vs plain | %s vs Jool" % (w, w) for w in rws) + " |",
          "|---" * (2 * len(rws) + 1) + "|"]
    for s in subj:
        r = res["ratios"].get(s["subject"], {})
        cells = []
        for w in rws:
            cells.append(fmt_ratio(r.get(w, {}).get("vs_plain")))
            cells.append(fmt_ratio(r.get(w, {}).get("vs_jool")))
        L.append("| %s | %s |" % (s["subject"], " | ".join(cells)))
    pt = [(s["subject"], res["ratios"].get(s["subject"], {})) for s in subj]
    pt = [(s, r) for s, r in pt if any("vs_plain_same_topo" in r.get(w, {})
                                       for w in ("tcp1", "tcp8"))]
    if pt:
        L += ["", "TCP bulk against plain IPv6 forwarding measured next to it in the "
              "translator's own topology (the server also has an IPv6 address outside the "
              "prefix; half-time slices in the order plain, translated, translated, plain, "
              "each side averaged): the TCP bulk "
              "targets use these ratios.", "",
              "| subject | tcp1 plain (same topology) | tcp1 ratio | tcp8 plain (same "
              "topology) | tcp8 ratio |", "|---|---|---|---|---|"]
        for s, r in pt:
            L.append("| %s | %s | %s | %s | %s |" % (
                s, fmt_sum(r.get("tcp1", {}).get("plain_same_topo"), "bit/s"),
                fmt_ratio(r.get("tcp1", {}).get("vs_plain_same_topo")),
                fmt_sum(r.get("tcp8", {}).get("plain_same_topo"), "bit/s"),
                fmt_ratio(r.get("tcp8", {}).get("vs_plain_same_topo"))))
    L += ["", "## Targets", "",
          "Ratios are medians of per-round ratios; \"raw\" = as the end hosts measured, "
          "\"per gateway CPU-s\" = divided by the gateway CPU's busy time. Against Jool, "
          "\"plain forwarding\" is plain-v6's own ratio to the same Jool mode in the same "
          "rounds: the most a translator that cost nothing could reach. Where it is under "
          "the target, the end hosts, not the gateway, set the figure.", "",
          "| target | measured | plain forwarding | status |", "|---|---|---|---|"]
    for t in res["targets"]:
        m = t["measured"]
        if t["op"] == "abs<=":
            ms = "-" if not m else "%.1f B [%.1f..%.1f]" % (m["median"], m["min"], m["max"])
        else:
            ms = fmt_ratio(m)
        pl = fmt_ratio(t["plain_vs_reference"]) if "plain_vs_reference" in t else ""
        L.append("| %s | %s | %s | %s |" % (t["text"], ms, pl, t["status"]))
    if res["subject_checks"]:
        L += ["", "## Subject checks after crr (per round)", "",
              "nat64-tcpopt: TCP must leave no gateway session (gw_tcp_sessions 0) while the "
              "option counters grow (opt_sealed / opt_opened at the gateway, "
              "host_opt_stripped / host_opt_added at the server).", ""]
        for c in res["subject_checks"]:
            L.append("- %s round %s: " % (c["subject"], c["round"]) + ", ".join(
                "%s %s" % (k, v) for k, v in c.items()
                if k not in ("subject", "round", "workload")))
    missing = [x for x in res["subjects"] if not x.get("available")]
    if missing:
        L += ["", "## Not measured", ""]
        for x in missing:
            L.append("- %s (%s): %s" % (x["subject"], x.get("desc", ""), x.get("reason", "")))
    if res["errors"]:
        L += ["", "## Failed measurements", ""]
        for k, v in sorted(res["errors"].items()):
            L.append("- %s: %s" % (k, ", ".join(v)))
    L.append("")
    return "\n".join(L)


def chart(res, path):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    subj = [x["subject"] for x in res["subjects"] if x.get("available")]
    wl_all, _, _ = workload_list(res["env"], {(s, w): 1 for s in res["absolute"]
                                              for w in res["absolute"][s]})
    workloads = [w for w in wl_all if any(w[0] in res["absolute"].get(s, {}) for s in subj)]
    if not workloads:
        return
    ncols = min(5, len(workloads))
    nrows = (len(workloads) + ncols - 1) // ncols
    fig, axes = plt.subplots(nrows, ncols, figsize=(3.2 * ncols, 4.2 * nrows), squeeze=False)
    axes = [a for row in axes for a in row]
    colors = {"limit": "#999999", "this": "#1f77b4", "peer": "#ff7f0e"}
    kinds = {x["subject"]: x.get("kind", "peer") for x in res["subjects"]}
    scale = {"pps": (1e3, "kpps"), "pps/CPU-s": (1e3, "kpps per gateway CPU-s"),
             "bit/s": (1e6, "Mbit/s"), "conn/s": (1, "conn/s"),
             "conn/CPU-s": (1, "conn per gateway CPU-s"), "B/flow": (1, "bytes per flow"),
             "flows/s": (1e3, "k flows/s"), "flows/CPU-s": (1e3, "k flows per gateway CPU-s")}
    for ax, (key, title, unit, _) in zip(axes, workloads):
        div, label = scale[unit]
        xs, meds, lo, hi, cols = [], [], [], [], []
        for s in subj:
            v = res["absolute"].get(s, {}).get(key)
            if not v:
                continue
            xs.append(s)
            meds.append(v["median"] / div)
            lo.append((v["median"] - v["min"]) / div)
            hi.append((v["max"] - v["median"]) / div)
            cols.append(colors.get(kinds.get(s), "#2ca02c"))
        ax.bar(range(len(xs)), meds, yerr=[lo, hi], color=cols, capsize=3)
        ax.set_xticks(range(len(xs)))
        ax.set_xticklabels(xs, rotation=60, ha="right", fontsize=8)
        ax.set_title(title, fontsize=8)
        ax.set_ylabel(label, fontsize=8)
        ax.tick_params(axis="y", labelsize=8)
    for ax in axes[len(workloads):]:
        ax.axis("off")
    fig.suptitle("nat64 bench (%s mode): median, bars = min..max over rounds; grey = plain "
                 "forwarding, blue = this project, orange = peers" %
                 res["env"].get("mode", "?"), fontsize=9)
    fig.tight_layout()
    fig.savefig(path, dpi=100)


def main():
    d = sys.argv[1] if len(sys.argv) > 1 else "build/bench"
    if not os.path.exists(os.path.join(d, "raw.jsonl")):
        print("report: no %s/raw.jsonl (run make bench first)" % d, file=sys.stderr)
        return 1
    res = analyse(d)
    with open(os.path.join(d, "results.json"), "w") as f:
        json.dump(res, f, indent=1, sort_keys=True)
    md = markdown(res)
    with open(os.path.join(d, "results.md"), "w") as f:
        f.write(md)
    try:
        chart(res, os.path.join(d, "chart.png"))
    except ImportError:
        print("report: python3-matplotlib missing, no chart (make bench installs it)",
              file=sys.stderr)
    print(md)
    print("report: %s/results.{json,md}, %s/chart.png" % (d, d))
    return 0


if __name__ == "__main__":
    sys.exit(main())
