#pragma once
// Problems by name, for the CLI, studies and table-driven tests. Families add their entries in
// their own files (add_*_problems below).
#include <functional>
#include <string>
#include <vector>

#include "problems/problem.hpp"

namespace optim::problems {

struct ProblemInfo {
  std::string name;
  std::string family;
  std::string summary;
  Index default_dim = 2;
  bool any_dim = false;  // accepts --dim N (then min_dim applies)
  Index min_dim = 1;
  std::function<Problem<float>(Index dim)> make_float;
  std::function<Problem<double>(Index dim)> make_double;
};

const std::vector<ProblemInfo>& all_problems();
// Accepts family:name for family_name (mgh:wood). Throws std::invalid_argument for an unknown
// name (listing the known ones).
const ProblemInfo& find_problem(const std::string& name);
// Largest dimension make_problem accepts: 1e8 doubles are 800 MB per vector and a method keeps
// several, which already fills this class of machine (24 GiB); anything larger is a typo.
inline constexpr Index kMaxProblemDim = 100'000'000;

// dim = 0 means the problem's default dimension; a fixed-dimension problem rejects any other.
template <class S>
Problem<S> make_problem(const std::string& name, Index dim = 0);

void add_analytic_problems(std::vector<ProblemInfo>& out);
void add_mgh_problems(std::vector<ProblemInfo>& out);
void add_nist_problems(std::vector<ProblemInfo>& out);

}  // namespace optim::problems
