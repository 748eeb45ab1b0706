#!/usr/bin/env bash
# Side-by-side MNIST training throughput: torch (bench/torch_mlp.py) and `optim train`, same
# recipe, same environment, same thread count, run alternately so that both see the same machine
# load; prints each run, the medians and the ratio optim / torch of training samples per second
# (wall) and per CPU-second.
#   bench/mnist_side_by_side.sh [--epochs 3] [--threads 2] [--repeat 3] [--build build]
#                               [--gemm blas|eigen] [--layers 784,256,256,10] [--batch 128]
# Recipe: ReLU MLP, softmax cross-entropy, Adam 1e-3, float32, inputs / 255, seed 42.
# Environment: OPENBLAS_NUM_THREADS defaults to 1 for both (torch's recipe); optim runs OpenBLAS
# single-threaded per block anyway (nn/gemm.cpp). OPENBLAS_CORETYPE / OPENBLAS_L2_SIZE and
# OMP_WAIT_POLICY (see below; torch only) are the same for both and printed. Needs /usr/bin/python3 with torch (Debian python3-torch) and data/mnist.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
epochs=3 threads=2 repeat=3 build="$root/build" gemm="" layers=784,256,256,10 batch=128
while [ $# -gt 0 ]; do
  case "$1" in
    --epochs) epochs=$2; shift 2 ;;
    --threads) threads=$2; shift 2 ;;
    --repeat) repeat=$2; shift 2 ;;
    --build) build=$2; shift 2 ;;
    --gemm) gemm=$2; shift 2 ;;
    --layers) layers=$2; shift 2 ;;
    --batch) batch=$2; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
export OPENBLAS_NUM_THREADS=${OPENBLAS_NUM_THREADS:-1}
# torch uses libgomp. Its default spins ~300k iterations at every barrier: best on a quiet
# machine, but on one shared with other busy processes the spinning thread burns the time slices
# the other thread needs. So when the 1-minute load average is at least the core count and
# OMP_WAIT_POLICY is unset, it is set to passive (a futex wake-up per parallel region instead);
# it is printed. optim has its own thread pool (bounded spin) and ignores OMP_* variables.
load1=$(cut -d' ' -f1 /proc/loadavg)
if [ -z "${OMP_WAIT_POLICY:-}" ] && awk -v l="$load1" -v n="$(nproc)" 'BEGIN { exit !(l >= n) }'; then
  export OMP_WAIT_POLICY=passive
  echo "busy machine (load $load1 on $(nproc) cores): OMP_WAIT_POLICY=passive (affects torch)"
fi
optim_bin="$build/optim"
[ -x "$optim_bin" ] || { echo "no $optim_bin (build the optim_cli target)" >&2; exit 2; }
gemm_flag=()
[ -n "$gemm" ] && gemm_flag=(--gemm "$gemm")
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

echo "env: OPENBLAS_NUM_THREADS=$OPENBLAS_NUM_THREADS OPENBLAS_CORETYPE=${OPENBLAS_CORETYPE:-unset}" \
  "OPENBLAS_L2_SIZE=${OPENBLAS_L2_SIZE:-unset} OMP_WAIT_POLICY=${OMP_WAIT_POLICY:-unset}" \
  "OMP_NUM_THREADS=${OMP_NUM_THREADS:-unset}; threads $threads; load: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "recipe: layers $layers, batch $batch, $epochs epochs, Adam 1e-3, float32; optim $optim_bin ${gemm_flag[*]}"
for r in $(seq 1 "$repeat"); do
  /usr/bin/python3 "$root/bench/torch_mlp.py" --layers "$layers" --batch "$batch" \
    --epochs "$epochs" --threads "$threads" --json > "$out/torch_$r.json"
  "$optim_bin" train --data mnist --data-dir "$root/data/mnist" --layers "$layers" --batch "$batch" \
    --epochs "$epochs" --threads "$threads" --dtype float --method adam --lr 1e-3 --seed 42 \
    "${gemm_flag[@]}" --json > "$out/optim_$r.json"
done
/usr/bin/python3 - "$out" "$repeat" <<'EOF'
import json, statistics, sys
out, repeat = sys.argv[1], int(sys.argv[2])
rows = {"torch": [], "optim": []}
for r in range(1, repeat + 1):
    for name in rows:
        j = json.load(open(f"{out}/{name}_{r}.json"))
        ep = j["per_epoch"]
        n = j["samples_per_s"] * j["train_time_s"]  # training samples in all epochs
        cpu = sum(e["cpu_s"] for e in ep)
        rows[name].append({"sps": j["samples_per_s"], "cpu_sps": n / cpu, "acc": j["test_accuracy"],
                           "s_epoch": j["train_time_s"] / len(ep), "cpu_epoch": cpu / len(ep),
                           "threads": j["threads"], "what": j.get("framework", "optim " + j.get("gemm", ""))})
        x = rows[name][-1]
        print(f"run {r} {name:5s} ({x['what']}, {x['threads']} threads): {x['sps']:8.0f} samples/s, "
              f"{x['s_epoch']:.2f} s/epoch wall, {x['cpu_epoch']:.2f} CPU-s/epoch "
              f"({x['cpu_sps']:.0f} samples per CPU-s), test accuracy {100 * x['acc']:.2f}%")
med = {k: {f: statistics.median(x[f] for x in v) for f in ("sps", "cpu_sps", "acc")} for k, v in rows.items()}
print(f"median torch: {med['torch']['sps']:.0f} samples/s, {med['torch']['cpu_sps']:.0f} per CPU-s, "
      f"accuracy {100 * med['torch']['acc']:.2f}%")
print(f"median optim: {med['optim']['sps']:.0f} samples/s, {med['optim']['cpu_sps']:.0f} per CPU-s, "
      f"accuracy {100 * med['optim']['acc']:.2f}%")
print(f"ratio optim/torch: {med['optim']['sps'] / med['torch']['sps']:.2f}x samples/s (wall), "
      f"{med['optim']['cpu_sps'] / med['torch']['cpu_sps']:.2f}x samples per CPU-second")
EOF
