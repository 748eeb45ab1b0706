#include "problems/expr/parser.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <map>
#include <numbers>
#include <unordered_set>

namespace optim::expr {

namespace {

const std::string kPrefix = "parse error: ";

struct FunctionInfo {
  Op op;
  int min_args, max_args;  // max_args < 0: any number >= min_args (folded left)
};

const std::map<std::string, FunctionInfo, std::less<>>& functions() {
  static const std::map<std::string, FunctionInfo, std::less<>> f = {
      {"exp", {Op::Exp, 1, 1}},
      {"log", {Op::Log, 1, 1}},
      {"sqrt", {Op::Sqrt, 1, 1}},
      {"sin", {Op::Sin, 1, 1}},
      {"cos", {Op::Cos, 1, 1}},
      {"tan", {Op::Tan, 1, 1}},
      {"asin", {Op::Asin, 1, 1}},
      {"acos", {Op::Acos, 1, 1}},
      {"atan", {Op::Atan, 1, 1}},
      {"sinh", {Op::Sinh, 1, 1}},
      {"cosh", {Op::Cosh, 1, 1}},
      {"tanh", {Op::Tanh, 1, 1}},
      {"abs", {Op::Abs, 1, 1}},
      {"atan2", {Op::Atan2, 2, 2}},
      {"pow", {Op::Pow, 2, 2}},
      {"min", {Op::Min, 2, -1}},
      {"max", {Op::Max, 2, -1}},
      // Alias used by the NIST StRD model texts (Roszman1).
      {"arctan", {Op::Atan, 1, 1}},
  };
  return f;
}

std::optional<double> named_constant(std::string_view name) {
  if (name == "pi") return std::numbers::pi;
  if (name == "e") return std::numbers::e;
  return std::nullopt;
}

enum class Tok { Number, Ident, Op, End };

struct Token {
  Tok kind = Tok::End;
  std::string text;  // identifier or operator ("+", "**", "(", ...)
  double number = 0;
  std::size_t pos = 0;
};

class Parser {
 public:
  Parser(const std::string& src, const ParseOptions& opt)
      : src_(src), opt_(opt), builder_(opt.variables.value_or(std::vector<std::string>{})) {
    // A hash set: linear in the number of variables (a CSV table passes every column name, and
    // a pairwise check took minutes on 100 000 columns). A variable may share its name with a
    // function or constant (a data column "e" or "max"); that matters only where the formula
    // uses the name, and is refused there (primary()).
    if (opt.variables) {
      variable_set_.reserve(opt.variables->size());
      for (const std::string& v : *opt.variables) {
        if (!variable_set_.insert(v).second) {
          throw std::invalid_argument(opt.variable_noun + " '" + v + "' is named twice");
        }
      }
    }
    next();
  }

  Graph run() {
    if (tok_.kind == Tok::End) fail("empty expression", tok_.pos);
    std::int32_t result = -1;
    for (;;) {
      if (tok_.kind == Tok::Ident && peek_is_assignment()) {
        const Token name = tok_;
        // A binding may shadow a constant (the seed's Example 3.1 names a node e) but not a
        // function.
        if (functions().count(name.text)) {
          fail("cannot assign to function '" + name.text + "'", name.pos);
        }
        if (is_variable(name.text)) {
          fail("cannot assign to " + opt_.variable_noun + " '" + name.text + "'", name.pos);
        }
        next();  // name
        next();  // '='
        const std::int32_t value = expr(0);
        bindings_[name.text] = value;
        if (!accept(";"))
          fail("expected ';' after the definition of '" + name.text + "'", tok_.pos);
        if (tok_.kind == Tok::End) fail("expected an expression after the definitions", tok_.pos);
        continue;
      }
      result = expr(0);
      accept(";");
      break;
    }
    if (tok_.kind != Tok::End) fail("unexpected '" + tok_.text + "'", tok_.pos);
    return builder_.finish(result);
  }

 private:
  [[noreturn]] void fail(const std::string& msg, std::size_t pos) const {
    throw ParseError(msg, src_, pos);
  }

