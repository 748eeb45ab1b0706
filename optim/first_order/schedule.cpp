#include "optim/first_order/schedule.hpp"

#include <algorithm>
#include <stdexcept>

#include "optim/first_order/schedule_table.hpp"
#include "optim/first_order/schedules.hpp"

namespace optim {
namespace {

std::string known_names() {
  std::string s;
  for (const auto& e : all_schedules()) s += (s.empty() ? "" : ", ") + std::string(e.name);
  return s;
}

}  // namespace

// Which keys each schedule reads: a key of another schedule is an error (make_schedule), not
// silently ignored.
const std::vector<ScheduleInfo>& all_schedules() {
  static const std::vector<ScheduleInfo> table = {
      {"constant", "eta_k = eta_0", {}},
      {"linear",
       "eta_k = (1 - k/tau) eta_0 + (k/tau) eta_tau, held after tau (seed 000 Prop. 3.2)",
       {"tau", "lr_final"}},
      {"step",
       "eta_k = eta_0 gamma^floor(k / step_every) (seed 004 sec. 6.4)",
       {"step_every", "gamma"}},
      {"exponential", "eta_k = eta_0 gamma^k (seed 004 sec. 4.7)", {"gamma"}},
      {"inverse_time",
       "eta_k = eta_0 / (1 + k/t0)^power (Robbins-Monro for power in (1/2, 1])",
       {"t0", "power"}},
      {"cosine_restarts",
       "SGDR: eta_min + (eta_0 - eta_min)(1 + cos(pi T_cur/T_i))/2, T_i = T_0 T_mult^i",
       {"restart_period", "restart_mult", "lr_min"}},
      {"plateau",
       "eta <- max(factor eta, lr_min) after `plateau_patience` updates without improvement",
       {"factor", "plateau_patience", "threshold", "lr_min"}},
  };
  return table;
}

std::vector<HyperParam> schedule_params() {
  return {
      {"schedule", "constant",
       "learning-rate schedule: constant, linear, step, exponential, inverse_time, "
       "cosine_restarts, plateau"},
      {"tau", "1000", "linear: updates over which eta blends from lr to lr_final (>= 1)"},
      {"lr_final", "lr/100", "linear: final rate eta_tau >= 0, held after tau"},
      {"step_every", "100", "step: updates between decays (>= 1)"},
      {"gamma", "0.5 (step), 0.99 (exponential)", "step/exponential: decay factor in (0, 1]"},
      {"t0", "100", "inverse_time: eta_0 / (1 + k/t0)^power, t0 > 0"},
      {"power", "1", "inverse_time: power in (0.5, 1] (Robbins-Monro)"},
      {"restart_period", "100", "cosine_restarts: first period T_0 in updates (>= 1)"},
      {"restart_mult", "2", "cosine_restarts: period growth T_mult (integer >= 1)"},
      {"lr_min", "0", "cosine_restarts / plateau: lowest rate >= 0"},
      {"factor", "0.1", "plateau: reduction factor in (0, 1)"},
      // Counts UPDATES; named apart from the trainer's --patience, which counts epochs.
      {"plateau_patience", "10", "plateau: updates without improvement before a reduction (>= 0)"},
      {"threshold", "1e-4", "plateau: relative improvement that counts, >= 0"},
  };
}

std::unique_ptr<Schedule> make_schedule(const ParamSet& params) {
  const std::string name = params.get_string("schedule", "constant");
  const auto& table = all_schedules();
  auto it = std::find_if(table.begin(), table.end(),
                         [&](const ScheduleInfo& e) { return name == e.name; });
  if (it == table.end()) {
    throw std::invalid_argument("unknown schedule '" + name + "' (known: " + known_names() + ")");
  }
  for (const auto& [key, value] : params.items()) {
    if (std::find(it->keys.begin(), it->keys.end(), key) != it->keys.end()) continue;
    std::string owners;  // the schedules that do read this key, if any
    for (const auto& other : table) {
      if (std::find(other.keys.begin(), other.keys.end(), key) != other.keys.end()) {
        owners += (owners.empty() ? "'" : ", '") + std::string(other.name) + "'";
      }
    }
    if (!owners.empty()) {
      throw std::invalid_argument("hyperparameter '" + key + "' belongs to schedule " + owners +
                                  ", not to schedule '" + name + "'");
    }
  }
  if (name == "linear") {
    std::optional<double> lr_final;
    if (params.has("lr_final")) lr_final = params.get_double("lr_final", 0.0);
    return std::make_unique<LinearSchedule>(params.get_int("tau", 1000), lr_final);
  }
  if (name == "step") {
    return std::make_unique<StepDecaySchedule>(params.get_int("step_every", 100),
                                               params.get_double("gamma", 0.5));
  }
  if (name == "exponential") {
    return std::make_unique<ExponentialSchedule>(params.get_double("gamma", 0.99));
  }
  if (name == "inverse_time") {
    return std::make_unique<InverseTimeSchedule>(params.get_double("t0", 100.0),
                                                 params.get_double("power", 1.0));
  }
  if (name == "cosine_restarts") {
    return std::make_unique<CosineRestartsSchedule>(params.get_int("restart_period", 100),
                                                    params.get_int("restart_mult", 2),
                                                    params.get_double("lr_min", 0.0));
  }
  if (name == "plateau") {
    return std::make_unique<ReduceOnPlateauSchedule>(
        params.get_double("factor", 0.1), params.get_int("plateau_patience", 10),
        params.get_double("threshold", 1e-4), params.get_double("lr_min", 0.0));
  }
  return std::make_unique<ConstantSchedule>();
}

}  // namespace optim
