"""optim.minimize against scipy.optimize.minimize on scipy's own test functions, and the module's
behaviour: options, bounds, callbacks, exceptions, Ctrl-C, formulas and threads."""
import math
import os
import signal
import threading
import time
import traceback

import numpy as np
import pytest
from scipy.optimize import minimize as sp_minimize
from scipy.optimize import rosen, rosen_der, rosen_hess

import optim

X0 = np.array([-1.2, 1.0])
FIELDS = ["x", "fun", "jac", "nit", "nfev", "njev", "nhev", "status", "message", "success"]

# Every method that runs on a smooth function of value and gradient reaches Rosenbrock's minimum
# (1, 1) from scipy's standard start; gd, momentum, nesterov diverge at their default rate on
# this valley (tested on a quadratic below), linear-cg is for quadratics, lm/gauss-newton need
# residuals (refused below).
ROSEN_METHODS = ["newton", "newton-cg", "trust-region", "cg", "bfgs", "sr1", "dfp", "lbfgs",
                 "lbfgsb", "adam", "quickprop"]
FIRST_ORDER = ["gd", "momentum", "nesterov", "adagrad", "rmsprop", "adam", "adamw", "amsgrad",
               "rprop", "quickprop"]


def test_result_has_scipy_fields_by_attribute_and_key():
    r = optim.minimize(rosen, X0, jac=rosen_der)
    for f in FIELDS:
        assert getattr(r, f) is r[f]
    assert r.status == "converged_gradient" and r.success
    assert r.gradient_source == "objective"
    # jac is the gradient at x: rosen_der there, exactly (the recorded last gradient).
    np.testing.assert_array_equal(r.jac, rosen_der(r.x))
    assert r.fun == rosen(r.x)


@pytest.mark.parametrize("method", ROSEN_METHODS)
def test_rosenbrock_every_method_same_minimum_as_scipy(method):
    ref = sp_minimize(rosen, X0, jac=rosen_der, method="BFGS", options={"gtol": 1e-8})
    hess = rosen_hess if method in ("newton", "newton-cg", "trust-region") else None
    r = optim.minimize(rosen, X0, jac=rosen_der, hess=hess, method=method,
                       options={"gtol": 1e-5, "max_iter": 20000})
    assert r.success, r.message
    # gtol 1e-5 on the gradient: near (1, 1) the Hessian's smallest eigenvalue is ~0.4, so the
    # error in x is at most ~1e-5 / 0.4 = 2.5e-5; 1e-4 leaves room.
    np.testing.assert_allclose(r.x, ref.x, atol=1e-4)
    assert r.fun < 1e-8
    assert r.nfev > 0 and r.njev > 0
    if hess is not None:
        assert r.nhev > 0 and r.hessian_source == "objective"


# Settings that make each rule converge in a few thousand iterations here: AdaGrad's rate decays
# as 1/sqrt(sum g^2), so it needs a larger start; the Adam family's default 1e-3 needs ~10^4 steps.
# RProp's steps oscillate around the minimum at a size whose gradient is ~1e-6, so its test is
# 1e-5. AdamW's decoupled decay moves the fixed point off c (towards 0), so it runs without decay
# here (its decay is tested against torch in test_rules.py).
FIRST_ORDER_OPTIONS = {"adagrad": {"lr": 1.0}, "adam": {"lr": 0.05},
                       "adamw": {"lr": 0.05, "weight_decay": 0.0},
                       "amsgrad": {"lr": 0.05}, "rprop": {"gtol": 1e-5}}


@pytest.mark.parametrize("method", FIRST_ORDER)
def test_first_order_rules_on_a_quadratic(method):
    # f = sum_i d_i (x_i - c_i)^2 with minimum c.
    d, c = np.array([1.0, 2.0, 0.5]), np.array([1.0, -2.0, 3.0])
    fun = lambda x: float(np.sum(d * (x - c) ** 2))
    jac = lambda x: 2 * d * (x - c)
    ref = sp_minimize(fun, np.zeros(3), jac=jac, method="BFGS", options={"gtol": 1e-10})
    options = {"gtol": 1e-6, "max_iter": 20000, **FIRST_ORDER_OPTIONS.get(method, {})}
    r = optim.minimize(fun, np.zeros(3), jac=jac, method=method, options=options)
    assert r.success, (method, r.message)
    # |g|_inf <= gtol with curvature 2 d_i >= 1: |x_i - c_i| <= gtol.
    np.testing.assert_allclose(r.x, ref.x, rtol=0, atol=options["gtol"])


