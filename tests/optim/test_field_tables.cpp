// Every registered method and every schedule is described by field tables: each listed default
// reads back to the struct's default bit for bit, every field is reachable by name, an
// out-of-range value is refused naming the field, and an unknown key lists the known ones.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <set>
#include <string>
#include <vector>

#include "optim/driver.hpp"
#include "optim/first_order/schedule.hpp"
#include "optim/first_order/schedule_table.hpp"
#include "optim/registry.hpp"
#include "optim/second_order/lbfgs.hpp"
#include "optim/settings/field_table.hpp"

namespace optim {
namespace {

// Keys that belong to a schedule (tested with their schedule chosen, below).
const ScheduleInfo* schedule_owning(const std::string& key) {
  for (const auto& s : all_schedules()) {
    if (std::find(s.keys.begin(), s.keys.end(), key) != s.keys.end()) return &s;
  }
  return nullptr;
}

// The set that makes `key` = value legal: a schedule's key comes with its schedule.
ParamSet with_key(const std::string& key, const std::string& value) {
  ParamSet p{{key, value}};
  if (const ScheduleInfo* s = schedule_owning(key)) p.set("schedule", s->name);
  return p;
}

std::vector<std::string> split_choices(const std::string& allowed) {
  std::vector<std::string> out;
  size_t pos = 0;
  while (pos <= allowed.size()) {
    const size_t bar = allowed.find(" | ", pos);
    out.push_back(allowed.substr(pos, bar == std::string::npos ? std::string::npos : bar - pos));
    if (bar == std::string::npos) break;
    pos = bar + 3;
  }
  return out;
}

// Candidate values different from the default: the method accepts at least one of them.
std::vector<std::string> other_values(const HyperParam& hp) {
  if (hp.type == "boolean") return {hp.default_value == "true" ? "false" : "true"};
  if (hp.type == "choice") return split_choices(hp.allowed);
  const double d = std::strtod(hp.default_value.c_str(), nullptr);
  std::vector<std::string> out;
  for (double v : {d * 2, d + 1, d * 0.5, d * 0.9, d + 0.01, 0.3, 0.5, 1.0, 2.0, 5.0, 0.0}) {
    if (hp.type == "integer") {
      if (v != std::floor(v)) continue;
      out.push_back(std::to_string(static_cast<long>(v)));
    } else {
      out.push_back(settings::real_text(v));
    }
  }
  return out;
}

std::vector<std::string> bad_values(const HyperParam& hp) {
  if (hp.type == "integer") return {"-1000000000", "-1", "0", "1000000000000"};
  return {"-1e300", "-1", "-0.5", "0", "1", "1.5", "1e300", "inf", "nan"};
}

bool accepted(const MethodInfo& m, const ParamSet& p) {
  try {
    make_method<double>(m.name, p);
    return true;
  } catch (const std::invalid_argument&) {
    return false;
  }
}

bool described_by_tables(const MethodInfo&) {
  return true;
}

TEST(FieldTables, ListedDefaultsReadBackToTheStructDefaults) {
  for (const auto& m : all_methods()) {
    if (!described_by_tables(m)) continue;
    ASSERT_TRUE(m.signature) << m.name;
    ParamSet all;
    for (const auto& hp : m.params) {
      if (!schedule_owning(hp.name)) all.set(hp.name, hp.default_value);
    }
    EXPECT_EQ(m.signature(ParamSet{}), m.signature(all)) << m.name;
    EXPECT_NO_THROW(make_method<double>(m.name, all)) << m.name;
    EXPECT_NO_THROW(make_method<float>(m.name, all)) << m.name;
  }
}

TEST(FieldTables, EveryScheduleDefaultReadsBack) {
  const MethodInfo& gd = find_method("gd");
  for (const auto& s : all_schedules()) {
    ParamSet chosen{{"schedule", s.name}};
    ParamSet spelled = chosen;
    for (const auto& key : s.keys) {
      const auto it = std::find_if(gd.params.begin(), gd.params.end(),
                                   [&](const HyperParam& hp) { return hp.name == key; });
      ASSERT_NE(it, gd.params.end()) << key;
      spelled.set(key, it->default_value);
    }
    EXPECT_EQ(gd.signature(chosen), gd.signature(spelled)) << s.name;
    EXPECT_NO_THROW(make_schedule(spelled)) << s.name;
    EXPECT_EQ(make_schedule(chosen)->name(), s.name);
  }
}

TEST(FieldTables, EveryFieldIsReachableByName) {
  for (const auto& m : all_methods()) {
    if (!described_by_tables(m)) continue;
    const std::string base = m.signature(ParamSet{});
    for (const auto& hp : m.params) {
      bool reached = false;
      for (const auto& v : other_values(hp)) {
        if (v == hp.default_value) continue;
        const ParamSet p = with_key(hp.name, v);
        if (!accepted(m, p)) continue;
        const ParamSet same_schedule = with_key(hp.name, hp.default_value);
        if (m.signature(p) != m.signature(same_schedule)) reached = true;
        if (reached) break;
      }
      EXPECT_TRUE(reached) << m.name << " " << hp.name << " (default " << hp.default_value
                           << ") cannot be changed by name";
    }
    EXPECT_FALSE(base.empty()) << m.name;
  }
}

TEST(FieldTables, OutOfRangeValuesAreRefusedNamingTheField) {
  for (const auto& m : all_methods()) {
    if (!described_by_tables(m)) continue;
    for (const auto& hp : m.params) {
      if (hp.type == "boolean") continue;
      if (hp.type == "choice") {
        try {
          make_method<double>(m.name, with_key(hp.name, "no-such-choice"));
          ADD_FAILURE() << m.name << " " << hp.name << " accepted an unknown choice";
        } catch (const InvalidValue& e) {
          EXPECT_EQ(e.field, hp.name);
          EXPECT_NE(std::string(e.what()).find(hp.allowed), std::string::npos) << e.what();
        } catch (const std::invalid_argument& e) {
          EXPECT_NE(std::string(e.what()).find(hp.name), std::string::npos) << e.what();
        }
        continue;
      }
      if (hp.allowed.empty()) continue;  // every value is allowed (a seed)
      bool refused = false;
      for (const auto& v : bad_values(hp)) {
        try {
          make_method<double>(m.name, with_key(hp.name, v));
        } catch (const InvalidValue& e) {
          const std::string field = e.field.substr(e.field.rfind(' ') + 1);
          if (field != hp.name) continue;  // another field's cross check
          EXPECT_EQ(e.problem.rfind("must be", 0), 0u) << e.what();
          EXPECT_NE(std::string(e.what()).find(hp.name), std::string::npos) << e.what();
          refused = true;
          break;
        }
      }
      EXPECT_TRUE(refused) << m.name << " " << hp.name << " (" << hp.allowed
                           << ") refuses none of the out-of-range values";
    }
  }
}

TEST(FieldTables, UnknownKeysListTheKnownOnes) {
  for (const auto& m : all_methods()) {
    try {
      make_method<double>(m.name, ParamSet{{"no_such_setting", "1"}});
      ADD_FAILURE() << m.name << " accepted an unknown key";
    } catch (const std::invalid_argument& e) {
      const std::string msg = e.what();
      EXPECT_NE(msg.find("unknown hyperparameter 'no_such_setting'"), std::string::npos) << msg;
      for (const auto& hp : m.params) EXPECT_NE(msg.find(hp.name), std::string::npos) << msg;
    }
  }
}

TEST(FieldTables, ListedDefaultsAreTheirOwnValues) {
  // No default is a formula of another setting ("lr/100") or a per-case text: each is one value
  // of its type.
  for (const auto& m : all_methods()) {
    if (!described_by_tables(m)) continue;
    for (const auto& hp : m.params) {
      if (hp.type == "real" || hp.type == "integer") {
        char* end = nullptr;
        std::strtod(hp.default_value.c_str(), &end);
        EXPECT_EQ(*end, '\0') << m.name << " " << hp.name << " = '" << hp.default_value << "'";
      } else if (hp.type == "choice") {
        const auto choices = split_choices(hp.allowed);
        EXPECT_NE(std::find(choices.begin(), choices.end(), hp.default_value), choices.end())
            << m.name << " " << hp.name;
      } else {
        EXPECT_EQ(hp.type, "boolean") << m.name << " " << hp.name;
      }
    }
  }
}

TEST(FieldTables, SignatureIsAtFullPrecisionAndSpellingFree) {
  const MethodInfo& adam = find_method("adam");
  EXPECT_EQ(adam.signature(ParamSet{{"lr", "1e-3"}}), adam.signature(ParamSet{{"lr", "0.0010"}}));
  EXPECT_NE(adam.signature(ParamSet{{"lr", "0.1"}}),
            adam.signature(ParamSet{{"lr", "0.10000000000000002"}}));
}

TEST(FieldTables, RealTextRoundTrips) {
  for (double v : {0.1, 1e-3, 1e-8, 1.0 / 3.0, 6.02214076e23, 5e-324, 1e308, 0.0, -2.5}) {
    EXPECT_EQ(std::strtod(settings::real_text(v).c_str(), nullptr), v) << v;
  }
}

// A caller's own line search: More-Thuente that counts its searches in a shared counter (the
// method clones its prototype per run).
class CountingSearch final : public LineSearch<double> {
 public:
  explicit CountingSearch(std::shared_ptr<int> count) : count_(std::move(count)) {}
  std::string name() const override { return "counting"; }
  std::unique_ptr<LineSearch<double>> clone() const override {
    return std::make_unique<CountingSearch>(count_);
  }
  void resize(Index n) override { inner_.resize(n); }
  LineSearchResult<double> search_with_slope(Evaluator<double>& eval, const Iterate<double>& cur,
                                             const Vec<double>& d, double dphi0, double alpha0,
                                             Iterate<double>& out) override {
    ++*count_;
    return inner_.search_with_slope(eval, cur, d, dphi0, alpha0, out);
  }

