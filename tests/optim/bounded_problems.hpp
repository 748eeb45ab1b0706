#pragma once
// Bound-constrained test problems with exact gradients and published solutions, and the checks
// every bounded run in the tests goes through: an objective wrapper that FAILS the test when it is
// evaluated outside the box, and an observer that fails it when an iterate leaves the box.
//
// The Hock-Schittkowski problems are numbered, started and solved as in W. Hock & K. Schittkowski,
// "Test Examples for Nonlinear Programming Codes", Lecture Notes in Economics and Mathematical
// Systems 187, Springer 1981 (the bound-constrained ones: 1-5, 25, 38, 45, 110).
#include <gtest/gtest.h>

#include <cmath>
#include <functional>
#include <limits>
#include <numbers>
#include <string>
#include <vector>

#include "optim/bounds/bounds.hpp"
#include "optim/objective.hpp"
#include "optim/observer.hpp"

namespace optim::testfn {

// A bound-constrained problem: f with its gradient, the box, the standard start and the published
// minimiser and minimum.
struct BoundedProblem {
  std::string name;
  Index n = 0;
  std::function<double(const Vec<double>&, Vec<double>*)> f;
  Vec<double> lower, upper, start, x_star;
  double f_star = 0;
};

inline Vec<double> vec(std::initializer_list<double> v) {
  Vec<double> out(static_cast<Index>(v.size()));
  Index i = 0;
  for (double e : v) out[i++] = e;
  return out;
}

constexpr double kInf = std::numeric_limits<double>::infinity();

// HS3: f = x2 + 1e-5 (x2 - x1)^2, x2 >= 0; start (10, 1); x* = (0, 0), f* = 0.
inline BoundedProblem hs3() {
  return {"hs3",
          2,
          [](const Vec<double>& x, Vec<double>* g) {
            const double t = x[1] - x[0];
            if (g) *g << -2e-5 * t, 1 + 2e-5 * t;
            return x[1] + 1e-5 * t * t;
          },
          vec({-kInf, 0}),
          vec({kInf, kInf}),
          vec({10, 1}),
          vec({0, 0}),
          0};
}

// HS4: f = (x1 + 1)^3 / 3 + x2, x1 >= 1, x2 >= 0; start (1.125, 0.125); x* = (1, 0), f* = 8/3.
inline BoundedProblem hs4() {
  return {"hs4",
          2,
          [](const Vec<double>& x, Vec<double>* g) {
            if (g) *g << (x[0] + 1) * (x[0] + 1), 1;
            return std::pow(x[0] + 1, 3) / 3 + x[1];
          },
          vec({1, 0}),
          vec({kInf, kInf}),
          vec({1.125, 0.125}),
          vec({1, 0}),
          8.0 / 3.0};
}

// HS5: f = sin(x1 + x2) + (x1 - x2)^2 - 1.5 x1 + 2.5 x2 + 1 on [-1.5, 4] x [-3, 3]; start (0, 0);
// x* = (1/2 - pi/3, -1/2 - pi/3), f* = -sqrt(3)/2 - pi/3 (interior).
inline BoundedProblem hs5() {
  const double pi = std::numbers::pi;
  return {"hs5",
          2,
          [](const Vec<double>& x, Vec<double>* g) {
            const double c = std::cos(x[0] + x[1]), d = x[0] - x[1];
            if (g) *g << c + 2 * d - 1.5, c - 2 * d + 2.5;
            return std::sin(x[0] + x[1]) + d * d - 1.5 * x[0] + 2.5 * x[1] + 1;
          },
          vec({-1.5, -3}),
          vec({4, 3}),
          vec({0, 0}),
          vec({0.5 - pi / 3, -0.5 - pi / 3}),
          -std::sqrt(3.0) / 2 - pi / 3};
}

// HS25 (a Gulf research problem): f = sum_{i=1}^{99} r_i^2, r_i = -0.01 i + exp(-(u_i - x2)^x3 /
// x1), u_i = 25 + (-50 ln(0.01 i))^(2/3), on [0.1, 100] x [0, 25.6] x [0, 5]; x* = (50, 25, 1.5),
// f* = 0. The box keeps u_i - x2 > 0. The standard start (100, 12.5, 3) lies on a plateau
// (|g| = 2e-8: every exponential is below 4e-9), where the Fortran L-BFGS-B stops at once as
// well (scipy 1.10: one iteration, f = 32.835); the start here is (50, 20, 2), from which both
// reach x*.
inline BoundedProblem hs25() {
  return {"hs25",
          3,
          [](const Vec<double>& x, Vec<double>* g) {
            double f = 0;
            if (g) g->setZero();
            for (int i = 1; i <= 99; ++i) {
              const double u = 25 + std::pow(-50 * std::log(0.01 * i), 2.0 / 3.0);
              const double a = u - x[1], p = std::pow(a, x[2]), e = std::exp(-p / x[0]);
              const double r = -0.01 * i + e;
              f += r * r;
              if (g) {
                (*g)[0] += 2 * r * e * p / (x[0] * x[0]);
                (*g)[1] += 2 * r * e * x[2] * std::pow(a, x[2] - 1) / x[0];
                (*g)[2] += 2 * r * e * (-p * std::log(a) / x[0]);
              }
            }
            return f;
          },
          vec({0.1, 0, 0}),
          vec({100, 25.6, 5}),
          vec({50, 20, 2}),
          vec({50, 25, 1.5}),
          0};
}

// HS38 (Colville): f = 100 (x2 - x1^2)^2 + (1 - x1)^2 + 90 (x4 - x3^2)^2 + (1 - x3)^2
//   + 10.1 ((x2 - 1)^2 + (x4 - 1)^2) + 19.8 (x2 - 1)(x4 - 1) on [-10, 10]^4; start (-3, -1, -3,
//   -1);
// x* = (1, 1, 1, 1), f* = 0 (interior).
inline BoundedProblem hs38() {
  return {"hs38",
          4,
          [](const Vec<double>& x, Vec<double>* g) {
            const double a = x[1] - x[0] * x[0], b = x[3] - x[2] * x[2];
            if (g) {
              *g << -400 * x[0] * a - 2 * (1 - x[0]),
                  200 * a + 20.2 * (x[1] - 1) + 19.8 * (x[3] - 1), -360 * x[2] * b - 2 * (1 - x[2]),
                  180 * b + 20.2 * (x[3] - 1) + 19.8 * (x[1] - 1);
            }
            return 100 * a * a + (1 - x[0]) * (1 - x[0]) + 90 * b * b + (1 - x[2]) * (1 - x[2]) +
                   10.1 * ((x[1] - 1) * (x[1] - 1) + (x[3] - 1) * (x[3] - 1)) +
                   19.8 * (x[1] - 1) * (x[3] - 1);
          },
          Vec<double>::Constant(4, -10),
          Vec<double>::Constant(4, 10),
          vec({-3, -1, -3, -1}),
          Vec<double>::Ones(4),
          0};
}

// HS45: f = 2 - x1 x2 x3 x4 x5 / 120 on 0 <= x_i <= i; start (2, ..., 2); x* = (1, 2, 3, 4, 5)
// (every upper bound active), f* = 1.
inline BoundedProblem hs45() {
  return {"hs45",
          5,
          [](const Vec<double>& x, Vec<double>* g) {
            if (g) {
              for (Index i = 0; i < 5; ++i) {
                double p = 1;
                for (Index j = 0; j < 5; ++j) {
                  if (j != i) p *= x[j];
                }
                (*g)[i] = -p / 120;
              }
            }
            return 2 - x.prod() / 120;
          },
          Vec<double>::Zero(5),
          vec({1, 2, 3, 4, 5}),
          Vec<double>::Constant(5, 2),
          vec({1, 2, 3, 4, 5}),
          1};
}

// HS110: f = sum_{i=1}^{10} (ln(x_i - 2)^2 + ln(10 - x_i)^2) - (prod x_i)^0.2 on
// [2.001, 9.999]^10; start 9 (each); f* = -45.77846971 (interior). x* = 9.3502658331 (each): the
// root of 2 ln(x - 2)/(x - 2) - 2 ln(10 - x)/(10 - x) - 0.2 x = 0, the stationarity of the
// symmetric problem (the printed 9.35025655 of the collection is off by 9e-6, in its seventh digit;
// f* agrees with the root's f to 10 digits).
inline BoundedProblem hs110() {
  return {"hs110",
          10,
          [](const Vec<double>& x, Vec<double>* g) {
            double f = 0, prod = 1;
            for (Index i = 0; i < 10; ++i) {
              const double a = std::log(x[i] - 2), b = std::log(10 - x[i]);
              f += a * a + b * b;
              prod *= x[i];
            }
            const double p = std::pow(prod, 0.2);
            if (g) {
              for (Index i = 0; i < 10; ++i) {
                (*g)[i] = 2 * std::log(x[i] - 2) / (x[i] - 2) -
                          2 * std::log(10 - x[i]) / (10 - x[i]) - 0.2 * p / x[i];
              }
            }
            return f - p;
          },
          Vec<double>::Constant(10, 2.001),
          Vec<double>::Constant(10, 9.999),
          Vec<double>::Constant(10, 9),
          Vec<double>::Constant(10, 9.3502658331),
          -45.77846971};
}

// Rosenbrock f = 100 (x2 - x1^2)^2 + (1 - x1)^2 with a box.
inline double rosenbrock(const Vec<double>& x, Vec<double>* g) {
  const double t = x[1] - x[0] * x[0], u = 1 - x[0];
  if (g) *g << -400 * x[0] * t - 2 * u, 200 * t;
  return 100 * t * t + u * u;
}

// HS1: Rosenbrock with x2 >= -1.5; start (-2, 1); x* = (1, 1), f* = 0 (inactive bound).
inline BoundedProblem hs1() {
  return {"hs1",        2,           rosenbrock, vec({-kInf, -1.5}), vec({kInf, kInf}),
          vec({-2, 1}), vec({1, 1}), 0};
}

// Rosenbrock with x1 <= 0.5 from (-1.2, 1): on the bound x1 = 0.5 the rest is 100 (x2 - 1/4)^2 +
// 1/4, so x* = (0.5, 0.25), f* = 0.25, and df/dx1 = -1 < 0 there (the bound holds the minimiser).
inline BoundedProblem rosenbrock_x1_at_most_half() {
  return {
      "rosenbrock x1<=0.5", 2,   rosenbrock, vec({-kInf, -kInf}), vec({0.5, kInf}), vec({-1.2, 1}),
      vec({0.5, 0.25}),     0.25};
}

// Rosenbrock with x >= 1.2: f >= (1 - x1)^2 >= 0.04 on the box, with equality at x1 = 1.2,
// x2 = x1^2 = 1.44: x* = (1.2, 1.44), f* = 0.04 (x1 at its lower bound, x2 free).
inline BoundedProblem rosenbrock_at_least_1_2() {
  return {"rosenbrock x>=1.2", 2,   rosenbrock, vec({1.2, 1.2}), vec({kInf, kInf}), vec({-1.2, 1}),
          vec({1.2, 1.44}),    0.04};
}

// The problem as an Objective<S> that fails the test when evaluated outside its box.
template <class S>
class GuardedProblem final : public Objective<S> {
 public:
  explicit GuardedProblem(const BoundedProblem& p) : p_(p), xd_(p.n), gd_(p.n) {}
  Index dim() const override { return p_.n; }
  S evaluate(const Vec<S>& x, Vec<S>* g) override {
    xd_ = x.template cast<double>();
    for (Index i = 0; i < p_.n; ++i) {
      if (!(xd_[i] >= static_cast<S>(p_.lower[i]) && xd_[i] <= static_cast<S>(p_.upper[i]))) {
        ADD_FAILURE() << p_.name << ": evaluated outside the box at coordinate " << i
                      << ": x = " << xd_[i] << " not in [" << p_.lower[i] << ", " << p_.upper[i]
                      << "]";
        ++outside_;
      }
    }
    const double f = p_.f(xd_, g ? &gd_ : nullptr);
    ++calls_;
    if (g) *g = gd_.template cast<S>();
    return static_cast<S>(f);
  }
  Index outside() const { return outside_; }
  Index calls() const { return calls_; }

 private:
  const BoundedProblem& p_;
  Vec<double> xd_, gd_;
  Index outside_ = 0, calls_ = 0;
};

template <class S>
Bounds<S> box_of(const BoundedProblem& p) {
  return Bounds<S>(p.lower.cast<S>(), p.upper.cast<S>()).guard_evaluations();
}

// Fails the test when an accepted iterate lies outside the box; counts the iterations seen.
template <class S>
class FeasibleIterates final : public Observer<S> {
 public:
  explicit FeasibleIterates(const Bounds<S>& box) : box_(box) {}
  void on_start(const IterationRecord<S>& rec) override { check(rec); }
  Status on_iteration(const IterationRecord<S>& rec) override {
    check(rec);
    return Status::Running;
  }
  bool uses_step_norm() const override { return false; }
  Index seen() const { return seen_; }

 private:
  void check(const IterationRecord<S>& rec) {
    ++seen_;
    const Index i = box_.first_outside(*rec.x);
    if (i >= 0) ADD_FAILURE() << "iterate " << rec.k << " outside the box at coordinate " << i;
  }
  const Bounds<S>& box_;
  Index seen_ = 0;
};

}  // namespace optim::testfn
