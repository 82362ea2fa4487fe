#include "config/language_keys.h"

#include <algorithm>
#include <iterator>

#include "config/suggest.h"

namespace kbuild {

std::string check_c_standard(std::string_view value) {
  static constexpr std::string_view known[] = {"c99", "c11", "c17", "c2x",
                                               "gnu99", "gnu11", "gnu17", "gnu2x"};
  if (std::find(std::begin(known), std::end(known), value) != std::end(known)) return {};
  std::string message = "c-standard \"" + std::string(value) + "\" is not supported (expected ";
  for (size_t i = 0; i < std::size(known); ++i) {
    if (i > 0) message += i + 1 == std::size(known) ? " or " : ", ";
    message += "\"" + std::string(known[i]) + "\"";
  }
  message += ")";
  // clang 14 knows C23 only by its draft name.
  std::string guess = value == "c23" ? "c2x" : value == "gnu23" ? "gnu2x" : closest_match(value, known);
  if (!guess.empty()) message += "; did you mean \"" + guess + "\"?";
  return message;
}

}  // namespace kbuild
