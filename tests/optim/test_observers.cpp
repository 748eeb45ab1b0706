// Observers: trace recorder (CSV/JSON after a real run, atomic files), printer lines, progress
// bar (terminal only, rate limit), early stopping and divergence guard firing with their Status.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <limits>
#include <nlohmann/json.hpp>
#include <sstream>

#include "optim/observers/atomic_file.hpp"
#include "optim/observers/divergence_guard.hpp"
#include "optim/observers/early_stopping.hpp"
#include "optim/observers/iteration_printer.hpp"
#include "optim/observers/progress_bar.hpp"
#include "optim/observers/trace_recorder.hpp"
#include "optim/optim.hpp"
#include "support/test_support.hpp"

namespace optim {
namespace {

namespace fs = std::filesystem;

// f(x) = 1/2 sum_i d_i x_i^2 with d = (1, 2, 3): gradient d .* x.
template <class S>
class Diag : public Objective<S> {
 public:
  Index dim() const override { return 3; }
  S evaluate(const Vec<S>& x, Vec<S>* g) override {
    S f = 0;
    for (Index i = 0; i < 3; ++i) {
      f += S(0.5) * S(i + 1) * x[i] * x[i];
      if (g) (*g)[i] = S(i + 1) * x[i];
    }
    return f;
  }
};

template <class S>
FirstOrder<S> gd(double lr) {
  return FirstOrder<S>(std::make_shared<GradientDescent<S>>(GradientDescentParams{lr}));
}

std::string read_all(const fs::path& p) {
  std::ifstream is(p);
  std::stringstream ss;
  ss << is.rdbuf();
  return ss.str();
}

std::vector<std::string> split(const std::string& s, char sep) {
  std::vector<std::string> out;
  std::string cur;
  std::istringstream is(s);
  while (std::getline(is, cur, sep)) out.push_back(cur);
  return out;
}

// A fresh directory per test under the system temp dir.
fs::path temp_dir(const std::string& name) {
  const fs::path d = fs::path(optim::testing::temp_path("obs_" + name));
  fs::remove_all(d);
  fs::create_directories(d);
  return d;
}

TEST(TraceRecorder, CsvAfterAGradientDescentRun) {
  Diag<double> obj;
  TraceRecorder<double> trace(/*record_x=*/true);
  Observer<double>* obs[] = {&trace};
  StopOptions stop;
  stop.max_iter = 7;
  stop.gtol = 0;
  const Vec<double> x0 = Vec<double>::Ones(3);
  const auto res = minimize<double>(obj, x0, gd<double>(0.1), stop, obs);
  ASSERT_EQ(res.status, Status::MaxIterations);
  ASSERT_EQ(trace.rows().size(), 8u);  // k = 0..7

  const fs::path dir = temp_dir("csv");
  trace.write((dir / "t.csv").string());
  const auto lines = split(read_all(dir / "t.csv"), '\n');
  ASSERT_EQ(lines.size(), 9u);
  EXPECT_EQ(lines[0], "k,f,grad_norm,step_norm,lr,f_evals,g_evals,h_evals,time_s,x0,x1,x2");
  // Row 0: the start, f = 1/2 (1 + 2 + 3) = 3, |g|_inf = 3, one evaluation.
  auto r0 = split(lines[1], ',');
  ASSERT_EQ(r0.size(), 12u);
  EXPECT_EQ(r0[0], "0");
  EXPECT_EQ(std::stod(r0[1]), 3.0);
  EXPECT_EQ(std::stod(r0[2]), 3.0);
  EXPECT_EQ(r0[5], "1");
  EXPECT_EQ(r0[9], "1");
  // Row k: GD on a diagonal quadratic gives x_i = (1 - 0.1 d_i)^k exactly as computed, so each
  // row's x and f follow the formula (to rounding), and counters grow by one per iteration.
  for (int k = 1; k <= 7; ++k) {
    auto r = split(lines[static_cast<std::size_t>(k) + 1], ',');
    ASSERT_EQ(r.size(), 12u);
    EXPECT_EQ(std::stoi(r[0]), k);
    double f = 0;
    for (int i = 0; i < 3; ++i) {
      const double xi = std::pow(1.0 - 0.1 * (i + 1), k);
      EXPECT_NEAR(std::stod(r[9 + static_cast<std::size_t>(i)]), xi, 1e-15);
      f += 0.5 * (i + 1) * xi * xi;
    }
    EXPECT_NEAR(std::stod(r[1]), f, 1e-15);
    EXPECT_EQ(std::stod(r[4]), 0.1);  // lr
    EXPECT_EQ(std::stoi(r[5]), k + 1);
    EXPECT_EQ(std::stoi(r[6]), k + 1);
    EXPECT_EQ(std::stoi(r[7]), 0);
    EXPECT_GT(std::stod(r[3]), 0.0);  // step norm
  }
  // The last row is the returned point (GD is monotone here).
  EXPECT_EQ(std::stod(split(lines[8], ',')[1]), res.f);
  fs::remove_all(dir);
}

TEST(TraceRecorder, JsonAfterARunParsesAndMatchesTheRows) {
  Diag<float> obj;
  TraceRecorder<float> trace;  // no x
  Observer<float>* obs[] = {&trace};
  StopOptions stop;
  stop.gtol = 1e-3;
  const auto res = minimize<float>(obj, Vec<float>::Ones(3), gd<float>(0.3), stop, obs);
  ASSERT_EQ(res.status, Status::ConvergedGradient);
  const fs::path dir = temp_dir("json");
  trace.write((dir / "t.json").string());
  const auto j = nlohmann::json::parse(read_all(dir / "t.json"));
  EXPECT_EQ(j["status"], "converged_gradient");
  EXPECT_EQ(j["method"], "gd");
  EXPECT_EQ(j["message"], res.message);
  EXPECT_EQ(j["columns"].size(), 9u);
  ASSERT_EQ(j["records"].size(), static_cast<std::size_t>(res.iterations) + 1);
  for (std::size_t r = 0; r < j["records"].size(); ++r) {
    const auto& rec = j["records"][r];
    EXPECT_EQ(rec["k"], static_cast<int>(r));
    EXPECT_EQ(rec["f"].get<double>(), trace.rows()[r].f);  // shortest round-trip text
    EXPECT_FALSE(rec.contains("x"));
  }
  EXPECT_LE(j["records"].back()["grad_norm"].get<double>(), 1e-3);
  fs::remove_all(dir);
}

TEST(TraceRecorder, NonFiniteNumbersAreNullInJsonAndNanInCsv) {
  TraceRecorder<double> trace;
  IterationRecord<double> r;
  r.f = 1.0;
  trace.on_start(r);
  r.k = 1;
  r.f = std::numeric_limits<double>::quiet_NaN();
  r.grad_norm = std::numeric_limits<double>::infinity();
  trace.on_iteration(r);
  std::ostringstream js, cs;
  trace.write_json(js);
  trace.write_csv(cs);
  const auto j = nlohmann::json::parse(js.str());
  EXPECT_TRUE(j["records"][1]["f"].is_null());
  EXPECT_TRUE(j["records"][1]["grad_norm"].is_null());
  EXPECT_NE(cs.str().find("1,nan,inf,"), std::string::npos) << cs.str();
}

TEST(TraceRecorder, BadPathsAndAtomicWrites) {
  TraceRecorder<double> trace;
  EXPECT_THROW(TraceRecorder<double>::check_path("trace.txt"), std::invalid_argument);
  EXPECT_NO_THROW(TraceRecorder<double>::check_path("a/b.json"));
  const fs::path dir = temp_dir("atomic");
  // A directory that does not exist: runtime_error, and nothing is created.
  EXPECT_THROW(trace.write((dir / "missing" / "t.csv").string()), std::runtime_error);
  EXPECT_FALSE(fs::exists(dir / "missing"));
  // A writer failing half-way leaves neither the target nor the temporary file, and an existing
  // target keeps its old content.
  const fs::path target = dir / "out.csv";
  write_file_atomically(target.string(), [](std::ostream& os) { os << "old\n"; });
  EXPECT_THROW(write_file_atomically(target.string(),
                                     [](std::ostream& os) {
                                       os << "partial";
                                       throw std::runtime_error("interrupted");
                                     }),
               std::runtime_error);
  EXPECT_EQ(read_all(target), "old\n");
  EXPECT_EQ(std::distance(fs::directory_iterator(dir), fs::directory_iterator{}), 1);
  fs::remove_all(dir);
}

TEST(IterationPrinter, PrintsHeaderEveryNthLineAndTheLastOne) {
  Diag<double> obj;
  std::ostringstream out;
  IterationPrinter<double> printer(out, 3);
  Observer<double>* obs[] = {&printer};
  StopOptions stop;
  stop.max_iter = 7;
  stop.gtol = 0;
  minimize<double>(obj, Vec<double>::Ones(3), gd<double>(0.1), stop, obs);
  const auto lines = split(out.str(), '\n');
  // header, k = 0, 3, 6, the last (7), status
  ASSERT_EQ(lines.size(), 6u) << out.str();
  EXPECT_NE(lines[0].find("|g|"), std::string::npos);
  const int ks[] = {0, 3, 6, 7};
  for (int i = 0; i < 4; ++i) {
    std::istringstream is(lines[static_cast<std::size_t>(i) + 1]);
    long long k = -1;
    double f = -1;
    is >> k >> f;
    EXPECT_EQ(k, ks[i]);
    if (i == 0) {
      EXPECT_DOUBLE_EQ(f, 3.0);
    }
  }
  EXPECT_EQ(lines[5].rfind("status: max_iterations: reached the iteration limit 7", 0), 0u)
      << lines[5];
  EXPECT_THROW(IterationPrinter<double>(out, 0), std::invalid_argument);
}

TEST(ProgressBar, SilentWhenNotATerminal) {
  int fds[2];
  ASSERT_EQ(::pipe(fds), 0);
  std::ostringstream out;
  ProgressBarOptions o;
  o.fd = fds[1];  // a pipe is not a terminal
  ProgressBar<double> bar(100, out, o);
  EXPECT_FALSE(bar.enabled());
  Diag<double> obj;
  Observer<double>* obs[] = {&bar};
  StopOptions stop;
  stop.max_iter = 100;
  minimize<double>(obj, Vec<double>::Ones(3), gd<double>(0.1), stop, obs);
  EXPECT_TRUE(out.str().empty());
  ::close(fds[0]);
  ::close(fds[1]);
  EXPECT_THROW(ProgressBar<double>(0, out), std::invalid_argument);
  o.min_interval_s = -1;
  EXPECT_THROW(ProgressBar<double>(10, out, o), std::invalid_argument);
}

TEST(ProgressBar, RendersAtMostEveryMinInterval) {
  std::ostringstream out;
  ProgressBarOptions o;
  o.force = true;
  o.width = 10;
  ProgressBar<double> bar(10, out, o);
  IterationRecord<double> r;
  r.f = 2.0;
  bar.on_start(r);  // render 1 at t = 0
  // Times 0.01 and 0.05 are within 0.1 s of the last render; 0.11 is not; 0.15 is within 0.1
  // of 0.11; 0.25 is not: renders at 0, 0.11, 0.25.
  const double times[] = {0.01, 0.05, 0.11, 0.15, 0.25};
  for (int k = 1; k <= 5; ++k) {
    r.k = k;
    r.time_s = times[k - 1];
    bar.on_iteration(r);
  }
  EXPECT_EQ(bar.renders(), 3);
  Result<double> res;
  res.iterations = 10;
  res.f = 0.5;
  res.time_s = 0.3;
  bar.on_finish(res);
  EXPECT_EQ(bar.renders(), 4);
  const std::string s = out.str();
  EXPECT_EQ(std::count(s.begin(), s.end(), '\r'), 4);
  // The middle render (k = 3 of 10) and the final one at 100%.
  EXPECT_NE(s.find("[###.......]  30%  3/10"), std::string::npos) << s;
  EXPECT_NE(s.find("[##########] 100%  10/10  f=5.000e-01"), std::string::npos) << s;
  EXPECT_EQ(s.back(), '\n');
}

TEST(EarlyStopping, FiresAfterPatienceRecordsWithoutImprovement) {
  EarlyStopping<double> es({/*patience=*/3, /*min_delta=*/0.1});
  IterationRecord<double> r;
  r.f = 10.0;
  es.on_start(r);
  // 9.0 improves (by 1 > 0.1); 8.95 and 8.92 do not (by < 0.1 on the best 9.0); 8.85 does
  // (9.0 - 8.85 = 0.15); then three non-improvements stop the run at the third.
  const double fs_[] = {9.0, 8.95, 8.92, 8.85, 8.8, 8.9, 8.76};
  const Status expect[] = {Status::Running, Status::Running, Status::Running,     Status::Running,
                           Status::Running, Status::Running, Status::EarlyStopped};
  for (int k = 0; k < 7; ++k) {
    r.k = k + 1;
    r.f = fs_[k];
    EXPECT_EQ(es.on_iteration(r), expect[k]) << "record " << k + 1;
  }
  EXPECT_EQ(es.best_f(), 8.85);
  EXPECT_EQ(es.best_k(), 4);
  EXPECT_THROW(EarlyStopping<double>({0, 0.0}), std::invalid_argument);
  EXPECT_THROW(EarlyStopping<double>({3, -1.0}), std::invalid_argument);
}

TEST(EarlyStopping, StopsARealRunWithEarlyStopped) {
  // GD with lr 1e-4 improves f by ~1e-3 per step (|g|^2 lr ~ 14e-4): below min_delta = 0.01, so
  // no record counts as an improvement and the run stops after exactly `patience` iterations.
  Diag<double> obj;
  EarlyStopping<double> es({5, 0.01});
  Observer<double>* obs[] = {&es};
  const auto res = minimize<double>(obj, Vec<double>::Ones(3), gd<double>(1e-4), {}, obs);
  EXPECT_EQ(res.status, Status::EarlyStopped) << res.message;
  EXPECT_EQ(res.iterations, 5);
}

TEST(DivergenceGuard, FiresOnBlowUpWithDivergedStatus) {
  // GD with lr = 1.1 on curvatures (1, 2, 3) from ones: x_i,k = (1 - 1.1 d_i)^k, so
  // f_k = 1/2 sum d_i (1 - 1.1 d_i)^(2k) grows ~5.29x per step. The guard threshold is
  // f_0 + 1e6 max(1, f_0) = 3 + 3e6; the first k beyond it is found from the formula.
  Diag<double> obj;
  DivergenceGuard<double> guard;
  Observer<double>* obs[] = {&guard};
  const auto res = minimize<double>(obj, Vec<double>::Ones(3), gd<double>(1.1), {}, obs);
  int k_expected = 0;
  for (int k = 1; k < 100; ++k) {
    double f = 0;
    for (int i = 1; i <= 3; ++i) f += 0.5 * i * std::pow(1.0 - 1.1 * i, 2.0 * k);
    if (f > 3.0 + 3e6) {
      k_expected = k;
      break;
    }
  }
  ASSERT_GT(k_expected, 0);
  EXPECT_EQ(res.status, Status::Diverged) << res.message;
  EXPECT_EQ(res.iterations, k_expected);
  EXPECT_DOUBLE_EQ(guard.threshold(), 3.0 + 3e6);
  EXPECT_NE(guard.reason().find("f_0 + factor"), std::string::npos) << guard.reason();
  // The driver returns the best point seen (the start), never the exploded one.
  EXPECT_EQ(res.f, 3.0);
}

TEST(DivergenceGuard, FiresOnNonFiniteValuesAndGradients) {
  DivergenceGuard<float> guard({10.0});
  IterationRecord<float> r;
  r.f = -2.0;  // threshold -2 + 10 * 2 = 18
  guard.on_start(r);
  EXPECT_FLOAT_EQ(static_cast<float>(guard.threshold()), 18.0f);
  r.f = 17.0;
  EXPECT_EQ(guard.on_iteration(r), Status::Running);
  r.f = 18.5;
  EXPECT_EQ(guard.on_iteration(r), Status::Diverged);
  r.f = std::numeric_limits<double>::quiet_NaN();
  EXPECT_EQ(guard.on_iteration(r), Status::Diverged);
  EXPECT_NE(guard.reason().find("not finite"), std::string::npos);
  r.f = 0;
  r.grad_norm = std::numeric_limits<double>::infinity();
  EXPECT_EQ(guard.on_iteration(r), Status::Diverged);
  EXPECT_NE(guard.reason().find("gradient norm"), std::string::npos);
  EXPECT_THROW(DivergenceGuard<float>({0.0}), std::invalid_argument);
  EXPECT_THROW(DivergenceGuard<float>({std::nan("")}), std::invalid_argument);
}

}  // namespace
}  // namespace optim
