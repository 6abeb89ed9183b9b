#!/usr/bin/env bash
# One-step set-up for runload on Debian 12: installs the missing Debian packages, configures and
# builds, then runs what you asked for.
#
#   ./setup.sh demo     build, then run `runload demo` (the emulated sensor, live through a pty)
#   ./setup.sh test     build, then run every test (ctest)
#   ./setup.sh build    build only
set -euo pipefail
cd "$(dirname "$0")"

job="${1:-demo}"
case "$job" in demo | test | build) ;; *)
  echo "usage: $0 demo|test|build" >&2
  exit 2
  ;;
esac

packages=(
  build-essential cmake ninja-build pkg-config git
  libeigen3-dev libboost-dev libboost-system-dev libserialport-dev
  libprotobuf-dev protobuf-compiler libcli11-dev libspdlog-dev libfmt-dev
  nlohmann-json3-dev libexpected-dev libsqlite3-dev libpugixml-dev libmatio-dev libzip-dev zlib1g-dev libpq-dev libsodium-dev
  libgtest-dev libgmock-dev libbenchmark-dev socat tmux
)
# The browser tests (tests/web) drive Debian's chromium from Node (playwright-core via npm ci).
command -v node >/dev/null && command -v npm >/dev/null || packages+=(nodejs npm)
command -v chromium >/dev/null || packages+=(chromium)
# The store tests also run on PostgreSQL: ctest starts a throw-away cluster (tools/pg_test_cluster.sh).
# The TLS test (tests/apps/nginx_tls_test.cpp) starts its own nginx in front of serve and asks it with curl.
[[ $job != test ]] || packages+=(postgresql nginx openssl curl)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "setup: installing ${missing[*]}" >&2
  sudo=""
  [[ $(id -u) -eq 0 ]] || sudo="sudo"
  # Under systemd, installing nginx would start Debian's default site on port 80. The tests run their own
  # nginx on free ports, so the system one is masked first and never starts (containers start no services).
  if [[ " ${missing[*]} " == *" nginx "* && -d /run/systemd/system ]]; then
    echo "setup: masking the nginx service, which only the tests use (systemctl unmask nginx to serve with it)" >&2
    $sudo systemctl mask nginx.service >/dev/null
  fi
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

jobs="$(nproc)"
if [[ $job == test ]]; then
  (cd tests/web && npm ci --no-audit --no-fund --loglevel=error)
  (cd tests/fit && npm ci --no-audit --no-fund --loglevel=error)  # the FIT oracle (Garmin FIT JS SDK)
fi
# RUNLOAD_WERROR=ON (set by .ci/run) turns warnings into errors; a user's build never fails on one.
# RUNLOAD_BUILD_TYPE=Release (.ci/run) builds with -O3, where some warnings only appear.
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE="${RUNLOAD_BUILD_TYPE:-RelWithDebInfo}" \
  -DRUNLOAD_WERROR="${RUNLOAD_WERROR:-OFF}" >/dev/null
cmake --build build -j "$jobs"

case "$job" in
  demo) exec ./build/apps/runload demo ;;
  test) exec ctest --test-dir build -j "$jobs" --output-on-failure ;;
  build) ;;
esac
