#pragma once
// Line searches are swappable policies (LBFGS++ style). A search looks along a descent direction d
// from the current iterate and either accepts a point or reports failure: failure is a result,
// never an exception, and the method decides what to do (reset, retry, give up with
// Status::LineSearchFailed).
#include <memory>
#include <string>

#include "optim/evaluator.hpp"
#include "optim/method.hpp"

namespace optim {

template <class S>
struct LineSearchResult {
  bool ok = false;
  S alpha = S(0);  // accepted step length (x_new = x + alpha d)
  Index evaluations = 0;
  std::string message;  // why it failed (empty on success)
};

template <class S>
class LineSearch {
 public:
  virtual ~LineSearch() = default;
  virtual std::string name() const = 0;
  // A fresh copy with its own scratch space; methods clone one per run in start().
  virtual std::unique_ptr<LineSearch<S>> clone() const = 0;
  // Sizes scratch buffers for dimension n (called once per run, before any search).
  virtual void resize(Index n) = 0;
  // Searches along d from `cur` (whose f and g are exact) starting with trial step alpha0. On
  // success `out` holds x + alpha d with its exact f and g. Requires g'd < 0 (else fails).
  LineSearchResult<S> search(Evaluator<S>& eval, const Iterate<S>& cur, const Vec<S>& d, S alpha0,
                             Iterate<S>& out) {
    return search_with_slope(eval, cur, d, cur.g.dot(d), alpha0, out);
  }
  // The same with the initial slope dphi0 = g'd supplied by a caller that computed it anyway
  // (L-BFGS gets it from its direction sweep), which saves one pass over g and d.
  virtual LineSearchResult<S> search_with_slope(Evaluator<S>& eval, const Iterate<S>& cur,
                                                const Vec<S>& d, S dphi0, S alpha0,
                                                Iterate<S>& out) = 0;
};

}  // namespace optim
