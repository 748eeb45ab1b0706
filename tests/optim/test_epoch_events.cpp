// Epoch boundaries published by the loop (IterationRecord::epoch / epoch_end, Method::epoch_shape):
// the first-order loop draws floor(N / B) batches of B per pass and drops the ragged tail, online
// is N updates per pass, full batch (and every full-batch method) one update per pass. An observer
// sees exactly those boundaries, and the batches between two of them are one pass of distinct
// samples. Also: Status::EarlyStopped is a success, and the progress bar names the epoch.
#include <gtest/gtest.h>

#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "optim/checkpoint/state_archive.hpp"
#include "optim/optim.hpp"

namespace optim {
namespace {

// f(x) = (1/N) sum_i 1/2 (x - c_i)^2 in one dimension, c_i = i: separable, and it records the
// batches the loop asks for.
class Samples final : public SeparableObjective<double> {
 public:
  explicit Samples(Index n) : n_(n) {}
  Index dim() const override { return 1; }
  Index size() const override { return n_; }
  double evaluate(const Vec<double>& x, Vec<double>* g) override {
    std::vector<Index> all(static_cast<size_t>(n_));
    for (Index i = 0; i < n_; ++i) all[size_t(i)] = i;
    return sum(x, all, g);
  }
  double evaluate_batch(const Vec<double>& x, std::span<const Index> batch,
                        Vec<double>* g) override {
    batches.emplace_back(batch.begin(), batch.end());
    return sum(x, batch, g);
  }
  std::vector<std::vector<Index>> batches;

