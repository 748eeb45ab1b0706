#pragma once
// A test problem: an objective together with its facts (standard start, known minimisers and
// minimum). Analytic functions, the Moré-Garbow-Hillstrom set, NIST StRD models and expression
// objectives all come as Problem so that every method, study and test treats them alike.
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "optim/objective.hpp"

namespace optim::problems {

template <class S>
struct Problem {
  std::string name;
  std::string family;  // "analytic", "mgh", "nist", "expression", ...
  std::unique_ptr<Objective<S>> objective;
  Vec<S> x0;                       // standard start point
  std::vector<Vec<S>> minimizers;  // known minimisers (all of them where finitely many are known)
  std::optional<double> f_min;     // known minimum value; empty when unbounded (saddles)
  std::string notes;               // what a solver should expect (local minima, saddle, ...)
  // Files the objective was read from (a NIST .dat): a checkpoint records their identity.
  std::vector<std::string> data_files;
};

}  // namespace optim::problems
