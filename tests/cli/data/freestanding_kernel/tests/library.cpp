// Uses each header of kbuild's freestanding library in a booted kernel and checks the results at
// run time (values come through volatile globals, so the compiler cannot fold the checks away).
#include <kbuild/boot.h>
#include <kbuild/runtime.h>
#include <kbuild/test.h>

#include <algorithm>
#include <array>
#include <cassert>
#include <charconv>
#include <compare>
#include <concepts>
#include <coroutine>
#include <cstdlib>
#include <functional>
#include <iterator>
#include <memory>
#include <numeric>
#include <optional>
#include <ranges>
#include <source_location>
#include <span>
#include <string_view>
#include <tuple>
#include <utility>
#include <variant>
#if __cplusplus > 202002L
#include <expected>
#endif

int freestanding_sum_of_sorted(int* values, int count);  // src/every_header.cpp
extern "C" size_t freestanding_c_length(const char* text);  // src/c_side.c

namespace {

volatile int g_seed = 7;
int seed() { return g_seed; }

// A heap for std::function and std::unique_ptr: a bump allocator over a static buffer that
// counts what is freed.
alignas(64) unsigned char g_heap[64 * 1024];
size_t g_heap_used = 0;
unsigned g_allocations = 0, g_frees = 0;

}  // namespace

extern "C" void* kbuild_alloc(size_t size, size_t align) {
  size_t start = (g_heap_used + align - 1) & ~(align - 1);
  if (start + size > sizeof g_heap) return nullptr;
  g_heap_used = start + size;
  ++g_allocations;
  return g_heap + start;
}
extern "C" void kbuild_free(void*, size_t, size_t) { ++g_frees; }

namespace {

struct Version {
  int major, minor, patch;
  auto operator<=>(const Version&) const = default;
};

template <std::integral T> T twice(T v) { return v * 2; }
template <class T> concept Shape = requires(const T& s) { { s.area() } -> std::convertible_to<int>; };
struct Square {
  int side;
  int area() const { return side * side; }
};
template <Shape S> int total_area(std::span<const S> shapes) {
  int sum = 0;
  for (const S& s : shapes) sum += s.area();
  return sum;
}

struct Counted {
  static inline int alive = 0;
  int value;
  explicit Counted(int v) : value(v) { ++alive; }
  ~Counted() { --alive; }
};

std::tuple<int, char, std::string_view> parse_record() { return {seed() * 6, 'k', "build"}; }

unsigned where_called(std::source_location here = std::source_location::current()) { return here.line(); }

}  // namespace

KBUILD_TEST(defaulted_three_way_comparison) {
  Version a{1, seed(), 3}, b{1, seed(), 4}, c{2, 0, 0};
  KBUILD_ASSERT(a < b);
  KBUILD_ASSERT(b < c);
  KBUILD_ASSERT(a == (Version{1, 7, 3}));
  KBUILD_ASSERT((a <=> b) == std::strong_ordering::less);
  KBUILD_ASSERT((c <=> a) > 0);
  KBUILD_ASSERT(std::is_lt(seed() <=> 8));
  KBUILD_ASSERT((double(seed()) <=> 7.0) == std::partial_ordering::equivalent);
}

KBUILD_TEST(concepts_constrain_templates) {
  KBUILD_ASSERT_EQ(twice(seed()), 14);
  KBUILD_ASSERT_EQ(twice<unsigned char>(100), 200);
  static_assert(!std::integral<double> && std::floating_point<double>);
  static_assert(Shape<Square> && !Shape<int>);
  static_assert(std::regular<Version> && std::totally_ordered<Version>);
}

KBUILD_TEST(array_and_span) {
  std::array<int, 5> a{5, seed(), 1, 9, 3};
  KBUILD_ASSERT_EQ(a.size(), 5u);
  KBUILD_ASSERT_EQ(a[1], 7);
  KBUILD_ASSERT_EQ(a.back(), 3);
  std::span<int> s(a);
  KBUILD_ASSERT_EQ(s.size(), 5u);
  s[0] = 50;
  KBUILD_ASSERT_EQ(a[0], 50);  // a view, not a copy
  std::span<int, 2> mid = s.subspan<1, 2>();
  KBUILD_ASSERT_EQ(mid[0], 7);
  KBUILD_ASSERT_EQ(mid[1], 1);
  KBUILD_ASSERT_EQ(s.last(2)[0], 9);
  Square squares[] = {{2}, {seed()}};
  KBUILD_ASSERT_EQ(total_area(std::span<const Square>(squares)), 4 + 49);
  KBUILD_ASSERT_EQ(std::as_bytes(s).size(), 5 * sizeof(int));
  auto [x, y, z, u, v] = a;
  KBUILD_ASSERT_EQ(x + y + z + u + v, 50 + 7 + 1 + 9 + 3);
}

