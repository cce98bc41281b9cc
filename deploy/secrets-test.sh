#!/usr/bin/env bash
# Secrets that cannot break configuration (issue 17): generated passwords full of URL characters (/ + @ : % # and
# more) go through every Compose file and the Helm charts verbatim, and the runtime starts with them.
#   1. render each Compose file (docker-compose config) with each password: the db gets it exactly, the runtime gets
#      it exactly as DATABASE_PASSWORD, and DATABASE_URL carries no secret;
#   2. start the built runtime (samples/Runtime, Release) with the DATABASE_* settings each file rendered, against a
#      real PostgreSQL from scripts/pg.sh whose role checks its password (set with ALTER ROLE, as an operator rotates it);
#   3. render the Helm charts with the same passwords: the Secret holds them exactly, the URL none.
# Needs docker-compose (deploy/setup-podman.sh installs it), helm (deploy/helm/check-chart.sh installs it), python3-yaml.
#   bash deploy/secrets-test.sh
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
start=$(date +%s)
log_tag=secrets
# shellcheck source=deploy/lib.sh
source "$here/lib.sh"
helm=${GLYPHH_DEPLOY_STATE:-/var/tmp/glyphh-deploy}/tools/bin/helm
work=$(mktemp -d /tmp/glyphh-secrets.XXXXXX)
# Its own directory: pg.sh hands it to the postgres user, who cannot enter $work (mode 700).
pgdir=$(mktemp -d /tmp/glyphh-secrets-pg.XXXXXX)
rt_pid=
cleanup() {
  local rc=$?
  [[ -z $rt_pid ]] || kill "$rt_pid" 2>/dev/null || true
  bash "$root/scripts/pg.sh" destroy "$pgdir" >/dev/null 2>&1 || true
  rm -rf "$work"
  exit "$rc"
}
trap cleanup EXIT

passwords=(
  'a/b+c@d:e%f#g'
  'p@ss:w0rd/+%23#?&=;'
  "$(openssl rand -base64 24)/+@:%#"
  "sp ace'quote\"back\\slash/+@:%#"
)

step "render the Compose files with URL-hostile passwords"
command -v docker-compose >/dev/null || die "docker-compose is missing: run deploy/setup-podman.sh first"
render() { # render OUT PASSWORD FILES...
  local out=$1 pw=$2; shift 2
  local args=()
  for f in "$@"; do args+=(-f "$here/$f"); done
  POSTGRES_PASSWORD=$pw JWT_SECRET_KEY=0123456789abcdef0123456789abcdef LICENSE_ROOT_CERT=/dev/null LICENSE_FILE=/dev/null \
    docker-compose -p glyphh-secrets "${args[@]}" config >"$out" 2>"$out.err" || { cat "$out.err" >&2; die "docker-compose config: $*"; }
}
files=("docker-compose.yml" "docker-compose.prod.yml" "docker-compose.prod.yml docker-compose.license-file.yml")
i=0
for pw in "${passwords[@]}"; do
  for set in "${files[@]}"; do
    i=$((i + 1))
    # shellcheck disable=SC2086
    render "$work/c$i.yml" "$pw" $set
    PW=$pw python3 - "$work/c$i.yml" "$set" >"$work/c$i.env" <<'PY' || die "compose file(s) '$set' do not carry the password verbatim"
import os, shlex, sys, yaml
doc = yaml.safe_load(open(sys.argv[1]))
pw = os.environ["PW"]
def env(service):
    e = doc["services"][service]["environment"]
    return e if isinstance(e, dict) else dict(x.split("=", 1) for x in e)
db, rt = env("db"), env("runtime")
assert db["POSTGRES_PASSWORD"] == pw, ("db password changed", sys.argv[2])
assert rt["DATABASE_PASSWORD"] == pw, ("runtime password changed", sys.argv[2])
assert rt["DATABASE_USER"] == db["POSTGRES_USER"], "runtime and db users differ"
url = rt["DATABASE_URL"]
assert pw not in url and "@" not in url, ("the URL carries credentials", url)
for k in ("DATABASE_URL", "DATABASE_USER", "DATABASE_PASSWORD"):
    print(f"{k}={shlex.quote(rt[k])}")
PY
  done
done
echo "[secrets] $i renders: db and runtime got each password verbatim; no URL carries a secret"

step "start the runtime with each rendered setting against PostgreSQL that checks the password"
dll=$root/samples/Runtime/bin/Release/net10.0/Glyphh.Runtime.dll
[[ -f $dll ]] || dotnet build "$root/samples/Runtime" -c Release -nologo -v q >"$work/build.log" 2>&1 || { tail -20 "$work/build.log" >&2; die "building samples/Runtime"; }
bash "$root/scripts/pg.sh" ensure
bash "$root/scripts/pg.sh" start "$pgdir" >/dev/null
pgport=$(cat "$pgdir/port")
psql_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r | head -n 1)/psql
[[ -x $psql_bin ]] || psql_bin=psql
sql() { "$psql_bin" -h 127.0.0.1 -p "$pgport" -U postgres -d postgres -qAt -v ON_ERROR_STOP=1 "$@" >/dev/null; }
for db_name in glyphh_runtime; do
  sql -c "CREATE ROLE glyphh LOGIN IN ROLE glyphh_password_auth" -c "CREATE DATABASE $db_name OWNER glyphh"
