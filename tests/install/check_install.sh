#!/usr/bin/env bash
# Installs the built tree into a temporary prefix and builds a consumer that uses
# find_package(optim); exits non-zero if either step fails or the consumer's run fails.
set -euo pipefail
build_dir=$1
src_dir=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cmake --install "$build_dir" --prefix "$work/prefix" >/dev/null
cmake -S "$src_dir/consumer" -B "$work/build" -DCMAKE_PREFIX_PATH="$work/prefix" \
  -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$work/build" -j1 >/dev/null
"$work/build/consumer"
