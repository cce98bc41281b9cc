#!/usr/bin/env bash
# The project's one entry point for building and testing.
#   ./build.sh test    install what the tests need (PostgreSQL, the pinned OpenAPI linter, clang), start a
#                      throwaway PostgreSQL, run every test
#   ./build.sh build   build the solution (Release)
#   ./build.sh pack    pack every package under src/ into artifacts/packages
#   ./build.sh test-privileged   the fault tests that need root with CAP_SYS_ADMIN (a tmpfs mount); CI runs it too
set -euo pipefail
cd "$(dirname "$0")"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

# Native AOT publishing (the packaging tests) needs clang and zlib; the clock-rollback end-to-end test needs
# libfaketime (package faketime). All from Debian's packages.
ensure_native_toolchain() {
  command -v clang >/dev/null 2>&1 && [ -e /usr/include/zlib.h ] && [ -e /usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1 ] && return 0
  if [ "$(id -u)" -ne 0 ]; then
    echo "clang, zlib1g-dev or faketime are missing; install them with 'sudo apt-get install -y clang zlib1g-dev faketime'." >&2
    exit 1
  fi
  echo "Installing clang, zlib1g-dev and faketime from the Debian packages..." >&2
  DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq clang zlib1g-dev faketime >&2
}

cmd=${1:-test}
case "$cmd" in
  build)
    dotnet build Sdk.sln -c Release
    ;;
  pack)
    rm -rf artifacts/packages
    dotnet pack Sdk.sln -c Release -o artifacts/packages
    ;;
  test)
    bash scripts/pg.sh ensure
    bash scripts/redocly.sh ensure
    ensure_native_toolchain
    pgdir=$(mktemp -d /tmp/glyphh-test-pg.XXXXXX)
    log=$(mktemp /tmp/glyphh-test-log.XXXXXX)
    trap 'bash scripts/pg.sh destroy "$pgdir"; rm -f "$log"' EXIT
    GLYPHH_TEST_POSTGRES=$(bash scripts/pg.sh start "$pgdir" | tail -n 1)
    export GLYPHH_TEST_POSTGRES GLYPHH_TEST_POSTGRES_DIR="$pgdir"
    echo "PostgreSQL for the tests: ${GLYPHH_TEST_POSTGRES}"
    # Tests that need privileges (Category=Privileged) run in `./build.sh test-privileged`, so this command passes
    # in an unprivileged container or as a non-root user. A caller's own --filter replaces this one.
    filter=(--filter "Category!=Privileged")
    for arg in "${@:2}"; do [[ $arg == --filter* ]] && filter=(); done
    set +e
    # A test that hangs is stopped and named after 15 minutes (the whole suite takes about 10), rather than holding
    # the run until CI's own limit with nothing to say which test it was.
    dotnet test Sdk.sln -c Release "${filter[@]}" --blame-hang-timeout 15m --blame-hang-dump-type none "${@:2}" 2>&1 | tee "$log"
    rc=${PIPESTATUS[0]}
    set -e
    # One closing line for the whole run, summed over the test assemblies.
    awk '/(Passed|Failed)! +- +Failed: +[0-9]+, Passed: +[0-9]+/ {
           gsub(/,/, ""); for (i = 1; i <= NF; i++) { if ($i == "Failed:") f += $(i+1); if ($i == "Passed:") p += $(i+1); if ($i == "Skipped:") s += $(i+1) } }
         END { printf "Tests: %d passed, %d failed, %d skipped\n", p, f, s }' "$log"
    exit "$rc"
    ;;
  test-privileged)
    if [ "$(id -u)" -ne 0 ]; then
      echo "test-privileged mounts file systems: run it as root (with CAP_SYS_ADMIN, e.g. a privileged container)." >&2
      exit 1
    fi
    log=$(mktemp /tmp/glyphh-test-log.XXXXXX)
    trap 'rm -f "$log"' EXIT
    set +e
    dotnet test tests/Fault.Tests -c Release --filter "Category=Privileged" "${@:2}" 2>&1 | tee "$log"
    rc=${PIPESTATUS[0]}
    set -e
    # A filter that matches nothing passes quietly; this suite must have run something.
    grep -Eq 'Passed! +- +Failed: +0, Passed: +[1-9]' "$log" || { echo "test-privileged: no privileged test ran and passed" >&2; exit 1; }
    exit "$rc"
    ;;
  *)
    echo "usage: ./build.sh [test|build|pack|test-privileged]" >&2
    exit 2
    ;;
esac
