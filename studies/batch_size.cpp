#include "studies/batch_size.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <stdexcept>
#include <string>

#include "nn/mlp_objective.hpp"
#include "nn/synthetic.hpp"
#include "nn/trainer.hpp"
#include "optim/params.hpp"
#include "optim/registry.hpp"

namespace optim::studies {

void BatchSizeOptions::apply_full() {
  seeds = 10;
  epochs = 100;
  per_class = 200;
}

void BatchSizeOptions::validate() const {
  auto fail = [](const std::string& what) {
    throw std::invalid_argument("batch-size study: " + what);
  };
  if (per_class < 2) fail("per_class must be >= 2");
  if (width < 1) fail("width must be >= 1");
  if (batches.empty()) fail("batches must list at least one batch size");
  for (Index b : batches)
    if (b < 0) fail("batches must be >= 0 (0: the full batch)");
  if (seeds < 2) fail("seeds must be >= 2 (a spread needs two runs)");
  if (epochs < 1) fail("epochs must be >= 1");
  if (!(lr > 0) || !std::isfinite(lr)) fail("lr must be > 0 and finite");
  if (!(target_loss > 0) || !std::isfinite(target_loss)) fail("target_loss must be > 0");
}

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

double median(std::vector<double> v) {
  std::erase_if(v, [](double x) { return std::isnan(x); });
  if (v.empty()) return kNaN;
  std::sort(v.begin(), v.end());
  const size_t m = v.size() / 2;
  return v.size() % 2 ? v[m] : 0.5 * (v[m - 1] + v[m]);
}

std::string g3(double v) {
  char b[32];
  std::snprintf(b, sizeof b, "%.3g", v);
  return b;
}

}  // namespace

BatchSizeStudy run_batch_size_study(const BatchSizeOptions& o) {
  o.validate();
  BatchSizeStudy s;
  s.options = o;
  nn::Dataset<double> data = nn::make_blobs<double>(o.per_class, 3, 2, o.seed);
  nn::Scaler::standardize(data).apply(data);
  s.samples = data.size();
  nn::NetworkSpec spec{{2, o.width, o.width, 3}};
  spec.hidden = nn::Activation::Tanh;
  spec.init = nn::Init::Glorot;
  nn::Network<double> net(spec);
  Vec<double> x0;
  net.init_params(x0, o.seed);
  const double start_loss = nn::evaluate_network(net, x0, data).loss;
  for (Index requested : o.batches) {
    BatchSizeRow row;
    row.batch = requested == 0 ? s.samples : std::min(requested, s.samples);
    for (int r = 0; r < o.seeds; ++r) {
      char p[160];
      std::snprintf(p, sizeof p, "lr=%.17g,batch_size=%lld,seed=%llu", o.lr,
                    (long long)(requested == 0 ? 0 : row.batch),
                    (unsigned long long)(o.seed + 1000 * std::uint64_t(r + 1)));
      const auto method = make_method<double>("gd", ParamSet::parse(p));
      nn::TrainOptions t;
      t.epochs = o.epochs;
      t.eval_train = true;  // the full training loss after every epoch, not the batches' average
      const auto rep = nn::train_network<double>(net, data, nullptr, nullptr, x0, *method, t);
      const double per_epoch = double(method->epoch_shape(s.samples).samples_used);
      std::vector<double> curve = {start_loss};
      double evals = kNaN, seconds = kNaN, clock = 0;
      for (const auto& e : rep.epochs) {
        curve.push_back(e.train_loss);
        clock += e.time_s;
        if (std::isnan(evals) && e.train_loss <= o.target_loss) {
          evals = per_epoch * double(e.epoch);
          seconds = clock;
        }
      }
      row.final_loss.push_back(curve.back());
      row.evals_to_target.push_back(evals);
      row.seconds_to_target.push_back(seconds);
      row.reached += !std::isnan(evals);
      row.curves.push_back(std::move(curve));
    }
    double sum = 0;
    for (double v : row.final_loss) sum += v;
    row.mean_final = sum / double(o.seeds);
    double sq = 0;
    for (double v : row.final_loss) sq += (v - row.mean_final) * (v - row.mean_final);
    row.sd_final = std::sqrt(sq / double(o.seeds - 1));
    row.median_evals = median(row.evals_to_target);
    row.median_seconds = median(row.seconds_to_target);
    s.rows.push_back(std::move(row));
  }
  return s;
}

