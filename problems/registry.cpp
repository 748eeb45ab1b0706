#include "problems/registry.hpp"

#include <stdexcept>

namespace optim::problems {

const std::vector<ProblemInfo>& all_problems() {
  static const std::vector<ProblemInfo> problems = [] {
    std::vector<ProblemInfo> out;
    add_analytic_problems(out);
    add_mgh_problems(out);
    add_nist_problems(out);
    return out;
  }();
  return problems;
}

const ProblemInfo& find_problem(const std::string& name) {
  // The test sets are also reachable as family:name (mgh:wood, nist:misra1a) for family_name.
  std::string key = name;
  if (const auto colon = key.find(':'); colon != std::string::npos) key[colon] = '_';
  for (const auto& p : all_problems()) {
    if (p.name == key) return p;
  }
  std::string names;
  for (const auto& p : all_problems()) names += (names.empty() ? "" : ", ") + p.name;
  throw std::invalid_argument("unknown problem '" + name + "' (known: " + names + ")");
}

namespace {
Index checked_dim(const ProblemInfo& info, Index dim) {
  if (dim == 0) return info.default_dim;
  if (!info.any_dim && dim != info.default_dim) {
    throw std::invalid_argument("problem '" + info.name + "' has fixed dimension " +
                                std::to_string(info.default_dim) + ", got --dim " +
                                std::to_string(dim));
  }
  if (dim < info.min_dim) {
    throw std::invalid_argument("problem '" + info.name + "' needs dimension >= " +
                                std::to_string(info.min_dim) + ", got " + std::to_string(dim));
  }
  // A huge request must be a clear usage error, not std::bad_alloc from deep inside a method.
  if (dim > kMaxProblemDim) {
    throw std::invalid_argument("problem '" + info.name + "': --dim " + std::to_string(dim) +
                                " exceeds the maximum " + std::to_string(kMaxProblemDim));
  }
  return dim;
}
}  // namespace

template <>
Problem<float> make_problem<float>(const std::string& name, Index dim) {
  const auto& info = find_problem(name);
  return info.make_float(checked_dim(info, dim));
}

template <>
Problem<double> make_problem<double>(const std::string& name, Index dim) {
  const auto& info = find_problem(name);
  return info.make_double(checked_dim(info, dim));
}

}  // namespace optim::problems