 private:
  double sum(const Vec<double>& x, std::span<const Index> idx, Vec<double>* g) const {
    double f = 0, d = 0;
    for (Index i : idx) {
      const double r = x[0] - double(i);
      f += 0.5 * r * r;
      d += r;
    }
    const double m = double(idx.size());
    if (g) (*g)[0] = d / m;
    return f / m;
  }
  Index n_;
};

struct Seen {
  std::vector<Index> end_k, end_epoch;  // records with epoch_end: their k and epoch
  std::vector<Index> epoch_of_k;        // rec.epoch of every record
};

Seen run(const Method<double>& method, Samples& obj, Index max_iter) {
  Seen seen;
  CallbackObserver<double> obs([&](const IterationRecord<double>& rec) {
    seen.epoch_of_k.push_back(rec.epoch);
    if (rec.epoch_end) {
      seen.end_k.push_back(rec.k);
      seen.end_epoch.push_back(rec.epoch);
    }
    return true;
  });
  Observer<double>* list[] = {&obs};
  StopOptions stop;
  stop.gtol = 0;
  stop.max_iter = max_iter;
  const auto res = minimize<double>(obj, Vec<double>::Zero(1), method, stop, list);
  EXPECT_EQ(res.status, Status::MaxIterations) << res.message;
  return seen;
}

std::unique_ptr<Method<double>> sgd(Index batch) {
  return make_method<double>("gd", {{"lr", "0.1"}, {"batch_size", std::to_string(batch)}});
}

TEST(EpochEvents, MinibatchWithARaggedTailEndsAnEpochEveryFloorNOverBUpdates) {
  Samples obj(10);
  auto m = sgd(3);  // 10 = 3 * 3 + 1: three batches per pass, one sample dropped
  EXPECT_EQ(m->epoch_shape(10).updates, 3);
  EXPECT_EQ(m->epoch_shape(10).samples_used, 9);
  EXPECT_TRUE(m->stochastic());
  const Seen s = run(*m, obj, 12);
  EXPECT_EQ(s.end_k, (std::vector<Index>{3, 6, 9, 12}));
  EXPECT_EQ(s.end_epoch, (std::vector<Index>{1, 2, 3, 4}));
  EXPECT_EQ(s.epoch_of_k, (std::vector<Index>{0, 0, 1, 1, 1, 2, 2, 2, 3, 3, 3, 4}));
  // The loop's own batches: 12 updates drew 12 batches of 3 (the start point's batch is the first
  // update's), and each epoch's three are disjoint, so a boundary is where the loop reshuffles.
  ASSERT_EQ(obj.batches.size(), 12u);
  for (size_t e = 0; e < 4; ++e) {
    std::set<Index> pass;
    for (size_t b = 3 * e; b < 3 * e + 3; ++b) {
      ASSERT_EQ(obj.batches[b].size(), 3u);
      pass.insert(obj.batches[b].begin(), obj.batches[b].end());
    }
    EXPECT_EQ(pass.size(), 9u) << "epoch " << e + 1;
  }
}

TEST(EpochEvents, OnlineEndsAnEpochEveryNUpdates) {
  Samples obj(7);
  auto m = sgd(1);
  EXPECT_EQ(m->epoch_shape(7).updates, 7);
  const Seen s = run(*m, obj, 21);
  EXPECT_EQ(s.end_k, (std::vector<Index>{7, 14, 21}));
  EXPECT_EQ(s.end_epoch, (std::vector<Index>{1, 2, 3}));
}

TEST(EpochEvents, ABatchLargerThanTheSetIsOnePassPerUpdate) {
  Samples obj(5);
  auto m = sgd(8);
  EXPECT_EQ(m->epoch_shape(5).updates, 1);
  EXPECT_EQ(m->epoch_shape(5).samples_used, 5);
  const Seen s = run(*m, obj, 3);
  EXPECT_EQ(s.end_k, (std::vector<Index>{1, 2, 3}));
}

TEST(EpochEvents, FullBatchMethodsMakeOnePassPerUpdate) {
  for (const char* name : {"gd", "lbfgs"}) {
    Samples obj(6);
    auto m = make_method<double>(name, {});
    EXPECT_FALSE(m->stochastic()) << name;
    EXPECT_EQ(m->batch_size(), 0) << name;
    EXPECT_EQ(m->epoch_shape(6).updates, 1) << name;
    EXPECT_EQ(m->epoch_shape(6).samples_used, 6) << name;
    StopOptions stop;
    stop.gtol = 0;
    stop.max_iter = 4;
    std::vector<Index> ends;
    CallbackObserver<double> obs([&](const IterationRecord<double>& rec) {
      EXPECT_TRUE(rec.epoch_end) << name << " k " << rec.k;
      EXPECT_EQ(rec.epoch, rec.k) << name;
      ends.push_back(rec.k);
      return true;
    });
    Observer<double>* list[] = {&obs};
    minimize<double>(obj, Vec<double>::Constant(1, 0.5), *m, stop, list);
    ASSERT_FALSE(ends.empty()) << name;
    EXPECT_EQ(ends.front(), 1) << name;
  }
}

TEST(EpochEvents, EarlyStoppedIsASuccessWithExitCodeZero) {
  EXPECT_EQ(to_string(Status::EarlyStopped), "early_stopped");
  EXPECT_EQ(exit_code(Status::EarlyStopped), 0);
  EXPECT_TRUE(is_success(Status::EarlyStopped));
  EXPECT_FALSE(is_converged(Status::EarlyStopped));
  EXPECT_TRUE(is_success(Status::ConvergedGradient));
  EXPECT_FALSE(is_success(Status::MaxIterations));
  EXPECT_FALSE(is_success(Status::StoppedByObserver));
  EXPECT_EQ(exit_code(Status::StoppedByObserver), 4);
}

TEST(EpochEvents, EarlyStoppingFedAValueKeepsTheBestPointAndCheckpointsIt) {
  EarlyStopping<double> es({/*patience=*/2, /*min_delta=*/0.0, /*restore_best=*/true});
  Vec<double> x(2);
  x << 1, 2;
  EXPECT_EQ(es.record(1, 5.0, x), Status::Running);  // first value beats +inf
  x << 3, 4;
  EXPECT_EQ(es.record(2, 4.0, x), Status::Running);
  x << 5, 6;
  EXPECT_EQ(es.record(3, 4.5, x), Status::Running);
  StateWriter w;
  StateArchive saving(w);
  es.archive(saving);
  EXPECT_EQ(es.record(4, 4.0, x), Status::EarlyStopped);  // not below the best 4.0
  EXPECT_EQ(es.best_k(), 2);
  EXPECT_EQ(es.best_x(), (Vec<double>(2) << 3, 4).finished());
  // A restored copy decides the same way.
  EarlyStopping<double> back({2, 0.0, true});
  StateReader r(std::string(w.bytes().begin(), w.bytes().end()));
  StateArchive loading(r);
  back.archive(loading);
  EXPECT_EQ(back.best_x(), (Vec<double>(2) << 3, 4).finished());
  EXPECT_EQ(back.record(4, 4.0, x), Status::EarlyStopped);
}

TEST(EpochEvents, ProgressBarNamesTheEpochInProgress) {
  std::ostringstream out;
  ProgressBarOptions o;
  o.force = true;
  o.min_interval_s = 0;
  o.width = 4;
  o.epochs = 3;
  ProgressBar<double> bar(6, out, o);
  IterationRecord<double> r;
  bar.on_start(r);
  r.k = 3;
  r.epoch = 1;
  r.epoch_end = false;  // the second epoch is under way
  r.time_s = 1;
  bar.on_iteration(r);
  EXPECT_NE(out.str().find("epoch 2/3 [##..]  50%  3/6"), std::string::npos) << out.str();
  EXPECT_THROW(ProgressBar<double>(6, out,
                                   [] {
                                     ProgressBarOptions bad;
                                     bad.epochs = -1;
                                     return bad;
                                   }()),
               std::invalid_argument);
}

}  // namespace
}  // namespace optim
