#!/usr/bin/env bash
# Starts the runtime image with one bad setting at a time and checks that each start-up stops with a
# non-zero exit and one readable line naming the setting (what docs/troubleshooting.md lists).
#   bash deploy/startup-errors.sh <image> [network]   (CONTAINERS_CONF as set by setup-podman.sh)
# With a network (a Compose project's, whose PostgreSQL service "db" has user glyphh, database
# glyphh_runtime), it also checks wrong credentials and a missing database against the real server.
# Prints "VARIABLE=value -> exit N: line" per case; exit 1 if any case started or said nothing useful.
set -uo pipefail
image=${1:?usage: startup-errors.sh <image> [network]}
network=${2:-}
fail=0
# name-the-output-must-contain | env assignments...
cases=(
  "DEPLOYMENT_MODE|DEPLOYMENT_MODE=production"
  "PORT|PORT=99999"
  "LOG_FORMAT|LOG_FORMAT=xml"
  "CORS_ORIGINS|CORS_ORIGINS=not-an-origin"
  "DATABASE_URL|DATABASE_URL=mysql://u:p@db/x"
  "DATABASE_URL|DATABASE_URL=postgresql://u:p@db.invalid:5432/"
  "DATABASE_URL|DATABASE_URL=postgresql://u:p@127.0.0.1:1/x?sslmode=sometimes"
  "DATABASE_URL|DATABASE_URL=postgresql://u:p@127.0.0.1:1/x?connect_timeout=2"
  "GLYPHH_CONFIG_FILE|GLYPHH_CONFIG_FILE=/nonexistent/glyphh.json"
  "GLYPHH_DATA_DIR|GLYPHH_DATA_DIR=/proc/glyphh"
  "GLYPHH_DATA_DIR|GLYPHH_DATA_DIR=/usr/share/doc"
)
if [[ -n $network ]]; then
  cases+=(
    "password authentication failed|DATABASE_URL=postgresql://glyphh:wrong-password@db:5432/glyphh_runtime"
    "does not exist|DATABASE_URL=postgresql://glyphh:${POSTGRES_PASSWORD:-glyphh}@db:5432/no_such_database"
  )
fi
for c in "${cases[@]}"; do
  want=${c%%|*}; assignment=${c#*|}
  name=glyphh-startup-error-$$
  out=$(timeout 60 podman run --rm --name "$name" --network "${network:-none}" -e "$assignment" "$image" 2>&1 >/dev/null)
  rc=$?
  podman rm -f -v "$name" >/dev/null 2>&1 || true   # a start that hung past the timeout
  line=$(printf '%s\n' "$out" | grep -m1 '^glyphh-runtime: ' || true)
  printf '%s -> exit %s: %s\n' "$assignment" "$rc" "${line:-<no glyphh-runtime: line> $(printf '%s' "$out" | tail -n 2 | tr '\n' ' ')}"
  if ((rc == 0 || rc == 124)) || [[ -z $line || $line != *"$want"* ]]; then
    echo "  ^ expected a non-zero exit and one line naming $want" >&2
    fail=1
  fi
done
exit "$fail"
