#!/usr/bin/env bash
# Upgrade and rollback test (seed 004 test cases 6 and 7), end to end with images and PostgreSQL:
#   1. run the PREVIOUS runtime (an older commit, default: the first with versioned migrations) on the
#      Compose stack and write a model with glyphs into it;
#   2. back up as docs/backup-restore.md says (pg_dump -Fc, the data volume as a tarball);
#   3. upgrade to the CURRENT image (this work tree): every record is found, unchanged; the schema change
#      is additive (every table and column of the previous schema is still there, same type);
#   4. the previous binary against the upgraded schema: it runs and reads everything (additive policy),
#      or, when the schema version moved on, refuses with one line (and then only the backup helps);
#   5. rollback: stop, restore the dump and the data volume, start the PREVIOUS image: every record of
#      the backup is back, nothing else, at the previous schema version.
# Prints the time of every step; tears everything down on exit. Exit 0 only if every check passed.
#   PREVIOUS_REF=<commit> bash deploy/upgrade-test.sh
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
project=glyphh-upgrade
log_tag=upgrade
start=$(date +%s)
# shellcheck source=deploy/lib.sh
source "$here/lib.sh"

prev_ref=${PREVIOUS_REF:-$(git -C "$root" log --diff-filter=A --format=%H -- samples/Runtime/Storage/GlyphStore.Migrations.cs | tail -n 1)}
[[ -n $prev_ref ]] && git -C "$root" cat-file -e "$prev_ref^{commit}" 2>/dev/null \
  || die "no previous version to upgrade from: set PREVIOUS_REF to a commit of samples/Runtime (history needed)"
prev_short=$(git -C "$root" rev-parse --short=10 "$prev_ref")

step "set-up"
service_was_up=0
if [[ -S ${GLYPHH_DEPLOY_STATE:-/var/tmp/glyphh-deploy}/podman.sock ]] \
   && curl -fsS --unix-socket "${GLYPHH_DEPLOY_STATE:-/var/tmp/glyphh-deploy}/podman.sock" http://d/_ping >/dev/null 2>&1; then
  service_was_up=1
fi
bash "$here/setup-podman.sh" >/dev/null || die "set-up: deploy/setup-podman.sh failed (its last lines are above)"
# shellcheck disable=SC1090
source <(bash "$here/setup-podman.sh" --env)
prev_image=localhost/glyphh/runtime:previous-$prev_short
cur_image=localhost/glyphh/runtime:upgrade-current
GLYPHH_PORT=$(free_port)
export GLYPHH_PORT
base=http://127.0.0.1:$GLYPHH_PORT
work=$(mktemp -d /tmp/glyphh-upgrade.XXXXXX)
# Today's Compose file passes the database user and password apart from the URL (DATABASE_USER/DATABASE_PASSWORD),
# which a runtime before the shared settings ignores: give it libpq's PGUSER/PGPASSWORD too, which Npgsql reads and
# which today's runtime leaves to DATABASE_USER/DATABASE_PASSWORD.
cat >"$work/previous-compat.yml" <<'YAML'
services:
  runtime:
    environment:
      PGUSER: glyphh
      PGPASSWORD: ${POSTGRES_PASSWORD:-glyphh}
YAML
compose=(docker-compose -p "$project" -f "$here/docker-compose.yml" -f "$work/previous-compat.yml")
pump_pid=

cleanup() {
  local rc=$?
  [[ -n $pump_pid ]] && kill "$pump_pid" 2>/dev/null || true
  if ((rc != 0)); then
    "${compose[@]}" logs --no-color --tail=40 >&2 2>/dev/null || true
  fi
  "${compose[@]}" down -v --remove-orphans >/dev/null 2>&1 || true
  remove_project "$project"
  rm -rf "$work"
  # Leave the podman API service as it was found (smoke.sh does the same).
  ((service_was_up)) || bash "$here/setup-podman.sh" --stop-service || true
  exit "$rc"
}
trap cleanup EXIT
"${compose[@]}" down -v --remove-orphans >/dev/null 2>&1 || true

build_image() { # build_image TAG CONTEXT LOG
  podman build --format docker -f "$2/deploy/Dockerfile" \
    --build-arg SDK_IMAGE="$GLYPHH_SDK_IMAGE" --build-arg RUNTIME_IMAGE="$GLYPHH_ASPNET_IMAGE" \
    -t "$1" "$2" >"$3" 2>&1 || { tail -40 "$3" >&2; die "building $1"; }
}

