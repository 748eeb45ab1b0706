#pragma once
// Learning-rate schedules, composable with any update rule. A schedule maps the update count k
// (0-based) and the rule's base rate eta_0 to the rate used for update k; stateful ones
// (reduce-on-plateau) also observe the objective after each update. A schedule object is a
// prototype: the loop clones it per run.
#include <memory>
#include <string>

#include "optim/params.hpp"
#include "optim/types.hpp"

namespace optim {

class StateWriter;  // optim/checkpoint/state_archive.hpp
class StateReader;

class Schedule {
 public:
  virtual ~Schedule() = default;
  virtual std::string name() const = 0;
  virtual std::unique_ptr<Schedule> clone() const = 0;
  virtual double rate(Index k, double eta0) = 0;
  virtual void observe(double /*f*/) {}
  // Checkpoints: schedules that are functions of k alone have nothing to save (the loop saves k);
  // stateful ones (reduce-on-plateau) override both.
  virtual void save_state(StateWriter& /*w*/) const {}
  virtual void load_state(StateReader& /*r*/) {}
};

class ConstantSchedule final : public Schedule {
 public:
  std::string name() const override { return "constant"; }
  std::unique_ptr<Schedule> clone() const override { return std::make_unique<ConstantSchedule>(); }
  double rate(Index, double eta0) override { return eta0; }
};

// Builds a schedule from hyperparameters: key "schedule" names it (default "constant"); the
// remaining keys are the schedule's own (see schedule_params()).
std::unique_ptr<Schedule> make_schedule(const ParamSet& params);
std::vector<HyperParam> schedule_params();

}  // namespace optim
