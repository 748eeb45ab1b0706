#include "optim/checkpoint/run_checkpoint.hpp"

#include <algorithm>
#include <filesystem>
#include <stdexcept>

#include "optim/checkpoint/checkpoint_file.hpp"
#include "optim/params.hpp"

namespace optim {
namespace {

template <class S>
void put_iterate(StateWriter& w, const char* scope, const Iterate<S>& it) {
  ArchiveScope<StateWriter> s(w, scope);
  w.put_vec("x", it.x);
  w.put_vec("g", it.g);
  w.put_real("f", static_cast<double>(it.f));
  w.put_int("exact", it.exact ? 1 : 0);
}

template <class S>
void get_iterate(StateReader& r, const char* scope, Iterate<S>& it) {
  ArchiveScope<StateReader> s(r, scope);
  r.get_vec("x", it.x);
  r.get_vec("g", it.g);
  it.f = static_cast<S>(r.get_real("f"));
  it.exact = r.get_int("exact") != 0;
}

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

void CheckpointOptions::validate() const {
  require_at_least("checkpoint_every", static_cast<double>(every), 0.0);
  if (path.empty() && (every > 0 || resume))
    throw std::invalid_argument("checkpoint_every / resume need a checkpoint path");
}

template <class S>
void check_checkpointable(const std::string& method, const MethodState<S>& state) {
  StateWriter probe;
  try {
    state.save_state(probe);
  } catch (const std::invalid_argument& e) {
    throw std::invalid_argument("method '" + method + "' " + e.what());
  }
}

template <class S>
void save_run(const CheckpointOptions& opt, const std::string& method, const DriverVars<S>& v,
              const MethodState<S>& state, std::span<Observer<S>* const> observers) {
  StateWriter w;
  {
    ArchiveScope<StateWriter> s(w, "run");
    w.put_text("signature", opt.signature);
    w.put_text("inputs", joined_lines(opt.inputs));
    w.put_text("method", method);
    w.put_text("scalar", sizeof(S) == sizeof(float) ? "float" : "double");
    w.put_int("n", v.cur.x.size());
    w.put_int("k", v.k);
    w.put_real("g0", v.g0);
    w.put_real("elapsed", v.elapsed);
    w.put_real("step_norm", v.step_norm);
    w.put_real("f_prev", v.f_prev);
    w.put_int("best_is_cur", v.best_is_cur ? 1 : 0);
    w.put_real("best_f", static_cast<double>(v.best_f));
    const std::int64_t counts[] = {v.counts.f, v.counts.g, v.counts.h, v.counts.samples};
    w.put_ints("counts", counts, 4);
    put_iterate(w, "cur", v.cur);
    // best differs from cur only once the run moved away from it; otherwise it is not
    // materialised (see driver.cpp) and need not be saved.
    if (!v.best_is_cur) put_iterate(w, "best", v.best);
  }
  {
    ArchiveScope<StateWriter> s(w, "method");
    state.save_state(w);
  }
  for (std::size_t i = 0; i < observers.size(); ++i) {
    ArchiveScope<StateWriter> s(w, "observer" + std::to_string(i));
    observers[i]->save_state(w);
  }
  write_checkpoint_file(opt.path, w);
}

template <class S>
std::optional<StateReader> resume_run(const CheckpointOptions& opt, const std::string& method,
                                      const DriverVars<S>& v, MethodState<S>& state) {
  if (!opt.resume || !std::filesystem::exists(opt.path)) return std::nullopt;
  StateReader r = read_checkpoint_file(opt.path);
  try {
    {
      ArchiveScope<StateReader> s(r, "run");
      // The data first (the more specific message). A checkpoint from before inputs were
      // recorded has none: refused when this run has some.
      require_same_inputs(r.has("inputs") ? r.get_text("inputs") : "", opt.inputs);
      require_same("signature", r.get_text("signature"), opt.signature);
      require_same("method", r.get_text("method"), method);
      require_same("scalar type", r.get_text("scalar"),
                   sizeof(S) == sizeof(float) ? "float" : "double");
      require_same("dimension", std::to_string(r.get_int("n")), std::to_string(v.cur.x.size()));
      const std::int64_t k = r.get_int("k");
      if (k < 0) throw std::runtime_error("negative iteration count " + std::to_string(k));
      const std::vector<std::int64_t> counts = r.get_ints("counts");
      if (counts.size() != 4) throw std::runtime_error("field 'run.counts' needs 4 values");
      v.k = static_cast<Index>(k);
      v.g0 = r.get_real("g0");
      v.elapsed = r.get_real("elapsed");
      v.step_norm = r.get_real("step_norm");
      v.f_prev = r.get_real("f_prev");
      v.best_is_cur = r.get_int("best_is_cur") != 0;
      v.best_f = static_cast<S>(r.get_real("best_f"));
      v.counts = {counts[0], counts[1], counts[2], counts[3]};
      get_iterate(r, "cur", v.cur);
      if (!v.best_is_cur) get_iterate(r, "best", v.best);
    }
    ArchiveScope<StateReader> m(r, "method");
    state.load_state(r);
  } catch (const std::runtime_error& e) {
    throw std::runtime_error("checkpoint '" + opt.path + "' refused: " + e.what());
  }
  return r;
}

template <class S>
void resume_observers(const CheckpointOptions& opt, StateReader& r,
                      std::span<Observer<S>* const> observers) {
  try {
    for (std::size_t i = 0; i < observers.size(); ++i) {
      ArchiveScope<StateReader> o(r, "observer" + std::to_string(i));
      observers[i]->load_state(r);
    }
  } catch (const std::runtime_error& e) {
    throw std::runtime_error("checkpoint '" + opt.path + "' refused: " + e.what());
  }
}

Index checkpoint_iteration(const std::string& path) {
  StateReader r = read_checkpoint_file(path);
  return static_cast<Index>(r.get_int("run.k"));
}

template void check_checkpointable(const std::string&, const MethodState<float>&);
template void check_checkpointable(const std::string&, const MethodState<double>&);
template void save_run(const CheckpointOptions&, const std::string&, const DriverVars<float>&,
                       const MethodState<float>&, std::span<Observer<float>* const>);
template void save_run(const CheckpointOptions&, const std::string&, const DriverVars<double>&,
                       const MethodState<double>&, std::span<Observer<double>* const>);
template std::optional<StateReader> resume_run(const CheckpointOptions&, const std::string&,
                                               const DriverVars<float>&, MethodState<float>&);
template std::optional<StateReader> resume_run(const CheckpointOptions&, const std::string&,
                                               const DriverVars<double>&, MethodState<double>&);
template void resume_observers(const CheckpointOptions&, StateReader&,
                               std::span<Observer<float>* const>);
template void resume_observers(const CheckpointOptions&, StateReader&,
                               std::span<Observer<double>* const>);

}  // namespace optim
