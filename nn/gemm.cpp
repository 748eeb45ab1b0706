// Eigen's GEMM packs blocks of the operands into a scratch buffer that it takes from the stack up
// to EIGEN_STACK_ALLOCATION_LIMIT bytes (default 128 KiB) and from the heap beyond. A block of the
// first layer of a 784-wide input needs ~160 KiB, so this translation unit (which owns the
// network's products) raises the limit to 1 MiB: a training step then makes no heap allocation at
// all (tests/nn/test_no_alloc.cpp checks it with a counting allocator). The pool's worker threads
// get the process's default thread stack (8 MiB here), far above that.
#define EIGEN_STACK_ALLOCATION_LIMIT (1 << 20)
#include "nn/gemm.hpp"

#include <algorithm>
#include <atomic>
#include <mutex>
#include <stdexcept>

#include "optim/parallel/thread_pool.hpp"

#ifdef OPTIM_HAVE_OPENBLAS
#include <cblas.h>
#endif

namespace optim::nn {
namespace {

// Below this many flops a product runs on the calling thread: waking the team costs a few
// microseconds, about the time of a 2 MFLOP product.
constexpr double kParallelFlops = 2e6;

template <class S>
using ConstMap = Eigen::Map<const Mat<S>, 0, Eigen::OuterStride<>>;
template <class S>
using MutMap = Eigen::Map<Mat<S>, 0, Eigen::OuterStride<>>;

// One single-threaded product on raw column-major storage. op(A) is m x k, op(B) is k x n.
template <class S>
void eigen_block(bool ta, bool tb, Index m, Index n, Index k, const S* a, Index lda, const S* b,
                 Index ldb, S* c, Index ldc) {
  MutMap<S> cm(c, m, n, Eigen::OuterStride<>(ldc));
  const Index ar = ta ? k : m, ac = ta ? m : k, br = tb ? n : k, bc = tb ? k : n;
  ConstMap<S> am(a, ar, ac, Eigen::OuterStride<>(lda));
  ConstMap<S> bm(b, br, bc, Eigen::OuterStride<>(ldb));
  if (!ta && !tb)
    cm.noalias() = am * bm;
  else if (ta && !tb)
    cm.noalias() = am.transpose() * bm;
  else if (!ta && tb)
    cm.noalias() = am * bm.transpose();
  else
    cm.noalias() = am.transpose() * bm.transpose();
}

#ifdef OPTIM_HAVE_OPENBLAS
// Our threads call OpenBLAS concurrently, one block each; its own thread pool would only
// oversubscribe the cores, so it is set to one thread once (this overrides OPENBLAS_NUM_THREADS).
void openblas_single_threaded() {
  static std::once_flag once;
  std::call_once(once, [] { openblas_set_num_threads(1); });
}

void blas_block(bool ta, bool tb, Index m, Index n, Index k, const float* a, Index lda,
                const float* b, Index ldb, float* c, Index ldc) {
  cblas_sgemm(CblasColMajor, ta ? CblasTrans : CblasNoTrans, tb ? CblasTrans : CblasNoTrans,
              blasint(m), blasint(n), blasint(k), 1.0f, a, blasint(lda), b, blasint(ldb), 0.0f, c,
              blasint(ldc));
}
void blas_block(bool ta, bool tb, Index m, Index n, Index k, const double* a, Index lda,
                const double* b, Index ldb, double* c, Index ldc) {
  cblas_dgemm(CblasColMajor, ta ? CblasTrans : CblasNoTrans, tb ? CblasTrans : CblasNoTrans,
              blasint(m), blasint(n), blasint(k), 1.0, a, blasint(lda), b, blasint(ldb), 0.0, c,
              blasint(ldc));
}
#endif

}  // namespace

GemmSplit gemm_split(Index m, Index n) {
  // Blocks at least 64 wide keep both backends' register kernels (16 floats per AVX-512 vector,
  // 4-6 vectors per tile) at full efficiency; an even count balances two cores; block edges on
  // multiples of 16 keep the vector loads whole. The split depends on the shape alone, so the
  // result does not depend on the thread count.
  constexpr Index kMinBlock = 64, kAlign = 16;
  GemmSplit s;
  s.by_columns = n >= m;
  const Index dim = s.by_columns ? n : m;
  Index blocks = dim / kMinBlock;
  if (blocks <= 1) {
    s.blocks = 1;
    s.block_size = dim;
    return s;
  }
  if (blocks % 2 != 0) ++blocks;
  Index size = (dim + blocks - 1) / blocks;
  size = (size + kAlign - 1) / kAlign * kAlign;
  s.block_size = size;
  s.blocks = (dim + size - 1) / size;
  return s;
}

namespace {
template <class S>
void gemm_impl(const Eigen::Ref<const Mat<S>>& a, bool trans_a, const Eigen::Ref<const Mat<S>>& b,
               bool trans_b, Eigen::Ref<Mat<S>> c) {
  const Index m = trans_a ? a.cols() : a.rows(), k = trans_a ? a.rows() : a.cols();
  const Index kb = trans_b ? b.cols() : b.rows(), n = trans_b ? b.rows() : b.cols();
  if (k != kb || c.rows() != m || c.cols() != n) {
    throw std::invalid_argument("gemm: shapes do not match (" + std::to_string(m) + "x" +
                                std::to_string(k) + " times " + std::to_string(kb) + "x" +
                                std::to_string(n) + " into " + std::to_string(c.rows()) + "x" +
                                std::to_string(c.cols()) + ")");
  }
  if (m == 0 || n == 0) return;
  if (k == 0) {
    c.setZero();
    return;
  }
  // Leading dimensions as BLAS wants them (>= rows even for a single column).
  const Index lda = std::max(a.outerStride(), std::max<Index>(a.rows(), 1));
  const Index ldb = std::max(b.outerStride(), std::max<Index>(b.rows(), 1));
  const Index ldc = std::max(c.outerStride(), std::max<Index>(c.rows(), 1));
  const GemmSplit sp = gemm_split(m, n);
  const bool blas = current_context().gemm == GemmBackend::Blas;
#ifdef OPTIM_HAVE_OPENBLAS
  if (blas) openblas_single_threaded();
#endif
  auto block = [&](Index i) {
    const Index first = i * sp.block_size;
    const Index len = std::min(sp.block_size, (sp.by_columns ? n : m) - first);
    const S* pa = a.data();
    const S* pb = b.data();
    S* pc = c.data();
    Index bm = m, bn = n;
    if (sp.by_columns) {  // columns first.. of op(B) and C
      pb += trans_b ? first : first * ldb;
      pc += first * ldc;
      bn = len;
    } else {  // rows first.. of op(A) and C
      pa += trans_a ? first * lda : first;
      pc += first;
      bm = len;
    }
#ifdef OPTIM_HAVE_OPENBLAS
    if (blas) {
      blas_block(trans_a, trans_b, bm, bn, k, pa, lda, pb, ldb, pc, ldc);
      return;
    }
#endif
    (void)blas;
    eigen_block<S>(trans_a, trans_b, bm, bn, k, pa, lda, pb, ldb, pc, ldc);
  };
  if (2.0 * double(m) * double(n) * double(k) >= kParallelFlops) {
    parallel_chunks(sp.blocks, block);
  } else {
    for (Index i = 0; i < sp.blocks; ++i) block(i);
  }
}
}  // namespace

void gemm(const Eigen::Ref<const Mat<float>>& a, bool trans_a,
          const Eigen::Ref<const Mat<float>>& b, bool trans_b, Eigen::Ref<Mat<float>> c) {
  gemm_impl<float>(a, trans_a, b, trans_b, c);
}
void gemm(const Eigen::Ref<const Mat<double>>& a, bool trans_a,
          const Eigen::Ref<const Mat<double>>& b, bool trans_b, Eigen::Ref<Mat<double>> c) {
  gemm_impl<double>(a, trans_a, b, trans_b, c);
}

}  // namespace optim::nn
