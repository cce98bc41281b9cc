#!/usr/bin/env bash
# Whole-pipeline load benchmark (issue 9). Builds the sample runtime, the bare host and the license tool, then drives
#   full  = samples/Runtime, self-hosted, offline license (issued here by glyphh-license), Glyphh JWT auth with namespace
#           permissions, quota reservations on writes, metrics — everything the SDK adds;
#   bare  = bench/BareRuntime: the runtime without its packages: the same GET/PUT glyph routes on the same storage code,
#           with the runtime's own HTTP work (its middleware, security headers, name rules, the body and its ETag);
#   min   = bench/BareRuntime with BARE_PROFILE=min: the routes alone (the "bare" of sessions before 23, for reference);
#   jwtb  = bench/BareRuntime with BARE_AUTH=jwtbearer: stock JwtBearer, authentication only;
#   local = samples/Runtime in local mode (no license gate work, authentication bypassed; quotas, metrics, the runtime's own
#           endpoint code): KINDS="full local bare" separates the SDK's cost from the runtime's own;
# with wrk on loopback, alternating full/bare/jwtb per round, reads (GET a glyph) and writes (PUT a glyph) separately.
# "pair" measures two hosts at the same moment on one core (see pair() below): the steady measure on a VM whose speed drifts.
# Then start-up time (process start to /health/ready 200) on SQLite and PostgreSQL, and a Native AOT publish attempt.
# Usage: bench/load/run.sh [load|pair|startup|aot|all]    env: PIN= DURATION=15s WARM=45s CONNS=32 THREADS=2 ROUNDS=2
#        KINDS="full bare jwtb" PAIRS="full:bare local:bare full:local bare:bare.2" OPS="read write" OUT=/tmp/glyphh-load
#        (pair: WARM=90s DURATION=10s ROUNDS=5 CONNS=64 unless given; a suffix after "." names a second host of the same kind)
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
OUT="${OUT:-/tmp/glyphh-load}"
# PIN=1: every host on core 1 and wrk (one thread, 16 connections unless CONNS says otherwise) on core 0, as the
# consumer harness does: the hosts' CPU is then theirs alone, and req/s compares the hosts rather than how the
# scheduler shared two cores with wrk.
PIN="${PIN:-}"
CONNS_GIVEN="${CONNS:-}"; WARM_GIVEN="${WARM:-}"; ROUNDS_GIVEN="${ROUNDS:-}"; DURATION_GIVEN="${DURATION:-}"
if [ -n "$PIN" ]; then HOSTRUN=(taskset -c 1); WRKRUN=(taskset -c 0); THREADS=1; CONNS="${CONNS:-16}"; else HOSTRUN=(); WRKRUN=(); fi
DURATION="${DURATION:-15s}"; WARM="${WARM:-45s}"; CONNS="${CONNS:-32}"; THREADS="${THREADS:-2}"; ROUNDS="${ROUNDS:-2}"
WHAT="${1:-all}"
SECRET="bench-secret-0123456789abcdef0123456789abcdef"
# One token for every request to every host (see prepare); full checks it, with read and write on m1.
TOKEN="$(python3 "$ROOT/bench/load/jwt.py" "$SECRET" bench m1 read,write)"
RUNTIME="$ROOT/samples/Runtime/bin/Release/net10.0/Glyphh.Runtime.dll"
BARE="$ROOT/bench/BareRuntime/bin/Release/net10.0/Glyphh.BareRuntime.dll"
TOOL_DIR="$ROOT/samples/LicenseTool/bin/Release/net10.0"
RESULTS="$OUT/results.tsv"
mkdir -p "$OUT"
PIDS=()
# Waits for the hosts to exit, so the next host's data directory and core are free.
cleanup() {
  for p in "${PIDS[@]:-}"; do [ -n "$p" ] && kill "$p" 2>/dev/null || true; done
  for p in "${PIDS[@]:-}"; do [ -n "$p" ] && wait "$p" 2>/dev/null || true; done
}
trap cleanup EXIT

