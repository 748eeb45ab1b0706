#!/usr/bin/python3
"""Renders the PNG plots of `optim study`, `optim compare` and `optim plot`.

Called by the optim CLI as: optim_plot.py KIND SPEC.json OUT.png
OUT.png is a temporary file the CLI created beside the user's target; the CLI renames it over the
target only when this script exits 0, so a failure here never touches the user's previous file.
The C++ side computes everything; this script only draws what SPEC.json holds. The figure is
exactly spec["width"] x spec["height"] pixels (dpi 100, no tight bounding box), which the tests
check in the PNG header. Exit codes: 0 written, 2 bad spec, 3 matplotlib missing.
"""
import json
import math
import sys

try:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib import colors as mcolors
except ImportError as exc:  # the CLI turns exit 3 into a clear message
    sys.stderr.write("optim_plot: matplotlib is not available (%s)\n" % exc)
    sys.exit(3)

DPI = 100
REGIME_COLORS = {
    "one_step": "tab:green",
    "monotone": "tab:blue",
    "oscillating": "tab:orange",
    "bounded_oscillation": "tab:purple",
    "divergent": "tab:red",
}


def figure(spec, rows=1, cols=1):
    fig, axes = plt.subplots(rows, cols, figsize=(spec["width"] / DPI, spec["height"] / DPI),
                             dpi=DPI, squeeze=False)
    if spec.get("title"):
        fig.suptitle(spec["title"])
    return fig, axes


def positive(values, floor=1e-300):
    return [max(abs(v), floor) if v is not None and math.isfinite(v) else float("nan")
            for v in values]


def plot_stepsize(spec):
    fig, axes = figure(spec, 1, 2)
    ax = axes[0][0]
    seen = set()
    e0 = max(run["error_norms"][0] for run in spec["runs"])
    floor = 1e-16 * e0  # an exact zero (one step) is drawn at the rounding level, not at 1e-300
    for run in spec["runs"]:
        regime = run["regime"]
        label = regime if regime not in seen else None
        seen.add(regime)
        errs = positive(run["error_norms"], floor)
        ax.semilogy(range(len(errs)), errs, color=REGIME_COLORS.get(regime, "k"), lw=1,
                    ls="--" if regime == "oscillating" else "-", alpha=0.8, label=label)
    ax.set_ylim(bottom=floor / 10)
    ax.set_xlabel("iteration k")
    ax.set_ylabel("|w_k - w*|")
    ax.set_title("GD error per ratio eta/eta_opt")
    ax.legend(fontsize=8)
    ax = axes[0][1]
    r = [run["ratio"] for run in spec["runs"]]
    rmax = max(r + [2.5])
    grid = [i * rmax / 400 for i in range(401)]
    ax.plot(grid, [abs(1 - g) for g in grid], "k-", lw=1, label="|1 - eta/eta_opt| (seed 004 4.5)")
    for run in spec["runs"]:
        ax.plot(run["ratio"], run["observed_factor"], "o",
                color=REGIME_COLORS.get(run["regime"], "k"))
    ax.axhline(1.0, color="gray", ls=":", lw=1)
    for x in (1.0, 2.0):
        ax.axvline(x, color="gray", ls="--", lw=0.8)
    ax.set_xlabel("eta / eta_opt")
    ax.set_ylabel("contraction factor per step")
    ax.set_title("predicted (line) vs observed (dots)")
    ax.legend(fontsize=8)
    return fig


def step_xy(ratios, n):
    """Dolan-More profile as a step function: rho(tau) = #{r_p <= tau} / n."""
    finite = sorted(v for v in ratios if v is not None and math.isfinite(v))
    xs, ys = [1.0], [0.0]
    for i, v in enumerate(finite):
        xs.append(v)
        ys.append((i + 1) / n)
    return xs, ys


