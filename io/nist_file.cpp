#include "io/nist_file.hpp"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <sstream>
#include <stdexcept>

#include "io/input_file.hpp"

namespace optim::io {
namespace {

struct Lines {
  std::string source;
  std::vector<std::string> text;  // text[0] is line 1

  [[noreturn]] void fail(long line, const std::string& expected) const {
    std::ostringstream os;
    os << source << ":" << line << ": expected " << expected;
    if (line >= 1 && line <= static_cast<long>(text.size())) {
      os << ", got '" << text[static_cast<size_t>(line - 1)] << "'";
    }
    throw std::invalid_argument(os.str());
  }
  const std::string& at(long line) const { return text[static_cast<size_t>(line - 1)]; }
  long size() const { return static_cast<long>(text.size()); }
};

std::vector<std::string> tokens(const std::string& s) {
  std::istringstream is(s);
  std::vector<std::string> out;
  for (std::string t; is >> t;) out.push_back(t);
  return out;
}

std::string trim(const std::string& s) {
  const auto b = s.find_first_not_of(" \t");
  if (b == std::string::npos) return {};
  const auto e = s.find_last_not_of(" \t");
  return s.substr(b, e - b + 1);
}

// Strict number: the whole token must parse ("2.3894212918E+02", "0.0001", "-0.05").
bool to_number(const std::string& t, double& v) {
  if (t.empty()) return false;
  errno = 0;
  char* end = nullptr;
  v = std::strtod(t.c_str(), &end);
  return end == t.c_str() + t.size() && errno != ERANGE;
}

struct Range {
  long first = 0, last = 0, header_line = 0;
};

// Reads "(lines A to B)" (spaces as in \s*/\s+) at s[pos...]; false when it is not there. Line
// numbers longer than 9 digits are refused here rather than overflowing std::stol (which threw
// std::out_of_range, not the documented invalid_argument). A hand scanner rather than std::regex:
// the three regexes took 16-35 ms per file in the instrumented fuzz build, and libstdc++'s regex
// executor recurses once per character of the searched text (GCC PR 86164).
bool read_line_range(const std::string& s, std::size_t pos, long& a, long& b) {
  auto skip_space = [&](bool required) {
    const std::size_t start = pos;
    while (pos < s.size() && std::isspace(static_cast<unsigned char>(s[pos]))) ++pos;
    return !required || pos > start;
  };
  auto word = [&](const char* w) {
    const std::size_t n = std::strlen(w);
    if (s.compare(pos, n, w) != 0) return false;
    pos += n;
    return true;
  };
  auto number = [&](long& v) {
    const std::size_t start = pos;
    while (pos < s.size() && std::isdigit(static_cast<unsigned char>(s[pos]))) ++pos;
    if (pos == start || pos - start > 9) return false;
    v = std::stol(s.substr(start, pos - start));
    return true;
  };
  return skip_space(false) && word("(") && word("lines") && skip_space(true) && number(a) &&
         skip_space(true) && word("to") && skip_space(true) && number(b) && skip_space(false) &&
         word(")");
}

// Finds "<label> (lines A to B)" in the header (before the first block) and checks it.
Range find_range(const Lines& f, const std::string& label) {
  const long limit = std::min<long>(f.size(), 40);
  for (long i = 1; i <= limit; ++i) {
    const std::string& s = f.at(i);
    for (auto pos = s.find(label); pos != std::string::npos; pos = s.find(label, pos + 1)) {
      Range r{0, 0, i};
      if (!read_line_range(s, pos + label.size(), r.first, r.last)) continue;
      if (r.first < 1 || r.last < r.first) {
        f.fail(i, "a line range 'lines A to B' with 1 <= A <= B for " + label);
      }
      if (r.last > f.size()) {
        f.fail(i, label + " block ending at line " + std::to_string(r.last) +
                      ", but the file has only " + std::to_string(f.size()) +
                      " lines (truncated file?)");
      }
      return r;
    }
  }
  f.fail(1, "a header line '" + label + " (lines A to B)' within the first " +
                std::to_string(limit) + " lines");
}

// "label: value" inside [first, last]; returns the number after the colon. With `count`, the
// number must be a whole number in [0, 1e9] (degrees of freedom, observations): converting a
// larger double to long is undefined behaviour, and later sums of counts could overflow.
double find_labelled(const Lines& f, const Range& r, const std::string& label, bool count = false) {
  for (long i = r.first; i <= r.last; ++i) {
    const std::string& s = f.at(i);
    const auto pos = s.find(label);
    if (pos == std::string::npos) continue;
    const auto t = tokens(s.substr(pos + label.size()));
    double v = 0;
    if (t.size() != 1 || !to_number(t[0], v)) f.fail(i, "'" + label + " <number>'");
    if (count && !(v >= 0 && v <= 1e9 && v == std::floor(v))) {
      f.fail(i, "'" + label + " <whole number from 0 to 1e9>'");
    }
    return v;
  }
  f.fail(r.first, "a line '" + label + " <number>' in the certified values block (lines " +
                      std::to_string(r.first) + " to " + std::to_string(r.last) + ")");
}

// The line of "label:" inside [first, last] (find_labelled has checked that it is there).
long labelled_line(const Lines& f, const Range& r, const std::string& label) {
  for (long i = r.first; i <= r.last; ++i) {
    if (f.at(i).find(label) != std::string::npos) return i;
  }
  return r.first;
}

constexpr const char* kTitle = "NIST/ITL StRD";
constexpr const char* kDof = "Degrees of Freedom:";
constexpr const char* kObservations = "Number of Observations:";

void check_title(const Lines& f) {
  if (f.at(1).find(kTitle) == std::string::npos)
    f.fail(1, std::string("the title '") + kTitle + "'");
}

std::string without_line_end(std::string line) {
  while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.pop_back();
  return line;
}

}  // namespace

NistDataset parse_nist(std::istream& in, const std::string& source) {
  Lines f;
  f.source = source;
  for (std::string line; std::getline(in, line);) f.text.push_back(without_line_end(line));
  if (f.size() == 0) f.fail(1, "a NIST StRD file, found an empty file");
  check_title(f);

  NistDataset d;
  d.source = source;
  for (long i = 1; i <= std::min<long>(f.size(), 10) && d.name.empty(); ++i) {
    const auto pos = f.at(i).find("Dataset Name:");
    if (pos == std::string::npos) continue;
    const auto t = tokens(f.at(i).substr(pos + 13));
    if (t.empty()) f.fail(i, "'Dataset Name: <name>'");
    d.name = t[0];
  }
  if (d.name.empty()) f.fail(2, "a line 'Dataset Name: <name>'");

  const Range start = find_range(f, "Starting Values");
  const Range cert = find_range(f, "Certified Values");
  const Range data = find_range(f, "Data");
  if (cert.first != start.first || cert.last < start.last) {
    f.fail(cert.header_line, "the certified values block to begin with the starting values lines");
  }

  // Parameter lines: "b1 = start1 start2 certified std-dev".
  for (long i = start.first; i <= start.last; ++i) {
    const auto t = tokens(f.at(i));
    double v[4] = {0, 0, 0, 0};
    const bool ok = t.size() == 6 && t[1] == "=" && to_number(t[2], v[0]) &&
                    to_number(t[3], v[1]) && to_number(t[4], v[2]) && to_number(t[5], v[3]);
    const std::string want = "b" + std::to_string(i - start.first + 1);
    if (!ok || t[0] != want) {
      f.fail(i, "'" + want + " = <start 1> <start 2> <certified value> <standard deviation>'");
    }
    d.param_names.push_back(t[0]);
    d.start1.push_back(v[0]);
    d.start2.push_back(v[1]);
    d.certified.push_back(v[2]);
    d.certified_sd.push_back(v[3]);
  }

  d.rss = find_labelled(f, cert, "Residual Sum of Squares:");
  d.residual_sd = find_labelled(f, cert, "Residual Standard Deviation:");
  d.dof = static_cast<long>(find_labelled(f, cert, kDof, true));
  d.observations = static_cast<long>(find_labelled(f, cert, kObservations, true));

  // Model text: the lines after "Model:" (minus the class and parameter-count lines) up to the
  // table of starting values.
  long model_line = 0;
  for (long i = 1; i < start.first && model_line == 0; ++i) {
    if (f.at(i).rfind("Model:", 0) == 0) model_line = i;
  }
  if (model_line == 0) f.fail(start.first, "a 'Model:' section before the starting values");
  for (long i = model_line + 1; i < start.first; ++i) {
    const std::string s = trim(f.at(i));
    if (s.empty() || s.find("Parameters") != std::string::npos ||
        s.find("Starting values") != std::string::npos || s.rfind("Start 1", 0) == 0) {
      continue;
    }
    d.model += (d.model.empty() ? "" : " ") + s;
  }
  if (d.model.find('=') == std::string::npos) {
    f.fail(model_line, "a model formula 'y = ...' after 'Model:'");
  }
  for (long i = 1; i < start.first; ++i) {
    for (const char* level : {"Lower", "Average", "Higher"}) {
      if (d.difficulty.empty() &&
          f.at(i).find(std::string(level) + " Level of Difficulty") != std::string::npos) {
        d.difficulty = level;
      }
    }
  }

  // Data block: the line before it names the columns ("Data:   y   x1   x2").
  const long header = data.first - 1;
  const auto cols = header >= 1 ? tokens(f.at(header)) : std::vector<std::string>{};
  if (cols.size() < 3 || cols[0] != "Data:" || cols[1] != "y") {
    f.fail(header, "the column header 'Data: y x ...' on the line before the data");
  }
  const long ncols = static_cast<long>(cols.size()) - 1;
  const long nobs = data.last - data.first + 1;
  // The counts are redundant metadata: the data block's line range says how many observations
  // there are, and the fit's degrees of freedom are observations - parameters. NIST's own files
  // are not always consistent (Rat43.dat states 9 degrees of freedom for 15 - 4), so a count that
  // disagrees is a warning and the value implied by the data is used.
  if (nobs != d.observations) {
    d.warnings.push_back(f.source + ":" + std::to_string(labelled_line(f, cert, kObservations)) +
                         ": Number of Observations is " + std::to_string(d.observations) +
                         ", but the data block (lines " + std::to_string(data.first) + " to " +
                         std::to_string(data.last) + ") has " + std::to_string(nobs) +
                         " lines; using " + std::to_string(nobs));
    d.observations = nobs;
  }
  if (d.dof != nobs - d.num_params()) {
    d.warnings.push_back(
        f.source + ":" + std::to_string(labelled_line(f, cert, kDof)) + ": Degrees of Freedom is " +
        std::to_string(d.dof) + ", but observations - parameters = " + std::to_string(nobs) +
        " - " + std::to_string(d.num_params()) + " = " + std::to_string(nobs - d.num_params()) +
        "; using " + std::to_string(nobs - d.num_params()));
    d.dof = nobs - d.num_params();
  }
  d.y.resize(nobs);
  d.x.resize(nobs, ncols - 1);
  for (long i = data.first; i <= data.last; ++i) {
    const auto t = tokens(f.at(i));
    if (static_cast<long>(t.size()) != ncols) {
      f.fail(i, std::to_string(ncols) + " numbers (columns y x...)");
    }
    for (long c = 0; c < ncols; ++c) {
      double v = 0;
      if (!to_number(t[static_cast<size_t>(c)], v))
        f.fail(i, "a number in column " + std::to_string(c + 1));
      if (c == 0) {
        d.y[i - data.first] = v;
      } else {
        d.x(i - data.first, c - 1) = v;
      }
    }
  }
  return d;
}

NistDataset read_nist_file(const std::string& path) {
  io::InputFile file(path, "NIST StRD file");
  // Header first: the title line decides whether the rest is read at all, so that a large file
  // of another kind given by mistake is refused after its first kilobytes.
  std::string text;
  file.read_exact(text, std::min<std::uint64_t>(file.remaining(), 4096), "title");
  if (!text.empty()) {
    Lines head;
    head.source = path;
    head.text.push_back(without_line_end(text.substr(0, text.find('\n'))));
    check_title(head);
  }
  file.read_exact(text, file.remaining(), "data");
  std::istringstream in(std::move(text));
  return parse_nist(in, path);
}

}  // namespace optim::io
