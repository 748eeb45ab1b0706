"""optim.minimize: scipy.optimize.minimize's calling convention over the library's methods."""
import inspect

import numpy as np

from . import _docs, _optim
from ._bounds import box_arrays
from ._result import OptimizeResult

# scipy's spellings of the methods that exist here under another name.
_SCIPY_NAMES = {"l-bfgs-b": "lbfgsb", "newton-cg": "newton-cg", "trust-exact": "trust-region"}


def _method_name(method):
    if not isinstance(method, str):
        raise ValueError("method must be a str, got %r" % (method,))
    m = method.lower()
    return _SCIPY_NAMES.get(m, m)


def _wants_xk(callback):
    """scipy's legacy callback(xk): the first parameter is named xk. Anything else gets the
    intermediate_result object."""
    try:
        params = list(inspect.signature(callback).parameters)
    except (TypeError, ValueError):
        return False
    return bool(params) and params[0] == "xk"


def _adapt_callback(callback):
    if callback is None:
        return None
    if not callable(callback):
        raise ValueError("callback must be callable")
    if _wants_xk(callback):
        return lambda x, f, k, gnorm, nfev: callback(x)
    return lambda x, f, k, gnorm, nfev: callback(
        OptimizeResult(x=x, fun=f, nit=k, grad_norm=gnorm, nfev=nfev))


def minimize(fun, x0, *, jac=None, hess=None, method="lbfgs", bounds=None, options=None,
             callback=None, vars=None):
    r = _minimize(fun, x0, jac=jac, hess=hess, method=method, bounds=bounds, options=options,
                  callback=callback, vars=vars)
    return OptimizeResult(r)


def _minimize(fun, x0, *, jac, hess, method, bounds, options, callback, vars):
    method = _method_name(method)
    options = {} if options is None else dict(options)
    n = np.size(x0)
    lower, upper = box_arrays(bounds, n)
    cb = _adapt_callback(callback)
    if isinstance(fun, str):
        if jac is not None or hess is not None:
            raise ValueError("a formula has exact derivatives: pass neither jac nor hess")
        names = [] if vars is None else [str(v) for v in vars]
        return _optim._minimize_formula(fun, x0, names, method, lower, upper, options, cb)
    if vars is not None:
        raise ValueError("vars names the variables of a formula (fun is a callable)")
    if not callable(fun):
        raise ValueError("fun must be callable or a formula string")
    if jac is True:
        mode = "combined"
    elif jac is None or jac is False:
        mode = "none"
    elif callable(jac):
        mode = "callable"
    else:
        raise ValueError("jac must be a callable, True or None (central differences), got %r"
                         % (jac,))
    if hess is not None:
        if not callable(hess):
            raise ValueError("hess must be a callable")
        if mode == "none":
            raise ValueError("hess needs the gradient too: pass jac (a callable or True)")
    return _optim._minimize_callable(fun, x0, jac, mode, hess, method, lower, upper, options, cb)


minimize.__doc__ = """Minimise a function of several variables (scipy.optimize.minimize's form).

Parameters
----------
fun : callable or str
    ``fun(x) -> float`` on a float64 array, or ``fun(x) -> (f, g)`` with ``jac=True``; or a
    formula such as ``"(1-x)^2 + 100*(y-x^2)^2"``, whose gradient and Hessian are exact (from its
    graph) and which runs without the GIL.
x0 : array_like, shape (n,)
    Start point (float64).
jac : callable, True or None
    ``jac(x) -> (n,)`` array; True: ``fun`` returns ``(f, g)``; None: central finite
    differences (the result's ``gradient_source`` says "central_differences", ``nfev`` counts
    every call of ``fun``).
hess : callable, optional
    ``hess(x) -> (n, n)`` array for the second-order methods; without it they difference the
    gradient (``hessian_source`` "gradient_differences").
method : str
    A method name below (scipy's "L-BFGS-B" is "lbfgsb").
bounds : sequence of (low, high) or Bounds, optional
    scipy's forms; None for no bound on a side. Only methods that accept bounds take them
    (lbfgsb, newton, bfgs, lm, the first-order rules), others raise ValueError naming those.
options : dict, optional
    The method's hyperparameters and the stopping tests as typed values, e.g.
    ``{"m": 10, "gtol": 1e-8}``. Unknown keys raise ValueError listing the known ones; values
    out of range raise ValueError with the library's message.
callback : callable, optional
    Called after each iteration with ``intermediate_result`` (an OptimizeResult with ``x``,
    ``fun``, ``nit``, ``grad_norm``, ``nfev``; a callback whose first parameter is named ``xk``
    gets the point only, as scipy's legacy form). Returning True stops the run (status
    "stopped", success False).
vars : list of str, optional
    Variable order of a formula (default: order of first appearance).

Returns
-------
OptimizeResult
    ``x, fun, jac, nit, nfev, njev, nhev, status, message, success`` and more.

Exceptions raised by ``fun``, ``jac``, ``hess`` or ``callback`` end the run and propagate
unchanged; Ctrl-C raises KeyboardInterrupt within one iteration. Expected failures (budgets,
line-search failure, non-finite values) are statuses, not exceptions.

""" + _docs.methods_section() + "\n\n" + _docs.stop_section()


def methods():
    """Names of every registered method (``optim list``)."""
    return [m["name"] for m in _optim._methods()]
