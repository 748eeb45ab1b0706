#include "io/csv_table.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <iterator>
#include <stdexcept>

#include "io/csv_reader.hpp"
#include "io/input_file.hpp"

namespace optim::io {

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

DataTable parse_csv(std::string_view text, const std::string& source) {
  DataTable t;
  io::CsvReader csv(text, '#');
  bool have_header = false;
  try {
    while (csv.next()) {
      const auto& fields = csv.fields();
      const std::string where = source + ":" + std::to_string(csv.line()) + ": ";
      if (!have_header) {
        io::check_header_names(fields, where);
        t.names.assign(fields.begin(), fields.end());
        t.columns.assign(fields.size(), {});
        have_header = true;
        continue;
      }
      if (fields.size() != t.names.size()) {
        throw std::invalid_argument(where + "row has " + std::to_string(fields.size()) +
                                    " fields, the header has " + std::to_string(t.names.size()));
      }
      for (std::size_t k = 0; k < fields.size(); ++k) {
        const std::string_view cell = fields[k];
        const char* begin = cell.data() + (!cell.empty() && cell[0] == '+' ? 1 : 0);
        const char* end = cell.data() + cell.size();
        double value = 0;
        const auto [ptr, ec] = std::from_chars(begin, end, value);
        if (cell.empty() || ec != std::errc() || ptr != end || !std::isfinite(value)) {
          throw std::invalid_argument(where + "column '" + io::shown_field(t.names[k]) + "': '" +
                                      io::shown_field(cell) + "' is not a finite number");
        }
        t.columns[k].push_back(value);
      }
    }
  } catch (const io::CsvSyntaxError& e) {
    throw std::invalid_argument(source + ":" + std::to_string(e.line()) + ": column " +
                                std::to_string(e.column()) + ": " + e.detail());
  }
  if (!have_header) throw std::invalid_argument(source + ": no header row");
  if (t.rows() == 0) throw std::invalid_argument(source + ": no data rows");
  return t;
}

DataTable read_csv(std::istream& in, const std::string& source) {
  const std::string text{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  return parse_csv(text, source);
}

DataTable read_csv_file(const std::string& path) {
  return parse_csv(io::read_input_file(path, "data file"), path);
}

}  // namespace optim::io
