#!/usr/bin/env bash
# Issue 18's consumer-service load table in one command: builds bench/ConsumerService, starts its five variants
#   A bare; B stock JwtBearer + hand-written namespace policy; C Glyphh.Auth RequireNamespacePermission;
#   D C + license gate (self-hosted, offline license) + Glyphh health/metrics; E C with the token cache off;
# every host pinned to core 1 (taskset -c 1), wrk -t1 -c16 pinned to core 0, each warmed with WARMUP of traffic,
# then ROUNDS rounds of DURATION per variant, the order rotated each round; prints the medians, the ratios and the goals,
# with the load average before and after (other work on the machine shows there). The warm-up is long on purpose:
# tiered compilation and dynamic PGO keep recompiling for 30-45 s of load on one core, and rounds measured before that
# rank the builds by how far their JIT has got (bare at 44k req/s after 12 s, 61k after 40 s).
# With BASELINE=<git ref> the same service built from that commit runs too, as C0, D0 and E0, in the same rounds: a
# change is judged against its baseline side by side, under the same load.
# Then PAIRS (default "C:A D:A E:B", each "variant:reference"): each pair loaded at the same moment for PAIR_ROUNDS
# rounds, each host's CPU per request recorded; the goals are judged on both measures (see below).
# Usage: bash bench/consumer/run.sh     env: WARMUP=40s DURATION=8s ROUNDS=3 CONNS=16 OUT=/tmp/glyphh-consumer NO_BUILD= BASELINE= EXTRA=
#        PAIRS="C:A D:A E:B" PAIR_ROUNDS=5 PAIR_CONNS=64
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
OUT="${OUT:-/tmp/glyphh-consumer}"
WARMUP="${WARMUP:-40s}"; DURATION="${DURATION:-8s}"; ROUNDS="${ROUNDS:-3}"; CONNS="${CONNS:-16}"
HOST_CPU="${HOST_CPU:-1}"; WRK_CPU="${WRK_CPU:-0}"
SECRET="bench-secret-0123456789abcdef0123456789abcdef"  # BenchJwt.Secret
DLL="$ROOT/bench/ConsumerService/bin/Release/net10.0/Glyphh.ConsumerService.dll"
VARIANTS=(A B C D E)
# EXTRA="F G" adds reference rows: F the framework's own floor (a scheme answering from a completed task behind the
# default policy), G variant C behind the plain UseAuthentication/UseAuthorization instead of the Glyphh fast lanes.
for v in ${EXTRA:-}; do VARIANTS+=("$v"); done
PATH_UNDER_TEST="/projects/p1/items/i1"
mkdir -p "$OUT"
RESULTS="$OUT/rounds-$(date -u +%Y%m%dT%H%M%SZ).tsv"
PIDS=()
cleanup() { for p in "${PIDS[@]:-}"; do [ -n "$p" ] && kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT
log() { echo "[$(date -u +%H:%M:%S)] $*" >&2; }
command -v wrk >/dev/null || { log "installing wrk"; apt-get install -y wrk >/dev/null 2>&1 || { apt-get update >/dev/null && apt-get install -y wrk >/dev/null; }; }

if [ -z "${NO_BUILD:-}" ]; then
  log "building bench/ConsumerService (Release)"
  dotnet build "$ROOT/bench/ConsumerService" -c Release -v q -nologo >"$OUT/build.log" 2>&1 || { cat "$OUT/build.log" >&2; exit 1; }
fi
declare -A DLL_OF
for v in "${VARIANTS[@]}"; do DLL_OF[$v]="$DLL"; done
if [ -n "${BASELINE:-}" ]; then
  BASE_SRC="$OUT/baseline-src"
  if [ -z "${NO_BUILD:-}" ]; then
    log "building bench/ConsumerService at $BASELINE (Release)"
    rm -rf "$BASE_SRC"; mkdir -p "$BASE_SRC"
    git -C "$ROOT" archive "$BASELINE" | tar -x -C "$BASE_SRC"
    dotnet build "$BASE_SRC/bench/ConsumerService" -c Release -v q -nologo >"$OUT/build-baseline.log" 2>&1 || { cat "$OUT/build-baseline.log" >&2; exit 1; }
  fi
  for v in C D E; do VARIANTS+=("${v}0"); DLL_OF[${v}0]="$BASE_SRC/bench/ConsumerService/bin/Release/net10.0/Glyphh.ConsumerService.dll"; done
fi

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
TOKEN="$(python3 "$ROOT/bench/load/jwt.py" "$SECRET" bench p1 read,write)"
LOAD_BEFORE="$(cut -d' ' -f1-3 /proc/loadavg)"
log "load average before: $LOAD_BEFORE"

declare -A PORT PID_OF
for v in "${VARIANTS[@]}"; do
  PORT[$v]="$(free_port)"
  CONSUMER_VARIANT="${v:0:1}" ASPNETCORE_URLS="http://127.0.0.1:${PORT[$v]}" \
    Logging__LogLevel__Default=Warning taskset -c "$HOST_CPU" dotnet "${DLL_OF[$v]}" >"$OUT/host-$v.log" 2>&1 &
  PIDS+=("$!"); PID_OF[$v]="$!"
done

for v in "${VARIANTS[@]}"; do
  url="http://127.0.0.1:${PORT[$v]}"
  for _ in $(seq 1 600); do
    [ "$(curl -s -o /dev/null -w '%{http_code}' "$url/health/ready" || true)" = 200 ] && break
    sleep 0.1
  done
  code="$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $TOKEN" "$url$PATH_UNDER_TEST" || true)"
  [ "$code" = 200 ] || { log "variant $v answered $code with a valid token"; cat "$OUT/host-$v.log" >&2; exit 1; }
  if [ "$v" != A ] && [ "$v" != F ]; then
    code="$(curl -s -o /dev/null -w '%{http_code}' "$url$PATH_UNDER_TEST" || true)"
    [ "$code" = 401 ] || { log "variant $v answered $code without a token"; exit 1; }
    code="$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $TOKEN" "$url/projects/p2/items/i1" || true)"
    [ "$code" = 403 ] || { log "variant $v answered $code on a namespace the token lacks"; exit 1; }
  fi
  if [ "${v:0:1}" = D ]; then
    # The exporter may answer from its short scrape cache: ask again for a few seconds.
    ok=""; for _ in $(seq 1 20); do curl -s "$url/metrics" >"$OUT/metrics-D.txt" || true
      grep -q '^glyphh_auth_authentications' "$OUT/metrics-D.txt" && { ok=1; break; }; sleep 0.5; done
    [ -n "$ok" ] || { log "D: /metrics does not export the Glyphh meters (see $OUT/metrics-D.txt)"; exit 1; }
  fi
