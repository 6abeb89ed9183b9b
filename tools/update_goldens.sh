#!/bin/sh
# Regenerates the golden replay outputs in tests/golden/ (STYLE §7.7) from the committed fixtures in
# datasets/ and one real recording in ../shared/datasets. Review the diff (`git diff tests/golden`)
# before committing: it is the numeric change of your commit.
#   tools/update_goldens.sh [RUNLOAD_BINARY]            (default: build/apps/runload)
#   tools/update_goldens.sh --fixtures [RUNLOAD_BINARY]  also regenerates datasets/*.bin (rarely!)
set -eu
cd "$(dirname "$0")/.."
fixtures=0
if [ "${1:-}" = "--fixtures" ]; then fixtures=1; shift; fi
R=${1:-build/apps/runload}
[ -x "$R" ] || { echo "update_goldens: no runload binary at $R (build first or pass its path)" >&2; exit 1; }
if [ "$fixtures" = 1 ]; then
  "$R" sim --out datasets/sim_foot_run_1khz_20s.bin --rate 1000 --duration 20 --schedule run --speed 3.5 \
    --placement foot --side left --seed 1 > /dev/null
  "$R" sim --out datasets/sim_shank_run_1khz_20s.bin --rate 1000 --duration 20 --schedule run --speed 4.0 \
    --placement shank --side right --stream-id 2 --seed 2 > /dev/null
fi
mkdir -p tests/golden
for f in sim_foot_run_1khz_20s sim_shank_run_1khz_20s; do
  "$R" replay "datasets/$f.bin" --json --steps --csv "tests/golden/$f.csv" > "tests/golden/$f.json"
done
V=../shared/datasets/voisard-ipol-2023-walking/1-1_lf.txt
if [ -f "$V" ]; then
  "$R" replay "$V" --json --steps > tests/golden/voisard_1-1_lf.json
else
  echo "update_goldens: $V missing; voisard golden left unchanged" >&2
fi
echo "goldens updated; review: git diff --stat tests/golden" >&2