KBUILD_TEST(optional_holds_or_not) {
  std::optional<int> none;
  KBUILD_ASSERT(!none.has_value());
  KBUILD_ASSERT_EQ(none.value_or(-1), -1);
  std::optional<int> some = seed();
  KBUILD_ASSERT(some.has_value());
  KBUILD_ASSERT_EQ(*some, 7);
  int next = some.transform([](int v) { return v + 1; }).value();
  KBUILD_ASSERT_EQ(next, 8);
  KBUILD_ASSERT(!some.and_then([](int v) { return v > 10 ? std::optional<int>(v) : std::nullopt; }));
  {
    std::optional<Counted> c;
    c.emplace(seed());
    KBUILD_ASSERT_EQ(Counted::alive, 1);
    KBUILD_ASSERT_EQ(c->value, 7);
    c.reset();
    KBUILD_ASSERT_EQ(Counted::alive, 0);
    c.emplace(1);
  }
  KBUILD_ASSERT_EQ(Counted::alive, 0);  // destroyed with the optional
}

KBUILD_TEST(sort_and_friends) {
  std::array<int, 64> values{};
  unsigned x = unsigned(seed());
  for (int& v : values) {
    x = x * 1103515245u + 12345u;
    v = int((x >> 16) % 1000);
  }
  std::array<int, 64> copy = values;
  std::sort(values.begin(), values.end());
  KBUILD_ASSERT(std::is_sorted(values.begin(), values.end()));
  KBUILD_ASSERT(std::is_permutation(values.begin(), values.end(), copy.begin()));
  std::sort(copy.begin(), copy.end(), std::greater<>());
  KBUILD_ASSERT(std::equal(values.rbegin(), values.rend(), copy.begin()));
  KBUILD_ASSERT_EQ(*std::min_element(copy.begin(), copy.end()), values.front());
  KBUILD_ASSERT(std::binary_search(values.begin(), values.end(), values[17]));
  KBUILD_ASSERT_EQ(*std::lower_bound(values.begin(), values.end(), values[40]), values[40]);

  std::array<std::pair<int, int>, 6> pairs{{{3, 0}, {1, 1}, {3, 2}, {1, 3}, {2, 4}, {3, 5}}};
  std::stable_sort(pairs.begin(), pairs.end(), [](auto a, auto b) { return a.first < b.first; });
  KBUILD_ASSERT_EQ(pairs[0].second, 1);
  KBUILD_ASSERT_EQ(pairs[1].second, 3);
  KBUILD_ASSERT_EQ(pairs[3].second, 0);
  KBUILD_ASSERT_EQ(pairs[5].second, 5);

  int five[] = {4, seed(), 1, 3, 2};
  KBUILD_ASSERT_EQ(freestanding_sum_of_sorted(five, 5), 17);
  KBUILD_ASSERT_EQ(five[4], 7);
  KBUILD_ASSERT_EQ(std::count_if(std::begin(five), std::end(five), [](int v) { return v % 2 == 1; }), 3);
  std::reverse(std::begin(five), std::end(five));
  KBUILD_ASSERT_EQ(five[0], 7);
  int clamped = std::clamp(seed(), 0, 5);  // clamp returns a reference: keep a copy
  KBUILD_ASSERT_EQ(clamped, 5);
  KBUILD_ASSERT_EQ(std::max({1, seed(), 3}), 7);
}

KBUILD_TEST(numeric_algorithms) {
  std::array<int, 6> v{};
  std::iota(v.begin(), v.end(), seed());
  KBUILD_ASSERT_EQ(v[5], 12);
  KBUILD_ASSERT_EQ(std::accumulate(v.begin(), v.end(), 0), 7 + 8 + 9 + 10 + 11 + 12);
  KBUILD_ASSERT_EQ(std::gcd(seed() * 6, 18), 6);
  KBUILD_ASSERT_EQ(std::lcm(seed(), 4), 28);
  KBUILD_ASSERT_EQ(std::abs(-seed()), 7);
  KBUILD_ASSERT_EQ(std::div(seed(), 2).rem, 1);
}

