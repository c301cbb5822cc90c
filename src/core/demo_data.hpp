// The small, realistic data set a new user starts with: a few sales people in two teams, ten
// accounts with contacts, opportunities and cases, and about 150 activities of every type spread
// around "today" (some overdue, some due today, some next week, some done). Generated, not
// loaded from a file, so dates stay relative to the day the user first opens the app.
// Deterministic for a given seed; created through Store commands so every record is stamped.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "civil_time.hpp"
#include "store.hpp"

namespace crm {

struct DemoSeedReport {
    std::vector<std::string> user_ids;  // in the order the welcome dialog should offer them
    std::size_t activities = 0;
};

DemoSeedReport seed_demo_data(Store& store, const TimeZone& zone, UtcMillis now, std::uint64_t seed = 2026);

}  // namespace crm