log() { echo "[$(date -u +%H:%M:%S)] $*" >&2; }

build() {
  log "building runtime, bare host, license tool (Release)"
  dotnet build "$ROOT/samples/Runtime" -c Release -v q -nologo >/dev/null
  dotnet build "$ROOT/bench/BareRuntime" -c Release -v q -nologo >/dev/null
  dotnet build "$ROOT/samples/LicenseTool" -c Release -v q -nologo >/dev/null
}

license() {
  [ -f "$OUT/license.txt" ] && return
  rm -rf "$OUT/ca"
  local tool="$TOOL_DIR/glyphh-license.dll"
  dotnet "$tool" ca create --out "$OUT/ca" >&2
  dotnet "$tool" issue --ca "$OUT/ca" --customer "Load Bench" --mode self-hosted --expires "$(date -u -d '+30 days' +%Y-%m-%d)" \
    --limit models=100 --limit glyphs=10000000 --out "$OUT/license.txt" >&2
}

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }

# start KIND DATADIR [extra env...]: prints "PID PORT"
start() {
  local kind="${1%%.*}" data="$2"; shift 2
  local port; port="$(free_port)"
  rm -rf "$data"; mkdir -p "$data"
  case "$kind" in
    full) env "$@" DEPLOYMENT_MODE=self-hosted LICENSE_FILE="$OUT/license.txt" LICENSE_ROOT_CERT="$OUT/ca/root.crt" \
            JWT_SECRET_KEY="$SECRET" GLYPHH_DATA_DIR="$data" ASPNETCORE_URLS="http://127.0.0.1:$port" \
            Logging__LogLevel__Default=Warning "${HOSTRUN[@]}" dotnet "$RUNTIME" >"$data.log" 2>&1 & ;;
    local) env "$@" DEPLOYMENT_MODE=local GLYPHH_DATA_DIR="$data" ASPNETCORE_URLS="http://127.0.0.1:$port" \
            Logging__LogLevel__Default=Warning "${HOSTRUN[@]}" dotnet "$RUNTIME" >"$data.log" 2>&1 & ;;
    bare) env "$@" GLYPHH_DATA_DIR="$data" ASPNETCORE_URLS="http://127.0.0.1:$port" Logging__LogLevel__Default=Warning \
            "${HOSTRUN[@]}" dotnet "$BARE" >"$data.log" 2>&1 & ;;
    min) env "$@" BARE_PROFILE=min GLYPHH_DATA_DIR="$data" ASPNETCORE_URLS="http://127.0.0.1:$port" Logging__LogLevel__Default=Warning \
            "${HOSTRUN[@]}" dotnet "$BARE" >"$data.log" 2>&1 & ;;
    jwtb) env "$@" BARE_AUTH=jwtbearer JWT_SECRET_KEY="$SECRET" GLYPHH_DATA_DIR="$data" ASPNETCORE_URLS="http://127.0.0.1:$port" \
            Logging__LogLevel__Default=Warning "${HOSTRUN[@]}" dotnet "$BARE" >"$data.log" 2>&1 & ;;
  esac
  echo "$! $port"
}

# wait_ready PORT TIMEOUT_S: prints milliseconds until /health/ready answered 200
wait_ready() {
  local port="$1" limit="$2" t0; t0="$(date +%s%N)"
  while true; do
    if [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/health/ready" || true)" = "200" ]; then
      echo $(( ($(date +%s%N) - t0) / 1000000 )); return 0
    fi
    if [ $(( ($(date +%s%N) - t0) / 1000000000 )) -ge "$limit" ]; then return 1; fi
    sleep 0.01
  done
}

# cpu_ticks PID: the process's user + system CPU time so far, in clock ticks
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }

