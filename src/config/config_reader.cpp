#include "config/config_reader.h"

#include <kbuild/exit_codes.h>

#include <algorithm>
#include <cstdlib>
#include <functional>
#include <limits>
#include <optional>
#include <span>
#include <system_error>

#include <sys/stat.h>
#include <unistd.h>

#include <fmt/format.h>
#include <kbuild/exit_codes.h>
#include <toml++/toml.h>

#include "config/config_values.h"
#include "config/glob.h"
#include "config/suggest.h"
#include "core/fs.h"

namespace kbuild {
namespace fs = std::filesystem;

namespace {

constexpr std::string_view kManifestName = "kernel.toml";
// A kernel.toml is a few KiB; this only stops a wrong --manifest-path from reading without end.
constexpr uint64_t kMaxManifestBytes = uint64_t{1} << 20;

SourcePos to_pos(const toml::source_region& region) {
  return {static_cast<int>(region.begin.line), static_cast<int>(region.begin.column)};
}

std::string type_name(const toml::node& node) {
  switch (node.type()) {
    case toml::node_type::string: return "a string";
    case toml::node_type::integer: return "an integer";
    case toml::node_type::floating_point: return "a floating-point number";
    case toml::node_type::boolean: return "a boolean";
    case toml::node_type::table: return "a table";
    case toml::node_type::array: return "an array";
    case toml::node_type::date: return "a date";
    case toml::node_type::time: return "a time";
    case toml::node_type::date_time: return "a date-time";
    default: return "nothing";
  }
}

// "a", "a or b", "a, b or c"
std::string one_of(std::span<const std::string_view> names, std::string_view quote) {
  std::string text;
  for (size_t i = 0; i < names.size(); ++i) {
    if (i > 0) text += i + 1 == names.size() ? " or " : ", ";
    text += fmt::format("{}{}{}", quote, names[i], quote);
  }
  return text;
}

std::string hex(uint64_t value) { return fmt::format("{:#x}", value); }

// Errors quote the file (a key, a value, the character toml++ saw), so control characters in it
// are escaped: an error stays one line.
std::string one_line(std::string_view text) {
  std::string out;
  for (char ch : text) {
    if (ch == '\n') out += "\\n";
    else if (ch == '\t') out += "\\t";
    else if (static_cast<unsigned char>(ch) < 0x20 || ch == 0x7f) out += fmt::format("\\x{:02x}", ch);
    else out += ch;
  }
  return out;
}

std::string_view article(std::string_view noun) {
  return !noun.empty() && std::string_view("aeiou").find(noun[0]) != std::string_view::npos ? "an"
                                                                                            : "a";
}

// toml++ says "Error while parsing key-value pair: expected '=', saw '\"'"; keep the facts,
// drop the preamble, and add what TOML users trip on.
std::string describe_syntax_error(std::string_view description) {
  constexpr std::string_view preamble = "Error while parsing ";
  std::string what, detail(description);
  if (description.starts_with(preamble)) {
    size_t colon = description.find(": ");
    if (colon != std::string_view::npos) {
      what = std::string(description.substr(preamble.size(), colon - preamble.size()));
      detail = std::string(description.substr(colon + 2));
    }
  }
  std::string text;
  if (what == "key-value pair" && detail.starts_with("expected '='"))
    text = "expected '=' after a key" + detail.substr(std::string_view("expected '='").size());
  else if (what == "key-value pair" && detail.starts_with("expected value"))
    text = "expected a value after '='" + detail.substr(std::string_view("expected value").size());
  else if (what == "string" && detail.starts_with("unescaped control characters"))
    text = "a string must be closed on the line where it starts, and control characters in it "
           "must be escaped (as \\n or \\t)";
  else if (!what.empty() && detail == "encountered end-of-file")
    text = fmt::format("the file ends inside {} {}", article(what), what);
  else if (!what.empty())
    text = fmt::format("{} (in {} {})", detail, article(what), what);
  else
    text = detail;
  if (detail.find("not representable in 64 bits") != std::string::npos)
    text += "; TOML integers are signed 64-bit, so write larger values as a string, as in "
            "\"0xffff800000000000\"";
  return text + " (TOML syntax error)";
}

// toml++ keeps keys sorted by name; checking them in the order they were written makes the
// first error reported the first one in the file.
std::vector<std::pair<const toml::key*, toml::node*>> in_file_order(toml::table& table) {
  std::vector<std::pair<const toml::key*, toml::node*>> entries;
  for (auto&& [key, node] : table) entries.emplace_back(&key, &node);
  std::sort(entries.begin(), entries.end(), [](const auto& a, const auto& b) {
    auto pa = a.first->source().begin, pb = b.first->source().begin;
    return std::pair(pa.line, pa.column) < std::pair(pb.line, pb.column);
  });
  return entries;
}

struct KeyReader {
  std::string_view key;
  std::function<bool(toml::node&)> read;
};

// What a [profile.NAME] table sets; the rest comes from the profile it inherits.
struct ProfileInput {
  SourcePos pos;
  std::optional<std::string> opt_level;
  std::optional<bool> debug;
  std::optional<std::vector<std::string>> defines, cflags, ldflags;
  std::optional<Located<std::string>> inherits;
};

class Reader {
 public:
  Reader(const fs::path& manifest, Config* config, std::string* err)
      : manifest_(manifest), config_(config), err_(err) {}

