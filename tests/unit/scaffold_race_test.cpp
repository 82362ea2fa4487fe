// `kbuild new` while someone else creates files in the same place: nothing of theirs is
// overwritten, and nothing of ours is left half-placed.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/fs.h"
#include "scaffold/scaffold.h"

namespace kbuild {
namespace {
namespace fs = std::filesystem;

class ScaffoldRace : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("kbuild-scaffold-race-" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_ / "template/src");
    put(dir_ / "template/kernel.toml", "name = \"{{name}}\"\n");
    put(dir_ / "template/src/main.cpp", "// {{name}}\n");
  }
  void TearDown() override { fs::remove_all(dir_); }
  void put(const fs::path& path, std::string_view text) {
    std::string err;
    ASSERT_TRUE(write_file_if_changed(path, text, &err)) << err;
  }
  std::string read(const fs::path& path) {
    std::string text, err;
    EXPECT_TRUE(read_file(path, &text, &err)) << err;
    return text;
  }
  std::vector<std::string> names(const fs::path& dir) {
    std::vector<std::string> out;
    for (const auto& entry : fs::recursive_directory_iterator(dir))
      out.push_back(entry.path().lexically_relative(dir).string());
    std::sort(out.begin(), out.end());
    return out;
  }
  bool staging_left() {
    for (const auto& entry : fs::directory_iterator(dir_))
      if (entry.path().filename().string().find(".kbuild-new.") != std::string::npos) return true;
    return false;
  }
  fs::path dir_;
};

TEST_F(ScaffoldRace, AFileCreatedInTheEmptyTargetMeanwhileIsNeverOverwritten) {
  fs::create_directories(dir_ / "hello");
  std::vector<fs::path> created;
  std::string err;
  EXPECT_FALSE(scaffold_project(dir_ / "template", dir_ / "hello", "hello", &created, &err,
                                [&] { put(dir_ / "hello/kernel.toml", "mine\n"); }));
  EXPECT_NE(err.find("kernel.toml appeared while kbuild new ran; nothing was overwritten"),
            std::string::npos)
      << err;
  EXPECT_EQ(read(dir_ / "hello/kernel.toml"), "mine\n");
  EXPECT_EQ(names(dir_ / "hello"), std::vector<std::string>{"kernel.toml"});  // ours went back
  EXPECT_FALSE(staging_left());
  EXPECT_TRUE(created.empty());
}

TEST_F(ScaffoldRace, ATargetThatAppearsMeanwhileIsNeverReplaced) {
  std::vector<fs::path> created;
  std::string err;
  EXPECT_FALSE(scaffold_project(dir_ / "template", dir_ / "hello", "hello", &created, &err, [&] {
    fs::create_directories(dir_ / "hello");  // even an empty directory someone just made
  }));
  EXPECT_NE(err.find("appeared while kbuild new ran"), std::string::npos) << err;
  EXPECT_TRUE(fs::is_empty(dir_ / "hello"));
  EXPECT_FALSE(staging_left());
}

TEST_F(ScaffoldRace, TheProjectDirectoryGetsTheUsualMode) {
  std::vector<fs::path> created;
  std::string err;
  ASSERT_TRUE(scaffold_project(dir_ / "template", dir_ / "hello", "hello", &created, &err)) << err;
  mode_t mask = ::umask(0);
  ::umask(mask);
  struct stat st;
  ASSERT_EQ(::stat((dir_ / "hello").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0777 & ~mask);
  EXPECT_EQ(read(dir_ / "hello/src/main.cpp"), "// hello\n");
}

}  // namespace
}  // namespace kbuild
