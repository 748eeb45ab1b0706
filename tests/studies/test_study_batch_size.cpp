// Batch size against final loss, spread and cost (studies/batch_size.hpp; seed 004 6.2, 6.3.1).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "studies/batch_size.hpp"
#include "support/test_support.hpp"

namespace optim::studies {
namespace {

const BatchSizeStudy& study() {
  static const BatchSizeStudy s = run_batch_size_study({});
  return s;
}

TEST(StudyBatchSize, RowsFollowTheRuns) {
  const auto& s = study();
  const auto& o = s.options;
  ASSERT_EQ(s.rows.size(), o.batches.size());
  EXPECT_EQ(s.samples, 3 * o.per_class);
  for (size_t i = 0; i < s.rows.size(); ++i) {
    const auto& r = s.rows[i];
    SCOPED_TRACE(r.batch);
    EXPECT_EQ(r.batch, o.batches[i] == 0 ? s.samples : o.batches[i]);
    ASSERT_EQ(r.final_loss.size(), size_t(o.seeds));
    ASSERT_EQ(r.curves.size(), size_t(o.seeds));
    // The sample mean and standard deviation (n - 1), written out.
    double sum = 0, sq = 0;
    for (double v : r.final_loss) sum += v;
    const double mean = sum / o.seeds;
    for (double v : r.final_loss) sq += (v - mean) * (v - mean);
    EXPECT_NEAR(r.mean_final, mean, 1e-15 * mean);
    EXPECT_NEAR(r.sd_final, std::sqrt(sq / (o.seeds - 1)), 1e-15 * mean);
    // Every run starts from the same weights: the same loss at epoch 0.
    for (const auto& c : r.curves) {
      ASSERT_EQ(c.size(), size_t(o.epochs) + 1);
      EXPECT_EQ(c.front(), r.curves.front().front());
      EXPECT_EQ(c.back(), r.final_loss[size_t(&c - r.curves.data())]);
    }
    // Evaluations to the target: the first epoch whose loss is at or below it, times the
    // samples one epoch draws (floor(N / b) batches of b).
    int reached = 0;
    for (int k = 0; k < o.seeds; ++k) {
      const auto& c = r.curves[size_t(k)];
      const auto it =
          std::find_if(c.begin() + 1, c.end(), [&](double v) { return v <= o.target_loss; });
      if (it == c.end()) {
        EXPECT_TRUE(std::isnan(r.evals_to_target[size_t(k)]));
      } else {
        ++reached;
        EXPECT_EQ(r.evals_to_target[size_t(k)],
                  double((it - c.begin()) * (s.samples / r.batch) * r.batch));
      }
    }
    EXPECT_EQ(r.reached, reached);
  }
  // The full batch is deterministic: its runs end at the same bits, and their spread is zero up to
  // the rounding of the mean (sum / n need not reproduce the common value exactly).
  const auto& full = s.rows.back();
  for (double v : full.final_loss) EXPECT_EQ(v, full.final_loss.front());
  EXPECT_LE(full.sd_final, 1e-15 * full.mean_final);
}

TEST(StudyBatchSize, ClaimsFollowTheirCriteria) {
  const auto& s = study();
  const auto claims = batch_size_claims(s);
  ASSERT_EQ(claims.size(), 4u);
  const auto& sgd = s.rows.front();  // b = 1
  const auto& full = s.rows.back();  // b = N
  const auto& b64 = s.rows[3];       // the largest minibatch below N
  const auto& b4 = s.rows[1];        // the smallest above 1
  ASSERT_EQ(sgd.batch, 1);
  ASSERT_EQ(b64.batch, 64);
  ASSERT_EQ(b4.batch, 4);
  EXPECT_EQ(claims[0].name, "sgd_faster");
  EXPECT_EQ(claims[0].agrees,
            sgd.reached > 0 && (full.reached == 0 || sgd.median_evals <= 0.1 * full.median_evals));
  double best = INFINITY;
  for (const auto& r : s.rows) best = std::min(best, r.mean_final);
  EXPECT_EQ(claims[1].name, "sgd_spread");
  EXPECT_EQ(claims[1].agrees, sgd.sd_final >= 2 * b64.sd_final);
  EXPECT_EQ(claims[2].name, "sgd_poorer_minimum");
  EXPECT_EQ(claims[2].agrees, sgd.mean_final > best);
  EXPECT_EQ(claims[3].name, "elbow");
  EXPECT_EQ(claims[3].agrees, b4.sd_final < 0.5 * sgd.sd_final);
}

TEST(StudyBatchSize, ClaimsWithoutTheirBatchSizesSayNotMeasured) {
  BatchSizeOptions o;
  o.batches = {16, 0};
  o.seeds = 2;
  o.epochs = 2;
  const auto claims = batch_size_claims(run_batch_size_study(o));
  for (const auto& c : claims) {
    EXPECT_FALSE(c.agrees) << c.name;
    EXPECT_NE(c.verdict.find("not measured"), std::string::npos) << c.name;
  }
}

TEST(StudyBatchSize, BadOptionsAreRefused) {
  BatchSizeOptions o;
  o.seeds = 1;
  EXPECT_NE(testing::invalid_argument_message([&] { run_batch_size_study(o); }).find("seeds"),
            std::string::npos);
  o = {};
  o.batches = {-1};
  EXPECT_NE(testing::invalid_argument_message([&] { run_batch_size_study(o); }).find("batches"),
            std::string::npos);
}

}  // namespace
}  // namespace optim::studies
