// Himmelblau function (Himmelblau 1972): f(x, y) = (x^2 + y - 11)^2 + (x + y^2 - 7)^2.
// Four global minima with f = 0 (the common zeros of both residuals). Apart from (3, 2) they are
// irrational; the coordinates below come from a 40-digit Newton solve of the residual system,
// rounded to 19 significant digits (the test re-checks that the gradient vanishes there). There
// is also a local maximum near (-0.2708, -0.9230) and four saddle points.
#include "problems/analytic/analytic.hpp"

namespace optim::problems {

template <class S>
Himmelblau<S>::Himmelblau(Index n) : AnalyticObjective<S>(n) {
  require_fixed_dim("himmelblau", n, 2);
}

template <class S>
S Himmelblau<S>::evaluate(const Vec<S>& v, Vec<S>* grad) {
  const S x = v[0], y = v[1];
  const S r1 = x * x + y - S(11), r2 = x + y * y - S(7);
  if (grad != nullptr) {
    (*grad)[0] = S(4) * x * r1 + S(2) * r2;
    (*grad)[1] = S(2) * r1 + S(4) * y * r2;
  }
  return r1 * r1 + r2 * r2;
}

template <class S>
void Himmelblau<S>::hessian(const Vec<S>& v, Mat<S>* hess) {
  const S x = v[0], y = v[1];
  const S r1 = x * x + y - S(11), r2 = x + y * y - S(7);
  const S hxx = S(4) * r1 + S(8) * x * x + S(2);
  const S hxy = S(4) * (x + y);
  const S hyy = S(4) * r2 + S(8) * y * y + S(2);
  (*hess) << hxx, hxy, hxy, hyy;
}

template <class S>
Problem<S> himmelblau_problem() {
  return analytic_problem<S>(
      "himmelblau", std::make_unique<Himmelblau<S>>(), vec_of<S>({0.0, 0.0}),
      {vec_of<S>({3.0, 2.0}), vec_of<S>({-2.805118086952744853, 3.131312518250572966}),
       vec_of<S>({-3.779310253377746892, -3.283185991286169412}),
       vec_of<S>({3.584428340330491745, -1.848126526964403554})},
      0.0,
      "four global minima (f = 0), one local maximum, four saddles; which minimum a method "
      "reaches depends on the start");
}

template class Himmelblau<float>;
template class Himmelblau<double>;
template Problem<float> himmelblau_problem<float>();
template Problem<double> himmelblau_problem<double>();

}  // namespace optim::problems
