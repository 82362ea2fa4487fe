# Writes OUTPUT, a C++ source defining kbuild::bootloader_stage1(), bootloader_stage2(),
# bootloader_uefi_x64(), bootloader_uefi_aa64(), bootloader_uefi_riscv64(), bootloader_aarch64_direct() and
# bootloader_riscv64_direct() over the bytes of STAGE1, STAGE2, UEFI_X64, UEFI_AARCH64, UEFI_RISCV64,
# LOADER_AARCH64 and LOADER_RISCV64.
# Run as: cmake -DSTAGE1=.. -DSTAGE2=.. -DUEFI_X64=.. -DUEFI_AARCH64=.. -DUEFI_RISCV64=.. -DLOADER_AARCH64=.. -DLOADER_RISCV64=..
#   -DOUTPUT=.. -P embed.cmake
function(bytes_of file out_var)
  file(READ ${file} hex HEX)
  string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," hex "${hex}")
  string(REGEX REPLACE "((0x..,){24})" "\\1\n" hex "${hex}")
  set(${out_var} "${hex}" PARENT_SCOPE)
endfunction()

file(SIZE ${STAGE1} stage1_size)
if(NOT stage1_size EQUAL 512)
  message(FATAL_ERROR "stage 1 is ${stage1_size} bytes, not 512")
endif()
bytes_of(${STAGE1} stage1)
bytes_of(${STAGE2} stage2)
bytes_of(${UEFI_X64} uefi_x64)
bytes_of(${UEFI_AARCH64} uefi_aa64)
bytes_of(${UEFI_RISCV64} uefi_riscv64)
bytes_of(${LOADER_AARCH64} loader_aarch64)
bytes_of(${LOADER_RISCV64} loader_riscv64)
file(WRITE ${OUTPUT}.tmp "// Generated from bootloader/ by embed.cmake; do not edit.
#include \"image/bootloader_blob.h\"

namespace kbuild {
namespace {
const uint8_t kStage1[] = {
${stage1}};
const uint8_t kStage2[] = {
${stage2}};
const uint8_t kUefiX64[] = {
${uefi_x64}};
const uint8_t kUefiAa64[] = {
${uefi_aa64}};
const uint8_t kUefiRiscv64[] = {
${uefi_riscv64}};
const uint8_t kLoaderAarch64[] = {
${loader_aarch64}};
const uint8_t kLoaderRiscv64[] = {
${loader_riscv64}};
}  // namespace

std::span<const uint8_t> bootloader_stage1() { return kStage1; }
std::span<const uint8_t> bootloader_stage2() { return kStage2; }
std::span<const uint8_t> bootloader_uefi_x64() { return kUefiX64; }
std::span<const uint8_t> bootloader_uefi_aa64() { return kUefiAa64; }
std::span<const uint8_t> bootloader_uefi_riscv64() { return kUefiRiscv64; }
std::span<const uint8_t> bootloader_aarch64_direct() { return kLoaderAarch64; }
std::span<const uint8_t> bootloader_riscv64_direct() { return kLoaderRiscv64; }
}  // namespace kbuild
")
file(RENAME ${OUTPUT}.tmp ${OUTPUT})
