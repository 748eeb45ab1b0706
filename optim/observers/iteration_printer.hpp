#pragma once
// One line per iteration (every N-th), Ceres/Optim.jl style:
//       k              f         |g|      |step|          lr  f_evals    time_s
// followed by a final "status: <status>: <message>" line.
#include <ostream>

#include "optim/observer.hpp"

namespace optim {

template <class S>
class IterationPrinter final : public Observer<S> {
 public:
  // Prints the header, iteration 0 and every `every`-th iteration; the last iteration is always
  // printed at the end. Throws std::invalid_argument unless every >= 1. os must outlive the run.
  explicit IterationPrinter(std::ostream& os, Index every = 1);

  void on_start(const IterationRecord<S>& first) override;
  Status on_iteration(const IterationRecord<S>& rec) override;
  void on_finish(const Result<S>& result) override;

 private:
  void print(const IterationRecord<S>& rec);

  std::ostream& os_;
  Index every_;
  IterationRecord<S> last_;   // the most recent record (x not kept)
  bool last_printed_ = true;  // nothing pending (also when the run ends before on_start)
};

extern template class IterationPrinter<float>;
extern template class IterationPrinter<double>;

}  // namespace optim
