#!/usr/bin/env bash
# The README's test command (`./build.sh test`) on a clean clone, inside an unprivileged podman container with the
# .NET SDK: no --privileged, no --cap-add, podman's default capability set. Proves that every test needing more
# (a tmpfs mount) is in Category=Privileged, and that nothing depends on this machine's state.
#   bash deploy/container-test.sh root [REF]   as root in the Debian SDK image; build.sh installs PostgreSQL,
#                                              clang, zlib1g-dev and faketime itself (apt, as on a fresh runner)
#   bash deploy/container-test.sh user [REF]   as a non-root user (uid 1000) in an image with those preinstalled
# REF defaults to HEAD (committed work only: the clone sees no uncommitted change). Exit status: build.sh test's.
# Arguments after REF go to `./build.sh test` (dotnet test), e.g. to run again only what failed:
#   bash deploy/container-test.sh root HEAD --filter 'FullyQualifiedName~Glyphh.Packaging.Tests&Category!=Privileged'
# (a --filter replaces build.sh's own Category!=Privileged, so keep that term).
# A full run restores every package and builds everything from nothing: 20-40 min on a loaded 2-core machine,
# so CI (.ci/run) does not run it. The last line is build.sh's "Tests: N passed, N failed, N skipped".
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
mode=${1:-}
ref=${2:-HEAD}
extra=("${@:3}")
case "$mode" in
  root | user) ;;
  *) echo "usage: container-test.sh root|user [REF]" >&2; exit 2 ;;
esac
log() { printf '[container-test %s] %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }

state=${GLYPHH_DEPLOY_STATE:-/var/tmp/glyphh-deploy}
service_was_up=0
curl -fsS --unix-socket "$state/podman.sock" http://d/_ping >/dev/null 2>&1 && service_was_up=1
bash "$here/setup-podman.sh" >/dev/null || { log "deploy/setup-podman.sh failed"; exit 1; }
# This test needs no podman API service (setup-podman.sh starts one): leave it as it was found, as smoke.sh does.
((service_was_up)) || bash "$here/setup-podman.sh" --stop-service || true
# shellcheck disable=SC1090
source <(bash "$here/setup-podman.sh" --env)

image=$GLYPHH_SDK_IMAGE
run_as=()
if [[ $mode == user ]]; then
  # The developer image: what build.sh would install as root is already there, and a user who is not root.
  image=localhost/glyphh-standin/dotnet-sdk-dev:10.0
  # What ./build.sh test installs as root (scripts/pg.sh, the AOT test's toolchain, faketime, Node.js for redocly).
  packages="postgresql clang zlib1g-dev faketime nodejs npm"
  if ! podman image exists "$image" \
     || [[ $(podman image inspect --format '{{ index .Labels "glyphh.base" }}' "$image") != $(podman image inspect --format '{{.Id}}' "$GLYPHH_SDK_IMAGE") ]] \
     || [[ $(podman image inspect --format '{{ index .Labels "glyphh.packages" }}' "$image") != "$packages" ]]; then
    log "building $image ($packages; user dev, uid 1000)"
    ctx=$(mktemp -d /var/tmp/glyphh-devimage.XXXXXX)
    cat >"$ctx/Containerfile" <<EOF
FROM $GLYPHH_SDK_IMAGE
RUN apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \\
      $packages >/dev/null \\
 && apt-get clean && rm -rf /var/lib/apt/lists/* \\
 && useradd --create-home --uid 1000 --shell /bin/bash dev
LABEL glyphh.base=$(podman image inspect --format '{{.Id}}' "$GLYPHH_SDK_IMAGE") glyphh.packages="$packages"
EOF
    podman build -q -t "$image" -f "$ctx/Containerfile" "$ctx" >/dev/null || { rm -rf "$ctx"; log "building $image failed"; exit 1; }
    rm -rf "$ctx"
  fi
  run_as=(--user 1000:1000 --env HOME=/home/dev)
fi

# A clean clone of the committed REF: no bin/obj, no received files, no local configuration.
work=$(mktemp -d /var/tmp/glyphh-container-test.XXXXXX)
name=glyphh-container-test-$mode-$$
trap 'podman rm -f "$name" >/dev/null 2>&1 || true; rm -rf "$work"' EXIT
commit=$(git -C "$root" rev-parse --verify "$ref^{commit}")
git clone -q --no-checkout --no-hardlinks "$root" "$work/src"
git -C "$work/src" -c advice.detachedHead=false checkout -q --detach "$commit"
[[ $mode == user ]] && chown -R 1000:1000 "$work/src"
log "mode $mode, commit $(git -c safe.directory='*' -C "$work/src" log -1 --format='%h %s' | cut -c1-80), image $image"

# No --privileged, no --cap-add, no devices. Two settings differ from the stand-ins' containers.conf, both for the
# host rather than the test: nproc (32768; runc here refuses 65536), because rootful podman counts every thread of
# the host's uid (other builds on this machine included) against it, which a Docker-run CI runner does not bound;
# and the egress proxy here, whose CA only the SDK stand-in trusts and whose certificates have no reachable
# revocation list. (A --ulimit replaces containers.conf's list, and podman's own nofile default exceeds this
# host's hard limit, so nofile is given too.)
env_args=()
[[ -n ${NUGET_CERT_REVOCATION_MODE:-} ]] && env_args+=(--env "NUGET_CERT_REVOCATION_MODE=$NUGET_CERT_REVOCATION_MODE")
set +e
podman run --rm --name "$name" --ulimit nproc=32768:32768 --ulimit "nofile=$(ulimit -Hn):$(ulimit -Hn)" "${run_as[@]}" "${env_args[@]}" \
  -v "$work/src:/src" -w /src "$image" \
  bash -c 'echo "user $(id -un) ($(id -u)); $(grep CapEff /proc/self/status)"; ./build.sh test "$@"' container-test "${extra[@]}"
rc=$?
set -e
log "./build.sh test in the $mode container exited $rc"
exit "$rc"