# wrk_op OP PORT DURATION [wrk args...]: one wrk run of the operation (read: GET a glyph; write: PUT glyphs)
wrk_op() {
  local op="$1" port="$2" duration="$3"; shift 3
  local args=(-t"$THREADS" -c"$CONNS" -d"$duration" "$@" -H "Authorization: Bearer $TOKEN")
  if [ "$op" = read ]; then
    "${WRKRUN[@]}" wrk "${args[@]}" "http://127.0.0.1:$port/models/m1/glyphs/g1"
  else
    "${WRKRUN[@]}" wrk "${args[@]}" -s "$ROOT/bench/load/put.lua" "http://127.0.0.1:$port"
  fi
}

# wrk_run LABEL OP PORT PID: appends a TSV line: label op rps p50 p75 p90 p99 non2xx cpu_us_per_request
# (the host's CPU per request is steadier than req/s when wrk and the hosts share the cores)
wrk_run() {
  local label="$1" op="$2" port="$3" pid="$4" out t0 t1
  t0="$(cpu_ticks "$pid")"
  out="$(wrk_op "$op" "$port" "$DURATION" --latency --timeout 10s)"
  t1="$(cpu_ticks "$pid")"
  echo "$out" > "$OUT/wrk-$label-$op-$(date +%s).txt"
  python3 - "$label" "$op" "$((t1 - t0))" "$(getconf CLK_TCK)" <<PY >>"$RESULTS"
import re, sys
out = """$out"""
def ms(v):
    m = re.match(r"([\d.]+)(us|ms|s)", v); n = float(m.group(1))
    return n / 1000 if m.group(2) == "us" else n * 1000 if m.group(2) == "s" else n
rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
pct = {p: ms(v) for p, v in re.findall(r"^\s+(50|75|90|99)%\s+(\S+)", out, re.M)}
bad = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
total = int(re.search(r"(\d+) requests in", out).group(1))
cpu_us = int(sys.argv[3]) / int(sys.argv[4]) * 1e6 / max(total, 1)
print("\t".join([sys.argv[1], sys.argv[2], f"{rps:.0f}"] + [f"{pct.get(p, 0):.2f}" for p in ("50", "75", "90", "99")] + [bad.group(1) if bad else "0", f"{cpu_us:.1f}"]))
PY
  tail -1 "$RESULTS" >&2
}

# prepare KIND: starts the host (pid[KIND], port[KIND]), creates m1/g1 and, for full, checks that the
# whole pipeline runs (a valid license, the Glyphh meters exported).
prepare() {
  local k="$1"
  read -r pid[$k] port[$k] < <(start "$k" "$OUT/data-$k")
  PIDS+=("${pid[$k]}")
  wait_ready "${port[$k]}" 180 >/dev/null || { log "$k did not become ready"; cat "$OUT/data-$k.log" >&2; exit 1; }
  # Every kind gets the same requests, the bearer token included, as the consumer harness sends its bare build: the
  # token's bytes cost the kernel and Kestrel's header parsing whether or not a host reads them (session 23's paired
  # profile put the kernel's share at about 0.9 us a read), and sending them only to the hosts that check them
  # charged that to the SDK. Hosts without auth ignore it.
  local auth=(-H "Authorization: Bearer $TOKEN")
  curl -sf "${auth[@]}" -H 'Content-Type: application/json' -d '{"name":"m1"}' "http://127.0.0.1:${port[$k]}/models" >/dev/null
  curl -sf "${auth[@]}" -X PUT -H 'Content-Type: application/json' -d '{"vector":[0.12,-0.5,0.33,0.9,0.01,-0.75,0.4,0.2],"payload":{"title":"bench","tags":["a","b"],"n":42}}' \
    "http://127.0.0.1:${port[$k]}/models/m1/glyphs/g1" >/dev/null
  if [ "${k%%.*}" = full ]; then
    local admin; admin="$(python3 "$ROOT/bench/load/jwt.py" "$SECRET" admin '*' admin)"
    curl -sf -H "Authorization: Bearer $admin" "http://127.0.0.1:${port[$k]}/license" | grep -q '"status":"valid"' \
      || { log "full: the license is not valid"; exit 1; }
    # The exporter may answer from its short scrape cache: ask again for a few seconds.
    local exported=""
    for _ in $(seq 1 20); do
      curl -sf "http://127.0.0.1:${port[$k]}/metrics" | grep -q '^glyphh_auth_authentications' && { exported=1; break; }
      sleep 0.5
    done
    [ -n "$exported" ] || { log "full: /metrics does not export the Glyphh meters"; exit 1; }
  fi
}

