#pragma once
// The reader of numeric CSV tables with a header row of column names, for `optim fit --data`.
// Records and fields are RFC 4180, as the one tokenizer of io/csv_reader.hpp reads them
// (quoted fields with commas, doubled quotes and line ends; CRLF; a UTF-8 byte-order mark;
// blanks around fields dropped; blank lines skipped); lines starting with '#' are comments.
// On top of that: every column has a distinct, non-empty name; every data row has as many
// fields as the header; every cell is a finite number. Any violation throws std::invalid_argument
// naming the file, the line and the column.
#include <istream>
#include <string>
#include <string_view>
#include <vector>

namespace optim::io {

struct DataTable {
  std::vector<std::string> names;            // column names from the header
  std::vector<std::vector<double>> columns;  // columns[k][row]

  std::size_t rows() const { return columns.empty() ? 0 : columns[0].size(); }
  bool has(const std::string& name) const;
  // Throws std::invalid_argument "unknown column 'z' (columns: x, y)".
  const std::vector<double>& column(const std::string& name) const;
};

// `source` names the input in error messages (a file name).
DataTable parse_csv(std::string_view text, const std::string& source);
DataTable read_csv(std::istream& in, const std::string& source);
// Reads a regular file (bounded by its size; a directory, device or fifo is refused, see
// io/input_file.hpp) and parses it.
DataTable read_csv_file(const std::string& path);

}  // namespace optim::io
