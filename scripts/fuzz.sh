#!/usr/bin/env bash
# Builds the libFuzzer targets of tests/fuzz (clang, -fsanitize=fuzzer,address,undefined) in
# build-fuzz and runs each for a fixed number of inputs, starting from its seed corpus
# tests/fuzz/corpus/<name>. Usage: scripts/fuzz.sh [runs per target, default 20000] [target...]
# New interesting inputs go to build-fuzz/corpus/<name> (the seeds in the repo are not touched);
# a crash, a sanitizer report, a leak or an input slower than 10 s stops the script with the
# reproducer in build-fuzz/artifacts/. Reproduce one with: build-fuzz/fuzz_<name> <file>.
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-20000}"
shift || true
CXX=clang++ cmake -S tests/fuzz -B build-fuzz >/dev/null
cmake --build build-fuzz -j2
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  for f in tests/fuzz/fuzz_*.cpp; do targets+=("$(basename "$f" .cpp | sed 's/^fuzz_//')"); done
fi
mkdir -p build-fuzz/artifacts
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
for t in "${targets[@]}"; do
  mkdir -p "build-fuzz/corpus/$t"
  echo "== fuzz_$t: $runs inputs"
  start=$(date +%s)
  # -seed fixes the mutation sequence so a run is reproducible; -timeout flags hangs;
  # -rss_limit_mb flags runaway allocations; -max_len bounds the inputs (all parsers' real inputs
  # in the seeds are under 4 KiB except the NIST files, hence 8 KiB).
  "build-fuzz/fuzz_$t" -runs="$runs" -seed=1 -timeout=10 -rss_limit_mb=2048 -max_len=8192 \
    -artifact_prefix="build-fuzz/artifacts/fuzz_${t}-" -print_final_stats=1 \
    "build-fuzz/corpus/$t" "tests/fuzz/corpus/$t" 2>"build-fuzz/fuzz_$t.log" || {
    tail -60 "build-fuzz/fuzz_$t.log"
    echo "fuzz_$t FAILED (log: build-fuzz/fuzz_$t.log)"
    exit 1
  }
  grep -E "^stat::number_of_executed_units|^stat::peak_rss_mb" "build-fuzz/fuzz_$t.log" | tr '\n' ' '
  echo "($(($(date +%s) - start)) s)"
done
