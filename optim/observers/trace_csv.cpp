#include "optim/observers/trace_csv.hpp"

#include <cstdlib>
#include <limits>
#include <stdexcept>

#include "io/csv_reader.hpp"
#include "io/input_file.hpp"

namespace optim {
namespace {

class Parser {
 public:
  explicit Parser(std::string_view source) : source_(source) {}

  [[noreturn]] void fail(std::size_t line, const std::string& what) const {
    throw std::invalid_argument("trace '" + source_ + "' line " + std::to_string(line) + what);
  }

  // The whole cell must be one number (strtod's syntax, so "nan", "inf" and hex floats too);
  // empty means not recorded. Parsed from a NUL-terminated copy: the input is not terminated,
  // and an embedded NUL must not end the number early (it is refused, since strtod stops there).
  double number(std::string_view cell, std::size_t line, std::size_t col, const std::string& name) {
    if (cell.empty()) return std::numeric_limits<double>::quiet_NaN();
    buf_.assign(cell.data(), cell.size());
    char* end = nullptr;
    const double v = std::strtod(buf_.c_str(), &end);
    if (end != buf_.c_str() + buf_.size() || end == buf_.c_str()) {
      fail(line, ", column " + std::to_string(col) + " ('" + io::shown_field(name) + "'): '" +
                     io::shown_field(cell) + "' is not a number");
    }
    return v;
  }

 private:
  std::string source_;
  std::string buf_;
};

}  // namespace

TraceColumns parse_trace_csv(std::string_view text, std::string_view source) {
  Parser p(source);
  if (text.empty()) throw std::invalid_argument("trace '" + std::string(source) + "' is empty");

  std::vector<std::string> names;
  std::vector<std::vector<double>*> cols;  // in header order, into `out`
  TraceColumns out;
  io::CsvReader csv(text);
  try {
    // The header is the first line: a blank first line is an empty header, not skipped.
    if (!csv.next() || csv.line() != 1) p.fail(1, ": the header (column names) is empty");
    const auto& header = csv.fields();
    for (std::size_t j = 0; j < header.size(); ++j) {
      const std::string col = ", column " + std::to_string(j + 1);
      if (header[j].empty()) p.fail(1, col + ": empty column name");
      auto [it, fresh] = out.try_emplace(std::string(header[j]));
      if (!fresh) {
        std::size_t first = 0;
        while (names[first] != header[j]) ++first;
        p.fail(1, col + ": duplicate column name '" + io::shown_field(header[j]) +
                      "' (also column " + std::to_string(first + 1) + ")");
      }
      names.emplace_back(header[j]);
      cols.push_back(&it->second);
    }
    while (csv.next()) {
      const auto& cells = csv.fields();
      const std::size_t line_no = csv.line();
      if (cells.size() > names.size()) {
        p.fail(line_no, ", column " + std::to_string(names.size() + 1) + ": " +
                            std::to_string(cells.size()) + " cells, but the header has " +
                            std::to_string(names.size()) + " columns");
      }
      if (cells.size() < names.size()) {
        p.fail(line_no, ": " + std::to_string(cells.size()) + " cells, but the header has " +
                            std::to_string(names.size()) + " columns (column " +
                            std::to_string(cells.size() + 1) + " '" +
                            io::shown_field(names[cells.size()]) + "' is missing)");
      }
      for (std::size_t j = 0; j < cells.size(); ++j) {
        cols[j]->push_back(p.number(cells[j], line_no, j + 1, names[j]));
      }
    }
  } catch (const io::CsvSyntaxError& e) {
    p.fail(e.line(), ", column " + std::to_string(e.column()) + ": " + e.detail());
  }
  return out;
}

TraceColumns read_trace_csv(const std::string& path) {
  return parse_trace_csv(io::read_input_file(path, "trace"), path);
}

}  // namespace optim
