#pragma once
// Forward-mode dual numbers v + d*eps (eps^2 = 0): the tangent d carries the directional
// derivative along one direction. Running the tape's reverse sweep on duals gives the derivative
// of the gradient along that direction, i.e. a Hessian-vector product (forward-over-reverse).
#include <cmath>

namespace optim::expr {

template <class S>
struct Dual {
  S v = S(0);  // value
  S d = S(0);  // tangent

  Dual() = default;
  constexpr Dual(S value, S tangent = S(0)) : v(value), d(tangent) {}  // NOLINT: implicit from S
};

template <class S>
inline S primal(S x) {
  return x;
}
template <class S>
inline S primal(const Dual<S>& x) {
  return x.v;
}

template <class S>
inline Dual<S> operator+(Dual<S> a, Dual<S> b) {
  return {a.v + b.v, a.d + b.d};
}
template <class S>
inline Dual<S> operator-(Dual<S> a, Dual<S> b) {
  return {a.v - b.v, a.d - b.d};
}
template <class S>
inline Dual<S> operator-(Dual<S> a) {
  return {-a.v, -a.d};
}
template <class S>
inline Dual<S> operator*(Dual<S> a, Dual<S> b) {
  return {a.v * b.v, a.d * b.v + a.v * b.d};
}
template <class S>
inline Dual<S> operator/(Dual<S> a, Dual<S> b) {
  const S q = a.v / b.v;
  return {q, (a.d - q * b.d) / b.v};
}
template <class S>
inline Dual<S>& operator+=(Dual<S>& a, Dual<S> b) {
  a.v += b.v;
  a.d += b.d;
  return a;
}

// Elementary functions: value f(v), tangent f'(v) * d.
template <class S>
inline Dual<S> exp(Dual<S> a) {
  const S e = std::exp(a.v);
  return {e, e * a.d};
}
template <class S>
inline Dual<S> log(Dual<S> a) {
  return {std::log(a.v), a.d / a.v};
}
template <class S>
inline Dual<S> sqrt(Dual<S> a) {
  const S r = std::sqrt(a.v);
  return {r, a.d / (S(2) * r)};
}
template <class S>
inline Dual<S> sin(Dual<S> a) {
  return {std::sin(a.v), std::cos(a.v) * a.d};
}
template <class S>
inline Dual<S> cos(Dual<S> a) {
  return {std::cos(a.v), -std::sin(a.v) * a.d};
}
template <class S>
inline Dual<S> tan(Dual<S> a) {
  const S t = std::tan(a.v);
  return {t, (S(1) + t * t) * a.d};
}
template <class S>
inline Dual<S> asin(Dual<S> a) {
  return {std::asin(a.v), a.d / std::sqrt(S(1) - a.v * a.v)};
}
template <class S>
inline Dual<S> acos(Dual<S> a) {
  return {std::acos(a.v), -a.d / std::sqrt(S(1) - a.v * a.v)};
}
template <class S>
inline Dual<S> atan(Dual<S> a) {
  return {std::atan(a.v), a.d / (S(1) + a.v * a.v)};
}
template <class S>
inline Dual<S> atan2(Dual<S> y, Dual<S> x) {
  const S r2 = x.v * x.v + y.v * y.v;
  return {std::atan2(y.v, x.v), (x.v * y.d - y.v * x.d) / r2};
}
template <class S>
inline Dual<S> sinh(Dual<S> a) {
  return {std::sinh(a.v), std::cosh(a.v) * a.d};
}
template <class S>
inline Dual<S> cosh(Dual<S> a) {
  return {std::cosh(a.v), std::sinh(a.v) * a.d};
}
template <class S>
inline Dual<S> tanh(Dual<S> a) {
  const S t = std::tanh(a.v);
  return {t, (S(1) - t * t) * a.d};
}
template <class S>
inline Dual<S> abs(Dual<S> a) {
  return {std::abs(a.v), a.v > S(0) ? a.d : (a.v < S(0) ? -a.d : S(0))};
}
// a^c for a constant exponent c.
template <class S>
inline Dual<S> pow(Dual<S> a, S c) {
  if (c == S(0)) return {S(1), S(0)};
  return {std::pow(a.v, c), c * std::pow(a.v, c - S(1)) * a.d};
}
// a^b with both computed: d(a^b) = b a^(b-1) da + a^b log(a) db; the log term is dropped when db
// is 0 so that a negative base with a fixed integer exponent keeps a finite tangent.
template <class S>
inline Dual<S> pow(Dual<S> a, Dual<S> b) {
  const S p = std::pow(a.v, b.v);
  S d = b.v * std::pow(a.v, b.v - S(1)) * a.d;
  if (b.d != S(0)) d += (a.v == S(0) ? S(0) : p * std::log(a.v)) * b.d;
  return {p, d};
}

}  // namespace optim::expr
