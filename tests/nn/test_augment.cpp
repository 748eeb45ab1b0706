// Image augmentation (seed 002 "Data Augmentation") on small hand-made images: whole-pixel shifts
// and quarter turns move pixels exactly, a 45 degree turn is the bilinear formula, draws are
// seeded; and the training-time input perturbations of MlpObjective (augmentation, Gaussian input
// noise) leave evaluate() alone.
#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <string>

#include "nn/augment.hpp"
#include "nn/mlp_objective.hpp"
#include "nn/synthetic.hpp"
#include "support/test_support.hpp"

namespace optim::nn {
namespace {

// side x side image with pixel (r, c) = 1 + r * side + c (all distinct, none zero).
Vec<double> numbered(Index side) {
  Vec<double> v(side * side);
  for (Index i = 0; i < v.size(); ++i) v[i] = double(i + 1);
  return v;
}

TEST(Augment, WholePixelShiftsMovePixelsExactlyWithZeroFill) {
  const Index n = 4;
  const Vec<double> in = numbered(n);
  Vec<double> out(n * n);
  transform_image(in.data(), out.data(), n, /*dx=*/1, /*dy=*/0, 0.0);
  for (Index r = 0; r < n; ++r)
    for (Index c = 0; c < n; ++c)
      EXPECT_EQ(out[r * n + c], c == 0 ? 0.0 : in[r * n + c - 1]) << r << "," << c;
  transform_image(in.data(), out.data(), n, 0, /*dy=*/-1, 0.0);  // one row up
  for (Index r = 0; r < n; ++r)
    for (Index c = 0; c < n; ++c)
      EXPECT_EQ(out[r * n + c], r == n - 1 ? 0.0 : in[(r + 1) * n + c]) << r << "," << c;
  transform_image(in.data(), out.data(), n, 5, 0, 0.0);  // beyond the border: all zero
  EXPECT_EQ(out.cwiseAbs().maxCoeff(), 0.0);
}

TEST(Augment, QuarterAndHalfTurnsMapPixelsExactly) {
  for (Index n : {3, 4, 28}) {
    SCOPED_TRACE(n);
    const Vec<double> in = numbered(n);
    Vec<double> out(n * n);
    // Counter-clockwise as displayed: the top-right pixel goes to the top left, so
    // out(r, c) = in(c, n - 1 - r).
    transform_image(in.data(), out.data(), n, 0, 0, 90.0);
    for (Index r = 0; r < n; ++r)
      for (Index c = 0; c < n; ++c) ASSERT_EQ(out[r * n + c], in[c * n + (n - 1 - r)]);
    transform_image(in.data(), out.data(), n, 0, 0, -180.0);
    for (Index r = 0; r < n; ++r)
      for (Index c = 0; c < n; ++c) ASSERT_EQ(out[r * n + c], in[(n - 1 - r) * n + (n - 1 - c)]);
  }
}

TEST(Augment, A45DegreeTurnIsBilinearInterpolation) {
  const Index n = 3;
  const Vec<double> in = numbered(n);
  Vec<double> out(n * n);
  transform_image(in.data(), out.data(), n, 0, 0, 45.0);
  EXPECT_EQ(out[4], in[4]);  // the centre pixel is the fixed point
  // Output (0, 1) is 1 above the centre; turned back by 45 degrees it reads the input at
  // column 1 + sin 45, row 1 - cos 45: between rows 0, 1 and columns 1, 2.
  const double h = std::sqrt(0.5), wr = 1 - h, wc = h;
  const double expect =
      (1 - wr) * (1 - wc) * in[1] + (1 - wr) * wc * in[2] + wr * (1 - wc) * in[4] + wr * wc * in[5];
  EXPECT_NEAR(out[1], expect, 1e-13);  // same formula, different rounding order
  // The corner (0, 0), sqrt 2 from the centre, reads at row 1 - sqrt 2, column 1: between the
  // zero fill above the image (weight sqrt 2 - 1) and input (0, 1) (weight 2 - sqrt 2).
  EXPECT_NEAR(out[0], (2 - std::sqrt(2.0)) * in[1], 1e-13);
}

TEST(Augment, ColumnsGetSeededDrawsAndNothingIsDrawnWhenOff) {
  const Index n = 5;
  Mat<double> x(n * n, 3);
  for (Index j = 0; j < 3; ++j) x.col(j) = numbered(n);
  Mat<double> a = x, b = x;
  Vec<double> scratch(n * n);
  const AugmentSpec spec{.shift = 2, .rotate = 10};
  std::mt19937_64 r1(7), r2(7);
  augment_columns<double>(a, n, spec, r1, scratch);
  augment_columns<double>(b, n, spec, r2, scratch);
  EXPECT_EQ(a, b);                // same seed, same transforms
  EXPECT_NE(a.col(0), a.col(1));  // one draw per sample
  EXPECT_NE(a, x);
  std::mt19937_64 r3(7);
  Mat<double> c = x;
  augment_columns<double>(c, n, AugmentSpec{}, r3, scratch);
  EXPECT_EQ(c, x);
  EXPECT_EQ(r3, std::mt19937_64(7));  // inactive: the engine is untouched
}

TEST(Augment, SpecsAreParsedAndBadOnesNamed) {
  const AugmentSpec a = parse_augment("shift=2,rotate=10");
  EXPECT_EQ(a.shift, 2);
  EXPECT_EQ(a.rotate, 10.0);
  EXPECT_EQ(parse_augment("rotate=5").shift, 0);
  using optim::testing::invalid_argument_message;
  EXPECT_NE(invalid_argument_message([] { parse_augment("shift=-1"); }).find("shift"),
            std::string::npos);
  EXPECT_NE(invalid_argument_message([] { parse_augment("shift=1.5"); }).find("whole"),
            std::string::npos);
  EXPECT_NE(invalid_argument_message([] { parse_augment("rotate=200"); }).find("rotate"),
            std::string::npos);
  EXPECT_NE(invalid_argument_message([] { parse_augment("zoom=2"); }).find("zoom"),
            std::string::npos);
  EXPECT_NE(invalid_argument_message([] { parse_augment("shift"); }).find("KEY=VALUE"),
            std::string::npos);
  EXPECT_NE(invalid_argument_message([] { parse_augment("rotate=x"); }).find("not a number"),
            std::string::npos);
  EXPECT_EQ(image_side(784), 28);
  EXPECT_NE(invalid_argument_message([] { image_side(10); }).find("square"), std::string::npos);
}

TEST(Augment, BatchPerturbationsLeaveTheFullObjectiveAlone) {
  // 2 classes of 3x3 images (blobs in 9 dimensions); a 9-4-2 network.
  const Dataset<double> d = make_blobs<double>(8, 2, 9, 3);
  NetworkSpec s{{9, 4, 2}};
  Network<double> net(s);
  Vec<double> x;
  net.init_params(x, 1);
  MlpObjective<double> plain(net, d), perturbed(net, d);
  perturbed.set_input_noise(0.3);
  perturbed.set_augment({.shift = 1, .rotate = 20});
  Vec<double> g0(x.size()), g1(x.size());
  // evaluate(): the deterministic full objective, the same bits with or without perturbations.
  EXPECT_EQ(perturbed.evaluate(x, &g1), plain.evaluate(x, &g0));
  EXPECT_EQ(g1, g0);
  const std::vector<Index> batch = {0, 3, 5, 6};
  net.reseed_dropout(5);
  const double f0 = plain.evaluate_batch(x, batch, nullptr);
  EXPECT_EQ(net.dropout_rng(), std::mt19937_64(5));  // nothing drawn without perturbations
  const double f1 = perturbed.evaluate_batch(x, batch, nullptr);
  EXPECT_NE(f1, f0);
  net.reseed_dropout(5);
  EXPECT_EQ(perturbed.evaluate_batch(x, batch, nullptr), f1);  // seeded: the same draws again
  // Noise 0 is no noise; bad values are named.
  MlpObjective<double> zero(net, d);
  zero.set_input_noise(0.0);
  EXPECT_EQ(zero.evaluate_batch(x, batch, nullptr), f0);
  EXPECT_THROW(zero.set_input_noise(-1.0), std::invalid_argument);
  // Inputs that are no square image are refused.
  const Dataset<double> flat = make_blobs<double>(8, 2, 3, 3);
  Network<double> net3({{3, 4, 2}});
  MlpObjective<double> o3(net3, flat);
  EXPECT_THROW(o3.set_augment({.shift = 1}), std::invalid_argument);
}

}  // namespace
}  // namespace optim::nn
