#include "optim/observers/iteration_printer.hpp"

#include <cstdio>
#include <stdexcept>
#include <string>

namespace optim {

template <class S>
IterationPrinter<S>::IterationPrinter(std::ostream& os, Index every) : os_(os), every_(every) {
  if (every < 1) {
    throw std::invalid_argument("IterationPrinter.every = " + std::to_string(every) +
                                " is invalid (allowed: >= 1)");
  }
}

template <class S>
void IterationPrinter<S>::print(const IterationRecord<S>& r) {
  // Formatted into a stack buffer: printing does not allocate.
  char buf[160];
  const int n = std::snprintf(buf, sizeof buf, "%8lld %14.6e %11.3e %11.3e %11.3e %8lld %9.3f\n",
                              static_cast<long long>(r.k), r.f, r.grad_norm, r.step_norm, r.lr,
                              static_cast<long long>(r.evals.f), r.time_s);
  os_.write(buf, n);
  last_printed_ = true;
}

template <class S>
void IterationPrinter<S>::on_start(const IterationRecord<S>& first) {
  char buf[160];
  const int n = std::snprintf(buf, sizeof buf, "%8s %14s %11s %11s %11s %8s %9s\n", "k", "f", "|g|",
                              "|step|", "lr", "f_evals", "time_s");
  os_.write(buf, n);
  last_ = first;
  last_.x = nullptr;
  print(first);
}

template <class S>
Status IterationPrinter<S>::on_iteration(const IterationRecord<S>& rec) {
  last_ = rec;
  last_.x = nullptr;
  last_printed_ = false;
  if (rec.k % every_ == 0) print(rec);
  return Status::Running;
}

template <class S>
void IterationPrinter<S>::on_finish(const Result<S>& result) {
  if (!last_printed_) print(last_);
  os_ << "status: " << to_string(result.status) << ": " << result.message << '\n';
  os_.flush();
}

template class IterationPrinter<float>;
template class IterationPrinter<double>;

}  // namespace optim
