"""torch.optim-style optimizers over the library's update rules: ``params`` a list of float32 or
float64 NumPy arrays, updated in place by ``step(grads)``. torch's names and defaults; the rules'
own field tables read and check the values (their messages name the library's field)."""
from . import _docs, _optim


class Optimizer:
    """Base of the optimizers: holds the parameter arrays and one library Stepper per array.

    ``step(grads)`` takes a sequence of arrays of the parameters' sizes (any shape with that
    many entries, converted to the parameter's dtype) and updates every parameter in place. There
    is no ``zero_grad``: gradients are passed, not accumulated.

    ``param_groups`` is torch's one-group list: setting ``param_groups[0]["lr"]`` between steps
    changes the learning rate of the following steps, as in torch (a hand-written schedule). SGD
    with momentum or Nesterov and Rprop refuse a change with ValueError: the library's
    heavy-ball velocity v <- mu v - lr g carries each past step's own rate where torch's buffer is
    rescaled by the current one, and Rprop's lr is only its initial step size."""

    _rule = None
    # Rules whose update with a changed rate is torch's: the rate multiplies the whole step.
    _RATE_CHANGES = ("gd", "adagrad", "rmsprop", "adam", "adamw")

    def __init__(self, params, rule, settings, weight_decay=0.0):
        self.params = list(params)
        if not self.params:
            raise ValueError("optimizer got an empty parameter list")
        self.rule = rule
        self.settings = dict(settings)
        self.weight_decay = weight_decay
        self._core = _optim._Optimizer(rule, self.settings, float(weight_decay), self.params)
        self._lr = self.settings.get("lr")
        self.param_groups = [{"params": self.params, "lr": self._lr}]

    def _sync_lr(self):
        lr = self.param_groups[0]["lr"]
        if lr == self._lr:
            return
        if self.rule not in self._RATE_CHANGES:
            raise ValueError(
                "param_groups[0]['lr'] changed from %r to %r: %s does not take a new learning rate "
                "after construction (%s)" % (
                    self._lr, lr, type(self).__name__,
                    "its lr is the initial step size" if self.rule == "rprop" else
                    "its velocity v <- mu v - lr g keeps each step's own rate, torch's buffer "
                    "takes the current one"))
        self._core.set_lr(float(lr))
        self._lr = lr

    def step(self, grads):
        """One update of every parameter in place; ``grads[k]`` is the gradient of params[k]
        (for Nesterov SGD taken at params[k], torch's look-ahead point). A learning rate set in
        ``param_groups[0]["lr"]`` since the last step is used from this step on."""
        self._sync_lr()
        self._core.step(list(grads))

    def state_dict(self):
        """The rules' state (moments, accumulators, step sizes, counters) as a dict: ``rule``,
        ``steps`` and one bytes object per parameter in the library's checkpoint encoding
        (StateArchive). The parameters themselves are not in it (torch's convention)."""
        state = self._core.state_dict()
        state["lr"] = self.param_groups[0]["lr"]
        return state

    def load_state_dict(self, state):
        """Restores a state_dict of an optimizer of the same rule and parameter sizes, its
        learning rate included: the following steps are those of the saved optimizer, bit for
        bit."""
        state = dict(state)
        lr = state.pop("lr", None)
        self._core.load_state_dict(state)
        if lr is not None:
            self.param_groups[0]["lr"] = lr
            self._sync_lr()

    @property
    def steps(self):
        """Updates made so far."""
        return self._core.steps

    def __repr__(self):
        return "%s(rule=%r, %s, weight_decay=%r)" % (
            type(self).__name__, self.rule,
            ", ".join("%s=%r" % kv for kv in self.settings.items()), self.weight_decay)


def _no(name, value, neutral, cls):
    if value != neutral:
        raise ValueError("%s: %s = %r is not supported (only %r)" % (cls, name, value, neutral))


