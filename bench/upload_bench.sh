#!/usr/bin/env bash
# Uploads at club scale (issue 13, docs/benchmarks.md "Uploads"): N athletes each upload a 1-hour 1 kHz
# recording at the same moment, half to serve process A, half to B, both on one PostgreSQL database and one
# upload folder; A is killed with SIGKILL while the uploads are being processed. Measures: time until every
# POST is answered, time until every upload is processed, the serve processes' resident memory (sampled
# every 0.5 s), and checks that every upload became exactly one session.
#
#   bench/upload_bench.sh [BUILD_DIR]     (env: N=50, DURATION_S=3600, WORK=/tmp/runload-upload-bench,
#                                          WORKERS=2 per process, KILL_AFTER_S=5; ONLY_RECORDINGS=1 makes
#                                          the recordings and stops)
# The recordings are made once (runload sim → runload record at full speed) and kept in $WORK/recordings.
set -euo pipefail
cd "$(dirname "$0")/.."
build="${1:-build}"
runload="$PWD/$build/apps/runload"
n="${N:-50}" duration_s="${DURATION_S:-3600}" work="${WORK:-/tmp/runload-upload-bench}"
workers="${WORKERS:-2}" kill_after_s="${KILL_AFTER_S:-5}"
[[ -x $runload ]] || { echo "$0: build runload first ($runload)" >&2; exit 1; }
command -v curl >/dev/null || { echo "$0: needs curl" >&2; exit 1; }

mkdir -p "$work/recordings"
now_ms() { echo $(( $(date +%s%N) / 1000000 )); }
seconds_since() { local ms=$(( $(now_ms) - $1 )); printf '%d.%03d' $((ms / 1000)) $((ms % 1000)); }
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill -9 "$p" 2>/dev/null && wait "$p" 2>/dev/null || true; done
  tools/pg_test_cluster.sh stop "$work/pg" >/dev/null 2>&1 || true
}
trap cleanup EXIT

echo "== $n recordings of ${duration_s} s at 1 kHz (made once)"
for i in $(seq 1 "$n"); do
  out="$work/recordings/run-$duration_s-$i.rlrec"
  [[ -s $out ]] && continue
  "$runload" sim --tcp-listen 127.0.0.1:0 --full-speed --rate 1000 --duration "$duration_s" --seed "$i" \
    > "$work/sim-$i.out" 2> "$work/sim-$i.err" &
  sim=$!
  for _ in $(seq 600); do [[ -s $work/sim-$i.out ]] && break; sleep 0.1; done
  address="$(head -1 "$work/sim-$i.out")"
  [[ $address == tcp:* ]] || { echo "$0: runload sim printed no address: $(cat "$work/sim-$i.err")" >&2; exit 1; }
  "$runload" record --tcp "${address#tcp:}" --out "$out.part" --silence-timeout 0.5 --quiet
  wait "$sim" || true
  mv "$out.part" "$out"
  rm -f "$work/sim-$i.out" "$work/sim-$i.err"
done
du -ch "$work"/recordings/run-"$duration_s"-*.rlrec | tail -1
[[ -n ${ONLY_RECORDINGS:-} ]] && exit 0

echo "== store: a throw-away PostgreSQL cluster, $n athletes"
mkdir -p "$work/pg"
tools/pg_test_cluster.sh start "$work/pg" >/dev/null
store="$(cat "$work/pg/uri")"
rm -rf "$work/uploads"
for i in $(seq 1 "$n"); do "$runload" athlete add --store "$store" --name "athlete-$i" >/dev/null; done

