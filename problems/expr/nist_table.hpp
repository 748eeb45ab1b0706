#pragma once
// Built only when the NIST StRD reader (problems/nist, least-squares work) is present.
#if __has_include("problems/nist/nist_file.hpp")
#define OPTIM_EXPR_HAVE_NIST 1
// A NIST StRD dataset as a named table for expression models: the response is column y, the
// predictors x (one) or x1, x2, ... (several), as the .dat files name them.
#include "problems/expr/csv.hpp"
#include "problems/nist/nist_file.hpp"

namespace optim::expr {

DataTable table_from_nist(const problems::NistDataset& d);

}  // namespace optim::expr

#endif  // __has_include problems/nist
