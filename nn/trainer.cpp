#include "nn/trainer.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <ctime>
#include <iostream>
#include <limits>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <random>
#include <sstream>
#include <stdexcept>

#include "nn/mlp_objective.hpp"
#include "optim/checkpoint/interrupt.hpp"
#include "optim/checkpoint/state_archive.hpp"
#include "optim/distributed/communicator.hpp"
#include "optim/distributed/distributed_objective.hpp"
#include "optim/distributed/sample_blocks.hpp"
#include "optim/driver.hpp"
#include "optim/first_order/first_order.hpp"
#include "optim/observers/atomic_file.hpp"
#include "optim/observers/early_stopping.hpp"
#include "optim/observers/progress_bar.hpp"
#include "optim/params.hpp"

namespace optim::nn {

void TrainOptions::validate() const {
  if (epochs < 1) throw_out_of_range("epochs", epochs, ">= 1");
  if (!(l2 >= 0)) throw_out_of_range("l2", l2, ">= 0");
  if (!(l1 >= 0 && std::isfinite(l1))) throw_out_of_range("l1", l1, ">= 0 and finite");
  if (l1_prox && l1 == 0) throw std::invalid_argument("l1_prox needs l1 > 0");
  if (!(input_noise >= 0 && std::isfinite(input_noise)))
    throw_out_of_range("input_noise", input_noise, ">= 0 and finite");
  augment.validate();
  if (patience < 0) throw_out_of_range("patience", patience, ">= 0");
  if (!(min_delta >= 0)) throw_out_of_range("min_delta", min_delta, ">= 0");
  if (sample_block < 1) throw_out_of_range("sample_block", double(sample_block), ">= 1");
  context.validate();
}

namespace {

using Clock = std::chrono::steady_clock;

// The blocks of a full-set sum (optim/distributed/sample_blocks.hpp): the objective's own chunk.
constexpr Index kFullBlock = 1024;

double seconds_since(Clock::time_point t) {
  return std::chrono::duration<double>(Clock::now() - t).count();
}

// Closes an epoch when the loop's record says one ended (IterationRecord::epoch_end): metrics and
// the early-stopping decision on the validation loss.
template <class S>
class EpochObserver final : public Observer<S> {
 public:
  bool uses_step_norm() const override { return false; }
  EpochObserver(MlpObjective<S>& obj, Network<S>& net, const Dataset<S>* val,
                const Dataset<S>* test, const TrainOptions& opt, bool stochastic,
                Index samples_per_epoch, TrainReport<S>& rep)
      : comm_(opt.context.comm.get()),
        obj_(obj),
        net_(net),
        val_(val),
        test_(test),
        opt_(opt),
        stochastic_(stochastic),
        samples_(samples_per_epoch),
        rep_(rep),
        stop_({std::max<Index>(1, opt.patience), opt.min_delta, /*restore_best=*/true}),
        cpu_mark_(std::clock()) {}

  // A fresh run's first epoch is timed from the driver's start (rec.k == 0), so it includes the
  // first batch, which the first-order loop evaluates while starting; its loss is kept in the
  // running average. A resumed run starts its clock here and drops the statistics of the batch
  // that start() evaluated again; archive() then restores the saved epoch's sums.
  void on_start(const IterationRecord<S>& rec) override {
    if (rec.k == 0) return;
    mark_ = rec.time_s;
    cpu_mark_ = std::clock();
    obj_.reset_running();
  }

  Status on_iteration(const IterationRecord<S>& rec) override {
    if (!rec.epoch_end) return Status::Running;
    const auto t_eval = Clock::now();
    EpochRecord e;
    e.epoch = static_cast<int>(rec.epoch);
    e.time_s = rec.time_s - mark_;
    e.cpu_s = double(std::clock() - cpu_mark_) / CLOCKS_PER_SEC;
    e.samples_per_s = e.time_s > 0 ? double(samples_) / e.time_s : 0;
    const Vec<S>& x = *rec.x;
    if (!stochastic_ || opt_.eval_train) {
      auto s = evaluate_shared(x, obj_.data());
      e.train_loss = s.loss;
      e.train_accuracy = s.accuracy;
    } else {
      const typename MlpObjective<S>::Running run = total_running();
      e.train_loss = run.samples > 0 ? run.loss / double(run.samples) : 0;
      e.train_accuracy = !obj_.data().classification() ? -1
                         : run.samples > 0             ? double(run.correct) / double(run.samples)
                                                       : 0;
    }
    if (val_ != nullptr && val_->size() > 0) {
      auto s = evaluate_shared(x, *val_);
      e.val_loss = s.loss;
      e.val_accuracy = s.accuracy;
    }
    if (test_ != nullptr && test_->size() > 0) {
      auto s = evaluate_shared(x, *test_);
      e.test_loss = s.loss;
      e.test_accuracy = s.accuracy;
    }
    rep_.epochs.push_back(e);
    rep_.train_time_s += e.time_s;
    Status out = Status::Running;
    if (opt_.patience > 0 && e.val_loss >= 0) out = stop_.record(e.epoch, e.val_loss, x);
    obj_.reset_running();
    mark_ = rec.time_s + seconds_since(t_eval);  // the next epoch's clock starts after metrics
    cpu_mark_ = std::clock();
    return out;
  }

