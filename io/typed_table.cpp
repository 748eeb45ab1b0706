#include "io/typed_table.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstring>
#include <limits>
#include <stdexcept>
#include <unordered_map>

#include "io/csv_reader.hpp"
#include "io/input_file.hpp"

namespace optim::io {

bool is_missing_cell(std::string_view cell) {
  return cell.empty() || cell == "NA";
}

std::string shortest_text(double v) {
  char buf[64];
  const auto r = std::to_chars(buf, buf + sizeof buf, v);
  return std::string(buf, r.ptr);
}

std::string shortest_text(float v) {
  char buf[64];
  const auto r = std::to_chars(buf, buf + sizeof buf, v);
  return std::string(buf, r.ptr);
}

template <class T>
std::size_t TypedTable<T>::index_of(const std::string& name, const std::string& flag) const {
  for (std::size_t k = 0; k < columns.size(); ++k)
    if (columns[k].name == name) return k;
  std::string known;
  for (const auto& c : columns) known += (known.empty() ? "" : ", ") + c.name;
  throw std::invalid_argument(flag + ": unknown column '" + shown_field(name) + "' in '" + source +
                              "' (columns: " + known + ")");
}

namespace {

// A float holds every integer up to 2^24 exactly: the largest level index a cell may carry.
template <class T>
constexpr std::size_t kMaxLevels = std::size_t(1) << std::numeric_limits<T>::digits;

// Builds a table from the records of successive chunks of text, each chunk ending at a record
// boundary (see record_boundary). Allocation happens only when the row capacity or a level
// dictionary grows, never per cell.
template <class T>
class TableBuilder {
 public:
  TableBuilder(TypedTable<T>& table, const TableOptions& options, std::uint64_t total_bytes)
      : t_(table), options_(options), total_bytes_(total_bytes) {}

  // Parses the complete records of `text`, whose first line is line `first_line` of the input.
  void add_chunk(std::string_view text, std::size_t first_line, std::uint64_t bytes_before) {
    CsvReader csv(text, '\0', bytes_before == 0, first_line);
    try {
      while (csv.next()) record(csv.fields(), csv.line(), bytes_before);
    } catch (const CsvSyntaxError& e) {
      throw std::invalid_argument(t_.source + ":" + std::to_string(e.line()) + ": column " +
                                  std::to_string(e.column()) + ": " + e.detail());
    }
  }

  void finish() {
    if (!have_header_) throw std::invalid_argument(t_.source + ": no header row");
    if (rows_ == 0) throw std::invalid_argument(t_.source + ": no data rows");
    // Shrinking keeps the row count of the matrix (its first dimension): Eigen then reallocates
    // in place rather than copying into a new block.
    t_.cells.conservativeResize(Eigen::Index(t_.columns.size()), Eigen::Index(rows_));
  }

 private:
  void header(const std::vector<std::string_view>& fields, std::size_t line) {
    const std::string where = t_.source + ":" + std::to_string(line) + ": ";
    check_header_names(fields, where);
    t_.columns.resize(fields.size());
    levels_.resize(fields.size());
    for (std::size_t k = 0; k < fields.size(); ++k) {
      t_.columns[k].name.assign(fields[k]);
      const auto& forced = options_.text_columns;
      t_.columns[k].text =
          std::find(forced.begin(), forced.end(), t_.columns[k].name) != forced.end();
    }
    have_header_ = true;
  }

  // Room for one more row. The first estimate is the input's size over the bytes per row seen so
  // far; pages reserved past the last row are never touched, so an overestimate costs address
  // space, not memory, and the final shrink gives it back.
  void reserve_row(std::uint64_t bytes_before) {
    if (rows_ < capacity_) return;
    std::size_t next = std::max<std::size_t>(1024, capacity_ + capacity_ / 2);
    if (rows_ > 0 && bytes_before > 0) {
      const double per_row = double(bytes_before) / double(rows_);
      const double estimate = 1.05 * double(total_bytes_) / per_row + 1024;
      if (estimate > double(next)) next = static_cast<std::size_t>(estimate);
    }
    t_.cells.conservativeResize(Eigen::Index(t_.columns.size()), Eigen::Index(next));
    capacity_ = next;
  }

  T level_of(std::size_t k, std::string_view text, std::size_t line) {
    auto& dict = levels_[k];
    key_.assign(text);
    const auto it = dict.find(key_);
    if (it != dict.end()) return static_cast<T>(it->second);
    auto& levels = t_.columns[k].levels;
    if (levels.size() >= kMaxLevels<T>) {
      throw std::invalid_argument(t_.source + ":" + std::to_string(line) + ": column '" +
                                  shown_field(t_.columns[k].name) + "' has more than " +
                                  std::to_string(kMaxLevels<T>) + " distinct texts");
    }
    dict.emplace(key_, levels.size());
    levels.push_back(key_);
    return static_cast<T>(levels.size() - 1);
  }

  // Column k turns out to hold text: the numbers stored so far become levels.
  void make_text(std::size_t k, std::size_t line) {
    t_.columns[k].text = true;
    for (std::size_t r = 0; r < rows_; ++r) {
      T& cell = t_.cells(Eigen::Index(k), Eigen::Index(r));
      if (!std::isnan(cell)) cell = level_of(k, shortest_text(cell), line);
    }
  }

