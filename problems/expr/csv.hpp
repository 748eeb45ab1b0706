#pragma once
// A small reader for numeric CSV tables with a header row of column names, for `optim fit`.
// Rules: fields are separated by commas; surrounding spaces and double quotes around a field are
// dropped; blank lines and lines starting with '#' are skipped; every data row has as many fields
// as the header; every cell is a finite number. Any violation throws std::invalid_argument naming
// the file, the line and the column.
#include <istream>
#include <string>
#include <vector>

namespace optim::expr {

struct DataTable {
  std::vector<std::string> names;            // column names from the header
  std::vector<std::vector<double>> columns;  // columns[k][row]

  std::size_t rows() const { return columns.empty() ? 0 : columns[0].size(); }
  bool has(const std::string& name) const;
  // Throws std::invalid_argument "unknown column 'z' (columns: x, y)".
  const std::vector<double>& column(const std::string& name) const;
};

// `source` names the input in error messages (a file name).
DataTable read_csv(std::istream& in, const std::string& source);
DataTable read_csv_file(const std::string& path);

}  // namespace optim::expr
