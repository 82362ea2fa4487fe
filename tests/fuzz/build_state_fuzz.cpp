// The build state file (<build dir>/.kbuild-state) on arbitrary bytes: a corrupt file must give
// an empty state, never a crash. What loads must save and load back the same.
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

#include "build/build_state.h"
#include "fuzz_support.h"

using namespace kbuild;
namespace fs = std::filesystem;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  fs::path path = fuzz::scratch_dir() / kStateFileName;
  fuzz::write_bytes(path, std::string_view(reinterpret_cast<const char*>(data), size));
  BuildState state;
  std::string why;
  load_build_state(path, &state, &why);
  if (state.outputs.empty()) return 0;

  fs::path again = fuzz::scratch_dir() / "state-again";
  std::string err;
  fuzz::check(save_build_state(again, state, &err), "a loaded state can be saved");
  BuildState reloaded;
  load_build_state(again, &reloaded, &why);
  fuzz::check(reloaded.outputs.size() == state.outputs.size(), "a saved state loads back whole");
  auto named = [](const BuildState& s, const OutputRecord& record) {
    std::vector<std::pair<std::string, uint64_t>> inputs;
    for (const auto& [id, hash] : record.inputs) inputs.emplace_back(std::string(s.paths[id]), hash);
    return inputs;
  };
  for (const auto& [id, output] : state.outputs) {
    const OutputRecord* again_output = reloaded.output(state.paths[id]);
    fuzz::check(again_output && again_output->command_hash == output.command_hash &&
                    named(reloaded, *again_output) == named(state, output),
                "outputs survive a save and load");
  }
  return 0;
}