if ! podman image exists "$prev_image"; then
  step "build the previous runtime ($prev_short) as $prev_image"
  mkdir -p "$work/prev"
  git -C "$root" archive "$prev_ref" | tar -x -C "$work/prev"
  # The previous commit may predate the deploy files: build it with today's Dockerfile and probe.
  rm -rf "$work/prev/deploy/probe"; mkdir -p "$work/prev/deploy"
  cp -r "$here/Dockerfile" "$here/probe" "$work/prev/deploy/"
  rm -rf "$work/prev/deploy/probe/bin" "$work/prev/deploy/probe/obj"
  cp "$root/.dockerignore" "$work/prev/"
  # Today's Dockerfile copies the shared hosting library; an older tree without it gets today's (unreferenced there).
  [[ -d $work/prev/samples/Hosting ]] || cp -r "$root/samples/Hosting" "$work/prev/samples/Hosting"
  rm -rf "$work/prev/samples/Hosting/bin" "$work/prev/samples/Hosting/obj"
  build_image "$prev_image" "$work/prev" "$work/build-prev.log"
fi
step "build the current runtime as $cur_image"
build_image "$cur_image" "$root" "$work/build-cur.log"

pump_pid=$(start_health_pump "$project")
psql_db() { "${compose[@]}" exec -T db psql -v ON_ERROR_STOP=1 -U glyphh -d glyphh_runtime -tA "$@"; }
schema_version() { psql_db -c "SELECT COALESCE(MAX(version), 0) FROM glyphh_schema_migrations"; }
schema_columns() {
  psql_db -c "SELECT table_schema || '.' || table_name || '.' || column_name || ' ' || data_type FROM information_schema.columns
              WHERE table_schema NOT IN ('pg_catalog', 'information_schema') ORDER BY 1"
}
run_image() { # run_image IMAGE: (re)create the runtime service on IMAGE
  GLYPHH_RUNTIME_IMAGE=$1 "${compose[@]}" up -d --no-build runtime >"$work/up.log" 2>&1 || { cat "$work/up.log" >&2; die "starting $1"; }
}
# The previous runtime may predate /health: GET /models answers once storage is migrated and serving.
wait_serving() { wait_http "$base/models" "${1:-180}" >/dev/null; }

# Every glyph of model "upgrade", found through paged listing and read one by one, as canonical JSON
# lines sorted by id; prints the count. One Python process (curl per glyph is slow on a busy machine).
snapshot() {
  python3 - "$base" "$1" <<'PY'
import json, sys, urllib.request
base, out = sys.argv[1], sys.argv[2]
def get(path):
    with urllib.request.urlopen(base + path, timeout=60) as r:
        assert r.status == 200, (path, r.status)
        return json.load(r)
ids, cursor = [], None
while True:
    page = get("/models/upgrade/glyphs?limit=7" + (f"&cursor={cursor}" if cursor else ""))
    ids += [i["id"] for i in page["items"]]
    cursor = page.get("next_cursor")
    if not cursor:
        break
assert len(ids) == len(set(ids)), "listing returned an id twice"
with open(out, "w") as f:
    for i in sorted(ids):
        g = get(f"/models/upgrade/glyphs/{i}")
        f.write(json.dumps({"id": g["id"], "vector": g.get("vector"), "payload": g.get("payload")}, sort_keys=True) + "\n")
print(len(ids))
PY
}

step "start the previous runtime ($prev_short) with PostgreSQL"
GLYPHH_RUNTIME_IMAGE=$prev_image "${compose[@]}" up -d --no-build >"$work/up.log" 2>&1 || { cat "$work/up.log" >&2; die "compose up"; }
wait_serving

step "write data with the previous runtime"
call '200|201' POST /models '{"name":"upgrade"}' >/dev/null || die "create model"
python3 - "$base" <<'PY' || die "writing glyphs with the previous runtime"
import json, sys, urllib.request
for i in range(1, 26):
    body = json.dumps({"vector": [i, i * 2 + 0.5, -i], "payload": {"n": i, "name": f"glyph {i} \u2713", "tags": ["a", f"b{i}"]}}).encode()
    req = urllib.request.Request(f"{sys.argv[1]}/models/upgrade/glyphs/g-{i:03d}", data=body, method="PUT", headers={"content-type": "application/json"})
    with urllib.request.urlopen(req, timeout=60) as r:
        assert r.status in (200, 201), (i, r.status)
PY
n=$(snapshot "$work/before.jsonl"); [[ $n == 25 ]] || die "expected 25 glyphs before the upgrade, found $n"
v_prev=$(schema_version)
schema_columns >"$work/columns-before.txt"
echo "[upgrade] previous: schema version $v_prev, $(wc -l <"$work/columns-before.txt") columns, $n glyphs"

step "back up (docs/backup-restore.md): pg_dump -Fc and the data volume"
"${compose[@]}" exec -T db pg_dump -U glyphh -d glyphh_runtime -Fc >"$work/backup.dump"
"${compose[@]}" exec -T db pg_restore --list <"$work/backup.dump" | grep -q 'TABLE DATA public glyphh_glyphs' \
  || die "the dump has no glyphh_glyphs data"
