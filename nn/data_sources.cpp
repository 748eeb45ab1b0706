#include "nn/data_sources.hpp"

#include <algorithm>
#include <filesystem>
#include <sstream>
#include <stdexcept>

#include "nn/idx.hpp"
#include "nn/idx_folder.hpp"
#include "nn/synthetic.hpp"
#include "optim/checkpoint/input_identity.hpp"

namespace optim::nn {

template <class S>
void load_named_data(const DataRequest& req, Dataset<S>& train, Dataset<S>& test) {
  if (req.name == "mnist") {
    if (req.classes != 0) {
      throw std::invalid_argument("--classes applies to blobs only (data set 'mnist' has 10)");
    }
    // exists(), not opening the file: opening a fifo for reading would wait for a writer. What
    // the path is (regular file or not) is read_idx's check.
    if (!std::filesystem::exists(req.dir + "/train-images-idx3-ubyte")) {
      throw std::invalid_argument("MNIST not found in '" + req.dir +
                                  "' (run scripts/fetch_mnist.sh, or pass --data-dir)");
    }
    load_mnist<S>(req.dir, train, test);
    return;
  }
  if (req.name == "xor") {  // the four points are the whole distribution
    train = make_synthetic<S>("xor", req.n, req.seed, req.classes);
    test = make_xor<S>(1);
    return;
  }
  train = make_synthetic<S>(req.name, req.n, req.seed, req.classes);
  test = make_synthetic<S>(req.name, req.n, req.seed + 1, req.classes);
}

DataKind data_kind(const std::string& data) {
  for (const char* named : {"mnist", "xor", "spirals", "blobs", "sine"})
    if (data == named) return DataKind::Named;
  std::error_code ec;
  return std::filesystem::is_directory(data, ec) ? DataKind::IdxFolder : DataKind::Table;
}

template <class S>
void load_file_data(const DataRequest& req, Dataset<S>& train, Dataset<S>& test,
                    DataSchema& schema) {
  if (!(req.test_fraction >= 0 && req.test_fraction < 1)) {
    std::ostringstream f;
    f << req.test_fraction;
    throw std::invalid_argument("--test-fraction " + f.str() + ": must be in (0, 1)");
  }
  if (req.classes != 0)
    throw std::invalid_argument("--classes applies to blobs only (the classes of '" + req.name +
                                "' come from its labels)");
  const double fraction = req.test_fraction > 0 ? req.test_fraction : 0.2;
  // The split's own seed (the run's seed also draws the initial weights and the batches).
  const std::uint64_t split_seed = req.seed + 11;
  Dataset<S> all;
  if (data_kind(req.name) == DataKind::IdxFolder) {
    if (!req.test_path.empty())
      throw std::invalid_argument("--test takes a CSV table; an IDX folder brings its test pair");
    const IdxFolder folder = find_idx_folder(req.name);
    load_idx_folder<S>(folder, all, test, schema);
    if (test.size() > 0) {
      if (req.test_fraction > 0)
        throw std::invalid_argument("--test-fraction: the folder '" + req.name +
                                    "' has its own test pair (" + folder.test_images + ")");
      train = std::move(all);
    } else {
      stratified_split(std::move(all), fraction, split_seed, train, test);
    }
    return;
  }
  TableRequest t = req.table;
  t.path = req.name;
  all = read_training_table<S>(t, schema);
  if (!req.test_path.empty()) {
    if (req.test_fraction > 0)
      throw std::invalid_argument("--test and --test-fraction: give one of them");
    bool has_targets = false;
    test = read_table_with_schema<S>(req.test_path, schema, t.drop_missing, true, has_targets);
    train = std::move(all);
  } else {
    stratified_split(std::move(all), fraction, split_seed, train, test);
  }
  fit_target_scaling(schema, train, &test);
}

std::vector<Index> network_layers(const std::string& layers, const std::string& hidden,
                                  Index inputs, Index outputs, const std::string& default_hidden) {
  if (!layers.empty() && !hidden.empty())
    throw std::invalid_argument("--layers and --hidden: give one of them");
  if (!layers.empty()) {
    std::vector<Index> w = parse_layers(layers);
    if (inputs > 0 && w.front() != inputs) {
      throw std::invalid_argument("--layers " + layers + ": the input width is " +
                                  std::to_string(w.front()) + " but the data have " +
                                  std::to_string(inputs) + " inputs (or give --hidden only)");
    }
    if (outputs > 0 && w.back() != outputs) {
      throw std::invalid_argument("--layers " + layers + ": the output width is " +
                                  std::to_string(w.back()) + " but the data need " +
                                  std::to_string(outputs) + " outputs (or give --hidden only)");
    }
    return w;
  }
  const std::string h = hidden.empty() ? default_hidden : hidden;
  std::vector<Index> w;
  try {
    w = parse_layers("1," + h);  // hidden widths alone may be a single number
  } catch (const std::invalid_argument&) {
    throw std::invalid_argument("--hidden '" + h +
                                "': expected positive hidden widths, e.g. 256,256");
  }
  w.front() = inputs;
  w.push_back(outputs);
  return w;
}

std::vector<std::string> data_files(const DataRequest& req) {
  const DataKind kind = data_kind(req.name);
  if (kind == DataKind::IdxFolder) return find_idx_folder(req.name).files();
  if (kind == DataKind::Table) {
    std::error_code ec;
    if (!std::filesystem::exists(req.name, ec)) {
      throw std::invalid_argument("unknown data set '" + req.name +
                                  "' (known: mnist, xor, spirals, blobs, sine; or a CSV file, or a "
                                  "folder of IDX files)");
    }
    std::vector<std::string> out = {req.name};
    if (!req.test_path.empty()) out.push_back(req.test_path);
    return out;
  }
  if (req.name != "mnist") return {};
  std::vector<std::string> out;
  for (const char* file : {"train-images-idx3-ubyte", "train-labels-idx1-ubyte",
                           "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"})
    out.push_back(req.dir + "/" + file);
  return out;
}

std::vector<std::string> data_identity(const DataRequest& req) {
  if (req.name == "mnist" || data_kind(req.name) != DataKind::Named) {
    std::vector<std::string> out;
    for (const std::string& file : data_files(req)) out.push_back(file_identity(file));
    return out;
  }
  if (req.name == "xor") {  // no randomness: the copies are the whole set
    return {"synthetic xor copies=" + std::to_string(std::max<Index>(1, req.n / 4))};
  }
  return {"synthetic " + req.name + " n=" + std::to_string(req.n) +
          " seed=" + std::to_string(req.seed) +
          (req.classes != 0 ? " classes=" + std::to_string(req.classes) : std::string())};
}

std::vector<Index> default_layers(const std::string& name, int classes) {
  if (name == "mnist") return {784, 128, 10};
  if (name == "xor") return {2, 8, 2};
  if (name == "spirals") return {2, 32, 32, 2};
  if (name == "blobs") return {2, 16, classes > 0 ? classes : 3};
  if (name == "sine") return {1, 32, 1};
  throw std::invalid_argument("unknown data set '" + name +
                              "' (known: mnist, xor, spirals, blobs, sine)");
}

std::vector<Index> parse_layers(const std::string& text) {
  std::vector<Index> out;
  std::stringstream ss(text);
  std::string item;
  while (std::getline(ss, item, ',')) {
    try {
      size_t used = 0;
      const long v = std::stol(item, &used);
      if (used != item.size() || v < 1) throw std::invalid_argument("bad");
      out.push_back(static_cast<Index>(v));
    } catch (const std::exception&) {
      throw std::invalid_argument("layers '" + text + "': '" + item +
                                  "' is not a positive integer (expected e.g. 784,128,10)");
    }
  }
  if (out.size() < 2) {
    throw std::invalid_argument("layers '" + text +
                                "' needs at least an input and an output width");
  }
  return out;
}

template void load_named_data<float>(const DataRequest&, Dataset<float>&, Dataset<float>&);
template void load_named_data<double>(const DataRequest&, Dataset<double>&, Dataset<double>&);
template void load_file_data<float>(const DataRequest&, Dataset<float>&, Dataset<float>&,
                                    DataSchema&);
template void load_file_data<double>(const DataRequest&, Dataset<double>&, Dataset<double>&,
                                     DataSchema&);

}  // namespace optim::nn
