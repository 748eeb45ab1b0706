#include "checkpoint_flags.hpp"

#include <filesystem>
#include <iostream>

#include "command.hpp"
#include "range_checks.hpp"

namespace optim::cli {

void add_checkpoint_flags(CLI::App& app, CheckpointFlags& f, const std::string& unit) {
  app.add_option("--checkpoint", f.path,
                 "save the whole run state to FILE (atomically) every N " + unit +
                     " and at the end; Ctrl-C, SIGTERM and SIGHUP stop cleanly and save");
  app.add_option("--checkpoint-every", f.every, "N " + unit + " between checkpoints (0: end only)")
      ->check(at_least(0));
  app.add_flag("--resume", f.resume,
               "continue from --checkpoint FILE if it exists (same run flags; bit-identical)");
}

CheckpointOptions checkpoint_options(const CheckpointFlags& f, const std::string& signature) {
  if (f.path.empty() && (f.every > 0 || f.resume))
    throw UsageError("--checkpoint-every and --resume need --checkpoint FILE");
  CheckpointOptions o;
  o.path = f.path;
  o.every = static_cast<Index>(f.every);
  o.resume = f.resume;
  o.signature = signature;
  return o;
}

Index announce_resume(const CheckpointFlags& f, const std::string& unit) {
  if (!f.resume) return 0;
  if (!std::filesystem::exists(f.path)) {
    std::cerr << "optim: no checkpoint '" << f.path << "' yet: starting from the beginning\n";
    return 0;
  }
  const Index k = checkpoint_iteration(f.path);
  std::cerr << "optim: resuming from " << unit << " " << k << " of '" << f.path << "'\n";
  return k;
}

}  // namespace optim::cli
