#pragma once
// The one CSV tokenizer of the project (RFC 4180), under both CSV readers: the data tables of
// `optim fit --data` (io/csv_table) and the traces of `optim plot`
// (optim/observers/trace_csv). It splits text into records of fields; what a field must hold (a
// name, a number) is the readers' business.
//  - Fields are separated by commas; a record ends at "\n", "\r\n" or a lone "\r" (the last one
//    may lack its end).
//  - A field may be quoted: "a, b" holds a comma, "say ""hi""" a doubled (escaped) quote, and a
//    quoted field may span lines. A quote inside an unquoted field, text after a closing quote,
//    or a quote left open at the end of the input is refused.
//  - Spaces and tabs around a field (outside its quotes) are dropped, as spreadsheets and hand
//    typing put them there; inside quotes every byte is kept.
//  - A UTF-8 byte-order mark at the start (which spreadsheets write) is skipped.
//  - Blank lines are skipped, and with `comment` set so are lines whose first non-blank
//    character is that one (outside quotes).
// Errors are CsvSyntaxError carrying the line and the (1-based) field number, so that each reader
// words them in its own style.
#include <cstddef>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace optim::io {

class CsvSyntaxError : public std::invalid_argument {
 public:
  CsvSyntaxError(std::size_t line, std::size_t column, const std::string& detail);
  std::size_t line() const { return line_; }
  std::size_t column() const { return column_; }
  const std::string& detail() const { return detail_; }

 private:
  std::size_t line_, column_;
  std::string detail_;
};

class CsvReader {
 public:
  // `text` must outlive the reader (fields may point into it). `input_start` false: the text is
  // a later piece of a longer input (io/typed_table.cpp reads files in chunks), so a byte-order
  // mark at its start is data, not the file's mark; the line count starts at `first_line`.
  explicit CsvReader(std::string_view text, char comment = '\0', bool input_start = true,
                     std::size_t first_line = 1);

  // Reads the next record; false at the end of the text. The fields stay valid until the next
  // call. Linear in the record's length: no per-field allocation once the buffers have grown.
  bool next();
  const std::vector<std::string_view>& fields() const { return fields_; }
  // Line on which the current record starts (1-based).
  std::size_t line() const { return record_line_; }

 private:
  bool at_line_end() const;
  void skip_line_end();
  void skip_blanks();
  bool skip_blank_or_comment_line();
  void read_field(std::size_t column);

  std::string_view text_;
  char comment_;
  std::size_t pos_ = 0, line_ = 1, record_line_ = 0;
  std::string unquoted_;                       // contents of quoted fields, unescaped
  std::vector<std::size_t> starts_, lengths_;  // per field: offset and length ...
  std::vector<char> in_buffer_;                // ... into text_ (0) or into unquoted_ (1)
  std::vector<std::string_view> fields_;
};

// A field as it appears in a message: at most 40 characters, and bytes that would not print
// (line ends of a quoted field, control characters, NUL, non-ASCII) as \xHH, so that every message
// stays one readable line whatever the input holds.
std::string shown_field(std::string_view s);

// Checks a header row: every column has a name and no name appears twice (a hash map, linear in
// the header: a quadratic scan took minutes on a 100 000-column header). Throws
// std::invalid_argument starting with `where` ("file:line: ") and naming the column(s).
void check_header_names(const std::vector<std::string_view>& fields, const std::string& where);

}  // namespace optim::io
