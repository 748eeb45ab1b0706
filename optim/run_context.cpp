#include "optim/run_context.hpp"

#include <stdexcept>

#include "optim/parallel/worker_team.hpp"

namespace optim {
namespace {

// The innermost scope open on this thread; a worker thread enters its team's scope.
thread_local const ContextScope* t_scope = nullptr;

}  // namespace

bool blas_available() {
  // Defined for this file alone by CMake when nn links OpenBLAS (the kernels live in nn/gemm.cpp).
#ifdef OPTIM_HAVE_OPENBLAS
  return true;
#else
  return false;
#endif
}

GemmBackend default_gemm_backend() {
  return blas_available() ? GemmBackend::Blas : GemmBackend::Eigen;
}

GemmBackend parse_gemm_backend(const std::string& name) {
  if (name == "eigen") return GemmBackend::Eigen;
  if (name == "blas" || name == "openblas") return GemmBackend::Blas;
  throw std::invalid_argument("unknown gemm backend '" + name + "' (known: eigen, blas)");
}

std::string to_string(GemmBackend b) {
  return b == GemmBackend::Blas ? "blas" : "eigen";
}

void RunContext::validate() const {
  if (threads < 1) {
    throw std::invalid_argument("threads = " + std::to_string(threads) + " must be >= 1");
  }
  if (gemm == GemmBackend::Blas && !blas_available()) {
    throw std::invalid_argument(
        "gemm backend 'blas' is not in this build (configure with -DOPTIM_BLAS=ON and "
        "libopenblas-dev installed)");
  }
}

ContextScope::ContextScope(const RunContext& context) : context_(context), previous_(t_scope) {
  context_.validate();
  if (previous_ != nullptr && previous_->context_ == context_) {
    team_ = previous_->team_;  // the run inside a run of the same context: no second team
  } else if (context_.threads > 1 && !detail::inside_parallel_pass()) {
    owned_ = std::make_unique<detail::WorkerTeam>(context_.threads, this);
    team_ = owned_.get();
  }
  t_scope = this;
}

ContextScope::~ContextScope() {
  t_scope = previous_;
  owned_.reset();  // joins the workers
}

const RunContext& current_context() {
  static const RunContext none;
  return t_scope != nullptr ? t_scope->context() : none;
}

namespace detail {

WorkerTeam* current_team() {
  return t_scope != nullptr ? t_scope->team_ : nullptr;
}

void enter_scope_as_worker(const ContextScope* scope) {
  t_scope = scope;
}

}  // namespace detail
}  // namespace optim
