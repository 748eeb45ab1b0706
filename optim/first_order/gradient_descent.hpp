#pragma once
// Plain gradient descent, w <- w - eta grad E(w) (seed 003 eq. (1); seed 004 section 4).
#include "optim/first_order/update_rule.hpp"
#include "optim/settings/field_table.hpp"

namespace optim {

struct GradientDescentParams {
  double lr = 0.01;
  void validate() const;
};

// The one description of every field: name, range, help (validate() checks it).
const settings::FieldTable<GradientDescentParams>& gradient_descent_fields();

template <class S>
class GradientDescent final : public UpdateRule<S> {
 public:
  explicit GradientDescent(GradientDescentParams p = {});
  std::string name() const override { return "gd"; }
  double lr() const override { return p_.lr; }
  std::unique_ptr<RuleState<S>> start(Index n) const override;

 private:
  GradientDescentParams p_;
};

}  // namespace optim
