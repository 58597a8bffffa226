#!/usr/bin/env bash
# The README's two commands:
#   tools/dev.sh run    install what is missing, build, run the default scenario
#   tools/dev.sh test   install what is missing, build, run every test
# Other commands: build (just build).
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${CARECAST_BUILD_DIR:-$repo/build}"
jobs="$(nproc 2>/dev/null || echo 2)"

install_and_build() {
  "$repo/tools/install-dependencies.sh"
  cmake -S "$repo" -B "$build" -DCMAKE_BUILD_TYPE=Release >/dev/null
  cmake --build "$build" --parallel "$jobs"
}

case "${1:-}" in
  build)
    install_and_build
    ;;
  run)
    install_and_build
    mkdir -p "$repo/out"
    "$build/carecast" run "$repo/scenarios/baseline.yaml" -o "$repo/out/baseline.h5" --force
    ;;
  test)
    install_and_build
    ctest --test-dir "$build" --output-on-failure --parallel "$jobs"
    ;;
  *)
    echo "usage: tools/dev.sh run|test|build" >&2
    exit 2
    ;;
esac
