#pragma once
// The one generic driver that runs every method (DESIGN.md): initial check -> step -> accept or
// reject the candidate (a non-finite point is never committed) -> observers -> stopping tests.
// There are no method-specific branches here.
#include <span>

#include "optim/checkpoint/run_checkpoint.hpp"
#include "optim/method.hpp"
#include "optim/observer.hpp"
#include "optim/result.hpp"
#include "optim/run_context.hpp"
#include "optim/stop_options.hpp"

namespace optim {

// Minimises `objective` from x0. Throws std::invalid_argument for caller errors (x0 of the wrong
// length or not finite, invalid stop options, a method that needs a capability the objective
// lacks); every other ending is a Status in the Result. The returned point is the best accepted
// iterate (lowest f) when f is exact, else the last one. With an active `checkpoint`
// (optim/checkpoint/run_checkpoint.hpp) the run saves its whole state periodically and at the
// end, and with checkpoint.resume continues a saved run exactly (x0 is then only the fallback
// when no checkpoint file exists). The run executes in `context` (threads and gemm backend of its
// parallel passes, optim/run_context.hpp), made current for the whole call by a ContextScope. By
// default it is the caller's current context (a run inside a user's ContextScope inherits it, and
// reuses its worker threads); without any scope, 1 thread and the default backend.
template <class S>
Result<S> minimize(Objective<S>& objective, const Vec<S>& x0, const Method<S>& method,
                   const StopOptions& stop = {}, std::span<Observer<S>* const> observers = {},
                   const CheckpointOptions& checkpoint = {},
                   const RunContext& context = current_context());

}  // namespace optim
