#pragma once
// Shared helper of the update-rule tests: runs a rule's state directly (no driver) on the tiny
// problem f(w) = 1/2 (w1^2 + 4 w2^2), gradient (w1, 4 w2), from w0 = (1, -0.5), taking each
// gradient where the rule asks for it (Nesterov's look-ahead point).
#include <vector>

#include "optim/first_order/update_rule.hpp"

namespace optim::testing {

template <class S>
S tiny_value(const Vec<S>& w) {
  return S(0.5) * (w[0] * w[0] + S(4) * w[1] * w[1]);
}

template <class S>
void tiny_gradient(const Vec<S>& w, Vec<S>& g) {
  g[0] = w[0];
  g[1] = S(4) * w[1];
}

// Iterates w_1 .. w_steps of `rule` with a constant learning rate `lr`.
template <class S>
std::vector<Vec<S>> run_tiny(const UpdateRule<S>& rule, int steps, double lr) {
  Vec<S> w(2);
  w << S(1), S(-0.5);
  Vec<S> g(2);
  auto state = rule.start(2);
  std::vector<Vec<S>> out;
  for (int k = 0; k < steps; ++k) {
    const Vec<S>* at = state->gradient_point(w);
    tiny_gradient<S>(at != nullptr ? *at : w, g);
    state->update(w, g, tiny_value<S>(w), static_cast<S>(lr));
    out.push_back(w);
  }
  return out;
}

}  // namespace optim::testing
