#include "nn/table_dataset.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <new>
#include <sstream>
#include <stdexcept>
#include <unordered_map>

#include "io/csv_reader.hpp"
#include "io/typed_table.hpp"

namespace optim::nn {
namespace {

// More distinct integers than this in a target make it a regression target unless --task
// classify says otherwise.
constexpr std::size_t kMaxDetectedClasses = 100;

// How one feature column of the table becomes network inputs.
struct InputPlan {
  std::size_t column = 0;
  Index width = 1;                 // 1 for a number, else the number of levels (one-hot)
  std::vector<int> level_map;      // text: table level index -> one-hot position (-1: unknown)
  std::vector<std::string> known;  // text: the levels of the schema, for messages
};

// How the target columns become labels or targets.
struct TargetPlan {
  bool present = false;
  std::vector<std::size_t> columns;
  bool classify = false;
  std::vector<int> level_map;  // text target: table level index -> class (-1: unknown)
  std::vector<double> values;  // integer target: the sorted class values
};

template <class S>
std::string row_place(const io::TypedTable<S>& t, std::size_t row, std::size_t column) {
  return "'" + t.source + "': row " + std::to_string(row + 1) + ", column '" +
         io::shown_field(t.columns[column].name) + "'";
}

// Positions of the table's levels among the levels of a trained column (-1 when training never
// saw one).
std::vector<int> map_levels(const std::vector<std::string>& table_levels,
                            const std::vector<std::string>& schema_levels) {
  std::unordered_map<std::string, int> pos;
  for (std::size_t i = 0; i < schema_levels.size(); ++i) pos.emplace(schema_levels[i], int(i));
  std::vector<int> out;
  out.reserve(table_levels.size());
  for (const auto& l : table_levels) {
    auto it = pos.find(l);
    // A number spelled otherwise than training spelled it ("03", "1.50"): training names the
    // numbers of a column by their shortest text.
    double v = 0;
    if (it == pos.end()) {
      const auto [ptr, ec] = std::from_chars(l.data(), l.data() + l.size(), v);
      if (ec == std::errc() && ptr == l.data() + l.size()) it = pos.find(io::shortest_text(v));
    }
    out.push_back(it == pos.end() ? -1 : it->second);
  }
  return out;
}

std::vector<std::string> sorted_levels(const io::TableColumn& c) {
  std::vector<std::string> l = c.levels;
  std::sort(l.begin(), l.end());
  return l;
}

// Refuses (or, with drop_missing, reports) missing cells in the used columns: the error names
// the earliest such row over all used columns.
template <class S>
bool check_missing(const io::TypedTable<S>& t, const std::vector<std::size_t>& used,
                   bool drop_missing) {
  const io::TableColumn* first = nullptr;
  for (std::size_t k : used) {
    const auto& c = t.columns[k];
    if (c.missing > 0 && (first == nullptr || c.first_missing_row < first->first_missing_row))
      first = &c;
  }
  if (first == nullptr) return false;
  if (!drop_missing) {
    throw std::invalid_argument(
        t.source + ":" + std::to_string(first->first_missing_line) + ": row " +
        std::to_string(first->first_missing_row) + ", column '" + io::shown_field(first->name) +
        "': missing value (NA or empty); pass --drop-missing to leave such rows out");
  }
  return true;
}

// The data set from a table and its plans. Inputs are written over the table's own matrix when
// they are no wider than its rows (the usual numeric table): row j of the data set never lands
// past row j of the table, and each row is copied out before it is overwritten, so the loaded
// matrix is the only copy of the data.
template <class S>
Dataset<S> assemble(io::TypedTable<S>& t, const std::vector<InputPlan>& inputs,
                    const TargetPlan& target, bool drop_missing, std::vector<std::size_t>* rows) {
  std::vector<std::size_t> used;
  for (const auto& p : inputs) used.push_back(p.column);
  if (target.present) used.insert(used.end(), target.columns.begin(), target.columns.end());
  const bool dropping = check_missing(t, used, drop_missing);

  const Index width = static_cast<Index>(t.columns.size());
  const Index n_in = static_cast<Index>(t.rows());
  Index nf = 0;
  for (const auto& p : inputs) nf += p.width;
  const bool in_place = nf <= width;
  Dataset<S> d;
  d.name = t.source;
  Mat<S> fresh;
  if (!in_place) {
    try {
      fresh.resize(nf, n_in);
    } catch (const std::bad_alloc&) {
      throw std::invalid_argument("'" + t.source + "': " + std::to_string(nf) + " inputs (after " +
                                  "one-hot encoding) x " + std::to_string(n_in) +
                                  " rows do not fit in memory");
    }
  }
  S* xout = in_place ? t.cells.data() : fresh.data();
  if (target.present && !target.classify) d.y.resize(Index(target.columns.size()), n_in);
  std::vector<S> row(static_cast<std::size_t>(width));
  Index kept = 0;
  for (Index r = 0; r < n_in; ++r) {
    const S* src = t.cells.data() + r * width;
    std::copy(src, src + width, row.begin());
    if (dropping &&
        std::any_of(used.begin(), used.end(), [&](std::size_t k) { return std::isnan(row[k]); }))
      continue;
    const auto ur = static_cast<std::size_t>(r);
    if (target.present) {
      if (target.classify) {
        const S v = row[target.columns[0]];
        int cls = -1;
        if (!target.level_map.empty()) {
          cls = target.level_map[static_cast<std::size_t>(v)];
        } else {
          const auto it = std::lower_bound(target.values.begin(), target.values.end(), double(v));
          if (it != target.values.end() && *it == double(v)) cls = int(it - target.values.begin());
        }
        if (cls < 0) {
          std::string text = target.level_map.empty()
                                 ? io::shortest_text(v)
                                 : t.columns[target.columns[0]].levels[std::size_t(v)];
          throw std::invalid_argument(row_place(t, ur, target.columns[0]) + ": class '" +
                                      io::shown_field(text) + "' is not one the model knows");
        }
        d.labels.push_back(cls);
      } else {
        for (std::size_t i = 0; i < target.columns.size(); ++i)
          d.y(Index(i), kept) = row[target.columns[i]];
      }
    }
    S* out = xout + kept * nf;
    for (const auto& p : inputs) {
      const S v = row[p.column];
      if (p.level_map.empty()) {
        *out++ = v;
        continue;
      }
      const int at = p.level_map[static_cast<std::size_t>(v)];
      if (at < 0) {
        std::string known;
        for (const auto& l : p.known) known += (known.empty() ? "" : ", ") + io::shown_field(l);
        throw std::invalid_argument(row_place(t, ur, p.column) + ": level '" +
                                    io::shown_field(t.columns[p.column].levels[std::size_t(v)]) +
                                    "' was not in the training data (levels: " + known + ")");
      }
      std::fill(out, out + p.width, S(0));
      out[at] = S(1);
      out += p.width;
    }
    if (rows != nullptr) rows->push_back(ur + 1);
    ++kept;
  }
  if (kept == 0) {
    throw std::invalid_argument("'" + t.source + "': no rows left after dropping " +
                                std::to_string(n_in) + " with missing values");
  }
  if (in_place) {
    // Same size: Eigen only relabels the shape. Then a shrink that keeps the first dimension,
    // which Eigen does with realloc (in place), and the final shape, again a relabelling.
    t.cells.resize(1, width * n_in);
    t.cells.conservativeResize(1, nf * kept);
    t.cells.resize(nf, kept);
    d.x = std::move(t.cells);
  } else {
    fresh.conservativeResize(nf, kept);
    d.x = std::move(fresh);
  }
  if (d.y.size() > 0) d.y.conservativeResize(d.y.rows(), kept);
  return d;
}

InputPlan numeric_input(std::size_t column) {
  InputPlan p;
  p.column = column;
  return p;
}

}  // namespace

std::vector<std::string> parse_name_list(const std::string& text, const std::string& flag) {
  std::vector<std::string> out;
  io::CsvReader csv(text);  // names may be quoted like header cells ("a,b",c)
  try {
    if (csv.next()) out.assign(csv.fields().begin(), csv.fields().end());
  } catch (const io::CsvSyntaxError& e) {
    throw std::invalid_argument(flag + " '" + text + "': " + e.detail());
  }
  if (out.empty()) throw std::invalid_argument(flag + " needs at least one column name");
  for (const auto& n : out)
    if (n.empty()) throw std::invalid_argument(flag + " '" + text + "': an empty column name");
  return out;
}

template <class S>
Dataset<S> read_training_table(const TableRequest& req, DataSchema& schema) {
  if (req.targets.empty()) {
    throw std::invalid_argument("--data " + req.path +
                                " is a table: name its target with "
                                "--target COLUMN (several for multi-output regression)");
  }
  if (!req.task.empty() && req.task != "classify" && req.task != "regress")
    throw std::invalid_argument("--task '" + req.task + "' is not one of classify, regress");
  io::TypedTable<S> t = io::read_typed_table<S>(req.path);
  schema = DataSchema{};
  schema.kind = "table";
  schema.targets = req.targets;
  TargetPlan target;
  target.present = true;
  for (const auto& name : req.targets) {
    const std::size_t k = t.index_of(name, "--target");
    if (std::find(target.columns.begin(), target.columns.end(), k) != target.columns.end())
      throw std::invalid_argument("--target names column '" + name + "' twice");
    target.columns.push_back(k);
  }
  const io::TableColumn& first = t.columns[target.columns[0]];
  if (!first.text && first.integers) {  // the distinct values: the classes, if it is classified
    const auto& v = t.cells.row(Index(target.columns[0]));
    for (Index i = 0; i < v.size(); ++i)
      if (!std::isnan(v[i])) target.values.push_back(double(v[i]));
    std::sort(target.values.begin(), target.values.end());
    target.values.erase(std::unique(target.values.begin(), target.values.end()),
                        target.values.end());
  }
  // Detected: text, or integers spelled as such ("3", not "3.0") with few distinct values; a
  // count or a price in whole units is a regression target however it is spelled.
  bool classify = first.text || (first.integer_text && first.integers &&
                                 target.values.size() <= kMaxDetectedClasses);
  if (req.targets.size() > 1) classify = false;
  if (req.task == "classify") {
    if (req.targets.size() > 1)
      throw std::invalid_argument(
          "--task classify takes one --target column (several targets "
          "are multi-output regression)");
    if (!first.text && !first.integers)
      throw std::invalid_argument("--task classify: --target column '" + first.name +
                                  "' holds numbers that are not all integers");
    classify = true;
  } else if (req.task == "regress") {
    classify = false;
  }
  for (std::size_t k : target.columns) {
    if (!classify && t.columns[k].text) {
      throw std::invalid_argument("--target column '" + t.columns[k].name + "' holds text ('" +
                                  io::shown_field(t.columns[k].levels[0]) +
                                  "'): a regression target must be numeric");
    }
  }
  schema.task = classify ? "classify" : "regress";
  target.classify = classify;
  if (classify) {
    if (first.text) {
      schema.classes = sorted_levels(first);
      target.level_map = map_levels(first.levels, schema.classes);
    } else {
      for (double c : target.values) schema.classes.push_back(io::shortest_text(c));
    }
    if (schema.classes.size() < 2) {
      throw std::invalid_argument(
          "--target column '" + first.name + "' holds only one class ('" +
          io::shown_field(schema.classes.empty() ? std::string() : schema.classes[0]) +
          "'); classification needs at least two");
    }
  }

  std::vector<std::size_t> feature_columns;
  if (req.features.empty()) {
    for (std::size_t k = 0; k < t.columns.size(); ++k)
      if (std::find(target.columns.begin(), target.columns.end(), k) == target.columns.end())
        feature_columns.push_back(k);
    if (feature_columns.empty())
      throw std::invalid_argument("--data " + req.path + ": no columns left for features");
  } else {
    for (const auto& name : req.features) {
      const std::size_t k = t.index_of(name, "--features");
      if (std::find(target.columns.begin(), target.columns.end(), k) != target.columns.end())
        throw std::invalid_argument("--features: column '" + name + "' is also a --target");
      feature_columns.push_back(k);
    }
  }
  std::vector<InputPlan> inputs;
  for (std::size_t k : feature_columns) {
    FeatureColumn f;
    f.name = t.columns[k].name;
    InputPlan p = numeric_input(k);
    if (t.columns[k].text) {
      // A text column with a new value on most rows (a name, an identifier) is no category:
      // one-hot encoding it would add an input per row and teach nothing.
      const std::size_t levels = t.columns[k].levels.size();
      if (levels > 100 && 2 * levels > t.rows()) {
        throw std::invalid_argument("--data " + req.path + ": column '" + f.name + "' holds " +
                                    std::to_string(levels) + " distinct texts in " +
                                    std::to_string(t.rows()) +
                                    " rows (an identifier?); leave it out with --features");
      }
      f.levels = sorted_levels(t.columns[k]);
      p.level_map = map_levels(t.columns[k].levels, f.levels);
      p.width = f.width();
    }
    schema.features.push_back(std::move(f));
    inputs.push_back(std::move(p));
  }
  Dataset<S> d = assemble(t, inputs, target, req.drop_missing, nullptr);
  d.classes = classify ? static_cast<int>(schema.classes.size()) : 0;
  return d;
}

template <class S>
Dataset<S> read_table_with_schema(const std::string& path, const DataSchema& schema,
                                  bool drop_missing, bool need_targets, bool& has_targets,
                                  std::vector<std::size_t>* rows) {
  io::TableOptions options;
  for (const auto& f : schema.features)
    if (!f.levels.empty()) options.text_columns.push_back(f.name);
  if (schema.classification()) options.text_columns.push_back(schema.targets.at(0));
  io::TypedTable<S> t = io::read_typed_table<S>(path, options);
  TargetPlan target;
  target.classify = schema.classification();
  target.present = true;
  for (const auto& name : schema.targets) {
    const auto it = std::find_if(t.columns.begin(), t.columns.end(),
                                 [&](const io::TableColumn& c) { return c.name == name; });
    if (it == t.columns.end()) {
      target.present = false;
      break;
    }
    target.columns.push_back(static_cast<std::size_t>(it - t.columns.begin()));
  }
  if (!target.present && need_targets) t.index_of(schema.targets.at(0), "--test");  // throws
  if (!target.present) target.columns.clear();
  if (target.present && target.classify)
    target.level_map = map_levels(t.columns[target.columns[0]].levels, schema.classes);
  if (target.present && !target.classify) {
    for (std::size_t k : target.columns)
      if (t.columns[k].text)
        throw std::invalid_argument("'" + path + "': target column '" + t.columns[k].name +
                                    "' holds text; the model predicts numbers for it");
  }
  std::vector<InputPlan> inputs;
  for (const auto& f : schema.features) {
    InputPlan p = numeric_input(t.index_of(f.name, "--data (a column the model was trained on)"));
    const io::TableColumn& c = t.columns[p.column];
    if (f.levels.empty() && c.text) {
      throw std::invalid_argument("'" + path + "': column '" + f.name + "' holds text ('" +
                                  io::shown_field(c.levels[0]) +
                                  "'); the model was trained on numbers in it");
    }
    if (!f.levels.empty()) {
      p.level_map = map_levels(c.levels, f.levels);
      p.width = f.width();
      p.known = f.levels;
    }
    inputs.push_back(std::move(p));
  }
  Dataset<S> d = assemble(t, inputs, target, drop_missing, rows);
  has_targets = target.present;
  d.classes = target.present && target.classify ? static_cast<int>(schema.classes.size()) : 0;
  return d;
}

template <class S>
void fit_target_scaling(DataSchema& schema, Dataset<S>& train, Dataset<S>* test) {
  if (schema.classification() || train.y.size() == 0) return;
  schema.target_shift.clear();
  schema.target_scale.clear();
  for (Index i = 0; i < train.y.rows(); ++i) {
    const auto row = train.y.row(i).template cast<double>();
    const double mean = row.mean();
    const double var = (row.array() - mean).square().sum() / double(row.size());
    schema.target_shift.push_back(mean);
    schema.target_scale.push_back(var > 0 ? 1.0 / std::sqrt(var) : 1.0);
  }
  schema.scale_targets(train.y);
  if (test != nullptr && test->y.size() > 0) schema.scale_targets(test->y);
}

#define OPTIM_NN_TABLE(S)                                                                          \
  template Dataset<S> read_training_table<S>(const TableRequest&, DataSchema&);                    \
  template Dataset<S> read_table_with_schema<S>(const std::string&, const DataSchema&, bool, bool, \
                                                bool&, std::vector<std::size_t>*);                 \
  template void fit_target_scaling<S>(DataSchema&, Dataset<S>&, Dataset<S>*);
OPTIM_NN_TABLE(float)
OPTIM_NN_TABLE(double)
#undef OPTIM_NN_TABLE

}  // namespace optim::nn
