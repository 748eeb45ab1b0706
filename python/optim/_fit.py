"""optim.curve_fit: scipy.optimize.curve_fit's calling convention over the library's fit."""
import inspect
import warnings

import numpy as np

from . import _docs, _optim
from ._bounds import Bounds, box_arrays
from ._result import OptimizeResult


class FitWarning(UserWarning):
    """The fit ended without converging (its status is in ``full_output``'s info)."""


def _param_names(f, n):
    try:
        params = list(inspect.signature(f).parameters.values())[1:]
        names = [p.name for p in params if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
    except (TypeError, ValueError):
        names = []
    return names if len(names) == n else ["p%d" % k for k in range(n)]


def _scipy_bounds(bounds, n):
    # scipy's curve_fit takes bounds as a 2-tuple (lb, ub) of scalars or arrays, always read so;
    # minimize's forms (a Bounds object, a list of n pairs) are accepted too.
    if bounds is None:
        return None, None
    if isinstance(bounds, tuple) and len(bounds) == 2:
        bounds = Bounds(*bounds)
    lower, upper = box_arrays(bounds, n)
    if np.all(np.isinf(lower)) and np.all(np.isinf(upper)):
        return None, None
    return lower, upper


def curve_fit(f, xdata, ydata, p0, *, sigma=None, bounds=None, method="lm", options=None,
              xnames=None, full_output=False):
    ydata = np.asarray(ydata, dtype=float).ravel()
    p0 = np.atleast_1d(np.asarray(p0, dtype=float))
    n = p0.size
    lower, upper = _scipy_bounds(bounds, n)
    options = {} if options is None else dict(options)
    sig = None if sigma is None else np.asarray(sigma, dtype=float).ravel()
    if sig is not None and (sig.size != ydata.size or not np.all(sig > 0)):
        raise ValueError("sigma must hold one positive value per ydata entry")
    if isinstance(f, str):
        x = np.asarray(xdata, dtype=float)
        cols = [x.ravel()] if x.ndim <= 1 else [np.asarray(c).ravel() for c in x]
        if xnames is None:
            xnames = ["x"] if x.ndim <= 1 else ["x%d" % k for k in range(len(cols))]
        if len(xnames) != len(cols):
            raise ValueError("xnames has %d names for %d predictor rows of xdata"
                             % (len(xnames), len(cols)))
        popt, pcov, info = _optim._curve_fit_formula(
            f, [str(s) for s in xnames], [c.tolist() for c in cols], ydata, sig, p0, method,
            lower, upper, options)
    else:
        if not callable(f):
            raise ValueError("f must be callable f(x, *params) or a formula string")
        if xnames is not None:
            raise ValueError("xnames names the predictors of a formula (f is a callable)")
        popt, pcov, info = _optim._curve_fit_callable(
            f, xdata, ydata, sig, p0, _param_names(f, n), method, lower, upper, options)
    info = OptimizeResult(info)
    if not info.success:
        warnings.warn("curve_fit: %s (%s)" % (info.status, info.message), FitWarning,
                      stacklevel=2)
    return (popt, pcov, info) if full_output else (popt, pcov)


curve_fit.__doc__ = """Fit ``f(x, *params)`` to data by least squares (scipy.optimize.curve_fit's
form).

Parameters
----------
f : callable or str
    ``f(xdata, *params) -> array`` of ``len(ydata)`` values (its Jacobian by MINPACK's forward
    differences, as scipy's "lm"), or a formula such as ``"b1*(1-exp(-b2*x))"`` whose parameters
    are its identifiers other than the predictors, in order of first appearance (exact Jacobian,
    run without the GIL).
xdata : array_like
    Passed to a callable as is. For a formula: a vector is the predictor ``x``; a (k, m) array
    gives k predictors ``x0 .. x{k-1}`` (or the names in ``xnames``).
ydata : array_like, shape (m,)
p0 : array_like, shape (p,)
    Start values (required: the library does not guess them).
sigma : array_like, shape (m,), optional
    Standard deviations of ydata: the residuals are ``(f - y) / sigma`` (scipy's
    ``absolute_sigma=False`` covariance).
bounds : 2-tuple (lb, ub) (scipy's form), a list of (low, high) pairs or Bounds, optional
    A box on the parameters (``method="lm"``'s active-set trust region; docs/least_squares.md).
method : str
    "lm" (Levenberg-Marquardt), "gauss-newton" or any method of optim.minimize.
options : dict, optional
    The method's settings and the stopping tests, as for optim.minimize (defaults: those of
    ``optim fit``: max_iter 2000, and no gradient test for lm and gauss-newton).
full_output : bool
    Also return an OptimizeResult with status, message, nit, nfev, std_errors, rss,
    residual_sd, dof, rank, unidentifiable, at_bound.

Returns
-------
popt : ndarray, shape (p,)
pcov : ndarray, shape (p, p)
    ``s^2 (J^T J)^-1`` with ``s^2 = RSS / (m - p)`` at popt (from the SVD of J); NaN when J is
    rank-deficient or m = p, and in the rows and columns of parameters on a bound.

A fit that does not converge warns (FitWarning) and returns its best point; invalid arguments
(a model not finite at p0, wrong sizes, unknown options) raise ValueError. Exceptions from ``f``
propagate unchanged.

""" + _docs.methods_section(families=("least-squares",))
