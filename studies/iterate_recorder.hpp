#pragma once
// Keeps every accepted iterate of a run (point, f, |g|, evaluations, time) for the studies: the
// regime classification reads the iterates themselves, the plots draw the trajectories. Storing a
// history is this observer's purpose; `reserve` sizes it up front so that short runs do not
// reallocate inside the loop.
#include <vector>

#include "optim/observer.hpp"

namespace optim::studies {

struct IterateRow {
  Index k = 0;
  Vec<double> x;
  double f = 0;
  double grad_norm = 0;
  Index f_evals = 0;
  Index g_evals = 0;
  double time_s = 0;
};

class IterateRecorder final : public Observer<double> {
 public:
  explicit IterateRecorder(Index reserve = 0) : reserve_(reserve) {}
  void on_start(const IterationRecord<double>& first) override {
    rows_.clear();
    if (reserve_ > 0) rows_.reserve(static_cast<size_t>(reserve_) + 1);
    push(first);
  }
  Status on_iteration(const IterationRecord<double>& rec) override {
    push(rec);
    return Status::Running;
  }
  const std::vector<IterateRow>& rows() const { return rows_; }

 private:
  void push(const IterationRecord<double>& rec) {
    IterateRow r;
    r.k = rec.k;
    if (rec.x != nullptr) r.x = *rec.x;
    r.f = rec.f;
    r.grad_norm = rec.grad_norm;
    r.f_evals = rec.evals.f;
    r.g_evals = rec.evals.g;
    r.time_s = rec.time_s;
    rows_.push_back(std::move(r));
  }
  Index reserve_;
  std::vector<IterateRow> rows_;
};

}  // namespace optim::studies
