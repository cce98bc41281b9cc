#!/usr/bin/env bash
# Prepares this machine (Debian bookworm, root, no Docker engine) to build and run the deploy/ artifacts:
#   - podman, buildah, docker-compose v1, debootstrap from Debian's packages;
#   - a containers.conf that works without systemd (runc, cgroupfs, bounded ulimits);
#   - local stand-in base images, because the official registries cannot be reached here:
#       localhost/glyphh-standin/dotnet-sdk:10.0      the host's /usr/share/dotnet on Debian bookworm
#       localhost/glyphh-standin/aspnet:10.0          only the dotnet host and the shared frameworks
#       localhost/glyphh-standin/aspnet:10.0-noble-chiseled   FROM scratch, what the chiseled image holds (below)
#       localhost/glyphh-standin/postgres:15          Debian's PostgreSQL with a POSTGRES_* entrypoint
#   - `podman system service` on a unix socket, so docker-compose talks to podman through DOCKER_HOST.
# Idempotent: every step checks first; a second run takes seconds.
#
# Use:   source <(bash deploy/setup-podman.sh --env)   # after a run, exports CONTAINERS_CONF and DOCKER_HOST
#        bash deploy/setup-podman.sh                   # set up (prints the exports at the end)
#        bash deploy/setup-podman.sh --stop-service    # stop the podman API service it started
set -euo pipefail

state_dir=${GLYPHH_DEPLOY_STATE:-/var/tmp/glyphh-deploy}
conf="$state_dir/containers.conf"
sock="$state_dir/podman.sock"
pidfile="$state_dir/podman-service.pid"
dotnet_root=${DOTNET_ROOT:-/usr/share/dotnet}
sdk_tag=localhost/glyphh-standin/dotnet-sdk:10.0
aspnet_tag=localhost/glyphh-standin/aspnet:10.0
chiseled_tag=localhost/glyphh-standin/aspnet:10.0-noble-chiseled
toolbox_tag=localhost/glyphh-standin/bookworm:minbase
pg_tag=localhost/glyphh-standin/postgres:15
rootfs_cache="$state_dir/bookworm-minbase.tar"

print_env() {
  echo "export CONTAINERS_CONF=$conf"
  echo "export DOCKER_HOST=unix://$sock"
  echo "export GLYPHH_SDK_IMAGE=$sdk_tag"
  # The images' default base (deploy/Dockerfile*) is the chiseled one; the full one stays for tools that need a shell.
  echo "export GLYPHH_ASPNET_IMAGE=$chiseled_tag"
  echo "export GLYPHH_ASPNET_FULL_IMAGE=$aspnet_tag"
  echo "export GLYPHH_TOOLBOX_IMAGE=$toolbox_tag"
  echo "export GLYPHH_POSTGRES_IMAGE=$pg_tag"
}

case "${1:-}" in
  --env) print_env; exit 0 ;;
  --stop-service)
    if [[ -f $pidfile ]] && kill -0 "$(cat "$pidfile")" 2>/dev/null; then kill "$(cat "$pidfile")"; fi
    rm -f "$pidfile"; exit 0 ;;
  "") ;;
  *) echo "usage: setup-podman.sh [--env|--stop-service]" >&2; exit 2 ;;
esac

