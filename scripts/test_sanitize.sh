#!/usr/bin/env bash
# Builds the test executables with AddressSanitizer + UndefinedBehaviorSanitizer (OPTIM_SANITIZE)
# in build-asan and runs the fast ones. Slow (see docs/reliability.md), so not part of .ci/run.
set -euo pipefail
cd "$(dirname "$0")/.."
cmake -S . -B build-asan -DOPTIM_SANITIZE=ON -DOPTIM_BUILD_BENCH=OFF -DCMAKE_BUILD_TYPE=RelWithDebInfo
cmake --build build-asan -j2 --target optim_cli test_optim test_problems test_nn test_cli
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
for t in test_optim test_problems test_nn test_cli; do
  echo "== $t"
  ./build-asan/$t --gtest_brief=1
done
