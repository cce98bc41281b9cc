#!/usr/bin/env bash
# End-to-end smoke test of the deployment artifacts on this machine (podman standing in for Docker):
#   1. set-up (deploy/setup-podman.sh: podman, docker-compose v1, stand-in base images, API socket)
#   2. build the runtime image through docker-compose (deploy/Dockerfile), and the license server's
#   3. compose up (runtime + PostgreSQL), wait for readiness and for the image's own health check
#   4. create a model and a glyph, restart the whole stack (down + up, volumes kept), read them back
#   5. the license server image; docker-compose.prod.yml in self-hosted mode with a license issued by
#      samples/LicenseTool against a throwaway pinned root (LICENSE_KEY, then LICENSE_FILE through
#      docker-compose.license-file.yml), hardening, 401 without a token, GET /license with an admin JWT;
#      Kestrel HTTPS with a mounted certificate; the start-up error lines
#   6. tear everything down (also on failure), then lint/render/validate the Helm charts
#   7. secrets: every Compose file and chart carries URL-hostile passwords verbatim (deploy/secrets-test.sh)
# Every database password here is generated with / + @ : % # in it, as an operator's generator may make it.
# Prints the time of every step. Exit 0 only if every check passed.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
project=glyphh-smoke
start=$(date +%s)
log_tag=smoke
# shellcheck source=deploy/lib.sh
source "$here/lib.sh"

step "set-up"
service_was_up=0
if [[ -S ${GLYPHH_DEPLOY_STATE:-/var/tmp/glyphh-deploy}/podman.sock ]] \
   && curl -fsS --unix-socket "${GLYPHH_DEPLOY_STATE:-/var/tmp/glyphh-deploy}/podman.sock" http://d/_ping >/dev/null 2>&1; then
  service_was_up=1
fi
bash "$here/setup-podman.sh" >/dev/null || die "set-up: deploy/setup-podman.sh failed (its last lines are above)"
# shellcheck disable=SC1090
source <(bash "$here/setup-podman.sh" --env)
export GLYPHH_RUNTIME_IMAGE=localhost/glyphh/runtime:smoke
export GLYPHH_LICENSE_SERVER_IMAGE=localhost/glyphh/license-server:smoke
GLYPHH_PORT=$(free_port)
export GLYPHH_PORT
POSTGRES_PASSWORD="smoke/+@:%#$(openssl rand -hex 4)"
export POSTGRES_PASSWORD
base=http://127.0.0.1:$GLYPHH_PORT
compose=(docker-compose -p "$project" -f "$here/docker-compose.yml")
pump_pid=
pump_prod=
ls_ctr=glyphh-smoke-license-server

cleanup() {
  local rc=$?
  [[ -n $pump_pid ]] && kill "$pump_pid" 2>/dev/null || true
  [[ -n $pump_prod ]] && kill "$pump_prod" 2>/dev/null || true
  if ((rc != 0)); then
    echo "[smoke] --- container logs (last 40 lines each) ---" >&2
    "${compose[@]}" logs --no-color --tail=40 >&2 2>/dev/null || true
  fi
  "${compose[@]}" down -v --remove-orphans >/dev/null 2>&1 || true
  POSTGRES_PASSWORD=x JWT_SECRET_KEY=x LICENSE_ROOT_CERT=/dev/null \
    docker-compose -p "${project}-prod" -f "$here/docker-compose.prod.yml" down -v --remove-orphans >/dev/null 2>&1 || true
  for c in "$ls_ctr" "${project}-tls"; do podman rm -f -v "$c" >/dev/null 2>&1 || true; done
  remove_project "$project"; remove_project "${project}-prod"
  # The throwaway CA, license and TLS files of a step that failed half-way.
  [[ -z ${prod_dir:-} ]] || rm -rf "$prod_dir"
  [[ -z ${tls:-} ]] || rm -rf "$tls"
  ((service_was_up)) || bash "$here/setup-podman.sh" --stop-service || true
  exit "$rc"
}
trap cleanup EXIT

# Leftovers of an interrupted run would hold the port, the names or the volumes.
"${compose[@]}" down -v --remove-orphans >/dev/null 2>&1 || true
remove_project "$project"; remove_project "${project}-prod"
for c in "$ls_ctr" "${project}-tls"; do podman rm -f -v "$c" >/dev/null 2>&1 || true; done