done
n=0
for pw in "${passwords[@]}"; do
  # psql interpolates :'pw' (quoted as a literal) in what it reads, not in -c.
  echo "ALTER ROLE glyphh PASSWORD :'pw'" | sql -v pw="$pw"
  for env_file in "$work"/c*.env; do
    # shellcheck disable=SC1090
    ( source "$env_file"; [[ $DATABASE_PASSWORD == "$pw" ]] ) || continue
    n=$((n + 1))
    port=$(free_port)
    (
      # shellcheck disable=SC1090
      source "$env_file"
      export DATABASE_USER DATABASE_PASSWORD
      export DATABASE_URL=${DATABASE_URL/db:5432/127.0.0.1:$pgport}
      export GLYPHH_DATA_DIR=$work/data$n DEPLOYMENT_MODE=local ASPNETCORE_URLS=http://127.0.0.1:$port
      exec dotnet "$dll"
    ) >"$work/rt$n.log" 2>&1 &
    rt_pid=$!
    deadline=$((SECONDS + 120))
    until curl -fsS "http://127.0.0.1:$port/health/ready" >/dev/null 2>&1; do
      kill -0 "$rt_pid" 2>/dev/null || { tail -5 "$work/rt$n.log" >&2; die "the runtime stopped with rendered settings $env_file"; }
      ((SECONDS < deadline)) || { tail -5 "$work/rt$n.log" >&2; die "the runtime was not ready within 120s ($env_file)"; }
      sleep 1
    done
    kill "$rt_pid"; wait "$rt_pid" 2>/dev/null || true; rt_pid=
    if grep -qF -- "$pw" "$work/rt$n.log"; then die "the runtime logged the password"; fi
  done
  # The check is real: a wrong password does not get in, and says so in one line.
  if out=$(DATABASE_URL="postgresql://127.0.0.1:$pgport/glyphh_runtime" DATABASE_USER=glyphh DATABASE_PASSWORD="x$pw" \
      GLYPHH_DATA_DIR=$work/wrong DEPLOYMENT_MODE=local ASPNETCORE_URLS=http://127.0.0.1:0 timeout 60 dotnet "$dll" 2>&1 >/dev/null); then
    die "the runtime started with a wrong password"
  fi
  [[ $out == *"password authentication failed"* ]] || die "a wrong password did not say so: $out"
done
((n == ${#passwords[@]} * ${#files[@]})) || die "started $n runtimes, expected $((${#passwords[@]} * ${#files[@]}))"
echo "[secrets] $n runtime starts, each ready on PostgreSQL with its password; none logged it"

[[ -x $helm ]] || die "helm is missing: deploy/helm/check-chart.sh installs it"
{
  step "render the Helm charts with the same passwords"
  for pw in "${passwords[@]}"; do
    # A values file, as an operator writes one (--set would read its own escapes into a backslash or comma).
    PW=$pw python3 -c 'import os, yaml; print(yaml.safe_dump({"database": {"password": os.environ["PW"]}}))' >"$work/pw-values.yaml"
    "$helm" template s "$here/helm/glyphh-runtime" -f "$here/helm/glyphh-runtime/ci/stateless-values.yaml" \
      -f "$work/pw-values.yaml" >"$work/chart.yaml" || die "helm template with a hostile password"
    PW=$pw python3 - "$work/chart.yaml" <<'PY' || die "the chart does not carry the database password verbatim"
import base64, os, sys, yaml
docs = [d for d in yaml.safe_load_all(open(sys.argv[1])) if d]
pw = os.environ["PW"]
secret = next(d for d in docs if d["kind"] == "Secret")
assert base64.b64decode(secret["data"]["database-password"]).decode() == pw, "Secret changed the password"
cm = next(d for d in docs if d["kind"] == "ConfigMap" and "DATABASE_URL" in d.get("data", {}))
assert pw not in cm["data"]["DATABASE_URL"] and "@" not in cm["data"]["DATABASE_URL"], cm["data"]["DATABASE_URL"]
work = next(d for d in docs if d["kind"] in ("Deployment", "StatefulSet"))
env = {e["name"]: e for e in work["spec"]["template"]["spec"]["containers"][0]["env"]}
assert env["DATABASE_PASSWORD"]["valueFrom"]["secretKeyRef"]["key"] == "database-password", env
PY
  done
  echo "[secrets] chart: ${#passwords[@]} passwords kept verbatim in the Secret, passed as DATABASE_PASSWORD"
}
step "done"
