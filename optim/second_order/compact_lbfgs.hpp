#pragma once
// The compact representation of the L-BFGS matrix (Byrd, Nocedal & Schnabel 1994; Byrd, Lu,
// Nocedal & Zhu 1995, eqs. 3.2-3.5), the model L-BFGS-B works with:
//   B = theta I - W M W',   W = [Y  theta S]  (n x 2k),
//   M = K0^-1,              K0 = [ -D   L'      ]
//                                [  L   theta S'S ],
// with S, Y the k stored pairs in chronological order (oldest first), D = diag(s_i'y_i), L the
// strictly lower triangle of S'Y (L_ij = s_i'y_j, i > j) and theta = y'y / s'y of the newest pair.
// Vectors of length 2k are ordered [Y part; S part], as the columns of W.
//
// M v is applied by block elimination with the Cholesky factor of T = theta S'S + L D^-1 L'
// (positive definite when every s_i'y_i > 0; the factorisation of the L-BFGS-B code's formt):
//   T b = v2 + L D^-1 v1,   a = D^-1 (L' b - v1),   M v = [a; b].
// The reduced matrix of the subspace minimisation on the free variables Z (BLNZ section 5.1),
//   B_Z = theta I - Z'W M W'Z, has by Sherman-Morrison-Woodbury
//   B_Z^-1 = (1/theta) I + (1/theta^2) Z'W K^-1 W'Z,   K = K0 - (1/theta) W'ZZ'W,
// and K = [-P  K21'; K21  K22] with P = D + Y'ZZ'Y / theta (positive definite),
// K21 = L - S'ZZ'Y and K22 = theta S'(I - ZZ')S, is solved through the Cholesky factors of P and
// of its Schur complement Q = K22 + K21 P^-1 K21' (both positive definite).
//
// The pairs live in n x m ring buffers; the inner products S'S, S'Y, Y'Y are kept up to date (one
// new row and column per pair), so the products over the free variables are computed as the full
// products minus the active rows, whichever list is shorter. An update reads each ring once: the
// new rows and columns and W'g of the new gradient come from one product [S Y]'[s y g]
// (memory-bound, so three right-hand sides cost about what one does), and W'g is what the next
// iteration's Cauchy point and subspace step start from. Everything is sized in the
// constructor; no member function allocates.
#include <algorithm>
#include <vector>

#include "optim/types.hpp"

namespace optim {
class StateArchive;
}

namespace optim {

template <class S>
class CompactLbfgs {
 public:
  CompactLbfgs(Index n, Index m);

  Index pairs() const { return k_; }
  Index capacity() const { return m_; }
  S theta() const { return theta_; }
  // Forgets every pair: B = I (theta = 1).
  void clear();
  // Checkpoints: the rings in their physical layout, their inner products and theta (the derived
  // D, L and Cholesky factor are recomputed from them on loading, by the same arithmetic as after
  // an update). A saved memory of another capacity is refused: the capacity is min(m, max_iter).
  void archive(StateArchive& a);
  // Adds the pair s = x1 - x0, y = g1 - g0 unless s'y <= eps y'y (the pair would make B
  // indefinite or badly conditioned; BLNZ section 6), dropping the oldest pair when full. Returns
  // whether the pair was stored. When the new T is not numerically positive definite the memory
  // is cleared (as the L-BFGS-B code does) and false is returned.
  //
  // With `path`, the same sweep also forms W'path for the next path_products call (L-BFGS-B's
  // projected-gradient path at x1: p = W'd at t = 0 of the next Cauchy point), at the cost of
  // one more read of n values instead of a sweep over the rings of its own.
  bool update(const Vec<S>& x0, const Vec<S>& x1, const Vec<S>& g0, const Vec<S>& g1, S eps,
              const Vec<S>* path = nullptr);

  // W'g (length 2k, logical order) for the gradient g: the product the last stored update formed
  // for its g1, which must be this g (the iterate the run moved to), else computed now.
  const Vec<S>& gradient_products(const Vec<S>& g);
  // W'd (length 2k, logical order): formed by the last update when it was given this d as its
  // path, else computed now by the same sweep (so a run takes the same bits whether or not the
  // update formed it).
  const Vec<S>& path_products(const Vec<S>& d);
  // out = W'W v from the kept inner products (O(k^2), no pass over n; out may not alias v).
  void wtw_times(const Vec<S>& v, Vec<S>& out) const;

  // The vectors of length 2k below live in buffers of length 2m (only the head 2k is used).
  // out = W'v.
  void wt_times(const Vec<S>& v, Vec<S>& out);
  // out = W u (length n).
  void w_times(const Vec<S>& u, Vec<S>& out);
  // out = row i of W, [y_1(i) .. y_k(i), theta s_1(i) .. theta s_k(i)].
  void w_row(Index i, Vec<S>& out) const;
  // out = M v (out may not alias v).
  void m_times(const Vec<S>& v, Vec<S>& out);