class SGD(Optimizer):
    def __init__(self, params, lr=1e-3, momentum=0.0, dampening=0.0, weight_decay=0.0,
                 nesterov=False):
        _no("dampening", dampening, 0.0, "SGD")
        if nesterov and momentum == 0:
            raise ValueError("SGD: Nesterov momentum requires a momentum > 0 (as torch.optim)")
        if momentum == 0:
            super().__init__(params, "gd", {"lr": lr}, weight_decay)
        else:
            super().__init__(params, "nesterov" if nesterov else "momentum",
                             {"lr": lr, "momentum": momentum}, weight_decay)


class Adagrad(Optimizer):
    def __init__(self, params, lr=1e-2, lr_decay=0.0, weight_decay=0.0,
                 initial_accumulator_value=0.0, eps=1e-10):
        _no("lr_decay", lr_decay, 0.0, "Adagrad")
        super().__init__(params, "adagrad",
                         {"lr": lr, "eps": eps, "initial_accumulator": initial_accumulator_value},
                         weight_decay)


class RMSprop(Optimizer):
    def __init__(self, params, lr=1e-2, alpha=0.99, eps=1e-8, weight_decay=0.0, momentum=0.0,
                 centered=False):
        super().__init__(params, "rmsprop", {"lr": lr, "beta": alpha, "eps": eps,
                                             "momentum": momentum, "centered": centered},
                         weight_decay)


class Adam(Optimizer):
    def __init__(self, params, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.0,
                 amsgrad=False):
        b1, b2 = betas
        super().__init__(params, "adam", {"lr": lr, "beta1": b1, "beta2": b2, "eps": eps,
                                          "amsgrad": amsgrad}, weight_decay)


class AdamW(Optimizer):
    def __init__(self, params, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=1e-2,
                 amsgrad=False):
        b1, b2 = betas
        # The decay is decoupled (the library's DecoupledDecay around Adam), not an L2 term.
        super().__init__(params, "adamw", {"lr": lr, "beta1": b1, "beta2": b2, "eps": eps,
                                           "amsgrad": amsgrad, "weight_decay": weight_decay})


class Rprop(Optimizer):
    def __init__(self, params, lr=1e-2, etas=(0.5, 1.2), step_sizes=(1e-6, 50)):
        em, ep = etas
        smin, smax = step_sizes
        # torch.optim.Rprop is iRprop- (Igel & Huesken 2000): docs/first_order.md.
        super().__init__(params, "rprop", {"lr": lr, "variant": "irprop-", "eta_minus": em,
                                           "eta_plus": ep, "step_min": smin, "step_max": smax})


_TORCH = {
    SGD: ("gd, momentum, nesterov", "torch.optim.SGD: lr, momentum, nesterov (the parameter is "
          "torch's look-ahead point), weight_decay (L2: g + wd p); dampening only 0."),
    Adagrad: ("adagrad", "torch.optim.Adagrad: lr, eps, initial_accumulator_value "
              "(initial_accumulator), weight_decay (L2); lr_decay only 0."),
    RMSprop: ("rmsprop", "torch.optim.RMSprop: lr, alpha (beta), eps, momentum, centered, "
              "weight_decay (L2)."),
    Adam: ("adam", "torch.optim.Adam: lr, betas (beta1, beta2), eps, amsgrad (AMSGrad), "
           "weight_decay (L2)."),
    AdamW: ("adamw", "torch.optim.AdamW: lr, betas, eps, amsgrad, weight_decay (decoupled: "
            "w <- w (1 - lr wd) before the Adam step)."),
    Rprop: ("rprop", "torch.optim.Rprop (iRprop-): lr (initial step), etas (eta_minus, "
            "eta_plus), step_sizes (step_min, step_max)."),
}

for _cls, (_rules, _text) in _TORCH.items():
    _lines = [_text, "", "params: list of float32/float64 NumPy arrays (C-contiguous, writeable), "
              "updated in place by step(grads).", "",
              "The library's settings behind it, with their ranges (field tables):"]
    for _r in _rules.split(", "):
        _lines.append('rule "%s":' % _r)
        _lines.extend("    " + l for l in [p for p in _docs.rule_lines(_r)])
    _cls.__doc__ = "\n".join(_lines)
