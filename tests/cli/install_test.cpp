// `cmake --install` puts shell completion for bash, zsh and fish and the man page where those
// tools look, and each is valid for its reader.
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

}  // namespace
}  // namespace kbuild::test
