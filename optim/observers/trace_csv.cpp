#include "optim/observers/trace_csv.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <limits>
#include <stdexcept>

namespace optim {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// A cell or name as it appears in a message: at most 40 characters, bytes that would not print
// (control characters, NUL, non-ASCII) as \xHH, so that a binary file gives a readable error.
std::string shown(std::string_view s) {
  std::string out;
  const std::size_t n = std::min<std::size_t>(s.size(), 40);
  for (std::size_t i = 0; i < n; ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c >= 0x20 && c < 0x7f) {
      out += static_cast<char>(c);
    } else {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\x%02X", c);
      out += buf;
    }
  }
  if (s.size() > n) out += "...";
  return out;
}

class Parser {
 public:
  explicit Parser(std::string_view source) : source_(source) {}

  [[noreturn]] void fail(std::size_t line, const std::string& what) const {
    throw std::invalid_argument("trace '" + source_ + "' line " + std::to_string(line) + what);
  }

  // Splits one line (without its end) into trimmed cells.
  void split(std::string_view line, std::vector<std::string_view>& cells) const {
    cells.clear();
    std::size_t start = 0;
    for (;;) {
      const std::size_t comma = line.find(',', start);
      if (comma == std::string_view::npos) {
        cells.push_back(trim(line.substr(start)));
        return;
      }
      cells.push_back(trim(line.substr(start, comma - start)));
      start = comma + 1;
    }
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
      fail(line, ", column " + std::to_string(col) + " ('" + shown(name) + "'): '" + shown(cell) +
                     "' is not a number");
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
  std::vector<std::string_view> cells;
  std::size_t line_no = 0;
  std::size_t pos = 0;
  while (pos < text.size()) {
    const std::size_t nl = text.find('\n', pos);
    std::string_view line =
        text.substr(pos, nl == std::string_view::npos ? std::string_view::npos : nl - pos);
    pos = nl == std::string_view::npos ? text.size() : nl + 1;
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);

    if (line_no == 1) {  // the header
      if (trim(line).empty()) p.fail(1, ": the header (column names) is empty");
      p.split(line, cells);
      for (std::size_t j = 0; j < cells.size(); ++j) {
        const std::string col = ", column " + std::to_string(j + 1);
        if (cells[j].empty()) p.fail(1, col + ": empty column name");
        auto [it, fresh] = out.try_emplace(std::string(cells[j]));
        if (!fresh) {
          std::size_t first = 0;
          while (names[first] != cells[j]) ++first;
          p.fail(1, col + ": duplicate column name '" + shown(cells[j]) + "' (also column " +
                        std::to_string(first + 1) + ")");
        }
        names.emplace_back(cells[j]);
        cols.push_back(&it->second);
      }
      continue;
    }
    if (trim(line).empty()) continue;  // blank line
    p.split(line, cells);
    if (cells.size() > names.size()) {
      p.fail(line_no, ", column " + std::to_string(names.size() + 1) + ": " +
                          std::to_string(cells.size()) + " cells, but the header has " +
                          std::to_string(names.size()) + " columns");
    }
    if (cells.size() < names.size()) {
      p.fail(line_no, ": " + std::to_string(cells.size()) + " cells, but the header has " +
                          std::to_string(names.size()) + " columns (column " +
                          std::to_string(cells.size() + 1) + " '" + shown(names[cells.size()]) +
                          "' is missing)");
    }
    for (std::size_t j = 0; j < cells.size(); ++j) {
      cols[j]->push_back(p.number(cells[j], line_no, j + 1, names[j]));
    }
  }
  return out;
}

TraceColumns read_trace_csv(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  if (!f) throw std::invalid_argument("cannot read trace '" + path + "'");
  const std::string text{std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>()};
  if (f.bad()) throw std::invalid_argument("cannot read trace '" + path + "'");
  return parse_trace_csv(text, path);
}

}  // namespace optim
