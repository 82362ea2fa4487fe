// Usage errors and help in kbuild's words: "unknown command 'biuld'; did you mean 'build'?",
// option placeholders such as N and NAME instead of CLI11's type names, and each command's
// examples under its --help.
#include <algorithm>
#include <cctype>
#include <cstring>
#include <string_view>

#include <fmt/format.h>

#include "cli/cli.h"
#include "config/suggest.h"

namespace kbuild::cli {
namespace {

// Global options that take a value as the next argument.
bool takes_value(const CLI::App& app, std::string_view arg) {
  if (arg.find('=') != std::string_view::npos) return false;
  const CLI::Option* opt = app.get_option_no_throw(std::string(arg));
  return opt && opt->get_type_size_max() != 0 && opt->get_expected_max() != 0;
}

std::string suggestion(std::string_view word, const std::vector<std::string>& names, const char* quote = "'") {
  std::vector<std::string_view> views(names.begin(), names.end());
  std::string guess = closest_match(word, views);
  return guess.empty() ? "" : fmt::format("; did you mean {}{}{}?", quote, guess, quote);
}

std::vector<std::string> long_names(const CLI::App& app) {
  std::vector<std::string> names;
  for (const CLI::Option* opt : app.get_options()) {
    for (const std::string& name : opt->get_lnames()) names.push_back("--" + name);
  }
  return names;
}

class HelpFormatter : public CLI::Formatter {
 public:
  // The value's placeholder only: no "TEXT:{...}", "UINT:UINT in [1 - 1024]", "Excludes:" or
  // "REQUIRED"; the descriptions say what is allowed.
  std::string make_option_opts(const CLI::Option* opt) const override {
    if (opt->get_positional() || opt->get_type_size_max() == 0 || opt->get_expected_max() == 0)
      return "";
    if (!opt->get_option_text().empty()) return " " + opt->get_option_text();
    std::string name = opt->get_lnames().empty() ? "VALUE" : opt->get_lnames().front();
    for (char& c : name) c = c == '-' ? '_' : static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return " " + name;
  }
  std::string make_option_name(const CLI::Option* opt, bool is_positional) const override {
    if (is_positional) {
      std::string name = opt->get_name(true, false);
      for (char& c : name) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      return name;
    }
    return CLI::Formatter::make_option_name(opt, false);
  }
};

struct Examples {
  const char* command;
  const char* text;
};

// Each command's examples, shown at the end of its --help.
constexpr Examples kExamples[] = {
    {"new",
     "  kbuild new hello            create ./hello (the kernel is named hello)\n"
     "  kbuild new os/kernels/k1    create os/kernels/k1, and os/kernels if needed\n"
     "  kbuild new . --name mykern  turn the current (empty) directory into a project"},
    {"build",
     "  kbuild build                the dev profile: build/dev/NAME.elf and NAME.img\n"
     "  kbuild build --release -j4  the optimised profile, four compiles at a time\n"
     "  kbuild build --profile lab  a profile defined in kernel.toml as [profile.lab]"},
    {"image",
     "  kbuild image build/dev/k.elf              writes build/dev/k.img\n"
     "  kbuild image k.elf -o usb.img --cmdline \"debug\"   another name, a command line"},
    {"run",
     "  kbuild run                  build and boot it in a QEMU window\n"
     "  kbuild run --headless       no window: serial output on the terminal\n"
     "  kbuild run -- -smp 4        extra QEMU arguments after --"},
    {"test",
     "  kbuild test                 build and boot every test kernel, report each\n"
     "  kbuild test basic           only the test kernels whose names contain 'basic'\n"
     "  kbuild test --firmware all  each test kernel under SeaBIOS and under OVMF"},
    {"runner",
     "  kbuild runner target/x86_64-unknown-none/debug/kernel\n"
     "                              image an ELF built elsewhere and boot it\n"
     "  kbuild runner --test build/tests/t.elf   judge it by the test exit code\n"
     "  kbuild runner --headless k.elf -- -smp 2 kbuild options before the ELF, QEMU's after --"},
    {"gdb",
     "  kbuild gdb                  build, boot and stop at kernel_main in gdb\n"
     "  kbuild gdb -- -batch -ex bt -ex continue   a scripted session"},
    {"doctor",
     "  kbuild doctor               is everything installed; the apt-get line if not"},
    {"clean",
     "  kbuild clean                remove build/ (every profile)"},
    {"flags",
     "  kbuild flags --compile c++  what clang++ compiles a kernel source with, one a line\n"
     "  kbuild flags --link --cmake the linker flags as one CMake list"},
};

}  // namespace

void style_help(CLI::App& app) {
  auto formatter = std::make_shared<HelpFormatter>();
  formatter->label("Subcommands", "Commands");
  formatter->label("SUBCOMMAND", "COMMAND");
  formatter->label("Positionals", "Arguments");
  app.formatter(formatter);
  for (CLI::App* sub : app.get_subcommands({})) {
    sub->formatter(formatter);
    sub->group("Commands");
    for (const Examples& e : kExamples) {
      if (sub->get_name() != e.command) continue;
      // A command's own "Example: ..." line joins the list instead of standing apart.
      std::string footer, own;
      const std::string original = sub->get_footer();
      std::string_view rest = original;
      while (!rest.empty()) {
        std::string_view line = rest.substr(0, rest.find('\n'));
        rest.remove_prefix(std::min(rest.size(), line.size() + 1));
        if (line.rfind("Example: ", 0) == 0) own += "\n  " + std::string(line.substr(9));
        else footer += std::string(line) + "\n";
      }
      while (!footer.empty() && footer.back() == '\n') footer.pop_back();
      sub->footer((footer.empty() ? "" : footer + "\n\n") + "Examples:\n" + e.text + own);
    }
  }
}

std::string usage_error(const CLI::App& app, const CLI::ParseError& error, int argc, char** argv) {
  // Walk the words once: the first that is not an option (or a global option's value) names the
  // command; an option that neither kbuild nor that command knows is reported with a guess.
  std::vector<std::string> commands;
  for (const CLI::App* sub : app.get_subcommands({})) commands.push_back(sub->get_name());
  const CLI::App* command = nullptr;
  for (int i = 1; i < argc; ++i) {
    std::string_view arg = argv[i];
    if (arg == "--") break;
    if (arg.size() > 1 && arg[0] == '-') {
      std::string name(arg.substr(0, arg.find('=')));
      bool known = app.get_option_no_throw(name) || (command && command->get_option_no_throw(name));
      bool combined = arg[1] != '-' && arg.size() > 2;  // -vq, -j4: left to the parser
      if (!known && !combined) {
        std::vector<std::string> names = long_names(app);
        if (command) {
          std::vector<std::string> own = long_names(*command);
          names.insert(names.end(), own.begin(), own.end());
        }
        std::string where = command ? fmt::format(" for `kbuild {}`", command->get_name()) : "";
        return fmt::format("unknown option '{}'{}{}", name, where, suggestion(name, names));
      }
      if (!command && takes_value(app, arg)) ++i;
      continue;
    }
    if (command) continue;
    for (const CLI::App* sub : app.get_subcommands({}))
      if (sub->get_name() == arg) command = sub;
    if (!command) return fmt::format("unknown command '{}'{}", arg, suggestion(arg, commands));
  }
  if (!command && std::strstr(error.what(), "subcommand is required"))
    return "no command given: try `kbuild build`, or `kbuild --help` for the list";
  std::string message = error.what();
  // CLI11's wording for a value it could not read.
  const std::string convert = "Could not convert: ";
  if (message.rfind(convert, 0) == 0) message = "cannot read the value of " + message.substr(convert.size());
  return message;
}

}  // namespace kbuild::cli
