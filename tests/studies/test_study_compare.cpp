// Methods x problems runs and their performance profiles (comparison.hpp).
#include <gtest/gtest.h>

#include <cmath>

#include "studies/comparison.hpp"
#include "studies/quadratic_model.hpp"
#include "support/test_support.hpp"

namespace optim::studies {
namespace {

ProblemSpec quad(const std::string& name, std::vector<double> spectrum) {
  return {name, [spectrum] {
            problems::Problem<double> p;
            auto m = std::make_unique<QuadraticModel>(
                QuadraticModel::with_spectrum(spectrum, Vec<double>::Ones(spectrum.size())));
            p.name = "quad";
            p.x0 = m->minimizer() + Vec<double>::Ones(m->dim());
            p.f_min = m->min_value();
            p.minimizers = {m->minimizer()};
            p.objective = std::move(m);
            return p;
          }};
}

TEST(StudyCompare, RecordsAndProfilesAgreeWithTheRuns) {
  // GD with eta = 0.25 on spectrum {1, 10} has eta lambda_max = 2.5 > 2: it diverges (seed 004
  // 4.5); on {1, 2} both rates converge (eta lambda < 2).
  const std::vector<MethodSpec> methods = {{"gd", {{"lr", "0.1"}}, "gd-0.1"},
                                           {"gd", {{"lr", "0.25"}}, "gd-0.25"}};
  const std::vector<ProblemSpec> problems = {quad("q12", {1, 2}), quad("q110", {1, 10})};
  CompareOptions opt;
  opt.stop.gtol = 1e-8;
  opt.stop.max_iter = 2000;
  const auto recs = run_comparison(methods, problems, opt);
  ASSERT_EQ(recs.size(), 4u);
  EXPECT_EQ(recs[0].problem, "q12");
  EXPECT_EQ(recs[0].method, "gd-0.1");
  EXPECT_TRUE(recs[0].success) << recs[0].note;
  EXPECT_TRUE(recs[1].success) << recs[1].note;
  EXPECT_TRUE(recs[2].success) << recs[2].note;
  EXPECT_FALSE(recs[3].success);
  for (const auto& r : recs) {
    if (!r.success) continue;
    // GD evaluates f and g once per iteration plus once at the start.
    EXPECT_EQ(r.evaluations, r.iterations + 1);
    EXPECT_NEAR(r.f, r.f_min, 1e-12);
  }
  // eta = 0.25 contracts the slow mode of {1, 2} faster (factor 0.75 vs 0.9), so it needs fewer
  // evaluations there: ratio 1 for gd-0.25 and n_0.1 / n_0.25 for gd-0.1.
  const auto prof = profile_of(recs, methods, problems, "evaluations");
  EXPECT_LT(recs[1].evaluations, recs[0].evaluations);
  EXPECT_DOUBLE_EQ(prof.ratios[1][0], 1.0);
  EXPECT_DOUBLE_EQ(prof.ratios[0][0],
                   static_cast<double>(recs[0].evaluations) / recs[1].evaluations);
  EXPECT_DOUBLE_EQ(prof.ratios[0][1], 1.0);  // the only solver of q110
  EXPECT_TRUE(std::isinf(prof.ratios[1][1]));
  EXPECT_DOUBLE_EQ(prof.rho(0, 1.0), 0.5);
  EXPECT_DOUBLE_EQ(prof.rho(0, prof.ratios[0][0]), 1.0);
  EXPECT_DOUBLE_EQ(prof.rho(1, 1e6), 0.5);
  const auto by_time = profile_of(recs, methods, problems, "time");
  EXPECT_DOUBLE_EQ(by_time.rho(1, 1e12), 0.5);  // failures stay failures whatever the cost
}

TEST(StudyCompare, BadInputThrows) {
  const std::vector<ProblemSpec> problems = {quad("q", {1, 2})};
  CompareOptions opt;
  EXPECT_THROW(run_comparison({{"no_such_method", {}, ""}}, problems, opt), std::invalid_argument);
  EXPECT_THROW(run_comparison({{"gd", {{"lr", "-1"}}, ""}}, problems, opt), std::invalid_argument);
  EXPECT_THROW(run_comparison({}, problems, opt), std::invalid_argument);
  EXPECT_THROW(run_comparison({{"gd", {}, ""}}, {}, opt), std::invalid_argument);
  const auto recs = run_comparison({{"gd", {}, ""}}, problems, opt);
  EXPECT_THROW(profile_of(recs, {{"gd", {}, ""}}, problems, "speed"), std::invalid_argument);
}

// A box per problem by its dimension: the runs stay in it, the known minimum counts only when a
// known minimiser lies inside, and every refusal comes before the first run.
TEST(StudyCompare, BoxedRunsByDimension) {
  const std::vector<MethodSpec> methods = {{"lbfgsb", {}, ""}};
  const std::vector<ProblemSpec> problems = {quad("q2", {1, 2}), quad("q3", {1, 2, 3})};
  CompareOptions opt;
  std::vector<Index> dims;
  const double cap = -5;  // below every minimiser coordinate of these quadratics
  opt.box = [&](Index n) -> std::optional<Bounds<double>> {
    dims.push_back(n);
    return Bounds<double>::upper_only(Vec<double>::Constant(n, cap));
  };
  const auto recs = run_comparison(methods, problems, opt);
  EXPECT_EQ(dims, (std::vector<Index>{2, 3}));
  ASSERT_EQ(recs.size(), 2u);
  for (const auto& r : recs) {
    EXPECT_TRUE(r.success) << r.note;
    EXPECT_TRUE(std::isnan(r.f_min)) << "the minimiser lies outside the box";
    EXPECT_LE(r.x.maxCoeff(), cap);
    EXPECT_GE(r.active_bounds, 1);
  }
  opt.box = [](Index) { return Bounds<double>(2, -1, 1); };  // length 2 on the 3-D problem
  EXPECT_THROW(run_comparison(methods, problems, opt), std::invalid_argument);
  opt.box = [](Index n) { return Bounds<double>(n, -1, 1); };
  const std::vector<MethodSpec> unbounded = {{"lbfgsb", {}, ""}, {"lbfgs", {}, ""}};
  const std::string why =
      testing::invalid_argument_message([&] { run_comparison(unbounded, problems, opt); });
  EXPECT_NE(why.find("'lbfgs' does not accept bounds"), std::string::npos) << why;
}

}  // namespace
}  // namespace optim::studies
