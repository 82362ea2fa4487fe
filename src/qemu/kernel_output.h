// What a run's serial output says about how it ended: the loader's one `kbuild boot:` line when
// it gave up (bootloader/include/kbuild/exit_codes.h), or the runtime's `panic:` line
// (runtime/src/panic.cpp), each turned into a sentence for the user.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace kbuild {

class ElfSymbols;

// "\r\n" -> "\n", and bytes that are neither printable nor whitespace made '?', so a garbled
// serial line cannot upset a terminal or an XML file.
std::string normalize_serial(std::string_view raw);

// The text after the last "kbuild boot: " (to the end of its line), or nothing.
std::optional<std::string> find_boot_failure(std::string_view serial);

// What to do about a loader failure, or empty when there is nothing useful to add.
std::string boot_failure_hint(std::string_view line);

// "boot failed: <line>; <hint>" for QEMU's status 255; without a line on serial it says so.
std::string describe_boot_failure(std::string_view serial);

// The message of the last "panic: ..." that kbuild_panic printed, or empty.
std::string find_panic(std::string_view serial);

// A panic message with its "(called from 0xADDR)" turned into "(in function+0x12)" when the
// kernel's symbols know the address; otherwise unchanged.
std::string describe_panic(const std::string& panic, const ElfSymbols* symbols);

}  // namespace kbuild
