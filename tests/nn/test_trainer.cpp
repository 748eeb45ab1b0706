// nn::train_network on synthetic sets: method objects in minibatch / full-batch modes, epoch
// metrics, early stopping, confusion matrix, traces, and saving/loading models.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "nn/mlp_objective.hpp"
#include "nn/model_io.hpp"
#include "nn/synthetic.hpp"
#include "nn/trainer.hpp"
#include "optim/registry.hpp"
#include "support/test_support.hpp"

namespace optim::nn {
namespace {

std::string temp_file(const std::string& name) {
  return optim::testing::temp_path("nn_" + name);
}

TEST(Trainer, AdamMinibatchesLearnTheSpirals) {
  const std::uint64_t seed = 42;
  auto train = make_spirals<float>(200, 0.05, seed),
       test = make_spirals<float>(100, 0.05, seed + 1);
  const Scaler sc = Scaler::standardize(train);
  sc.apply(train);
  sc.apply(test);
  // ReLU units with He init and the seed's small positive bias (tanh units sit on a long plateau
  // on this set).
  NetworkSpec s{{2, 32, 32, 2}};
  s.hidden = Activation::Relu;
  s.bias_init = 0.1;
  Network<float> net(s);
  Vec<float> x0;
  net.init_params(x0, seed);
  TrainOptions opt;
  opt.epochs = 60;
  auto adam = make_method<float>("adam", ParamSet::parse("lr=0.01,batch_size=32,seed=42"));
  auto rep = train_network<float>(net, train, nullptr, &test, x0, *adam, opt);
  ASSERT_EQ(rep.epochs.size(), 60u) << rep.message;
  EXPECT_GE(rep.epochs.back().test_accuracy, 0.95) << "seed " << seed;
  EXPECT_LT(rep.epochs.back().train_loss, rep.epochs.front().train_loss);
  EXPECT_GT(rep.samples_per_s, 0);
  // Confusion matrix of the test set: rows sum to the 100 points of each class.
  ASSERT_EQ(rep.confusion.size(), 2u);
  EXPECT_EQ(rep.confusion[0][0] + rep.confusion[0][1], 100);
  EXPECT_EQ(rep.confusion[1][0] + rep.confusion[1][1], 100);
  EXPECT_NEAR(double(rep.confusion[0][0] + rep.confusion[1][1]) / 200.0,
              rep.epochs.back().test_accuracy, 1e-12);
}

TEST(Trainer, FullBatchGradientDescentFitsTheSine) {
  const std::uint64_t seed = 4;
  auto train = make_sine<double>(128, 0.05, seed);
  NetworkSpec s{{1, 16, 1}};
  s.hidden = Activation::Tanh;
  s.loss = Loss::Mse;
  s.init = Init::Glorot;
  Network<double> net(s);
  Vec<double> x0;
  net.init_params(x0, seed);
  TrainOptions opt;
  opt.epochs = 2000;  // one full-batch update per epoch
  auto momentum = make_method<double>("momentum", ParamSet::parse("lr=0.1"));
  auto rep = train_network<double>(net, train, nullptr, nullptr, x0, *momentum, opt);
  // Noise variance 0.05^2 gives an MSE floor of 1/2 * 0.0025; a good fit is within 4x of it.
  EXPECT_LT(rep.epochs.back().train_loss, 0.005) << "seed " << seed;
  EXPECT_EQ(rep.epochs.back().train_accuracy, -1);  // regression: no accuracy
}

TEST(Trainer, EarlyStoppingRestoresTheBestEpoch) {
  // min_delta so large that no epoch after the first counts as an improvement: with patience 2
  // the run stops after epoch 3 and returns epoch 1's parameters.
  auto all = make_blobs<double>(60, 3, 2, 1);
  Dataset<double> train, val;
  train_validation_split(all, 0.2, 1, train, val);
  Network<double> net({{2, 8, 3}});
  Vec<double> x0;
  net.init_params(x0, 1);
  TrainOptions opt;
  opt.epochs = 20;
  opt.patience = 2;
  opt.min_delta = 1e9;
  auto gd = make_method<double>("gd", ParamSet::parse("lr=0.1,batch_size=16"));
  auto rep = train_network<double>(net, train, &val, nullptr, x0, *gd, opt);
  EXPECT_TRUE(rep.early_stopped);
  EXPECT_EQ(rep.status, Status::EarlyStopped);
  ASSERT_EQ(rep.epochs.size(), 3u);
  EXPECT_EQ(rep.best_epoch, 1);
  EXPECT_NEAR(evaluate_network<double>(net, rep.params, val).loss, rep.epochs[0].val_loss, 1e-12);
}

TEST(Trainer, RejectsBadOptions) {
  auto d = make_xor<double>();
  Network<double> net({{2, 4, 2}});
  Vec<double> x0;
  net.init_params(x0, 0);
  auto adam = make_method<double>("adam", ParamSet::parse("batch_size=2"));
  TrainOptions opt;
  opt.epochs = 0;
  EXPECT_THROW(train_network<double>(net, d, nullptr, nullptr, x0, *adam, opt),
               std::invalid_argument);
  opt.epochs = 1;
  opt.l2 = -1;
  EXPECT_THROW(train_network<double>(net, d, nullptr, nullptr, x0, *adam, opt),
               std::invalid_argument);
  opt.l2 = 0;
  EXPECT_THROW(train_network<double>(net, d, nullptr, nullptr, Vec<double>(3), *adam, opt),
               std::invalid_argument);
}

TEST(Trainer, ConfusionMatrixAndTraces) {
  auto m = confusion_matrix({0, 0, 1, 2, 2, 2}, {0, 1, 1, 2, 0, 2}, 3);
  EXPECT_EQ(m, (std::vector<std::vector<long>>{{1, 1, 0}, {0, 1, 0}, {1, 0, 2}}));
  EXPECT_THROW(confusion_matrix({0}, {3}, 3), std::invalid_argument);
  std::vector<EpochRecord> ep(2);
  ep[0].epoch = 1;
  ep[0].train_loss = 0.5;
  ep[1].epoch = 2;
  ep[1].train_loss = 0.25;
  ep[1].test_accuracy = 0.9;
  const std::string csv = temp_file("trace.csv"), js = temp_file("trace.json");
  write_trace_csv(csv, ep);
  write_trace_json(js, ep);
  std::ifstream c(csv);
  std::string header, line1, line2;
  std::getline(c, header);
  std::getline(c, line1);
  std::getline(c, line2);
  EXPECT_EQ(header.substr(0, 17), "epoch,train_loss,");
  EXPECT_EQ(line2.substr(0, 7), "2,0.25,");
  auto j = nlohmann::json::parse(std::ifstream(js));
  ASSERT_EQ(j.size(), 2u);
  EXPECT_DOUBLE_EQ(j[1]["test_accuracy"].get<double>(), 0.9);
  std::filesystem::remove(csv);
  std::filesystem::remove(js);
}

TEST(ModelIo, SaveLoadRoundTripPredictsIdentically) {
  NetworkSpec s{{3, 5, 4}};
  s.hidden = Activation::PRelu;
  s.activation_param = 0.2;
  Network<float> net(s);
  Vec<float> x;
  net.init_params(x, 3);
  Scaler sc;
  sc.shift = {1, 2, 3};
  sc.scale = {0.5, 0.25, 2};
  const std::string f = temp_file("model.bin");
  save_model<float>(f, s, x, sc, "blobs");
  Model m = load_model(f);
  EXPECT_EQ(m.spec.layers, s.layers);
  EXPECT_EQ(m.spec.hidden, Activation::PRelu);
  EXPECT_EQ(m.spec.act_param(), s.act_param());
  EXPECT_EQ(m.scaler.scale, sc.scale);
  EXPECT_EQ(m.data, "blobs");
  EXPECT_EQ(m.params.cast<float>(), x);  // float -> double -> float is exact
  Network<double> back(m.spec);
  Network<double> orig(s);
  Mat<double> in = Mat<double>::Random(3, 6);
  Mat<double> a = orig.forward(x.cast<double>(), in), b = back.forward(m.params, in);
  EXPECT_EQ(a, b);
  std::filesystem::remove(f);
}

TEST(ModelIo, CorruptTruncatedAndForeignFilesAreRejected) {
  Network<double> net({{2, 3, 2}});
  Vec<double> x;
  net.init_params(x, 1);
  const std::string f = temp_file("m.bin");
  save_model<double>(f, net.spec(), x, Scaler{}, "xor");
  std::string bytes;
  {
    std::ifstream in(f, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    bytes = ss.str();
  }
  auto write = [&](const std::string& b) { std::ofstream(f, std::ios::binary) << b; };
  auto msg = [&] {
    try {
      load_model(f);
    } catch (const std::invalid_argument& e) {
      return std::string(e.what());
    }
    return std::string("(no error)");
  };
  std::string flipped = bytes;
  flipped[bytes.size() / 2] ^= 0x10;
  write(flipped);
  EXPECT_NE(msg().find("checksum"), std::string::npos);
  write(bytes.substr(0, bytes.size() - 20));
  EXPECT_NE(msg().find("truncated"), std::string::npos);
  write("P6 not a model at all, just some text");
  EXPECT_NE(msg().find("not an optim model"), std::string::npos);
  std::string v4 = bytes;  // a version from a newer build
  v4[8] = 4;
  write(v4);
  EXPECT_NE(msg().find("format version 4; this build reads versions 1 to 3 (it was written by a "
                       "newer optim)"),
            std::string::npos)
      << msg();
  std::filesystem::remove(f);
  EXPECT_NE(msg().find("cannot open"), std::string::npos);
  EXPECT_THROW(save_model<double>(f, net.spec(), Vec<double>(2), Scaler{}, "x"),
               std::invalid_argument);
}

}  // namespace
}  // namespace optim::nn
