#!/usr/bin/env python3
"""The issue-18 table from one run's rounds (variant, round, rps, p50 us, p99 us, non-2xx): medians, ratios, goals."""
import statistics as st
import sys

path, load_before, load_after = sys.argv[1:4]
baseline = sys.argv[4] if len(sys.argv) > 4 else ""
header = ""
runs = {}
with open(path) as f:
    for line in f:
        if line.startswith("#"):
            header = line[1:].strip()
            continue
        v, r, rps, p50, p99, bad, cpu = line.rstrip("\n").split("\t")
        runs.setdefault(v, {})[int(r)] = (float(rps), float(p50), float(p99), int(bad), float(cpu))

names = {
    "A": "A bare (no auth)",
    "B": "B stock JwtBearer + hand-written namespace policy",
    "C": "C Glyphh.Auth (RequireNamespacePermission)",
    "D": "D Glyphh.Auth + license gate (self-hosted, offline) + health/metrics",
    "E": "E Glyphh.Auth, token cache off",
    "F": "F reference: the framework's floor (completed-task scheme, default policy)",
    "G": "G reference: C behind plain UseAuthentication/UseAuthorization",
}
for v in "CDE":
    names[v + "0"] = names[v].split(" ", 1)[0] + f" at baseline {baseline}"
med = {v: st.median(x[0] for x in rs.values()) for v, rs in runs.items()}
cpu = {v: st.median(x[4] for x in rs.values()) for v, rs in runs.items()}
a = med["A"]

print(f"{header}; load average before {load_before}, after {load_after}")
print()
print("| build | req/s (median) | rounds | p50 µs | p99 µs | non-2xx | ratio to A | host CPU µs/request (median) | CPU ratio A/x |")
print("|---|---:|---|---:|---:|---:|---:|---:|---:|")
for v in sorted(runs, key=lambda v: (v[0], len(v))):
    rs = runs[v]
    ratio = med[v] / a
    note = f" ({med[v] / med['B']:.2f} of B)" if v == "E" and "B" in med else ""
    cpu_note = f" ({cpu['B'] / cpu[v]:.2f} of B)" if v == "E" and "B" in cpu else ""
    print(f"| {names.get(v, v)} | {med[v]:,.0f} | {', '.join(f'{rs[r][0]:,.0f}' for r in sorted(rs))} "
          f"| {st.median(x[1] for x in rs.values()):.0f} | {max(x[2] for x in rs.values()):.0f} | {sum(x[3] for x in rs.values())} "
          f"| {ratio:.2f}{note} | {cpu[v]:.1f} | {cpu['A'] / cpu[v]:.2f}{cpu_note} |")

print()
print("Ratios to A: req/s x / req/s A (the issue's measure); CPU ratio: host CPU per request of A / of x (the same on an")
print("idle machine, where one core is the limit; steadier when other work shares the cores).")
print()
goals = [("D ≥ 0.80 of A", med["D"] / a, cpu["A"] / cpu["D"], 0.80), ("C ≥ 0.90 of A", med["C"] / a, cpu["A"] / cpu["C"], 0.90),
         ("E ≥ 1.0 of B", med["E"] / med["B"], cpu["B"] / cpu["E"], 1.0)]
for label, value, by_cpu, target in goals:
    print(f"- {label}: req/s {value:.3f} {'met' if value >= target else 'NOT met'}; by CPU {by_cpu:.3f} {'met' if by_cpu >= target else 'NOT met'}")
