# kbuild's helpers for CMake projects that use kbuild-toolchain.cmake. Include after project():
#   include(${KBUILD_CMAKE_DIR}/kbuild.cmake)
#   kbuild_add_kernel(hello src/main.cpp src/shell.cpp)          # hello.elf
#   kbuild_add_kernel(smoke tests/smoke.cpp LINKER_SCRIPT my.ld)  # with a script of your own
#   add_test(NAME smoke COMMAND smoke)                            # booted by `kbuild runner --test`
if(NOT KBUILD_DATA_DIR)
  message(FATAL_ERROR "kbuild.cmake needs kbuild's toolchain file: -DCMAKE_TOOLCHAIN_FILE=.../kbuild-toolchain.cmake")
endif()

# The freestanding C++ runtime (entry point, constructors, mem*, C++ ABI, soft-float), once per
# project: the sources of runtime/sources.list, as `kbuild build` compiles them.
include(${CMAKE_CURRENT_LIST_DIR}/kbuild-runtime-sources.cmake)
kbuild_runtime_sources(_kbuild_runtime_sources ${KBUILD_DATA_DIR}/runtime x86_64)
list(TRANSFORM _kbuild_runtime_sources PREPEND ${KBUILD_DATA_DIR}/runtime/)
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
