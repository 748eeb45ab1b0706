#pragma once
// A NIST StRD dataset as a named table for expression models: the response is column y, the
// predictors x (one) or x1, x2, ... (several), as the .dat files name them.
#include "problems/expr/csv.hpp"
#include "problems/nist/nist_file.hpp"

namespace optim::expr {

DataTable table_from_nist(const problems::NistDataset& d);

}  // namespace optim::expr
