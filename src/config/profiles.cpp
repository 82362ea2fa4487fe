#include "config/profiles.h"

#include <algorithm>

#include <fmt/format.h>

#include "config/manifest.h"
#include "config/suggest.h"

namespace kbuild {

namespace {

class Resolver {
 public:
  Resolver(std::map<std::string, ProfileInput>& inputs, Config* config, TomlReader& reader)
      : inputs_(inputs), profiles_(config->profiles), reader_(reader) {}

  bool resolve(const std::string& name);

 private:
  std::map<std::string, ProfileInput>& inputs_;
  std::map<std::string, Profile>& profiles_;
  TomlReader& reader_;
  std::vector<std::string> chain_;  // the profiles whose parents are being resolved
};

bool Resolver::resolve(const std::string& name) {
  ProfileInput& in = inputs_[name];
  bool builtin = is_builtin_profile(name);
  if (!builtin && profiles_.count(name)) return true;
  Profile profile = profiles_.count(name) ? profiles_[name] : Profile{};
  if (!builtin) {
    Located<std::string> parent = in.inherits.value_or(Located<std::string>{"dev", in.pos});
    if (parent.value == name)
      return reader_.fail(parent.pos, fmt::format("profile '{}' inherits from itself", name));
    if (std::find(chain_.begin(), chain_.end(), parent.value) != chain_.end())
      return reader_.fail(parent.pos,
                          fmt::format("profile '{}' inherits from '{}', which leads back to "
                                      "'{}'; profiles cannot inherit in a loop",
                                      name, parent.value, name));
    if (!profiles_.count(parent.value)) {
      if (!inputs_.count(parent.value)) {
        std::vector<std::string> names;
        for (const auto& [n, p] : profiles_) names.push_back(n);
        for (const auto& [n, p] : inputs_) names.push_back(n);
        std::vector<std::string_view> views(names.begin(), names.end());
        std::string message = fmt::format("profile '{}' inherits from '{}', which is not defined",
                                          name, parent.value);
        std::string guess = closest_match(parent.value, views);
        if (!guess.empty()) message += fmt::format("; did you mean '{}'?", guess);
        return reader_.fail(parent.pos, message);
      }
      chain_.push_back(name);
      bool ok = resolve(parent.value);
      chain_.pop_back();
      if (!ok) return false;
    }
    profile = profiles_[parent.value];
  }
  profile.name = name;
  if (in.opt_level) profile.opt_level = *in.opt_level;
  if (in.debug) profile.debug = *in.debug;
  if (in.defines) profile.defines = *in.defines;
  if (in.flags) profile.flags = *in.flags;
  if (in.cflags) profile.cflags = *in.cflags;
  if (in.cxxflags) profile.cxxflags = *in.cxxflags;
  if (in.ldflags) profile.ldflags = *in.ldflags;
  profiles_[name] = profile;
  return true;
}

}  // namespace

bool resolve_profiles(std::map<std::string, ProfileInput>& inputs, Config* config,
                      TomlReader& reader) {
  Resolver resolver(inputs, config, reader);
  // Built-ins first, so custom profiles inherit their final settings.
  for (const char* name : {"dev", "release"})
    if (inputs.count(name) && !resolver.resolve(name)) return false;
  for (const auto& [name, in] : inputs)
    if (!is_builtin_profile(name) && !resolver.resolve(name)) return false;
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
