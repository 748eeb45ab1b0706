"""optim.train_mlp: a multilayer perceptron trained on NumPy arrays by the library's trainer (the
one of `optim train`), saved in the library's model format (`optim predict --model` reads it)."""
import numpy as np

from . import _docs, _optim


class MLP:
    """A trained network: ``predict``, ``predict_proba`` (classifiers), ``save``/``load``,
    ``history`` (one dict per epoch: epoch, train_loss, train_accuracy, val_loss,
    val_accuracy, time_s), ``options`` (what train_mlp was given), ``status``/``message`` (the
    trainer's), ``spec`` (layers, activation, loss, init) and ``params`` (the flat vector)."""

    def __init__(self, core, options=None):
        self._core = core
        self.options = dict(options or {})

    @property
    def history(self):
        return self._core.history

    @property
    def status(self):
        return self._core.status

    @property
    def message(self):
        return self._core.message

    @property
    def spec(self):
        return self._core.spec

    @property
    def params(self):
        return self._core.params

    def decision_function(self, X):
        """The network's outputs (samples, outputs): logits of a classifier, values otherwise."""
        return self._core.outputs(np.asarray(X, dtype=float))

    def predict(self, X):
        """Class labels (int array) for a classifier, else the outputs ((samples,) for one)."""
        out = self.decision_function(X)
        if self._core.classifier:
            return np.argmax(out, axis=1) if out.shape[1] > 1 else (out[:, 0] >= 0).astype(int)
        return out[:, 0] if out.shape[1] == 1 else out

    def predict_proba(self, X):
        """Class probabilities (samples, classes): the softmax of the outputs."""
        return self._core.probabilities(np.asarray(X, dtype=float))

    def save(self, path):
        """Writes the library's model file (network, input standardisation, parameters)."""
        self._core.save(str(path))

    @classmethod
    def load(cls, path):
        """Reads a model file written by save() or by `optim train --save`."""
        return cls(_optim._Mlp.load(str(path)))

    def __repr__(self):
        return "MLP(layers=%r, activation=%r, status=%r)" % (
            self.spec["layers"], self.spec["activation"], self.status)


def train_mlp(X, y, hidden=(32,), method="adam", epochs=10, *, activation="relu", options=None,
              l2=0.0, validation=0.0, patience=0, seed=1, standardize=True):
    options = {} if options is None else dict(options)
    family = next((m["family"] for m in _optim._methods() if m["name"] == method), None)
    if family == "first-order" and "batch_size" not in options:
        options["batch_size"] = 32
    y = np.asarray(y)
    core = _optim._Mlp.train(np.asarray(X, dtype=float), y, [int(h) for h in hidden], activation,
                             method, int(epochs), options, float(l2), float(validation),
                             int(patience), int(seed), bool(standardize))
    given = dict(hidden=list(hidden), method=method, epochs=epochs, activation=activation,
                 l2=l2, validation=validation, patience=patience, seed=seed,
                 standardize=standardize, options=options)
    return MLP(core, given)


train_mlp.__doc__ = """Train a multilayer perceptron on NumPy arrays (the library's trainer).

Parameters
----------
X : array_like, shape (samples, features)
y : array_like
    Integer labels 0..K-1 (classification: K softmax outputs, cross-entropy) or float targets
    (samples,) / (samples, outputs) (regression: mean squared error).
hidden : sequence of int
    Widths of the hidden layers.
method : str
    Any method (first-order rules train on minibatches: ``options["batch_size"]``, default 32
    here; the others on the full batch).
epochs : int
    Passes over the training data.
activation : str
    Hidden activation (relu, tanh, sigmoid, leaky_relu, ...: the names of `optim train`).
options : dict
    The method's settings (its field table), typed as in minimize: lr, batch_size, schedule, ...
l2 : float
    L2 penalty. ``validation``: fraction held out (its loss and accuracy in history);
    ``patience``: early stopping after that many epochs without validation improvement.
seed : int
    Weights, shuffling and the validation split. ``standardize``: scale inputs to mean 0,
    standard deviation 1 on the training data (kept in the model).

Returns
-------
MLP
    With predict, predict_proba, save/load, history, options, status.

The GIL is released while the network trains.

""" + _docs.methods_section(families=("first-order",))
