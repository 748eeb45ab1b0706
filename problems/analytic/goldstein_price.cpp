// Goldstein-Price function (Goldstein & Price 1971): f = A(x, y) B(x, y) with
//   A = 1 + u^2 P,  u = x + y + 1,   P = 19 - 14x + 3x^2 - 14y + 6xy + 3y^2,
//   B = 30 + v^2 Q, v = 2x - 3y,     Q = 18 - 32x + 12x^2 + 48y - 36xy + 27y^2.
// Global minimum 3 at (0, -1); several local minima (e.g. f = 30 at (-0.6, -0.4), f = 84 at
// (1.8, 0.2)). Derivatives by the product rule on A and B below.
#include "problems/analytic/analytic.hpp"

namespace optim::problems {
namespace {

// Values and first/second partials of A and B at (x, y).
template <class S>
struct Parts {
  S a, ax, ay, axx, axy, ayy;
  S b, bx, by, bxx, bxy, byy;
};

template <class S>
Parts<S> parts(S x, S y) {
  Parts<S> p;
  const S u = x + y + S(1);
  const S P = S(19) - S(14) * x + S(3) * x * x - S(14) * y + S(6) * x * y + S(3) * y * y;
  const S Px = S(-14) + S(6) * x + S(6) * y;  // = P_y as well
  p.a = S(1) + u * u * P;
  p.ax = S(2) * u * P + u * u * Px;
  p.ay = p.ax;  // u_x = u_y = 1 and P_x = P_y
  // P_xx = P_xy = P_yy = 6, so all three second partials of A coincide.
  p.axx = S(2) * P + S(4) * u * Px + S(6) * u * u;
  p.axy = p.axx;
  p.ayy = p.axx;

  const S v = S(2) * x - S(3) * y;
  const S Q = S(18) - S(32) * x + S(12) * x * x + S(48) * y - S(36) * x * y + S(27) * y * y;
  const S Qx = S(-32) + S(24) * x - S(36) * y;
  const S Qy = S(48) - S(36) * x + S(54) * y;
  p.b = S(30) + v * v * Q;
  p.bx = S(4) * v * Q + v * v * Qx;                                    // v_x = 2
  p.by = S(-6) * v * Q + v * v * Qy;                                   // v_y = -3
  p.bxx = S(8) * Q + S(8) * v * Qx + S(24) * v * v;                    // Q_xx = 24
  p.bxy = S(-12) * Q + S(4) * v * Qy - S(6) * v * Qx - S(36) * v * v;  // Q_xy = -36
  p.byy = S(18) * Q - S(12) * v * Qy + S(54) * v * v;                  // Q_yy = 54
  return p;
}

}  // namespace

template <class S>
GoldsteinPrice<S>::GoldsteinPrice(Index n) : AnalyticObjective<S>(n) {
  require_fixed_dim("goldstein_price", n, 2);
}

template <class S>
S GoldsteinPrice<S>::evaluate(const Vec<S>& v, Vec<S>* grad) {
  const Parts<S> p = parts(v[0], v[1]);
  if (grad != nullptr) {
    (*grad)[0] = p.ax * p.b + p.a * p.bx;
    (*grad)[1] = p.ay * p.b + p.a * p.by;
  }
  return p.a * p.b;
}

template <class S>
void GoldsteinPrice<S>::hessian(const Vec<S>& v, Mat<S>* hess) {
  const Parts<S> p = parts(v[0], v[1]);
  const S hxx = p.axx * p.b + S(2) * p.ax * p.bx + p.a * p.bxx;
  const S hxy = p.axy * p.b + p.ax * p.by + p.ay * p.bx + p.a * p.bxy;
  const S hyy = p.ayy * p.b + S(2) * p.ay * p.by + p.a * p.byy;
  (*hess) << hxx, hxy, hxy, hyy;
}

template <class S>
Problem<S> goldstein_price_problem() {
  return analytic_problem<S>(
      "goldstein_price", std::make_unique<GoldsteinPrice<S>>(), vec_of<S>({-0.5, 0.25}),
      {vec_of<S>({0.0, -1.0})}, 3.0,
      "global minimum 3 at (0, -1); local minima with f = 30, 84, 840; values span 1e0..1e6 "
      "on [-2, 2]^2, so float loses digits");
}

template class GoldsteinPrice<float>;
template class GoldsteinPrice<double>;
template Problem<float> goldstein_price_problem<float>();
template Problem<double> goldstein_price_problem<double>();

}  // namespace optim::problems
