// SPDX-License-Identifier: MIT
#pragma once
#include <cstdint>
#include <memory>
#include <span>
#include <vector>

namespace snnft {

/// The processes of one distributed run and the few collectives the engine needs. A build
/// without MPI has only the one-process communicator; with -DSNNFT_MPI=ON,
/// world_communicator() returns one over MPI_COMM_WORLD. Nothing else in snnft includes
/// MPI, so this is the whole surface a run depends on.
class Communicator {
 public:
  virtual ~Communicator() = default;
  [[nodiscard]] virtual int rank() const = 0;
  [[nodiscard]] virtual int size() const = 0;

  /// Every rank's `local` concatenated in rank order, on every rank. `counts` receives the
  /// length of each rank's part. Both vectors are resized; once they have grown to their
  /// largest size the call does not allocate.
  virtual void all_gather(std::span<const std::uint32_t> local, std::vector<std::uint32_t>& all,
                          std::vector<int>& counts) = 0;
  /// Element-wise sum over all ranks, in place, on every rank.
  virtual void sum(std::span<std::uint64_t> values) = 0;
  /// The largest value over all ranks, on every rank.
  [[nodiscard]] virtual double max(double value) = 0;
  virtual void barrier() = 0;
};

/// A run of one process: the collectives return their input.
class SingleProcess final : public Communicator {
 public:
  [[nodiscard]] int rank() const override { return 0; }
  [[nodiscard]] int size() const override { return 1; }
  void all_gather(std::span<const std::uint32_t> local, std::vector<std::uint32_t>& all,
                  std::vector<int>& counts) override;
  void sum(std::span<std::uint64_t>) override {}
  [[nodiscard]] double max(double value) override { return value; }
  void barrier() override {}
};

/// The communicator of this process: MPI_COMM_WORLD when built with MPI and started by an MPI
/// launcher (initialising MPI on first use and finalising it at exit), else a SingleProcess. Lives until the program ends.
Communicator& world_communicator();

}  // namespace snnft