def plot_profile(spec):
    measures = spec["measures"]
    fig, axes = figure(spec, 1, len(measures))
    for ax, m in zip(axes[0], measures):
        tau_max = max([2.0] + [v for s in m["solvers"] for v in s["ratios"]
                               if v is not None and math.isfinite(v)]) * 1.2
        for s in m["solvers"]:
            xs, ys = step_xy(s["ratios"], m["problems"])
            xs.append(tau_max)
            ys.append(ys[-1])
            ax.step(xs, ys, where="post", label=s["name"], lw=1.5)
        ax.set_xscale("log", base=2)
        ax.set_xlim(1.0, tau_max)
        ax.set_ylim(-0.02, 1.02)
        ax.set_xlabel("tau (within a factor tau of the best)")
        ax.set_ylabel("fraction of problems solved")
        ax.set_title("performance profile by " + m["name"])
        ax.grid(True, alpha=0.3)
        ax.legend(fontsize=8, loc="lower right")
    return fig


def draw_box(ax, box, xs, ys):
    """Shades what lies outside the box l <= x <= u (a null side is open) and outlines it."""
    (l1, l2), (u1, u2) = box["lower"], box["upper"]
    x_lo, x_hi = (xs[0] if l1 is None else l1), (xs[-1] if u1 is None else u1)
    y_lo, y_hi = (ys[0] if l2 is None else l2), (ys[-1] if u2 is None else u2)
    # The outside as four disjoint strips: left and right of the box at full height, then below
    # and above it between its sides.
    shade = dict(color="0.5", alpha=0.25, lw=0, zorder=0.5)
    for x0, x1, y0, y1 in [(xs[0], x_lo, ys[0], ys[-1]), (x_hi, xs[-1], ys[0], ys[-1]),
                           (x_lo, x_hi, ys[0], y_lo), (x_lo, x_hi, y_hi, ys[-1])]:
        if x1 > x0 and y1 > y0:
            ax.fill_between([x0, x1], y0, y1, **shade)
    edges = [(l1, [l1, l1], [y_lo, y_hi]), (u1, [u1, u1], [y_lo, y_hi]),
             (l2, [x_lo, x_hi], [l2, l2]), (u2, [x_lo, x_hi], [u2, u2])]
    first = True
    for bound, ex, ey in edges:
        if bound is not None:
            ax.plot(ex, ey, "k--", lw=1.2, label="box" if first else None)
            first = False


def plot_contour(spec):
    fig, axes = figure(spec)
    ax = axes[0][0]
    xs, ys, z = spec["x"], spec["y"], spec["z"]
    zmin = min(min(row) for row in z)
    shifted = [[v - zmin + 1e-12 for v in row] for row in z]
    zmax = max(max(row) for row in shifted)
    if zmax / 1e-12 > 1e3 and spec.get("log_levels", True):
        levels = [1e-12 * (zmax / 1e-12) ** (i / 30) for i in range(31)]
        cs = ax.contour(xs, ys, shifted, levels=levels[8:], norm=mcolors.LogNorm(),
                        cmap="viridis", linewidths=0.7)
    else:
        cs = ax.contour(xs, ys, z, levels=30, cmap="viridis", linewidths=0.7)
    del cs
    if spec.get("box"):
        draw_box(ax, spec["box"], xs, ys)
    for t in spec["trajectories"]:
        ax.plot(t["x"], t["y"], "-o", ms=2, lw=1.2, label="%s (%d it)" % (t["name"], len(t["x"]) - 1))
    if spec.get("start"):
        ax.plot(spec["start"][0], spec["start"][1], "ks", ms=7, label="start")
    for i, m in enumerate(spec.get("minima", [])):
        ax.plot(m[0], m[1], "r*", ms=12, label="minimum" if i == 0 else None)
    ax.set_xlim(xs[0], xs[-1])
    ax.set_ylim(ys[0], ys[-1])
    ax.set_xlabel("x1")
    ax.set_ylabel("x2")
    ax.legend(fontsize=8, loc="best")
    return fig