KBUILD_TEST(string_view_searches) {
  using namespace std::literals;
  const char* text = "kbuild: boot a kernel";
  std::string_view sv(text);
  KBUILD_ASSERT_EQ(sv.size(), 21u);
  KBUILD_ASSERT_EQ(sv.find("boot"), 8u);
  KBUILD_ASSERT_EQ(sv.find('z'), std::string_view::npos);
  KBUILD_ASSERT(sv.substr(0, 6) == "kbuild");
  KBUILD_ASSERT(sv.starts_with("kb"sv) && sv.ends_with("kernel"));
  KBUILD_ASSERT_EQ(sv.rfind(' '), 14u);
  KBUILD_ASSERT(sv.substr(8, 4) < "bz"sv);
  KBUILD_ASSERT_EQ(sv.find_first_of(":!"), 6u);
}

KBUILD_TEST(tuples_and_structured_bindings) {
  auto [count, letter, word] = parse_record();
  KBUILD_ASSERT_EQ(count, 42);
  KBUILD_ASSERT_EQ(letter, 'k');
  KBUILD_ASSERT(word == "build");
  int a = 0;
  char b = 0;
  std::tie(a, b, std::ignore) = parse_record();
  KBUILD_ASSERT_EQ(a, 42);
  KBUILD_ASSERT_EQ(b, 'k');
  auto joined = std::tuple_cat(std::make_tuple(seed()), std::make_pair(1, 2));
  KBUILD_ASSERT_EQ(std::get<0>(joined) + std::get<1>(joined) + std::get<2>(joined), 10);
  KBUILD_ASSERT_EQ(std::apply([](int p, int q, int r) { return p * q * r; }, joined), 14);
  KBUILD_ASSERT(std::make_tuple(1, seed()) < std::make_tuple(1, 8));
}

KBUILD_TEST(function_on_the_kernel_heap) {
  unsigned allocations = g_allocations, frees = g_frees;
  int k = seed();
  std::function<int(int)> small = [k](int v) { return v * k; };
  KBUILD_ASSERT_EQ(small(3), 21);
  KBUILD_ASSERT_EQ(g_allocations, allocations);  // small callables live inline
  struct Big {
    long table[16];
    int operator()(int i) const { return int(table[i]); }
  };
  Big big{};
  for (int i = 0; i < 16; ++i) big.table[i] = i * seed();
  {
    std::function<int(int)> f = big;
    KBUILD_ASSERT_EQ(g_allocations, allocations + 1);
    KBUILD_ASSERT_EQ(f(3), 21);
    std::function<int(int)> g = f;  // a second copy on the heap
    f = small;
    KBUILD_ASSERT_EQ(f(2), 14);
    KBUILD_ASSERT_EQ(g(15), 105);
  }
  KBUILD_ASSERT_EQ(g_frees, frees + 2);
  std::function<int(int)> empty;
  KBUILD_ASSERT(!empty);
  KBUILD_ASSERT_EQ(std::invoke(std::plus<>(), 2, seed()), 9);
  KBUILD_ASSERT_EQ(std::bind_front(std::minus<>(), 10)(seed()), 3);
  KBUILD_ASSERT(std::not_fn([](int v) { return v == 7; })(8));
}

KBUILD_TEST(iterators_walk_ranges) {
  int values[] = {1, 2, 3, seed()};
  KBUILD_ASSERT_EQ(std::distance(std::begin(values), std::end(values)), 4);
  KBUILD_ASSERT_EQ(*std::next(std::begin(values), 3), 7);
  KBUILD_ASSERT_EQ(*std::prev(std::end(values)), 7);
  KBUILD_ASSERT_EQ(*std::rbegin(values), 7);
  std::reverse_iterator<int*> r(std::end(values));
  KBUILD_ASSERT_EQ(r[1], 3);
  static_assert(std::random_access_iterator<std::reverse_iterator<int*>>);
  static_assert(std::contiguous_iterator<const int*>);
  int moved[4];
  std::copy(std::make_move_iterator(std::begin(values)), std::make_move_iterator(std::end(values)), moved);
  KBUILD_ASSERT_EQ(moved[3], 7);
}

