// libFuzzer target: the NIST StRD .dat reader (io/nist_file), then the data set as a
// table and its model text through the expression parser, as `optim fit --nist` does.
#include <cstdint>
#include <cstdlib>
#include <sstream>
#include <stdexcept>
#include <string>

#include "io/nist_file.hpp"
#include "io/nist_table.hpp"
#include "problems/expr/parser.hpp"

using namespace optim;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::istringstream in(std::string(reinterpret_cast<const char*>(data), size));
  try {
    const io::NistDataset d = io::parse_nist(in, "fuzz.dat");
    const long p = d.num_params();
    if (static_cast<long>(d.start1.size()) != p || static_cast<long>(d.certified.size()) != p ||
        d.y.size() != d.observations || d.x.rows() != d.observations) {
      std::abort();
    }
    const io::DataTable t = io::table_from_nist(d);
    if (t.rows() != static_cast<std::size_t>(d.observations)) std::abort();
    const auto eq = d.model.find('=');
    (void)expr::parse(d.model.substr(eq + 1));
  } catch (const std::invalid_argument&) {
  }
  return 0;
}
