#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Report of `make bench`: reads the raw records bench/run.sh wrote in the VM and writes
results.json, results.md and chart.png beside them; prints the Markdown tables.

usage: bench/report.py [DIR]     (default build/bench)

Medians and min/max are over the rounds. Ratios are paired by round (subject / reference
measured in the same round, a few seconds apart) and then summarised the same way, which
cancels most of the drift of a shared, emulated machine.
"""
import json
import os
import statistics
import sys

WORKLOADS = [  # key, title, unit, higher is better
    ("pps", "64-byte UDP rate", "pps", True),
    ("tcp1", "TCP bulk, 1 stream", "bit/s", True),
    ("tcp8", "TCP bulk, 8 streams", "bit/s", True),
    ("crr", "new TCP connections", "conn/s", True),
    ("flows10000", "memory per flow, 10k flows", "B/flow", False),
    ("flows100000", "memory per flow, 100k flows", "B/flow", False),
]
RATE_WORKLOADS = ["pps", "tcp1", "tcp8", "crr"]
# The references each subject is compared with: plain forwarding (the client sends the
# same IPv6 packets) and the Jool mode doing the same job.
PLAIN = "plain-v6"
JOOL_PEER = {"nat64-siit": "jool-siit", "nat64-nat64": "jool-nat64",
             "nat64-tcpopt": "jool-nat64", "tayga": "jool-siit"}
# Targets later work must reach (issue text); checked on the median paired ratio.
TARGETS = [
    ("pps", "nat64-siit", PLAIN, 0.95, "small-packet rate >= 0.95 x plain forwarding"),
    ("pps", "nat64-siit", "jool-siit", 1.3, "small-packet rate >= 1.3 x Jool SIIT"),
    ("tcp1", "nat64-siit", PLAIN, 0.95, "TCP bulk (1 stream) >= 0.95 x plain forwarding"),
    ("tcp8", "nat64-siit", PLAIN, 0.95, "TCP bulk (8 streams) >= 0.95 x plain forwarding"),
    ("crr", "nat64-nat64", "jool-nat64", 1.5, "new connections/s >= 1.5 x Jool NAT64 (stateful)"),
]


def load_jsonl(path):
    out = []
    if os.path.exists(path):
        with open(path) as f:
            for line in f:
                line = line.strip()
                if line:
                    out.append(json.loads(line))
    return out


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
    if unit == "pps":
        return "%.1f k" % (v / 1e3)
    if unit == "B/flow":
        return "%.0f" % v
    return "%.0f" % v


def fmt_sum(s, unit):
    if not s:
        return "-"
    return "%s [%s..%s]" % (fmt(s["median"], unit), fmt(s["min"], unit), fmt(s["max"], unit))


def fmt_ratio(s):
    if not s:
        return "-"
    return "%.2f [%.2f..%.2f]" % (s["median"], s["min"], s["max"])


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
    extra = {}    # (subject, workload) -> last record (flows counts etc.)
    for r in raw:
        key = (r["subject"], r["workload"])
        if "error" in r:
            errors.setdefault(key, []).append(r["error"])
        elif "value" in r:
            values.setdefault(key, {})[r["round"]] = float(r["value"])
            extra[key] = r
            if r["workload"] == "pps" and r.get("sent"):
                sent.setdefault(r["subject"], []).append((float(r["value"]), float(r["sent"])))
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
    targets = []
    avail = {x["subject"]: x for x in subjects}
    for w, s, ref, goal, text in TARGETS:
        r = paired(s, ref, w)
        if r is None:
            why = "subject not available" if not avail.get(s, {}).get("available", False) \
                else "reference not available" if not avail.get(ref, {}).get("available", False) \
                else "no measurement"
            status = "n/a (%s)" % why
        else:
            status = "pass" if r["median"] >= goal else "MISS"
        targets.append({"workload": w, "subject": s, "reference": ref, "target": goal,
                        "text": text, "ratio": r, "status": status})
    # The pps figure measures the gateway only while pktgen sends clearly more than
    # arrives; when (nearly) everything sent arrives, the sender was the limit.
    sender_limited = sorted(s for s, v in sent.items()
                            if statistics.median(d / x for d, x in v if x > 0) >= 0.9)
    return {"env": env, "subjects": subjects, "pps_sender_limited": sender_limited, "absolute": absolute, "ratios": ratios,
            "targets": targets, "errors": {"%s/%s" % k: v for k, v in errors.items()},
            "flows_detail": {"%s/%s" % k: {x: v[x] for x in ("flows", "slab_delta",
                                                              "meminfo_slab_delta") if x in v}
                             for k, v in extra.items() if k[1].startswith("flows")}}


def markdown(res):
    env = res["env"]
    subj = [x for x in res["subjects"] if x.get("available")]
    workloads = [w for w in WORKLOADS if any(w[0] in res["absolute"].get(s["subject"], {})
                                             for s in subj)]
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
    L += ["", "## Absolute figures", ""]
    hdr = "| subject | " + " | ".join("%s (%s)" % (w[1], w[2]) for w in workloads) + " |"
    L += [hdr, "|---" * (len(workloads) + 1) + "|"]
    for s in subj:
        a = res["absolute"].get(s["subject"], {})
        cells = []
        for w in workloads:
            c = fmt_sum(a.get(w[0]), w[2])
            det = res["flows_detail"].get("%s/%s" % (s["subject"], w[0]), {})
            want = int(w[0][5:]) if w[0].startswith("flows") else 0
            if det.get("flows") is not None and det["flows"] < 0.99 * want:
                c += " (only %d flows got through)" % det["flows"]
            err = res["errors"].get("%s/%s" % (s["subject"], w[0]))
            if err:
                c += " (%d failed)" % len(err)
            cells.append(c)
        L.append("| %s | %s |" % (s["subject"], " | ".join(cells)))
    if res.get("pps_sender_limited"):
        L += ["", "**pps: the sender was the limit for %s** (the server received 90%% or more "
              "of what pktgen sent, see ``sent`` in raw.jsonl): those rates say little about "
              "the gateway; typical of a busy machine." % ", ".join(res["pps_sender_limited"])]
    L += ["", "## Ratios (paired by round; median [min..max])", "",
          "vs plain = against plain IPv6 forwarding; vs Jool = against the Jool mode doing "
          "the same job (SIIT for stateless subjects, NAT64 for stateful ones).", ""]
    L += ["| subject | " + " | ".join("%s vs plain | %s vs Jool" % (w, w)
                                      for w in RATE_WORKLOADS) + " |",
          "|---" * (2 * len(RATE_WORKLOADS) + 1) + "|"]
    for s in subj:
        r = res["ratios"].get(s["subject"], {})
        cells = []
        for w in RATE_WORKLOADS:
            cells.append(fmt_ratio(r.get(w, {}).get("vs_plain")))
            cells.append(fmt_ratio(r.get(w, {}).get("vs_jool")))
        L.append("| %s | %s |" % (s["subject"], " | ".join(cells)))
    L += ["", "## Targets", "", "| target | measured ratio | status |", "|---|---|---|"]
    for t in res["targets"]:
        L.append("| %s | %s | %s |" % (t["text"], fmt_ratio(t["ratio"]), t["status"]))
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
    workloads = [w for w in WORKLOADS if any(w[0] in res["absolute"].get(s, {}) for s in subj)]
    if not workloads:
        return
    fig, axes = plt.subplots(1, len(workloads), figsize=(3.2 * len(workloads), 4.2))
    if len(workloads) == 1:
        axes = [axes]
    colors = {"limit": "#999999", "this": "#1f77b4", "peer": "#ff7f0e"}
    kinds = {x["subject"]: x.get("kind", "peer") for x in res["subjects"]}
    scale = {"pps": (1e3, "kpps"), "bit/s": (1e6, "Mbit/s"), "conn/s": (1, "conn/s"),
             "B/flow": (1, "bytes per flow")}
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
        ax.set_title(title, fontsize=9)
        ax.set_ylabel(label, fontsize=8)
        ax.tick_params(axis="y", labelsize=8)
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
