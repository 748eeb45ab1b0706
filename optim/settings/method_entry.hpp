#pragma once
// The one registration helper of every method family: from a settings struct's field table, its
// defaults for this entry and ONE factory template, it derives the listed hyperparameters, the
// float and the double factories and the signature. `make` is a lambda template
//   []<class S>(const Settings& s) -> std::unique_ptr<Method<S>> { ... }
// instantiated once per scalar here, so a family writes its construction once.
#include <memory>
#include <string>
#include <utility>

#include "optim/registry.hpp"
#include "optim/settings/field_table.hpp"

namespace optim::settings {

template <class Settings, class Make>
MethodInfo method_entry(std::string name, std::string family, std::string summary,
                        FieldTable<Settings> table, Settings defaults, Make make) {
  auto t = std::make_shared<const FieldTable<Settings>>(std::move(table));
  MethodInfo info;
  info.name = std::move(name);
  info.family = std::move(family);
  info.summary = std::move(summary);
  info.params = t->describe(defaults);
  info.make_float = [t, defaults, make](const ParamSet& p) {
    return make.template operator()<float>(t->read(p, defaults));
  };
  info.make_double = [t, defaults, make](const ParamSet& p) {
    return make.template operator()<double>(t->read(p, defaults));
  };
  info.signature = [t, defaults](const ParamSet& p) { return t->signature(t->read(p, defaults)); };
  return info;
}

}  // namespace optim::settings
