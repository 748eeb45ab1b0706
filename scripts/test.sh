#!/usr/bin/env bash
# Sets up, builds and runs the whole test suite (the README's test command; .ci/run calls it after
# the demo). The test and benchmark options are set explicitly, so a build/ configured by
# scripts/demo.sh (which builds no tests) is reconfigured with the suite; a run that finds no test
# fails (--no-tests=error) instead of passing without testing anything.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/build.sh -DOPTIM_BUILD_TESTS=ON -DOPTIM_BUILD_BENCH=ON
ctest --test-dir build --output-on-failure --no-tests=error -j"$(nproc)" --timeout 900
