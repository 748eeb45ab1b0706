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
// new row and column per pair). The products over the free variables, S'ZZ'S, S'ZZ'Y, Y'ZZ'Y,
// are kept too, with the free set they were formed over, and follow the free set from one
// iteration to the next as in L-BFGS-B 3.0's formk: the rows that entered or left it add or
// remove their outer products (the free set changes little between iterates), and a new pair's
// products over the kept set come with its update; so does W'ZZ'g of the update's gradient,
// summed over the free rows themselves (as W'g minus the held rows' part it would lose its digits
// near a solution with active bounds). They are formed anew (as the full products
// minus the active rows', or over the free rows, whichever set is smaller) only when more rows
// changed than that. An update reads each ring once: the new rows and columns, their parts over
// the kept free set and W'g of the new gradient come from one product [S Y]'[s y g ZZ's ZZ'y ZZ'g]
// (memory-bound, so several right-hand sides cost little more than one), and W'g is what the
// next iteration's Cauchy point and subspace step start from. Everything is sized in the
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
  // Checkpoints: the rings in their physical layout, their inner products, theta and the kept
  // sums over the free set with that set (the derived D, L and Cholesky factor are recomputed
  // from them on loading, by the same arithmetic as after an update). A saved memory of another
  // capacity is refused: the capacity is min(m, max_iter).
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
  // positive definite (the caller then keeps the Cauchy point). The sums are not kept for
  // factor_free_set, which forms them anew after this call.
  bool factor_reduced(const Index* rows, Index count, bool rows_are_free);
  // Factors K for the free set {i : held[i] == 0} (free_count variables), and forms W'ZZ'g for
  // the gradient g (the one of the last stored update, whose sweep formed it over the kept set).
  // The sums over the free rows are kept with their set, and the next call updates them as
  // L-BFGS-B 3.0's formk does: the rows that entered or left the set add or remove their outer
  // products, and the pairs stored since have their products over the kept set formed by the
  // update's own sweep. When more rows changed than the smaller of the two sets holds (or nothing
  // is kept), the sums are formed anew over that smaller set. Either way the arithmetic depends on
  // the sequence of sets alone, not on the thread count.
  bool factor_free_set(const char* held, Index free_count, const Vec<S>& g);
  // W'ZZ'g (logical order, length 2k) after factor_free_set.
  void reduced_gradient_products(Vec<S>& out) const;
  // out = W'ZZ'W v (logical order) from the sums of the last factor_free_set or factor_reduced:
  // O(k^2), no pass over n (out may not alias v).
  void reduced_wtw_times(const Vec<S>& v, Vec<S>& out) const;
  // out = K^-1 v after factor_reduced (out may not alias v).
  void solve_reduced(const Vec<S>& v, Vec<S>& out);

 private:
  Index phys(Index j) const { return (head_ + j) % m_; }  // logical (chronological) -> column
  bool refresh();  // D, L, S'S in logical order and the Cholesky factor of T
  // prod_s_, prod_y_ = S'[s y g d], Y'[s y g d] over the k valid ring columns ([s y] in rhs_,
  // g and d = path given; each product's sum depends on its own two vectors only), and with
  // the free products S'ZZ'[s y g], Y'ZZ'[s y g] over the kept free set Z in columns 4 to 6.
  // Sweep::Free forms the free products alone (ZZ'g for a resumed run).
  enum class Sweep { Pairs, PairsAndFree, Free };
  // With fill >= 0 the candidate pair in rhs_ is stored into ring column `fill` by the same sweep
  // (each block's rows while they are in cache).
  void products_with_rings(const S* g, const S* path, Sweep what, Index fill = -1);
  void keep_free_gradient_products();            // zwgs_, zwgy_ from the products' last column
  void free_gradient_products(const Vec<S>& g);  // ZZ'g over the kept set by the update's sweep
  // The rows whose held flag differs from the kept set's into changed_ (entering_ from the
  // front, leaving_ from the back); false when more than `limit` differ.
  bool find_changes(const char* held, Index limit);
  // The sums and W'ZZ'g moved to the changed rows' set, which becomes the kept one.
  void apply_changes(const Vec<S>& g);
  void keep_path_products();
  // W'g (logical order) from the products' third column.
  void keep_gradient_products();
  // zyy_, zsy_, zss_ (over the free rows) from the 2k x 2k sums in zall_ (over the free rows,
  // or over the active rows when !rows_are_free).
  void free_sums_from_all(bool rows_are_free);
  // zyy_, zsy_, zss_ += sign times the sums in zall_.
  void add_to_free_sums(S sign);
  // K's blocks and factors from the sums over the free rows.
  bool factor_from_free_sums();
  // out = [A  theta C'; theta C  theta^2 B] v in logical order for ring-column matrices A (Y'Y
  // part), C (S'Y part, C(a, b) = s_a'y_b) and B (S'S part).
  void wtw_like(const Mat<S>& a, const Mat<S>& c, const Mat<S>& b, const Vec<S>& v,
                Vec<S>& out) const;
  // The sums over the free set {held == 0} anew, in the sweep blocks (the context's threads).
  void free_sums_anew(const char* held, bool sum_free);

  Index n_, m_;
  Index k_ = 0, head_ = 0;
  S theta_ = S(1);
  Mat<S> s_, y_;            // n x m rings
  Mat<S> rhs_;              // n x 5: the candidate pair s, y and ZZ's, ZZ'y, ZZ'g
  Mat<S> prod_s_, prod_y_;  // m x 7: S'[s y g d ZZ's ZZ'y ZZ'g] and Y'[...] by ring column
  Vec<S> wg_;               // W'g of the last update's g1 (2m, logical)
  Vec<S> wd_;               // W'd of the last update's path (2m, logical)
  bool wg_valid_ = false, wd_valid_ = false;
  Mat<S> ss_, sy_, yy_;             // m x m inner products by ring column: sy_(a, b) = s_a'y_b
  Vec<S> d_;                        // D, logical
  Mat<S> l_, ssl_;                  // L and S'S, logical
  Mat<S> jt_;                       // Cholesky factor of T (lower)
  Mat<S> jp_, k21_, k22_, e_, jq_;  // reduced system: factor of P, K21, K22, E, factor of Q
  Mat<S> zyy_, zsy_, zss_;          // Y'ZZ'Y, S'ZZ'Y, S'ZZ'S by ring column
  // The free set the sums above were last formed over (held flags), and whether they hold for
  // it and every stored pair: the update then forms its pair's products over that set.
  std::vector<char> zheld_;
  bool zkept_ = false;
  Vec<S> zwgy_, zwgs_;  // Y'ZZ'g, S'ZZ'g by ring column, for the gradient of the last update
  bool zwg_valid_ = false;
  Index entering_ = 0, leaving_ = 0;  // find_changes' counts
  // Scratch: the rows entering the free set (from the front) and leaving it (from the back), or
  // the rows of the smaller set when the sums are formed anew from a list.
  std::vector<Index> changed_;
  Mat<S> zall_;                          // 2m x 2m: [Y S]'ZZ'[Y S], lower triangle
  static constexpr Index kChunk = 1024;  // rows per chunk of factor_reduced's sums
  Mat<S> chunk_;                         // kChunk x 2m: a chunk's rows of Y and S
  // The ring sweeps cut the rows into blocks of kSweepBlock whatever the thread count.
  static constexpr Index kSweepBlock = 16384;
  static Index sweep_blocks(Index n) {
    return std::max<Index>(1, (n + kSweepBlock - 1) / kSweepBlock);
  }
  static constexpr Index kGroups = 8;
  static constexpr Index kSums = 14;  // sums per ring column and block (pair and free products)
  Mat<S> block_sums_;                 // kSums m x blocks: each block's products by ring column
  Mat<S> reduced_sums_;               // each block's sums of the reduced sweep (free_sums_anew)
  struct ReducedScratch {
    Mat<S> rows;  // kChunk x 2m: gathered rows of [Y S]
    Mat<S> sums;  // 2m x 2m: the block's outer products
  };
  std::vector<ReducedScratch> scratch_;
  // One block of the reduced sweep into its column of reduced_sums_ (each block writes only its
  // own column, so blocks may run concurrently): the outer products of its free rows, or of its
  // active rows when !sum_free.
  void reduced_block(Index block, const char* held, bool sum_free, ReducedScratch& w);
  // Outer products of `count` listed rows of [Y S] added into zall_ (lower triangle) with sign
  // `alpha`, a chunk of rows at a time.
  void add_row_products(const Index* rows, Index count, S alpha);
  Vec<S> t1_, t2_, t3_;  // scratch of length m
  // w_times' terms: the ring columns (Y's, then S's, by ring column) and their coefficients.
  std::vector<const S*> w_cols_;
  Vec<S> w_coef_;
};

}  // namespace optim
