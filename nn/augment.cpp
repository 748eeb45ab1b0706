#include "nn/augment.hpp"

#include <cmath>
#include <numbers>
#include <stdexcept>

#include "optim/params.hpp"

namespace optim::nn {

void AugmentSpec::validate() const {
  // A shift beyond 64 pixels or a turn beyond a half turn is no longer a "small" perturbation
  // (and a half turn already covers every angle).
  if (shift < 0 || shift > 64) throw_out_of_range("shift", shift, "[0, 64] pixels");
  if (!(rotate >= 0 && rotate <= 180)) throw_out_of_range("rotate", rotate, "[0, 180] degrees");
}

AugmentSpec parse_augment(const std::string& text) {
  AugmentSpec a;
  std::size_t from = 0;
  bool any = false;
  while (from <= text.size()) {
    const std::size_t comma = std::min(text.find(',', from), text.size());
    const std::string item = text.substr(from, comma - from);
    from = comma + 1;
    if (item.empty()) continue;
    const auto eq = item.find('=');
    if (eq == std::string::npos)
      throw std::invalid_argument("'" + item + "' is not KEY=VALUE (keys: shift, rotate)");
    const std::string key = item.substr(0, eq), value = item.substr(eq + 1);
    std::size_t used = 0;
    double v = 0;
    try {
      v = std::stod(value, &used);
    } catch (const std::exception&) {
      used = 0;
    }
    if (used == 0 || used != value.size())
      throw std::invalid_argument(key + " '" + value + "' is not a number");
    if (key == "shift") {
      if (v != std::floor(v) || !(std::abs(v) <= 1e6))
        throw std::invalid_argument("shift '" + value + "' must be a whole number of pixels");
      a.shift = static_cast<int>(v);
    } else if (key == "rotate") {
      a.rotate = v;
    } else {
      throw std::invalid_argument("unknown key '" + key + "' (keys: shift, rotate)");
    }
    any = true;
  }
  if (!any) throw std::invalid_argument("empty (give shift=K and/or rotate=DEG)");
  a.validate();
  return a;
}

Index image_side(Index pixels) {
  const auto side = static_cast<Index>(std::llround(std::sqrt(static_cast<double>(pixels))));
  if (pixels < 1 || side * side != pixels) {
    throw std::invalid_argument("images must be square: " + std::to_string(pixels) +
                                " inputs are no side x side image");
  }
  return side;
}

namespace {
// cos or sin snapped to 0 or +-1 within 1e-12: cos(pi/2) is 6e-17 in double, which would blur a
// quarter turn by a bilinear weight of 1e-15.
double snapped(double v) {
  for (double e : {-1.0, 0.0, 1.0})
    if (std::abs(v - e) < 1e-12) return e;
  return v;
}
}  // namespace

template <class S>
void transform_image(const S* in, S* out, Index side, int dx, int dy, double angle_deg) {
  const double theta = angle_deg * std::numbers::pi / 180.0;
  const double c = snapped(std::cos(theta)), s = snapped(std::sin(theta));
  const double ctr = 0.5 * double(side - 1);
  auto at = [&](Index r, Index col) -> double {
    return (r < 0 || r >= side || col < 0 || col >= side) ? 0.0 : double(in[r * side + col]);
  };
  for (Index r = 0; r < side; ++r) {
    for (Index col = 0; col < side; ++col) {
      // Undo the shift, then the rotation: x to the right, y upward from the centre; the
      // counter-clockwise turn (x', y') = (x c - y s, x s + y c) is inverted by its transpose.
      const double xo = double(col - dx) - ctr, yo = ctr - double(r - dy);
      const double xs = xo * c + yo * s, ys = -xo * s + yo * c;
      const double sc = xs + ctr, sr = ctr - ys;  // source column and row
      const double fr = std::floor(sr), fc = std::floor(sc);
      const double wr = sr - fr, wc = sc - fc;
      const auto r0 = static_cast<Index>(fr), c0 = static_cast<Index>(fc);
      // Bilinear: exact weights 1 and 0 at integer points, so a whole-pixel move copies values.
      double v = (1 - wr) * (1 - wc) * at(r0, c0);
      if (wc != 0) v += (1 - wr) * wc * at(r0, c0 + 1);
      if (wr != 0) v += wr * (1 - wc) * at(r0 + 1, c0);
      if (wr != 0 && wc != 0) v += wr * wc * at(r0 + 1, c0 + 1);
      out[r * side + col] = static_cast<S>(v);
    }
  }
}

template <class S>
void augment_columns(Eigen::Ref<Mat<S>> x, Index side, const AugmentSpec& spec,
                     std::mt19937_64& rng, Vec<S>& scratch) {
  if (!spec.active()) return;
  if (x.rows() != side * side || scratch.size() != side * side)
    throw std::invalid_argument("augment: columns are not side x side images");
  std::uniform_int_distribution<int> shift(-spec.shift, spec.shift);
  std::uniform_real_distribution<double> angle(-spec.rotate, spec.rotate);
  for (Index j = 0; j < x.cols(); ++j) {
    int dx = 0, dy = 0;
    double deg = 0;
    if (spec.shift > 0) {
      dx = shift(rng);
      dy = shift(rng);
    }
    if (spec.rotate > 0) deg = angle(rng);
    transform_image(x.col(j).data(), scratch.data(), side, dx, dy, deg);
    x.col(j) = scratch;
  }
}

template void transform_image<float>(const float*, float*, Index, int, int, double);
template void transform_image<double>(const double*, double*, Index, int, int, double);
template void augment_columns<float>(Eigen::Ref<Mat<float>>, Index, const AugmentSpec&,
                                     std::mt19937_64&, Vec<float>&);
template void augment_columns<double>(Eigen::Ref<Mat<double>>, Index, const AugmentSpec&,
                                      std::mt19937_64&, Vec<double>&);

}  // namespace optim::nn
