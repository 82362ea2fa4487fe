#include "build/compile_db.h"

#include <cstdio>

#include "core/fs.h"

namespace kbuild {

namespace {

void append_json_string(std::string* out, std::string_view text) {
  *out += '"';
  for (char c : text) {
    switch (c) {
      case '"': *out += "\\\""; break;
      case '\\': *out += "\\\\"; break;
      case '\n': *out += "\\n"; break;
      case '\t': *out += "\\t"; break;
      case '\r': *out += "\\r"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", c);
          *out += buf;
        } else {
          *out += c;
        }
    }
  }
  *out += '"';
}

}  // namespace

std::string compile_commands_json(const BuildPlan& plan, const Toolchain& tools) {
  std::string out = "[\n";
  for (size_t i = 0; i < plan.compiles.size(); ++i) {
    const CompileStep& step = plan.compiles[i];
    out += "  {\n    \"directory\": ";
    append_json_string(&out, plan.root.string());
    out += ",\n    \"arguments\": [";
    std::vector<std::string> argv = output_relevant_argv(tools, step.argv);
    for (size_t a = 0; a < argv.size(); ++a) {
      if (a) out += ", ";
      append_json_string(&out, argv[a]);
    }
    out += "],\n    \"file\": ";
    append_json_string(&out, step.source.string());
    out += ",\n    \"output\": ";
    append_json_string(&out, step.object.string());
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

}  // namespace kbuild
