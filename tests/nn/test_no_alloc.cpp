// No heap allocation per batch evaluation after the first (DESIGN.md "Numbers and speed"): the
// network's workspace is sized for the largest batch once, watched by the shared counting allocator
// (tests/support/alloc_counter.hpp).
#include <gtest/gtest.h>

#include <numeric>
#include <vector>

#include "nn/mlp_objective.hpp"
#include "nn/synthetic.hpp"
#include "optim/run_context.hpp"
#include "support/alloc_counter.hpp"

namespace optim::nn {
namespace {

TEST(NoAlloc, CounterSeesEigenAllocations) {
  OPTIM_REQUIRE_ALLOC_COUNTING();
  long seen = 0;
  {
    testing::AllocationCounter c;
    Vec<float> v(1000);
    v.setZero();
    seen = c.count();
  }
  EXPECT_GE(seen, 1);
}

TEST(NoAlloc, BatchEvaluationsAfterTheFirstDoNotAllocate) {
  OPTIM_REQUIRE_ALLOC_COUNTING();
  // The MNIST shape 784-128-10 in float, batch 64, with and without dropout, every gemm backend,
  // one and two threads; random inputs (seed 1) stand in for images.
  std::vector<GemmBackend> backends{GemmBackend::Eigen};
  if (blas_available()) backends.push_back(GemmBackend::Blas);
  for (GemmBackend be : backends)
    for (int threads : {1, 2})
      for (double keep : {1.0, 0.8}) {
        const ContextScope scope({.threads = threads, .gemm = be});
        NetworkSpec s{{784, 128, 10}};
        Network<float> net(s);
        net.set_dropout(keep, keep, 1);
        Dataset<float> d;
        d.name = "random";
        d.classes = 10;
        d.x = Mat<float>::Random(784, 256);
        for (int j = 0; j < 256; ++j) d.labels.push_back(j % 10);
        MlpObjective<float> obj(net, d, 1e-4);
        Vec<float> x, g(net.num_params());
        net.init_params(x, 1);
        std::vector<Index> batch(64);
        std::iota(batch.begin(), batch.end(), Index{0});
        obj.evaluate_batch(x, batch, &g);  // first call: sizes the workspace
        obj.evaluate(x, &g);
        long count = 0;
        {
          testing::AllocationCounter c;
          for (int r = 0; r < 10; ++r) {
            std::iota(batch.begin(), batch.end(), Index{r * 16});
            obj.evaluate_batch(x, batch, &g);
            obj.evaluate_batch(x, batch, nullptr);
          }
          obj.evaluate(x, &g);
          count = c.count();
        }
        EXPECT_EQ(count, 0) << "keep " << keep << ", " << to_string(be) << ", threads " << threads;
      }
}

TEST(NoAlloc, HessianVectorProductsAfterTheFirstDoNotAllocate) {
  OPTIM_REQUIRE_ALLOC_COUNTING();
  // A matrix-free method (Newton-CG) asks for one product per inner iteration: the R-operator's
  // buffers are sized by the first call, chunks of 100 with a ragged last one of 92; shapes large
  // enough for the GEMM kernels' packing (MNIST-like 784-128-10).
  for (const char* act : {"tanh", "prelu"}) {
    NetworkSpec s{{784, 128, 3}};
    s.hidden = parse_activation(act);
    Network<double> net(s);
    const Dataset<double> d = make_blobs<double>(64, 3, 784, 2);
    MlpObjective<double> obj(net, d, 1e-3, 100);
    Vec<double> x, v, hv(net.num_params());
    net.init_params(x, 1);
    v = Vec<double>::Ones(net.num_params());
    obj.hessian_vector(x, v, &hv);
    long count = 0;
    {
      testing::AllocationCounter c;
      for (int r = 0; r < 5; ++r) obj.hessian_vector(x, v, &hv);
      count = c.count();
    }
    EXPECT_EQ(count, 0) << act;
  }
}

}  // namespace
}  // namespace optim::nn
