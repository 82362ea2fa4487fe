// A flattened device tree reader (Devicetree Specification, chapter 5): the header, the
// memory reservation block and one walk of the structure block.
#include "fdt.h"

#include "a64.h"

namespace a64 {
namespace {

constexpr uint32_t kMagic = 0xd00dfeed;
constexpr uint32_t kBeginNode = 1, kEndNode = 2, kProp = 3, kNop = 4, kEnd = 9;
constexpr int kMaxDepth = 16;

bool same(const char* a, const char* b) {
  while (*a && *a == *b) ++a, ++b;
  return *a == *b;
}
// "memory@40000000" is named "memory": compare up to the unit address.
bool named(const char* node, const char* name) {
  while (*name && *node == *name) ++node, ++name;
  return *name == 0 && (*node == 0 || *node == '@');
}
// Whether a stringlist property holds `value`.
bool list_has(const uint8_t* value, uint32_t length, const char* wanted) {
  for (uint32_t at = 0; at < length;) {
    const char* s = reinterpret_cast<const char*>(value + at);
    if (same(s, wanted)) return true;
    while (at < length && value[at]) ++at;
    ++at;
  }
  return false;
}
uint64_t cells(const uint8_t* p, uint32_t count) {
  return count == 2 ? be64(p) : count == 1 ? be32(p) : 0;
}

void add(Range* list, int* count, uint64_t base, uint64_t size) {
  if (size == 0) return;
  if (*count == DeviceTree::kMaxRanges) fail("the device tree lists more than 64 memory ranges");
  list[(*count)++] = {base, base + size};
}

// Appends each (address, size) pair of a reg property.
void add_reg(const uint8_t* value, uint32_t length, uint32_t address_cells, uint32_t size_cells,
             Range* list, int* count) {
  uint32_t entry = 4 * (address_cells + size_cells);
  if (entry == 0 || address_cells > 2 || size_cells > 2) fail("the device tree's #address-cells or #size-cells is above 2");
  for (uint32_t at = 0; at + entry <= length; at += entry)
    add(list, count, cells(value + at, address_cells), cells(value + at + 4 * address_cells, size_cells));
}

}  // namespace

void read_device_tree(uint64_t address, DeviceTree* out) {
  *out = DeviceTree{};
  if (address == 0 || address % 8 != 0) Message().str("no device tree (x0 = ").hex(address).str(" at entry)").fail();
  const uint8_t* blob = phys<const uint8_t>(address);
  if (be32(blob) != kMagic)
    Message().str("no device tree at ").hex(address).str(" (magic ").hex(be32(blob)).str(", not 0xd00dfeed)").fail();
  uint32_t total = be32(blob + 4), off_struct = be32(blob + 8), off_strings = be32(blob + 12);
  uint32_t off_reserve = be32(blob + 16), size_struct = be32(blob + 36);
  if (off_struct >= total || off_strings >= total || off_reserve >= total || size_struct > total - off_struct)
    fail("the device tree's header is corrupt");
  out->address = address;
  out->size = total;

  for (const uint8_t* r = blob + off_reserve; r + 16 <= blob + total; r += 16) {
    uint64_t base = be64(r), size = be64(r + 8);
    if (base == 0 && size == 0) break;
    add(out->reserved, &out->reserved_count, base, size);
  }

  // One walk; each level remembers its #address-cells/#size-cells for its children's reg.
  uint32_t address_cells[kMaxDepth] = {2}, size_cells[kMaxDepth] = {1};
  const char* names[kMaxDepth] = {};
  bool is_memory[kMaxDepth] = {}, is_pl011[kMaxDepth] = {}, is_fw_cfg[kMaxDepth] = {};
  // A node's reg, used at its end: device_type and compatible may come after it.
  const uint8_t* reg[kMaxDepth] = {};
  uint32_t reg_length[kMaxDepth] = {};
  int depth = -1;
  const uint8_t* p = blob + off_struct;
  const uint8_t* end = p + size_struct;
  const char* strings = reinterpret_cast<const char*>(blob + off_strings);
  while (p + 4 <= end) {
    uint32_t token = be32(p);
    p += 4;
    if (token == kBeginNode) {
      if (++depth >= kMaxDepth) fail("the device tree is nested too deep");
      names[depth] = reinterpret_cast<const char*>(p);
      while (p < end && *p) ++p;
      p = blob + align_up(uint64_t(p + 1 - blob), 4);
      if (depth + 1 < kMaxDepth) {  // its children's cells, until it says otherwise
        address_cells[depth + 1] = 2;  // the defaults the specification gives
        size_cells[depth + 1] = 1;
      }
      is_memory[depth] = depth == 1 && named(names[1], "memory");
      is_pl011[depth] = is_fw_cfg[depth] = false;
      reg[depth] = nullptr;
    } else if (token == kEndNode) {
      if (depth < 0) fail("the device tree's structure is corrupt");
      if (const uint8_t* value = reg[depth]) {
        uint32_t length = reg_length[depth];
        if (is_memory[depth] && depth == 1) add_reg(value, length, address_cells[1], size_cells[1], out->memory, &out->memory_count);
        if (depth == 2 && named(names[1], "reserved-memory"))
          add_reg(value, length, address_cells[2], size_cells[2], out->reserved, &out->reserved_count);
        if (is_pl011[depth] && out->uart == 0 && length >= 4 * address_cells[depth])
          out->uart = cells(value, address_cells[depth]);
        if (is_fw_cfg[depth] && length >= 4 * address_cells[depth]) out->fw_cfg = cells(value, address_cells[depth]);
      }
      --depth;
    } else if (token == kProp) {
      if (p + 8 > end || depth < 0) fail("the device tree's structure is corrupt");
      uint32_t length = be32(p), name_offset = be32(p + 4);
      const uint8_t* value = p + 8;
      p = value + align_up(length, 4);
      if (p > end) fail("the device tree's structure is corrupt");
      const char* name = strings + name_offset;
      // A node's cells apply to its children: they live one level below.
      if (same(name, "#address-cells") && length == 4 && depth + 1 < kMaxDepth) address_cells[depth + 1] = be32(value);
      else if (same(name, "#size-cells") && length == 4 && depth + 1 < kMaxDepth) size_cells[depth + 1] = be32(value);
      else if (same(name, "device_type") && depth == 1 && list_has(value, length, "memory")) is_memory[1] = true;
      else if (same(name, "compatible") && list_has(value, length, "arm,pl011")) is_pl011[depth] = true;
      else if (same(name, "compatible") && list_has(value, length, "qemu,fw-cfg-mmio")) is_fw_cfg[depth] = true;
      else if (same(name, "reg")) {  // taken at the node's end, whatever order its properties come in
        reg[depth] = value;
        reg_length[depth] = length;
      } else if (depth == 1 && named(names[1], "chosen") && (length == 4 || length == 8)) {
        uint64_t v = length == 8 ? be64(value) : be32(value);
        if (same(name, "linux,initrd-start")) out->initrd_start = v;
        if (same(name, "linux,initrd-end")) out->initrd_end = v;
      }
    } else if (token == kNop) {
    } else if (token == kEnd) {
      break;
    } else {
      fail("the device tree's structure is corrupt");
    }
  }
  if (out->memory_count == 0) fail("the device tree has no /memory node");
}

}  // namespace a64