podman run --rm -v "${project}_runtime-data:/data:ro" -v "$work:/backup" "$GLYPHH_TOOLBOX_IMAGE" \
  tar -C /data -czf /backup/runtime-data.tgz .
echo "[upgrade] backup: $(du -h "$work/backup.dump" | cut -f1) dump, $(du -h "$work/runtime-data.tgz" | cut -f1) data volume"

step "upgrade to the current runtime"
run_image "$cur_image"
wait_http "$base/health/ready" >/dev/null
n=$(snapshot "$work/after.jsonl"); [[ $n == 25 ]] || die "expected 25 glyphs after the upgrade, found $n"
diff -u "$work/before.jsonl" "$work/after.jsonl" >&2 || die "records changed across the upgrade"
v_cur=$(schema_version)
schema_columns >"$work/columns-after.txt"
dropped=$(comm -23 "$work/columns-before.txt" "$work/columns-after.txt")
[[ -z $dropped ]] || die "the upgrade dropped or changed columns (not additive): $dropped"
added=$(comm -13 "$work/columns-before.txt" "$work/columns-after.txt" | wc -l | tr -d ' ')
echo "[upgrade] current: schema version $v_cur (was $v_prev), $added columns added, none dropped or changed; all 25 glyphs identical"
# Quota usage must account for the glyphs written before the upgrade, or the data can outgrow its
# limits. Checked now, reported at the end, so the rollback half still runs when this fails.
quota_problem=
quota=$(call 200 GET /namespaces/upgrade/quotas) || die "GET /namespaces/upgrade/quotas after the upgrade"
used=$(python3 -c 'import json,sys; print(json.load(sys.stdin)["usage"]["glyphs"])' <<<"$quota")
if [[ $used == 25 ]]; then
  echo "[upgrade] quota usage accounts for the existing data: $used glyphs"
else
  quota_problem="after the upgrade, GET /namespaces/upgrade/quotas counts $used glyphs of the 25 stored before it: usage was not reconciled from existing data"
  echo "[upgrade] PROBLEM: $quota_problem" >&2
fi
call '200|201' PUT /models/upgrade/glyphs/g-after '{"vector":[9,9,9],"payload":{"written":"after upgrade"}}' >/dev/null \
  || die "write after the upgrade"

step "the previous binary against the upgraded schema"
run_image "$prev_image"
if ((v_cur == v_prev)); then
  wait_serving 120
  n=$(snapshot "$work/compat.jsonl")
  [[ $n == 26 ]] || die "the previous runtime sees $n glyphs on the upgraded schema, expected 26"
  echo "[upgrade] schema version unchanged ($v_cur): the previous runtime runs on the upgraded database and reads all 26 glyphs"
else
  sleep 10
  line=$("${compose[@]}" logs --no-color runtime 2>&1 | grep -m1 'has schema version' || true)
  [[ -n $line ]] || die "the previous runtime neither ran nor refused the newer schema ($v_cur > $v_prev) with a clear line"
  echo "[upgrade] the previous runtime refuses schema $v_cur: ${line#*| }"
fi

step "rollback: restore the backup, start the previous runtime"
"${compose[@]}" stop runtime >/dev/null 2>&1
# Removed, not only stopped: a runtime left restarting (the previous one refusing the newer schema) would migrate the
# empty database between dropdb and pg_restore.
"${compose[@]}" rm -sf runtime >/dev/null 2>&1 || true
"${compose[@]}" exec -T db dropdb -U glyphh --if-exists glyphh_runtime
"${compose[@]}" exec -T db createdb -U glyphh -O glyphh glyphh_runtime
"${compose[@]}" exec -T db pg_restore -U glyphh -d glyphh_runtime --no-owner --exit-on-error <"$work/backup.dump"
podman run --rm -v "${project}_runtime-data:/data" -v "$work:/backup:ro" "$GLYPHH_TOOLBOX_IMAGE" \
  sh -c 'find /data -mindepth 1 -delete && tar -C /data --same-owner -xzf /backup/runtime-data.tgz'
run_image "$prev_image"
wait_serving
n=$(snapshot "$work/rolled-back.jsonl"); [[ $n == 25 ]] || die "expected the 25 backed-up glyphs after rollback, found $n"
diff -u "$work/before.jsonl" "$work/rolled-back.jsonl" >&2 || die "records differ from the backup after rollback"
v_back=$(schema_version)
[[ $v_back == "$v_prev" ]] || die "schema version after rollback is $v_back, expected $v_prev"
echo "[upgrade] rolled back: schema version $v_back, the 25 backed-up glyphs identical (g-after, written after the backup, is gone as expected)"

step "done"
[[ -z $quota_problem ]] || die "$quota_problem"
echo "[upgrade] upgrade $prev_short -> current and rollback from backup passed in $(( $(date +%s) - start ))s"
