#pragma once
// A NIST StRD dataset as a named table for expression models (a format conversion: both sides are
// io types): the response is column y, the predictors x (one) or x1, x2, ... (several), as the .dat
// files name them.
#include "io/csv_table.hpp"
#include "io/nist_file.hpp"

namespace optim::io {

DataTable table_from_nist(const NistDataset& d);

}  // namespace optim::io
