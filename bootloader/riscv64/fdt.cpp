#include "fdt.h"

#include <kbuild/boot.h>

#include "console.h"
#include "lib.h"

namespace {

constexpr uint32_t kMagic = 0xd00dfeed;
constexpr uint32_t kBeginNode = 1, kEndNode = 2, kProp = 3, kNop = 4, kEnd = 9;
constexpr int kMaxDepth = 16;

uint32_t be32(const uint8_t* p) {
  return uint32_t(p[0]) << 24 | uint32_t(p[1]) << 16 | uint32_t(p[2]) << 8 | p[3];
}
uint64_t cells(const uint8_t* p, uint32_t count) {
  uint64_t value = 0;
  for (uint32_t i = 0; i < count; ++i) value = value << 32 | be32(p + 4 * i);
  return value;
}

bool same(const char* a, const char* b) {
  while (*a && *a == *b) ++a, ++b;
  return *a == *b;
}
bool starts_with_node(const char* name, const char* base) {  // "memory" or "memory@..."
  while (*base && *name == *base) ++name, ++base;
  return *base == '\0' && (*name == '\0' || *name == '@');
}
bool has_string(const uint8_t* value, uint32_t length, const char* wanted) {  // a string list
  uint32_t at = 0;
  while (at < length) {
    const char* s = reinterpret_cast<const char*>(value + at);
    if (same(s, wanted)) return true;
    while (at < length && value[at]) ++at;
    ++at;
  }
  return false;
}

struct Node {
  uint32_t address_cells = 2, size_cells = 1;  // for the children, as the specification's defaults
  enum Kind { other, memory, reserved_memory, reserved_child, chosen } kind = other;
  bool device_type_memory = false, uart = false;
  const uint8_t* reg = nullptr;
  uint32_t reg_length = 0;
};

void add(Region* list, int* count, uint64_t base, uint64_t size, uint32_t type) {
  if (size == 0) return;
  if (*count == DeviceTreeFacts::kMaxRegions) fail("the device tree lists too many memory regions");
  list[(*count)++] = {base, base + size, type};
}

void add_reg(const Node& node, const Node& parent, Region* list, int* count, uint32_t type) {
  uint32_t entry = 4 * (parent.address_cells + parent.size_cells);
  if (node.reg == nullptr || entry == 0 || parent.address_cells > 2 || parent.size_cells > 2) return;
  for (uint32_t at = 0; at + entry <= node.reg_length; at += entry) {
    add(list, count, cells(node.reg + at, parent.address_cells),
        cells(node.reg + at + 4 * parent.address_cells, parent.size_cells), type);
  }
}

}  // namespace

void read_device_tree(uint64_t address, DeviceTreeFacts* facts) {
  const auto* blob = phys_ptr<const uint8_t>(address);
  if (address == 0 || address % 8 != 0 || be32(blob) != kMagic) {
    Message().str("no device tree at a1 = ").hex(address).str(" (OpenSBI passes one)").fail();
  }
  uint32_t total = be32(blob + 4), structure = be32(blob + 8), strings = be32(blob + 12);
  uint32_t reservations = be32(blob + 16), structure_size = be32(blob + 36);
  if (structure >= total || strings >= total || reservations >= total || structure_size > total - structure)
    fail("the device tree's header is corrupt");
  facts->total_size = total;
  for (const uint8_t* p = blob + reservations; p + 16 <= blob + total; p += 16) {
    uint64_t base = cells(p, 2), size = cells(p + 8, 2);
    if (base == 0 && size == 0) break;
    add(facts->reserved, &facts->reserved_count, base, size, KBUILD_MEMORY_RESERVED);
  }

  Node nodes[kMaxDepth + 1];
  int depth = 0;  // nodes[depth] is the open node; nodes[0] stands above the root
  const uint8_t* p = blob + structure;
  const uint8_t* end = p + structure_size;
  while (p + 4 <= end) {
    uint32_t token = be32(p);
    p += 4;
    if (token == kBeginNode) {
      const char* name = reinterpret_cast<const char*>(p);
      uint32_t length = 0;
      while (p + length < end && p[length]) ++length;
      p += align_up(length + 1, 4);
      if (++depth > kMaxDepth) fail("the device tree nests too deeply");
      Node node;
      const Node& parent = nodes[depth - 1];
      if (depth == 2 && starts_with_node(name, "memory")) node.kind = Node::memory;
      if (depth == 2 && same(name, "reserved-memory")) node.kind = Node::reserved_memory;
      if (depth == 2 && (same(name, "chosen") || starts_with_node(name, "chosen"))) node.kind = Node::chosen;
      if (depth == 3 && parent.kind == Node::reserved_memory) node.kind = Node::reserved_child;
      nodes[depth] = node;
    } else if (token == kEndNode) {
      if (depth < 1) fail("the device tree's structure is malformed");
      const Node& node = nodes[depth];
      const Node& parent = nodes[depth - 1];
      if (node.kind == Node::memory || node.device_type_memory)
        add_reg(node, parent, facts->memory, &facts->memory_count, KBUILD_MEMORY_USABLE);
      if (node.kind == Node::reserved_child)
        add_reg(node, parent, facts->reserved, &facts->reserved_count, KBUILD_MEMORY_RESERVED);
      if (node.uart && facts->uart == 0 && node.reg && parent.address_cells <= 2 &&
          node.reg_length >= 4 * parent.address_cells)
        facts->uart = cells(node.reg, parent.address_cells);
      --depth;
    } else if (token == kProp) {
      if (p + 8 > end) break;
      uint32_t length = be32(p), name_offset = be32(p + 4);
      const uint8_t* value = p + 8;
      p = value + align_up(length, 4);
      if (depth < 1) continue;
      const char* name = reinterpret_cast<const char*>(blob + strings + name_offset);
      Node& node = nodes[depth];
      if (same(name, "#address-cells") && length == 4) node.address_cells = be32(value);
      else if (same(name, "#size-cells") && length == 4) node.size_cells = be32(value);
      else if (same(name, "reg")) node.reg = value, node.reg_length = length;
      else if (same(name, "device_type")) node.device_type_memory = has_string(value, length, "memory");
      else if (same(name, "compatible")) node.uart = has_string(value, length, "ns16550a");
      else if (node.kind == Node::chosen && (length == 4 || length == 8)) {
        if (same(name, "linux,initrd-start")) facts->initrd_start = cells(value, length / 4);
        if (same(name, "linux,initrd-end")) facts->initrd_end = cells(value, length / 4);
        if (same(name, "boot-hartid")) facts->boot_hart = cells(value, length / 4), facts->has_boot_hart = true;
      }
    } else if (token == kNop) {
      continue;
    } else if (token == kEnd) {
      return;
    } else {
      fail("the device tree's structure is malformed");
    }
  }
}