token=bench-owner-token-0123456789
start_serve() {  # name → sets port_<name> and pid_<name>
  "$runload" serve --store "$store" --bind 127.0.0.1:0 --allow-writes --token "$token" --upload-dir "$work/uploads" \
    --upload-workers "$workers" --upload-lease-s 10 --max-connections 128 --max-connections-per-client 128 \
    > "$work/serve-$1.out" 2> "$work/serve-$1.err" &
  local pid=$!
  pids+=("$pid")
  for _ in $(seq 100); do [[ -s $work/serve-$1.out ]] && break; sleep 0.1; done
  local url
  url="$(head -1 "$work/serve-$1.out")"
  url="${url%%/\?*}"
  eval "port_$1=${url##*:} pid_$1=$pid"
}
start_serve a
start_serve b
rss_log="$work/rss.csv"
echo "t_s,a_kib,b_kib" > "$rss_log"
(
  t0=$(now_ms)
  while :; do
    a=$(awk '/VmRSS/ {print $2}' "/proc/$pid_a/status" 2>/dev/null || echo 0)
    b=$(awk '/VmRSS/ {print $2}' "/proc/$pid_b/status" 2>/dev/null || echo 0)
    echo "$(seconds_since "$t0"),${a:-0},${b:-0}" >> "$rss_log"
    sleep 0.5
  done
) &
pids+=($!)

echo "== $n concurrent uploads (odd athletes to A, even to B)"
t0=$(now_ms)
for i in $(seq 1 "$n"); do
  port=$port_a
  (( i % 2 == 0 )) && port=$port_b
  curl -s -o "$work/answer-$i.json" -w "%{http_code}\n" -H "Authorization: Bearer $token" \
    --data-binary @"$work/recordings/run-$duration_s-$i.rlrec" \
    "http://127.0.0.1:$port/api/uploads?athlete=$i" > "$work/status-$i" &
done
wait_posts() { for i in $(seq 1 "$n"); do while [[ ! -s $work/status-$i ]]; do sleep 0.05; done; done; }
wait_posts
t_posted=$(seconds_since "$t0")
echo "all $n POSTs answered after ${t_posted} s: $(cat "$work"/status-* | sort | uniq -c | tr '\n' ' ')"
sleep "$kill_after_s"
kill -9 "$pid_a"
wait "$pid_a" 2>/dev/null || true
echo "killed A (pid $pid_a) ${kill_after_s} s later"

ids=()
for i in $(seq 1 "$n"); do ids+=("$(sed -E 's/.*"upload_id":([0-9]+).*/\1/' "$work/answer-$i.json")"); done
while :; do
  pending=0
  for id in "${ids[@]}"; do
    state="$(curl -s -H "Authorization: Bearer $token" "http://127.0.0.1:$port_b/api/uploads/$id")"
    [[ $state == *'"state":"done"'* || $state == *'"state":"failed"'* ]] || pending=$((pending + 1))
  done
  (( pending == 0 )) && break
  sleep 1
done
t_done=$(seconds_since "$t0")
echo "all $n uploads processed after ${t_done} s"

done_n=0 failed_n=0 retried=0
for id in "${ids[@]}"; do
  state="$(curl -s -H "Authorization: Bearer $token" "http://127.0.0.1:$port_b/api/uploads/$id")"
  [[ $state == *'"state":"done"'* ]] && done_n=$((done_n + 1))
  [[ $state == *'"state":"failed"'* ]] && failed_n=$((failed_n + 1))
  [[ $state == *'"attempts":1,'* ]] || retried=$((retried + 1))
done
sessions=$("$runload" sessions --store "$store" --json | grep -c '"recording":')
echo "uploads: $done_n done, $failed_n failed, $retried taken over after the kill; sessions stored: $sessions (expected $n)"
awk -F, 'NR > 1 && $3 > 0 { if (!min || $3 < min) min = $3; if ($3 > max) max = $3; last = $3 }
         NR > 1 && $2 > amax { amax = $2 }
         END { printf "serve RSS: B %.1f-%.1f MiB (last %.1f), A up to %.1f MiB before the kill\n",
               min / 1024, max / 1024, last / 1024, amax / 1024 }' "$rss_log"
[[ $done_n -eq $n && $sessions -eq $n ]]
