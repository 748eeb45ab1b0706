#!/usr/bin/env bash
# Builds the library, the CLI and the test executables with AddressSanitizer +
# UndefinedBehaviorSanitizer (-DOPTIM_SANITIZE=ON) in build-asan and runs the whole GoogleTest
# suite under them through CTest (.ci/run calls this after the Release tests). Any report fails
# the run: UBSan is built with -fno-sanitize-recover, ASan aborts, leaks count.
# -O1 with line tables keeps the build and the run fast enough and the stack traces readable;
# NDEBUG is not defined, so Eigen's index and size assertions are checked too. The Python module
# is left out (OPTIM_PYTHON=OFF): an instrumented extension cannot load into Debian's
# uninstrumented interpreter without preloading the sanitizer runtime; its C++ code is the
# library's, which the suite covers here. MPI is left out too (OPTIM_MPI=OFF): OpenMPI's own
# allocations at exit read as leaks; the distributed layer's block sums are tested without MPI
# (tests/optim/test_distributed.cpp, threads as ranks).
set -euo pipefail
cd "$(dirname "$0")/.."
cmake -S . -B build-asan -DOPTIM_SANITIZE=ON -DOPTIM_BUILD_BENCH=OFF -DOPTIM_PYTHON=OFF -DOPTIM_MPI=OFF \
  -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g1" >/dev/null
cmake --build build-asan -j"$(nproc)" --target optim_cli test_io test_optim test_problems test_nn test_studies test_cli
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:strict_string_checks=1:detect_stack_use_after_return=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
# The install test builds a consumer project against an installed tree: nothing to sanitize.
ctest --test-dir build-asan --output-on-failure --no-tests=error -j"$(nproc)" --timeout 900 -E '^install\.'
