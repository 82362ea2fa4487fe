// `cmake --install` puts shell completion for bash, zsh and fish and the man page where those
// tools look, and each is valid for its reader.
#include <regex>
#include <set>

#include "cli_harness.h"
#include "support/command.h"

namespace kbuild::test {
namespace {
namespace fs = std::filesystem;

class Install : public CliTest {};

TEST_F(Install, CompletionsAndManPageAreInstalled) {
  fs::path build_tree = fs::path(KBUILD_BINARY).parent_path().parent_path();
  fs::path prefix = dir_ / "prefix";
  ProcessResult r = run_command({"cmake", "--install", build_tree.string(), "--prefix", prefix.string()});
  ASSERT_EQ(r.exit_code, 0) << r.out;
  fs::path bash = prefix / "share/bash-completion/completions/kbuild";
  fs::path zsh = prefix / "share/zsh/vendor-completions/_kbuild";
  fs::path fish = prefix / "share/fish/vendor_completions.d/kbuild.fish";
  fs::path man = prefix / "share/man/man1/kbuild.1";
  for (const fs::path& p : {bash, zsh, fish, man}) EXPECT_TRUE(fs::is_regular_file(p)) << p;

  // bash: the function completes commands and a command's options.
  r = run_command({"bash", "-c",
                   "source " + bash.string() +
                       "; COMP_WORDS=(kbuild bu); COMP_CWORD=1; _kbuild; echo \"${COMPREPLY[*]}\";"
                       " COMP_WORDS=(kbuild build --rel); COMP_CWORD=2; _kbuild; echo \"${COMPREPLY[*]}\""});
  EXPECT_EQ(r.exit_code, 0) << r.out;
  EXPECT_EQ(r.out, "build\n--release\n");
  EXPECT_NE(read(zsh.lexically_relative(dir_)).find("#compdef kbuild"), std::string::npos);
  EXPECT_NE(read(fish.lexically_relative(dir_)).find("complete -c kbuild"), std::string::npos);

  // man renders the page without warnings.
  r = run_command({"sh", "-c", "MANWIDTH=80 man --warnings -l " + man.string() + " 2>&1 >/dev/null"});
  EXPECT_EQ(r.exit_code, 0) << r.out;
  EXPECT_EQ(r.out, "") << r.out;
}

// The commands `kbuild --help` lists, and the long options of a command's own "Options:" block.
std::vector<std::string> help_commands(const std::string& help) {
  std::vector<std::string> out;
  size_t at = help.find("Commands:\n");
  if (at == std::string::npos) return out;
  std::istringstream lines(help.substr(at + 10));
  std::string line;
  std::smatch m;
  while (std::getline(lines, line) && !line.empty())
    if (std::regex_search(line, m, std::regex("^  ([a-z]+) "))) out.push_back(m[1]);
  return out;
}
std::set<std::string> help_options(const std::string& help) {
  std::set<std::string> out;
  std::istringstream lines(help);
  std::string line;
  bool in_options = false;
  std::smatch m;
  while (std::getline(lines, line)) {
    if (line == "Options:") in_options = true;
    else if (line.empty()) in_options = false;
    else if (in_options && std::regex_search(line, m, std::regex("^  (?:-[a-zA-Z],)?--([a-z][a-z-]*)")) &&
             m[1] != "help")
      out.insert(m[1]);
  }
  return out;
}

// Every command and every option the CLI has is known to each completion and to the man page: a
// new option cannot be added without them.
TEST_F(Install, CompletionsAndManPageKnowEveryCommandAndOption) {
  fs::path build_tree = fs::path(KBUILD_BINARY).parent_path().parent_path();
  fs::path prefix = dir_ / "prefix";
  ProcessResult r = run_command({"cmake", "--install", build_tree.string(), "--prefix", prefix.string()});
  ASSERT_EQ(r.exit_code, 0) << r.out;
  std::string bash = (prefix / "share/bash-completion/completions/kbuild").string();
  std::string zsh = read((prefix / "share/zsh/vendor-completions/_kbuild").lexically_relative(dir_));
  std::string fish = read((prefix / "share/fish/vendor_completions.d/kbuild.fish").lexically_relative(dir_));
  std::string man = read((prefix / "share/man/man1/kbuild.1").lexically_relative(dir_));
  for (std::string* text : {&man}) {  // the page's escaped hyphens, as a reader sees them
    for (size_t at = text->find("\\-"); at != std::string::npos; at = text->find("\\-", at)) text->erase(at, 1);
  }
  std::vector<std::string> commands = help_commands(kbuild({"--help"}).out);
  ASSERT_GE(commands.size(), 10u);
  for (const std::string& command : commands) {
    SCOPED_TRACE(command);
    // bash: the command completes, and so does each of its options
    ProcessResult b = run_command({"bash", "-c",
                                   "source " + bash + "; COMP_WORDS=(kbuild " + command + " --); COMP_CWORD=2; _kbuild;"
                                   " echo \" ${COMPREPLY[*]} \"; COMP_WORDS=(kbuild " + command +
                                   "); COMP_CWORD=1; _kbuild; echo \" ${COMPREPLY[*]} \""});
    EXPECT_NE(b.out.find(" " + command + " "), std::string::npos) << "bash: " << b.out;
    EXPECT_NE(zsh.find("'" + command + ":"), std::string::npos) << "zsh";
    EXPECT_NE(fish.find("-a " + command + " "), std::string::npos) << "fish";
    size_t entry = man.find("\n.BR " + command + " ");
    if (entry == std::string::npos) entry = man.find("\n.B " + command + "\n");
    ASSERT_NE(entry, std::string::npos) << "man page";
    size_t entry_end = man.find("\n.TP", entry + 1);
    std::string man_entry = man.substr(entry, entry_end - entry);
    // zsh: the command's case, and the shared build options when it uses them
    size_t zcase = zsh.find("        " + command + ") _arguments");
    std::string zsh_case = zcase == std::string::npos ? "" : zsh.substr(zcase, zsh.find(";;", zcase) - zcase);
    if (zsh_case.find("$build_opts") != std::string::npos) zsh_case += zsh.substr(zsh.find("build_opts=("), 400);
    for (const std::string& option : help_options(kbuild({command, "--help"}).out)) {
      SCOPED_TRACE("--" + option);
      EXPECT_NE(b.out.find(" --" + option + " "), std::string::npos) << "bash: " << b.out;
      EXPECT_TRUE(std::regex_search(zsh_case, std::regex("--" + option + "[\\[}]"))) << "zsh: " << zsh_case;
      EXPECT_TRUE(std::regex_search(fish, std::regex("__fish_seen_subcommand_from[^\"]* " + command +
                                                     "[ \"][^\n]*-l " + option + "( |$)")))
          << "fish";
      EXPECT_NE(man_entry.find("--" + option), std::string::npos) << "man page: " << man_entry;
    }
  }
}

}  // namespace
}  // namespace kbuild::test
