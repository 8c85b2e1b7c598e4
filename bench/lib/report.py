#!/usr/bin/env python3
"""Turns bench/results/<ts>/raw.tsv (one line per round) and extras.tsv (one line per single
measurement) into the markdown report bench/run.sh prints and saves as report.md.

raw.tsv columns: part scenario workers target round rps p50_us p99_us p999_us errors cpu_us_per_req
peak_rss_kb. Rounds are aggregated by their median; errors are summed; RSS is the maximum."""
import collections
import statistics
import sys

PEERS = ("nginx", "haproxy")
ORDER = {"none": 0, "nginx": 1, "haproxy": 2, "sluice": 3}


def load(path):
    groups = collections.OrderedDict()
    with open(path) as f:
        for line in f:
            c = line.rstrip("\n").split("\t")
            if len(c) < 12 or c[0] == "part":
                continue
            key = tuple(c[0:4])
            groups.setdefault(key, []).append([float(x) for x in c[5:12]])
    out = {}
    for key, rows in groups.items():
        col = list(zip(*rows))
        out[key] = {
            "rounds": len(rows),
            "rps": statistics.median(col[0]),
            "p50": statistics.median(col[1]) / 1000,
            "p99": statistics.median(col[2]) / 1000,
            "p999": statistics.median(col[3]) / 1000,
            "errors": int(sum(col[4])),
            "cpu": statistics.median(col[5]),
            "rss": max(col[6]) / 1024,
            "spread": (max(col[0]) - min(col[0])) / statistics.median(col[0]) * 100
            if statistics.median(col[0]) else 0,
        }
    return out


def fmt_table(data):
    lines = [
        "| part | scenario | workers | target | req/s | spread | p50 ms | p99 ms | p99.9 ms | CPU µs/req | errors | peak RSS MiB |",
        "|---|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    keys = sorted(data, key=lambda k: (k[0], k[1], k[2], ORDER.get(k[3], 9), k[3]))
    for k in keys:
        d = data[k]
        lines.append(
            f"| {k[0]} | {k[1]} | {k[2]} | {k[3]} | {d['rps']:.0f} | {d['spread']:.0f}% | {d['p50']:.2f} | "
            f"{d['p99']:.2f} | {d['p999']:.2f} | {d['cpu']:.1f} | {d['errors']} | {d['rss']:.0f} |"
        )
    return lines


def fmt_ratios(data):
    lines = [
        "| part | scenario | workers | Sluice/NGINX req/s | Sluice/HAProxy req/s | Sluice/NGINX p99 | Sluice/HAProxy p99 | Sluice/no-proxy req/s |",
        "|---|---|---|---:|---:|---:|---:|---:|",
    ]
    cells = sorted({k[0:3] for k in data if k[3] == "sluice"})
    for part, scen, w in cells:
        s = data[(part, scen, w, "sluice")]
        row = [part, scen, w]
        for metric in ("rps", "p99"):
            for peer in PEERS:
                p = data.get((part, scen, w, peer))
                row.append(f"{s[metric] / p[metric]:.2f}×" if p and p[metric] else "n/a")
        none = data.get((part, scen, w, "none"))
        row.append(f"{s['rps'] / none['rps']:.2f}×" if none and none["rps"] else "n/a")
        lines.append("| " + " | ".join(row) + " |")
    return lines


# Parts whose targets are variants of Sluice, each compared with one baseline variant.
BASELINES = {"routes": "1-route", "reload": "steady", "jvm": "zgc"}


def baseline(part, target):
    """The variant a row is compared with; the peers' reload rows ("nginx-adding-route-…") with the
    same peer's steady row."""
    base = BASELINES.get(part)
    if part == "reload":
        for peer in PEERS:
            if target.startswith(peer + "-"):
                return f"{peer}-{base}"
    return base


def fmt_variants(data):
    lines = [
        "| part | variant | vs | req/s ratio | p99 ratio | CPU/req ratio | errors |",
        "|---|---|---|---:|---:|---:|---:|",
    ]
    for k in sorted(data):
        base = baseline(k[0], k[3])
        b = data.get((k[0], k[1], k[2], base)) if base else None
        if not b or k[3] == base:
            continue
        d = data[k]
        ratio = lambda m: f"{d[m] / b[m]:.3f}" if b[m] else "n/a"
        lines.append(
            f"| {k[0]} | {k[3]} | {base} | {ratio('rps')} | {ratio('p99')} | {ratio('cpu')} | {d['errors']} |"
        )
    return lines


def fmt_extras(path):
    lines = ["| measurement | value | target |", "|---|---|---|"]
    try:
        with open(path) as f:
            for line in f:
                c = line.rstrip("\n").split("\t")
                if len(c) >= 2:
                    lines.append(f"| {c[0]} | {c[1]} | {c[2] if len(c) > 2 else ''} |")
    except FileNotFoundError:
        pass
    return lines


def main():
    results = sys.argv[1]
    data = load(f"{results}/raw.tsv")
    out = ["## Throughput and latency (median of rounds)", ""] + fmt_table(data)
    out += ["", "## Sluice relative to its peers (req/s: higher is better; p99: lower is better)", ""]
    out += fmt_ratios(data)
    out += ["", "## Variants (routes, reload, JVM flags) against their baseline (reload: Sluice, NGINX and HAProxy each against its own steady run)", ""]
    out += fmt_variants(data)
    out += ["", "## Single measurements", ""] + fmt_extras(f"{results}/extras.tsv")
    print("\n".join(out))


if __name__ == "__main__":
    main()
