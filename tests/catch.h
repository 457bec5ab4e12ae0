// Catch2, whichever major version the build found (CMakeLists.txt: v3
// first, as Debian 13 ships it, else v2, as Debian 12 does). The tests use
// only what both have, plus ContainsSubstring, v3's name for v2's string
// Contains, given to v2 here. The version comes from CMake, not from
// __has_include, so that a machine with both installed cannot compile
// against one and link the other.
#pragma once

#ifndef ASTRID_ABI_CATCH2_MAJOR
#error "ASTRID_ABI_CATCH2_MAJOR is not defined: tests/CMakeLists.txt gives it, from the Catch2 CMake found"
#endif

#if ASTRID_ABI_CATCH2_MAJOR >= 3
#include <catch2/catch_test_macros.hpp>
#include <catch2/matchers/catch_matchers_string.hpp>
#else
#include <catch2/catch.hpp>

#include <string>

namespace Catch::Matchers {
inline auto ContainsSubstring(const std::string& text, CaseSensitive::Choice cs = CaseSensitive::Yes) {
  return Contains(text, cs);
}
}  // namespace Catch::Matchers
#endif
