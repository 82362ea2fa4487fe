#include "fdt.h"

#include <kbuild/boot.h>

#include "boot_limits.h"
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
// "memory@40000000" is named "memory": compare up to the unit address.
bool named(const char* node, const char* base) {
  while (*base && *node == *base) ++node, ++base;
  return *base == '\0' && (*node == '\0' || *node == '@');
}
// Whether a stringlist property holds `wanted`.
bool has_string(const uint8_t* value, uint32_t length, const char* wanted) {
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
  uint32_t address_cells = 2, size_cells = 1;  // for the children, the specification's defaults
  enum Kind { other, memory, reserved_memory, reserved_child, chosen, cpus, cpu, psci_node } kind = other;
  bool device_type_memory = false, device_type_cpu = false, uart = false, fw_cfg = false;
  bool psci = false, mmu = false, disabled = false;
  const uint8_t* reg = nullptr;  // used at the node's end: its other properties may follow
  uint32_t reg_length = 0;
};

void add(Region* list, int* count, uint64_t base, uint64_t size, uint32_t type) {
  if (size == 0) return;
  if (*count == DeviceTreeFacts::kMaxRegions) fail("the device tree lists more than 64 memory regions");
  list[(*count)++] = {base, base + size, type};
}

void add_reg(const Node& node, const Node& parent, Region* list, int* count, uint32_t type) {
  uint32_t entry = 4 * (parent.address_cells + parent.size_cells);
  if (node.reg == nullptr || entry == 0) return;
  if (parent.address_cells > 2 || parent.size_cells > 2) fail("the device tree's #address-cells or #size-cells is above 2");
  for (uint32_t at = 0; at + entry <= node.reg_length; at += entry) {
    add(list, count, cells(node.reg + at, parent.address_cells),
        cells(node.reg + at + 4 * parent.address_cells, parent.size_cells), type);
  }
}

// The node's first address, when its reg has one.
bool first_address(const Node& node, const Node& parent, uint64_t* address) {
  if (!node.reg || parent.address_cells > 2 || node.reg_length < 4 * parent.address_cells) return false;
  *address = cells(node.reg, parent.address_cells);
  return true;
}

bool wanted_uart(const uint8_t* value, uint32_t length, const char* uart) {
  if (uart) return has_string(value, length, uart);
  return has_string(value, length, kUartPl011) || has_string(value, length, kUartNs16550a);
}

void end_node(const Node& node, const Node& parent, DeviceTreeFacts* facts) {
  if (node.kind == Node::memory || node.device_type_memory)
    add_reg(node, parent, facts->memory, &facts->memory_count, KBUILD_MEMORY_USABLE);
  if (node.kind == Node::reserved_child)
    add_reg(node, parent, facts->reserved, &facts->reserved_count, KBUILD_MEMORY_RESERVED);
  uint64_t address = 0;
  if (node.uart && facts->uart == 0 && first_address(node, parent, &address)) facts->uart = address;
  if (node.fw_cfg && facts->fw_cfg == 0 && first_address(node, parent, &address)) facts->fw_cfg = address;
  if (node.kind == Node::cpu && node.device_type_cpu && facts->cpu_count < DeviceTreeFacts::kMaxCpus &&
      first_address(node, parent, &address))
    facts->cpus[facts->cpu_count++] = {address, node.psci, node.mmu, node.disabled};
}

}  // namespace