load() {
  build; license
  local first=1; [ -f "$RESULTS" ] && first=$(( $(wc -l < "$RESULTS") + 1 ))
  echo -e "# $(date -u +%FT%TZ) duration=$DURATION warm=$WARM pin=${PIN:-0} conns=$CONNS threads=$THREADS load=$(cut -d' ' -f1-3 /proc/loadavg)\nlabel\top\trps\tp50_ms\tp75_ms\tp90_ms\tp99_ms\tnon2xx\tcpu_us_per_req" >>"$RESULTS"
  local kinds; read -r -a kinds <<<"${KINDS:-full bare jwtb}"
  declare -A pid port
  for k in "${kinds[@]}"; do
    prepare "$k"
    # Warm-up under the measured load, for each measured operation: tiered compilation and dynamic PGO take the
    # runtime about 45 s of load on one core to reach steady state (bare: about 40 s); rounds measured before that
    # compare a half-compiled host with a compiled one and swing by 20 % and more.
    for op in ${OPS:-read write}; do wrk_op "$op" "${port[$k]}" "$WARM" >/dev/null; done
  done
  for op in ${OPS:-read write}; do
    for ((r = 1; r <= ROUNDS; r++)); do
      for k in "${kinds[@]}"; do wrk_run "$k" "$op" "${port[$k]}" "${pid[$k]}"; done
    done
  done
  cleanup; PIDS=()
  summary "$first"
}

# pair: each pair of PAIRS (default "full:bare local:bare full:local bare:bare.2", each "kind:reference"; the last is
# the control, two identical hosts, which must come out at 1.00 within the spread) side by side at the same moment:
# both hosts on core 1, each loaded by its own wrk (one thread, CONNS connections) on core 0, for ROUNDS rounds of
# DURATION after a joint warm-up of WARM; every round records each host's CPU time per request. This VM's speed moves
# by 10-25 % within seconds (three identical bare hosts measured in turn swing together), which req/s of hosts measured
# one after the other cannot separate from the hosts' own difference; two hosts sharing one core through the same
# seconds see the same machine, so the ratio of their CPU per request is the hosts' own (per-round spread about 1 %).
pair() {
  build; license
  # 64 connections per wrk: with 16 the lighter host ran out of requests part of the time and was charged its idle
  # wake-ups and thread-pool spinning, which flattered the heavier host (full:bare read 0.940 at 16, 0.915 at 64, 0.923 at 128).
  HOSTRUN=(taskset -c 1); WRKRUN=(taskset -c 0); THREADS=1; CONNS="${CONNS_GIVEN:-64}"
  # Two hosts share the core while warming, so each gets half of it: twice the one-host warm-up unless WARM says otherwise.
  WARM="${WARM_GIVEN:-90s}"; ROUNDS="${ROUNDS_GIVEN:-5}"; DURATION="${DURATION_GIVEN:-10s}"
  local pairs; read -r -a pairs <<<"${PAIRS:-full:bare local:bare full:local bare:bare.2}"
  local tsv="$OUT/pairs.tsv" first=1; [ -f "$tsv" ] && first=$(( $(wc -l < "$tsv") + 1 ))
  echo -e "# $(date -u +%FT%TZ) $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null) duration=$DURATION warm=$WARM rounds=$ROUNDS conns=$CONNS load=$(cut -d' ' -f1-3 /proc/loadavg)" >>"$tsv"
  for p in "${pairs[@]}"; do
    local a="${p%%:*}" b="${p##*:}" line
    declare -A pid port
    prepare "$a"; prepare "$b"
    for op in ${OPS:-read write}; do
      both "$op" "$a" "$b" "$WARM" 0 >/dev/null || exit 1
      for ((r = 1; r <= ROUNDS; r++)); do
        line="$(both "$op" "$a" "$b" "$DURATION" "$r")" || { log "pair $p, $op, round $r failed"; exit 1; }
        printf '%s\t%s\t%s\t%s\n' "$op" "$a" "$b" "$line" | tee -a "$tsv" >&2
      done
    done
    cleanup; PIDS=(); unset pid port
  done
  echo >&2
  # Issue 18's goal on the sample runtime: reads through the full self-hosted pipeline at 0.90 of the bare build or better.
  tail -n +"$first" "$tsv" | python3 "$ROOT/bench/load/pairs.py" full:bare:0.90 | tee -a "$OUT/summary.md"
}

