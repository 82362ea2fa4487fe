// Checks the library's algorithms against simple reference implementations on many inputs, in a
// booted kernel: sorting and its relatives on random arrays of every shape, set operations and
// the copying algorithms, every string_view search on all short strings over two letters, and
// integer conversions in every base.
#include <kbuild/boot.h>
#include <kbuild/test.h>

#include <algorithm>
#include <charconv>
#include <limits>
#include <numeric>
#include <string_view>

namespace {

uint64_t g_state = 0x9e3779b97f4a7c15ull;
unsigned random_u32() {
  g_state ^= g_state << 13;
  g_state ^= g_state >> 7;
  g_state ^= g_state << 17;
  return unsigned(g_state);
}

bool ascending(const int* a, int n) {
  for (int i = 1; i < n; ++i)
    if (a[i - 1] > a[i]) return false;
  return true;
}

constexpr int kMax = 600;
int g_input[kMax], g_sorted[kMax], g_work[kMax];
struct Keyed {
  int key, order;
};
Keyed g_keyed[kMax];

// Fills g_input with one of four shapes: random (wide or three values), ascending, descending,
// or a short repeating pattern.
int make_input(int round) {
  int n = int(random_u32() % (round < 200 ? 40 : kMax));
  unsigned range = random_u32() % 4 == 0 ? 3 : 1000000;
  int shape = int(random_u32() % 4);
  for (int i = 0; i < n; ++i)
    g_input[i] = shape == 0 ? int(random_u32() % range) : shape == 1 ? i : shape == 2 ? n - i : i % 7;
  return n;
}

void copy_input(int n) { std::copy(g_input, g_input + n, g_work); }

}  // namespace

KBUILD_TEST(sorting_agrees_with_the_definition) {
  for (int round = 0; round < 400; ++round) {
    int n = make_input(round);
    std::copy(g_input, g_input + n, g_sorted);
    std::sort(g_sorted, g_sorted + n);
    KBUILD_ASSERT(ascending(g_sorted, n));
    KBUILD_ASSERT(std::is_permutation(g_sorted, g_sorted + n, g_input));

    for (int i = 0; i < n; ++i) g_keyed[i] = {g_input[i] % 10, i};
    std::stable_sort(g_keyed, g_keyed + n, [](Keyed a, Keyed b) { return a.key < b.key; });
    for (int i = 1; i < n; ++i) {
      KBUILD_ASSERT(g_keyed[i - 1].key <= g_keyed[i].key);
      if (g_keyed[i - 1].key == g_keyed[i].key) KBUILD_ASSERT_LT(g_keyed[i - 1].order, g_keyed[i].order);
    }
    if (n == 0) continue;
    int k = int(random_u32() % unsigned(n));

    copy_input(n);
    std::partial_sort(g_work, g_work + k, g_work + n);
    KBUILD_ASSERT(std::equal(g_work, g_work + k, g_sorted));
    copy_input(n);
    std::nth_element(g_work, g_work + k, g_work + n);
    KBUILD_ASSERT_EQ(g_work[k], g_sorted[k]);
    copy_input(n);
    std::make_heap(g_work, g_work + n);
    KBUILD_ASSERT(std::is_heap(g_work, g_work + n));
    std::sort_heap(g_work, g_work + n);
    KBUILD_ASSERT(ascending(g_work, n));

    copy_input(n);
    auto even = [](int v) { return v % 2 == 0; };
    int* middle = std::stable_partition(g_work, g_work + n, even);
    KBUILD_ASSERT(std::is_partitioned(g_work, g_work + n, even));
    KBUILD_ASSERT_EQ(middle - g_work, std::count_if(g_input, g_input + n, even));
    copy_input(n);
    std::sort(g_work, g_work + k);
    std::sort(g_work + k, g_work + n);
    std::inplace_merge(g_work, g_work + k, g_work + n);
    KBUILD_ASSERT(std::equal(g_work, g_work + n, g_sorted));

    copy_input(n);
    std::rotate(g_work, g_work + k, g_work + n);
    for (int i = 0; i < n; ++i) KBUILD_ASSERT_EQ(g_work[i], g_input[(i + k) % n]);

    int value = g_sorted[random_u32() % unsigned(n)];
    int* lower = std::lower_bound(g_sorted, g_sorted + n, value);
    int* upper = std::upper_bound(g_sorted, g_sorted + n, value);
    KBUILD_ASSERT_EQ(*lower, value);
    KBUILD_ASSERT_EQ(upper - lower, std::count(g_sorted, g_sorted + n, value));
    std::copy(g_sorted, g_sorted + n, g_work);
    int* end = std::unique(g_work, g_work + n);
    for (int* p = g_work + 1; p < end; ++p) KBUILD_ASSERT_NE(p[-1], p[0]);
  }
}

