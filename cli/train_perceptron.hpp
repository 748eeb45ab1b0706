#pragma once
// `optim train --method perceptron`: the seed's single-layer perceptron rule (nn/perceptron.hpp)
// from the command line. cmd_train.cpp hands over here when --method is perceptron; the rule has
// its own loop, report and exit codes:
//   0  converged: an epoch without mistakes, so 100% training accuracy
//   1  --epochs spent without converging (more epochs may still converge)
//   5  not linearly separable: the weights at the start of an epoch repeat an earlier epoch's with
//      mistakes left, so the deterministic rule would cycle forever. This is a fact about the
//      data, not a numerical failure (3) nor a usage error (2), hence a code of its own.
// Two classes use one sign unit (the seed's); K > 2 classes use K units, each trained by the
// same rule on "class c against the rest", and predict the unit with the largest w_c'x.
#include <cstdint>
#include <string>

namespace CLI {
class App;
}

namespace optim::cli {

inline constexpr int kExitNotSeparable = 5;

struct PerceptronRequest {
  std::string data, data_dir, layers, scale;
  long n = 400;
  std::uint64_t seed = 42;
  int classes = 0;  // --classes of blobs
  double lr = -1;   // eta; the seed's 1 unless --lr is given
  int epochs = 0;   // at most; 1000 unless --epochs is given
  bool json = false;
};

// `app` is the train subcommand, to tell the flags given from their defaults.
int run_train_perceptron(CLI::App& app, const PerceptronRequest& request);

}  // namespace optim::cli
