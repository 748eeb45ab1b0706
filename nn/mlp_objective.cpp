#include "nn/mlp_objective.hpp"

#include <algorithm>
#include <cmath>
#include <random>
#include <stdexcept>

#include "optim/parallel/thread_pool.hpp"
#include "optim/params.hpp"

namespace optim::nn {

template <class S>
void check_network_fits(const Network<S>& net, const Dataset<S>& data) {
  data.validate();
  if (data.features() != net.inputs()) {
    throw std::invalid_argument("data set '" + data.name + "' has " +
                                std::to_string(data.features()) + " features but the network has " +
                                std::to_string(net.inputs()) + " inputs");
  }
  // The loss reads one output row per class (softmax) or per target; a narrower network would be
  // read out of bounds, a wider one would score outputs that mean nothing.
  const Loss loss = net.spec().loss;
  const std::string outputs = "the network has " + std::to_string(net.outputs()) + " output" +
                              (net.outputs() == 1 ? "" : "s") + " but data set '" + data.name +
                              "' has ";
  if (loss == Loss::SoftmaxCrossEntropy) {
    if (!data.classification()) {
      throw std::invalid_argument("softmax cross-entropy needs a classification set; '" +
                                  data.name + "' has target values");
    }
    if (data.classes != net.outputs()) {
      throw std::invalid_argument(outputs + std::to_string(data.classes) +
                                  " classes (softmax cross-entropy needs one output per class)");
    }
  } else if (data.y.size() > 0) {
    if (data.y.rows() != net.outputs()) {
      throw std::invalid_argument(outputs + std::to_string(data.y.rows()) +
                                  (data.y.rows() == 1 ? " target" : " targets") + " per sample");
    }
  } else if (loss == Loss::BinaryCrossEntropy) {
    if (net.outputs() != 1 || data.classes != 2) {
      throw std::invalid_argument(outputs + std::to_string(data.classes) +
                                  " classes (bce on class labels needs one output and 2 classes)");
    }
  } else {
    throw std::invalid_argument("loss " + to_string(loss) +
                                " needs target values (or 2 classes "
                                "with one output for bce); '" +
                                data.name + "' has neither");
  }
}

template <class S>
MlpObjective<S>::MlpObjective(Network<S>& net, const Dataset<S>& data, double weight_decay,
                              Index chunk, double l1)
    : net_(net), data_(data), lambda_(weight_decay), mu_(l1), chunk_(chunk) {
  check_network_fits(net_, data_);
  if (!(weight_decay >= 0)) throw_out_of_range("weight_decay", weight_decay, "[0, inf)");
  if (!(l1 >= 0 && std::isfinite(l1))) throw_out_of_range("l1", l1, "[0, inf)");
  if (chunk_ < 1) throw_out_of_range("chunk", double(chunk_), ">= 1");
  if (net_.spec().loss == Loss::BinaryCrossEntropy && data_.y.size() == 0) {
    targets_.resize(1, data_.size());  // 0/1 labels as the Bernoulli targets of one sigmoid unit
    for (Index j = 0; j < data_.size(); ++j)
      targets_(0, j) = static_cast<S>(data_.labels[static_cast<size_t>(j)]);
  }
  const Index cap = std::min(chunk_, std::max<Index>(data_.size(), 1));
  net_.reserve(cap);
  gtmp_.resize(net_.num_params());
}

template <class S>
void MlpObjective<S>::set_augment(const AugmentSpec& spec) {
  spec.validate();
  side_ = spec.active() ? image_side(data_.features()) : 0;
  augment_ = spec;
  image_.resize(side_ * side_);
}

template <class S>
void MlpObjective<S>::set_input_noise(double sd) {
  if (!(sd >= 0 && std::isfinite(sd))) throw_out_of_range("input_noise", sd, ">= 0 and finite");
  noise_sd_ = sd;
}

template <class S>
S MlpObjective<S>::decay(const Vec<S>& x, Vec<S>* grad) const {
  if (lambda_ == 0 && mu_ == 0) return S(0);
  const S lam = static_cast<S>(lambda_), mu = static_cast<S>(mu_);
  S sum2 = 0, sum1 = 0;
  for (const auto& s : net_.slots()) {
    auto w = x.segment(s.w, s.in * s.out);
    if (lambda_ != 0) {
      sum2 += w.squaredNorm();
      if (grad) grad->segment(s.w, s.in * s.out) += S(2) * lam * w;  // d/dW lambda ||W||^2
    }
    if (mu_ != 0) {
      sum1 += w.template lpNorm<1>();
      // Subgradient of mu sum |W_ij|: mu sign(W_ij), sign(0) = 0 (seed 002 "L1 Weight Decay").
      if (grad) {
        auto gw = grad->segment(s.w, s.in * s.out);
        for (Index i = 0; i < w.size(); ++i) gw[i] += mu * S((w[i] > S(0)) - (w[i] < S(0)));
      }
    }
  }
  return lam * sum2 + mu * sum1;
}

template <class S>
S MlpObjective<S>::run(const Vec<S>& x, const Eigen::Ref<const Mat<S>>& xb,
                       const BatchTargets<S>& t, Vec<S>* grad, S scale, bool train,
                       bool accumulate) {
  auto logits = net_.forward(x, xb, train);
  const S loss =
      loss_sum<S>(net_.spec().loss, logits, t, grad ? net_.output_delta() : nullptr, scale);
  if (train && data_.classification()) {
    Network<S>::predict_labels(logits, pred_);
    for (size_t j = 0; j < pred_.size(); ++j) run_correct_ += pred_[j] == t.labels[j] ? 1 : 0;
  }
  if (train) {
    run_loss_ += double(loss);
    run_samples_ += xb.cols();
  }
  if (grad) {
    if (accumulate) {
      net_.backward(x, xb, gtmp_);
      *grad += gtmp_;
    } else {
      net_.backward(x, xb, *grad);
    }
  }
  return loss;
}

template <class S>
S MlpObjective<S>::evaluate(const Vec<S>& x, Vec<S>* grad) {
  const Index n = data_.size();
  const Mat<S>& y = targets_.size() > 0 ? targets_ : data_.y;
  const S scale = S(1) / static_cast<S>(n);
  double total = 0;
  for (Index first = 0; first < n; first += chunk_) {
    const Index count = std::min(chunk_, n - first);
    BatchTargets<S> t;
    if (y.size() > 0) {
      t.y = y.data() + first * y.rows();
      t.ld = y.rows();
    }
    if (!data_.labels.empty())
      t.labels = std::span<const int>(data_.labels.data() + first, static_cast<size_t>(count));
    total += double(run(x, data_.x.middleCols(first, count), t, grad, scale, false, first > 0));
  }
  return static_cast<S>(total / double(n)) + decay(x, grad);
}

template <class S>
void MlpObjective<S>::hessian_vector(const Vec<S>& x, const Vec<S>& v, Vec<S>* hv) {
  const Index n = data_.size();
  const Mat<S>& y = targets_.size() > 0 ? targets_ : data_.y;
  const S scale = S(1) / static_cast<S>(n);
  hv->setZero();
  for (Index first = 0; first < n; first += chunk_) {  // evaluate()'s chunks
    const Index count = std::min(chunk_, n - first);
    BatchTargets<S> t;
    if (y.size() > 0) {
      t.y = y.data() + first * y.rows();
      t.ld = y.rows();
    }
    if (!data_.labels.empty())
      t.labels = std::span<const int>(data_.labels.data() + first, static_cast<size_t>(count));
    hvp_.accumulate(net_, x, data_.x.middleCols(first, count), t, v, scale, *hv);
  }
  if (lambda_ != 0) {
    const S twice = S(2) * static_cast<S>(lambda_);  // d2/dW2 lambda ||W||^2 = 2 lambda I
    for (const auto& s : net_.slots())
      hv->segment(s.w, s.in * s.out) += twice * v.segment(s.w, s.in * s.out);
  }
}

template <class S>
void MlpObjective<S>::curvature_diagonal(const Vec<S>& x, Vec<S>* d) {
  gauss_newton_diagonal<S>(net_, x, data_, *d, diag_work_);
  if (lambda_ != 0) {
    const S twice = S(2) * static_cast<S>(lambda_);  // d2/dW2 lambda ||W||^2 = 2 lambda I
    for (const auto& s : net_.slots()) d->segment(s.w, s.in * s.out).array() += twice;
  }
}

template <class S>
BatchTargets<S> MlpObjective<S>::gather(std::span<const Index> batch) {
  const Index b = static_cast<Index>(batch.size());
  const Mat<S>& y = targets_.size() > 0 ? targets_ : data_.y;
  if (xb_.cols() < b) {
    xb_.resize(data_.features(), b);
    if (y.size() > 0) yb_.resize(y.rows(), b);
    lb_.resize(static_cast<size_t>(b));
  }
  // Gather the batch's columns: scattered reads from the whole data set, so shared among the
  // threads in runs of columns holding >= 16384 values.
  const Index grain = std::max<Index>(1, 16384 / std::max<Index>(data_.features(), 1));
  parallel_range(b, grain, [&](Index first, Index last) {
    for (Index j = first; j < last; ++j) {
      const Index src = batch[static_cast<size_t>(j)];
      xb_.col(j) = data_.x.col(src);
      if (y.size() > 0) yb_.col(j) = y.col(src);
      if (!data_.labels.empty())
        lb_[static_cast<size_t>(j)] = data_.labels[static_cast<size_t>(src)];
    }
  });
  BatchTargets<S> t;
  if (y.size() > 0) {
    t.y = yb_.data();
    t.ld = yb_.rows();
  }
  if (!data_.labels.empty()) t.labels = std::span<const int>(lb_.data(), static_cast<size_t>(b));
  return t;
}

template <class S>
S MlpObjective<S>::evaluate_batch(const Vec<S>& x, std::span<const Index> batch, Vec<S>* grad) {
  const Index b = static_cast<Index>(batch.size());
  if (b == 0) throw std::invalid_argument("evaluate_batch called with an empty batch");
  const BatchTargets<S> t = gather(batch);
  if (augment_.active())
    augment_columns<S>(xb_.leftCols(b), side_, augment_, net_.dropout_rng(), image_);
  if (noise_sd_ > 0) {
    // A fresh distribution per batch: its state is the engine's alone (checkpoints save that).
    std::normal_distribution<double> normal(0.0, noise_sd_);
    S* v = xb_.data();  // the batch's b columns are the first b * features values
    for (Index i = 0; i < data_.features() * b; ++i)
      v[i] += static_cast<S>(normal(net_.dropout_rng()));
  }
  const S loss = run(x, xb_.leftCols(b), t, grad, S(1) / static_cast<S>(b), true, false);
  return loss / static_cast<S>(b) + decay(x, grad);
}

template <class S>
S MlpObjective<S>::evaluate_exact(const Vec<S>& x, std::span<const Index> batch, Vec<S>* grad) {
  const Index b = static_cast<Index>(batch.size());
  if (b == 0) throw std::invalid_argument("evaluate_exact called with an empty batch");
  const S scale = S(1) / static_cast<S>(b);
  bool consecutive = true;
  for (Index j = 1; j < b && consecutive; ++j)
    consecutive = batch[static_cast<size_t>(j)] == batch[0] + j;
  S loss;
  if (consecutive) {  // a block of the full set: read in place, as evaluate() does
    const Index first = batch[0];
    if (first < 0 || first + b > data_.size())
      throw std::out_of_range("evaluate_exact: samples outside the data set");
    const Mat<S>& y = targets_.size() > 0 ? targets_ : data_.y;
    BatchTargets<S> t;
    if (y.size() > 0) {
      t.y = y.data() + first * y.rows();
      t.ld = y.rows();
    }
    if (!data_.labels.empty())
      t.labels = std::span<const int>(data_.labels.data() + first, static_cast<size_t>(b));
    loss = run(x, data_.x.middleCols(first, b), t, grad, scale, false, false);
  } else {
    const BatchTargets<S> t = gather(batch);
    loss = run(x, xb_.leftCols(b), t, grad, scale, false, false);
  }
  return loss / static_cast<S>(b) + decay(x, grad);
}

template <class S>
void evaluate_chunks(Network<S>& net, const Vec<S>& params, const Dataset<S>& data, Index chunk,
                     Index first_chunk, Index end_chunk, double* loss_sums, std::int64_t* correct,
                     std::vector<int>* predicted) {
  const Index n = data.size();
  check_network_fits(net, data);
  const Loss loss = net.spec().loss;
  std::vector<int> pred;
  Mat<S> y01;  // 0/1 labels as a target row (BCE on labels), for the chunk being evaluated
  for (Index c = first_chunk; c < end_chunk; ++c) {
    const Index first = c * chunk, count = std::min(chunk, n - first);
    auto logits = net.forward(params, data.x.middleCols(first, count), false);
    BatchTargets<S> t;
    if (data.y.size() > 0) {
      t.y = data.y.data() + first * data.y.rows();
      t.ld = data.y.rows();
    } else if (loss != Loss::SoftmaxCrossEntropy) {
      y01.resize(1, count);
      for (Index j = 0; j < count; ++j)
        y01(0, j) = static_cast<S>(data.labels[static_cast<size_t>(first + j)]);
      t.y = y01.data();
      t.ld = 1;
    }
    if (!data.labels.empty())
      t.labels = std::span<const int>(data.labels.data() + first, static_cast<size_t>(count));
    loss_sums[c - first_chunk] = double(loss_sum<S>(loss, logits, t, nullptr, S(1)));
    std::int64_t right = 0;
    if (data.classification()) {
      Network<S>::predict_labels(logits, pred);
      for (Index j = 0; j < count; ++j) {
        if (predicted != nullptr) predicted->push_back(pred[static_cast<size_t>(j)]);
        right += pred[static_cast<size_t>(j)] == data.labels[static_cast<size_t>(first + j)];
      }
    }
    correct[c - first_chunk] = right;
  }
}

template <class S>
EvalSummary<S> summarize_chunks(const Dataset<S>& data, std::span<const double> loss_sums,
                                std::span<const std::int64_t> correct) {
  EvalSummary<S> out;
  double total = 0;
  std::int64_t right = 0;
  for (std::size_t c = 0; c < loss_sums.size(); ++c) {
    total += loss_sums[c];
    right += correct[c];
  }
  out.loss = total / double(data.size());
  if (data.classification()) out.accuracy = double(right) / double(data.size());
  return out;
}

template <class S>
EvalSummary<S> evaluate_network(Network<S>& net, const Vec<S>& params, const Dataset<S>& data,
                                Index chunk) {
  const Index n = data.size();
  if (n == 0) return {};
  const Index chunks = (n + chunk - 1) / chunk;
  std::vector<double> loss_sums(static_cast<std::size_t>(chunks));
  std::vector<std::int64_t> correct(loss_sums.size());
  std::vector<int> predicted;
  evaluate_chunks(net, params, data, chunk, 0, chunks, loss_sums.data(), correct.data(),
                  data.classification() ? &predicted : nullptr);
  EvalSummary<S> out = summarize_chunks(data, loss_sums, correct);
  out.predicted = std::move(predicted);
  return out;
}

template <class S>
double zero_weight_fraction(const Network<S>& net, const Vec<S>& params) {
  Index zeros = 0, total = 0;
  for (const auto& s : net.slots()) {
    auto w = params.segment(s.w, s.in * s.out);
    zeros += (w.array() == S(0)).count();
    total += w.size();
  }
  return total > 0 ? double(zeros) / double(total) : 0.0;
}

template void check_network_fits<float>(const Network<float>&, const Dataset<float>&);
template void check_network_fits<double>(const Network<double>&, const Dataset<double>&);
template class MlpObjective<float>;
template class MlpObjective<double>;
template double zero_weight_fraction<float>(const Network<float>&, const Vec<float>&);
template double zero_weight_fraction<double>(const Network<double>&, const Vec<double>&);
template void evaluate_chunks<float>(Network<float>&, const Vec<float>&, const Dataset<float>&,
                                     Index, Index, Index, double*, std::int64_t*,
                                     std::vector<int>*);
template void evaluate_chunks<double>(Network<double>&, const Vec<double>&, const Dataset<double>&,
                                      Index, Index, Index, double*, std::int64_t*,
                                      std::vector<int>*);
template EvalSummary<float> summarize_chunks<float>(const Dataset<float>&, std::span<const double>,
                                                    std::span<const std::int64_t>);
template EvalSummary<double> summarize_chunks<double>(const Dataset<double>&,
                                                      std::span<const double>,
                                                      std::span<const std::int64_t>);
template EvalSummary<float> evaluate_network<float>(Network<float>&, const Vec<float>&,
                                                    const Dataset<float>&, Index);
template EvalSummary<double> evaluate_network<double>(Network<double>&, const Vec<double>&,
                                                      const Dataset<double>&, Index);

}  // namespace optim::nn
