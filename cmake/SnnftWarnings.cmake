# SPDX-License-Identifier: MIT
# Warnings live on an interface target so that consumers of snnft do not inherit them.
# No -ffast-math anywhere: the fault layer depends on NaN/Inf checks that it would remove.
add_library(snnft_warnings INTERFACE)
target_compile_options(snnft_warnings INTERFACE -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor)

# snnft_add_module(NAME SOURCES ...) — a static library snnft_NAME with alias snnft::NAME.
function(snnft_add_module name)
  add_library(snnft_${name} STATIC ${ARGN})
  add_library(snnft::${name} ALIAS snnft_${name})
  target_include_directories(snnft_${name} PUBLIC $<BUILD_INTERFACE:${CMAKE_CURRENT_SOURCE_DIR}/include>
                                                $<INSTALL_INTERFACE:${CMAKE_INSTALL_INCLUDEDIR}>)
  # The installed package exports it as snnft::NAME too.
  set_target_properties(snnft_${name} PROPERTIES EXPORT_NAME ${name})
  set_property(GLOBAL APPEND PROPERTY SNNFT_MODULES ${name})
  target_compile_features(snnft_${name} PUBLIC cxx_std_20)
  target_link_libraries(snnft_${name} PRIVATE snnft_warnings)
endfunction()
