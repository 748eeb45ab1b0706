#!/usr/bin/python3
"""Side-by-side timing of one Adam step on 10^7 float32 parameters: torch.optim.Adam.step (Debian
python3-torch, CPU) against optim's Adam rule (the adam/float/10000000 case of
build/bench/bench_update_rules, Google Benchmark).

Both are charged the same bytes: an Adam step must read x, g, m, v and write x, m, v, i.e.
7 arrays x 4 bytes x 10^7 = 280 MB. Run with the system interpreter (Debian's torch lives there):

    /usr/bin/python3 bench/torch_adam_step.py [--ours build/bench/bench_update_rules] [--reps 5]

The script does not set OPENBLAS_* (no BLAS call is involved); it prints their values and torch's
thread count so a reading can be reproduced.
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import time

N = 10_000_000
BYTES = 7 * 4 * N


def time_torch(steps, foreach):
    import torch

    torch.manual_seed(0)
    p = torch.nn.Parameter(torch.randn(N, dtype=torch.float32))
    p.grad = torch.randn(N, dtype=torch.float32)
    opt = torch.optim.Adam([p], lr=1e-6, foreach=foreach)
    opt.step()  # allocates the moment buffers outside the timed region
    wall, cpu = [], []
    for _ in range(steps):
        w0, c0 = time.perf_counter(), time.process_time()
        opt.step()
        wall.append(time.perf_counter() - w0)
        cpu.append(time.process_time() - c0)
    return wall, cpu


def time_ours(binary, reps):
    out = subprocess.run(
        [binary, "--benchmark_filter=^adam/float/10000000$", f"--benchmark_repetitions={reps}",
         "--benchmark_format=json"], check=True, capture_output=True, text=True).stdout
    runs = [b for b in json.loads(out)["benchmarks"] if b.get("run_type") == "iteration"]
    scale = {"ms": 1e-3, "us": 1e-6, "ns": 1e-9, "s": 1.0}[runs[0]["time_unit"]]
    return [b["real_time"] * scale for b in runs], [b["cpu_time"] * scale for b in runs]


def report(name, wall, cpu):
    w, c = min(wall), min(cpu)
    print(f"{name:34s} wall min {w * 1e3:8.2f} ms  median {statistics.median(wall) * 1e3:8.2f} ms"
          f"  cpu min {c * 1e3:8.2f} ms   {BYTES / w / 1e9:6.2f} GB/s (wall)")
    return w, c


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--ours", default="build/bench/bench_update_rules")
    ap.add_argument("--reps", type=int, default=5)
    args = ap.parse_args()
    import torch

    print(f"torch {torch.__version__}, threads {torch.get_num_threads()}, "
          f"OPENBLAS_* = {({k: v for k, v in os.environ.items() if k.startswith('OPENBLAS')})}, "
          f"n = {N}, bytes per step = {BYTES / 1e6:.0f} MB")
    results = {}
    # Interleave the contenders so that a change in machine load hits both alike.
    for rnd in range(2):
        results.setdefault("torch Adam (foreach=False, default)", ([], []))
        w, c = time_torch(args.reps, foreach=False)
        results["torch Adam (foreach=False, default)"][0].extend(w)
        results["torch Adam (foreach=False, default)"][1].extend(c)
        w, c = time_torch(args.reps, foreach=True)
        results.setdefault("torch Adam (foreach=True)", ([], []))
        results["torch Adam (foreach=True)"][0].extend(w)
        results["torch Adam (foreach=True)"][1].extend(c)
        if os.path.exists(args.ours):
            w, c = time_ours(args.ours, args.reps)
            results.setdefault("optim Adam (fused loop)", ([], []))
            results["optim Adam (fused loop)"][0].extend(w)
            results["optim Adam (fused loop)"][1].extend(c)
    best = {k: report(k, *v) for k, v in results.items()}
    ours = best.get("optim Adam (fused loop)")
    if ours is None:
        print(f"(no {args.ours}: build it with -DOPTIM_BUILD_BENCH=ON to compare)", file=sys.stderr)
        return
    torch_default = best["torch Adam (foreach=False, default)"]
    print(f"speed-up of optim over torch's default Adam: {torch_default[0] / ours[0]:.1f}x (wall), "
          f"{torch_default[1] / ours[1]:.1f}x (cpu)")


if __name__ == "__main__":
    main()
