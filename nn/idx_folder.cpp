#include "nn/idx_folder.hpp"

#include <algorithm>
#include <filesystem>
#include <stdexcept>

#include "nn/idx.hpp"

namespace optim::nn {
namespace {

namespace fs = std::filesystem;

bool ends_with(const std::string& s, const std::string& tail) {
  return s.size() >= tail.size() && s.compare(s.size() - tail.size(), tail.size(), tail) == 0;
}

// The file of `dir` for one role: the name ends with one of `suffixes` (each also with ".gz").
std::string find_role(const std::string& dir, const std::vector<std::string>& suffixes) {
  std::vector<std::string> found;
  for (const auto& entry : fs::directory_iterator(dir)) {
    const std::string name = entry.path().filename().string();
    for (const auto& s : suffixes)
      if (ends_with(name, s) || ends_with(name, s + ".gz")) found.push_back(entry.path().string());
  }
  std::sort(found.begin(), found.end());
  if (found.size() > 1) {
    throw std::invalid_argument("--data " + dir + ": two files for one role ('" + found[0] +
                                "' and '" + found[1] + "'); keep one");
  }
  return found.empty() ? std::string() : found[0];
}

}  // namespace

std::vector<std::string> IdxFolder::files() const {
  std::vector<std::string> out = {train_images, train_labels};
  if (!test_images.empty()) out.insert(out.end(), {test_images, test_labels});
  return out;
}

bool is_idx_folder(const std::string& dir) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return false;
  return !find_role(dir, {"train-images-idx3-ubyte"}).empty();
}

IdxFolder find_idx_folder(const std::string& dir) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec))
    throw std::invalid_argument("--data " + dir + " is not a folder of IDX files");
  IdxFolder f;
  f.train_images = find_role(dir, {"train-images-idx3-ubyte"});
  f.train_labels = find_role(dir, {"train-labels-idx1-ubyte"});
  if (f.train_images.empty() || f.train_labels.empty()) {
    throw std::invalid_argument("--data " + dir +
                                ": no training pair (files ending in train-images-idx3-ubyte and "
                                "train-labels-idx1-ubyte, optionally .gz)");
  }
  f.test_images = find_role(dir, {"t10k-images-idx3-ubyte", "test-images-idx3-ubyte"});
  f.test_labels = find_role(dir, {"t10k-labels-idx1-ubyte", "test-labels-idx1-ubyte"});
  if (f.test_images.empty() != f.test_labels.empty()) {
    throw std::invalid_argument("--data " + dir + ": a test " +
                                (f.test_images.empty() ? "labels file without its images"
                                                       : "images file without its labels"));
  }
  return f;
}

template <class S>
void load_idx_folder(const IdxFolder& folder, Dataset<S>& train, Dataset<S>& test,
                     DataSchema& schema) {
  const IdxArray train_img = read_idx(folder.train_images);
  const IdxArray train_lab = read_idx(folder.train_labels);
  IdxArray test_img, test_lab;
  if (!folder.test_images.empty()) {
    test_img = read_idx(folder.test_images);
    test_lab = read_idx(folder.test_labels);
  }
  int top = 0;
  for (const IdxArray* lab : {&train_lab, static_cast<const IdxArray*>(&test_lab)})
    for (std::uint8_t l : lab->data) top = std::max(top, int(l));
  const int classes = top + 1;
  if (classes < 2) {
    throw std::invalid_argument("--data: the labels of '" + folder.train_labels +
                                "' hold one class only");
  }
  train = idx_classification<S>(train_img, train_lab, classes, folder.train_images,
                                folder.train_labels);
  if (!folder.test_images.empty()) {
    test =
        idx_classification<S>(test_img, test_lab, classes, folder.test_images, folder.test_labels);
    if (test.features() != train.features()) {
      throw std::invalid_argument("--data: test images of '" + folder.test_images + "' have " +
                                  std::to_string(test.features()) + " pixels, training images " +
                                  std::to_string(train.features()));
    }
  } else {
    test = Dataset<S>{};
  }
  schema = DataSchema{};
  schema.kind = "idx";
  schema.task = "classify";
  schema.pixels = train.features();
  for (int c = 0; c < classes; ++c) schema.classes.push_back(std::to_string(c));
}

template void load_idx_folder<float>(const IdxFolder&, Dataset<float>&, Dataset<float>&,
                                     DataSchema&);
template void load_idx_folder<double>(const IdxFolder&, Dataset<double>&, Dataset<double>&,
                                      DataSchema&);

}  // namespace optim::nn
