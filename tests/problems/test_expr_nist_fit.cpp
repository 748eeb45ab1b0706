// Acceptance test of expression models: the 19 NIST StRD nonlinear-regression datasets in
// problems/data/nist, each model typed as a formula, fitted by Levenberg-Marquardt from both
// standard starts, must reproduce every certified parameter, the certified standard deviations
// and the certified residual sum of squares to LRE >= 6 (log relative error, McCullough 1999).
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>

#include "io/nist_table.hpp"
#include "optim/registry.hpp"
#include "problems/expr/fit.hpp"
#include "problems/nist/nist_model.hpp"
#include "support/test_support.hpp"

namespace optim::expr {
namespace {

struct NistCase {
  const char* name;
  const char* response;  // column or expression of columns
  const char* model;     // typed as a user would, in the file's own notation where it parses
  // Least LRE required of the RSS and the parameters' standard deviations. 6 everywhere except
  // Lanczos1: its certified RSS is 1.43e-25, i.e. residuals of ~1e-13 on responses of order 1,
  // the size of double rounding in evaluating the model, so an RSS computed in double carries
  // ~3 correct digits whatever the solver (NIST computed it in 128-bit arithmetic); the standard
  // deviations scale with sqrt(RSS) and inherit it. Its parameters still meet LRE >= 6.
  double rss_lre_min = 6.0;
};

// Models copied from the "Model:" section of each file (brackets and ** as there; arctan = atan).
const NistCase kCases[] = {
    {"Misra1a", "y", "b1*(1-exp[-b2*x])"},
    {"Chwirut2", "y", "exp(-b1*x)/(b2+b3*x)"},
    {"Chwirut1", "y", "exp[-b1*x]/(b2+b3*x)"},
    {"Lanczos3", "y", "b1*exp(-b2*x) + b3*exp(-b4*x) + b5*exp(-b6*x)"},
    {"Gauss1", "y",
     "b1*exp( -b2*x ) + b3*exp( -(x-b4)**2 / b5**2 ) + b6*exp( -(x-b7)**2 / b8**2 )"},
    {"Gauss2", "y",
     "b1*exp( -b2*x ) + b3*exp( -(x-b4)**2 / b5**2 ) + b6*exp( -(x-b7)**2 / b8**2 )"},
    {"DanWood", "y", "b1*x**b2"},
    {"Misra1b", "y", "b1 * (1-(1+b2*x/2)**(-2))"},
    {"Kirby2", "y", "(b1 + b2*x + b3*x**2) / (1 + b4*x + b5*x**2)"},
    {"Hahn1", "y", "(b1+b2*x+b3*x**2+b4*x**3) / (1+b5*x+b6*x**2+b7*x**3)"},
    {"Nelson", "log(y)", "b1 - b2*x1 * exp[-b3*x2]"},
    {"MGH17", "y", "b1 + b2*exp[-x*b4] + b3*exp[-x*b5]"},
    {"Lanczos1", "y", "b1*exp(-b2*x) + b3*exp(-b4*x) + b5*exp(-b6*x)", 2.5},
    {"Lanczos2", "y", "b1*exp(-b2*x) + b3*exp(-b4*x) + b5*exp(-b6*x)"},
    {"Gauss3", "y",
     "b1*exp( -b2*x ) + b3*exp( -(x-b4)**2 / b5**2 ) + b6*exp( -(x-b7)**2 / b8**2 )"},
    {"Misra1c", "y", "b1 * (1-(1+2*b2*x)**(-.5))"},
    {"Misra1d", "y", "b1*b2*x*((1+b2*x)**(-1))"},
    {"Roszman1", "y", "b1 - b2*x - arctan[b3/(x-b4)]/pi"},
    {"ENSO", "y",
     "b1 + b2*cos( 2*pi*x/12 ) + b3*sin( 2*pi*x/12 ) + b5*cos( 2*pi*x/b4 ) + b6*sin( 2*pi*x/b4 )"
     " + b8*cos( 2*pi*x/b7 ) + b9*sin( 2*pi*x/b7 )"},
};

class NistExpressionFit : public ::testing::TestWithParam<NistCase> {};

TEST_P(NistExpressionFit, ReproducesCertifiedValuesFromBothStarts) {
  const NistCase& c = GetParam();
  const auto d = io::read_nist_file(
      optim::testing::source_path(std::string("problems/data/nist/") + c.name + ".dat"));
  const io::DataTable table = io::table_from_nist(d);
  ExpressionModel<double> model(c.model, d.param_names, model_data(table, c.response, {}));
  auto lm = make_method<double>("lm");
  StopOptions stop;
  stop.gtol = 0;  // LM's own scale-invariant tests end the run
  stop.max_iter = 2000;
  for (int s = 1; s <= 2; ++s) {
    const auto& start = s == 1 ? d.start1 : d.start2;
    const Vec<double> x0 =
        Eigen::Map<const Vec<double>>(start.data(), static_cast<Index>(start.size()));
    const FitSummary fit_result = fit(model, x0, *lm, stop);
    double worst = 99, worst_sd = 99;
    for (Index k = 0; k < d.num_params(); ++k) {
      worst = std::min(worst, problems::lre(fit_result.params[k], d.certified[k]));
      worst_sd = std::min(worst_sd, problems::lre(fit_result.std_errors[k], d.certified_sd[k]));
    }
    const double rss_lre = problems::lre(fit_result.rss, d.rss);
    const std::string what = std::string(c.name) + " start " + std::to_string(s) + " (" +
                             std::string(to_string(fit_result.result.status)) + ", " +
                             std::to_string(fit_result.result.iterations) + " iterations)";
    EXPECT_GE(worst, 6.0) << what << ": parameter LRE " << worst;
    EXPECT_GE(worst_sd, c.rss_lre_min) << what << ": standard-deviation LRE " << worst_sd;
    EXPECT_GE(rss_lre, c.rss_lre_min) << what << ": RSS LRE " << rss_lre;
    std::printf(
        "%-9s start %d: parameter LRE %5.2f  std-dev LRE %5.2f  RSS LRE %5.2f  %ld iterations\n",
        c.name, s, worst, worst_sd, rss_lre, static_cast<long>(fit_result.result.iterations));
    EXPECT_EQ(fit_result.dof, d.dof) << what;
    ::testing::Test::RecordProperty(std::string("lre_start") + std::to_string(s),
                                    std::to_string(worst));
  }
}

INSTANTIATE_TEST_SUITE_P(AllFiles, NistExpressionFit, ::testing::ValuesIn(kCases),
                         [](const auto& info) { return std::string(info.param.name); });

TEST(NistExpressionFit, CoversEveryFileInTheDataFolder) {
  // 19 files in problems/data/nist; the table above names each once.
  std::vector<std::string> names;
  for (const auto& c : kCases) names.push_back(c.name);
  std::sort(names.begin(), names.end());
  EXPECT_EQ(std::unique(names.begin(), names.end()), names.end());
  EXPECT_EQ(names.size(), 19u);
}

}  // namespace
}  // namespace optim::expr
