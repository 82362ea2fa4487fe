#include "pipeline/pipeline.h"

#include <fmt/format.h>

#include "build/build.h"
#include "core/paths.h"
#include "image/kernel_image.h"

namespace kbuild {
namespace fs = std::filesystem;

fs::path default_image_path(const fs::path& elf) {
  if (elf.extension() == ".elf") return fs::path(elf).replace_extension(".img");
  return fs::path(elf.string() + ".img");
}

bool image_for_elf(const Context& ctx, const Config& config, const fs::path& elf, const fs::path& image,
                   std::string* err) {
  fs::path stamp = image.parent_path() / ("." + image.filename().string() + ".stamp");
  ImageResult result;
  ImageOptions options = image_options(config);
  if (!make_kernel_image(elf, options, image, stamp, &result, err)) return false;
  if (result.written)
    ctx.ui->status("Imaged",
                   fmt::format("{} ({})", shown_path(image), describe_image(result, options.boot)));
  return true;
}

bool build_bootable(const Context& ctx, const Config& config, const std::string& profile, Bootable* out,
                    std::string* err) {
  BuildRequest request;
  request.config = &config;
  request.profile = profile;
  BuildResult built;
  if (!build_kernel(ctx, request, &built, err)) return false;
  out->elf = built.elf;
  out->build_dir = built.build_dir;
  out->image = default_image_path(built.elf);
  return image_for_elf(ctx, config, out->elf, out->image, err);
}

}  // namespace kbuild
