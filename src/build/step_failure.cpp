#include "build/step_failure.h"

namespace kbuild {

std::string failure_text(const std::vector<StepFailure>& failures) {
  std::string text;
  for (const StepFailure& failure : failures) {
    text += failure.output;
    if (!failure.output.empty() && failure.output.back() != '\n') text += '\n';
    text += failure.message + "\n" + failure.command + "\n";
  }
  return text;
}

}  // namespace kbuild
