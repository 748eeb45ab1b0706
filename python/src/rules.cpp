// optim._Optimizer: torch.optim's shape (a list of parameter arrays updated in place by
// step(grads)) over the library's update rules, one Stepper (optim/first_order/stepper.hpp) per
// array. The rule's settings come as library field names and are read by the rule's own field
// table; the Python classes (python/optim/_rules.py) map torch's names onto them.
//
// Two torch conventions the rules do not have themselves, applied here:
//  - weight_decay of SGD, Adagrad, RMSprop and Adam is an L2 term added to the gradient,
//    g <- g + wd p (torch.optim's "coupled" decay); AdamW's is the library's DecoupledDecay;
//  - torch's Nesterov SGD keeps the look-ahead point p = W + mu v as the parameter (README of
//    /work/shared/data/reference): the slot keeps W and writes p = gradient_point(W) back, so the
//    user's gradients are taken at p as with torch.
#include <cmath>
#include <memory>
#include <vector>

#include "common.hpp"
#include "optim/checkpoint/state_archive.hpp"
#include "optim/first_order/adagrad.hpp"
#include "optim/first_order/adam.hpp"
#include "optim/first_order/decoupled_decay.hpp"
#include "optim/first_order/gradient_descent.hpp"
#include "optim/first_order/momentum.hpp"
#include "optim/first_order/nesterov.hpp"
#include "optim/first_order/rmsprop.hpp"
#include "optim/first_order/rprop.hpp"
#include "optim/first_order/stepper.hpp"
#include "optim/settings/field_table.hpp"

namespace optim::python {

namespace {

template <class P>
std::vector<HyperParam> with(std::vector<HyperParam> out, const settings::FieldTable<P>& t) {
  for (auto& h : t.describe()) out.push_back(std::move(h));
  return out;
}

// The settings of rule `name`, from its field tables.
std::vector<HyperParam> rule_params(const std::string& name) {
  if (name == "gd") return with({}, gradient_descent_fields());
  if (name == "momentum") return with({}, momentum_fields());
  if (name == "nesterov") return with({}, nesterov_fields());
  if (name == "adagrad") return with({}, adagrad_fields());
  if (name == "rmsprop") return with({}, rmsprop_fields());
  if (name == "adam") return with({}, adam_fields());
  if (name == "adamw") return with(with({}, adam_fields()), decoupled_decay_fields());
  if (name == "rprop") return with({}, rprop_fields());
  throw py::value_error("unknown update rule '" + name + "'");
}

template <class S>
std::shared_ptr<const UpdateRule<S>> make_rule(const std::string& name, const ParamSet& p) {
  p.check_known("rule " + name, rule_params(name));
  if (name == "gd") return std::make_shared<GradientDescent<S>>(gradient_descent_fields().read(p));
  if (name == "momentum") return std::make_shared<Momentum<S>>(momentum_fields().read(p));
  if (name == "nesterov") return std::make_shared<Nesterov<S>>(nesterov_fields().read(p));
  if (name == "adagrad") return std::make_shared<Adagrad<S>>(adagrad_fields().read(p));
  if (name == "rmsprop") return std::make_shared<Rmsprop<S>>(rmsprop_fields().read(p));
  if (name == "adam") return std::make_shared<Adam<S>>(adam_fields().read(p));
  if (name == "adamw") {
    return std::make_shared<DecoupledDecay<S>>(std::make_shared<Adam<S>>(adam_fields().read(p)),
                                               decoupled_decay_fields().read(p));
  }
  return std::make_shared<Rprop<S>>(rprop_fields().read(p));
}

class Slot {
 public:
  virtual ~Slot() = default;
  virtual void step(py::handle grad) = 0;
  // The rule's state (RuleState::archive, the checkpoints' format) as bytes, and back.
  virtual py::bytes save() = 0;
  virtual void load(const std::string& bytes) = 0;
  virtual void set_lr(double lr) = 0;
};

template <class S>
class TypedSlot final : public Slot {
 public:
  TypedSlot(py::array_t<S> array, std::shared_ptr<const UpdateRule<S>> rule, double weight_decay,
            bool lookahead)
      : array_(std::move(array)),
        n_(static_cast<Index>(array_.size())),
        stepper_(std::move(rule), n_),
        x_(n_),
        g_(n_),
        wd_(static_cast<S>(weight_decay)),
        lookahead_(lookahead) {
    std::copy(array_.data(), array_.data() + n_, x_.data());
  }

  py::bytes save() override {
    StateWriter w;
    StateArchive a(w);
    stepper_.state().archive(a);
    if (!a.supported())
      throw py::value_error("rule " + stepper_.rule().name() + " has no saved state");
    // Nesterov's own point W (the array holds the look-ahead point W + mu v).
    if (lookahead_) w.put_vec("point", x_);
    return py::bytes(reinterpret_cast<const char*>(w.bytes().data()), w.bytes().size());
  }

  void load(const std::string& bytes) override {
    StateReader r(bytes);
    StateArchive a(r);
    stepper_.state().archive(a);
    if (lookahead_) r.get_vec("point", x_);
  }

  void set_lr(double lr) override { stepper_.set_base_lr(lr); }

  void step(py::handle grad) override {
    auto g = py::array_t<S, py::array::c_style | py::array::forcecast>::ensure(grad);
    if (!g || g.size() != n_) {
      throw py::value_error("a gradient has " + std::to_string(g ? g.size() : 0) +
                            " entries, its parameter " + std::to_string(n_));
    }
    S* p = array_.mutable_data();
    // The parameter as the user holds it: the point of the last step, unless changed since.
    if (!lookahead_) std::copy(p, p + n_, x_.data());
    const S* gd = g.data();
    for (Index i = 0; i < n_; ++i) g_[i] = wd_ == S(0) ? gd[i] : gd[i] + wd_ * p[i];
    stepper_.step(x_, g_);
    const Vec<S>& out = lookahead_ ? stepper_.gradient_point(x_) : x_;
    std::copy(out.data(), out.data() + n_, p);
  }

