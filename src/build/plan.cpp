#include "build/plan.h"

#include <algorithm>
#include <set>
#include <system_error>

#include "build/hash.h"

namespace kbuild {

namespace {

bool inside(const std::filesystem::path& root, const std::filesystem::path& path) {
  std::filesystem::path rel = path.lexically_relative(root);
  return !rel.empty() && *rel.begin() != "..";
}

// Where an object goes under `dir`: the source's path relative to `base` plus ".o". Sources
// outside `base` keep their shape under "__" folders, so they can never escape `dir`.
std::filesystem::path object_path(const std::filesystem::path& dir, const std::filesystem::path& base,
                                  const std::filesystem::path& source) {
  std::filesystem::path rel;
  if (inside(base, source)) {
    rel = source.lexically_relative(base);
  } else {
    for (const auto& part : source.lexically_relative(base)) {
      rel /= part == ".." ? std::filesystem::path("__") : part;
    }
  }
  return dir / (rel.string() + ".o");
}

std::filesystem::path depfile_path(const std::filesystem::path& object) {
  std::filesystem::path dep = object;
  dep.replace_extension(".d");  // main.cpp.o -> main.cpp.d
  return dep;
}

}  // namespace

std::string display_path(const std::filesystem::path& root, const std::filesystem::path& path) {
  if (inside(root, path)) return path.lexically_relative(root).string();
  return path.string();
}

bool find_runtime_sources(const std::filesystem::path& data_dir,
                          std::vector<std::filesystem::path>* out, std::string* err) {
  out->clear();
  std::filesystem::path dir = data_dir / "runtime" / "src";
  std::error_code ec;
  if (!std::filesystem::exists(dir, ec)) return true;
  std::filesystem::recursive_directory_iterator it(dir, ec), end;
  for (; !ec && it != end; it.increment(ec)) {
    if (!it->is_regular_file(ec)) continue;
    std::string ext = it->path().extension().string();
    if (ext == ".cpp" || ext == ".c" || ext == ".S" || ext == ".s") out->push_back(it->path());
  }
  if (ec) {
    *err = "cannot list " + dir.string() + ": " + ec.message();
    return false;
  }
  std::sort(out->begin(), out->end());
  return true;
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

  CompileFlagsInput flags{&config, &profile, in.data_dir, in.color};
  std::set<std::filesystem::path> seen;
  auto add_compile = [&](const std::filesystem::path& source, const std::filesystem::path& object,
                         std::string label) {
    if (!seen.insert(source).second) return true;  // listed twice: compile once
    CompileStep step;
    step.source = source;
    step.object = object;
    step.depfile = depfile_path(object);
    step.label = std::move(label);
    step.compiler = source_language(source) == SourceLanguage::cxx ? in.tools.cxx : in.tools.cc;
    if (!compile_argv(in.tools, flags, display_path(plan.root, source),
                      display_path(plan.root, object), display_path(plan.root, step.depfile),
                      &step.argv, err)) {
      return false;
    }
    step.command_hash = hash_argv(output_relevant_argv(in.tools, step.argv));
    plan.compiles.push_back(std::move(step));
    return true;
  };

  std::filesystem::path runtime_src = (in.data_dir / "runtime" / "src").lexically_normal();
  for (const auto& path : in.runtime_sources) {
    std::filesystem::path source = path.lexically_normal();
    if (!add_compile(source, object_path(plan.build_dir / "runtime", runtime_src, source),
                     "runtime/" + source.lexically_relative(runtime_src).string())) {
      return false;
    }
  }
  for (const auto& path : in.sources) {
    std::filesystem::path source = (plan.root / path).lexically_normal();  // absolute stays
    if (!add_compile(source, object_path(plan.build_dir / "obj", plan.root, source),
                     display_path(plan.root, source))) {
      return false;
    }
  }

  std::filesystem::path script = linker_script(config, in.data_dir).lexically_normal();
  auto add_link = [&](const std::filesystem::path& output, const std::vector<size_t>& indices) {
    LinkStep link;
    link.output = output;
    link.label = display_path(plan.root, link.output);
    link.extra_inputs.push_back(script);
    link.objects = indices;
    std::vector<std::filesystem::path> objects;
    for (size_t i : indices) objects.push_back(display_path(plan.root, plan.compiles[i].object));
    if (!link_argv(in.tools, config, profile, display_path(plan.root, script),
                   display_path(plan.root, link.output), objects, &link.argv, err)) {
      return false;
    }
    link.command_hash = hash_argv(link.argv);
    plan.links.push_back(std::move(link));
    return true;
  };

  std::vector<size_t> everything;
  for (size_t i = 0; i < plan.compiles.size(); ++i) everything.push_back(i);
  if (!add_link(plan.build_dir / (config.name.value + ".elf"), everything)) return false;
  if (in.test_sources.empty()) return true;

  // A test kernel brings its own kernel_main, so the kernel's entry file stays out of it, and so
  // do the other test kernels when the kernel's globs also match them.
  std::set<std::filesystem::path> left_out;
  if (!in.entry.empty()) left_out.insert((plan.root / in.entry).lexically_normal());
  for (const auto& path : in.test_sources) left_out.insert((plan.root / path).lexically_normal());
  std::vector<size_t> shared;
  for (size_t i = 0; i < plan.compiles.size(); ++i)
    if (!left_out.count(plan.compiles[i].source)) shared.push_back(i);

  std::set<std::string> names;
  for (const auto& path : in.test_sources) {
    std::filesystem::path source = (plan.root / path).lexically_normal();
    std::string name = test_kernel_name(source);
    if (!names.insert(name).second) {
      *err = "two test kernels are named `" + name + "` (one is " + display_path(plan.root, source) +
             "): test kernels are named after their file, so their file names must differ";
      return false;
    }
    size_t own = std::find_if(plan.compiles.begin(), plan.compiles.end(),
                              [&](const CompileStep& c) { return c.source == source; }) -
                 plan.compiles.begin();
    if (own == plan.compiles.size() &&
        !add_compile(source, object_path(plan.build_dir / "obj", plan.root, source),
                     display_path(plan.root, source))) {
      return false;
    }
    std::vector<size_t> objects = shared;
    objects.push_back(own);
    if (!add_link(plan.build_dir / "tests" / (name + ".elf"), objects)) return false;
  }
  return true;
}

std::string test_kernel_name(const std::filesystem::path& source) {
  return source.stem().string();
}

}  // namespace kbuild
