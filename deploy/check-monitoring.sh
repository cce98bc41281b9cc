#!/usr/bin/env bash
# Checks the monitoring files the Helm chart ships (deploy/helm/glyphh-runtime/files): the alert rules (promtool
# check rules + the unit tests in docs/monitoring/prometheus-rules.test.yml), every PromQL expression of the Grafana dashboard (parsed by promtool as
# recording rules), and, given a scraped /metrics file, that promtool accepts the exposition and which
# metric names the rules and dashboard use that the scrape lacks (license metrics are absent in local mode).
#   bash deploy/check-monitoring.sh [metrics.txt]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
mon=$here/../docs/monitoring
files=$here/helm/glyphh-runtime/files
scrape=${1:-}
if ! command -v promtool >/dev/null; then
  # (apt-get update first only when the package lists do not know it yet, or are stale.)
  DEBIAN_FRONTEND=noninteractive NEEDRESTART_SUSPEND=1 apt-get install -y -qq --no-install-recommends prometheus >/dev/null 2>&1 \
    || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive NEEDRESTART_SUSPEND=1 apt-get install -y -qq --no-install-recommends prometheus >/dev/null; } \
    || { echo "check-monitoring: cannot install promtool (apt-get install prometheus failed)" >&2; exit 1; }
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

promtool check rules "$files/prometheus-rules.yml"
(cd "$mon" && promtool test rules prometheus-rules.test.yml)

python3 - "$files/grafana-dashboard.json" "$tmp/dashboard-rules.yml" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
assert d.get("uid") and d.get("title"), "dashboard needs uid and title"
exprs = []
def walk(panels):
    for p in panels:
        walk(p.get("panels", []))
        for t in p.get("targets", []):
            exprs.append((p["title"], t["expr"]))
walk(d["panels"])
assert exprs, "dashboard has no queries"
with open(sys.argv[2], "w") as f:
    f.write("groups:\n  - name: dashboard\n    rules:\n")
    for i, (title, e) in enumerate(exprs):
        e = e.replace("$instance", ".*")
        f.write(f"      - record: dashboard:q{i}\n        expr: {json.dumps(e)}\n")
print(f"dashboard: {len(exprs)} queries")
PY
promtool check rules "$tmp/dashboard-rules.yml" >/dev/null && echo "dashboard: every query parses"

if [[ -n $scrape ]]; then
  # promtool check metrics lints names/help/units; it exits non-zero on problems.
  promtool check metrics <"$scrape" && echo "metrics: promtool accepts the /metrics exposition"
  python3 - "$scrape" "$files/prometheus-rules.yml" "$files/grafana-dashboard.json" <<'PY'
import re, sys
have = set()
for line in open(sys.argv[1]):
    if line.startswith("#") or not line.strip():
        continue
    have.add(re.split(r"[{ ]", line, 1)[0])
text = open(sys.argv[2]).read() + open(sys.argv[3]).read()
used = set(re.findall(r"\b((?:glyphh|http_server)_[a-z_]+)", text))
labels = set(re.findall(r"\b(\w+)\s*[=!]~?\s*\"", text))
for group in re.findall(r"(?:by|on|without)\s*\(([^)]*)\)", text):
    labels.update(x.strip() for x in group.split(","))
labels.update(re.findall(r"\$labels\.(\w+)", text))
labels.update(re.findall(r"\{\{(\w+)\}\}", text))
used -= labels
missing = sorted(u for u in used if u not in have)
present = sorted(u for u in used if u in have)
print("metrics used and present: " + ", ".join(present))
print("metrics used but not in this scrape: " + (", ".join(missing) or "none"))
PY
fi