  // Lexer: reads the token starting at pos_ into tok_.
  void next() {
    while (pos_ < src_.size() && std::isspace(static_cast<unsigned char>(src_[pos_]))) ++pos_;
    tok_ = Token{};
    tok_.pos = pos_;
    if (pos_ >= src_.size()) return;
    const char ch = src_[pos_];
    const auto is_digit = [](char c) { return c >= '0' && c <= '9'; };
    if (is_digit(ch) || (ch == '.' && pos_ + 1 < src_.size() && is_digit(src_[pos_ + 1]))) {
      std::size_t end = pos_;
      while (end < src_.size() && is_digit(src_[end])) ++end;
      if (end < src_.size() && src_[end] == '.') {
        ++end;
        while (end < src_.size() && is_digit(src_[end])) ++end;
      }
      if (end < src_.size() && (src_[end] == 'e' || src_[end] == 'E')) {
        std::size_t exp_end = end + 1;
        if (exp_end < src_.size() && (src_[exp_end] == '+' || src_[exp_end] == '-')) ++exp_end;
        if (exp_end < src_.size() && is_digit(src_[exp_end])) {
          while (exp_end < src_.size() && is_digit(src_[exp_end])) ++exp_end;
          end = exp_end;
        } else {
          fail("malformed exponent in number", exp_end);
        }
      }
      double value = 0;
      const auto [ptr, ec] = std::from_chars(src_.data() + pos_, src_.data() + end, value);
      if (ec == std::errc::result_out_of_range) fail("number out of range", pos_);
      if (ec != std::errc() || ptr != src_.data() + end) fail("malformed number", pos_);
      tok_.kind = Tok::Number;
      tok_.number = value;
      tok_.text = src_.substr(pos_, end - pos_);
      pos_ = end;
      return;
    }
    if (std::isalpha(static_cast<unsigned char>(ch)) || ch == '_') {
      std::size_t end = pos_;
      while (end < src_.size() &&
             (std::isalnum(static_cast<unsigned char>(src_[end])) || src_[end] == '_')) {
        ++end;
      }
      tok_.kind = Tok::Ident;
      tok_.text = src_.substr(pos_, end - pos_);
      pos_ = end;
      return;
    }
    if (ch == '*' && pos_ + 1 < src_.size() && src_[pos_ + 1] == '*') {
      tok_.kind = Tok::Op;
      tok_.text = "**";
      pos_ += 2;
      return;
    }
    static constexpr std::string_view kSingle = "+-*/^()[],;=";
    if (kSingle.find(ch) != std::string_view::npos) {
      tok_.kind = Tok::Op;
      tok_.text = std::string(1, ch);
      ++pos_;
      return;
    }
    fail(std::string("unexpected character '") + ch + "'", pos_);
  }

  bool is_op(std::string_view s) const { return tok_.kind == Tok::Op && tok_.text == s; }
  bool accept(std::string_view s) {
    if (!is_op(s)) return false;
    next();
    return true;
  }
  void expect(std::string_view s, const std::string& context) {
    if (!is_op(s)) {
      const std::string got = tok_.kind == Tok::End ? "end of input" : "'" + tok_.text + "'";
      fail("expected '" + std::string(s) + "' " + context + ", got " + got, tok_.pos);
    }
    next();
  }
  // Lookahead for `name =` without consuming anything.
  bool peek_is_assignment() const {
    std::size_t p = pos_;
    while (p < src_.size() && std::isspace(static_cast<unsigned char>(src_[p]))) ++p;
    return p < src_.size() && src_[p] == '=';
  }

  void enter(int depth) const {
    if (depth > opt_.max_depth) fail("expression nested too deeply", tok_.pos);
  }

  std::int32_t expr(int depth) {
    enter(depth);
    std::int32_t lhs = term(depth);
    while (is_op("+") || is_op("-")) {
      const Op op = tok_.text == "+" ? Op::Add : Op::Sub;
      next();
      lhs = builder_.binary(op, lhs, term(depth));
    }
    return lhs;
  }

  std::int32_t term(int depth) {
    std::int32_t lhs = unary(depth);
    while (is_op("*") || is_op("/")) {
      const Op op = tok_.text == "*" ? Op::Mul : Op::Div;
      next();
      lhs = builder_.binary(op, lhs, unary(depth));
    }
    return lhs;
  }

  std::int32_t unary(int depth) {
    enter(depth);
    if (accept("-")) return builder_.unary(Op::Neg, unary(depth + 1));
    if (accept("+")) return unary(depth + 1);
    return power(depth);
  }

  std::int32_t power(int depth) {
    const std::int32_t base = primary(depth);
    if (accept("^") || accept("**")) return builder_.binary(Op::Pow, base, unary(depth + 1));
    return base;
  }

