"""The torch-style optimizers against torch.optim itself (float64, 1e-12) when torch is
importable, and always against the stored torch trajectories (tests/data/
torch_optim_trajectories.json, the file tests/optim/test_torch_reference.cpp reads)."""
import json
import math
import os
import re

import numpy as np
import pytest

import optim

try:
    import torch
except ImportError:  # the stored trajectories still test every rule
    torch = None

SOURCE = os.environ.get("OPTIM_SOURCE_DIR", os.path.join(os.path.dirname(__file__), "..", ".."))
# As the C++ test: both sides evaluate the same map in IEEE double in different operation orders
# (torch's sqrt(v)/sqrt(1 - beta2^t) against sqrt(v / (1 - beta2^t)), Nesterov's look-ahead kept
# as W + mu v), a few ulps per step; over 50 steps the converging runs differ by < 1e-15, the two
# diverging Rosenbrock runs by ~1e-13 relative. 1e-12 relative to max(1, |w|) keeps a margin,
# while a formula difference moves the iterates by orders of magnitude more.
TOL = 1e-12


def quadratic(w):
    d = np.array([1.0, 10.0, 100.0])
    return 0.5 * float(d @ (w * w)), d * w


def rosenbrock(w):
    # Two stored runs diverge on purpose (torch's f overflows): no warnings for that.
    with np.errstate(over="ignore", invalid="ignore"):
        a, b = 1 - w[0], w[1] - w[0] ** 2
        return a * a + 100 * b * b, np.array([-2 * a - 400 * w[0] * b, 200 * b])


PROBLEMS = {"quadratic_diag_1_10_100": quadratic, "rosenbrock_2d": rosenbrock}


def ours(name, params, args):
    cls = {"SGD": optim.SGD, "Adagrad": optim.Adagrad, "RMSprop": optim.RMSprop,
           "Adam": optim.Adam, "AdamW": optim.AdamW, "Rprop": optim.Rprop}[name]
    args = dict(args)
    for k in ("betas", "etas", "step_sizes"):
        if k in args:
            args[k] = tuple(args[k])
    return cls(params, **args)


def run_ours(name, args, problem, w0, steps):
    w = np.array(w0, dtype=np.float64)
    opt = ours(name, [w], args)
    traj = [w.copy()]
    for _ in range(steps):
        f, g = problem(w)
        if not math.isfinite(f):
            break
        opt.step([g])
        traj.append(w.copy())
    return traj


def load_reference():
    with open(os.path.join(SOURCE, "tests", "data", "torch_optim_trajectories.json")) as fh:
        text = fh.read()
    return json.loads(text)  # Python's json reads its own NaN / Infinity tokens


REF = load_reference()


def close(a, b):
    a, b = np.asarray(a), np.asarray(b)
    if not (np.all(np.isfinite(a)) and np.all(np.isfinite(b))):
        return True  # past the overflow of a diverging run; the finite prefix was compared
    return np.max(np.abs(a - b) / np.maximum(1, np.abs(b))) <= TOL


@pytest.mark.parametrize("run", REF["runs"], ids=lambda r: "%s-%s-%s" % (
    r["problem"], r["optimizer"], "-".join("%s=%s" % kv for kv in r["args"].items())))
def test_stored_torch_trajectories(run):
    steps = REF["steps"]
    traj = run_ours(run["optimizer"], run["args"], PROBLEMS[run["problem"]], run["w"][0], steps)
    finite = [k for k, f in enumerate(run["f"]) if math.isfinite(f)]
    upto = min(len(traj), finite[-1] + 1)
    assert upto > 5
    for k in range(upto):
        assert close(traj[k], run["w"][k]), (k, traj[k], run["w"][k])


TORCH_CASES = [
    ("SGD", {"lr": 0.01, "momentum": 0.9, "weight_decay": 0.1}),
    ("SGD", {"lr": 0.01, "momentum": 0.8, "nesterov": True, "weight_decay": 0.05}),
    ("SGD", {"lr": 0.02, "weight_decay": 0.3}),
    ("Adagrad", {"lr": 0.1, "initial_accumulator_value": 0.5, "weight_decay": 0.1}),
    ("RMSprop", {"lr": 0.01, "momentum": 0.5}),
    ("RMSprop", {"lr": 0.01, "centered": True}),
    ("RMSprop", {"lr": 0.01, "momentum": 0.3, "centered": True, "weight_decay": 0.1}),
    ("Adam", {"lr": 0.05, "betas": (0.8, 0.99), "weight_decay": 0.1}),
    ("Adam", {"lr": 0.05, "amsgrad": True}),
    ("AdamW", {"lr": 0.05, "weight_decay": 0.2, "amsgrad": True}),
    ("Rprop", {"lr": 0.05, "etas": (0.4, 1.5), "step_sizes": (1e-4, 1.0)}),
]


