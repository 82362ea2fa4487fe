#include "firmware.h"

#include "civil_time.h"
#include "console.h"
#include "platform.h"

namespace uefi {
namespace {

efi::Handle image_handle = nullptr;
efi::SystemTable* system_table = nullptr;
bool boot_services = false;

}  // namespace

void init(efi::Handle image, efi::SystemTable* system) {
  image_handle = image;
  system_table = system;
  boot_services = true;
}

efi::Handle image() { return image_handle; }
efi::SystemTable* system() { return system_table; }

efi::BootServices* boot() {
  if (!boot_services) fail("boot services used after ExitBootServices");
  return system_table->boot_services;
}

void boot_services_gone() { boot_services = false; }
bool boot_services_active() { return boot_services; }

const char* status_name(efi::Status status) {
  switch (status) {
    case efi::kSuccess:
      return "success";
    case efi::kLoadError:
      return "EFI_LOAD_ERROR";
    case efi::kInvalidParameter:
      return "EFI_INVALID_PARAMETER";
    case efi::kUnsupported:
      return "EFI_UNSUPPORTED";
    case efi::kBufferTooSmall:
      return "EFI_BUFFER_TOO_SMALL";
    case efi::kOutOfResources:
      return "EFI_OUT_OF_RESOURCES";
    case efi::kNotFound:
      return "EFI_NOT_FOUND";
    default:
      return "an EFI error";
  }
}

void check(efi::Status status, const char* what) {
  if (status == efi::kSuccess) return;
  Message().str(what).str(": ").str(status_name(status)).str(" (").hex(status).str(")").fail();
}

bool read_unix_time(int64_t* seconds) {
  efi::RuntimeServices* runtime = system()->runtime_services;
  if (runtime == nullptr || runtime->get_time == nullptr) return false;
  efi::Time now = {};
  if (runtime->get_time(&now, nullptr) != efi::kSuccess) return false;
  // Taken as UTC, as the CMOS clock is on BIOS (QEMU's starts at the host's UTC time).
  return kbuild_time::unix_seconds(now.year, now.month, now.day, now.hour, now.minute, now.second, seconds);
}

}  // namespace uefi

namespace {
constexpr int kConOutChunk = 128;  // characters per OutputString call
}  // namespace

// ConOut while boot services last (OVMF mirrors it on the serial port as well as the screen).
void platform_console_write(const char* text) {
  if (!uefi::boot_services_active()) return;
  efi::SimpleTextOutput* out = uefi::system()->con_out;
  if (out == nullptr) return;
  efi::Char16 chunk[kConOutChunk + 1];
  while (*text) {
    int n = 0;
    for (; *text && n < kConOutChunk; ++text) chunk[n++] = static_cast<unsigned char>(*text);
    chunk[n] = 0;
    out->output_string(out, chunk);
  }
}
