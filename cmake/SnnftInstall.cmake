# SPDX-License-Identifier: MIT
# `cmake --install` puts the module libraries, their headers, the snnft CLI, a CMake package
# (find_package(snnft) -> snnft::core, snnft::snn, ...) and a pkg-config file under the prefix.
include(CMakePackageConfigHelpers)
get_property(snnft_modules GLOBAL PROPERTY SNNFT_MODULES)

set(snnft_module_targets)
foreach(m IN LISTS snnft_modules)
  list(APPEND snnft_module_targets snnft_${m})
  install(DIRECTORY ${PROJECT_SOURCE_DIR}/${m}/include/ DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
endforeach()
# Static libraries carry their private dependencies in the link interface, so the two
# interface helpers travel with them (the warnings target is empty for consumers' own code).
set_target_properties(snnft_warnings PROPERTIES EXPORT_NAME warnings)
set_target_properties(snnft_random123 PROPERTIES EXPORT_NAME random123)
install(TARGETS ${snnft_module_targets} snnft_warnings snnft_random123 EXPORT snnftTargets
        ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
        INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(TARGETS snnft RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})

set(snnft_cmake_dir ${CMAKE_INSTALL_LIBDIR}/cmake/snnft)
install(EXPORT snnftTargets NAMESPACE snnft:: DESTINATION ${snnft_cmake_dir})
configure_package_config_file(${PROJECT_SOURCE_DIR}/cmake/snnftConfig.cmake.in
  ${PROJECT_BINARY_DIR}/snnftConfig.cmake INSTALL_DESTINATION ${snnft_cmake_dir})
write_basic_package_version_file(${PROJECT_BINARY_DIR}/snnftConfigVersion.cmake COMPATIBILITY SameMinorVersion)
install(FILES ${PROJECT_BINARY_DIR}/snnftConfig.cmake ${PROJECT_BINARY_DIR}/snnftConfigVersion.cmake
        DESTINATION ${snnft_cmake_dir})

# pkg-config: one package for the whole library, modules in dependency order (highest first).
set(snnft_pc_libs "")
foreach(m apps resilience columns snn encoding core)
  string(APPEND snnft_pc_libs " -lsnnft_${m}")
endforeach()
file(RELATIVE_PATH snnft_pc_to_prefix /prefix/${CMAKE_INSTALL_LIBDIR}/pkgconfig /prefix)
configure_file(${PROJECT_SOURCE_DIR}/cmake/snnft.pc.in ${PROJECT_BINARY_DIR}/snnft.pc @ONLY)
install(FILES ${PROJECT_BINARY_DIR}/snnft.pc DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)
