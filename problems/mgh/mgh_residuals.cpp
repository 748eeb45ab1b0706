// Residuals and Jacobians of the MGH problems; each case cites the paper's problem number and
// writes r_i and the nonzero entries of row i of J (J is cleared first).
#include <array>
#include <cmath>
#include <numbers>
#include <stdexcept>

#include "problems/mgh/mgh.hpp"
#include "problems/mgh/mgh_data.hpp"

namespace optim::problems {

Index mgh_num_residuals(MghKind k, Index n) {
  switch (k) {
    case MghKind::BrownBadlyScaled:
      return 3;
    case MghKind::Beale:
      return 3;
    case MghKind::JennrichSampson:
      return 10;
    case MghKind::Bard:
      return 15;
    case MghKind::Gaussian:
      return 15;
    case MghKind::Meyer:
      return 16;
    case MghKind::GulfResearch:
      return 99;
    case MghKind::Box3d:
      return 10;
    case MghKind::Wood:
      return 6;
    case MghKind::KowalikOsborne:
      return 11;
    case MghKind::BrownDennis:
      return 20;
    case MghKind::Osborne1:
      return 33;
    case MghKind::BiggsExp6:
      return 13;
    case MghKind::Osborne2:
      return 65;
    case MghKind::Watson:
      return 31;
    case MghKind::PenaltyI:
      return n + 1;
    case MghKind::PenaltyII:
      return 2 * n;
    case MghKind::VariablyDimensioned:
      return n + 2;
    case MghKind::LinearFullRank:
      return 2 * n;
    default:
      return n;  // square systems
  }
}

Eigen::VectorXd mgh_start(MghKind k, Index n) {
  Eigen::VectorXd x(n);
  const double h = 1.0 / double(n + 1);
  switch (k) {
    case MghKind::Rosenbrock:
      x << -1.2, 1;
      break;
    case MghKind::FreudensteinRoth:
      x << 0.5, -2;
      break;
    case MghKind::PowellBadlyScaled:
      x << 0, 1;
      break;
    case MghKind::BrownBadlyScaled:
      x << 1, 1;
      break;
    case MghKind::Beale:
      x << 1, 1;
      break;
    case MghKind::JennrichSampson:
      x << 0.3, 0.4;
      break;
    case MghKind::HelicalValley:
      x << -1, 0, 0;
      break;
    case MghKind::Bard:
      x << 1, 1, 1;
      break;
    case MghKind::Gaussian:
      x << 0.4, 1, 0;
      break;
    case MghKind::Meyer:
      x << 0.02, 4000, 250;
      break;
    case MghKind::GulfResearch:
      x << 5, 2.5, 0.15;
      break;
    case MghKind::Box3d:
      x << 0, 10, 20;
      break;
    case MghKind::PowellSingular:
      x << 3, -1, 0, 1;
      break;
    case MghKind::Wood:
      x << -3, -1, -3, -1;
      break;
    case MghKind::KowalikOsborne:
      x << 0.25, 0.39, 0.415, 0.39;
      break;
    case MghKind::BrownDennis:
      x << 25, 5, -5, -1;
      break;
    case MghKind::Osborne1:
      x << 0.5, 1.5, -1, 0.01, 0.02;
      break;
    case MghKind::BiggsExp6:
      x << 1, 2, 1, 1, 1, 1;
      break;
    case MghKind::Osborne2:
      x << 1.3, 0.65, 0.65, 0.7, 0.6, 3, 5, 7, 2, 4.5, 5.5;
      break;
    case MghKind::Watson:
      x.setZero();
      break;
    case MghKind::ExtendedRosenbrock:
      for (Index i = 0; i < n; ++i) x[i] = i % 2 == 0 ? -1.2 : 1.0;
      break;
    case MghKind::ExtendedPowell:
      for (Index i = 0; i < n; ++i) x[i] = std::array<double, 4>{3, -1, 0, 1}[size_t(i % 4)];
      break;
    case MghKind::PenaltyI:
      for (Index i = 0; i < n; ++i) x[i] = double(i + 1);
      break;
    case MghKind::PenaltyII:
      x.setConstant(0.5);
      break;
    case MghKind::VariablyDimensioned:
      for (Index i = 0; i < n; ++i) x[i] = 1.0 - double(i + 1) / double(n);
      break;
    case MghKind::Trigonometric:
      x.setConstant(1.0 / double(n));
      break;
    case MghKind::BrownAlmostLinear:
      x.setConstant(0.5);
      break;
    case MghKind::DiscreteBoundaryValue:
      for (Index i = 0; i < n; ++i) x[i] = double(i + 1) * h * (double(i + 1) * h - 1);
      break;
    case MghKind::BroydenTridiagonal:
      x.setConstant(-1);
      break;
    case MghKind::LinearFullRank:
      x.setConstant(1);
      break;
    case MghKind::Chebyquad:
      for (Index i = 0; i < n; ++i) x[i] = double(i + 1) * h;
      break;
  }
  return x;
}

template <class S>
MghObjective<S>::MghObjective(MghKind kind, Index n)
    : kind_(kind), n_(n), m_(mgh_num_residuals(kind, n)) {
  if (n < 1) throw std::invalid_argument("MGH problem dimension must be >= 1");
}

template <class S>
void MghObjective<S>::residuals(const Vec<S>& x, Vec<S>* res, Mat<S>* jac) {
  using std::exp, std::cos, std::sin, std::sqrt, std::abs, std::pow, std::log;
  Vec<S>& r = *res;
  if (jac) jac->setZero();
  auto J = [&](Index i, Index j) -> S& { return (*jac)(i, j); };
  const Index n = n_, m = m_;
  switch (kind_) {
    case MghKind::Rosenbrock:  // (1)
      r << S(10) * (x[1] - x[0] * x[0]), S(1) - x[0];
      if (jac) J(0, 0) = S(-20) * x[0], J(0, 1) = S(10), J(1, 0) = S(-1);
      break;
    case MghKind::FreudensteinRoth:  // (2)
      r << S(-13) + x[0] + ((S(5) - x[1]) * x[1] - S(2)) * x[1],
          S(-29) + x[0] + ((x[1] + S(1)) * x[1] - S(14)) * x[1];
      if (jac) {
        J(0, 0) = J(1, 0) = S(1);
        J(0, 1) = S(10) * x[1] - S(3) * x[1] * x[1] - S(2);
        J(1, 1) = S(3) * x[1] * x[1] + S(2) * x[1] - S(14);
      }
      break;
    case MghKind::PowellBadlyScaled:  // (3)
      r << S(1e4) * x[0] * x[1] - S(1), exp(-x[0]) + exp(-x[1]) - S(1.0001);
      if (jac) {
        J(0, 0) = S(1e4) * x[1], J(0, 1) = S(1e4) * x[0];
        J(1, 0) = -exp(-x[0]), J(1, 1) = -exp(-x[1]);
      }
      break;
    case MghKind::BrownBadlyScaled:  // (4)
      r << x[0] - S(1e6), x[1] - S(2e-6), x[0] * x[1] - S(2);
      if (jac) J(0, 0) = J(1, 1) = S(1), J(2, 0) = x[1], J(2, 1) = x[0];
      break;
    case MghKind::Beale: {  // (5) r_i = y_i - x1 (1 - x2^i)
      const S y[3] = {S(1.5), S(2.25), S(2.625)};
      for (Index i = 0; i < 3; ++i) {
        const S p = pow(x[1], S(i + 1));
        r[i] = y[i] - x[0] * (S(1) - p);
        if (jac) J(i, 0) = -(S(1) - p), J(i, 1) = x[0] * S(i + 1) * pow(x[1], S(i));
      }
      break;
    }
    case MghKind::JennrichSampson:  // (6) r_i = 2 + 2i - (e^{i x1} + e^{i x2})
      for (Index i = 0; i < m; ++i) {
        const S t = S(i + 1);
        r[i] = S(2) + S(2) * t - (exp(t * x[0]) + exp(t * x[1]));
        if (jac) J(i, 0) = -t * exp(t * x[0]), J(i, 1) = -t * exp(t * x[1]);
      }
      break;
    case MghKind::HelicalValley: {  // (7)
      const S tpi = S(2) * std::numbers::pi_v<S>;
      S theta = std::atan(x[1] / x[0]) / tpi;
      if (x[0] < 0) theta += S(0.5);
      const S rad2 = x[0] * x[0] + x[1] * x[1], rad = sqrt(rad2);
      r << S(10) * (x[2] - S(10) * theta), S(10) * (rad - S(1)), x[2];
      if (jac) {
        J(0, 0) = S(100) * x[1] / (tpi * rad2), J(0, 1) = S(-100) * x[0] / (tpi * rad2);
        J(0, 2) = S(10);
        J(1, 0) = S(10) * x[0] / rad, J(1, 1) = S(10) * x[1] / rad;
        J(2, 2) = S(1);
      }
      break;
    }
    case MghKind::Bard:  // (8) r_i = y_i - (x1 + u_i / (v_i x2 + w_i x3))
      for (Index i = 0; i < m; ++i) {
        const S u = S(i + 1), v = S(15 - i), w = std::min(u, v);
        const S d = v * x[1] + w * x[2];
        r[i] = S(mgh_data::kBardY[i]) - (x[0] + u / d);
        if (jac) J(i, 0) = S(-1), J(i, 1) = u * v / (d * d), J(i, 2) = u * w / (d * d);
      }
      break;
    case MghKind::Gaussian:  // (9) r_i = x1 exp(-x2 (t_i - x3)^2 / 2) - y_i, t_i = (8 - i)/2
      for (Index i = 0; i < m; ++i) {
        const S t = S(7 - i) / S(2), d = t - x[2];
        const S e = exp(-x[1] * d * d / S(2));
        r[i] = x[0] * e - S(mgh_data::kGaussianY[i]);
        if (jac) J(i, 0) = e, J(i, 1) = -x[0] * e * d * d / S(2), J(i, 2) = x[0] * e * x[1] * d;
      }
      break;
    case MghKind::Meyer:  // (10) r_i = x1 exp(x2 / (t_i + x3)) - y_i, t_i = 45 + 5i
      for (Index i = 0; i < m; ++i) {
        const S d = S(50 + 5 * i) + x[2];
        const S e = exp(x[1] / d);
        r[i] = x[0] * e - S(mgh_data::kMeyerY[i]);
        if (jac) J(i, 0) = e, J(i, 1) = x[0] * e / d, J(i, 2) = -x[0] * e * x[1] / (d * d);
      }
      break;
    case MghKind::GulfResearch:  // (11) r_i = exp(-|y_i - x2|^x3 / x1) - t_i
      for (Index i = 0; i < m; ++i) {
        const S t = S(i + 1) / S(100);
        const S y = S(25) + pow(S(-50) * log(t), S(2) / S(3));
        const S a = abs(y - x[1]);
        const S p = pow(a, x[2]);
        const S e = exp(-p / x[0]);
        r[i] = e - t;
        if (jac) {
          J(i, 0) = e * p / (x[0] * x[0]);
          // d|y - x2|^x3 / dx2 = -x3 |y - x2|^(x3-1) sign(y - x2)
          J(i, 1) = a > 0 ? e / x[0] * x[2] * p / a * (y - x[1] > 0 ? S(1) : S(-1)) : S(0);
          J(i, 2) = a > 0 ? -e / x[0] * p * log(a) : S(0);
        }
      }
      break;
    case MghKind::Box3d:  // (12) r_i = e^{-t x1} - e^{-t x2} - x3 (e^{-t} - e^{-10 t}), t = i/10
      for (Index i = 0; i < m; ++i) {
        const S t = S(i + 1) / S(10);
        const S c = exp(-t) - exp(S(-10) * t);
        r[i] = exp(-t * x[0]) - exp(-t * x[1]) - x[2] * c;
        if (jac) J(i, 0) = -t * exp(-t * x[0]), J(i, 1) = t * exp(-t * x[1]), J(i, 2) = -c;
      }
      break;
    case MghKind::PowellSingular:  // (13)
    case MghKind::ExtendedPowell:  // (22) blocks of four
      for (Index b = 0; b + 3 < n; b += 4) {
        const S s5 = sqrt(S(5)), s10 = sqrt(S(10));
        const S a = x[b + 1] - S(2) * x[b + 2], c = x[b] - x[b + 3];
        r[b] = x[b] + S(10) * x[b + 1];
        r[b + 1] = s5 * (x[b + 2] - x[b + 3]);
        r[b + 2] = a * a;
        r[b + 3] = s10 * c * c;
        if (jac) {
          J(b, b) = S(1), J(b, b + 1) = S(10);
          J(b + 1, b + 2) = s5, J(b + 1, b + 3) = -s5;
          J(b + 2, b + 1) = S(2) * a, J(b + 2, b + 2) = S(-4) * a;
          J(b + 3, b) = S(2) * s10 * c, J(b + 3, b + 3) = S(-2) * s10 * c;
        }
      }
      break;
    case MghKind::Wood: {  // (14)
      const S s90 = sqrt(S(90)), s10 = sqrt(S(10));
      r << S(10) * (x[1] - x[0] * x[0]), S(1) - x[0], s90 * (x[3] - x[2] * x[2]), S(1) - x[2],
          s10 * (x[1] + x[3] - S(2)), (x[1] - x[3]) / s10;
      if (jac) {
        J(0, 0) = S(-20) * x[0], J(0, 1) = S(10), J(1, 0) = S(-1);
        J(2, 2) = S(-2) * s90 * x[2], J(2, 3) = s90, J(3, 2) = S(-1);
        J(4, 1) = J(4, 3) = s10;
        J(5, 1) = S(1) / s10, J(5, 3) = S(-1) / s10;
      }
      break;
    }
    case MghKind::KowalikOsborne:  // (15) r_i = y_i - x1 (u^2 + u x2) / (u^2 + u x3 + x4)
      for (Index i = 0; i < m; ++i) {
        const S u = S(mgh_data::kKowalikU[i]);
        const S num = u * u + u * x[1], den = u * u + u * x[2] + x[3];
        r[i] = S(mgh_data::kKowalikY[i]) - x[0] * num / den;
        if (jac) {
          J(i, 0) = -num / den, J(i, 1) = -x[0] * u / den;
          J(i, 2) = x[0] * num * u / (den * den), J(i, 3) = x[0] * num / (den * den);
        }
      }
      break;
    case MghKind::BrownDennis:  // (16) r_i = (x1 + t x2 - e^t)^2 + (x3 + x4 sin t - cos t)^2
      for (Index i = 0; i < m; ++i) {
        const S t = S(i + 1) / S(5);
        const S a = x[0] + t * x[1] - exp(t), b = x[2] + x[3] * sin(t) - cos(t);
        r[i] = a * a + b * b;
        if (jac) {
          J(i, 0) = S(2) * a, J(i, 1) = S(2) * a * t;
          J(i, 2) = S(2) * b, J(i, 3) = S(2) * b * sin(t);
        }
      }
      break;
    case MghKind::Osborne1:  // (17) r_i = y_i - (x1 + x2 e^{-t x4} + x3 e^{-t x5}), t = 10(i-1)
      for (Index i = 0; i < m; ++i) {
        const S t = S(10 * i);
        const S e4 = exp(-t * x[3]), e5 = exp(-t * x[4]);
        r[i] = S(mgh_data::kOsborne1Y[i]) - (x[0] + x[1] * e4 + x[2] * e5);
        if (jac) {
          J(i, 0) = S(-1), J(i, 1) = -e4, J(i, 2) = -e5;
          J(i, 3) = x[1] * t * e4, J(i, 4) = x[2] * t * e5;
        }
      }
      break;
    case MghKind::BiggsExp6:  // (18) t = i/10, y = e^-t - 5 e^-10t + 3 e^-4t
      for (Index i = 0; i < m; ++i) {
        const S t = S(i + 1) / S(10);
        const S y = exp(-t) - S(5) * exp(S(-10) * t) + S(3) * exp(S(-4) * t);
        const S e1 = exp(-t * x[0]), e2 = exp(-t * x[1]), e5 = exp(-t * x[4]);
        r[i] = x[2] * e1 - x[3] * e2 + x[5] * e5 - y;
        if (jac) {
          J(i, 0) = -t * x[2] * e1, J(i, 1) = t * x[3] * e2, J(i, 2) = e1, J(i, 3) = -e2;
          J(i, 4) = -t * x[5] * e5, J(i, 5) = e5;
        }
      }
      break;
    case MghKind::Osborne2:  // (19) t = (i-1)/10, three Gaussians and an exponential
      for (Index i = 0; i < m; ++i) {
        const S t = S(i) / S(10);
        const S e1 = exp(-t * x[4]);
        S model = x[0] * e1;
        if (jac) J(i, 0) = -e1, J(i, 4) = x[0] * t * e1;
        for (int k = 0; k < 3; ++k) {
          const S d = t - x[8 + k];
          const S g = exp(-d * d * x[5 + k]);
          model += x[1 + k] * g;
          if (jac) {
            J(i, 1 + k) = -g;
            J(i, 5 + k) = x[1 + k] * d * d * g;
            J(i, 8 + k) = -x[1 + k] * g * S(2) * d * x[5 + k];
          }
        }
        r[i] = S(mgh_data::kOsborne2Y[i]) - model;
      }
      break;
    case MghKind::Watson:  // (20) t_i = i/29
      for (Index i = 0; i < 29; ++i) {
        const S t = S(i + 1) / S(29);
        S s1 = 0, s2 = 0, tp = 1;  // s1 = sum (j-1) x_j t^(j-2), s2 = sum x_j t^(j-1)
        for (Index j = 0; j < n; ++j) {
          s2 += x[j] * tp;
          if (j + 1 < n) s1 += S(j + 1) * x[j + 1] * tp;
          tp *= t;
        }
        r[i] = s1 - s2 * s2 - S(1);
        if (jac) {
          S tj = 1;  // t^(j-1) for column j (0-based: t^j)
          for (Index j = 0; j < n; ++j) {
            J(i, j) = (j > 0 ? S(j) * tj / t : S(0)) - S(2) * s2 * tj;
            tj *= t;
          }
        }
      }
      r[29] = x[0];
      r[30] = x[1] - x[0] * x[0] - S(1);
      if (jac) J(29, 0) = S(1), J(30, 0) = S(-2) * x[0], J(30, 1) = S(1);
      break;
    case MghKind::ExtendedRosenbrock:  // (21)
      for (Index i = 0; i + 1 < n; i += 2) {
        r[i] = S(10) * (x[i + 1] - x[i] * x[i]);
        r[i + 1] = S(1) - x[i];
        if (jac) J(i, i) = S(-20) * x[i], J(i, i + 1) = S(10), J(i + 1, i) = S(-1);
      }
      break;
    case MghKind::PenaltyI: {  // (23) a = 1e-5
      const S sa = sqrt(S(1e-5));
      for (Index i = 0; i < n; ++i) {
        r[i] = sa * (x[i] - S(1));
        if (jac) J(i, i) = sa;
      }
      r[n] = x.squaredNorm() - S(0.25);
      if (jac) jac->row(n) = S(2) * x.transpose();
      break;
    }
    case MghKind::PenaltyII: {  // (24) a = 1e-5
      const S sa = sqrt(S(1e-5)), e01 = exp(S(-0.1));
      r[0] = x[0] - S(0.2);
      if (jac) J(0, 0) = S(1);
      for (Index i = 1; i < n; ++i) {
        const S y = exp(S(i + 1) / S(10)) + exp(S(i) / S(10));
        const S a = exp(x[i] / S(10)), b = exp(x[i - 1] / S(10));
        r[i] = sa * (a + b - y);
        if (jac) J(i, i) = sa * a / S(10), J(i, i - 1) = sa * b / S(10);
      }
      for (Index i = n; i < 2 * n - 1; ++i) {
        const S a = exp(x[i - n + 1] / S(10));
        r[i] = sa * (a - e01);
        if (jac) J(i, i - n + 1) = sa * a / S(10);
      }
      S s = 0;
      for (Index j = 0; j < n; ++j) s += S(n - j) * x[j] * x[j];
      r[2 * n - 1] = s - S(1);
      if (jac)
        for (Index j = 0; j < n; ++j) J(2 * n - 1, j) = S(2) * S(n - j) * x[j];
      break;
    }
    case MghKind::VariablyDimensioned: {  // (25)
      S s = 0;
      for (Index j = 0; j < n; ++j) {
        r[j] = x[j] - S(1);
        s += S(j + 1) * (x[j] - S(1));
        if (jac) J(j, j) = S(1);
      }
      r[n] = s;
      r[n + 1] = s * s;
      if (jac)
        for (Index j = 0; j < n; ++j) J(n, j) = S(j + 1), J(n + 1, j) = S(2) * s * S(j + 1);
      break;
    }
    case MghKind::Trigonometric: {  // (26) r_i = n - sum cos x_j + i (1 - cos x_i) - sin x_i
      S sc = 0;
      for (Index j = 0; j < n; ++j) sc += cos(x[j]);
      for (Index i = 0; i < n; ++i) {
        r[i] = S(n) - sc + S(i + 1) * (S(1) - cos(x[i])) - sin(x[i]);
        if (jac) {
          for (Index j = 0; j < n; ++j) J(i, j) = sin(x[j]);
          J(i, i) += S(i + 1) * sin(x[i]) - cos(x[i]);
        }
      }
      break;
    }
    case MghKind::BrownAlmostLinear: {  // (27)
      const S sum = x.sum();
      S prod = 1;
      for (Index j = 0; j < n; ++j) prod *= x[j];
      for (Index i = 0; i + 1 < n; ++i) {
        r[i] = x[i] + sum - S(n + 1);
        if (jac) {
          jac->row(i).setOnes();
          J(i, i) = S(2);
        }
      }
      r[n - 1] = prod - S(1);
      if (jac) {
        for (Index j = 0; j < n; ++j) {
          S p = 1;  // product of the others (no division: x_j may be 0)
          for (Index k = 0; k < n; ++k)
            if (k != j) p *= x[k];
          J(n - 1, j) = p;
        }
      }
      break;
    }
    case MghKind::DiscreteBoundaryValue: {  // (28) h = 1/(n+1), t_i = i h
      const S h = S(1) / S(n + 1);
      for (Index i = 0; i < n; ++i) {
        const S t = S(i + 1) * h, c = x[i] + t + S(1);
        const S xl = i > 0 ? x[i - 1] : S(0), xr = i + 1 < n ? x[i + 1] : S(0);
        r[i] = S(2) * x[i] - xl - xr + h * h * c * c * c / S(2);
        if (jac) {
          J(i, i) = S(2) + S(1.5) * h * h * c * c;
          if (i > 0) J(i, i - 1) = S(-1);
          if (i + 1 < n) J(i, i + 1) = S(-1);
        }
      }
      break;
    }
    case MghKind::BroydenTridiagonal:  // (30) r_i = (3 - 2 x_i) x_i - x_{i-1} - 2 x_{i+1} + 1
      for (Index i = 0; i < n; ++i) {
        const S xl = i > 0 ? x[i - 1] : S(0), xr = i + 1 < n ? x[i + 1] : S(0);
        r[i] = (S(3) - S(2) * x[i]) * x[i] - xl - S(2) * xr + S(1);
        if (jac) {
          J(i, i) = S(3) - S(4) * x[i];
          if (i > 0) J(i, i - 1) = S(-1);
          if (i + 1 < n) J(i, i + 1) = S(-2);
        }
      }
      break;
    case MghKind::LinearFullRank: {  // (32) m = 2n here
      const S s = x.sum() * S(2) / S(m);
      for (Index i = 0; i < m; ++i) {
        r[i] = (i < n ? x[i] : S(0)) - s - S(1);
        if (jac) {
          jac->row(i).setConstant(S(-2) / S(m));
          if (i < n) J(i, i) += S(1);
        }
      }
      break;
    }
    case MghKind::Chebyquad: {  // (35) shifted Chebyshev T_i on [0, 1], m = n
      for (Index i = 0; i < m; ++i) r[i] = 0;
      for (Index j = 0; j < n; ++j) {
        // T_0 = 1, T_1 = 2x - 1, T_{k+1} = 2 (2x - 1) T_k - T_{k-1}; derivatives alike.
        const S y = S(2) * x[j] - S(1);
        S t0 = 1, t1 = y, d0 = 0, d1 = S(2);
        for (Index i = 0; i < m; ++i) {
          r[i] += t1 / S(n);
          if (jac) J(i, j) = d1 / S(n);
          const S t2 = S(2) * y * t1 - t0, d2 = S(4) * t1 + S(2) * y * d1 - d0;
          t0 = t1, t1 = t2, d0 = d1, d1 = d2;
        }
      }
      for (Index i = 0; i < m; ++i) {
        if ((i + 1) % 2 == 0) r[i] += S(1) / (S((i + 1) * (i + 1)) - S(1));
      }
      break;
    }
  }
}

template class MghObjective<float>;
template class MghObjective<double>;

}  // namespace optim::problems
