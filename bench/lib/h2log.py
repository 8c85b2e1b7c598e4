#!/usr/bin/env python3
"""Reads an h2load --log-file (start_us, status, duration_us per line) and prints the
same BENCH line bench/lib/report.lua prints for wrk, using the given wall-clock duration."""
import sys

path, duration_s = sys.argv[1], float(sys.argv[2])
lat, bad = [], 0
with open(path) as f:
    for line in f:
        parts = line.split()
        if len(parts) < 3:
            continue
        lat.append(int(parts[2]))
        if not parts[1].startswith("2"):
            bad += 1
lat.sort()


def pct(p):
    return lat[min(len(lat) - 1, int(len(lat) * p / 100.0))] if lat else 0


print(
    f"BENCH requests={len(lat)} duration_us={int(duration_s * 1e6)} p50={pct(50)} p99={pct(99)}"
    f" p999={pct(99.9)} max={lat[-1] if lat else 0} connect=0 read=0 write=0 status={bad} timeout=0"
)
