#include "screen.h"

#include "bios.h"
#include "platform.h"

namespace {

constexpr uint8_t kVideoServices = 0x10;
constexpr uint32_t kTeletypeOutput = 0x0e00;  // AH = 0Eh, AL = the character
constexpr uint32_t kLightGreyOnPage0 = 0x0007;
bool text_mode = true;

}  // namespace

void screen_graphics_mode() { text_mode = false; }

void platform_console_write(const char* text) {
  for (; text_mode && *text; ++text) {
    bios_regs regs = {};
    regs.eax = kTeletypeOutput | static_cast<uint8_t>(*text);
    regs.ebx = kLightGreyOnPage0;
    bios_call(kVideoServices, &regs);
  }
}