# both OP A B DURATION ROUND: loads A and B at once (which wrk starts first alternates by round); prints pair_round.py's
# line: requests, CPU µs per request and share of the core of each.
both() {
  local op="$1" a="$2" b="$3" duration="$4" round="$5" a0 b0 a1 b1 w
  a0="$(cpu_ticks "${pid[$a]}")"; b0="$(cpu_ticks "${pid[$b]}")"
  if (( round % 2 == 0 )); then
    wrk_op "$op" "${port[$a]}" "$duration" >"$OUT/pair-a.txt" & w=$!
    wrk_op "$op" "${port[$b]}" "$duration" >"$OUT/pair-b.txt"
  else
    wrk_op "$op" "${port[$b]}" "$duration" >"$OUT/pair-b.txt" & w=$!
    wrk_op "$op" "${port[$a]}" "$duration" >"$OUT/pair-a.txt"
  fi
  wait "$w"
  a1="$(cpu_ticks "${pid[$a]}")"; b1="$(cpu_ticks "${pid[$b]}")"
  python3 "$ROOT/bench/load/pair_round.py" "$OUT/pair-a.txt" "$OUT/pair-b.txt" "$((a1 - a0))" "$((b1 - b0))" "$(getconf CLK_TCK)" "${duration%s}"
}

# summary FIRST_LINE: the table of this run (results.tsv from line FIRST_LINE on), also appended to summary.md.
summary() {
  echo >&2
  tail -n +"$1" "$RESULTS" | python3 "$ROOT/bench/load/summary.py" | tee -a "$OUT/summary.md"
}

