#include "build/compile_db.h"

#include <cstdio>
#include <cstring>

#include "build/hash.h"
#include "core/fs.h"
#include "core/json.h"

namespace kbuild {


std::string compile_commands_json(const BuildPlan& plan, const Toolchain& tools) {
  std::string out = "[\n";
  for (size_t i = 0; i < plan.compiles.size(); ++i) {
    const CompileStep& step = plan.compiles[i];
    out += "  {\n    \"directory\": ";
    out += json_quote(plan.root.string());
    out += ",\n    \"arguments\": [";
    std::vector<std::string> argv = output_relevant_argv(tools, step.argv());
    for (size_t a = 0; a < argv.size(); ++a) {
      if (a) out += ", ";
      out += json_quote(argv[a]);
    }
    out += "],\n    \"file\": ";
    out += json_quote(step.source);
    out += ",\n    \"output\": ";
    out += json_quote(step.object);
    out += i + 1 < plan.compiles.size() ? "\n  },\n" : "\n  }\n";
  }
  out += "]\n";
  return out;
}

bool write_compile_commands(const BuildPlan& plan, const Toolchain& tools, std::string* err) {
  std::filesystem::path path = plan.root / "build" / "compile_commands.json";
  if (!write_file_if_changed(path, compile_commands_json(plan, tools), err)) {
    *err = "cannot write " + display_path(plan.root, path) + ": " + *err;
    return false;
  }
  return true;
}

uint64_t compile_commands_hash(const BuildPlan& plan) {
  ArgvHasher hasher;
  // Names the layout of the text, so a change of it in kbuild rewrites every file once.
  hasher.add("compile_commands 1");
  hasher.add(plan.root.native());
  char bytes[8];
  for (const CompileStep& step : plan.compiles) {
    // The command hash covers exactly the arguments the file lists (launcher and colour left out).
    std::memcpy(bytes, &step.command_hash, sizeof bytes);
    hasher.add(std::string_view(bytes, sizeof bytes));
    hasher.add(step.source);
    hasher.add(step.object);
  }
  return hasher.finish();
}

bool update_compile_commands(const BuildPlan& plan, const Toolchain& tools, BuildState* state,
                             std::string* err) {
  std::filesystem::path path = plan.root / "build" / "compile_commands.json";
  uint64_t hash = compile_commands_hash(plan);
  FileStat now = stat_file(path);
  if (now.exists && hash == state->compile_db_hash && now == state->compile_db_stat) return true;
  if (!write_compile_commands(plan, tools, err)) return false;
  state->compile_db_hash = hash;
  state->compile_db_stat = stat_file(path);
  state->changed = true;
  return true;
}

}  // namespace kbuild
