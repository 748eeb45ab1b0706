#pragma once
// Learning-rate schedules, composable with any update rule. A schedule maps the update count k
// (0-based) and the rule's base rate eta_0 to the rate used for update k; stateful ones
// (reduce-on-plateau) also observe the objective after each update. A schedule object is a
// prototype: the loop clones it per run.
#include <memory>
#include <string>

#include "optim/params.hpp"
#include "optim/settings/field_table.hpp"
#include "optim/types.hpp"

namespace optim {

class StateArchive;  // optim/checkpoint/state_archive.hpp

class Schedule {
 public:
  virtual ~Schedule() = default;
  virtual std::string name() const = 0;
  virtual std::unique_ptr<Schedule> clone() const = 0;
  virtual double rate(Index k, double eta0) = 0;
  virtual void observe(double /*f*/) {}
  // Checkpoints: schedules that are functions of k alone have nothing to save (the loop saves k);
  // stateful ones (reduce-on-plateau) list their fields (StateArchive).
  virtual void archive(StateArchive& /*a*/) {}
};

class ConstantSchedule final : public Schedule {
 public:
  std::string name() const override { return "constant"; }
  std::unique_ptr<Schedule> clone() const override { return std::make_unique<ConstantSchedule>(); }
  double rate(Index, double eta0) override { return eta0; }
};

enum class ScheduleKind {
  Constant,
  Linear,
  Quadratic,
  Step,
  Exponential,
  InverseTime,
  CosineRestarts,
  Plateau
};

// Every schedule's settings in one aggregate (each schedule reads its own few; schedule_table.hpp
// says which). Defaults live here only; schedule_fields() describes them.
struct ScheduleSettings {
  ScheduleKind schedule = ScheduleKind::Constant;
  long tau = 1000;        // linear / quadratic: updates of the decay, >= 1
  double lr_final = -1;   // linear / quadratic: eta_tau >= 0; -1: eta_0 / 100 (seed 000 Prop. 3.2)
  long step_every = 100;  // step: updates between decays, >= 1
  double gamma = 0;       // step/exponential decay in (0, 1]; 0: 0.5 for step, 0.99 exponential
  double t0 = 100;        // inverse_time, > 0
  double power = 1;       // inverse_time, in (0.5, 1]
  long restart_period = 100;   // cosine_restarts T_0, >= 1
  long restart_mult = 2;       // cosine_restarts T_mult, >= 1
  double lr_min = 0;           // cosine_restarts / plateau floor, >= 0
  double factor = 0.1;         // plateau reduction, in (0, 1)
  long plateau_patience = 10;  // plateau: updates without improvement, >= 0
  double threshold = 1e-4;     // plateau: relative improvement that counts, >= 0
  // Linear warmup before any of them (warmup_schedule.hpp): eta_k = eta_0 (k+1)/warmup for
  // k < warmup, then the schedule from its own update 0. 0: none. The key `schedule` also takes
  // the chain spelling "warmup:N,NAME" (N warmup updates, then NAME; "warmup:N" alone is
  // warmup then constant), read into these two members.
  long warmup = 0;
  void validate() const;
};

const settings::FieldTable<ScheduleSettings>& schedule_fields();

// The chain spelling of the key `schedule`: "warmup:N,NAME" or "warmup:N" -> {N, "NAME"} (NAME
// "constant" when left out); a plain name -> {0, name}. Throws InvalidValue on a malformed chain.
struct ScheduleChain {
  long warmup = 0;
  std::string name;
};
ScheduleChain parse_schedule_chain(const std::string& text);

// Builds the chosen schedule (validating the settings first), inside a WarmupSchedule when
// warmup > 0.
std::unique_ptr<Schedule> make_schedule(const ScheduleSettings& s);
// The same from hyperparameters: key "schedule" names it (default "constant"); the remaining
// keys are the schedule's own, and a key of another schedule is an error.
std::unique_ptr<Schedule> make_schedule(const ParamSet& params);
std::vector<HyperParam> schedule_params();

}  // namespace optim
