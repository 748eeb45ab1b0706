// The reduced system of the subspace minimisation (BLNZ section 5.1; compact_lbfgs.hpp): the sums
// of [Y S]'s outer products over the free variables, kept from one iteration to the next with
// their free set as L-BFGS-B 3.0's formk keeps them, W'ZZ'g with them, and the factors of K and
// its solve.
#include <algorithm>
#include <cstdint>
#include <cstring>
#include <vector>

#include "optim/parallel/thread_pool.hpp"
#include "optim/second_order/compact_lbfgs.hpp"
#include "optim/second_order/small_cholesky.hpp"

namespace optim {

using small_cholesky::cholesky;
using small_cholesky::cholesky_solve;
using small_cholesky::forward;

template <class S>
void CompactLbfgs<S>::reduced_gradient_products(Vec<S>& out) const {
  const Index k = k_;
  for (Index j = 0; j < k; ++j) {
    out[j] = zwgy_[phys(j)];
    out[k + j] = theta_ * zwgs_[phys(j)];
  }
}

template <class S>
void CompactLbfgs<S>::reduced_wtw_times(const Vec<S>& v, Vec<S>& out) const {
  wtw_like(zyy_, zsy_, zss_, v, out);
}

template <class S>
void CompactLbfgs<S>::add_row_products(const Index* rows, Index count, S alpha) {
  // The chunk's rows are gathered column by column (the list is monotone, so each column is read
  // in one direction) and added as one symmetric rank-len update of the 2k x 2k product (lower
  // triangle: Y'ZZ'Y, S'ZZ'Y and S'ZZ'S in one call, half the products of a full one).
  const Index k = k_;
  auto all = zall_.topLeftCorner(2 * k, 2 * k);
  for (Index r0 = 0; r0 < count; r0 += kChunk) {
    const Index len = std::min(kChunk, count - r0);
    for (Index a = 0; a < k; ++a) {
      const S* ya = y_.col(a).data();
      const S* sa = s_.col(a).data();
      S* cy = chunk_.col(a).data();
      S* cs = chunk_.col(k + a).data();
      for (Index r = 0; r < len; ++r) {
        const Index i = rows[r0 + r];
        cy[r] = ya[i];
        cs[r] = sa[i];
      }
    }
    all.template selfadjointView<Eigen::Lower>().rankUpdate(
        chunk_.topLeftCorner(len, 2 * k).transpose(), alpha);
  }
}

template <class S>
bool CompactLbfgs<S>::factor_reduced(const Index* rows, Index count, bool rows_are_free) {
  const Index k = k_;
  zkept_ = false;
  if (k == 0) return true;
  zall_.topLeftCorner(2 * k, 2 * k).setZero();
  add_row_products(rows, count, S(1));
  free_sums_from_all(rows_are_free);
  return factor_from_free_sums();
}

template <class S>
bool CompactLbfgs<S>::factor_free_set(const char* held, Index free_count, const Vec<S>& g) {
  const Index k = k_;
  if (k == 0) return true;
  const Index active_count = n_ - free_count;
  const bool sum_free = free_count <= active_count;
  const Index smaller = sum_free ? free_count : active_count;
  if (zkept_ && find_changes(held, smaller)) {
    if (!zwg_valid_) free_gradient_products(g);  // over the kept set, before the changes
    apply_changes(g);
  } else {
    // Anew over the smaller set: from its list when it is short (a gathered row costs a cache
    // line per column), else in the sweep blocks on the context's threads.
    if (smaller <= n_ / 8) {
      Index count = 0;
      for (Index i = 0; i < n_; ++i) {
        if ((held[i] == 0) == sum_free) changed_[static_cast<std::size_t>(count++)] = i;
      }
      zall_.topLeftCorner(2 * k, 2 * k).setZero();
      add_row_products(changed_.data(), count, S(1));
      free_sums_from_all(sum_free);
    } else {
      free_sums_anew(held, sum_free);
    }
    std::copy(held, held + n_, zheld_.begin());
    zkept_ = true;
    // W'ZZ'g summed over the free rows themselves: as the full W'g minus the active rows' part it
    // would subtract terms of the size of the active gradient, and near a solution with active
    // bounds W'ZZ'g is tiny beside them (every digit lost on the bounded quadratic).
    free_gradient_products(g);
  }
  return factor_from_free_sums();
}

template <class S>
bool CompactLbfgs<S>::find_changes(const char* held, Index limit) {
  // The rows whose flag differs, eight flags per comparison (the free set changes little from
  // one iterate to the next): entering rows from the front of changed_, leaving ones from the back.
  const Index n = n_;
  const char* kept = zheld_.data();
  Index entering = 0, leaving = 0;
  for (Index i0 = 0; i0 < n; i0 += 8) {
    const Index i1 = std::min(n, i0 + 8);
    if (i1 - i0 == 8) {
      std::uint64_t a, b;
      std::memcpy(&a, held + i0, 8);
      std::memcpy(&b, kept + i0, 8);
      if (a == b) continue;
    }
    for (Index i = i0; i < i1; ++i) {
      if ((held[i] == 0) == (kept[i] == 0)) continue;
      if (held[i] == 0) {
        changed_[static_cast<std::size_t>(entering++)] = i;
      } else {
        changed_[static_cast<std::size_t>(n - 1 - leaving++)] = i;
      }
      if (entering + leaving > limit) return false;
    }
  }
  entering_ = entering;
  leaving_ = leaving;
  return true;
}

template <class S>
void CompactLbfgs<S>::apply_changes(const Vec<S>& g) {
  const Index n = n_, k = k_, entering = entering_, leaving = leaving_;
  const Index* in = changed_.data();
  const Index* out = changed_.data() + (n - leaving);
  auto all = zall_.topLeftCorner(2 * k, 2 * k);
  all.setZero();
  add_row_products(in, entering, S(1));
  add_row_products(out, leaving, S(-1));
  add_to_free_sums(S(1));
  // W'ZZ'g: the rows' own terms w_i g_i, entering ones added, leaving ones taken out.
  for (Index a = 0; a < k; ++a) {
    const S *sa = s_.col(a).data(), *ya = y_.col(a).data();
    S ds = 0, dy = 0;
    for (Index j = 0; j < entering; ++j) {
      ds += sa[in[j]] * g[in[j]];
      dy += ya[in[j]] * g[in[j]];
    }
    for (Index j = 0; j < leaving; ++j) {
      ds -= sa[out[j]] * g[out[j]];
      dy -= ya[out[j]] * g[out[j]];
    }
    zwgs_[a] += ds;
    zwgy_[a] += dy;
  }
  for (Index j = 0; j < entering; ++j) zheld_[std::size_t(in[j])] = 0;
  for (Index j = 0; j < leaving; ++j) zheld_[std::size_t(out[j])] = 1;
}

template <class S>
void CompactLbfgs<S>::free_sums_anew(const char* held, bool sum_free) {
  const Index k2 = 2 * k_;
  // The rows in sweep blocks, each block's sums into its own column of reduced_sums_ (the lower
  // triangle of the 2k x 2k sums by ring column), the blocks shared by the context's threads in a
  // fixed number of groups (one scratch each), then added in block order: the same bits for any
  // thread count.
  const Index blocks = reduced_sums_.cols(), groups = static_cast<Index>(scratch_.size());
  const Index per_group = (blocks + groups - 1) / groups;
  parallel_chunks(groups, [&](Index c) {
    const Index b1 = std::min(blocks, (c + 1) * per_group);
    for (Index b = c * per_group; b < b1; ++b) {
      reduced_block(b, held, sum_free, scratch_[static_cast<std::size_t>(c)]);
    }
  });
  auto all = zall_.topLeftCorner(k2, k2);
  all.setZero();
  for (Index b = 0; b < blocks; ++b) {
    const S* o = reduced_sums_.col(b).data();
    for (Index j = 0; j < k2; ++j) {
      for (Index i = j; i < k2; ++i) all(i, j) += *o++;
    }
  }
  free_sums_from_all(sum_free);
}

template <class S>
void CompactLbfgs<S>::reduced_block(Index block, const char* held, bool sum_free,
                                    ReducedScratch& w) {
  const Index k = k_, k2 = 2 * k;
  w.sums.topLeftCorner(k2, k2).setZero();
  Index nr = 0;  // rows gathered so far into w.rows
  const auto flush = [&] {
    if (nr == 0) return;
    w.sums.topLeftCorner(k2, k2).template selfadjointView<Eigen::Lower>().rankUpdate(
        w.rows.topLeftCorner(nr, k2).transpose());
    nr = 0;
  };
  // Pieces of half a chunk, so that a piece's rows always fit after a flush.
  constexpr Index kPiece = kChunk / 2;
  Index rows[kPiece];
  const Index end = std::min(n_, (block + 1) * kSweepBlock);
  for (Index i0 = block * kSweepBlock; i0 < end; i0 += kPiece) {
    const Index i1 = std::min(end, i0 + kPiece);
    Index count = 0;
    for (Index i = i0; i < i1; ++i) {
      if ((held[i] == 0) == sum_free) rows[count++] = i;
    }
    if (nr + count > kChunk) flush();
    for (Index a = 0; a < k; ++a) {
      const S* ya = y_.col(a).data();
      const S* sa = s_.col(a).data();
      S* cy = w.rows.col(a).data() + nr;
      S* cs = w.rows.col(k + a).data() + nr;
      for (Index r = 0; r < count; ++r) {
        cy[r] = ya[rows[r]];
        cs[r] = sa[rows[r]];
      }
    }
    nr += count;
  }
  flush();
  S* o = reduced_sums_.col(block).data();
  for (Index j = 0; j < k2; ++j) {
    for (Index i = j; i < k2; ++i) *o++ = w.sums(i, j);
  }
}

template <class S>
void CompactLbfgs<S>::free_sums_from_all(bool rows_are_free) {
  const Index k = k_;
  if (rows_are_free) {
    zyy_.topLeftCorner(k, k).setZero();
    zsy_.topLeftCorner(k, k).setZero();
    zss_.topLeftCorner(k, k).setZero();
    add_to_free_sums(S(1));
  } else {  // the free rows' sums are the full products minus the active rows'
    zyy_.topLeftCorner(k, k) = yy_.topLeftCorner(k, k);
    zsy_.topLeftCorner(k, k) = sy_.topLeftCorner(k, k);
    zss_.topLeftCorner(k, k) = ss_.topLeftCorner(k, k);
    add_to_free_sums(S(-1));
  }
}

template <class S>
void CompactLbfgs<S>::add_to_free_sums(S sign) {
  const Index k = k_;
  const auto all = zall_.topLeftCorner(2 * k, 2 * k);
  for (Index a = 0; a < k; ++a) {
    for (Index b = 0; b < k; ++b) {
      const Index hi = std::max(a, b), lo = std::min(a, b);
      zyy_(a, b) += sign * all(hi, lo);
      zss_(a, b) += sign * all(k + hi, k + lo);
      zsy_(a, b) += sign * all(k + a, b);  // s_a'y_b
    }
  }
}

template <class S>
bool CompactLbfgs<S>::factor_from_free_sums() {
  const Index k = k_;
  for (Index i = 0; i < k; ++i) {
    const Index pi = phys(i);
    for (Index j = 0; j < k; ++j) {
      const Index pj = phys(j);
      jp_(i, j) = (i == j ? d_[i] : S(0)) + zyy_(pi, pj) / theta_;
      k21_(i, j) = l_(i, j) - zsy_(pi, pj);
      k22_(i, j) = theta_ * (ssl_(i, j) - zss_(pi, pj));
    }
  }
  if (!cholesky(jp_, k)) return false;
  // E = JP^-1 K21' column by column; Q = K22 + E'E.
  for (Index j = 0; j < k; ++j) {
    for (Index i = 0; i < k; ++i) e_(i, j) = k21_(j, i);
    forward(jp_, k, e_.col(j).data());
  }
  for (Index i = 0; i < k; ++i) {
    for (Index j = 0; j <= i; ++j) {
      S v = k22_(i, j);
      for (Index l = 0; l < k; ++l) v += e_(l, i) * e_(l, j);
      jq_(i, j) = v;
    }
  }
  return cholesky(jq_, k);
}

template <class S>
void CompactLbfgs<S>::solve_reduced(const Vec<S>& v, Vec<S>& out) {
  const Index k = k_;
  // K [a; b] = [v1; v2] with K = [-P K21'; K21 K22]:
  //   Q b = v2 + K21 P^-1 v1,   a = P^-1 (K21' b - v1).
  for (Index i = 0; i < k; ++i) t1_[i] = v[i];
  cholesky_solve(jp_, k, t1_.data());
  for (Index i = 0; i < k; ++i) {
    S w = v[k + i];
    for (Index j = 0; j < k; ++j) w += k21_(i, j) * t1_[j];
    t2_[i] = w;
  }
  cholesky_solve(jq_, k, t2_.data());
  for (Index j = 0; j < k; ++j) {
    S w = -v[j];
    for (Index i = 0; i < k; ++i) w += k21_(i, j) * t2_[i];
    t3_[j] = w;
  }
  cholesky_solve(jp_, k, t3_.data());
  for (Index i = 0; i < k; ++i) {
    out[i] = t3_[i];
    out[k + i] = t2_[i];
  }
}

// The members defined here that other files call (the helpers above are instantiated with them;
// the rest of the class is instantiated in compact_lbfgs.cpp).
template bool CompactLbfgs<float>::factor_reduced(const Index*, Index, bool);
template bool CompactLbfgs<double>::factor_reduced(const Index*, Index, bool);
template bool CompactLbfgs<float>::factor_free_set(const char*, Index, const Vec<float>&);
template bool CompactLbfgs<double>::factor_free_set(const char*, Index, const Vec<double>&);
template void CompactLbfgs<float>::reduced_gradient_products(Vec<float>&) const;
template void CompactLbfgs<double>::reduced_gradient_products(Vec<double>&) const;
template void CompactLbfgs<float>::reduced_wtw_times(const Vec<float>&, Vec<float>&) const;
template void CompactLbfgs<double>::reduced_wtw_times(const Vec<double>&, Vec<double>&) const;
template void CompactLbfgs<float>::solve_reduced(const Vec<float>&, Vec<float>&);
template void CompactLbfgs<double>::solve_reduced(const Vec<double>&, Vec<double>&);

}  // namespace optim
