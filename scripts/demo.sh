#!/usr/bin/env bash
# Sets up, builds and runs the main job: `optim demo` (writes its pictures to out/demo).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/build.sh -DOPTIM_BUILD_TESTS=OFF
./build/optim demo --out out/demo "$@"
