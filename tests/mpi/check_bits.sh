#!/usr/bin/env bash
# Data-parallel training gives the bits of one process (optim/distributed/distributed_objective.hpp):
# `mpirun -np K optim train` for K = 1, 2, 3 against `optim train` without mpirun, comparing the
# saved parameters byte for byte (the model file stores them as IEEE doubles) and the final
# full-set losses and accuracies of the JSON report as printed (shortest round-trip decimals, so
# equal text is equal bits). The CTest runner sets the environment mpirun needs as root.
# Case `refuse`: an error stops every rank with its message, printed once, and exit code 2.
# Case `one_rank`: an error on one rank alone (the others have started training and wait in the
# first gather) stops them all with the failing rank's message and exit code 2, without a hang.
#   check_bits.sh OPTIM MPIEXEC CASE WORKDIR      CASE: adam | lbfgs | resume | refuse | one_rank
set -euo pipefail
optim=$1 mpiexec=$2 case=$3 work=$4
rm -rf "$work" && mkdir -p "$work" && cd "$work"
run_np() {  # run_np K ARGS...: K ranks (K = 0: no mpirun at all)
  local k=$1; shift
  if [ "$k" = 0 ]; then "$optim" "$@"; else "$mpiexec" --oversubscribe -np "$k" "$optim" "$@"; fi
}
# The figures a K-independent run must reproduce exactly (timings and rank counts differ).
figures() {
  /usr/bin/python3 -c '
import json, sys
j = json.loads(open(sys.argv[1]).read())
keys = ["train_loss", "train_accuracy", "test_loss", "test_accuracy", "epochs", "status"]
print(" ".join(k + "=" + repr(j.get(k)) for k in keys))' "$1"
}
same() {  # same NAME_A NAME_B: identical parameters and figures
  cmp "$1.model" "$2.model" || { echo "FAIL: parameters of $1 and $2 differ"; exit 1; }
  local fa fb
  fa=$(figures "$1.json") fb=$(figures "$2.json")
  [ "$fa" = "$fb" ] || { echo "FAIL: $1: $fa"; echo "      $2: $fb"; exit 1; }
  echo "ok: $2 = $1 ($fa)"
}
# Blobs in 2-D, 3 classes; a 2-16-3 network. Adam: batch 100 in blocks of --sample-block 32 is
# 32, 32, 32, 4 (the ranks of -np 3 own 1, 1, 2 of them; the last batch of an epoch is shorter). L-BFGS: 2500 samples are full-set blocks of 1024, 1024,
# 452.
case $case in
  adam) common=(train --data blobs --n 600 --layers 2,16,3 --method adam --lr 0.01
                --batch-size 100 --sample-block 32 --epochs 3 --seed 5 --eval-train --json --no-progress) ;;
  lbfgs) common=(train --data blobs --n 2500 --layers 2,16,3 --method lbfgs --batch-size 0
                 --epochs 4 --seed 7 --json --no-progress) ;;
  resume) common=(train --data blobs --n 600 --layers 2,16,3 --method adam --lr 0.01
                  --batch-size 100 --sample-block 32 --seed 5 --eval-train --json --no-progress) ;;
  refuse | one_rank) common=() ;;
  *) echo "unknown case $case"; exit 2 ;;
esac
if [ "$case" = refuse ]; then
  # Dropout draws from one engine per process: refused under -np 2, not left to diverge.
  code=0
  timeout 120 "$mpiexec" --oversubscribe -np 2 "$optim" train --data blobs --n 100 \
    --keep-hidden 0.5 --epochs 1 --json > out.txt 2> err.txt || code=$?
  [ "$code" = 2 ] || { echo "FAIL: exit code $code, expected 2"; cat err.txt; exit 1; }
  n=$(grep -c "optim: error: dropout, input noise and augmentation" err.txt || true)
  [ "$n" -ge 1 ] || { echo "FAIL: no error message"; cat err.txt; exit 1; }
  [ ! -s out.txt ] || { echo "FAIL: a failed run printed a report"; exit 1; }
  echo "ok: refused with exit code 2 ($n message line(s))"
  exit 0
fi
if [ "$case" = one_rank ]; then
  # Two programs in one job (MPMD): rank 0 trains, rank 1 is given a data folder that does not
  # exist. Rank 0 alone would wait for rank 1's blocks for ever; the timeout catches a hang.
  code=0
  timeout 120 "$mpiexec" --oversubscribe \
    -np 1 "$optim" train --data blobs --n 600 --layers 2,16,3 --epochs 50 --json --no-progress : \
    -np 1 "$optim" train --data mnist --data-dir "$work/no-such-folder" --epochs 1 --json \
    > out.txt 2> err.txt || code=$?
  [ "$code" = 2 ] || { echo "FAIL: exit code $code, expected 2"; cat err.txt; exit 1; }
  n=$(grep -c "optim: error: MNIST not found in '$work/no-such-folder'" err.txt || true)
  [ "$n" = 1 ] || { echo "FAIL: the failing rank's message printed $n times"; cat err.txt; exit 1; }
  [ ! -s out.txt ] || { echo "FAIL: rank 0 printed a report"; cat out.txt; exit 1; }
  echo "ok: rank 1's error stopped both ranks with exit code 2"
  exit 0
fi
if [ "$case" = resume ]; then
  # 2 epochs under -np 2 with a checkpoint, resumed under -np 3 to 4 epochs, against 4 epochs of
  # one process: the checkpoint holds no trace of the rank count.
  run_np 0 "${common[@]}" --epochs 4 --save one.model > one.json
  run_np 2 "${common[@]}" --epochs 2 --checkpoint run.ckpt > half.json
  [ -f run.ckpt ] || { echo "FAIL: -np 2 wrote no checkpoint"; exit 1; }
  run_np 3 "${common[@]}" --epochs 4 --checkpoint run.ckpt --resume --save np3.model > np3.json
  same one np3
  exit 0
fi
run_np 0 "${common[@]}" --save one.model > one.json
for k in 1 2 3; do
  run_np "$k" "${common[@]}" --save "np$k.model" > "np$k.json"
  # Only rank 0 prints: one JSON line, whatever K.
  [ "$(wc -l < "np$k.json")" = 1 ] || { echo "FAIL: -np $k printed $(wc -l < np$k.json) lines"; exit 1; }
  same one "np$k"
done
