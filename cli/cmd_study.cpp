// `optim study`: the step-size studies of seed 004_8575ef13f3bfe434.txt sections 4.3-4.8 and 6.
#include <map>
#include <memory>

#include "command.hpp"
#include "study_commands.hpp"

namespace optim::cli {
namespace {

const Registrar reg(
    "study",
    "step-size regimes, decoupled descents, minibatch noise, optimizer behaviours, vanishing "
    "gradients, batch size, depth, saddles (seeds 000, 001, 003, 004)",
    [](CLI::App& app) -> Action {
      app.require_subcommand(1);
      auto actions = std::make_shared<std::map<CLI::App*, Action>>();
      auto add = [&](const char* name, const char* help, Action (*setup)(CLI::App&)) {
        CLI::App* sub = app.add_subcommand(name, help);
        (*actions)[sub] = setup(*sub);
      };
      add("step-size", "sweep eta/eta_opt on a quadratic and classify each GD run",
          &setup_study_step_size);
      add("decoupled", "one eta on a 2-D quadratic with a11 != a22 (seed 004 4.8), then methods",
          &setup_study_decoupled);
      add("minibatch", "minibatch-gradient variance vs batch size; SGD noise ball vs Robbins-Monro",
          &setup_study_minibatch);
      add("behaviours",
          "the seeds' claims about momentum, Nesterov, AdaGrad/RMSProp and Newton, measured",
          &setup_study_behaviours);
      add("perceptron",
          "the perceptron rule against backpropagation on separable and non-separable data",
          &setup_study_perceptron);
      add("vanishing-gradients",
          "per-layer gradient sizes and dead units of deep sigmoid, tanh and ReLU networks",
          &setup_study_vanishing);
      add("batch-size",
          "final loss, its spread between runs and the cost to a target loss against batch size",
          &setup_study_batch_size);
      add("depth", "test accuracy against depth at a fixed parameter budget on the spirals",
          &setup_study_depth);
      add("saddles",
          "critical points of an MLP loss: index against loss; a Wigner spectrum and the "
          "semicircle",
          &setup_study_saddles);
      return [actions]() -> int {
        for (auto& [sub, action] : *actions) {
          if (sub->parsed()) return action();
        }
        return 2;
      };
    });

}  // namespace
}  // namespace optim::cli
