#include "optim/result.hpp"

#include <sstream>

namespace optim {

template <class S>
std::string Result<S>::brief_report() const {
  std::ostringstream os;
  os.precision(10);
  os << "method " << method << ": " << to_string(status) << " (" << message << ")\n"
     << "  f = " << f << ", |g| = " << grad_norm << ", iterations = " << iterations
     << ", f evals = " << evals.f << ", g evals = " << evals.g << ", h evals = " << evals.h
     << ", time = " << time_s << " s";
  if (bounded) {
    os << "\n  bounds: " << active.summary() << " (|g| is the projected-gradient norm)";
    if (start_projected) os << "; the start point was projected onto the box";
  }
  if (gradient_source == GradientSource::CentralDifferences)
    os << "\n  gradient by central finite differences (f evals count calls of the function)";
  return os.str();
}

template struct Result<float>;
template struct Result<double>;

}  // namespace optim
