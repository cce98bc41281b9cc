# Shared helpers of deploy/smoke.sh and deploy/upgrade-test.sh (sourced, not run).
# Needs: $start (epoch seconds) set by the caller; podman and curl.

last=${start:-$(date +%s)}
step() {
  local now; now=$(date +%s)
  printf '[%s +%4ss] %s (previous step %ss)\n' "${log_tag:-deploy}" "$((now - start))" "$*" "$((now - last))"
  last=$now
}
die() { echo "[${log_tag:-deploy}] FAILED: $*" >&2; exit 1; }

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

# Docker runs HEALTHCHECKs itself; podman needs systemd timers for that, and this machine has no
# systemd, so a loop runs them for a Compose project's containers (what depends_on: service_healthy
# waits on). Prints the loop's pid.
start_health_pump() {
  local project=$1; shift
  (
    while true; do
      for c in $(podman ps --filter "label=com.docker.compose.project=$project" --format '{{.Names}}') "$@"; do
        podman healthcheck run "$c" >/dev/null 2>&1 || true
      done
      sleep 2
    done
  ) >/dev/null 2>&1 &
  echo $!
}

# wait_http URL [seconds]: until URL answers 2xx; prints the body.
wait_http() {
  local deadline=$((SECONDS + ${2:-180})) body
  until body=$(curl -fsS "$1" 2>/dev/null); do
    ((SECONDS < deadline)) || die "no 2xx answer from $1 within ${2:-180}s"
    sleep 1
  done
  echo "[${log_tag:-deploy}] $1: $body" | cut -c1-300
}

wait_healthy() {
  local ctr=$1 deadline=$((SECONDS + 90)) status
  while :; do
    status=$(podman inspect --format '{{.State.Health.Status}}' "$ctr" 2>/dev/null || echo gone)
    [[ $status == healthy ]] && { echo "[${log_tag:-deploy}] $ctr: healthy (image health check)"; return 0; }
    ((SECONDS < deadline)) || die "$ctr health is '$status' after 90s"
    sleep 2
  done
}

# call EXPECTED METHOD PATH [BODY]: one request to $base; prints the body; fails unless the status
# matches EXPECTED (a regex alternative such as "200|201").
call() {
  local expect=$1 method=$2 path=$3 body=${4:-} out status
  out=$(mktemp)
  status=$(curl -sS -o "$out" -w '%{http_code}' -X "$method" -H 'content-type: application/json' \
    ${body:+--data "$body"} "$base$path")
  if [[ ! $status =~ ^($expect)$ ]]; then
    echo "[${log_tag:-deploy}] $method $path answered $status, expected $expect: $(cat "$out")" >&2
    rm -f "$out"; return 1
  fi
  cat "$out"; rm -f "$out"
}
