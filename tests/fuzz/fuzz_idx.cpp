// libFuzzer target: the IDX reader of the MNIST files (io/idx, and nn/idx for the classification
// set). The input is split at its first byte into an image file and a label file, which then go
// through the classification loader's checks, as `optim train --data mnist` reads them.
#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <stdexcept>
#include <string>

#include "nn/idx.hpp"

using namespace optim::nn;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::size_t cut = std::min<std::size_t>(data[0], size - 1);
  try {
    const IdxArray a = parse_idx(data + 1, size - 1, "fuzz.idx");
    if (a.data.size() != a.count()) std::abort();
  } catch (const std::invalid_argument&) {
  }
  try {
    const IdxArray img = parse_idx(data + 1, cut, "images");
    const IdxArray lab = parse_idx(data + 1 + cut, size - 1 - cut, "labels");
    const Dataset<float> d = idx_classification<float>(img, lab, 10, "images", "labels");
    if (d.labels.size() != static_cast<std::size_t>(d.x.cols())) std::abort();
  } catch (const std::invalid_argument&) {
  }
  return 0;
}
