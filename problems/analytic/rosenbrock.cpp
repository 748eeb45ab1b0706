// Extended Rosenbrock function (Moré, Garbow & Hillstrom 1981, problem 21; Rosenbrock 1960):
//   f(x) = sum_{i=0}^{n/2-1} 100 (x_{2i+1} - x_{2i}^2)^2 + (1 - x_{2i})^2,   n even,
// a sum of independent 2-D "banana" valleys. Start (-1.2, 1, -1.2, 1, ...); minimum 0 at ones.
#include "problems/analytic/analytic.hpp"

namespace optim::problems {

template <class S>
Rosenbrock<S>::Rosenbrock(Index n) : AnalyticObjective<S>(n) {
  require_dim("rosenbrock", n, 2, /*even=*/true);
}

template <class S>
S Rosenbrock<S>::evaluate(const Vec<S>& x, Vec<S>* grad) {
  S f = 0;
  for (Index i = 0; i + 1 < this->n_; i += 2) {
    const S a = x[i], b = x[i + 1];
    const S t = b - a * a;  // valley residual
    const S u = S(1) - a;
    f += S(100) * t * t + u * u;
    if (grad != nullptr) {
      (*grad)[i] = S(-400) * a * t - S(2) * u;
      (*grad)[i + 1] = S(200) * t;
    }
  }
  return f;
}

template <class S>
void Rosenbrock<S>::hessian(const Vec<S>& x, Mat<S>* hess) {
  hess->setZero();
  for (Index i = 0; i + 1 < this->n_; i += 2) {
    const S a = x[i], b = x[i + 1];
    (*hess)(i, i) = S(1200) * a * a - S(400) * b + S(2);
    (*hess)(i, i + 1) = (*hess)(i + 1, i) = S(-400) * a;
    (*hess)(i + 1, i + 1) = S(200);
  }
}

// H v block by block, the 2 x 2 blocks of hessian() above applied to (v_2i, v_2i+1).
template <class S>
void Rosenbrock<S>::hessian_vector(const Vec<S>& x, const Vec<S>& v, Vec<S>* hv) {
  for (Index i = 0; i + 1 < this->n_; i += 2) {
    const S a = x[i], b = x[i + 1];
    const S h11 = S(1200) * a * a - S(400) * b + S(2), h12 = S(-400) * a;
    (*hv)[i] = h11 * v[i] + h12 * v[i + 1];
    (*hv)[i + 1] = h12 * v[i] + S(200) * v[i + 1];
  }
}

template <class S>
Problem<S> rosenbrock_problem(Index n) {
  auto obj = std::make_unique<Rosenbrock<S>>(n);  // validates n before x0 is built
  Vec<S> x0(n);
  for (Index i = 0; i < n; ++i) x0[i] = (i % 2 == 0) ? S(-1.2) : S(1);
  return analytic_problem<S>(
      "rosenbrock", std::move(obj), x0, {Vec<S>::Ones(n)}, 0.0,
      "curved narrow valley; Hessian condition ~2500 at the minimum; slow for gradient descent");
}

template class Rosenbrock<float>;
template class Rosenbrock<double>;
template Problem<float> rosenbrock_problem<float>(Index);
template Problem<double> rosenbrock_problem<double>(Index);

}  // namespace optim::problems
