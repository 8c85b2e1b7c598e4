#!/usr/bin/env python3
"""Summarises a JFR recording made under load: the hottest methods (top frame of execution
samples), and allocation by class and by the first dev.sluice frame of the allocating stack.
Usage: jfr_top.py JFR_BINARY RECORDING [TOP]"""
import collections
import json
import subprocess
import sys

jfr, recording = sys.argv[1], sys.argv[2]
top = int(sys.argv[3]) if len(sys.argv) > 3 else 25


def events(name):
    out = subprocess.run([jfr, "print", "--json", "--stack-depth", "64", "--events", name, recording],
                         check=True, capture_output=True, text=True).stdout
    return json.loads(out)["recording"]["events"]


def frame_name(frame):
    m = frame["method"]
    return f'{m["type"]["name"]}.{m["name"]}'


def first_sluice(frames):
    for f in frames:
        if frame_name(f).startswith("dev.sluice"):
            return frame_name(f)
    return "(no dev.sluice frame)"


def table(title, counter, total, unit):
    print(f"\n### {title}\n\n| share | {unit} | where |\n|---:|---:|---|")
    for key, value in counter.most_common(top):
        print(f"| {100.0 * value / total:.1f}% | {value:,.0f} | `{key}` |")


samples = events("jdk.ExecutionSample")
hot, hot_sluice = collections.Counter(), collections.Counter()
for e in samples:
    frames = e["values"]["stackTrace"]["frames"]
    if frames:
        hot[frame_name(frames[0])] += 1
        hot_sluice[first_sluice(frames)] += 1
table("Hottest methods (top frame of CPU samples)", hot, max(1, len(samples)), "samples")
table("CPU samples by first dev.sluice frame on the stack", hot_sluice, max(1, len(samples)), "samples")

alloc = events("jdk.ObjectAllocationSample")
by_class, by_site = collections.Counter(), collections.Counter()
for e in alloc:
    v = e["values"]
    weight = v.get("weight", 0)
    by_class[v["objectClass"]["name"]] += weight
    by_site[first_sluice(v["stackTrace"]["frames"]) if v.get("stackTrace") else "?"] += weight
total = max(1, sum(by_class.values()))
table("Allocated bytes by class (sampled)", by_class, total, "bytes")
table("Allocated bytes by first dev.sluice frame", by_site, total, "bytes")
