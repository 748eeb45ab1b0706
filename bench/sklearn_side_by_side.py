#!/usr/bin/python3
"""Side by side with scikit-learn on the small public tables that python3-sklearn ships (iris,
wine, breast cancer: classification; diabetes: regression): the same train/test split (written
as two CSV files), the same hidden widths, epochs, batch size and Adam learning rate, the
default recipe otherwise (no per-set tuning). optim reads the CSVs with `optim train --data
train.csv --target target --test test.csv`; scikit-learn fits MLPClassifier / MLPRegressor on
StandardScaler'd features (optim standardises features and, for regression, targets itself).

    bench/sklearn_side_by_side.py [--build build] [--epochs 200] [--hidden 100] [--seeds 3]

Prints one line per set: test accuracy (classification) or RMSE (regression), mean over seeds.
Needs Debian's python3-sklearn and python3-pandas; the CSVs go to a temporary folder.
"""
import argparse
import json
import os
import subprocess
import tempfile
import warnings

import numpy as np
from sklearn import datasets
from sklearn.exceptions import ConvergenceWarning
from sklearn.model_selection import train_test_split
from sklearn.neural_network import MLPClassifier, MLPRegressor
from sklearn.preprocessing import StandardScaler

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ap = argparse.ArgumentParser()
ap.add_argument("--build", default=os.path.join(root, "build"))
ap.add_argument("--epochs", type=int, default=200)
ap.add_argument("--hidden", type=int, default=100)
ap.add_argument("--batch", type=int, default=64)
ap.add_argument("--seeds", type=int, default=3)
args = ap.parse_args()
warnings.filterwarnings("ignore", category=ConvergenceWarning)

sets = [("iris", datasets.load_iris, True), ("wine", datasets.load_wine, True),
        ("breast_cancer", datasets.load_breast_cancer, True),
        ("diabetes", datasets.load_diabetes, False)]
tmp = tempfile.mkdtemp()
print(f"{'set':14s} {'n':>5s} {'task':8s} {'optim':>10s} {'sklearn':>10s}  (mean over "
      f"{args.seeds} seeds; hidden {args.hidden}, {args.epochs} epochs, batch {args.batch}, "
      f"Adam 1e-3)")
for name, load, classify in sets:
    frame = load(as_frame=True).frame
    if classify:  # class names as text: the optim side keeps them
        names = load().target_names
        frame["target"] = [str(names[i]) for i in frame["target"]]
    ours, theirs = [], []
    for seed in range(args.seeds):
        train, test = train_test_split(frame, test_size=0.25, random_state=seed,
                                       stratify=frame["target"] if classify else None)
        tr, te = os.path.join(tmp, f"{name}_train.csv"), os.path.join(tmp, f"{name}_test.csv")
        train.to_csv(tr, index=False)
        test.to_csv(te, index=False)
        out = subprocess.run(
            [os.path.join(args.build, "optim"), "train", "--data", tr, "--target", "target",
             "--test", te, "--hidden", str(args.hidden), "--epochs", str(args.epochs),
             "--batch-size", str(args.batch), "--lr", "1e-3", "--seed", str(seed), "--json"],
            check=True, capture_output=True, text=True).stdout
        j = json.loads(out)
        ours.append(j["test_accuracy"] if classify else j["test_rmse"])
        x_cols = [c for c in frame.columns if c != "target"]
        scaler = StandardScaler().fit(train[x_cols])
        xtr, xte = scaler.transform(train[x_cols]), scaler.transform(test[x_cols])
        kw = dict(hidden_layer_sizes=(args.hidden,), max_iter=args.epochs,
                  batch_size=args.batch, learning_rate_init=1e-3, random_state=seed)
        if classify:
            m = MLPClassifier(**kw).fit(xtr, train["target"])
            theirs.append(float(np.mean(m.predict(xte) == test["target"].to_numpy())))
        else:
            m = MLPRegressor(**kw).fit(xtr, train["target"])
            theirs.append(float(np.sqrt(np.mean((m.predict(xte) - test["target"]) ** 2))))
    metric = "accuracy" if classify else "rmse"
    print(f"{name:14s} {len(frame):5d} {metric:8s} {np.mean(ours):10.4f} {np.mean(theirs):10.4f}")
