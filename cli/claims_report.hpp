#pragma once
// How the claim studies (`optim study behaviours`, `perceptron`, `vanishing-gradients`,
// `batch-size`, `depth`, `saddles`) report: per claim its source, words, setup, criterion, measured
// figures, verdict and `agrees` (studies/behaviours.hpp), as text or as the JSON array
// `behaviours`; `pictures` maps a claim's picture stem to the file drawn for it (claims without one
// drawn get no "picture").
#include <map>
#include <nlohmann/json.hpp>
#include <ostream>
#include <string>
#include <vector>

#include "studies/behaviours.hpp"

namespace optim::cli {

nlohmann::json claims_json(const std::string& study, const std::vector<studies::Behaviour>& claims,
                           const std::map<std::string, std::string>& pictures);
void print_claims(std::ostream& os, const std::vector<studies::Behaviour>& claims,
                  const std::map<std::string, std::string>& pictures);

}  // namespace optim::cli
