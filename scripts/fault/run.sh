#!/usr/bin/env bash
# Fault injection (issue 9), bounded in time, loopback only: builds the sample runtime, starts a throwaway PostgreSQL
# (unless GLYPHH_TEST_POSTGRES is set) and runs tests/Fault.Tests, which start the built runtime as a child process and
#   - stop and restart a private PostgreSQL cluster under write load (readiness, 503s, recovery, no lost writes),
#   - SIGKILL the runtime mid-writes on SQLite and on PostgreSQL and restart it (acknowledged writes, usage),
#   - fill a 4 MiB tmpfs data directory (needs root for mount) and free it again (errors, health, integrity),
# and the license-server outage from tests/LicenseServer.Tests (SelfHostedRuntimeEndToEndTests): the self-hosted runtime
# under write load while its license server is stopped and started again (grace, no failed request, back to valid).
# Usage: scripts/fault/run.sh [dotnet test filter]     e.g. scripts/fault/run.sh PostgresOutage, scripts/fault/run.sh LicenseServer
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
PGDIR="${TMPDIR:-/tmp}/glyphh-fault-pg"
started=""
if [ -z "${GLYPHH_TEST_POSTGRES:-}" ]; then
  GLYPHH_TEST_POSTGRES="$(bash "$ROOT/scripts/pg.sh" start "$PGDIR" | tail -1)"
  export GLYPHH_TEST_POSTGRES
  started=1
fi
cleanup() { [ -n "$started" ] && bash "$ROOT/scripts/pg.sh" destroy "$PGDIR" >/dev/null 2>&1 || true; }
trap cleanup EXIT
dotnet build "$ROOT/samples/Runtime" -c Release -v q -nologo
filter=()
[ -n "${1:-}" ] && filter=(--filter "FullyQualifiedName~$1")
if [ "${1:-}" != "LicenseServer" ]; then
  timeout "${FAULT_TIMEOUT:-900}" dotnet test "$ROOT/tests/Fault.Tests" -c Release -nologo --logger "console;verbosity=normal" "${filter[@]}"
fi
if [ -z "${1:-}" ] || [ "${1:-}" = "LicenseServer" ]; then
  timeout "${FAULT_TIMEOUT:-900}" dotnet test "$ROOT/tests/LicenseServer.Tests" -c Release -nologo --logger "console;verbosity=normal" \
    --filter "FullyQualifiedName~LicenseServerStoppedAndRestartedUnderLoad"
fi