def plot_convergence(spec):
    axes_x = [("iteration", "iteration"), ("evaluations", "function evaluations"),
              ("time_s", "time [s]")]
    fig, axes = figure(spec, 2, 3)
    for row, (key, ylabel) in enumerate([("f_gap", spec.get("f_label", "f - f*")),
                                         ("grad_norm", "|g|")]):
        for col, (xkey, xlabel) in enumerate(axes_x):
            ax = axes[row][col]
            for s in spec["series"]:
                if s.get(key) is None or s.get(xkey) is None:
                    continue
                ax.semilogy(s[xkey], positive(s[key]), lw=1.2, label=s["name"])
            ax.set_xlabel(xlabel)
            ax.set_ylabel(ylabel)
            ax.grid(True, alpha=0.3)
            if row == 0 and col == 0:
                ax.legend(fontsize=8)
    return fig


def plot_curves(spec):
    """One panel: each series' f_gap against the iteration, log scale."""
    fig, axes = figure(spec)
    ax = axes[0][0]
    for s in spec["series"]:
        ax.semilogy(s["iteration"], positive(s["f_gap"]), lw=1.2, label=s["name"])
    ax.set_xlabel("iteration")
    ax.set_ylabel(spec.get("f_label", "f - f*"))
    ax.grid(True, alpha=0.3)
    ax.legend(fontsize=8)
    return fig


def plot_separators(spec):
    """Left: the two classes and each line w1 x1 + w2 x2 + b = 0. Right: accuracy per epoch."""
    fig, axes = figure(spec, 1, 2)
    ax = axes[0][0]
    pts = spec["points"]
    for label, marker, color in ((1, "o", "tab:blue"), (-1, "s", "tab:red")):
        xs = [x for x, l in zip(pts["x"], pts["label"]) if l == label]
        ys = [y for y, l in zip(pts["y"], pts["label"]) if l == label]
        ax.plot(xs, ys, marker, color=color, ms=4, ls="none", label="class %+d" % label)
    x_lo, x_hi = min(pts["x"]) - 0.5, max(pts["x"]) + 0.5
    y_lo, y_hi = min(pts["y"]) - 0.5, max(pts["y"]) + 0.5
    for line in spec["lines"]:
        w1, w2, b = line["w"]
        if w1 == 0 and w2 == 0:  # no line: the unit predicts one class everywhere
            continue
        if abs(w2) >= abs(w1):
            ax.plot([x_lo, x_hi], [-(b + w1 * x_lo) / w2, -(b + w1 * x_hi) / w2], lw=1.4,
                    label=line["name"])
        else:
            ax.plot([-(b + w2 * y_lo) / w1, -(b + w2 * y_hi) / w1], [y_lo, y_hi], lw=1.4,
                    label=line["name"])
    ax.set_xlim(x_lo, x_hi)
    ax.set_ylim(y_lo, y_hi)
    ax.set_xlabel("x1")
    ax.set_ylabel("x2")
    ax.legend(fontsize=8)
    ax = axes[0][1]
    acc = spec["accuracy"]
    ax.plot(range(1, len(acc["perceptron"]) + 1), acc["perceptron"], lw=0.8, label="perceptron")
    for i, level in enumerate(acc["levels"]):
        ax.axhline(level["value"], ls="--", lw=1.2, label=level["name"], color="C%d" % (i + 1))
    ax.set_xlabel("epoch (one more point, not separable)")
    ax.set_ylabel("training accuracy")
    ax.legend(fontsize=8)
    return fig


def plot_learning(spec):
    fig, axes = figure(spec, 1, 2)
    for col, (kind, label) in enumerate([("loss", "loss"), ("acc", "accuracy")]):
        ax = axes[0][col]
        for s in spec["series"]:
            for split in ("train", "test"):
                key = split + "_" + kind
                if s.get(key):
                    ax.plot(s["epoch"], s[key], "-o", ms=3,
                            ls="-" if split == "train" else "--",
                            label="%s %s" % (s["name"], split) if s["name"] else split)
        ax.set_xlabel("epoch")
        ax.set_ylabel(label)
        if kind == "loss":
            ax.set_yscale("log")
        ax.grid(True, alpha=0.3)
        ax.legend(fontsize=8)
    return fig


