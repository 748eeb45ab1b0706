#pragma once
// One description per setting. A settings struct (a method's hyperparameters, a line search's, a
// schedule's, the minibatch loop's) stays a plain aggregate with defaulted members; next to it
// one FieldTable lists each member once: its name, type, allowed range and help. Everything that
// used to restate a setting is derived from that table:
//   validate(s)     the range checks (std::invalid_argument / InvalidValue naming field, value,
//                   allowed range),
//   read(params)    a struct from key/value strings, starting from the struct's defaults,
//   describe(d)     the HyperParam entries of `optim list` and of the CLI's --KEY flags, with
//                   defaults printed FROM the struct's values (so they always read back to them),
//   signature(s)    "name=value ..." at full precision (checkpoints refuse another run's file).
// Strings exist only at this edge; the methods see typed values.
#include <functional>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "optim/params.hpp"

namespace optim::settings {

// The shortest decimal text that reads back to exactly v (std::to_chars), "inf"/"-inf"/"nan".
std::string real_text(double v);

// An allowed interval of a numeric setting, with the wording of the validation messages
// ("must be > 0 and finite", "must be in [0, 1)"). `also` admits one extra value outside the
// interval: the marker of a value derived from other settings (e.g. -1: lr / 100).
struct Range {
  double lo = -std::numeric_limits<double>::infinity();
  double hi = std::numeric_limits<double>::infinity();
  bool lo_closed = true, hi_closed = true;
  std::string text;  // empty: every value (NaN included) is accepted
  std::optional<double> also;

  bool contains(double v) const;
  static Range any() { return {}; }
  static Range positive();                       // (0, inf): "> 0 and finite"
  static Range greater(double lo);               // (lo, inf): "> lo"
  static Range at_least(double lo);              // [lo, inf]: ">= lo"
  static Range finite_at_least(double lo);       // [lo, inf): ">= lo and finite"
  static Range unit_interval();                  // [0, 1)
  static Range open_unit();                      // (0, 1)
  static Range closed(double lo, double hi);     // [lo, hi]
  static Range left_open(double lo, double hi);  // (lo, hi]
  // The same range plus one marker value: "... or -1 (lr / 100)".
  Range or_value(double v, const std::string& meaning) const;
  // Appends a reason to the message: "in (0.5, 1] (Robbins-Monro: ...)".
  Range because(const std::string& why) const;
};

enum class FieldType { Real, Integer, Boolean, Choice };
const char* to_string(FieldType t);

// One member of struct S, type-erased so that a table of mixed types is one vector.
template <class S>
struct Field {
  std::string name;
  FieldType type = FieldType::Real;
  std::string help;
  std::string allowed;                            // the range or the choices, for listings
  std::string unit;                               // "updates", "samples", ... (empty: none)
  std::function<std::string(const S&)> text;      // the value, reading back exactly
  std::function<void(S&, const ParamSet&)> read;  // parses `name` if the set has it
  std::function<void(const S&, const std::string&)> check;  // range; the string prefixes names
};

// Throws out of range: "invalid <prefix name> = <value>: must be <allowed>".
[[noreturn]] void throw_field(const std::string& prefix, const std::string& name, double value,
                              const std::string& allowed);
std::string field_label(const std::string& prefix, const std::string& name);

template <class S, class T>
Field<S> real(std::string name, T S::*member, std::string help, Range r = Range::any(),
              std::string unit = {}) {
  static_assert(std::is_floating_point_v<T>);
  Field<S> f{name, FieldType::Real, std::move(help), r.text, std::move(unit), {}, {}, {}};
  f.text = [member](const S& s) { return real_text(static_cast<double>(s.*member)); };
  f.read = [member, name](S& s, const ParamSet& p) {
    s.*member = static_cast<T>(p.get_double(name, static_cast<double>(s.*member)));
  };
  f.check = [member, name, r](const S& s, const std::string& prefix) {
    const double v = static_cast<double>(s.*member);
    if (!r.contains(v)) throw_field(prefix, name, v, r.text);
  };
  return f;
}

template <class S, class T>
Field<S> integer(std::string name, T S::*member, std::string help, Range r = Range::any(),
                 std::string unit = {}) {
  static_assert(std::is_integral_v<T>);
  Field<S> f{name, FieldType::Integer, std::move(help), r.text, std::move(unit), {}, {}, {}};
  f.text = [member](const S& s) { return std::to_string(s.*member); };
  f.read = [member, name, r](S& s, const ParamSet& p) {
    const long v = p.get_int(name, static_cast<long>(s.*member));
    // A value the member cannot hold is refused here, before it would wrap.
    using L = std::numeric_limits<T>;
    if (v < static_cast<long double>(L::min()) || v > static_cast<long double>(L::max())) {
      const std::string fits =
          v < 0 ? ">= " + std::to_string(L::min()) : "<= " + std::to_string(L::max());
      throw_field("", name, static_cast<double>(v),
                  r.contains(static_cast<double>(v)) ? fits : r.text);
    }
    s.*member = static_cast<T>(v);
  };
  f.check = [member, name, r](const S& s, const std::string& prefix) {
    const double v = static_cast<double>(s.*member);
    if (!r.contains(v)) throw_field(prefix, name, v, r.text);
  };
  return f;
}

template <class S>
Field<S> boolean(std::string name, bool S::*member, std::string help) {
  Field<S> f{name, FieldType::Boolean, std::move(help), "true | false", {}, {}, {}, {}};
  f.text = [member](const S& s) { return std::string(s.*member ? "true" : "false"); };
  f.read = [member, name](S& s, const ParamSet& p) { s.*member = p.get_bool(name, s.*member); };
  f.check = [](const S&, const std::string&) {};
  return f;
}

// An enumerated setting. The first name of each value is how it is printed; further names of the
// same value are accepted aliases ("wolfe" for more_thuente).
template <class S, class E>
Field<S> choice(std::string name, E S::*member, std::vector<std::pair<std::string, E>> options,
                std::string help) {
  std::string allowed;
  for (size_t i = 0; i < options.size(); ++i) {
    bool alias = false;
    for (size_t j = 0; j < i; ++j) alias = alias || options[j].second == options[i].second;
    if (!alias) allowed += (allowed.empty() ? "" : " | ") + options[i].first;
  }
  Field<S> f{name, FieldType::Choice, std::move(help), allowed, {}, {}, {}, {}};
  f.text = [member, options](const S& s) {
    for (const auto& [n, v] : options) {
      if (v == s.*member) return n;
    }
    return std::string("?");
  };
  f.read = [member, name, options, allowed](S& s, const ParamSet& p) {
    if (!p.has(name)) return;
    const std::string given = p.get_string(name, "");
    for (const auto& [n, v] : options) {
      if (n == given) {
        s.*member = v;
        return;
      }
    }
    throw InvalidValue(name, given, "must be one of " + allowed,
                       "invalid " + name + " = '" + given + "': must be one of " + allowed);
  };
  f.check = [](const S&, const std::string&) {};
  return f;
}

template <class S>
struct FieldTable {
  std::string owner;  // prefix of validation messages ("lbfgs" -> "invalid lbfgs m = 0"), or ""
  std::vector<Field<S>> fields;
  // Checks across fields ("c1 < c2"); each gets the owner prefix.
  std::vector<std::function<void(const S&, const std::string&)>> rules;
  // Checks on which keys were given (a key of another schedule is an error, not ignored).
  std::vector<std::function<void(const ParamSet&)>> key_rules;

