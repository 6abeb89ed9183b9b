#!/usr/bin/env bash
# Writes a synthetic run-history CSV (the `runload import` format) to stdout, deterministically:
#   tools/make_history_csv.sh [DAYS] [FIRST_DATE]     (defaults: 730 days from 2024-11-01)
# About 95 % of days have a run of 4–14 km at ~5.6 min/km with an RPE of 3–8; shoe A, then B.
set -euo pipefail
days="${1:-730}"
first="${2:-2024-11-01}"
start_s=$(date -u -d "$first" +%s)
echo "date,distance_km,duration_min,rpe,shoe,surface"
awk -v days="$days" -v start="$start_s" 'BEGIN {
  srand(1);
  for (i = 0; i < days; i++) {
    run = rand() < 0.95; km = 4 + 10 * rand(); rpe = 3 + int(6 * rand());
    if (!run) continue;
    cmd = "date -u -d @" (start + i * 86400) " +%F"; cmd | getline day; close(cmd);
    printf "%s,%.2f,%.1f,%d,%s,road\n", day, km, km * 5.6, rpe, (i < 400 ? "A" : "B");
  }
}'
