// Registry entries of the root-finding family (systems r(x) = 0 with as many equations as
// unknowns), each described by the shared field table of root_finding.hpp.
#include <memory>

#include "optim/root_finding/broyden.hpp"
#include "optim/root_finding/newton_system.hpp"
#include "optim/settings/method_entry.hpp"

namespace optim {
namespace {

template <template <class> class M>
MethodInfo entry(std::string name, std::string summary) {
  using P = RootFindingParams;
  return settings::method_entry(
      std::move(name), "root-finding", std::move(summary), root_finding_fields(), P{},
      []<class S>(const P& p) -> std::unique_ptr<Method<S>> { return std::make_unique<M<S>>(p); });
}

}  // namespace

void add_root_finding_methods(std::vector<MethodInfo>& out) {
  out.push_back(entry<NewtonSystem>(
      "newton-system",
      "Newton for r(x) = 0, n equations in n unknowns: J d = -r with the exact Jacobian, "
      "backtracking on 1/2||r||^2 (N&W alg. 11.1; `optim solve --method newton`)"));
  out.push_back(entry<Broyden>(
      "broyden",
      "Broyden's good rank-one update B += (y - Bs)s'/s's of the Jacobian for r(x) = 0 (seed "
      "003; Broyden 1965), B0 = exact J, backtracking, restart from J on failure"));
}

}  // namespace optim