  void validate(const S& s) const {
    for (const auto& f : fields) f.check(s, owner);
    for (const auto& r : rules) r(s, owner);
  }
  // The struct `start` (by default S{}) with every key of `p` that names a field parsed into it.
  // Keys that name no field are left alone (a method's ParamSet also holds its loop's keys; the
  // registry refuses unknown keys against describe()).
  S read(const ParamSet& p, S start = S{}) const {
    for (const auto& k : key_rules) k(p);
    for (const auto& f : fields) f.read(start, p);
    return start;
  }
  std::vector<HyperParam> describe(const S& defaults = S{}) const {
    std::vector<HyperParam> out;
    for (const auto& f : fields) {
      std::string help = f.help;
      if (!f.allowed.empty()) help += " (" + f.allowed + ")";
      if (!f.unit.empty()) help += " [" + f.unit + "]";
      out.push_back({f.name, f.text(defaults), help, to_string(f.type), f.allowed, f.unit});
    }
    return out;
  }
  std::string signature(const S& s) const {
    std::string out;
    for (const auto& f : fields) out += (out.empty() ? "" : " ") + f.name + "=" + f.text(s);
    return out;
  }
  const Field<S>* find(const std::string& name) const {
    for (const auto& f : fields) {
      if (f.name == name) return &f;
    }
    return nullptr;
  }

  // Appends the fields (and rules) of the member `member` of type I, described by `inner`, so
  // that a composite struct (a rule + its loop + its schedule) is one flat table.
  template <class I>
  FieldTable& embed(I S::*member, const FieldTable<I>& inner) {
    for (const auto& fi : inner.fields) {
      Field<S> f{fi.name, fi.type, fi.help, fi.allowed, fi.unit, {}, {}, {}};
      f.text = [member, t = fi.text](const S& s) { return t(s.*member); };
      f.read = [member, r = fi.read](S& s, const ParamSet& p) { r(s.*member, p); };
      f.check = [member, c = fi.check](const S& s, const std::string& prefix) {
        c(s.*member, prefix);
      };
      fields.push_back(std::move(f));
    }
    const std::string inner_owner = inner.owner;
    for (const auto& ri : inner.rules) {
      rules.push_back([member, ri, inner_owner](const S& s, const std::string& prefix) {
        ri(s.*member, inner_owner.empty() ? prefix : inner_owner);
      });
    }
    for (const auto& k : inner.key_rules) key_rules.push_back(k);
    return *this;
  }
};

}  // namespace optim::settings