namespace {
int g_other[kMax], g_out[2 * kMax];
// How often v occurs in a sorted range.
int occurrences(const int* a, int n, int v) {
  return int(std::upper_bound(a, a + n, v) - std::lower_bound(a, a + n, v));
}
}  // namespace

KBUILD_TEST(set_operations_and_copies_agree_with_the_definition) {
  for (int round = 0; round < 300; ++round) {
    int n = make_input(round);
    std::copy(g_input, g_input + n, g_sorted);
    std::sort(g_sorted, g_sorted + n);
    int m = int(random_u32() % 60);
    for (int i = 0; i < m; ++i) g_other[i] = int(random_u32() % 20);
    std::sort(g_other, g_other + m);

    // As multisets: union takes the larger count, intersection the smaller, difference the excess.
    auto check = [&](int* end, auto expected_count) {
      int produced = int(end - g_out);
      if (!ascending(g_out, produced)) return false;
      int total = 0;
      for (int v = 0; v < 20; ++v) {
        int want = expected_count(occurrences(g_sorted, n, v), occurrences(g_other, m, v));
        if (occurrences(g_out, produced, v) != want) return false;
        total += want;
      }
      for (int i = 0; i < n; ++i)  // values of 20 and up come only from the first range
        if (g_sorted[i] >= 20 && (i == 0 || g_sorted[i - 1] != g_sorted[i]))
          total += expected_count(occurrences(g_sorted, n, g_sorted[i]), 0);
      return total == produced;
    };
    KBUILD_ASSERT(check(std::set_union(g_sorted, g_sorted + n, g_other, g_other + m, g_out),
                        [](int a, int b) { return a > b ? a : b; }));
    KBUILD_ASSERT(check(std::set_intersection(g_sorted, g_sorted + n, g_other, g_other + m, g_out),
                        [](int a, int b) { return a < b ? a : b; }));
    KBUILD_ASSERT(check(std::set_difference(g_sorted, g_sorted + n, g_other, g_other + m, g_out),
                        [](int a, int b) { return a > b ? a - b : 0; }));
    KBUILD_ASSERT(check(std::set_symmetric_difference(g_sorted, g_sorted + n, g_other, g_other + m, g_out),
                        [](int a, int b) { return a > b ? a - b : b - a; }));
    // The second range is included in the first when nothing of it is left after removing the first.
    int* leftover = std::set_difference(g_other, g_other + m, g_sorted, g_sorted + n, g_out);
    KBUILD_ASSERT_EQ(std::includes(g_sorted, g_sorted + n, g_other, g_other + m), leftover == g_out);

    int* unique_end = std::unique_copy(g_sorted, g_sorted + n, g_out);
    for (int* p = g_out + 1; p < unique_end; ++p) KBUILD_ASSERT_LT(p[-1], p[0]);
    auto odd = [](int v) { return v % 2 != 0; };
    auto [yes, no] = std::partition_copy(g_input, g_input + n, g_out, g_work, odd);
    KBUILD_ASSERT_EQ(yes - g_out, std::count_if(g_input, g_input + n, odd));
    KBUILD_ASSERT_EQ((yes - g_out) + (no - g_work), n);
    KBUILD_ASSERT(std::all_of(g_out, yes, odd) && std::none_of(g_work, no, odd));

    if (n == 0) continue;
    int k = int(random_u32() % unsigned(n + 1));
    copy_input(n);
    int* left_end = std::shift_left(g_work, g_work + n, k);
    KBUILD_ASSERT_EQ(left_end - g_work, n - k);
    KBUILD_ASSERT(std::equal(g_work, left_end, g_input + k));
    copy_input(n);
    int* right_start = std::shift_right(g_work, g_work + n, k);
    KBUILD_ASSERT_EQ(right_start - g_work, k == n ? n : k);
    KBUILD_ASSERT(std::equal(right_start, g_work + n, g_input));

    auto [lo, hi] = std::minmax_element(g_input, g_input + n);
    KBUILD_ASSERT_EQ(*lo, g_sorted[0]);
    KBUILD_ASSERT_EQ(*hi, g_sorted[n - 1]);
    KBUILD_ASSERT_EQ(lo - g_input, std::find(g_input, g_input + n, g_sorted[0]) - g_input);  // the first
    for (int* p = hi + 1; p < g_input + n; ++p) KBUILD_ASSERT_NE(*p, *hi);                  // the last
  }
}

