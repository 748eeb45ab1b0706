"""optim.minimize next to scipy.optimize.minimize (docs/python.md):
  counts   iterations and evaluations on scipy's Rosenbrock from (-1.2, 1), exact derivatives;
  overhead time per evaluation of a cheap Python callable objective, both calling Python;
  formula  a formula objective (C++, no Python per evaluation) against scipy with a NumPy-
           vectorised callable, extended Rosenbrock at n = 10, 1000, 100000.
Run: PYTHONPATH=build/python /usr/bin/python3 bench/python_vs_scipy.py [counts|overhead|formula]"""
import sys
import time
import timeit

import numpy as np
from scipy.optimize import minimize as sp_minimize
from scipy.optimize import rosen, rosen_der, rosen_hess

import optim

PAIRS = [("lbfgs", "L-BFGS-B"), ("lbfgsb", "L-BFGS-B"), ("bfgs", "BFGS"), ("cg", "CG"),
         ("newton-cg", "Newton-CG"), ("trust-region", "trust-exact"), ("newton", "Newton-CG")]


def counts():
    x0 = np.array([-1.2, 1.0])
    print("| optim method | iterations | f evals | g evals | H evals | scipy method | iterations "
          "| f evals | g evals | H evals |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for ours, theirs in PAIRS:
        hess = rosen_hess if ours in ("newton", "newton-cg", "trust-region") else None
        r = optim.minimize(rosen, x0, jac=rosen_der, hess=hess, method=ours,
                           options={"gtol": 1e-6})
        sh = rosen_hess if theirs in ("Newton-CG", "trust-exact") else None
        opts = {"gtol": 1e-6} if theirs != "L-BFGS-B" else {"gtol": 1e-6, "ftol": 0}
        if theirs == "Newton-CG":
            opts = {"xtol": 1e-10}
        s = sp_minimize(rosen, x0, jac=rosen_der, hess=sh, method=theirs, options=opts)
        assert np.allclose(r.x, s.x, atol=1e-4), (ours, r.x, s.x)
        print("| %s | %d | %d | %d | %d | %s | %d | %d | %d | %d |" % (
            ours, r.nit, r.nfev, r.njev, r.nhev, theirs, s.nit, s.nfev, s.get("njev", 0),
            s.get("nhev", 0)))


def _best_of(fn, repeats=5):
    best = float("inf")
    for _ in range(repeats):
        t0 = time.perf_counter()
        out = fn()
        best = min(best, time.perf_counter() - t0)
    return best, out


def overhead():
    # scipy's rosen and rosen_der at n = 10 (a few microseconds of NumPy each): the rest of the
    # time per evaluation is the call machinery and the method's own work.
    def fun(x):
        return rosen(x), rosen_der(x)

    x0 = np.tile([-1.2, 1.0], 5)
    t_o, r = _best_of(lambda: optim.minimize(fun, x0, jac=True, method="lbfgs",
                                             options={"gtol": 1e-10, "m": 10}))
    t_s, s = _best_of(lambda: sp_minimize(fun, x0, jac=True, method="L-BFGS-B",
                                          options={"gtol": 1e-10, "ftol": 0, "maxcor": 10}))
    t_f = min(timeit.repeat(lambda: fun(x0), number=2000, repeat=5)) / 2000
    print("python callable, Rosenbrock n = 10: optim lbfgs %.2f us/eval (%d evals), scipy "
          "L-BFGS-B %.2f us/eval (%d evals); the callable alone %.2f us" % (
              1e6 * t_o / r.nfev, r.nfev, 1e6 * t_s / s.nfev, s.nfev, 1e6 * t_f))


def rosen_formula(n):
    return " + ".join("100*(x%d - x%d^2)^2 + (1 - x%d)^2" % (i + 1, i, i) for i in range(n - 1))


def formula():
    # 100 L-BFGS iterations (gtol 0: no early stop) with memory 10 on both sides; the time per
    # evaluation compares a formula (one tape sweep in C++) with scipy's NumPy rosen + rosen_der
    # called from L-BFGS-B. The parse is timed apart.
    for n in (10, 1000, 100000):
        x0 = np.tile([-1.2, 1.0], n // 2)
        names = ["x%d" % i for i in range(n)]
        text = rosen_formula(n)
        t0 = time.perf_counter()
        optim.minimize(text, x0, vars=names, options={"max_iter": 1})
        t_parse = time.perf_counter() - t0
        t_o, r = _best_of(lambda: optim.minimize(text, x0, vars=names, method="lbfgs",
                                                 options={"gtol": 0, "max_iter": 100, "m": 10}),
                          repeats=2)
        t_s, s = _best_of(lambda: sp_minimize(rosen, x0, jac=rosen_der, method="L-BFGS-B",
                                              options={"gtol": 0, "ftol": 0, "maxcor": 10,
                                                       "maxiter": 100}), repeats=2)
        print("n = %6d: formula %.1f us/eval (%d evals, f %.3g; parse + 1 iteration %.3f s) | "
              "scipy L-BFGS-B + NumPy %.1f us/eval (%d evals, f %.3g)" % (
                  n, 1e6 * t_o / r.nfev, r.nfev, r.fun, t_parse, 1e6 * t_s / s.nfev, s.nfev,
                  s.fun))


if __name__ == "__main__":
    what = sys.argv[1:] or ["counts", "overhead", "formula"]
    for w in what:
        globals()[w]()