 private:
  std::shared_ptr<int> count_;
  MoreThuenteLineSearch<double> inner_;
};

class Bowl final : public Objective<double> {
 public:
  Index dim() const override { return 3; }
  double evaluate(const Vec<double>& x, Vec<double>* g) override {
    // f = sum_i (i + 1) x_i^2
    double f = 0;
    for (Index i = 0; i < 3; ++i) f += double(i + 1) * x[i] * x[i];
    if (g) {
      for (Index i = 0; i < 3; ++i) (*g)[i] = 2.0 * double(i + 1) * x[i];
    }
    return f;
  }
};

TEST(FieldTables, AMethodTakesTheCallersOwnLineSearch) {
  auto count = std::make_shared<int>(0);
  Bowl f;
  const auto res = minimize<double>(
      f, Vec<double>::Ones(3), Lbfgs<double>({.m = 6}, std::make_unique<CountingSearch>(count)));
  EXPECT_EQ(res.status, Status::ConvergedGradient) << res.message;
  EXPECT_GT(*count, 0);
  EXPECT_EQ(*count, res.iterations);
}

TEST(FieldTables, EveryMoreThuenteSettingIsReachableByName) {
  const auto s = lbfgs_fields().read(ParamSet{{"line_search", "wolfe"},
                                              {"mt_max_evals", "30"},
                                              {"mt_xtol", "1e-9"},
                                              {"mt_alpha_max", "100"},
                                              {"c1", "0.001"},
                                              {"c2", "0.5"}});
  EXPECT_EQ(s.line_search.kind, LineSearchKind::MoreThuente);
  EXPECT_EQ(s.line_search.more_thuente.max_evals, 30);
  EXPECT_EQ(s.line_search.more_thuente.xtol, 1e-9);
  EXPECT_EQ(s.line_search.more_thuente.alpha_max, 100.0);
  EXPECT_EQ(s.line_search.more_thuente.c1, 0.001);
  EXPECT_EQ(s.line_search.more_thuente.c2, 0.5);
  // A field the search itself refuses is refused under the method's name for it.
  try {
    make_method<double>("lbfgs", ParamSet{{"mt_max_evals", "0"}});
    FAIL() << "mt_max_evals = 0 accepted";
  } catch (const InvalidValue& e) {
    EXPECT_NE(std::string(e.what()).find("max_evals"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace optim
