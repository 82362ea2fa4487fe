// "did you mean ...?": the closest known name to a misspelt one.
#pragma once

#include <span>
#include <string>
#include <string_view>

namespace kbuild {

// Edit distance counting insertions, deletions, substitutions and swaps of neighbours as one
// edit each, since "soruces" is one slip of the fingers away from "sources".
size_t edit_distance(std::string_view a, std::string_view b);

// The candidate nearest to `word`, or "" when none is close enough to be a likely typo.
std::string closest_match(std::string_view word, std::span<const std::string_view> candidates);

}  // namespace kbuild