  bool read(toml::table& doc);

 private:
  bool fail(SourcePos pos, const std::string& message) {
    *err_ = format_location(manifest_, pos) + ": " + message;
    return false;
  }
  bool fail_at(const toml::node& node, const std::string& message) {
    return fail(to_pos(node.source()), message);
  }
  fs::path resolve(const std::string& relative) const { return config_->root / relative; }

  bool walk(toml::table& table, std::string_view where, std::span<const KeyReader> readers);
  bool string_value(std::string_view key, toml::node& node, std::string* out);
  bool no_nul(std::string_view key, const toml::node& node);
  bool bool_value(std::string_view key, toml::node& node, bool* out);
  bool int_value(std::string_view key, toml::node& node, int64_t* out);
  bool table_value(std::string_view key, toml::node& node, toml::table** out);
  bool string_array(std::string_view key, toml::node& node, std::vector<std::string>* out,
                    std::vector<SourcePos>* positions = nullptr);
  bool glob_array(std::string_view key, toml::node& node, std::vector<Located<std::string>>* out);
  bool existing_path(std::string_view what, toml::node& node, bool directory, std::string* out);

  bool read_kernel(toml::table& table);
  bool read_target(toml::table& table);
  bool read_profiles(toml::table& table);
  bool read_profile(const std::string& name, toml::table& table);
  bool read_bootloader(toml::table& table);
  bool read_framebuffer(toml::table& table);
  bool read_run(toml::table& table);
  bool read_test(toml::table& table);
  bool resolve_profiles();
  bool resolve_profile(const std::string& name, std::vector<std::string>* chain);

