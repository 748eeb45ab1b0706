#pragma once
// Common numeric aliases. Scalar is a template parameter everywhere: float and double are both
// first-class (networks train in float, studies run in double).
#include <Eigen/Core>
#include <cstdint>

namespace optim {

using Index = Eigen::Index;

template <class S>
using Vec = Eigen::Matrix<S, Eigen::Dynamic, 1>;

template <class S>
using Mat = Eigen::Matrix<S, Eigen::Dynamic, Eigen::Dynamic>;

template <class S>
using ConstRef = Eigen::Ref<const Vec<S>>;

}  // namespace optim
