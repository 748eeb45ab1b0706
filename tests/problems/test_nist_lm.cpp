// Levenberg-Marquardt on the 19 bundled NIST StRD problems from both starts, scored by LRE
// against the certified values.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>

#include "optim/least_squares/levenberg_marquardt.hpp"
#include "optim/optim.hpp"
#include "problems/nist/nist_model.hpp"

namespace optim::problems {
namespace {

struct NistCase {
  std::string dataset;
  int start;
};

std::vector<NistCase> all_cases() {
  std::vector<NistCase> out;
  for (const auto& n : nist_dataset_names())
    for (int s : {1, 2}) out.push_back({n, s});
  return out;
}

class NistLm : public ::testing::TestWithParam<NistCase> {};

TEST_P(NistLm, ReachesCertifiedValues) {
  const auto& c = GetParam();
  auto p = make_nist_problem<double>(c.dataset, c.start);
  LevenbergMarquardt<double> lm;
  StopOptions stop;
  stop.gtol = 0;  // LM's own scale-invariant tests end the run
  stop.max_iter = 2000;
  auto res = minimize<double>(*p.objective, p.x0, lm, stop);
  const auto& d = nist_dataset(c.dataset);
  double worst = 100;
  for (Index j = 0; j < res.x.size(); ++j) worst = std::min(worst, lre(res.x[j], d.certified[j]));
  const double rss_lre = lre(2 * res.f, d.rss);
  std::printf("LRE %-9s start %d: min param LRE %5.2f, RSS LRE %5.2f, iters %4ld, %s\n",
              c.dataset.c_str(), c.start, worst, rss_lre, static_cast<long>(res.iterations),
              res.message.c_str());
  EXPECT_GE(worst, 4.0) << res.message;
}

INSTANTIATE_TEST_SUITE_P(AllStarts, NistLm, ::testing::ValuesIn(all_cases()), [](const auto& info) {
  return info.param.dataset + "_start" + std::to_string(info.param.start);
});

TEST(NistLmGeodesicAcceleration, FewerIterationsAndEvaluationsOnMgh17Start1) {
  // NIST MGH17 (Osborne 1's model and data) from start 1: plain LM follows the curved valley of
  // the two exponential rates with short steps (455 iterations, 952 residual evaluations
  // measured). With geodesic acceleration (Transtrum & Sethna 2012) the second-order correction
  // bends the step along the valley: 151 iterations and 703 evaluations, although every trial
  // costs one more residual evaluation. Both must reach the certified values. The bounds (half
  // the iterations, fewer evaluations) leave room for rounding; over the whole MGH + NIST set
  // acceleration costs more evaluations (docs/least_squares.md), hence it is off by default.
  auto p = make_nist_problem<double>("MGH17", 1);
  StopOptions stop;
  stop.gtol = 1e-10;
  stop.ftol = 1e-15;
  stop.max_iter = 1000;
  LevenbergMarquardtParams plain_p;
  LevenbergMarquardtParams accel_p;
  accel_p.geodesic_accel = true;
  const auto plain =
      minimize<double>(*p.objective, p.x0, LevenbergMarquardt<double>(plain_p), stop);
  const auto accel =
      minimize<double>(*p.objective, p.x0, LevenbergMarquardt<double>(accel_p), stop);
  const auto& d = nist_dataset("MGH17");
  for (const auto* r : {&plain, &accel}) {
    double worst = 100;
    for (Index j = 0; j < r->x.size(); ++j) worst = std::min(worst, lre(r->x[j], d.certified[j]));
    EXPECT_GE(worst, 6) << r->message;
  }
  std::printf("MGH17 start 1: plain %ld iterations / %ld evaluations, accelerated %ld / %ld\n",
              static_cast<long>(plain.iterations), static_cast<long>(plain.evals.f),
              static_cast<long>(accel.iterations), static_cast<long>(accel.evals.f));
  EXPECT_LT(2 * accel.iterations, plain.iterations);
  EXPECT_LT(accel.evals.f, plain.evals.f);
}

}  // namespace
}  // namespace optim::problems
