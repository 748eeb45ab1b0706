#include "nn/data_sources.hpp"

#include <algorithm>
#include <filesystem>
#include <sstream>
#include <stdexcept>

#include "nn/idx.hpp"
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

std::vector<std::string> data_files(const DataRequest& req) {
  if (req.name != "mnist") return {};
  std::vector<std::string> out;
  for (const char* file : {"train-images-idx3-ubyte", "train-labels-idx1-ubyte",
                           "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"})
    out.push_back(req.dir + "/" + file);
  return out;
}

std::vector<std::string> data_identity(const DataRequest& req) {
  if (req.name == "mnist") {
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

}  // namespace optim::nn