def plot_minibatch(spec):
    fig, axes = figure(spec, 1, 2)
    ax = axes[0][0]
    b = [v["batch"] for v in spec["variance"]]
    ax.loglog(b, [v["measured"] for v in spec["variance"]], "o", label="measured E|g_B - g|^2")
    ax.loglog(b, [v["predicted"] for v in spec["variance"]], "k-", lw=1,
              label="Var(g_i)/b (seed 004 6.3)")
    ax.set_xlabel("batch size b")
    ax.set_ylabel("variance of the minibatch gradient")
    ax.set_title("slope %.3f (1/b: -1)" % spec["slope"])
    ax.legend(fontsize=8)
    ax = axes[0][1]
    for run in spec["sgd"]:
        d = run["distance"]
        ax.loglog(range(1, len(d)), positive(d[1:]), lw=1, label=run["label"])
    ax.set_xlabel("SGD update k")
    ax.set_ylabel("|w_k - w*|")
    ax.set_title("online SGD: noise ball vs decaying steps")
    ax.legend(fontsize=8)
    return fig


def plot_layers(spec):
    """Left, middle: each run's RMS weight gradient per layer at the start and after the last
    epoch (log scale). Right: dead hidden units per recorded epoch."""
    fig, axes = figure(spec, 1, 3)
    for col, (key, title) in enumerate((("start", "at the start"),
                                        ("end", "after epoch %d" % spec["last_epoch"]))):
        ax = axes[0][col]
        for run in spec["runs"]:
            ax.semilogy(range(1, len(run[key]) + 1), positive(run[key]), "-o", ms=3, lw=1.2,
                        label=run["name"])
        ax.set_xlabel("layer (1 = next to the inputs)")
        ax.set_ylabel("RMS of dE/dW_l")
        ax.set_title(title)
        ax.grid(True, alpha=0.3)
        if col == 0:
            ax.legend(fontsize=7)
    ax = axes[0][2]
    for run in spec["runs"]:
        ax.plot(range(len(run["dead"])), run["dead"], "-o", ms=3, lw=1.2, label=run["name"])
    ax.set_xlabel("epoch")
    ax.set_ylabel("dead hidden units (g'(z) = 0 on every sample)")
    ax.set_title("of %d hidden units" % spec["runs"][0]["hidden_units"])
    ax.grid(True, alpha=0.3)
    return fig


def plot_batchsize(spec):
    """Left: every run's final loss and the mean +- sd against b. Middle: median gradient
    evaluations to the target against b. Right: each run's loss against the evaluations."""
    fig, axes = figure(spec, 1, 3)
    rows = spec["rows"]
    bs = [r["batch"] for r in rows]
    ax = axes[0][0]
    for r in rows:
        ax.plot([r["batch"]] * len(r["final"]), r["final"], "o", ms=3, color="0.6")
    ax.errorbar(bs, [r["mean"] for r in rows], yerr=[r["sd"] for r in rows], fmt="-s",
                color="tab:blue", capsize=3, label="mean +- sd")
    ax.set_xscale("log")
    ax.set_xlabel("batch size b (N = %d: full batch)" % spec["samples"])
    ax.set_ylabel("final training loss")
    ax.legend(fontsize=8)
    ax.grid(True, alpha=0.3)
    ax = axes[0][1]
    pts = [(r["batch"], r["evals"]) for r in rows if r["evals"] is not None]
    if pts:
        ax.loglog([p[0] for p in pts], [p[1] for p in pts], "-o", color="tab:green")
    ax.set_xscale("log")
    ax.set_xlabel("batch size b")
    ax.set_ylabel("gradient evaluations to loss %g (median)" % spec["target"])
    ax.grid(True, alpha=0.3)
    ax = axes[0][2]
    for i, r in enumerate(rows):
        for j, c in enumerate(r["curves"]):
            # from the first epoch's end: the start (0 evaluations) has no place on a log axis
            ax.loglog([k * r["per_epoch"] for k in range(1, len(c))], positive(c[1:]), lw=0.8,
                      color="C%d" % i, alpha=0.7, label="b = %d" % r["batch"] if j == 0 else None)
    ax.axhline(spec["target"], ls="--", color="k", lw=0.8)
    ax.set_xlabel("gradient evaluations (samples drawn)")
    ax.set_ylabel("full training loss")
    ax.legend(fontsize=7)
    ax.grid(True, alpha=0.3)
    return fig


