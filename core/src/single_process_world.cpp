// SPDX-License-Identifier: MIT
// The world of a build without MPI: always one process. A build with -DSNNFT_MPI=ON compiles
// mpi_communicator.cpp in its place.
#include "snnft/core/communicator.hpp"

namespace snnft {

Communicator& world_communicator() {
  static SingleProcess single;
  return single;
}

}  // namespace snnft
