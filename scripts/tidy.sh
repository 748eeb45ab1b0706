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
# The pipeline's statuses are read from PIPESTATUS rather than through pipefail: run-clang-tidy
# exits 1 on a finding and grep -v exits 1 when it passes nothing through (a clean run), and
# neither may end the script before it reports.
set +e
"$tidy" -p build-tidy -j "$jobs" -quiet "$filter" 2>&1 | sed -u "s/\x1b\[[0-9;]*m//g" |
  grep --line-buffered -v -E "^[0-9]+ warnings? generated|^Suppressed [0-9]+ warnings|^Use -header-filter|^clang-tidy-14 |^Running clang-tidy" |
  tee build-tidy/tidy.log
status=("${PIPESTATUS[@]}")
set -e
if grep -q -E "(error|warning): " build-tidy/tidy.log; then
  echo "tidy: findings above (also in build-tidy/tidy.log)"
  exit 1
fi
if [ "${status[0]}" -ne 0 ]; then
  echo "tidy: run-clang-tidy failed with exit code ${status[0]} (output above)"
  exit "${status[0]}"
fi
echo "tidy: clean"