  // Factors K for the free set. `rows` lists `count` indices: the free variables when
  // rows_are_free, else the active ones (the complement). False when P or Q is not numerically
  // positive definite (the caller then keeps the Cauchy point).
  bool factor_reduced(const Index* rows, Index count, bool rows_are_free);
  // factor_reduced for the free set {i : held[i] == 0} (free_count variables), and with it
  // u = W'ZZ'(q - W t) (logical order, length 2k) in the same sweep over the rings: each block of
  // rows of [Y S] is read once and split into its free and active rows; the smaller set's outer
  // products go into K, and the free rows' residuals q_i - w_i't and their products with w_i
  // are formed while the rows are in cache. Separately, W t, the residual and W'r read the rings
  // three times.
  bool factor_reduced_with_residual(const char* held, Index free_count, const Vec<S>& q,
                                    const Vec<S>& t, Vec<S>& u);
  // out = K^-1 v after factor_reduced (out may not alias v).
  void solve_reduced(const Vec<S>& v, Vec<S>& out);

 private:
  Index phys(Index j) const { return (head_ + j) % m_; }  // logical (chronological) -> column
  bool refresh();  // D, L, S'S in logical order and the Cholesky factor of T
  // prod_s_, prod_y_ = S'[s y g d], Y'[s y g d] over the k valid ring columns ([s y] in rhs_,
  // g and d = path given; each product's sum depends on its own two vectors only).
  void products_with_rings(const S* g, const S* path);
  void keep_path_products();
  // W'g (logical order) from the products' third column.
  void keep_gradient_products();
  // K's blocks and factors from the 2k x 2k sums in zall_ (over the free rows, or the active
  // rows when !rows_are_free).
  bool factor_from_sums(bool rows_are_free);

  Index n_, m_;
  Index k_ = 0, head_ = 0;
  S theta_ = S(1);
  Mat<S> s_, y_;            // n x m rings
  Mat<S> rhs_;              // n x 2: the candidate pair s, y
  Mat<S> prod_s_, prod_y_;  // m x 4: S'[s y g d] and Y'[s y g d] by ring column
  Vec<S> wg_;               // W'g of the last update's g1 (2m, logical)
  Vec<S> wd_;               // W'd of the last update's path (2m, logical)
  bool wg_valid_ = false, wd_valid_ = false;
  Mat<S> ss_, sy_, yy_;                  // m x m inner products by ring column: sy_(a, b) = s_a'y_b
  Vec<S> d_;                             // D, logical
  Mat<S> l_, ssl_;                       // L and S'S, logical
  Mat<S> jt_;                            // Cholesky factor of T (lower)
  Mat<S> jp_, k21_, k22_, e_, jq_;       // reduced system: factor of P, K21, K22, E, factor of Q
  Mat<S> zyy_, zsy_, zss_;               // Y'ZZ'Y, S'ZZ'Y, S'ZZ'S by ring column
  Mat<S> zall_;                          // 2m x 2m: [Y S]'ZZ'[Y S], lower triangle
  static constexpr Index kChunk = 1024;  // rows per chunk of factor_reduced's sums
  Mat<S> chunk_;                         // kChunk x 2m: a chunk's rows of Y and S
  // The ring sweeps cut the rows into blocks of kSweepBlock whatever the thread count.
  static constexpr Index kSweepBlock = 16384;
  static Index sweep_blocks(Index n) {
    return std::max<Index>(1, (n + kSweepBlock - 1) / kSweepBlock);
  }
  static constexpr Index kGroups = 8;
  Mat<S> block_sums_;  // 8m x blocks: each block's eight products per ring column
  Mat<S>
      reduced_sums_;  // each block's sums of the reduced sweep (see factor_reduced_with_residual)
  struct ReducedScratch {
    Mat<S> free, active;  // kChunk x 2m: gathered rows of [Y S]
    Vec<S> q, r;          // kChunk: their q and residuals
    Mat<S> sums;          // 2m x 2m: the block's outer products
    Vec<S> u;             // 2m: the block's W'ZZ'r by ring column
  };
  std::vector<ReducedScratch> scratch_;
  Vec<S> tr_, ur_;  // 2m: t and u by ring column ([Y S] order)
  // One block of the reduced sweep into its column of reduced_sums_ (each block writes only its
  // own column, so blocks may run concurrently).
  void reduced_block(Index block, const char* held, const S* q, bool sum_free, ReducedScratch& w);
  Vec<S> t1_, t2_, t3_;  // scratch of length m
  // w_times' terms: the ring columns (Y's, then S's, by ring column) and their coefficients.
  std::vector<const S*> w_cols_;
  Vec<S> w_coef_;
};

}  // namespace optim
