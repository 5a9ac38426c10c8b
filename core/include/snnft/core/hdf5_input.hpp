// SPDX-License-Identifier: MIT
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "snnft/core/hdf5_output.hpp"

namespace snnft {

/// Reads datasets and attributes from an HDF5 file (e.g. trained state saved by H5Output).
/// Every failure throws std::runtime_error naming the file and the object.
class H5Input {
 public:
  explicit H5Input(const std::string& path);
  ~H5Input();
  H5Input(const H5Input&) = delete;
  H5Input& operator=(const H5Input&) = delete;

  [[nodiscard]] const std::string& path() const { return path_; }
  [[nodiscard]] bool has(const std::string& object_path) const;
  /// Dimensions of a dataset.
  [[nodiscard]] std::vector<std::size_t> shape(const std::string& dataset) const;

  /// All elements of a dataset in row-major order, converted to T.
  template <class T>
  [[nodiscard]] std::vector<T> read(const std::string& dataset) const {
    std::vector<T> out(element_count(dataset));
    read_raw(dataset, h5_type_of<T>(), out.data());
    return out;
  }

  [[nodiscard]] bool has_attribute(const std::string& object_path, const std::string& name) const;
  [[nodiscard]] std::string string_attribute(const std::string& object_path, const std::string& name) const;
  [[nodiscard]] double number_attribute(const std::string& object_path, const std::string& name) const;

 private:
  [[nodiscard]] std::size_t element_count(const std::string& dataset) const;
  void read_raw(const std::string& dataset, H5Type type, void* out) const;
  [[noreturn]] void fail(const std::string& what) const;

  std::string path_;
  std::int64_t file_ = -1;
};

}  // namespace snnft
