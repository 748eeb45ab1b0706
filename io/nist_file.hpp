#pragma once
// Reader of the NIST StRD nonlinear-regression data files (.dat). The format is fixed-layout
// text whose header states where each block is: "Starting Values (lines 41 to 42)",
// "Certified Values (lines 41 to 47)", "Data (lines 61 to 74)". The reader follows those line
// ranges rather than hard-coded positions and rejects a malformed or truncated file with
// std::invalid_argument("<file>:<line>: expected ..., got '...'"). Only what a fit needs must be
// right (model, starts, certified values, data); redundant counts that disagree are warnings.
#include <Eigen/Core>
#include <istream>
#include <string>
#include <vector>

namespace optim::io {

struct NistDataset {
  std::string name;        // "Misra1a" (from "Dataset Name:")
  std::string source;      // file path (or the name given to parse_nist) for messages
  std::string difficulty;  // "Lower", "Average" or "Higher" (from the data description)
  std::string model;       // the model text, e.g. "y = b1*(1-exp[-b2*x]) + e"
  std::vector<std::string> param_names;  // b1 ... bp
  std::vector<double> start1, start2;    // the two standard starting points
  std::vector<double> certified, certified_sd;
  double rss = 0;          // certified residual sum of squares, sum_i r_i^2 (our f is rss / 2)
  double residual_sd = 0;  // certified residual standard deviation
  long dof = 0;            // degrees of freedom: observations - parameters
  long observations = 0;   // data lines
  // Redundant metadata of the file that disagrees with the data (a stated count of observations
  // or degrees of freedom), one message each ("<file>:<line>: ..."); the values above are those
  // the data imply. The caller prints them (optim fit: once, to stderr).
  std::vector<std::string> warnings;
  Eigen::VectorXd y;  // responses (observations)
  Eigen::MatrixXd x;  // predictors (observations x predictors)

  long num_params() const { return static_cast<long>(param_names.size()); }
};

// Parses a dataset from a stream; `source` names it in error messages.
NistDataset parse_nist(std::istream& in, const std::string& source);
// Reads a regular file, title first (bounded by its size; a directory, device or fifo is refused,
// io/input_file.hpp); throws std::invalid_argument when it cannot be read or is malformed.
NistDataset read_nist_file(const std::string& path);

}  // namespace optim::io
