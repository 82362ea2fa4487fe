#include "build/build_state.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <cstring>

#include "core/fd_io.h"
#include "core/fs.h"
#include "core/unique_fd.h"

namespace kbuild {

// Format, one record per line, the path always last so it may hold spaces:
//   kbuild-state 2                               (1: hashes from an older hash function)
//   F <mtime_ns> <size> <hash> <path>            files, numbered from 0 in order
//   O <command hash> <file#> <file#>:<hash> ...  an output (file#) and its inputs
//   D <hash> <mtime_ns> <size>                   compile_commands.json (optional)
// Hashes are hex. A backslash or newline in a path is written as "\\" or "\n".
PathId PathTable::intern(std::string_view path) {
  for (; indexed_ < paths_.size(); ++indexed_) ids_.emplace(paths_[indexed_], static_cast<PathId>(indexed_));
  auto it = ids_.find(path);
  if (it != ids_.end()) return it->second;
  return append(std::string(path));
}

PathId PathTable::append(std::string path) {
  paths_.push_back(std::move(path));
  return static_cast<PathId>(paths_.size() - 1);
}

namespace {

constexpr std::string_view kMagic = "kbuild-state 2";

std::string escape_path(const std::string& path) {
  std::string out;
  out.reserve(path.size());
  for (char c : path) {
    if (c == '\\') out += "\\\\";
    else if (c == '\n') out += "\\n";
    else out += c;
  }
  return out;
}

std::string unescape_path(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\\' && i + 1 < text.size()) {
      out += text[i + 1] == 'n' ? '\n' : text[i + 1];
      ++i;
    } else {
      out += text[i];
    }
  }
  return out;
}

// Reads one space-terminated number from `*text` and advances past the space.
template <class T>
bool take_number(std::string_view* text, T* out, int base = 10) {
  auto [ptr, ec] = std::from_chars(text->data(), text->data() + text->size(), *out, base);
  if (ec != std::errc() || ptr == text->data()) return false;
  text->remove_prefix(size_t(ptr - text->data()));
  if (!text->empty()) {
    if (text->front() != ' ') return false;
    text->remove_prefix(1);
  }
  return true;
}

bool parse_state(std::string_view text, BuildState* out, std::string* why) {
  std::vector<PathId> paths;  // the file's numbering -> the table's
  size_t pos = 0, line_no = 0;
  while (pos < text.size()) {
    size_t nl = text.find('\n', pos);
    if (nl == std::string_view::npos) {
      *why = "truncated";  // every line, the last included, ends in '\n'
      return false;
    }
    std::string_view line = text.substr(pos, nl - pos);
    pos = nl + 1;
    ++line_no;
    if (line_no == 1) {
      if (line != kMagic) {
        *why = "unknown format";
        return false;
      }
      continue;
    }
    if (line.size() < 2 || line[1] != ' ') {
      *why = "bad line " + std::to_string(line_no);
      return false;
    }
    char kind = line[0];
    line.remove_prefix(2);
    if (kind == 'F') {
      FileRecord record;
      record.stat.exists = true;
      if (!take_number(&line, &record.stat.mtime_ns) || !take_number(&line, &record.stat.size) ||
          !take_number(&line, &record.hash, 16) || line.empty()) {
        *why = "bad line " + std::to_string(line_no);
        return false;
      }
      paths.push_back(out->paths.append(unescape_path(line)));
      out->files[out->paths[paths.back()]] = record;
    } else if (kind == 'O') {
      OutputRecord record;
      size_t index = 0;
      if (!take_number(&line, &record.command_hash, 16) || !take_number(&line, &index) ||
          index >= paths.size()) {
        *why = "bad line " + std::to_string(line_no);
        return false;
      }
      while (!line.empty()) {
        size_t input = 0;
        uint64_t hash = 0;
        size_t colon = line.find(':');
        if (colon == std::string_view::npos) {
          *why = "bad line " + std::to_string(line_no);
          return false;
        }
        std::string_view first = line.substr(0, colon);
        line.remove_prefix(colon + 1);
        if (!take_number(&first, &input) || !first.empty() || input >= paths.size() ||
            !take_number(&line, &hash, 16)) {
          *why = "bad line " + std::to_string(line_no);
          return false;
        }
        record.inputs.emplace_back(paths[input], hash);
      }
      out->outputs[out->paths[paths[index]]] = std::move(record);
    } else if (kind == 'D') {
      if (!take_number(&line, &out->compile_db_hash, 16) ||
          !take_number(&line, &out->compile_db_stat.mtime_ns) ||
          !take_number(&line, &out->compile_db_stat.size) || !line.empty()) {
        *why = "bad line " + std::to_string(line_no);
        return false;
      }
      out->compile_db_stat.exists = true;
    } else {
      *why = "bad line " + std::to_string(line_no);
      return false;
    }
  }
  if (line_no == 0) {
    *why = "empty";
    return false;
  }
  return true;
}

