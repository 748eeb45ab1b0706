#include "problems/expr/csv.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <fstream>
#include <stdexcept>

namespace optim::expr {

namespace {

std::string trim(const std::string& s) {
  const auto first = s.find_first_not_of(" \t\r");
  if (first == std::string::npos) return "";
  const auto last = s.find_last_not_of(" \t\r");
  std::string t = s.substr(first, last - first + 1);
  if (t.size() >= 2 && t.front() == '"' && t.back() == '"') t = t.substr(1, t.size() - 2);
  return t;
}

std::vector<std::string> split(const std::string& line) {
  std::vector<std::string> out;
  std::size_t start = 0;
  for (;;) {
    const auto comma = line.find(',', start);
    out.push_back(trim(line.substr(start, comma - start)));
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return out;
}

bool skip_line(const std::string& line) {
  const std::string t = trim(line);
  return t.empty() || t[0] == '#';
}

}  // namespace

bool DataTable::has(const std::string& name) const {
  return std::find(names.begin(), names.end(), name) != names.end();
}

const std::vector<double>& DataTable::column(const std::string& name) const {
  const auto it = std::find(names.begin(), names.end(), name);
  if (it == names.end()) {
    std::string known;
    for (const auto& n : names) known += (known.empty() ? "" : ", ") + n;
    throw std::invalid_argument("unknown column '" + name + "' (columns: " + known + ")");
  }
  return columns[static_cast<std::size_t>(it - names.begin())];
}

DataTable read_csv(std::istream& in, const std::string& source) {
  DataTable t;
  std::string line;
  std::size_t line_no = 0;
  bool have_header = false;
  while (std::getline(in, line)) {
    ++line_no;
    if (skip_line(line)) continue;
    const std::vector<std::string> fields = split(line);
    const std::string where = source + ":" + std::to_string(line_no) + ": ";
    if (!have_header) {
      for (std::size_t k = 0; k < fields.size(); ++k) {
        if (fields[k].empty()) {
          throw std::invalid_argument(where + "header column " + std::to_string(k + 1) +
                                      " has no name");
        }
        if (std::count(fields.begin(), fields.begin() + static_cast<long>(k), fields[k])) {
          throw std::invalid_argument(where + "column name '" + fields[k] + "' appears twice");
        }
      }
      t.names = fields;
      t.columns.assign(fields.size(), {});
      have_header = true;
      continue;
    }
    if (fields.size() != t.names.size()) {
      throw std::invalid_argument(where + "row has " + std::to_string(fields.size()) +
                                  " fields, the header has " + std::to_string(t.names.size()));
    }
    for (std::size_t k = 0; k < fields.size(); ++k) {
      const std::string& cell = fields[k];
      const char* begin = cell.data() + (!cell.empty() && cell[0] == '+' ? 1 : 0);
      const char* end = cell.data() + cell.size();
      double value = 0;
      const auto [ptr, ec] = std::from_chars(begin, end, value);
      if (cell.empty() || ec != std::errc() || ptr != end || !std::isfinite(value)) {
        throw std::invalid_argument(where + "column '" + t.names[k] + "': '" + cell +
                                    "' is not a finite number");
      }
      t.columns[k].push_back(value);
    }
  }
  if (!have_header) throw std::invalid_argument(source + ": no header row");
  if (t.rows() == 0) throw std::invalid_argument(source + ": no data rows");
  return t;
}

DataTable read_csv_file(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::invalid_argument("cannot open data file '" + path + "'");
  return read_csv(in, path);
}

}  // namespace optim::expr
