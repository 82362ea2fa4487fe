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
find_program(KBUILD_EXECUTABLE kbuild HINTS "${KBUILD_DATA_DIR}/../../bin" REQUIRED)
find_program(KBUILD_LD ld.lld REQUIRED)

set(CMAKE_C_COMPILER clang)
set(CMAKE_CXX_COMPILER clang++)
set(CMAKE_ASM_COMPILER clang)
set(CMAKE_LINKER "${KBUILD_LD}")

set(_kbuild_target "--target=x86_64-unknown-none-elf")
set(_kbuild_flags "${_kbuild_target} -ffreestanding -fno-pic -fno-pie -mno-red-zone -mgeneral-regs-only \
-mcmodel=kernel -fno-stack-protector -fno-asynchronous-unwind-tables -ffunction-sections -fdata-sections \
-nostdlibinc -isystem ${KBUILD_DATA_DIR}/runtime/include/std -isystem ${KBUILD_DATA_DIR}/runtime/include \
-isystem ${KBUILD_DATA_DIR}/bootloader/include")
set(CMAKE_C_FLAGS_INIT "${_kbuild_flags}")
set(CMAKE_CXX_FLAGS_INIT "${_kbuild_flags} -fno-exceptions -fno-rtti")
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
set(CMAKE_ASM_FLAGS_INIT "${_kbuild_target}")

# Kernels are linked by ld.lld itself (clang's bare-metal driver would go through gcc).
set(CMAKE_EXE_LINKER_FLAGS_INIT "-nostdlib -static -z max-page-size=0x1000 --gc-sections --build-id=none -e _kbuild_start")
foreach(lang C CXX ASM)
  set(CMAKE_${lang}_LINK_EXECUTABLE "<CMAKE_LINKER> <LINK_FLAGS> <OBJECTS> -o <TARGET> <LINK_LIBRARIES>")
endforeach()
set(CMAKE_TRY_COMPILE_TARGET_TYPE STATIC_LIBRARY)

# ctest runs each test kernel as: kbuild runner --test KERNEL.elf
set(CMAKE_CROSSCOMPILING_EMULATOR "${KBUILD_EXECUTABLE};runner;--test")
