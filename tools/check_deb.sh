#!/usr/bin/env bash
# Builds runload's Debian package from a fresh clone of this checkout's HEAD (Release, the distribution's
# compiler), installs it on a fresh Debian 12 and runs `runload --version` and `runload demo` there.
#
#   tools/check_deb.sh            fresh Debian 12: a debootstrap chroot (root; downloads ~150 MB from the
#                                 apt mirror); proves the package's Depends are complete
#   tools/check_deb.sh --host     installs the package on this machine instead (quick; its libraries are
#                                 already there, so it does not prove the Depends)
#
# Also checks that sources without git history (git archive) configure with commit "unknown".
# Takes 5-15 min (a Release build of the libraries and the app); not part of CI. Leaves the .deb in
# build-deb/ beside the checkout's build/.
set -euo pipefail
cd "$(dirname "$0")/.."
mode="${1:-chroot}"
case "$mode" in chroot | --host) ;; *)
  echo "usage: $0 [--host]" >&2
  exit 2
  ;;
esac
[[ $(id -u) -eq 0 ]] || { echo "check_deb: run as root (apt-get, chroot)" >&2; exit 2; }

out="$PWD/build-deb"
work="$(mktemp -d /tmp/runload-deb.XXXXXX)"
root="$work/debian12"
cleanup() {
  for m in dev/pts proc; do mountpoint -q "$root/$m" 2>/dev/null && umount "$root/$m"; done
  rm -rf "$work"
}
trap cleanup EXIT

echo "== sources without git history report commit \"unknown\""
git archive HEAD | tar -x -C "$work" --one-top-level=export
cmake -S "$work/export" -B "$work/export-build" -DRUNLOAD_BUILD_TESTS=OFF -DRUNLOAD_BUILD_BENCHMARKS=OFF \
  | grep -F "runload $(sed -n 's/^project(runload VERSION \([0-9.]*\).*/\1/p' CMakeLists.txt), commit unknown"

echo "== Release build from a fresh clone, then the .deb"
git clone --quiet --no-hardlinks "$PWD" "$work/src"
cmake -S "$work/src" -B "$work/build" -DCMAKE_BUILD_TYPE=Release -DRUNLOAD_BUILD_TESTS=OFF -DRUNLOAD_BUILD_BENCHMARKS=OFF
cmake --build "$work/build" -j "$(nproc)"
(cd "$work/build" && cpack -G DEB)
mkdir -p "$out"
deb="$(ls "$work"/build/runload_*.deb)"
cp "$deb" "$out/"
deb="$out/$(basename "$deb")"
echo "== $(basename "$deb")"
dpkg-deb -f "$deb" Package Version Architecture Depends

run_checks() {  # $1: command prefix (empty or "chroot DIR")
  $1 runload --version
  $1 runload --version | grep -E '^runload [0-9.]+ \(commit [0-9a-f]{12}(-dirty)?\)$' >/dev/null
  $1 env HOME=/root runload demo --duration 10 --store /tmp/runload-check/runload.db --report /tmp/runload-check/demo.html
  $1 test -s /tmp/runload-check/demo.html
}

if [[ $mode == --host ]]; then
  echo "== installing on this machine"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$deb"
  run_checks ""
else
  echo "== a fresh Debian 12 (debootstrap, minbase) in $root"
  command -v debootstrap >/dev/null || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap
  debootstrap --variant=minbase bookworm "$root" http://deb.debian.org/debian >/dev/null
  mount -t proc proc "$root/proc"
  mount --bind /dev/pts "$root/dev/pts"  # the demo's emulated sensors are pseudo-terminals
  cp "$deb" "$root/tmp/"
  chroot "$root" apt-get update -qq
  chroot "$root" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "/tmp/$(basename "$deb")"
  run_checks "chroot $root"
fi
echo "check_deb: OK — $(basename "$deb") installs and runs the demo"
