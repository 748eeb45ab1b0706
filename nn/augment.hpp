#pragma once
// Data augmentation for image inputs (seed 002 "Data Augmentation"): each training sample of a
// batch is moved by a random integer shift of up to K pixels in each direction (zero fill where
// the image moves away from the border) and turned by a random angle of up to DEG degrees about
// the image centre (bilinear interpolation, zero outside), drawn afresh for every batch from a
// seeded engine, so nothing augmented is stored. Images are square, side x side, row-major
// (pixel (r, c) at r * side + c: the IDX / MNIST layout).
#include <random>
#include <string>

#include "optim/types.hpp"

namespace optim::nn {

struct AugmentSpec {
  int shift = 0;      // K: dx, dy uniform integers in [-K, K]
  double rotate = 0;  // DEG: angle uniform in [-DEG, DEG] degrees
  bool active() const { return shift > 0 || rotate > 0; }
  // shift in [0, 64], rotate in [0, 180] and finite; std::invalid_argument naming the key.
  void validate() const;
};

// "shift=2,rotate=10" (either key may be left out); throws std::invalid_argument naming the key
// or the malformed item.
AugmentSpec parse_augment(const std::string& text);

// The side of a square image of `pixels` inputs; throws std::invalid_argument when `pixels` is no
// perfect square (the message names the count).
Index image_side(Index pixels);

// out = the image `in` turned counter-clockwise (as displayed, rows downward) by angle_deg about
// its centre ((side - 1) / 2, (side - 1) / 2), then moved by dx columns right and dy rows down.
// Each output pixel samples the input at the inverse-mapped point bilinearly; points outside the
// image read 0. Rotations by multiples of 90 degrees use exact cos/sin (0, +-1), so they and
// integer shifts move pixels exactly. `in` and `out` must not overlap.
template <class S>
void transform_image(const S* in, S* out, Index side, int dx, int dy, double angle_deg);

// Applies a random transform to each column of `x` (side * side rows), drawing dx, dy (when
// shift > 0) and then the angle (when rotate > 0) per column from `rng`; `scratch` holds
// side * side values (sized by the caller, so that this does not allocate).
template <class S>
void augment_columns(Eigen::Ref<Mat<S>> x, Index side, const AugmentSpec& spec,
                     std::mt19937_64& rng, Vec<S>& scratch);

}  // namespace optim::nn