KBUILD_TEST(unique_ptr_owns_and_frees) {
  unsigned frees = g_frees;
  {
    std::unique_ptr<Counted> p = std::make_unique<Counted>(seed());
    KBUILD_ASSERT_EQ(Counted::alive, 1);
    KBUILD_ASSERT_EQ(p->value, 7);
    std::unique_ptr<Counted> q = std::move(p);
    KBUILD_ASSERT(!p);
    KBUILD_ASSERT_EQ(q->value, 7);
    auto numbers = std::make_unique<int[]>(8);
    numbers[7] = seed();
    KBUILD_ASSERT_EQ(numbers[7] + numbers[0], 7);
  }
  KBUILD_ASSERT_EQ(Counted::alive, 0);
  KBUILD_ASSERT_EQ(g_frees, frees + 2);
}

KBUILD_TEST(source_location_names_the_caller) {
  unsigned line = __LINE__ + 1;
  unsigned reported = where_called();
  KBUILD_ASSERT_EQ(reported, line);
  std::source_location here = std::source_location::current();
  KBUILD_ASSERT(std::string_view(here.file_name()).ends_with("tests/library.cpp"));
  KBUILD_ASSERT(std::string_view(here.function_name()).find("source_location_names_the_caller") != std::string_view::npos);
}

KBUILD_TEST(variant_holds_one_alternative) {
  std::variant<int, std::string_view, Counted> v = seed();
  KBUILD_ASSERT_EQ(v.index(), 0u);
  KBUILD_ASSERT(std::holds_alternative<int>(v));
  KBUILD_ASSERT_EQ(std::get<int>(v), 7);
  v = std::string_view("seven");
  KBUILD_ASSERT_EQ(v.index(), 1u);
  KBUILD_ASSERT(std::get_if<int>(&v) == nullptr);
  auto size_of = [](const auto& alt) -> int {
    if constexpr (std::is_same_v<std::decay_t<decltype(alt)>, std::string_view>) return int(alt.size());
    else if constexpr (std::is_same_v<std::decay_t<decltype(alt)>, Counted>) return alt.value;
    else return -1;
  };
  KBUILD_ASSERT_EQ(std::visit(size_of, v), 5);
  v.emplace<Counted>(seed() * 3);
  KBUILD_ASSERT_EQ(Counted::alive, 1);
  KBUILD_ASSERT_EQ(std::visit(size_of, v), 21);
  v = 1;  // destroys the Counted
  KBUILD_ASSERT_EQ(Counted::alive, 0);
  std::variant<int, char> a = 'x', b = seed();
  KBUILD_ASSERT_EQ(std::visit([](auto p, auto q) { return int(p) + int(q); }, a, b), 'x' + 7);
  KBUILD_ASSERT(b < a);  // index 0 orders before index 1
}

#if __cplusplus > 202002L
enum class ParseError { empty, not_a_digit };
std::expected<int, ParseError> parse_digit(std::string_view text) {
  if (text.empty()) return std::unexpected(ParseError::empty);
  if (text[0] < '0' || text[0] > '9') return std::unexpected(ParseError::not_a_digit);
  return text[0] - '0';
}

KBUILD_TEST(expected_carries_a_value_or_an_error) {
  auto seven = parse_digit("7");
  KBUILD_ASSERT(seven.has_value());
  KBUILD_ASSERT_EQ(*seven, 7);
  auto bad = parse_digit("x");
  KBUILD_ASSERT(!bad);
  KBUILD_ASSERT(bad.error() == ParseError::not_a_digit);
  KBUILD_ASSERT_EQ(bad.value_or(-1), -1);
  int doubled = seven.transform([](int v) { return v * 2; }).value();
  KBUILD_ASSERT_EQ(doubled, 14);
  auto chained = seven.and_then([](int v) { return parse_digit(v > 5 ? "" : "1"); });
  KBUILD_ASSERT(chained.error() == ParseError::empty);
  int code = bad.transform_error([](ParseError e) { return int(e) + 40; }).error();
  KBUILD_ASSERT_EQ(code, 41);
}
#endif

