#pragma once
// A field as RFC 4180 writes it: as is, or in quotes with its quotes doubled when it holds a
// comma, a quote, a line end, or blanks at either end (which the reader, io/csv_reader.hpp,
// drops outside quotes). Reading the written field back gives the text unchanged.
#include <string>
#include <string_view>

namespace optim::io {

std::string csv_field(std::string_view text);

}  // namespace optim::io
