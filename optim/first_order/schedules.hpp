#pragma once
// The learning-rate schedules beyond the constant one (all composable with any update rule; see
// schedule.hpp). k is the 0-based update count and eta0 the rule's base rate.
#include <optional>

#include "optim/first_order/schedule.hpp"

namespace optim {

// The seeds' "simulated annealing" blend (seed 000 Prop. 3.2, seed 002 "SGD with Simulated
// Annealing"): eta_k = (1 - k/tau) eta_0 + (k/tau) eta_tau for k <= tau, held at eta_tau after.
// Without an explicit eta_tau it is eta_0 / 100.
class LinearSchedule final : public Schedule {
 public:
  LinearSchedule(Index tau, std::optional<double> lr_final = std::nullopt);
  std::string name() const override { return "linear"; }
  std::unique_ptr<Schedule> clone() const override;
  double rate(Index k, double eta0) override;

 private:
  Index tau_;
  std::optional<double> lr_final_;
};

// Quadratic decay (seed 004 sec. 4.7: "linear, quadratic, or exponential decay"): from eta_0 down
// to eta_tau along a parabola that flattens as it arrives, eta_k = eta_tau + (eta_0 - eta_tau)
// (1 - k/tau)^2 for k <= tau, held at eta_tau after (eta_0 / 100 without an explicit eta_tau).
class QuadraticSchedule final : public Schedule {
 public:
  QuadraticSchedule(Index tau, std::optional<double> lr_final = std::nullopt);
  std::string name() const override { return "quadratic"; }
  std::unique_ptr<Schedule> clone() const override;
  double rate(Index k, double eta0) override;

 private:
  Index tau_;
  std::optional<double> lr_final_;
};

// Step decay (seed 004 sec. 6.4: "reduce the learning rate by a fixed factor"):
// eta_k = eta_0 gamma^floor(k / step_every).
class StepDecaySchedule final : public Schedule {
 public:
  StepDecaySchedule(Index step_every, double gamma);
  std::string name() const override { return "step"; }
  std::unique_ptr<Schedule> clone() const override;
  double rate(Index k, double eta0) override;

 private:
  Index every_;
  double gamma_;
};

// Exponential decay (seed 004 sec. 4.7, seed 001 "Learning Rate Scheduling"): eta_k = eta_0
// gamma^k.
class ExponentialSchedule final : public Schedule {
 public:
  explicit ExponentialSchedule(double gamma);
  std::string name() const override { return "exponential"; }
  std::unique_ptr<Schedule> clone() const override;
  double rate(Index k, double eta0) override;

 private:
  double gamma_;
};

// Inverse-time decay eta_k = eta_0 / (1 + k/t0)^power. For power in (1/2, 1] it meets the
// Robbins-Monro conditions of stochastic approximation (Robbins & Monro 1951):
// sum_k eta_k = infinity and sum_k eta_k^2 < infinity; other powers are rejected.
class InverseTimeSchedule final : public Schedule {
 public:
  InverseTimeSchedule(double t0, double power = 1.0);
  std::string name() const override { return "inverse_time"; }
  std::unique_ptr<Schedule> clone() const override;
  double rate(Index k, double eta0) override;

 private:
  double t0_;
  double power_;
};

// Cosine annealing with warm restarts, SGDR (Loshchilov & Hutter 2017; seed 001 "Cosine
// Annealing ... warm restart"): within period i of length T_i = T_0 T_mult^i,
// eta = eta_min + (eta_0 - eta_min) (1 + cos(pi T_cur / T_i)) / 2, T_cur = updates since the
// last restart; at T_cur = T_i the rate jumps back to eta_0.
class CosineRestartsSchedule final : public Schedule {
 public:
  CosineRestartsSchedule(Index period, Index period_mult = 1, double lr_min = 0.0);
  std::string name() const override { return "cosine_restarts"; }
  std::unique_ptr<Schedule> clone() const override;
  double rate(Index k, double eta0) override;

 private:
  Index period_;
  Index mult_;
  double lr_min_;
};

// Reduce on plateau (seed 004 sec. 6.4: "fix the learning rate until the error plateaus, then
// reduce it by a fixed factor"): after each update the loop reports f; when f has not improved on
// the best value by more than threshold * |best| for more than `patience` consecutive updates
// (the key plateau_patience), eta <- max(factor * eta, lr_min) and the count restarts. In minibatch
// mode f is the batch estimate, so a larger patience suits it.
class ReduceOnPlateauSchedule final : public Schedule {
 public:
  ReduceOnPlateauSchedule(double factor = 0.1, Index patience = 10, double threshold = 1e-4,
                          double lr_min = 0.0);
  std::string name() const override { return "plateau"; }
  std::unique_ptr<Schedule> clone() const override;
  double rate(Index k, double eta0) override;
  void observe(double f) override;
  void archive(StateArchive& a) override;

 private:
  double factor_;
  Index patience_;
  double threshold_;
  double lr_min_;
  double scale_ = 1.0;  // product of the reductions so far (eta = scale * eta0, floored at lr_min)
  double best_;
  Index bad_ = 0;
};

}  // namespace optim
