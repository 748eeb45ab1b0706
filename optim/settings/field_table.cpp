#include "optim/settings/field_table.hpp"

#include <charconv>
#include <cmath>

namespace optim::settings {

std::string real_text(double v) {
  if (std::isnan(v)) return "nan";
  if (std::isinf(v)) return v > 0 ? "inf" : "-inf";
  char buf[64];
  // Shortest round trip: strtod of this text gives v again, bit for bit.
  const auto res = std::to_chars(buf, buf + sizeof buf, v);
  return std::string(buf, res.ptr);
}

namespace {
// The wording of the range texts: integers without a fraction, others as the shortest text.
std::string bound(double v) {
  return real_text(v);
}
}  // namespace

bool Range::contains(double v) const {
  if (text.empty()) return true;
  if (also && v == *also) return true;
  if (std::isnan(v)) return false;
  const bool above = lo_closed ? v >= lo : v > lo;
  const bool below = hi_closed ? v <= hi : v < hi;
  return above && below;
}

Range Range::positive() {
  Range r;
  r.lo = 0;
  r.lo_closed = false;
  r.hi_closed = false;
  r.text = "> 0 and finite";
  return r;
}

Range Range::greater(double lo) {
  Range r;
  r.lo = lo;
  r.lo_closed = false;
  r.hi_closed = false;
  r.text = "> " + bound(lo);
  return r;
}

Range Range::at_least(double lo) {
  Range r;
  r.lo = lo;
  r.text = ">= " + bound(lo);
  return r;
}

Range Range::finite_at_least(double lo) {
  Range r = at_least(lo);
  r.hi_closed = false;
  r.text += " and finite";
  return r;
}

Range Range::unit_interval() {
  Range r;
  r.lo = 0;
  r.hi = 1;
  r.hi_closed = false;
  r.text = "in [0, 1)";
  return r;
}

Range Range::open_unit() {
  Range r;
  r.lo = 0;
  r.hi = 1;
  r.lo_closed = false;
  r.hi_closed = false;
  r.text = "in (0, 1)";
  return r;
}

Range Range::closed(double lo, double hi) {
  Range r;
  r.lo = lo;
  r.hi = hi;
  r.text = "in [" + bound(lo) + ", " + bound(hi) + "]";
  return r;
}

Range Range::left_open(double lo, double hi) {
  Range r;
  r.lo = lo;
  r.hi = hi;
  r.lo_closed = false;
  r.text = "in (" + bound(lo) + ", " + bound(hi) + "]";
  return r;
}

Range Range::or_value(double v, const std::string& meaning) const {
  Range r = *this;
  r.also = v;
  r.text += ", or " + bound(v) + " (" + meaning + ")";
  return r;
}

Range Range::because(const std::string& why) const {
  Range r = *this;
  r.text += " (" + why + ")";
  return r;
}

const char* to_string(FieldType t) {
  switch (t) {
    case FieldType::Real:
      return "real";
    case FieldType::Integer:
      return "integer";
    case FieldType::Boolean:
      return "boolean";
    case FieldType::Choice:
      return "choice";
  }
  return "?";
}

std::string field_label(const std::string& prefix, const std::string& name) {
  return prefix.empty() ? name : prefix + " " + name;
}

void throw_field(const std::string& prefix, const std::string& name, double value,
                 const std::string& allowed) {
  throw_out_of_range(field_label(prefix, name), value, allowed);
}

}  // namespace optim::settings