def test_linear_cg_on_a_quadratic_with_its_hessian():
    a = np.array([[4.0, 1.0], [1.0, 3.0]])
    b = np.array([1.0, 2.0])
    fun = lambda x: 0.5 * x @ a @ x - b @ x
    r = optim.minimize(fun, np.zeros(2), jac=lambda x: a @ x - b, hess=lambda x: a,
                       method="linear-cg")
    assert r.success
    np.testing.assert_allclose(r.x, np.linalg.solve(a, b), atol=1e-9)
    assert r.nit <= 2  # CG ends in n steps in exact arithmetic


def test_least_squares_methods_refuse_a_scalar_function():
    for m in ("lm", "gauss-newton"):
        with pytest.raises(ValueError, match="least-squares objective"):
            optim.minimize(rosen, X0, jac=rosen_der, method=m)


def test_finite_differences_are_said_and_counted():
    calls = []
    r = optim.minimize(lambda x: calls.append(1) or rosen(x), X0)
    assert r.gradient_source == "central_differences" and r.success
    assert r.nfev == len(calls)  # every call, the probes included
    np.testing.assert_allclose(r.x, [1, 1], atol=1e-4)


def test_jac_true_and_hessian_by_gradient_differences():
    r = optim.minimize(lambda x: (rosen(x), rosen_der(x)), X0, jac=True, method="newton")
    assert r.success and r.hessian_source == "gradient_differences"
    np.testing.assert_allclose(r.x, [1, 1], atol=1e-6)


def test_options_typed_and_checked_by_the_tables():
    with pytest.raises(ValueError, match=r"unknown option 'mm'.*known|settings: m, ") as e:
        optim.minimize(rosen, X0, jac=rosen_der, options={"mm": 3})
    assert "max_iter" in str(e.value)  # the stopping tests are listed too
    with pytest.raises(ValueError, match=r"invalid lbfgs m = 0: must be >= 1"):
        optim.minimize(rosen, X0, jac=rosen_der, options={"m": 0})
    with pytest.raises(ValueError, match="must be an int"):
        optim.minimize(rosen, X0, jac=rosen_der, options={"m": 2.5})
    with pytest.raises(ValueError, match="must be an int"):
        optim.minimize(rosen, X0, jac=rosen_der, options={"m": True})
    with pytest.raises(ValueError, match="invalid gtol = -1"):
        optim.minimize(rosen, X0, jac=rosen_der, options={"gtol": -1})
    with pytest.raises(ValueError, match="unknown method 'nope'"):
        optim.minimize(rosen, X0, jac=rosen_der, method="nope")
    r = optim.minimize(rosen, X0, jac=rosen_der, options={"max_iter": 3, "m": np.int64(4)})
    assert r.status == "max_iterations" and r.nit == 3 and not r.success


def test_bounds_against_scipy_lbfgsb_iterate_for_iterate():
    # Rosenbrock with x0 <= 0.5 (docs/library.md's table: 20 iterations, 29 evaluations for both).
    bounds = [(None, 0.5), (None, None)]
    ref = sp_minimize(rosen, X0, jac=rosen_der, method="L-BFGS-B", bounds=bounds,
                      options={"gtol": 1e-9, "ftol": 0, "maxcor": 10})
    r = optim.minimize(rosen, X0, jac=rosen_der, method="L-BFGS-B", bounds=bounds,
                       options={"gtol": 1e-9, "m": 10})
    assert r.success and r.active["at_upper"] == [0]
    np.testing.assert_allclose(r.x, ref.x, atol=1e-9)
    assert (r.nit, r.nfev) == (ref.nit, ref.nfev)
    # The Bounds object, scipy's included, gives the same run.
    r2 = optim.minimize(rosen, X0, jac=rosen_der, method="lbfgsb",
                        bounds=optim.Bounds([-np.inf, -np.inf], [0.5, np.inf]),
                        options={"gtol": 1e-9, "m": 10})
    np.testing.assert_array_equal(r2.x, r.x)