std::vector<Behaviour> batch_size_claims(const BatchSizeStudy& s) {
  const auto& o = s.options;
  std::string sizes;
  for (const auto& r : s.rows) sizes += (sizes.empty() ? "" : ", ") + std::to_string(r.batch);
  const std::string setup =
      "MLP 2-" + std::to_string(o.width) + "-" + std::to_string(o.width) +
      "-3 (tanh, softmax) on three standardised Gaussian blobs (N = " + std::to_string(s.samples) +
      ", seed " + std::to_string(o.seed) + "), gd with eta " + g3(o.lr) + " for " +
      std::to_string(o.epochs) + " epochs at b = " + sizes + "; " + std::to_string(o.seeds) +
      " runs per b from the same weights, differing in the sample order; target full loss " +
      g3(o.target_loss);
  const BatchSizeRow* sgd = nullptr;
  const BatchSizeRow* whole = nullptr;
  const BatchSizeRow* largest_mini = nullptr;   // largest b in (1, N)
  const BatchSizeRow* smallest_mini = nullptr;  // smallest b in (1, N)
  for (const auto& r : s.rows) {
    if (r.batch == 1) sgd = &r;
    if (r.batch == s.samples) whole = &r;
    if (r.batch > 1 && r.batch < s.samples) {
      if (!largest_mini || r.batch > largest_mini->batch) largest_mini = &r;
      if (!smallest_mini || r.batch < smallest_mini->batch) smallest_mini = &r;
    }
  }
  std::vector<Behaviour> out;
  auto missing = [&](Behaviour& b, const std::string& what) {
    b.agrees = false;
    b.verdict = "not measured: the batch sizes need " + what;
  };
  {
    Behaviour b;
    b.name = "sgd_faster";
    b.source = "seed 004 section 6.2";
    b.claim =
        "SGD is seen to converge one or two orders of magnitude quicker than batch "
        "gradient descent.";
    b.setup = setup;
    b.criterion =
        "agrees when b = 1 reaches the target loss in at most a tenth of the full "
        "batch's gradient evaluations (median over the runs), or the full batch never "
        "reaches it in the budget";
    b.picture = "batch_size";
    if (!sgd || !whole) {
      missing(b, "1 and 0 (the full batch)");
    } else {
      b.measured = {{"sgd_median_evals", sgd->median_evals},
                    {"sgd_reached", double(sgd->reached)},
                    {"full_batch_median_evals", whole->median_evals},
                    {"full_batch_reached", double(whole->reached)},
                    {"budget_evals", double(o.epochs) * double(s.samples)}};
      const bool full_never = whole->reached == 0;
      b.agrees = sgd->reached > 0 && (full_never || sgd->median_evals <= 0.1 * whole->median_evals);
      b.verdict =
          "b = 1: target after " + g3(sgd->median_evals) + " gradient evaluations (" +
          std::to_string(sgd->reached) + " of " + std::to_string(o.seeds) + " runs); full batch: " +
          (full_never ? std::string("never within ") + g3(double(o.epochs) * double(s.samples))
                      : g3(whole->median_evals));
    }
    out.push_back(std::move(b));
  }
  {
    Behaviour b;
    b.name = "sgd_spread";
    b.source = "seed 004 section 6.2";
    b.claim =
        "SGD converges ... more importantly, with a significantly larger variation between "
        "runs.";
    b.setup = setup;
    b.criterion =
        "agrees when the standard deviation of the final loss between runs at b = 1 "
        "is at least twice that at the largest minibatch below N";
    b.picture = "batch_size";
    if (!sgd || !largest_mini) {
      missing(b, "1 and a minibatch between 1 and N");
    } else {
      b.measured = {{"sgd_sd_final", sgd->sd_final},
                    {"minibatch", double(largest_mini->batch)},
                    {"minibatch_sd_final", largest_mini->sd_final}};
      b.agrees = sgd->sd_final >= 2 * largest_mini->sd_final;
      b.verdict = "sd of the final loss between runs: b = 1 " + g3(sgd->sd_final) +
                  ", b = " + std::to_string(largest_mini->batch) + " " + g3(largest_mini->sd_final);
    }
    out.push_back(std::move(b));
  }
  {
    Behaviour b;
    b.name = "sgd_poorer_minimum";
    b.source = "seed 004 section 6.2";
    b.claim = "SGD converges ... to a poorer minimum.";
    b.setup = setup;
    b.criterion =
        "agrees when b = 1's mean final loss (after the same epochs as every batch "
        "size) is above the lowest mean final loss over the batch sizes";
    b.picture = "batch_size";
    if (!sgd) {
      missing(b, "1");
    } else {
      const BatchSizeRow* best = &s.rows.front();
      for (const auto& r : s.rows)
        if (r.mean_final < best->mean_final) best = &r;
      b.measured = {{"sgd_mean_final", sgd->mean_final},
                    {"best_batch", double(best->batch)},
                    {"best_mean_final", best->mean_final}};
      b.agrees = sgd->mean_final > best->mean_final;
      b.verdict = "mean final loss b = 1 " + g3(sgd->mean_final) +
                  "; lowest: b = " + std::to_string(best->batch) + " " + g3(best->mean_final);
    }
    out.push_back(std::move(b));
  }
  {
    Behaviour b;
    b.name = "elbow";
    b.source = "seed 004 section 6.3.1";
    b.claim =
        "The benefit of minibatching (decreased variability in the divergence) is reaped "
        "quickly as the batch size increases.";
    b.setup = setup;
    b.criterion =
        "agrees when the standard deviation of the final loss at the smallest "
        "minibatch above 1 is below half that at b = 1";
    b.picture = "batch_size";
    if (!sgd || !smallest_mini) {
      missing(b, "1 and a minibatch between 1 and N");
    } else {
      b.measured = {{"sgd_sd_final", sgd->sd_final},
                    {"minibatch", double(smallest_mini->batch)},
                    {"minibatch_sd_final", smallest_mini->sd_final}};
      b.agrees = smallest_mini->sd_final < 0.5 * sgd->sd_final;
      b.verdict = "spread of the final loss: b = 1 " + g3(sgd->sd_final) +
                  ", b = " + std::to_string(smallest_mini->batch) + " " +
                  g3(smallest_mini->sd_final) + " (ratio " +
                  g3(smallest_mini->sd_final / sgd->sd_final) + ")";
    }
    out.push_back(std::move(b));
  }
  return out;
}

}  // namespace optim::studies