  const EarlyStopping<S>& early_stopping() const { return stop_; }

  // Epoch history, early-stopping memory, the dropout engine and the running training-loss and
  // accuracy sums of the epoch in progress (a Ctrl-C checkpoint is taken mid-epoch; the
  // optimizer's state is saved by the driver). An epoch record is 10 doubles.
  void archive(StateArchive& a) override {
    std::vector<double> flat;
    std::string rng;
    typename MlpObjective<S>::Running run = total_running();
    if (a.saving()) {
      for (const EpochRecord& e : rep_.epochs) {
        for (double v :
             {double(e.epoch), e.train_loss, e.train_accuracy, e.val_loss, e.val_accuracy,
              e.test_loss, e.test_accuracy, e.time_s, e.samples_per_s, e.cpu_s})
          flat.push_back(v);
      }
      std::ostringstream text;
      text << net_.dropout_rng();
      rng = text.str();
    }
    double train_time = rep_.train_time_s;
    a.field("epochs", flat);
    if (a.loading() && flat.size() % 10 != 0)
      throw std::runtime_error("checkpoint epoch history is inconsistent");
    a.scalar("train_time_s", train_time);
    {
      ArchiveScope<StateArchive> s(a, "early_stopping");
      stop_.archive(a);
    }
    if (a.loading() && stop_.best_x().size() != 0 && stop_.best_x().size() != net_.num_params())
      throw std::runtime_error("checkpoint best parameters do not fit the network");
    a.field("dropout_rng", rng);
    a.scalar("run_loss", run.loss);
    a.scalar("run_correct", run.correct);
    a.scalar("run_samples", run.samples);
    if (!a.loading()) return;
    std::istringstream text(rng);
    std::mt19937_64 engine;
    text >> engine;
    if (!text) throw std::runtime_error("checkpoint field 'dropout_rng' is not an engine state");
    if (run.samples < 0 || run.correct < 0 || run.correct > run.samples ||
        !std::isfinite(run.loss)) {
      throw std::runtime_error("checkpoint running training statistics are inconsistent");
    }
    std::vector<EpochRecord> epochs;
    for (std::size_t i = 0; i < flat.size(); i += 10) {
      const double* v = flat.data() + i;
      const auto epoch = static_cast<int>(std::min<std::int64_t>(
          count_from_double(v[0], "epoch number"), std::numeric_limits<int>::max()));
      epochs.push_back({epoch, v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9]});
    }
    rep_.epochs = std::move(epochs);
    rep_.train_time_s = train_time;
    net_.dropout_rng() = engine;
    // Under K ranks the saved sums are the whole run's: rank 0 carries them on, the others
    // start from zero, so that the next epoch's total counts them once.
    obj_.set_running(comm_rank(comm_) == 0 ? run : typename MlpObjective<S>::Running{});
  }

