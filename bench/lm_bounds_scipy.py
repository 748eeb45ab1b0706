#!/usr/bin/python3
"""Bounded nonlinear least squares side by side: optim's `lm` (`optim fit --bounds`,
`optim minimize --method lm --lower/--upper`) against scipy.optimize.least_squares(method='trf')
with the exact Jacobian, on NIST StRD and MGH problems with a bound that is active at the
solution. Prints, per problem, both solutions, their RSS (sum r^2), the projected-gradient norm of
optim's result, and the residual / Jacobian evaluation counts.

Usage: bench/lm_bounds_scipy.py [path/to/optim]   (default: build/optim)
Needs Debian's python3 with scipy (python3-scipy).
"""
import json
import math
import os
import subprocess
import sys

import numpy as np
from scipy.optimize import least_squares

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OPTIM = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "build", "optim")
NIST = os.path.join(ROOT, "problems", "data", "nist")


def nist_data(name):
    """(x, y) of a NIST StRD .dat file: the rows after the 'Data:   y   x' header line (the
    first 'Data:' line of the file describes the variables)."""
    rows, in_data = [], False
    with open(os.path.join(NIST, name + ".dat")) as f:
        for line in f:
            if line.split()[:2] == ["Data:", "y"]:
                in_data = True
                continue
            if in_data and line.strip():
                rows.append([float(t) for t in line.split()])
    a = np.array(rows)
    return a[:, 1], a[:, 0]


# Models as (formula for optim fit, residual function, Jacobian) of parameters b.
def misra1a():
    x, y = nist_data("Misra1a")
    res = lambda b: b[0] * (1 - np.exp(-b[1] * x)) - y
    jac = lambda b: np.column_stack([1 - np.exp(-b[1] * x), b[0] * x * np.exp(-b[1] * x)])
    return "b1*(1-exp(-b2*x))", res, jac


def danwood():
    x, y = nist_data("DanWood")
    res = lambda b: b[0] * x ** b[1] - y
    jac = lambda b: np.column_stack([x ** b[1], b[0] * x ** b[1] * np.log(x)])
    return "b1*x^b2", res, jac


def chwirut2():
    x, y = nist_data("Chwirut2")

    def res(b):
        return np.exp(-b[0] * x) / (b[1] + b[2] * x) - y

    def jac(b):
        e, d = np.exp(-b[0] * x), b[1] + b[2] * x
        return np.column_stack([-x * e / d, -e / d ** 2, -x * e / d ** 2])

    return "exp(-b1*x)/(b2+b3*x)", res, jac


def fit_case(label, dataset, model, names, start, lo, hi):
    formula, res, jac = model()
    bounds = ",".join(
        f"{n}={'' if math.isinf(l) else repr(l)}:{'' if math.isinf(h) else repr(h)}"
        for n, l, h in zip(names, lo, hi))
    start_text = ",".join(f"{n}={v!r}" for n, v in zip(names, start))
    cmd = [OPTIM, "fit", "--data", os.path.join(NIST, dataset + ".dat"), "--model", formula,
           "--start", start_text, "--bounds", bounds, "--json"]
    out = json.loads(subprocess.run(cmd, capture_output=True, text=True, check=False).stdout)
    ours = np.array([out["params"][n] for n in names])
    sp = least_squares(res, np.clip(start, lo, hi), jac=jac, bounds=(lo, hi), method="trf",
                       x_scale="jac", ftol=1e-15, xtol=1e-15, gtol=1e-15, max_nfev=10000)
    return {
        "problem": label, "command": " ".join(cmd), "optim_x": ours.tolist(),
        "optim_rss": out["rss"], "optim_pg": out["projected_grad_norm"],
        "optim_active": out["active_bounds"], "optim_nfev": out["f_evals"],
        "optim_njev": out["jacobian_evals"], "scipy_x": sp.x.tolist(),
        "scipy_rss": float(2 * sp.cost), "scipy_nfev": int(sp.nfev),
        "scipy_njev": int(sp.njev), "scipy_active": sp.active_mask.tolist(),
    }


def rosenbrock_case():
    """MGH 1 (Rosenbrock) with x1 >= 1.2 from the standard start: x* = (1.2, 1.44)."""
    res = lambda x: np.array([10 * (x[1] - x[0] ** 2), 1 - x[0]])
    jac = lambda x: np.array([[-20 * x[0], 10], [-1, 0]])
    lo, hi = np.array([1.2, -np.inf]), np.array([np.inf, np.inf])
    cmd = [OPTIM, "minimize", "--problem", "mgh_rosenbrock", "--method", "lm", "--lower",
           "1.2,-inf", "--gtol", "0", "--json"]
    out = json.loads(subprocess.run(cmd, capture_output=True, text=True, check=False).stdout)
    sp = least_squares(res, np.clip([-1.2, 1.0], lo, hi), jac=jac, bounds=(lo, hi),
                       method="trf", x_scale="jac", ftol=1e-15, xtol=1e-15, gtol=1e-15)
    return {
        "problem": "MGH 1 Rosenbrock, x1 >= 1.2", "command": " ".join(cmd),
        "optim_x": out["x"], "optim_rss": 2 * out["f"], "optim_pg": out["grad_norm"],
        "optim_active": out.get("active_bounds"), "optim_nfev": out["f_evals"],
        "optim_njev": out["h_evals"], "scipy_x": sp.x.tolist(),
        "scipy_rss": float(2 * sp.cost), "scipy_nfev": int(sp.nfev), "scipy_njev": int(sp.njev),
        "scipy_active": sp.active_mask.tolist(),
    }


def main():
    inf = math.inf
    cases = [
        fit_case("Misra1a, b2 <= 5e-4 (start 1)", "Misra1a", misra1a, ["b1", "b2"],
                 [500, 1e-4], [-inf, -inf], [inf, 5e-4]),
        fit_case("Misra1a, b2 <= 5e-4 (start b2 = 1e-3, outside)", "Misra1a", misra1a,
                 ["b1", "b2"], [500, 1e-3], [-inf, -inf], [inf, 5e-4]),
        fit_case("DanWood, b2 <= 3.5 (start 1)", "DanWood", danwood, ["b1", "b2"], [1, 5],
                 [0, -inf], [inf, 3.5]),
        fit_case("Chwirut2, b3 >= 0.02 (start 1)", "Chwirut2", chwirut2, ["b1", "b2", "b3"],
                 [0.1, 0.01, 0.02], [0, 0, 0.02], [inf, inf, inf]),
        fit_case("Misra1a, inactive box b1 in [0, 1e4], b2 in [0, 1]", "Misra1a", misra1a,
                 ["b1", "b2"], [500, 1e-4], [0, 0], [1e4, 1]),
        rosenbrock_case(),
    ]
    if "--json" in sys.argv:
        print(json.dumps(cases, indent=2))
        return
    print("| problem | optim x | scipy trf x | RSS optim / scipy | optim proj. grad | "
          "evals optim (r, J) | evals scipy (r, J) |")
    print("|---|---|---|---|---|---|---|")
    for c in cases:
        fx = ", ".join(f"{v:.10g}" for v in c["optim_x"])
        sx = ", ".join(f"{v:.10g}" for v in c["scipy_x"])
        print(f"| {c['problem']} | {fx} | {sx} | {c['optim_rss']:.10g} / {c['scipy_rss']:.10g} "
              f"| {c['optim_pg']:.2g} | {c['optim_nfev']}, {c['optim_njev']} | "
              f"{c['scipy_nfev']}, {c['scipy_njev']} |")


if __name__ == "__main__":
    main()
