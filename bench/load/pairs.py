#!/usr/bin/env python3
"""Prints the table of one `run.sh pair` run from pairs.tsv lines on stdin (op, a, b, requests_a, cpu_a, requests_b, cpu_b,
share_a, share_b; CPU in µs per request; each pair is "kind:reference"): per pair and operation, the per-round ratio of the
reference's CPU per request over the kind's (the kind's speed as a share of the reference's: 0.90 means it costs 11 %
more per request), its median and range, the difference in µs per request, and each host's median share of the core.
Arguments name goals as KIND:REFERENCE:TARGET (reads): `full:bare:0.90` is issue 18's runtime read goal; the consumer
harness passes its own."""
import statistics as st
import sys

goals = [(g.split(":")[0], g.split(":")[1], float(g.split(":")[2])) for g in sys.argv[1:]]

rows = [line.rstrip("\n").split("\t") for line in sys.stdin if line.strip() and not line.startswith("#")]
by = {}
for op, a, b, qa, ca, qb, cb, share_a, share_b in rows:
    by.setdefault((op, a, b), []).append((int(qa), float(ca), int(qb), float(cb), float(share_a), float(share_b)))

print("| op | kind : reference | rounds | µs/request kind, reference (median) | difference µs | ratio per round "
      "| ratio median (range) | core share kind, reference (median) |")
print("|---|---|---:|---:|---:|---|---|---:|")
for (op, a, b), runs in by.items():
    ratios = [r[3] / r[1] for r in runs]
    median = st.median(ratios)
    ca, cb = st.median(r[1] for r in runs), st.median(r[3] for r in runs)
    print(f"| {op} | {a} : {b} | {len(runs)} | {ca:.1f}, {cb:.1f} | {ca - cb:+.1f} | {', '.join(f'{x:.3f}' for x in ratios)} "
          f"| **{median:.3f}** ({min(ratios):.3f}-{max(ratios):.3f}) | {st.median(r[4] for r in runs):.2f}, {st.median(r[5] for r in runs):.2f} |")

if any(r[4] + r[5] < 0.95 or min(r[4], r[5]) < 0.4 for runs in by.values() for r in runs):
    print("\nWarning: in some rounds the hosts did not keep their core busy (together under 0.95, or one under 0.40): a host")
    print("that runs out of requests is charged its idle wake-ups, which favours the heavier host; use more connections per wrk.")

print()
for kind, reference, target in goals:
    if runs := by.get(("read", kind, reference)):
        value = st.median(r[3] / r[1] for r in runs)
        print(f"- Goal: {kind} reads >= {target:.2f} of {reference} (paired, by CPU per request): {value:.3f} "
              f"({'met' if value >= target else 'NOT met'})")
