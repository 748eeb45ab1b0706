#pragma once
// The matrix products of the network's forward and backward passes, C = op(A) op(B), with a
// choice of kernel and a thread count that never changes the result.
//
// Backends: Eigen's own GEMM (always available; SSE2 in the portable build, AVX-512 with
// OPTIM_NATIVE) or OpenBLAS's sgemm/dgemm (CMake option OPTIM_BLAS; OpenBLAS picks its kernel for
// the CPU at run time, so a portable binary still gets AVX-512). The backend is called directly
// from this file rather than through Eigen's EIGEN_USE_BLAS: that macro would have to be defined
// in every translation unit of every library (else Eigen's product templates differ between
// them, an ODR violation) and would reroute every product of the optimizers too.
//
// Threads (optim/parallel/thread_pool.hpp: those of the current run context): C is cut into a
// fixed set of column (or row) blocks that depends only on the shape m x n, never on the thread
// count; each block is one single-threaded backend call, and the blocks are shared among the
// threads. Every element of C
// is therefore computed by the same call with the same summation order whatever the number of
// threads, so training is bit-identical for --threads 1, 2, ... (tests/nn/test_gemm.cpp).
#include "optim/run_context.hpp"
#include "optim/types.hpp"

namespace optim::nn {

// C (m x n) = op(A) op(B) with op(X) = X^T when the flag is set, by the backend of the current
// run context (optim/run_context.hpp: RunContext::gemm) on its threads. No aliasing between C and
// the operands; no heap allocation after the first call of a shape (the packing buffers of both
// backends are preallocated or on the stack).
// (Two plain overloads rather than a template: clang 14 mangled the explicit instantiations of a
// template taking Eigen::Ref differently in different translation units.)
void gemm(const Eigen::Ref<const Mat<float>>& a, bool trans_a,
          const Eigen::Ref<const Mat<float>>& b, bool trans_b, Eigen::Ref<Mat<float>> c);
void gemm(const Eigen::Ref<const Mat<double>>& a, bool trans_a,
          const Eigen::Ref<const Mat<double>>& b, bool trans_b, Eigen::Ref<Mat<double>> c);

// The fixed partition used by gemm(): number of blocks and whether they split C's columns (true)
// or rows (false). Exposed for the benchmark and the tests.
struct GemmSplit {
  Index blocks = 1;
  Index block_size = 0;
  bool by_columns = true;
};
GemmSplit gemm_split(Index m, Index n);

}  // namespace optim::nn