# check_image IMAGE: the non-root user, and what the chiseled base promises, from the image's files (it has no shell
# to ask): no shell, no package manager; /data owned by the app user; the probe is exec form. Prints the size.
check_image() {
  local size user files hc
  size=$(podman image inspect --format '{{.Size}}' "$1")
  user=$(podman image inspect --format '{{.Config.User}}' "$1")
  echo "[smoke] image $1: $size bytes ($((size / 1024 / 1024)) MiB), user $user"
  [[ $user == 1654:1654 ]] || die "$1 does not run as the non-root user 1654 (got '$user')"
  local ctr; ctr=$(podman create -q "$1")
  files=$(podman export "$ctr" | tar -tv --numeric-owner); podman rm -f "$ctr" >/dev/null 2>&1
  local forbidden=' (\./)?(usr/)?s?bin/(sh|bash|dash|busybox|apt|apt-get|dpkg|rpm|microdnf|tdnf)( ->|$)'
  if grep -Eq "$forbidden" <<<"$files"; then
    die "$1 holds a shell or a package manager: $(grep -E "$forbidden" <<<"$files" | head -3 | tr '\n' ';')"
  fi
  grep -Eq '^d\S+ 1654/1654 .* (\./)?data/?$' <<<"$files" || die "$1: /data is not owned by 1654:1654"
  hc=$(podman image inspect --format '{{json .Config.Healthcheck.Test}}' "$1")
  [[ $hc == '["CMD","dotnet","/app/probe/Glyphh.HealthProbe.dll","/health"]' ]] || die "$1: health check is not the exec-form probe: $hc"
}

step "build runtime image (docker-compose build)"
"${compose[@]}" build runtime >/tmp/glyphh-smoke-build.log 2>&1 || { tail -40 /tmp/glyphh-smoke-build.log >&2; die "image build"; }
check_image "$GLYPHH_RUNTIME_IMAGE"

if [[ -f $root/samples/LicenseServer/Glyphh.LicenseServer.csproj ]]; then
  step "build license server image (podman build)"
  podman build -q --format docker -f "$here/Dockerfile.license-server" \
    --build-arg SDK_IMAGE="$GLYPHH_SDK_IMAGE" --build-arg RUNTIME_IMAGE="$GLYPHH_ASPNET_IMAGE" \
    -t "$GLYPHH_LICENSE_SERVER_IMAGE" "$root" >/tmp/glyphh-smoke-ls-build.log 2>&1 \
    || { tail -40 /tmp/glyphh-smoke-ls-build.log >&2; die "license server image build"; }
  check_image "$GLYPHH_LICENSE_SERVER_IMAGE"
fi

pump_pid=$(start_health_pump "$project" "$ls_ctr")

step "compose up (runtime + PostgreSQL)"
"${compose[@]}" up -d >/tmp/glyphh-smoke-up.log 2>&1 || { cat /tmp/glyphh-smoke-up.log >&2; die "compose up"; }
wait_http "$base/health/ready"
wait_healthy "${project}_runtime_1"

step "create a model and a glyph"
call 201 POST /models '{"name":"smoke"}' >/dev/null || die "create model"
glyph='{"vector":[0.25,-0.5,1],"payload":{"kind":"smoke","n":42}}'
call '200|201' PUT /models/smoke/glyphs/g-1 "$glyph" >/dev/null || die "put glyph"
before=$(call 200 GET /models/smoke/glyphs/g-1) || die "read glyph"
echo "[smoke] stored: $before"

step "metrics: scrape /metrics (with usage recorded), check it and the monitoring docs"
curl -fsS "$base/metrics" >/tmp/glyphh-smoke-metrics.txt || die "GET /metrics"
bash "$here/check-monitoring.sh" /tmp/glyphh-smoke-metrics.txt || die "monitoring checks"

step "restart the stack (down + up, named volumes kept)"
"${compose[@]}" down >/dev/null 2>&1
[[ -n $(podman volume ls -q --filter "name=${project}_db-data") ]] || die "the database volume did not survive 'down'"
"${compose[@]}" up -d >/tmp/glyphh-smoke-up.log 2>&1 || { cat /tmp/glyphh-smoke-up.log >&2; die "compose up after restart"; }
wait_http "$base/health/ready"

