"""optim.train_mlp: learning, the forward pass against an independent NumPy one, probabilities,
the model file round trip, reproducibility and errors."""
import numpy as np
import pytest

import optim


def moons(n=400, seed=0):
    # Two interleaving half circles with noise (sklearn's make_moons, written out).
    rng = np.random.default_rng(seed)
    t = rng.uniform(0, np.pi, n)
    lab = rng.integers(0, 2, n)
    x = np.where(lab == 0, np.cos(t), 1 - np.cos(t))
    y = np.where(lab == 0, np.sin(t), 0.5 - np.sin(t))
    return np.column_stack([x, y]) + 0.1 * rng.standard_normal((n, 2)), lab


def test_learns_two_moons_with_history():
    X, y = moons()
    m = optim.train_mlp(X, y, hidden=[16], epochs=30, options={"lr": 0.01}, validation=0.25)
    assert len(m.history) == 30 and [h["epoch"] for h in m.history] == list(range(1, 31))
    assert {"train_loss", "train_accuracy", "val_loss", "val_accuracy"} <= set(m.history[-1])
    # A linear classifier gets ~85% on moons; a 16-unit ReLU layer after 30 epochs > 95%.
    assert (m.predict(X) == y).mean() > 0.95
    assert m.history[-1]["train_loss"] < m.history[0]["train_loss"]
    assert m.options["method"] == "adam" and m.options["options"]["batch_size"] == 32
    assert m.spec["layers"] == [2, 16, 2] and m.spec["loss"] == "softmax_ce"


def numpy_forward(params, layers, X, act):
    # The flat layout of nn/network.cpp: per layer W (out x in, column-major), then b.
    a, off = X.T, 0
    for k in range(len(layers) - 1):
        n_in, n_out = layers[k], layers[k + 1]
        W = params[off:off + n_in * n_out].reshape((n_out, n_in), order="F")
        off += n_in * n_out
        b = params[off:off + n_out]
        off += n_out
        z = W @ a + b[:, None]
        a = act(z) if k < len(layers) - 2 else z
    assert off == params.size
    return a.T


def test_forward_pass_and_probabilities_against_numpy():
    X, y = moons(200, seed=1)
    m = optim.train_mlp(X, y, hidden=[8, 5], activation="tanh", epochs=3, standardize=False)
    z = numpy_forward(m.params, m.spec["layers"], X, np.tanh)
    # Same products summed in another order (Eigen/BLAS against NumPy): ~1e-15 relative.
    np.testing.assert_allclose(m.decision_function(X), z, rtol=1e-12, atol=1e-12)
    p = np.exp(z - z.max(axis=1, keepdims=True))
    p /= p.sum(axis=1, keepdims=True)
    np.testing.assert_allclose(m.predict_proba(X), p, rtol=1e-12, atol=1e-14)
    np.testing.assert_array_equal(m.predict(X), np.argmax(z, axis=1))


def test_regression_targets():
    rng = np.random.default_rng(2)
    X = rng.uniform(-1, 1, (300, 2))
    t = X[:, 0] ** 2 + 0.5 * X[:, 1]
    m = optim.train_mlp(X, t, hidden=[16], epochs=60, options={"lr": 0.01})
    assert m.spec["loss"] == "mse"
    # The target's variance is ~0.17; the fit's mean squared error well under a tenth of it.
    assert np.mean((m.predict(X) - t) ** 2) < 0.01
    with pytest.raises(ValueError, match="regression"):
        m.predict_proba(X)


def test_save_load_round_trip_in_the_library_format(tmp_path):
    X, y = moons(200, seed=3)
    m = optim.train_mlp(X, y, hidden=[6], epochs=5)
    path = tmp_path / "moons.model"
    m.save(path)
    assert path.read_bytes()[:8] == b"OPTIMNN\0"  # nn/model_io.hpp's magic
    m2 = optim.MLP.load(path)
    np.testing.assert_array_equal(m2.params, m.params)
    np.testing.assert_array_equal(m2.predict_proba(X), m.predict_proba(X))
    assert m2.spec == m.spec
    with pytest.raises(ValueError):
        optim.MLP.load(tmp_path / "missing.model")


def test_same_seed_same_network_other_seed_other():
    X, y = moons(100, seed=4)
    a = optim.train_mlp(X, y, hidden=[4], epochs=2, seed=5)
    b = optim.train_mlp(X, y, hidden=[4], epochs=2, seed=5)
    c = optim.train_mlp(X, y, hidden=[4], epochs=2, seed=6)
    np.testing.assert_array_equal(a.params, b.params)
    assert not np.array_equal(a.params, c.params)


def test_errors():
    X, y = moons(50)
    with pytest.raises(ValueError, match="0, 1"):
        optim.train_mlp(X, y - 1, hidden=[4], epochs=1)
    with pytest.raises(ValueError, match="stopping test"):
        optim.train_mlp(X, y, hidden=[4], epochs=1, options={"gtol": 1e-3})
    with pytest.raises(ValueError, match="unknown option"):
        optim.train_mlp(X, y, hidden=[4], epochs=1, options={"nope": 1})
    with pytest.raises(ValueError, match="invalid"):
        optim.train_mlp(X, y, hidden=[4], epochs=1, options={"lr": -1.0})
    m = optim.train_mlp(X, y, hidden=[4], epochs=1)
    with pytest.raises(ValueError, match="features"):
        m.predict(np.zeros((3, 5)))
    with pytest.raises(ValueError, match="features"):
        m.predict_proba(np.zeros((3, 5)))


def test_training_releases_the_gil():
    # ~0.5 s of training in a thread (no Python inside). Held, the GIL would keep the main thread
    # from running until the training ended; released, the main loop keeps ticking meanwhile.
    import threading
    import time

    rng = np.random.default_rng(0)
    X = rng.standard_normal((2000, 10))
    y = (X[:, 0] * X[:, 1] > 0).astype(int)
    out = {}
    t = threading.Thread(target=lambda: out.setdefault(
        "m", optim.train_mlp(X, y, hidden=[64], epochs=200)))
    t0 = time.monotonic()
    t.start()
    ticks = 0
    while t.is_alive():
        ticks += 1
        time.sleep(0.001)
    t.join()
    elapsed = time.monotonic() - t0
    assert len(out["m"].history) == 200
    # One tick per ~1 ms of sleep (at least a few per 10 ms on a loaded machine).
    assert ticks > min(20, elapsed * 200), (ticks, elapsed)
