#include "plot_runner.hpp"

#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>

namespace optim::cli {
namespace {

std::string env_or(const char* name, const std::string& fallback) {
  const char* v = std::getenv(name);
  return (v != nullptr && *v != '\0') ? std::string(v) : fallback;
}

std::string script_path() {
  if (const char* v = std::getenv("OPTIM_PLOT_SCRIPT"); v != nullptr && *v != '\0') return v;
  std::string in_tree = std::string(OPTIM_SOURCE_DIR) + "/scripts/optim_plot.py";
  if (std::filesystem::exists(in_tree)) return in_tree;
  return "/usr/local/share/optim/optim_plot.py";
}

// POSIX single-quote escaping for the shell command line.
std::string quote(const std::string& s) {
  std::string q = "'";
  for (char c : s) q += (c == '\'') ? std::string("'\\''") : std::string(1, c);
  return q + "'";
}

}  // namespace

void add_plot_size_flags(CLI::App& app, PlotSize& size) {
  app.add_option("--width", size.width, "plot width in pixels")->capture_default_str();
  app.add_option("--height", size.height, "plot height in pixels")->capture_default_str();
}

void render_plot(const std::string& kind, nlohmann::json spec, const std::string& out_png,
                 const PlotSize& size) {
  if (size.width < 16 || size.width > 10000 || size.height < 16 || size.height > 10000) {
    throw UsageError("plot size " + std::to_string(size.width) + " x " +
                     std::to_string(size.height) + " is out of range (16..10000 pixels)");
  }
  if (out_png.empty()) throw UsageError("no output file for the plot");
  const std::string python = env_or("OPTIM_PYTHON", "/usr/bin/python3");
  const std::string script = script_path();
  if (!std::filesystem::exists(script)) {
    throw UsageError("plot script not found at '" + script + "' (set OPTIM_PLOT_SCRIPT)");
  }
  spec["width"] = size.width;
  spec["height"] = size.height;

  char tmpl[] = "/tmp/optim_plot_XXXXXX.json";
  const int fd = mkstemps(tmpl, 5);
  if (fd < 0) throw UsageError("cannot create a temporary file for the plot data");
  close(fd);
  const std::string spec_path = tmpl;
  {
    std::ofstream f(spec_path);
    f << spec.dump();
    if (!f) {
      std::remove(spec_path.c_str());
      throw UsageError("cannot write the plot data to " + spec_path);
    }
  }
  std::remove(out_png.c_str());
  const std::string cmd = quote(python) + " " + quote(script) + " " + quote(kind) + " " +
                          quote(spec_path) + " " + quote(out_png);
  const int status = std::system(cmd.c_str());
  std::remove(spec_path.c_str());
  const int code = (status != -1 && WIFEXITED(status)) ? WEXITSTATUS(status) : -1;
  if (code == 3) {
    throw UsageError("matplotlib is not available for " + python +
                     "; install python3-matplotlib (scripts/setup.sh does) to draw " + out_png);
  }
  if (code == 126 || code == 127) {
    throw UsageError("cannot run the Python interpreter '" + python +
                     "' (install python3, or set OPTIM_PYTHON)");
  }
  if (code != 0) {
    throw UsageError("the plot script failed (exit " + std::to_string(code) + ") while drawing " +
                     out_png);
  }
  if (!std::filesystem::exists(out_png) || std::filesystem::file_size(out_png) == 0) {
    throw UsageError("the plot script did not write " + out_png);
  }
}

}  // namespace optim::cli
