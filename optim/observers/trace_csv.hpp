#pragma once
// Reader of trace CSV files: what TraceRecorder::write_csv writes (`optim minimize --trace`) and
// the per-epoch traces of `optim train --trace`, read back by `optim plot`. A header row of
// column names on the first line, then rows of numbers. Records and fields are RFC 4180, as the
// project's one tokenizer reads them (io/csv_reader.hpp: quoted fields, CRLF, a UTF-8
// byte-order mark, blanks around fields dropped, blank lines skipped). Empty cells mean "not
// recorded" and read as NaN, as do "nan"/"inf" spelled out (strtod's forms).
//
// Anything else is refused with std::invalid_argument naming the source, the line (1-based) and
// the column (1-based index and name): an empty input, an empty or duplicate column name, a row
// with more or fewer cells than the header, a cell that is not entirely a number, a malformed
// quote. A row of the wrong length is an error rather than padded, so every column of an
// accepted table has one value per data row (the plot code indexes columns in lockstep) and the
// table's size is bounded by the input's (rows x columns <= bytes).
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace optim {

// Column name -> its values, one per data row, in row order.
using TraceColumns = std::map<std::string, std::vector<double>, std::less<>>;

// Parses `text`; `source` names it in error messages (a path, or "fuzz.csv").
TraceColumns parse_trace_csv(std::string_view text, std::string_view source);

// Reads the regular file at `path` (bounded by its size; a directory, device or fifo is refused,
// io/input_file.hpp) and parses it; a file that cannot be read is an std::invalid_argument
// naming the path too.
TraceColumns read_trace_csv(const std::string& path);

}  // namespace optim
