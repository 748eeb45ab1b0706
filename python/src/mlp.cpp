// optim._Mlp: a multilayer perceptron trained on NumPy arrays by nn::train_network, the trainer of
// `optim train` (python/optim/_mlp.py wraps it as optim.train_mlp). X is (N, features) as NumPy
// holds it; the library's data sets are features x N, so the binding transposes once.
// Classification for integer labels 0..K-1 (K softmax outputs, cross-entropy), regression for
// float targets (MSE). Inputs are standardised on the training data (stored in the model file).
#include <memory>

#include "common.hpp"
#include "nn/bagging.hpp"
#include "nn/dataset.hpp"
#include "nn/model_io.hpp"
#include "nn/network.hpp"
#include "nn/trainer.hpp"
#include "optim/registry.hpp"
#include "optim/settings/stop_fields.hpp"

namespace optim::python {

namespace {

Mat<double> features_by_samples(
    const py::array_t<double, py::array::c_style | py::array::forcecast>& x) {
  if (x.ndim() != 2) throw py::value_error("X must be a 2-D array (samples, features)");
  const Index n = x.shape(0), d = x.shape(1);
  Mat<double> out(d, n);
  auto a = x.unchecked<2>();
  for (Index j = 0; j < n; ++j)
    for (Index i = 0; i < d; ++i) out(i, j) = a(j, i);
  return out;
}

py::array_t<double> samples_by_outputs(const Mat<double>& m) {
  py::array_t<double> out({m.cols(), m.rows()});
  auto a = out.mutable_unchecked<2>();
  for (Index j = 0; j < m.cols(); ++j)
    for (Index i = 0; i < m.rows(); ++i) a(j, i) = m(i, j);
  return out;
}

class Mlp {
 public:
  static Mlp train(py::array_t<double, py::array::c_style | py::array::forcecast> X, py::array y,
                   const std::vector<Index>& hidden, const std::string& activation,
                   const std::string& method, int epochs, py::dict options, double l2,
                   double validation, int patience, std::uint64_t seed, bool standardize) {
    Mlp m;
    nn::Dataset<double> all;
    all.name = "python";
    all.x = features_by_samples(X);
    const Index n = all.x.cols();
    // Integer labels: classification; anything else: regression targets.
    const char kind = y.dtype().kind();
    const bool classify = kind == 'i' || kind == 'u';
    if (classify) {
      auto lab = py::array_t<long, py::array::c_style | py::array::forcecast>::ensure(y);
      if (lab.ndim() != 1 || lab.size() != n)
        throw py::value_error("y (class labels) must have one entry per row of X");
      long top = -1;
      for (Index j = 0; j < n; ++j) {
        const long c = lab.data()[j];
        if (c < 0) throw py::value_error("class labels must be 0, 1, ..., K-1");
        all.labels.push_back(static_cast<int>(c));
        top = std::max(top, c);
      }
      all.classes = static_cast<int>(top + 1);
      if (all.classes < 2) throw py::value_error("classification needs at least two classes");
    } else {
      auto t = py::array_t<double, py::array::c_style | py::array::forcecast>::ensure(y);
      if (!t || t.shape(0) != n || t.ndim() > 2)
        throw py::value_error("y (targets) must be (samples,) or (samples, outputs)");
      all.y = t.ndim() == 1 ? Mat<double>(Eigen::Map<const Mat<double>>(t.data(), 1, n))
                            : features_by_samples(t);
    }
    all.validate();
    m.spec_.layers.push_back(all.features());
    for (Index h : hidden) m.spec_.layers.push_back(h);
    m.spec_.layers.push_back(classify ? all.classes : all.y.rows());
    m.spec_.hidden = nn::parse_activation(activation);
    m.spec_.loss = classify ? nn::Loss::SoftmaxCrossEntropy : nn::Loss::Mse;
    const bool relu_like = m.spec_.hidden == nn::Activation::Relu ||
                           m.spec_.hidden == nn::Activation::LeakyRelu ||
                           m.spec_.hidden == nn::Activation::PRelu;
    m.spec_.init = relu_like ? nn::Init::He : nn::Init::Glorot;  // as `optim train`
    m.spec_.validate();
    if (standardize) m.scaler_ = nn::Scaler::standardize(all);
    m.scaler_.apply(all);
    nn::Dataset<double> train, val;
    if (validation > 0) {
      nn::train_validation_split(all, validation, seed + 3, train, val);
    } else {
      train = std::move(all);
    }
    const MethodInfo& info = find_method(method);
    for (const auto& f : settings::stop_fields().fields) {
      if (options.contains(f.name)) {
        throw py::value_error("train_mlp: option '" + f.name +
                              "' is a stopping test of minimize; training ends after `epochs` "
                              "or by `patience`");
      }
    }
    ParamSet params;
    StopOptions unused;
    read_options(options, "method " + method, info.params, &params, &unused);
    const auto run_method = make_method<double>(method, params);
    nn::TrainOptions opt;
    opt.epochs = epochs;
    opt.l2 = l2;
    opt.patience = patience;
    opt.validate();
    nn::Network<double> net(m.spec_);
    Vec<double> x0;
    net.init_params(x0, seed);
    nn::TrainReport<double> rep;
    {
      py::gil_scoped_release release;
      rep = nn::train_network<double>(net, train, validation > 0 ? &val : nullptr, nullptr,
                                      std::move(x0), *run_method, opt);
    }
    m.params_ = rep.params;
    m.status_ = std::string(to_string(rep.status));
    m.message_ = rep.message;
    for (const auto& e : rep.epochs) {
      py::dict d;
      d["epoch"] = e.epoch;
      d["train_loss"] = e.train_loss;
      if (e.train_accuracy >= 0) d["train_accuracy"] = e.train_accuracy;
      if (e.val_loss >= 0) d["val_loss"] = e.val_loss;
      if (e.val_accuracy >= 0) d["val_accuracy"] = e.val_accuracy;
      d["time_s"] = e.time_s;
      m.history_.append(d);
    }
    return m;
  }

