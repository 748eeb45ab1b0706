"""Boxes l <= x <= u in scipy's two spellings."""
import math

import numpy as np


class Bounds:
    """The box ``lb <= x <= ub`` (scipy.optimize.Bounds' form).

    ``lb`` and ``ub`` are scalars (the same for every coordinate) or sequences; ``-inf``/``inf``
    (or None) leave a side open and ``lb[i] == ub[i]`` fixes coordinate i. The library checks the
    box when a run starts (NaN, ``lb > ub``, ``lb = inf`` are refused with ValueError naming the
    coordinate).
    """

    def __init__(self, lb=-np.inf, ub=np.inf):
        self.lb = lb
        self.ub = ub

    def __repr__(self):
        return "Bounds(%r, %r)" % (self.lb, self.ub)


def _side(v, n, fill, what):
    if v is None:
        return np.full(n, fill)
    a = np.array([fill if e is None else e for e in v] if isinstance(v, (list, tuple)) else v,
                 dtype=float)
    if a.ndim == 0:
        return np.full(n, float(a))
    if a.shape != (n,):
        raise ValueError("%s bounds have %d entries, expected %d" % (what, a.size, n))
    return a


def box_arrays(bounds, n):
    """(lower, upper) float arrays of length n from None, a Bounds-like object (attributes lb
    and ub, scipy's Bounds included) or a sequence of n (low, high) pairs with None for no bound;
    (None, None) for no box."""
    if bounds is None:
        return None, None
    if hasattr(bounds, "lb") and hasattr(bounds, "ub"):
        return _side(bounds.lb, n, -math.inf, "lower"), _side(bounds.ub, n, math.inf, "upper")
    pairs = list(bounds)
    if len(pairs) != n:
        raise ValueError("bounds has %d (low, high) pairs, expected %d (one per variable)"
                         % (len(pairs), n))
    lower, upper = np.empty(n), np.empty(n)
    for i, p in enumerate(pairs):
        try:
            lo, hi = p
        except (TypeError, ValueError):
            raise ValueError("bounds[%d] = %r is not a (low, high) pair" % (i, p)) from None
        lower[i] = -math.inf if lo is None else float(lo)
        upper[i] = math.inf if hi is None else float(hi)
    return lower, upper
