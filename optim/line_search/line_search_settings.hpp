#pragma once
// A line search as a typed setting of the methods that use one (Newton, CG, BFGS, L-BFGS,
// Gauss-Newton): which search, and the settings of each (every one reachable by name). By name:
//   line_search   more_thuente (alias wolfe) | armijo | exact | none (Newton only: full step)
//   c1            sufficient-decrease constant of Armijo and More-Thuente (N&W eq. 3.4)
//   c2            curvature constant of More-Thuente (strong Wolfe, N&W eq. 3.7b)
//   armijo_*      ArmijoParams' other fields  (armijo_max_evals, armijo_shrink_lo, ...)
//   mt_*          MoreThuenteParams' other fields (mt_max_evals, mt_xtol, mt_alpha_max, ...)
//   exact_*       ExactParams' fields (exact_max_brent, exact_bits, ...)
// A user's own search is passed to the method's constructor as an object instead.
#include <memory>

#include "optim/line_search/armijo.hpp"
#include "optim/line_search/exact.hpp"
#include "optim/line_search/line_search.hpp"
#include "optim/line_search/more_thuente.hpp"
#include "optim/settings/field_table.hpp"

namespace optim {

enum class LineSearchKind { MoreThuente, Armijo, Exact, None };

struct LineSearchSettings {
  LineSearchKind kind = LineSearchKind::MoreThuente;
  ArmijoParams armijo{};
  MoreThuenteParams more_thuente{};
  ExactParams exact{};
  // c1 by name sets both searches' c1; the chosen one's is the one that counts.
  double c1() const { return kind == LineSearchKind::Armijo ? armijo.c1 : more_thuente.c1; }
};

// The table of a method's line search; `allow_none`: the method can take full steps.
settings::FieldTable<LineSearchSettings> line_search_fields(bool allow_none);

// The chosen search (validated), or null for LineSearchKind::None.
template <class S>
std::unique_ptr<LineSearch<S>> make_line_search(const LineSearchSettings& s);

}  // namespace optim