startup() {
  build; license
  echo -e "# startup $(date -u +%FT%TZ) load=$(cut -d' ' -f1-3 /proc/loadavg)\nstartup\tkind\tstorage\tdata\tms" >>"$RESULTS"
  local pg=""
  if [ -n "${STARTUP_PG:-1}" ]; then
    pg="$(bash "$ROOT/scripts/pg.sh" start "$OUT/pg" | tail -1)"
  fi
  for storage in sqlite postgres; do
    [ "$storage" = postgres ] && [ -z "$pg" ] && continue
    for kind in local full; do
      for run in fresh restart restart; do
        local data="$OUT/start-$kind-$storage" extra=()
        [ "$storage" = postgres ] && extra=(DATABASE_URL="$pg")
        local port pid t0 ms
        port="$(free_port)"
        [ "$run" = fresh ] && { rm -rf "$data"; [ "$storage" = postgres ] && psql "$pg" -qc "DROP SCHEMA IF EXISTS public CASCADE; CREATE SCHEMA public;" >/dev/null 2>&1 || true; }
        mkdir -p "$data"
        t0="$(date +%s%N)"
        if [ "$kind" = full ]; then
          env "${extra[@]}" DEPLOYMENT_MODE=self-hosted LICENSE_FILE="$OUT/license.txt" LICENSE_ROOT_CERT="$OUT/ca/root.crt" JWT_SECRET_KEY="$SECRET" \
            GLYPHH_DATA_DIR="$data" ASPNETCORE_URLS="http://127.0.0.1:$port" dotnet "$RUNTIME" >"$data.log" 2>&1 &
        else
          env "${extra[@]}" DEPLOYMENT_MODE=local GLYPHH_DATA_DIR="$data" ASPNETCORE_URLS="http://127.0.0.1:$port" dotnet "$RUNTIME" >"$data.log" 2>&1 &
        fi
        pid=$!
        while [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/health/ready" || true)" != 200 ]; do
          kill -0 "$pid" 2>/dev/null || { log "runtime exited"; cat "$data.log" >&2; break; }
          sleep 0.01
        done
        ms=$(( ($(date +%s%N) - t0) / 1000000 ))
        kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null || true
        printf 'startup\t%s\t%s\t%s\t%s\n' "$kind" "$storage" "$run" "$ms" | tee -a "$RESULTS" >&2
      done
    done
  done
  [ -n "$pg" ] && bash "$ROOT/scripts/pg.sh" destroy "$OUT/pg" >/dev/null 2>&1 || true
}

aot() {
  log "publishing the runtime with PublishAot=true (linux-x64)"
  local dir="$OUT/aot"; rm -rf "$dir"
  set +e
  dotnet publish "$ROOT/samples/Runtime" -c Release -r linux-x64 -p:PublishAot=true -p:TreatWarningsAsErrors=false -o "$dir" -nologo >"$OUT/aot-publish.log" 2>&1
  local rc=$?
  set -e
  grep -oE "(IL[0-9]{4}|error [A-Z]+[0-9]+)[^[]*" "$OUT/aot-publish.log" | sort | uniq -c | sort -rn | head -40 >"$OUT/aot-warnings.txt" || true
  printf 'aot\tpublish_exit\t%s\twarnings\t%s\n' "$rc" "$(grep -cE 'warning IL[0-9]{4}' "$OUT/aot-publish.log" || true)" | tee -a "$RESULTS" >&2
  if [ "$rc" = 0 ] && [ -x "$dir/Glyphh.Runtime" ]; then
    local port data="$OUT/aot-data" pid t0 ms
    for run in fresh restart; do
      port="$(free_port)"; [ "$run" = fresh ] && rm -rf "$data"; mkdir -p "$data"
      t0="$(date +%s%N)"
      DEPLOYMENT_MODE=local GLYPHH_DATA_DIR="$data" ASPNETCORE_URLS="http://127.0.0.1:$port" "$dir/Glyphh.Runtime" >"$data.log" 2>&1 &
      pid=$!
      local ok=1
      while [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/health/ready" || true)" != 200 ]; do
        kill -0 "$pid" 2>/dev/null || { ok=0; break; }
        sleep 0.01
      done
      ms=$(( ($(date +%s%N) - t0) / 1000000 ))
      kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null || true
      if [ "$ok" = 1 ]; then printf 'aot\tstartup\t%s\t%s\n' "$run" "$ms" | tee -a "$RESULTS" >&2
      else printf 'aot\tstartup\t%s\tFAILED (see %s)\n' "$run" "$data.log" | tee -a "$RESULTS" >&2; head -20 "$data.log" >&2; fi
    done
  fi
}

case "$WHAT" in
  load) load ;;
  pair) pair ;;
  startup) startup ;;
  aot) aot ;;
  all) load; startup; aot ;;
  *) echo "usage: $0 [load|pair|startup|aot|all]" >&2; exit 2 ;;
esac
log "results in $RESULTS"
