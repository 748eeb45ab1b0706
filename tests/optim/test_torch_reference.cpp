// Our update rules against an independent implementation: torch.optim (1.13, float64) trajectories
// of 50 full-batch steps on two problems (tests/data/torch_optim_trajectories.json; the mapping of
// each torch optimizer onto our rules is in docs/first_order.md). Every run in the file is
// reproduced.
//
// Tolerance 1e-12 (relative to max(1, |w|)): both sides evaluate the same map in IEEE double, but
// not in the same operation order (torch forms sqrt(v)/sqrt(1 - beta2^t) where we form
// sqrt(v / (1 - beta2^t)); it keeps b = -v/lr for momentum), so each step may differ by a few
// ulps. Over 50 steps the Jacobian of the map carries these differences: on the 18 runs that
// converge the largest disagreement we measure is 7.8e-16; on the two Rosenbrock runs that
// diverge (|w| reaches 1e165 before f overflows) it is 9.5e-14 relative, since divergence
// amplifies rounding too. 1e-12 keeps a 10x margin over that, while a formula difference (bias
// correction, decay order, a missing look-ahead) moves the iterates by orders of magnitude more
// within a few steps. The test prints the measured figures.
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <iostream>
#include <limits>
#include <memory>
#include <nlohmann/json.hpp>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "optim/optim.hpp"
#include "support/test_support.hpp"

