// libFuzzer target: the checkpoint reader of `optim minimize/train --resume`
// (optim/checkpoint). The first byte picks the layer: odd, a whole framed file through
// read_checkpoint (magic, version, length, checksum, then the entries); even, the entry payload
// straight into StateReader, which the checksum would otherwise shield from almost every mutated
// input. Every damaged input must end in std::runtime_error; an accepted one is then queried like
// a resume does (by name, with type and length checks).
#include <cstdint>
#include <stdexcept>
#include <string_view>

#include "optim/checkpoint/checkpoint_file.hpp"

using namespace optim;

namespace {

void query(const StateReader& r) {
  // Names a first-order run stores (driver.iteration, method.rule.m, ...) and a few that are
  // never stored: found or refused, never read out of bounds.
  for (const char* name : {"iteration", "driver.iteration", "x", "method.rule.m", "rng", "kind"}) {
    try {
      (void)r.get_int(name);
    } catch (const std::runtime_error&) {
    }
    try {
      (void)r.get_reals(name);
    } catch (const std::runtime_error&) {
    }
    try {
      (void)r.get_text(name);
    } catch (const std::runtime_error&) {
    }
    try {
      Vec<float> v(3);
      r.get_vec(name, v);
    } catch (const std::runtime_error&) {
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::string_view bytes(reinterpret_cast<const char*>(data) + 1, size - 1);
  try {
    if (data[0] & 1) {
      query(read_checkpoint(bytes));
    } else {
      query(StateReader(bytes));
    }
  } catch (const std::runtime_error&) {
  }
  return 0;
}
