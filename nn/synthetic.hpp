#pragma once
// Built-in synthetic data sets, so that examples and tests need no download. All are seeded
// (std::mt19937_64): the same seed gives the same set.
#include <cstdint>
#include <string>

#include "nn/dataset.hpp"

namespace optim::nn {

// The four XOR points (0,0)->0, (0,1)->1, (1,0)->1, (1,1)->0, each repeated `copies` times.
template <class S>
Dataset<S> make_xor(Index copies = 1);

// Two interleaved spirals (2 classes, 2 features), n points per class, Gaussian noise sd `noise`.
template <class S>
Dataset<S> make_spirals(Index n_per_class, double noise, std::uint64_t seed);

// `classes` isotropic Gaussian blobs in `dims` dimensions (centres on a circle / hypercube
// corners of radius 3, unit variance), n points per class.
template <class S>
Dataset<S> make_blobs(Index n_per_class, int classes, Index dims, std::uint64_t seed);

// Regression: x ~ U[-pi, pi], y = sin(x) + N(0, noise^2); one feature, one target.
template <class S>
Dataset<S> make_sine(Index n, double noise, std::uint64_t seed);

// By name ("xor", "spirals", "blobs", "sine") with default sizes, for the CLI. `classes` is the
// number of blobs (0: 3, the default); the other sets have a fixed number and refuse any other.
template <class S>
Dataset<S> make_synthetic(const std::string& name, Index n, std::uint64_t seed, int classes = 0);

}  // namespace optim::nn
