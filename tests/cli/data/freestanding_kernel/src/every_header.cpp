// Includes every header of kbuild's freestanding library that the current standard has (the C++20
// ones from c++20 on, <expected> with c++2b), so that `kbuild build` under each cxx-standard
// proves they compile with the kernel flags. Linked into every kernel of the project, test
// kernels included.
#include <algorithm>
#include <array>
#include <atomic>
#include <cassert>
#include <cfloat>
#include <charconv>
#include <climits>
#include <cstdarg>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <functional>
#include <initializer_list>
#include <iterator>
#include <limits>
#include <memory>
#include <new>
#include <numeric>
#include <optional>
#include <ratio>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <utility>
#include <variant>
#include <version>
#include <assert.h>
#include <string.h>
#if __cplusplus > 201703L
#include <bit>
#include <compare>
#include <concepts>
#include <coroutine>
#include <numbers>
#include <ranges>
#include <source_location>
#include <span>
#endif
#if __cplusplus > 202002L
#include <expected>
#endif

// A few uses the compiler checks, in every standard.
static_assert(std::is_same_v<std::common_type_t<int, long>, long>);
static_assert(std::tuple_size_v<std::tuple<int, char>> == 2);
static_assert(std::string_view("kernel").find('r') == 2);
// A start past the end finds nothing (and reads nothing: this is a constant expression).
static_assert(std::string_view("kernel").find("el", std::string_view::npos) == std::string_view::npos);
static_assert(std::string_view("kernel").find("", 6) == 6);
static_assert(std::ratio_add<std::ratio<1, 3>, std::ratio<1, 6>>::den == 2 && DBL_MANT_DIG == 53);
// Passed in registers like the int it holds.
static_assert(std::is_trivially_copyable_v<std::optional<int>>);
static_assert(!std::is_constructible_v<std::pair<int, int>, const char*, int>);
static_assert(std::hash<std::string_view>()("abc") == std::hash<std::string_view>()(std::string_view("xabc").substr(1)));
#if __cplusplus > 201703L
static_assert(std::three_way_comparable<std::string_view>);
static_assert(std::contiguous_iterator<std::span<int>::iterator>);
// Views that borrow: an algorithm on a temporary span gives an iterator, not ranges::dangling.
static_assert(std::ranges::view<std::span<int>> && std::ranges::borrowed_range<std::string_view>);
constexpr int third_of_reversed_doubles() {
  int values[] = {1, 2, 3, 4};
  auto doubled = std::views::transform(std::span<int>(values), [](int v) { return v * 2; });
  auto back = std::make_reverse_iterator(doubled.end());  // iterator_traits of a view's iterator
  return *std::ranges::find(std::span<int>(values), 3) * 100 + back[2];
}
static_assert(third_of_reversed_doubles() == 304);
#endif

// Something that must survive to the link: the test kernel calls it.
int freestanding_sum_of_sorted(int* values, int count) {
  std::sort(values, values + count);
  assert(std::is_sorted(values, values + count));
  return std::accumulate(values, values + count, 0);
}
