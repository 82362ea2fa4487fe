// File helpers: whole-file reads and writes, and AtomicFile, the only way kbuild writes an
// output that users keep (images, compile_commands.json): into a temporary beside the target,
// renamed into place on commit(); removed on failure, on destruction and on Ctrl-C.
#pragma once

#include <sys/stat.h>

#include <cstdint>
#include <filesystem>
#include <span>
#include <string>
#include <vector>

namespace kbuild {

bool read_file(const std::filesystem::path& path, std::string* out, std::string* err);
// For inputs that must be small files (kernel.toml, the build state, depfiles): refuses anything
// but a regular file (a device, a FIFO, a directory: opening never blocks) and anything larger
// than `max_bytes`, with an error that names the file and says which. `st` gets its stat.
bool read_regular_file(const std::filesystem::path& path, uint64_t max_bytes, std::string* out,
                       std::string* err, struct stat* st = nullptr);
// "a character device", "a directory", ...: what a file of this mode is, for messages.
std::string describe_file_type(unsigned mode);
// Empty when `path` is a regular file this process can read; else why not, to follow its name:
// "does not exist", "cannot be read: Permission denied", "is not a regular file (a FIFO)". It is
// opened without blocking (a FIFO too) and fstat'ed; nothing is read or mapped.
std::string regular_file_problem(const std::filesystem::path& path);
bool read_file_bytes(const std::filesystem::path& path, std::vector<uint8_t>* out, std::string* err);
// Writes through an AtomicFile. Skips the write (and keeps the mtime) when the content is equal.
bool write_file_if_changed(const std::filesystem::path& path, std::string_view content, std::string* err);

// A whole file mapped read-only: large inputs (kernel ELFs) without a copy or a zero-fill.
class MappedFile {
 public:
  MappedFile() = default;
  ~MappedFile();
  MappedFile(const MappedFile&) = delete;
  MappedFile& operator=(const MappedFile&) = delete;

  bool open(const std::filesystem::path& path, std::string* err);
  std::span<const uint8_t> bytes() const { return {data_, size_}; }
  int fd() const { return fd_; }  // stays open, for copy_file_range

 private:
  int fd_ = -1;
  const uint8_t* data_ = nullptr;
  size_t size_ = 0;
};

// Copies `size` bytes at `in_offset` of `in_fd` to `out_offset` of `out_fd` inside the kernel
// (copy_file_range); false when the kernel cannot do it for these files (the caller then writes
// the bytes itself). Never leaves a partial copy unreported: a short copy is finished by pwrite
// from `fallback`, which must hold the same bytes.
bool copy_file_bytes(int in_fd, uint64_t in_offset, int out_fd, uint64_t out_offset,
                     std::span<const uint8_t> fallback, std::string* err);

// Where writing `target` must go: a symlink is followed to the file it names (also when that
// does not exist yet), so the link stays a link. Fails when what is there is not a regular file
// (a device, a directory, a FIFO): kbuild only ever writes files. The error names `target`.
bool resolve_output_path(const std::filesystem::path& target, std::filesystem::path* out,
                         std::string* err);

// The one place temporaries are made: creates "<dir>/.<name>.tmp.<pid>.<n>" beside `target`
// with O_EXCL and O_NOFOLLOW (a file or symlink planted at that name is never written through;
// the next n is tried), mode 0600. Returns the descriptor, or -1 with *err.
int create_temp_beside(const std::filesystem::path& target, std::filesystem::path* temp,
                       std::string* err);
// Removes, from `dir` (not below it), temporaries of create_temp_beside whose kbuild is no
// longer running: what a kbuild killed with SIGKILL left behind.
void remove_stale_temps(const std::filesystem::path& dir);

class AtomicFile {
 public:
  AtomicFile() = default;
  ~AtomicFile();  // discards the temporary unless committed
  AtomicFile(const AtomicFile&) = delete;
  AtomicFile& operator=(const AtomicFile&) = delete;

  // Creates "<dir>/.<name>.tmp.<pid>.<n>" beside `target` (creating parent directories). A
  // symlink at `target` is followed (see resolve_output_path); anything but a regular file there
  // is refused.
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
