#include "optim/line_search/line_search_settings.hpp"

#include <set>
#include <stdexcept>

namespace optim {
namespace {

using settings::Field;
using settings::FieldTable;
using L = LineSearchSettings;

// The fields of one search's table under a prefix ("mt_" + "max_evals"), without `skip` (the
// shared c1/c2); their range checks always run, the search's own cross checks when it is chosen.
template <class I>
void embed_prefixed(FieldTable<L>& out, I L::*member, const FieldTable<I>& inner,
                    const std::string& prefix, const std::set<std::string>& skip) {
  for (const auto& fi : inner.fields) {
    if (skip.count(fi.name)) continue;
    const std::string name = prefix + fi.name;
    Field<L> f{name, fi.type, fi.help, fi.allowed, fi.unit, {}, {}, {}};
    f.text = [member, t = fi.text](const L& s) { return t(s.*member); };
    // The inner reader looks up its own name: hand it a set holding just the prefixed key.
    f.read = [member, r = fi.read, name, inner_name = fi.name](L& s, const ParamSet& p) {
      if (p.has(name)) r(s.*member, ParamSet{{inner_name, p.get_string(name, "")}});
    };
    // The inner check names its own field; restate it under the name the user gives.
    f.check = [member, c = fi.check, name](const L& s, const std::string& o) {
      try {
        c(s.*member, "");
      } catch (const InvalidValue& e) {
        const std::string label = settings::field_label(o, name);
        throw InvalidValue(label, e.value, e.problem,
                           "invalid " + label + " = " + e.value + ": " + e.problem);
      }
    };
    out.fields.push_back(std::move(f));
  }
}

}  // namespace

FieldTable<L> line_search_fields(bool allow_none) {
  using namespace settings;
  FieldTable<L> t;
  std::vector<std::pair<std::string, LineSearchKind>> kinds = {
      {"more_thuente", LineSearchKind::MoreThuente},
      {"wolfe", LineSearchKind::MoreThuente},
      {"armijo", LineSearchKind::Armijo},
      {"exact", LineSearchKind::Exact}};
  if (allow_none) kinds.push_back({"none", LineSearchKind::None});
  t.fields.push_back(choice("line_search", &L::kind, kinds,
                            "more_thuente: strong Wolfe; armijo: backtracking; exact: Brent" +
                                std::string(allow_none ? "; none: full step" : "")));
  // c1: one name for the sufficient-decrease constant of both searches that have one.
  Field<L> c1{"c1",
              FieldType::Real,
              "sufficient-decrease constant (Armijo and More-Thuente)",
              "in (0, 1)",
              {},
              {},
              {},
              {}};
  c1.text = [](const L& s) { return real_text(s.c1()); };
  c1.read = [](L& s, const ParamSet& p) {
    if (!p.has("c1")) return;
    s.armijo.c1 = s.more_thuente.c1 = p.get_double("c1", 0);
  };
  c1.check = [](const L& s, const std::string& o) {
    if (!Range::open_unit().contains(s.c1())) throw_field(o, "c1", s.c1(), "in (0, 1)");
  };
  t.fields.push_back(std::move(c1));
  {
    Field<L> c2{"c2",
                FieldType::Real,
                "curvature constant of More-Thuente (strong Wolfe), > c1",
                "in (0, 1)",
                {},
                {},
                {},
                {}};
    c2.text = [](const L& s) { return real_text(s.more_thuente.c2); };
    c2.read = [](L& s, const ParamSet& p) {
      s.more_thuente.c2 = p.get_double("c2", s.more_thuente.c2);
    };
    c2.check = [](const L& s, const std::string& o) {
      if (!Range::open_unit().contains(s.more_thuente.c2)) {
        throw_field(o, "c2", s.more_thuente.c2, "in (0, 1)");
      }
    };
    t.fields.push_back(std::move(c2));
  }
  embed_prefixed(t, &L::armijo, armijo_fields(), "armijo_", {"c1"});
  embed_prefixed(t, &L::more_thuente, more_thuente_fields(), "mt_", {"c1", "c2"});
  embed_prefixed(t, &L::exact, exact_fields(), "exact_", {});
  // The chosen search's own cross checks (c1 < c2, shrink_lo <= shrink_hi, ...).
  t.rules.push_back([](const L& s, const std::string& o) {
    switch (s.kind) {
      case LineSearchKind::MoreThuente:
        if (!(s.more_thuente.c1 < s.more_thuente.c2)) {
          throw_field(o, "c1", s.more_thuente.c1, "< c2 (" + real_text(s.more_thuente.c2) + ")");
        }
        s.more_thuente.validate();
        break;
      case LineSearchKind::Armijo:
        s.armijo.validate();
        break;
      case LineSearchKind::Exact:
        s.exact.validate();
        break;
      case LineSearchKind::None:
        break;
    }
  });
  return t;
}

template <class S>
std::unique_ptr<LineSearch<S>> make_line_search(const LineSearchSettings& s) {
  switch (s.kind) {
    case LineSearchKind::MoreThuente:
      return std::make_unique<MoreThuenteLineSearch<S>>(s.more_thuente);
    case LineSearchKind::Armijo:
      return std::make_unique<ArmijoLineSearch<S>>(s.armijo);
    case LineSearchKind::Exact:
      return std::make_unique<ExactLineSearch<S>>(s.exact);
    case LineSearchKind::None:
      return nullptr;
  }
  return nullptr;
}

template std::unique_ptr<LineSearch<float>> make_line_search<float>(const LineSearchSettings&);
template std::unique_ptr<LineSearch<double>> make_line_search<double>(const LineSearchSettings&);

}  // namespace optim
