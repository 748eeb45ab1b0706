#include "nn/layer_gradients.hpp"

#include <algorithm>
#include <limits>
#include <stdexcept>

#include "optim/checkpoint/state_archive.hpp"
#include "optim/observers/atomic_file.hpp"
#include "optim/params.hpp"

namespace optim::nn {

template <class S>
LayerGradients<S>::LayerGradients(Network<S>& net, const Dataset<S>& data, Index chunk)
    : net_(net), data_(data), loss_(net, data, 0.0, chunk), chunk_(std::max<Index>(1, chunk)) {
  grad_.resize(net.num_params());
  const Index cols = std::min(chunk_, std::max<Index>(1, data.size()));
  Index hidden_units = 0;
  for (const LayerSlot& s : net.slots()) {
    if (!s.hidden) continue;
    a_.emplace_back(s.out, cols);
    hidden_units += s.out;
  }
  alive_.resize(size_t(hidden_units));
}

template <class S>
void LayerGradients<S>::measure(const Vec<S>& params, int epoch,
                                std::vector<LayerGradientRow>& out) {
  // The gradient of the mean loss over the whole set, as the full-batch methods see it; the
  // trainer's coupled L2 penalty is left out (lambda W would hide how small the loss's part is).
  (void)loss_.evaluate(params, &grad_);
  const std::vector<LayerSlot>& slots = net_.slots();
  const Index first_row = Index(out.size());
  for (size_t l = 0; l < slots.size(); ++l) {
    const LayerSlot& s = slots[l];
    LayerGradientRow r;
    r.epoch = epoch;
    r.layer = Index(l) + 1;
    r.fan_in = s.in;
    r.units = s.out;
    r.weight_grad_norm = double(grad_.segment(s.w, s.out * s.in).norm());
    r.bias_grad_norm = double(grad_.segment(s.b, s.out).norm());
    r.dead_units = s.hidden ? 0 : -1;
    out.push_back(r);
  }
  // Dead units: alive_ marks, for every hidden unit of every layer (the layers' units one after
  // another), whether g'(z) != 0 on some sample; the whole set goes through in chunks.
  const Activation act = net_.spec().hidden;
  const S fixed_p = static_cast<S>(net_.spec().act_param());
  std::fill(alive_.begin(), alive_.end(), char(0));
  const Index n = data_.size();
  for (Index first = 0; first < n; first += chunk_) {
    const Index count = std::min(chunk_, n - first);
    size_t unit0 = 0;  // the layer's first unit in alive_
    for (size_t l = 0; l < slots.size() && slots[l].hidden; ++l) {
      const LayerSlot& s = slots[l];
      Eigen::Map<const Mat<S>> w(params.data() + s.w, s.out, s.in);
      auto a = a_[l].leftCols(count);
      if (l == 0)
        a.noalias() = w * data_.x.middleCols(first, count);
      else
        a.noalias() = w * a_[l - 1].leftCols(count);
      for (Index j = 0; j < count; ++j) {
        for (Index i = 0; i < s.out; ++i) {
          const S p = s.p >= 0 ? params[s.p + i] : fixed_p;
          const S z = a(i, j) + params[s.b + i];
          if (activate_dz<S>(act, z, p) != S(0)) alive_[unit0 + size_t(i)] = 1;
          a(i, j) = activate<S>(act, z, p);
        }
      }
      unit0 += size_t(s.out);
    }
  }
  size_t unit0 = 0;
  for (size_t l = 0; l < slots.size() && slots[l].hidden; ++l) {
    Index dead = 0;
    for (Index i = 0; i < slots[l].out; ++i) dead += alive_[unit0 + size_t(i)] == 0;
    out[size_t(first_row) + l].dead_units = dead;
    unit0 += size_t(slots[l].out);
  }
}

template <class S>
void LayerGradientObserver<S>::on_start(const IterationRecord<S>& rec) {
  // A resumed run (rec.k > 0) gets its earlier rows from the checkpoint (archive()).
  if (rec.k == 0) measure_.measure(*rec.x, 0, rows_);
}

template <class S>
Status LayerGradientObserver<S>::on_iteration(const IterationRecord<S>& rec) {
  if (rec.epoch_end) measure_.measure(*rec.x, int(rec.epoch), rows_);
  return Status::Running;
}

template <class S>
void LayerGradientObserver<S>::archive(StateArchive& a) {
  constexpr size_t kFields = 7;
  std::vector<double> flat;
  if (a.saving()) {
    for (const LayerGradientRow& r : rows_) {
      for (double v : {double(r.epoch), double(r.layer), double(r.fan_in), double(r.units),
                       r.weight_grad_norm, r.bias_grad_norm, double(r.dead_units)})
        flat.push_back(v);
    }
  }
  a.field("layer_rows", flat);
  if (!a.loading()) return;
  if (flat.size() % kFields != 0)
    throw std::runtime_error("checkpoint per-layer gradient rows are inconsistent");
  std::vector<LayerGradientRow> rows;
  for (size_t i = 0; i < flat.size(); i += kFields) {
    const double* v = flat.data() + i;
    LayerGradientRow r;
    r.epoch = int(std::min<std::int64_t>(count_from_double(v[0], "epoch number"),
                                         std::numeric_limits<int>::max()));
    r.layer = count_from_double(v[1], "layer number");
    r.fan_in = count_from_double(v[2], "layer fan-in");
    r.units = count_from_double(v[3], "layer width");
    r.weight_grad_norm = v[4];
    r.bias_grad_norm = v[5];
    r.dead_units = v[6] < 0 ? -1 : count_from_double(v[6], "dead units");
    rows.push_back(r);
  }
  rows_ = std::move(rows);
}

void write_layer_trace_csv(const std::string& path, const std::vector<LayerGradientRow>& rows) {
  write_file_atomically(path, [&](std::ostream& out) {
    out << "epoch,layer,fan_in,units,weight_grad_norm,bias_grad_norm,dead_units\n";
    out.precision(10);
    for (const LayerGradientRow& r : rows) {
      out << r.epoch << ',' << r.layer << ',' << r.fan_in << ',' << r.units << ','
          << r.weight_grad_norm << ',' << r.bias_grad_norm << ',';
      if (r.dead_units >= 0) out << r.dead_units;
      out << '\n';
    }
  });
}

template class LayerGradients<float>;
template class LayerGradients<double>;
template class LayerGradientObserver<float>;
template class LayerGradientObserver<double>;

}  // namespace optim::nn
