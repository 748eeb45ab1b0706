// `optim list`: one screen for a newcomer (methods one line each by family, problems by family,
// the schedules), and the details on request:
//   optim list                 the overview (fits one screen)
//   optim list methods         the methods, one line each
//   optim list METHOD          one method's hyperparameters with defaults and help
//   optim list schedules       the learning-rate schedules of the first-order methods
//   optim list problems        every problem with its facts (long)
//   optim list PROBLEM         one problem's facts
//   optim list --json          everything as one JSON object
// An unknown topic is a usage error (exit 2) naming the known ones.
#include <algorithm>
#include <iomanip>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "command.hpp"
#include "optim/first_order/schedule.hpp"
#include "optim/first_order/schedule_table.hpp"
#include "optim/registry.hpp"
#include "problems/registry.hpp"

namespace optim::cli {
namespace {

constexpr size_t kWidth = 100;  // wrap name lists at this many columns

// Families in order of first appearance in a registry.
template <class Items>
std::vector<std::string> families_of(const Items& items) {
  std::vector<std::string> out;
  for (const auto& it : items)
    if (std::find(out.begin(), out.end(), it.family) == out.end()) out.push_back(it.family);
  return out;
}

// "  label  a, b, c, ..." wrapped at kWidth with continuation lines indented under the first name.
void print_wrapped(const std::string& label, const std::vector<std::string>& names) {
  const std::string indent(label.size(), ' ');
  std::string line = label;
  bool first = true;
  for (const auto& n : names) {
    const std::string piece = (first ? "" : ", ") + n;
    if (!first && line.size() + piece.size() > kWidth) {
      std::cout << line << ",\n";
      line = indent + n;
    } else {
      line += piece;
    }
    first = false;
  }
  std::cout << line << "\n";
}

// The first-order loop's keys: the schedule's (listed once under `optim list schedules`) and
// the batching ones, told apart from a rule's own hyperparameters by the schedule table.
bool is_schedule_key(const std::string& name) {
  static const std::set<std::string> keys = [] {
    std::set<std::string> s;
    for (const auto& p : schedule_params()) s.insert(p.name);
    return s;
  }();
  return keys.count(name) != 0;
}

std::string padded(const std::string& s, size_t width) {
  return s.size() >= width ? s + " " : s + std::string(width - s.size(), ' ');
}

void list_methods() {
  std::cout << "Methods (--method NAME; `optim list NAME` shows its hyperparameters)\n";
  for (const auto& family : families_of(all_methods())) {
    std::cout << "  " << family << "\n";
    for (const auto& m : all_methods())
      if (m.family == family) std::cout << "    " << padded(m.name, 20) << m.summary << "\n";
  }
  std::cout
      << "  training rule (optim train only)\n"
      << "    " << padded("perceptron", 20)
      << "single-layer perceptron rule (seed 000, section 2.1); stops on non-separable data\n";
}

std::vector<std::string> schedule_names() {
  std::vector<std::string> names;
  for (const auto& s : all_schedules()) names.push_back(s.name);
  return names;
}

// One wrapped line per family. Names that carry their family's prefix (mgh_wood) are shown
// without it, as --problem accepts them (mgh:wood); a NIST set's second certified start
// (NAME_start2) is folded into NAME.
void list_problem_families() {
  std::cout << "Problems (--problem NAME; `optim list problems` for their facts, `optim list NAME` "
               "for one)\n";
  const std::string second_start = "_start2";
  for (const auto& family : families_of(problems::all_problems())) {
    std::vector<std::string> names;
    bool prefixed = false, folded = false;
    for (const auto& p : problems::all_problems()) {
      if (p.family != family) continue;
      std::string name = p.name;
      if (name.rfind(family + "_", 0) == 0) {
        name = name.substr(family.size() + 1);
        prefixed = true;
      }
      if (name.size() > second_start.size() &&
          name.compare(name.size() - second_start.size(), second_start.size(), second_start) == 0) {
        folded = true;
        continue;
      }
      names.push_back(name);
    }
    std::cout << "  " << family << " (" << names.size()
              << (prefixed ? ", as " + family + ":NAME" : "")
              << (folded ? ", each also as NAME_start2 from NIST's second start" : "") << ")\n";
    print_wrapped("    ", names);
  }
}

void list_overview() {
  list_methods();
  std::cout << "\nSchedules of the first-order methods (--schedule NAME; `optim list schedules`)\n";
  print_wrapped("    ", schedule_names());
  std::cout << "\n";
  list_problem_families();
}

void print_param(const HyperParam& hp) {
  std::cout << "    --" << padded(hp.name, 20) << padded(hp.default_value, 14) << hp.help << "\n";
}

void list_method(const MethodInfo& m) {
  std::cout << m.name << "  [" << m.family << "]  " << m.summary << "\n";
  std::vector<const HyperParam*> own;
  bool has_schedule = false;
  for (const auto& hp : m.params) {
    if (is_schedule_key(hp.name)) {
      has_schedule = true;
    } else {
      own.push_back(&hp);
    }
  }
  std::cout << "  hyperparameters (--NAME VALUE or --param NAME=VALUE)    default       help\n";
  for (const auto* hp : own) print_param(*hp);
  if (own.empty()) std::cout << "    (none)\n";
  if (has_schedule) {
    std::cout << "  learning-rate schedule: --schedule NAME (default constant) with its own "
                 "parameters; see `optim list schedules`\n";
  }
  // The same keys on every command (cli/method_flags.hpp, cli/method_sets.hpp).
  std::cout << "  flags on minimize, train and fit" << (m.family == "root-finding" ? ", solve" : "")
            << "; on compare and plot: --set " << m.name << ".NAME=VALUE\n";
}

void list_schedules() {
  std::map<std::string, const HyperParam*> by_name;
  static const std::vector<HyperParam> params = schedule_params();
  for (const auto& p : params) by_name[p.name] = &p;
  std::cout << "Learning-rate schedules of the first-order methods (--schedule NAME, default "
               "constant; eta_0 is --lr)\n";
  for (const auto& s : all_schedules()) {
    std::cout << "  " << padded(s.name, 18) << s.summary << "\n";
    for (const auto& key : s.keys) {
      const HyperParam* hp = by_name.at(key);
      print_param(*hp);
    }
  }  // The warmup goes in front of any of them (optim/first_order/warmup_schedule.hpp).
  std::cout << "  " << padded("warmup:N,NAME", 18)
            << "linear warmup, then NAME from its own start: eta_k = eta_0 (k+1)/N for k < N, "
               "then NAME's eta_{k-N} (torch SequentialLR([LinearLR, NAME]))\n";
  print_param(*by_name.at("warmup"));
}

template <class Info>
void print_problem(const Info& info) {
  const auto p = info.make_double(info.default_dim);
  std::cout << "  " << padded(info.name, 22) << "[" << info.family << "] n = " << info.default_dim
            << (info.any_dim ? " (any --dim >= " + std::to_string(info.min_dim) + ")" : "") << "  "
            << info.summary << "\n";
  if (p.f_min) {
    std::cout << "      minimum f* = " << std::setprecision(12) << *p.f_min << " at "
              << p.minimizers.size() << " known minimiser(s)\n";
  } else {
    std::cout << "      unbounded below (no minimum)\n";
  }
  if (!p.notes.empty()) std::cout << "      " << p.notes << "\n";
}

void list_problems() {
  std::cout << "Problems (optim minimize --problem NAME [--dim N])\n";
  for (const auto& info : problems::all_problems()) print_problem(info);
}

nlohmann::json params_json(const std::vector<HyperParam>& params) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& hp : params)
    out.push_back({{"name", hp.name}, {"default", hp.default_value}, {"help", hp.help}});
  return out;
}

