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

# podman without its complaints that there is no systemd to run health-check timers (the pump below
# runs them); every other message still reaches stderr.
podman_quiet() { podman "$@" 2> >(grep -v 'systemd connection' >&2); }

# remove_project NAME: containers and volumes of a Compose project, straight through podman (for when
# docker-compose cannot, e.g. after the API service died).
remove_project() {
  local ids
  ids=$(podman ps -a -q --filter "label=com.docker.compose.project=$1" 2>/dev/null) || true
  [[ -z $ids ]] || podman rm -f -v $ids >/dev/null 2>&1 || true
  ids=$(podman volume ls -q --filter "name=^$1_" 2>/dev/null) || true
  [[ -z $ids ]] || podman volume rm -f $ids >/dev/null 2>&1 || true
}

# wait_http URL [seconds [container]]: until URL answers 2xx; prints the body. Gives up early, with
# the container's last log lines, when that container has exited (a start-up error, not a slow start).
wait_http() {
  local deadline=$((SECONDS + ${2:-180})) body state
  until body=$(curl -fsS "$1" 2>/dev/null); do
    if [[ -n ${3:-} ]]; then
      state=$(podman inspect --format '{{.State.Status}} {{.RestartCount}}' "$3" 2>/dev/null || echo gone)
      # Exited, gone, or crash-looping under "restart: unless-stopped".
      if [[ $state == exited* || $state == gone || ${state##* } -ge 3 ]]; then
        podman logs --tail 20 "$3" >&2 2>/dev/null || true
        die "$3 stopped (state/restarts: $state) before $1 answered; its last log lines are above"
      fi
    fi
    ((SECONDS < deadline)) || { [[ -n ${3:-} ]] && podman logs --tail 20 "$3" >&2 2>/dev/null; die "no 2xx answer from $1 within ${2:-180}s"; }
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

# call EXPECTED METHOD PATH [BODY]: one request to $base (with "Authorization: Bearer $token" when
# token is set); prints the body; fails unless the status matches EXPECTED (a regex such as "200|201").
call() {
  local expect=$1 method=$2 path=$3 body=${4:-} out status
  out=$(mktemp)
  status=$(curl -sS -o "$out" -w '%{http_code}' -X "$method" -H 'content-type: application/json' \
    ${token:+-H "authorization: Bearer $token"} ${body:+--data "$body"} "$base$path")
  if [[ ! $status =~ ^($expect)$ ]]; then
    echo "[${log_tag:-deploy}] $method $path answered $status, expected $expect: $(cat "$out")" >&2
    rm -f "$out"; return 1
  fi
  cat "$out"; rm -f "$out"
}

# mint_jwt SECRET CLAIMS_JSON: an HS256 JWT signed with SECRET (as the runtime reads JWT_SECRET_KEY: its
# UTF-8 bytes), valid for ten minutes; prints it.
mint_jwt() {
  python3 - "$1" "$2" <<'EOF'
import base64, hashlib, hmac, json, sys, time
enc = lambda b: base64.urlsafe_b64encode(b).rstrip(b"=").decode()
claims = json.loads(sys.argv[2]) | {"iat": int(time.time()), "exp": int(time.time()) + 600}
signing_input = enc(json.dumps({"alg": "HS256", "typ": "JWT"}).encode()) + "." + enc(json.dumps(claims).encode())
mac = hmac.new(sys.argv[1].encode(), signing_input.encode(), hashlib.sha256).digest()
print(signing_input + "." + enc(mac))
EOF
}
