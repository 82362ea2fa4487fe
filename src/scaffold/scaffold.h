// `kbuild new`: a new kernel project from the template, with its name filled in.
#pragma once

#include <filesystem>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace kbuild {

// A kernel name is what C and file names both accept: a letter or '_' first, then letters, digits,
// '_' or '-', at most kMaxKernelNameLength (64) characters. Fills *err with what is wrong and what to do.
bool check_kernel_name(std::string_view name, std::string* err);

// Copies `template_dir` to `dest`, replacing "{{name}}" in every file with `name` and
// "{{arch}}" with `arch` (kernel.toml's [target] arch). `dest` must not
// exist or be an empty directory; nothing is ever overwritten, also not a file that appears in
// `dest` while this runs. The copy is made in a temporary directory beside `dest` and moved into
// place, so a failure leaves nothing half-made. `before_publish` runs just before that move
// (tests use it to play a user creating files meanwhile).
bool scaffold_project(const std::filesystem::path& template_dir, const std::filesystem::path& dest,
                      const std::string& name, std::vector<std::filesystem::path>* created,
                      std::string* err, const std::function<void()>& before_publish = {},
                      const std::string& arch = "x86_64");

}  // namespace kbuild
