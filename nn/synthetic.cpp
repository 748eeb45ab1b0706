#include "nn/synthetic.hpp"

#include <cmath>
#include <random>
#include <stdexcept>

#include "optim/params.hpp"

namespace optim::nn {

template <class S>
Dataset<S> make_xor(Index copies) {
  if (copies < 1) throw_out_of_range("xor copies", double(copies), ">= 1");
  Dataset<S> d;
  d.name = "xor";
  d.classes = 2;
  d.x.resize(2, 4 * copies);
  const int truth[4][3] = {{0, 0, 0}, {0, 1, 1}, {1, 0, 1}, {1, 1, 0}};
  for (Index c = 0; c < copies; ++c)
    for (Index k = 0; k < 4; ++k) {
      d.x(0, 4 * c + k) = S(truth[k][0]);
      d.x(1, 4 * c + k) = S(truth[k][1]);
      d.labels.push_back(truth[k][2]);
    }
  return d;
}

template <class S>
Dataset<S> make_spirals(Index n_per_class, double noise, std::uint64_t seed) {
  if (n_per_class < 1) throw_out_of_range("spirals points per class", double(n_per_class), ">= 1");
  Dataset<S> d;
  d.name = "spirals";
  d.classes = 2;
  d.x.resize(2, 2 * n_per_class);
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> eps(0.0, noise);
  for (Index i = 0; i < n_per_class; ++i) {
    // Radius grows with the angle over 1.75 turns; class 1 is class 0 rotated by pi.
    const double t = 0.25 + 3.5 * M_PI * double(i) / double(n_per_class);
    const double r = t / (3.5 * M_PI) * 5.0;
    for (int c = 0; c < 2; ++c) {
      const double ang = t + c * M_PI;
      const Index j = 2 * i + c;
      d.x(0, j) = S(r * std::cos(ang) + eps(rng));
      d.x(1, j) = S(r * std::sin(ang) + eps(rng));
      d.labels.push_back(c);
    }
  }
  return d;
}

template <class S>
Dataset<S> make_blobs(Index n_per_class, int classes, Index dims, std::uint64_t seed) {
  if (n_per_class < 1) throw_out_of_range("blobs points per class", double(n_per_class), ">= 1");
  if (classes < 2) throw_out_of_range("blobs classes", classes, ">= 2");
  if (dims < 2) throw_out_of_range("blobs dims", double(dims), ">= 2");
  Dataset<S> d;
  d.name = "blobs";
  d.classes = classes;
  d.x.resize(dims, n_per_class * classes);
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> z(0.0, 1.0);
  for (Index i = 0; i < n_per_class; ++i) {
    for (int c = 0; c < classes; ++c) {
      const Index j = i * classes + c;
      const double ang = 2 * M_PI * c / classes;
      for (Index k = 0; k < dims; ++k) {
        const double centre = k == 0 ? 3 * std::cos(ang) : k == 1 ? 3 * std::sin(ang) : 0.0;
        d.x(k, j) = S(centre + z(rng));
      }
      d.labels.push_back(c);
    }
  }
  return d;
}

template <class S>
Dataset<S> make_sine(Index n, double noise, std::uint64_t seed) {
  if (n < 1) throw_out_of_range("sine samples", double(n), ">= 1");
  Dataset<S> d;
  d.name = "sine";
  d.x.resize(1, n);
  d.y.resize(1, n);
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> u(-M_PI, M_PI);
  std::normal_distribution<double> eps(0.0, noise);
  for (Index j = 0; j < n; ++j) {
    const double x = u(rng);
    d.x(0, j) = S(x);
    d.y(0, j) = S(std::sin(x) + eps(rng));
  }
  return d;
}

template <class S>
Dataset<S> make_synthetic(const std::string& name, Index n, std::uint64_t seed, int classes) {
  if (name == "blobs") {
    const int k = classes == 0 ? 3 : classes;
    if (k < 2 || k > 1000) {
      throw std::invalid_argument("--classes " + std::to_string(k) + ": blobs needs 2 .. 1000");
    }
    return make_blobs<S>(std::max<Index>(1, n / k), k, 2, seed);
  }
  if (classes != 0 && (name == "xor" || name == "spirals" || name == "sine")) {
    throw std::invalid_argument("--classes applies to blobs only (data set '" + name +
                                "' has a fixed number of classes)");
  }
  if (name == "xor") return make_xor<S>(std::max<Index>(1, n / 4));
  if (name == "spirals") return make_spirals<S>(std::max<Index>(1, n / 2), 0.1, seed);
  if (name == "sine") return make_sine<S>(n, 0.1, seed);
  throw std::invalid_argument("unknown synthetic data set '" + name +
                              "' (known: xor, spirals, blobs, sine)");
}

#define OPTIM_NN_INSTANTIATE(S)                                        \
  template Dataset<S> make_xor<S>(Index);                              \
  template Dataset<S> make_spirals<S>(Index, double, std::uint64_t);   \
  template Dataset<S> make_blobs<S>(Index, int, Index, std::uint64_t); \
  template Dataset<S> make_sine<S>(Index, double, std::uint64_t);      \
  template Dataset<S> make_synthetic<S>(const std::string&, Index, std::uint64_t, int);
OPTIM_NN_INSTANTIATE(float)
OPTIM_NN_INSTANTIATE(double)
#undef OPTIM_NN_INSTANTIATE

}  // namespace optim::nn
