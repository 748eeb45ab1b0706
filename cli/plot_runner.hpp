#pragma once
// Draws a PNG by handing a JSON spec to scripts/optim_plot.py (matplotlib, Agg backend) run by
// /usr/bin/python3, the interpreter whose Debian modules include python3-matplotlib. The C++ side
// computes every number; the script only draws. Overrides: OPTIM_PYTHON (interpreter),
// OPTIM_PLOT_SCRIPT (script path).
#include <nlohmann/json.hpp>
#include <string>

#include "command.hpp"
#include "optim/objective.hpp"

namespace optim::cli {

struct PlotSize {
  int width = 1000;  // pixels
  int height = 600;
};

// Adds --width/--height (pixels) to a command that writes a plot.
void add_plot_size_flags(CLI::App& app, PlotSize& size);

// Writes `spec` (plus the size) to a temporary JSON file and renders plot `kind` into a
// temporary file beside `out_png` (optim/observers/atomic_file.hpp), renamed over `out_png` only
// when the script succeeded, so a failed plot keeps the previous picture.
// Throws UsageError (exit 2) with a clear message when the interpreter or matplotlib is missing,
// the output cannot be written, or the size is out of range (16..10000 pixels).
void render_plot(const std::string& kind, nlohmann::json spec, const std::string& out_png,
                 const PlotSize& size);

// The level-set data of a 2-D objective for the "contour" plot: spec["x"], spec["y"] (grid points
// per axis from lo to hi) and spec["z"] (rows over y, f at each point; a non-finite value as 0).
void add_contour_grid(nlohmann::json& spec, Objective<double>& f, const double lo[2],
                      const double hi[2], Index grid);

}  // namespace optim::cli
