#pragma once
// The one definition of what each formula operator means: its value and, on request, its local
// partial derivatives d op / d a and d op / d b (the edge weights of seed
// 000_7fb68bb28a6a5040.txt, Example 3.2, step ii). Constant folding, Graph::evaluate and every
// pass of the Tape call apply_op below, so the reference evaluator and the fast path cannot drift
// apart.
//
// T is a plain scalar (float, double) or a Dual<S>. Unqualified calls find std:: or the Dual
// overloads of dual.hpp, so the same line gives the Hessian path its tangents: evaluating a
// partial on a dual number yields the second derivative along the dual's direction by the chain
// rule of the dual arithmetic. The switch over the op code is inlined into the tape's loops (no
// virtual call or std::function per node); with kPartials false the partials are compiled out.
#include <cmath>

#include "problems/expr/dual.hpp"
#include "problems/expr/graph.hpp"

namespace optim::expr {

// Value of `op` at operands a, b (b is ignored by unary operations) and node constant c (the
// exponent of PowConst). When kPartials is true, *pa and *pb receive the local partials; unary
// operations leave *pb untouched. Leaves (Const, Var) have no operation and give 0. Domain errors
// give NaN or +-inf as IEEE arithmetic does, never an exception.
template <bool kPartials, class T, class S>
[[gnu::always_inline]] inline T apply_op(Op op, const T& a, const T& b, S c, T* pa, T* pb) {
  using std::abs, std::acos, std::asin, std::atan, std::atan2, std::cos, std::cosh, std::exp,
      std::log, std::pow, std::sin, std::sinh, std::sqrt, std::tan, std::tanh;
  const T one(S(1)), zero(S(0));
  switch (op) {
    case Op::Add:
      if constexpr (kPartials) *pa = one, *pb = one;
      return a + b;
    case Op::Sub:
      if constexpr (kPartials) *pa = one, *pb = T(S(-1));
      return a - b;
    case Op::Mul:
      if constexpr (kPartials) *pa = b, *pb = a;
      return a * b;
    case Op::Div: {
      const T v = a / b;
      if constexpr (kPartials) *pa = one / b, *pb = -v / b;
      return v;
    }
    case Op::Neg:
      if constexpr (kPartials) *pa = T(S(-1));
      return -a;
    case Op::Pow: {
      // d a^b / d b = a^b log a, taken as 0 at a = 0 (the limit for b > 0).
      const T v = pow(a, b);
      if constexpr (kPartials) {
        *pa = b * pow(a, b - one);
        *pb = primal(a) == S(0) ? zero : v * log(a);
      }
      return v;
    }
    case Op::PowConst:
      // x^2 is the common case: a*a is exact-rounded and cheaper than pow. x^0 = 1 everywhere
      // (also at x = 0 and NaN, as std::pow says), with derivative 0.
      if (c == S(2)) {
        if constexpr (kPartials) *pa = T(S(2)) * a;
        return a * a;
      }
      if (c == S(0)) {
        if constexpr (kPartials) *pa = zero;
        return one;
      }
      if constexpr (kPartials) *pa = T(c) * pow(a, c - S(1));
      return pow(a, c);
    case Op::Exp: {
      const T v = exp(a);
      if constexpr (kPartials) *pa = v;
      return v;
    }
    case Op::Log:
      if constexpr (kPartials) *pa = one / a;
      return log(a);
    case Op::Sqrt: {
      const T v = sqrt(a);
      if constexpr (kPartials) *pa = T(S(0.5)) / v;  // (sqrt a)' = 1 / (2 sqrt a)
      return v;
    }
    case Op::Sin:
      if constexpr (kPartials) *pa = cos(a);
      return sin(a);
    case Op::Cos:
      if constexpr (kPartials) *pa = -sin(a);
      return cos(a);
    case Op::Tan: {
      const T v = tan(a);
      if constexpr (kPartials) *pa = one + v * v;  // tan' = 1 + tan^2
      return v;
    }
    case Op::Asin:
      if constexpr (kPartials) *pa = one / sqrt(one - a * a);
      return asin(a);
    case Op::Acos:
      if constexpr (kPartials) *pa = T(S(-1)) / sqrt(one - a * a);
      return acos(a);
    case Op::Atan:
      if constexpr (kPartials) *pa = one / (one + a * a);
      return atan(a);
    case Op::Atan2: {
      // atan2(a, b) is the angle of (b, a): partials b / r^2 and -a / r^2 with r^2 = a^2 + b^2.
      if constexpr (kPartials) {
        const T r2 = a * a + b * b;
        *pa = b / r2;
        *pb = -a / r2;
      }
      return atan2(a, b);
    }
    case Op::Sinh:
      if constexpr (kPartials) *pa = cosh(a);
      return sinh(a);
    case Op::Cosh:
      if constexpr (kPartials) *pa = sinh(a);
      return cosh(a);
    case Op::Tanh: {
      const T v = tanh(a);
      if constexpr (kPartials) *pa = one - v * v;  // tanh' = 1 - tanh^2
      return v;
    }
    case Op::Abs: {
      // Derivative sign(a), with 0 at the kink (a subgradient).
      if constexpr (kPartials) {
        const S s = primal(a);
        *pa = T(s > S(0) ? S(1) : (s < S(0) ? S(-1) : S(0)));
      }
      return abs(a);
    }
    case Op::Min:
    case Op::Max: {
      // NaN operands propagate (std::fmin would drop them and hide "cannot evaluate here"); ties
      // go to the first operand.
      const S x = primal(a), y = primal(b);
      if (std::isnan(x) || std::isnan(y)) {
        if constexpr (kPartials) *pa = one, *pb = one;
        return a + b;
      }
      const bool take_a = op == Op::Min ? x <= y : x >= y;
      if constexpr (kPartials) *pa = take_a ? one : zero, *pb = take_a ? zero : one;
      return take_a ? a : b;
    }
    case Op::Const:
    case Op::Var:
      break;
  }
  return zero;
}

// Value only.
template <class T, class S>
inline T op_value(Op op, const T& a, const T& b, S c) {
  return apply_op<false, T, S>(op, a, b, c, nullptr, nullptr);
}

// Value and local partials.
template <class T, class S>
inline T op_partials(Op op, const T& a, const T& b, S c, T& pa, T& pb) {
  return apply_op<true, T, S>(op, a, b, c, &pa, &pb);
}

}  // namespace optim::expr
