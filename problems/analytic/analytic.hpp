#pragma once
// The analytic test functions. Each class is an Objective<S> + HessianProvider<S> with
// exact gradient and Hessian; each *_problem() factory returns the function with its facts
// (standard start, known minimisers, minimum, notes). One .cpp per function, explicitly
// instantiated for float and double. The quadratic lives in quadratic.hpp (it is also a library
// building block for step-size studies). Formulas and facts are cited in each .cpp.
#include "problems/analytic/analytic_objective.hpp"

namespace optim::problems {

// Declares an analytic function class of fixed or free dimension with evaluate() and hessian().
#define OPTIM_DECLARE_ANALYTIC(Name)                      \
  template <class S>                                      \
  class Name final : public AnalyticObjective<S> {        \
   public:                                                \
    explicit Name(Index n = 2);                           \
    S evaluate(const Vec<S>& x, Vec<S>* grad) override;   \
    void hessian(const Vec<S>& x, Mat<S>* hess) override; \
  };

// n-dimensional functions (the constructor validates n).
OPTIM_DECLARE_ANALYTIC(Sphere)          // sum x_i^2
OPTIM_DECLARE_ANALYTIC(Rastrigin)       // 10 n + sum (x_i^2 - 10 cos 2 pi x_i)
OPTIM_DECLARE_ANALYTIC(Ackley)          // a = 20, b = 0.2, c = 2 pi
OPTIM_DECLARE_ANALYTIC(StyblinskiTang)  // 1/2 sum (x^4 - 16 x^2 + 5 x)
// Two-dimensional functions (n must be 2).
OPTIM_DECLARE_ANALYTIC(Beale)
OPTIM_DECLARE_ANALYTIC(Booth)
OPTIM_DECLARE_ANALYTIC(Matyas)
OPTIM_DECLARE_ANALYTIC(Himmelblau)
OPTIM_DECLARE_ANALYTIC(ThreeHumpCamel)
OPTIM_DECLARE_ANALYTIC(GoldsteinPrice)
OPTIM_DECLARE_ANALYTIC(Saddle)        // x^2 - y^2
OPTIM_DECLARE_ANALYTIC(MonkeySaddle)  // x^3 - 3 x y^2

#undef OPTIM_DECLARE_ANALYTIC

// Extended (even n) Rosenbrock, with an exact Hessian-vector product of its own: H is block
// diagonal with 2 x 2 blocks, so H v costs O(n) where forming H would cost O(n^2) memory
// (matrix-free methods such as newton-cg run it at n = 10^6).
template <class S>
class Rosenbrock final : public AnalyticObjective<S> {
 public:
  explicit Rosenbrock(Index n = 2);
  S evaluate(const Vec<S>& x, Vec<S>* grad) override;
  void hessian(const Vec<S>& x, Mat<S>* hess) override;
  void hessian_vector(const Vec<S>& x, const Vec<S>& v, Vec<S>* hv) override;
};

template <class S>
Problem<S> sphere_problem(Index n);
template <class S>
Problem<S> rosenbrock_problem(Index n);
template <class S>
Problem<S> rastrigin_problem(Index n);
template <class S>
Problem<S> ackley_problem(Index n);
template <class S>
Problem<S> styblinski_tang_problem(Index n);
template <class S>
Problem<S> beale_problem();
template <class S>
Problem<S> booth_problem();
template <class S>
Problem<S> matyas_problem();
template <class S>
Problem<S> himmelblau_problem();
template <class S>
Problem<S> three_hump_camel_problem();
template <class S>
Problem<S> goldstein_price_problem();
template <class S>
Problem<S> saddle_problem();
template <class S>
Problem<S> monkey_saddle_problem();

// Explicit instantiations live in the .cpp files.
#define OPTIM_EXTERN_ANALYTIC(S)           \
  extern template class Sphere<S>;         \
  extern template class Rosenbrock<S>;     \
  extern template class Rastrigin<S>;      \
  extern template class Ackley<S>;         \
  extern template class StyblinskiTang<S>; \
  extern template class Beale<S>;          \
  extern template class Booth<S>;          \
  extern template class Matyas<S>;         \
  extern template class Himmelblau<S>;     \
  extern template class ThreeHumpCamel<S>; \
  extern template class GoldsteinPrice<S>; \
  extern template class Saddle<S>;         \
  extern template class MonkeySaddle<S>;
OPTIM_EXTERN_ANALYTIC(float)
OPTIM_EXTERN_ANALYTIC(double)
#undef OPTIM_EXTERN_ANALYTIC

}  // namespace optim::problems
