#!/usr/bin/python3
"""optim's lbfgsb and scipy's L-BFGS-B (the Fortran L-BFGS-B 3.0 code) side by side at n = 10^6,
on the two bounded problems of bench/bench_lbfgsb.cpp, from the same start with the same box and
stopping rule: m = 10, projected-gradient infinity norm <= gtol (1e-5, or --gtol), the f-change
test off as far as scipy allows (its ftol = 0 still ends a run whose iteration gave no decrease
at all, "REL_REDUCTION_OF_F", which happens once f stagnates at its rounding level: the table
then shows scipy's final projected gradient above gtol), exact gradients. scipy's objective is vectorised in NumPy (one pass of array
expressions per evaluation); optim's is the C++ objective of the bench binary, run through
minimize() exactly as a library user would. Each side runs `--repeat` times in one sitting
(alternating); the table gives the median whole-run wall time, its spread (min - max), the
evaluation counts and the ratio scipy / optim of the medians.

Run with Debian's python3 (python3-scipy), after building the bench binary:
  /usr/bin/python3 bench/lbfgsb_scipy_large.py [--bench build/bench/bench_lbfgsb] [--repeat 5]
"""
import argparse
import json
import os
import statistics
import subprocess
import time

import numpy as np
import scipy
from scipy.optimize import minimize

N = 1_000_000


def rosenbrock(x):
    a, b = x[0::2], x[1::2]
    t = b - a * a
    u = 1.0 - a
    g = np.empty_like(x)
    g[0::2] = -400.0 * a * t - 2.0 * u
    g[1::2] = 200.0 * t
    return float(np.dot(100.0 * t, t) + np.dot(u, u)), g


LAMBDA = 1.0 + (np.arange(N) % 1000).astype(float)
CENTRE = 1.5 * np.cos(np.arange(N, dtype=float))


def quadratic(x):
    d = x - CENTRE
    ld = LAMBDA * d
    return 0.5 * float(np.dot(ld, d)), ld


def rosenbrock_start():
    x = np.ones(N)
    x[0::2] = -1.2
    return x


PROBLEMS = {
    # name in bench_lbfgsb -> (objective, start, lower, upper)
    "rosenbrock_box": (rosenbrock, rosenbrock_start, -np.inf, 0.5),
    "quadratic_box": (quadratic, lambda: np.zeros(N), -1.0, 1.0),
}


def run_scipy(name, gtol):
    fun, start, lo, hi = PROBLEMS[name]
    x0 = start()
    bounds = scipy.optimize.Bounds(np.full(N, lo), np.full(N, hi))
    t0 = time.perf_counter()
    r = minimize(fun, x0, jac=True, method="L-BFGS-B", bounds=bounds,
                 options={"maxcor": 10, "gtol": gtol, "ftol": 0.0, "maxiter": 100000,
                          "maxfun": 100000})
    return time.perf_counter() - t0, r


def run_optim(bench, name, gtol, threads):
    out = subprocess.run([bench, f"--gtol={gtol}", f"--threads={threads}",
                          f"--benchmark_filter=^{name}/lbfgsb/",
                          "--benchmark_format=json"],
                         check=True, capture_output=True, text=True).stdout
    b = json.loads(out)["benchmarks"][0]
    if b.get("error_occurred"):
        raise RuntimeError(f"{name}: {b.get('error_message')}")
    return b["real_time"] / 1e3, b  # ms -> s


def spread(v):
    return f"{statistics.median(v):7.3f} s ({min(v):.3f}-{max(v):.3f})"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bench", default="build/bench/bench_lbfgsb")
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--gtol", type=float, default=1e-5)
    ap.add_argument("--threads", type=int, default=1,
                    help="optim's threads for the ring sweeps (scipy's L-BFGS-B has one)")
    args = ap.parse_args()
    print(f"n = {N}, m = 10, pgtol {args.gtol:g}, optim threads {args.threads}; scipy {scipy.__version__}, numpy {np.__version__}; "
          f"OPENBLAS_* as set: " +
          (", ".join(f"{k}={v}" for k, v in sorted(os.environ.items())
                     if k.startswith("OPENBLAS")) or "none set"))
    print(f"{'problem':16} {'side':6} {'time (median, min-max)':30} {'iters':>6} {'evals':>6} "
          f"{'f':>16} {'|Pg|inf':>9}  stop")
    for name in PROBLEMS:
        ts, to = [], []
        for _ in range(args.repeat):
            t, r = run_scipy(name, args.gtol)
            ts.append(t)
            t, b = run_optim(args.bench, name, args.gtol, args.threads)
            to.append(t)
        fun, _, lo, hi = PROBLEMS[name]
        pg = float(np.max(np.abs(np.clip(r.x - fun(r.x)[1], lo, hi) - r.x)))
        print(f"{name:16} {'scipy':6} {spread(ts):30} {r.nit:6d} {r.nfev:6d} {r.fun:16.10g} "
              f"{pg:9.2e}  {r.message}")
        print(f"{name:16} {'optim':6} {spread(to):30} {int(b['iterations']):6d} "
              f"{int(b['evals']):6d} {float(b['label'][2:]):16.10g} {b['pg']:9.2e}  "
              f"projected gradient <= gtol")
        print(f"{name:16} ratio scipy / optim (medians): "
              f"{statistics.median(ts) / statistics.median(to):.2f}x")


if __name__ == "__main__":
    main()
