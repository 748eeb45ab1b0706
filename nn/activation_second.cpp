#include "nn/activation_second.hpp"

#include <cmath>
#include <numbers>

namespace optim::nn {

template <class S>
SecondDerivatives<S> activate_d2(Activation a, S z, S p) {
  using A = Activation;
  SecondDerivatives<S> d;
  switch (a) {
    case A::Identity:
    case A::Relu:
    case A::LeakyRelu:
    case A::AbsRelu:
      break;
    case A::PRelu:
      d.zp = z < S(0) ? S(1) : S(0);
      break;
    case A::Sigmoid: {
      const S s = sigmoid(z);
      d.zz = s * (S(1) - s) * (S(1) - S(2) * s);  // sigma' (1 - 2 sigma)
      break;
    }
    case A::Tanh: {
      const S t = std::tanh(z);
      d.zz = S(-2) * t * (S(1) - t * t);
      break;
    }
    case A::Softplus: {
      const S s = sigmoid(z);
      d.zz = s * (S(1) - s);  // zeta'' = sigma'
      break;
    }
    case A::Swish:
    case A::SwishLearned: {
      // g = z s, s = sigma(p z), s' = s (1 - s), s'' = s' (1 - 2 s) (derivatives in p z):
      // g_z = s + p z s', g_zz = 2 p s' + p^2 z s'', g_p = z^2 s', g_zp = 2 z s' + p z^2 s'',
      // g_pp = z^3 s''.
      const S s = sigmoid(p * z), s1 = s * (S(1) - s), s2 = s1 * (S(1) - S(2) * s);
      d.zz = S(2) * p * s1 + p * p * z * s2;
      if (a == A::SwishLearned) {
        d.zp = S(2) * z * s1 + p * z * z * s2;
        d.pp = z * z * z * s2;
      }
      break;
    }
    case A::Mish: {
      // g = z t, t = tanh(zeta(z)), t' = (1 - t^2) sigma: g'' = (1 - t^2) (2 sigma +
      // z sigma (1 - sigma) - 2 z t sigma^2).
      const S t = std::tanh(softplus(z)), s = sigmoid(z);
      d.zz = (S(1) - t * t) * (S(2) * s + z * s * (S(1) - s) - S(2) * z * t * s * s);
      break;
    }
    case A::Gelu: {
      // g = z Phi(z): g'' = 2 phi + z phi' = phi (2 - z^2).
      const S phi = std::exp(-z * z / S(2)) / std::sqrt(S(2) * std::numbers::pi_v<S>);
      d.zz = phi * (S(2) - z * z);
      break;
    }
    case A::GeluTanh: {
      // g = z (1 + T) / 2, T = tanh(u), u = k (z + c z^3): g'' = (1 - T^2) (u' + z (u'' -
      // 2 T u'^2) / 2) with u' = k (1 + 3 c z^2), u'' = 6 k c z.
      const S k = std::sqrt(S(2) / std::numbers::pi_v<S>), c = S(0.044715);
      const S t = std::tanh(k * (z + c * z * z * z));
      const S u1 = k * (S(1) + S(3) * c * z * z), u2 = S(6) * k * c * z;
      d.zz = (S(1) - t * t) * (u1 + S(0.5) * z * (u2 - S(2) * t * u1 * u1));
      break;
    }
  }
  return d;
}

template SecondDerivatives<float> activate_d2<float>(Activation, float, float);
template SecondDerivatives<double> activate_d2<double>(Activation, double, double);

}  // namespace optim::nn
