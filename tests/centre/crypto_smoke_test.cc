#include <catch2/catch.hpp>
// Placeholder until the crypto and centre suites land; keeps the binary buildable.
TEST_CASE("centre test binary builds") { CHECK(true); }