def test_bounds_errors():
    with pytest.raises(ValueError, match="does not accept bounds"):
        optim.minimize(rosen, X0, jac=rosen_der, method="cg", bounds=[(0, 1), (0, 1)])
    with pytest.raises(ValueError, match="pairs"):
        optim.minimize(rosen, X0, jac=rosen_der, method="lbfgsb", bounds=[(0, 1)])
    with pytest.raises(ValueError):
        optim.minimize(rosen, X0, jac=rosen_der, method="lbfgsb", bounds=[(1, 0), (0, 1)])


def test_bounds_without_jac_use_differences_that_stay_in_the_box():
    # scipy's common call: no jac, a bound active at the solution (x1 <= 0.5 on Rosenbrock). The
    # differences turn one-sided at the bound, so fun never sees a point outside the box.
    outside = []

    def fun(x):
        if x[0] > 0.5:
            outside.append(x.copy())
        return rosen(x)

    r = optim.minimize(fun, X0, method="lbfgsb", bounds=[(None, 0.5), (None, None)],
                       options={"gtol": 1e-6})
    exact = optim.minimize(rosen, X0, jac=rosen_der, method="lbfgsb",
                           bounds=[(None, 0.5), (None, None)], options={"gtol": 1e-6})
    assert outside == []
    assert r.success, r.message
    assert r.x[0] == 0.5
    # x2 = x1^2 to the accuracy of the differenced gradient over the curvature 200: 1e-6.
    assert abs(r.x[1] - exact.x[1]) < 1e-6


def test_callback_sees_each_iteration_and_true_stops():
    seen = []

    def cb(intermediate_result):
        seen.append((intermediate_result.nit, intermediate_result.fun))
        return intermediate_result.nit >= 4

    r = optim.minimize(rosen, X0, jac=rosen_der, callback=cb)
    assert [k for k, _ in seen] == [1, 2, 3, 4]
    assert r.status == "stopped" and not r.success and r.nit == 4
    xs = []
    optim.minimize(rosen, X0, jac=rosen_der, callback=lambda xk: xs.append(xk.copy()),
                   options={"max_iter": 2})
    assert len(xs) == 2 and isinstance(xs[0], np.ndarray)


class Boom(Exception):
    pass


@pytest.mark.parametrize("where", ["fun", "jac", "callback", "hess"])
def test_exception_reaches_the_caller_unchanged(where):
    calls = {"n": 0}
    err = Boom("from " + where)

    def maybe_raise(name):
        if name == where:
            calls["n"] += 1
            if calls["n"] == 3:
                raise err

    def fun(x):
        maybe_raise("fun")
        return rosen(x)

    def jac(x):
        maybe_raise("jac")
        return rosen_der(x)

    def hess(x):
        maybe_raise("hess")
        return rosen_hess(x)

    def cb(r):
        maybe_raise("callback")

    after = {"calls": 0}

    def counting_fun(x):
        if calls["n"] >= 3:
            after["calls"] += 1
        return fun(x)

    with pytest.raises(Boom) as e:
        optim.minimize(counting_fun, X0, jac=jac, hess=hess if where == "hess" else None,
                       method="newton" if where == "hess" else "lbfgs", callback=cb)
    assert e.value is err
    # Traceback intact: the frames of the raising function and of the user's callable are there.
    names = [f.name for f in traceback.extract_tb(e.tb)]
    assert names[-1] == "maybe_raise" and names[-2] == {"callback": "cb"}.get(where, where)
    assert after["calls"] == 0  # Python is not called again once the error is pending


def test_keyboard_interrupt_stops_a_long_formula_run():
    # A run without end (gtol 0) on a formula, the GIL released; SIGINT from another thread after
    # 0.3 s must end it within an iteration. time_limit_s is the safety net: reaching it fails.
    timer = threading.Timer(0.3, lambda: os.kill(os.getpid(), signal.SIGINT))
    t0 = time.monotonic()
    timer.start()
    try:
        with pytest.raises(KeyboardInterrupt):
            optim.minimize("(x - 1)^2 + (y + 2)^2", [0, 0], method="gd",
                           options={"gtol": 0, "max_iter": 10**12, "time_limit_s": 20, "lr": 1e-9})
    finally:
        timer.cancel()
    assert time.monotonic() - t0 < 5