done
log "all five variants answer; warming each for $WARMUP"

cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
wrk_once() { # VARIANT DURATION [CONNECTIONS] -> wrk output
  taskset -c "$WRK_CPU" wrk -t1 -c"${3:-$CONNS}" -d"$2" --latency --timeout 10s -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:${PORT[$1]}$PATH_UNDER_TEST"
}
for v in "${VARIANTS[@]}"; do wrk_once "$v" "$WARMUP" >/dev/null; done

echo -e "# $(date -u +%FT%TZ) $(git -C "$ROOT" rev-parse --short HEAD)${BASELINE:+ baseline=$BASELINE} warmup=$WARMUP duration=$DURATION rounds=$ROUNDS conns=$CONNS host_cpu=$HOST_CPU wrk_cpu=$WRK_CPU" >"$RESULTS"
for ((r = 0; r < ROUNDS; r++)); do
  for ((i = 0; i < ${#VARIANTS[@]}; i++)); do
    v="${VARIANTS[$(( (i + r) % ${#VARIANTS[@]} ))]}"
    # The host's CPU time (user + system ticks) around the round: CPU per request holds up better than req/s when
    # other work shares the cores.
    t0="$(cpu_ticks "${PID_OF[$v]}")"
    out="$(wrk_once "$v" "$DURATION")"
    t1="$(cpu_ticks "${PID_OF[$v]}")"
    echo "$out" >"$OUT/wrk-$v-$r.txt"
    python3 - "$v" "$r" "$((t1 - t0))" "$(getconf CLK_TCK)" <<PY >>"$RESULTS"
import re, sys
out = """$out"""
def us(v):
    m = re.match(r"([\d.]+)(us|ms|s)", v); n = float(m.group(1))
    return n if m.group(2) == "us" else n * 1000 if m.group(2) == "ms" else n * 1e6
rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
pct = {p: us(v) for p, v in re.findall(r"^\s+(50|99)%\s+(\S+)", out, re.M)}
bad = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
requests = int(re.search(r"(\d+) requests in", out).group(1))
cpu_us = int(sys.argv[3]) / int(sys.argv[4]) * 1e6 / max(requests, 1)
print("\t".join([sys.argv[1], sys.argv[2], f"{rps:.0f}", f"{pct.get('50', 0):.0f}", f"{pct.get('99', 0):.0f}", bad.group(1) if bad else "0", f"{cpu_us:.2f}"]))
PY
    log "round $((r + 1)) $v: $(tail -1 "$RESULTS" | cut -f3) req/s"
  done
done
# Paired rounds: the two hosts of a pair loaded at the same moment (each by its own wrk on the wrk core), so both see the
# same machine through the same seconds; this VM's speed drifts by 10-25 % within seconds, which rounds taken one after
# the other cannot tell from the hosts' own difference. The ratio of their CPU per request is the steady measure.
# 64 connections per wrk (PAIR_CONNS): with 16, the lighter host of a pair ran out of requests part of the time and was
# charged its idle wake-ups, which flattered the heavier one by about 2 points.
PAIR_CONNS="${PAIR_CONNS:-64}"
PAIRS_TSV="${RESULTS%.tsv}-pairs.tsv"
: >"$PAIRS_TSV"
for p in ${PAIRS-C:A D:A E:B}; do
  a="${p%%:*}"; b="${p##*:}"
  [ -n "${PID_OF[$a]:-}" ] && [ -n "${PID_OF[$b]:-}" ] || { log "PAIRS names $p, but only ${VARIANTS[*]} run"; exit 1; }
  for ((r = 0; r < ${PAIR_ROUNDS:-5}; r++)); do
    a0="$(cpu_ticks "${PID_OF[$a]}")"; b0="$(cpu_ticks "${PID_OF[$b]}")"
    # Which wrk starts first alternates by round.
    if (( r % 2 == 0 )); then
      wrk_once "$a" "$DURATION" "$PAIR_CONNS" >"$OUT/pair-$a.txt" & wa=$!; wrk_once "$b" "$DURATION" "$PAIR_CONNS" >"$OUT/pair-$b.txt"
    else
      wrk_once "$b" "$DURATION" "$PAIR_CONNS" >"$OUT/pair-$b.txt" & wa=$!; wrk_once "$a" "$DURATION" "$PAIR_CONNS" >"$OUT/pair-$a.txt"
    fi
    wait "$wa"
    a1="$(cpu_ticks "${PID_OF[$a]}")"; b1="$(cpu_ticks "${PID_OF[$b]}")"
    line="$(python3 "$ROOT/bench/load/pair_round.py" "$OUT/pair-$a.txt" "$OUT/pair-$b.txt" "$((a1 - a0))" "$((b1 - b0))" \
      "$(getconf CLK_TCK)" "${DURATION%s}")" || { log "pair $a:$b round $((r + 1)) failed"; exit 1; }
    printf 'read\t%s\t%s\t%s\n' "$a" "$b" "$line" >>"$PAIRS_TSV"
    log "pair $a:$b round $((r + 1)): $line"
  done
done
cleanup; PIDS=()
LOAD_AFTER="$(cut -d' ' -f1-3 /proc/loadavg)"
{
  python3 "$ROOT/bench/consumer/summary.py" "$RESULTS" "$LOAD_BEFORE" "$LOAD_AFTER" "${BASELINE:-}"
  if [ -s "$PAIRS_TSV" ]; then
    echo; echo "Paired rounds (both hosts loaded at once, one core; kind : reference is the variant and its reference):"; echo
    python3 "$ROOT/bench/load/pairs.py" D:A:0.80 C:A:0.90 E:B:1.0 <"$PAIRS_TSV"
  fi
} | tee "$OUT/summary.md"
