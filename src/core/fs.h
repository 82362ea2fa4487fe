// File helpers: whole-file reads and writes, and AtomicFile, the only way kbuild writes an
// output that users keep (images, compile_commands.json): into a temporary beside the target,
// renamed into place on commit(); removed on failure, on destruction and on Ctrl-C.
#pragma once

#include <cstdint>
#include <filesystem>
#include <span>
#include <string>
#include <vector>

namespace kbuild {

bool read_file(const std::filesystem::path& path, std::string* out, std::string* err);
bool read_file_bytes(const std::filesystem::path& path, std::vector<uint8_t>* out, std::string* err);
// Writes through an AtomicFile. Skips the write (and keeps the mtime) when the content is equal.
bool write_file_if_changed(const std::filesystem::path& path, std::string_view content, std::string* err);

class AtomicFile {
 public:
  AtomicFile() = default;
  ~AtomicFile();  // discards the temporary unless committed
  AtomicFile(const AtomicFile&) = delete;
  AtomicFile& operator=(const AtomicFile&) = delete;

  // Creates "<dir>/.<name>.tmp.<pid>.<n>" beside `target` (creating parent directories).
  bool open(const std::filesystem::path& target, std::string* err);
  bool write_at(uint64_t offset, std::span<const uint8_t> bytes, std::string* err);
  bool write_at(uint64_t offset, std::string_view bytes, std::string* err);
  // Sets the size; growing leaves a hole (sparse zeroes), which costs neither time nor disk.
  bool set_size(uint64_t size, std::string* err);
  // Optionally sets the file mode, then renames the temporary over the target.
  bool commit(std::string* err, int mode = 0644);
  void discard();
  int fd() const { return fd_; }

 private:
  int fd_ = -1;
  std::filesystem::path target_, temp_;
};

}  // namespace kbuild
