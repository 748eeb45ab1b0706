#include "nn/data_schema.hpp"

namespace optim::nn {

Index DataSchema::inputs() const {
  if (kind == "idx") return pixels;
  Index n = 0;
  for (const auto& f : features) n += f.width();
  return n;
}

template <class S>
void DataSchema::scale_targets(Mat<S>& y) const {
  if (target_shift.empty()) return;
  for (Index i = 0; i < y.rows(); ++i) {
    const auto k = static_cast<std::size_t>(i);
    y.row(i) = (y.row(i).array() - S(target_shift[k])) * S(target_scale[k]);
  }
}

template <class S>
void DataSchema::unscale_targets(Mat<S>& y) const {
  if (target_shift.empty()) return;
  for (Index i = 0; i < y.rows(); ++i) {
    const auto k = static_cast<std::size_t>(i);
    y.row(i) = y.row(i).array() / S(target_scale[k]) + S(target_shift[k]);
  }
}

template void DataSchema::scale_targets<float>(Mat<float>&) const;
template void DataSchema::scale_targets<double>(Mat<double>&) const;
template void DataSchema::unscale_targets<float>(Mat<float>&) const;
template void DataSchema::unscale_targets<double>(Mat<double>&) const;

}  // namespace optim::nn
