// The two building blocks of L-BFGS-B (optim/second_order/): the compact representation of the
// L-BFGS matrix and its reduced solve against dense BFGS algebra, and the generalized Cauchy point
// against a direct walk along the projected path. Whole runs are in test_lbfgsb.cpp.
#include <gtest/gtest.h>

#include <Eigen/Cholesky>
#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <random>
#include <utility>
#include <vector>

#include "bounded_problems.hpp"
#include "optim/optim.hpp"
#include "optim/second_order/cauchy_point.hpp"
#include "optim/second_order/compact_lbfgs.hpp"
#include "support/alloc_counter.hpp"
#include "test_second_order_functions.hpp"

namespace optim {
namespace {

using testfn::kInf;
using testfn::vec;

// k random pairs with y = A s (A SPD, so s'y > 0) pushed into a memory of m, and the dense
// B = theta I updated by BFGS (B+ = B - B s s'B / s'B s + y y' / y's, N&W eq. 6.19) with the pairs
// the memory keeps, theta = y'y / s'y of the newest (BLNZ eq. 3.2 with B0 = theta I).
struct Pairs {
  CompactLbfgs<double> compact;
  Mat<double> dense;
};

Pairs make_pairs(Index n, Index m, Index pushed, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> nd;
  Mat<double> b(n, n);
  for (Index i = 0; i < n * n; ++i) b.data()[i] = nd(rng);
  const Mat<double> a = b * b.transpose() + Mat<double>::Identity(n, n);
  Pairs p{CompactLbfgs<double>(n, m), Mat<double>()};
  std::vector<Vec<double>> ss, ys;
  const Vec<double> zero = Vec<double>::Zero(n);
  for (Index k = 0; k < pushed; ++k) {
    Vec<double> s(n);
    for (Index i = 0; i < n; ++i) s[i] = nd(rng);
    const Vec<double> y = a * s;
    EXPECT_TRUE(p.compact.update(zero, s, zero, y, 1e-16));
    ss.push_back(s);
    ys.push_back(y);
  }
  const double theta = ys.back().squaredNorm() / ss.back().dot(ys.back());
  EXPECT_DOUBLE_EQ(p.compact.theta(), theta);
  Mat<double> bd = theta * Mat<double>::Identity(n, n);
  for (Index k = std::max<Index>(0, pushed - m); k < pushed; ++k) {
    const Vec<double> bs = bd * ss[k];
    bd += ys[k] * ys[k].transpose() / ys[k].dot(ss[k]) - bs * bs.transpose() / ss[k].dot(bs);
  }
  p.dense = bd;
  return p;
}

// theta I - W M W' assembled from w_row and m_times.
Mat<double> compact_matrix(CompactLbfgs<double>& c, Index n, Index m) {
  const Index k2 = 2 * c.pairs();
  Mat<double> w(n, k2), mm(k2, k2);
  Vec<double> row(2 * m), e(2 * m), out(2 * m);
  for (Index i = 0; i < n; ++i) {
    c.w_row(i, row);
    w.row(i) = row.head(k2).transpose();
  }
  for (Index j = 0; j < k2; ++j) {
    e.setZero();
    e[j] = 1;
    c.m_times(e, out);
    mm.col(j) = out.head(k2);
  }
  return c.theta() * Mat<double>::Identity(n, n) - w * mm * w.transpose();
}

TEST(CompactLbfgs, AnUpdateFormsWtgOfItsGradientAndWtwFromTheInnerProductsSeed11) {
  // 6 pairs into a memory of 4, the last from gradient g0 to g1: gradient_products(g1) is W'g1
  // as wt_times forms it, without a pass of its own; W'W v from the kept products equals the
  // explicit one.
  const Index n = 10, m = 4;
  Pairs p = make_pairs(n, m, 5, 11);
  std::mt19937_64 rng(12);
  std::normal_distribution<double> nd;
  Vec<double> x0(n), x1(n), g0(n), g1(n);
  for (Index i = 0; i < n; ++i) {
    x0[i] = nd(rng);
    g0[i] = nd(rng);
  }
  x1 = x0 + Vec<double>::LinSpaced(n, 0.1, 0.5);
  g1 = g0 + 3 * (x1 - x0);  // s'y = 3 s's > 0: stored
  ASSERT_TRUE(p.compact.update(x0, x1, g0, g1, 1e-16));
  Mat<double> w(n, 2 * m);
  Vec<double> row(2 * m);
  for (Index i = 0; i < n; ++i) {
    p.compact.w_row(i, row);
    w.row(i) = row.transpose();
  }
  const Index k2 = 2 * p.compact.pairs();
  const Vec<double> want = w.leftCols(k2).transpose() * g1;
  const Vec<double> got = p.compact.gradient_products(g1).head(k2);
  EXPECT_LT((got - want).norm(), 1e-13 * want.norm());
  Vec<double> v = Vec<double>::LinSpaced(2 * m, -1, 1), wtw(2 * m);
  p.compact.wtw_times(v, wtw);
  const Vec<double> wtw_want = w.leftCols(k2).transpose() * (w.leftCols(k2) * v.head(k2));
  EXPECT_LT((wtw.head(k2) - wtw_want).norm(), 1e-12 * wtw_want.norm());
  // A pair refused (s'y < 0) leaves no product behind: W'g of the gradient given is formed.
  ASSERT_FALSE(p.compact.update(x1, x0 + 2 * (x1 - x0), g1, g0, 1e-16));
  const Vec<double> want0 = w.leftCols(k2).transpose() * g0;
  EXPECT_LT((p.compact.gradient_products(g0).head(k2) - want0).norm(), 1e-13 * want0.norm());
}

TEST(CompactLbfgs, EqualsDenseBfgsOnTheSamePairsSeed7) {
  // 7 pairs into a memory of 4: the ring wraps and the 3 oldest are dropped.
  const Index n = 9, m = 4;
  Pairs p = make_pairs(n, m, 7, 7);
  EXPECT_EQ(p.compact.pairs(), m);
  const Mat<double> b = compact_matrix(p.compact, n, m);
  // One matrix by two routes; 1e-10 relative covers the rounding of both at this conditioning.
  EXPECT_LT((b - p.dense).norm(), 1e-10 * p.dense.norm()) << "seed 7";
  // W'v and W u agree with the explicit W.
  Vec<double> v = Vec<double>::LinSpaced(n, -1, 2), wtv(2 * m), wu(n), u(2 * m);
  p.compact.wt_times(v, wtv);
  Vec<double> row(2 * m);
  Mat<double> w(n, 2 * m);
  for (Index i = 0; i < n; ++i) {
    p.compact.w_row(i, row);
    w.row(i) = row.transpose();
  }
  EXPECT_LT((wtv - w.transpose() * v).norm(), 1e-12 * (w.transpose() * v).norm());
  u = Vec<double>::LinSpaced(2 * m, 1, 3);
  p.compact.w_times(u, wu);
  EXPECT_LT((wu - w * u).norm(), 1e-12 * (w * u).norm());
}

TEST(CompactLbfgs, ReducedSolveInvertsTheFreeBlockSeed11) {
  // B_Z^-1 r by Sherman-Morrison-Woodbury (BLNZ section 5.1) against a dense solve with Z'BZ, for
  // the free set given as free rows and as its complement (both branches of factor_reduced).
  const Index n = 10, m = 5;
  Pairs p = make_pairs(n, m, 6, 11);
  const std::vector<Index> free_rows{0, 2, 3, 7, 9}, active_rows{1, 4, 5, 6, 8};
  Mat<double> bz(5, 5);
  for (Index i = 0; i < 5; ++i) {
    for (Index j = 0; j < 5; ++j) bz(i, j) = p.dense(free_rows[i], free_rows[j]);
  }
  Vec<double> r = Vec<double>::Zero(n), rz(5);
  for (Index i = 0; i < 5; ++i) r[free_rows[i]] = rz[i] = std::sin(1.0 + i);
  const Vec<double> expect = bz.ldlt().solve(rz);
  for (bool by_free : {true, false}) {
    const auto& rows = by_free ? free_rows : active_rows;
    ASSERT_TRUE(p.compact.factor_reduced(rows.data(), 5, by_free));
    Vec<double> v(2 * m), u(2 * m), wu(n);
    p.compact.wt_times(r, v);
    p.compact.solve_reduced(v, u);
    p.compact.w_times(u, wu);
    const double th = p.compact.theta();
    for (Index i = 0; i < 5; ++i) {
      const double got = r[free_rows[i]] / th + wu[free_rows[i]] / (th * th);
      EXPECT_NEAR(got, expect[i], 1e-10 * expect.norm()) << "row " << free_rows[i];
    }
  }
}

TEST(CompactLbfgs, KeptFreeSetSumsFollowTheFreeSetAcrossUpdatesSeed13) {
  // factor_free_set over a sequence of free sets with pairs stored (and one refused) between
  // them: the first forms its sums anew in the sweep blocks, the next ones update them by the rows
  // that entered or left (with the new pairs' products over the kept set from the updates), one
  // set that differs in half its rows forms them anew, and so does a set with few free rows (from
  // its list). Each time W'ZZ'W v and W'ZZ'g (g the last update's gradient, also after a refused
  // pair) agree with explicit sums over the free rows of W, and K^-1 v with a twin memory (the
  // same pairs) whose sums are formed anew from the free rows' list.
  const Index n = 40000, m = 4;  // three sweep blocks
  std::mt19937_64 rng(13);
  std::normal_distribution<double> nd;
  std::uniform_int_distribution<Index> row_of(0, n - 1);
  CompactLbfgs<double> kept(n, m), anew(n, m);
  const Vec<double> zero = Vec<double>::Zero(n);
  Vec<double> g;  // the gradient of the last update: g1 = y from g0 = 0
  const auto store_pair = [&](bool curved) {
    Vec<double> s(n), y(n);
    for (Index i = 0; i < n; ++i) {
      s[i] = nd(rng);
      y[i] = (curved ? 1.0 + double(i % 7) : -1.0) * s[i];  // y = D s: s'y > 0 when curved
    }
    EXPECT_EQ(kept.update(zero, s, zero, y, 1e-16), curved);
    EXPECT_EQ(anew.update(zero, s, zero, y, 1e-16), curved);
    g = y;
  };
  for (int pair = 0; pair < 3; ++pair) store_pair(true);
  std::vector<char> held(n);
  for (Index i = 0; i < n; ++i) held[i] = i % 3 == 0 ? 1 : 0;
  const auto flip = [&](Index count) {
    for (Index j = 0; j < count; ++j) {
      const Index i = row_of(rng);
      held[i] = held[i] != 0 ? 0 : 1;
    }
  };
  Vec<double> v(2 * m), by_kept(2 * m), by_anew(2 * m), wtw(2 * m), wzg(2 * m), row(2 * m);
  for (Index j = 0; j < 2 * m; ++j) v[j] = nd(rng);
  for (int step = 0; step < 8; ++step) {
    if (step == 1 || step == 2) flip(50);
    if (step == 2) store_pair(true);
    if (step == 3) {
      store_pair(true);
      store_pair(true);  // the ring wraps
      store_pair(false);
      flip(30);
    }
    if (step == 4) flip(n / 2);
    if (step == 5) {
      for (Index i = 0; i < n; ++i) held[i] = i % 100 == 0 ? 0 : 1;
    }
    if (step >= 6) {
      store_pair(true);
      flip(20);
    }
    std::vector<Index> free_rows;
    for (Index i = 0; i < n; ++i) {
      if (held[i] == 0) free_rows.push_back(i);
    }
    const Index nf = static_cast<Index>(free_rows.size()), k2 = 2 * kept.pairs();
    ASSERT_TRUE(kept.factor_free_set(held.data(), nf, g));
    ASSERT_TRUE(anew.factor_reduced(free_rows.data(), nf, true));
    kept.solve_reduced(v, by_kept);
    anew.solve_reduced(v, by_anew);
    kept.reduced_wtw_times(v, wtw);
    kept.reduced_gradient_products(wzg);
    Vec<double> expect = Vec<double>::Zero(2 * m), expect_g = Vec<double>::Zero(2 * m);
    double scale = 0, scale_g = 0;  // sums of |w_i| |w_i'v| and |w_i| |g_i|: the terms' size
    for (const Index i : free_rows) {
      kept.w_row(i, row);
      const double wv = row.head(k2).dot(v.head(k2));
      expect.head(k2) += wv * row.head(k2);
      scale += std::abs(wv) * row.head(k2).norm();
      expect_g.head(k2) += g[i] * row.head(k2);
      scale_g += std::abs(g[i]) * row.head(k2).norm();
    }
    // Sums of ~10^4 products in other orders, some kept over several updates (a few additions
    // and subtractions each): a few thousand ulps of the terms' size.
    for (Index j = 0; j < k2; ++j) {
      EXPECT_NEAR(wtw[j], expect[j], 1e-12 * scale) << "step " << step << " [" << j << "]";
      EXPECT_NEAR(wzg[j], expect_g[j], 1e-12 * scale_g)
          << "step " << step << " W'ZZ'g [" << j << "]";
      EXPECT_NEAR(by_kept[j], by_anew[j], 1e-9 * by_anew.head(k2).norm())
          << "step " << step << " K^-1 v [" << j << "]";
    }
  }
}

TEST(CompactLbfgs, SkipsPairsWithoutCurvature) {
  CompactLbfgs<double> c(2, 3);
  const Vec<double> z = Vec<double>::Zero(2);
  EXPECT_FALSE(c.update(z, vec({1, 0}), z, vec({-1, 0}), 1e-16));  // s'y < 0
  EXPECT_FALSE(c.update(z, vec({1, 0}), z, vec({0, 1}), 1e-16));   // s'y = 0
  EXPECT_EQ(c.pairs(), 0);
  EXPECT_TRUE(c.update(z, vec({1, 0}), z, vec({2, 1}), 1e-16));
  EXPECT_EQ(c.pairs(), 1);
  EXPECT_DOUBLE_EQ(c.theta(), 5.0 / 2.0);  // y'y / s'y
}

// The generalized Cauchy point by walking the path directly with dense algebra: on each segment
// x(t) = x_j + (t - t_j) d_j the model m = g'(x(t) - x) + 1/2 (x(t) - x)'B(x(t) - x) has slope
// (g + B(x_j - x))'d_j + (t - t_j) d_j'B d_j; stop at the first zero of the slope.
Vec<double> cauchy_by_walking(const Bounds<double>& box, const Vec<double>& x, const Vec<double>& g,
                              const Mat<double>& b) {
  const Index n = x.size();
  std::vector<double> tb(n, kInf);
  for (Index i = 0; i < n; ++i) {
    if (g[i] < 0 && box.upper()[i] < kInf) tb[i] = (x[i] - box.upper()[i]) / g[i];
    if (g[i] > 0 && box.lower()[i] > -kInf) tb[i] = (x[i] - box.lower()[i]) / g[i];
  }
  std::vector<double> ts(tb);
  ts.push_back(0);
  std::sort(ts.begin(), ts.end());
  ts.erase(std::unique(ts.begin(), ts.end()), ts.end());
  Vec<double> xj = x;
  for (size_t j = 0; j < ts.size(); ++j) {
    if (ts[j] == kInf) break;
    const double tnext = j + 1 < ts.size() ? ts[j + 1] : kInf;
    Vec<double> d(n);
    for (Index i = 0; i < n; ++i) d[i] = tb[i] > ts[j] ? -g[i] : 0.0;
    if (d.squaredNorm() == 0) break;
    const double slope = (g + b * (xj - x)).dot(d), curv = d.dot(b * d);
    if (slope >= 0) return xj;
    const double dt = -slope / curv;
    if (dt < tnext - ts[j]) return xj + dt * d;
    xj += (tnext - ts[j]) * d;
    box.project(xj);
  }
  return xj;
}

TEST(CauchyPoint, MatchesAWalkAlongTheProjectedPathSeed3) {
  const Index n = 12, m = 4;
  std::mt19937_64 rng(3);
  std::normal_distribution<double> nd;
  for (int trial = 0; trial < 20; ++trial) {
    Pairs p = make_pairs(n, m, 1 + trial % 6, 100 + trial);
    Vec<double> lo(n), hi(n), x(n), g(n);
    for (Index i = 0; i < n; ++i) {
      lo[i] = -0.2 - std::abs(nd(rng));
      hi[i] = 0.2 + std::abs(nd(rng));
      if (i % 5 == 4) lo[i] = -kInf;
      x[i] = i % 4 == 0 ? lo[i] : i % 4 == 1 ? std::min(hi[i], 0.1 * nd(rng)) : 0.0;
      if (i % 5 == 4) x[i] = 0.3 * nd(rng);
      g[i] = 3 * nd(rng);
    }
    const Bounds<double> box(lo, hi);
    box.project(x);  // the Cauchy point starts from a feasible x
    CauchyPoint<double> cp(n, m);
    Vec<double> xcp(n), c(2 * m);
    Vec<double> wg(2 * m);
    p.compact.wt_times(g, wg);  // W'g of this g (the trials have 0 to 4 rows the path keeps)
    cp.compute(box, x, g, p.compact, wg, xcp, c);
    const Vec<double> expect = cauchy_by_walking(box, x, g, p.dense);
    EXPECT_LT((xcp - expect).cwiseAbs().maxCoeff(), 1e-10) << "trial " << trial;
    EXPECT_TRUE(box.contains(xcp));
    // c = W'(x^c - x), used by the subspace step.
    Vec<double> wt(2 * m);
    p.compact.wt_times((xcp - x).eval(), wt);
    const Index k2 = 2 * p.compact.pairs();
    EXPECT_LT((c.head(k2) - wt.head(k2)).norm(), 1e-9 * (1 + wt.head(k2).norm())) << trial;
    // Free and active rows partition the variables.
    EXPECT_EQ(cp.free_count() + cp.active_count(), n);
  }
}

// fixes_none, the shortcut L-BFGS-B takes before forming x^c, must say "no variable fixed" exactly
// when the full Cauchy point computation leaves every variable free: boxes from far (the model's
// minimiser along -g well before any breakpoint) to near (it lies beyond one), with starts on a
// bound that -g points out of or into.
TEST(CauchyPoint, FixesNoneExactlyWhenTheCauchyPointLeavesEveryVariableFreeSeed5) {
  const Index n = 10, m = 3;
  std::mt19937_64 rng(5);
  std::normal_distribution<double> nd;
  int none_fixed = 0, some_fixed = 0;
  for (int trial = 0; trial < 60; ++trial) {
    Pairs p = make_pairs(n, m, 1 + trial % 4, 300 + trial);
    const double width = std::pow(10.0, -2 + trial % 6);  // 0.01 .. 1000
    Vec<double> lo(n), hi(n), x(n), g(n);
    for (Index i = 0; i < n; ++i) {
      lo[i] = -width * (0.5 + std::abs(nd(rng)));
      hi[i] = width * (0.5 + std::abs(nd(rng)));
      if (i % 3 == 2) hi[i] = kInf;
      x[i] = 0;
      g[i] = nd(rng);
    }
    if (trial % 5 == 4) x[1] = lo[1];  // on a bound: held when g_1 >= 0, free when g_1 < 0
    const Bounds<double> box(lo, hi);
    CauchyPoint<double> cp(n, m);
    Vec<double> xcp(n), c(2 * m), wg(2 * m);
    p.compact.wt_times(g, wg);
    const bool shortcut = cp.fixes_none(box, x, g, p.compact, wg);
    cp.compute(box, x, g, p.compact, wg, xcp, c);
    EXPECT_EQ(shortcut, cp.active_count() == 0) << "trial " << trial;
    (shortcut ? none_fixed : some_fixed) += 1;
  }
  // Both answers occur often enough for the comparison to mean something.
  EXPECT_GE(none_fixed, 10);
  EXPECT_GE(some_fixed, 10);
}

}  // namespace
}  // namespace optim
