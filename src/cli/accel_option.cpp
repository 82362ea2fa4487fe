// --accel, shared by the commands that boot a kernel.
#include "cli/cli.h"

namespace kbuild::cli {

void add_accel_option(CLI::App* sub, std::string* value) {
  sub->add_option("--accel", *value,
                  "Run the guest with \"kvm\", \"tcg\" (emulation) or \"auto\" (KVM when the host really "
                  "offers it); default: [run] accel, else auto")
      ->check(CLI::IsMember({"auto", "kvm", "tcg"}))
      ->option_text("ACCEL");
}

}  // namespace kbuild::cli
