// The analytic test functions in the problem registry. Facts and formulas are in
// problems/analytic/*.cpp.
#include "problems/analytic/analytic.hpp"
#include "problems/analytic/quadratic.hpp"
#include "problems/registry.hpp"

namespace optim::problems {
namespace {

// An n-dimensional entry (accepts --dim N >= min_dim).
ProblemInfo nd(std::string name, std::string summary, Index default_dim, Index min_dim,
               std::function<Problem<float>(Index)> mf, std::function<Problem<double>(Index)> md) {
  ProblemInfo info;
  info.name = std::move(name);
  info.family = "analytic";
  info.summary = std::move(summary);
  info.default_dim = default_dim;
  info.any_dim = true;
  info.min_dim = min_dim;
  info.make_float = std::move(mf);
  info.make_double = std::move(md);
  return info;
}

// A fixed two-dimensional entry.
ProblemInfo fixed2(std::string name, std::string summary, Problem<float> (*mf)(),
                   Problem<double> (*md)()) {
  ProblemInfo info;
  info.name = std::move(name);
  info.family = "analytic";
  info.summary = std::move(summary);
  info.default_dim = 2;
  info.any_dim = false;
  info.min_dim = 2;
  info.make_float = [mf](Index) { return mf(); };
  info.make_double = [md](Index) { return md(); };
  return info;
}

}  // namespace

void add_analytic_problems(std::vector<ProblemInfo>& out) {
  out.push_back(nd("sphere", "sum x_i^2; minimum 0 at 0", 10, 1, sphere_problem<float>,
                   sphere_problem<double>));
  out.push_back(nd(
      "quadratic", "1/2 x'Ax + b'x, log-spaced spectrum, condition 100; minimum at (1,...,1)", 10,
      1, [](Index n) { return quadratic_problem<float>(n, 100.0); },
      [](Index n) { return quadratic_problem<double>(n, 100.0); }));
  out.push_back(nd("rosenbrock", "extended Rosenbrock (even n); minimum 0 at (1,...,1)", 2, 2,
                   rosenbrock_problem<float>, rosenbrock_problem<double>));
  out.push_back(
      fixed2("beale", "Beale; minimum 0 at (3, 0.5)", beale_problem<float>, beale_problem<double>));
  out.push_back(
      fixed2("booth", "Booth; minimum 0 at (1, 3)", booth_problem<float>, booth_problem<double>));
  out.push_back(fixed2("matyas", "Matyas; minimum 0 at (0, 0)", matyas_problem<float>,
                       matyas_problem<double>));
  out.push_back(fixed2("himmelblau", "Himmelblau; four minima with f = 0",
                       himmelblau_problem<float>, himmelblau_problem<double>));
  out.push_back(fixed2("three_hump_camel", "three-hump camel; minimum 0 at (0, 0)",
                       three_hump_camel_problem<float>, three_hump_camel_problem<double>));
  out.push_back(fixed2("goldstein_price", "Goldstein-Price; minimum 3 at (0, -1)",
                       goldstein_price_problem<float>, goldstein_price_problem<double>));
  out.push_back(nd("rastrigin", "Rastrigin, multimodal; minimum 0 at 0", 2, 1,
                   rastrigin_problem<float>, rastrigin_problem<double>));
  out.push_back(nd("ackley", "Ackley, multimodal; minimum 0 at 0", 2, 1, ackley_problem<float>,
                   ackley_problem<double>));
  out.push_back(nd("styblinski_tang", "Styblinski-Tang; minimum -39.166... n at x_i = -2.9035", 2,
                   1, styblinski_tang_problem<float>, styblinski_tang_problem<double>));
  out.push_back(fixed2("saddle", "x^2 - y^2; saddle at 0, unbounded below", saddle_problem<float>,
                       saddle_problem<double>));
  out.push_back(fixed2("monkey_saddle", "x^3 - 3xy^2; degenerate saddle at 0, unbounded below",
                       monkey_saddle_problem<float>, monkey_saddle_problem<double>));
}

}  // namespace optim::problems
