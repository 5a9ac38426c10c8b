// SPDX-License-Identifier: MIT
#include "snnft/snn/cascor/network_io.hpp"

#include <hdf5.h>

#include <cstdint>
#include <stdexcept>
#include <vector>

namespace snnft::cascor {
namespace {

constexpr const char* kActivation = "1/(1+exp(-x))-0.5";

/// Closes an HDF5 handle on scope exit.
class Handle {
 public:
  Handle(hid_t id, herr_t (*close)(hid_t)) : id_(id), close_(close) {}
  ~Handle() {
    if (id_ >= 0) close_(id_);
  }
  Handle(const Handle&) = delete;
  Handle& operator=(const Handle&) = delete;
  [[nodiscard]] hid_t get() const { return id_; }

 private:
  hid_t id_;
  herr_t (*close_)(hid_t);
};

[[noreturn]] void fail(const std::string& file, const std::string& problem) {
  throw std::runtime_error("cannot read cascade-correlation network from " + file + ": " + problem);
}

std::int64_t read_int_attribute(hid_t group, const std::string& name, const std::string& file) {
  if (H5Aexists(group, name.c_str()) <= 0) fail(file, "missing attribute " + name);
  const Handle attr(H5Aopen(group, name.c_str(), H5P_DEFAULT), H5Aclose);
  std::int64_t value = 0;
  if (attr.get() < 0 || H5Aread(attr.get(), H5T_NATIVE_INT64, &value) < 0) fail(file, "bad attribute " + name);
  return value;
}

/// Reads a dataset of `expected` elements (any rank) converted to `mem_type`.
template <class T>
std::vector<T> read_dataset(hid_t group, const std::string& name, hid_t mem_type, std::size_t expected,
                            const std::string& file) {
  if (H5Lexists(group, name.c_str(), H5P_DEFAULT) <= 0) fail(file, "missing dataset " + name);
  const Handle ds(H5Dopen2(group, name.c_str(), H5P_DEFAULT), H5Dclose);
  if (ds.get() < 0) fail(file, "cannot open dataset " + name);
  const Handle space(H5Dget_space(ds.get()), H5Sclose);
  const hssize_t n = H5Sget_simple_extent_npoints(space.get());
  if (n < 0 || static_cast<std::size_t>(n) != expected) {
    fail(file, name + " has " + std::to_string(n) + " elements, expected " + std::to_string(expected));
  }
  std::vector<T> data(expected);
  if (expected > 0 && H5Dread(ds.get(), mem_type, H5S_ALL, H5S_ALL, H5P_DEFAULT, data.data()) < 0) {
    fail(file, "cannot read " + name);
  }
  return data;
}

}  // namespace

void write_network(H5Output& out, const std::string& group, const CascorNetwork& network) {
  out.create_group(group);
  out.set_attribute(group, "inputs", static_cast<std::int64_t>(network.input_count()));
  out.set_attribute(group, "outputs", static_cast<std::int64_t>(network.output_count()));
  out.set_attribute(group, "hidden_units", static_cast<std::int64_t>(network.hidden_count()));
  out.set_attribute(group, "activation", std::string(kActivation));

  // H5Output stores matrices row-major; Eigen's default is column-major.
  const Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor> w = network.output_weights();
  out.write_matrix<double>(group + "/output_weights", std::span<const double>(w.data(), static_cast<std::size_t>(w.size())),
                           static_cast<std::size_t>(w.rows()), static_cast<std::size_t>(w.cols()));
  std::vector<double> hidden;
  std::vector<std::uint32_t> fan_in;
  for (std::size_t k = 0; k < network.hidden_count(); ++k) {
    const Eigen::VectorXd& h = network.hidden_weights(k);
    hidden.insert(hidden.end(), h.data(), h.data() + h.size());
    fan_in.push_back(static_cast<std::uint32_t>(h.size()));
  }
  out.write<double>(group + "/hidden_weights", hidden);
  out.write<std::uint32_t>(group + "/hidden_fan_in", fan_in);
}

CascorNetwork read_network(const std::string& file_path, const std::string& group) {
  H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
  const Handle file(H5Fopen(file_path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), H5Fclose);
  if (file.get() < 0) fail(file_path, "cannot open file");
  if (H5Lexists(file.get(), group.c_str(), H5P_DEFAULT) <= 0) fail(file_path, "no group " + group);
  const Handle g(H5Gopen2(file.get(), group.c_str(), H5P_DEFAULT), H5Gclose);
  if (g.get() < 0) fail(file_path, "cannot open group " + group);

  const std::int64_t inputs = read_int_attribute(g.get(), "inputs", file_path);
  const std::int64_t outputs = read_int_attribute(g.get(), "outputs", file_path);
  const std::int64_t hidden = read_int_attribute(g.get(), "hidden_units", file_path);
  if (inputs < 0 || outputs < 1 || hidden < 0) fail(file_path, "invalid network shape");
  const auto n_in = static_cast<std::size_t>(inputs);
  const auto n_out = static_cast<std::size_t>(outputs);
  const auto n_hidden = static_cast<std::size_t>(hidden);

  const auto fan_in = read_dataset<std::uint32_t>(g.get(), "hidden_fan_in", H5T_NATIVE_UINT32, n_hidden, file_path);
  std::size_t total = 0;
  for (std::size_t k = 0; k < n_hidden; ++k) {
    if (fan_in[k] != 1 + n_in + k) fail(file_path, "hidden unit " + std::to_string(k) + " has the wrong fan-in");
    total += fan_in[k];
  }
  const auto hidden_w = read_dataset<double>(g.get(), "hidden_weights", H5T_NATIVE_DOUBLE, total, file_path);
  const std::size_t units = 1 + n_in + n_hidden;
  const auto out_w = read_dataset<double>(g.get(), "output_weights", H5T_NATIVE_DOUBLE, n_out * units, file_path);

  // Rebuild through the public API so the loaded network obeys the same invariants.
  const Eigen::Map<const Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>> all_out(
      out_w.data(), static_cast<Eigen::Index>(n_out), static_cast<Eigen::Index>(units));
  CascorNetwork network(n_in, n_out);
  std::size_t offset = 0;
  for (std::size_t k = 0; k < n_hidden; ++k) {
    const Eigen::Map<const Eigen::VectorXd> w(hidden_w.data() + offset, fan_in[k]);
    network.add_hidden_unit(w, all_out.col(static_cast<Eigen::Index>(1 + n_in + k)));
    offset += fan_in[k];
  }
  network.set_output_weights(all_out);
  return network;
}

}  // namespace snnft::cascor
