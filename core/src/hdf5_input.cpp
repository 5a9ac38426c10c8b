// SPDX-License-Identifier: MIT
#include "snnft/core/hdf5_input.hpp"

#include <hdf5.h>

#include <stdexcept>

#include "hdf5_native_type.hpp"

namespace snnft {
namespace {

/// Closes any HDF5 identifier with the function that matches its kind.
class Id {
 public:
  Id(hid_t id, herr_t (*close)(hid_t)) : id_(id), close_(close) {}
  ~Id() {
    if (id_ >= 0) close_(id_);
  }
  Id(const Id&) = delete;
  Id& operator=(const Id&) = delete;
  [[nodiscard]] hid_t get() const { return id_; }
  [[nodiscard]] bool ok() const { return id_ >= 0; }

 private:
  hid_t id_;
  herr_t (*close_)(hid_t);
};

}  // namespace

H5Input::H5Input(const std::string& path) : path_(path) {
  H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
  file_ = H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  if (file_ < 0) throw std::runtime_error(path + ": cannot open as an HDF5 file");
}

H5Input::~H5Input() {
  if (file_ >= 0) H5Fclose(file_);
}

void H5Input::fail(const std::string& what) const { throw std::runtime_error(path_ + ": " + what); }

bool H5Input::has(const std::string& object_path) const {
  // H5Lexists needs every intermediate group to exist, so check the path one level at a time.
  std::size_t pos = 1;
  while (true) {
    pos = object_path.find('/', pos);
    const std::string prefix = object_path.substr(0, pos);
    if (H5Lexists(file_, prefix.c_str(), H5P_DEFAULT) <= 0) return false;
    if (pos == std::string::npos) return true;
    ++pos;
  }
}

std::vector<std::size_t> H5Input::shape(const std::string& dataset) const {
  if (!has(dataset)) fail("no dataset " + dataset);
  const Id ds(H5Dopen2(file_, dataset.c_str(), H5P_DEFAULT), H5Dclose);
  if (!ds.ok()) fail("cannot open dataset " + dataset);
  const Id space(H5Dget_space(ds.get()), H5Sclose);
  const int rank = H5Sget_simple_extent_ndims(space.get());
  if (rank < 0) fail("cannot read the shape of " + dataset);
  std::vector<hsize_t> dims(static_cast<std::size_t>(rank));
  H5Sget_simple_extent_dims(space.get(), dims.data(), nullptr);
  return {dims.begin(), dims.end()};
}

std::size_t H5Input::element_count(const std::string& dataset) const {
  std::size_t n = 1;
  for (std::size_t d : shape(dataset)) n *= d;
  return n;
}

void H5Input::read_raw(const std::string& dataset, H5Type type, void* out) const {
  const Id ds(H5Dopen2(file_, dataset.c_str(), H5P_DEFAULT), H5Dclose);
  if (!ds.ok()) fail("cannot open dataset " + dataset);
  if (element_count(dataset) == 0) return;
  if (H5Dread(ds.get(), native_type(type), H5S_ALL, H5S_ALL, H5P_DEFAULT, out) < 0) fail("cannot read " + dataset);
}

bool H5Input::has_attribute(const std::string& object_path, const std::string& name) const {
  if (!has(object_path)) return false;
  const Id obj(H5Oopen(file_, object_path.c_str(), H5P_DEFAULT), H5Oclose);
  return obj.ok() && H5Aexists(obj.get(), name.c_str()) > 0;
}

std::string H5Input::string_attribute(const std::string& object_path, const std::string& name) const {
  const Id obj(H5Oopen(file_, object_path.c_str(), H5P_DEFAULT), H5Oclose);
  if (!obj.ok() || H5Aexists(obj.get(), name.c_str()) <= 0) fail("no attribute " + name + " on " + object_path);
  const Id attr(H5Aopen(obj.get(), name.c_str(), H5P_DEFAULT), H5Aclose);
  const Id type(H5Tcopy(H5T_C_S1), H5Tclose);
  H5Tset_size(type.get(), H5T_VARIABLE);
  H5Tset_cset(type.get(), H5T_CSET_UTF8);
  char* value = nullptr;
  if (H5Aread(attr.get(), type.get(), &value) < 0 || value == nullptr) fail("cannot read attribute " + name);
  std::string out(value);
  H5free_memory(value);
  return out;
}

double H5Input::number_attribute(const std::string& object_path, const std::string& name) const {
  const Id obj(H5Oopen(file_, object_path.c_str(), H5P_DEFAULT), H5Oclose);
  if (!obj.ok() || H5Aexists(obj.get(), name.c_str()) <= 0) fail("no attribute " + name + " on " + object_path);
  const Id attr(H5Aopen(obj.get(), name.c_str(), H5P_DEFAULT), H5Aclose);
  double value = 0;
  if (H5Aread(attr.get(), H5T_NATIVE_DOUBLE, &value) < 0) fail("cannot read attribute " + name);
  return value;
}

}  // namespace snnft