 private:
  // evaluate_network with its chunks (of kFullBlock samples, the default chunk) shared by the
  // ranks: each evaluates its contiguous run of chunks, and the chunks' loss sums and counts,
  // gathered in chunk order, are added in that order. Every rank gets evaluate_network's
  // figures, bit for bit, for any number of ranks, for 1/K of the work.
  EvalSummary<S> evaluate_shared(const Vec<S>& x, const Dataset<S>& data) {
    const int ranks = comm_size(comm_), rank = comm_rank(comm_);
    if (ranks == 1 || data.size() == 0) return evaluate_network(net_, x, data, kFullBlock);
    const Index chunks = (data.size() + kFullBlock - 1) / kFullBlock;
    const Index lo = first_block(chunks, rank, ranks), hi = first_block(chunks, rank + 1, ranks);
    std::vector<Index> counts(static_cast<std::size_t>(ranks));
    for (int r = 0; r < ranks; ++r) counts[std::size_t(r)] = owned_blocks(chunks, r, ranks);
    // MPI wants a buffer even for a rank without chunks: one element more than needed.
    std::vector<double> mine_loss(static_cast<std::size_t>(hi - lo + 1)),
        loss(static_cast<std::size_t>(chunks));
    std::vector<std::int64_t> mine_right(mine_loss.size()), right(loss.size());
    evaluate_chunks(net_, x, data, kFullBlock, lo, hi, mine_loss.data(), mine_right.data(),
                    nullptr);
    comm_->allgatherv(mine_loss.data(), counts, loss.data());
    comm_->allgatherv(mine_right.data(), counts, right.data());
    return summarize_chunks(data, loss, right);
  }

  // The running training statistics of all ranks (each evaluates its own blocks of every batch):
  // the counts are exact in any order; the loss sums are added in rank order, so the reported
  // running training loss may differ in its last bits between rank counts (the parameters and
  // every full-set evaluation do not).
  typename MlpObjective<S>::Running total_running() {
    typename MlpObjective<S>::Running mine = obj_.running();
    const int ranks = comm_size(comm_);
    if (ranks == 1) return mine;
    std::vector<Index> ones(static_cast<std::size_t>(ranks), 1), twos(ones.size(), 2);
    std::vector<double> losses(ones.size());
    std::vector<std::int64_t> counts(2 * ones.size());
    const std::int64_t own[2] = {mine.correct, mine.samples};
    comm_->allgatherv(&mine.loss, ones, losses.data());
    comm_->allgatherv(own, twos, counts.data());
    typename MlpObjective<S>::Running total;
    for (std::size_t r = 0; r < ones.size(); ++r) {
      total.loss += losses[r];
      total.correct += counts[2 * r];
      total.samples += counts[2 * r + 1];
    }
    return total;
  }

  Communicator* comm_;
  MlpObjective<S>& obj_;
  Network<S>& net_;
  const Dataset<S>* val_;
  const Dataset<S>* test_;
  const TrainOptions& opt_;
  bool stochastic_;
  Index samples_;
  TrainReport<S>& rep_;
  EarlyStopping<S> stop_;  // fed the validation loss of each epoch
  double mark_ = 0;
  std::clock_t cpu_mark_ = 0;
};

// The same first-order method with its rule wrapped in the proximal L1 step on the network's
// weight matrices (biases and activation parameters are not penalised, as with the L2 term).
template <class S>
std::unique_ptr<Method<S>> with_proximal_l1(const Method<S>& method, const Network<S>& net,
                                            double mu) {
  const auto* fo = dynamic_cast<const FirstOrder<S>*>(&method);
  if (fo == nullptr) {
    throw std::invalid_argument("the proximal L1 step follows a first-order rule's update; " +
                                method.name() + " is not one");
  }
  std::vector<CoordinateRange> weights;
  for (const LayerSlot& s : net.slots()) weights.push_back({s.w, s.in * s.out});
  return std::make_unique<FirstOrder<S>>(
      std::make_shared<ProximalL1<S>>(fo->shared_rule(), mu, std::move(weights)),
      fo->shared_schedule(), fo->batch(), fo->name());
}

}  // namespace

