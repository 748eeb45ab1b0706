#!/usr/bin/python3
"""scipy's L-BFGS-B (the Fortran L-BFGS-B 3.0 code) on the bound-constrained problems of
tests/optim/bounded_problems.hpp, with exact gradients, the same starts, m = 10 and the same
stopping rule as the C++ test (projected-gradient infinity norm <= 1e-9; the f-change test off),
so that iterations and evaluations can be set side by side with `test_optim
--gtest_filter='Lbfgsb.HockSchittkowski*Double:Lbfgsb.Hs2*'`, which prints optim's (HS25 from the
start (50, 20, 2), as there: from the standard start both stop on its plateau).
Run with Debian's python3 (python3-scipy):  /usr/bin/python3 bench/lbfgsb_scipy_hs.py
"""
import math

import numpy as np
from scipy.optimize import minimize

INF = math.inf


def rosenbrock(x):
    t, u = x[1] - x[0] ** 2, 1 - x[0]
    return 100 * t * t + u * u, np.array([-400 * x[0] * t - 2 * u, 200 * t])


def hs3(x):
    t = x[1] - x[0]
    return x[1] + 1e-5 * t * t, np.array([-2e-5 * t, 1 + 2e-5 * t])


def hs4(x):
    return (x[0] + 1) ** 3 / 3 + x[1], np.array([(x[0] + 1) ** 2, 1.0])


def hs5(x):
    c, d = math.cos(x[0] + x[1]), x[0] - x[1]
    f = math.sin(x[0] + x[1]) + d * d - 1.5 * x[0] + 2.5 * x[1] + 1
    return f, np.array([c + 2 * d - 1.5, c - 2 * d + 2.5])


def hs25(x):
    i = np.arange(1, 100)
    u = 25 + (-50 * np.log(0.01 * i)) ** (2 / 3)
    a = u - x[1]
    p = a ** x[2]
    e = np.exp(-p / x[0])
    r = -0.01 * i + e
    g = np.array([np.sum(2 * r * e * p / x[0] ** 2),
                  np.sum(2 * r * e * x[2] * a ** (x[2] - 1) / x[0]),
                  np.sum(2 * r * e * (-p * np.log(a) / x[0]))])
    return float(np.sum(r * r)), g


def hs38(x):
    a, b = x[1] - x[0] ** 2, x[3] - x[2] ** 2
    f = (100 * a * a + (1 - x[0]) ** 2 + 90 * b * b + (1 - x[2]) ** 2 +
         10.1 * ((x[1] - 1) ** 2 + (x[3] - 1) ** 2) + 19.8 * (x[1] - 1) * (x[3] - 1))
    g = np.array([-400 * x[0] * a - 2 * (1 - x[0]),
                  200 * a + 20.2 * (x[1] - 1) + 19.8 * (x[3] - 1),
                  -360 * x[2] * b - 2 * (1 - x[2]),
                  180 * b + 20.2 * (x[3] - 1) + 19.8 * (x[1] - 1)])
    return f, g


def hs45(x):
    p = np.prod(x)
    return 2 - p / 120, np.array([-np.prod(np.delete(x, i)) / 120 for i in range(5)])


def hs110(x):
    p = np.prod(x) ** 0.2
    f = np.sum(np.log(x - 2) ** 2 + np.log(10 - x) ** 2) - p
    g = 2 * np.log(x - 2) / (x - 2) - 2 * np.log(10 - x) / (10 - x) - 0.2 * p / x
    return float(f), g


PROBLEMS = [
    ("hs1", rosenbrock, [(-INF, INF), (-1.5, INF)], [-2, 1], 0.0),
    # HS2 from its start below the bound: both codes reach the local minimiser x1 = -1.22102624
    # (f = 4.94122932), not the published global one (f* = 0.0504261879).
    ("hs2", rosenbrock, [(-INF, INF), (1.5, INF)], [-2, 1], 4.941229317989185),
    ("hs3", hs3, [(-INF, INF), (0, INF)], [10, 1], 0.0),
    ("hs4", hs4, [(1, INF), (0, INF)], [1.125, 0.125], 8 / 3),
    ("hs5", hs5, [(-1.5, 4), (-3, 3)], [0, 0], -math.sqrt(3) / 2 - math.pi / 3),
    ("hs25", hs25, [(0.1, 100), (0, 25.6), (0, 5)], [50, 20, 2], 0.0),
    ("hs38", hs38, [(-10, 10)] * 4, [-3, -1, -3, -1], 0.0),
    ("hs45", hs45, [(0, i) for i in range(1, 6)], [2] * 5, 1.0),
    ("hs110", hs110, [(2.001, 9.999)] * 10, [9] * 10, -45.77846971),
    ("rosenbrock x1<=0.5", rosenbrock, [(-INF, 0.5), (-INF, INF)], [-1.2, 1], 0.25),
    ("rosenbrock x>=1.2", rosenbrock, [(1.2, INF), (1.2, INF)], [-1.2, 1], 0.04),
]


def main():
    print(f"{'problem':<20} {'f':>14} {'|f - f*|':>10} {'iters':>6} {'f evals':>8}  status")
    for name, fun, bounds, x0, fstar in PROBLEMS:
        r = minimize(fun, np.array(x0, dtype=float), jac=True, method="L-BFGS-B", bounds=bounds,
                     options={"maxcor": 10, "gtol": 1e-9, "ftol": 0.0, "maxiter": 1000,
                              "maxfun": 100000})
        print(f"{name:<20} {r.fun:>14.9g} {abs(r.fun - fstar):>10.2e} {r.nit:>6} {r.nfev:>8}  "
              f"{r.message}")


if __name__ == "__main__":
    main()
