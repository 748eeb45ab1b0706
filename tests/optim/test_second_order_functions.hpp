#pragma once
// Small analytic objectives with exact gradients and Hessians for the line-search and
// second-order tests (the problems/ registry holds the full analytic set; these keep the tests of
// optim/ independent of it).
#include <cmath>
#include <limits>

#include "optim/objective.hpp"

namespace optim::testfn {

// f(x) = 1/2 x'Ax - b'x with A symmetric positive definite.
template <class S>
class QuadraticFn : public Objective<S>, public HessianProvider<S> {
 public:
  QuadraticFn(Mat<S> a, Vec<S> b) : a_(std::move(a)), b_(std::move(b)) {}
  Index dim() const override { return b_.size(); }
  S evaluate(const Vec<S>& x, Vec<S>* g) override {
    if (g) g->noalias() = a_ * x - b_;
    return S(0.5) * x.dot(a_ * x) - b_.dot(x);
  }
  void hessian(const Vec<S>&, Mat<S>* h) override { *h = a_; }
  const Mat<S>& a() const { return a_; }
  const Vec<S>& b() const { return b_; }

 private:
  Mat<S> a_;
  Vec<S> b_;
};

// Extended Rosenbrock (Moré, Garbow & Hillstrom 1981, problem 21): n even,
// f = sum_i 100 (x_{2i} - x_{2i-1}^2)^2 + (1 - x_{2i-1})^2, start (-1.2, 1, ...), minimum 0 at 1.
template <class S>
class RosenbrockFn : public Objective<S>, public HessianProvider<S> {
 public:
  explicit RosenbrockFn(Index n = 2) : n_(n) {}
  Index dim() const override { return n_; }
  static Vec<S> start(Index n) {
    Vec<S> x(n);
    for (Index i = 0; i < n; i += 2) {
      x[i] = S(-1.2);
      x[i + 1] = S(1);
    }
    return x;
  }
  S evaluate(const Vec<S>& x, Vec<S>* g) override {
    S f = 0;
    for (Index i = 0; i < n_; i += 2) {
      const S t = x[i + 1] - x[i] * x[i], u = S(1) - x[i];
      f += S(100) * t * t + u * u;
      if (g) {
        (*g)[i] = S(-400) * x[i] * t - S(2) * u;
        (*g)[i + 1] = S(200) * t;
      }
    }
    return f;
  }
  void hessian(const Vec<S>& x, Mat<S>* h) override {
    h->setZero();
    for (Index i = 0; i < n_; i += 2) {
      (*h)(i, i) = S(1200) * x[i] * x[i] - S(400) * x[i + 1] + S(2);
      (*h)(i, i + 1) = (*h)(i + 1, i) = S(-400) * x[i];
      (*h)(i + 1, i + 1) = S(200);
    }
  }

 private:
  Index n_;
};

// The saddle f(x, y) = x^2 - y^2: one critical point, (0, 0), Hessian diag(2, -2).
template <class S>
class SaddleFn : public Objective<S>, public HessianProvider<S> {
 public:
  Index dim() const override { return 2; }
  S evaluate(const Vec<S>& x, Vec<S>* g) override {
    if (g) {
      (*g)[0] = S(2) * x[0];
      (*g)[1] = S(-2) * x[1];
    }
    return x[0] * x[0] - x[1] * x[1];
  }
  void hessian(const Vec<S>&, Mat<S>* h) override {
    h->setZero();
    (*h)(0, 0) = S(2);
    (*h)(1, 1) = S(-2);
  }
};

// Beale (MGH problem 5): f = sum_{i=1..3} (c_i - x (1 - y^i))^2, c = (1.5, 2.25, 2.625);
// global minimum 0 at (3, 0.5); the MGH start is (1, 1).
template <class S>
class BealeFn : public Objective<S>, public HessianProvider<S> {
 public:
  Index dim() const override { return 2; }
  S evaluate(const Vec<S>& v, Vec<S>* g) override {
    const S c[3] = {S(1.5), S(2.25), S(2.625)};
    const S x = v[0], y = v[1];
    S f = 0, gx = 0, gy = 0, yp = 1;  // yp = y^(i-1)
    for (int i = 1; i <= 3; ++i) {
      const S yi = yp * y;  // y^i
      const S r = c[i - 1] - x * (S(1) - yi);
      f += r * r;
      gx += S(2) * r * (yi - S(1));
      gy += S(2) * r * x * S(i) * yp;
      yp = yi;
    }
    if (g) {
      (*g)[0] = gx;
      (*g)[1] = gy;
    }
    return f;
  }
  void hessian(const Vec<S>& v, Mat<S>* h) override {
    const S c[3] = {S(1.5), S(2.25), S(2.625)};
    const S x = v[0], y = v[1];
    S hxx = 0, hxy = 0, hyy = 0;
    for (int i = 1; i <= 3; ++i) {
      const S yi = std::pow(y, S(i)), yi1 = std::pow(y, S(i - 1));
      const S r = c[i - 1] - x * (S(1) - yi);
      const S rx = yi - S(1), ry = x * S(i) * yi1;  // dr/dx, dr/dy
      const S rxy = S(i) * yi1;                     // d2r/dxdy
      const S ryy = i >= 2 ? x * S(i * (i - 1)) * std::pow(y, S(i - 2)) : S(0);
      hxx += S(2) * rx * rx;
      hxy += S(2) * (rx * ry + r * rxy);
      hyy += S(2) * (ry * ry + r * ryy);
    }
    (*h)(0, 0) = hxx;
    (*h)(0, 1) = (*h)(1, 0) = hxy;
    (*h)(1, 1) = hyy;
  }
};

// A 1-D function phi along x (dimension 1), given by value and derivative callables, NaN when
// x > nan_beyond. Used for the Moré-Thuente paper's test functions.
template <class S, class F, class DF>
class OneDimFn : public Objective<S> {
 public:
  OneDimFn(F f, DF df, double nan_beyond = std::numeric_limits<double>::infinity())
      : f_(f), df_(df), nan_beyond_(nan_beyond) {}
  Index dim() const override { return 1; }
  S evaluate(const Vec<S>& x, Vec<S>* g) override {
    if (static_cast<double>(x[0]) > nan_beyond_) return std::numeric_limits<S>::quiet_NaN();
    if (g) (*g)[0] = static_cast<S>(df_(static_cast<double>(x[0])));
    return static_cast<S>(f_(static_cast<double>(x[0])));
  }

 private:
  F f_;
  DF df_;
  double nan_beyond_;
};

}  // namespace optim::testfn
