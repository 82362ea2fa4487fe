# CMake toolchain file for C++ kernels: kbuild's freestanding x86_64 target, the same compile and
# link flags as `kbuild build`, and `kbuild runner --test` as the emulator, so that `add_test()`
# kernels boot in QEMU under ctest.
#
#   cmake -S . -B build -G Ninja -DCMAKE_TOOLCHAIN_FILE=<prefix>/share/kbuild/cmake/kbuild-toolchain.cmake
#
# Then, after project(): include(${KBUILD_CMAKE_DIR}/kbuild.cmake) and kbuild_add_kernel(NAME sources...).
set(CMAKE_SYSTEM_NAME Generic)
set(CMAKE_SYSTEM_PROCESSOR x86_64)

get_filename_component(KBUILD_CMAKE_DIR "${CMAKE_CURRENT_LIST_DIR}" ABSOLUTE)
get_filename_component(KBUILD_DATA_DIR "${CMAKE_CURRENT_LIST_DIR}/.." ABSOLUTE)
# The kbuild this file came with (<prefix>/bin beside <prefix>/share/kbuild), not another in PATH:
# its flags name its own runtime headers.
find_program(KBUILD_EXECUTABLE kbuild PATHS "${KBUILD_DATA_DIR}/../../bin" NO_DEFAULT_PATH REQUIRED)
find_program(KBUILD_LD ld.lld REQUIRED)

set(CMAKE_C_COMPILER clang)
set(CMAKE_CXX_COMPILER clang++)
set(CMAKE_ASM_COMPILER clang)
set(CMAKE_LINKER "${KBUILD_LD}")

# The flags come from kbuild itself (`kbuild flags`), so a CMake build compiles and links a
# kernel exactly as `kbuild build` does.
function(_kbuild_flags out_var)
  execute_process(COMMAND "${KBUILD_EXECUTABLE}" flags ${ARGN} --cmake
    OUTPUT_VARIABLE flags ERROR_VARIABLE err RESULT_VARIABLE status OUTPUT_STRIP_TRAILING_WHITESPACE)
  if(NOT status STREQUAL "0")
    string(REPLACE ";" " " args "${ARGN}")
    string(STRIP "${err}" err)
    message(FATAL_ERROR "kbuild-toolchain.cmake: `${KBUILD_EXECUTABLE} flags ${args} --cmake` failed "
      "(${status}): ${err}\nCheck that this kbuild runs; reinstall kbuild if it does not.")
  endif()
  list(JOIN flags " " flags)
  set(${out_var} "${flags}" PARENT_SCOPE)
endfunction()
_kbuild_flags(_kbuild_c_flags --compile c)
_kbuild_flags(_kbuild_cxx_flags --compile c++)
_kbuild_flags(_kbuild_asm_flags --compile asm)
_kbuild_flags(_kbuild_link_flags --link)
set(CMAKE_C_FLAGS_INIT "${_kbuild_c_flags}")
set(CMAKE_CXX_FLAGS_INIT "${_kbuild_cxx_flags}")
set(CMAKE_ASM_FLAGS_INIT "${_kbuild_asm_flags}")
# kbuild's own defaults (kernel.toml's cxx-standard and c-standard): C++20 and GNU C17, unless
# the project sets CMAKE_CXX_STANDARD / CMAKE_C_STANDARD itself. Without this CMake leaves
# clang at its own default, gnu++14, which the runtime's headers do not support.
if(NOT DEFINED CMAKE_CXX_STANDARD)
  set(CMAKE_CXX_STANDARD 20)
endif()
if(NOT DEFINED CMAKE_CXX_EXTENSIONS)
  set(CMAKE_CXX_EXTENSIONS OFF)
endif()
if(NOT DEFINED CMAKE_C_STANDARD)
  set(CMAKE_C_STANDARD 17)
endif()
# Kernels are linked by ld.lld itself (clang's bare-metal driver would go through gcc).
set(CMAKE_EXE_LINKER_FLAGS_INIT "${_kbuild_link_flags}")
foreach(lang C CXX ASM)
  set(CMAKE_${lang}_LINK_EXECUTABLE "<CMAKE_LINKER> <LINK_FLAGS> <OBJECTS> -o <TARGET> <LINK_LIBRARIES>")
endforeach()
set(CMAKE_TRY_COMPILE_TARGET_TYPE STATIC_LIBRARY)

# ctest runs each test kernel as: kbuild runner --test KERNEL.elf
set(CMAKE_CROSSCOMPILING_EMULATOR "${KBUILD_EXECUTABLE};runner;--test")
