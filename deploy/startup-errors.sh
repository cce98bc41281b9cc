#!/usr/bin/env bash
# Starts the runtime image with one bad setting at a time and checks that each start-up stops with a
# non-zero exit and one readable line naming the setting (what docs/troubleshooting.md lists).
#   bash deploy/startup-errors.sh <image> [network]   (CONTAINERS_CONF as set by setup-podman.sh)
#   STARTUP_HOST=license-server bash deploy/startup-errors.sh <license-server image>   (its own cases)
# With a network (a Compose project's, whose PostgreSQL service "db" has user glyphh, database
# glyphh_runtime), it also checks wrong credentials and a missing database against the real server.
# Prints "VARIABLE=value -> exit N: line" per case; exit 1 if any case started or said nothing useful.
set -uo pipefail
image=${1:?usage: startup-errors.sh <image> [network]}
network=${2:-}
host=${STARTUP_HOST:-runtime}
fail=0
# name-the-output-must-contain | env assignment | more assignments...
if [[ $host == license-server ]]; then
  # Production without signing material or admin keys, and the shared DATABASE_URL rules.
  hash=$(printf %s admin-key | sha256sum | cut -d' ' -f1)
  cases=(
    "LICENSE_SIGNING_DIR|ADMIN_API_KEY_HASHES=$hash"
    "ADMIN_API_KEY_HASHES|LICENSE_SIGNING_DIR=/nonexistent|ADMIN_API_KEY_HASHES="
    "LICENSE_SIGNING_DIR|LICENSE_SIGNING_DIR=/nonexistent|ADMIN_API_KEY_HASHES=$hash"
    "VALIDATE_RATE_LIMIT|VALIDATE_RATE_LIMIT=-1"
    "names no database|DATABASE_URL=postgresql://u:p@db.invalid:5432/"
    "verify_full|DATABASE_URL=postgresql://u@127.0.0.1:1/x?sslmode=verify_full"
    "DATABASE_PASSWORD_FILE|DATABASE_URL=postgresql://u@127.0.0.1:1/x|DATABASE_PASSWORD_FILE=/run/secrets/none"
  )
else
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
  "DATABASE_PASSWORD|DATABASE_PASSWORD=set-without-a-url"
  "DATABASE_PASSWORD_FILE|DATABASE_URL=postgresql://db/x|DATABASE_PASSWORD_FILE=/run/secrets/none"
)
if [[ -n $network ]]; then
  cases+=(
    "password authentication failed|DATABASE_URL=postgresql://db:5432/glyphh_runtime|DATABASE_USER=glyphh|DATABASE_PASSWORD=wrong-password"
    "does not exist|DATABASE_URL=postgresql://db:5432/no_such_database|DATABASE_USER=glyphh|DATABASE_PASSWORD=${POSTGRES_PASSWORD:-glyphh}"
  )
fi
fi
for c in "${cases[@]}"; do
  want=${c%%|*}; assignment=${c#*|}
  name=glyphh-startup-error-$$
  env_args=()
  IFS='|' read -r -a pieces <<<"$assignment"
  for a in "${pieces[@]}"; do env_args+=(-e "$a"); done
  out=$(timeout 60 podman run --rm --name "$name" --network "${network:-none}" "${env_args[@]}" "$image" 2>&1 >/dev/null)
  rc=$?
  podman rm -f -v "$name" >/dev/null 2>&1 || true   # a start that hung past the timeout
  line=$(printf '%s\n' "$out" | grep -m1 "^glyphh-$host: " || true)
  # Podman's own warnings (WARN[...]) are not the host's output.
  lines=$(printf '%s\n' "$out" | grep -Evc '^(WARN\[|time=|$)' || true)
  printf '%s -> exit %s: %s\n' "$assignment" "$rc" "${line:-<no glyphh-$host: line> $(printf '%s' "$out" | tail -n 2 | tr '\n' ' ')}"
  if ((rc != 1 || lines != 1)) || [[ -z $line || $line != *"$want"* ]]; then
    echo "  ^ expected exit 1 and exactly one line (got $lines) naming $want" >&2
    fail=1
  fi
done
exit "$fail"
