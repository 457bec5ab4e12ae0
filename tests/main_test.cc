// The unit tests' main: Catch2's own, in either major version (tests/catch.h).
#ifndef ASTRID_ABI_CATCH2_MAJOR
#error "ASTRID_ABI_CATCH2_MAJOR is not defined: tests/CMakeLists.txt gives it, from the Catch2 CMake found"
#endif
#if ASTRID_ABI_CATCH2_MAJOR >= 3
#include <catch2/catch_session.hpp>

int main(int argc, char* argv[]) { return Catch::Session().run(argc, argv); }
#else
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>
#endif