def test_formula_exact_derivatives_and_vars():
    r = optim.minimize("(1-x)^2 + 100*(y-x^2)^2", [-1.2, 1], vars=["x", "y"], method="newton")
    assert r.success and r.hessian_source == "objective" and r.nhev > 0
    np.testing.assert_allclose(r.x, [1, 1], atol=1e-10)
    # The same run as the Python callable with scipy's exact derivatives, iteration for iteration.
    p = optim.minimize(rosen, X0, jac=rosen_der, hess=rosen_hess, method="newton")
    assert (r.nit, r.nfev) == (p.nit, p.nfev)
    # Order of first appearance when vars is omitted: here y, then x.
    q = optim.minimize("(y - 3)^2 + (x + 1)^2", [0, 0])
    assert q.vars == ["y", "x"]
    np.testing.assert_allclose(q.x, [3, -1], atol=1e-6)
    with pytest.raises(ValueError, match="2 variables"):
        optim.minimize("x^2 + y^2", [1, 2, 3])
    with pytest.raises(ValueError, match="parse error"):
        optim.minimize("x^2 +", [1])
    with pytest.raises(ValueError, match="exact derivatives"):
        optim.minimize("x^2", [1], jac=True)


def test_formula_with_bounds():
    r = optim.minimize("(1-x)^2 + 100*(y-x^2)^2", [-1.2, 1], method="lbfgsb",
                       bounds=[(None, 0.5), (None, None)], options={"gtol": 1e-9})
    np.testing.assert_allclose(r.x, [0.5, 0.25], atol=1e-9)


def test_two_threads_minimising_formulas_progress_together():
    # Each run lasts 0.6 s (time limit, gtol 0). With the GIL held during a run the second could
    # start only after the first ended; released, their intervals overlap almost entirely, and
    # the main thread keeps running Python meanwhile.
    spans, results = {}, {}

    def work(name):
        t0 = time.monotonic()
        results[name] = optim.minimize(
            "(x - 1)^2 + 10*(y + 2)^2", [0, 0], method="gd",
            options={"gtol": 0, "max_iter": 10**12, "time_limit_s": 0.6, "lr": 1e-6})
        spans[name] = (t0, time.monotonic())

    threads = [threading.Thread(target=work, args=(n,)) for n in ("a", "b")]
    for t in threads:
        t.start()
    ticks = 0
    while any(t.is_alive() for t in threads):
        ticks += 1
        time.sleep(0.001)
    for t in threads:
        t.join()
    overlap = min(spans["a"][1], spans["b"][1]) - max(spans["a"][0], spans["b"][0])
    assert overlap > 0.3, spans
    assert ticks > 10
    for r in results.values():
        assert r.status == "time_limit" and r.nit > 1000


def test_docstring_generated_from_the_tables():
    doc = optim.minimize.__doc__
    assert '"lbfgs"' in doc and "m : integer, default" in doc
    assert "max_iter : integer, default 1000" in doc


def test_formula_run_callback_and_its_exception_with_the_gil_released():
    # The callback of a formula run takes the GIL back for each call, also from another thread.
    err = Boom("in a formula run")

    def cb(r):
        if r.nit == 2:
            raise err

    with pytest.raises(Boom) as e:
        optim.minimize("(x-1)^2 + 3*(y+2)^2", [0, 0], callback=cb, method="gd")
    assert e.value is err
    out = {}
    t = threading.Thread(target=lambda: out.setdefault("r", optim.minimize(
        "(x-1)^2 + 3*(y+2)^2", [0, 0], method="gd", callback=lambda r: r.nit >= 3)))
    t.start()
    t.join()
    assert out["r"].status == "stopped" and out["r"].nit == 3
    with pytest.raises(ValueError, match="does not accept bounds"):
        optim.minimize("x^2 + y^2", [1, 2], method="cg", bounds=[(0, 1), (0, 1)])
