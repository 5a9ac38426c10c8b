// SPDX-License-Identifier: MIT
// The HDF5 in-memory type of each element type the reader and the writer handle.
#pragma once
#include <hdf5.h>

#include "snnft/core/hdf5_output.hpp"

namespace snnft {

inline hid_t native_type(H5Type type) {
  switch (type) {
    case H5Type::kFloat64: return H5T_NATIVE_DOUBLE;
    case H5Type::kFloat32: return H5T_NATIVE_FLOAT;
    case H5Type::kUInt64: return H5T_NATIVE_UINT64;
    case H5Type::kUInt32: return H5T_NATIVE_UINT32;
    case H5Type::kInt64: return H5T_NATIVE_INT64;
    case H5Type::kInt32: return H5T_NATIVE_INT32;
    case H5Type::kUInt8: return H5T_NATIVE_UINT8;
  }
  return H5T_NATIVE_DOUBLE;
}

}  // namespace snnft
