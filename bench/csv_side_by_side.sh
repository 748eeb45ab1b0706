#!/usr/bin/env bash
# Side-by-side loading of a large numeric CSV: optim's training-table reader (bench_table_reader
# --load, the reader of `optim train --data FILE.csv`) and pandas' read_csv (C parser, float32
# columns and its default float64, Debian python3-pandas), on the same generated file, run alternately; prints the time
# and the peak memory of each run and the float matrix size.
#   bench/csv_side_by_side.sh [--mb 200] [--repeat 3] [--build build] [--keep]
# The file (20 numeric columns, 9 significant digits) is written to /tmp and removed at the end
# unless --keep.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
mb=200 repeat=3 build="$root/build" keep=0
while [ $# -gt 0 ]; do
  case "$1" in
    --mb) mb=$2; shift 2 ;;
    --repeat) repeat=$2; shift 2 ;;
    --build) build=$2; shift 2 ;;
    --keep) keep=1; shift ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
file=/tmp/optim_side_by_side_${mb}mb.csv
[ "$keep" = 1 ] || trap 'rm -f "$file"' EXIT
if [ ! -f "$file" ]; then
  echo "writing $file (~$mb MB)"
  /usr/bin/python3 - "$file" "$mb" <<'PY'
import sys, numpy as np
path, mb = sys.argv[1], float(sys.argv[2])
cols = 20
rows = int(mb * 1e6 / (cols * 13))  # ~13 bytes per "%.9g" cell with its separator
rng = np.random.default_rng(1)
with open(path, "w") as f:
    f.write(",".join([f"x{k}" for k in range(cols - 1)] + ["y"]) + "\n")
    for start in range(0, rows, 100000):
        block = rng.standard_normal((min(100000, rows - start), cols))
        np.savetxt(f, block, fmt="%.9g", delimiter=",")
PY
fi
ls -l "$file"
for i in $(seq "$repeat"); do
  "$build/bench/bench_table_reader" --load "$file"
  for dtype in float32 float64; do
  /usr/bin/python3 - "$file" "$dtype" <<'PY'
import resource, sys, time
import numpy as np, pandas as pd
base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1e3  # the interpreter and pandas
t0 = time.perf_counter()
df = pd.read_csv(sys.argv[1], engine="c", dtype=np.dtype(sys.argv[2]))
s = time.perf_counter() - t0
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1e3
mat = df.shape[0] * df.shape[1] * 4 / 1e6
print(f"pandas ({sys.argv[2]}): {df.shape[0]} rows x {df.shape[1]} columns in {s:.3f} s; peak RSS {peak:.1f} MB "
      f"({base:.1f} MB before reading), float matrix {mat:.1f} MB ({(peak - base) / mat:.2f}x "
      f"for the read)")
PY
  done
done
