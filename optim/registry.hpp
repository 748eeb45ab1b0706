#pragma once
// Methods by name: the runtime-selected surface used by the CLI (and later Python bindings).
// Each entry declares its family, a one-line summary, its hyperparameters and factories for float
// and double. Families add their entries in their own files (add_*_methods below).
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "optim/method.hpp"
#include "optim/params.hpp"

namespace optim {

struct MethodInfo {
  std::string name;
  std::string family;   // "first-order", "second-order", "least-squares", ...
  std::string summary;  // one line, cites the formula's source
  std::vector<HyperParam> params;
  std::function<std::unique_ptr<Method<float>>(const ParamSet&)> make_float;
  std::function<std::unique_ptr<Method<double>>(const ParamSet&)> make_double;
  // Every setting as read from the set, "name=value ..." at full precision: what a checkpoint
  // must agree on (two spellings of one value give one signature).
  std::function<std::string(const ParamSet&)> signature;
};

const std::vector<MethodInfo>& all_methods();
// Throws std::invalid_argument for an unknown name (listing the known ones) or bad parameters.
const MethodInfo& find_method(const std::string& name);

template <class S>
std::unique_ptr<Method<S>> make_method(const std::string& name, const ParamSet& params = {});

// Registration hooks, one per family file.
void add_first_order_methods(std::vector<MethodInfo>& out);
void add_second_order_methods(std::vector<MethodInfo>& out);
void add_least_squares_methods(std::vector<MethodInfo>& out);
void add_root_finding_methods(std::vector<MethodInfo>& out);

}  // namespace optim