template <class S>
TrainReport<S> train_network(Network<S>& net, const Dataset<S>& train, const Dataset<S>* validation,
                             const Dataset<S>* test, Vec<S> params, const Method<S>& method,
                             const TrainOptions& opt, std::span<Observer<S>* const> observers) {
  opt.validate();
  if (params.size() != net.num_params()) {
    throw std::invalid_argument("parameter vector has " + std::to_string(params.size()) +
                                " entries, the network needs " + std::to_string(net.num_params()));
  }
  const auto t0 = Clock::now();
  const ContextScope scope(opt.context);  // the driver's scope below shares its threads
  // The epoch as the method's loop defines it (updates per pass, samples they draw): the budget
  // and the checkpoint period are given in epochs and the driver counts updates.
  const EpochShape shape = method.epoch_shape(train.size());
  const std::unique_ptr<Method<S>> prox =
      opt.l1_prox ? with_proximal_l1(method, net, opt.l1) : nullptr;
  const Method<S>& run_method = prox ? *prox : method;
  MlpObjective<S> obj(net, train, opt.l2, std::max<Index>(method.batch_size(), Index(1024)),
                      opt.l1_prox ? 0.0 : opt.l1);
  if ((opt.input_noise > 0 || opt.augment.active()) && !method.stochastic()) {
    throw std::invalid_argument("input noise and augmentation perturb training batches; " +
                                method.name() + " on the full batch evaluates the exact loss");
  }
  obj.set_input_noise(opt.input_noise);
  obj.set_augment(opt.augment);
  // Data parallelism (optim/distributed/distributed_objective.hpp): every batch in fixed blocks of
  // samples, summed in block order, also on one process, so that K processes give its bits.
  const int ranks = comm_size(opt.context.comm.get());
  // Methods that read second-order information of the network (Hessian products, the
  // Gauss-Newton diagonal) keep its own objective: the distributed wrapper sums values and
  // gradients only.
  const bool second_order =
      method.needs_hessian() || method.needs_hessian_vector() || method.needs_curvature_diagonal();
  if (ranks > 1) {
    if (net.dropout_enabled() || opt.input_noise > 0 || opt.augment.active()) {
      throw std::invalid_argument(
          "dropout, input noise and augmentation draw from one engine per process, so their "
          "draws would differ between ranks; train with them on one process (without mpirun)");
    }
    if (second_order) {
      throw std::invalid_argument("method " + method.name() +
                                  " uses Hessian products, which are not distributed; run it on "
                                  "one process (without mpirun)");
    }
    if (opt.interruptible) {
      throw std::invalid_argument(
          "a signal reaches the ranks at different updates; interruptible training runs on one "
          "process");
    }
  }
  // Methods with Hessian products keep the network's own objective (its exact R-operator).
  std::optional<DistributedSeparable<S>> dist;
  if (!second_order) dist.emplace(obj, opt.context.comm, BlockSizes{opt.sample_block, kFullBlock});
  Objective<S>& target = dist ? static_cast<Objective<S>&>(*dist) : obj;
  TrainReport<S> rep;
  EpochObserver<S> obs(obj, net, validation, test, opt, method.stochastic(), shape.samples_used,
                       rep);
  InterruptObserver<S> interrupt;
  std::optional<InterruptScope> stop_signals;  // SIGINT, SIGTERM, SIGHUP
  if (opt.interruptible) stop_signals.emplace();
  StopOptions stop;
  stop.gtol = 0;  // training runs for its epochs (or until early stopping)
  stop.max_iter = shape.updates * opt.epochs;
  ProgressBarOptions bar_opts;
  bar_opts.epochs = opt.epochs;
  ProgressBar<S> bar(stop.max_iter, std::cerr, bar_opts);  // drawn only when stderr is a terminal
  std::vector<Observer<S>*> list = {&obs};  // the epoch observer first: its checkpoint slot
  // The caller's observers before the interrupt's, which may stop the run at an epoch's end:
  // they still see that record.
  list.insert(list.end(), observers.begin(), observers.end());
  if (opt.interruptible) list.push_back(&interrupt);
  if (opt.progress) list.push_back(&bar);  // stateless, so last: the slots above keep their place
  CheckpointOptions ckpt = opt.checkpoint;
  ckpt.every = opt.checkpoint.every * shape.updates;
  ckpt.signature += " per_epoch=" + std::to_string(shape.updates);
  Result<S> res = minimize<S>(target, params, run_method, stop, list, ckpt, opt.context);
  if (dist) rep.communication_s = dist->communication_seconds();
  rep.status = res.status;
  rep.message = res.message;
  if (opt.interruptible && res.status == Status::StoppedByObserver &&
      InterruptScope::interrupted()) {
    rep.interrupted_by = InterruptScope::signal_name();
    rep.message = "stopped: interrupted by " + rep.interrupted_by + " at update " +
                  std::to_string(res.iterations);
  }
  rep.params = res.x;
  rep.updates = res.iterations;
  rep.best_epoch = static_cast<int>(obs.early_stopping().best_k());
  if (res.status == Status::EarlyStopped) {
    rep.early_stopped = true;
    if (obs.early_stopping().best_x().size() > 0) rep.params = obs.early_stopping().best_x();
    rep.message = "early stopping: the validation loss did not improve by more than min_delta " +
                  std::string("for ") + std::to_string(opt.patience) +
                  " epochs; returned the parameters of epoch " + std::to_string(rep.best_epoch);
  }
  rep.weight_sparsity = zero_weight_fraction(net, rep.params);
  if (rep.train_time_s > 0) {
    rep.samples_per_s = double(shape.samples_used) * double(rep.epochs.size()) / rep.train_time_s;
  }
  if (train.classification()) {
    const Dataset<S>& cm = (test != nullptr && test->size() > 0) ? *test : train;
    auto s = evaluate_network(net, rep.params, cm);
    rep.confusion = confusion_matrix(cm.labels, s.predicted, cm.classes);
  }
  rep.total_time_s = seconds_since(t0);
  return rep;
}

