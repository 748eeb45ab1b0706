// The NIST StRD nonlinear regression entries: nist_<dataset> (start 1, far from the solution) and
// nist_<dataset>_start2 (start 2, near it), for the 19 bundled datasets.
#include <cctype>
#include <stdexcept>

#include "problems/nist/nist_model.hpp"
#include "problems/registry.hpp"

namespace optim::problems {

template <class S>
Problem<S> make_nist_problem(const std::string& dataset, int start) {
  if (start != 1 && start != 2) {
    throw std::invalid_argument("NIST start must be 1 or 2, got " + std::to_string(start));
  }
  const NistDataset& d = nist_dataset(dataset);
  Problem<S> p;
  std::string lower;
  for (char c : d.name) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  p.name = "nist_" + lower + (start == 2 ? "_start2" : "");
  p.family = "nist";
  p.objective = std::make_unique<NistObjective<S>>(d);
  const auto& s = start == 1 ? d.start1 : d.start2;
  p.x0 = Eigen::Map<const Eigen::VectorXd>(s.data(), static_cast<Index>(s.size())).cast<S>();
  p.minimizers.push_back(
      Eigen::Map<const Eigen::VectorXd>(d.certified.data(), d.num_params()).cast<S>());
  p.f_min = d.rss / 2;
  p.data_files = {d.source};
  p.notes = "NIST StRD " + d.name + " (" + d.difficulty + " difficulty), model " + d.model +
            "; certified RSS = sum r^2 = " + std::to_string(d.rss) +
            ", our f = RSS/2; score parameters by LRE against the certified values";
  return p;
}

template Problem<float> make_nist_problem<float>(const std::string&, int);
template Problem<double> make_nist_problem<double>(const std::string&, int);

void add_nist_problems(std::vector<ProblemInfo>& out) {
  for (const std::string& name : nist_dataset_names()) {
    std::string lower;
    for (char c : name) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    for (int start : {1, 2}) {
      ProblemInfo info;
      info.name = "nist_" + lower + (start == 2 ? "_start2" : "");
      info.family = "nist";
      info.summary = "NIST StRD nonlinear regression " + name + " from start " +
                     std::to_string(start) + " (f = RSS/2, certified values as minimiser)";
      info.default_dim = nist_dataset_dim(name);
      info.make_float = [name, start](Index) { return make_nist_problem<float>(name, start); };
      info.make_double = [name, start](Index) { return make_nist_problem<double>(name, start); };
      out.push_back(std::move(info));
    }
  }
}

}  // namespace optim::problems
