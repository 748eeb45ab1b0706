// optim L-BFGS against libLBFGS (Okazaki, Debian liblbfgs-dev) in the same process, the speed
// target: extended Rosenbrock, n = 10^6 (override with argv[1]), start (-1.2, 1, ...), m = 6,
// More-Thuente line search (c1 = 1e-4, c2 = 0.9 in both), stop at ||g||_inf <= 1e-6.
// Both optimizers call the same fused value+gradient kernel, so only the optimizers differ.
// libLBFGS's own epsilon test is ||g||_2 / max(1, ||x||_2); it is disabled (epsilon = 0) and the
// run is stopped from its progress callback at the same absolute inf-norm test as ours.
// Plain timing harness: best wall time over `reps` runs (argv[2], default 3) of each.
#include <lbfgs.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <vector>

#include "optim/driver.hpp"
#include "optim/second_order/lbfgs.hpp"

namespace {

constexpr double kGtol = 1e-6;

// Extended Rosenbrock (MGH 1981 problem 21), value and gradient in one pass.
double rosenbrock_fused(const double* x, double* g, long n) {
  double f = 0;
  for (long i = 0; i + 1 < n; i += 2) {
    const double a = x[i], b = x[i + 1];
    const double t = b - a * a, u = 1.0 - a;
    f += 100.0 * t * t + u * u;
    g[i] = -400.0 * a * t - 2.0 * u;
    g[i + 1] = 200.0 * t;
  }
  return f;
}

double inf_norm(const double* g, long n) {
  double m = 0;
  for (long i = 0; i < n; ++i) m = std::max(m, std::abs(g[i]));
  return m;
}

void start_point(double* x, long n) {
  for (long i = 0; i < n; ++i) x[i] = (i % 2 == 0) ? -1.2 : 1.0;
}

// CPU time of this thread: on the shared machine the wall time includes the time the process
// waits for a core; the CPU time does not (memory-bandwidth contention still shows in both).
double thread_cpu_seconds() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + 1e-9 * static_cast<double>(ts.tv_nsec);
}

struct RunFigures {
  double seconds = 1e300;
  double cpu_seconds = 1e300;
  long iterations = 0, evals = 0;
  double f = 0, gnorm = 0;
  int code = 0;
};

class FusedRosenbrock final : public optim::Objective<double> {
 public:
  explicit FusedRosenbrock(optim::Index n) : n_(n) {}
  optim::Index dim() const override { return n_; }
  double evaluate(const optim::Vec<double>& x, optim::Vec<double>* grad) override {
    if (grad == nullptr) {
      scratch_.resize(n_);
      return rosenbrock_fused(x.data(), scratch_.data(), n_);
    }
    return rosenbrock_fused(x.data(), grad->data(), n_);
  }

 private:
  optim::Index n_;
  optim::Vec<double> scratch_;
};

RunFigures run_ours(long n) {
  FusedRosenbrock obj(n);
  optim::Vec<double> x0(n);
  start_point(x0.data(), n);
  optim::LbfgsParams p;
  p.m = 6;
  optim::Lbfgs<double> method(p);
  optim::StopOptions stop;
  stop.gtol = kGtol;
  stop.grad_norm = optim::NormKind::Inf;
  stop.max_iter = 100000;
  const double c0 = thread_cpu_seconds();
  const auto t0 = std::chrono::steady_clock::now();
  const auto res = optim::minimize<double>(obj, x0, method, stop, {});
  RunFigures r;
  r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  r.cpu_seconds = thread_cpu_seconds() - c0;
  r.iterations = res.iterations;
  r.evals = res.evals.f;
  r.f = res.f;
  r.gnorm = res.grad_norm;
  r.code = static_cast<int>(res.status);
  return r;
}

struct PeerCounters {
  long evals = 0;
  long iterations = 0;
  double gnorm = 0;
};

lbfgsfloatval_t peer_evaluate(void* inst, const lbfgsfloatval_t* x, lbfgsfloatval_t* g, int n,
                              lbfgsfloatval_t) {
  ++static_cast<PeerCounters*>(inst)->evals;
  return rosenbrock_fused(x, g, n);
}

int peer_progress(void* inst, const lbfgsfloatval_t*, const lbfgsfloatval_t* g, lbfgsfloatval_t,
                  lbfgsfloatval_t, lbfgsfloatval_t, lbfgsfloatval_t, int n, int k, int) {
  auto* c = static_cast<PeerCounters*>(inst);
  c->iterations = k;
  c->gnorm = inf_norm(g, n);  // the same stopping test as ours: ||g||_inf <= 1e-6
  return c->gnorm <= kGtol ? 1 : 0;
}

RunFigures run_peer(long n) {
  lbfgsfloatval_t* x = lbfgs_malloc(static_cast<int>(n));
  start_point(x, n);
  lbfgs_parameter_t param;
  lbfgs_parameter_init(&param);
  param.m = 6;
  param.epsilon = 0;  // stopped by peer_progress instead
  param.linesearch = LBFGS_LINESEARCH_MORETHUENTE;
  param.ftol = 1e-4;  // c1
  param.gtol = 0.9;   // c2
  PeerCounters c;
  lbfgsfloatval_t fx = 0;
  const double c0 = thread_cpu_seconds();
  const auto t0 = std::chrono::steady_clock::now();
  const int code = lbfgs(static_cast<int>(n), x, &fx, peer_evaluate, peer_progress, &c, &param);
  RunFigures r;
  r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  r.cpu_seconds = thread_cpu_seconds() - c0;
  r.iterations = c.iterations;
  r.evals = c.evals;
  r.f = fx;
  r.gnorm = c.gnorm;
  r.code = code;
  lbfgs_free(x);
  return r;
}

void print(const char* who, const RunFigures& r) {
  std::printf(
      "%-9s wall %.3f s  cpu %.3f s  iterations %ld  evaluations %ld  f %.3e  |g|_inf %.2e  code "
      "%d\n",
      who, r.seconds, r.cpu_seconds, r.iterations, r.evals, r.f, r.gnorm, r.code);
}

}  // namespace

int main(int argc, char** argv) {
  const long n = argc > 1 ? std::atol(argv[1]) : 1000000;
  const int reps = argc > 2 ? std::atoi(argv[2]) : 3;
  if (n < 2 || n % 2 != 0 || reps < 1) {
    std::fprintf(stderr, "usage: bench_lbfgs_peers [n (even, >= 2)] [reps (>= 1)]\n");
    return 2;
  }
  std::printf("extended Rosenbrock n = %ld, m = 6, ||g||_inf <= %g, best of %d\n", n, kGtol, reps);
  RunFigures ours, peer;
  for (int i = 0; i < reps; ++i) {
    const RunFigures a = run_ours(n), b = run_peer(n);
    // Best of the repetitions, wall and CPU time taken separately.
    const double ow = std::min(ours.seconds, a.seconds),
                 oc = std::min(ours.cpu_seconds, a.cpu_seconds);
    const double pw = std::min(peer.seconds, b.seconds),
                 pc = std::min(peer.cpu_seconds, b.cpu_seconds);
    ours = a;
    peer = b;
    ours.seconds = ow, ours.cpu_seconds = oc, peer.seconds = pw, peer.cpu_seconds = pc;
  }
  print("optim", ours);
  print("libLBFGS", peer);
  std::printf(
      "speed-up (libLBFGS / optim): wall %.2fx, cpu %.2fx; evaluations optim/libLBFGS: %ld/%ld\n",
      peer.seconds / ours.seconds, peer.cpu_seconds / ours.cpu_seconds, ours.evals, peer.evals);
  return 0;
}
