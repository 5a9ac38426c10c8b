// SPDX-License-Identifier: MIT
// The communicator over MPI_COMM_WORLD; compiled only with -DSNNFT_MPI=ON.
#include <mpi.h>

#include <cstdlib>
#include <numeric>

#include "snnft/core/communicator.hpp"

namespace snnft {
namespace {

bool launched_by_mpi() {
  // mpirun (Open MPI), srun (PMI/PMIx) and mpiexec (MPICH) set one of these in every process
  // they start; without them this is a plain run and MPI stays uninitialised.
  for (const char* name : {"OMPI_COMM_WORLD_SIZE", "PMIX_RANK", "PMI_SIZE", "PMI_RANK"}) {
    if (std::getenv(name) != nullptr) return true;
  }
  return false;
}

class MpiWorld final : public Communicator {
 public:
  MpiWorld() {
    int initialised = 0;
    MPI_Initialized(&initialised);
    if (!initialised) {
      int provided = 0;
      // Only the main thread calls MPI; worker threads never do.
      MPI_Init_thread(nullptr, nullptr, MPI_THREAD_FUNNELED, &provided);
      std::atexit([] {
        int finalised = 0;
        MPI_Finalized(&finalised);
        if (!finalised) MPI_Finalize();
      });
    }
    MPI_Comm_rank(MPI_COMM_WORLD, &rank_);
    MPI_Comm_size(MPI_COMM_WORLD, &size_);
    counts_.resize(static_cast<std::size_t>(size_));
    offsets_.resize(static_cast<std::size_t>(size_));
  }

  [[nodiscard]] int rank() const override { return rank_; }
  [[nodiscard]] int size() const override { return size_; }

  void all_gather(std::span<const std::uint32_t> local, std::vector<std::uint32_t>& all,
                  std::vector<int>& counts) override {
    const int n = static_cast<int>(local.size());
    counts.resize(static_cast<std::size_t>(size_));
    MPI_Allgather(&n, 1, MPI_INT, counts.data(), 1, MPI_INT, MPI_COMM_WORLD);
    std::exclusive_scan(counts.begin(), counts.end(), offsets_.begin(), 0);
    all.resize(static_cast<std::size_t>(offsets_.back() + counts.back()));
    MPI_Allgatherv(local.data(), n, MPI_UINT32_T, all.data(), counts.data(), offsets_.data(), MPI_UINT32_T,
                   MPI_COMM_WORLD);
  }

  void sum(std::span<std::uint64_t> values) override {
    MPI_Allreduce(MPI_IN_PLACE, values.data(), static_cast<int>(values.size()), MPI_UINT64_T, MPI_SUM, MPI_COMM_WORLD);
  }

  [[nodiscard]] double max(double value) override {
    MPI_Allreduce(MPI_IN_PLACE, &value, 1, MPI_DOUBLE, MPI_MAX, MPI_COMM_WORLD);
    return value;
  }

  void barrier() override { MPI_Barrier(MPI_COMM_WORLD); }

 private:
  int rank_ = 0, size_ = 1;
  std::vector<int> counts_, offsets_;
};

}  // namespace

Communicator& world_communicator() {
  if (!launched_by_mpi()) {
    static SingleProcess single;
    return single;
  }
  static MpiWorld world;
  return world;
}

}  // namespace snnft
