#!/usr/bin/env python3
"""Reads h2load --log-file files (start_us, status, duration_us per line) named <variant>-<run>.requests
and prints, per file and per variant (median over files), p50/p99/p99.9 of all requests and of those
started after the first second: how much of the tail the connection set-up at the start of a window
accounts for (bench/modes.sh LATLOG=yes)."""
import collections
import statistics
import sys


def pct(values, p):
    return values[min(len(values) - 1, int(len(values) * p / 100.0))] / 1000.0


rows = collections.defaultdict(list)
print("| JVM | p50 ms | p99 ms | p99.9 ms | after 1 s: p99 ms | p99.9 ms | max ms, first second |")
print("|---|---:|---:|---:|---:|---:|---:|")
for path in sys.argv[1:]:
    reqs = []
    with open(path) as f:
        for line in f:
            parts = line.split()
            if len(parts) >= 3:
                reqs.append((int(parts[0]), int(parts[2])))
    if not reqs:
        continue
    t0 = min(start for start, _ in reqs)
    everything = sorted(d for _, d in reqs)
    later = sorted(d for s, d in reqs if s - t0 >= 1_000_000)
    first = max((d for s, d in reqs if s - t0 < 1_000_000), default=0) / 1000.0
    name = path.rsplit("/", 1)[-1].removesuffix(".requests")
    values = (pct(everything, 50), pct(everything, 99), pct(everything, 99.9), pct(later, 99),
              pct(later, 99.9), first)
    rows[name.rsplit("-", 1)[0]].append(values)
    print(f"| {name} | " + " | ".join(f"{v:.2f}" for v in values) + " |")
for variant, values in sorted(rows.items()):
    medians = [statistics.median(column) for column in zip(*values)]
    print(f"| **{variant}** (median of {len(values)}) | " + " | ".join(f"{v:.2f}" for v in medians) + " |")
