#!/usr/bin/python3
"""scipy's L-BFGS-B (the Fortran L-BFGS-B 3.0 code) on the MGH problems with the boxes of
D. M. Gay, "A trust region approach to linearly constrained optimization", Numerical Analysis
(Dundee 1983), Lecture Notes in Mathematics 1066, Springer 1984, pp. 72-105, as transcribed with
their minima F* = sum r_i^2 by A. Neumaier's global-optimization test page ("bounds.html") and
by Ceres Solver's examples/more_garbow_hillstrom.cc. The residuals are those of J. J. Moré,
B. S. Garbow and K. E. Hillstrom, ACM TOMS 7(1), 1981 (m as in problems/mgh: Gulf m = 99, Box
3-D m = 10), the starts theirs (projected onto the box), f = F / 2 as in optim. The gradient is
exact to rounding: a complex-step derivative of f (every residual is analytic in the box).

Run with Debian's python3 (python3-scipy):  /usr/bin/python3 bench/lbfgsb_scipy_mgh_boxes.py
and set the F it prints beside `test_problems --gtest_filter='*BoxedMethodTable*'`.
"""
import math

import numpy as np
from scipy.optimize import minimize

GAUSSIAN_Y = [0.0009, 0.0044, 0.0175, 0.0540, 0.1295, 0.2420, 0.3521, 0.3989, 0.3521, 0.2420,
              0.1295, 0.0540, 0.0175, 0.0044, 0.0009]


def powell_badly_scaled(x):
    return [1e4 * x[0] * x[1] - 1, np.exp(-x[0]) + np.exp(-x[1]) - 1.0001]


def brown_badly_scaled(x):
    return [x[0] - 1e6, x[1] - 2e-6, x[0] * x[1] - 2]


def beale(x):
    return [y - x[0] * (1 - x[1] ** i) for i, y in ((1, 1.5), (2, 2.25), (3, 2.625))]


def helical_valley(x):
    theta = np.arctan(x[1] / x[0]) / (2 * math.pi) + (0.5 if x[0].real < 0 else 0.0)
    return [10 * (x[2] - 10 * theta), 10 * (np.sqrt(x[0] ** 2 + x[1] ** 2) - 1), x[2]]


def gaussian(x):
    return [x[0] * np.exp(-x[1] * ((7 - i) / 2 - x[2]) ** 2 / 2) - GAUSSIAN_Y[i]
            for i in range(15)]


def gulf_research(x):
    out = []
    for i in range(1, 100):
        t = i / 100
        y = 25 + (-50 * math.log(t)) ** (2 / 3)
        out.append(np.exp(-((y - x[1]) ** x[2]) / x[0]) - t)  # y - x2 > 0 in the box
    return out


def box3d(x):
    return [np.exp(-t * x[0]) - np.exp(-t * x[1]) - x[2] * (math.exp(-t) - math.exp(-10 * t))
            for t in (i / 10 for i in range(1, 11))]


def wood(x):
    return [10 * (x[1] - x[0] ** 2), 1 - x[0], math.sqrt(90) * (x[3] - x[2] ** 2), 1 - x[2],
            math.sqrt(10) * (x[1] + x[3] - 2), (x[1] - x[3]) / math.sqrt(10)]


def brown_dennis(x):
    out = []
    for i in range(1, 21):
        t = i / 5
        a = x[0] + t * x[1] - math.exp(t)
        b = x[2] + x[3] * math.sin(t) - math.cos(t)
        out.append(a * a + b * b)
    return out


def biggs_exp6(x):
    out = []
    for i in range(1, 14):
        t = i / 10
        y = math.exp(-t) - 5 * math.exp(-10 * t) + 3 * math.exp(-4 * t)
        out.append(x[2] * np.exp(-t * x[0]) - x[3] * np.exp(-t * x[1]) +
                   x[5] * np.exp(-t * x[4]) - y)
    return out


# name (registry: mgh_<name>), residuals, box, MGH start, Gay's F* on the box.
PROBLEMS = [
    ("powell_badly_scaled", powell_badly_scaled, [(0, 1), (1, 9)], [0, 1], 0.15125900e-9),
    ("brown_badly_scaled", brown_badly_scaled, [(0, 1e6), (3e-5, 100)], [1, 1], 0.78400000e3),
    ("beale", beale, [(0.6, 10), (0.5, 100)], [1, 1], 0.0),
    ("helical_valley", helical_valley, [(-100, 0.8), (-1, 1), (-1, 1)], [-1, 0, 0], 0.99042212),
    ("gaussian", gaussian, [(0.398, 4.2), (1, 2), (-0.5, 0.1)], [0.4, 1, 0], 0.11279300e-7),
    ("gulf_research", gulf_research, [(1e-16, 10), (0, 10), (0, 10)], [5, 2.5, 0.15],
     0.58281431e-4),
    ("box3d", box3d, [(0, 2), (5, 9.5), (0, 20)], [0, 10, 20], 0.30998153e-5),
    ("wood", wood, [(-100, 0), (-100, 10), (-100, 100), (-100, 100)], [-3, -1, -3, -1],
     0.15567008e1),
    ("brown_dennis", brown_dennis, [(-10, 100), (0, 15), (-100, 0), (-20, 0.2)],
     [25, 5, -5, -1], 0.88860479e5),
    ("biggs_exp6", biggs_exp6, [(0, 2), (0, 8), (0, 1), (1, 7), (0, 5), (0, 5)],
     [1, 2, 1, 1, 1, 1], 0.53209865e-3),
]


def objective(residuals):
    def fg(x):
        f = 0.5 * sum(float(r) ** 2 for r in residuals(x.astype(complex)))
        g = np.empty(len(x))
        h = 1e-30
        for j in range(len(x)):
            z = x.astype(complex)
            z[j] += 1j * h
            g[j] = (0.5 * sum(r * r for r in residuals(z))).imag / h
        return f, g
    return fg


def main():
    print(f"{'problem':<20} {'F = 2f':>16} {'Gay F*':>14} {'rel diff':>9} {'iters':>6} "
          f"{'f evals':>8}  x / status")
    for name, res, bounds, x0, fstar in PROBLEMS:
        lo = np.array([b[0] for b in bounds], dtype=float)
        hi = np.array([b[1] for b in bounds], dtype=float)
        start = np.clip(np.array(x0, dtype=float), lo, hi)
        r = minimize(objective(res), start, jac=True, method="L-BFGS-B", bounds=bounds,
                     options={"maxcor": 10, "gtol": 1e-10, "ftol": 0.0, "maxiter": 5000,
                              "maxfun": 100000})
        F = 2 * r.fun
        rel = abs(F - fstar) / max(fstar, 1e-300) if fstar > 0 else abs(F)
        print(f"{name:<20} {F:>16.9g} {fstar:>14.8g} {rel:>9.1e} {r.nit:>6} {r.nfev:>8}  "
              f"{np.array2string(r.x, precision=8)} {r.message}")


if __name__ == "__main__":
    main()
