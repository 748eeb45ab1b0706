#pragma once
// Training loop for networks on top of the library's generic driver: any method object (built by
// the caller, e.g. optim::make_method with its batch settings: online, minibatch or full batch),
// per-epoch metrics (training loss and accuracy, validation and test loss/accuracy, time,
// samples/s), early stopping on the validation loss (optim::EarlyStopping, Status::EarlyStopped),
// the library's progress bar on a terminal, the confusion matrix, and a trace for plotting. The
// optimizer runs ONE driver call over all epochs (so its state — Adam's moments, momentum —
// carries across epochs); an observer closes each epoch when the loop's record says one ended
// (IterationRecord::epoch_end), so the batching rule lives in the loop alone.
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "nn/augment.hpp"
#include "nn/dataset.hpp"
#include "nn/network.hpp"
#include "optim/checkpoint/run_checkpoint.hpp"
#include "optim/method.hpp"
#include "optim/observer.hpp"
#include "optim/result.hpp"
#include "optim/run_context.hpp"

namespace optim::nn {

struct TrainOptions {
  int epochs = 5;
  // lambda of the coupled L2 penalty lambda ||W||^2 added to the loss (MlpObjective); a method's
  // own decoupled decay (AdamW's weight_decay) is a hyperparameter of the method object instead.
  double l2 = 0;
  // mu of the L1 penalty mu sum |W_ij| (seed 002): by default its subgradient mu sign(W) is added
  // to the loss's gradient (MlpObjective); with l1_prox it is applied instead as the proximal
  // soft-threshold W <- sign(W) max(|W| - eta_k mu, 0) after each step of a first-order rule
  // (optim/first_order/proximal_l1.hpp), which leaves exact zeros.
  double l1 = 0;
  bool l1_prox = false;
  // Perturbations of each training batch, off at evaluation (MlpObjective::set_input_noise and
  // set_augment): Gaussian input noise of this standard deviation (seed 002 "Dropout and Noise")
  // and random shifts / rotations of image inputs (seed 002 "Data Augmentation"). They act on
  // minibatches, so a method that is not stochastic refuses them.
  double input_noise = 0;
  AugmentSpec augment;
  int patience = 0;         // early stopping: EPOCHS without validation improvement (0: off)
  double min_delta = 0;     // improvement that resets the patience counter
  bool progress = false;    // progress bar on stderr (only drawn when stderr is a terminal)
  bool eval_train = false;  // full pass for the training metrics instead of running averages
  // Samples per block of a minibatch's data-parallel sum (optim/distributed/sample_blocks.hpp):
  // each block is one forward/backward pass, the blocks' gradients are added in block order, on
  // one process as on K (context.comm). It fixes the bits (another value gives other roundings);
  // smaller blocks share a batch among more ranks, larger ones keep the products wider.
  Index sample_block = 64;
  // Checkpoints (optim/checkpoint/): checkpoint.every counts EPOCHS here; the run also saves when
  // it ends (including a Ctrl-C stop with `interruptible`, which may fall mid-epoch). Resume is
  // bit-identical from either, including the interrupted epoch's running training loss.
  CheckpointOptions checkpoint;
  // SIGINT, SIGTERM and SIGHUP stop after the current update (optim/checkpoint/interrupt.hpp)
  bool interruptible = false;
  // Threads and gemm backend of the training passes and of the metrics' evaluations (the whole
  // call runs in one ContextScope: its threads start once per call). By default the context current
  // where the options are made (RunContext{} outside any ContextScope).
  RunContext context = current_context();
  void validate() const;
};

struct EpochRecord {
  int epoch = 0;
  double train_loss = 0, train_accuracy = -1;
  double val_loss = -1, val_accuracy = -1;
  double test_loss = -1, test_accuracy = -1;
  double time_s = 0;         // training time of this epoch (metrics excluded)
  double samples_per_s = 0;  // training samples processed per second in this epoch
  double cpu_s = 0;          // process CPU time of the epoch's training (all threads; metrics
                             // excluded): the fair measure on a shared, oversubscribed machine
};

template <class S>
struct TrainReport {
  std::vector<EpochRecord> epochs;
  Vec<S> params;  // final (or best-validation, after early stopping) parameters
  Status status = Status::Running;
  std::string message;
  std::string interrupted_by;  // the signal that stopped the run ("SIGTERM"), empty otherwise
  bool early_stopped = false;  // status == Status::EarlyStopped
  int best_epoch = 0;
  Index updates = 0;        // optimizer steps taken (epochs times the method's updates per epoch)
  double train_time_s = 0;  // sum of epoch training times
  double total_time_s = 0;  // including metrics
  double samples_per_s = 0;
  double communication_s = 0;  // time in the gathers of a data-parallel run (0 on one process)
  double weight_sparsity = 0;  // fraction of exactly-zero weights in params (zero_weight_fraction)
  std::vector<std::vector<long>> confusion;  // rows: true class, columns: predicted (test set,
                                             // else training set)
};

// Trains net from `params` (already initialised) on `train` with `method`; validation and test may
// be null. Ends with Status::MaxIterations after opt.epochs epochs, Status::EarlyStopped (the best
// epoch's parameters returned) when early stopping ends it, or the failure that stopped it.
// `observers` see every update after the trainer's own (e.g. nn/layer_gradients.hpp's per-layer
// trace); their archive() is part of a checkpoint, in their order.
template <class S>
TrainReport<S> train_network(Network<S>& net, const Dataset<S>& train, const Dataset<S>* validation,
                             const Dataset<S>* test, Vec<S> params, const Method<S>& method,
                             const TrainOptions& opt, std::span<Observer<S>* const> observers = {});

// Confusion counts[true][predicted] for labels in [0, classes).
std::vector<std::vector<long>> confusion_matrix(const std::vector<int>& truth,
                                                const std::vector<int>& predicted, int classes);

// Per-epoch trace for plotting: CSV with a header line, or a JSON array of objects; written
// atomically (optim/observers/atomic_file.hpp), std::runtime_error when the file cannot be.
void write_trace_csv(const std::string& path, const std::vector<EpochRecord>& epochs);
void write_trace_json(const std::string& path, const std::vector<EpochRecord>& epochs);

}  // namespace optim::nn
