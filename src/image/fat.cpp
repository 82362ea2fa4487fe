#include "image/fat.h"

#include <algorithm>
#include <cstring>
#include <map>

namespace kbuild {

namespace {

constexpr uint64_t kSector = 512;
constexpr uint32_t kRootEntries = 512;  // FAT12/16: the fixed root directory, 32 sectors
constexpr uint64_t kDataAlignSectors = 8;  // the data area starts on a 4 KiB boundary
constexpr uint8_t kAttrDirectory = 0x10, kAttrArchive = 0x20;
constexpr uint8_t kMedia = 0xF8;  // fixed disk
constexpr uint16_t kDate = (0 << 9) | (1 << 5) | 1;  // 1980-01-01: images are the same for the same input

uint32_t fat_bits(FatType t) { return t == FatType::fat12 ? 12 : t == FatType::fat16 ? 16 : 32; }

// One directory of the tree the files make: its children in the order the paths name them.
struct Dir {
  std::string name;  // 8.3 form, 11 characters; empty for the root
  int parent = -1;
  std::vector<int> dirs;
  std::vector<size_t> files;
  uint32_t first_cluster = 0;
  uint64_t clusters = 0;
  size_t long_name_entries = 0;  // the VFAT entries before the files' short entries
  size_t entries() const { return (parent >= 0 ? 2 : 0) + dirs.size() + files.size() + long_name_entries; }
};

// A file's name: 8.3, and the long (VFAT) name when it does not fit 8.3 ("BOOTRISCV64.EFI").
struct Name {
  std::string short_name;  // 11 characters
  std::string long_name;   // empty when the short name is the name
};

constexpr uint8_t kAttrLongName = 0x0F;
constexpr size_t kLongNameChars = 13;  // UCS-2 characters in one VFAT entry
constexpr size_t kMaxLongName = 255;

struct [[gnu::packed]] LongNameEntry {
  uint8_t ord;  // 1-based; the last (first on disk) has 0x40 set
  uint16_t name1[5];
  uint8_t attr;  // kAttrLongName
  uint8_t type;
  uint8_t checksum;  // of the short name it belongs to
  uint16_t name2[6];
  uint16_t fst_clus_lo;
  uint16_t name3[2];
};
static_assert(sizeof(LongNameEntry) == 32);

bool valid_char(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || std::strchr("!#$%&'()-@^_`{}~", c);
}

// "BOOTX64.EFI" -> "BOOTX64 EFI".
bool short_name(const std::string& part, std::string* out) {
  size_t dot = part.find('.');
  std::string base = part.substr(0, dot), ext = dot == std::string::npos ? "" : part.substr(dot + 1);
  if (base.empty() || base.size() > 8 || ext.size() > 3 || ext.find('.') != std::string::npos) return false;
  for (char c : base + ext)
    if (!valid_char(c)) return false;
  *out = base + std::string(8 - base.size(), ' ') + ext + std::string(3 - ext.size(), ' ');
  return true;
}

size_t long_name_entries(const std::string& name) {
  return name.empty() ? 0 : (name.size() + kLongNameChars - 1) / kLongNameChars;
}

// A file name longer than 8.3 whose characters are still 8.3's (so the long name is the upper
// case one, as the UEFI removable-media paths are): its short alias BASE~N.EXT, N unique in `taken`.
bool alias_name(const std::string& part, const std::vector<std::string>& taken, std::string* out) {
  size_t dot = part.rfind('.');
  std::string base = part.substr(0, dot), ext = dot == std::string::npos ? "" : part.substr(dot + 1);
  if (base.empty() || part.size() > kMaxLongName || ext.size() > 3) return false;
  for (char c : base + ext)
    if (!valid_char(c)) return false;
  for (int n = 1; n < 10; ++n) {
    std::string stem = base.substr(0, 6) + "~" + std::to_string(n);
    std::string name = stem + std::string(8 - stem.size(), ' ') + ext + std::string(3 - ext.size(), ' ');
    if (std::find(taken.begin(), taken.end(), name) == taken.end()) {
      *out = name;
      return true;
    }
  }
  return false;
}

bool make_tree(const std::vector<FatFile>& files, std::vector<Dir>* dirs, std::vector<Name>* names,
               std::string* err) {
  dirs->assign(1, Dir{});
  names->clear();
  for (size_t f = 0; f < files.size(); ++f) {
    const std::string& path = files[f].path;
    std::vector<std::string> parts;
    size_t start = 1;
    bool ok = !path.empty() && path[0] == '\\';
    std::string last;
    while (ok && start <= path.size()) {
      size_t end = path.find('\\', start);
      if (end == std::string::npos) end = path.size();
      std::string name;
      last = path.substr(start, end - start);
      ok = short_name(last, &name) || (end == path.size() && !last.empty());
      parts.push_back(name);
      start = end + 1;
    }
    if (!ok) {
      *err = "'" + path + "' is not an absolute path of 8.3 upper-case names (a file's own name may be longer)";
      return false;
    }
    int dir = 0;
    for (size_t i = 0; i + 1 < parts.size(); ++i) {
      int found = -1;
      for (int child : (*dirs)[dir].dirs)
        if ((*dirs)[child].name == parts[i]) found = child;
      if (found < 0) {
        found = static_cast<int>(dirs->size());
        dirs->push_back(Dir{parts[i], dir, {}, {}, 0, 0});
        (*dirs)[dir].dirs.push_back(found);
      }
      dir = found;
    }
    Name name{parts.back(), {}};
    std::vector<std::string> taken;
    for (size_t other : (*dirs)[dir].files) {
      const Name& o = (*names)[other];
      if (o.short_name == name.short_name || (!o.long_name.empty() && o.long_name == last)) {
        *err = "'" + path + "' is named twice";
        return false;
      }
      taken.push_back(o.short_name);
    }
    if (name.short_name.empty()) {
      if (!alias_name(last, taken, &name.short_name)) {
        *err = "'" + path + "' is not an absolute path of 8.3 upper-case names (a file's own name may be longer)";
        return false;
      }
      name.long_name = last;
    }
    (*dirs)[dir].files.push_back(f);
    (*dirs)[dir].long_name_entries += long_name_entries(name.long_name);
    names->push_back(name);
  }
  return true;
}

uint64_t div_up(uint64_t a, uint64_t b) { return (a + b - 1) / b; }

struct Allocation {
  uint64_t end = 2;        // one past the last cluster given out
  uint64_t allocated = 0;  // clusters given out
};

// Assigns clusters: FAT32's root first, then the directories, then each file in order.
Allocation allocate(const FatGeometry& g, const std::vector<FatFile>& files, std::vector<Dir>* dirs,
                    std::vector<uint32_t>* file_clusters) {
  uint64_t next = 2, allocated = 0;
  for (size_t d = 0; d < dirs->size(); ++d) {
    Dir& dir = (*dirs)[d];
    if (d == 0 && g.type != FatType::fat32) continue;  // the fixed root directory
    dir.clusters = div_up(std::max<uint64_t>(dir.entries(), 1) * sizeof(FatDirEntry), g.cluster_bytes());
    dir.first_cluster = static_cast<uint32_t>(next);
    next += dir.clusters;
    allocated += dir.clusters;
  }
  file_clusters->clear();
  for (const FatFile& f : files) {
    uint64_t n = div_up(f.size, g.cluster_bytes());
    auto offset = [&](uint64_t c) { return (g.data_start_sector() + (c - 2) * g.sectors_per_cluster) * kSector; };
    if (n && f.align) {
      for (uint64_t tries = 0; offset(next) % f.align != 0 && tries < f.align / kSector; ++tries) ++next;
    }
    file_clusters->push_back(n ? static_cast<uint32_t>(next) : 0);
    next += n;
    allocated += n;
  }
  return {next, allocated};
}

void set_fat_entry(std::vector<uint8_t>& fat, FatType type, uint64_t cluster, uint32_t value) {
  if (type == FatType::fat12) {
    size_t at = cluster + cluster / 2;
    if (cluster & 1) {
      fat[at] = static_cast<uint8_t>((fat[at] & 0x0f) | ((value << 4) & 0xf0));
      fat[at + 1] = static_cast<uint8_t>(value >> 4);
    } else {
      fat[at] = static_cast<uint8_t>(value);
      fat[at + 1] = static_cast<uint8_t>((fat[at + 1] & 0xf0) | ((value >> 8) & 0x0f));
    }
  } else if (type == FatType::fat16) {
    uint16_t v = static_cast<uint16_t>(value);
    std::memcpy(&fat[cluster * 2], &v, 2);
  } else {
    std::memcpy(&fat[cluster * 4], &value, 4);
  }
}

FatDirEntry dir_entry(const std::string& name, uint8_t attr, uint32_t cluster, uint32_t size) {
  FatDirEntry e{};
  std::memcpy(e.name, name.data(), 11);
  e.attr = attr;
  e.crt_date = e.lst_acc_date = e.wrt_date = kDate;
  e.fst_clus_hi = static_cast<uint16_t>(cluster >> 16);
  e.fst_clus_lo = static_cast<uint16_t>(cluster);
  e.file_size = size;
  return e;
}

uint8_t short_name_checksum(const std::string& name) {
  uint8_t sum = 0;
  for (int i = 0; i < 11; ++i) sum = static_cast<uint8_t>(((sum & 1) << 7) + (sum >> 1) + uint8_t(name[i]));
  return sum;
}

// The VFAT entries of `name`, in on-disk order (the last part first).
std::vector<LongNameEntry> long_name(const Name& name) {
  size_t count = long_name_entries(name.long_name);
  std::vector<LongNameEntry> out;
  for (size_t n = count; n >= 1; --n) {
    LongNameEntry e{};
    e.ord = static_cast<uint8_t>(n | (n == count ? 0x40 : 0));
    e.attr = kAttrLongName;
    e.checksum = short_name_checksum(name.short_name);
    uint16_t chars[kLongNameChars];
    for (size_t i = 0; i < kLongNameChars; ++i) {
      size_t at = (n - 1) * kLongNameChars + i;
      chars[i] = at < name.long_name.size() ? uint8_t(name.long_name[at]) : at == name.long_name.size() ? 0 : 0xFFFF;
    }
    std::memcpy(e.name1, chars, sizeof(e.name1));
    std::memcpy(e.name2, chars + 5, sizeof(e.name2));
    std::memcpy(e.name3, chars + 11, sizeof(e.name3));
    out.push_back(e);
  }
  return out;
}

template <class T>
std::vector<uint8_t> bytes_of(const T& value) {
  std::vector<uint8_t> out(sizeof(T));
  std::memcpy(out.data(), &value, sizeof(T));
  return out;
}

void fill(char* field, size_t n, const char* text) {
  std::memset(field, ' ', n);
  std::memcpy(field, text, std::min(n, std::strlen(text)));
}

}  // namespace

const char* fat_type_name(FatType type) {
  return type == FatType::fat12 ? "FAT12" : type == FatType::fat16 ? "FAT16" : "FAT32";
}

FatType fat_type_for(uint64_t clusters) {
  return clusters <= kFat12MaxClusters ? FatType::fat12
         : clusters <= kFat16MaxClusters ? FatType::fat16
                                         : FatType::fat32;
}

bool fat_geometry(uint64_t total, FatGeometry* out, std::string* err) {
  uint32_t spc = 1;
  while (spc < 64 && total / spc > (uint64_t(1) << 20)) spc *= 2;
  // Each type has its own fixed overhead (reserved sectors, root directory); the one whose
  // cluster count calls for itself is the answer.
  for (FatType type : {FatType::fat12, FatType::fat16, FatType::fat32}) {
    FatGeometry g;
    g.type = type;
    g.total_sectors = total;
    g.sectors_per_cluster = spc;
    uint32_t base_reserved = type == FatType::fat32 ? 32 : 1;
    g.root_dir_sectors = type == FatType::fat32 ? 0 : kRootEntries * sizeof(FatDirEntry) / kSector;
    uint64_t fat = 1, clusters = 0;
    for (;;) {
      uint64_t unaligned = base_reserved + g.root_dir_sectors + 2 * fat;
      g.reserved_sectors = base_reserved + static_cast<uint32_t>((kDataAlignSectors - unaligned % kDataAlignSectors) %
                                                                 kDataAlignSectors);
      uint64_t fixed = g.reserved_sectors + g.root_dir_sectors + 2 * fat;
      if (fixed >= total) {
        clusters = 0;
        break;
      }
      clusters = (total - fixed) / spc;
      uint64_t need = div_up(div_up((clusters + 2) * fat_bits(type), 8), kSector);
      if (need <= fat) break;
      fat = need;
    }
    if (clusters == 0 || fat_type_for(clusters) != type) continue;
    if (type == FatType::fat32 && clusters > 0x0FFFFFF5 - 2) break;
    g.fat_sectors = static_cast<uint32_t>(fat);
    g.cluster_count = static_cast<uint32_t>(clusters);
    *out = g;
    return true;
  }
  *err = "no FAT file system fits in " + std::to_string(total) + " sectors";
  return false;
}

bool fat_clusters_needed(const FatGeometry& g, const std::vector<FatFile>& files, uint64_t* clusters,
                         std::string* err) {
  std::vector<Dir> dirs;
  std::vector<Name> names;
  std::vector<uint32_t> file_clusters;
  if (!make_tree(files, &dirs, &names, err)) return false;
  *clusters = allocate(g, files, &dirs, &file_clusters).end - 2;
  return true;
}

bool build_fat_volume(const FatGeometry& g, uint32_t hidden_sectors, uint32_t volume_id,
                      const std::vector<FatFile>& files, FatVolume* out, std::string* err) {
  std::vector<Dir> dirs;
  std::vector<Name> names;
  std::vector<uint32_t> file_clusters;
  if (!make_tree(files, &dirs, &names, err)) return false;
  Allocation allocation = allocate(g, files, &dirs, &file_clusters);
  uint64_t used = allocation.end - 2;  // the clusters up to the last one given out
  if (used > g.cluster_count) {
    *err = "the files take " + std::to_string(used) + " clusters; the " + fat_type_name(g.type) +
           " volume has " + std::to_string(g.cluster_count);
    return false;
  }
  for (const FatFile& f : files) {
    if (f.size > 0xFFFFFFFFu) {
      *err = "'" + f.path + "' is larger than a FAT file can be (4 GiB - 1)";
      return false;
    }
  }
  if (dirs[0].entries() > kRootEntries && g.type != FatType::fat32) {
    *err = "too many entries in the root directory";
    return false;
  }
  *out = FatVolume{};
  out->geometry = g;
  out->used_clusters = static_cast<uint32_t>(allocation.allocated);
  auto cluster_offset = [&](uint64_t cluster) {
    return (g.data_start_sector() + (cluster - 2) * g.sectors_per_cluster) * kSector;
  };

  // The boot sector (and on FAT32 its FSInfo and their backups at sectors 6 and 7).
  FatBiosParameterBlock bpb{};
  bpb.jmp_boot[0] = 0xEB;
  bpb.jmp_boot[1] = g.type == FatType::fat32 ? 0x58 : 0x3C;
  bpb.jmp_boot[2] = 0x90;
  std::memcpy(bpb.oem_name, "KBUILD  ", 8);
  bpb.bytes_per_sector = kSector;
  bpb.sectors_per_cluster = static_cast<uint8_t>(g.sectors_per_cluster);
  bpb.reserved_sector_count = static_cast<uint16_t>(g.reserved_sectors);
  bpb.num_fats = 2;
  bpb.root_entry_count = g.type == FatType::fat32 ? 0 : kRootEntries;
  if (g.total_sectors < 0x10000 && g.type != FatType::fat32)
    bpb.total_sectors_16 = static_cast<uint16_t>(g.total_sectors);
  else
    bpb.total_sectors_32 = static_cast<uint32_t>(g.total_sectors);
  bpb.media = kMedia;
  bpb.fat_size_16 = g.type == FatType::fat32 ? 0 : static_cast<uint16_t>(g.fat_sectors);
  bpb.sectors_per_track = 63;
  bpb.num_heads = 255;
  bpb.hidden_sectors = hidden_sectors;
  FatExtendedBootRecord ext{};
  ext.drive_number = 0x80;
  ext.boot_signature = 0x29;
  ext.volume_id = volume_id;
  fill(ext.volume_label, sizeof(ext.volume_label), "NO NAME");
  fill(ext.file_system_type, sizeof(ext.file_system_type), fat_type_name(g.type));
  // Boot code that gives the BIOS back the boot (INT 18h) should anything jump to it.
  const uint8_t give_up[] = {0xCD, 0x18, 0xF4, 0xEB, 0xFD};
  if (g.type == FatType::fat32) {
    Fat32BootSector bs{};
    bs.bpb = bpb;
    bs.fat32.fat_size_32 = g.fat_sectors;
    bs.fat32.root_cluster = dirs[0].first_cluster;
    bs.fat32.fs_info = 1;
    bs.fat32.backup_boot_sector = 6;
    bs.ext = ext;
    std::memcpy(bs.boot_code, give_up, sizeof(give_up));
    bs.signature = 0xAA55;
    FatFsInfo info{};
    info.lead_signature = 0x41615252;
    info.struct_signature = 0x61417272;
    info.free_count = static_cast<uint32_t>(g.cluster_count - allocation.allocated);
    info.next_free = static_cast<uint32_t>(allocation.end);
    info.trail_signature = 0xAA550000;
    for (uint64_t at : {uint64_t(0), uint64_t(6)}) {
      out->metadata.push_back({at * kSector, bytes_of(bs)});
      out->metadata.push_back({(at + 1) * kSector, bytes_of(info)});
    }
  } else {
    FatBootSector bs{};
    bs.bpb = bpb;
    bs.ext = ext;
    std::memcpy(bs.boot_code, give_up, sizeof(give_up));
    bs.signature = 0xAA55;
    out->metadata.push_back({0, bytes_of(bs)});
  }

  // The FAT: entries 0 and 1 reserved, then one chain per directory and file. Written twice,
  // only as far as it is used (the rest is free: zero).
  uint32_t bits = fat_bits(g.type);
  uint32_t end_of_chain = g.type == FatType::fat12 ? 0xFFF : g.type == FatType::fat16 ? 0xFFFF : 0x0FFFFFFF;
  std::vector<uint8_t> fat(div_up((used + 2) * bits, 8) + 1, 0);
  set_fat_entry(fat, g.type, 0, (end_of_chain & ~0xFFu) | kMedia);
  set_fat_entry(fat, g.type, 1, end_of_chain);
  auto chain = [&](uint64_t first, uint64_t count) {
    for (uint64_t c = first; c < first + count; ++c)
      set_fat_entry(fat, g.type, c, c + 1 == first + count ? end_of_chain : static_cast<uint32_t>(c + 1));
  };
  for (const Dir& d : dirs)
    if (d.first_cluster) chain(d.first_cluster, d.clusters);
  for (size_t f = 0; f < files.size(); ++f)
    if (file_clusters[f]) chain(file_clusters[f], div_up(files[f].size, g.cluster_bytes()));
  fat.resize(div_up((used + 2) * bits, 8));
  for (uint64_t copy = 0; copy < 2; ++copy)
    out->metadata.push_back({(g.reserved_sectors + copy * g.fat_sectors) * kSector, fat});

  // The directories.
  for (const Dir& d : dirs) {
    std::vector<uint8_t> bytes;
    auto add = [&](const auto& e) {
      std::vector<uint8_t> b = bytes_of(e);
      bytes.insert(bytes.end(), b.begin(), b.end());
    };
    if (d.parent >= 0) {
      add(dir_entry(".          ", kAttrDirectory, d.first_cluster, 0));
      // ".." of a directory in the root holds cluster 0, on FAT32 too.
      add(dir_entry("..         ", kAttrDirectory, d.parent == 0 ? 0 : dirs[d.parent].first_cluster, 0));
    }
    for (int child : d.dirs) add(dir_entry(dirs[child].name, kAttrDirectory, dirs[child].first_cluster, 0));
    for (size_t f : d.files) {
      for (const LongNameEntry& e : long_name(names[f])) add(e);
      add(dir_entry(names[f].short_name, kAttrArchive, file_clusters[f], static_cast<uint32_t>(files[f].size)));
    }
    if (bytes.empty()) continue;
    uint64_t at = d.first_cluster ? cluster_offset(d.first_cluster)
                                  : (g.reserved_sectors + 2ull * g.fat_sectors) * kSector;
    out->metadata.push_back({at, std::move(bytes)});
  }

  for (size_t f = 0; f < files.size(); ++f)
    out->file_offsets.push_back(file_clusters[f] ? cluster_offset(file_clusters[f]) : 0);
  return true;
}

}  // namespace kbuild