log() { printf '[setup %s] %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }
mkdir -p "$state_dir"
# The network steps (apt, debootstrap, the PostgreSQL image's apt) get three tries, 10 s and 20 s apart.
retry() {
  local n=1
  until "$@"; do
    ((n < 3)) || return 1
    log "failed (try $n of 3), again in $((n * 10))s: $*"
    sleep $((n * 10)); n=$((n + 1))
  done
}
fail() { log "FAILED: $*"; exit 1; }

# 1. Packages. --no-install-recommends keeps docker.io (an engine that cannot run here) out.
need=()
for c in podman:podman buildah:buildah docker-compose:docker-compose debootstrap:debootstrap runc:runc; do
  command -v "${c%%:*}" >/dev/null 2>&1 || need+=("${c#*:}")
done
if ((${#need[@]})); then
  log "installing ${need[*]}"
  retry apt-get update -qq || fail "apt-get update"
  retry env DEBIAN_FRONTEND=noninteractive NEEDRESTART_SUSPEND=1 apt-get install -y -qq --no-install-recommends \
    podman buildah docker-compose debootstrap runc netavark aardvark-dns fuse-overlayfs slirp4netns \
    uidmap catatonit iptables >"$state_dir/apt.log" 2>&1 \
    || { tail -5 "$state_dir/apt.log" >&2; fail "apt-get install podman buildah docker-compose debootstrap (log: $state_dir/apt.log)"; }
fi

# 2. containers.conf: no systemd here, so cgroupfs; runc rather than crun; ulimits bounded so
#    processes inside (dotnet, postgres) do not inherit a huge nofile that some tools loop over.
cat >"$conf.tmp" <<'EOF'
[containers]
default_ulimits = ["nofile=1024:1024", "nproc=1000:1000"]
log_driver = "k8s-file"

[engine]
runtime = "runc"
cgroup_manager = "cgroupfs"
events_logger = "file"

[network]
network_backend = "netavark"
EOF
if ! cmp -s "$conf.tmp" "$conf"; then mv "$conf.tmp" "$conf"; else rm -f "$conf.tmp"; fi
export CONTAINERS_CONF=$conf

have_image() { podman image exists "$1" 2>/dev/null; }

# 3. A minimal Debian bookworm root file system, made once and kept as a tarball.
bootstrap_rootfs() {
  [[ -s $rootfs_cache ]] && return 0
  log "debootstrap --variant=minbase bookworm (once; cached at $rootfs_cache)"
  local dir try
  for try in 1 2 3; do
    dir=$(mktemp -d "$state_dir/rootfs.XXXXXX")
    debootstrap --variant=minbase --include=ca-certificates,libicu72,libssl3,tzdata bookworm "$dir" \
      http://deb.debian.org/debian >"$state_dir/debootstrap.log" 2>&1 && break
    tail -5 "$state_dir/debootstrap.log" >&2; rm -rf "$dir"
    ((try < 3)) || fail "debootstrap bookworm (log: $state_dir/debootstrap.log)"
    log "debootstrap failed (try $try of 3), again in $((try * 10))s"; sleep $((try * 10))
  done
  chroot "$dir" apt-get clean
  rm -rf "$dir"/var/lib/apt/lists/* "$dir"/var/cache/apt/*.bin "$dir"/usr/share/doc/* "$dir"/usr/share/man/*
  tar -C "$dir" -cf "$rootfs_cache.tmp" . && mv "$rootfs_cache.tmp" "$rootfs_cache"
  rm -rf "$dir"
}

# Imports the cached root file system with the files of directory $2 laid over it as image $1.
import_image() {
  local tag=$1 extra=$2; shift 2
  local root; root=$(mktemp -d "$state_dir/root.XXXXXX")
  tar -C "$root" -xf "$rootfs_cache"
  cp -a "$extra/." "$root/"
  tar -C "$root" -c . | podman import -q "$@" - "$tag" >/dev/null
  rm -rf "$root"
}

# Commits working container $1 as image $2 and drops the image it replaces (no dangling layers left).
commit_over() {
  local old; old=$(podman image inspect --format '{{.Id}}' "$2")
  buildah commit -q --rm "$1" "$2" >/dev/null
  podman rmi "$old" >/dev/null 2>&1 || true
}

if ! have_image "$sdk_tag" || ! have_image "$aspnet_tag" || ! have_image "$chiseled_tag" || ! have_image "$pg_tag" \
   || ! have_image "$toolbox_tag"; then
  bootstrap_rootfs
fi

# 4. The .NET SDK stand-in: the host's whole dotnet installation (what mcr.microsoft.com/dotnet/sdk carries)
#    and the host's extra CA certificates, because this machine reaches NuGet through a TLS-inspecting
#    egress proxy whose CA only the host trusts. (The production Dockerfile needs nothing of the kind.)
host_cas=$(cat /usr/local/share/ca-certificates/*.crt 2>/dev/null | sha256sum | cut -c1-16)
if have_image "$sdk_tag" && [[ $(podman image inspect --format '{{ index .Labels "glyphh.host-cas" }}' "$sdk_tag") != "$host_cas" ]]; then
  podman rmi -f "$sdk_tag" >/dev/null
fi
if ! have_image "$sdk_tag"; then
  log "building $sdk_tag from $dotnet_root"
  extra=$(mktemp -d "$state_dir/extra.XXXXXX")
  mkdir -p "$extra/usr/share" "$extra/usr/bin"
  cp -a "$dotnet_root" "$extra/usr/share/dotnet"
  ln -s /usr/share/dotnet/dotnet "$extra/usr/bin/dotnet"
  import_image "$sdk_tag" "$extra" \
    --change 'ENV DOTNET_ROOT=/usr/share/dotnet' \
    --change 'ENV DOTNET_CLI_TELEMETRY_OPTOUT=1' --change 'ENV DOTNET_NOLOGO=1' \
    --change 'ENV DOTNET_GENERATE_ASPNET_CERTIFICATE=false' \
    --change 'ENV PATH=/usr/share/dotnet:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    --change 'WORKDIR /' --change 'CMD ["/bin/bash"]'
  rm -rf "$extra"
  ctr=$(buildah from "$sdk_tag")
  if compgen -G '/usr/local/share/ca-certificates/*.crt' >/dev/null; then
    buildah copy -q "$ctr" /usr/local/share/ca-certificates/ /usr/local/share/ca-certificates/ >/dev/null
    buildah run "$ctr" -- update-ca-certificates >/dev/null 2>&1
  fi
  buildah config --label "glyphh.host-cas=$host_cas" "$ctr"
  commit_over "$ctr" "$sdk_tag"
fi

# 5. The ASP.NET Core runtime stand-in: dotnet host + Microsoft.NETCore.App + Microsoft.AspNetCore.App,
#    with the same user (app, uid 1654) and variables as the official image.
if ! have_image "$aspnet_tag"; then
  log "building $aspnet_tag"
  extra=$(mktemp -d "$state_dir/extra.XXXXXX")
  mkdir -p "$extra/usr/share/dotnet/shared" "$extra/usr/bin"
  cp -a "$dotnet_root/dotnet" "$dotnet_root/host" "$dotnet_root/LICENSE.txt" "$extra/usr/share/dotnet/"
  cp -a "$dotnet_root/shared/Microsoft.NETCore.App" "$dotnet_root/shared/Microsoft.AspNetCore.App" \
    "$extra/usr/share/dotnet/shared/"
  ln -s /usr/share/dotnet/dotnet "$extra/usr/bin/dotnet"
  # The official image's non-root user.
  mkdir -p "$extra/etc" "$extra/home/app"
  tar -C "$extra" -xf "$rootfs_cache" ./etc/passwd ./etc/group
  echo 'app:x:1654:1654::/home/app:/usr/sbin/nologin' >>"$extra/etc/passwd"
  echo 'app:x:1654:' >>"$extra/etc/group"
  import_image "$aspnet_tag" "$extra" \
    --change 'ENV DOTNET_ROOT=/usr/share/dotnet' \
    --change 'ENV APP_UID=1654' \
    --change 'ENV ASPNETCORE_HTTP_PORTS=8080' \
    --change 'ENV DOTNET_RUNNING_IN_CONTAINER=true' \
    --change 'WORKDIR /' --change 'CMD ["/bin/bash"]'
  rm -rf "$extra"
  # /home/app must belong to the user; podman import keeps the tar owner (root), so fix it in a layer.
  ctr=$(buildah from "$aspnet_tag")
  buildah run "$ctr" -- chown -R 1654:1654 /home/app >/dev/null
  commit_over "$ctr" "$aspnet_tag"
fi

# 5b. The chiseled ASP.NET Core stand-in (mcr.microsoft.com/dotnet/aspnet:10.0-noble-chiseled): FROM scratch with
#     only what that image holds, per its Dockerfiles in dotnet/dotnet-docker (src/runtime-deps/10.0/noble-chiseled,
#     src/runtime/10.0/noble-chiseled): the C and C++ runtime (libc6, libgcc-s1, libstdc++6), libssl3, the CA
#     bundle, /etc/passwd and /etc/group with root and app (1654), /home/app and /tmp; then the dotnet host and the
#     two shared frameworks. No shell, no package manager, no ICU, no tzdata, no zlib (.NET 9+ carries its own):
#     hence DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=true, as the official image sets. The libraries are Debian
#     bookworm's (the cached root file system), not Ubuntu noble's: same sonames, the host's dotnet runs on them.
chiseled_rev=1   # bump when the content below changes
if have_image "$chiseled_tag" && [[ $(podman image inspect --format '{{ index .Labels "glyphh.standin-rev" }}' "$chiseled_tag") != "$chiseled_rev" ]]; then
  podman rmi -f "$chiseled_tag" >/dev/null
fi
if ! have_image "$chiseled_tag"; then
  log "building $chiseled_tag"
  full=$(mktemp -d "$state_dir/full.XXXXXX"); root=$(mktemp -d "$state_dir/chiseled.XXXXXX")
  tar -C "$full" -xf "$rootfs_cache" ./usr/lib/x86_64-linux-gnu ./etc/passwd ./etc/group ./etc/ssl/certs/ca-certificates.crt
  lib=usr/lib/x86_64-linux-gnu
  mkdir -p "$root/$lib" "$root/usr/lib64" "$root/usr/bin" "$root/usr/share/dotnet/shared" "$root/etc/ssl/certs" "$root/home/app" "$root/tmp"
  for f in ld-linux-x86-64.so.2 libc.so.6 libm.so.6 libdl.so.2 libpthread.so.0 librt.so.1 libgcc_s.so.1 \
           libstdc++.so.6 libssl.so.3 libcrypto.so.3; do
    cp -L "$full/$lib/$f" "$root/$lib/$f"
  done
  cp -a "$full/$lib/engines-3" "$full/$lib/ossl-modules" "$root/$lib/"
  ln -s usr/bin "$root/bin"; ln -s usr/lib "$root/lib"; ln -s usr/lib64 "$root/lib64"
  ln -s ../lib/x86_64-linux-gnu/ld-linux-x86-64.so.2 "$root/usr/lib64/ld-linux-x86-64.so.2"
  cp "$full/etc/ssl/certs/ca-certificates.crt" "$root/etc/ssl/certs/"
  grep '^root:' "$full/etc/passwd" >"$root/etc/passwd"; echo 'app:x:1654:1654::/home/app:/bin/false' >>"$root/etc/passwd"
  grep '^root:' "$full/etc/group" >"$root/etc/group"; echo 'app:x:1654:' >>"$root/etc/group"
  printf 'PRETTY_NAME="Glyphh stand-in for Ubuntu chiseled (Debian bookworm libraries)"\nID=glyphh-chiseled-standin\n' >"$root/etc/os-release"
  cp -a "$dotnet_root/dotnet" "$dotnet_root/host" "$dotnet_root/LICENSE.txt" "$root/usr/share/dotnet/"
  cp -a "$dotnet_root/shared/Microsoft.NETCore.App" "$dotnet_root/shared/Microsoft.AspNetCore.App" "$root/usr/share/dotnet/shared/"
  ln -s ../share/dotnet/dotnet "$root/usr/bin/dotnet"
  chown -R 1654:1654 "$root/home/app"; chmod 755 "$root/home/app"; chmod 1777 "$root/tmp"
  # Whatever the tarball held that is not listed above must not be there: no shell, no package manager.
  [[ ! -e $root/usr/bin/sh && ! -e $root/usr/bin/bash && ! -e $root/usr/bin/dpkg ]] || fail "$chiseled_tag would hold a shell"
  tar -C "$root" -c . | podman import -q \
    --change 'ENV APP_UID=1654' --change 'ENV ASPNETCORE_HTTP_PORTS=8080' \
    --change 'ENV DOTNET_RUNNING_IN_CONTAINER=true' --change 'ENV DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=true' \
    --change 'USER 1654' --change 'ENTRYPOINT ["/usr/bin/dotnet"]' --change 'CMD ["--info"]' \
    --change "LABEL glyphh.standin-rev=$chiseled_rev" - "$chiseled_tag" >/dev/null
  rm -rf "$full" "$root"
  # It must run .NET as it is: the host, both frameworks, OpenSSL loaded, as the non-root user.
  podman run --rm "$chiseled_tag" --list-runtimes | grep -q 'Microsoft.AspNetCore.App 10' \
    || fail "$chiseled_tag does not run dotnet --list-runtimes"
fi

# The toolbox: plain Debian with a shell and tar, for helpers that handle volumes (deploy/upgrade-test.sh).
if ! have_image "$toolbox_tag"; then
  extra=$(mktemp -d "$state_dir/extra.XXXXXX"); import_image "$toolbox_tag" "$extra"; rm -rf "$extra"
fi

# 6. The PostgreSQL stand-in (for docker-compose.yml): Debian's postgresql-15 and an entrypoint that
#    honours POSTGRES_USER, POSTGRES_PASSWORD and POSTGRES_DB like the official image.
pg_entry_hash=$(sha256sum "$(dirname "$0")/standin/postgres-entrypoint.sh" | cut -c1-16)
if have_image "$pg_tag" && [[ $(podman image inspect --format '{{ index .Labels "glyphh.entrypoint" }}' "$pg_tag") != "$pg_entry_hash" ]]; then
  podman rmi -f "$pg_tag" >/dev/null
fi
if ! have_image "$pg_tag"; then
  log "building $pg_tag"
  base_tag=$toolbox_tag
  ctx=$(mktemp -d "$state_dir/pgctx.XXXXXX")
  cp "$(dirname "$0")/standin/postgres-entrypoint.sh" "$ctx/docker-entrypoint.sh"
  cat >"$ctx/Containerfile" <<EOF
FROM $base_tag
RUN mkdir -p /etc/postgresql-common && echo 'create_main_cluster = false' >/etc/postgresql-common/createcluster.conf \\
 && apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \\
      -o Dpkg::Options::=--force-confold postgresql-15 >/dev/null \\
 && apt-get clean && rm -rf /var/lib/apt/lists/* \\
 && mkdir -p /var/lib/postgresql/data /var/run/postgresql && chown -R postgres:postgres /var/lib/postgresql /var/run/postgresql
COPY docker-entrypoint.sh /usr/local/bin/docker-entrypoint.sh
RUN chmod 755 /usr/local/bin/docker-entrypoint.sh
ENV PATH=/usr/lib/postgresql/15/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin PGDATA=/var/lib/postgresql/data
VOLUME /var/lib/postgresql/data
EXPOSE 5432
ENTRYPOINT ["/usr/local/bin/docker-entrypoint.sh"]
CMD ["postgres"]
LABEL glyphh.entrypoint=$pg_entry_hash
EOF
  retry buildah bud -q --network host --layers -t "$pg_tag" -f "$ctx/Containerfile" "$ctx" >/dev/null \
    || fail "building $pg_tag (apt-get install postgresql-15 in a bookworm container)"
  rm -rf "$ctx"
fi

# 7. The Docker-compatible API for docker-compose v1.
if ! curl -fsS --unix-socket "$sock" http://d/_ping >/dev/null 2>&1; then
  log "starting podman system service on $sock"
  rm -f "$sock"
  nohup podman system service --time=0 "unix://$sock" >"$state_dir/podman-service.log" 2>&1 &
  echo $! >"$pidfile"
  for _ in $(seq 1 50); do
    curl -fsS --unix-socket "$sock" http://d/_ping >/dev/null 2>&1 && break
    sleep 0.2
  done
  curl -fsS --unix-socket "$sock" http://d/_ping >/dev/null || fail "podman system service did not answer on $sock (log: $state_dir/podman-service.log)"
fi

log "ready"
print_env