 private:
  py::array_t<S> array_;
  Index n_;
  Stepper<S> stepper_;
  Vec<S> x_, g_;  // sized once
  S wd_;
  bool lookahead_;
};

template <class S>
py::array_t<S> writable(py::handle h, size_t k) {
  auto a = py::reinterpret_borrow<py::array>(h);
  if (!(a.flags() & py::array::c_style) || !a.writeable()) {
    throw py::value_error("params[" + std::to_string(k) +
                          "] must be a writeable C-contiguous array (it is updated in place)");
  }
  return py::reinterpret_borrow<py::array_t<S>>(h);
}

class Optimizer {
 public:
  Optimizer(const std::string& rule, const py::dict& settings, double weight_decay,
            const py::list& params)
      : rule_(rule) {
    const auto known = rule_params(rule);
    ParamSet p;
    for (auto [k, v] : settings) {
      const auto key = k.cast<std::string>();
      const HyperParam* h = nullptr;
      for (const auto& hp : known) h = hp.name == key ? &hp : h;
      if (h == nullptr) {
        p.set(key, "");  // check_known in make_rule names it with the known ones
        continue;
      }
      p.set(key, option_text(key, h->type, v));
    }
    if (!(weight_decay >= 0) || !std::isfinite(weight_decay)) {
      throw py::value_error("invalid weight_decay = " + settings::real_text(weight_decay) +
                            ": must be >= 0 and finite");
    }
    const auto rule64 = make_rule<double>(rule, p);
    std::shared_ptr<const UpdateRule<float>> rule32;
    const bool lookahead = rule == "nesterov";
    for (size_t k = 0; k < params.size(); ++k) {
      py::handle a = params[k];
      if (!py::isinstance<py::array>(a)) {
        throw py::value_error("params[" + std::to_string(k) + "] must be a NumPy array");
      }
      const auto dtype = py::reinterpret_borrow<py::array>(a).dtype();
      if (dtype.is(py::dtype::of<double>()) || dtype.equal(py::dtype::of<double>())) {
        slots_.push_back(std::make_unique<TypedSlot<double>>(writable<double>(a, k), rule64,
                                                             weight_decay, lookahead));
      } else if (dtype.equal(py::dtype::of<float>())) {
        if (!rule32) rule32 = make_rule<float>(rule, p);
        slots_.push_back(std::make_unique<TypedSlot<float>>(writable<float>(a, k), rule32,
                                                            weight_decay, lookahead));
      } else {
        throw py::value_error("params[" + std::to_string(k) + "] must be float32 or float64, got " +
                              py::repr(dtype).cast<std::string>());
      }
    }
  }

  void step(const py::sequence& grads) {
    if (grads.size() != slots_.size()) {
      throw py::value_error("step got " + std::to_string(grads.size()) + " gradients for " +
                            std::to_string(slots_.size()) + " parameters");
    }
    for (size_t k = 0; k < slots_.size(); ++k) slots_[k]->step(grads[k]);
    ++steps_;
  }
  long steps() const { return steps_; }

  // A new base learning rate for the next steps (every parameter's), as torch's
  // param_groups[g]["lr"]; the Python side refuses it for the rules whose past steps it would
  // rescale differently from torch.
  void set_lr(double lr) {
    if (!(lr > 0) || !std::isfinite(lr)) {
      throw py::value_error("invalid lr = " + settings::real_text(lr) + ": must be > 0 and finite");
    }
    for (auto& s : slots_) s->set_lr(lr);
  }

  py::dict state_dict() const {
    py::list states;
    for (const auto& s : slots_) states.append(s->save());
    py::dict d;
    d["rule"] = rule_;
    d["steps"] = steps_;
    d["state"] = states;
    return d;
  }

  void load_state_dict(const py::dict& d) {
    if (d["rule"].cast<std::string>() != rule_) {
      throw py::value_error("state of rule '" + d["rule"].cast<std::string>() + "', this is '" +
                            rule_ + "'");
    }
    const auto states = d["state"].cast<py::list>();
    if (states.size() != slots_.size()) {
      throw py::value_error("state for " + std::to_string(states.size()) +
                            " parameters, this has " + std::to_string(slots_.size()));
    }
    for (size_t k = 0; k < slots_.size(); ++k) slots_[k]->load(states[k].cast<std::string>());
    steps_ = d["steps"].cast<long>();
  }

 private:
  std::string rule_;
  std::vector<std::unique_ptr<Slot>> slots_;
  long steps_ = 0;
};

py::list describe_rule(const std::string& name) {
  py::list out;
  for (const auto& h : rule_params(name)) {
    py::dict d;
    d["name"] = h.name;
    d["default"] = h.default_value;
    d["help"] = h.help;
    d["type"] = h.type;
    d["allowed"] = h.allowed;
    out.append(d);
  }
  return out;
}

}  // namespace

void add_rules(py::module_& m) {
  py::class_<Optimizer>(m, "_Optimizer")
      .def(py::init<const std::string&, const py::dict&, double, const py::list&>())
      .def("step", &Optimizer::step)
      .def_property_readonly("steps", &Optimizer::steps)
      .def("set_lr", &Optimizer::set_lr)
      .def("state_dict", &Optimizer::state_dict)
      .def("load_state_dict", &Optimizer::load_state_dict);
  m.def("_rule_params", &describe_rule);
}

}  // namespace optim::python
