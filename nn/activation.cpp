#include "nn/activation.hpp"

#include <algorithm>
#include <boost/math/distributions/normal.hpp>
#include <cmath>
#include <stdexcept>
#include <type_traits>
#include <utility>

#include "optim/parallel/thread_pool.hpp"

namespace optim::nn {
namespace {

struct NameOf {
  Activation a;
  const char* name;
};
constexpr NameOf kNames[] = {
    {Activation::Identity, "identity"},
    {Activation::Sigmoid, "sigmoid"},
    {Activation::Tanh, "tanh"},
    {Activation::Relu, "relu"},
    {Activation::LeakyRelu, "leaky_relu"},
    {Activation::PRelu, "prelu"},
    {Activation::AbsRelu, "abs"},
    {Activation::Softplus, "softplus"},
    {Activation::Swish, "swish"},
    {Activation::SwishLearned, "swish_learned"},
    {Activation::Mish, "mish"},
    {Activation::Gelu, "gelu"},
    {Activation::GeluTanh, "gelu_tanh"},
};

// Boost.Math normal CDF without throwing on extreme or non-finite arguments (a NaN propagates).
using QuietPolicy = boost::math::policies::policy<
    boost::math::policies::domain_error<boost::math::policies::ignore_error>,
    boost::math::policies::overflow_error<boost::math::policies::ignore_error>,
    boost::math::policies::underflow_error<boost::math::policies::ignore_error>,
    boost::math::policies::evaluation_error<boost::math::policies::ignore_error>>;

template <class S>
S normal_cdf(S z) {
  if (std::isnan(z)) return z;
  if (std::isinf(z)) return z > 0 ? S(1) : S(0);
  return boost::math::cdf(boost::math::normal_distribution<S, QuietPolicy>(S(0), S(1)), z);
}
template <class S>
S normal_pdf(S z) {
  return S(0.3989422804014327) * std::exp(S(-0.5) * z * z);  // 1/sqrt(2 pi) exp(-z^2/2)
}

constexpr double kSqrt2OverPi = 0.7978845608028654;
constexpr double kGeluCubic = 0.044715;

// Compile-time selected forms so that the fused loops below inline one branch-free kernel.
template <Activation A, class S>
inline S value(S z, S p) {
  if constexpr (A == Activation::Identity) {
    return z;
  } else if constexpr (A == Activation::Sigmoid) {
    return sigmoid(z);
  } else if constexpr (A == Activation::Tanh) {
    return std::tanh(z);
  } else if constexpr (A == Activation::Relu) {
    return z > S(0) ? z : S(0);  // seed 000 Def. 3.6: max{0, s}
  } else if constexpr (A == Activation::LeakyRelu || A == Activation::PRelu) {
    return z >= S(0) ? z : p * z;  // seed 001: max{0,z} + alpha min{0,z}
  } else if constexpr (A == Activation::AbsRelu) {
    return std::abs(z);  // alpha = -1
  } else if constexpr (A == Activation::Softplus) {
    return softplus(z);
  } else if constexpr (A == Activation::Swish || A == Activation::SwishLearned) {
    return z * sigmoid(p * z);  // seed 001: z sigma(beta z)
  } else if constexpr (A == Activation::Mish) {
    return z * std::tanh(softplus(z));  // seed 001: z tanh(zeta(z))
  } else if constexpr (A == Activation::Gelu) {
    return z * normal_cdf(z);  // seed 001: z Phi(z)
  } else {
    const S u = S(kSqrt2OverPi) * (z + S(kGeluCubic) * z * z * z);
    return S(0.5) * z * (S(1) + std::tanh(u));
  }
}

template <Activation A, class S>
inline S deriv_z(S z, S p) {
  if constexpr (A == Activation::Identity) {
    return S(1);
  } else if constexpr (A == Activation::Sigmoid) {
    const S s = sigmoid(z);
    return s * (S(1) - s);
  } else if constexpr (A == Activation::Tanh) {
    const S t = std::tanh(z);
    return S(1) - t * t;
  } else if constexpr (A == Activation::Relu) {
    return z >= S(0) ? S(1) : S(0);  // seed 000 Def. 3.6: g' = 1 if s >= 0, else 0
  } else if constexpr (A == Activation::LeakyRelu || A == Activation::PRelu) {
    return z >= S(0) ? S(1) : p;
  } else if constexpr (A == Activation::AbsRelu) {
    return z >= S(0) ? S(1) : S(-1);
  } else if constexpr (A == Activation::Softplus) {
    return sigmoid(z);  // zeta'(z) = sigma(z)
  } else if constexpr (A == Activation::Swish || A == Activation::SwishLearned) {
    const S s = sigmoid(p * z);
    return s + p * z * s * (S(1) - s);
  } else if constexpr (A == Activation::Mish) {
    const S t = std::tanh(softplus(z));
    return t + z * (S(1) - t * t) * sigmoid(z);
  } else if constexpr (A == Activation::Gelu) {
    return normal_cdf(z) + z * normal_pdf(z);
  } else {
    const S z2 = z * z;
    const S t = std::tanh(S(kSqrt2OverPi) * (z + S(kGeluCubic) * z2 * z));
    return S(0.5) * (S(1) + t) +
           S(0.5) * z * (S(1) - t * t) * S(kSqrt2OverPi) * (S(1) + S(3 * kGeluCubic) * z2);
  }
}

template <Activation A, class S>
inline S deriv_p(S z, S p) {
  if constexpr (A == Activation::PRelu || A == Activation::LeakyRelu) {
    return z >= S(0) ? S(0) : z;  // d/dalpha of alpha min{0, z}
  } else if constexpr (A == Activation::Swish || A == Activation::SwishLearned) {
    const S s = sigmoid(p * z);
    return z * z * s * (S(1) - s);
  } else {
    return S(0);
  }
}

// Calls f(std::integral_constant<Activation, A>{}) for the runtime value a.
template <class F>
decltype(auto) dispatch(Activation a, F&& f) {
  using A = Activation;
  switch (a) {
    case A::Identity:
      return f(std::integral_constant<A, A::Identity>{});
    case A::Sigmoid:
      return f(std::integral_constant<A, A::Sigmoid>{});
    case A::Tanh:
      return f(std::integral_constant<A, A::Tanh>{});
    case A::Relu:
      return f(std::integral_constant<A, A::Relu>{});
    case A::LeakyRelu:
      return f(std::integral_constant<A, A::LeakyRelu>{});
    case A::PRelu:
      return f(std::integral_constant<A, A::PRelu>{});
    case A::AbsRelu:
      return f(std::integral_constant<A, A::AbsRelu>{});
    case A::Softplus:
      return f(std::integral_constant<A, A::Softplus>{});
    case A::Swish:
      return f(std::integral_constant<A, A::Swish>{});
    case A::SwishLearned:
      return f(std::integral_constant<A, A::SwishLearned>{});
    case A::Mish:
      return f(std::integral_constant<A, A::Mish>{});
    case A::Gelu:
      return f(std::integral_constant<A, A::Gelu>{});
    case A::GeluTanh:
      return f(std::integral_constant<A, A::GeluTanh>{});
  }
  throw std::invalid_argument("unknown activation");
}

}  // namespace

Activation parse_activation(const std::string& name) {
  for (const auto& n : kNames)
    if (name == n.name) return n.a;
  std::string known;
  for (const auto& n : kNames) known += (known.empty() ? "" : ", ") + std::string(n.name);
  throw std::invalid_argument("unknown activation '" + name + "' (known: " + known + ")");
}

std::string to_string(Activation a) {
  for (const auto& n : kNames)
    if (n.a == a) return n.name;
  return "unknown";
}

std::vector<std::string> activation_names() {
  std::vector<std::string> out;
  for (const auto& n : kNames) out.emplace_back(n.name);
  return out;
}

bool has_learned_param(Activation a) {
  return a == Activation::PRelu || a == Activation::SwishLearned;
}

double default_activation_param(Activation a) {
  switch (a) {
    case Activation::LeakyRelu:
      return 0.01;  // seed 001: "alpha is small value like 0.01"
    case Activation::PRelu:
      return 0.25;  // He et al. 2015 initialise alpha to 0.25
    case Activation::AbsRelu:
      return -1.0;  // seed 001: absolute value rectification alpha = -1
    case Activation::Swish:
    case Activation::SwishLearned:
      return 1.0;
    default:
      return 0.0;
  }
}

template <class S>
S sigmoid(S z) {
  // Two branches so that exp never overflows: for z < 0 use e^z / (1 + e^z).
  if (z >= S(0)) return S(1) / (S(1) + std::exp(-z));
  const S e = std::exp(z);
  return e / (S(1) + e);
}

template <class S>
S softplus(S z) {
  return (z > S(0) ? z : S(0)) + std::log1p(std::exp(-std::abs(z)));
}

template <class S>
S activate(Activation a, S z, S p) {
  return dispatch(a, [&](auto c) { return value<decltype(c)::value, S>(z, p); });
}
template <class S>
S activate_dz(Activation a, S z, S p) {
  return dispatch(a, [&](auto c) { return deriv_z<decltype(c)::value, S>(z, p); });
}
template <class S>
S activate_dp(Activation a, S z, S p) {
  return dispatch(a, [&](auto c) { return deriv_p<decltype(c)::value, S>(z, p); });
}

namespace {
// The passes below run on row blocks, each over all columns in column order: per-row sums (bias
// and activation-parameter gradients) keep one summation order whatever the thread count, and
// blocks of 16-row multiples keep the vector loads whole. A block holds at least kMinElements
// values (~8 µs of ReLU work), below which handing it to another thread costs more than it saves.
template <class Body>
void for_row_blocks(Index rows, Index cols, Body&& body) {
  constexpr Index kMinElements = 8192, kAlign = 16;
  Index size = std::max<Index>(kAlign, (kMinElements + cols - 1) / std::max<Index>(cols, 1));
  size = (size + kAlign - 1) / kAlign * kAlign;
  const Index blocks = (rows + size - 1) / size;
  if (blocks <= 1) {
    body(Index(0), rows);
    return;
  }
  parallel_chunks(blocks, [&](Index c) { body(c * size, std::min(rows, (c + 1) * size)); });
}
}  // namespace

namespace {
// z <- z + b, a <- g(z) over rows [r0, r1); scalars by value so that g++ vectorises the loop.
template <Activation A, class S>
void forward_kernel(Index r0, Index r1, const S* b, const S* p, S fixed_p, Eigen::Ref<Mat<S>>& z,
                    Eigen::Ref<Mat<S>>& a) {
  for (Index j = 0; j < z.cols(); ++j) {
    S* __restrict zc = z.col(j).data();
    S* __restrict ac = a.col(j).data();
    for (Index i = r0; i < r1; ++i) {
      const S v = zc[i] + b[i];
      zc[i] = v;
      ac[i] = value<A, S>(v, p != nullptr ? p[i] : fixed_p);
    }
  }
}
}  // namespace

template <class S>
void bias_activate(Activation act, const S* b, const S* p, S fixed_p, Eigen::Ref<Mat<S>> z,
                   Eigen::Ref<Mat<S>> a) {
  dispatch(act, [&](auto c) {
    constexpr Activation A = decltype(c)::value;
    for_row_blocks(z.rows(), z.cols(),
                   [&](Index r0, Index r1) { forward_kernel<A, S>(r0, r1, b, p, fixed_p, z, a); });
  });
}

namespace {
// The backward kernel over rows [r0, r1) with the common case chosen at compile time: Fast (a
// fixed parameter and no parameter gradient wanted) is a branch-free loop the compiler vectorises.
template <Activation A, bool Fast, bool WantGb, class S>
void backward_kernel(Index r0, Index r1, const S* p, S fixed_p, const Eigen::Ref<const Mat<S>>& z,
                     const Eigen::Ref<const Mat<S>>& da, Eigen::Ref<Mat<S>> dz, S* gp, S* gb) {
  const Index cols = z.cols();
  if (gp != nullptr)
    for (Index i = r0; i < r1; ++i) gp[i] = S(0);
  if (gb != nullptr)
    for (Index i = r0; i < r1; ++i) gb[i] = S(0);
  for (Index j = 0; j < cols; ++j) {
    const S* __restrict zc = z.col(j).data();
    const S* __restrict dac = da.col(j).data();
    S* __restrict dzc = dz.col(j).data();
    S* __restrict gbc = gb;
    for (Index i = r0; i < r1; ++i) {
      const S pi = (Fast || p == nullptr) ? fixed_p : p[i];
      const S d = dac[i] * deriv_z<A, S>(zc[i], pi);
      dzc[i] = d;
      if constexpr (WantGb) gbc[i] += d;  // bias gradient: the row sums of delta, column order
      if constexpr (!Fast) {
        if (gp != nullptr) gp[i] += dac[i] * deriv_p<A, S>(zc[i], pi);
      }
    }
  }
}
}  // namespace

template <class S>
void activate_backward(Activation act, const S* p, S fixed_p, const Eigen::Ref<const Mat<S>>& z,
                       const Eigen::Ref<const Mat<S>>& da, Eigen::Ref<Mat<S>> dz, S* gp, S* gb) {
  const bool fast = p == nullptr && gp == nullptr;
  dispatch(act, [&](auto c) {
    constexpr Activation A = decltype(c)::value;
    for_row_blocks(z.rows(), z.cols(), [&](Index r0, Index r1) {
      if (fast && gb != nullptr)
        backward_kernel<A, true, true, S>(r0, r1, p, fixed_p, z, da, dz, gp, gb);
      else if (fast)
        backward_kernel<A, true, false, S>(r0, r1, p, fixed_p, z, da, dz, gp, gb);
      else if (gb != nullptr)
        backward_kernel<A, false, true, S>(r0, r1, p, fixed_p, z, da, dz, gp, gb);
      else
        backward_kernel<A, false, false, S>(r0, r1, p, fixed_p, z, da, dz, gp, gb);
    });
  });
}

#define OPTIM_NN_INSTANTIATE(S)                                                                \
  template S activate<S>(Activation, S, S);                                                    \
  template S activate_dz<S>(Activation, S, S);                                                 \
  template S activate_dp<S>(Activation, S, S);                                                 \
  template S sigmoid<S>(S);                                                                    \
  template S softplus<S>(S);                                                                   \
  template void bias_activate<S>(Activation, const S*, const S*, S, Eigen::Ref<Mat<S>>,        \
                                 Eigen::Ref<Mat<S>>);                                          \
  template void activate_backward<S>(Activation, const S*, S, const Eigen::Ref<const Mat<S>>&, \
                                     const Eigen::Ref<const Mat<S>>&, Eigen::Ref<Mat<S>>, S*, S*);
OPTIM_NN_INSTANTIATE(float)
OPTIM_NN_INSTANTIATE(double)
#undef OPTIM_NN_INSTANTIATE

}  // namespace optim::nn
