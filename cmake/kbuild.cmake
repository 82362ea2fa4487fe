# kbuild's helpers for CMake projects that use kbuild-toolchain.cmake. Include after project():
#   include(${KBUILD_CMAKE_DIR}/kbuild.cmake)
#   kbuild_add_kernel(hello src/main.cpp src/shell.cpp)          # hello.elf
#   kbuild_add_kernel(smoke tests/smoke.cpp LINKER_SCRIPT my.ld)  # with a script of your own
#   add_test(NAME smoke COMMAND smoke)                            # booted by `kbuild runner --test`
if(NOT KBUILD_DATA_DIR)
  message(FATAL_ERROR "kbuild.cmake needs kbuild's toolchain file: -DCMAKE_TOOLCHAIN_FILE=.../kbuild-toolchain.cmake")
endif()

# The freestanding C++ runtime (entry point, constructors, mem*, C++ ABI, soft-float), once per project.
file(GLOB _kbuild_runtime_sources CONFIGURE_DEPENDS
  ${KBUILD_DATA_DIR}/runtime/src/*.cpp ${KBUILD_DATA_DIR}/runtime/src/*.c ${KBUILD_DATA_DIR}/runtime/src/*.S
  ${KBUILD_DATA_DIR}/runtime/src/arch/x86_64/*.cpp ${KBUILD_DATA_DIR}/runtime/src/arch/x86_64/*.S)
add_library(kbuild_runtime OBJECT ${_kbuild_runtime_sources})

function(kbuild_add_kernel name)
  cmake_parse_arguments(PARSE_ARGV 1 arg "" "LINKER_SCRIPT" "")
  set(script "${KBUILD_DATA_DIR}/runtime/arch/x86_64/kernel.ld")
  if(arg_LINKER_SCRIPT)
    get_filename_component(script "${arg_LINKER_SCRIPT}" ABSOLUTE)
  endif()
  add_executable(${name} ${arg_UNPARSED_ARGUMENTS} $<TARGET_OBJECTS:kbuild_runtime>)
  target_link_options(${name} PRIVATE -T ${script})
  set_target_properties(${name} PROPERTIES SUFFIX ".elf" LINK_DEPENDS ${script})
endfunction()
