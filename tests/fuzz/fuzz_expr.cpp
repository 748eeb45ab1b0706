// libFuzzer target: the expression parser (problems/expr/parser), then the parsed graph through
// the reference evaluator and the tape (value, gradient, Hessian-vector product), as
// `optim minimize --expr` and `optim fit` use it. A ParseError is the expected outcome for most
// inputs; anything else (crash, sanitizer report, other exception, hang) is a finding.
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "problems/expr/parser.hpp"
#include "problems/expr/tape.hpp"

using namespace optim::expr;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size > 4096) return 0;  // formulas are short; longer inputs only slow the search
  const std::string text(reinterpret_cast<const char*>(data), size);
  // The first byte picks free variables or a fixed list, the two modes of the CLI.
  ParseOptions opt;
  if (size > 0 && (data[0] & 1)) opt.variables = std::vector<std::string>{"x", "y", "b1"};
  std::shared_ptr<const Graph> g;
  try {
    g = std::make_shared<const Graph>(parse(text, opt));
  } catch (const std::invalid_argument&) {
    return 0;
  }
  const std::size_t n = g->variables().size();
  std::vector<double> x(n), v(n, 1.0), grad(n), hv(n);
  for (std::size_t k = 0; k < n; ++k) x[k] = 0.5 - 0.75 * double(k);
  const double reference = g->evaluate(x);
  Tape<double> tape(g);
  const double f = tape.value(x.data());
  const double fg = tape.value_gradient(x.data(), grad.data());
  const double fh = tape.hessian_vector(x.data(), v.data(), grad.data(), hv.data());
  // The three evaluation paths compute the same operations in the same order: they must agree
  // exactly (NaN with NaN).
  auto same = [](double a, double b) { return (std::isnan(a) && std::isnan(b)) || a == b; };
  if (!same(reference, f) || !same(f, fg) || !same(f, fh)) std::abort();
  Tape<float> tape_f(g);
  std::vector<float> xf(x.begin(), x.end()), gf(n);
  (void)tape_f.value_gradient(xf.data(), gf.data());
  return 0;
}