@pytest.mark.skipif(torch is None, reason="torch not importable: the stored trajectories test")
@pytest.mark.parametrize("name,args", TORCH_CASES, ids=lambda v: str(v))
def test_against_torch_settings_the_file_does_not_cover(name, args):
    # Two parameter arrays of different shapes (a matrix and a vector), a separable quartic:
    # f = sum c (p - t)^4 / 4 + sum p^2 / 2 per entry, gradient c (p - t)^3 + p.
    rng = np.random.default_rng(3)
    shapes = [(3, 2), (4,)]
    p0 = [rng.standard_normal(s) for s in shapes]
    tgt = [rng.standard_normal(s) for s in shapes]
    grad = lambda p, t: (p - t) ** 3 + p
    ps = [p.copy() for p in p0]
    opt = ours(name, ps, args)
    tp = [torch.tensor(p.copy(), requires_grad=False) for p in p0]
    targs = dict(args)
    topt = getattr(torch.optim, name)(tp, **targs)
    for step in range(40):
        gs = [grad(p, t) for p, t in zip(ps, tgt)]
        for x, t in zip(tp, tgt):
            x.grad = torch.tensor(grad(x.numpy(), t))
        opt.step(gs)
        topt.step()
        for a, b in zip(ps, tp):
            assert close(a, b.numpy()), (step, a, b)
    assert opt.steps == 40


def test_float32_arrays_are_updated_in_float32():
    w = np.array([1.0, -2.0], dtype=np.float32)
    opt = optim.Adam([w], lr=0.1)
    opt.step([np.array([0.5, -0.25], dtype=np.float32)])
    assert w.dtype == np.float32
    # Adam's first bias-corrected step moves each coordinate by lr sign(g) (|m_hat| /
    # sqrt(v_hat) = 1), up to eps: 1 - 0.1 and -2 + 0.1, in float32.
    np.testing.assert_allclose(w, [0.9, -1.9], rtol=1e-6)


def test_errors_name_the_setting():
    w = np.zeros(3)
    with pytest.raises(ValueError, match="invalid adam beta1 = 1: must be in \\[0, 1\\)|beta1"):
        optim.Adam([w], betas=(1.0, 0.999))
    with pytest.raises(ValueError, match="lr"):
        optim.SGD([w], lr=-1)
    with pytest.raises(ValueError, match="dampening"):
        optim.SGD([w], lr=0.1, momentum=0.9, dampening=0.1)
    with pytest.raises(ValueError, match="Nesterov"):
        optim.SGD([w], lr=0.1, nesterov=True)
    with pytest.raises(ValueError, match="float32 or float64"):
        optim.Adam([np.zeros(3, dtype=np.int64)])
    with pytest.raises(ValueError, match="C-contiguous"):
        optim.Adam([np.zeros((3, 4))[:, 1]])
    opt = optim.Adam([w])
    with pytest.raises(ValueError, match="gradients for"):
        opt.step([])
    with pytest.raises(ValueError, match="entries"):
        opt.step([np.zeros(4)])


def test_docstrings_from_the_field_tables():
    assert 'rule "adam"' in optim.Adam.__doc__ and "beta1 : real, default 0.9" in optim.Adam.__doc__
    assert "momentum : real" in optim.SGD.__doc__


@pytest.mark.parametrize("name,args", [("SGD", {"lr": 0.01, "momentum": 0.9, "nesterov": True}),
                                       ("Adam", {"lr": 0.05, "amsgrad": True}),
                                       ("RMSprop", {"lr": 0.01, "centered": True, "momentum": 0.5}),
                                       ("Adagrad", {"lr": 0.1}), ("AdamW", {"lr": 0.05}),
                                       ("Rprop", {"lr": 0.05})], ids=lambda v: str(v))
