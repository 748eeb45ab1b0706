#!/usr/bin/python3
"""Side-by-side reference for `optim train --data mnist`: the same MLP recipe in torch (CPU, float32).

Run with Debian's python (torch from the `python3-torch` package, installed only for this
measurement, never in CI):
    OPENBLAS_NUM_THREADS=1 /usr/bin/python3 bench/torch_mlp.py --layers 784,256,256,10 \
        --batch 128 --epochs 5 --threads 2
and compare with (same machine, same moment, same thread count):
    ./build/optim train --data mnist --layers 784,256,256,10 --batch 128 --epochs 5 --threads 2 --json
The script prints the environment that affects BLAS speed (OPENBLAS_*, OMP_*) so that a comparison
states it. Per epoch: training wall time and process CPU time (metrics excluded), samples/s,
training loss (mean over the epoch's batches) and test accuracy. Inputs are pixels / 255.
"""
import argparse
import gzip
import json
import os
import struct
import sys
import time

import numpy as np
import torch


def read_idx(path):
    # An IDX folder may hold the files plain or gzip'd (as `optim train --data DIR` accepts).
    if not os.path.exists(path) and os.path.exists(path + ".gz"):
        with gzip.open(path + ".gz", "rb") as f:
            data = f.read()
    else:
        with open(path, "rb") as f:
            data = f.read()
    if data[0] != 0 or data[1] != 0 or data[2] != 0x08:
        raise SystemExit(f"{path}: not an unsigned-byte IDX file")
    nd = data[3]
    dims = struct.unpack(">" + "I" * nd, data[4:4 + 4 * nd])
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * nd).reshape(dims)


def main():
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--data-dir", default=os.path.join(root, "data", "mnist"))
    p.add_argument("--layers", default="784,256,256,10")
    p.add_argument("--batch", type=int, default=128)
    p.add_argument("--epochs", type=int, default=5)
    p.add_argument("--lr", type=float, default=1e-3)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--seed", type=int, default=42)
    p.add_argument("--json", action="store_true")
    a = p.parse_args()

    torch.set_num_threads(a.threads)
    torch.manual_seed(a.seed)
    d = a.data_dir
    xtr = torch.from_numpy(read_idx(f"{d}/train-images-idx3-ubyte").reshape(-1, 784).astype(np.float32) / 255)
    ytr = torch.from_numpy(read_idx(f"{d}/train-labels-idx1-ubyte").astype(np.int64))
    xte = torch.from_numpy(read_idx(f"{d}/t10k-images-idx3-ubyte").reshape(-1, 784).astype(np.float32) / 255)
    yte = torch.from_numpy(read_idx(f"{d}/t10k-labels-idx1-ubyte").astype(np.int64))

    widths = [int(w) for w in a.layers.split(",")]
    mods = []
    for i in range(len(widths) - 1):
        mods.append(torch.nn.Linear(widths[i], widths[i + 1]))
        if i + 2 < len(widths):
            mods.append(torch.nn.ReLU())
    net = torch.nn.Sequential(*mods)
    opt = torch.optim.Adam(net.parameters(), lr=a.lr)
    loss_fn = torch.nn.CrossEntropyLoss()
    g = torch.Generator().manual_seed(a.seed)
    n = xtr.shape[0]
    per_epoch = n // a.batch  # drop the ragged tail, as optim's first-order loop does
    epochs = []
    for ep in range(1, a.epochs + 1):
        perm = torch.randperm(n, generator=g)
        t0, c0 = time.perf_counter(), time.process_time()
        total = 0.0
        net.train()
        for b in range(per_epoch):
            idx = perm[b * a.batch:(b + 1) * a.batch]
            out = net(xtr[idx])
            loss = loss_fn(out, ytr[idx])
            opt.zero_grad(set_to_none=True)
            loss.backward()
            opt.step()
            total += loss.item()
        wall, cpu = time.perf_counter() - t0, time.process_time() - c0
        net.eval()
        with torch.no_grad():
            acc = (net(xte).argmax(1) == yte).float().mean().item()
        epochs.append({"epoch": ep, "train_loss": total / per_epoch, "test_accuracy": acc,
                       "time_s": wall, "cpu_s": cpu, "samples_per_s": per_epoch * a.batch / wall})
        if not a.json:
            e = epochs[-1]
            print(f"epoch {ep}  loss {e['train_loss']:.5f}  test {100 * acc:.2f}%  "
                  f"{wall:.2f} s (cpu {cpu:.2f} s)  {e['samples_per_s']:.0f} samples/s", flush=True)
    train_time = sum(e["time_s"] for e in epochs)
    env = {k: v for k, v in os.environ.items() if k.startswith(("OPENBLAS", "OMP_", "MKL_"))}
    res = {"framework": f"torch {torch.__version__}", "threads": torch.get_num_threads(),
           "layers": widths, "batch": a.batch, "epochs": a.epochs,
           "test_accuracy": epochs[-1]["test_accuracy"], "train_loss": epochs[-1]["train_loss"],
           "train_time_s": train_time, "samples_per_s": per_epoch * a.batch * a.epochs / train_time,
           "env": env, "per_epoch": epochs}
    if a.json:
        print(json.dumps(res))
    else:
        print(f"torch {torch.__version__}, {res['threads']} threads, env {env}: "
              f"{res['samples_per_s']:.0f} samples/s, test accuracy {100 * res['test_accuracy']:.2f}%")


if __name__ == "__main__":
    sys.exit(main())
