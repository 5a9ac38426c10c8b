// SPDX-License-Identifier: MIT
#include "snnft/core/hdf5_output.hpp"

#include <hdf5.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <filesystem>
#include <stdexcept>

#include "snnft/core/interrupt.hpp"
#include "snnft/core/output_error.hpp"

#include "hdf5_native_type.hpp"

namespace snnft {
namespace {

// A failed HDF5 call while writing `file`. The system's reason (disk full, file too large)
// is still in errno: HDF5 does not reset it.
[[noreturn]] void fail(const std::string& file, const std::string& what) {
  throw OutputError(file, "cannot write" + errno_text(errno) + ": " + what);
}

void check(const std::string& file, herr_t status, const std::string& what) {
  if (status < 0) fail(file, what);
}

hid_t check_id(const std::string& file, hid_t id, const std::string& what) {
  if (id < 0) fail(file, what);
  return id;
}

struct Space {
  hid_t id;
  explicit Space(hid_t h) : id(h) {}
  ~Space() { H5Sclose(id); }
};

struct PropList {
  hid_t id;
  explicit PropList(hid_t h) : id(h) {}
  ~PropList() { H5Pclose(id); }
};

}  // namespace

H5Output::H5Output(std::string final_path) : final_path_(std::move(final_path)) {
  // HDF5 prints its own error stack on failure; we report errors ourselves.
  H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
  temp_path_ = final_path_ + ".tmp";
  std::error_code ignored;  // found before any work, not when the run renames its file
  if (std::filesystem::is_directory(final_path_, ignored)) throw OutputError(final_path_, "is a directory, not a file");
  errno = 0;
  file_ = H5Fcreate(temp_path_.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
  if (file_ < 0) throw OutputError(final_path_, "cannot create the output file" + errno_text(errno));
  register_partial_file(temp_path_);
}

H5Output::~H5Output() {
  close_datasets();
  if (file_ >= 0) H5Fclose(file_);
  if (!committed_) {
    std::remove(temp_path_.c_str());
    unregister_partial_file(temp_path_);
  }
}

std::int64_t H5Output::ensure_parent_groups(const std::string& path) {
  // Creates every intermediate group of "/a/b/c" (a and b) and returns the file.
  std::size_t pos = 1;
  while ((pos = path.find('/', pos)) != std::string::npos) {
    const std::string group = path.substr(0, pos);
    if (H5Lexists(file_, group.c_str(), H5P_DEFAULT) <= 0) {
      const hid_t g = check_id(final_path_, H5Gcreate2(file_, group.c_str(), H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT),
                               "create group " + group);
      H5Gclose(g);
    }
    ++pos;
  }
  return file_;
}

void H5Output::create_group(const std::string& path) {
  ensure_parent_groups(path + "/");
}

void H5Output::write_raw(const std::string& path, H5Type type, const void* data,
                         std::vector<std::size_t> dims) {
  ensure_parent_groups(path);
  std::vector<hsize_t> hdims(dims.begin(), dims.end());
  Space space(H5Screate_simple(static_cast<int>(hdims.size()), hdims.data(), nullptr));
  const hid_t ds = check_id(final_path_, H5Dcreate2(file_, path.c_str(), native_type(type), space.id, H5P_DEFAULT,
                                       H5P_DEFAULT, H5P_DEFAULT),
                            "create dataset " + path);
  herr_t status = 0;
  std::size_t total = 1;
  for (auto d : dims) total *= d;
  if (total > 0) status = H5Dwrite(ds, native_type(type), H5S_ALL, H5S_ALL, H5P_DEFAULT, data);
  H5Dclose(ds);
  check(final_path_, status, "write dataset " + path);
}

void H5Output::write_strings(const std::string& path, const std::vector<std::string>& values) {
  ensure_parent_groups(path);
  std::vector<const char*> ptrs;
  ptrs.reserve(values.size());
  for (const auto& v : values) ptrs.push_back(v.c_str());
  const hid_t str_type = H5Tcopy(H5T_C_S1);
  H5Tset_size(str_type, H5T_VARIABLE);
  H5Tset_cset(str_type, H5T_CSET_UTF8);
  hsize_t n = values.size();
  Space space(H5Screate_simple(1, &n, nullptr));
  const hid_t ds = H5Dcreate2(file_, path.c_str(), str_type, space.id, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
  herr_t status = ds < 0 ? -1 : 0;
  if (ds >= 0 && n > 0) status = H5Dwrite(ds, str_type, H5S_ALL, H5S_ALL, H5P_DEFAULT, ptrs.data());
  if (ds >= 0) H5Dclose(ds);
  H5Tclose(str_type);
  check(final_path_, status, "write strings " + path);
}

void H5Output::create_appendable_raw(const std::string& path, H5Type type, std::size_t chunk, std::size_t cols) {
  ensure_parent_groups(path);
  // cols == 0: a 1-D dataset; otherwise rows × cols with whole rows per chunk.
  const int rank = cols == 0 ? 1 : 2;
  const hsize_t zero[2] = {0, cols}, max_dims[2] = {H5S_UNLIMITED, cols};
  const hsize_t chunk_dims[2] = {std::max<hsize_t>(chunk, 1), std::max<hsize_t>(cols, 1)};
  Space space(H5Screate_simple(rank, zero, max_dims));
  PropList props(H5Pcreate(H5P_DATASET_CREATE));
  check(final_path_, H5Pset_chunk(props.id, rank, chunk_dims), "chunk " + path);
  if (deflate_level_ > 0) {
    // Shuffle first: grouping the bytes of each value by significance lets deflate find the
    // runs in slowly varying data (sorted spike times, small neuron ids, membrane traces).
    check(final_path_, H5Pset_shuffle(props.id), "shuffle " + path);
    check(final_path_, H5Pset_deflate(props.id, static_cast<unsigned>(deflate_level_)), "deflate " + path);
  }
  const hid_t ds = check_id(final_path_, H5Dcreate2(file_, path.c_str(), native_type(type), space.id, H5P_DEFAULT,
                                       props.id, H5P_DEFAULT),
                            "create dataset " + path);
  open_[path] = ds;
}

void H5Output::append_raw(const std::string& path, H5Type type, const void* data, std::size_t n, std::size_t cols) {
  if (n == 0) return;
  auto it = open_.find(path);
  if (it == open_.end()) {
    it = open_.emplace(path, check_id(final_path_, H5Dopen2(file_, path.c_str(), H5P_DEFAULT), "open dataset " + path)).first;
  }
  const hid_t ds = it->second;
  const int rank = cols == 0 ? 1 : 2;
  hsize_t old_size[2] = {0, 0};
  {
    Space current(H5Dget_space(ds));
    if (H5Sget_simple_extent_ndims(current.id) != rank) throw std::runtime_error("HDF5: append to " + path + ": wrong rank");
    H5Sget_simple_extent_dims(current.id, old_size, nullptr);
  }
  if (rank == 2 && old_size[1] != cols) throw std::runtime_error("HDF5: append to " + path + ": wrong row length");
  const hsize_t new_size[2] = {old_size[0] + n, cols};
  const hsize_t start[2] = {old_size[0], 0}, count[2] = {n, cols};
  herr_t status = H5Dset_extent(ds, new_size);
  if (status >= 0) {
    Space file_space(H5Dget_space(ds));
    H5Sselect_hyperslab(file_space.id, H5S_SELECT_SET, start, nullptr, count, nullptr);
    Space mem_space(H5Screate_simple(rank, count, nullptr));
    status = H5Dwrite(ds, native_type(type), mem_space.id, file_space.id, H5P_DEFAULT, data);
  }
  check(final_path_, status, "append to " + path);
}

void H5Output::close_datasets() {
  for (auto& [path, ds] : open_) H5Dclose(ds);
  open_.clear();
}

namespace {
hid_t open_object(const std::string& file_name, hid_t file, const std::string& path) {
  return check_id(file_name, H5Oopen(file, path.c_str(), H5P_DEFAULT), "open " + path);
}
void write_attribute(const std::string& file_name, hid_t obj, const std::string& name, hid_t type, const void* value) {
  if (H5Aexists(obj, name.c_str()) > 0) H5Adelete(obj, name.c_str());
  Space scalar(H5Screate(H5S_SCALAR));
  const hid_t attr = check_id(file_name, H5Acreate2(obj, name.c_str(), type, scalar.id, H5P_DEFAULT, H5P_DEFAULT),
                              "create attribute " + name);
  const herr_t status = H5Awrite(attr, type, value);
  H5Aclose(attr);
  check(file_name, status, "write attribute " + name);
}
}  // namespace

void H5Output::set_attribute(const std::string& object_path, const std::string& name, const std::string& value) {
  const hid_t obj = open_object(final_path_, file_, object_path);
  const hid_t str_type = H5Tcopy(H5T_C_S1);
  H5Tset_size(str_type, H5T_VARIABLE);
  H5Tset_cset(str_type, H5T_CSET_UTF8);
  const char* ptr = value.c_str();
  try {
    write_attribute(final_path_, obj, name, str_type, &ptr);
  } catch (...) {
    H5Tclose(str_type);
    H5Oclose(obj);
    throw;
  }
  H5Tclose(str_type);
  H5Oclose(obj);
}

void H5Output::set_attribute(const std::string& object_path, const std::string& name, double value) {
  const hid_t obj = open_object(final_path_, file_, object_path);
  try {
    write_attribute(final_path_, obj, name, H5T_NATIVE_DOUBLE, &value);
  } catch (...) {
    H5Oclose(obj);
    throw;
  }
  H5Oclose(obj);
}

void H5Output::set_attribute(const std::string& object_path, const std::string& name, std::int64_t value) {
  const hid_t obj = open_object(final_path_, file_, object_path);
  try {
    write_attribute(final_path_, obj, name, H5T_NATIVE_INT64, &value);
  } catch (...) {
    H5Oclose(obj);
    throw;
  }
  H5Oclose(obj);
}

void H5Output::commit() {
  if (committed_) return;
  close_datasets();
  check(final_path_, H5Fflush(file_, H5F_SCOPE_GLOBAL), "flush");
  check(final_path_, H5Fclose(file_), "close");
  file_ = -1;
  std::error_code renamed;
  std::filesystem::rename(temp_path_, final_path_, renamed);
  if (renamed) throw OutputError(final_path_, "cannot move " + temp_path_ + " into place (" + renamed.message() + ")");
  unregister_partial_file(temp_path_);
  committed_ = true;
}

}  // namespace snnft
