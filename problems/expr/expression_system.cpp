#include "problems/expr/expression_system.hpp"

#include <algorithm>
#include <memory>
#include <stdexcept>

namespace optim::expr {
namespace {

// One equation of the text: where it starts, and its formula(s) with their offsets.
struct Piece {
  std::string text;                    // the equation without surrounding blanks
  std::size_t at = 0;                  // its offset in the whole text
  std::size_t eq = std::string::npos;  // offset of its '=' within text, if any
};

bool blank(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

std::vector<Piece> split_equations(const std::string& text) {
  std::vector<Piece> out;
  std::size_t begin = 0;
  for (std::size_t i = 0; i <= text.size(); ++i) {
    if (i < text.size() && text[i] != ';') continue;
    std::size_t a = begin, b = i;
    while (a < b && blank(text[a])) ++a;
    while (b > a && blank(text[b - 1])) --b;
    const bool last = i == text.size();
    if (a == b) {
      // A trailing ';' (or blanks after it) ends the list; an empty equation elsewhere is an
      // error.
      if (!(last && !out.empty())) {
        throw ParseError("empty equation (equations are separated by ';')", text,
                         std::min(a, text.empty() ? 0 : text.size() - 1));
      }
    } else {
      Piece p{text.substr(a, b - a), a, std::string::npos};
      for (std::size_t k = 0; k < p.text.size(); ++k) {
        if (p.text[k] != '=') continue;
        if (p.eq != std::string::npos) {
          throw ParseError("an equation has one '=' (lhs = rhs)", text, a + k);
        }
        p.eq = k;
      }
      out.push_back(std::move(p));
    }
    begin = i + 1;
  }
  return out;
}

// Parses `formula`, which starts at `offset` of `text`, re-throwing a parse error with its
// column counted in the whole text.
Graph parse_at(const std::string& formula, std::size_t offset, const std::string& text,
               const ParseOptions& opt) {
  try {
    return parse(formula, opt);
  } catch (const ParseError& e) {
    throw ParseError(e.message(), text, offset + std::min(e.column(), formula.size()));
  }
}

// The residual of a piece: `expr`, or `(lhs) - (rhs)` once both sides parse on their own (so
// that an error points into the text the user typed).
Graph parse_piece(const Piece& p, const std::string& text, const ParseOptions& opt) {
  if (p.eq == std::string::npos) return parse_at(p.text, p.at, text, opt);
  const std::string lhs = p.text.substr(0, p.eq), rhs = p.text.substr(p.eq + 1);
  if (lhs.find_first_not_of(" \t\r\n") == std::string::npos) {
    throw ParseError("missing left-hand side before '='", text, p.at + p.eq);
  }
  if (rhs.find_first_not_of(" \t\r\n") == std::string::npos) {
    throw ParseError("missing right-hand side after '='", text, p.at + p.eq);
  }
  parse_at(lhs, p.at, text, opt);
  parse_at(rhs, p.at + p.eq + 1, text, opt);
  return parse_at("(" + lhs + ") - (" + rhs + ")", p.at, text, opt);
}

}  // namespace

template <class S>
ExpressionSystem<S>::ExpressionSystem(const std::string& text,
                                      const std::vector<std::string>& variables) {
  const std::vector<Piece> pieces = split_equations(text);
  ParseOptions opt;
  if (!variables.empty()) {
    opt.variables = variables;
  } else {
    // First appearance over all equations: each equation's own order, appended in turn.
    std::vector<std::string> names;
    for (const auto& p : pieces) {
      const Graph g = parse_piece(p, text, opt);
      for (const auto& v : g.variables()) {
        if (std::find(names.begin(), names.end(), v) == names.end()) names.push_back(v);
      }
    }
    opt.variables = names;
  }
  variables_ = *opt.variables;
  if (variables_.empty()) {
    throw std::invalid_argument("the system has no unknowns (every equation is a constant)");
  }
  std::vector<bool> used(variables_.size(), false);
  tapes_.reserve(pieces.size());
  for (const auto& p : pieces) {
    auto g = std::make_shared<const Graph>(parse_piece(p, text, opt));
    for (std::size_t k = 0; k < variables_.size(); ++k)
      used[k] = used[k] || g->variable_node(k) >= 0;
    tapes_.emplace_back(std::move(g));
    equations_.push_back(p.text);
  }
  for (std::size_t k = 0; k < variables_.size(); ++k) {
    if (!used[k]) {
      throw std::invalid_argument("variable '" + variables_[k] +
                                  "' appears in no equation of the system");
    }
  }
  grad_ = Vec<S>::Zero(dim());
}

template <class S>
void ExpressionSystem<S>::residuals(const Vec<S>& x, Vec<S>* res, Mat<S>* jac) {
  if (x.size() != dim()) {
    throw std::invalid_argument("expression system: x has " + std::to_string(x.size()) +
                                " entries, the system has " + std::to_string(dim()) + " unknowns");
  }
  for (Index i = 0; i < num_residuals(); ++i) {
    auto& tape = tapes_[static_cast<std::size_t>(i)];
    if (jac == nullptr) {
      (*res)[i] = tape.value(x.data());
    } else {
      (*res)[i] = tape.value_gradient(x.data(), grad_.data());
      jac->row(i) = grad_.transpose();
    }
  }
}

template class ExpressionSystem<float>;
template class ExpressionSystem<double>;

}  // namespace optim::expr