namespace optim {
namespace {

using json = nlohmann::json;
constexpr double kTol = 1e-12;

class DiagQuadratic : public Objective<double> {  // 0.5 (w1^2 + 10 w2^2 + 100 w3^2)
 public:
  Index dim() const override { return 3; }
  double evaluate(const Vec<double>& w, Vec<double>* g) override {
    if (g) *g << w[0], 10 * w[1], 100 * w[2];
    return 0.5 * (w[0] * w[0] + 10 * w[1] * w[1] + 100 * w[2] * w[2]);
  }
};

class Rosenbrock2 : public Objective<double> {  // (1 - w1)^2 + 100 (w2 - w1^2)^2
 public:
  Index dim() const override { return 2; }
  double evaluate(const Vec<double>& w, Vec<double>* g) override {
    const double a = 1 - w[0], b = w[1] - w[0] * w[0];
    if (g) *g << -2 * a - 400 * w[0] * b, 200 * b;
    return a * a + 100 * b * b;
  }
};

const json& reference() {
  static const json data = [] {
    std::ifstream in(testing::source_path("tests/data/torch_optim_trajectories.json"));
    if (!in) throw std::runtime_error("cannot open tests/data/torch_optim_trajectories.json");
    std::stringstream text;
    text << in.rdbuf();
    // Python's json writes the diverging runs' NaN / Infinity / -Infinity as bare tokens, which
    // strict JSON (nlohmann) rejects: quote them and read them back with number() below.
    static const std::regex bare(R"((-?Infinity|NaN)(?=\s*[,\]]))");
    return json::parse(std::regex_replace(text.str(), bare, "\"$1\""));
  }();
  return data;
}

double number(const json& v) {
  if (!v.is_string()) return v.get<double>();
  const std::string s = v;
  if (s == "NaN") return std::numeric_limits<double>::quiet_NaN();
  return s[0] == '-' ? -std::numeric_limits<double>::infinity()
                     : std::numeric_limits<double>::infinity();
}

// Builds our rule for a torch run, checking that every torch setting we do not model is at its
// neutral value (so a mismatch cannot hide behind an ignored option).
std::shared_ptr<UpdateRule<double>> rule_for(const json& run, bool& nesterov) {
  const std::string opt = run["optimizer"];
  const json& d = run["defaults"];
  const double lr = d["lr"];
  nesterov = false;
  if (d.contains("maximize")) {
    EXPECT_FALSE(d["maximize"].get<bool>());
  }
  if (opt == "SGD") {
    EXPECT_EQ(d["dampening"].get<double>(), 0.0);
    EXPECT_EQ(d["weight_decay"].get<double>(), 0.0);
    const double mu = d["momentum"];
    if (mu == 0) return std::make_shared<GradientDescent<double>>(GradientDescentParams{lr});
    if (d["nesterov"].get<bool>()) {
      nesterov = true;
      return std::make_shared<Nesterov<double>>(NesterovParams{lr, mu});
    }
    return std::make_shared<Momentum<double>>(MomentumParams{lr, mu});
  }
  if (opt == "Adagrad") {
    EXPECT_EQ(d["lr_decay"].get<double>(), 0.0);
    EXPECT_EQ(d["weight_decay"].get<double>(), 0.0);
    return std::make_shared<Adagrad<double>>(
        AdagradParams{lr, d["eps"], false, d["initial_accumulator_value"]});
  }
  if (opt == "RMSprop") {
    EXPECT_EQ(d["momentum"].get<double>(), 0.0);
    EXPECT_FALSE(d["centered"].get<bool>());
    EXPECT_EQ(d["weight_decay"].get<double>(), 0.0);
    return std::make_shared<Rmsprop<double>>(RmspropParams{lr, d["alpha"], d["eps"], false});
  }
  if (opt == "Adam" || opt == "AdamW") {
    AdamParams p;
    p.lr = lr;
    p.beta1 = d["betas"][0];
    p.beta2 = d["betas"][1];
    p.eps = d["eps"];
    p.amsgrad = d["amsgrad"];
    if (opt == "Adam") {
      EXPECT_EQ(d["weight_decay"].get<double>(), 0.0);  // Adam's decay is L2, not decoupled
    }
    auto adam = std::make_shared<Adam<double>>(p);
    if (opt == "Adam") return adam;
    return std::make_shared<DecoupledDecay<double>>(
        adam, DecoupledDecayParams{.weight_decay = d["weight_decay"]});
  }
  if (opt == "Rprop") {
    RpropParams p;
    p.lr = lr;
    p.eta_minus = d["etas"][0];
    p.eta_plus = d["etas"][1];
    p.step_min = d["step_sizes"][0];
    p.step_max = d["step_sizes"][1];
    p.variant = RpropVariant::IRpropMinus;  // what torch.optim.Rprop implements (README)
    return std::make_shared<Rprop<double>>(p);
  }
  ADD_FAILURE() << "reference run with an optimizer this test does not know: " << opt;
  return nullptr;
}

std::string label(const json& run) {
  return run["problem"].get<std::string>() + " " + run["optimizer"].get<std::string>() + " " +
         run["args"].dump();
}

TEST(TorchReference, FileHasTheExpectedRuns) {
  const json& ref = reference();
  EXPECT_EQ(ref["dtype"], "float64");
  EXPECT_EQ(ref["runs"].size(), 20u);
}

TEST(TorchReference, EveryRunIsReproducedStepByStep) {
  const json& ref = reference();
  const int steps = ref["steps"];
  int checked = 0;
  double worst = 0;
  std::string worst_run;
  double worst_converging = 0;
  for (const json& run : ref["runs"]) {
    SCOPED_TRACE(label(run));
    bool nesterov = false;
    auto rule = rule_for(run, nesterov);
    ASSERT_TRUE(rule);
    const std::string problem = run["problem"];
    std::unique_ptr<Objective<double>> obj;
    if (problem == "quadratic_diag_1_10_100") obj = std::make_unique<DiagQuadratic>();
    if (problem == "rosenbrock_2d") obj = std::make_unique<Rosenbrock2>();
    ASSERT_TRUE(obj) << "unknown problem " << problem;

    std::vector<Vec<double>> w;
    std::vector<double> f;
    for (const json& p : run["w"]) {
      Vec<double> v(static_cast<Index>(p.size()));
      for (Index i = 0; i < v.size(); ++i) v[i] = number(p[static_cast<size_t>(i)]);
      w.push_back(v);
    }
    for (const json& v : run["f"]) f.push_back(number(v));
    ASSERT_EQ(static_cast<int>(w.size()), steps + 1);
    ASSERT_EQ(static_cast<int>(f.size()), steps + 1);
    // Two Rosenbrock runs (momentum, Nesterov at lr 0.005) diverge in torch: f overflows after a
    // few steps. Our driver must stop with NonFinite there, never committing the non-finite point.
    int torch_finite_f = 0;
    while (torch_finite_f <= steps && std::isfinite(f[torch_finite_f])) ++torch_finite_f;
    const bool diverges = torch_finite_f <= steps;

    const Index n = obj->dim();
    std::vector<Vec<double>> xs{w[0]};
    std::vector<double> fs{obj->value(w[0])};
    CallbackObserver<double> rec([&](const IterationRecord<double>& r) {
      xs.push_back(*r.x);
      fs.push_back(r.f);
      return true;
    });
    Observer<double>* observers[] = {&rec};
    StopOptions stop;
    stop.gtol = 0;  // run exactly `steps` updates
    stop.max_iter = steps;
    FirstOrder<double> method(rule);
    const auto res = minimize<double>(*obj, w[0], method, stop, observers);
    if (diverges) {
      ASSERT_EQ(res.status, Status::NonFinite) << res.message;
      EXPECT_TRUE(res.x.allFinite());
      if (!nesterov) {  // same points as torch: we stop right before its first non-finite f
        EXPECT_EQ(static_cast<int>(xs.size()), torch_finite_f);
      }
    } else {
      ASSERT_EQ(res.status, Status::MaxIterations) << res.message;
      ASSERT_EQ(static_cast<int>(xs.size()), steps + 1);
    }

    for (int t = 0; t < static_cast<int>(xs.size()); ++t) {
      Vec<double> ours = xs[t];
      if (nesterov && t > 0) {
        // torch stores the look-ahead point: w_t = W_t + a v_t with v_t = W_t - W_{t-1}.
        const double a = run["defaults"]["momentum"];
        ours = xs[t] + a * (xs[t] - xs[t - 1]);
      }
      if (!w[t].allFinite()) break;
      for (Index i = 0; i < n; ++i) {
        // Relative once |w| > 1: the diverging runs reach 1e165 before overflowing.
        const double scale = std::max(1.0, std::abs(w[t][i]));
        const double d = std::abs(ours[i] - w[t][i]) / scale;
        if (!diverges) worst_converging = std::max(worst_converging, d);
        if (d > worst) {
          worst = d;
          worst_run = label(run) + " step " + std::to_string(t);
        }
        ASSERT_NEAR(ours[i], w[t][i], kTol * scale) << "step " << t << " component " << i;
      }
      if (!nesterov) {
        EXPECT_NEAR(fs[t], f[t], kTol * std::max(1.0, std::abs(f[t]))) << "f at step " << t;
      }
    }
    ++checked;
  }
  EXPECT_EQ(checked, 20);
  std::cout << "[ torch ] 20 runs x " << steps
            << " steps, largest |ours - torch| / max(1, |w|) = " << worst << " (" << worst_run
            << "); runs that do not diverge: " << worst_converging << "\n";
}

// RMSProp's momentum and centred variants against torch.optim.RMSprop (1.13, float64), computed
// once with: w = (1, 1, 1) on 0.5 (w1^2 + 10 w2^2 + 100 w3^2), RMSprop(lr=0.01, alpha=0.99,
// eps=1e-8, momentum=..., centered=...), 50 steps, printing w. Same tolerance and reasoning as the
// trajectories above.
TEST(TorchReference, RmspropMomentumAndCenteredVariants) {
  struct Case {
    double momentum;
    bool centered;
    double w[3];
  };
  const Case cases[] = {
      {0.9, false, {0.03306324641548645, 0.03306326715414129, 0.03306326922800666}},
      {0.0, true, {0.08924730956827819, 0.08924729398247519, 0.08924729242389494}},
      {0.9, true, {0.03349269244882642, 0.03349271309561037, 0.03349271516028853}},
  };
  DiagQuadratic f;
  for (const Case& c : cases) {
    SCOPED_TRACE("momentum " + std::to_string(c.momentum) + (c.centered ? " centered" : ""));
    RmspropParams p;
    p.lr = 0.01;
    p.beta = 0.99;
    p.eps = 1e-8;
    p.momentum = c.momentum;
    p.centered = c.centered;
    const Rmsprop<double> rule(p);
    auto state = rule.start(3);
    Vec<double> w = Vec<double>::Ones(3), g(3);
    for (int k = 0; k < 50; ++k) {
      const double fx = f.evaluate(w, &g);
      state->update(w, g, fx, 0.01);
    }
    for (int i = 0; i < 3; ++i) EXPECT_NEAR(w[i], c.w[i], kTol * std::max(1.0, std::abs(c.w[i])));
  }
}

}  // namespace
}  // namespace optim
