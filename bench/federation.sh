#!/usr/bin/env bash
# The federation benchmark (issue 13, docs/benchmarks.md): `runload serve` under 64 concurrent clients
# (wrk) on loopback, for the roster of a 200-athlete team (as its coach), an athlete page and a session
# page, on PostgreSQL and then on SQLite. Builds nothing: build `runload` and `make_federation` first.
#
#   bench/federation.sh [ATHLETES]      (default 1000; the issue's size is 5000)
#
# Environment: BUILD (build dir, default build), RUNLOAD (the runload binary to measure, default BUILD's), FEDBENCH_DIR (generated stores, default /work/fedbench),
# ENGINES ("postgresql sqlite"), PAGES ("roster athlete session"), DURATION (30s), CONNECTIONS (64),
# WARMUP (a wrk run of this length before each measured one, e.g. 15s: the server warm), SERVE_ARGS
# (extra `runload serve` options, e.g. "--threads 2"; several sets separated by ";" are measured in turn
# on the same store, e.g. "--threads 2;--threads 8"), BASELINE (another runload binary,
# e.g. main's, measured first on the same store without SERVE_ARGS).
# PostgreSQL: a throw-away cluster (tools/pg_test_cluster.sh), loaded afresh each run. SQLite: the
# store FEDBENCH_DIR/federation-N.db is generated once and reused. Everything started is stopped on exit.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(dirname "$here")"
athletes="${1:-1000}"
build="$(cd "${BUILD:-$repo/build}" && pwd)"
dir="${FEDBENCH_DIR:-/work/fedbench}"
engines="${ENGINES:-postgresql sqlite}"
pages="${PAGES:-roster athlete session}"
duration="${DURATION:-30s}"
connections="${CONNECTIONS:-64}"
runload="${RUNLOAD:-$build/apps/runload}" make_federation="$build/bench/make_federation"
for tool in "$runload" "$make_federation"; do
  [[ -x $tool ]] || { echo "$0: $tool is missing: build it first" >&2; exit 1; }
done
command -v wrk >/dev/null || { echo "$0: wrk is missing (apt-get install wrk)" >&2; exit 1; }
mkdir -p "$dir"
pg_state="$dir/pg-state" serve_pid=""

cleanup() {
  [[ -z $serve_pid ]] || { kill "$serve_pid" 2>/dev/null || true; wait "$serve_pid" 2>/dev/null || true; }
  serve_pid=""
  "$repo/tools/pg_test_cluster.sh" stop "$pg_state" || true
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# generate STORE ENV_FILE: a federation of $athletes athletes, timed.
generate() {
  echo "== generating $athletes athletes into ${1%%\?*} ($(uptime | sed 's/.*load/load/'))"
  local t0=$SECONDS
  # PostgreSQL takes several writers (one round trip per row each); SQLite has one.
  "$make_federation" --store "$1" --athletes "$athletes" --jobs "$([[ $1 == postgresql:* ]] && echo 4 || echo 1)" \
    --out "$2" 2>&1 | tail -1
  echo "   load time $((SECONDS - t0)) s"
}

# bench ENGINE STORE ENV_FILE: the baseline binary first when there is one, then $runload.
bench() {
  [[ -z ${BASELINE:-} ]] || bench_one "$1 baseline" "$BASELINE" "" "$2" "$3"
  local sets
  IFS=';' read -r -a sets <<<"${SERVE_ARGS:-}"
  [[ ${#sets[@]} -gt 0 ]] || sets=("")
  for args in "${sets[@]}"; do bench_one "$1" "$runload" "$args" "$2" "$3"; done
}

# bench_one LABEL RUNLOAD SERVE_ARGS STORE ENV_FILE: a fresh server for each page (a server still busy
# with the previous page's queued requests would delay the next).
bench_one() {
  local engine="$1" binary="$2" args="$3" store="$4" env="$5"
  # shellcheck disable=SC1090
  source "$env"
  for page in $pages; do
    local out="$dir/serve.out"
    # shellcheck disable=SC2086
    "$binary" serve --store "$store" --bind 127.0.0.1:0 --as-of "$AS_OF" --timeout-s 60 \
      --max-connections $((connections * 2)) --max-connections-per-client $((connections * 2)) $args \
      >"$out" 2>"$dir/serve.err" &
    serve_pid=$!
    local url=""
    for _ in $(seq 100); do
      url="$(head -1 "$out" 2>/dev/null | sed 's/?token=.*//; s:/$::')"
      [[ -n $url ]] && break
      kill -0 "$serve_pid" 2>/dev/null || { cat "$dir/serve.err" >&2; exit 1; }
      sleep 0.1
    done
    [[ -n $url ]] || { echo "$0: serve did not start" >&2; exit 1; }
    # Every page as the first team's coach: the roster is their 200 athletes; ids drawn from their team.
    local page_args=() probe=athletes
    [[ $page == athlete ]] && page_args=("$TEAM_FIRST_ATHLETE" "$TEAM_LAST_ATHLETE") probe="athletes/$TEAM_LAST_ATHLETE"
    [[ $page == session ]] && page_args=("$TEAM_SESSION_IDS") probe="sessions/$(tail -1 "$TEAM_SESSION_IDS")"
    # The probe is the server's first request of the page: cold (nothing kept yet), timed.
    local status cold_s
    read -r status cold_s < <(curl -s -o /dev/null -w '%{http_code} %{time_total}\n' -H "Authorization: Bearer $COACH_TOKEN" "$url/api/$probe")
    [[ $status == 200 ]] || { echo "$0: $page answered $status" >&2; exit 1; }
    # WARMUP: a first wrk run, not counted, so the measured one finds the answers kept (a warm server).
    [[ -z ${WARMUP:-} ]] || wrk -c"$connections" -t2 -d"$WARMUP" --timeout 30s -s "$here/federation.lua" "$url" \
      -- "$page" "$COACH_TOKEN" "${page_args[@]}" >/dev/null
    local load result
    load="$(uptime | sed 's/.*load average: //')"
    result="$(wrk -c"$connections" -t2 -d"$duration" --timeout 30s --latency -s "$here/federation.lua" "$url" \
      -- "$page" "$COACH_TOKEN" "${page_args[@]}" | grep '^RESULT')"
    echo "$engine${args:+ ($args)} $page ${result#RESULT } first_request_s=$cold_s load_before=[$load]"
    kill "$serve_pid"
    wait "$serve_pid" 2>/dev/null || true
    serve_pid=""
  done
}

for engine in $engines; do
  case "$engine" in
    postgresql)
      "$repo/tools/pg_test_cluster.sh" start "$pg_state" >/dev/null
      uri="$(cat "$pg_state/uri")"
      generate "$uri" "$dir/federation-$athletes-pg.env"
      bench postgresql "$uri" "$dir/federation-$athletes-pg.env"
      "$repo/tools/pg_test_cluster.sh" stop "$pg_state"
      ;;
    sqlite)
      db="$dir/federation-$athletes.db"
      if [[ ! -f $db || ! -f $db.env.sessions ]]; then
        rm -f "$db" "$db-wal" "$db-shm" "$db.env" "$db.env.sessions"
        generate "$db" "$db.env"
      else
        echo "== reusing $db"
      fi
      bench sqlite "$db" "$db.env"
      ;;
    *) echo "$0: unknown engine $engine" >&2; exit 2 ;;
  esac
done
