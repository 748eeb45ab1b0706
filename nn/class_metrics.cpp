#include "nn/class_metrics.hpp"

namespace optim::nn {

std::vector<ClassMetrics> per_class_metrics(const std::vector<std::vector<long>>& confusion) {
  const std::size_t k = confusion.size();
  std::vector<ClassMetrics> out(k);
  for (std::size_t c = 0; c < k; ++c) {
    long predicted = 0, actual = 0;
    for (std::size_t i = 0; i < k; ++i) {
      predicted += confusion[i][c];
      actual += confusion[c][i];
    }
    const double hit = double(confusion[c][c]);
    ClassMetrics& m = out[c];
    m.support = actual;
    m.precision = predicted > 0 ? hit / double(predicted) : 0;
    m.recall = actual > 0 ? hit / double(actual) : 0;
    m.f1 = m.precision + m.recall > 0 ? 2 * m.precision * m.recall / (m.precision + m.recall) : 0;
  }
  return out;
}

}  // namespace optim::nn
