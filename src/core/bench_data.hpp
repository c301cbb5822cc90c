// The data sets the benchmarks run on: N activities (1k, 10k, 100k, ...) with the accounts,
// contacts, opportunities and cases they are about, owned by 24 sales people in 4 teams.
// Realistic, not uniform: subjects of 20-70 characters and descriptions of 0-600 characters in
// English, Polish and Traditional Chinese (about 60/25/15), dates spread over two years around
// the anchor day (more in the recent past, a tail of future appointments), about half of the past
// ones completed, a few canceled, 8% standalone.
// Deterministic: the same spec gives byte-identical records (ids come from the seed, stamps from
// the anchor), so a native run and a browser run measure the same data.
#pragma once
#include <cstddef>
#include <cstdint>

#include "civil_time.hpp"
#include "store.hpp"

namespace crm {

struct BenchDataSpec {
    std::size_t activities = 1000;
    std::uint64_t seed = 7;
    LocalDate anchor{2026, 11, 2};  // "today" of the data set; a Monday
};

struct BenchDataCounts {
    std::size_t users = 0, teams = 0, accounts = 0, contacts = 0, opportunities = 0, cases = 0, activities = 0;
};

// Fills an empty store. The store's id generator is re-seeded from spec.seed.
BenchDataCounts seed_bench_data(Store& store, const BenchDataSpec& spec);

}  // namespace crm
