// SPDX-License-Identifier: MIT
#pragma once
#include <cstdint>
#include <map>
#include <memory>
#include <span>
#include <string>
#include <vector>

namespace snnft {

/// Element types the HDF5 output can store.
enum class H5Type { kFloat64, kFloat32, kUInt64, kUInt32, kInt64, kInt32, kUInt8 };

template <class T> constexpr H5Type h5_type_of();
template <> constexpr H5Type h5_type_of<double>() { return H5Type::kFloat64; }
template <> constexpr H5Type h5_type_of<float>() { return H5Type::kFloat32; }
template <> constexpr H5Type h5_type_of<std::uint64_t>() { return H5Type::kUInt64; }
template <> constexpr H5Type h5_type_of<std::uint32_t>() { return H5Type::kUInt32; }
template <> constexpr H5Type h5_type_of<std::int64_t>() { return H5Type::kInt64; }
template <> constexpr H5Type h5_type_of<std::int32_t>() { return H5Type::kInt32; }
template <> constexpr H5Type h5_type_of<std::uint8_t>() { return H5Type::kUInt8; }

/// An HDF5 output file written atomically: everything goes to "<path>.tmp" and only
/// commit() renames it to <path>. If the object is destroyed without commit() (an error, an
/// exception), the temporary file is removed and nothing is left behind.
/// Paths such as "/spikes/exc/timestamps" create their parent groups on the way.
/// A file that cannot be created or written (missing directory, full disk, `ulimit -f`)
/// throws OutputError naming the final path.
class H5Output {
 public:
  explicit H5Output(std::string final_path);
  ~H5Output();
  H5Output(const H5Output&) = delete;
  H5Output& operator=(const H5Output&) = delete;

  [[nodiscard]] const std::string& final_path() const { return final_path_; }

  void create_group(const std::string& path);

  template <class T>
  void write(const std::string& path, std::span<const T> data) {
    write_raw(path, h5_type_of<T>(), data.data(), {data.size()});
  }
  template <class T>
  void write(const std::string& path, const std::vector<T>& data) {
    write<T>(path, std::span<const T>(data));
  }
  /// Row-major 2-D dataset.
  template <class T>
  void write_matrix(const std::string& path, std::span<const T> data, std::size_t rows, std::size_t cols) {
    write_raw(path, h5_type_of<T>(), data.data(), {rows, cols});
  }
  void write_strings(const std::string& path, const std::vector<std::string>& values);

  /// Extendable 1-D dataset for streaming, chunked and compressed (shuffle + deflate); call
  /// append as data arrives. The dataset stays open until commit(), so appends that do not
  /// fill a chunk keep it in HDF5's chunk cache instead of compressing it again and again.
  template <class T>
  void create_appendable(const std::string& path, std::size_t chunk = 8192) {
    create_appendable_raw(path, h5_type_of<T>(), chunk, 0);
  }
  template <class T>
  void append(const std::string& path, std::span<const T> data) {
    append_raw(path, h5_type_of<T>(), data.data(), data.size(), 0);
  }
  /// Extendable 2-D dataset (rows × cols, rows growing) chunked as chunk_rows × cols and
  /// compressed, for frames streamed row by row; append_rows takes whole rows, row-major.
  template <class T>
  void create_appendable_rows(const std::string& path, std::size_t cols, std::size_t chunk_rows) {
    create_appendable_raw(path, h5_type_of<T>(), chunk_rows, cols);
  }
  template <class T>
  void append_rows(const std::string& path, std::span<const T> data, std::size_t rows) {
    append_raw(path, h5_type_of<T>(), data.data(), rows, data.size() / (rows == 0 ? 1 : rows));
  }
  /// Deflate level (0-9) of datasets created from now on by create_appendable*; default 4.
  void set_deflate_level(int level) { deflate_level_ = level; }
  [[nodiscard]] int deflate_level() const { return deflate_level_; }

  void set_attribute(const std::string& object_path, const std::string& name, const std::string& value);
  void set_attribute(const std::string& object_path, const std::string& name, double value);
  void set_attribute(const std::string& object_path, const std::string& name, std::int64_t value);

  /// Flushes, closes and renames the file to its final name.
  void commit();

 private:
  void write_raw(const std::string& path, H5Type type, const void* data, std::vector<std::size_t> dims);
  void create_appendable_raw(const std::string& path, H5Type type, std::size_t chunk, std::size_t cols);
  void append_raw(const std::string& path, H5Type type, const void* data, std::size_t n, std::size_t cols);
  void close_datasets();
  std::int64_t ensure_parent_groups(const std::string& path);

  std::string final_path_;
  std::string temp_path_;
  std::int64_t file_ = -1;
  bool committed_ = false;
  int deflate_level_ = 4;
  std::map<std::string, std::int64_t> open_;  // appendable datasets, kept open until commit
};

}  // namespace snnft
