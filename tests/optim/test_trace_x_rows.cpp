// TraceRecorder with record_x keeps every iterate (the studies read their error trajectories
// from it): x_of(i) is row i's point, in order, the start included.
#include <gtest/gtest.h>

#include "optim/observers/trace_recorder.hpp"

namespace optim {
namespace {

TEST(TraceRecorderX, XOfRowIsThePointOfThatIteration) {
  TraceRecorder<double> trace(/*record_x=*/true);
  trace.reserve(3);
  Vec<double> x(2);
  IterationRecord<double> r;
  r.x = &x;
  x << 1, 2;
  trace.on_start(r);
  for (Index k = 1; k <= 2; ++k) {
    x << 1 + 10 * k, 2 - 10 * k;  // the driver's x changes in place between calls
    r.k = k;
    trace.on_iteration(r);
  }
  ASSERT_EQ(trace.rows().size(), 3u);
  EXPECT_EQ(trace.x_dim(), 2);
  for (std::size_t i = 0; i < 3; ++i) {
    EXPECT_EQ(trace.rows()[i].k, static_cast<Index>(i));
    EXPECT_EQ(trace.x_of(i)[0], 1.0 + 10.0 * double(i));
    EXPECT_EQ(trace.x_of(i)[1], 2.0 - 10.0 * double(i));
  }
}

}  // namespace
}  // namespace optim
