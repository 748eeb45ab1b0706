#pragma once
// Shared base and helpers of the analytic test functions: each is an Objective with an exact
// gradient and an exact Hessian (so second-order methods and derivative tests can use it).
#include <initializer_list>
#include <optional>
#include <string>
#include <vector>

#include "optim/objective.hpp"
#include "problems/problem.hpp"

namespace optim::problems {

template <class S>
class AnalyticObjective : public Objective<S>, public HessianProvider<S> {
 public:
  explicit AnalyticObjective(Index n) : n_(n) {}
  Index dim() const override { return n_; }

 protected:
  Index n_;
};

// A vector from literal coordinates (given in double, rounded once to S).
template <class S>
Vec<S> vec_of(std::initializer_list<double> v) {
  Vec<S> out(static_cast<Index>(v.size()));
  Index i = 0;
  for (double c : v) out[i++] = static_cast<S>(c);
  return out;
}

template <class S>
Vec<S> filled(Index n, double value) {
  return Vec<S>::Constant(n, static_cast<S>(value));
}

// Throws std::invalid_argument unless n >= min_n (and n is even when `even`).
void require_dim(const std::string& problem, Index n, Index min_n, bool even = false);
// Throws std::invalid_argument unless n == fixed.
void require_fixed_dim(const std::string& problem, Index n, Index fixed);

// The sink parameters are moved from; clang-tidy 14 misreports them as copied in this template.
// NOLINTBEGIN(performance-unnecessary-value-param)
template <class S>
Problem<S> analytic_problem(std::string name, std::unique_ptr<Objective<S>> objective, Vec<S> x0,
                            std::vector<Vec<S>> minimizers, std::optional<double> f_min,
                            std::string notes) {
  Problem<S> p;
  p.name = std::move(name);
  p.family = "analytic";
  p.objective = std::move(objective);
  p.x0 = std::move(x0);
  p.minimizers = std::move(minimizers);
  p.f_min = f_min;
  p.notes = std::move(notes);
  return p;
}
// NOLINTEND(performance-unnecessary-value-param)

}  // namespace optim::problems
