// The trainer's epochs are the loop's (IterationRecord::epoch_end): as many reports as epochs,
// the method's updates per epoch (floor(N/B) minibatches, N online, one full batch) and no copy
// of the batching rule; early stopping ends with Status::EarlyStopped and the best epoch's
// parameters; --l2 (TrainOptions::l2) is the network's penalty, apart from the method's decay.
#include <gtest/gtest.h>

#include "nn/mlp_objective.hpp"
#include "nn/synthetic.hpp"
#include "nn/trainer.hpp"
#include "optim/registry.hpp"

namespace optim::nn {
namespace {

struct BlobsRun {
  Dataset<double> train, val;
  Network<double> net{NetworkSpec{{2, 6, 3}}};
  Vec<double> x0;
  BlobsRun() {
    auto all = make_blobs<double>(62, 3, 2, 5);
    train_validation_split(all, 0.2, 5, train, val);
    net.init_params(x0, 5);
  }
};

TEST(TrainerEpochs, EpochReportsFollowTheLoopsBoundaries) {
  for (const char* batch : {"16", "1", "0", "500"}) {
    BlobsRun s;
    const Index n = s.train.size();
    auto m = make_method<double>("gd", ParamSet::parse(std::string("lr=0.05,batch_size=") + batch));
    TrainOptions opt;
    opt.epochs = 3;
    const auto rep = train_network<double>(s.net, s.train, &s.val, nullptr, s.x0, *m, opt);
    const Index b = std::stol(batch);
    // The loop's rule, written out here only to check it: floor(N / B) updates of min(B, N).
    const Index per_epoch = b == 0 ? 1 : n / std::min(b, n);
    EXPECT_EQ(m->epoch_shape(n).updates, per_epoch) << "batch " << batch;
    EXPECT_EQ(rep.status, Status::MaxIterations) << rep.message;
    ASSERT_EQ(rep.epochs.size(), 3u) << "batch " << batch;
    EXPECT_EQ(rep.updates, 3 * per_epoch) << "batch " << batch;
    for (int e = 0; e < 3; ++e) EXPECT_EQ(rep.epochs[size_t(e)].epoch, e + 1);
  }
}

TEST(TrainerEpochs, EarlyStoppingEndsWithEarlyStoppedAndTheBestEpochsWeights) {
  BlobsRun s;
  // A rate large enough that the validation loss rises after a few epochs: the best epoch is
  // then neither the first nor the last.
  auto m = make_method<double>("gd", ParamSet::parse("lr=3,batch_size=4"));
  TrainOptions opt;
  opt.epochs = 60;
  opt.patience = 3;
  const auto rep = train_network<double>(s.net, s.train, &s.val, nullptr, s.x0, *m, opt);
  ASSERT_EQ(rep.status, Status::EarlyStopped) << rep.message;
  EXPECT_TRUE(is_success(rep.status));
  EXPECT_EQ(exit_code(rep.status), 0);
  EXPECT_TRUE(rep.early_stopped);
  ASSERT_EQ(int(rep.epochs.size()), rep.best_epoch + 3);
  ASSERT_GE(rep.best_epoch, 1);
  const double best = rep.epochs[size_t(rep.best_epoch - 1)].val_loss;
  for (const auto& e : rep.epochs) EXPECT_GE(e.val_loss, best);
  // The returned parameters are the best epoch's, not the last one's.
  EXPECT_NEAR(evaluate_network<double>(s.net, rep.params, s.val).loss, best, 1e-12);
  EXPECT_GT(rep.epochs.back().val_loss, best);
  EXPECT_NE(rep.message.find("early stopping"), std::string::npos) << rep.message;
}

TEST(TrainerEpochs, L2IsThePenaltyOfTheNetwork) {
  auto final_loss = [](double l2) {
    BlobsRun s;
    auto m = make_method<double>("gd", ParamSet::parse("lr=0.1"));
    TrainOptions opt;
    opt.epochs = 5;
    opt.l2 = l2;
    return train_network<double>(s.net, s.train, nullptr, nullptr, s.x0, *m, opt).epochs.back();
  };
  // Full batch: the training loss of a report is the penalised objective's data term evaluated
  // at the trained point; a penalty moves the point, so the figures differ.
  EXPECT_NE(final_loss(0).train_loss, final_loss(0.5).train_loss);
}

}  // namespace
}  // namespace optim::nn
