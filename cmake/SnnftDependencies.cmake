# SPDX-License-Identifier: MIT
# Every dependency is a Debian package found through its CMake package or a header path.
find_package(Eigen3 3.3 REQUIRED NO_MODULE)
find_package(TBB REQUIRED)
find_package(xsimd REQUIRED)
# Debian's xsimd 8.1 package links an `xtl` library that no package provides.
set_target_properties(xsimd PROPERTIES INTERFACE_LINK_LIBRARIES "")
find_package(HDF5 REQUIRED COMPONENTS C)
find_package(nlohmann_json 3 REQUIRED)
find_package(CLI11 REQUIRED)
find_package(spdlog REQUIRED)
find_path(R123_INCLUDE_DIR Random123/philox.h REQUIRED)
add_library(snnft_random123 INTERFACE)
target_include_directories(snnft_random123 SYSTEM INTERFACE ${R123_INCLUDE_DIR})
# cpp-httplib (--serve) ships only a pkg-config file; its flags select the compiled library's
# build (TLS, compression), which the header must agree with.
find_package(PkgConfig REQUIRED)
pkg_check_modules(HTTPLIB REQUIRED IMPORTED_TARGET cpp-httplib)
