#include "claims_report.hpp"

#include <cmath>

namespace optim::cli {

nlohmann::json claims_json(const std::string& study, const std::vector<studies::Behaviour>& claims,
                           const std::map<std::string, std::string>& pictures) {
  nlohmann::json j;
  j["study"] = study;
  j["behaviours"] = nlohmann::json::array();
  int agreeing = 0;
  for (const auto& b : claims) {
    nlohmann::json m = nlohmann::json::object();
    for (const auto& fig : b.measured)
      m[fig.name] = std::isfinite(fig.value) ? nlohmann::json(fig.value) : nlohmann::json(nullptr);
    nlohmann::json e = {{"name", b.name},           {"source", b.source},
                        {"claim", b.claim},         {"setup", b.setup},
                        {"criterion", b.criterion}, {"measured", std::move(m)},
                        {"verdict", b.verdict},     {"agrees", b.agrees}};
    if (const auto it = pictures.find(b.picture); it != pictures.end()) e["picture"] = it->second;
    j["behaviours"].push_back(std::move(e));
    agreeing += b.agrees;
  }
  j["agreeing"] = agreeing;
  return j;
}

void print_claims(std::ostream& os, const std::vector<studies::Behaviour>& claims,
                  const std::map<std::string, std::string>& pictures) {
  int agreeing = 0;
  for (const auto& b : claims) {
    os << b.name << " (" << b.source << ")\n"
       << "  claim:     " << b.claim << "\n"
       << "  setup:     " << b.setup << "\n"
       << "  criterion: " << b.criterion << "\n"
       << "  measured:  " << b.verdict << "\n"
       << "  agrees:    " << (b.agrees ? "yes" : "no") << "\n";
    if (const auto it = pictures.find(b.picture); it != pictures.end())
      os << "  picture:   " << it->second << "\n";
    os << "\n";
    agreeing += b.agrees;
  }
  os << agreeing << " of " << claims.size()
     << " claims agree with the measurement (--json for every figure)\n";
}

}  // namespace optim::cli
