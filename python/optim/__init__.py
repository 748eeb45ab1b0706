"""optim: the optim C++ toolkit from Python.

- minimize(fun, x0, ...): scipy.optimize.minimize's form over the library's methods, with
  formula strings (exact derivatives, no GIL), bounds and typed statuses;
- curve_fit(f, xdata, ydata, p0, ...): scipy.optimize.curve_fit's form, a callable or a formula;
- SGD, Adagrad, RMSprop, Adam, AdamW, Rprop: torch.optim's form on lists of NumPy arrays;
- train_mlp(X, y, hidden=[...], ...): a multilayer perceptron, saved in the library's format.
"""
from . import _optim  # noqa: F401  (the extension; its functions are used through the wrappers)
from ._bounds import Bounds
from ._fit import FitWarning, curve_fit
from ._minimize import methods, minimize
from ._mlp import MLP, train_mlp
from ._result import OptimizeResult
from ._rules import SGD, Adagrad, Adam, AdamW, Optimizer, RMSprop, Rprop

__all__ = ["Adagrad", "Adam", "AdamW", "Bounds", "FitWarning", "MLP", "OptimizeResult", "Optimizer",
           "RMSprop", "Rprop", "SGD", "curve_fit", "methods", "minimize", "train_mlp"]
