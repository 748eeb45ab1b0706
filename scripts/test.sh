#!/usr/bin/env bash
# Sets up, builds and runs the whole test suite (the README's test command; .ci/run calls it).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/build.sh -DOPTIM_BUILD_BENCH=ON
ctest --test-dir build --output-on-failure -j"$(nproc)" --timeout 900