  std::int32_t primary(int depth) {
    const Token t = tok_;
    if (t.kind == Tok::Number) {
      next();
      return builder_.constant(t.number);
    }
    if (is_op("(") || is_op("[")) {
      const std::string close = is_op("(") ? ")" : "]";
      next();
      const std::int32_t inner = expr(depth + 1);
      expect(close, "to close the one at column " + std::to_string(t.pos + 1));
      return inner;
    }
    if (t.kind == Tok::Ident) {
      next();
      const bool bound = bindings_.count(t.text) > 0;
      if (!bound && is_variable(t.text) && is_reserved_name(t.text)) {
        // The one place a variable named like a function or constant matters: the formula uses
        // the name, and could mean either.
        fail("'" + t.text + "' is both a " + opt_.variable_noun + " and the " +
                 (functions().count(t.text) ? "function " : "constant ") + t.text +
                 "; rename the " + opt_.variable_noun,
             t.pos);
      }
      if (is_op("(") || is_op("[")) return call(t, depth);
      if (functions().count(t.text)) fail("function '" + t.text + "' needs '('", t.pos);
      if (bound) return bindings_.find(t.text)->second;
      if (auto c = named_constant(t.text)) return builder_.constant(*c);
      if (opt_.variables && !is_variable(t.text)) {
        fail(opt_.unknown_variable_message + " '" + t.text + "'", t.pos);
      }
      return builder_.variable(t.text);
    }
    if (t.kind == Tok::End) fail("unexpected end of expression", t.pos);
    fail("unexpected '" + t.text + "'", t.pos);
  }

  std::int32_t call(const Token& name, int depth) {
    auto it = functions().find(name.text);
    if (it == functions().end()) {
      std::string known;
      for (const auto& [n, info] : functions()) known += (known.empty() ? "" : " ") + n;
      fail("unknown function '" + name.text + "' (known: " + known + ")", name.pos);
    }
    const FunctionInfo& info = it->second;
    // exp(x) or exp[x]: the NIST StRD model texts use brackets for calls.
    const std::string close = is_op("(") ? ")" : "]";
    next();
    std::vector<std::int32_t> args;
    if (!is_op(close)) {
      args.push_back(expr(depth + 1));
      while (accept(",")) args.push_back(expr(depth + 1));
    }
    const std::size_t close_pos = tok_.pos;
    expect(close, "to close the call of '" + name.text + "'");
    const int n = static_cast<int>(args.size());
    if (n < info.min_args || (info.max_args >= 0 && n > info.max_args)) {
      const std::string want = info.max_args < 0 ? "at least " + std::to_string(info.min_args)
                                                 : std::to_string(info.min_args);
      fail("'" + name.text + "' takes " + want + " argument" + (want == "1" ? "" : "s") + ", got " +
               std::to_string(n),
           n < info.min_args ? close_pos : name.pos);
    }
    if (info.min_args == 1) return builder_.unary(info.op, args[0]);
    std::int32_t acc = builder_.binary(info.op, args[0], args[1]);
    for (std::size_t k = 2; k < args.size(); ++k) acc = builder_.binary(info.op, acc, args[k]);
    return acc;
  }

  bool is_variable(const std::string& name) const { return variable_set_.count(name) > 0; }

  const std::string& src_;
  const ParseOptions& opt_;
  std::unordered_set<std::string> variable_set_;  // *opt_.variables, for lookups
  GraphBuilder builder_;
  std::map<std::string, std::int32_t> bindings_;
  std::size_t pos_ = 0;
  Token tok_;
};

// The expression on one line (a caret under a multi-line text would point nowhere).
std::string one_line(std::string s) {
  std::replace_if(
      s.begin(), s.end(), [](char c) { return c == '\n' || c == '\r' || c == '\t'; }, ' ');
  return s;
}

}  // namespace

ParseError::ParseError(const std::string& message, const std::string& source, std::size_t column)
    : std::invalid_argument(kPrefix + message + " at column " + std::to_string(column + 1) + ": " +
                            one_line(source) + "\n" +
                            std::string(kPrefix.size() + message.size() + 11 +
                                            std::to_string(column + 1).size() + 2 + column,
                                        ' ') +
                            "^"),
      message_(message),
      source_(source),
      column_(column) {}

std::string ParseError::render(std::size_t indent) const {
  const std::string text = what();
  const auto nl = text.find('\n');
  return text.substr(0, nl + 1) + std::string(indent, ' ') + text.substr(nl + 1);
}

bool is_reserved_name(const std::string& name) {
  return functions().count(name) > 0 || named_constant(name).has_value();
}

Graph parse(const std::string& text, const ParseOptions& options) {
  Parser p(text, options);
  return p.run();
}

}  // namespace optim::expr
