#!/usr/bin/env bash
# A throw-away PostgreSQL cluster for the tests (ctest starts and stops it as the `postgres` fixture).
#
#   tools/pg_test_cluster.sh start STATE_DIR   initdb + pg_ctl start in a new temporary folder; writes the
#                                              admin URI to STATE_DIR/uri (tests read it) and the folder to
#                                              STATE_DIR/cluster
#   tools/pg_test_cluster.sh stop STATE_DIR    stops it and deletes the folder (a stale one from a killed
#                                              run is stopped by the next start)
#
# Unix socket only (no TCP port), trust authentication, superuser `runload`, fsync off: a test cluster.
# PostgreSQL refuses to run as root, so under root (CI) the server runs as `nobody`.
set -euo pipefail
action="${1:-}" state="${2:-}"
[[ ($action == start || $action == stop) && -n $state ]] || { echo "usage: $0 start|stop STATE_DIR" >&2; exit 2; }

bin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)"
[[ -x $bin/initdb ]] || { echo "$0: PostgreSQL server not installed (Debian package postgresql)" >&2; exit 1; }
as_server=()
[[ $(id -u) -eq 0 ]] && as_server=(runuser -u nobody --)

stop() {
  [[ -f $state/cluster ]] || return 0
  local dir
  dir="$(cat "$state/cluster")"
  if [[ -d $dir/data ]]; then
    "${as_server[@]}" "$bin/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
  fi
  rm -rf -- "$dir"
  rm -f "$state/cluster" "$state/uri"
}

case "$action" in
  stop) stop ;;
  start)
    mkdir -p "$state"
    stop
    dir="$(mktemp -d /tmp/runload-pg.XXXXXX)"  # short: a socket path has at most 107 bytes
    echo "$dir" > "$state/cluster"
    [[ ${#as_server[@]} -eq 0 ]] || chown nobody "$dir"
    "${as_server[@]}" "$bin/initdb" -D "$dir/data" -U runload --auth=trust --no-locale -E UTF8 >"$dir/initdb.log" 2>&1 ||
      { cat "$dir/initdb.log" >&2; exit 1; }
    "${as_server[@]}" "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 start \
      -o "-c listen_addresses='' -c unix_socket_directories=$dir -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
      >/dev/null || { cat "$dir/server.log" >&2; exit 1; }
    echo "postgresql://runload@/postgres?host=$dir" > "$state/uri"
    echo "PostgreSQL test cluster at $dir"
    ;;
esac
