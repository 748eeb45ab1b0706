#include "optim/second_order/compact_lbfgs.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

#include "optim/checkpoint/state_archive.hpp"
#include "optim/parallel/thread_pool.hpp"
#include "optim/second_order/small_cholesky.hpp"

namespace optim {
namespace {

using small_cholesky::cholesky;
using small_cholesky::cholesky_solve;

// The eight dot products of the ring pair (sa, ya) with s, y, g and d over rows [j0, j1), in the
// order ss sy sg sd ys yy yg yd, into o. A function of its own, with restrict parameters: written
// inside the sweep's lambda (pointers captured by reference) the loop was compiled with emulated
// gathers and its sums spilled to the stack each iteration, 2x slower. `omp simd reduction`
// (compiled with -fopenmp-simd, no threads) keeps the sums in vector lanes, a fixed
// reassociation: the same bits on every run. When d is g (no path given), six sums are formed and
// the path's two copied: the same bits as the eight, two fewer products per row.
template <bool kPath, class S>
[[gnu::noinline]] void pair_products(const S* __restrict sa, const S* __restrict ya,
                                     const S* __restrict sn, const S* __restrict yn,
                                     const S* __restrict gn, const S* __restrict dn, Index j0,
                                     Index j1, S* __restrict o) {
  S ss = 0, sy = 0, sg = 0, sd = 0, ys = 0, yy = 0, yg = 0, yd = 0;
#pragma omp simd reduction(+ : ss, sy, sg, sd, ys, yy, yg, yd)
  for (Index i = j0; i < j1; ++i) {
    const S si = sa[i], yi = ya[i], s0 = sn[i], y0 = yn[i], g0 = gn[i];
    ss += si * s0;
    sy += si * y0;
    sg += si * g0;
    ys += yi * s0;
    yy += yi * y0;
    yg += yi * g0;
    if constexpr (kPath) {
      const S d0 = dn[i];
      sd += si * d0;
      yd += yi * d0;
    }
  }
  if constexpr (!kPath) sd = sg, yd = yg;
  o[0] = ss, o[1] = sy, o[2] = sg, o[3] = sd, o[4] = ys, o[5] = yy, o[6] = yg, o[7] = yd;
}

// o[i] += sum_a c[a] cols[a][offset + i] for i < len, each row's terms added in column order
// (a = 0, 1, ...): four columns per pass keep o[i] in a register instead of loading and storing
// it once per column.
template <class S>
[[gnu::noinline]] void add_columns(S* __restrict o, Index len, const S* const* cols, Index offset,
                                   const S* __restrict c, Index count) {
  Index a = 0;
  for (; a + 4 <= count; a += 4) {
    const S* __restrict p0 = cols[a] + offset;
    const S* __restrict p1 = cols[a + 1] + offset;
    const S* __restrict p2 = cols[a + 2] + offset;
    const S* __restrict p3 = cols[a + 3] + offset;
    const S c0 = c[a], c1 = c[a + 1], c2 = c[a + 2], c3 = c[a + 3];
    for (Index i = 0; i < len; ++i) o[i] = o[i] + c0 * p0[i] + c1 * p1[i] + c2 * p2[i] + c3 * p3[i];
  }
  for (; a < count; ++a) {
    const S* __restrict p = cols[a] + offset;
    const S ca = c[a];
    for (Index i = 0; i < len; ++i) o[i] += ca * p[i];
  }
}

}  // namespace

template <class S>
CompactLbfgs<S>::CompactLbfgs(Index n, Index m)
    : n_(n),
      m_(m),
      s_(Mat<S>::Zero(n, m)),
      y_(Mat<S>::Zero(n, m)),
      rhs_(Mat<S>::Zero(n, 5)),
      prod_s_(Mat<S>::Zero(m, 7)),
      prod_y_(Mat<S>::Zero(m, 7)),
      wg_(Vec<S>::Zero(2 * m)),
      wd_(Vec<S>::Zero(2 * m)),
      ss_(Mat<S>::Zero(m, m)),
      sy_(Mat<S>::Zero(m, m)),
      yy_(Mat<S>::Zero(m, m)),
      d_(Vec<S>::Zero(m)),
      l_(Mat<S>::Zero(m, m)),
      ssl_(Mat<S>::Zero(m, m)),
      jt_(Mat<S>::Zero(m, m)),
      jp_(Mat<S>::Zero(m, m)),
      k21_(Mat<S>::Zero(m, m)),
      k22_(Mat<S>::Zero(m, m)),
      e_(Mat<S>::Zero(m, m)),
      jq_(Mat<S>::Zero(m, m)),
      zyy_(Mat<S>::Zero(m, m)),
      zsy_(Mat<S>::Zero(m, m)),
      zss_(Mat<S>::Zero(m, m)),
      zheld_(static_cast<std::size_t>(n)),
      zwgy_(Vec<S>::Zero(m)),
      zwgs_(Vec<S>::Zero(m)),
      changed_(static_cast<std::size_t>(n)),
      zall_(Mat<S>::Zero(2 * m, 2 * m)),
      chunk_(Mat<S>::Zero(kChunk, 2 * m)),
      block_sums_(Mat<S>::Zero(kSums * m, sweep_blocks(n))),
      reduced_sums_(Mat<S>::Zero(m * (2 * m + 1), sweep_blocks(n))),
      t1_(Vec<S>::Zero(m)),
      t2_(Vec<S>::Zero(m)),
      t3_(Vec<S>::Zero(m)),
      w_cols_(static_cast<std::size_t>(2 * m)),
      w_coef_(Vec<S>::Zero(2 * m)) {
  // One scratch per group of blocks of the reduced sweep (at most kGroups: the groups depend on
  // n alone, and two threads share eight of them evenly).
  const Index groups = std::min(kGroups, sweep_blocks(n));
  for (Index c = 0; c < groups; ++c) {
    scratch_.push_back({Mat<S>::Zero(kChunk, 2 * m), Mat<S>::Zero(2 * m, 2 * m)});
  }
}

template <class S>
void CompactLbfgs<S>::clear() {
  k_ = 0;
  head_ = 0;
  theta_ = S(1);
  wg_valid_ = wd_valid_ = zwg_valid_ = false;
  zkept_ = false;
}

template <class S>
bool CompactLbfgs<S>::update(const Vec<S>& x0, const Vec<S>& x1, const Vec<S>& g0, const Vec<S>& g1,
                             S eps, const Vec<S>* path) {
  wg_valid_ = wd_valid_ = zwg_valid_ = false;
  // s and y side by side, right-hand sides of the products below with g1 (and the path), with
  // s'y and y'y, in one blocked sweep (each block of the six vectors stays in the L1 cache).
  // With sums over a kept free set, s, y and g1 zeroed outside it too (ZZ's, ZZ'y, ZZ'g1).
  constexpr Index kBlock = 2048;
  S sy = 0, yy = 0;
  const bool free_products = zkept_;
  for (Index j0 = 0; j0 < n_; j0 += kBlock) {
    const Index len = std::min(kBlock, n_ - j0);
    auto sb = rhs_.col(0).segment(j0, len);
    auto yb = rhs_.col(1).segment(j0, len);
    sb.noalias() = x1.segment(j0, len) - x0.segment(j0, len);
    yb.noalias() = g1.segment(j0, len) - g0.segment(j0, len);
    sy += sb.dot(yb);
    yy += yb.squaredNorm();
    if (free_products) {
      const char* held = zheld_.data() + j0;
      const S *sp = sb.data(), *yp = yb.data(), *gp = g1.data() + j0;
      S* fs = rhs_.col(2).data() + j0;
      S* fy = rhs_.col(3).data() + j0;
      S* fg = rhs_.col(4).data() + j0;
      for (Index i = 0; i < len; ++i) {
        const bool in = held[i] == 0;
        fs[i] = in ? sp[i] : S(0);
        fy[i] = in ? yp[i] : S(0);
        fg[i] = in ? gp[i] : S(0);
      }
    }
  }
  if (!(sy > eps * yy) || !std::isfinite(sy) || !std::isfinite(yy)) return false;
  Index c;
  if (k_ < m_) {
    c = k_++;
  } else {
    c = head_;
    head_ = (head_ + 1) % m_;
  }
  // The new row and column of each inner-product matrix and W'g1: one blocked sweep over both
  // rings, the blocks of s, y and g1 staying in cache while every ring column passes by, so
  // memory sees each ring once. The valid columns are 0..k-1 (the ring fills from column 0 and
  // stays full once full).
  const Index k = k_;
  // With sums over a kept free set, the new pair's products over that set come with the sweep
  // (L-BFGS-B 3.0's formk forms the new column over the free set in a pass of its own).
  products_with_rings(g1.data(), path != nullptr ? path->data() : g1.data(),
                      free_products ? Sweep::PairsAndFree : Sweep::Pairs, c);
  if (free_products) {
    zss_.col(c).head(k) = prod_s_.col(4).head(k);
    zss_.row(c).head(k) = prod_s_.col(4).head(k).transpose();
    zsy_.col(c).head(k) = prod_s_.col(5).head(k);              // s_a'ZZ'y_c
    zsy_.row(c).head(k) = prod_y_.col(4).head(k).transpose();  // s_c'ZZ'y_b
    zyy_.col(c).head(k) = prod_y_.col(5).head(k);
    zyy_.row(c).head(k) = prod_y_.col(5).head(k).transpose();
    keep_free_gradient_products();
  }
  ss_.col(c).head(k) = prod_s_.col(0).head(k);
  ss_.row(c).head(k) = prod_s_.col(0).head(k).transpose();
  sy_.col(c).head(k) = prod_s_.col(1).head(k);
  sy_.row(c).head(k) = prod_y_.col(0).head(k).transpose();  // s_c'y_b
  yy_.col(c).head(k) = prod_y_.col(1).head(k);
  yy_.row(c).head(k) = prod_y_.col(1).head(k).transpose();
  theta_ = yy / sy;  // BLNZ eq. 3.3 uses the newest pair's scaling
  if (!refresh()) {
    clear();
    return false;
  }
  keep_gradient_products();
  if (path != nullptr) keep_path_products();
  return true;
}

template <class S>
void CompactLbfgs<S>::products_with_rings(const S* g, const S* path, Sweep what, Index fill) {
  // The rows go by in blocks whose pieces of the right-hand sides (s, y, g, d and the zeroed copies
  // ZZ's, ZZ'y, ZZ'g, 128 KiB each in double) stay in the cache while every ring column pair
  // (s_a, y_a) passes by for all its dot products (pair_products, once with s, y, g, d and once
  // with the zeroed copies, on the same rows): memory sees each ring column and the right-hand
  // sides once, in long runs its prefetcher follows. Each product's sum depends on its own two
  // vectors only, so ZZ'g formed alone (Sweep::Free) has the bits the update's sweep gave it. Each
  // block's sums go to its own column of block_sums_ and are added in block order after the blocks
  // ran on the context's threads: the same bits for any thread count.
  const Index k = k_, n = n_;
  const S* sn = rhs_.col(0).data();
  const S* yn = rhs_.col(1).data();
  const S* fsn = rhs_.col(2).data();
  const S* fyn = rhs_.col(3).data();
  const S* fgn = rhs_.col(4).data();
  const bool pairs = what != Sweep::Free, free = what != Sweep::Pairs;
  const Index blocks = block_sums_.cols();
  const Chunking ch = chunking(blocks, 1);
  parallel_chunks(ch.chunks, [&](Index c) {
    const Index b1 = std::min(blocks, (c + 1) * ch.size);
    for (Index b = c * ch.size; b < b1; ++b) {
      const Index j0 = b * kSweepBlock, j1 = std::min(n, j0 + kSweepBlock);
      S* out = block_sums_.col(b).data();
      for (Index a = 0; a < k; ++a) {
        // The new pair's column is read from s, y while the sweep stores it into the rings.
        const S* sa = a == fill ? sn : s_.col(a).data();
        const S* ya = a == fill ? yn : y_.col(a).data();
        S* o = out + kSums * a;
        if (pairs && path == g) pair_products<false>(sa, ya, sn, yn, g, path, j0, j1, o);
        if (pairs && path != g) pair_products<true>(sa, ya, sn, yn, g, path, j0, j1, o);
        if (free) {  // the same kernel with ZZ's, ZZ'y, ZZ'g: its six sums (no path) go to o[8..14)
          S t[8];
          pair_products<false>(sa, ya, fsn, fyn, fgn, fgn, j0, j1, t);
          o[8] = t[0], o[9] = t[1], o[10] = t[2], o[11] = t[4], o[12] = t[5], o[13] = t[6];
        }
        if (a == fill) {
          std::copy(sn + j0, sn + j1, s_.col(a).data() + j0);
          std::copy(yn + j0, yn + j1, y_.col(a).data() + j0);
        }
      }
    }
  });
  if (pairs) {
    prod_s_.topLeftCorner(k, 4).setZero();
    prod_y_.topLeftCorner(k, 4).setZero();
  }
  if (free) {
    prod_s_.block(0, 4, k, 3).setZero();
    prod_y_.block(0, 4, k, 3).setZero();
  }
  for (Index b = 0; b < blocks; ++b) {
    const S* o = block_sums_.col(b).data();
    for (Index a = 0; a < k; ++a, o += kSums) {
      for (int j = 0; pairs && j < 4; ++j) {
        prod_s_(a, j) += o[j];
        prod_y_(a, j) += o[4 + j];
      }
      for (int j = 0; free && j < 3; ++j) {
        prod_s_(a, 4 + j) += o[8 + j];
        prod_y_(a, 4 + j) += o[11 + j];
      }
    }
  }
}

template <class S>
void CompactLbfgs<S>::keep_free_gradient_products() {
  zwgs_.head(k_) = prod_s_.col(6).head(k_);
  zwgy_.head(k_) = prod_y_.col(6).head(k_);
  zwg_valid_ = true;
}

template <class S>
void CompactLbfgs<S>::free_gradient_products(const Vec<S>& g) {
  // g zeroed outside the kept set, then the update's own sweep for its free products alone (the
  // stale ZZ's and ZZ'y sums it also forms are not used): the bits of the ZZ'g products an update
  // forms, so a run resumed from a checkpoint takes the same steps.
  const char* held = zheld_.data();
  S* fg = rhs_.col(4).data();
  for (Index i = 0; i < n_; ++i) fg[i] = held[i] == 0 ? g[i] : S(0);
  products_with_rings(g.data(), g.data(), Sweep::Free);
  keep_free_gradient_products();
}

template <class S>
void CompactLbfgs<S>::keep_gradient_products() {
  const Index k = k_;
  for (Index j = 0; j < k; ++j) {
    wg_[j] = prod_y_(phys(j), 2);
    wg_[k + j] = theta_ * prod_s_(phys(j), 2);
  }
  wg_valid_ = true;
}

template <class S>
const Vec<S>& CompactLbfgs<S>::gradient_products(const Vec<S>& g) {
  if (!wg_valid_) {
    // The update's own sweep with g as its third right-hand side (the other two are ignored): W'g
    // then carries the same roundings as the W'g an update forms, so a run resumed from a
    // checkpoint (which starts without it) takes the same steps, bit for bit, as one that never
    // stopped. A separate product (Eigen's gemv) sums in another order.
    products_with_rings(g.data(), g.data(), Sweep::Pairs);
    keep_gradient_products();
  }
  return wg_;
}

template <class S>
void CompactLbfgs<S>::keep_path_products() {
  const Index k = k_;
  for (Index j = 0; j < k; ++j) {
    wd_[j] = prod_y_(phys(j), 3);
    wd_[k + j] = theta_ * prod_s_(phys(j), 3);
  }
  wd_valid_ = true;
}

template <class S>
const Vec<S>& CompactLbfgs<S>::path_products(const Vec<S>& d) {
  // The path's column of the update's sweep, formed by the last update when it was given d, else
  // by the same sweep now (the other columns ignored): the same bits either way.
  if (!wd_valid_) {
    products_with_rings(d.data(), d.data(), Sweep::Pairs);
    keep_path_products();
  }
  return wd_;
}

template <class S>
void CompactLbfgs<S>::wtw_like(const Mat<S>& a, const Mat<S>& c, const Mat<S>& b, const Vec<S>& v,
                               Vec<S>& out) const {
  // [A  theta C'; theta C  theta^2 B] in logical order: with A = Y'Y, C = S'Y, B = S'S it is
  // W'W = [Y'Y  theta Y'S; theta S'Y  theta^2 S'S], (Y'S)_ab = s_b'y_a.
  const Index k = k_;
  for (Index i = 0; i < k; ++i) {
    const Index pi = phys(i);
    S top = 0, bottom = 0;
    for (Index j = 0; j < k; ++j) {
      const Index pj = phys(j);
      top += a(pi, pj) * v[j] + theta_ * c(pj, pi) * v[k + j];
      bottom += theta_ * c(pi, pj) * v[j] + theta_ * theta_ * b(pi, pj) * v[k + j];
    }
    out[i] = top;
    out[k + i] = bottom;
  }
}

template <class S>
void CompactLbfgs<S>::wtw_times(const Vec<S>& v, Vec<S>& out) const {
  wtw_like(yy_, sy_, ss_, v, out);
}

template <class S>
bool CompactLbfgs<S>::refresh() {
  const Index k = k_;
  for (Index i = 0; i < k; ++i) {
    const Index pi = phys(i);
    d_[i] = sy_(pi, pi);
    for (Index j = 0; j < k; ++j) {
      const Index pj = phys(j);
      l_(i, j) = i > j ? sy_(pi, pj) : S(0);
      ssl_(i, j) = ss_(pi, pj);
    }
  }
  // T = theta S'S + L D^-1 L' (lower triangle); L(j, l) vanishes for l >= j.
  for (Index i = 0; i < k; ++i) {
    for (Index j = 0; j <= i; ++j) {
      S v = theta_ * ssl_(i, j);
      for (Index l = 0; l < j; ++l) v += l_(i, l) * l_(j, l) / d_[l];
      jt_(i, j) = v;
    }
  }
  return cholesky(jt_, k);
}

template <class S>
void CompactLbfgs<S>::wt_times(const Vec<S>& v, Vec<S>& out) {
  const Index k = k_;
  if (k == 0) return;
  t1_.head(k).noalias() = y_.leftCols(k).transpose() * v;
  t2_.head(k).noalias() = s_.leftCols(k).transpose() * v;
  for (Index j = 0; j < k; ++j) {
    out[j] = t1_[phys(j)];
    out[k + j] = theta_ * t2_[phys(j)];
  }
}

template <class S>
void CompactLbfgs<S>::w_times(const Vec<S>& u, Vec<S>& out) {
  const Index k = k_;
  if (k == 0) {
    out.setZero();
    return;
  }
  for (Index a = 0; a < k; ++a) {  // by ring column: Y's, then S's
    w_cols_[std::size_t(a)] = y_.col(a).data();
    w_cols_[std::size_t(k + a)] = s_.col(a).data();
  }
  for (Index j = 0; j < k; ++j) {
    w_coef_[phys(j)] = u[j];
    w_coef_[k + phys(j)] = theta_ * u[k + j];
  }
  // Row by row, each row's sum over the ring columns in one fixed order (Y's, then S's), so the
  // rows can be cut anywhere and run on the context's threads with the same bits; a tile of
  // rows of `out` stays in the L1 cache while the columns stream by.
  constexpr Index kTile = 1024;
  parallel_range(n_, kSweepBlock, [&](Index begin, Index end) {
    for (Index i0 = begin; i0 < end; i0 += kTile) {
      const Index len = std::min(end, i0 + kTile) - i0;
      S* o = out.data() + i0;
      std::fill(o, o + len, S(0));
      add_columns(o, len, w_cols_.data(), i0, w_coef_.data(), 2 * k);
    }
  });
}

template <class S>
void CompactLbfgs<S>::w_row(Index i, Vec<S>& out) const {
  const Index k = k_;
  for (Index j = 0; j < k; ++j) {
    out[j] = y_(i, phys(j));
    out[k + j] = theta_ * s_(i, phys(j));
  }
}

template <class S>
void CompactLbfgs<S>::m_times(const Vec<S>& v, Vec<S>& out) {
  const Index k = k_;
  // b: T b = v2 + L D^-1 v1.
  for (Index i = 0; i < k; ++i) {
    S w = v[k + i];
    for (Index j = 0; j < i; ++j) w += l_(i, j) * v[j] / d_[j];
    t1_[i] = w;
  }
  cholesky_solve(jt_, k, t1_.data());
  // a = D^-1 (L' b - v1).
  for (Index j = 0; j < k; ++j) {
    S w = -v[j];
    for (Index i = j + 1; i < k; ++i) w += l_(i, j) * t1_[i];
    out[j] = w / d_[j];
  }
  for (Index i = 0; i < k; ++i) out[k + i] = t1_[i];
}

template <class S>
void CompactLbfgs<S>::archive(StateArchive& a) {
  Index capacity = m_, pairs = k_, head = head_;
  S theta = theta_;
  a.scalar("capacity", capacity);
  a.scalar("pairs", pairs);
  a.scalar("head", head);
  a.scalar("theta", theta);
  // The matrices as flat real arrays, column-major, of the saved capacity.
  std::vector<double> flat[5];
  Mat<S>* mats[5] = {&s_, &y_, &ss_, &sy_, &yy_};
  const char* names[5] = {"s", "y", "ss", "sy", "yy"};
  for (int i = 0; i < 5; ++i) {
    if (a.saving()) flat[i].assign(mats[i]->data(), mats[i]->data() + mats[i]->size());
    a.field(names[i], flat[i]);
  }
  // The sums over the kept free set and that set (as its held rows), so that a resumed run
  // updates the same sums as the run that saved them. Older files lack them: the sums are then
  // formed anew at the next subspace step.
  bool kept = zkept_;
  std::vector<std::int64_t> held_rows;
  std::vector<double> zflat[3];
  Mat<S>* zmats[3] = {&zyy_, &zsy_, &zss_};
  const char* znames[3] = {"free_yy", "free_sy", "free_ss"};
  const bool with_free_sums = a.has("free_sums_kept");
  if (with_free_sums) {
    if (a.saving() && kept) {
      for (Index i = 0; i < n_; ++i) {
        if (zheld_[std::size_t(i)] != 0) held_rows.push_back(i);
      }
      for (int i = 0; i < 3; ++i) {
        zflat[i].assign(zmats[i]->data(), zmats[i]->data() + zmats[i]->size());
      }
    }
    a.scalar("free_sums_kept", kept);
    a.field("free_sums_held_rows", held_rows);
    for (int i = 0; i < 3; ++i) a.field(znames[i], zflat[i]);
  }
  if (!a.loading()) return;
  // A run whose budget differs keeps another capacity, min(m, max_iter). Until the ring first
  // wraps its pairs sit in columns 0..k-1 in chronological order whatever the capacity, so such a
  // memory moves into this run's ring exactly as this run would have built it.
  const bool fits = capacity == m_ || (head == 0 && pairs <= m_);
  if (capacity < 1 || pairs < 0 || pairs > capacity || head < 0 || head >= capacity ||
      (pairs < capacity && head != 0) || !(theta > 0)) {
    throw std::runtime_error("checkpoint lbfgsb memory is inconsistent");
  }
  if (!fits) {
    throw std::runtime_error("checkpoint lbfgsb memory holds " + std::to_string(pairs) +
                             " pairs in a ring of " + std::to_string(capacity) +
                             " but this run keeps " + std::to_string(m_) +
                             " (min(m, max_iter)): resume with the same m and max_iter");
  }
  const auto c = static_cast<std::size_t>(capacity), nn = static_cast<std::size_t>(n_);
  for (int i = 0; i < 5; ++i) {
    const std::size_t rows = i < 2 ? nn : c;
    if (flat[i].size() != rows * c) {
      throw std::runtime_error(std::string("checkpoint lbfgsb ") + names[i] +
                               " has the wrong size");
    }
    const Index cols = capacity == m_ ? m_ : pairs;  // the columns that carry pairs
    const Index used_rows = i < 2 ? n_ : cols;
    for (Index col = 0; col < cols; ++col) {
      for (Index row = 0; row < used_rows; ++row) {
        (*mats[i])(row, col) =
            static_cast<S>(flat[i][static_cast<std::size_t>(col) * rows + std::size_t(row)]);
      }
    }
  }
  zkept_ = false;
  if (with_free_sums && kept) {
    const std::size_t cc = c * c;
    for (int i = 0; i < 3; ++i) {
      if (zflat[i].size() != cc) {
        throw std::runtime_error(std::string("checkpoint lbfgsb ") + znames[i] +
                                 " has the wrong size");
      }
    }
    std::fill(zheld_.begin(), zheld_.end(), char(0));
    for (const std::int64_t i : held_rows) {
      if (i < 0 || i >= n_) {
        throw std::runtime_error("checkpoint lbfgsb free_sums_held_rows has a row out of range");
      }
      zheld_[static_cast<std::size_t>(i)] = 1;
    }
    for (int i = 0; i < 3; ++i) {  // the pairs' columns, as for the inner products above
      const Index cols = capacity == m_ ? m_ : pairs;
      for (Index col = 0; col < cols; ++col) {
        for (Index row = 0; row < cols; ++row) {
          (*zmats[i])(row, col) =
              static_cast<S>(zflat[i][static_cast<std::size_t>(col) * c + std::size_t(row)]);
        }
      }
    }
    zkept_ = true;
  }
  k_ = pairs;
  head_ = head;
  theta_ = theta;
  wg_valid_ = wd_valid_ = zwg_valid_ = false;
  if (k_ > 0 && !refresh()) {
    throw std::runtime_error("checkpoint lbfgsb memory is not positive definite");
  }
}

template class CompactLbfgs<float>;
template class CompactLbfgs<double>;

}  // namespace optim
