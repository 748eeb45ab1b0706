#include "common.hpp"

#include <algorithm>
#include <set>
#include <sstream>
#include <vector>

#include "command.hpp"
#include "optim/registry.hpp"
#include "range_checks.hpp"
#include "resource_limits.hpp"

namespace optim::cli {

std::vector<double> parse_list(const std::string& text, const std::string& flag) {
  std::vector<double> out;
  std::stringstream ss(text);
  std::string item;
  while (std::getline(ss, item, ',')) {
    try {
      size_t used = 0;
      out.push_back(std::stod(item, &used));
      if (used != item.size()) throw std::invalid_argument(item);
    } catch (const std::exception&) {
      throw UsageError(flag + ": '" + item + "' is not a number (expected a comma-separated list)");
    }
  }
  if (out.empty()) throw UsageError(flag + ": empty list");
  return out;
}

void add_threads_flag(CLI::App& app, int& threads) {
  app.add_option("--threads", threads,
                 "threads of the parallel passes (results identical for any count)")
      ->check(in_range(1, max_threads()));
}

void add_gemm_flag(CLI::App& app, std::string& gemm) {
  app.add_option("--gemm", gemm, "matrix-product backend: blas (default if built) | eigen")
      ->check(CLI::IsMember({"blas", "eigen"}));
}

RunContext run_context(int threads, const std::string& gemm) {
  RunContext c;
  c.threads = threads;
  if (!gemm.empty()) c.gemm = parse_gemm_backend(gemm);
  if (c.gemm == GemmBackend::Blas && !blas_available()) {
    throw UsageError("--gemm " + gemm +
                     ": OpenBLAS is not in this build (configure with -DOPTIM_BLAS=ON and "
                     "libopenblas-dev installed), use --gemm eigen");
  }
  c.validate();
  return c;
}

void add_stop_flags(CLI::App& app, StopFlags& flags) {
  auto* g = "Stopping criteria";
  app.add_option("--gtol", flags.stop.gtol, "stop when |g| <= gtol")
      ->capture_default_str()
      ->group(g);
  app.add_option("--gtol-rel", flags.stop.gtol_rel, "stop when |g| <= gtol_rel |g0| (0 off)")
      ->group(g);
  app.add_option("--xtol", flags.stop.xtol, "stop when |dx| <= xtol (1 + |x|) (0 off)")->group(g);
  app.add_option("--ftol", flags.stop.ftol, "stop when |df| <= ftol max(|f|, tiny) (0 off)")
      ->group(g);
  app.add_option("--max-iter", flags.stop.max_iter, "iteration limit")
      ->capture_default_str()
      ->group(g);
  app.add_option("--max-evals", flags.stop.max_evals, "f-evaluation limit (0 none)")->group(g);
  app.add_option("--time-limit", flags.stop.time_limit_s, "wall-time limit in seconds (0 none)")
      ->group(g);
  app.add_option("--norm", flags.norm, "gradient norm for the gtol test")
      ->check(CLI::IsMember({"inf", "2"}))
      ->capture_default_str()
      ->group(g);
}

StopOptions StopFlags::resolve() const {
  StopOptions s = stop;
  s.grad_norm = norm == "2" ? NormKind::Two : NormKind::Inf;
  // StopOptions checks its fields under their own names; the messages name the flags.
  UserSettings names;
  names.name_option("gtol", "--gtol", shortest(s.gtol));
  names.name_option("gtol_rel", "--gtol-rel", shortest(s.gtol_rel));
  names.name_option("xtol", "--xtol", shortest(s.xtol));
  names.name_option("ftol", "--ftol", shortest(s.ftol));
  names.name_option("max_iter", "--max-iter", std::to_string(s.max_iter));
  names.name_option("max_evals", "--max-evals", std::to_string(s.max_evals));
  names.name_option("time_limit_s", "--time-limit", shortest(s.time_limit_s));
  names.restate_errors([&] { s.validate(); });
  return s;
}

std::string default_mnist_dir() {
  const char* env = std::getenv("OPTIM_DATA_DIR");
  if (env != nullptr) return std::string(env) + "/mnist";
  return std::string(OPTIM_SOURCE_DIR) + "/data/mnist";
}

template <class S>
nlohmann::json result_json(const Result<S>& r) {
  nlohmann::json j;
  j["status"] = std::string(to_string(r.status));
  j["message"] = r.message;
  j["method"] = r.method;
  j["x"] = std::vector<double>(r.x.data(), r.x.data() + r.x.size());
  j["f"] = static_cast<double>(r.f);
  j["grad_norm"] = static_cast<double>(r.grad_norm);
  j["iterations"] = r.iterations;
  j["f_evals"] = r.evals.f;
  j["g_evals"] = r.evals.g;
  j["h_evals"] = r.evals.h;
  j["time_s"] = r.time_s;
  if (r.hessian_source == HessianSource::GradientDifferences) {
    j["hessian_source"] = "gradient_differences";
  }
  if (r.bounded) {
    // On a box grad_norm is the projected-gradient norm ||P(x - g) - x||; the active bounds are
    // 0-based coordinate indices, as x.
    j["projected_grad_norm"] = static_cast<double>(r.grad_norm);
    j["start_projected"] = r.start_projected;
    j["active_bounds"] = {{"at_lower", r.active.at_lower},
                          {"at_upper", r.active.at_upper},
                          {"fixed", r.active.fixed},
                          {"count", r.active.count()}};
  }
  return j;
}

template <class S>
std::string result_summary(const Result<S>& r) {
  std::ostringstream os;
  os.precision(10);
  os << "status      " << to_string(r.status) << "\n"
     << "why         " << r.message << "\n"
     << "f           " << r.f << "\n"
     << (r.bounded ? "|P(x-g)-x|  " : "|g|         ") << r.grad_norm << "\n"
     << "x           ";
  // On a box, each coordinate on a bound is marked: [l] at its lower bound, [u] at its upper, [=]
  // fixed.
  std::vector<char> mark(static_cast<std::size_t>(r.x.size()), 0);
  if (r.bounded) {
    for (Index i : r.active.at_lower) mark[std::size_t(i)] = 'l';
    for (Index i : r.active.at_upper) mark[std::size_t(i)] = 'u';
    for (Index i : r.active.fixed) mark[std::size_t(i)] = '=';
  }
  const Index shown = std::min<Index>(r.x.size(), 10);
  for (Index i = 0; i < shown; ++i) {
    os << (i ? ", " : "") << r.x[i];
    if (mark[std::size_t(i)] != 0) os << " [" << mark[std::size_t(i)] << "]";
  }
  if (r.x.size() > shown) os << ", ... (" << r.x.size() << " in all)";
  os << "\niterations  " << r.iterations << "\nevaluations f " << r.evals.f << ", g " << r.evals.g
     << ", h " << r.evals.h << "\ntime        " << r.time_s << " s\n";
  if (r.hessian_source == HessianSource::GradientDifferences) {
    os << "hessian     central differences of the exact gradient (the problem has no Hessian)\n";
  }
  if (r.bounded) {
    os << "bounds      " << r.active.summary()
       << (r.start_projected ? "; x0 was outside the box and was projected onto it" : "") << "\n";
  }
  return os.str();
}

template nlohmann::json result_json(const Result<float>&);
template nlohmann::json result_json(const Result<double>&);
template std::string result_summary(const Result<float>&);
template std::string result_summary(const Result<double>&);

}  // namespace optim::cli