step "read back after restart"
call 200 GET /models/smoke >/dev/null || die "model lost across restart"
after=$(call 200 GET /models/smoke/glyphs/g-1) || die "glyph lost across restart"
python3 - "$before" "$after" <<'EOF' || die "glyph changed across restart"
import json, sys
a, b = (json.loads(x) for x in sys.argv[1:3])
assert a == b, (a, b)
assert b["payload"] == {"kind": "smoke", "n": 42} and b["vector"] == [0.25, -0.5, 1], b
EOF
listing=$(call 200 GET '/models/smoke/glyphs?limit=10') || die "list glyphs"
[[ $listing == *'"g-1"'* ]] || die "listing after restart lacks g-1: $listing"
echo "[smoke] read back unchanged: $after"

if podman image exists "$GLYPHH_LICENSE_SERVER_IMAGE" && [[ -f $root/samples/LicenseServer/Glyphh.LicenseServer.csproj ]]; then
  step "license server image: start, health"
  ls_port=$(free_port)
  # Development: the sample makes its own throwaway signing CA (production mounts LICENSE_SIGNING_DIR).
  podman_quiet run -d --name "$ls_ctr" -p "127.0.0.1:$ls_port:8000" -e ASPNETCORE_ENVIRONMENT=Development \
    -e ADMIN_API_KEY_HASHES="$(openssl rand -hex 16 | sha256sum | cut -d' ' -f1)" "$GLYPHH_LICENSE_SERVER_IMAGE" >/dev/null
  if grep -rqs MapGlyphhHealth "$root/samples/LicenseServer" --include='*.cs'; then
    wait_http "http://127.0.0.1:$ls_port/health" 90
    wait_healthy "$ls_ctr"
  else
    # This version of the sample maps no health endpoints yet: it must at least serve HTTP.
    deadline=$((SECONDS + 90))
    until [[ $(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$ls_port/health") != 000 ]]; do
      ((SECONDS < deadline)) || { podman logs "$ls_ctr" | tail -20 >&2; die "the license server image serves nothing"; }
      sleep 1
    done
    echo "[smoke] license server serves HTTP (this version maps no /health)"
  fi
  podman_quiet rm -f -v "$ls_ctr" >/dev/null
fi

step "production compose file: refuses missing secrets, then runs hardened (read-only root, no capabilities)"
prod=(docker-compose -p "${project}-prod" -f "$here/docker-compose.prod.yml")
if msg=$(env -u POSTGRES_PASSWORD "${prod[@]}" config -q 2>&1); then die "docker-compose.prod.yml accepted a missing POSTGRES_PASSWORD"; fi
[[ $msg == *"set POSTGRES_PASSWORD"* ]] || die "missing POSTGRES_PASSWORD not named: $msg"
prod_dir=$(mktemp -d)
# A throwaway vendor CA and a self-hosted license from the project's own tool (samples/LicenseTool):
# the runtime refuses self-hosted mode without a license that chains to the pinned root.
dotnet build "$root/samples/LicenseTool" -c Release -nologo -v q >/tmp/glyphh-smoke-licensetool.log 2>&1 \
  || { tail -20 /tmp/glyphh-smoke-licensetool.log >&2; die "building samples/LicenseTool"; }
license_tool() { dotnet run --no-build --project "$root/samples/LicenseTool" -c Release -- "$@" >/dev/null; }
license_tool ca create --out "$prod_dir/ca" || die "glyphh-license ca create"
license_tool issue --ca "$prod_dir/ca" --customer smoke --mode self-hosted --expires "$(date -u -d '+3 days' +%F)" \
  --limit models=5 --out "$prod_dir/license.lic" || die "glyphh-license issue"
chmod 644 "$prod_dir/ca/root.crt" "$prod_dir/license.lic"   # the runtime (uid 1654) reads the mounted files
prod_port=$(free_port)
prod_jwt_secret=$(openssl rand -base64 48)
prod_pg_password="$(openssl rand -base64 24)/+@:%#"
export_prod() {
  POSTGRES_PASSWORD=$prod_pg_password JWT_SECRET_KEY=$prod_jwt_secret LICENSE_ROOT_CERT=$prod_dir/ca/root.crt \
    GLYPHH_PORT=$prod_port "${prod[@]}" "$@"
}
# As docs/production.md says: the whole armored license text in LICENSE_KEY (several lines).
export LICENSE_KEY; LICENSE_KEY=$(cat "$prod_dir/license.lic")
export_prod config -q || die "docker-compose.prod.yml does not validate with its secrets set"
pump_prod=$(start_health_pump "${project}-prod")
export_prod up -d --no-build >/tmp/glyphh-smoke-prod-up.log 2>&1 || { cat /tmp/glyphh-smoke-prod-up.log >&2; die "prod compose up"; }
prod_ctr=$(podman ps -a --filter "label=com.docker.compose.project=${project}-prod" --filter "label=com.docker.compose.service=runtime" --format '{{.Names}}')
wait_http "http://127.0.0.1:$prod_port/health/ready" 180 "$prod_ctr"
prod_ok=1
# The image has no shell to run checks in: they run from the host, as the container's user (setpriv), on the
# runtime process's own view of the file system (/proc/PID/root), so they see exactly what the runtime sees.
prod_pid=$(podman inspect --format '{{.State.Pid}}' "$prod_ctr")
[[ $(cat "/proc/$prod_pid/comm") == dotnet ]] || die "the prod container's main process is not dotnet"
as_app() { setpriv --reuid=1654 --regid=1654 --clear-groups "$@"; }
[[ $(podman inspect --format '{{.HostConfig.ReadonlyRootfs}}' "$prod_ctr") == true ]] \
  || { prod_ok=0; echo "[smoke] the container's root file system is not read-only" >&2; }
if as_app touch "/proc/$prod_pid/root/app/x" 2>/dev/null; then prod_ok=0; echo "[smoke] the root file system is writable" >&2; fi
caps=$(awk '/^CapEff/ {print $2}' "/proc/$prod_pid/status")
[[ $caps == 0000000000000000 ]] || { prod_ok=0; echo "[smoke] effective capabilities $caps, expected none" >&2; }
for d in data tmp; do
  as_app touch "/proc/$prod_pid/root/$d/.smoke-w" && rm -f "/proc/$prod_pid/root/$d/.smoke-w" \
    || { prod_ok=0; echo "[smoke] /$d not writable by uid 1654" >&2; }
done
((prod_ok)) || die "production compose checks (hardening)"
echo "[smoke] prod: self-hosted runtime up, root read-only, capabilities $caps, /data and /tmp writable"

# Authentication is on: no token is a 401; a platform admin (HS256 JWT signed with JWT_SECRET_KEY) sees the license.
admin_jwt=$(mint_jwt "$prod_jwt_secret" '{"sub":"smoke-admin","namespaces":["*"],"permissions":{"*":["admin"]}}')
prod_base=http://127.0.0.1:$prod_port
status=$(curl -sS -o /dev/null -w '%{http_code}' "$prod_base/models")
[[ $status == 401 ]] || die "self-hosted GET /models without a token answered $status, expected 401"
license_json=$(base=$prod_base token=$admin_jwt call 200 GET /license) || die "GET /license as a platform admin"
python3 - "$license_json" <<'EOF' || die "GET /license does not show the smoke license as valid: $license_json"
import json, sys
l = json.loads(sys.argv[1])
assert l["status"] == "valid" and l["mode"] == "self-hosted" and l["customer"] == "smoke", l
assert l["limits"]["models"] == 5, l
EOF
base=$prod_base token=$admin_jwt call 201 POST /models '{"name":"prod-smoke"}' >/dev/null || die "authenticated POST /models in self-hosted mode"
echo "[smoke] prod: 401 without a token; admin JWT: license valid (customer smoke, models<=5), model created"

# The other way in: LICENSE_FILE, a file on the host mounted read-only (docker-compose.license-file.yml).
step "production compose: restart with LICENSE_FILE instead of LICENSE_KEY"
unset LICENSE_KEY
prod=(docker-compose -p "${project}-prod" -f "$here/docker-compose.prod.yml" -f "$here/docker-compose.license-file.yml")
if msg=$(export_prod config -q 2>&1); then die "docker-compose.license-file.yml accepted a missing LICENSE_FILE"; fi
[[ $msg == *"set LICENSE_FILE"* ]] || die "missing LICENSE_FILE not named: $msg"
export LICENSE_FILE=$prod_dir/license.lic
export_prod up -d --no-build >/tmp/glyphh-smoke-prod-up.log 2>&1 || { cat /tmp/glyphh-smoke-prod-up.log >&2; die "prod compose up with LICENSE_FILE"; }
prod_ctr=$(podman ps -a --filter "label=com.docker.compose.project=${project}-prod" --filter "label=com.docker.compose.service=runtime" --format '{{.Names}}')
wait_http "$prod_base/health/ready" 180 "$prod_ctr"
license_json=$(base=$prod_base token=$admin_jwt call 200 GET /license) || die "GET /license with LICENSE_FILE"
[[ $license_json == *'"status":"valid"'* ]] || die "LICENSE_FILE: license not valid: $license_json"
base=$prod_base token=$admin_jwt call 200 GET /models/prod-smoke >/dev/null || die "the model created before the restart is gone"
echo "[smoke] prod: LICENSE_FILE works; the model survived the restart"
kill "$pump_prod" 2>/dev/null || true
export_prod down -v --remove-orphans >/dev/null 2>&1
unset LICENSE_FILE
rm -rf "$prod_dir"

step "TLS: Kestrel with a mounted certificate (docs/tls.md, option B)"
tls=$(mktemp -d)
(
  cd "$tls"
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout ca.key -out ca.crt \
    -subj /CN=glyphh-smoke-ca -days 1 2>/dev/null
  openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout tls.key -out tls.csr -subj /CN=localhost 2>/dev/null
  printf 'subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth\n' >ext.cnf
  openssl x509 -req -in tls.csr -CA ca.crt -CAkey ca.key -CAcreateserial -days 1 -extfile ext.cnf -out tls.crt 2>/dev/null
  chmod 644 tls.key tls.crt
)
chmod 755 "$tls"   # the runtime runs as uid 1654: it must be able to enter the directory
tls_port=$(free_port)
podman_quiet run -d --name "${project}-tls" -p "127.0.0.1:$tls_port:8443" -v "$tls:/etc/glyphh/tls:ro" \
  -e 'ASPNETCORE_URLS=http://+:8000;https://+:8443' \
  -e ASPNETCORE_Kestrel__Certificates__Default__Path=/etc/glyphh/tls/tls.crt \
  -e ASPNETCORE_Kestrel__Certificates__Default__KeyPath=/etc/glyphh/tls/tls.key \
  "$GLYPHH_RUNTIME_IMAGE" >/dev/null
deadline=$((SECONDS + 60))
until curl -fsS --cacert "$tls/ca.crt" "https://localhost:$tls_port/health" >/dev/null 2>&1; do
  ((SECONDS < deadline)) || { podman logs "${project}-tls" | tail -20 >&2; die "no HTTPS answer with the mounted certificate"; }
  sleep 1
done
echo "[smoke] HTTPS /health verified against the throwaway CA: $(curl -sS --cacert "$tls/ca.crt" "https://localhost:$tls_port/health")"
podman exec "${project}-tls" dotnet /app/probe/Glyphh.HealthProbe.dll /health || die "the image's probe fails when Kestrel also serves HTTPS"
podman_quiet rm -f -v "${project}-tls" >/dev/null; rm -rf "$tls"

step "start-up errors: one line naming the setting, non-zero exit"
bash "$here/startup-errors.sh" "$GLYPHH_RUNTIME_IMAGE" "${project}_default" || die "start-up error lines"
if podman image exists "$GLYPHH_LICENSE_SERVER_IMAGE"; then
  STARTUP_HOST=license-server bash "$here/startup-errors.sh" "$GLYPHH_LICENSE_SERVER_IMAGE" || die "license server start-up error lines"
fi

step "tear down"
"${compose[@]}" down -v --remove-orphans >/dev/null 2>&1
[[ -z $(podman ps -a -q --filter "label=com.docker.compose.project=$project") ]] || die "containers left after down"
[[ -z $(podman volume ls -q --filter "name=${project}_") ]] || die "volumes left after down -v"

step "Helm chart: lint, render, validate"
bash "$here/helm/check-chart.sh"

step "secrets: Compose files and charts with URL-hostile passwords, runtime started with them"
bash "$here/secrets-test.sh" || die "secrets test"

# Build-stage images are the layer cache: keep a day of them, drop older ones so disks do not fill.
podman image prune -f --filter until=24h >/dev/null 2>&1 || true

step "done"
echo "[smoke] all deployment checks passed in $(( $(date +%s) - start ))s"
