#include "io/nist_table.hpp"

namespace optim::io {

DataTable table_from_nist(const NistDataset& d) {
  DataTable t;
  t.names.push_back("y");
  t.columns.emplace_back(d.y.data(), d.y.data() + d.y.size());
  for (Eigen::Index k = 0; k < d.x.cols(); ++k) {
    // Built with += (g++ 12 warns falsely on "literal" + std::to_string(...) here).
    std::string name = "x";
    if (d.x.cols() > 1) name += std::to_string(k + 1);
    t.names.push_back(name);
    std::vector<double> col(static_cast<std::size_t>(d.x.rows()));
    for (Eigen::Index i = 0; i < d.x.rows(); ++i) col[static_cast<std::size_t>(i)] = d.x(i, k);
    t.columns.push_back(std::move(col));
  }
  return t;
}

}  // namespace optim::io
