#include "launch.hpp"

namespace optim::cli {

std::shared_ptr<Communicator>& launch_communicator() {
  static std::shared_ptr<Communicator> comm;
  return comm;
}

}  // namespace optim::cli
