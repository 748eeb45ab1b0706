#pragma once
// The reader of data tables for training: a CSV file with a header row, whose columns may hold
// numbers or text (class names, categories), with missing cells. Records and fields are RFC 4180
// as io/csv_reader.hpp reads them (quoted fields, CRLF, a byte-order mark, blank lines skipped).
//
// Every cell lands in one matrix of T, one table row per matrix column (features x samples is
// the layout of nn's data sets, so a numeric table needs no transposition):
//  - a number is stored as itself;
//  - a cell of a text column is stored as the index of its level (the distinct texts, in order
//    of first appearance) — exact in a float up to 2^24 levels;
//  - a missing cell ("NA" or empty) is a quiet NaN, counted per column with its first row.
// A column is text as soon as one of its cells is not a number (or when it is named in
// TableOptions::text_columns); the numbers read before that become levels spelled as the
// shortest text that reads back to the stored value ("1.50" becomes "1.5").
//
// The file is read in chunks, never whole: the memory is the matrix (about one T per cell, the
// row capacity estimated from the file's size and grown in place) plus one chunk.
// Errors are std::invalid_argument naming the file, the line and the column: a ragged row, a
// CSV syntax error, a non-finite number ("inf"), a missing or repeated column name.
#include <Eigen/Core>
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace optim::io {

struct TableColumn {
  std::string name;
  bool text = false;                // levels hold its texts; cells are level indices
  std::vector<std::string> levels;  // text columns: distinct texts, in order of first appearance
  bool integers = true;             // numeric columns: every present value is an integer ...
  bool integer_text = true;         // ... and spelled as one ("12", "-3"; not "12.0", "1e3")
  std::size_t missing = 0;          // cells that are "NA" or empty
  std::size_t first_missing_row = 0, first_missing_line = 0;  // 1-based data row and line
};

template <class T>
struct TypedTable {
  std::string source;  // the file name, for messages
  std::vector<TableColumn> columns;
  Eigen::Matrix<T, Eigen::Dynamic, Eigen::Dynamic> cells;  // columns x rows
  std::vector<std::size_t> missing_lines;  // line of each data row with a missing cell, in order

  std::size_t rows() const { return static_cast<std::size_t>(cells.cols()); }
  // Index of the column called `name`; throws "<flag>: unknown column 'z' (columns: x, y)".
  std::size_t index_of(const std::string& name, const std::string& flag) const;
};

struct TableOptions {
  std::vector<std::string> text_columns;  // read as text whatever their cells look like
  std::size_t chunk_bytes = std::size_t(8) << 20;
};

// True for the spellings of a missing cell: empty, "NA".
bool is_missing_cell(std::string_view cell);

// Reads a regular file (io/input_file.hpp: a directory, device or fifo is refused).
template <class T>
TypedTable<T> read_typed_table(const std::string& path, const TableOptions& options = {});
// The same from text in memory; `source` names it in messages.
template <class T>
TypedTable<T> parse_typed_table(std::string_view text, const std::string& source,
                                const TableOptions& options = {});

// The shortest text that reads back to v in its own type (std::to_chars), as levels spell the
// numbers of a column that turned out to hold text.
std::string shortest_text(double v);
std::string shortest_text(float v);

}  // namespace optim::io