void list_json() {
  nlohmann::json j;
  j["methods"] = nlohmann::json::array();
  for (const auto& m : all_methods()) {
    j["methods"].push_back({{"name", m.name},
                            {"family", m.family},
                            {"summary", m.summary},
                            {"params", params_json(m.params)}});
  }
  j["training_rules"] = nlohmann::json::array(
      {{{"name", "perceptron"},
        {"family", "training rule"},
        {"summary", "single-layer perceptron rule (seed 000, section 2.1), optim train only"},
        {"params", nlohmann::json::array()}}});
  const std::vector<HyperParam> sp = schedule_params();
  j["schedules"] = nlohmann::json::array();
  for (const auto& s : all_schedules()) {
    std::vector<HyperParam> own;
    for (const auto& key : s.keys)
      for (const auto& p : sp)
        if (p.name == key) own.push_back(p);
    j["schedules"].push_back(
        {{"name", s.name}, {"summary", s.summary}, {"params", params_json(own)}});
  }
  j["problems"] = nlohmann::json::array();
  for (const auto& info : problems::all_problems()) {
    const auto p = info.make_double(info.default_dim);
    nlohmann::json e = {{"name", info.name},       {"family", info.family},
                        {"summary", info.summary}, {"dim", info.default_dim},
                        {"any_dim", info.any_dim}, {"min_dim", info.min_dim},
                        {"notes", p.notes}};
    if (p.f_min) e["f_min"] = *p.f_min;
    j["problems"].push_back(std::move(e));
  }
  std::cout << j.dump(2) << "\n";
}

// A topic is a fixed word, a method name or a problem name; anything else is a usage error.
int list_topic(const std::string& topic) {
  if (topic.empty() || topic == "all") {
    list_overview();
    return 0;
  }
  if (topic == "methods") {
    list_methods();
    return 0;
  }
  if (topic == "schedules") {
    list_schedules();
    return 0;
  }
  if (topic == "problems") {
    list_problems();
    return 0;
  }
  for (const auto& m : all_methods()) {
    if (m.name == topic) {
      list_method(m);
      return 0;
    }
  }
  if (topic == "perceptron") {
    std::cout << "perceptron  [training rule]  single-layer perceptron (seed 000, section 2.1)\n"
              << "  optim train --method perceptron --data NAME [--layers IN,OUT] [--lr ETA] "
                 "[--epochs MAX]\n"
              << "  w <- w + eta t x on each mistake, samples in order; exit 0 at an epoch "
                 "without mistakes,\n"
              << "  5 when the weights cycle (not linearly separable), 1 after --epochs (default "
                 "1000)\n";
    return 0;
  }
  for (const auto& p : problems::all_problems()) {
    if (p.name == topic || p.family + ":" + p.name == topic) {
      print_problem(p);
      return 0;
    }
  }
  throw UsageError("optim list: unknown topic '" + topic +
                   "' (known: methods, schedules, problems, a method name such as adam or "
                   "lbfgs, a problem name such as rosenbrock; `optim list` shows them all)");
}

const Registrar reg("list", "list methods, schedules and problems (`optim list TOPIC` for details)",
                    [](CLI::App& app) {
                      auto topic = std::make_shared<std::string>();
                      auto json = std::make_shared<bool>(false);
                      app.add_option("topic", *topic,
                                     "methods | schedules | problems | METHOD | PROBLEM "
                                     "(default: the overview)");
                      app.add_flag("--json", *json, "everything as one JSON object");
                      return [topic, json] {
                        if (*json) {
                          if (!topic->empty())
                            throw UsageError("optim list --json lists everything; give no topic");
                          list_json();
                          return 0;
                        }
                        return list_topic(*topic);
                      };
                    });

}  // namespace
}  // namespace optim::cli
