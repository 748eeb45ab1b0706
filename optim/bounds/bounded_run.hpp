#pragma once
// What the driver checks before a run on a box: the box's length, and that the method honours
// bounds (Method::accepts_bounds); a box without a finite bound is no box.
#include <string>

#include "optim/bounds/bounds.hpp"
#include "optim/method.hpp"

namespace optim {

// The box the run uses: null when `bounds` is null or constrains nothing. Throws
// std::invalid_argument when the box does not have length n, or when it constrains and the
// method does not accept bounds (naming the methods that do).
template <class S>
const Bounds<S>* run_box(const Bounds<S>* bounds, const Method<S>& method, Index n);

// The box as one line of a checkpoint's inputs (CheckpointOptions::inputs): "box n=N fnv1a64 HEX",
// the FNV-1a hash of the bounds' bytes as doubles, so that a run resumed on another box is
// refused rather than continued.
template <class S>
std::string box_identity(const Bounds<S>& box);

// The registered methods that accept bounds, comma-separated ("lbfgsb").
std::string methods_accepting_bounds();

}  // namespace optim
