#include "io/csv_reader.hpp"

#include <algorithm>
#include <cstdio>
#include <stdexcept>
#include <unordered_map>

namespace optim::io {
namespace {

bool is_blank(char c) {
  return c == ' ' || c == '\t';
}

constexpr std::string_view kByteOrderMark = "\xEF\xBB\xBF";  // U+FEFF in UTF-8

}  // namespace

CsvSyntaxError::CsvSyntaxError(std::size_t line, std::size_t column, const std::string& detail)
    : std::invalid_argument("line " + std::to_string(line) + ", column " + std::to_string(column) +
                            ": " + detail),
      line_(line),
      column_(column),
      detail_(detail) {}

CsvReader::CsvReader(std::string_view text, char comment, bool input_start, std::size_t first_line)
    : text_(text), comment_(comment), line_(first_line) {
  if (input_start && text_.substr(0, kByteOrderMark.size()) == kByteOrderMark)
    pos_ = kByteOrderMark.size();
}

bool CsvReader::at_line_end() const {
  return pos_ < text_.size() && (text_[pos_] == '\n' || text_[pos_] == '\r');
}

// "\r\n", "\n" or a lone "\r" is one line end.
void CsvReader::skip_line_end() {
  if (pos_ >= text_.size()) return;
  if (text_[pos_] == '\r') {
    ++pos_;
    if (pos_ < text_.size() && text_[pos_] == '\n') ++pos_;
  } else if (text_[pos_] == '\n') {
    ++pos_;
  } else {
    return;
  }
  ++line_;
}

void CsvReader::skip_blanks() {
  while (pos_ < text_.size() && is_blank(text_[pos_])) ++pos_;
}

// Consumes a blank or comment line and returns true; otherwise leaves pos_ where it was.
bool CsvReader::skip_blank_or_comment_line() {
  const std::size_t start = pos_;
  skip_blanks();
  if (pos_ >= text_.size()) return true;
  if (at_line_end()) {
    skip_line_end();
    return true;
  }
  if (comment_ != '\0' && text_[pos_] == comment_) {
    while (pos_ < text_.size() && !at_line_end()) ++pos_;
    skip_line_end();
    return true;
  }
  pos_ = start;
  return false;
}

void CsvReader::read_field(std::size_t column) {
  const std::size_t n = text_.size();
  skip_blanks();
  if (pos_ < n && text_[pos_] == '"') {
    const std::size_t open_line = line_;
    const std::size_t start = ++pos_;
    bool doubled = false;
    for (;;) {
      if (pos_ >= n) {
        throw CsvSyntaxError(open_line, column,
                             "the quote opened here is not closed before the end of the input");
      }
      const char c = text_[pos_];
      if (c == '"') {
        if (pos_ + 1 < n && text_[pos_ + 1] == '"') {  // "" inside quotes is one quote
          doubled = true;
          pos_ += 2;
          continue;
        }
        break;
      }
      // A line end inside quotes belongs to the field; count it for the messages.
      if (c == '\n' || (c == '\r' && !(pos_ + 1 < n && text_[pos_ + 1] == '\n'))) ++line_;
      ++pos_;
    }
    const std::string_view content = text_.substr(start, pos_ - start);
    ++pos_;  // the closing quote
    if (doubled) {
      starts_.push_back(unquoted_.size());
      for (std::size_t i = 0; i < content.size(); ++i) {
        unquoted_.push_back(content[i]);
        if (content[i] == '"') ++i;  // skip the second quote of the pair
      }
      lengths_.push_back(unquoted_.size() - starts_.back());
      in_buffer_.push_back(1);
    } else {
      starts_.push_back(start);
      lengths_.push_back(content.size());
      in_buffer_.push_back(0);
    }
    skip_blanks();
    if (pos_ < n && text_[pos_] != ',' && !at_line_end()) {
      throw CsvSyntaxError(line_, column, "unexpected text after the closing quote of a field");
    }
    return;
  }
  const std::size_t start = pos_;
  while (pos_ < n && text_[pos_] != ',' && !at_line_end()) {
    if (text_[pos_] == '"') {
      throw CsvSyntaxError(line_, column,
                           "a quote inside an unquoted field (quote the whole field and double "
                           "the quotes in it)");
    }
    ++pos_;
  }
  std::size_t end = pos_;
  while (end > start && is_blank(text_[end - 1])) --end;
  starts_.push_back(start);
  lengths_.push_back(end - start);
  in_buffer_.push_back(0);
}

bool CsvReader::next() {
  while (pos_ < text_.size() && skip_blank_or_comment_line()) {
  }
  if (pos_ >= text_.size()) return false;
  record_line_ = line_;
  unquoted_.clear();
  starts_.clear();
  lengths_.clear();
  in_buffer_.clear();
  for (std::size_t column = 1;; ++column) {
    read_field(column);
    if (pos_ < text_.size() && text_[pos_] == ',') {
      ++pos_;
      continue;
    }
    skip_line_end();
    break;
  }
  // Views are made once the record is complete: unquoted_ may have moved while it grew.
  fields_.clear();
  for (std::size_t k = 0; k < starts_.size(); ++k) {
    const std::string_view base = in_buffer_[k] ? std::string_view(unquoted_) : text_;
    fields_.push_back(base.substr(starts_[k], lengths_[k]));
  }
  return true;
}

std::string shown_field(std::string_view s) {
  std::string out;
  const std::size_t n = std::min<std::size_t>(s.size(), 40);
  for (std::size_t i = 0; i < n; ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c >= 0x20 && c < 0x7f) {
      out += static_cast<char>(c);
    } else {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\x%02X", c);
      out += buf;
    }
  }
  if (s.size() > n) out += "...";
  return out;
}

void check_header_names(const std::vector<std::string_view>& fields, const std::string& where) {
  std::unordered_map<std::string_view, std::size_t> first_column;
  first_column.reserve(fields.size());
  for (std::size_t k = 0; k < fields.size(); ++k) {
    if (fields[k].empty()) {
      throw std::invalid_argument(where + "header column " + std::to_string(k + 1) +
                                  " has no name");
    }
    const auto [it, fresh] = first_column.emplace(fields[k], k + 1);
    if (!fresh) {
      throw std::invalid_argument(where + "column name '" + shown_field(fields[k]) +
                                  "' appears twice (columns " + std::to_string(it->second) +
                                  " and " + std::to_string(k + 1) + ")");
    }
  }
}

}  // namespace optim::io
