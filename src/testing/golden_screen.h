// Golden screens: a test kernel's final 80x25 text screen ([test.NAME] expect-screen) compared
// with a checked-in text file, or written to it by `kbuild test --bless`. Trailing spaces of a
// line and blank lines at the bottom are not significant, on either side.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

namespace kbuild {

// Each line without its trailing blanks (and '\r'), blank lines at the end dropped, every line
// ending in "\n".
std::string normalize_screen_text(std::string_view text);

// A unified-style diff of two texts by lines: "--- FROM", "+++ TO", then hunks ("@@ -A,B +C,D @@")
// of ' ', '-' and '+' lines with up to 2 lines of context. Empty when the texts are equal.
std::string unified_diff(std::string_view from, std::string_view to, const std::string& from_label,
                         const std::string& to_label);

enum class ScreenVerdict { same, differs, missing, blessed, error };

struct ScreenCheck {
  ScreenVerdict verdict = ScreenVerdict::same;
  std::string message;  // for differs, missing and error: what the failure says (may be
                        // several lines: the diff)
};

// Compares `screen` (as render_vga_text made it, without color) with `golden` (relative to
// `root`, as kernel.toml names it), or with `bless` writes it there, creating its directories.
ScreenCheck check_golden_screen(const std::filesystem::path& root, const std::string& golden,
                                std::string_view screen, bool bless);

}  // namespace kbuild
