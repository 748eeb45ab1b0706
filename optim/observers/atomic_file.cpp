#include "optim/observers/atomic_file.hpp"

#include <unistd.h>

#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <system_error>

namespace optim {

void write_file_atomically(const std::string& path,
                           const std::function<void(std::ostream&)>& writer) {
  if (path.empty()) throw std::invalid_argument("output path is empty");
  const std::string tmp = path + ".tmp." + std::to_string(::getpid());
  auto discard = [&] {
    std::error_code ec;
    std::filesystem::remove(tmp, ec);
  };
  {
    std::ofstream os(tmp, std::ios::binary | std::ios::trunc);
    if (!os) throw std::runtime_error("cannot open '" + tmp + "' for writing");
    try {
      writer(os);
    } catch (...) {
      os.close();
      discard();
      throw;
    }
    os.flush();
    if (!os) {
      os.close();
      discard();
      throw std::runtime_error("writing '" + path + "' failed");
    }
  }
  std::error_code ec;
  std::filesystem::rename(tmp, path, ec);
  if (ec) {
    discard();
    throw std::runtime_error("cannot rename '" + tmp + "' to '" + path + "': " + ec.message());
  }
}

int format_double(double v, char* buf) {
  if (std::isnan(v)) {
    std::memcpy(buf, "nan", 3);
    return 3;
  }
  if (std::isinf(v)) {
    const char* s = v > 0 ? "inf" : "-inf";
    const int n = v > 0 ? 3 : 4;
    std::memcpy(buf, s, static_cast<std::size_t>(n));
    return n;
  }
  const auto r = std::to_chars(buf, buf + 32, v);
  return static_cast<int>(r.ptr - buf);
}

}  // namespace optim
