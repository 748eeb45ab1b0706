#pragma once
// A small table for the study/compare commands: one set of columns rendered as an aligned
// terminal table and as CSV, so that what the user reads and what --out writes never disagree.
#include <ostream>
#include <string>
#include <vector>

namespace optim::cli {

class Table {
 public:
  explicit Table(std::vector<std::string> header) : header_(std::move(header)) {}
  void add(std::vector<std::string> row);
  void print(std::ostream& os) const;      // aligned columns, numbers right-aligned
  void write_csv(std::ostream& os) const;  // RFC 4180 quoting where needed
  // Writes the CSV to `path` atomically; std::runtime_error when the file cannot be written.
  void save_csv(const std::string& path) const;
  const std::vector<std::vector<std::string>>& rows() const { return rows_; }

 private:
  std::vector<std::string> header_;
  std::vector<std::vector<std::string>> rows_;
};

// Shortest text that reads well in a table: %.*g with `digits` significant digits.
std::string fmt(double v, int digits = 4);
// Full precision (17 significant digits) for CSV/JSON.
std::string fmt_exact(double v);

// "a, b,c" -> {"a","b","c"}: blanks (spaces, tabs) around an item are dropped; an empty item
// (",a", "a,,b", "a,", "" or " ") is a UsageError naming the flag. Every comma-separated list of
// names on the command line goes through here.
std::vector<std::string> split_names(const std::string& text, const std::string& flag);
// "1,-2.5,3e-4" -> numbers (bad items rejected, naming the flag and the item).
std::vector<double> split_numbers(const std::string& text, const std::string& flag);

}  // namespace optim::cli