// Temporary file, then rename. Not AtomicFile: that one refuses to commit after Ctrl-C, and
// the state must be saved exactly then, so the compiles that did finish are not lost.
bool write_state_file(const std::filesystem::path& path, const std::string& text, std::string* err) {
  std::filesystem::path temp;
  auto fail = [&](const char* what) {
    *err = std::string("cannot ") + what + " " + temp.string() + ": " + std::strerror(errno);
    ::unlink(temp.c_str());
    return false;
  };
  std::error_code ec;
  std::filesystem::create_directories(path.parent_path(), ec);
  UniqueFd fd(create_temp_beside(path, &temp, err));
  if (!fd) return false;
  if (::fchmod(fd.get(), 0644) != 0) return fail("write");
  if (!write_all(fd.get(), text)) return fail("write");
  if (!fd.close()) return fail("write");
  if (::rename(temp.c_str(), path.c_str()) != 0) return fail("rename");
  return true;
}

}  // namespace

void load_build_state(const std::filesystem::path& path, BuildState* out, std::string* why) {
  *out = BuildState();
  why->clear();
  std::string text;
  FileStat self;
  struct stat st;
  std::error_code ec;
  if (!std::filesystem::exists(std::filesystem::symlink_status(path, ec))) return;  // a first build
  if (!read_regular_file(path, kMaxStateBytes, &text, why, &st)) return;  // rebuild everything
  self.exists = true;
  self.mtime_ns = int64_t(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec;
  self.size = int64_t(st.st_size);
  if (!parse_state(text, out, why)) {
    *out = BuildState();
    *why = path.filename().string() + " is " + *why;
    return;
  }
  // A file written in the same clock tick as the state may change again without its stat
  // changing ("racy" entries, as git calls them): never trust such a stat, re-hash instead.
  for (auto& [name, record] : out->files) {
    if (record.stat.mtime_ns >= self.mtime_ns) record.stat.mtime_ns = -1;
  }
  if (out->compile_db_stat.mtime_ns >= self.mtime_ns) out->compile_db_stat.mtime_ns = -1;
}

bool save_build_state(const std::filesystem::path& path, const BuildState& state, std::string* err) {
  std::unordered_map<std::string, size_t> index;
  std::string text(kMagic);
  text += '\n';
  auto file_index = [&](const std::string& name, size_t* out) {
    auto it = index.find(name);
    if (it != index.end()) {
      *out = it->second;
      return true;
    }
    auto record = state.files.find(name);
    FileRecord fallback;  // unknown stat: an impossible mtime forces a re-hash next time
    fallback.stat.mtime_ns = -1;
    const FileRecord& r = record != state.files.end() ? record->second : fallback;
    char buf[80];
    int n = std::snprintf(buf, sizeof buf, "F %lld %lld %llx ", (long long)r.stat.mtime_ns,
                          (long long)r.stat.size, (unsigned long long)r.hash);
    text.append(buf, size_t(n));
    text += escape_path(name);
    text += '\n';
    *out = index.size();
    index.emplace(name, *out);
    return true;
  };
  for (const auto& [output, record] : state.outputs) {
    std::string line;
    char buf[64];
    size_t out_index;
    file_index(output, &out_index);
    int n = std::snprintf(buf, sizeof buf, "O %llx %zu", (unsigned long long)record.command_hash,
                          out_index);
    line.append(buf, size_t(n));
    for (const auto& [input, hash] : record.inputs) {
      size_t in_index;
      file_index(state.paths[input], &in_index);
      n = std::snprintf(buf, sizeof buf, " %zu:%llx", in_index, (unsigned long long)hash);
      line.append(buf, size_t(n));
    }
    text += line;
    text += '\n';
  }
  if (state.compile_db_stat.exists) {
    char buf[80];
    int n = std::snprintf(buf, sizeof buf, "D %llx %lld %lld\n",
                          (unsigned long long)state.compile_db_hash,
                          (long long)state.compile_db_stat.mtime_ns,
                          (long long)state.compile_db_stat.size);
    text.append(buf, size_t(n));
  }
  return write_state_file(path, text, err);
}

}  // namespace kbuild
