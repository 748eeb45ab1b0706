// libFuzzer target: the model file reader of `optim predict` (nn/model_io). Every corrupt file
// must end in std::invalid_argument; an accepted one must rebuild a network of matching size.
#include <cstdint>
#include <cstdlib>
#include <stdexcept>

#include "nn/model_io.hpp"

using namespace optim::nn;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  try {
    const Model m = parse_model(data, size, "fuzz.model");
    const Network<double> net(m.spec);
    if (net.num_params() != m.params.size()) std::abort();
  } catch (const std::invalid_argument&) {
  }
  return 0;
}
