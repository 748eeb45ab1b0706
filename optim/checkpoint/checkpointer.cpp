#include "optim/checkpoint/checkpointer.hpp"

#include <algorithm>
#include <filesystem>
#include <stdexcept>
#include <vector>

#include "optim/checkpoint/checkpoint_file.hpp"
#include "optim/distributed/communicator.hpp"
#include "optim/run_context.hpp"

namespace optim {
namespace {

void require_same(const std::string& what, const std::string& saved, const std::string& now) {
  if (saved == now) return;
  std::string msg = "checkpoint belongs to another run: its " + what + " is '" + saved +
                    "', this run's is '" + now + "'";
  if (saved.size() + now.size() > 80) {
    // A long signature: point at the first word that differs ("seed=9" / "seed=10").
    std::size_t p = 0;
    while (p < saved.size() && p < now.size() && saved[p] == now[p]) ++p;
    const std::size_t word = p == 0 ? 0 : saved.rfind(' ', p - 1) + 1;  // npos + 1 == 0
    auto excerpt = [&](const std::string& s) {
      const std::size_t end = s.find(' ', p);
      return s.substr(word, std::min(end, s.size()) - word);
    };
    msg += " (first difference: '" + excerpt(saved) + "' / '" + excerpt(now) + "')";
  }
  throw std::invalid_argument(msg);
}

// The inputs saved with a checkpoint against this run's, naming the first that differs.
void require_same_inputs(const std::string& saved_text, const std::vector<std::string>& now) {
  std::vector<std::string> saved;
  for (std::size_t at = 0; at < saved_text.size();) {
    const std::size_t end = std::min(saved_text.find('\n', at), saved_text.size());
    saved.push_back(saved_text.substr(at, end - at));
    at = end + 1;
  }
  for (std::size_t i = 0; i < std::max(saved.size(), now.size()); ++i) {
    const std::string a = i < saved.size() ? saved[i] : "(none)";
    const std::string b = i < now.size() ? now[i] : "(none)";
    if (a != b) {
      throw std::invalid_argument("checkpoint belongs to another run: it was written with data '" +
                                  a + "', this run reads '" + b + "'");
    }
  }
}

std::string joined_lines(const std::vector<std::string>& lines) {
  std::string out;
  for (const auto& l : lines) out += (out.empty() ? "" : "\n") + l;
  return out;
}

}  // namespace

template <class S>
Checkpointer<S>::Checkpointer(const CheckpointOptions& opt, std::string method,
                              std::span<Observer<S>* const> observers)
    : opt_(opt), method_(std::move(method)), observers_(observers) {}

template <class S>
void Checkpointer<S>::archive_identity(StateArchive& a, Index n) const {
  const std::string scalar_now = sizeof(S) == sizeof(float) ? "float" : "double";
  std::string signature = opt_.signature, method = method_, scalar = scalar_now;
  // A checkpoint from before inputs were recorded has none: refused when this run has some.
  std::string inputs = a.loading() ? "" : joined_lines(opt_.inputs);
  std::int64_t dim = n;
  a.field("signature", signature);
  if (a.has("inputs")) a.field("inputs", inputs);
  a.field("method", method);
  a.field("scalar", scalar);
  a.scalar("n", dim);
  if (!a.loading()) return;
  require_same_inputs(inputs, opt_.inputs);  // the data first (the more specific message)
  require_same("signature", signature, opt_.signature);
  require_same("method", method, method_);
  require_same("scalar type", scalar, scalar_now);
  require_same("dimension", std::to_string(dim), std::to_string(n));
}

template <class S>
void Checkpointer<S>::refuse(const std::exception& e) const {
  throw std::runtime_error("checkpoint '" + opt_.path + "' refused: " + e.what());
}

template <class S>
bool Checkpointer<S>::resume(RunState<S>& run, MethodState<S>& state, Evaluator<S>& eval) {
  if (!active()) return false;
  if (!state.checkpointable())
    throw std::invalid_argument("method '" + method_ + "' does not support checkpoints");
  if (!opt_.resume || !std::filesystem::exists(opt_.path)) return false;
  saved_.emplace(read_checkpoint_file(opt_.path));
  StateArchive a(*saved_);
  try {
    {
      ArchiveScope<StateArchive> s(a, "run");
      archive_identity(a, run.cur.x.size());
      run.archive(a);
    }
    ArchiveScope<StateArchive> m(a, "method");
    state.archive(a);
  } catch (const std::runtime_error& e) {
    refuse(e);
  }
  eval.restore_counts(run.counts);
  return true;
}

template <class S>
void Checkpointer<S>::resume_observers() {
  if (!saved_) return;
  StateArchive a(*saved_);
  try {
    for (std::size_t i = 0; i < observers_.size(); ++i) {
      ArchiveScope<StateArchive> o(a, "observer" + std::to_string(i));
      observers_[i]->archive(a);
    }
  } catch (const std::runtime_error& e) {
    refuse(e);
  }
  saved_.reset();
}

template <class S>
void Checkpointer<S>::save(RunState<S>& run, MethodState<S>& state, const Evaluator<S>& eval) {
  if (!active()) return;
  run.counts = eval.counts();
  StateWriter w;
  StateArchive a(w);
  {
    ArchiveScope<StateArchive> s(a, "run");
    archive_identity(a, run.cur.x.size());
    run.archive(a);
  }
  {
    ArchiveScope<StateArchive> s(a, "method");
    state.archive(a);
  }
  for (std::size_t i = 0; i < observers_.size(); ++i) {
    ArchiveScope<StateArchive> s(a, "observer" + std::to_string(i));
    observers_[i]->archive(a);
  }
  // Every rank of a data-parallel run holds the same state (optim/distributed/): rank 0 writes
  // the one file; the others still archive, so that an observer may gather what it saves.
  if (writes_outputs(current_context().comm.get())) write_checkpoint_file(opt_.path, w);
}

template class Checkpointer<float>;
template class Checkpointer<double>;

}  // namespace optim
