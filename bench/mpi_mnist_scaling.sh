#!/usr/bin/env bash
# Data-parallel speed on one machine (docs/distributed.md): MNIST 784-256-256-10, Adam, global
# batch 128, one epoch per configuration, ROUNDS times (default 2; these machines' speed varies
# from run to run, so take several): one process x 1 thread, `mpirun -np 2` x 1
# thread, one process x 2 threads. Prints samples/s, training CPU seconds of rank 0 and the time
# in the gathers per step. Extra arguments go to every `optim train` (e.g. --sample-block 32).
#   OPTIM=build/optim MNIST=data/mnist bench/mpi_mnist_scaling.sh [ARGS...]
set -u
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1  # needed only as root
optim=${OPTIM:-build/optim}
mnist=${MNIST:-data/mnist}
args=(train --data mnist --data-dir "$mnist" --layers 784,256,256,10 --method adam
      --batch-size 128 --epochs "${EPOCHS:-1}" --seed 42 --json --no-progress)
show() {
  /usr/bin/python3 -c '
import json, sys
j = json.loads(sys.stdin.read())
steps = 469 * j["epochs"]  # ceil(60000 / 128) updates per epoch
comm = 1e3 * j.get("communication_s", 0) / steps
print("%-24s samples/s %7.0f  train_s %6.2f  cpu_s(rank 0) %6.2f  comm ms/step %6.3f  test %s"
      % (sys.argv[1], j["samples_per_s"], j["train_time_s"], j["train_cpu_s"], comm,
         j.get("test_accuracy")))' "$1"
}
for ((rep = 1; rep <= ${ROUNDS:-2}; rep++)); do
  "$optim" "${args[@]}" --threads 1 "$@" | show "1 process x 1 thread"
  mpirun -np 2 --bind-to none "$optim" "${args[@]}" --threads 1 "$@" | show "mpirun -np 2 x 1 thread"
  "$optim" "${args[@]}" --threads 2 "$@" | show "1 process x 2 threads"
done