namespace {
using sv = std::string_view;
size_t reference_find(sv h, sv n, size_t pos) {
  for (size_t i = pos; i <= h.size() && n.size() <= h.size() - i; ++i)
    if (h.compare(i, n.size(), n) == 0) return i;
  return sv::npos;
}
size_t reference_rfind(sv h, sv n, size_t pos) {
  size_t found = sv::npos;
  for (size_t i = 0; i <= h.size() && n.size() <= h.size() - i && i <= pos; ++i)
    if (h.compare(i, n.size(), n) == 0) found = i;
  return found;
}
bool contains_char(sv set, char c) { return set.find(c) != sv::npos; }
}  // namespace

KBUILD_TEST(string_view_searches_agree_with_the_definition) {
  char haystack[6], needle[3];
  for (int hl = 0; hl <= 6; ++hl)
    for (int hm = 0; hm < (1 << hl); ++hm) {
      for (int i = 0; i < hl; ++i) haystack[i] = (hm >> i) & 1 ? 'b' : 'a';
      sv h(haystack, size_t(hl));
      for (int nl = 0; nl <= 3; ++nl)
        for (int nm = 0; nm < (1 << nl); ++nm) {
          for (int i = 0; i < nl; ++i) needle[i] = (nm >> i) & 1 ? 'b' : 'a';
          sv n(needle, size_t(nl));
          for (size_t pos : {size_t(0), size_t(1), size_t(3), size_t(7), sv::npos}) {
            KBUILD_ASSERT_EQ(h.find(n, pos), reference_find(h, n, pos));
            KBUILD_ASSERT_EQ(h.rfind(n, pos), reference_rfind(h, n, pos));
            size_t first_of = sv::npos, first_not = sv::npos, last_of = sv::npos, last_not = sv::npos;
            for (size_t i = pos; i < h.size(); ++i) {
              if (first_of == sv::npos && contains_char(n, h[i])) first_of = i;
              if (first_not == sv::npos && !contains_char(n, h[i])) first_not = i;
            }
            for (size_t i = 0; i < h.size() && i <= pos; ++i) {
              if (contains_char(n, h[i])) last_of = i;
              else last_not = i;
            }
            KBUILD_ASSERT_EQ(h.find_first_of(n, pos), first_of);
            KBUILD_ASSERT_EQ(h.find_first_not_of(n, pos), first_not);
            KBUILD_ASSERT_EQ(h.find_last_of(n, pos), last_of);
            KBUILD_ASSERT_EQ(h.find_last_not_of(n, pos), last_not);
          }
        }
    }
}

namespace {
// Converts to text and back in `base`, and checks the buffer size that is just enough.
template <class T> bool round_trips(T value, int base) {
  char text[72];
  auto [end, ec] = std::to_chars(text, text + sizeof text, value, base);
  if (ec != std::errc()) return false;
  T back = 0;
  auto parsed = std::from_chars(text, end, back, base);
  if (parsed.ec != std::errc() || parsed.ptr != end || back != value) return false;
  if (std::to_chars(text, end, value, base).ec != std::errc()) return false;
  return std::to_chars(text, end - 1, value, base).ec == std::errc::value_too_large;
}
template <class T> bool all_bases_round_trip() {
  using L = std::numeric_limits<T>;
  for (int base = 2; base <= 36; ++base) {
    for (T v : {L::min(), L::max(), T(0), T(1), T(L::max() - 1), T(L::min() + 1)})
      if (!round_trips(v, base)) return false;
    for (int i = 0; i < 50; ++i)
      if (!round_trips(T(random_u32() * uint64_t(random_u32())), base)) return false;
  }
  return true;
}
}  // namespace

KBUILD_TEST(integer_conversions_round_trip_in_every_base) {
  KBUILD_ASSERT(all_bases_round_trip<signed char>());
  KBUILD_ASSERT(all_bases_round_trip<unsigned char>());
  KBUILD_ASSERT(all_bases_round_trip<short>());
  KBUILD_ASSERT(all_bases_round_trip<unsigned short>());
  KBUILD_ASSERT(all_bases_round_trip<int>());
  KBUILD_ASSERT(all_bases_round_trip<unsigned>());
  KBUILD_ASSERT(all_bases_round_trip<long>());
  KBUILD_ASSERT(all_bases_round_trip<unsigned long>());
  // One past each end is out of range, and leaves the value alone.
  signed char small = 5;
  for (std::string_view text : {"128", "-129"})
    KBUILD_ASSERT(std::from_chars(text.data(), text.data() + text.size(), small).ec == std::errc::result_out_of_range);
  KBUILD_ASSERT_EQ(small, 5);
  unsigned long big = 0;
  std::string_view over = "18446744073709551616";
  KBUILD_ASSERT(std::from_chars(over.data(), over.data() + over.size(), big).ec == std::errc::result_out_of_range);
}

extern "C" void kernel_main(const kbuild_boot_info*) { kbuild::run_tests(); }
