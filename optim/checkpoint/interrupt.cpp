#include "optim/checkpoint/interrupt.hpp"

#include <csignal>

namespace optim {
namespace {

// The signals that ask a run to stop; each is handled the same way.
constexpr int kStopSignals[] = {SIGINT, SIGTERM, SIGHUP};
constexpr int kCount = sizeof kStopSignals / sizeof kStopSignals[0];

volatile std::sig_atomic_t g_signal = 0;  // the first stop signal received, 0 before
struct sigaction g_previous[kCount] {};
bool g_installed[kCount] = {};

extern "C" void on_stop_signal(int sig) {
  if (g_signal == 0) g_signal = sig;
}

}  // namespace

InterruptScope::InterruptScope() {
  g_signal = 0;
  struct sigaction sa {};
  sa.sa_handler = on_stop_signal;
  sigemptyset(&sa.sa_mask);
  sa.sa_flags = SA_RESETHAND;  // a second signal of the same kind terminates as usual
  for (int i = 0; i < kCount; ++i) {
    g_installed[i] = false;
    if (sigaction(kStopSignals[i], nullptr, &g_previous[i]) != 0) continue;
    if (g_previous[i].sa_handler == SIG_IGN) continue;  // ignored on purpose (nohup)
    g_installed[i] = sigaction(kStopSignals[i], &sa, nullptr) == 0;
  }
}

InterruptScope::~InterruptScope() {
  for (int i = 0; i < kCount; ++i) {
    if (g_installed[i]) sigaction(kStopSignals[i], &g_previous[i], nullptr);
  }
}

bool InterruptScope::interrupted() {
  return g_signal != 0;
}

int InterruptScope::signal_number() {
  return g_signal;
}

const char* InterruptScope::signal_name() {
  switch (g_signal) {
    case SIGINT:
      return "SIGINT (Ctrl-C)";
    case SIGTERM:
      return "SIGTERM";
    case SIGHUP:
      return "SIGHUP";
    default:
      return "";
  }
}

}  // namespace optim
