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
//   kbuild-state 3                               (1: hashes from an older hash function;
//                                                 2: the same lines, paths not yet unique)
//   F <mtime_ns> <size> <hash> <path>            files, numbered from 0 in order, each once
//   O <command hash> <file#> <file#>:<hash> ...  an output (file#) and its inputs
//   D <hash> <mtime_ns> <size>                   compile_commands.json (optional)
// Hashes are hex. A backslash or newline in a path is written as "\\" or "\n".
// A file's number is its PathId when loaded, so a record unchanged since can be written back as
// the very line it was read from.

namespace {

constexpr PathId kNoPath = ~PathId{0};

size_t slot_of(std::string_view path, size_t mask) { return size_t(hash_bytes(path)) & mask; }

}  // namespace

bool PathTable::find(std::string_view path, PathId* id) const {
  if (slots_.empty()) return false;
  size_t mask = slots_.size() - 1;
  for (size_t i = slot_of(path, mask);; i = (i + 1) & mask) {
    PathId at = slots_[i];
    if (at == kNoPath) return false;
    if (views_[at] == path) {
      *id = at;
      return true;
    }
  }
}

void PathTable::grow() {
  std::vector<PathId> slots(std::max<size_t>(64, slots_.size() * 2), kNoPath);
  size_t mask = slots.size() - 1;
  for (PathId id = 0; id < views_.size(); ++id) {
    size_t i = slot_of(views_[id], mask);
    while (slots[i] != kNoPath) i = (i + 1) & mask;
    slots[i] = id;
  }
  slots_ = std::move(slots);
}

// `path` already lives where it will stay (the text, or owned_).
bool PathTable::add(std::string_view path, bool check_duplicate) {
  PathId existing;
  if (check_duplicate && find(path, &existing)) return false;
  views_.push_back(path);
  if ((views_.size() + 1) * 2 > slots_.size()) {
    grow();  // indexes views_ whole, the new path included
    return true;
  }
  size_t mask = slots_.size() - 1;
  size_t i = slot_of(path, mask);
  while (slots_[i] != kNoPath) i = (i + 1) & mask;
  slots_[i] = PathId(views_.size() - 1);
  return true;
}

PathId PathTable::intern(std::string_view path) {
  PathId id;
  if (find(path, &id)) return id;
  owned_.emplace_back(path);
  add(owned_.back(), false);
  return PathId(views_.size() - 1);
}

const std::string& PathTable::adopt_text(std::string text) {
  text_ = std::make_unique<const std::string>(std::move(text));
  return *text_;
}

bool PathTable::append_loaded(std::string_view view) {
  if (!add(view, true)) return false;
  ++loaded_;
  return true;
}

bool PathTable::append_loaded(std::string owned) {
  PathId existing;
  if (find(owned, &existing)) return false;
  owned_.push_back(std::move(owned));
  add(owned_.back(), false);
  ++loaded_;
  return true;
}

const FileRecord* BuildState::file(PathId id) const {
  return id < files.size() && files[id].stat.exists ? &files[id] : nullptr;
}

const FileRecord* BuildState::file(std::string_view path) const {
  PathId id;
  return paths.find(path, &id) ? file(id) : nullptr;
}

void BuildState::set_file(PathId id, FileStat stat, uint64_t hash) {
  if (files.size() <= id) files.resize(size_t(id) + 1);
  files[id] = FileRecord{stat, hash, {}};
  changed = true;
}

const OutputRecord* BuildState::output(std::string_view path) const {
  PathId id;
  if (!paths.find(path, &id)) return nullptr;
  auto it = outputs.find(id);
  return it != outputs.end() ? &it->second : nullptr;
}

void BuildState::set_output(std::string_view path, uint64_t command_hash,
                            std::vector<std::pair<PathId, uint64_t>> inputs) {
  outputs[paths.intern(path)] = OutputRecord{command_hash, std::move(inputs), {}};
  changed = true;
}

bool BuildState::erase_output(std::string_view path) {
  PathId id;
  if (!paths.find(path, &id) || outputs.erase(id) == 0) return false;
  changed = true;
  return true;
}

