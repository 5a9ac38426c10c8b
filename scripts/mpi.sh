#!/usr/bin/env bash
# Builds the snnft command with MPI (in ./build-mpi: -DSNNFT_MPI=ON, nothing else) and runs the
# distributed end-to-end test: mpirun -np 2 and -np 3, with 1 and 2 threads per rank, against
# one process, bit for bit (tests/apps/mpi_test.sh). The engine's own distributed tests (ranks
# as threads of one process) need no MPI and run in the test stage.
set -euo pipefail
cd "$(dirname "$0")/.."
launcher=()
command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache -DCMAKE_C_COMPILER_LAUNCHER=ccache)
cmake -S . -B build-mpi -G Ninja -DCMAKE_BUILD_TYPE=Release -DSNNFT_MPI=ON -DSNNFT_BUILD_BENCH=OFF -DSNNFT_BUILD_PYTHON=OFF \
  -DPython_EXECUTABLE=/usr/bin/python3 "${launcher[@]}" >/dev/null
cmake --build build-mpi -j "$(nproc)" --target snnft
ctest --test-dir build-mpi --output-on-failure -R '^mpi_end_to_end$'
