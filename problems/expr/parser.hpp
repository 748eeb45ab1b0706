#pragma once
// Parser for ordinary math formulas into a computation graph (see graph.hpp).
//
// Grammar (precedence from low to high; ^ and ** are right-associative and bind tighter than a
// unary minus on their left, so -x^2 = -(x^2) and 2^-1 = 0.5):
//   program   := { IDENT '=' expr ';' } expr [';']
//   expr      := term { ('+' | '-') term }
//   term      := unary { ('*' | '/') unary }
//   unary     := ('-' | '+') unary | power
//   power     := primary [ ('^' | '**') unary ]
//   primary   := NUMBER | IDENT | IDENT '(' args ')' | IDENT '[' args ']' | '(' expr ')'
//              | '[' expr ']'
//   args      := expr { ',' expr }
// Numbers: 3, 1.5, .5, 1.5e-3. Functions: exp log sqrt sin cos tan asin acos atan sinh cosh tanh
// abs (one argument; arctan = atan), atan2 pow (two), min max (two or more). Constants: pi, e.
// Calls may use brackets, as the NIST StRD model texts do: exp[-b1*x].
// Bindings `name = expr;` name intermediate results, so the seed's series of equations
// (000_7fb68bb28a6a5040.txt, Example 3.1) can be typed as it stands; a binding may shadow the
// constants pi and e (the seed names a node e), never a function.
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "problems/expr/graph.hpp"

namespace optim::expr {

// A parse error. what() is two lines: the message with the expression, and a caret under the
// offending character of the expression on the line above.
class ParseError : public std::invalid_argument {
 public:
  ParseError(const std::string& message, const std::string& source, std::size_t column);
  const std::string& message() const { return message_; }
  const std::string& source() const { return source_; }
  std::size_t column() const { return column_; }  // 0-based offset into source
  // The same two lines with `indent` extra spaces before the caret, for callers that print a
  // prefix (such as "optim: error: ") before the first line.
  std::string render(std::size_t indent) const;

 private:
  std::string message_, source_;
  std::size_t column_;
};

struct ParseOptions {
  // When set, the variables in this order, and any other free identifier is an error. When empty,
  // the variables are the free identifiers in order of first appearance.
  std::optional<std::vector<std::string>> variables;
  // Message for a free identifier outside `variables`, followed by the quoted name.
  std::string unknown_variable_message = "unknown variable";
  // What a variable is to the caller, in messages ("data column"). A variable named like a
  // function or constant (pi, e) is accepted, and refused only where the formula uses that name.
  std::string variable_noun = "variable";
  // Deepest nesting of parentheses/unary operators accepted (guards the recursion).
  int max_depth = 500;
};

Graph parse(const std::string& text, const ParseOptions& options = {});

// True for the names the parser treats as functions or constants (a variable of that name cannot
// be used in a formula).
bool is_reserved_name(const std::string& name);

}  // namespace optim::expr
