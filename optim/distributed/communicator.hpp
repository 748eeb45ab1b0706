#pragma once
// The processes of one data-parallel run (optim/distributed/distributed_objective.hpp) as the run
// sees them: its rank, how many ranks there are, and the two collectives the run needs. A value
// of the run context (RunContext::comm), not process-wide state: a library user may run a
// distributed minimisation next to an ordinary one in the same process.
//
// Only gathers and exchanges are offered, no reduction: the data-parallel sum is made by ranks
// adding the partial sums they received in a fixed order, so that its bits do not depend on the
// number of ranks (an MPI_Allreduce sums in an order of the library's choosing, which changes
// with K).
#include <memory>
#include <span>
#include <string>

#include "optim/types.hpp"

namespace optim {

class Communicator {
 public:
  virtual ~Communicator() = default;
  virtual int rank() const = 0;
  virtual int size() const = 0;
  // Every rank sends counts[rank()] values from `send`; `recv` (sum of counts values) receives
  // all ranks' values in rank order, on every rank. counts is the same on every rank.
  virtual void allgatherv(const float* send, std::span<const Index> counts, float* recv) = 0;
  virtual void allgatherv(const double* send, std::span<const Index> counts, double* recv) = 0;
  virtual void allgatherv(const std::int64_t* send, std::span<const Index> counts,
                          std::int64_t* recv) = 0;
  // All-to-all exchange: `send` holds send_counts[q] values for each rank q in rank order, and
  // `recv` receives recv_counts[p] values from each rank p in rank order (recv_counts[p] is what
  // rank p sends to this rank).
  virtual void alltoallv(const float* send, std::span<const Index> send_counts, float* recv,
                         std::span<const Index> recv_counts) = 0;
  virtual void alltoallv(const double* send, std::span<const Index> send_counts, double* recv,
                         std::span<const Index> recv_counts) = 0;
  virtual std::string name() const = 0;  // "self", "mpi"
};

// One process: a gather or an exchange copies its own values.
class SelfCommunicator final : public Communicator {
 public:
  int rank() const override { return 0; }
  int size() const override { return 1; }
  void allgatherv(const float* send, std::span<const Index> counts, float* recv) override {
    copy(send, counts, recv);
  }
  void allgatherv(const double* send, std::span<const Index> counts, double* recv) override {
    copy(send, counts, recv);
  }
  void allgatherv(const std::int64_t* send, std::span<const Index> counts,
                  std::int64_t* recv) override {
    copy(send, counts, recv);
  }
  void alltoallv(const float* send, std::span<const Index> counts, float* recv,
                 std::span<const Index>) override {
    copy(send, counts, recv);
  }
  void alltoallv(const double* send, std::span<const Index> counts, double* recv,
                 std::span<const Index>) override {
    copy(send, counts, recv);
  }
  std::string name() const override { return "self"; }

 private:
  template <class T>
  static void copy(const T* send, std::span<const Index> counts, T* recv) {
    if (send != recv)
      for (Index i = 0; i < counts[0]; ++i) recv[i] = send[i];
  }
};

// The run's rank and rank count (0 and 1 without a communicator), and whether this rank writes
// the run's files and reports (rank 0 only: the ranks hold the same state, so one copy suffices).
int comm_rank(const Communicator* comm);
int comm_size(const Communicator* comm);
inline bool writes_outputs(const Communicator* comm) {
  return comm_rank(comm) == 0;
}

}  // namespace optim
