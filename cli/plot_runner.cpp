#include "plot_runner.hpp"

#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <system_error>
#include <vector>

#include "optim/observers/atomic_file.hpp"

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

// write(2) until all of text is out (false on an error such as a full /tmp).
bool write_whole(int fd, const std::string& text) {
  const char* p = text.data();
  std::size_t left = text.size();
  while (left > 0) {
    const ssize_t n = ::write(fd, p, left);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    p += n;
    left -= static_cast<std::size_t>(n);
  }
  return true;
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

  // The script draws into a temporary file beside the target, which replaces the target only
  // once the script succeeded: a failed plot leaves the user's previous picture in place.
  AtomicOutput png(out_png);
  char tmpl[] = "/tmp/optim_plot_XXXXXX.json";
  const int fd = mkstemps(tmpl, 5);
  if (fd < 0) throw UsageError("cannot create a temporary file for the plot data");
  const std::string spec_path = tmpl;
  const std::string text = spec.dump();
  const bool written = write_whole(fd, text);
  if (::close(fd) != 0 || !written) {
    std::remove(spec_path.c_str());
    throw UsageError("cannot write the plot data to " + spec_path);
  }
  const std::string cmd = quote(python) + " " + quote(script) + " " + quote(kind) + " " +
                          quote(spec_path) + " " + quote(png.temp_path());
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
  std::error_code ec;
  if (std::filesystem::file_size(png.temp_path(), ec) == 0 || ec) {
    throw UsageError("the plot script did not write " + out_png);
  }
  png.commit();
}

void add_contour_grid(nlohmann::json& spec, Objective<double>& f, const double lo[2],
                      const double hi[2], Index grid) {
  std::vector<double> xs(static_cast<size_t>(grid)), ys(static_cast<size_t>(grid));
  for (Index i = 0; i < grid; ++i) {
    xs[size_t(i)] = lo[0] + (hi[0] - lo[0]) * double(i) / double(grid - 1);
    ys[size_t(i)] = lo[1] + (hi[1] - lo[1]) * double(i) / double(grid - 1);
  }
  nlohmann::json z = nlohmann::json::array();
  Vec<double> pt(2);
  for (Index j = 0; j < grid; ++j) {
    nlohmann::json row = nlohmann::json::array();
    for (Index i = 0; i < grid; ++i) {
      pt << xs[size_t(i)], ys[size_t(j)];
      const double v = f.value(pt);
      row.push_back(std::isfinite(v) ? v : 0.0);
    }
    z.push_back(std::move(row));
  }
  spec["x"] = xs;
  spec["y"] = ys;
  spec["z"] = std::move(z);
}

}  // namespace optim::cli
