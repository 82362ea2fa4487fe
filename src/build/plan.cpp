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

  LinkStep link;
  link.output = plan.build_dir / (config.name.value + ".elf");
  link.label = display_path(plan.root, link.output);
  std::filesystem::path script = linker_script(config, in.data_dir).lexically_normal();
  link.extra_inputs.push_back(script);
  std::vector<std::filesystem::path> objects;
  for (size_t i = 0; i < plan.compiles.size(); ++i) {
    link.objects.push_back(i);
    objects.push_back(display_path(plan.root, plan.compiles[i].object));
  }
  if (!link_argv(in.tools, config, profile, display_path(plan.root, script),
                 display_path(plan.root, link.output), objects, &link.argv, err)) {
    return false;
  }
  link.command_hash = hash_argv(link.argv);
  plan.links.push_back(std::move(link));
  return true;
}

}  // namespace kbuild
