#!/usr/bin/env bash
# Runs clang-tidy (config: .clang-tidy) over the project's sources: optim/, problems/, nn/, cli/
# and the headers they include, using the compile commands of a configure-only build in
# build-tidy. Exits non-zero on any finding. Usage: scripts/tidy.sh [-j N] [file regex]
set -euo pipefail
cd "$(dirname "$0")/.."
jobs=2
if [ "${1:-}" = "-j" ]; then jobs="$2"; shift 2; fi
filter="${1:-^$(pwd)/(optim|problems|nn|cli)/.*\.cpp$}"
cmake -S . -B build-tidy -DOPTIM_BUILD_BENCH=OFF -DCMAKE_EXPORT_COMPILE_COMMANDS=ON >/dev/null
tidy=$(command -v run-clang-tidy-14 || command -v run-clang-tidy)
"$tidy" -p build-tidy -j "$jobs" -quiet "$filter" 2>&1 | sed -u "s/\x1b\[[0-9;]*m//g" | grep --line-buffered -v -E "^[0-9]+ warnings? generated|^Suppressed [0-9]+ warnings|^Use -header-filter|^clang-tidy-14 |^Running clang-tidy" | tee build-tidy/tidy.log
# run-clang-tidy exits 1 when a check fired (WarningsAsErrors); say so plainly.
if grep -q -E "(error|warning): " build-tidy/tidy.log; then
  echo "tidy: findings above (also in build-tidy/tidy.log)"
  exit 1
fi
echo "tidy: clean"
