// Registry entries of the first-order family: every update rule x every schedule x batch mode.
#include <memory>

#include "optim/first_order/first_order.hpp"
#include "optim/first_order/gradient_descent.hpp"
#include "optim/registry.hpp"

namespace optim {
namespace {

std::vector<HyperParam> with_loop_params(std::vector<HyperParam> own) {
  own.push_back({"batch_size", "0", "samples per update: 0 full batch, 1 online, else minibatch"});
  own.push_back({"shuffle", "true", "reshuffle the sample order every epoch"});
  own.push_back({"seed", "42", "seed of the shuffling"});
  for (auto& p : schedule_params()) own.push_back(std::move(p));
  return own;
}

BatchOptions batch_options(const ParamSet& p) {
  BatchOptions b;
  b.batch_size = p.get_int("batch_size", 0);
  b.shuffle = p.get_bool("shuffle", true);
  b.seed = static_cast<std::uint64_t>(p.get_int("seed", 42));
  return b;
}

// Builds a FirstOrder method for both scalars from a function (ParamSet -> rule).
template <template <class> class Rule, class Params>
MethodInfo first_order_entry(std::string name, std::string summary, std::vector<HyperParam> own,
                             Params (*read)(const ParamSet&)) {
  MethodInfo info;
  info.name = std::move(name);
  info.family = "first-order";
  info.summary = std::move(summary);
  info.params = with_loop_params(std::move(own));
  info.make_float = [read](const ParamSet& p) -> std::unique_ptr<Method<float>> {
    return std::make_unique<FirstOrder<float>>(std::make_shared<Rule<float>>(read(p)),
                                               make_schedule(p), batch_options(p));
  };
  info.make_double = [read](const ParamSet& p) -> std::unique_ptr<Method<double>> {
    return std::make_unique<FirstOrder<double>>(std::make_shared<Rule<double>>(read(p)),
                                                make_schedule(p), batch_options(p));
  };
  return info;
}

GradientDescentParams read_gd(const ParamSet& p) {
  GradientDescentParams g;
  g.lr = p.get_double("lr", g.lr);
  return g;
}

}  // namespace

void add_first_order_methods(std::vector<MethodInfo>& out) {
  out.push_back(first_order_entry<GradientDescent>(
      "gd", "gradient descent w <- w - eta g (seed 003 eq. 1)",
      {{"lr", "0.01", "learning rate eta > 0"}}, &read_gd));
}

}  // namespace optim
