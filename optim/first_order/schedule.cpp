#include "optim/first_order/schedule.hpp"

#include <algorithm>
#include <charconv>
#include <stdexcept>

#include "optim/first_order/schedule_table.hpp"
#include "optim/first_order/schedules.hpp"
#include "optim/first_order/warmup_schedule.hpp"

namespace optim {
namespace {

std::string known_names() {
  std::string s;
  for (const auto& e : all_schedules()) s += (s.empty() ? "" : ", ") + std::string(e.name);
  return s;
}

// A key read by other schedules only is an error, not silently ignored; so is a warmup given
// both in the chain and as its own key with another value.
void check_schedule_keys(const ParamSet& params) {
  const ScheduleChain chain = parse_schedule_chain(params.get_string("schedule", "constant"));
  const std::string& name = chain.name;
  if (chain.warmup > 0 && params.has("warmup") &&
      params.get_int("warmup", chain.warmup) != chain.warmup) {
    const std::string given = params.get_string("warmup", "");
    throw InvalidValue("warmup", given,
                       "disagrees with schedule '" + params.get_string("schedule", "") + "'",
                       "warmup = " + given + " disagrees with schedule = '" +
                           params.get_string("schedule", "") + "': give the warmup once");
  }
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
}

[[noreturn]] void throw_bad_chain(const std::string& text, const std::string& why) {
  const std::string problem = why + " (a chain is warmup:N,NAME with N >= 1 warmup updates)";
  throw InvalidValue("schedule", text, problem, "invalid schedule = '" + text + "': " + problem);
}

}  // namespace

ScheduleChain parse_schedule_chain(const std::string& text) {
  static const std::string prefix = "warmup:";
  if (text.rfind(prefix, 0) != 0) return {0, text};
  const std::size_t comma = text.find(',');
  const std::string count = text.substr(
      prefix.size(), comma == std::string::npos ? std::string::npos : comma - prefix.size());
  long n = 0;
  const auto [end, err] = std::from_chars(count.data(), count.data() + count.size(), n);
  if (count.empty() || err != std::errc() || end != count.data() + count.size() || n < 1) {
    throw_bad_chain(text, "the warmup length '" + count + "' is not a whole number >= 1");
  }
  ScheduleChain chain{n, comma == std::string::npos ? "constant" : text.substr(comma + 1)};
  if (chain.name.empty()) throw_bad_chain(text, "no schedule after the warmup");
  if (chain.name.rfind(prefix, 0) == 0 || chain.name.find(',') != std::string::npos) {
    throw_bad_chain(text, "only one warmup and one schedule can be chained");
  }
  return chain;
}

// Which keys each schedule reads.
const std::vector<ScheduleInfo>& all_schedules() {
  static const std::vector<ScheduleInfo> table = {
      {"constant", "eta_k = eta_0", {}},
      {"linear",
       "eta_k = (1 - k/tau) eta_0 + (k/tau) eta_tau, held after tau (seed 000 Prop. 3.2)",
       {"tau", "lr_final"}},
      {"quadratic",
       "eta_k = eta_tau + (eta_0 - eta_tau)(1 - k/tau)^2, held after tau (seed 004 sec. 4.7)",
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

const settings::FieldTable<ScheduleSettings>& schedule_fields() {
  using namespace settings;
  using S = ScheduleSettings;
  static const FieldTable<S> table = [] {
    FieldTable<S> t;
    t.fields = {
        choice("schedule", &S::schedule,
               {{"constant", ScheduleKind::Constant},
                {"linear", ScheduleKind::Linear},
                {"quadratic", ScheduleKind::Quadratic},
                {"step", ScheduleKind::Step},
                {"exponential", ScheduleKind::Exponential},
                {"inverse_time", ScheduleKind::InverseTime},
                {"cosine_restarts", ScheduleKind::CosineRestarts},
                {"plateau", ScheduleKind::Plateau}},
               "learning-rate schedule (`optim list schedules`)"),
        integer("tau", &S::tau, "linear/quadratic: updates over which eta goes from lr to lr_final",
                Range::at_least(1), "updates"),
        real("lr_final", &S::lr_final, "linear/quadratic: final rate eta_tau, held after tau",
             Range::finite_at_least(0).or_value(-1, "lr / 100")),
        integer("step_every", &S::step_every, "step: updates between decays", Range::at_least(1),
                "updates"),
        real("gamma", &S::gamma, "step/exponential: decay factor",
             Range::left_open(0, 1).or_value(0, "0.5 for step, 0.99 for exponential")),
        real("t0", &S::t0, "inverse_time: eta_0 / (1 + k/t0)^power", Range::positive(), "updates"),
        real("power", &S::power, "inverse_time: power",
             Range::left_open(0.5, 1).because("Robbins-Monro: sum eta = inf and sum eta^2 < inf")),
        integer("restart_period", &S::restart_period, "cosine_restarts: first period T_0",
                Range::at_least(1), "updates"),
        integer("restart_mult", &S::restart_mult, "cosine_restarts: period growth T_mult",
                Range::at_least(1)),
        real("lr_min", &S::lr_min, "cosine_restarts / plateau: lowest rate", Range::at_least(0)),
        real("factor", &S::factor, "plateau: reduction factor", Range::open_unit()),
        // Counts updates; named apart from the trainer's --patience, which counts epochs.
        integer("plateau_patience", &S::plateau_patience,
                "plateau: updates without improvement before a reduction", Range::at_least(0),
                "updates"),
        real("threshold", &S::threshold, "plateau: relative improvement that counts",
             Range::at_least(0)),
        integer("warmup", &S::warmup,
                "any schedule: lr (k+1)/warmup for the first `warmup` updates, then the schedule "
                "from its start (0: none; also --schedule warmup:N,NAME)",
                Range::at_least(0), "updates"),
    };
    // The key `schedule` takes a chain "warmup:N,NAME" as well as a NAME: the chain's warmup goes
    // to the member warmup (whose own key, read after, must agree: check_schedule_keys), the name
    // to the choice.
    Field<S>& kind = t.fields.front();
    kind.read = [name_only = kind.read](S& s, const ParamSet& p) {
      if (!p.has("schedule")) return;
      const ScheduleChain chain = parse_schedule_chain(p.get_string("schedule", ""));
      ParamSet plain;
      plain.set("schedule", chain.name);
      name_only(s, plain);
      if (chain.warmup > 0) s.warmup = chain.warmup;
    };
    t.key_rules = {&check_schedule_keys};
    return t;
  }();
  return table;
}

void ScheduleSettings::validate() const {
  schedule_fields().validate(*this);
}

std::vector<HyperParam> schedule_params() {
  return schedule_fields().describe();
}

namespace {
std::unique_ptr<Schedule> make_plain_schedule(const ScheduleSettings& s) {
  switch (s.schedule) {
    case ScheduleKind::Constant:
      return std::make_unique<ConstantSchedule>();
    case ScheduleKind::Linear:
      return std::make_unique<LinearSchedule>(
          s.tau, s.lr_final < 0 ? std::nullopt : std::optional<double>(s.lr_final));
    case ScheduleKind::Quadratic:
      return std::make_unique<QuadraticSchedule>(
          s.tau, s.lr_final < 0 ? std::nullopt : std::optional<double>(s.lr_final));
    case ScheduleKind::Step:
      return std::make_unique<StepDecaySchedule>(s.step_every, s.gamma == 0 ? 0.5 : s.gamma);
    case ScheduleKind::Exponential:
      return std::make_unique<ExponentialSchedule>(s.gamma == 0 ? 0.99 : s.gamma);
    case ScheduleKind::InverseTime:
      return std::make_unique<InverseTimeSchedule>(s.t0, s.power);
    case ScheduleKind::CosineRestarts:
      return std::make_unique<CosineRestartsSchedule>(s.restart_period, s.restart_mult, s.lr_min);
    case ScheduleKind::Plateau:
      return std::make_unique<ReduceOnPlateauSchedule>(s.factor, s.plateau_patience, s.threshold,
                                                       s.lr_min);
  }
  return std::make_unique<ConstantSchedule>();
}
}  // namespace

std::unique_ptr<Schedule> make_schedule(const ScheduleSettings& s) {
  s.validate();
  std::unique_ptr<Schedule> plain = make_plain_schedule(s);
  if (s.warmup == 0) return plain;  // no wrapper: the schedule (and its checkpoints) as before
  return std::make_unique<WarmupSchedule>(std::move(plain), static_cast<Index>(s.warmup));
}

std::unique_ptr<Schedule> make_schedule(const ParamSet& params) {
  return make_schedule(schedule_fields().read(params));
}

}  // namespace optim
