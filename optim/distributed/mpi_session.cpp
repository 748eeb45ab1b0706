#include "optim/distributed/mpi_session.hpp"

#include <cstdlib>
#include <limits>
#include <stdexcept>
#include <vector>

#ifdef OPTIM_HAVE_MPI
#include <mpi.h>
#endif

namespace optim {

int comm_rank(const Communicator* comm) {
  return comm != nullptr ? comm->rank() : 0;
}
int comm_size(const Communicator* comm) {
  return comm != nullptr ? comm->size() : 1;
}

bool mpi_available() {
#ifdef OPTIM_HAVE_MPI
  return true;
#else
  return false;
#endif
}

bool launched_by_mpi() {
  for (const char* v : {"OMPI_COMM_WORLD_SIZE", "PMIX_RANK", "PMI_SIZE"})
    if (std::getenv(v) != nullptr) return true;
  return false;
}

#ifdef OPTIM_HAVE_MPI
namespace {

void check(int code, const char* what) {
  if (code == MPI_SUCCESS) return;
  char text[MPI_MAX_ERROR_STRING];
  int len = 0;
  MPI_Error_string(code, text, &len);
  throw std::runtime_error(std::string(what) + " failed: " + std::string(text, std::size_t(len)));
}

class MpiCommunicator final : public Communicator {
 public:
  MpiCommunicator() {
    check(MPI_Comm_dup(MPI_COMM_WORLD, &comm_), "MPI_Comm_dup");
    MPI_Comm_rank(comm_, &rank_);
    MPI_Comm_size(comm_, &size_);
    counts_.resize(std::size_t(size_));
    displs_.resize(std::size_t(size_));
    recv_counts_.resize(std::size_t(size_));
    recv_displs_.resize(std::size_t(size_));
  }
  ~MpiCommunicator() override {
    int finalized = 0;
    MPI_Finalized(&finalized);
    if (!finalized) MPI_Comm_free(&comm_);
  }
  int rank() const override { return rank_; }
  int size() const override { return size_; }
  void allgatherv(const float* send, std::span<const Index> counts, float* recv) override {
    gather(send, counts, recv, MPI_FLOAT);
  }
  void allgatherv(const double* send, std::span<const Index> counts, double* recv) override {
    gather(send, counts, recv, MPI_DOUBLE);
  }
  void allgatherv(const std::int64_t* send, std::span<const Index> counts,
                  std::int64_t* recv) override {
    gather(send, counts, recv, MPI_INT64_T);
  }
  void alltoallv(const float* send, std::span<const Index> send_counts, float* recv,
                 std::span<const Index> recv_counts) override {
    exchange(send, send_counts, recv, recv_counts, MPI_FLOAT);
  }
  void alltoallv(const double* send, std::span<const Index> send_counts, double* recv,
                 std::span<const Index> recv_counts) override {
    exchange(send, send_counts, recv, recv_counts, MPI_DOUBLE);
  }
  std::string name() const override { return "mpi"; }

 private:
  // Counts and displacements of one side as MPI's ints; more than 2^31 values are refused.
  void offsets(std::span<const Index> counts, std::vector<int>& c, std::vector<int>& d,
               const char* what) const {
    if (counts.size() != std::size_t(size_))
      throw std::invalid_argument(std::string(what) + ": one count per rank expected");
    Index at = 0;
    for (std::size_t r = 0; r < counts.size(); ++r) {
      if (counts[r] > std::numeric_limits<int>::max() || at > std::numeric_limits<int>::max())
        throw std::length_error(std::string(what) + ": more than 2^31 values in one exchange");
      c[r] = int(counts[r]);
      d[r] = int(at);
      at += counts[r];
    }
  }
  void exchange(const void* send, std::span<const Index> send_counts, void* recv,
                std::span<const Index> recv_counts, MPI_Datatype type) {
    offsets(send_counts, counts_, displs_, "alltoallv");
    offsets(recv_counts, recv_counts_, recv_displs_, "alltoallv");
    check(MPI_Alltoallv(send, counts_.data(), displs_.data(), type, recv, recv_counts_.data(),
                        recv_displs_.data(), type, comm_),
          "MPI_Alltoallv");
  }

  // MPI counts are int: a partial of more than 2^31 values is refused rather than truncated.
  void gather(const void* send, std::span<const Index> counts, void* recv, MPI_Datatype type) {
    offsets(counts, counts_, displs_, "allgatherv");
    // MPI wants a non-null buffer even for a count of 0.
    check(MPI_Allgatherv(send, counts_[std::size_t(rank_)], type, recv, counts_.data(),
                         displs_.data(), type, comm_),
          "MPI_Allgatherv");
  }

  MPI_Comm comm_ = MPI_COMM_NULL;
  int rank_ = 0, size_ = 1;
  std::vector<int> counts_, displs_;  // sized once: no allocation per gather
  std::vector<int> recv_counts_, recv_displs_;
};

}  // namespace

MpiSession::MpiSession(int* argc, char*** argv) {
  int provided = 0;
  check(MPI_Init_thread(argc, argv, MPI_THREAD_FUNNELED, &provided), "MPI_Init_thread");
  world_ = std::make_shared<MpiCommunicator>();
}

MpiSession::~MpiSession() {
  world_.reset();
  MPI_Finalize();
}

void MpiSession::abort(int code) const {
  MPI_Abort(MPI_COMM_WORLD, code);
  std::_Exit(code);
}

#else

MpiSession::MpiSession(int*, char***) {
  throw std::runtime_error(
      "this optim was built without MPI (configure with -DOPTIM_MPI=ON and libopenmpi-dev)");
}
MpiSession::~MpiSession() = default;
void MpiSession::abort(int code) const {
  std::_Exit(code);
}

#endif

}  // namespace optim
