#include "nn/gauss_newton_diagonal.hpp"

#include <cmath>

#include "nn/activation.hpp"

namespace optim::nn {

template <class S>
void gauss_newton_diagonal(Network<S>& net, const Vec<S>& params, const Dataset<S>& data,
                           Vec<S>& diag, GaussNewtonDiagonalWork<S>& work) {
  const Index n = data.size(), k = net.outputs();
  const Loss loss = net.spec().loss;
  diag.setZero();
  if (loss == Loss::L1 || n == 0) return;  // H_i = 0 wherever the loss is differentiable
  const Index np = diag.size();
  if (work.acc.size() != np) work.acc.resize(np);
  if (work.grad.size() != np) work.grad.resize(np);
  if (work.p.size() != k) work.p.resize(k);
  if (work.col.size() != k) work.col.resize(k);
  Vec<double>& acc = work.acc;
  Vec<S>&scratch = work.grad, &p = work.p, &col = work.col;
  acc.setZero();
  net.reserve(1);
  for (Index i = 0; i < n; ++i) {
    const auto z = net.forward(params, data.x.col(i));
    if (loss == Loss::SoftmaxCrossEntropy) {
      const S m = z.col(0).maxCoeff();
      p = (z.col(0).array() - m).exp();
      p /= p.sum();
    }
    for (Index c = 0; c < k; ++c) {
      // Column c of the factor L_i of H_i.
      switch (loss) {
        case Loss::Mse:
          col.setZero();
          col[c] = S(1);
          break;
        case Loss::BinaryCrossEntropy: {
          const S s = sigmoid(z(c, 0));
          col.setZero();
          col[c] = std::sqrt(s * (S(1) - s));
          break;
        }
        case Loss::SoftmaxCrossEntropy:
          col = -std::sqrt(p[c]) * p;
          col[c] += std::sqrt(p[c]);
          break;
        case Loss::L1:
          break;
      }
      std::copy(col.data(), col.data() + k, net.output_delta());
      scratch.setZero();
      net.backward(params, data.x.col(i), scratch);
      acc += scratch.template cast<double>().cwiseAbs2();
    }
  }
  diag = (acc / static_cast<double>(n)).template cast<S>();
}

template void gauss_newton_diagonal<float>(Network<float>&, const Vec<float>&,
                                           const Dataset<float>&, Vec<float>&,
                                           GaussNewtonDiagonalWork<float>&);
template void gauss_newton_diagonal<double>(Network<double>&, const Vec<double>&,
                                            const Dataset<double>&, Vec<double>&,
                                            GaussNewtonDiagonalWork<double>&);

}  // namespace optim::nn
