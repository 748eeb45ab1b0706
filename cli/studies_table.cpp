#include "studies_table.hpp"

#include <algorithm>
#include <cstdio>
#include <sstream>

#include "command.hpp"
#include "optim/observers/atomic_file.hpp"

namespace optim::cli {

void Table::add(std::vector<std::string> row) {
  row.resize(header_.size());
  rows_.push_back(std::move(row));
}

namespace {
bool looks_numeric(const std::string& s) {
  if (s.empty()) return false;
  char* end = nullptr;
  std::strtod(s.c_str(), &end);
  return end != nullptr && *end == '\0';
}
}  // namespace

void Table::print(std::ostream& os) const {
  std::vector<size_t> width(header_.size());
  for (size_t j = 0; j < header_.size(); ++j) width[j] = header_[j].size();
  for (const auto& r : rows_)
    for (size_t j = 0; j < r.size(); ++j) width[j] = std::max(width[j], r[j].size());
  auto line = [&](const std::vector<std::string>& cells, bool head) {
    for (size_t j = 0; j < cells.size(); ++j) {
      const size_t pad = width[j] - cells[j].size();
      const bool right = !head && looks_numeric(cells[j]);
      if (j > 0) os << "  ";
      if (right) os << std::string(pad, ' ');
      os << cells[j];
      if (!right && j + 1 < cells.size()) os << std::string(pad, ' ');
    }
    os << "\n";
  };
  line(header_, true);
  size_t total = 0;
  for (size_t w : width) total += w;
  os << std::string(total + 2 * (width.size() - 1), '-') << "\n";
  for (const auto& r : rows_) line(r, false);
}

void Table::write_csv(std::ostream& os) const {
  auto cell = [&](const std::string& s) {
    if (s.find_first_of(",\"\n") == std::string::npos) return s;
    std::string q = "\"";
    for (char c : s) q += (c == '"') ? std::string("\"\"") : std::string(1, c);
    return q + "\"";
  };
  auto line = [&](const std::vector<std::string>& cells) {
    for (size_t j = 0; j < cells.size(); ++j) os << (j ? "," : "") << cell(cells[j]);
    os << "\n";
  };
  line(header_);
  for (const auto& r : rows_) line(r);
}

void Table::save_csv(const std::string& path) const {
  write_file_atomically(path, [&](std::ostream& os) { write_csv(os); });
}

std::string fmt(double v, int digits) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*g", digits, v);
  return buf;
}

std::string fmt_exact(double v) {
  return fmt(v, 17);
}

std::vector<std::string> split_names(const std::string& text, const std::string& flag) {
  // Split at every comma by hand: std::getline drops a trailing empty item ("a,b,").
  std::vector<std::string> out;
  size_t begin = 0;
  for (;;) {
    const size_t comma = text.find(',', begin);
    const std::string item =
        text.substr(begin, comma == std::string::npos ? std::string::npos : comma - begin);
    const size_t a = item.find_first_not_of(" \t"), b = item.find_last_not_of(" \t");
    if (a == std::string::npos) {
      throw UsageError(flag + ": empty name in '" + text + "' (expected a comma-separated list)");
    }
    out.push_back(item.substr(a, b - a + 1));
    if (comma == std::string::npos) return out;
    begin = comma + 1;
  }
}

std::vector<double> split_numbers(const std::string& text, const std::string& flag) {
  std::vector<double> out;
  for (const auto& item : split_names(text, flag)) {
    try {
      size_t used = 0;
      out.push_back(std::stod(item, &used));
      if (used != item.size()) throw std::invalid_argument(item);
    } catch (const std::exception&) {
      throw UsageError(flag + ": '" + item + "' is not a number (expected a comma-separated list)");
    }
  }
  return out;
}

}  // namespace optim::cli
