// --momentum-schedule on momentum and nesterov: the constant schedule (the default, or given)
// reproduces the iterates the rules gave before schedules existed, bit for bit; the others change
// them; a bad value is named by its flag.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "support/test_support.hpp"

namespace optim {
namespace {

using optim::testing::run_cli;

TEST(CliMomentumSchedule, ConstantReproducesTheIteratesBeforeSchedules) {
  // x after 200 updates on Rosenbrock at lr 1e-3, recorded with the build before momentum
  // schedules existed (`optim minimize --problem rosenbrock --method M --lr 0.001 --max-iter 200
  // --json`); JSON prints the shortest round-trip decimal, so == compares the bits.
  struct Case {
    const char* method;
    double x0, x1;
  };
  for (const Case& c : {Case{"momentum", 0.812599023278724, 0.659469049806717},
                        Case{"nesterov", 0.7678946821083141, 0.5885979466382131}}) {
    for (const char* extra : {"", " --momentum-schedule constant"}) {
      SCOPED_TRACE(std::string(c.method) + extra);
      const auto r = run_cli(std::string("minimize --problem rosenbrock --method ") + c.method +
                             " --lr 0.001 --max-iter 200 --json" + extra);
      ASSERT_EQ(r.exit_code, 1) << r.out;  // the iteration budget
      const auto j = nlohmann::json::parse(r.out);
      EXPECT_EQ(j["x"][0].get<double>(), c.x0);
      EXPECT_EQ(j["x"][1].get<double>(), c.x1);
    }
    // Sutskever's schedule starts at mu = 0.5, below the constant 0.9: other iterates.
    const auto s = run_cli(std::string("minimize --problem rosenbrock --method ") + c.method +
                           " --lr 0.001 --max-iter 200 --json --momentum-schedule sutskever");
    ASSERT_EQ(s.exit_code, 1) << s.out;
    EXPECT_NE(nlohmann::json::parse(s.out)["x"][0].get<double>(), c.x0);
  }
}

TEST(CliMomentumSchedule, BadValuesAreNamed) {
  const auto r =
      run_cli("minimize --problem rosenbrock --method momentum --momentum-schedule cubic", true);
  EXPECT_EQ(r.exit_code, 2) << r.out;
  EXPECT_NE(r.out.find("--momentum-schedule"), std::string::npos) << r.out;
  const auto adam =
      run_cli("minimize --problem rosenbrock --method adam --momentum-schedule linear", true);
  EXPECT_EQ(adam.exit_code, 2) << adam.out;
  EXPECT_NE(adam.out.find("--momentum-schedule"), std::string::npos) << adam.out;
}

}  // namespace
}  // namespace optim
