#include "build/plan.h"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <set>
#include <string_view>
#include <unordered_set>
#include <system_error>

#include "build/hash.h"
#include "config/config_values.h"

namespace kbuild {

namespace {

// Where an object goes under `dir`: the source's path relative to `base` plus ".o". Sources
// outside `base` keep their shape under "__" folders, so they can never escape `dir`.
std::filesystem::path object_path(const std::filesystem::path& dir, const std::filesystem::path& base,
                                  const std::filesystem::path& source) {
  std::filesystem::path rel;
  if (path_inside(base, source)) {
    rel = source.lexically_relative(base);
  } else {
    for (const auto& part : source.lexically_relative(base)) {
      rel /= part == ".." ? std::filesystem::path("__") : part;
    }
  }
  return dir / (rel.string() + ".o");
}

// main.cpp.o -> main.cpp.d, as path::replace_extension(".d") does.
std::string depfile_path(const std::string& object) {
  std::string_view name = std::string_view(object).substr(object.rfind('/') + 1);
  if (name.size() > 2 && name.ends_with(".o")) return object.substr(0, object.size() - 1) + "d";
  std::filesystem::path dep = object;
  dep.replace_extension(".d");
  return dep.native();
}

// True when `path` is only plain names joined by single slashes (absolute or not, as asked):
// then lexically_normal leaves it as it is, and string operations give what the path operations
// would.
bool plain(std::string_view path, bool absolute) {
  if (absolute) {
    if (path.size() < 2 || path[0] != '/') return false;
    path.remove_prefix(1);
  }
  for (;;) {
    size_t slash = path.find('/');
    std::string_view part = path.substr(0, slash);
    if (part.empty() || part == "." || part == "..") return false;
    if (slash == std::string_view::npos) return true;
    path.remove_prefix(slash + 1);
  }
}

// path.lexically_normal()
std::string normal(const std::filesystem::path& path) {
  const std::string& p = path.native();
  if (plain(p, true) || plain(p, false)) return p;
  return path.lexically_normal().native();
}

// The path operations of planning for one base folder, on strings: for the hundreds of
// sources of a kernel, std::filesystem::path's splitting into parts dominated planning. Paths
// that are not plain take the std::filesystem way, so the results are the same.
class Paths {
 public:
  explicit Paths(std::string base) : base_(std::move(base)), plain_(plain(base_, true)) {}

  // (base / path).lexically_normal()
  std::string absolute(const std::filesystem::path& path) const {
    const std::string& p = path.native();
    if (plain_ && plain(p, true)) return p;
    if (plain_ && plain(p, false)) return base_ + "/" + p;
    return (std::filesystem::path(base_) / path).lexically_normal().native();
  }
  // display_path(base, path) for an absolute, normal path.
  std::string display(const std::string& path) const {
    if (!plain_ || !plain(path, true)) return display_path(base_, path);
    std::string_view rest = below(path);
    if (!rest.empty()) return std::string(rest);
    return path == base_ ? "." : path;
  }
  // path.lexically_relative(base) for a path inside base.
  std::string relative(const std::string& path) const {
    std::string_view rest = plain_ && plain(path, true) ? below(path) : std::string_view();
    if (!rest.empty()) return std::string(rest);
    return std::filesystem::path(path).lexically_relative(base_).native();
  }
  // object_path(dir, base, source) for an absolute, normal source.
  std::string object_path(const std::string& dir, const std::string& source) const {
    std::string_view rest = plain_ && plain(source, true) ? below(source) : std::string_view();
    if (rest.empty()) return kbuild::object_path(dir, base_, source).native();
    std::string out;
    out.reserve(dir.size() + rest.size() + 3);
    out += dir;
    out += '/';
    out += rest;
    out += ".o";
    return out;
  }