namespace {

constexpr std::string_view kMagic = "kbuild-state 3";

void append_escaped(std::string* out, std::string_view path) {
  for (char c : path) {
    if (c == '\\') *out += "\\\\";
    else if (c == '\n') *out += "\\n";
    else *out += c;
  }
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
  size_t pos = 0, line_no = 0;
  auto bad = [&] {
    *why = "bad line " + std::to_string(line_no);
    return false;
  };
  while (pos < text.size()) {
    size_t nl = text.find('\n', pos);
    if (nl == std::string_view::npos) {
      *why = "truncated";  // every line, the last included, ends in '\n'
      return false;
    }
    std::string_view whole = text.substr(pos, nl + 1 - pos);  // with its '\n'
    std::string_view line = whole.substr(0, whole.size() - 1);
    pos = nl + 1;
    ++line_no;
    if (line_no == 1) {
      if (line != kMagic) {
        *why = "unknown format";
        return false;
      }
      continue;
    }
    if (line.size() < 2 || line[1] != ' ') return bad();
    char kind = line[0];
    line.remove_prefix(2);
    if (kind == 'F') {
      FileRecord record;
      record.stat.exists = true;
      if (!take_number(&line, &record.stat.mtime_ns) || !take_number(&line, &record.stat.size) ||
          !take_number(&line, &record.hash, 16) || line.empty())
        return bad();
      bool added = line.find('\\') == std::string_view::npos
                       ? out->paths.append_loaded(line)
                       : out->paths.append_loaded(unescape_path(line));
      if (!added) return bad();  // the same path twice
      record.line = whole;
      out->files.push_back(record);
    } else if (kind == 'O') {
      OutputRecord record;
      size_t index = 0;
      if (!take_number(&line, &record.command_hash, 16) || !take_number(&line, &index) ||
          index >= out->paths.size() || out->outputs.count(PathId(index)))
        return bad();
      while (!line.empty()) {
        size_t input = 0;
        uint64_t hash = 0;
        size_t colon = line.find(':');
        if (colon == std::string_view::npos) return bad();
        std::string_view first = line.substr(0, colon);
        line.remove_prefix(colon + 1);
        if (!take_number(&first, &input) || !first.empty() || input >= out->paths.size() ||
            !take_number(&line, &hash, 16))
          return bad();
        record.inputs.emplace_back(PathId(input), hash);
      }
      record.line = whole;
      out->outputs.emplace(PathId(index), std::move(record));
    } else if (kind == 'D') {
      if (!take_number(&line, &out->compile_db_hash, 16) ||
          !take_number(&line, &out->compile_db_stat.mtime_ns) ||
          !take_number(&line, &out->compile_db_stat.size) || !line.empty())
        return bad();
      out->compile_db_stat.exists = true;
    } else {
      return bad();
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
  struct stat st;
  std::error_code ec;
  if (!std::filesystem::exists(std::filesystem::symlink_status(path, ec))) return;  // a first build
  if (!read_regular_file(path, kMaxStateBytes, &text, why, &st)) return;  // rebuild everything
  int64_t self_mtime_ns = int64_t(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec;
  // The table keeps the text: the paths and the records' lines are views into it.
  const std::string& kept = out->paths.adopt_text(std::move(text));
  if (!parse_state(kept, out, why)) {
    *out = BuildState();
    *why = path.filename().string() + " is " + *why;
    return;
  }
  // A file written in the same clock tick as the state may change again without its stat
  // changing ("racy" entries, as git calls them): never trust such a stat, re-hash instead
  // (and write the distrust back, should this build not look at the file).
  for (FileRecord& record : out->files) {
    if (record.stat.mtime_ns >= self_mtime_ns) {
      record.stat.mtime_ns = -1;
      record.line = {};
    }
  }
  if (out->compile_db_stat.mtime_ns >= self_mtime_ns) out->compile_db_stat.mtime_ns = -1;
}

namespace {

template <class T>
void append_number(std::string* out, T value, int base = 10) {
  char buf[24];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, value, base);
  out->append(buf, size_t(end - buf));
}

}  // namespace

bool save_build_state(const std::filesystem::path& path, const BuildState& state, std::string* err) {
  // Files are numbered in PathId order, keeping only those some output refers to. While no
  // loaded file is dropped, every loaded file keeps its number, and the loaded lines of
  // unchanged records are still true: they are copied as they are.
  std::vector<uint32_t> number(state.paths.size(), 0);  // 0: unused, else number + 1
  for (const auto& [output, record] : state.outputs) {
    number[output] = 1;
    for (const auto& input : record.inputs) number[input.first] = 1;
  }
  bool renumbered = false;
  uint32_t next = 0;
  for (PathId id = 0; id < number.size(); ++id) {
    if (number[id] == 0) {
      if (id < state.paths.loaded()) renumbered = true;
      continue;
    }
    number[id] = ++next;
  }

  std::string text;
  text.reserve(state.paths.size() * 100);
  text += kMagic;
  text += '\n';
  for (PathId id = 0; id < number.size(); ++id) {
    if (number[id] == 0) continue;
    const FileRecord* record = id < state.files.size() ? &state.files[id] : nullptr;
    if (record && !record->line.empty() && !renumbered) {
      text += record->line;
      continue;
    }
    // Unknown stat: an impossible mtime forces a re-hash next time.
    bool known = record && record->stat.exists;
    text += "F ";
    append_number(&text, known ? record->stat.mtime_ns : int64_t{-1});
    text += ' ';
    append_number(&text, known ? record->stat.size : int64_t{0});
    text += ' ';
    append_number(&text, known ? record->hash : uint64_t{0}, 16);
    text += ' ';
    append_escaped(&text, state.paths[id]);
    text += '\n';
  }
  for (const auto& [output, record] : state.outputs) {
    if (!record.line.empty() && !renumbered) {
      text += record.line;
      continue;
    }
    text += "O ";
    append_number(&text, record.command_hash, 16);
    text += ' ';
    append_number(&text, number[output] - 1);
    for (const auto& [input, hash] : record.inputs) {
      text += ' ';
      append_number(&text, number[input] - 1);
      text += ':';
      append_number(&text, hash, 16);
    }
    text += '\n';
  }
  if (state.compile_db_stat.exists) {
    text += "D ";
    append_number(&text, state.compile_db_hash, 16);
    text += ' ';
    append_number(&text, state.compile_db_stat.mtime_ns);
    text += ' ';
    append_number(&text, state.compile_db_stat.size);
    text += '\n';
  }
  return write_state_file(path, text, err);
}

}  // namespace kbuild