  static Mlp load(const std::string& path) {
    nn::Model model = nn::load_model(path);
    if (!model.members.empty()) throw py::value_error(path + ": an ensemble, not one network");
    Mlp m;
    m.spec_ = model.spec;
    m.scaler_ = model.scaler;
    m.params_ = model.params;
    m.status_ = "loaded";
    return m;
  }

  void save(const std::string& path) const {
    nn::save_model<double>(path, spec_, params_, scaler_, "python");
  }

  // The network's outputs (samples, outputs): logits for a classifier, values for regression.
  py::array_t<double> outputs(py::array_t<double, py::array::c_style | py::array::forcecast> X) {
    return samples_by_outputs(forward(X));
  }

  py::array_t<double> probabilities(
      py::array_t<double, py::array::c_style | py::array::forcecast> X) {
    if (!classifier()) throw py::value_error("predict_proba: the model is a regression network");
    return samples_by_outputs(nn::class_probabilities(forward(X)));
  }

  // outputs x samples for the rows of X, after the model's input scaling.
  Mat<double> forward(const py::array_t<double, py::array::c_style | py::array::forcecast>& X) {
    Mat<double> x = features_by_samples(X);
    if (x.rows() != spec_.layers.front()) {
      throw py::value_error("X has " + std::to_string(x.rows()) + " features, the network " +
                            std::to_string(spec_.layers.front()));
    }
    scaler_.apply(x);
    nn::Network<double> net(spec_);
    return net.forward(params_, x);
  }

  bool classifier() const {
    return spec_.loss == nn::Loss::SoftmaxCrossEntropy ||
           spec_.loss == nn::Loss::BinaryCrossEntropy;
  }

  py::dict describe() const {
    py::dict d;
    d["layers"] = spec_.layers;
    d["activation"] = nn::to_string(spec_.hidden);
    d["loss"] = nn::to_string(spec_.loss);
    d["init"] = nn::to_string(spec_.init);
    return d;
  }

  py::array_t<double> params() const { return to_array(params_); }
  const std::string& status() const { return status_; }
  const std::string& message() const { return message_; }
  py::list history() const { return history_; }

 private:
  nn::NetworkSpec spec_;
  nn::Scaler scaler_;
  Vec<double> params_;
  std::string status_, message_;
  py::list history_;
};

}  // namespace

void add_mlp(py::module_& m) {
  py::class_<Mlp>(m, "_Mlp")
      .def_static("train", &Mlp::train)
      .def_static("load", &Mlp::load)
      .def("save", &Mlp::save)
      .def("outputs", &Mlp::outputs)
      .def("probabilities", &Mlp::probabilities)
      .def_property_readonly("classifier", &Mlp::classifier)
      .def_property_readonly("spec", &Mlp::describe)
      .def_property_readonly("params", &Mlp::params)
      .def_property_readonly("status", &Mlp::status)
      .def_property_readonly("message", &Mlp::message)
      .def_property_readonly("history", &Mlp::history);
}

}  // namespace optim::python
