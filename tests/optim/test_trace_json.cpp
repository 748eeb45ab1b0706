// The trace JSON is dumped value by value through nlohmann (optim/observers/trace_recorder.cpp):
// doubles at full precision (they read back bit for bit), strings escaped whatever they hold
// (quotes, control characters, invalid UTF-8), and the streamed file is the same JSON document as
// the one written at the end.
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

#include "optim/observers/trace_recorder.hpp"
#include "support/test_support.hpp"

namespace optim {
namespace {

// One start record and one step with values that need all 17 digits, then the outcome.
template <class Fill>
void run_by_hand(TraceRecorder<double>& trace, const Vec<double>& x, Fill&& finish) {
  IterationRecord<double> r;
  r.f = 0.1 + 0.2;  // 0.30000000000000004: 17 significant digits
  r.grad_norm = 1e-300;
  r.x = &x;
  trace.on_start(r);
  r.k = 1;
  r.f = 1.0 / 3.0;
  r.lr = 5e-324;  // the smallest subnormal
  r.evals.f = 123456789012LL;
  trace.on_iteration(r);
  finish();
}

Result<double> outcome_with_awkward_text() {
  Result<double> res;
  res.method = "gd \"plain\"";
  res.message = std::string("line one\nline two\ttab \x01 and a stray byte \xff end");
  return res;
}

void expect_exact_values(const nlohmann::json& j) {
  ASSERT_EQ(j["records"].size(), 2u);
  EXPECT_EQ(j["records"][0]["f"].get<double>(), 0.1 + 0.2);
  EXPECT_EQ(j["records"][0]["grad_norm"].get<double>(), 1e-300);
  EXPECT_EQ(j["records"][1]["f"].get<double>(), 1.0 / 3.0);
  EXPECT_EQ(j["records"][1]["lr"].get<double>(), 5e-324);
  EXPECT_EQ(j["records"][1]["f_evals"].get<long long>(), 123456789012LL);
  EXPECT_EQ(j["records"][1]["x"][1].get<double>(), 2.0 / 3.0);
  EXPECT_EQ(j["method"].get<std::string>(), "gd \"plain\"");
  const std::string message = j["message"].get<std::string>();
  EXPECT_EQ(message.substr(0, 18), "line one\nline two\t");
  EXPECT_NE(message.find('\x01'), std::string::npos);
  EXPECT_NE(message.find(" end"), std::string::npos);
  EXPECT_EQ(j["columns"].back().get<std::string>(), "x");
}

TEST(TraceJson, WrittenTraceKeepsFullPrecisionAndEscapesEveryString) {
  TraceRecorder<double> trace(/*record_x=*/true);
  Vec<double> x(2);
  x << 1e-17, 2.0 / 3.0;
  run_by_hand(trace, x, [&] { trace.on_finish(outcome_with_awkward_text()); });
  std::ostringstream js;
  trace.write_json(js);
  expect_exact_values(nlohmann::json::parse(js.str()));  // throws on invalid JSON
}

TEST(TraceJson, StreamedTraceIsTheSameDocument) {
  const std::string path = testing::temp_path("trace_json_streamed.json");
  TraceRecorder<double> trace(/*record_x=*/true);
  trace.stream_to(path);
  Vec<double> x(2);
  x << 1e-17, 2.0 / 3.0;
  run_by_hand(trace, x, [&] { trace.on_finish(outcome_with_awkward_text()); });
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  expect_exact_values(nlohmann::json::parse(text.str()));
}

}  // namespace
}  // namespace optim
