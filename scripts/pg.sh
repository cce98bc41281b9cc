#!/usr/bin/env bash
# Throwaway PostgreSQL clusters on loopback for the tests.
#   pg.sh ensure            install PostgreSQL from Debian's packages when missing (root only)
#   pg.sh start DIR         initdb (first time) + start on a free port; prints the connection string last
#   pg.sh stop DIR          fast shutdown, data kept
#   pg.sh restart DIR       start again on the same port
#   pg.sh destroy DIR       stop and delete DIR
# Every connection is trusted, except for members of the role glyphh_password_auth (created with the cluster):
# they must give their password (scram-sha-256), so a test can prove a password really reaches the server.
set -euo pipefail

find_bin() {
  local d
  for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
    [ -x "$d/initdb" ] && { echo "$d"; return 0; }
  done
  command -v initdb >/dev/null 2>&1 && { dirname "$(command -v initdb)"; return 0; }
  return 1
}

ensure() {
  find_bin >/dev/null && return 0
  if [ "$(id -u)" -ne 0 ]; then
    echo "PostgreSQL server binaries (initdb, pg_ctl) are missing. Install them with 'sudo apt-get install -y postgresql' and run again." >&2
    exit 1
  fi
  echo "Installing PostgreSQL from the Debian packages..." >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq postgresql >&2
  # The package starts a system cluster we do not use.
  (command -v pg_ctlcluster >/dev/null && pg_lsclusters -h 2>/dev/null | while read -r v c _; do pg_ctlcluster "$v" "$c" stop || true; done) >&2 || true
  find_bin >/dev/null
}

as_owner() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

# Below the kernel's ephemeral range: while a cluster is stopped (a fault test), an outgoing connection of another
# process could otherwise be given its port, and the restart on that port would fail.
free_port() {
  local p i low=32768
  read -r low _ < /proc/sys/net/ipv4/ip_local_port_range 2>/dev/null || true
  [ "$low" -gt 11000 ] || low=32768
  for i in $(seq 1 50); do
    p=$(( 10000 + RANDOM % (low - 10000) ))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then echo "$p"; return 0; fi
  done
  echo "no free port found" >&2; return 1
}

verb=${1:-}; dir=${2:-}
[ "$verb" = ensure ] && { ensure; exit 0; }
[ -n "$verb" ] && [ -n "$dir" ] || { echo "usage: pg.sh ensure | start|stop|restart|destroy DIR" >&2; exit 2; }
bin=$(find_bin) || { echo "PostgreSQL is not installed; run 'scripts/pg.sh ensure' as root." >&2; exit 1; }

case "$verb" in
  start)
    mkdir -p "$dir"
    [ "$(id -u)" -eq 0 ] && chown postgres:postgres "$dir"
    if [ ! -f "$dir/data/PG_VERSION" ]; then
      as_owner "$bin/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 --no-locale >/dev/null
      # First match wins: the password rule goes above initdb's trust rules.
      as_owner sh -c "{ printf 'host all +glyphh_password_auth 127.0.0.1/32 scram-sha-256\n'; cat '$dir/data/pg_hba.conf'; } > '$dir/data/pg_hba.new' && mv '$dir/data/pg_hba.new' '$dir/data/pg_hba.conf'"
      touch "$dir/new"
      free_port > "$dir/port.tmp" && mv "$dir/port.tmp" "$dir/port"
      [ "$(id -u)" -eq 0 ] && chown postgres:postgres "$dir/port"
    fi
    # Clusters start side by side in parallel test runs: a port taken between the check and the start gets a
    # second pick (new clusters only, so a restarted cluster keeps its port); a last failure shows the server log.
    for attempt in 1 2 3; do
      port=$(cat "$dir/port")
      if as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
        -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=300 -c shared_buffers=64MB" start >/dev/null; then
        break
      fi
      if [ "$attempt" -eq 3 ] || [ ! -f "$dir/new" ]; then
        tail -n 5 "$dir/server.log" >&2 2>/dev/null || true
        exit 1
      fi
      free_port > "$dir/port.tmp" && mv "$dir/port.tmp" "$dir/port"
      [ "$(id -u)" -eq 0 ] && chown postgres:postgres "$dir/port"
    done
    if [ -f "$dir/new" ]; then
      as_owner "$bin/psql" -h "$dir" -p "$port" -U postgres -d postgres -qAt -c "CREATE ROLE glyphh_password_auth NOLOGIN" >/dev/null
      rm -f "$dir/new"
    fi
    echo "Host=127.0.0.1;Port=$port;Username=postgres;Database=postgres;Pooling=true"
    ;;
  restart)
    port=$(cat "$dir/port")
    for attempt in 1 2 3; do
      if as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
        -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=300 -c shared_buffers=64MB" start >/dev/null; then
        break
      fi
      if [ "$attempt" -eq 3 ]; then tail -n 5 "$dir/server.log" >&2 2>/dev/null || true; exit 1; fi
      sleep 1
    done
    echo "Host=127.0.0.1;Port=$port;Username=postgres;Database=postgres;Pooling=true"
    ;;
  stop)
    as_owner "$bin/pg_ctl" -D "$dir/data" -m fast -w -t 60 stop >/dev/null 2>&1 || true
    ;;
  destroy)
    [ -d "$dir/data" ] && as_owner "$bin/pg_ctl" -D "$dir/data" -m immediate -w -t 60 stop >/dev/null 2>&1 || true
    rm -rf "$dir"
    ;;
  *) echo "unknown verb: $verb" >&2; exit 2 ;;
esac
