// Time helpers shared by the unit tests: an instant from ISO text, and Europe/Warsaw (the zone
// most tests use: CET/CEST, so DST weeks and a 23- and 25-hour day are near at hand).
#pragma once
#include <doctest/doctest.h>

#include "core/civil_time.hpp"

namespace crm::test {

inline UtcMillis at(const char* iso) {
    auto t = parse_iso_utc(iso);
    REQUIRE_MESSAGE(t.has_value(), iso);
    return *t;
}

inline TimeZone warsaw() {
    auto z = TimeZone::from_posix("Europe/Warsaw", "CET-1CEST,M3.5.0,M10.5.0/3");
    REQUIRE(z.has_value());
    return *z;
}

}  // namespace crm::test