  void record(const std::vector<std::string_view>& fields, std::size_t line,
              std::uint64_t bytes_before) {
    if (!have_header_) {
      header(fields, line);
      return;
    }
    const std::size_t width = t_.columns.size();
    if (fields.size() != width) {
      throw std::invalid_argument(t_.source + ":" + std::to_string(line) + ": row " +
                                  std::to_string(rows_ + 1) + " has " +
                                  std::to_string(fields.size()) + " fields, the header has " +
                                  std::to_string(width) + " columns");
    }
    reserve_row(bytes_before);
    T* out = t_.cells.data() + rows_ * width;
    bool missing = false;
    for (std::size_t k = 0; k < width; ++k) {
      const std::string_view cell = fields[k];
      TableColumn& col = t_.columns[k];
      if (is_missing_cell(cell)) {
        out[k] = std::numeric_limits<T>::quiet_NaN();
        if (col.missing++ == 0) {
          col.first_missing_row = rows_ + 1;
          col.first_missing_line = line;
        }
        missing = true;
        continue;
      }
      if (!col.text) {
        const char* begin = cell.data() + (cell[0] == '+' ? 1 : 0);
        const char* end = cell.data() + cell.size();
        double value = 0;
        const auto [ptr, ec] = std::from_chars(begin, end, value);
        if (ec == std::errc() && ptr == end) {
          if (!std::isfinite(value)) {
            throw std::invalid_argument(t_.source + ":" + std::to_string(line) + ": row " +
                                        std::to_string(rows_ + 1) + ", column '" +
                                        shown_field(col.name) + "': '" + shown_field(cell) +
                                        "' is not a finite number");
          }
          out[k] = static_cast<T>(value);
          if (!std::isfinite(out[k])) {  // finite as a double, beyond the range of a float
            throw std::invalid_argument(t_.source + ":" + std::to_string(line) + ": row " +
                                        std::to_string(rows_ + 1) + ", column '" +
                                        shown_field(col.name) + "': '" + shown_field(cell) +
                                        "' is beyond the range of a float (--dtype double reads "
                                        "it)");
          }
          if (col.integers && value != std::floor(value)) col.integers = false;
          if (col.integer_text && cell.find_first_of(".eE") != std::string_view::npos)
            col.integer_text = false;
          continue;
        }
        make_text(k, line);
      }
      out[k] = level_of(k, cell, line);
    }
    if (missing) t_.missing_lines.push_back(line);
    ++rows_;
  }

  TypedTable<T>& t_;
  const TableOptions& options_;
  std::uint64_t total_bytes_;
  bool have_header_ = false;
  std::size_t rows_ = 0, capacity_ = 0;
  std::vector<std::unordered_map<std::string, std::size_t>> levels_;  // per column: text -> index
  std::string key_;                                                   // reused lookup key
};

// End of the last complete record in `text` (0 when there is none): just after the last '\n'
// outside quotes. Chunks start at a record boundary, so the quote parity counted from the chunk's
// start tells whether a '\n' ends a record or sits inside a quoted field ("" toggles twice).
std::size_t record_boundary(std::string_view text) {
  if (std::memchr(text.data(), '"', text.size()) == nullptr) {
    const std::size_t nl = text.rfind('\n');
    return nl == std::string_view::npos ? 0 : nl + 1;
  }
  bool quoted = false;
  std::size_t end = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '"') {
      quoted = !quoted;
    } else if (text[i] == '\n' && !quoted) {
      end = i + 1;
    }
  }
  return end;
}

}  // namespace

template <class T>
TypedTable<T> parse_typed_table(std::string_view text, const std::string& source,
                                const TableOptions& options) {
  TypedTable<T> t;
  t.source = source;
  TableBuilder<T> b(t, options, text.size());
  b.add_chunk(text, 1, 0);
  b.finish();
  return t;
}

template <class T>
TypedTable<T> read_typed_table(const std::string& path, const TableOptions& options) {
  TypedTable<T> t;
  t.source = path;
  InputFile file(path, "data file");
  TableBuilder<T> b(t, options, file.size());
  std::string buffer;
  std::size_t line = 1;
  std::uint64_t consumed = 0;
  while (file.remaining() > 0) {
    file.read_exact(buffer, std::min<std::uint64_t>(file.remaining(), options.chunk_bytes), "data");
    const bool last = file.remaining() == 0;
    std::size_t end = last ? buffer.size() : record_boundary(buffer);
    if (end == 0) continue;  // a record longer than the chunk: read on
    std::string_view chunk(buffer.data(), end);
    b.add_chunk(chunk, line, consumed);
    line += static_cast<std::size_t>(std::count(chunk.begin(), chunk.end(), '\n'));
    consumed += end;
    buffer.erase(0, end);
  }
  b.finish();
  return t;
}

template struct TypedTable<float>;
template struct TypedTable<double>;
template TypedTable<float> parse_typed_table<float>(std::string_view, const std::string&,
                                                    const TableOptions&);
template TypedTable<double> parse_typed_table<double>(std::string_view, const std::string&,
                                                      const TableOptions&);
template TypedTable<float> read_typed_table<float>(const std::string&, const TableOptions&);
template TypedTable<double> read_typed_table<double>(const std::string&, const TableOptions&);

}  // namespace optim::io
