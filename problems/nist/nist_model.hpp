#pragma once
// The models of the NIST StRD nonlinear-regression problems as least-squares objectives with
// analytic Jacobians: r_i(b) = f(x_i; b) - y_i, f = 1/2 sum r_i^2 = RSS / 2. Nelson is fitted on
// log(y) as its model states. Models are chosen by dataset name and checked against the model
// text of the file, so that a file and a formula cannot be silently mismatched.
#include <memory>
#include <string>
#include <vector>

#include "io/nist_file.hpp"
#include "optim/objective.hpp"

namespace optim::problems {

// The file format is io's (io/nist_file.hpp); the models and the problem entries are here.
using io::NistDataset;
using io::parse_nist;
using io::read_nist_file;

enum class NistModelKind {
  Misra1a,
  Misra1b,
  Misra1c,
  Misra1d,
  Chwirut,
  DanWood,
  Lanczos,
  Gauss,
  Kirby2,
  Hahn1,
  Nelson,
  MGH17,
  ENSO,
  Roszman1,
};

// The model of a dataset by its name ("Misra1a", "Chwirut2", ...). Throws std::invalid_argument
// for an unknown name, or when the file's model text does not match the built-in formula.
NistModelKind nist_model_for(const NistDataset& d);

template <class S>
class NistObjective final : public LeastSquaresObjective<S> {
 public:
  explicit NistObjective(const NistDataset& d);
  Index dim() const override { return p_; }
  Index num_residuals() const override { return y_.size(); }
  void residuals(const Vec<S>& b, Vec<S>* res, Mat<S>* jac) override;
  NistModelKind kind() const { return kind_; }

 private:
  NistModelKind kind_;
  Index p_;
  Mat<S> x_;    // predictors
  Vec<S> y_;    // responses (log y for Nelson)
  Vec<S> row_;  // one Jacobian row, sized once
};

// Log relative error, the number of correct significant digits (McCullough 1998; NIST StRD):
// LRE = -log10(|est - cert| / |cert|) (-log10|est| when cert = 0), clamped to [0, max_digits];
// max_digits defaults to the digits of a double, -log10(2^-52) ~ 15.65. NaN estimates score 0.
double lre(double estimate, double certified, double max_digits = 15.65);

// Directory of the bundled .dat files: $OPTIM_NIST_DIR when set, else problems/data/nist in the
// source tree.
std::string nist_data_dir();
// Names of the bundled datasets, in registry order.
const std::vector<std::string>& nist_dataset_names();
// Number of parameters of a bundled dataset's model.
Index nist_dataset_dim(const std::string& name);
// Reads a bundled dataset by name ("Misra1a"); cached after the first read.
const NistDataset& nist_dataset(const std::string& name);

}  // namespace optim::problems

#include "problems/problem.hpp"

namespace optim::problems {
// A bundled dataset as a Problem: x0 = start 1 or 2, minimizers = {certified values},
// f_min = certified RSS / 2. Throws std::invalid_argument for an unknown name or start.
template <class S>
Problem<S> make_nist_problem(const std::string& dataset, int start);
}  // namespace optim::problems