void read_device_tree(uint64_t address, const char* uart, DeviceTreeFacts* facts) {
  *facts = DeviceTreeFacts{};
  const auto* blob = phys_ptr<const uint8_t>(address);
  if (address == 0 || address % 8 != 0 || be32(blob) != kMagic)
    Message().str("no device tree at ").hex(address).str(" (the firmware passes one at entry)").fail();
  uint32_t total = be32(blob + 4), structure = be32(blob + 8), strings = be32(blob + 12);
  uint32_t reservations = be32(blob + 16), structure_size = be32(blob + 36);
  if (structure >= total || strings >= total || reservations >= total || structure_size > total - structure)
    fail("the device tree's header is corrupt");
  facts->address = address;
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
      if (depth == 2 && named(name, "memory")) node.kind = Node::memory;
      if (depth == 2 && same(name, "reserved-memory")) node.kind = Node::reserved_memory;
      if (depth == 2 && named(name, "chosen")) node.kind = Node::chosen;
      if (depth == 2 && same(name, "cpus")) node.kind = Node::cpus;
      if (depth == 2 && same(name, "psci")) node.kind = Node::psci_node;
      if (depth == 3 && parent.kind == Node::reserved_memory) node.kind = Node::reserved_child;
      if (depth == 3 && parent.kind == Node::cpus && named(name, "cpu")) node.kind = Node::cpu;
      nodes[depth] = node;
    } else if (token == kEndNode) {
      if (depth < 1) fail("the device tree's structure is corrupt");
      end_node(nodes[depth], nodes[depth - 1], facts);
      --depth;
    } else if (token == kProp) {
      if (p + 8 > end) fail("the device tree's structure is corrupt");
      uint32_t length = be32(p), name_offset = be32(p + 4);
      const uint8_t* value = p + 8;
      p = value + align_up(length, 4);
      if (p > end) fail("the device tree's structure is corrupt");
      if (depth < 1) continue;
      const char* name = reinterpret_cast<const char*>(blob + strings + name_offset);
      Node& node = nodes[depth];
      if (same(name, "#address-cells") && length == 4) node.address_cells = be32(value);
      else if (same(name, "#size-cells") && length == 4) node.size_cells = be32(value);
      else if (same(name, "reg")) node.reg = value, node.reg_length = length;
      else if (same(name, "device_type")) {
        node.device_type_memory = depth == 2 && has_string(value, length, "memory");
        node.device_type_cpu = has_string(value, length, "cpu");
      } else if (same(name, "compatible")) {
        node.uart = wanted_uart(value, length, uart);
        node.fw_cfg = has_string(value, length, "qemu,fw-cfg-mmio");
      }
      else if (same(name, "enable-method")) node.psci = has_string(value, length, "psci");
      else if (same(name, "mmu-type")) node.mmu = true;
      else if (same(name, "status")) node.disabled = !has_string(value, length, "okay") && !has_string(value, length, "ok");
      else if (node.kind == Node::psci_node && same(name, "method")) {
        facts->has_psci = true;
        facts->psci_smc = has_string(value, length, "smc");
      } else if (node.kind == Node::cpus && same(name, "timebase-frequency") && (length == 4 || length == 8)) {
        facts->timebase_frequency = cells(value, length / 4);
      } else if (node.kind == Node::chosen && (length == 4 || length == 8)) {
        if (same(name, "linux,initrd-start")) facts->initrd_start = cells(value, length / 4);
        if (same(name, "linux,initrd-end")) facts->initrd_end = cells(value, length / 4);
        if (same(name, "boot-hartid")) facts->boot_hart = cells(value, length / 4), facts->has_boot_hart = true;
      }
    } else if (token == kNop) {
      continue;
    } else if (token == kEnd) {
      break;
    } else {
      fail("the device tree's structure is corrupt");
    }
  }
  if (facts->memory_count == 0) fail("the device tree has no /memory node");
}

void device_tree_memory_map(const DeviceTreeFacts& tree, uint64_t loader_start, uint64_t loader_end, MemoryMap* map) {
  static Region raw[2 * DeviceTreeFacts::kMaxRegions];
  int n = 0;
  for (int i = 0; i < tree.memory_count; ++i) raw[n++] = tree.memory[i];
  for (int i = 0; i < tree.reserved_count; ++i) raw[n++] = tree.reserved[i];
  map->build(raw, n);
  auto carve_if_ram = [map](uint64_t base, uint64_t end, uint32_t type) {
    map->carve(align_down(base, kPageSize), align_up(end, kPageSize), type);
  };
  carve_if_ram(loader_start, loader_end, KBUILD_MEMORY_BOOTLOADER);
  carve_if_ram(tree.initrd_start, tree.initrd_end, KBUILD_MEMORY_BOOTLOADER);
  carve_if_ram(tree.address, tree.address + tree.total_size, KBUILD_MEMORY_BOOT_INFO);
}

uint32_t device_tree_cpu_list(const DeviceTreeFacts& tree, uint64_t boot_id, bool (*usable)(const DeviceTreeCpu&),
                              uint64_t* hw_ids, uint32_t* boot) {
  uint32_t count = 0, skipped = 0;
  bool boot_listed = false;
  for (int i = 0; i < tree.cpu_count; ++i) {
    const DeviceTreeCpu& c = tree.cpus[i];
    bool is_boot = c.reg == boot_id;
    if (!is_boot && !usable(c)) continue;
    // Room kept for the boot CPU while it is still to come.
    if (count == kbuild_limits::kMaxCpus - (boot_listed || is_boot ? 0 : 1)) {
      ++skipped;
      continue;
    }
    if (is_boot) {
      boot_listed = true;
      *boot = count;
    }
    hw_ids[count++] = c.reg;
  }
  if (!boot_listed) {
    *boot = count;
    hw_ids[count++] = boot_id;
  }
  if (skipped != 0) {
    Message().str("kbuild boot: note: ").dec(skipped).str(" more CPUs than the ").dec(kbuild_limits::kMaxCpus)
        .str(" listed; they stay off").print();
  }
  return count;
}
