#pragma once
// What the driver's loop (optim/driver.cpp) carries from one accepted iteration to the next,
// besides the method's own state: one value, owned by the driver, that a checkpoint saves and a
// resumed run restores (optim/checkpoint/checkpointer.hpp) as the "run" entries of the file.
#include <chrono>
#include <cstdint>
#include <limits>
#include <stdexcept>
#include <string>
#include <vector>

#include "optim/checkpoint/state_archive.hpp"
#include "optim/method.hpp"
#include "optim/result.hpp"

namespace optim {

template <class S>
struct RunState {
  using Clock = std::chrono::steady_clock;

  Index k = 0;     // accepted iterations so far
  Iterate<S> cur;  // the accepted point
  // The best point so far: while it is the current iterate (the usual case: f decreases) it is
  // not copied; it is saved into `best` only when a step is about to replace it by a point that
  // is not strictly better, which saves two vector copies per iteration.
  Iterate<S> best;
  bool best_is_cur = true;
  S best_f = S(0);
  double g0 = 0;  // gradient norm at the start point (the scale of gtol_rel)
  // What the stopping tests at the end of iteration k saw besides cur: ||x_k - x_{k-1}|| and
  // f_{k-1} (NaN before the first step). A resumed run repeats those tests at k, so a converged
  // run ends at once the same way.
  double step_norm = std::numeric_limits<double>::quiet_NaN();
  double f_prev = std::numeric_limits<double>::quiet_NaN();
  EvalCounts counts;          // the evaluator's, as of the last save or resume
  double elapsed_before = 0;  // seconds the run had spent before this call (a resumed run)
  Clock::time_point started = Clock::now();

  void resize(Index n) {
    cur.resize(n);
    best.resize(n);
  }
  double elapsed() const {
    return elapsed_before + std::chrono::duration<double>(Clock::now() - started).count();
  }

  // The fields, once for saving and loading (StateArchive). Saving stores the elapsed time so
  // far; loading makes it the time before this call. cur and best must already be sized.
  void archive(StateArchive& a) {
    double elapsed_s = elapsed();
    std::vector<std::int64_t> evals = {counts.f, counts.g, counts.h, counts.samples};
    a.scalar("k", k);
    if (a.loading() && k < 0)
      throw std::runtime_error("negative iteration count " + std::to_string(k));
    a.scalar("g0", g0);
    a.scalar("elapsed", elapsed_s);
    a.scalar("step_norm", step_norm);
    a.scalar("f_prev", f_prev);
    a.scalar("best_is_cur", best_is_cur);
    a.scalar("best_f", best_f);
    a.field("counts", evals);
    if (a.loading()) {
      if (evals.size() != 4) throw std::runtime_error("field 'run.counts' needs 4 values");
      counts = {evals[0], evals[1], evals[2], evals[3]};
      elapsed_before = elapsed_s;
    }
    archive_iterate(a, "cur", cur);
    // best differs from cur only once the run moved away from it; otherwise it is not
    // materialised and need not be saved.
    if (!best_is_cur) archive_iterate(a, "best", best);
  }

 private:
  static void archive_iterate(StateArchive& a, const char* scope, Iterate<S>& it) {
    ArchiveScope<StateArchive> s(a, scope);
    a.field("x", it.x);
    a.field("g", it.g);
    a.scalar("f", it.f);
    a.scalar("exact", it.exact);
  }
};

}  // namespace optim
