#pragma once
// Per-class figures from a confusion matrix counts[true][predicted]:
//   precision_k = C[k][k] / sum_i C[i][k]   (of the samples predicted k, the share that are k)
//   recall_k    = C[k][k] / sum_j C[k][j]   (of the samples that are k, the share predicted k)
//   F1_k        = 2 precision_k recall_k / (precision_k + recall_k)
// A ratio with a zero denominator is 0 (scikit-learn's zero_division=0), so a class never
// predicted has precision 0 rather than NaN.
#include <vector>

namespace optim::nn {

struct ClassMetrics {
  double precision = 0, recall = 0, f1 = 0;
  long support = 0;  // samples of the class
};

std::vector<ClassMetrics> per_class_metrics(const std::vector<std::vector<long>>& confusion);

}  // namespace optim::nn
