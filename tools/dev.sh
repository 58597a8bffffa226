#!/usr/bin/env bash
# The README's two commands:
#   tools/dev.sh run         install what is missing, build, run the default scenario
#   tools/dev.sh test        install what is missing, build, run every test
# and what CI adds:
#   tools/dev.sh sanitizers  the tests under AddressSanitizer + UBSan, the runner's under ThreadSanitizer
#   tools/dev.sh fuzz [S]    the libFuzzer targets (loaders, command line) for S seconds each (default 60)
#   tools/dev.sh build       just build
#   tools/dev.sh screenshots the default run, then docs/briefing-front-page.png and
#                            docs/briefing-sufficiency.png from its briefing (tools/screenshots.sh)
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${CARECAST_BUILD_DIR:-$repo/build}"
jobs="$(nproc 2>/dev/null || echo 2)"

configure_and_build() {  # DIR [cmake options...] [-- build options]
  local dir="$1"
  shift
  local configure=() build=()
  while [ $# -gt 0 ] && [ "$1" != "--" ]; do configure+=("$1"); shift; done
  [ $# -gt 0 ] && shift && build=("$@")
  cmake -S "$repo" -B "$dir" "${configure[@]}" >/dev/null
  cmake --build "$dir" --parallel "$jobs" "${build[@]}"
}

# The checking builds (sanitizers, fuzzers) keep line tables only (-g1):
# their reports still name file and line, and full debug information took
# up to two fifths of a file's compile time there (bench/RESULTS.md).
checking_flags=(-DCMAKE_BUILD_TYPE=RelWithDebInfo "-DCMAKE_CXX_FLAGS_RELWITHDEBINFO=-O2 -g1 -DNDEBUG"
  -DCARECAST_BUILD_BENCH=OFF -DCARECAST_WITH_MPI=OFF)

install_and_build() {
  "$repo/tools/install-dependencies.sh"
  configure_and_build "$build" -DCMAKE_BUILD_TYPE=Release
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
  screenshots)
    install_and_build
    mkdir -p "$repo/out"
    "$build/carecast" run "$repo/scenarios/baseline.yaml" -o "$repo/out/baseline.h5" --force
    CARECAST_BIN="$build/carecast" "$repo/tools/screenshots.sh" "$repo/out/baseline.h5" front sufficiency
    ;;
  sanitizers)
    "$repo/tools/install-dependencies.sh"
    configure_and_build "$repo/build-asan" "${checking_flags[@]}" -DCARECAST_SANITIZE=address,undefined
    ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
      ctest --test-dir "$repo/build-asan" --output-on-failure --parallel "$jobs"
    # Only the tests' program: the runner's tests are all it is run for.
    configure_and_build "$repo/build-tsan" "${checking_flags[@]}" -DCARECAST_SANITIZE=thread -- --target carecast_tests
    TSAN_OPTIONS="halt_on_error=1 suppressions=$repo/tests/tsan.supp" \
      ctest --test-dir "$repo/build-tsan" --output-on-failure -R "results do not depend|replicate's values|progress is reported|a streamed run file|a directed Sobol' design with a walk"
    ;;
  fuzz)
    "$repo/tools/install-dependencies.sh"
    CC=clang CXX=clang++ configure_and_build "$repo/build-fuzz" "${checking_flags[@]}" \
      -DCARECAST_FUZZ=ON -DCARECAST_SANITIZE=address,undefined \
      -- --target carecast_fuzz_loaders carecast_fuzz_command_line
    corpus="$repo/build-fuzz/corpus"
    mkdir -p "$corpus" "$corpus-command-line"
    "$repo/build-fuzz/tests/carecast_fuzz_loaders" -max_total_time="${2:-60}" -rss_limit_mb=4096 -print_final_stats=1 \
      "$corpus" "$repo/tests/fuzz/corpus" "$repo/scenarios" "$repo/tests/data/scenarios" "$repo/tests/bad_inputs"
    # The command line's messages and help would flood the log: -close_fd_mask=3 silences them.
    "$repo/build-fuzz/tests/carecast_fuzz_command_line" -max_total_time="${2:-60}" -rss_limit_mb=4096 -print_final_stats=1 \
      -close_fd_mask=3 "$corpus-command-line" "$repo/tests/fuzz/command_line_corpus"
    ;;
  *)
    echo "usage: tools/dev.sh run|test|sanitizers|fuzz [seconds]|build|screenshots" >&2
    exit 2
    ;;
esac
