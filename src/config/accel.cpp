#include "config/config.h"

namespace kbuild {

std::optional<Accel> parse_accel(std::string_view name) {
  if (name == "auto") return Accel::automatic;
  if (name == "kvm") return Accel::kvm;
  if (name == "tcg") return Accel::tcg;
  return std::nullopt;
}

const char* accel_name(Accel accel) {
  switch (accel) {
    case Accel::kvm: return "kvm";
    case Accel::tcg: return "tcg";
    case Accel::automatic: break;
  }
  return "auto";
}

}  // namespace kbuild
