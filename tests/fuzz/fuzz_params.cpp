// libFuzzer target: the hyper-parameter string of `--params` (optim/params: key=value,key=value)
// and the typed getters the methods use on it. Bad text must end in std::invalid_argument.
#include <cstdint>
#include <stdexcept>
#include <string>

#include "optim/params.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  try {
    const optim::ParamSet p = optim::ParamSet::parse(text);
    for (const char* key : {"lr", "m", "beta1", "a", "x"}) {
      try {
        (void)p.get_double(key, 0.5);
      } catch (const std::invalid_argument&) {
      }
      try {
        (void)p.get_int(key, 3);
      } catch (const std::invalid_argument&) {
      }
      try {
        (void)p.get_bool(key, false);
      } catch (const std::invalid_argument&) {
      }
      (void)p.get_string(key, "");
    }
  } catch (const std::invalid_argument&) {
  }
  return 0;
}
