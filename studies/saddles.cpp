#include "studies/saddles.hpp"

#include <Eigen/Eigenvalues>
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <numeric>
#include <random>
#include <stdexcept>
#include <string>

#include "nn/mlp_objective.hpp"
#include "nn/synthetic.hpp"
#include "optim/finite_difference.hpp"
#include "optim/minimize.hpp"
#include "optim/registry.hpp"

namespace optim::studies {

void SaddlesOptions::apply_full() {
  hidden = 6;
  starts = 300;
  goe_n = 1000;
}

void SaddlesOptions::validate() const {
  auto fail = [](const std::string& what) {
    throw std::invalid_argument("saddles study: " + what);
  };
  if (hidden < 1) fail("hidden must be >= 1");
  if (samples < 2) fail("samples must be >= 2");
  if (starts < 5) fail("starts must be >= 5");
  if (max_iter < 1) fail("max_iter must be >= 1");
  if (!(gtol > 0) || !std::isfinite(gtol)) fail("gtol must be > 0");
  if (goe_n < 2) fail("goe_n must be >= 2");
  if (!(low_fraction > 0 && low_fraction <= 0.5)) fail("low_fraction must be in (0, 0.5]");
  if (!(low_minima >= 0 && low_minima <= 1)) fail("low_minima must be in [0, 1]");
  if (!(max_ks > 0 && max_ks < 1)) fail("max_ks must be in (0, 1)");
  if (!(min_rank_correlation >= -1 && min_rank_correlation <= 1))
    fail("min_rank_correlation must be in [-1, 1]");
}

double semicircle_cdf(double x) {
  if (x <= -2) return 0;
  if (x >= 2) return 1;
  return 0.5 + x * std::sqrt(4 - x * x) / (4 * M_PI) + std::asin(x / 2) / M_PI;
}

double ks_to_semicircle(std::vector<double> v) {
  if (v.empty()) throw std::invalid_argument("ks_to_semicircle: empty sample");
  std::sort(v.begin(), v.end());
  const double n = double(v.size());
  double d = 0;
  for (size_t i = 0; i < v.size(); ++i) {
    // The empirical function jumps from i/n to (i+1)/n at v[i]: both sides of the jump count.
    const double f = semicircle_cdf(v[i]);
    d = std::max({d, std::abs(f - double(i) / n), std::abs(double(i + 1) / n - f)});
  }
  return d;
}

namespace {

std::vector<double> ranks(const std::vector<double>& a) {
  std::vector<size_t> order(a.size());
  std::iota(order.begin(), order.end(), size_t(0));
  std::sort(order.begin(), order.end(), [&](size_t i, size_t j) { return a[i] < a[j]; });
  std::vector<double> r(a.size());
  for (size_t i = 0; i < order.size();) {
    size_t j = i;
    while (j + 1 < order.size() && a[order[j + 1]] == a[order[i]]) ++j;
    const double mean_rank = 0.5 * double(i + j) + 1;  // ranks i+1 .. j+1
    for (size_t k = i; k <= j; ++k) r[order[k]] = mean_rank;
    i = j + 1;
  }
  return r;
}

// Uniform on [0, 1) from the top 53 bits, and standard normals by Box-Muller: the same numbers
// on every platform (std::normal_distribution is implementation-defined).
double uniform01(std::mt19937_64& rng) {
  return double(rng() >> 11) * 0x1.0p-53;
}
double normal(std::mt19937_64& rng) {
  const double u = 1 - uniform01(rng);  // (0, 1]
  const double v = uniform01(rng);
  return std::sqrt(-2 * std::log(u)) * std::cos(2 * M_PI * v);
}

std::string g3(double v) {
  char b[32];
  std::snprintf(b, sizeof b, "%.3g", v);
  return b;
}

}  // namespace

double spearman(const std::vector<double>& a, const std::vector<double>& b) {
  if (a.size() != b.size() || a.size() < 2)
    throw std::invalid_argument("spearman: two samples of the same size >= 2 needed");
  const std::vector<double> ra = ranks(a), rb = ranks(b);
  const double mean = 0.5 * double(a.size() + 1);
  double sab = 0, saa = 0, sbb = 0;
  for (size_t i = 0; i < a.size(); ++i) {
    sab += (ra[i] - mean) * (rb[i] - mean);
    saa += (ra[i] - mean) * (ra[i] - mean);
    sbb += (rb[i] - mean) * (rb[i] - mean);
  }
  return saa > 0 && sbb > 0 ? sab / std::sqrt(saa * sbb) : 0;
}

bool find_critical_point(const GradientSystem& f, Vec<double>& x, double gtol, int max_iter,
                         int* iterations) {
  const Index n = x.size();
  // Sized once: the steps below do not allocate.
  Vec<double> g(n), g_try(n), x_try(n), d(n), hg(n);
  Mat<double> h(n, n), hh(n, n), a(n, n);
  Eigen::LDLT<Mat<double>> ldlt(n);
  f.value_and_gradient(x, &g);
  double mu = 1e-3;
  int k = 0;
  for (; k < max_iter && g.norm() > gtol; ++k) {
    f.hessian(x, &h);
    hg.noalias() = h * g;
    hh.noalias() = h * h;
    bool accepted = false;
    // Levenberg-Marquardt on r = g, J = H: (J^T J + mu I) d = -J^T r, with J^T = H.
    while (mu <= 1e12) {
      a = hh;
      a.diagonal().array() += mu * std::max(1.0, hh.diagonal().maxCoeff());
      ldlt.compute(a);
      d = ldlt.solve(hg);
      x_try = x - d;
      const double v = f.value_and_gradient(x_try, &g_try);
      if (std::isfinite(v) && g_try.allFinite() && g_try.squaredNorm() < g.squaredNorm()) {
        x = x_try;
        g = g_try;
        mu = std::max(mu / 3, 1e-12);
        accepted = true;
        break;
      }
      mu *= 4;
    }
    if (!accepted) break;  // a stationary point of ||g||^2 that is no zero of g
  }
  if (iterations) *iterations = k;
  return g.norm() <= gtol;
}

SaddlesStudy run_saddles_study(const SaddlesOptions& o) {
  o.validate();
  SaddlesStudy s;
  s.options = o;
  const nn::Dataset<double> data = nn::make_sine<double>(o.samples, 0.1, o.seed);
  nn::NetworkSpec spec{{1, o.hidden, 1}};
  spec.hidden = nn::Activation::Tanh;
  spec.loss = nn::Loss::Mse;
  nn::Network<double> net(spec);
  nn::MlpObjective<double> loss(net, data);
  FiniteDifference<double> fd(loss, {.scheme = FdScheme::Central, .use_inner_gradient = true});
  s.dim = loss.dim();
  GradientSystem system{[&](const Vec<double>& x, Vec<double>* g) { return loss.evaluate(x, g); },
                        [&](const Vec<double>& x, Mat<double>* h) { fd.hessian(x, h); }};
  std::mt19937_64 rng(o.seed);
  // The minimum seeker of the odd starts: L-BFGS to ||g||_inf <= gtol / sqrt(n), so that the
  // 2-norm test below holds too.
  const auto lbfgs = make_method<double>("lbfgs");
  StopOptions stop;
  stop.gtol = o.gtol / std::sqrt(double(s.dim));
  stop.max_iter = 20 * o.max_iter;
  Mat<double> h(s.dim, s.dim);
  Vec<double> g(s.dim);
  for (int start = 0; start < o.starts; ++start) {
    // Starts of every scale, from near the origin (where the tanh units are nearly linear and
    // the saddles of symmetric units sit) to weights of size 3 (saturated units).
    const double scale = 0.1 + 2.9 * uniform01(rng);
    Vec<double> x(s.dim);
    for (Index i = 0; i < s.dim; ++i) x[i] = scale * normal(rng);
    int iters = 0;
    CriticalPointRow row;
    row.by_descent = start % 2 == 1;
    if (row.by_descent) {
      const Result<double> r = minimize<double>(loss, x, *lbfgs, stop);
      x = r.x;
      iters = int(r.iterations);
    } else {
      (void)find_critical_point(system, x, o.gtol, o.max_iter, &iters);
    }
    if (!(loss.evaluate(x, &g) >= 0) || !(g.norm() <= o.gtol)) {
      ++(row.by_descent ? s.failed_descent : s.failed);
      continue;
    }
    row.loss = loss.evaluate(x, &g);
    row.grad_norm = g.norm();
    row.iterations = iters;
    fd.hessian(x, &h);
    const Eigen::SelfAdjointEigenSolver<Mat<double>> eig(h, Eigen::EigenvaluesOnly);
    const Vec<double>& lambda = eig.eigenvalues();
    // Central differences of an exact gradient carry a relative error near 1e-7 (the step rule
    // of finite_difference.hpp): eigenvalues within 1e-6 of the largest count as zero (flat
    // directions of the network's symmetries), neither negative nor positive.
    const double tol = 1e-6 * std::max(1.0, lambda.cwiseAbs().maxCoeff());
    row.dim = s.dim;
    for (Index i = 0; i < s.dim; ++i) {
      row.negative += lambda[i] < -tol;
      row.zero += std::abs(lambda[i]) <= tol;
    }
    row.index = double(row.negative) / double(s.dim);
    s.points.push_back(row);
  }
  if (s.points.size() >= 2) {
    std::vector<double> losses, indices;
    for (const auto& p : s.points) {
      losses.push_back(p.loss);
      indices.push_back(p.index);
    }
    s.rank_correlation = spearman(losses, indices);
    std::vector<CriticalPointRow> sorted = s.points;
    std::sort(sorted.begin(), sorted.end(),
              [](const auto& a, const auto& b) { return a.loss < b.loss; });
    const size_t m =
        std::max<size_t>(1, size_t(std::floor(o.low_fraction * double(sorted.size()))));
    int low = 0, high = 0;
    for (size_t i = 0; i < m; ++i) {
      low += sorted[i].negative == 0;
      high += sorted[sorted.size() - 1 - i].negative == 0;
    }
    s.low_minimum_share = double(low) / double(m);
    s.high_minimum_share = double(high) / double(m);
  }
  // GOE: H = (G + G^T) / sqrt(2N).
  const Index n = o.goe_n;
  Mat<double> w(n, n);
  for (Index j = 0; j < n; ++j)
    for (Index i = 0; i < n; ++i) w(i, j) = normal(rng);
  const Mat<double> goe = (w + w.transpose()) / std::sqrt(2.0 * double(n));
  const Eigen::SelfAdjointEigenSolver<Mat<double>> eig(goe, Eigen::EigenvaluesOnly);
  s.goe_eigenvalues.assign(eig.eigenvalues().data(), eig.eigenvalues().data() + n);
  s.ks = ks_to_semicircle(s.goe_eigenvalues);
  s.goe_negative_share = double(std::count_if(s.goe_eigenvalues.begin(), s.goe_eigenvalues.end(),
                                              [](double l) { return l < 0; })) /
                         double(n);
  return s;
}

std::vector<Behaviour> saddles_claims(const SaddlesStudy& s) {
  const auto& o = s.options;
  Index by_descent = 0;
  for (const auto& p : s.points) by_descent += p.by_descent;
  const std::string setup =
      "MLP 1-" + std::to_string(o.hidden) + "-1 (tanh, mean squared error, " +
      std::to_string(s.dim) + " parameters) on " + std::to_string(o.samples) +
      " noisy sine points (seed " + std::to_string(o.seed) + "); " + std::to_string(o.starts) +
      " random starts of scale 0.1..3, half by Newton on ||grad||^2 (Levenberg-Marquardt), half "
      "by L-BFGS, to ||grad|| <= " +
      g3(o.gtol) +
      "; critical points found: " + std::to_string(Index(s.points.size()) - by_descent) +
      " by Newton (" + std::to_string(s.failed) + " starts did not converge), " +
      std::to_string(by_descent) + " by L-BFGS (" + std::to_string(s.failed_descent) + " did not)";
  Index minima = 0;
  for (const auto& p : s.points) minima += p.negative == 0;
  std::vector<Behaviour> out;
  const bool enough = s.points.size() >= 10;
  {
    Behaviour b;
    b.name = "index_grows_with_loss";
    b.source = "seed 002 \"Are there more Saddle points or local Minima?\"; Dauphin et al. 2014";
    b.claim =
        "Random Matrix Theory: the lower J is, the more likely to find positive "
        "eigenvalues; most critical points with higher cost J should be saddle points.";
    b.setup = setup;
    b.criterion =
        "agrees when at least 10 critical points were found and Spearman's rank "
        "correlation of (loss, index) is at least " +
        g3(o.min_rank_correlation);
    b.measured = {{"critical_points", double(s.points.size())},
                  {"by_lbfgs", double(by_descent)},
                  {"minima", double(minima)},
                  {"rank_correlation", s.rank_correlation}};
    b.agrees = enough && s.rank_correlation >= o.min_rank_correlation;
    b.verdict = std::to_string(s.points.size()) + " critical points (" + std::to_string(minima) +
                " minima); Spearman's rho of loss and index " + g3(s.rank_correlation);
    b.picture = "saddles";
    out.push_back(std::move(b));
  }
  {
    Behaviour b;
    b.name = "low_loss_minima";
    b.source = "seed 002 \"GOOD NEWS\"; Dauphin et al. 2014";
    b.claim = "Most local minima should have a low cost J associated with them.";
    b.setup = setup;
    b.criterion = "agrees when at least " + g3(100 * o.low_minima) + "% of the lowest-loss " +
                  g3(100 * o.low_fraction) +
                  "% of the critical points are minima (no negative eigenvalue) and that share "
                  "is above the highest-loss " +
                  g3(100 * o.low_fraction) + "%'s";
    b.measured = {{"low_loss_minimum_share", s.low_minimum_share},
                  {"high_loss_minimum_share", s.high_minimum_share}};
    b.agrees =
        enough && s.low_minimum_share >= o.low_minima && s.low_minimum_share > s.high_minimum_share;
    b.verdict = "minima among the lowest-loss points " + g3(100 * s.low_minimum_share) +
                "%, among the highest-loss " + g3(100 * s.high_minimum_share) + "%";
    b.picture = "saddles";
    out.push_back(std::move(b));
  }
  {
    Behaviour b;
    b.name = "wigner_semicircle";
    b.source = "seed 002 \"Random Matrix Theory provides further insight\"; Wigner 1958";
    b.claim =
        "For a random Hessian the sign of each eigenvalue is random: its spectrum follows "
        "Wigner's semicircle, half of it negative.";
    b.setup = "GOE matrix (G + G^T)/sqrt(2N), N = " + std::to_string(o.goe_n) +
              ", G with independent standard normal entries";
    b.criterion =
        "agrees when the Kolmogorov-Smirnov distance between the eigenvalues' "
        "distribution and the semicircle's is at most " +
        g3(o.max_ks);
    b.measured = {{"ks_distance", s.ks},
                  {"negative_share", s.goe_negative_share},
                  {"smallest", s.goe_eigenvalues.front()},
                  {"largest", s.goe_eigenvalues.back()}};
    b.agrees = s.ks <= o.max_ks;
    b.verdict = "KS distance " + g3(s.ks) + "; eigenvalues in [" + g3(s.goe_eigenvalues.front()) +
                ", " + g3(s.goe_eigenvalues.back()) + "], " + g3(100 * s.goe_negative_share) +
                "% negative";
    b.picture = "saddles";
    out.push_back(std::move(b));
  }
  return out;
}

}  // namespace optim::studies
