"""The result object of optim.minimize: scipy.optimize.OptimizeResult's shape."""


class OptimizeResult(dict):
    """The outcome of a run, readable as attributes (``r.x``) and as a dict (``r["x"]``).

    Fields (scipy's names): ``x`` the best point, ``fun`` its value, ``jac`` the gradient there,
    ``nit`` iterations, ``nfev``/``njev``/``nhev`` evaluations of f, gradient and Hessian,
    ``status`` the library's status name ("converged_gradient", "max_iterations",
    "stopped", ...), ``message``, ``success`` (converged or early-stopped). Beyond
    scipy: ``method``, ``grad_norm`` (the projected gradient's on a box), ``time_s``,
    ``gradient_source`` ("objective" or "central_differences"), ``hessian_source``, ``bounded``
    and, on a box, ``active`` (indices at_lower, at_upper, fixed); ``vars`` for a formula.
    """

    def __getattr__(self, name):
        try:
            return self[name]
        except KeyError as e:
            raise AttributeError(name) from e

    __setattr__ = dict.__setitem__
    __delattr__ = dict.__delitem__

    def __dir__(self):
        return list(self.keys())

    def __repr__(self):
        if not self:
            return self.__class__.__name__ + "()"
        width = max(map(len, self.keys())) + 1
        return "\n".join(k.rjust(width) + ": " + repr(v) for k, v in self.items())
