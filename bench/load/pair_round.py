#!/usr/bin/env python3
"""One paired round of two hosts on one core (bench/load/run.sh pair, bench/consumer/run.sh PAIRS).
Usage: pair_round.py WRK_OUT_A WRK_OUT_B TICKS_A TICKS_B CLK_TCK SECONDS
Prints "requests_a  cpu_us_per_request_a  requests_b  cpu_us_per_request_b  share_a  share_b" (tab-separated), where a
share is the host's CPU over the round's wall time. Both near 0.50 when each host always had work queued; a host well
below its partner ran out of requests part of the time, and its CPU per request then also counts idle wake-ups and
thread-pool spinning, which makes the lighter host look heavier (more connections per wrk keep both busy). Exits non-zero, with the
reason, when either host answered anything but 2xx/3xx or wrk saw socket errors or timeouts: a pair compares working
hosts only, and a failed request would lower the count while its CPU was still spent."""
import re
import sys

file_a, file_b, ticks_a, ticks_b, hz, seconds = sys.argv[1:7]


def requests(path):
    out = open(path).read()
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    if bad:
        sys.exit(f"{path}: {bad.group(1)} answers were not 2xx or 3xx")
    errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    if errors and any(int(n) for n in errors.groups()):
        sys.exit(f"{path}: wrk saw socket errors ({errors.group(0)})")
    total = re.search(r"(\d+) requests in", out)
    if not total or int(total.group(1)) == 0:
        sys.exit(f"{path}: wrk completed no request")
    return int(total.group(1))


qa, qb = requests(file_a), requests(file_b)
ta, tb, hz, seconds = int(ticks_a), int(ticks_b), int(hz), float(seconds)
if ta <= 0 or tb <= 0:
    sys.exit(f"a host used no CPU time in the round ({ta}, {tb} ticks): did it exit?")
print(f"{qa}\t{ta / hz * 1e6 / qa:.2f}\t{qb}\t{tb / hz * 1e6 / qb:.2f}\t{ta / hz / seconds:.3f}\t{tb / hz / seconds:.3f}")
