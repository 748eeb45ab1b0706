#pragma once
// A schedule for the momentum coefficient mu_k of momentum and Nesterov (seed 003 writes the
// coefficient as mu_k: it may vary with the iteration k = 0, 1, ... of the update rule):
//   constant   mu_k = mu                                     (the default; today's iterates)
//   sutskever  mu_k = min(1 - 2^(-1 - log2(floor(k/P) + 1)), mu)
//                   = min(1 - 1/(2 (floor(k/P) + 1)), mu)    (Sutskever, Martens, Dahl & Hinton
//              2013, "On the importance of initialization and momentum in deep learning", sec.
//              3.2, with P = 250 and mu_max = mu: 0.5, 0.75, 0.833, ... capped at mu)
//   linear     mu_k = mu_0 + (mu - mu_0) min(k / K, 1)       (a ramp from mu_0 to mu in K updates)
// where mu is the rule's `momentum` setting (the largest value a schedule reaches). k counts the
// rule's updates (one per minibatch), like the step-size schedules.
#include <cstdint>

#include "optim/settings/field_table.hpp"
#include "optim/types.hpp"

namespace optim {

enum class MomentumScheduleKind { Constant, Sutskever, Linear };

struct MomentumSchedule {
  MomentumScheduleKind kind = MomentumScheduleKind::Constant;
  double start = 0.5;  // mu_0 of the linear ramp, in [0, 1)
  Index period = 250;  // P of Sutskever et al.'s schedule (updates per step up)
  Index ramp = 1000;   // K of the linear ramp (updates)
  bool constant() const { return kind == MomentumScheduleKind::Constant; }
};

// Fields momentum_schedule, momentum_start, momentum_period, momentum_ramp (embedded in the tables
// of momentum and nesterov).
const settings::FieldTable<MomentumSchedule>& momentum_schedule_fields();

// mu_k for the rule's momentum setting `mu` at update k >= 0.
double momentum_at(const MomentumSchedule& s, double mu, std::int64_t k);

}  // namespace optim
