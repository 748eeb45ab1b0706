"""optim.curve_fit against scipy.optimize.curve_fit on NIST StRD data (Misra1a, Thurber-free
exponential class), with sigma, bounds, formulas and Python callables."""
import os

import numpy as np
import pytest
from scipy.optimize import curve_fit as sp_curve_fit

import optim

NIST = os.path.join(os.environ.get("OPTIM_SOURCE_DIR",
                                   os.path.join(os.path.dirname(__file__), "..", "..")),
                    "problems", "data", "nist")


def nist(name):
    """(x, y) columns of a NIST StRD .dat file (the rows after the 'Data:' line)."""
    with open(os.path.join(NIST, name + ".dat")) as fh:
        lines = fh.read().splitlines()
    start = [i for i, l in enumerate(lines) if l.strip().startswith("Data:")][-1] + 1
    rows = np.array([[float(v) for v in l.split()] for l in lines[start:] if l.strip()])
    return rows[:, 1], rows[:, 0]


def misra1a(x, b1, b2):
    return b1 * (1 - np.exp(-b2 * x))


# NIST's certified values for Misra1a (problems/data/nist/Misra1a.dat).
CERT = np.array([2.3894212918e02, 5.5015643181e-04])
CERT_SD = np.array([2.7070075241e00, 7.2668688436e-06])


@pytest.mark.parametrize("model", [misra1a, "b1*(1-exp(-b2*x))"], ids=["callable", "formula"])
def test_misra1a_against_scipy(model):
    x, y = nist("Misra1a")
    p0 = [500, 1e-4]  # NIST's start 1
    ref_popt, ref_pcov = sp_curve_fit(misra1a, x, y, p0=p0, method="lm")
    popt, pcov = optim.curve_fit(model, x, y, p0)
    # The tolerances of the issue: popt to 1e-6 relative (both solve to ~1e-10 of the
    # certified values), pcov to 1e-3 relative (scipy's comes from MINPACK's final Jacobian, ours
    # from the Jacobian at popt, exact for the formula).
    np.testing.assert_allclose(popt, ref_popt, rtol=1e-6)
    np.testing.assert_allclose(pcov, ref_pcov, rtol=1e-3)
    np.testing.assert_allclose(popt, CERT, rtol=1e-6)
    np.testing.assert_allclose(np.sqrt(np.diag(pcov)), CERT_SD, rtol=1e-4)
    assert pcov.shape == (2, 2) and pcov[0, 1] == pcov[1, 0]


def test_full_output_reports_the_fit():
    x, y = nist("Misra1a")
    popt, pcov, info = optim.curve_fit("b1*(1-exp(-b2*x))", x, y, [500, 1e-4], full_output=True)
    assert info.success and info.dof == 12 and info.rank == 2
    assert info.names == ["b1", "b2"]
    np.testing.assert_allclose(info.rss, 1.2455138894e-01, rtol=1e-8)  # NIST's certified RSS
    np.testing.assert_allclose(info.std_errors, np.sqrt(np.diag(pcov)), rtol=1e-15)


@pytest.mark.parametrize("model", [misra1a, "b1*(1-exp(-b2*x))"], ids=["callable", "formula"])
def test_sigma_weights_like_scipy(model):
    x, y = nist("Misra1a")
    sigma = 0.05 + 0.01 * np.arange(x.size)
    ref_popt, ref_pcov = sp_curve_fit(misra1a, x, y, p0=[500, 1e-4], sigma=sigma, method="lm")
    popt, pcov = optim.curve_fit(model, x, y, [500, 1e-4], sigma=sigma)
    np.testing.assert_allclose(popt, ref_popt, rtol=1e-6)
    np.testing.assert_allclose(pcov, ref_pcov, rtol=1e-3)


def test_bounds_same_minimum_as_scipy_trf():
    x, y = nist("Misra1a")
    # b2 <= 5e-4 cuts off the minimum (5.5e-4): the bound is active at the solution.
    bounds = ([0, 0], [np.inf, 5e-4])
    ref_popt, _ = sp_curve_fit(misra1a, x, y, p0=[500, 1e-4], bounds=bounds, method="trf",
                               xtol=1e-15, ftol=1e-15, gtol=1e-15)
    popt, pcov, info = optim.curve_fit("b1*(1-exp(-b2*x))", x, y, [500, 1e-4], bounds=bounds,
                                       full_output=True)
    assert popt[1] == 5e-4 and info.at_bound == ["", "upper"]
    np.testing.assert_allclose(popt, ref_popt, rtol=1e-6)
    assert np.isnan(pcov[1, 1]) and np.isfinite(pcov[0, 0])


def test_two_predictors_formula_and_callable():
    rng = np.random.default_rng(7)
    xy = rng.uniform(0, 2, size=(2, 40))
    y = 1.5 * xy[0] + np.exp(-0.7 * xy[1]) + 0.01 * rng.standard_normal(40)
    f = lambda X, a, b: a * X[0] + np.exp(-b * X[1])
    ref, _ = sp_curve_fit(f, xy, y, p0=[1, 1])
    p1, _ = optim.curve_fit(f, xy, y, [1, 1])
    p2, _ = optim.curve_fit("a*u + exp(-b*v)", xy, y, [1, 1], xnames=["u", "v"])
    np.testing.assert_allclose(p1, ref, rtol=1e-6)
    np.testing.assert_allclose(p2, ref, rtol=1e-6)


def test_errors():
    x, y = nist("Misra1a")
    with pytest.raises(ValueError, match="2 parameters"):
        optim.curve_fit("b1*(1-exp(-b2*x))", x, y, [1, 2, 3])
    with pytest.raises(ValueError, match="not finite"):
        optim.curve_fit("b1*log(b2*x)", x, y, [1, -1])
    with pytest.raises(ValueError, match="unknown option"):
        optim.curve_fit(misra1a, x, y, [500, 1e-4], options={"nope": 1})

    class Bad(Exception):
        pass

    calls = []

    def bad(x, b1, b2):
        calls.append(1)
        if len(calls) == 5:
            raise Bad()
        return misra1a(x, b1, b2)

    with pytest.raises(Bad):
        optim.curve_fit(bad, x, y, [500, 1e-4])
    assert len(calls) == 5


def test_not_converged_warns():
    x, y = nist("Misra1a")
    with pytest.warns(optim.FitWarning, match="max_iterations"):
        optim.curve_fit(misra1a, x, y, [500, 1e-4], options={"max_iter": 1})