 private:
  // What follows "<base>/" in `path`, or nothing.
  std::string_view below(std::string_view path) const {
    if (path.size() > base_.size() + 1 && path.compare(0, base_.size(), base_) == 0 &&
        path[base_.size()] == '/') {
      return path.substr(base_.size() + 1);
    }
    return {};
  }
  std::string base_;
  bool plain_;
};

// A line of runtime/sources.list without its comment and surrounding blanks.
std::string_view trim_runtime_list_line(std::string_view line) {
  line = line.substr(0, line.find('#'));
  while (!line.empty() && std::isspace(static_cast<unsigned char>(line.front()))) line.remove_prefix(1);
  while (!line.empty() && std::isspace(static_cast<unsigned char>(line.back()))) line.remove_suffix(1);
  return line;
}

}  // namespace

bool find_runtime_sources(const std::filesystem::path& data_dir, Arch arch,
                          std::vector<std::filesystem::path>* out, std::string* err) {
  out->clear();
  const std::filesystem::path runtime = data_dir / "runtime";
  const std::filesystem::path list = runtime / "sources.list";
  std::ifstream in(list);
  if (!in) {
    *err = "cannot read " + list.string() + ": " + std::strerror(errno) + " (reinstall kbuild)";
    return false;
  }
  const std::string own_arch = std::string("src/arch/") + arch_name(arch) + "/";
  std::string line;
  while (std::getline(in, line)) {
    std::string_view entry = trim_runtime_list_line(line);
    if (entry.empty()) continue;
    if (entry.starts_with("src/arch/") && !entry.starts_with(own_arch)) continue;
    out->push_back(runtime / entry);
  }
  std::sort(out->begin(), out->end());
  return true;
}

std::vector<std::string> CompileStep::argv() const {
  std::vector<std::string> out;
  out.reserve(flags->size() + 7);
  out = *flags;
  for (std::string_view arg : compile_output_args(source_arg, object_arg, depfile_arg))
    out.emplace_back(arg);
  return out;
}

bool plan_kernel_build(const PlanInput& in, BuildPlan* out, std::string* err) {
  const Config& config = *in.config;
  const Profile& profile = *in.profile;
  BuildPlan& plan = *out;
  plan = BuildPlan();
  plan.root = config.root.lexically_normal();
  plan.build_dir = plan.root / "build" / profile.name;
  plan.description = config.name.value + " v" + config.version + " (" + profile.name + ")";
  plan.launcher = in.tools.launcher;
  plan.compiles.reserve(in.runtime_sources.size() + in.sources.size() + in.test_sources.size());
  const Paths root(plan.root.native());

  // The flags depend only on the language: built and hashed once for each.
  CompileFlagsInput flags_in{&config, &profile, in.data_dir, in.color};
  struct LanguageFlags {
    std::shared_ptr<const std::vector<std::string>> argv;
    ArgvHasher hasher;  // after the output-relevant flags
  };
  LanguageFlags languages[3];
  auto flags_for = [&](SourceLanguage lang, LanguageFlags** result) {
    LanguageFlags& flags = languages[static_cast<int>(lang)];
    if (!flags.argv) {
      auto argv = std::make_shared<std::vector<std::string>>();
      if (!compile_flags_argv(in.tools, flags_in, lang, argv.get(), err)) return false;
      for (const std::string& arg : output_relevant_argv(in.tools, *argv)) flags.hasher.add(arg);
      flags.argv = std::move(argv);
    }
    *result = &flags;
    return true;
  };

  std::unordered_set<std::string> seen;
  seen.reserve(plan.compiles.capacity());
  auto add_compile = [&](std::string source, std::string object, std::string label) {
    if (!seen.insert(source).second) return true;  // listed twice: compile once
    SourceLanguage lang = source_language(source);
    LanguageFlags* flags = nullptr;
    if (!flags_for(lang, &flags)) return false;
    CompileStep step;
    step.depfile = depfile_path(object);
    step.source_arg = path_argument(root.display(source));
    step.object_arg = root.display(object);
    step.depfile_arg = root.display(step.depfile);
    step.source = std::move(source);
    step.object = std::move(object);
    step.label = std::move(label);
    step.compiler = lang == SourceLanguage::cxx ? in.tools.cxx : in.tools.cc;
    step.flags = flags->argv;
    ArgvHasher hasher = flags->hasher;
    for (std::string_view arg : compile_output_args(step.source_arg, step.object_arg, step.depfile_arg)) {
      if (!output_irrelevant_flag(arg)) hasher.add(arg);
    }
    step.command_hash = hasher.finish();
    plan.compiles.push_back(std::move(step));
    return true;
  };

  const Paths runtime_src((in.data_dir / "runtime" / "src").lexically_normal().native());
  const std::string runtime_obj = (plan.build_dir / "runtime").native();
  for (const auto& path : in.runtime_sources) {
    std::string source = normal(path);
    std::string object = runtime_src.object_path(runtime_obj, source);
    std::string label = "runtime/" + runtime_src.relative(source);
    if (!add_compile(std::move(source), std::move(object), std::move(label))) return false;
  }
  const std::string kernel_obj = (plan.build_dir / "obj").native();
  for (const auto& path : in.sources) {
    std::string source = root.absolute(path);  // absolute stays
    std::string object = root.object_path(kernel_obj, source);
    std::string label = root.display(source);
    if (!add_compile(std::move(source), std::move(object), std::move(label))) return false;
  }

  std::filesystem::path script = linker_script(config, in.data_dir).lexically_normal();
  auto add_link = [&](const std::filesystem::path& output, const std::vector<size_t>& indices) {
    LinkStep link;
    link.output = output;
    link.label = display_path(plan.root, link.output);
    link.extra_inputs.push_back(script);
    link.objects = indices;
    std::vector<std::string> objects;
    objects.reserve(indices.size());
    for (size_t i : indices) objects.push_back(plan.compiles[i].object_arg);
    if (!link_argv(in.tools, config, profile, display_path(plan.root, script),
                   display_path(plan.root, link.output), objects, &link.argv, err)) {
      return false;
    }
    link.command_hash = hash_argv(link.argv);
    plan.links.push_back(std::move(link));
    return true;
  };

  std::vector<size_t> everything(plan.compiles.size());
  for (size_t i = 0; i < plan.compiles.size(); ++i) everything[i] = i;
  if (!add_link(plan.build_dir / (config.name.value + ".elf"), everything)) return false;
  if (in.test_sources.empty()) return true;

  // A test kernel brings its own kernel_main, so the kernel's entry file stays out of it, and so
  // do the other test kernels when the kernel's globs also match them.
  std::set<std::string> left_out;
  if (!in.entry.empty()) left_out.insert(root.absolute(in.entry));
  for (const auto& path : in.test_sources) left_out.insert(root.absolute(path));
  std::vector<size_t> shared;
  for (size_t i = 0; i < plan.compiles.size(); ++i)
    if (!left_out.count(plan.compiles[i].source)) shared.push_back(i);

  std::set<std::string> names;
  for (size_t t = 0; t < in.test_sources.size(); ++t) {
    std::string source = root.absolute(in.test_sources[t]);
    std::string name = t < in.test_names.size() ? in.test_names[t] : test_kernel_name(source);
    if (name.size() > kMaxKernelNameLength) {
      *err = "the test kernel " + root.display(source) + " is named after its file, and `" + name +
             "` is longer than " + std::to_string(kMaxKernelNameLength) +
             " characters; give the file a shorter name";
      return false;
    }
    if (!names.insert(name).second) {
      *err = "two test kernels are named `" + name + "` (one is " + root.display(source) +
             "): test kernels are named after their file, so their file names must differ";
      return false;
    }
    size_t own = std::find_if(plan.compiles.begin(), plan.compiles.end(),
                              [&](const CompileStep& c) { return c.source == source; }) -
                 plan.compiles.begin();
    if (own == plan.compiles.size()) {
      std::string object = root.object_path(kernel_obj, source);
      std::string label = root.display(source);
      if (!add_compile(source, std::move(object), std::move(label))) return false;
    }
    std::vector<size_t> objects = shared;
    objects.push_back(own);
    // Its own further sources ([test.NAME] sources), compiled once however many kernels share them.
    if (t < in.test_extra_sources.size()) {
      for (const auto& extra : in.test_extra_sources[t]) {
        std::string path = root.absolute(extra);
        size_t index = std::find_if(plan.compiles.begin(), plan.compiles.end(),
                                    [&](const CompileStep& c) { return c.source == path; }) -
                       plan.compiles.begin();
        if (index == plan.compiles.size() &&
            !add_compile(path, root.object_path(kernel_obj, path), root.display(path)))
          return false;
        if (std::find(objects.begin(), objects.end(), index) == objects.end()) objects.push_back(index);
      }
    }
    if (!add_link(plan.build_dir / "tests" / (name + ".elf"), objects)) return false;
  }
  return true;
}

std::string test_kernel_name(const std::filesystem::path& source) {
  return source.stem().string();
}

}  // namespace kbuild
