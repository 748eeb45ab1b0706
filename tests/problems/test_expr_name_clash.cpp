// A data column or variable named like a constant (e, pi) or a function (max): refused only where
// the formula uses that name, never merely for being in the table.
#include <gtest/gtest.h>

#include "io/csv_table.hpp"
#include "optim/registry.hpp"
#include "problems/expr/fit.hpp"
#include "problems/expr/parser.hpp"
#include "support/test_support.hpp"

namespace optim::expr {
namespace {

using optim::testing::invalid_argument_message;

const char* kTable = "x,e,max,y\n1,0,5,2.0\n2,0,5,3.9\n3,0,5,6.1\n4,0,5,8.0\n";

TEST(ExprNameClash, UnusedColumnsNamedLikeConstantsOrFunctionsAreFine) {
  const io::DataTable t = io::parse_csv(kTable, "d.csv");
  // Before: "variable name 'e' is a function or constant name", for a column nobody used.
  const ModelData d = model_data(t, "y", {});
  EXPECT_EQ(d.predictor_names, (std::vector<std::string>{"x", "e", "max"}));
  ExpressionModel<double> model("b1*x", {"b1"}, d);
  auto lm = make_method<double>("lm");
  StopOptions stop;
  stop.gtol = 0;
  const FitSummary s = fit(model, Vec<double>::Constant(1, 1.0), *lm, stop);
  EXPECT_NEAR(s.params[0], 2.0, 0.05);
  // The constant e is still the constant where the formula means it and no column is named e.
  const ModelData dx = model_data(t, "y", {"x"});
  ExpressionModel<double> with_e("b1*x*e/e", {"b1"}, dx);
  EXPECT_NEAR(with_e.predict(Vec<double>::Constant(1, 2.0), 0), 2.0, 1e-12);
}

TEST(ExprNameClash, AUsedNameThatIsBothColumnAndConstantIsRefusedAtItsPlace) {
  const ModelData d = model_data(io::parse_csv(kTable, "d.csv"), "y", {});
  const std::string e =
      invalid_argument_message([&] { ExpressionModel<double> m("b1*x + e", {"b1"}, d); });
  EXPECT_NE(e.find("'e' is both a data column and the constant e; rename the data column at "
                   "column 8"),
            std::string::npos)
      << e;
  const std::string f =
      invalid_argument_message([&] { ExpressionModel<double> m("max(b1*x, 0)", {"b1"}, d); });
  EXPECT_NE(f.find("'max' is both a data column and the function max"), std::string::npos) << f;
  // In the response expression too.
  const std::string r =
      invalid_argument_message([&] { model_data(io::parse_csv(kTable, "d.csv"), "y*e", {}); });
  EXPECT_NE(r.find("'e' is both a data column and the constant e"), std::string::npos) << r;
}

TEST(ExprNameClash, ParserLooksNamesUpInAHashSet) {
  ParseOptions opt;
  opt.variables = std::vector<std::string>{"x", "pi", "x"};
  EXPECT_EQ(invalid_argument_message([&] { parse("x", opt); }), "variable 'x' is named twice");
  opt.variables = std::vector<std::string>{"x", "pi"};
  EXPECT_NO_THROW(parse("2*x", opt));
  EXPECT_THROW(parse("pi*x", opt), ParseError);
  // A binding may still shadow a constant.
  opt.variables = std::vector<std::string>{"f", "g"};
  EXPECT_DOUBLE_EQ(parse("e = f*g; e + 1", opt).evaluate({2, 3}), 7.0);
}

}  // namespace
}  // namespace optim::expr
