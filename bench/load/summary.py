#!/usr/bin/env python3
"""Prints the table of one load run from results.tsv lines on stdin: mean req/s over the rounds, median p50, worst p99,
non-2xx responses, the ratio to bare (the mean of the per-round ratios, so each A is paired with the B next to it), and,
where the run measured it, the host's CPU per request (median) and bare's CPU per request over the kind's."""
import statistics as st
import sys

rows = [line.rstrip("\n").split("\t") for line in sys.stdin]
rows = [r for r in rows if len(r) in (8, 9) and r[1] in ("read", "write")]
by = {}
for r in rows:
    label, op, rps, p50, _p75, _p90, p99, bad = r[:8]
    cpu = float(r[8]) if len(r) == 9 else None
    by.setdefault((op, label), []).append((float(rps), float(p50), float(p99), int(bad), cpu))


def cpu_median(runs):
    values = [r[4] for r in runs if r[4] is not None]
    return st.median(values) if values else None


print("| op | kind | rounds | req/s (mean) | p50 ms (median) | p99 ms (worst) | non-2xx | ratio to bare: mean (per round) "
      "| host CPU µs/request (median) | CPU ratio bare/kind |")
print("|---|---|---:|---:|---:|---:|---:|---|---:|---:|")
for op in ("read", "write"):
    bare = by.get((op, "bare"), [])
    for label in ("bare", "full", "jwtb", "local", "min"):
        runs = by.get((op, label))
        if not runs:
            continue
        if label == "bare":
            ratio = "1.00"
        else:
            ratios = [r[0] / b[0] for r, b in zip(runs, bare) if b[0] > 0]
            ratio = f"{st.mean(ratios):.2f} ({', '.join(f'{x:.2f}' for x in ratios)})" if ratios else "n/a (no bare run)"
        cpu, bare_cpu = cpu_median(runs), cpu_median(bare)
        cpu_text = f"{cpu:.1f}" if cpu is not None else "n/a"
        cpu_ratio = f"{bare_cpu / cpu:.2f}" if cpu and bare_cpu else "n/a"
        print(f"| {op} | {label} | {len(runs)} | {st.mean(r[0] for r in runs):.0f} | {st.median(r[1] for r in runs):.2f} "
              f"| {max(r[2] for r in runs):.2f} | {sum(r[3] for r in runs)} | {ratio} | {cpu_text} | {cpu_ratio} |")

# Issue 18's goal on the sample runtime: reads through the full self-hosted pipeline at 0.90 of the bare build or better.
full, bare = by.get(("read", "full"), []), by.get(("read", "bare"), [])
if full and bare:
    ratios = [r[0] / b[0] for r, b in zip(full, bare) if b[0] > 0]
    ratio = st.mean(ratios)
    line = f"\nGoal: full reads >= 0.90 of bare: {ratio:.2f} by req/s ({'met' if ratio >= 0.90 else 'NOT met'}; median of rounds {st.median(ratios):.2f})"
    cpu, bare_cpu = cpu_median(full), cpu_median(bare)
    if cpu and bare_cpu:
        line += f"; {bare_cpu / cpu:.2f} by host CPU per request ({'met' if bare_cpu / cpu >= 0.90 else 'NOT met'})"
    print(line)
