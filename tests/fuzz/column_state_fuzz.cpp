// SPDX-License-Identifier: MIT
// libFuzzer target: the loader of saved column state (the HDF5 files of "save_columns" /
// "load_columns"). The fuzzer's bytes describe a file — which groups, attributes and datasets
// it has, their shapes and their values, NaN and out-of-range labels included — that is
// written with H5Output and loaded into two small columns. The loader either refuses it with
// std::runtime_error naming the file, or the restored columns answer every sample with a
// class they know. (Raw HDF5 bytes would exercise the HDF5 library's own parser instead of
// the checks snnft owns.)
#include <fuzzer/FuzzedDataProvider.h>
#include <unistd.h>

#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <vector>

#include "snnft/columns/column_state_io.hpp"
#include "snnft/columns/multi_column.hpp"
#include "snnft/core/hdf5_input.hpp"
#include "snnft/core/hdf5_output.hpp"

namespace {

constexpr std::size_t kFeatures = 4, kNeurons = 6;
constexpr int kClasses = 3;

std::vector<snnft::columns::ColumnSpec> specs() {
  snnft::columns::ColumnParams params;
  params.neurons = kNeurons;
  params.readout_spikes = 2;
  return {{params, {}}, {params, {}}};
}

/// A size that is usually right and sometimes not.
std::size_t size_near(FuzzedDataProvider& in, std::size_t right) {
  return in.ConsumeBool() ? right : in.ConsumeIntegralInRange<std::size_t>(0, 3 * right);
}

float value(FuzzedDataProvider& in) {
  switch (in.ConsumeIntegralInRange(0, 3)) {
    case 0: return in.ConsumeFloatingPointInRange(0.0f, 2.0f);
    case 1: return std::nanf("");
    case 2: return in.ConsumeBool() ? INFINITY : -INFINITY;
    default: return in.ConsumeFloatingPoint<float>();
  }
}

void write_file(FuzzedDataProvider& in, const std::string& path) {
  snnft::H5Output out(path);
  if (in.ConsumeBool()) {
    out.create_group("/columns");
    if (in.ConsumeBool()) {
      const double count = in.ConsumeBool() ? 2.0 : in.ConsumeFloatingPoint<double>();
      out.set_attribute("/columns", "column_count", count);
    }
    const int columns = in.ConsumeIntegralInRange(0, 3);
    for (int k = 0; k < columns; ++k) {
      const std::string g = "/columns/column" + std::to_string(k);
      if (in.ConsumeBool()) {
        const std::size_t rows = size_near(in, kFeatures * 2), cols = size_near(in, kNeurons);
        std::vector<float> w(rows * cols);
        for (float& x : w) x = in.ConsumeBool() ? 0.5f : value(in);
        out.write_matrix<float>(g + "/weights", w, rows, cols);
      }
      if (in.ConsumeBool()) {
        std::vector<float> theta(size_near(in, kNeurons));
        for (float& x : theta) x = in.ConsumeBool() ? 0.0f : value(in);
        out.write<float>(g + "/theta_mv", theta);
      }
      if (in.ConsumeBool()) {
        std::vector<std::int32_t> labels(size_near(in, kNeurons));
        for (auto& l : labels) l = in.ConsumeIntegralInRange<std::int32_t>(-3, kClasses + 2);
        out.write<std::int32_t>(g + "/labels", labels);
      }
    }
  }
  out.commit();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const std::string path =
      (std::filesystem::temp_directory_path() / ("snnft-column-state-fuzz-" + std::to_string(getpid()) + ".h5")).string();
  FuzzedDataProvider in(data, size);
  write_file(in, path);
  snnft::columns::MultiColumnProcessor processor(specs(), kFeatures, kClasses, 1);
  try {
    snnft::columns::load_columns(snnft::H5Input(path), "/columns", processor);
  } catch (const std::runtime_error&) {
    return 0;
  }
  const std::vector<float> sample{0.1f, 0.9f, 0.4f, 0.7f};
  for (const auto& answer : processor.present(sample)) {
    if (answer.predicted_class < -1 || answer.predicted_class >= kClasses) std::abort();
  }
  return 0;
}