def plot_depth(spec):
    """Left: every run's test accuracy and the mean +- sd against the hidden-layer count.
    Right: the final training loss of every run against it."""
    fig, axes = figure(spec, 1, 2)
    rows = spec["rows"]
    ds = [r["depth"] for r in rows]
    ax = axes[0][0]
    for r in rows:
        ax.plot([r["depth"]] * len(r["accuracy"]), r["accuracy"], "o", ms=3, color="0.6")
    ax.errorbar(ds, [r["mean"] for r in rows], yerr=[r["sd"] for r in rows], fmt="-s",
                color="tab:blue", capsize=3, label="mean +- sd")
    for r in rows:
        ax.annotate("w=%d" % r["width"], (r["depth"], r["mean"]), textcoords="offset points",
                    xytext=(4, -12), fontsize=7)
    ax.set_xlabel("hidden layers (width w from the budget)")
    ax.set_ylabel("test accuracy")
    ax.legend(fontsize=8)
    ax.grid(True, alpha=0.3)
    ax = axes[0][1]
    for r in rows:
        ax.semilogy([r["depth"]] * len(r["train_loss"]), positive(r["train_loss"]), "o", ms=4,
                    color="tab:red")
    ax.set_xlabel("hidden layers")
    ax.set_ylabel("final training loss")
    ax.grid(True, alpha=0.3)
    return fig


def plot_saddles(spec):
    """Left: each critical point's index against its loss (minima at index 0). Right: the GOE
    eigenvalues' histogram against the semicircle density."""
    fig, axes = figure(spec, 1, 2)
    ax = axes[0][0]
    mins = [(l, i) for l, i in zip(spec["loss"], spec["index"]) if i == 0]
    sads = [(l, i) for l, i in zip(spec["loss"], spec["index"]) if i > 0]
    if sads:
        ax.plot([p[0] for p in sads], [p[1] for p in sads], "o", ms=4, color="tab:red",
                label="saddles / maxima")
    if mins:
        ax.plot([p[0] for p in mins], [p[1] for p in mins], "o", ms=4, color="tab:green",
                label="minima")
    ax.set_xscale("log")
    ax.set_xlabel("loss at the critical point")
    ax.set_ylabel("index (fraction of negative Hessian eigenvalues)")
    ax.legend(fontsize=8)
    ax.grid(True, alpha=0.3)
    ax = axes[0][1]
    ax.hist(spec["eigenvalues"], bins=40, density=True, color="0.7", label="GOE eigenvalues")
    ax.plot(spec["semicircle"]["x"], spec["semicircle"]["density"], "k-", lw=1.5,
            label="semicircle sqrt(4 - x^2) / 2 pi")
    ax.set_xlabel("eigenvalue")
    ax.set_ylabel("density")
    ax.set_title("KS distance %.3g" % spec["ks"])
    ax.legend(fontsize=8)
    return fig


KINDS = {
    "stepsize": plot_stepsize,
    "profile": plot_profile,
    "contour": plot_contour,
    "convergence": plot_convergence,
    "learning": plot_learning,
    "minibatch": plot_minibatch,
    "curves": plot_curves,
    "separators": plot_separators,
    "layers": plot_layers,
    "batchsize": plot_batchsize,
    "depth": plot_depth,
    "saddles": plot_saddles,
}


def main(argv):
    if len(argv) != 4 or argv[1] not in KINDS:
        sys.stderr.write("usage: optim_plot.py {%s} SPEC.json OUT.png\n" % ",".join(KINDS))
        return 2
    with open(argv[2]) as f:
        spec = json.load(f)
    spec.setdefault("width", 1000)
    spec.setdefault("height", 600)
    fig = KINDS[argv[1]](spec)
    fig.tight_layout()
    fig.savefig(argv[3], dpi=DPI, format="png")
    plt.close(fig)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