def test_state_dict_resumes_bit_for_bit(name, args):
    grad = lambda p: (p - 0.3) ** 3 + p
    rng = np.random.default_rng(11)
    p0 = [rng.standard_normal((2, 3)), rng.standard_normal(4)]
    ps = [p.copy() for p in p0]
    opt = ours(name, ps, args)
    for _ in range(10):
        opt.step([grad(p) for p in ps])
    state, at10 = opt.state_dict(), [p.copy() for p in ps]
    for _ in range(10):
        opt.step([grad(p) for p in ps])
    qs = [p.copy() for p in at10]
    resumed = ours(name, qs, args)
    resumed.load_state_dict(state)
    assert resumed.steps == 10
    for _ in range(10):
        resumed.step([grad(q) for q in qs])
    for p, q in zip(ps, qs):
        np.testing.assert_array_equal(p, q)
    # Without the state the run differs (the moments start from zero again).
    fresh = [p.copy() for p in at10]
    f = ours(name, fresh, args)
    for _ in range(10):
        f.step([grad(q) for q in fresh])
    assert not all(np.array_equal(p, q) for p, q in zip(ps, fresh))
    with pytest.raises(ValueError, match="rule"):
        optim.SGD([np.zeros(2)], lr=0.1).load_state_dict(
            optim.Adam([np.zeros(2)]).state_dict())


LR_CASES = [
    ("SGD", {"lr": 0.02, "weight_decay": 0.1}),
    ("Adagrad", {"lr": 0.1, "weight_decay": 0.1}),
    ("RMSprop", {"lr": 0.01, "momentum": 0.5, "centered": True}),
    ("Adam", {"lr": 0.05, "amsgrad": True}),
    ("AdamW", {"lr": 0.05, "weight_decay": 0.2}),
]


@pytest.mark.skipif(torch is None, reason="torch not importable")
@pytest.mark.parametrize("name,args", LR_CASES, ids=lambda v: str(v))
def test_a_learning_rate_set_in_param_groups_is_torchs(name, args):
    # The rate changed by hand twice (a step schedule), on both sides through param_groups.
    rng = np.random.default_rng(5)
    p0, tgt = rng.standard_normal(6), rng.standard_normal(6)
    grad = lambda p: (p - tgt) ** 3 + p
    ps = [p0.copy()]
    opt = ours(name, ps, args)
    tp = [torch.tensor(p0.copy())]
    topt = getattr(torch.optim, name)(tp, **args)
    for step in range(30):
        if step in (10, 20):
            for groups in (opt.param_groups, topt.param_groups):
                for g in groups:
                    g["lr"] *= 0.3
        tp[0].grad = torch.tensor(grad(tp[0].numpy()))
        opt.step([grad(ps[0])])
        topt.step()
        assert close(ps[0], tp[0].numpy()), (step, ps[0], tp[0])
    assert opt.param_groups[0]["lr"] == pytest.approx(args["lr"] * 0.09)


def test_a_learning_rate_change_is_refused_where_it_would_differ_from_torch():
    for opt in (optim.SGD([np.zeros(3)], lr=0.1, momentum=0.9),
                optim.SGD([np.zeros(3)], lr=0.1, momentum=0.9, nesterov=True),
                optim.Rprop([np.zeros(3)], lr=0.1)):
        opt.step([np.ones(3)])
        opt.param_groups[0]["lr"] = 0.05
        with pytest.raises(ValueError, match="does not take a new learning rate"):
            opt.step([np.ones(3)])
    opt = optim.Adam([np.zeros(3)], lr=0.1)
    opt.param_groups[0]["lr"] = -1.0
    with pytest.raises(ValueError, match="invalid lr = -1: must be > 0"):
        opt.step([np.ones(3)])


def test_state_dict_carries_the_learning_rate():
    w, v = np.zeros(4), np.zeros(4)
    a = optim.Adam([w], lr=0.1)
    for _ in range(3):
        a.step([w - 1.0])
    a.param_groups[0]["lr"] = 0.02
    a.step([w - 1.0])
    b = optim.Adam([v], lr=0.1)
    v[:] = w
    b.load_state_dict(a.state_dict())
    assert b.param_groups[0]["lr"] == 0.02
    for _ in range(3):
        a.step([w - 1.0])
        b.step([v - 1.0])
    assert np.array_equal(w, v)