  const fs::path& manifest_;
  Config* config_;
  std::string* err_;
  bool have_name_ = false;
  std::map<std::string, ProfileInput> profile_inputs_;
};

bool Reader::walk(toml::table& table, std::string_view where, std::span<const KeyReader> readers) {
  auto entries = in_file_order(table);
  std::vector<std::string_view> known;
  for (const KeyReader& reader : readers) known.push_back(reader.key);
  for (auto [key, node] : entries) {
    auto found = std::find_if(readers.begin(), readers.end(),
                              [&, key = key](const KeyReader& r) { return r.key == key->str(); });
    if (found != readers.end()) {
      if (!found->read(*node)) return false;
      continue;
    }
    std::string message = fmt::format("unknown key '{}' in {}", key->str(), where);
    std::string guess = closest_match(key->str(), known);
    if (!guess.empty())
      message += fmt::format("; did you mean '{}'?", guess);
    else
      message += " (expected " + one_of(known, "'") + ")";
    return fail(to_pos(key->source()), message);
  }
  return true;
}

bool Reader::string_value(std::string_view key, toml::node& node, std::string* out) {
  if (!node.is_string())
    return fail_at(node, fmt::format("'{}' must be a string, found {}", key, type_name(node)));
  if (!no_nul(key, node)) return false;
  *out = node.as_string()->get();
  return true;
}

// TOML allows "\u0000", but no path, flag or name can hold it: the OS would cut it there.
bool Reader::no_nul(std::string_view key, const toml::node& node) {
  if (node.as_string()->get().find('\0') == std::string::npos) return true;
  return fail_at(node, fmt::format("'{}' must not contain a NUL character (\\u0000)", key));
}

bool Reader::bool_value(std::string_view key, toml::node& node, bool* out) {
  if (!node.is_boolean())
    return fail_at(node, fmt::format("'{}' must be true or false, found {}", key, type_name(node)));
  *out = node.as_boolean()->get();
  return true;
}

bool Reader::int_value(std::string_view key, toml::node& node, int64_t* out) {
  if (!node.is_integer())
    return fail_at(node, fmt::format("'{}' must be an integer, found {}", key, type_name(node)));
  *out = node.as_integer()->get();
  return true;
}

bool Reader::table_value(std::string_view key, toml::node& node, toml::table** out) {
  if (!node.is_table())
    return fail_at(node, fmt::format("'{}' must be a table, found {}", key, type_name(node)));
  *out = node.as_table();
  return true;
}

bool Reader::string_array(std::string_view key, toml::node& node, std::vector<std::string>* out,
                          std::vector<SourcePos>* positions) {
  if (!node.is_array())
    return fail_at(node, fmt::format("'{}' must be an array of strings, found {}", key,
                                     type_name(node)));
  out->clear();
  if (positions) positions->clear();
  toml::array& array = *node.as_array();
  for (size_t i = 0; i < array.size(); ++i) {
    toml::node& item = array[i];
    if (!item.is_string())
      return fail_at(item, fmt::format("'{}' must be an array of strings, but item {} is {}", key,
                                       i + 1, type_name(item)));
    if (!no_nul(key, item)) return false;
    out->push_back(item.as_string()->get());
    if (positions) positions->push_back(to_pos(item.source()));
  }
  return true;
}

bool Reader::glob_array(std::string_view key, toml::node& node,
                        std::vector<Located<std::string>>* out) {
  std::vector<std::string> globs;
  std::vector<SourcePos> positions;
  if (!string_array(key, node, &globs, &positions)) return false;
  out->clear();
  for (size_t i = 0; i < globs.size(); ++i) {
    std::string glob_err;
    if (!check_glob(globs[i], &glob_err)) return fail(positions[i], glob_err);
    out->push_back({globs[i], positions[i]});
  }
  return true;
}

bool Reader::existing_path(std::string_view what, toml::node& node, bool directory,
                           std::string* out) {
  if (!string_value(what, node, out)) return false;
  std::error_code ec;
  fs::file_status status = fs::status(resolve(*out), ec);
  if (!fs::exists(status))
    return fail_at(node, fmt::format("{} '{}' does not exist", what, *out));
  if (directory && !fs::is_directory(status))
    return fail_at(node, fmt::format("{} '{}' is not a directory", what, *out));
  if (!directory && fs::is_directory(status))
    return fail_at(node, fmt::format("{} '{}' is a directory, not a file", what, *out));
  return true;
}

bool Reader::read(toml::table& doc) {
  const KeyReader tables[] = {
      {"kernel", [&](toml::node& n) { toml::table* t; return table_value("kernel", n, &t) && read_kernel(*t); }},
      {"target", [&](toml::node& n) { toml::table* t; return table_value("target", n, &t) && read_target(*t); }},
      {"profile", [&](toml::node& n) { toml::table* t; return table_value("profile", n, &t) && read_profiles(*t); }},
      {"bootloader", [&](toml::node& n) { toml::table* t; return table_value("bootloader", n, &t) && read_bootloader(*t); }},
      {"run", [&](toml::node& n) { toml::table* t; return table_value("run", n, &t) && read_run(*t); }},
      {"test", [&](toml::node& n) { toml::table* t; return table_value("test", n, &t) && read_test(*t); }},
  };
  std::vector<std::string_view> table_names;
  for (const KeyReader& reader : tables) table_names.push_back(reader.key);
  auto entries = in_file_order(doc);
  for (auto [key, node] : entries) {
    auto found = std::find_if(std::begin(tables), std::end(tables),
                              [&, key = key](const KeyReader& r) { return r.key == key->str(); });
    if (found != std::end(tables)) {
      if (!found->read(*node)) return false;
      continue;
    }
    std::string guess = closest_match(key->str(), table_names);
    std::string message;
    if (node->is_table()) {
      message = fmt::format("unknown table [{}]", key->str());
      message += guess.empty() ? " (expected " + one_of(table_names, "") + ")"
                               : fmt::format("; did you mean [{}]?", guess);
    } else {
      message = fmt::format("key '{}' is outside any table; keys belong under a header such as "
                            "[kernel]",
                            key->str());
    }
    return fail(to_pos(key->source()), message);
  }
  if (!doc.contains("kernel"))
    return fail({1, 1}, "missing required table [kernel] (it needs at least name = \"...\")");

  if (config_->entry_file.empty()) {
    std::error_code ec;
    if (fs::is_regular_file(config_->root / "src/main.cpp", ec)) config_->entry_file = "src/main.cpp";
  }
  if (!resolve_profiles()) return false;

  // The environment wins so a CI machine can add (or, when empty, drop) ccache without edits.
  if (const char* launcher = std::getenv("KBUILD_COMPILER_LAUNCHER")) {
    config_->compiler_launcher.clear();
    std::string_view text = launcher;
    while (!text.empty()) {
      size_t start = text.find_first_not_of(" \t");
      if (start == std::string_view::npos) break;
      size_t end = text.find_first_of(" \t", start);
      if (end == std::string_view::npos) end = text.size();
      config_->compiler_launcher.emplace_back(text.substr(start, end - start));
      text.remove_prefix(end);
    }
  }
  return true;
}

bool Reader::read_kernel(toml::table& table) {
  Config& c = *config_;
  const KeyReader readers[] = {
      {"name",
       [&](toml::node& n) {
         if (!string_value("name", n, &c.name.value)) return false;
         if (c.name.value.size() > kMaxKernelNameLength)
           return fail_at(n, fmt::format("name is {} characters long; a kernel name has at most {}",
                                         c.name.value.size(), kMaxKernelNameLength));
         if (!is_valid_kernel_name(c.name.value))
           return fail_at(n, fmt::format("name \"{}\" is not a valid kernel name (use letters, "
                                         "digits, '_' and '-', starting with a letter or '_')",
                                         c.name.value));
         c.name.pos = to_pos(n.source());
         have_name_ = true;
         return true;
       }},
      {"version",
       [&](toml::node& n) {
         if (!string_value("version", n, &c.version)) return false;
         if (!is_valid_version(c.version))
           return fail_at(n, fmt::format("version \"{}\" is not a version such as \"0.1.0\" "
                                         "(MAJOR.MINOR.PATCH)",
                                         c.version));
         return true;
       }},
      {"cxx-standard",
       [&](toml::node& n) {
         if (!string_value("cxx-standard", n, &c.cxx_standard)) return false;
         static constexpr std::string_view known[] = {"c++17", "c++20", "c++2b"};
         if (std::find(std::begin(known), std::end(known), c.cxx_standard) != std::end(known))
           return true;
         std::string message = fmt::format("cxx-standard \"{}\" is not supported (expected {})",
                                           c.cxx_standard, one_of(known, "\""));
         // Clang 14 knows C++23 only by its draft name.
         std::string guess = c.cxx_standard == "c++23" ? "c++2b" : closest_match(c.cxx_standard, known);
         if (!guess.empty()) message += fmt::format("; did you mean \"{}\"?", guess);
         return fail_at(n, message);
       }},
      {"sources",
       [&](toml::node& n) {
         if (!glob_array("sources", n, &c.sources)) return false;
         if (c.sources.empty())
           return fail_at(n, "'sources' is empty; list at least one glob, such as \"src/**/*.cpp\"");
         return true;
       }},
      {"include-dirs",
       [&](toml::node& n) {
         std::vector<std::string> dirs;
         if (!string_array("include-dirs", n, &dirs)) return false;
         c.include_dirs.clear();
         for (toml::node& item : *n.as_array()) {
           std::string dir;
           if (!existing_path("include directory", item, true, &dir)) return false;
           c.include_dirs.push_back({dir, to_pos(item.source())});
         }
         return true;
       }},
      {"defines",
       [&](toml::node& n) {
         if (!string_array("defines", n, &c.defines)) return false;
         for (size_t i = 0; i < c.defines.size(); ++i)
           if (!is_valid_define(c.defines[i]))
             return fail_at(*n.as_array()->get(i),
                            fmt::format("define \"{}\" is not NAME or NAME=VALUE with NAME a C "
                                        "identifier",
                                        c.defines[i]));
         return true;
       }},
      {"cflags", [&](toml::node& n) { return string_array("cflags", n, &c.cflags); }},
      {"cxxflags", [&](toml::node& n) { return string_array("cxxflags", n, &c.cxxflags); }},
      {"ldflags", [&](toml::node& n) { return string_array("ldflags", n, &c.ldflags); }},
      {"linker-script",
       [&](toml::node& n) {
         std::string script;
         if (!existing_path("linker script", n, false, &script)) return false;
         c.linker_script = Located<std::string>{script, to_pos(n.source())};
         return true;
       }},
      {"compiler-launcher",
       [&](toml::node& n) { return string_array("compiler-launcher", n, &c.compiler_launcher); }},
      {"entry",
       [&](toml::node& n) {
         std::string entry;
         if (!existing_path("entry", n, false, &entry)) return false;
         c.entry_file = fs::path(entry).lexically_normal().generic_string();
         return true;
       }},
  };
  if (!walk(table, "[kernel]", readers)) return false;
  if (!have_name_) return fail(to_pos(table.source()), "missing required key 'name' in [kernel]");
  return true;
}

bool Reader::read_target(toml::table& table) {
  Config& c = *config_;
  const KeyReader readers[] = {
      {"arch",
       [&](toml::node& n) {
         std::string arch;
         if (!string_value("arch", n, &arch)) return false;
         c.arch.pos = to_pos(n.source());
         if (arch == "x86_64") {
           c.arch.value = Arch::x86_64;
           return true;
         }
         if (arch == "aarch64" || arch == "riscv64")
           return fail_at(n, fmt::format("arch \"{}\" is not supported yet (only \"x86_64\" is)", arch));
         return fail_at(n, fmt::format("arch \"{}\" is not a known architecture (expected \"x86_64\")", arch));
       }},
      {"boot",
       [&](toml::node& n) {
         std::string boot;
         if (!string_value("boot", n, &boot)) return false;
         c.boot.pos = to_pos(n.source());
         if (boot == "bios" || boot == "uefi" || boot == "hybrid") {
           c.boot.value = boot == "bios" ? BootMode::bios : boot == "uefi" ? BootMode::uefi : BootMode::hybrid;
           return true;
         }
         return fail_at(n, fmt::format("boot \"{}\" is not a known boot mode (expected \"hybrid\", \"bios\" or \"uefi\")", boot));
       }},
      {"mbr-boot-flag", [&](toml::node& n) { return bool_value("mbr-boot-flag", n, &c.mbr_boot_flag); }},
  };
  return walk(table, "[target]", readers);
}

bool Reader::read_profiles(toml::table& table) {
  auto entries = in_file_order(table);
  for (auto [key, node] : entries) {
    std::string name(key->str());
    if (!node->is_table())
      return fail_at(*node, fmt::format("'profile.{}' must be a table ([profile.{}]), found {}", name,
                                        name, type_name(*node)));
    if (name.size() > kMaxKernelNameLength)
      return fail(to_pos(key->source()),
                  fmt::format("profile name is {} characters long; it may have at most {}",
                              name.size(), kMaxKernelNameLength));
    if (!is_valid_kernel_name(name))
      return fail(to_pos(key->source()),
                  fmt::format("profile name '{}' is not valid (use letters, digits, '_' and '-', "
                              "starting with a letter or '_')",
                              name));
    if (!read_profile(name, *node->as_table())) return false;
  }
  return true;
}

bool Reader::read_profile(const std::string& name, toml::table& table) {
  ProfileInput& in = profile_inputs_[name];
  in.pos = to_pos(table.source());
  std::vector<std::string> list;
  const KeyReader readers[] = {
      {"opt-level",
       [&](toml::node& n) {
         static constexpr std::string_view known[] = {"0", "1", "2", "3", "s", "z", "g"};
         std::string level;
         if (n.is_integer()) level = std::to_string(n.as_integer()->get());
         else if (n.is_string()) level = n.as_string()->get();
         else return fail_at(n, fmt::format("'opt-level' must be an integer or a string, found {}",
                                            type_name(n)));
         if (std::find(std::begin(known), std::end(known), level) == std::end(known))
           return fail_at(n, fmt::format("opt-level {} is not one of 0, 1, 2, 3, \"s\", \"z\" or \"g\"",
                                         n.is_string() ? "\"" + level + "\"" : level));
         in.opt_level = level;
         return true;
       }},
      {"debug",
       [&](toml::node& n) {
         bool debug;
         if (!bool_value("debug", n, &debug)) return false;
         in.debug = debug;
         return true;
       }},
      {"defines",
       [&](toml::node& n) {
         if (!string_array("defines", n, &list)) return false;
         for (size_t i = 0; i < list.size(); ++i)
           if (!is_valid_define(list[i]))
             return fail_at(*n.as_array()->get(i),
                            fmt::format("define \"{}\" is not NAME or NAME=VALUE with NAME a C "
                                        "identifier",
                                        list[i]));
         in.defines = list;
         return true;
       }},
      {"cflags",
       [&](toml::node& n) {
         if (!string_array("cflags", n, &list)) return false;
         in.cflags = list;
         return true;
       }},
      {"ldflags",
       [&](toml::node& n) {
         if (!string_array("ldflags", n, &list)) return false;
         in.ldflags = list;
         return true;
       }},
      {"inherits",
       [&](toml::node& n) {
         std::string parent;
         if (!string_value("inherits", n, &parent)) return false;
         if (name == "dev" || name == "release")
           return fail_at(n, fmt::format("[profile.{}] is built in and cannot inherit; 'inherits' "
                                         "is for profiles of your own",
                                         name));
         in.inherits = Located<std::string>{parent, to_pos(n.source())};
         return true;
       }},
  };
  return walk(table, "[profile." + name + "]", readers);
}

bool Reader::resolve_profiles() {
  Profile dev;
  dev.name = "dev";
  dev.opt_level = "g";
  dev.debug = true;
  Profile release;
  release.name = "release";
  release.opt_level = "2";
  release.debug = false;
  config_->profiles.clear();
  config_->profiles["dev"] = dev;
  config_->profiles["release"] = release;
  // Built-ins first, so custom profiles can inherit their final settings.
  std::vector<std::string> chain;
  for (const char* name : {"dev", "release"})
    if (profile_inputs_.count(name) && !resolve_profile(name, &chain)) return false;
  for (const auto& [name, in] : profile_inputs_)
    if (name != "dev" && name != "release" && !resolve_profile(name, &chain)) return false;
  return true;
}

bool Reader::resolve_profile(const std::string& name, std::vector<std::string>* chain) {
  ProfileInput& in = profile_inputs_[name];
  if (name != "dev" && name != "release" && config_->profiles.count(name)) return true;
  Profile profile = config_->profiles.count(name) ? config_->profiles[name] : Profile{};
  if (name != "dev" && name != "release") {
    Located<std::string> parent = in.inherits.value_or(Located<std::string>{"dev", in.pos});
    if (parent.value == name)
      return fail(parent.pos, fmt::format("profile '{}' inherits from itself", name));
    if (std::find(chain->begin(), chain->end(), parent.value) != chain->end())
      return fail(parent.pos, fmt::format("profile '{}' inherits from '{}', which leads back to "
                                          "'{}'; profiles cannot inherit in a loop",
                                          name, parent.value, name));
    if (!config_->profiles.count(parent.value)) {
      if (!profile_inputs_.count(parent.value)) {
        std::vector<std::string> names;
        for (const auto& [n, p] : config_->profiles) names.push_back(n);
        for (const auto& [n, p] : profile_inputs_) names.push_back(n);
        std::vector<std::string_view> views(names.begin(), names.end());
        std::string message = fmt::format("profile '{}' inherits from '{}', which is not defined",
                                          name, parent.value);
        std::string guess = closest_match(parent.value, views);
        if (!guess.empty()) message += fmt::format("; did you mean '{}'?", guess);
        return fail(parent.pos, message);
      }
      chain->push_back(name);
      bool ok = resolve_profile(parent.value, chain);
      chain->pop_back();
      if (!ok) return false;
    }
    profile = config_->profiles[parent.value];
  }
  profile.name = name;
  if (in.opt_level) profile.opt_level = *in.opt_level;
  if (in.debug) profile.debug = *in.debug;
  if (in.defines) profile.defines = *in.defines;
  if (in.cflags) profile.cflags = *in.cflags;
  if (in.ldflags) profile.ldflags = *in.ldflags;
  config_->profiles[name] = profile;
  return true;
}

bool Reader::read_bootloader(toml::table& table) {
  BootloaderConfig& b = config_->bootloader;
  const KeyReader readers[] = {
      {"stack-size",
       [&](toml::node& n) {
         uint64_t size = 0;
         if (n.is_integer()) {
           if (n.as_integer()->get() < 0)
             return fail_at(n, fmt::format("stack-size must not be negative, found {}",
                                           n.as_integer()->get()));
           size = static_cast<uint64_t>(n.as_integer()->get());
         } else if (n.is_string()) {
           if (!parse_byte_size(n.as_string()->get(), &size))
             return fail_at(n, fmt::format("stack-size \"{}\" is not a size (write bytes, or a "
                                           "number with K, M or G, as in \"128K\")",
                                           n.as_string()->get()));
         } else {
           return fail_at(n, fmt::format("'stack-size' must be an integer or a string such as "
                                         "\"128K\", found {}",
                                         type_name(n)));
         }
         if (size < 64 * 1024)
           return fail_at(n, fmt::format("stack-size must be at least 64K, found {} bytes", size));
         if (size % 4096 != 0)
           return fail_at(n, fmt::format("stack-size must be a multiple of 4K (the page size), "
                                         "found {} bytes",
                                         size));
         if (size > (uint64_t{1} << 30))
           return fail_at(n, fmt::format("stack-size must be at most 1G, found {} bytes", size));
         b.stack_size = size;
         return true;
       }},
      {"physical-memory-offset",
       [&](toml::node& n) {
         uint64_t offset = 0;
         if (n.is_integer()) {
           offset = static_cast<uint64_t>(n.as_integer()->get());
           if (n.as_integer()->get() < 0)
             return fail_at(n, "physical-memory-offset must not be negative; write a higher-half "
                               "address as a string, as in \"0xffff800000000000\"");
         } else if (n.is_string()) {
           if (!parse_u64(n.as_string()->get(), &offset))
             return fail_at(n, fmt::format("physical-memory-offset \"{}\" is not a number (write "
                                           "it in hexadecimal, as in \"0xffff800000000000\")",
                                           n.as_string()->get()));
         } else {
           return fail_at(n, fmt::format("'physical-memory-offset' must be an integer or a string "
                                         "such as \"0xffff800000000000\", found {}",
                                         type_name(n)));
         }
         // Canonical: bits 63..47 are copies of bit 47.
         uint64_t top = offset >> 47;
         if (top != 0 && top != 0x1ffff)
           return fail_at(n, fmt::format("physical-memory-offset {} is not a canonical address "
                                         "(bits 63 to 47 must be all equal)",
                                         hex(offset)));
         if (top == 0)
           return fail_at(n, fmt::format("physical-memory-offset {} is in the lower half; use a "
                                         "higher-half address such as \"0xffff800000000000\"",
                                         hex(offset)));
         if (offset % (uint64_t{1} << 30) != 0)
           return fail_at(n, fmt::format("physical-memory-offset {} must be aligned to 1 GiB "
                                         "(0x40000000)",
                                         hex(offset)));
         b.physical_memory_offset = offset;
         return true;
       }},
      {"framebuffer",
       [&](toml::node& n) {
         toml::table* t;
         return table_value("framebuffer", n, &t) && read_framebuffer(*t);
       }},
      {"cmdline",
       [&](toml::node& n) {
         if (!string_value("cmdline", n, &b.cmdline)) return false;
         // The boot manifest holds 400 bytes, the terminating NUL included.
         if (b.cmdline.size() >= 400)
           return fail_at(n, fmt::format("cmdline is {} bytes long; it must be under 400 bytes",
                                         b.cmdline.size()));
         if (b.cmdline.find('\0') != std::string::npos)
           return fail_at(n, "cmdline must not contain a NUL character");
         return true;
       }},
  };
  return walk(table, "[bootloader]", readers);
}

bool Reader::read_framebuffer(toml::table& table) {
  FramebufferConfig& fb = config_->bootloader.framebuffer;
  bool have_width = false, have_height = false;
  auto dimension = [&](std::string_view key, toml::node& n, uint32_t* out, bool* seen) {
    int64_t value;
    if (!int_value(key, n, &value)) return false;
    if (value < 1 || value > 16384)
      return fail_at(n, fmt::format("framebuffer {} must be from 1 to 16384 pixels, found {}", key,
                                    value));
    *out = static_cast<uint32_t>(value);
    *seen = true;
    return true;
  };
  const KeyReader readers[] = {
      {"width", [&](toml::node& n) { return dimension("width", n, &fb.width, &have_width); }},
      {"height", [&](toml::node& n) { return dimension("height", n, &fb.height, &have_height); }},
      {"bpp",
       [&](toml::node& n) {
         int64_t bpp;
         if (!int_value("bpp", n, &bpp)) return false;
         if (bpp != 32 && bpp != 24)
           return fail_at(n, fmt::format("framebuffer bpp must be 32 or 24, found {}", bpp));
         fb.bpp = static_cast<uint32_t>(bpp);
         return true;
       }},
  };
  if (!walk(table, "[bootloader.framebuffer]", readers)) return false;
  if (!have_width || !have_height)
    return fail(to_pos(table.source()),
                fmt::format("missing required key '{}' in [bootloader.framebuffer]",
                            have_width ? "height" : "width"));
  return true;
}

bool Reader::read_run(toml::table& table) {
  RunConfig& r = config_->run;
  const KeyReader readers[] = {
      {"command",
       [&](toml::node& n) {
         if (!string_array("command", n, &r.command)) return false;
         if (r.command.empty())
           return fail_at(n, "run command is empty; leave it out to let kbuild choose one");
         if (std::none_of(r.command.begin(), r.command.end(),
                          [](const std::string& arg) { return arg.find("{}") != std::string::npos; }))
           return fail_at(n, "run command must contain {} where the image path goes, as in "
                             "\"format=raw,file={}\"");
         return true;
       }},
      {"args", [&](toml::node& n) { return string_array("args", n, &r.args); }},
      {"no-reboot", [&](toml::node& n) { return bool_value("no-reboot", n, &r.no_reboot); }},
      {"firmware",
       [&](toml::node& n) {
         std::string name;
         if (!string_value("firmware", n, &name)) return false;
         if (auto f = parse_firmware(name)) {
           r.firmware = *f;
           return true;
         }
         return fail_at(n, fmt::format("firmware \"{}\" is not known (expected \"bios\" or \"uefi\")", name));
       }},
      {"accel",
       [&](toml::node& n) {
         std::string name;
         if (!string_value("accel", n, &name)) return false;
         if (auto a = parse_accel(name)) {
           r.accel = *a;
           return true;
         }
         return fail_at(n, fmt::format("accel \"{}\" is not known (expected \"auto\", \"kvm\" or \"tcg\")", name));
       }},
      {"memory",
       [&](toml::node& n) {
         uint64_t bytes = 0;
         if (n.is_integer()) {
           if (n.as_integer()->get() <= 0)
             return fail_at(n, fmt::format("memory must be positive, found {}", n.as_integer()->get()));
           r.memory = std::to_string(n.as_integer()->get()) + "M";
         } else if (!string_value("memory", n, &r.memory)) {
           return false;
         }
         if (!parse_memory_size(r.memory, &bytes))
           return fail_at(n, fmt::format("memory \"{}\" is not a size QEMU understands (a number "
                                         "with an optional K, M, G or T, as in \"256M\")",
                                         r.memory));
         if (bytes == 0)
           return fail_at(n, fmt::format("memory \"{}\" is zero; give the guest some, as in \"256M\"",
                                         r.memory));
         if (bytes > kMaxGuestMemoryBytes)
           return fail_at(n, fmt::format("memory \"{}\" is more than QEMU can give an x86_64 guest "
                                         "(at most {}T)",
                                         r.memory, kMaxGuestMemoryBytes >> 40));
         return true;
       }},
  };
  return walk(table, "[run]", readers);
}

bool Reader::read_test(toml::table& table) {
  TestConfig& t = config_->test;
  const KeyReader readers[] = {
      {"sources",
       [&](toml::node& n) {
         std::vector<Located<std::string>> globs;
         if (!glob_array("sources", n, &globs)) return false;
         t.sources.clear();
         for (auto& glob : globs) t.sources.push_back(glob.value);
         return true;
       }},
      {"success-exit-code",
       [&](toml::node& n) {
         int64_t code;
         if (!int_value("success-exit-code", n, &code)) return false;
         if (code < 1 || code > 255 || code % 2 == 0)
           return fail_at(n, fmt::format("success-exit-code must be an odd number from 3 to 253, "
                                         "since QEMU exits with (value << 1) | 1; found {}",
                                         code));
         if (code == 1)
           return fail_at(n, "success-exit-code cannot be 1: QEMU itself exits with 1 when it "
                             "fails to start, so every start-up error would pass; use 33 (the "
                             "kernel writes 0x10 to the debug-exit port)");
         if (code == KBUILD_QEMU_STATUS(KBUILD_EXIT_BOOT_FAILED))
           return fail_at(n, fmt::format("success-exit-code cannot be {}: it is what kbuild's "
                                         "bootloader exits with when it cannot start the kernel; "
                                         "use 33 (the kernel writes 0x10 to the debug-exit port)",
                                         code));
         t.success_exit_code = static_cast<int>(code);
         return true;
       }},
      {"timeout",
       [&](toml::node& n) {
         int64_t seconds;
         if (!int_value("timeout", n, &seconds)) return false;
         if (seconds <= 0 || seconds > std::numeric_limits<int>::max())
           return fail_at(n, fmt::format("timeout must be a positive number of seconds, found {}",
                                         seconds));
         t.timeout_seconds = static_cast<int>(seconds);
         return true;
       }},
      {"args", [&](toml::node& n) { return string_array("args", n, &t.args); }},
      {"no-reboot", [&](toml::node& n) { return bool_value("no-reboot", n, &t.no_reboot); }},
      {"firmware",
       [&](toml::node& n) {
         std::string name;
         if (!string_value("firmware", n, &name)) return false;
         if (name == "all") {
           t.firmwares = {Firmware::bios, Firmware::uefi};
           return true;
         }
         if (auto f = parse_firmware(name)) {
           t.firmwares = {*f};
           return true;
         }
         return fail_at(n, fmt::format("firmware \"{}\" is not known (expected \"bios\", \"uefi\" or \"all\")", name));
       }},
  };
  return walk(table, "[test]", readers);
}

}  // namespace

std::string manifest_display_name(const fs::path& manifest) {
  std::error_code ec;
  fs::path absolute = fs::absolute(manifest, ec).lexically_normal();
  fs::path cwd = fs::current_path(ec);
  if (ec) return absolute.string();
  fs::path relative = absolute.lexically_relative(cwd);
  if (relative.empty() || *relative.begin() == "..") return absolute.string();
  return relative.string();
}

std::string format_location(const fs::path& manifest, SourcePos pos) {
  std::string name = manifest_display_name(manifest);
  if (pos.line <= 0) return name;
  return fmt::format("{}:{}:{}", name, pos.line, pos.column);
}

bool find_manifest(const fs::path& start, fs::path* out, std::string* err, std::string* refused) {
  std::error_code ec;
  fs::path dir = fs::absolute(start, ec).lexically_normal();
  if (ec) {
    *err = fmt::format("cannot resolve {}: {}", start.string(), ec.message());
    return false;
  }
  if (!dir.has_filename()) dir = dir.parent_path();  // "/x/y/" -> "/x/y"
  uid_t me = ::geteuid();
  std::string why;
  for (fs::path at = dir;; at = at.parent_path()) {
    fs::path candidate = at / kManifestName;
    struct stat st;
    if (::stat(at.c_str(), &st) == 0 && st.st_uid != me) {
      // Not ours: neither it nor anything above is searched. Mention a kernel.toml there only.
      for (fs::path above = at;; above = above.parent_path()) {
        if (fs::is_regular_file(above / kManifestName, ec)) {
          why = fmt::format("{} was not used: {} is owned by another user (uid {}), and kbuild "
                            "does not search directories of other users for kernel.toml (pass "
                            "--manifest-path to use it)",
                            (above / kManifestName).string(), at.string(), st.st_uid);
          break;
        }
        if (above == above.parent_path()) break;
      }
      break;
    }
    if (fs::is_regular_file(candidate, ec)) {
      if (::stat(candidate.c_str(), &st) == 0 && st.st_uid != me) {
        why = fmt::format("{} was not used: it is owned by another user (uid {}) (pass "
                          "--manifest-path to use it)",
                          candidate.string(), st.st_uid);
        break;
      }
      *out = candidate;
      return true;
    }
    if (at == at.parent_path()) break;
  }
  *err = fmt::format("could not find {} in {} or any parent directory (create a project with "
                     "`kbuild new NAME`)",
                     kManifestName, dir.string());
  if (!why.empty()) *err += "; " + why;
  if (refused) *refused = why;
  return false;
}

bool read_config(const fs::path& manifest, Config* out, std::string* err) {
  std::string text;
  if (!read_regular_file(manifest, kMaxManifestBytes, &text, err)) return false;

  Config config;
  std::error_code ec;
  config.manifest_path = fs::absolute(manifest, ec).lexically_normal();
  config.root = config.manifest_path.parent_path();
  for (const char* glob : {"src/**/*.cpp", "src/**/*.c", "src/**/*.S"})
    config.sources.push_back({glob, {}});
  config.test.sources = {"tests/*.cpp"};

  toml::table doc;
  try {
    doc = toml::parse(std::string_view(text), std::string_view(config.manifest_path.native()));
  } catch (const toml::parse_error& e) {
    *err = format_location(manifest, to_pos(e.source())) + ": " +
           one_line(describe_syntax_error(e.description()));
    return false;
  }
  Reader reader(config.manifest_path, &config, err);
  if (!reader.read(doc)) {
    *err = one_line(*err);
    return false;
  }
  *out = std::move(config);
  return true;
}

const Profile* find_profile(const Config& config, std::string_view name, std::string* err) {
  auto found = config.profiles.find(std::string(name));
  if (found != config.profiles.end()) return &found->second;
  std::vector<std::string_view> names;
  for (const auto& [profile_name, profile] : config.profiles) names.push_back(profile_name);
  *err = fmt::format("no profile '{}' in {}", name, manifest_display_name(config.manifest_path));
  std::string guess = closest_match(name, names);
  if (!guess.empty()) *err += fmt::format("; did you mean '{}'?", guess);
  std::string known;
  for (std::string_view profile_name : names) known += (known.empty() ? "" : ", ") + std::string(profile_name);
  *err += " (known: " + known + "; add [profile." + std::string(name) + "] to define it)";
  return nullptr;
}

}  // namespace kbuild