KBUILD_TEST(ranges_and_views_compose) {
  std::array<int, 8> a{5, 3, seed(), 1, 9, 2, 8, 4};
  int sum = 0;
  for (int v : a | std::views::filter([](int x) { return x % 2 == 1; }) |
                   std::views::transform([](int x) { return x * 10; }))
    sum += v;
  KBUILD_ASSERT_EQ(sum, (5 + 3 + 7 + 1 + 9) * 10);
  int firsts = 0;
  for (int v : std::views::iota(seed()) | std::views::take(3)) firsts += v;
  KBUILD_ASSERT_EQ(firsts, 7 + 8 + 9);
  int tail = 0;
  for (int v : a | std::views::drop(6)) tail += v;
  KBUILD_ASSERT_EQ(tail, 12);
  KBUILD_ASSERT_EQ(*std::ranges::begin(a | std::views::reverse), 4);
  std::ranges::sort(a);
  KBUILD_ASSERT(std::is_sorted(a.begin(), a.end()));
  KBUILD_ASSERT_EQ(std::ranges::count_if(a, [](int x) { return x > 4; }), 4);
  KBUILD_ASSERT_EQ(*std::ranges::max_element(a), 9);
  KBUILD_ASSERT_EQ(*std::ranges::find(a, seed()), 7);
  KBUILD_ASSERT_EQ(std::ranges::size(std::views::iota(0, seed())), 7u);
  static_assert(std::ranges::contiguous_range<std::array<int, 3>>);
  static_assert(std::ranges::view<decltype(std::views::iota(0, 3))>);
}

KBUILD_TEST(charconv_converts_integers) {
  char text[32];
  auto [end, ec] = std::to_chars(text, text + sizeof text, -seed() * 1000 - 1);
  KBUILD_ASSERT(ec == std::errc());
  KBUILD_ASSERT(std::string_view(text, size_t(end - text)) == "-7001");
  end = std::to_chars(text, text + sizeof text, 0xbeefu + unsigned(seed()), 16).ptr;
  KBUILD_ASSERT(std::string_view(text, size_t(end - text)) == "bef6");
  KBUILD_ASSERT(std::to_chars(text, text + 2, 1000).ec == std::errc::value_too_large);
  long parsed = 0;
  std::string_view input = "123456789012,rest";
  auto result = std::from_chars(input.data(), input.data() + input.size(), parsed);
  KBUILD_ASSERT(result.ec == std::errc());
  KBUILD_ASSERT_EQ(parsed, 123456789012l);
  KBUILD_ASSERT_EQ(*result.ptr, ',');
  unsigned char small = 0;
  KBUILD_ASSERT(std::from_chars(input.data(), input.data() + 4, small).ec == std::errc::result_out_of_range);
  KBUILD_ASSERT(std::from_chars(input.data(), input.data() + 3, small).ec == std::errc());
  KBUILD_ASSERT_EQ(small, 123);
}

// A generator (its frame comes from this kernel's heap, unless the compiler elides it).
struct Counter {
  struct promise_type {
    int current = 0;
    Counter get_return_object() { return Counter{std::coroutine_handle<promise_type>::from_promise(*this)}; }
    std::suspend_always initial_suspend() noexcept { return {}; }
    std::suspend_always final_suspend() noexcept { return {}; }
    std::suspend_always yield_value(int v) noexcept {
      current = v;
      return {};
    }
    void return_void() noexcept {}
    void unhandled_exception() noexcept {}
  };
  explicit Counter(std::coroutine_handle<promise_type> h) : handle(h) {}
  Counter(Counter&& o) noexcept : handle(std::exchange(o.handle, nullptr)) {}
  ~Counter() {
    if (handle) handle.destroy();
  }
  bool next() {
    handle.resume();
    return !handle.done();
  }
  std::coroutine_handle<promise_type> handle;
};
Counter count_up(int from, int n) {
  for (int i = 0; i < n; ++i) co_yield from + i;
}

KBUILD_TEST(coroutines_suspend_and_resume) {
  int sum = 0, steps = 0;
  {
    Counter c = count_up(seed(), 4);
    while (c.next()) {
      sum += c.handle.promise().current;
      ++steps;
    }
    KBUILD_ASSERT(c.handle.done());
  }
  KBUILD_ASSERT_EQ(steps, 4);
  KBUILD_ASSERT_EQ(sum, 7 + 8 + 9 + 10);
  std::noop_coroutine().resume();
}

KBUILD_TEST(assert_that_holds_does_nothing) {
  assert(seed() == 7);
  KBUILD_ASSERT_EQ(freestanding_c_length("kernel"), 6u);  // and in C
  KBUILD_ASSERT(true);
}

extern "C" void kernel_main(const kbuild_boot_info*) { kbuild::run_tests(); }
