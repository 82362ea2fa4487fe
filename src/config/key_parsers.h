// The bounded parsers behind the schema: each reads one value, checks it against its limits
// and writes it to its destination, or fails with one error at the value. `bind` ties a parser
// to the Config (or ProfileInput) field it fills, which is what a schema row names.
#pragma once

#include <optional>
#include <string>
#include <type_traits>
#include <vector>

#include "config/schema.h"

namespace kbuild {

// Plain values.
bool parse_bool(KeyRead& r, toml::node& n, bool* out);
bool parse_strings(KeyRead& r, toml::node& n, std::vector<std::string>* out);
bool parse_defines(KeyRead& r, toml::node& n, std::vector<std::string>* out);

// [kernel]
bool parse_kernel_name(KeyRead& r, toml::node& n, Located<std::string>* out);
bool parse_version(KeyRead& r, toml::node& n, std::string* out);
bool parse_cxx_standard(KeyRead& r, toml::node& n, std::string* out);
bool parse_c_standard(KeyRead& r, toml::node& n, std::string* out);
bool parse_source_globs(KeyRead& r, toml::node& n, std::vector<Located<std::string>>* out);
bool parse_include_dirs(KeyRead& r, toml::node& n, std::vector<Located<std::string>>* out);
bool parse_linker_script(KeyRead& r, toml::node& n, Located<std::string>* out);
bool parse_entry(KeyRead& r, toml::node& n, std::string* out);

// [target]
bool parse_arch(KeyRead& r, toml::node& n, Located<Arch>* out);
bool parse_boot_mode(KeyRead& r, toml::node& n, Located<BootMode>* out);

// [profile.NAME]
bool parse_opt_level(KeyRead& r, toml::node& n, std::string* out);
bool parse_inherits(KeyRead& r, toml::node& n, Located<std::string>* out);

// [bootloader]
bool parse_stack_size(KeyRead& r, toml::node& n, uint64_t* out);
bool parse_physical_memory_offset(KeyRead& r, toml::node& n, uint64_t* out);
bool parse_cmdline(KeyRead& r, toml::node& n, std::string* out);
bool parse_framebuffer_dimension(KeyRead& r, toml::node& n, uint32_t* out);
bool parse_framebuffer_bpp(KeyRead& r, toml::node& n, uint32_t* out);
bool parse_boot_protocol_key(KeyRead& r, toml::node& n, BootProtocol* out);

// [run]
bool parse_run_command(KeyRead& r, toml::node& n, std::vector<std::string>* out);
bool parse_run_firmware(KeyRead& r, toml::node& n, Firmware* out);
bool parse_accel_key(KeyRead& r, toml::node& n, Accel* out);
bool parse_memory(KeyRead& r, toml::node& n, std::string* out);
// [run] memory: a size, and not beside a [run] command that passes -m itself.
bool parse_run_memory(KeyRead& r, toml::node& n, std::string* out);

// [test]
bool parse_test_globs(KeyRead& r, toml::node& n, std::vector<std::string>* out);
bool parse_success_exit_code(KeyRead& r, toml::node& n, int* out);
bool parse_timeout(KeyRead& r, toml::node& n, int* out);
// [test] firmware and [test.NAME] firmware: "bios", "uefi" or "all" (both, in that order).
bool parse_test_firmwares(KeyRead& r, toml::node& n, std::vector<Firmware>* out);

// [test.NAME]
bool parse_test_expect(KeyRead& r, toml::node& n, TestExpectation* out);
bool parse_smp(KeyRead& r, toml::node& n, int* out);
bool parse_expect_screen(KeyRead& r, toml::node& n, std::string* out);
bool parse_test_kernel_sources(KeyRead& r, toml::node& n, std::vector<std::string>* out);

// Tables whose keys are rows of their own.
bool read_section(KeyRead& r, toml::node& n);          // [target], [bootloader], [run], [test]
bool read_kernel_section(KeyRead& r, toml::node& n);   // [kernel]: name is required
bool read_test_section(KeyRead& r, toml::node& n);     // [test], and its [test.NAME] tables
bool read_profile_sections(KeyRead& r, toml::node& n); // [profile.NAME] ...
bool read_framebuffer_section(KeyRead& r, toml::node& n);

namespace schema_detail {

template <class>
struct member_of;
template <class C, class T>
struct member_of<T C::*> {
  using type = C;
};

template <class>
inline constexpr bool is_optional = false;
template <class T>
inline constexpr bool is_optional<std::optional<T>> = true;

template <class Object>
Object* follow(Object* object) {
  return object;
}
template <auto Member, auto... Rest, class Object>
auto* follow(Object* object) {
  return follow<Rest...>(&(object->*Member));
}

}  // namespace schema_detail

// A schema row's parser: Parse reading into the field at Path (member pointers from Config, or
// from ProfileInput inside [profile.NAME], from TestKernelSettings inside [test.NAME]). An optional field is set only when the key is given.
template <auto Parse, auto First, auto... Rest>
bool bind(KeyRead& r, toml::node& n) {
  using Root = typename schema_detail::member_of<decltype(First)>::type;
  Root* root;
  if constexpr (std::is_same_v<Root, ProfileInput>)
    root = r.profile;
  else if constexpr (std::is_same_v<Root, TestKernelSettings>)
    root = r.test_kernel;
  else
    root = &r.config;
  auto* field = schema_detail::follow<First, Rest...>(root);
  using Field = std::remove_pointer_t<decltype(field)>;
  if constexpr (schema_detail::is_optional<Field>) {
    typename Field::value_type value{};
    if (!Parse(r, n, &value)) return false;
    *field = std::move(value);
    return true;
  } else {
    return Parse(r, n, field);
  }
}

}  // namespace kbuild
