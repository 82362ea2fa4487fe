// Declarations several of kbuild's freestanding headers share, so that each can specialise them
// without including the others: std::hash, and (C++20) ranges::enable_borrowed_range and
// ranges::enable_view. Not a standard header; include the standard ones.
#pragma once
#include <stddef.h>
#include <stdint.h>
#include <type_traits>

namespace std {

template <class T, class = void> struct hash;
namespace kbuild_detail {
// FNV-1a, the hash behind std::hash: every input byte changes the whole result.
inline constexpr uint64_t fnv1a_basis = 0xcbf29ce484222325ull;
constexpr uint64_t fnv1a_step(uint64_t h, unsigned char byte) noexcept { return (h ^ byte) * 0x100000001b3ull; }
}  // namespace kbuild_detail

#if __cplusplus > 201703L
namespace ranges {
template <class T> inline constexpr bool enable_borrowed_range = false;
struct view_base {};
template <class D> class view_interface;
namespace kbuild_detail {
template <class T, class U> void derived_from_view_interface(const T&, const view_interface<U>&);
template <class T> concept is_view_interface = requires(const T& t) { derived_from_view_interface(t, t); };
}  // namespace kbuild_detail
template <class T>
inline constexpr bool enable_view = (__is_base_of(view_base, T) && __is_convertible_to(const volatile T*, const volatile view_base*)) ||
                                    kbuild_detail::is_view_interface<T>;
}  // namespace ranges
#endif

}  // namespace std
