#!/usr/bin/env python3
"""The issue-18 table from one run's rounds (variant, round, rps, p50 us, p99 us, non-2xx): medians, ratios, goals."""
import statistics as st
import sys

path, load_before, load_after = sys.argv[1:4]
header = ""
runs = {}
with open(path) as f:
    for line in f:
        if line.startswith("#"):
            header = line[1:].strip()
            continue
        v, r, rps, p50, p99, bad = line.rstrip("\n").split("\t")
        runs.setdefault(v, {})[int(r)] = (float(rps), float(p50), float(p99), int(bad))

names = {
    "A": "A bare (no auth)",
    "B": "B stock JwtBearer + hand-written namespace policy",
    "C": "C Glyphh.Auth (RequireNamespacePermission)",
    "D": "D Glyphh.Auth + license gate (self-hosted, offline) + health/metrics",
    "E": "E Glyphh.Auth, token cache off",
}
med = {v: st.median(x[0] for x in rs.values()) for v, rs in runs.items()}
a = med["A"]

print(f"{header}; load average before {load_before}, after {load_after}")
print()
print("| build | req/s (median) | rounds | p50 µs | p99 µs | non-2xx | ratio to A | µs/request over A (1 core) |")
print("|---|---:|---|---:|---:|---:|---:|---:|")
for v in sorted(runs):
    rs = runs[v]
    ratio = med[v] / a
    extra = 1e6 / med[v] - 1e6 / a
    note = f" ({med[v] / med['B']:.2f} of B)" if v == "E" and "B" in med else ""
    print(f"| {names.get(v, v)} | {med[v]:,.0f} | {', '.join(f'{rs[r][0]:,.0f}' for r in sorted(rs))} "
          f"| {st.median(x[1] for x in rs.values()):.0f} | {max(x[2] for x in rs.values()):.0f} | {sum(x[3] for x in rs.values())} "
          f"| {ratio:.2f}{note} | {extra:+.1f} |")

print()
goals = [("D ≥ 0.80 of A", med["D"] / a, 0.80), ("C ≥ 0.90 of A", med["C"] / a, 0.90), ("E ≥ 1.0 of B", med["E"] / med["B"], 1.0)]
for label, value, target in goals:
    print(f"- {label}: {value:.2f} {'met' if value >= target else 'NOT met'}")