std::vector<std::vector<long>> confusion_matrix(const std::vector<int>& truth,
                                                const std::vector<int>& predicted, int classes) {
  if (truth.size() != predicted.size()) {
    throw std::invalid_argument("confusion matrix: " + std::to_string(truth.size()) +
                                " labels but " + std::to_string(predicted.size()) + " predictions");
  }
  std::vector<std::vector<long>> m(static_cast<size_t>(classes),
                                   std::vector<long>(static_cast<size_t>(classes), 0));
  for (size_t i = 0; i < truth.size(); ++i) {
    const int t = truth[i], p = predicted[i];
    if (t < 0 || t >= classes || p < 0 || p >= classes) {
      throw std::invalid_argument("confusion matrix: class out of range at sample " +
                                  std::to_string(i));
    }
    ++m[size_t(t)][size_t(p)];
  }
  return m;
}

void write_trace_csv(const std::string& path, const std::vector<EpochRecord>& epochs) {
  write_file_atomically(path, [&](std::ostream& out) {
    out << "epoch,train_loss,train_accuracy,val_loss,val_accuracy,test_loss,test_accuracy,time_s,"
           "samples_per_s,cpu_s\n";
    out.precision(10);
    for (const auto& e : epochs) {
      out << e.epoch << ',' << e.train_loss << ',' << e.train_accuracy << ',' << e.val_loss << ','
          << e.val_accuracy << ',' << e.test_loss << ',' << e.test_accuracy << ',' << e.time_s
          << ',' << e.samples_per_s << ',' << e.cpu_s << '\n';
    }
  });
}

void write_trace_json(const std::string& path, const std::vector<EpochRecord>& epochs) {
  // One object per epoch, through nlohmann: doubles round-trip, a non-finite loss is null (JSON
  // has no NaN), key order as the CSV's columns (ordered_json).
  using Json = nlohmann::ordered_json;
  auto number = [](double v) { return std::isfinite(v) ? Json(v) : Json(nullptr); };
  write_file_atomically(path, [&](std::ostream& out) {
    out << "[\n";
    for (size_t i = 0; i < epochs.size(); ++i) {
      const auto& e = epochs[i];
      const Json row = {{"epoch", e.epoch},
                        {"train_loss", number(e.train_loss)},
                        {"train_accuracy", number(e.train_accuracy)},
                        {"val_loss", number(e.val_loss)},
                        {"val_accuracy", number(e.val_accuracy)},
                        {"test_loss", number(e.test_loss)},
                        {"test_accuracy", number(e.test_accuracy)},
                        {"time_s", number(e.time_s)},
                        {"samples_per_s", number(e.samples_per_s)},
                        {"cpu_s", number(e.cpu_s)}};
      out << "  " << row.dump(-1, ' ', false, Json::error_handler_t::replace)
          << (i + 1 < epochs.size() ? "," : "") << "\n";
    }
    out << "]\n";
  });
}

template TrainReport<float> train_network<float>(Network<float>&, const Dataset<float>&,
                                                 const Dataset<float>*, const Dataset<float>*,
                                                 Vec<float>, const Method<float>&,
                                                 const TrainOptions&,
                                                 std::span<Observer<float>* const>);
template TrainReport<double> train_network<double>(Network<double>&, const Dataset<double>&,
                                                   const Dataset<double>*, const Dataset<double>*,
                                                   Vec<double>, const Method<double>&,
                                                   const TrainOptions&,
                                                   std::span<Observer<double>* const>);

}  // namespace optim::nn
