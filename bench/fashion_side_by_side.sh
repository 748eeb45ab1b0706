#!/usr/bin/env bash
# Fashion-MNIST accuracy side by side: `optim train --data DIR` with its default recipe and the same
# recipe in torch (bench/torch_mlp.py), for several seeds; prints each run's test accuracy, the
# means, and optim - torch in points. Data: scripts/fetch_fashion_mnist.sh.
#   bench/fashion_side_by_side.sh [--epochs 10] [--seeds 1,2,3] [--hidden 256,256] [--build build]
# Recipe (optim's defaults for an IDX folder, given to torch explicitly): ReLU MLP 784-H-10 with He
# initialisation (torch: its default Kaiming-uniform), softmax cross-entropy, Adam lr 1e-3, batch
# 64, float32, pixels / 255, no validation split, reshuffled every epoch. The seeds differ between
# the two programs' generators, so single runs are not paired: compare the means and spreads.
# Accuracy does not depend on machine load; the times printed do (both on the same --threads).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
epochs=10 seeds=1,2,3 hidden=256,256 build="$root/build" threads=2
while [ $# -gt 0 ]; do
  case "$1" in
    --epochs) epochs=$2; shift 2 ;;
    --seeds) seeds=$2; shift 2 ;;
    --hidden) hidden=$2; shift 2 ;;
    --build) build=$2; shift 2 ;;
    --threads) threads=$2; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
data="$root/data/fashion-mnist"
[ -s "$data/train-images-idx3-ubyte.gz" ] || { echo "no $data: run scripts/fetch_fashion_mnist.sh" >&2; exit 2; }
optim_bin="$build/optim"
[ -x "$optim_bin" ] || { echo "no $optim_bin (build the optim_cli target)" >&2; exit 2; }
export OPENBLAS_NUM_THREADS=${OPENBLAS_NUM_THREADS:-1}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
echo "env: OPENBLAS_NUM_THREADS=$OPENBLAS_NUM_THREADS OPENBLAS_CORETYPE=${OPENBLAS_CORETYPE:-unset}" \
  "OPENBLAS_L2_SIZE=${OPENBLAS_L2_SIZE:-unset}; threads $threads; load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "recipe: 784-$hidden-10 ReLU, Adam 1e-3, batch 64, $epochs epochs, float32, seeds $seeds"
for s in ${seeds//,/ }; do
  "$optim_bin" train --data "$data" --hidden "$hidden" --epochs "$epochs" --seed "$s" \
    --threads "$threads" --json > "$out/optim_$s.json"
  /usr/bin/python3 "$root/bench/torch_mlp.py" --data-dir "$data" --layers "784,$hidden,10" \
    --batch 64 --epochs "$epochs" --lr 1e-3 --seed "$s" --threads "$threads" --json > "$out/torch_$s.json"
done
/usr/bin/python3 - "$out" "$seeds" <<'PY'
import json, statistics, sys
out, seeds = sys.argv[1], sys.argv[2].split(",")
acc = {"optim": [], "torch": []}
for s in seeds:
    for name in acc:
        j = json.load(open(f"{out}/{name}_{s}.json"))
        t = j.get("train_time_s", j.get("time_s"))
        acc[name].append(100 * j["test_accuracy"])
        print(f"seed {s}  {name:5s}  test accuracy {100 * j['test_accuracy']:.2f}%  train time {t:.1f} s")
for name, v in acc.items():
    sd = statistics.stdev(v) if len(v) > 1 else 0.0
    print(f"{name:5s} mean {statistics.mean(v):.2f}%  sd {sd:.2f}  over {len(v)} seeds")
print(f"optim - torch: {statistics.mean(acc['optim']) - statistics.mean(acc['torch']):+.2f} points")
PY
