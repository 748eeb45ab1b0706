// `optim list`: methods with their hyperparameters and defaults; problems with their facts.
#include <iomanip>
#include <iostream>

#include "command.hpp"
#include "optim/registry.hpp"
#include "problems/registry.hpp"

namespace optim::cli {
namespace {

void list_methods() {
  std::cout << "Methods (optim minimize --method NAME [--<hyperparameter> value ...])\n";
  for (const auto& m : all_methods()) {
    std::cout << "\n  " << m.name << "  [" << m.family << "]  " << m.summary << "\n";
    for (const auto& hp : m.params) {
      std::cout << "      --" << std::left << std::setw(16) << hp.name << std::setw(12)
                << hp.default_value << hp.help << "\n";
    }
  }
}

void list_problems() {
  std::cout << "Problems (optim minimize --problem NAME [--dim N])\n";
  for (const auto& info : problems::all_problems()) {
    auto p = info.make_double(info.default_dim);
    std::cout << "\n  " << std::left << std::setw(22) << info.name << "[" << info.family
              << "] n = " << info.default_dim << (info.any_dim ? " (any --dim)" : "") << "  "
              << info.summary << "\n";
    if (p.f_min) {
      std::cout << "      minimum f* = " << std::setprecision(12) << *p.f_min << " at "
                << p.minimizers.size() << " known minimiser(s)\n";
    } else {
      std::cout << "      unbounded below (no minimum)\n";
    }
    if (!p.notes.empty()) std::cout << "      " << p.notes << "\n";
  }
}

const Registrar reg("list", "list methods and problems", [](CLI::App& app) {
  auto what = std::make_shared<std::string>("all");
  app.add_option("what", *what, "methods | problems | all")
      ->check(CLI::IsMember({"methods", "problems", "all"}))
      ->capture_default_str();
  return [what] {
    if (*what != "problems") list_methods();
    if (*what == "all") std::cout << "\n";
    if (*what != "methods") list_problems();
    return 0;
  };
});

}  // namespace
}  // namespace optim::cli
